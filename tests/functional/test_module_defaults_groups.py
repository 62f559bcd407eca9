# -*- coding: utf-8 -*-
"""Which module_defaults groups reach this collection's modules, as README.md says, through ansible-playbook.

meta/runtime.yml puts every module in the action group aws of this collection, and that group
extends amazon.aws.aws: group/cognito.user_pool.aws reaches this collection's modules and
amazon.aws's. The groups group/aws (ansible-core's name for the AWS collections' groups) and
group/amazon.aws.aws reach amazon.aws's modules but not this collection's: extend_group takes
another group's actions into one's own group, it does not add one's actions to the other group.

The value a group sets here is a required option (``user_pool_id``, ``resource``), so a module
the group does not reach fails on its arguments, before any call. One play holds every case,
each group in blocks of its own, so that one ansible-playbook run shows them all.
"""

from __future__ import annotations

import pytest

from functional_harness.moto_server import FAKE_CREDENTIALS

# Every leg: what these show rests on ansible-core itself (Makefile, FUNCTIONAL_LEG).
pytestmark = pytest.mark.each_leg

OWN_GROUP = "group/cognito.user_pool.aws"
FOREIGN_GROUPS = ["group/aws", "group/amazon.aws.aws"]
MISSING_POOL = "user_pool_id is required"


def blocks_for(group, pool, connection):
    """A cognito_user_info task given user_pool_id by ``group``, and an ec2_tag_info task given its required resource
    (and a region) by ``group``; each ignores its errors so that the play goes on. A block's defaults for a group
    replace the play's for that group (ansible-core merges module_defaults group by group), so the collection's own
    group carries the connection settings the play gives it."""
    settings = connection if group == OWN_GROUP else {}
    return [
        {"module_defaults": {group: dict(settings, user_pool_id=pool)},
         "block": [{"name": f"list users with {group}", "ignore_errors": True, "cognito.user_pool.cognito_user_info": {}}]},
        {"module_defaults": {group: dict(settings, resource="vpc-0123456789abcdef0", region="us-east-1")},
         "block": [{"name": f"read tags with {group}", "ignore_errors": True, "amazon.aws.ec2_tag_info": {}}]},
    ]


def test_only_the_collections_own_group_reaches_its_modules_and_every_group_reaches_amazon_aws(run_playbook, cognito, proxy):
    pool = cognito.create_pool()
    connection = {"endpoint_url": proxy.url, "access_key": FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
                  "secret_key": FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"]}

    run = run_playbook([block for group in [OWN_GROUP] + FOREIGN_GROUPS for block in blocks_for(group, pool, connection)])

    own = run.task(f"list users with {OWN_GROUP}")
    assert not own.failed and own.result["users"] == [], run.output
    for group in FOREIGN_GROUPS:
        task = run.task(f"list users with {group}")
        assert task.failed and MISSING_POOL in task.msg, run.output
    for group in [OWN_GROUP] + FOREIGN_GROUPS:
        task = run.task(f"read tags with {group}")
        assert not task.failed and task.result["tags"] == {}, run.output
    # The tasks run in order, the own group's first; an EC2 request carries no X-Amz-Target. Every Cognito call came
    # before the first EC2 call: only the first task, the one the collection's group reached, called Cognito.
    cognito_calls = [request.index for request in proxy.requests() if request.operation]
    ec2_calls = [request.index for request in proxy.requests() if request.operation is None]
    assert "ListUsers" in proxy.operations() and len(ec2_calls) >= 3, proxy.operations()
    assert max(cognito_calls) < min(ec2_calls), proxy.operations()
