# -*- coding: utf-8 -*-
"""cognito_group in process against moto: each group's result, the summary and the diff, and what the pool then holds."""

from __future__ import annotations

import json

import boto3
import pytest
from botocore.awsrequest import AWSResponse

from ansible_collections.cognito.user_pool.plugins.modules import cognito_group

ROLE_ARN = "arn:aws:iam::123456789012:role/admins"
OTHER_ROLE_ARN = "arn:aws:iam::123456789012:role/auditors"
MIXED = [
    {"name": "admins", "description": "Administrators of the test environment", "precedence": 1},
    {"name": "writers", "precedence": 5, "role_arn": OTHER_ROLE_ARN},
    {"name": "readers", "state": "absent"},
]


@pytest.fixture
def run(run_module):
    return lambda args, **kwargs: run_module(cognito_group, args, **kwargs)


@pytest.fixture
def existing(aws, pool, operations):
    """admins (with every field) and readers (with none), as another tool left them."""
    aws.create_group(UserPoolId=pool, GroupName="admins", Description="Administrators", Precedence=0, RoleArn=ROLE_ARN)
    aws.create_group(UserPoolId=pool, GroupName="readers")
    operations.clear()


@pytest.fixture
def group_quota_reached(monkeypatch, operations):
    """CreateGroup refused for the group names added to the returned set, as when the pool holds as many groups as its
    quota allows. CreateGroup's API reference, Errors: "LimitExceededException: This exception is thrown when a user
    exceeds the limit for a requested AWS resource." moto has no group quota, so the refusal is botocore's answer to
    the call (a before-call handler's answer replaces the request)."""
    refused = set()
    counting_client = boto3.session.Session.client

    def refuse(params, **kwargs):
        if json.loads(params["body"])["GroupName"] not in refused:
            return None
        error = {"Code": "LimitExceededException",
                 "Message": "This exception is thrown when a user exceeds the limit for a requested AWS resource."}
        return AWSResponse("https://cognito-idp.us-east-1.amazonaws.com/", 400, {}, None), {
            "Error": error, "ResponseMetadata": {"HTTPStatusCode": 400, "HTTPHeaders": {}}}

    def refusing_client(self, *args, **kwargs):
        client = counting_client(self, *args, **kwargs)
        client.meta.events.register("before-call.cognito-idp.CreateGroup", refuse)
        return client

    monkeypatch.setattr(boto3.session.Session, "client", refusing_client)
    return refused


def live_groups(aws, pool):
    """Every group of the pool as moto keeps it: name -> (description, precedence, role_arn)."""
    return {group["GroupName"]: (group.get("Description") or None, group.get("Precedence"), group.get("RoleArn"))
            for group in aws.list_groups(UserPoolId=pool)["Groups"]}


def test_groups_are_created_with_their_description_precedence_and_role_arn(aws, pool, run, operations):
    failed, result = run({"user_pool_id": pool, "groups": [
        {"name": "admins", "description": "Administrators", "precedence": 0, "role_arn": ROLE_ARN},
        {"name": "readers"},
    ]})

    assert not failed and result["changed"] is True
    assert result["groups"] == [
        {"name": "admins", "changed": True, "actions": ["create"], "state": "present", "description": "Administrators",
         "precedence": 0, "role_arn": ROLE_ARN},
        {"name": "readers", "changed": True, "actions": ["create"], "state": "present", "description": None,
         "precedence": None, "role_arn": None},
    ]
    assert result["summary"] == {"created": 2, "updated": 0, "unchanged": 0, "deleted": 0, "failed": 0,
                                 "partially_applied": 0, "total": 2}
    assert live_groups(aws, pool) == {"admins": ("Administrators", 0, ROLE_ARN), "readers": (None, None, None)}
    assert operations.writes() == {"CreateGroup": 2}


def test_the_single_form_updates_the_declared_fields_keeps_the_others_and_returns_its_group_as_group(
        aws, pool, existing, run):
    failed, result = run({"user_pool_id": pool, "name": "admins", "precedence": 5})

    expected = {"name": "admins", "changed": True, "actions": ["update"], "state": "present",
                "description": "Administrators", "precedence": 5, "role_arn": ROLE_ARN}
    assert not failed and result["group"] == expected and result["groups"] == [expected]
    assert result["summary"]["updated"] == 1
    assert live_groups(aws, pool)["admins"] == ("Administrators", 5, ROLE_ARN)


