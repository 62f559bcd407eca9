# -*- coding: utf-8 -*-
"""Which module_defaults groups reach this collection's modules, as README.md says, through ansible-playbook.

meta/runtime.yml puts every module in the action group aws of this collection, and that group
extends amazon.aws.aws: group/cognito.user_pool.aws reaches this collection's modules and
amazon.aws's. The groups group/aws (ansible-core's name for the AWS collections' groups) and
group/amazon.aws.aws reach amazon.aws's modules but not this collection's: extend_group takes
another group's actions into one's own group, it does not add one's actions to the other group.

The value a group sets here is a required option (``user_pool_id``, ``resource``), so a module
the group does not reach fails on its arguments, before any call.
"""

from __future__ import annotations

import pytest

# Every leg: what these show rests on ansible-core itself (Makefile, FUNCTIONAL_LEG).
pytestmark = pytest.mark.each_leg

FOREIGN_GROUPS = ["group/aws", "group/amazon.aws.aws"]
MISSING_POOL = "user_pool_id is required"


def list_users_with_pool_from(run_playbook, group, pool):
    play = {"module_defaults": {group: {"user_pool_id": pool}},
            "tasks": [{"name": "list users", "cognito.user_pool.cognito_user_info": {}}]}
    return run_playbook(play)


def test_the_collections_own_group_reaches_its_modules(run_playbook, cognito):
    pool = cognito.create_pool()
    run = list_users_with_pool_from(run_playbook, "group/cognito.user_pool.aws", pool)
    assert run.rc == 0, run.output
    assert run.task("list users").result["users"] == []


@pytest.mark.parametrize("group", FOREIGN_GROUPS)
def test_the_aws_groups_do_not_reach_this_collections_modules(run_playbook, cognito, proxy, group):
    pool = cognito.create_pool()
    run = list_users_with_pool_from(run_playbook, group, pool)
    task = run.task("list users")
    assert task.failed and MISSING_POOL in task.msg, run.output
    assert proxy.requests() == []


@pytest.mark.parametrize("group", FOREIGN_GROUPS + ["group/cognito.user_pool.aws"])
def test_every_one_of_these_groups_reaches_amazon_aws_modules(run_playbook, proxy, group):
    # The same groups are live: they give amazon.aws's ec2_tag_info its required resource (and a region).
    play = {"module_defaults": {group: {"resource": "vpc-0123456789abcdef0", "region": "us-east-1"}},
            "tasks": [{"name": "read tags", "amazon.aws.ec2_tag_info": {}}]}
    run = run_playbook(play)
    assert run.rc == 0, run.output
    assert run.task("read tags").result["tags"] == {}
    assert proxy.requests(), "ec2_tag_info made no call through the proxy"
