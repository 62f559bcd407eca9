# -*- coding: utf-8 -*-
from __future__ import annotations

import json

import pytest

from ansible_collections.cognito.user_pool.plugins.modules import cognito_user_sign_in

PASSWORD = "Zq9!unit-test-pw"
OTHER_PASSWORD = "Yp8!another-pw-1"


@pytest.fixture
def app_client(aws, pool):
    return aws.create_user_pool_client(UserPoolId=pool, ClientName="automation",
                                       ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH"])["UserPoolClient"]["ClientId"]


@pytest.fixture
def run(run_module, pool, app_client):
    def run(users, **kwargs):
        args = {"user_pool_id": pool, "client_id": app_client, "users": users}
        return run_module(cognito_user_sign_in, args, **kwargs)

    return run


def _user(aws, pool, username, password=PASSWORD, permanent=True):
    aws.admin_create_user(UserPoolId=pool, Username=username, MessageAction="SUPPRESS", TemporaryPassword=password)
    if permanent:
        aws.admin_set_user_password(UserPoolId=pool, Username=username, Password=password, Permanent=True)


def test_confirmed_users_sign_in_and_nothing_changes(aws, pool, run, operations):
    _user(aws, pool, "alice")
    _user(aws, pool, "bob")
    operations.clear()
    failed, result = run([{"username": "alice", "password": PASSWORD}, {"username": "bob", "password": PASSWORD}])
    assert not failed and not result["changed"]
    assert result["users"] == [{"username": "alice", "signed_in": True, "challenge_name": None},
                               {"username": "bob", "signed_in": True, "challenge_name": None}]
    assert dict(operations) == {"AdminInitiateAuth": 2}


def test_fails_listing_every_user_that_did_not_sign_in(aws, pool, run):
    _user(aws, pool, "alice")
    _user(aws, pool, "temporary", permanent=False)
    _user(aws, pool, "wrong")
    failed, result = run([{"username": "alice", "password": PASSWORD}, {"username": "temporary", "password": PASSWORD},
                          {"username": "wrong", "password": OTHER_PASSWORD}, {"username": "ghost", "password": PASSWORD}])
    assert failed and not result["changed"]
    assert result["msg"].startswith("3 of 4 users did not sign in. ")
    by_name = {user["username"]: user for user in result["users"]}
    assert by_name["alice"]["signed_in"] and "error" not in by_name["alice"]
    assert by_name["temporary"]["challenge_name"] == "NEW_PASSWORD_REQUIRED"
    assert "challenge NEW_PASSWORD_REQUIRED" in by_name["temporary"]["error"]
    assert "could not sign in" in by_name["wrong"]["error"]
    assert "User 'ghost' in user pool" in by_name["ghost"]["error"]


def test_a_disabled_user_does_not_sign_in(aws, pool, run):
    _user(aws, pool, "alice")
    aws.admin_disable_user(UserPoolId=pool, Username="alice")
    failed, result = run([{"username": "alice", "password": PASSWORD}])
    assert failed and "User is disabled." in result["users"][0]["error"]


def test_check_mode_signs_in_too_and_reports_no_change(aws, pool, run, operations):
    _user(aws, pool, "alice")
    operations.clear()
    failed, result = run([{"username": "alice", "password": PASSWORD}], check_mode=True)
    assert not failed and not result["changed"] and result["users"][0]["signed_in"]
    assert dict(operations) == {"AdminInitiateAuth": 1}


def test_app_client_secret_is_used_for_the_secret_hash(aws, pool, run_module, operations):
    created = aws.create_user_pool_client(UserPoolId=pool, ClientName="confidential", GenerateSecret=True,
                                          ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH"])["UserPoolClient"]
    _user(aws, pool, "alice")
    failed, result = run_module(cognito_user_sign_in, {
        "user_pool_id": pool, "client_id": created["ClientId"], "client_secret": created["ClientSecret"],
        "users": [{"username": "alice", "password": PASSWORD}],
    })
    assert not failed and result["users"][0]["signed_in"]
    assert created["ClientSecret"] not in json.dumps(result)


def test_passwords_never_appear_in_the_result(aws, pool, run):
    _user(aws, pool, "alice")
    failed, result = run([{"username": "alice", "password": OTHER_PASSWORD}, {"username": "ghost", "password": PASSWORD}])
    assert failed
    assert PASSWORD not in json.dumps(result) and OTHER_PASSWORD not in json.dumps(result)


def test_region_mismatch_fails_before_any_call(aws, pool, run_module, app_client, operations):
    failed, result = run_module(cognito_user_sign_in, {
        "user_pool_id": pool, "client_id": app_client, "region": "eu-west-1",
        "users": [{"username": "alice", "password": PASSWORD}],
    })
    assert failed and "eu-west-1" in result["msg"]
    assert sum(operations.values()) == 0


def _claims(token):
    import base64

    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def test_tokens_are_returned_when_asked_for_each_user_that_signed_in(aws, pool, app_client, run_module):
    _user(aws, pool, "alice")
    _user(aws, pool, "temporary", permanent=False)
    failed, result = run_module(cognito_user_sign_in, {
        "user_pool_id": pool, "client_id": app_client, "return_tokens": True,
        "users": [{"username": "alice", "password": PASSWORD}, {"username": "temporary", "password": PASSWORD}]})
    alice, temporary = result["users"]
    assert set(alice["tokens"]) == {"access_token", "id_token", "refresh_token", "token_type", "expires_in"}
    assert _claims(alice["tokens"]["access_token"])["username"] == "alice"
    assert _claims(alice["tokens"]["id_token"])["cognito:username"] == "alice"
    assert "tokens" not in temporary  # answered with a challenge: no tokens to return


def test_tokens_are_not_returned_unless_asked(aws, pool, run):
    _user(aws, pool, "alice")
    failed, result = run([{"username": "alice", "password": PASSWORD}])
    assert not failed and "tokens" not in result["users"][0]


def test_a_sign_in_answers_repr_hides_the_tokens_and_session():
    from ansible_collections.cognito.user_pool.plugins.module_utils._sign_in import SignInAnswer

    answer = SignInAnswer(session="session-secret", tokens={"AccessToken": "token-secret"})
    assert "secret" not in repr(answer) and "********" in repr(answer)
