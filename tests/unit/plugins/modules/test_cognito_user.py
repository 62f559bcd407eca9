# -*- coding: utf-8 -*-
from __future__ import annotations

import json
import math

import pytest

from ansible_collections.cognito.user_pool.plugins.modules import cognito_user

PASSWORD = "Zq9!unit-test-pw"
# What a result carries from Cognito's answers: the sub and dates it gives a user.
IDENTITY = ("sub", "user_create_date", "user_last_modified_date")


@pytest.fixture
def run(run_module):
    return lambda args, **kwargs: run_module(cognito_user, args, **kwargs)


def _user(aws, pool, username):
    record = aws.admin_get_user(UserPoolId=pool, Username=username)
    return record["UserStatus"], record["Enabled"], {a["Name"]: a["Value"] for a in record["UserAttributes"]}


def _groups(aws, pool, username):
    return sorted(g["GroupName"] for g in aws.admin_list_groups_for_user(UserPoolId=pool, Username=username)["Groups"])


def test_create_with_password_reaches_confirmed_in_one_run(aws, pool, run):
    failed, result = run({"user_pool_id": pool, "username": "alice", "password": PASSWORD,
                          "attributes": {"email": "a@example.com", "email_verified": True}})
    assert not failed and result["user"]["actions"] == ["create", "set_password"]
    status, enabled, attributes = _user(aws, pool, "alice")
    assert status == "CONFIRMED" and enabled
    assert attributes["email"] == "a@example.com" and attributes["email_verified"] == "true"


def test_create_without_password_leaves_force_change_password(aws, pool, run):
    failed, result = run({"user_pool_id": pool, "username": "alice"})
    assert not failed and result["user"]["actions"] == ["create"]
    assert _user(aws, pool, "alice")[0] == "FORCE_CHANGE_PASSWORD"


def test_create_with_temporary_password_uses_it_at_creation(aws, pool, run, operations):
    failed, result = run({"user_pool_id": pool, "username": "alice", "password": PASSWORD, "permanent": False})
    assert not failed and result["user"]["actions"] == ["create"]
    assert "AdminSetUserPassword" not in operations
    assert _user(aws, pool, "alice")[0] == "FORCE_CHANGE_PASSWORD"


def test_second_run_changes_nothing_and_writes_nothing(aws, pool, run, operations):
    args = {"user_pool_id": pool, "username": "alice", "password": PASSWORD, "attributes": {"name": "Alice"},
            "groups": [], "enabled": True}
    aws.create_group(UserPoolId=pool, GroupName="g")
    args["groups"] = ["g"]
    run(args)
    operations.clear()
    failed, result = run(args)
    assert not failed and not result["changed"] and result["summary"]["unchanged"] == 1
    assert operations.writes() == {}


def test_attributes_are_added_changed_and_purged(aws, pool, run):
    run({"user_pool_id": pool, "username": "alice", "attributes": {"name": "A", "family_name": "X"}})
    failed, result = run({"user_pool_id": pool, "username": "alice", "attributes": {"name": "B", "given_name": "G"}})
    assert result["user"]["actions"] == ["update_attributes"]
    failed, result = run({"user_pool_id": pool, "username": "alice", "attributes": {"name": "B"}, "purge_attributes": True})
    assert result["user"]["actions"] == ["delete_attributes"]
    attributes = _user(aws, pool, "alice")[2]
    assert attributes["name"] == "B" and "family_name" not in attributes and "given_name" not in attributes
    assert "sub" in attributes


def test_enable_and_disable(aws, pool, run):
    run({"user_pool_id": pool, "username": "alice", "enabled": False})
    assert _user(aws, pool, "alice")[1] is False
    failed, result = run({"user_pool_id": pool, "username": "alice", "enabled": True})
    assert result["user"]["actions"] == ["enable"] and _user(aws, pool, "alice")[1] is True


def test_groups_are_added_and_purged(aws, pool, run):
    for group in ("a", "b", "c"):
        aws.create_group(UserPoolId=pool, GroupName=group)
    run({"user_pool_id": pool, "username": "alice", "groups": ["a", "b"]})
    assert _groups(aws, pool, "alice") == ["a", "b"]
    failed, result = run({"user_pool_id": pool, "username": "alice", "groups": ["c"]})
    assert _groups(aws, pool, "alice") == ["a", "b", "c"]
    failed, result = run({"user_pool_id": pool, "username": "alice", "groups": ["c"], "purge_groups": True})
    assert result["user"]["actions"] == ["remove_from_group:a", "remove_from_group:b"]
    assert _groups(aws, pool, "alice") == ["c"]


def test_absent_deletes_only_the_named_user_and_then_reports_no_change(aws, pool, run):
    run({"user_pool_id": pool, "users": [{"username": "alice"}, {"username": "bob"}]})
    failed, result = run({"user_pool_id": pool, "username": "alice", "state": "absent"})
    assert result["user"]["actions"] == ["delete"] and result["summary"]["deleted"] == 1
    failed, result = run({"user_pool_id": pool, "username": "alice", "state": "absent"})
    assert not result["changed"]
    assert [user["Username"] for user in aws.list_users(UserPoolId=pool)["Users"]] == ["bob"]


