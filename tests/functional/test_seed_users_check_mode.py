# -*- coding: utf-8 -*-
"""The seed_users role's check mode as the modules run it, and its purge of an empty user list (issue 16.5, 16.6).

``--check`` sets ``ansible_check_mode``; a block or task with ``check_mode: true``
runs every module in check mode and leaves that variable false.  Only
ansible-core's propagation of a block's ``check_mode`` to the modules it runs
can show that the role follows what the modules did, hence these tests run
real ``ansible-playbook``.
"""

from __future__ import annotations

import pytest

from ansible_collections.cognito.user_pool.plugins.module_utils._operations import WRITE_OPERATIONS
from ansible_collections.cognito.user_pool.plugins.module_utils._seed_users import iam_actions
from functional_harness.cognito import CONFIRMED
from seed_users_role import ROLE
from seed_users_role import cognito_operations
from seed_users_role import role_variables
from seed_users_role import seed_result

PASSWORD = "Check!Mode1234"
SIGN_IN_TASK = f"{ROLE} : Sign each seeded user with a permanent password in once"
SIGN_IN_OPERATIONS = {"AdminInitiateAuth", "InitiateAuth"}
USERS = [{"username": f"user{index}", "password": PASSWORD} for index in range(5)]


@pytest.fixture
def client(cognito, pool):
    return cognito.create_app_client(pool)


def role_play(where, check_mode):
    """A play running the role with ``check_mode`` set on the block around include_role, or on import_role
    (include_role takes no ``check_mode``)."""
    if where == "import_role":
        return [{"name": "run the role", "ansible.builtin.import_role": {"name": ROLE}, "check_mode": check_mode}]
    task = {"name": "run the role", "ansible.builtin.include_role": {"name": ROLE}}
    return [{"name": "a block", "check_mode": check_mode, "block": [task]}]


def run_checked(run_playbook, pool, client, where, check_mode, check=False, users=USERS):
    variables = role_variables(pool, users, verify_sign_in=True, verify_client_id=client.client_id)
    return run_playbook(role_play(where, check_mode), extra_vars=variables, check=check)


@pytest.mark.parametrize("where", ["block", "import_role"])
def test_check_mode_true_on_a_block_or_import_role_writes_nothing_says_would_seed_and_signs_nobody_in(
        run_playbook, cognito, proxy, pool, client, where):
    run = run_checked(run_playbook, pool, client, where, check_mode=True)

    assert run.rc == 0, run.output
    operations = set(cognito_operations(proxy))
    assert operations & WRITE_OPERATIONS == set()
    assert operations & SIGN_IN_OPERATIONS == set()
    assert seed_result(run)["message"] == f"Would seed user pool {pool}: 5 users: 5 created, 0 updated, 0 unchanged."
    assert seed_result(run)["sign_in_failed"] == 0
    assert SIGN_IN_TASK not in [result.name for result in run.results]
    assert cognito.usernames(pool) == []


def test_check_mode_false_under_check_writes_says_seeded_and_signs_the_users_in(run_playbook, cognito, proxy, pool, client):
    # The other way round: --check sets ansible_check_mode, and a block's check_mode: false runs the modules for real.
    run = run_checked(run_playbook, pool, client, "block", check_mode=False, check=True)

    assert run.rc == 0, run.output
    assert seed_result(run)["message"] == f"Seeded user pool {pool}: 5 users: 5 created, 0 updated, 0 unchanged."
    assert len(proxy.requests_for("AdminInitiateAuth")) == 5
    assert run.task(SIGN_IN_TASK).result["users"] and seed_result(run)["sign_in_failed"] == 0
    assert cognito.usernames(pool) == [user["username"] for user in USERS]


# -- an empty user list with purge -------------------------------------------------------------------


def test_an_empty_user_list_with_purge_empties_the_scope_and_nothing_else(run_playbook, cognito, proxy, pool):
    # The same as cognito_user's users: [] with purge_users: the scope is explicit and the purge opted in.
    for username in ("test-a", "test-b", "keep-c"):
        cognito.create_user(pool, username, CONFIRMED, PASSWORD)
    task = {"name": "run the role", "ansible.builtin.include_role": {"name": ROLE}}

    variables = role_variables(pool, [], purge_users=True, purge_scope="test-")

    run = run_playbook([task], extra_vars=variables)

    assert run.rc == 0, run.output
    assert sorted(request.json()["Username"] for request in proxy.requests_for("AdminDeleteUser")) == ["test-a", "test-b"]
    assert cognito.usernames(pool) == ["keep-c"]
    result = seed_result(run)
    assert (result["total"], result["purged"], result["purge_failed"], result["failed"]) == (0, 2, 0, 0)
    assert result["message"] == (f"Seeded user pool {pool}: 0 users: 0 created, 0 updated, 0 unchanged. "
                                 "Purged 2 undeclared users under 'test-' (0 already absent).")
    # The role's IAM policy for these variables allows exactly the calls the run made.
    assert {f"cognito-idp:{operation}" for operation in cognito_operations(proxy)} == set(iam_actions(variables))
