# -*- coding: utf-8 -*-
"""What real Cognito does and moto does not, across ansible-playbook runs: the modules cope with it.

The proxy's ``LaggingListUsers`` plays ListUsers' lag (functional_harness/cognito_rules.py); its window
outlasts a run, so the next run reads a list that has not caught up with the writes of the one before.
What each module decides from a stale list is proven call by call in
tests/unit/plugins/module_utils/test_converge.py; this proves it end to end, across two processes.
"""

from __future__ import annotations

from collections import Counter

import pytest

from ansible_collections.cognito.user_pool.plugins.module_utils._operations import WRITE_OPERATIONS
from functional_harness.cognito_rules import LaggingListUsers
from functional_harness.playbook import succeeded
from functional_harness.proxy import Rule
from seed_users_role import NO_RATE_LIMITS

MODULE = "cognito.user_pool.cognito_user"
PASSWORD = "Declared!Pass1"
# Longer than any test here: every user written by a run is still missing from the list when the next run reads
# it, so that what a run does right after another is certain, not a race with the clock.
LAG_SECONDS = 600
MAX_CONCURRENCY = 16

# Only the rule a test installs plays, whatever --cognito-rules says; Cognito's wording of moto's errors stays.
pytestmark = pytest.mark.own_rules(wording=True)


class Answers(Rule):
    """Not one of Cognito's rules: records the error code of each answer (the proxy's log keeps requests only)."""

    name = "Answers"
    precedence = 100

    def __init__(self):
        self.answers = []

    def on_response(self, exchange, reply):
        self.answers.append((exchange.operation, reply.error_code))


def moto_users(cognito, pool):
    """Every user as moto holds it, read behind the proxy: Username -> (status, enabled, attributes, last modified)."""
    pages = cognito.client.get_paginator("list_users").paginate(UserPoolId=pool)
    return {user["Username"]: (user["UserStatus"], user["Enabled"],
                               sorted((attribute["Name"], attribute["Value"]) for attribute in user["Attributes"]),
                               user["UserLastModifiedDate"])
            for page in pages for user in page["Users"]}


# AWS, ListUsers: "This operation is eventually consistent. You might experience a delay before results are
# up-to-date. To validate the existence or configuration of an individual user, use AdminGetUser."
@pytest.mark.scale
def test_a_seed_and_its_immediate_rerun_under_the_lagging_list_create_each_user_once(run_playbook, cognito, proxy, pool,
                                                                                     size):
    count = size(MAX_CONCURRENCY + 4, 500)
    proxy.add_rule(LaggingListUsers(LAG_SECONDS))
    answers = proxy.add_rule(Answers())
    users = [{"username": f"user{index:03d}", "password": PASSWORD, "attributes": {"name": f"User {index}"}}
             for index in range(count)]
    task = {"name": "cognito_user", MODULE: {"user_pool_id": pool, "rate_limits": NO_RATE_LIMITS, "users": users,
                                             "max_concurrency": MAX_CONCURRENCY}}

    seed = succeeded(run_playbook([task])).result
    seed_calls = Counter(proxy.operations())
    before = moto_users(cognito, pool)
    proxy.clear()
    answers.answers.clear()
    rerun = succeeded(run_playbook([task])).result
    rerun_calls = Counter(proxy.operations())

    assert seed["summary"]["created"] == count and seed["summary"]["failed"] == 0
    # The seed found nobody, created each user with its password and made it permanent: no AdminGetUser.
    assert (seed_calls["AdminGetUser"], seed_calls["AdminCreateUser"], seed_calls["AdminSetUserPassword"]) == (0, count, count)
    # The re-run's list shows none of them: each creation is refused, and each refused user is read once.
    assert (rerun_calls["AdminGetUser"], rerun_calls["AdminCreateUser"], rerun_calls["AdminSetUserPassword"]) == (count, count, 0)
    assert rerun["changed"] is False
    assert rerun["summary"]["unchanged"] == count and rerun["summary"]["failed"] == 0
    assert not [entry for entry in rerun["users"] if "error" in entry]
    # Whatever the re-run tried, Cognito refused it as already done, and nothing changed.
    refused = {code for operation, code in answers.answers if operation in WRITE_OPERATIONS}
    assert refused <= {"UsernameExistsException"}, Counter(answers.answers)
    assert moto_users(cognito, pool) == before
    # The list really had not caught up with any of them.
    listed = proxy.client().get_paginator("list_users").paginate(UserPoolId=pool)
    assert [user for page in listed for user in page["Users"]] == []