def test_email_as_username_pool(aws, run):
    pool = aws.create_user_pool(PoolName="emails", UsernameAttributes=["email"])["UserPool"]["Id"]
    args = {"user_pool_id": pool, "username": "erin@example.com", "password": PASSWORD}
    failed, result = run(args)
    assert not failed and result["user"]["user_status"] == "CONFIRMED"
    failed, result = run({"user_pool_id": pool, "users": [{"username": "erin@example.com"}, {"username": "x@example.com"}]})
    assert result["users"][0]["actions"] == [] and result["users"][1]["actions"] == ["create"]


def test_check_mode_reports_what_a_real_run_does_without_writing(aws, pool, run, operations):
    aws.create_group(UserPoolId=pool, GroupName="g")
    aws.admin_create_user(UserPoolId=pool, Username="old", MessageAction="SUPPRESS")
    args = {"user_pool_id": pool, "users": [
        {"username": "new", "password": PASSWORD, "groups": ["g"]},
        {"username": "old", "password": PASSWORD, "attributes": {"name": "Old"}},
    ]}
    operations.clear()
    failed, checked = run(args, check_mode=True)
    assert operations.writes() == {}
    assert [u["Username"] for u in aws.list_users(UserPoolId=pool)["Users"]] == ["old"]
    failed, applied = run(args)
    assert checked["changed"] is True and applied["changed"] is True
    # All but what only Cognito's answer can tell: the sub and dates of the user it creates (null in check mode).
    assert [{key: value for key, value in user.items() if key not in IDENTITY} for user in checked["users"]] == \
        [{key: value for key, value in user.items() if key not in IDENTITY} for user in applied["users"]]
    assert [user["sub"] for user in checked["users"]] == [None, applied["users"][1]["sub"]]
    assert checked["summary"] == applied["summary"] == {"created": 1, "updated": 1, "unchanged": 0, "deleted": 0, "failed": 0,
                                                        "partially_applied": 0, "total": 2}


def test_diff_shows_each_changed_user_without_passwords(aws, pool, run):
    failed, result = run({"user_pool_id": pool, "username": "alice", "password": PASSWORD,
                          "attributes": {"name": "A"}}, diff=True)
    (diff,) = result["diff"]
    assert diff["before"] == {"state": "absent"}
    assert diff["after"]["user_status"] == "CONFIRMED" and diff["after"]["attributes"] == {"name": "A"}
    assert PASSWORD not in json.dumps(result)


def test_duplicate_usernames_are_rejected_before_any_write(aws, pool, run, operations):
    # Whether two names are one user depends on the pool's case sensitivity: only DescribeUserPool comes first.
    failed, result = run({"user_pool_id": pool, "users": [{"username": "a"}, {"username": "b"}, {"username": "a"}]})
    assert failed and "more than once: a." in result["msg"]
    assert operations == {"DescribeUserPool": 1}


def test_single_form_options_are_refused_with_users(aws, pool, run):
    failed, result = run({"user_pool_id": pool, "users": [{"username": "a"}], "password": PASSWORD})
    assert failed and "mutually exclusive" in result["msg"] and PASSWORD not in json.dumps(result)


def test_module_level_values_are_defaults_for_each_element(aws, pool, run):
    failed, result = run({"user_pool_id": pool, "permanent": False, "users": [
        {"username": "temp", "password": PASSWORD},
        {"username": "perm", "password": PASSWORD, "permanent": True},
    ]})
    assert [u["user_status"] for u in result["users"]] == ["FORCE_CHANGE_PASSWORD", "CONFIRMED"]


def test_update_password_on_create_leaves_existing_users_alone(aws, pool, run):
    aws.admin_create_user(UserPoolId=pool, Username="alice", MessageAction="SUPPRESS")
    aws.admin_set_user_password(UserPoolId=pool, Username="alice", Password=PASSWORD, Permanent=True)
    failed, result = run({"user_pool_id": pool, "username": "alice", "password": PASSWORD + "x", "update_password": "on_create"})
    assert not result["changed"] and _user(aws, pool, "alice")[0] == "CONFIRMED"
    failed, result = run({"user_pool_id": pool, "username": "alice", "password": PASSWORD + "x", "permanent": False,
                          "update_password": "on_create"})
    assert not result["changed"] and _user(aws, pool, "alice")[0] == "CONFIRMED"


def test_update_password_on_create_still_finishes_a_user_whose_creation_was_interrupted(aws, pool, run):
    # A run killed between AdminCreateUser (with the declared password as the temporary one) and AdminSetUserPassword.
    aws.admin_create_user(UserPoolId=pool, Username="alice", TemporaryPassword=PASSWORD, MessageAction="SUPPRESS")
    failed, result = run({"user_pool_id": pool, "username": "alice", "password": PASSWORD, "update_password": "on_create"})
    assert result["user"]["actions"] == ["set_password"] and _user(aws, pool, "alice")[0] == "CONFIRMED"


