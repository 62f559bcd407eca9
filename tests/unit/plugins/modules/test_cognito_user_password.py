# -*- coding: utf-8 -*-
from __future__ import annotations

import json

import pytest

from ansible_collections.cognito.user_pool.plugins.modules import cognito_user_password

PASSWORD = "Zq9!unit-test-pw"
# What a result carries from Cognito's answers: the sub and dates it gives a user.
IDENTITY = ("sub", "user_create_date", "user_last_modified_date")


@pytest.fixture
def run(run_module):
    return lambda args, **kwargs: run_module(cognito_user_password, args, **kwargs)


def _status(aws, pool, username="alice"):
    return aws.admin_get_user(UserPoolId=pool, Username=username)["UserStatus"]


def test_new_admin_created_user_is_confirmed_then_left_alone(aws, pool, run, operations):
    aws.admin_create_user(UserPoolId=pool, Username="alice", MessageAction="SUPPRESS")
    failed, result = run({"user_pool_id": pool, "username": "alice", "password": PASSWORD})
    assert not failed and result["changed"]
    assert {key: value for key, value in result["user"].items() if key not in IDENTITY} == {
        "username": "alice", "state": "present", "user_status": "CONFIRMED", "enabled": True,
        "changed": True, "actions": ["set_password"]}
    assert _status(aws, pool) == "CONFIRMED"
    operations.clear()
    failed, result = run({"user_pool_id": pool, "username": "alice", "password": PASSWORD})
    assert not failed and not result["changed"]
    # Found as declared by the listing, which monthly-active-user billing does not count: no AdminGetUser.
    assert operations == {"DescribeUserPool": 1, "ListUsers": 1}


def test_check_mode_reports_the_change_and_makes_no_write_call(aws, pool, run, operations):
    aws.admin_create_user(UserPoolId=pool, Username="alice", MessageAction="SUPPRESS")
    operations.clear()
    failed, result = run({"user_pool_id": pool, "username": "alice", "password": PASSWORD}, check_mode=True)
    assert not failed and result["changed"] and result["user"]["user_status"] == "CONFIRMED"
    assert operations.writes() == {}
    # Listed, then read with AdminGetUser because a write would follow, as in a real run.
    assert operations == {"DescribeUserPool": 1, "ListUsers": 1, "AdminGetUser": 1}
    assert _status(aws, pool) == "FORCE_CHANGE_PASSWORD"


def test_diff_shows_user_status_before_and_after(aws, pool, run):
    aws.admin_create_user(UserPoolId=pool, Username="alice", MessageAction="SUPPRESS")
    failed, result = run({"user_pool_id": pool, "username": "alice", "password": PASSWORD}, diff=True)
    assert result["diff"] == {"before": {"user_status": "FORCE_CHANGE_PASSWORD"}, "after": {"user_status": "CONFIRMED"}}


def test_region_mismatch_fails_before_any_call(aws, pool, run, operations):
    failed, result = run({"user_pool_id": pool, "username": "alice", "password": PASSWORD, "region": "eu-west-1"})
    assert failed
    assert "us-east-1" in result["msg"] and "eu-west-1" in result["msg"]
    assert sum(operations.values()) == 0


def test_unknown_user_names_user_and_pool_in_check_mode_too(aws, pool, run):
    failed, result = run({"user_pool_id": pool, "username": "ghost", "password": PASSWORD}, check_mode=True)
    assert failed and "User 'ghost' was not found in user pool " + pool in result["msg"]


def test_policy_violation_fails_before_any_write(aws, pool, run, operations):
    aws.admin_create_user(UserPoolId=pool, Username="alice", MessageAction="SUPPRESS")
    operations.clear()
    failed, result = run({"user_pool_id": pool, "username": "alice", "password": "weakpass"})
    assert failed and "at least" not in result["msg"]
    assert "uppercase letter" in result["msg"] and "digit" in result["msg"] and "symbol" in result["msg"]
    assert operations.writes() == {}
    assert "weakpass" not in json.dumps(result)


def test_update_password_always_reports_a_change_every_run(aws, pool, run):
    aws.admin_create_user(UserPoolId=pool, Username="alice", MessageAction="SUPPRESS")
    for dummy in range(2):
        failed, result = run({"user_pool_id": pool, "username": "alice", "password": PASSWORD, "update_password": "always"})
        assert not failed and result["changed"]


def test_the_password_is_masked_in_every_result(aws, pool, run):
    aws.admin_create_user(UserPoolId=pool, Username="alice", MessageAction="SUPPRESS")
    failed, result = run({"user_pool_id": pool, "username": "alice", "password": PASSWORD}, diff=True)
    assert PASSWORD not in json.dumps(result)
