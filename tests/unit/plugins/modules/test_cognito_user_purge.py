# -*- coding: utf-8 -*-
"""cognito_user's purge_users (with purge_scope, purge_keep and purge_whole_pool), run in process against moto.

purge_users makes the declared users the only users of the pool under one
username prefix: the undeclared users ListUsers shows under it are deleted,
and nobody outside it is touched.
"""

from __future__ import annotations

import pytest

from ansible_collections.cognito.user_pool.plugins.module_utils._operations import WRITE_OPERATIONS
from ansible_collections.cognito.user_pool.plugins.modules import cognito_user

PASSWORD = "Zq9!unit-test-pw"
# Users another run, or another team, left in the pool.
IN_SCOPE_LEFTOVERS = ["test-old1", "test-old2"]
OUTSIDE_SCOPE = ["admin", "tes", "xtest-1", "Test-upper", "test"]


@pytest.fixture
def run(run_module):
    return lambda args, **kwargs: run_module(cognito_user, args, **kwargs)


def writes(sent):
    return [(operation, params.get("Username")) for operation, params in sent if operation in WRITE_OPERATIONS]


def deleted(sent):
    return sorted(params["Username"] for operation, params in sent if operation == "AdminDeleteUser")


def usernames(aws, pool):
    return sorted(user["Username"] for user in aws.list_users(UserPoolId=pool)["Users"])


@pytest.fixture
def populated(aws, pool):
    """A pool with test-keep (declared by the tests), leftovers in scope and users outside it, all CONFIRMED."""
    for username in ["test-keep"] + IN_SCOPE_LEFTOVERS + OUTSIDE_SCOPE:
        aws.admin_create_user(UserPoolId=pool, Username=username, MessageAction="SUPPRESS")
        aws.admin_set_user_password(UserPoolId=pool, Username=username, Password=PASSWORD, Permanent=True)
    return pool


def purge(pool, **options):
    users = [{"username": "test-keep", "password": PASSWORD}, {"username": "test-new", "password": PASSWORD}]
    return dict({"user_pool_id": pool, "users": users, "purge_users": True, "purge_scope": "test-"}, **options)


def test_purge_removes_exactly_the_undeclared_users_in_scope_and_check_mode_predicts_it(aws, populated, run, sent):
    failed, checked = run(purge(populated), check_mode=True)

    assert not failed and checked["changed"] is True
    assert writes(sent) == []
    failed, result = run(purge(populated))

    assert not failed and result["changed"] is True
    assert deleted(sent) == IN_SCOPE_LEFTOVERS
    assert {username for operation, username in writes(sent)}.isdisjoint(OUTSIDE_SCOPE)
    assert usernames(aws, populated) == sorted(["test-keep", "test-new"] + OUTSIDE_SCOPE)
    users = result["users"]
    # The purged users come after the declared ones, marked purged.
    assert [user["username"] for user in users] == ["test-keep", "test-new"] + IN_SCOPE_LEFTOVERS
    assert [user.get("purged", False) for user in users] == [False, False, True, True]
    for purged in users[2:]:
        assert purged["actions"] == ["delete"] and purged["state"] == "absent" and purged["changed"] is True
    assert result["summary"] == {"created": 1, "updated": 0, "unchanged": 1, "deleted": 0, "failed": 0,
                                 "partially_applied": 0, "total": 2, "purged": 2, "purge_already_absent": 0,
                                 "purge_failed": 0, "purge_kept": 0}
    assert [(user["username"], user["actions"], user.get("purged", False)) for user in checked["users"]] == \
        [(user["username"], user["actions"], user.get("purged", False)) for user in users]
    assert checked["summary"] == result["summary"]


def test_a_rerun_purges_nothing_and_writes_nothing(populated, run, sent):
    run(purge(populated))
    sent.clear()

    failed, result = run(purge(populated))

    assert not failed and result["changed"] is False
    assert result["summary"]["unchanged"] == 2 and result["summary"]["purged"] == 0
    assert writes(sent) == []


