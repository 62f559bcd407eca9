# -*- coding: utf-8 -*-
"""cognito_user's purge_users (with purge_scope and purge_keep) and the seed_users role's purge, through ansible-playbook.

purge_users makes the declared users the only users of the pool under one
username prefix: the undeclared users ListUsers shows under it are deleted,
and nobody outside it is touched.
"""

from __future__ import annotations

import pytest

from ansible_collections.cognito.user_pool.plugins.module_utils._operations import WRITE_OPERATIONS
from functional_harness.cognito import CONFIRMED
from functional_harness.cognito import FORCE_CHANGE_PASSWORD
from functional_harness.cognito_rules import AliasesResolved
from functional_harness.faults import AnotherWriter
from functional_harness.proxy import Rule
from seed_users_role import SEED_TASK
from seed_users_role import cognito_operations
from seed_users_role import run_role
from seed_users_role import seed_result
from functional_harness.playbook import succeeded

MODULE = "cognito.user_pool.cognito_user"
PASSWORD = "Purge!Pass123"
UNLIMITED = {"UserCreation": 0, "UserUpdate": 0, "UserRead": 0, "UserList": 0}
# Users another run, or another team, left in the pool.
IN_SCOPE_LEFTOVERS = ["test-old1", "test-old2"]
OUTSIDE_SCOPE = ["admin", "tes", "xtest-1", "Test-upper", "test"]


@pytest.fixture
def populated(cognito, pool):
    """A pool with test-keep (declared by the tests), leftovers in scope and users outside it."""
    for username in ["test-keep"] + IN_SCOPE_LEFTOVERS + OUTSIDE_SCOPE:
        cognito.create_user(pool, username, CONFIRMED, PASSWORD)
    return pool


def user_task(pool, **options):
    return {"name": "cognito_user", MODULE: dict({"user_pool_id": pool, "rate_limits": UNLIMITED}, **options)}


def declared():
    return [{"username": "test-keep", "password": PASSWORD}, {"username": "test-new", "password": PASSWORD}]


def run_purge(run_playbook, pool, users, check=False, **options):
    options.setdefault("purge_users", True)
    options.setdefault("purge_scope", "test-")
    return run_playbook([user_task(pool, users=users, **options)], check=check)


def deleted_usernames(proxy):
    return sorted(request.json()["Username"] for request in proxy.requests_for("AdminDeleteUser"))


def test_purge_removes_exactly_the_undeclared_users_in_scope(run_playbook, cognito, proxy, populated):
    succeeded(run_purge(run_playbook, populated, declared()))

    assert deleted_usernames(proxy) == IN_SCOPE_LEFTOVERS
    assert cognito.usernames(populated) == sorted(["test-keep", "test-new"] + OUTSIDE_SCOPE)


def test_users_outside_the_scope_are_never_written_to(run_playbook, proxy, populated):
    succeeded(run_purge(run_playbook, populated, declared()))

    addressed = {request.json().get("Username") for request in proxy.requests()
                 if request.operation in WRITE_OPERATIONS}
    assert addressed.isdisjoint(OUTSIDE_SCOPE)


def test_purged_users_are_reported_after_the_declared_ones(run_playbook, populated):
    result = succeeded(run_purge(run_playbook, populated, declared()))

    users = result.result["users"]
    assert [user["username"] for user in users] == ["test-keep", "test-new"] + IN_SCOPE_LEFTOVERS
    assert [user.get("purged", False) for user in users] == [False, False, True, True]
    for purged in users[2:]:
        assert purged["actions"] == ["delete"] and purged["state"] == "absent" and purged["changed"] is True


def test_the_summary_counts_purged_users_apart_from_the_declared_ones(run_playbook, populated):
    result = succeeded(run_purge(run_playbook, populated, declared()))

    assert result.result["summary"] == {"created": 1, "updated": 0, "unchanged": 1, "deleted": 0, "failed": 0,
                                        "partially_applied": 0, "total": 2, "purged": 2, "purge_already_absent": 0,
                                        "purge_failed": 0, "purge_kept": 0}