def test_a_group_declared_absent_is_deleted_once_and_its_members_stay_users(aws, pool, existing, run, operations):
    aws.admin_create_user(UserPoolId=pool, Username="alice", MessageAction="SUPPRESS")
    aws.admin_add_user_to_group(UserPoolId=pool, Username="alice", GroupName="admins")
    operations.clear()

    failed, deleted = run({"user_pool_id": pool, "name": "admins", "state": "absent"})

    assert not failed and deleted["group"] == {"name": "admins", "changed": True, "actions": ["delete"], "state": "absent"}
    assert deleted["summary"]["deleted"] == 1 and operations.writes() == {"DeleteGroup": 1}
    assert live_groups(aws, pool) == {"readers": (None, None, None)}
    assert aws.admin_get_user(UserPoolId=pool, Username="alice")["Username"] == "alice"
    assert aws.admin_list_groups_for_user(UserPoolId=pool, Username="alice")["Groups"] == []
    operations.clear()

    failed, again = run({"user_pool_id": pool, "name": "admins", "state": "absent"})

    assert not failed and again["changed"] is False
    assert again["group"] == {"name": "admins", "changed": False, "actions": [], "state": "absent"}
    assert again["summary"]["unchanged"] == 1 and operations.writes() == {}


def test_check_mode_writes_nothing_and_reports_what_a_run_does_and_a_rerun_writes_nothing(
        aws, pool, existing, run, operations):
    before = live_groups(aws, pool)
    failed, checked = run({"user_pool_id": pool, "groups": MIXED}, check_mode=True)
    assert not failed and operations.writes() == {} and live_groups(aws, pool) == before

    failed, applied = run({"user_pool_id": pool, "groups": MIXED})

    assert checked["changed"] is True
    assert [group["actions"] for group in applied["groups"]] == [["update"], ["create"], ["delete"]]
    assert checked["groups"] == applied["groups"]
    assert checked["summary"] == applied["summary"] == {
        "created": 1, "updated": 1, "unchanged": 0, "deleted": 1, "failed": 0, "partially_applied": 0, "total": 3}
    operations.clear()

    failed, again = run({"user_pool_id": pool, "groups": MIXED})

    assert not failed and again["changed"] is False
    assert [group["actions"] for group in again["groups"]] == [[], [], []]
    assert again["summary"] == {"created": 0, "updated": 0, "unchanged": 3, "deleted": 0, "failed": 0,
                                "partially_applied": 0, "total": 3}
    assert operations.writes() == {}


def test_the_diff_shows_each_changed_group_before_and_after(aws, pool, existing, run):
    failed, result = run({"user_pool_id": pool, "groups": MIXED + [{"name": "legacy", "state": "absent"}]}, diff=True)

    assert not failed and result["diff"] == [
        {"before_header": "admins", "after_header": "admins",
         "before": {"state": "present", "description": "Administrators", "precedence": 0, "role_arn": ROLE_ARN},
         "after": {"state": "present", "description": "Administrators of the test environment", "precedence": 1,
                   "role_arn": ROLE_ARN}},
        {"before_header": "writers", "after_header": "writers", "before": {"state": "absent"},
         "after": {"state": "present", "description": None, "precedence": 5, "role_arn": OTHER_ROLE_ARN}},
        {"before_header": "readers", "after_header": "readers",
         "before": {"state": "present", "description": None, "precedence": None, "role_arn": None},
         "after": {"state": "absent"}},
    ]


def test_one_refused_group_fails_alone_and_the_task_fails_naming_it(aws, pool, run, group_quota_reached):
    group_quota_reached.add("broken")

    failed, result = run({"user_pool_id": pool, "groups": [
        {"name": "admins", "precedence": 0}, {"name": "broken", "role_arn": ROLE_ARN}, {"name": "readers"}]})

    assert failed
    assert result["summary"] == {"created": 2, "updated": 0, "unchanged": 0, "deleted": 0, "failed": 1,
                                 "partially_applied": 0, "total": 3}
    admins, broken, readers = result["groups"]
    assert admins["actions"] == readers["actions"] == ["create"]
    assert broken["actions"] == [] and broken["state"] == "absent"
    assert "CreateGroup" in broken["error"] and "'broken'" in broken["error"] and pool in broken["error"]
    assert "LimitExceededException" in broken["error"]
    assert result["msg"].startswith("1 of 3 groups failed. ") and "(1: broken)" in result["msg"]
    assert sorted(live_groups(aws, pool)) == ["admins", "readers"]


def test_a_group_declared_twice_fails_before_any_call(pool, run, operations):
    operations.clear()

    failed, result = run({"user_pool_id": pool, "groups": [{"name": "admins"}, {"name": "admins", "state": "absent"}]})

    assert failed and result["msg"] == "groups lists these names more than once: admins. Declare each group once."
    assert operations == {}
