# -*- coding: utf-8 -*-
"""cognito_user's result when its purge fails after users were written: changed, every user, the counts, and why.

The module runs against moto; a botocore ``before-call`` hook answers the
purge's calls with the fault instead (AccessDeniedException, throttling on
every attempt, or no answer at all until the breaker stops the run), at each
step of the purge: the listing of its scope, a delete.
"""

from __future__ import annotations

import json

import boto3
import botocore.awsrequest
import botocore.exceptions
import pytest

from ansible_collections.cognito.user_pool.plugins.modules import cognito_user

PASSWORD = "Zq9!unit-test-pw"
SCOPE_FILTER = 'username ^= "test-"'
FAULTS = {
    "access-denied": ("AccessDeniedException", "User: arn:aws:iam::123456789012:user/seeder is not authorized to perform: "
                                               "cognito-idp:{operation}"),
    "throttled-past-max-attempts": ("TooManyRequestsException", "Rate exceeded"),
    "breaker": None,  # no answer: a connection error on every attempt
}
EXPECTED = {
    "access-denied": "Access denied: the AWS identity running this task may not call cognito-idp:{operation}",
    "throttled-past-max-attempts": "Cognito kept throttling {operation} for ",
    "breaker": "Stopped early: Cognito in region us-east-1 did not answer 2 requests in a row",
}


@pytest.fixture
def run(run_module):
    return lambda args, **kwargs: run_module(cognito_user, args, **kwargs)


@pytest.fixture
def fault(monkeypatch):
    """``fault(operation, kind, when)``: the module's calls of ``operation`` that ``when`` picks get ``kind``."""
    rules = []
    real_client = boto3.session.Session.client

    def answer(model, params, **kwargs):
        request = json.loads(params["body"] or b"{}")
        for operation, kind, when in rules:
            if model.name == operation and when(request):
                if FAULTS[kind] is None:
                    raise botocore.exceptions.EndpointConnectionError(endpoint_url="https://cognito-idp.us-east-1.amazonaws.com/")
                code, message = FAULTS[kind]
                response = botocore.awsrequest.AWSResponse("https://cognito-idp.us-east-1.amazonaws.com/", 400, {}, None)
                return response, {"Error": {"Code": code, "Message": message.format(operation=operation)},
                                  "ResponseMetadata": {"HTTPStatusCode": 400}}
        return None

    def faulty_client(self, *args, **kwargs):
        client = real_client(self, *args, **kwargs)
        client.meta.events.register_first("before-call.cognito-idp", answer)
        return client

    monkeypatch.setattr(boto3.session.Session, "client", faulty_client)
    return lambda operation, kind, when=lambda request: True: rules.append((operation, kind, when))


@pytest.fixture
def leftovers(aws, pool):
    for username in ("test-old1", "test-old2"):
        aws.admin_create_user(UserPoolId=pool, Username=username, MessageAction="SUPPRESS")
    return pool


def purge_task(pool):
    return {"user_pool_id": pool, "users": [{"username": "test-new", "password": PASSWORD}], "purge_users": True,
            "purge_scope": "test-", "max_attempts": 2, "connection_failure_limit": 2}


def created_and_reported(failed, result):
    assert failed and result["changed"] is True
    entry = result["users"][0]
    assert {key: entry[key] for key in ("username", "changed", "actions", "state", "user_status", "enabled")} == {
        "username": "test-new", "changed": True, "actions": ["create", "set_password"],
        "state": "present", "user_status": "CONFIRMED", "enabled": True}
    assert {key: result["summary"][key] for key in ("created", "failed", "total")} == {"created": 1, "failed": 0, "total": 1}


@pytest.mark.parametrize("kind", FAULTS)
def test_a_purge_whose_listing_fails_says_what_was_written_and_why_the_purge_stopped(aws, leftovers, run, fault, kind):
    fault("ListUsers", kind, lambda request: request.get("Filter") == SCOPE_FILTER)

    failed, result = run(purge_task(leftovers))

    created_and_reported(failed, result)
    assert len(result["users"]) == 1
    assert result["purge_error"].startswith(EXPECTED[kind].format(operation="ListUsers"))
    assert result["msg"] == f"The purge of undeclared users under 'test-' stopped: {result['purge_error']}"
    assert result["summary"] == {"created": 1, "updated": 0, "unchanged": 0, "deleted": 0, "failed": 0, "partially_applied": 0,
                                 "total": 1, "purged": 0, "purge_already_absent": 0, "purge_failed": 0, "purge_kept": 0}
    assert sorted(user["Username"] for user in aws.list_users(UserPoolId=leftovers)["Users"]) == [
        "test-new", "test-old1", "test-old2"]