def test_a_user_another_run_purges_first_counts_as_already_absent_not_removed_nor_failed(run_playbook, cognito, proxy,
                                                                                         populated):
    # Another purging run deletes test-old1 just before this run's delete of it reaches Cognito.
    proxy.add_rule(AnotherWriter("AdminDeleteUser", 1, lambda: cognito.client.admin_delete_user(
        UserPoolId=populated, Username=IN_SCOPE_LEFTOVERS[0])))

    result = succeeded(run_purge(run_playbook, populated, declared(), max_concurrency=1))

    assert result.result["summary"] == {"created": 1, "updated": 0, "unchanged": 1, "deleted": 0, "failed": 0,
                                        "partially_applied": 0, "total": 2, "purged": 1, "purge_already_absent": 1,
                                        "purge_failed": 0, "purge_kept": 0}
    gone, purged = result.result["users"][2:]
    assert (gone["username"], gone["actions"], gone["state"], gone["changed"]) == ("test-old1", [], "absent", False)
    assert (purged["username"], purged["actions"]) == ("test-old2", ["delete"])


def test_check_mode_lists_who_would_go_and_deletes_nobody(run_playbook, cognito, proxy, populated):
    before = cognito.usernames(populated)

    result = succeeded(run_purge(run_playbook, populated, declared(), check=True))

    assert result.changed is True
    purged = [user for user in result.result["users"] if user.get("purged")]
    assert [(user["username"], user["actions"]) for user in purged] == [(name, ["delete"]) for name in IN_SCOPE_LEFTOVERS]
    assert (result.result["summary"]["purged"], result.result["summary"]["deleted"]) == (2, 0)
    assert set(proxy.operations()) & WRITE_OPERATIONS == set()
    assert cognito.usernames(populated) == before


# moto_semantics: under LaggingListUsers the list still shows the users the first run purged; the re-run
# sends their deletes (answered UserNotFoundException, counted already absent), not no write at all.
@pytest.mark.moto_semantics
def test_a_rerun_purges_nothing_and_writes_nothing(run_playbook, proxy, populated):
    succeeded(run_purge(run_playbook, populated, declared()))
    proxy.clear()

    result = succeeded(run_purge(run_playbook, populated, declared()))

    assert result.changed is False
    assert result.result["summary"]["unchanged"] == 2 and result.result["summary"]["purged"] == 0
    assert set(proxy.operations()) & WRITE_OPERATIONS == set()


def test_purge_keep_keeps_users_another_task_declares(run_playbook, cognito, proxy, populated):
    succeeded(run_purge(run_playbook, populated, declared(), purge_keep=["test-old2"]))

    assert deleted_usernames(proxy) == ["test-old1"]
    assert "test-old2" in cognito.usernames(populated)


def test_purge_users_without_a_scope_is_refused_before_any_call(run_playbook, cognito, proxy, populated):
    run = run_playbook([user_task(populated, users=declared(), purge_users=True)])

    assert run.rc != 0 and run.last.failed
    assert run.last.msg.endswith("purge_users is True but any of the following are missing: purge_scope, "
                                 "purge_whole_pool"), run.last.msg
    assert proxy.requests() == []
    assert "test-new" not in cognito.usernames(populated)


def test_an_empty_scope_is_refused_naming_the_whole_pool_opt_in_before_any_call(run_playbook, cognito, proxy, populated):
    run = run_purge(run_playbook, populated, declared(), purge_scope="")

    assert run.rc != 0 and run.last.failed
    assert run.last.msg == ("Invalid arguments for cognito.user_pool.cognito_user: purge_scope must not be empty or "
                            "blank. To purge the whole pool, set purge_whole_pool: true instead."), run.last.msg
    assert proxy.requests() == []


