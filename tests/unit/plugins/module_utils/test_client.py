# -*- coding: utf-8 -*-
"""The client wrapper against botocore's Stubber, with Cognito's real error codes.

moto neither throttles, nor locks users out, nor refuses access, nor honours
app-client auth flows; these tests stand in for Cognito there.
"""

from __future__ import annotations

import pytest

from ansible_collections.amazon.aws.plugins.module_utils import cloud
from ansible_collections.cognito.user_pool.plugins.module_utils.client import RateLimiter
from ansible_collections.cognito.user_pool.plugins.module_utils.client import resolve_region
from ansible_collections.cognito.user_pool.plugins.module_utils.client import secret_hash
from ansible_collections.cognito.user_pool.plugins.module_utils.errors import CognitoError

POOL = "eu-west-1_TestPool1"
PASSWORD = "Zq9!never-printed"


@pytest.fixture
def sleeps(monkeypatch):
    """Record the backoff sleeps instead of sleeping."""
    slept = []
    monkeypatch.setattr(cloud.time, "sleep", slept.append)
    return slept


@pytest.fixture
def stubbed(stub_client):
    return stub_client(retries=4)


def _throttle(stubber, method):
    stubber.add_client_error(method, service_error_code="TooManyRequestsException", service_message="Too many requests",
                             http_status_code=400)


def test_throttling_is_retried_with_backoff_and_not_surfaced(stubbed, sleeps):
    client, stubber = stubbed
    for dummy in range(3):
        _throttle(stubber, "admin_set_user_password")
    stubber.add_response("admin_set_user_password", {})
    client.set_user_password("alice", PASSWORD, True)
    assert len(sleeps) == 3


def test_throttling_through_every_retry_fails_with_advice(stubbed, sleeps):
    client, stubber = stubbed
    for dummy in range(4):
        _throttle(stubber, "admin_set_user_password")
    with pytest.raises(CognitoError) as error:
        client.set_user_password("alice", PASSWORD, True)
    assert "kept throttling AdminSetUserPassword for user 'alice'" in error.value.message
    assert "max_concurrency" in error.value.message
    assert len(sleeps) == 3


def test_access_denied_names_the_refused_iam_action_and_pool(stubbed):
    client, stubber = stubbed
    stubber.add_client_error(
        "admin_set_user_password", service_error_code="AccessDeniedException", http_status_code=400,
        service_message="User: arn:aws:iam::123456789012:user/ci is not authorized to perform: "
                        "cognito-idp:AdminSetUserPassword on resource: arn:aws:cognito-idp:eu-west-1:123456789012:userpool/" + POOL,
    )
    with pytest.raises(CognitoError) as error:
        client.set_user_password("alice", PASSWORD, True)
    assert "Access denied" in error.value.message
    assert "cognito-idp:AdminSetUserPassword" in error.value.message
    assert POOL in error.value.message
    assert PASSWORD not in str(error.value)


def test_access_denied_on_a_read_names_that_read_action(stubbed):
    client, stubber = stubbed
    stubber.add_client_error("describe_user_pool", service_error_code="AccessDeniedException", http_status_code=400)
    with pytest.raises(CognitoError, match="cognito-idp:DescribeUserPool"):
        client.describe_user_pool()


def test_unknown_pool_names_pool_and_region(stubbed):
    client, stubber = stubbed
    stubber.add_client_error("describe_user_pool", service_error_code="ResourceNotFoundException", http_status_code=400)
    with pytest.raises(CognitoError, match=f"User pool {POOL} was not found in region eu-west-1"):
        client.describe_user_pool()


def test_missing_user_reads_as_none(stubbed):
    client, stubber = stubbed
    stubber.add_client_error("admin_get_user", service_error_code="UserNotFoundException", http_status_code=400)
    assert client.get_user("ghost") is None


def test_invalid_password_from_cognito_is_explained_without_the_password(stubbed):
    client, stubber = stubbed
    stubber.add_client_error("admin_set_user_password", service_error_code="InvalidPasswordException",
                             service_message="Password did not conform with policy: Password not long enough", http_status_code=400)
    with pytest.raises(CognitoError) as error:
        client.set_user_password("alice", PASSWORD, True)
    assert "rejected the password for user 'alice'" in error.value.message
    assert PASSWORD not in str(error.value)


def _auth_error(stubber, code, message):
    stubber.add_client_error("admin_initiate_auth", service_error_code=code, service_message=message, http_status_code=400)


def test_sign_in_with_tokens_means_the_password_matches(stubbed):
    client, stubber = stubbed
    stubber.add_response("admin_initiate_auth", {"AuthenticationResult": {"AccessToken": "t"}})
    assert client.password_matches("alice", PASSWORD, "client1", None) is True


