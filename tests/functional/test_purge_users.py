# -*- coding: utf-8 -*-
"""The seed_users role's purge through ansible-playbook: the role's loop hands each batch its part of the plan, and
its words count the declared users apart from the purged ones.

What cognito_user's purge_users does is proven in process (tests/unit/plugins/modules/test_cognito_user_purge.py);
the batch plan and the report are pure code (tests/unit/plugins/module_utils/test_seed_users.py and
test_seed_users_report.py).
"""

from __future__ import annotations

from functional_harness.cognito import CONFIRMED
from seed_users_role import SEED_TASK
from seed_users_role import run_role
from seed_users_role import seed_result

PASSWORD = "Purge!Pass123"
# Users another run, or another team, left in the pool.
IN_SCOPE_LEFTOVERS = ["test-old1", "test-old2"]
OUTSIDE_SCOPE = ["admin", "tes", "xtest-1", "Test-upper", "test"]


def populate(cognito, pool):
    """test-keep (declared by the tests), leftovers in scope and users outside it."""
    for username in ["test-keep"] + IN_SCOPE_LEFTOVERS + OUTSIDE_SCOPE:
        cognito.create_user(pool, username, CONFIRMED, PASSWORD)


def deleted_usernames(proxy):
    return sorted(request.json()["Username"] for request in proxy.requests_for("AdminDeleteUser"))


def test_the_role_purges_with_its_last_batch_keeping_the_users_of_earlier_batches_and_says_so(
        run_playbook, cognito, proxy, pool):
    populate(cognito, pool)
    users = [{"username": f"test-{index}", "password": PASSWORD} for index in range(5)] + [
        {"username": "test-keep", "password": PASSWORD}]

    run = run_role(run_playbook, pool, users, batch_size=2, purge_users=True, purge_scope="test-")

    assert run.rc == 0, run.output
    batches = run.task(SEED_TASK).result["results"]
    assert [[user["username"] for user in batch["users"] if user.get("purged")] for batch in batches] == [
        [], [], IN_SCOPE_LEFTOVERS]
    assert deleted_usernames(proxy) == IN_SCOPE_LEFTOVERS
    assert cognito.usernames(pool) == sorted([user["username"] for user in users] + OUTSIDE_SCOPE)
    result = seed_result(run)
    assert (result["created"], result["unchanged"], result["deleted"], result["total"], result["purged"]) == (5, 1, 0, 6, 2)
    assert result["message"] == (f"Seeded user pool {pool}: 6 users: 5 created, 0 updated, 1 unchanged. "
                                 "Purged 2 undeclared users under 'test-' (0 already absent).")


def test_the_role_purges_the_whole_pool_when_asked_in_so_many_words(run_playbook, cognito, pool):
    # Without the opt-in, the role refuses (test_seed_users_words.py::
    # test_every_problem_with_the_variables_is_reported_at_once_before_any_call).
    populate(cognito, pool)
    users = [{"username": "test-keep", "password": PASSWORD}]

    run = run_role(run_playbook, pool, users, purge_users=True, purge_whole_pool=True)

    assert run.rc == 0, run.output
    assert cognito.usernames(pool) == ["test-keep"]
    count = len(IN_SCOPE_LEFTOVERS + OUTSIDE_SCOPE)
    assert seed_result(run)["message"].endswith(f"Purged {count} undeclared users in the whole pool (0 already absent)."), \
        seed_result(run)["message"]
