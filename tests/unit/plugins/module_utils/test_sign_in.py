# -*- coding: utf-8 -*-
"""Signing users in to check them, against botocore's Stubber with Cognito's real answers.

moto never locks users out and ignores app-client auth flows; Stubber stands
in for Cognito there.
"""

from __future__ import annotations

import pytest

from ansible_collections.cognito.user_pool.plugins.module_utils.client import SignInAnswer
from ansible_collections.cognito.user_pool.plugins.module_utils.errors import CognitoError
from ansible_collections.cognito.user_pool.plugins.module_utils.sign_in import sign_in_users

POOL = "eu-west-1_TestPool1"
PASSWORD = "Zq9!never-printed"


@pytest.fixture
def stubbed(stub_client):
    return stub_client(retries=1)


def _refuse(stubber, code, message):
    stubber.add_client_error("admin_initiate_auth", service_error_code=code, service_message=message, http_status_code=400)


def _one(client, username="alice"):
    return sign_in_users(client, [{"username": username, "password": PASSWORD}], "client1", None)[0]


def test_tokens_mean_signed_in(stubbed):
    client, stubber = stubbed
    stubber.add_response("admin_initiate_auth", {"AuthenticationResult": {"AccessToken": "t"}})
    assert client.sign_in("alice", PASSWORD, "client1", None) == SignInAnswer()
    stubber.add_response("admin_initiate_auth", {"AuthenticationResult": {"AccessToken": "t"}})
    assert _one(client).result() == {"username": "alice", "signed_in": True, "challenge_name": None}


def test_a_challenge_is_not_a_sign_in_and_is_named_with_advice(stubbed):
    client, stubber = stubbed
    stubber.add_response("admin_initiate_auth", {"ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": "s" * 20})
    outcome = _one(client)
    assert not outcome.signed_in and outcome.challenge_name == "NEW_PASSWORD_REQUIRED"
    assert f"User 'alice' in user pool {POOL} did not sign in" in outcome.error
    assert "permanent: true" in outcome.error


def test_a_refusal_is_reported_in_cognitos_words(stubbed):
    client, stubber = stubbed
    _refuse(stubber, "NotAuthorizedException", "User is disabled.")
    outcome = _one(client)
    assert not outcome.signed_in and outcome.challenge_name is None
    assert "could not sign in: Cognito answered 'User is disabled.'" in outcome.error
    assert PASSWORD not in outcome.error


def test_a_lockout_is_a_refusal_when_checking_sign_in(stubbed):
    client, stubber = stubbed
    _refuse(stubber, "NotAuthorizedException", "Password attempts exceeded")
    assert client.sign_in("alice", PASSWORD, "client1", None).refused == "Password attempts exceeded"


def test_a_client_without_the_admin_flow_names_the_option_that_gave_it(stubbed):
    client, stubber = stubbed
    _refuse(stubber, "InvalidParameterException", "Auth flow not enabled for this client")
    with pytest.raises(CognitoError, match="or use another client_id"):
        client.sign_in("alice", PASSWORD, "client1", None)


def test_an_unknown_user_fails_that_user_only(stubbed):
    client, stubber = stubbed
    _refuse(stubber, "UserNotFoundException", "User does not exist.")
    stubber.add_response("admin_initiate_auth", {"AuthenticationResult": {"AccessToken": "t"}})
    ghost, bob = sign_in_users(client, [{"username": "ghost", "password": PASSWORD}, {"username": "bob", "password": PASSWORD}],
                               "client1", None, max_concurrency=1)
    assert "User 'ghost' was not found in user pool " + POOL in ghost.error
    assert bob.signed_in