def test_any_challenge_means_the_password_matches(stubbed):
    client, stubber = stubbed
    stubber.add_response("admin_initiate_auth", {"ChallengeName": "SOFTWARE_TOKEN_MFA", "Session": "s" * 20})
    assert client.password_matches("alice", PASSWORD, "client1", None) is True


def test_wrong_password_means_it_differs(stubbed):
    client, stubber = stubbed
    _auth_error(stubber, "NotAuthorizedException", "Incorrect username or password.")
    assert client.password_matches("alice", PASSWORD, "client1", None) is False


def test_lockout_is_an_error_not_a_mismatch(stubbed):
    client, stubber = stubbed
    _auth_error(stubber, "NotAuthorizedException", "Password attempts exceeded")
    with pytest.raises(CognitoError, match="locked the user out"):
        client.password_matches("alice", PASSWORD, "client1", None)


def test_client_without_admin_password_flow_is_explained(stubbed):
    client, stubber = stubbed
    _auth_error(stubber, "InvalidParameterException", "Auth flow not enabled for this client")
    with pytest.raises(CognitoError, match="ALLOW_ADMIN_USER_PASSWORD_AUTH"):
        client.password_matches("alice", PASSWORD, "client1", None)


def test_unknown_app_client_is_named(stubbed):
    client, stubber = stubbed
    _auth_error(stubber, "ResourceNotFoundException", "client not found")
    with pytest.raises(CognitoError, match="app client client1 was not found"):
        client.password_matches("alice", PASSWORD, "client1", None)


def test_secret_hash_is_sent_for_clients_with_a_secret(stubbed):
    client, stubber = stubbed
    expected = {
        "UserPoolId": POOL, "ClientId": "client1", "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
        "AuthParameters": {"USERNAME": "alice", "PASSWORD": PASSWORD, "SECRET_HASH": secret_hash("alice", "client1", "sec")},
    }
    stubber.add_response("admin_initiate_auth", {"AuthenticationResult": {}}, expected)
    assert client.password_matches("alice", PASSWORD, "client1", "sec")


def test_secret_hash_is_the_base64_hmac_sha256_of_username_and_client_id():
    # Reference value computed once with: printf 'aliceclient1' | openssl dgst -sha256 -hmac sec -binary | base64
    assert secret_hash("alice", "client1", "sec") == "+yyiBOTlMddeWVGheKMtPHsCACVfKkJEuf0qQGvbPXo="


def test_list_users_follows_every_page(stubbed):
    client, stubber = stubbed
    stubber.add_response("list_users", {"Users": [{"Username": "a"}], "PaginationToken": "p2"},
                         {"UserPoolId": POOL, "Limit": 60})
    stubber.add_response("list_users", {"Users": [{"Username": "b"}]},
                         {"UserPoolId": POOL, "Limit": 60, "PaginationToken": "p2"})
    assert [user["Username"] for user in client.list_users()] == ["a", "b"]


def test_pool_region_is_used_when_none_is_configured():
    assert resolve_region(POOL, None) == "eu-west-1"


def test_configured_region_equal_to_the_pools_is_accepted():
    assert resolve_region(POOL, "eu-west-1") == "eu-west-1"


def test_region_mismatch_names_both_regions():
    with pytest.raises(CognitoError, match="user pool eu-west-1_TestPool1 is in region eu-west-1, but the configured region is us-east-1"):
        resolve_region(POOL, "us-east-1")


def test_malformed_pool_id_is_explained():
    with pytest.raises(CognitoError, match="is not a Cognito user pool id"):
        resolve_region("my-pool", None)


class FakeClock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def test_rate_limiter_allows_a_one_second_burst_then_the_rate():
    clock = FakeClock()
    limiter = RateLimiter({"UserUpdate": 10}, clock=clock, sleep=clock.sleep)
    for dummy in range(10):
        limiter.acquire("UserUpdate")
    assert clock.now == pytest.approx(100.0)
    for dummy in range(20):
        limiter.acquire("UserUpdate")
    assert clock.now == pytest.approx(102.0)


def test_rate_limiter_keeps_categories_apart():
    clock = FakeClock()
    limiter = RateLimiter({"UserUpdate": 1, "UserRead": 1}, clock=clock, sleep=clock.sleep)
    limiter.acquire("UserUpdate")
    limiter.acquire("UserRead")
    assert clock.now == pytest.approx(100.0)


def test_rate_limiter_with_no_rate_never_waits():
    clock = FakeClock()
    limiter = RateLimiter({"UserUpdate": 0}, clock=clock, sleep=clock.sleep)
    for dummy in range(1000):
        limiter.acquire("UserUpdate")
    assert clock.now == 100.0