@pytest.mark.parametrize("kind", ["access-denied", "throttled-past-max-attempts"])
def test_a_purge_whose_delete_fails_says_what_was_written_and_which_users_stay(aws, leftovers, run, fault, kind):
    fault("AdminDeleteUser", kind, lambda request: request["Username"] == "test-old1")

    failed, result = run(purge_task(leftovers))

    created_and_reported(failed, result)
    old1, old2 = result["users"][1:]
    assert (old1["username"], old1["actions"], old1["changed"]) == ("test-old1", [], False)
    assert old1["error"].startswith(EXPECTED[kind].format(operation="AdminDeleteUser"))
    assert (old2["username"], old2["actions"], old2["state"]) == ("test-old2", ["delete"], "absent")
    assert (result["summary"]["purged"], result["summary"]["purge_failed"]) == (1, 1)
    assert result["msg"].startswith("1 of 2 undeclared users under 'test-' could not be removed. ")
    assert "purge_error" not in result
    assert sorted(user["Username"] for user in aws.list_users(UserPoolId=leftovers)["Users"]) == ["test-new", "test-old1"]


def test_a_purge_whose_deletes_the_breaker_stops_says_what_was_written_and_that_the_users_stay(aws, leftovers, run, fault):
    fault("AdminDeleteUser", "breaker")

    failed, result = run(dict(purge_task(leftovers), max_concurrency=1))

    created_and_reported(failed, result)
    assert [(user["username"], user["actions"], user["state"]) for user in result["users"][1:]] == [
        ("test-old1", [], None), ("test-old2", [], None)]  # whether a delete that got no answer went through is unknown
    assert [entry["error"] for entry in result["users"][1:]] == ["See failures[0]."] * 2
    [stopped] = result["failures"]
    assert stopped["reason"].startswith(EXPECTED["breaker"]) and stopped["count"] == 2
    assert (result["summary"]["purged"], result["summary"]["purge_failed"]) == (0, 2)
    assert result["msg"].startswith("2 of 2 undeclared users under 'test-' could not be removed. Stopped early:")


def test_a_purge_that_removes_everyone_counts_them_apart_from_the_declared_users(aws, leftovers, run):
    failed, result = run(purge_task(leftovers))

    assert not failed and result["changed"] is True
    assert result["summary"] == {"created": 1, "updated": 0, "unchanged": 0, "deleted": 0, "failed": 0, "partially_applied": 0,
                                 "total": 1, "purged": 2, "purge_already_absent": 0, "purge_failed": 0, "purge_kept": 0}


def test_an_empty_users_list_with_purge_empties_the_scope(aws, leftovers, run):
    aws.admin_create_user(UserPoolId=leftovers, Username="other", MessageAction="SUPPRESS")

    failed, result = run({"user_pool_id": leftovers, "users": [], "purge_users": True, "purge_scope": "test-"})

    assert not failed and result["changed"] is True
    assert [(user["username"], user["actions"]) for user in result["users"]] == [("test-old1", ["delete"]),
                                                                                 ("test-old2", ["delete"])]
    assert (result["summary"]["total"], result["summary"]["purged"]) == (0, 2)
    assert [user["Username"] for user in aws.list_users(UserPoolId=leftovers)["Users"]] == ["other"]


def test_users_failing_for_one_reason_carry_it_once_in_failures_and_each_refers_to_it(aws, pool, run):
    users = [{"username": f"weak{index}", "password": "weak"} for index in range(3)]
    users.append({"username": "lost", "password": PASSWORD, "groups": ["ghosts"]})

    failed, result = run({"user_pool_id": pool, "users": users})

    assert failed
    password_policy, ghosts = result["failures"]
    assert password_policy["count"] == 3 and "password policy" in password_policy["reason"]
    assert [user["error"] for user in result["users"][:3]] == ["See failures[0]."] * 3
    # A reason only one user has stays in that user's entry, in full.
    assert ghosts == {"reason": ghosts["reason"], "count": 1, "examples": ["lost"]} and "'ghosts'" in ghosts["reason"]
    assert result["users"][3]["error"].startswith("User 'lost' declares group 'ghosts'")
    assert json.dumps(result).count(password_policy["reason"]) == 2  # failures and msg, not once per user