def test_purge_whole_pool_makes_the_declared_users_the_only_users_of_the_pool(run_playbook, cognito, proxy, populated):
    run = run_playbook([user_task(populated, users=declared(), purge_users=True, purge_whole_pool=True)])

    succeeded(run)
    assert cognito.usernames(populated) == ["test-keep", "test-new"]
    assert sorted(deleted_usernames(proxy)) == sorted(IN_SCOPE_LEFTOVERS + OUTSIDE_SCOPE)
    listings = [request.json() for request in proxy.requests_for("ListUsers") if "Filter" not in request.json()]
    assert len(listings) == 1  # the purge's: the whole pool, without a filter


def test_purge_whole_pool_and_a_scope_exclude_each_other(run_playbook, proxy, populated):
    run = run_purge(run_playbook, populated, declared(), purge_whole_pool=True)

    assert run.rc != 0
    assert run.last.msg == ("purge_whole_pool: true and purge_scope exclude each other: purge the whole pool, or the "
                            "users under a prefix."), run.last.msg
    assert proxy.requests() == []
    # false beside a scope, as a templated value gives it, is no conflict: the scope is purged.
    succeeded(run_purge(run_playbook, populated, declared(), purge_whole_pool=False))
    assert sorted(deleted_usernames(proxy)) == IN_SCOPE_LEFTOVERS


def test_the_role_purges_the_whole_pool_when_asked_in_so_many_words(run_playbook, cognito, populated):
    # Without the opt-in, the role refuses (test_the_roles_purge_without_a_scope_is_refused_before_any_call).
    users = [{"username": "test-keep", "password": PASSWORD}]
    run = run_role(run_playbook, populated, users, purge_users=True, purge_whole_pool=True)

    assert run.rc == 0, run.output
    assert cognito.usernames(populated) == ["test-keep"]
    count = len(IN_SCOPE_LEFTOVERS + OUTSIDE_SCOPE)
    assert seed_result(run)["message"].endswith(f"Purged {count} undeclared users in the whole pool (0 already absent)."), \
        seed_result(run)["message"]


def test_without_purge_users_undeclared_users_in_scope_stay(run_playbook, proxy, populated):
    succeeded(run_playbook([user_task(populated, users=declared(), purge_scope="test-")]))

    assert proxy.requests_for("AdminDeleteUser") == []


def test_in_a_pool_of_email_usernames_the_scope_is_the_e_mail_prefix(run_playbook, cognito, proxy):
    pool = cognito.create_pool(username_attributes=["email"])
    for email in ("test-keep@example.com", "test-old@example.com", "admin@example.com"):
        cognito.create_user(pool, email, CONFIRMED, PASSWORD)

    result = succeeded(run_purge(run_playbook, pool, [{"username": "test-keep@example.com", "password": PASSWORD}]))

    purged = [user for user in result.result["users"] if user.get("purged")]
    assert [user["username"] for user in purged] == ["test-old@example.com"]
    remaining = cognito.client.list_users(UserPoolId=pool)["Users"]
    emails = sorted(attribute["Value"] for user in remaining for attribute in user["Attributes"] if attribute["Name"] == "email")
    assert emails == ["admin@example.com", "test-keep@example.com"]


# -- through the seed_users role -------------------------------------------------------------------


def role_users(count):
    return [{"username": f"test-{index}", "password": PASSWORD} for index in range(count)]


def test_the_roles_purge_keeps_the_users_of_earlier_batches(run_playbook, cognito, proxy, populated):
    users = role_users(5) + [{"username": "test-keep", "password": PASSWORD}]

    run = run_role(run_playbook, populated, users, batch_size=2, purge_users=True, purge_scope="test-")

    assert run.rc == 0, run.output
    assert deleted_usernames(proxy) == IN_SCOPE_LEFTOVERS
    assert cognito.usernames(populated) == sorted([user["username"] for user in users] + OUTSIDE_SCOPE)
    result = seed_result(run)
    assert (result["created"], result["unchanged"], result["deleted"], result["total"], result["purged"]) == (5, 1, 0, 6, 2)


