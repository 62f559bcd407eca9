# -*- coding: utf-8 -*-
"""The seed_users role's check mode as ansible-core sets it for the modules it runs.

``--check`` sets ``ansible_check_mode``; a block or task with ``check_mode: true``
runs every module in check mode and leaves that variable false.  Only
ansible-core's propagation of a block's ``check_mode`` to the modules it runs
can show that the role follows what the modules did, hence these tests run
real ``ansible-playbook``, on every leg.
"""

from __future__ import annotations

import pytest

from ansible_collections.cognito.user_pool.plugins.module_utils._operations import WRITE_OPERATIONS
from seed_users_role import ROLE
from seed_users_role import SUMMARY_TASK
from seed_users_role import cognito_operations
from seed_users_role import role_variables
from seed_users_role import seed_result

PASSWORD = "Check!Mode1234"
SIGN_IN_TASK = f"{ROLE} : Sign each seeded user with a permanent password in once"
SIGN_IN_OPERATIONS = {"AdminInitiateAuth", "InitiateAuth"}
USERS = [{"username": f"user{index}", "password": PASSWORD} for index in range(5)]

pytestmark = pytest.mark.each_leg


@pytest.fixture
def client(cognito, pool):
    return cognito.create_app_client(pool)


def in_a_block(check_mode):
    """The role under a block's ``check_mode`` (include_role takes no ``check_mode`` of its own)."""
    return {"name": "a block", "check_mode": check_mode,
            "block": [{"name": "run the role", "ansible.builtin.include_role": {"name": ROLE}}]}


def by_import_role(check_mode):
    return {"name": "import the role", "ansible.builtin.import_role": {"name": ROLE}, "check_mode": check_mode}


def run_checked(run_playbook, pool, client, tasks, check=False):
    variables = role_variables(pool, USERS, verify_sign_in=True, client_id=client.client_id)
    return run_playbook(tasks, extra_vars=variables, check=check)


def test_check_mode_true_on_a_block_or_import_role_writes_nothing_says_would_seed_and_signs_nobody_in(
        run_playbook, cognito, proxy, pool, client):
    run = run_checked(run_playbook, pool, client, [in_a_block(True), by_import_role(True)])

    assert run.rc == 0, run.output
    operations = set(cognito_operations(proxy))
    assert operations & WRITE_OPERATIONS == set()
    assert operations & SIGN_IN_OPERATIONS == set()
    summaries = [result.result["ansible_facts"]["seed_users_result"] for result in run.results if result.name == SUMMARY_TASK]
    assert [summary["message"] for summary in summaries] == \
        [f"Would seed user pool {pool}: 5 users: 5 created, 0 updated, 0 unchanged."] * 2
    assert [summary["sign_in_failed"] for summary in summaries] == [0, 0]
    assert SIGN_IN_TASK not in [result.name for result in run.results]
    assert cognito.usernames(pool) == []


def test_check_mode_false_under_check_writes_says_seeded_and_signs_the_users_in(run_playbook, cognito, proxy, pool, client):
    # The other way round: --check sets ansible_check_mode, and a block's check_mode: false runs the modules for real.
    run = run_checked(run_playbook, pool, client, [in_a_block(False)], check=True)

    assert run.rc == 0, run.output
    assert seed_result(run)["message"] == f"Seeded user pool {pool}: 5 users: 5 created, 0 updated, 0 unchanged."
    assert len(proxy.requests_for("AdminInitiateAuth")) == 5
    assert run.task(SIGN_IN_TASK).result["users"] and seed_result(run)["sign_in_failed"] == 0
    assert cognito.usernames(pool) == [user["username"] for user in USERS]