def test_purge_keep_keeps_users_another_task_declares(aws, populated, run, sent):
    failed, result = run(purge(populated, purge_keep=["test-old2"]))

    assert not failed
    assert deleted(sent) == ["test-old1"]
    assert "test-old2" in usernames(aws, populated)


def test_without_purge_users_undeclared_users_in_scope_stay(aws, populated, run, sent):
    failed, result = run(purge(populated, purge_users=False))

    assert not failed and deleted(sent) == []
    assert set(IN_SCOPE_LEFTOVERS) <= set(usernames(aws, populated))


@pytest.mark.parametrize("options,message", [
    ({"purge_scope": None}, "purge_users is True but any of the following are missing: purge_scope, purge_whole_pool"),
    ({"purge_whole_pool": True}, "purge_whole_pool: true and purge_scope exclude each other: purge the whole pool, or "
                                 "the users under a prefix."),
    # The action plugin refuses an empty scope first; the module, run without it, refuses it too.
    ({"purge_scope": ""}, "purge_users needs purge_scope, the username prefix it makes exclusive, or purge_whole_pool: "
                          "true to make the declared users the only users of the whole pool."),
], ids=["no-scope", "whole-pool-and-scope", "empty-scope"])
def test_a_purge_without_one_clear_scope_is_refused_before_any_call(aws, populated, run, sent, options, message):
    arguments = {key: value for key, value in dict(purge(populated), **options).items() if value is not None}

    failed, result = run(arguments)

    assert failed and result["msg"].endswith(message), result["msg"]
    assert sent == []
    assert "test-new" not in usernames(aws, populated)


def test_purge_whole_pool_makes_the_declared_users_the_only_users_of_the_pool(aws, populated, run, sent):
    arguments = dict(purge(populated), purge_whole_pool=True)
    del arguments["purge_scope"]

    failed, result = run(arguments)

    assert not failed
    assert usernames(aws, populated) == ["test-keep", "test-new"]
    assert deleted(sent) == sorted(IN_SCOPE_LEFTOVERS + OUTSIDE_SCOPE)
    # The purge's listing: the whole pool, without a filter.
    assert len([params for operation, params in sent if operation == "ListUsers" and "Filter" not in params]) == 1


def test_purge_whole_pool_false_beside_a_scope_purges_the_scope(populated, run, sent):
    # false is what a templated value gives: no conflict with the scope.
    failed, result = run(purge(populated, purge_whole_pool=False))

    assert not failed and deleted(sent) == IN_SCOPE_LEFTOVERS


def test_in_a_pool_of_email_usernames_the_scope_is_the_e_mail_prefix(aws, run):
    pool = aws.create_user_pool(PoolName="emails", UsernameAttributes=["email"])["UserPool"]["Id"]
    for email in ("test-keep@example.com", "test-old@example.com", "admin@example.com"):
        aws.admin_create_user(UserPoolId=pool, Username=email, MessageAction="SUPPRESS")

    failed, result = run({"user_pool_id": pool, "users": [{"username": "test-keep@example.com"}], "purge_users": True,
                          "purge_scope": "test-"})

    assert not failed
    assert [user["username"] for user in result["users"] if user.get("purged")] == ["test-old@example.com"]
    remaining = aws.list_users(UserPoolId=pool)["Users"]
    assert sorted(attribute["Value"] for user in remaining for attribute in user["Attributes"]
                  if attribute["Name"] == "email") == ["admin@example.com", "test-keep@example.com"]


def test_a_user_declared_absent_is_deleted_once_and_a_temporary_one_is_kept(aws, populated, run, sent):
    users = [{"username": "test-keep", "state": "absent"}, {"username": "test-new", "password": PASSWORD, "permanent": False}]

    failed, result = run({"user_pool_id": populated, "users": users, "purge_users": True, "purge_scope": "test-"})

    assert not failed
    assert deleted(sent) == sorted(["test-keep"] + IN_SCOPE_LEFTOVERS)
    assert aws.admin_get_user(UserPoolId=populated, Username="test-new")["UserStatus"] == "FORCE_CHANGE_PASSWORD"
