# -*- coding: utf-8 -*-
"""Signing in, and what Cognito's refusals mean, against botocore's Stubber with Cognito's real answers.

Cognito answers every refused sign-in with NotAuthorizedException and tells the
reasons apart only by message; moto words them differently, never locks users
out and accepts any SECRET_HASH.  The messages here are Cognito's:
"Incorrect username or password." (real AdminInitiateAuth answers quoted in
aws-amplify/aws-sdk-ios#1124), "Password attempts exceeded" (the developer
guide, "Authentication flow"), "Unable to verify secret hash for client <id>"
(AWS Knowledge Center), "Client <id> is configured for secret but secret was
not received" and "... with secret but SECRET_HASH was not received" (real
answers quoted in public issues), "User is disabled." (localstack#8454 quoting
AWS), "Temporary password has expired and must be reset by an administrator.".
The emulators' dialects are answered exactly as their sources word them: moto
5.2.1 (moto/cognitoidp/models.py, admin_initiate_auth) refuses a wrong password
with NotAuthorizedException whose message is the USERNAME sent; cognito-local
5.3.0 (lib/targets/adminInitiateAuth.js, lib/errors.js) with
InvalidPasswordException "Invalid password".
"""

from __future__ import annotations

import pytest

from ansible_collections.cognito.user_pool.plugins.module_utils import _sign_in
from ansible_collections.cognito.user_pool.plugins.module_utils._errors import CognitoError
from ansible_collections.cognito.user_pool.plugins.module_utils._sign_in import REFUSALS
from ansible_collections.cognito.user_pool.plugins.module_utils._sign_in import password_matches
from ansible_collections.cognito.user_pool.plugins.module_utils._sign_in import refusal
from ansible_collections.cognito.user_pool.plugins.module_utils._sign_in import secret_hash
from ansible_collections.cognito.user_pool.plugins.module_utils._sign_in import sign_in
from ansible_collections.cognito.user_pool.plugins.module_utils._sign_in import sign_in_users

POOL = "eu-west-1_TestPool1"
PASSWORD = "Zq9!never-printed"


@pytest.fixture
def stubbed(stub_client):
    return stub_client(1)


def _refuse(stubber, code, message):
    stubber.add_client_error("admin_initiate_auth", service_error_code=code, service_message=message, http_status_code=400)


def _matches(client, option="verify_client_id", secret_option="verify_client_secret"):
    return password_matches(client, "alice", PASSWORD, "client1", None, option, secret_option)


def test_the_secret_hash_is_the_base64_hmac_sha256_of_username_and_client_id():
    # Reference value computed once with: printf 'aliceclient1' | openssl dgst -sha256 -hmac sec -binary | base64
    assert secret_hash("alice", "client1", "sec") == "+yyiBOTlMddeWVGheKMtPHsCACVfKkJEuf0qQGvbPXo="


def test_the_secret_hash_is_sent_for_clients_with_a_secret(stubbed):
    client, stubber = stubbed
    expected = {"UserPoolId": POOL, "ClientId": "client1", "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
                "AuthParameters": {"USERNAME": "alice", "PASSWORD": PASSWORD, "SECRET_HASH": secret_hash("alice", "client1", "sec")}}
    stubber.add_response("admin_initiate_auth", {"AuthenticationResult": {}}, expected)
    assert password_matches(client, "alice", PASSWORD, "client1", "sec")


# -- the refusals table: code first, then words; each dialect one row ----------------------------