def test_the_role_purges_with_its_last_batch_only(run_playbook, populated):
    run = run_role(run_playbook, populated, role_users(5), batch_size=2, purge_users=True, purge_scope="test-")

    assert run.rc == 0, run.output
    batches = run.task(SEED_TASK).result["results"]
    assert [[user["username"] for user in batch["users"] if user.get("purged")] for batch in batches] == [
        [], [], ["test-keep"] + IN_SCOPE_LEFTOVERS]


def test_the_roles_check_mode_lists_who_would_go(run_playbook, cognito, proxy, populated):
    before = cognito.usernames(populated)

    run = run_role(run_playbook, populated, role_users(3), batch_size=2, purge_users=True, purge_scope="test-", check=True)

    assert run.rc == 0, run.output
    purged = [user["username"] for user in seed_result(run)["users"] if user.get("purged")]
    assert purged == ["test-keep"] + IN_SCOPE_LEFTOVERS
    assert set(cognito_operations(proxy)) & WRITE_OPERATIONS == set()
    assert cognito.usernames(populated) == before


def test_the_roles_purge_without_a_scope_is_refused_before_any_call(run_playbook, proxy, populated):
    run = run_role(run_playbook, populated, role_users(2), purge_users=True)

    assert run.rc != 0
    assert run.last.msg == ("seed_users_purge_users needs seed_users_purge_scope, the username prefix whose undeclared "
                            "users it removes, or seed_users_purge_whole_pool: true to make the declared users the only "
                            "users of the whole pool.")
    assert proxy.requests() == []


def test_a_user_the_role_declares_absent_is_deleted_once_and_a_temporary_one_is_kept(run_playbook, cognito, proxy, populated):
    users = [{"username": "test-keep", "state": "absent"}, {"username": "test-new", "password": PASSWORD, "permanent": False}]

    run = run_role(run_playbook, populated, users, purge_users=True, purge_scope="test-")

    assert run.rc == 0, run.output
    assert deleted_usernames(proxy) == sorted(["test-keep"] + IN_SCOPE_LEFTOVERS)
    assert cognito.user_status(populated, "test-new") == FORCE_CHANGE_PASSWORD


# -- a user declared by its alias (issue 16, reproduction 1), in a pool that resolves aliases as AWS documents ----


@pytest.fixture
def alias_pool(cognito, proxy):
    """A pool with AliasAttributes [email]: test-alice (verified alice@example.com), test-bob, other-x."""
    pool = cognito.client.create_user_pool(PoolName="aliases", AliasAttributes=["email"])["UserPool"]["Id"]
    cognito.create_user(pool, "test-alice", CONFIRMED, PASSWORD,
                        attributes={"email": "alice@example.com", "email_verified": "true"})
    for username in ("test-bob", "other-x"):
        cognito.create_user(pool, username, CONFIRMED, PASSWORD)
    proxy.add_rule(AliasesResolved())
    return pool


def by_alias():
    return [{"username": "alice@example.com", "attributes": {"given_name": "Alice"}}, {"username": "test-bob"}]


def given_name(cognito, pool, username):
    attributes = cognito.user(pool, username)["UserAttributes"]
    return {attribute["Name"]: attribute["Value"] for attribute in attributes}.get("given_name")


@pytest.mark.own_rules
def test_a_user_declared_by_its_alias_is_updated_and_never_purged(run_playbook, cognito, proxy, alias_pool):
    result = succeeded(run_purge(run_playbook, alias_pool, by_alias()))

    assert deleted_usernames(proxy) == []
    assert cognito.usernames(alias_pool) == ["other-x", "test-alice", "test-bob"]
    assert given_name(cognito, alias_pool, "test-alice") == "Alice"
    summary = result.result["summary"]
    assert (summary["updated"], summary["deleted"], summary["purged"], summary["purge_kept"]) == (1, 0, 0, 0)
    proxy.clear()

    rerun = succeeded(run_purge(run_playbook, alias_pool, by_alias()))

    assert rerun.changed is False and set(proxy.operations()) & WRITE_OPERATIONS == set()