def test_batch_partial_failure_names_each_failed_user_and_converges_the_rest(aws, pool, run):
    users = [{"username": f"user{i:02d}", "password": PASSWORD if i % 10 else "weak"} for i in range(50)]
    failed, result = run({"user_pool_id": pool, "users": users})
    assert failed
    assert result["summary"] == {"created": 45, "updated": 0, "unchanged": 0, "deleted": 0, "failed": 5,
                                 "partially_applied": 0, "total": 50}
    assert result["msg"].startswith("5 of 50 users failed. The password for the user does not meet the password policy")
    assert result["msg"].endswith("(5: user00, user10, user20, user30, user40)")
    # The five share one reason: it is given once, in failures, and each of them refers to it.
    [failure] = result["failures"]
    assert "password policy" in failure["reason"] and failure["count"] == 5
    for entry in result["users"]:
        if entry["username"].endswith("0"):
            assert entry["error"] == "See failures[0]." and entry["actions"] == []
        else:
            assert entry["user_status"] == "CONFIRMED" and "error" not in entry
    assert len(aws.list_users(UserPoolId=pool)["Users"]) == 45
    assert result["changed"] is True


@pytest.mark.scale
def test_a_rerun_of_unchanged_users_reads_them_a_listing_page_at_a_time_and_nothing_else(aws, pool, run, operations, size):
    count = size(150, 1000)  # three listing pages of 60 in make test; the thousand in make test-scale
    users = [{"username": f"user{i:04d}", "password": PASSWORD} for i in range(count)]
    # moto has no quotas: lift the client-side limits so that seeding takes seconds.
    unlimited = {category: 0 for category in ("UserCreation", "UserUpdate")}
    failed, result = run({"user_pool_id": pool, "users": users, "max_concurrency": 16, "rate_limits": unlimited})
    assert not failed and result["summary"]["created"] == count
    operations.clear()
    failed, result = run({"user_pool_id": pool, "users": users})
    assert not failed and not result["changed"] and result["summary"]["unchanged"] == count
    # One DescribeUserPool, one ListUsers per page of 60 and at most two more: 20 calls for 1,000 users.
    assert sum(operations.values()) <= 3 + math.ceil(count / 60)
    assert set(operations) == {"DescribeUserPool", "ListUsers"}


def test_a_batch_lists_only_users_sharing_its_username_prefix(aws, pool, run, operations):
    for i in range(300):
        aws.admin_create_user(UserPoolId=pool, Username=f"other{i:03d}", MessageAction="SUPPRESS")
    batch = [{"username": f"seed{i:03d}"} for i in range(100)]
    run({"user_pool_id": pool, "users": batch})
    operations.clear()
    failed, result = run({"user_pool_id": pool, "users": batch})
    assert not failed and result["summary"]["unchanged"] == 100
    assert operations == {"DescribeUserPool": 1, "ListUsers": 2}


def test_a_listing_that_matches_far_more_than_the_batch_is_narrowed_never_read_user_by_user(aws, pool, run, operations):
    for i in range(600):
        aws.admin_create_user(UserPoolId=pool, Username=f"user{i:03d}", MessageAction="SUPPRESS")
    batch = [{"username": "user001"}, {"username": "user002"}, {"username": "user003"}]
    operations.clear()
    failed, result = run({"user_pool_id": pool, "users": batch})
    assert not failed and result["summary"]["unchanged"] == 3
    # "user00" matches 10 users, one page; no AdminGetUser (it counts towards monthly active users).
    assert operations == {"DescribeUserPool": 1, "ListUsers": 1}


def test_the_diff_never_shows_an_attribute_that_is_not_written(aws, pool, run, operations):
    # sub is the user's immutable id (the pool's schema: Mutable false); declared beside a real change, only
    # the change is written, and the diff's after is what Cognito then holds.
    run({"user_pool_id": pool, "username": "alice", "attributes": {"name": "A"}})
    sub = {a["Name"]: a["Value"] for a in aws.admin_get_user(UserPoolId=pool, Username="alice")["UserAttributes"]}["sub"]
    operations.clear()
    failed, result = run({"user_pool_id": pool, "username": "alice", "attributes": {"name": "B", "sub": "not-" + sub}}, diff=True)
    assert not failed and result["users"][0]["actions"] == ["update_attributes"]
    (diff,) = result["diff"]
    held = {a["Name"]: a["Value"] for a in aws.admin_get_user(UserPoolId=pool, Username="alice")["UserAttributes"]}
    assert diff["after"]["attributes"] == held == {"name": "B", "sub": sub}
    assert diff["before"]["attributes"] == {"name": "A", "sub": sub}