# Every answer below as its source words it, with the user "alice" signing in.
ANSWERS = [
    ("NotAuthorizedException", "Incorrect username or password.", _sign_in.INCORRECT),
    ("NotAuthorizedException", "Password attempts exceeded", _sign_in.LOCKED_OUT),
    ("NotAuthorizedException", "Unable to verify secret hash for client client1", _sign_in.SECRET_HASH),
    ("NotAuthorizedException", "Client client1 is configured for secret but secret was not received", _sign_in.SECRET_HASH),
    ("NotAuthorizedException", "Client client1 is configured with secret but SECRET_HASH was not received", _sign_in.SECRET_HASH),
    ("NotAuthorizedException", "User is disabled.", _sign_in.DISABLED),
    ("NotAuthorizedException", "Temporary password has expired and must be reset by an administrator.", _sign_in.EXPIRED),
    ("UserNotFoundException", "User does not exist.", _sign_in.UNKNOWN_USER),
    ("NotAuthorizedException", "alice", _sign_in.INCORRECT),  # moto
    ("InvalidPasswordException", "Invalid password", _sign_in.INCORRECT),  # cognito-local
]


@pytest.mark.parametrize("code,message,meaning", ANSWERS)
def test_each_answer_means_what_its_row_says(code, message, meaning):
    assert refusal(code, message, "alice") == meaning


def test_every_row_of_the_table_is_proven_by_an_answer():
    proven = {row for row in REFUSALS for code, message, dummy in ANSWERS if row.matches(code, message, "alice")}
    assert set(REFUSALS) == proven


@pytest.mark.parametrize("code,message", [
    ("NotAuthorizedException", "bob"),  # moto's words name the user sent; another name is not a wrong password
    ("NotAuthorizedException", "Invalid password"),  # cognito-local's words under Cognito's code
    ("InvalidPasswordException", "Password does not conform to policy: Password not long enough"),
    ("UserNotConfirmedException", "User is not confirmed."),
])
def test_words_read_under_another_code_or_for_another_user_say_nothing_about_the_password(code, message):
    assert refusal(code, message, "alice") == _sign_in.OTHER


# -- verification: only a refusal meaning INCORRECT says the password differs -----------

def test_tokens_mean_the_password_matches(stubbed):
    client, stubber = stubbed
    stubber.add_response("admin_initiate_auth", {"AuthenticationResult": {"AccessToken": "t"}})
    assert _matches(client) is True


def test_any_challenge_means_the_password_matches(stubbed):
    client, stubber = stubbed
    stubber.add_response("admin_initiate_auth", {"ChallengeName": "SOFTWARE_TOKEN_MFA", "Session": "s" * 20})
    assert _matches(client) is True


def test_incorrect_username_or_password_means_it_differs(stubbed):
    client, stubber = stubbed
    _refuse(stubber, "NotAuthorizedException", "Incorrect username or password.")
    assert _matches(client) is False


def test_moto_naming_the_user_means_it_differs(stubbed):
    client, stubber = stubbed
    _refuse(stubber, "NotAuthorizedException", "alice")
    assert _matches(client) is False


def test_cognito_local_refusing_an_invalid_password_means_it_differs(stubbed):
    client, stubber = stubbed
    _refuse(stubber, "InvalidPasswordException", "Invalid password")
    assert _matches(client) is False


def test_an_expired_temporary_password_must_be_set_again(stubbed):
    client, stubber = stubbed
    _refuse(stubber, "NotAuthorizedException", "Temporary password has expired and must be reset by an administrator.")
    assert _matches(client) is False


def test_a_lockout_is_an_error_never_a_password_change(stubbed):
    client, stubber = stubbed
    _refuse(stubber, "NotAuthorizedException", "Password attempts exceeded")
    with pytest.raises(CognitoError, match="locked the user out after too many failed sign-in attempts.*without verify_client_id"):
        _matches(client)


@pytest.mark.parametrize("message", [
    "Unable to verify secret hash for client client1",
    "Client client1 is configured for secret but secret was not received",
    "Client client1 is configured with secret but SECRET_HASH was not received",
])
def test_a_secret_hash_refusal_names_the_secret_option_never_a_password_change(stubbed, message):
    client, stubber = stubbed
    _refuse(stubber, "NotAuthorizedException", message)
    with pytest.raises(CognitoError, match="refused the SECRET_HASH. Set verify_client_secret to that app client's secret") as error:
        _matches(client)
    assert PASSWORD not in error.value.message