@pytest.mark.own_rules
def test_the_role_keeps_a_user_an_earlier_batch_declared_by_its_alias(run_playbook, cognito, proxy, alias_pool):
    run = run_role(run_playbook, alias_pool, by_alias(), batch_size=1, purge_users=True, purge_scope="test-")

    assert run.rc == 0, run.output
    assert deleted_usernames(proxy) == []
    assert cognito.usernames(alias_pool) == ["other-x", "test-alice", "test-bob"]
    assert given_name(cognito, alias_pool, "test-alice") == "Alice"


class RefusePurgeListing(Rule):
    """The purge's ListUsers refused, as IAM answers an identity that may not list: the listings of the scope
    once ``last_user`` (declared by the last batch) was created, so that only the purge gets the refusal."""

    name = "RefusePurgeListing"
    precedence = 10

    def __init__(self, scope, last_user):
        self.filter, self.last_user, self.armed = f'username ^= "{scope}"', last_user, False

    def on_request(self, exchange):
        if exchange.operation == "AdminCreateUser" and exchange.params.get("Username") == self.last_user:
            self.armed = True
        if self.armed and exchange.operation == "ListUsers" and exchange.params.get("Filter") == self.filter:
            return self.refuse("AccessDeniedException", "User: arn:aws:iam::123456789012:user/seeder is not authorized "
                                                        "to perform: cognito-idp:ListUsers")
        return None


def test_when_the_roles_purge_is_refused_its_last_batch_counts_by_what_was_done_and_the_role_says_why(
        run_playbook, cognito, proxy, populated):
    proxy.add_rule(RefusePurgeListing("test-", last_user="test-2"))

    run = run_role(run_playbook, populated, role_users(3), batch_size=2, purge_users=True, purge_scope="test-")

    assert run.rc != 0
    result = seed_result(run)
    assert (result["created"], result["failed"], result["total"], result["purged"]) == (3, 0, 3, 0)
    assert [user["username"] for user in result["users"]] == ["test-0", "test-1", "test-2"]
    assert all(user["state"] == "present" and "error" not in user for user in result["users"])
    assert result["purge_error"].startswith("Access denied: the AWS identity running this task may not call "
                                            "cognito-idp:ListUsers")
    assert result["message"] == (f"Seeded user pool {populated}: 3 users: 3 created, 0 updated, 0 unchanged. "
                                 "Purged 0 undeclared users under 'test-' (0 already absent). "
                                 "The purge stopped before it was done.")
    assert run.last.msg == f"The purge of undeclared users under 'test-' stopped: {result['purge_error']}"
    assert deleted_usernames(proxy) == []
    assert set(IN_SCOPE_LEFTOVERS + ["test-0", "test-1", "test-2"]) <= set(cognito.usernames(populated))


def test_the_roles_words_count_the_declared_users_apart_from_the_purged_ones(run_playbook, populated):
    seeded = run_role(run_playbook, populated, declared(), purge_users=True, purge_scope="test-")

    assert seeded.rc == 0, seeded.output
    assert seed_result(seeded)["message"] == (f"Seeded user pool {populated}: 2 users: 1 created, 0 updated, 1 unchanged. "
                                              "Purged 2 undeclared users under 'test-' (0 already absent).")


def test_a_teardown_with_purge_counts_its_one_declared_user_apart_from_the_purged_ones(run_playbook, populated):
    # Issue 16 reproduced "3 users: 3 removed" for this teardown of one declared user.
    teardown = run_role(run_playbook, populated, [{"username": "test-keep"}], state="absent", purge_users=True,
                        purge_scope="test-")

    assert teardown.rc == 0, teardown.output
    assert seed_result(teardown)["message"] == (f"Removed 1 user from user pool {populated}: 1 removed, 0 already absent. "
                                                "Purged 2 undeclared users under 'test-' (0 already absent).")
