# -*- coding: utf-8 -*-
from __future__ import annotations

import pytest

from ansible_collections.cognito.user_pool.plugins.modules import cognito_user_info


@pytest.fixture
def run(run_module):
    return lambda args, **kwargs: run_module(cognito_user_info, args, **kwargs)


@pytest.fixture
def users(aws, pool):
    aws.create_group(UserPoolId=pool, GroupName="admins")
    for name in ("alice", "bob", "carol"):
        aws.admin_create_user(UserPoolId=pool, Username=name, MessageAction="SUPPRESS",
                              UserAttributes=[{"Name": "email", "Value": f"{name}@example.com"}])
    aws.admin_set_user_password(UserPoolId=pool, Username="alice", Password="Zq9!unit-test-pw", Permanent=True)
    aws.admin_add_user_to_group(UserPoolId=pool, Username="alice", GroupName="admins")


def test_lists_every_user_with_attributes_as_a_dict(pool, users, run):
    failed, result = run({"user_pool_id": pool})
    assert not failed and not result["changed"]
    assert sorted(u["username"] for u in result["users"]) == ["alice", "bob", "carol"]
    alice = next(u for u in result["users"] if u["username"] == "alice")
    assert alice["attributes"]["email"] == "alice@example.com" and alice["enabled"] is True
    assert "user_create_date" in alice


def test_user_status_shorthand_filters(pool, users, run):
    failed, result = run({"user_pool_id": pool, "user_status": "FORCE_CHANGE_PASSWORD"})
    assert sorted(u["username"] for u in result["users"]) == ["bob", "carol"]


def test_filter_is_passed_to_list_users(pool, users, run):
    failed, result = run({"user_pool_id": pool, "filter": 'email ^= "car"'})
    assert [u["username"] for u in result["users"]] == ["carol"]


def test_one_user_comes_with_its_groups(pool, users, run):
    failed, result = run({"user_pool_id": pool, "username": "alice"})
    assert [(u["username"], u["user_status"], u["groups"]) for u in result["users"]] == [("alice", "CONFIRMED", ["admins"])]


def test_unknown_user_gives_no_users(pool, users, run):
    failed, result = run({"user_pool_id": pool, "username": "ghost"})
    assert not failed and result["users"] == []


def test_every_page_is_followed(aws, pool, run):
    for i in range(130):
        aws.admin_create_user(UserPoolId=pool, Username=f"u{i}", MessageAction="SUPPRESS")
    failed, result = run({"user_pool_id": pool})
    assert len(result["users"]) == 130


def test_verified_attributes_are_booleans_as_cognito_user_takes_them(aws, pool, run):
    aws.admin_create_user(UserPoolId=pool, Username="dave", MessageAction="SUPPRESS", UserAttributes=[
        {"Name": "email", "Value": "dave@example.com"}, {"Name": "email_verified", "Value": "true"},
        {"Name": "phone_number", "Value": "+15555550100"}, {"Name": "phone_number_verified", "Value": "false"}])
    failed, result = run({"user_pool_id": pool, "username": "dave"})
    attributes = result["users"][0]["attributes"]
    assert (attributes["email_verified"], attributes["phone_number_verified"]) == (True, False)
    assert attributes["email"] == "dave@example.com"  # every other value as Cognito stores it