@pytest.mark.parametrize("message", ["User is disabled.", "Request not allowed due to security reasons.",
                                     "PreAuthentication failed with error nope."])
def test_any_other_refusal_is_an_error_that_leaves_the_password_alone(stubbed, message):
    client, stubber = stubbed
    _refuse(stubber, "NotAuthorizedException", message)
    with pytest.raises(CognitoError, match="refused the sign-in for a reason other than a wrong password"):
        _matches(client)


def test_a_client_without_the_admin_flow_names_the_option_that_gave_it(stubbed):
    client, stubber = stubbed
    _refuse(stubber, "InvalidParameterException", "Auth flow not enabled for this client")
    with pytest.raises(CognitoError, match="does not allow ADMIN_USER_PASSWORD_AUTH.*or use another verify_client_id"):
        _matches(client)


def test_an_unknown_app_client_is_named(stubbed):
    client, stubber = stubbed
    _refuse(stubber, "ResourceNotFoundException", "User pool client client1 does not exist.")
    with pytest.raises(CognitoError, match="App client client1 was not found in user pool"):
        sign_in(client, "alice", PASSWORD, "client1", None, client_option="client_id")


# -- the sign-in check -------------------------------------------------------------------------

def _one(client, username="alice"):
    return sign_in_users(client, [{"username": username, "password": PASSWORD}], "client1", None)[0]


def test_tokens_mean_signed_in(stubbed):
    client, stubber = stubbed
    stubber.add_response("admin_initiate_auth", {"AuthenticationResult": {"AccessToken": "t"}})
    assert _one(client).result() == {"username": "alice", "signed_in": True, "challenge_name": None}


def test_a_challenge_is_not_a_sign_in_and_is_named_with_advice(stubbed):
    client, stubber = stubbed
    stubber.add_response("admin_initiate_auth", {"ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": "s" * 20})
    outcome = _one(client)
    assert not outcome.signed_in and outcome.challenge_name == "NEW_PASSWORD_REQUIRED"
    assert f"User 'alice' in user pool {POOL} did not sign in" in outcome.error and "permanent: true" in outcome.error


@pytest.mark.parametrize("message,advice", [
    ("Incorrect username or password.", "the password is not the user's password."),
    ("Password attempts exceeded", "locked the user out"),
    ("User is disabled.", "the user is disabled."),
    ("Unable to verify secret hash for client client1", "set client_secret to the app client's secret."),
])
def test_a_refusal_says_what_it_means_and_quotes_cognito(stubbed, message, advice):
    client, stubber = stubbed
    _refuse(stubber, "NotAuthorizedException", message)
    outcome = _one(client)
    assert not outcome.signed_in and advice in outcome.error
    assert outcome.error.endswith(f"AWS said: NotAuthorizedException: {message}") and PASSWORD not in outcome.error


@pytest.mark.parametrize("code,message", [("NotAuthorizedException", "alice"), ("InvalidPasswordException", "Invalid password")],
                         ids=["moto", "cognito-local"])
def test_an_emulators_wrong_password_reads_as_a_wrong_password(stubbed, code, message):
    client, stubber = stubbed
    _refuse(stubber, code, message)
    outcome = _one(client)
    assert outcome.reason == _sign_in.INCORRECT
    assert outcome.error == (f"User 'alice' in user pool {POOL} could not sign in: the password is not the user's password. "
                             f"AWS said: {code}: {message}")


def test_an_unknown_user_fails_that_user_only(stubbed):
    client, stubber = stubbed
    _refuse(stubber, "UserNotFoundException", "User does not exist.")
    stubber.add_response("admin_initiate_auth", {"AuthenticationResult": {"AccessToken": "t"}})
    ghost, bob = sign_in_users(client, [{"username": "ghost", "password": PASSWORD}, {"username": "bob", "password": PASSWORD}],
                               "client1", None, max_concurrency=1)
    assert "the user does not exist" in ghost.error and bob.signed_in
