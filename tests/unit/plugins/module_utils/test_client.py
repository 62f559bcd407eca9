# -*- coding: utf-8 -*-
"""The client: one retry layer, every attempt paced, errors that say what failed, against botocore's Stubber.

moto neither throttles, nor refuses access, nor answers ResourceNotFoundException
the way Cognito words it; Stubber stands in for Cognito with its real codes.
"""

from __future__ import annotations

import boto3
import botocore.exceptions
import pytest

from ansible_collections.cognito.user_pool.plugins.module_utils._client import CognitoClient

from ansible_collections.cognito.user_pool.plugins.module_utils._errors import CognitoError
from ansible_collections.cognito.user_pool.plugins.module_utils._operations import DEFAULT_RATE_LIMITS
from ansible_collections.cognito.user_pool.plugins.module_utils._pacing import RateLimiter

POOL = "eu-west-1_TestPool1"
PASSWORD = "Zq9!never-printed"


@pytest.fixture
def stubbed(stub_client):
    return stub_client(4)


def _error(stubber, method, code, message="", status=400):
    stubber.add_client_error(method, service_error_code=code, service_message=message, http_status_code=status)


def _message(call):
    with pytest.raises(CognitoError) as error:
        call()
    message = error.value.message
    # Every message ends cleanly, quotes AWS at most once, and never holds a password.
    assert ".:" not in message and message.count("AWS said") <= 1 and PASSWORD not in message
    return message


# -- one retry layer ---------------------------------------------------------------------------

def test_a_throttled_call_is_retried_with_backoff_and_not_surfaced(stubbed, sleeps):
    client, stubber = stubbed
    for dummy in range(3):
        _error(stubber, "admin_set_user_password", "TooManyRequestsException", "Too many requests")
    stubber.add_response("admin_set_user_password", {})
    client.call("AdminSetUserPassword", {"Username": "alice", "Password": PASSWORD, "Permanent": True})
    assert len(sleeps) == 3 and client.attempts["AdminSetUserPassword"] == 4


@pytest.mark.parametrize("max_attempts", [1, 3, 5])
def test_a_throttled_call_is_attempted_no_more_times_than_configured(stub_client, sleeps, max_attempts):
    client, stubber = stub_client(max_attempts)
    for dummy in range(max_attempts):
        _error(stubber, "admin_set_user_password", "TooManyRequestsException", "Too many requests")
    request = {"Username": "alice", "Password": PASSWORD, "Permanent": True}
    message = _message(lambda: client.call("AdminSetUserPassword", request))
    # The stubber would fail on an attempt beyond its answers; the count and the message agree.
    assert client.attempts["AdminSetUserPassword"] == max_attempts == client.throttled["AdminSetUserPassword"]
    assert f"gave up after {max_attempts} attempts" in message
    assert "rate_limits.UserAccountRecovery" in message and "max_concurrency" in message
    assert len(sleeps) == max_attempts - 1


def test_the_rate_limiter_paces_every_attempt_retries_included(stubbed):
    client, stubber = stubbed
    taken = []
    client.limiter = RateLimiter({})
    client.limiter.acquire = lambda operation, username=None: taken.append((operation, username)) or 0.0
    for dummy in range(2):
        _error(stubber, "admin_get_user", "TooManyRequestsException", "Too many requests")
    stubber.add_response("admin_get_user", {"Username": "alice"})
    client.get_user("alice")
    assert taken == [("AdminGetUser", "alice")] * 3


def test_backoff_waits_grow_and_are_capped(stubbed):
    client, dummy = stubbed
    policy = client.retry_policy._replace(base_delay=0.5, max_delay=4.0)
    assert [policy.delay(attempt, draw=lambda: 1.0) for attempt in range(1, 7)] == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]


def test_a_transient_internal_error_is_retried(stubbed, sleeps):
    client, stubber = stubbed
    _error(stubber, "describe_user_pool", "InternalErrorException", "Internal error", status=500)
    stubber.add_response("describe_user_pool", {"UserPool": {"Id": POOL}})
    assert client.describe_user_pool()["Id"] == POOL and len(sleeps) == 1


def test_a_refusal_is_not_retried(stubbed, sleeps):
    client, stubber = stubbed
    _error(stubber, "admin_get_user", "NotAuthorizedException", "Not authorized")
    _message(lambda: client.get_user("alice"))
    assert sleeps == [] and client.attempts["AdminGetUser"] == 1


# -- what failed, in words ---------------------------------------------------------------------

def test_access_denied_names_the_refused_iam_action_and_pool(stubbed):
    client, stubber = stubbed
    _error(stubber, "admin_set_user_password", "AccessDeniedException",
           "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: cognito-idp:AdminSetUserPassword")
    message = _message(lambda: client.call("AdminSetUserPassword", {"Username": "alice", "Password": PASSWORD, "Permanent": True}))
    assert message.startswith(f"Access denied: the AWS identity running this task may not call cognito-idp:AdminSetUserPassword "
                              f"on user pool {POOL} (region eu-west-1).")


def test_access_denied_ends_with_aws_words(stubbed):
    client, stubber = stubbed
    aws_text = "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: cognito-idp:AdminGetUser"
    _error(stubber, "admin_get_user", "AccessDeniedException", aws_text)
    message = _message(lambda: client.get_user("alice"))
    assert message.endswith(f" AWS said: AccessDeniedException: {aws_text}.")


def test_a_refused_iam_passrole_is_named_as_aws_named_it_not_as_the_cognito_action(stubbed):
    # The Service Authorization Reference lists iam:PassRole as a dependent action of CreateGroup; IAM's refusal
    # names it, in its usual words.
    client, stubber = stubbed
    role = "arn:aws:iam::123456789012:role/admins"
    aws_text = f"User: arn:aws:iam::123456789012:user/ci is not authorized to perform: iam:PassRole on resource: {role}"
    _error(stubber, "create_group", "AccessDeniedException", aws_text)
    message = _message(lambda: client.call("CreateGroup", {"GroupName": "admins", "RoleArn": role}))
    assert message.startswith(f"Access denied: the AWS identity running this task may not pass the IAM role of group "
                              f"'admins' in user pool {POOL} to Cognito (iam:PassRole, which CreateGroup needs when a "
                              "group has a role_arn). Allow iam:PassRole on the group's role_arn in its IAM policy;")
    assert "cognito-idp:CreateGroup" not in message
    assert message.endswith(f" AWS said: AccessDeniedException: {aws_text}.")


@pytest.mark.parametrize("code", ["UnrecognizedClientException", "InvalidClientTokenId", "InvalidSignatureException",
                                  "ExpiredTokenException"])
def test_wrong_credentials_are_named_as_credentials_not_as_a_missing_iam_action(stubbed, code):
    client, stubber = stubbed
    _error(stubber, "describe_user_pool", code, "The security token included in the request is invalid.", status=403)
    message = _message(client.describe_user_pool)
    assert "AWS did not accept the credentials calling DescribeUserPool" in message and "IAM" not in message
    assert message.endswith(f"AWS said: {code}: The security token included in the request is invalid.")


@pytest.mark.parametrize("aws_message,credentials", [
    ("The security token included in the request is invalid.", True),
    ("The request signature we calculated does not match the signature you provided.", True),
    ("Forbidden", False),
])
def test_a_bare_403_is_a_credentials_problem_only_when_its_words_say_so(stubbed, aws_message, credentials):
    # An answer botocore cannot parse (an XML body from a proxy or an emulator) reaches us as code "403".
    client, stubber = stubbed
    _error(stubber, "describe_user_pool", "403", aws_message, status=403)
    message = _message(client.describe_user_pool)
    assert ("AWS did not accept the credentials calling DescribeUserPool" in message) is credentials
    assert ("may not call cognito-idp:DescribeUserPool" in message) is not credentials


@pytest.mark.parametrize("operation,method,params,aws_message,expected", [
    ("AdminAddUserToGroup", "admin_add_user_to_group", {"Username": "alice", "GroupName": "admins"}, "Group not found.",
     f"Group 'admins' was not found in user pool {POOL} (region eu-west-1). Create the group first"),
    ("UpdateGroup", "update_group", {"GroupName": "admins"}, "Resource not found.",
     f"Group 'admins' was not found in user pool {POOL} (region eu-west-1). Create the group first"),
    ("AdminInitiateAuth", "admin_initiate_auth",
     {"ClientId": "client1", "AuthFlow": "ADMIN_USER_PASSWORD_AUTH", "AuthParameters": {"USERNAME": "alice"}},
     "User pool client client1 does not exist.", f"App client client1 was not found in user pool {POOL} (region eu-west-1). Check client_id."),
    ("DescribeUserPool", "describe_user_pool", {}, f"User pool {POOL} does not exist.",
     f"User pool {POOL} was not found in region eu-west-1. Check user_pool_id"),
], ids=["group", "group-in-other-words", "app-client", "pool"])
def test_resource_not_found_names_the_missing_resource_of_the_operation(stubbed, operation, method, params, aws_message, expected):
    # Messages as real Cognito answers quote them: "Group not found.", "User pool client <id> does not exist.",
    # "User pool <id> does not exist." (ResourceNotFoundException; see docs/testing.md for where each is quoted).
    client, stubber = stubbed
    _error(stubber, method, "ResourceNotFoundException", aws_message)
    assert expected in _message(lambda: client.call(operation, params))


def test_a_missing_user_reads_as_none(stubbed):
    client, stubber = stubbed
    _error(stubber, "admin_get_user", "UserNotFoundException", "User does not exist.")
    assert client.get_user("ghost") is None


def test_a_missing_group_reads_as_none_once_the_pool_is_known_to_exist(stubbed):
    client, stubber = stubbed
    _error(stubber, "get_group", "ResourceNotFoundException", "Group not found.")
    stubber.add_response("describe_user_pool", {"UserPool": {"Id": POOL}})
    _error(stubber, "get_group", "ResourceNotFoundException", "Group not found.")
    assert client.get_group("ghosts") is None
    assert client.get_group("phantoms") is None and client.attempts["DescribeUserPool"] == 1


@pytest.mark.parametrize("aws_message", [f"User pool {POOL} does not exist.", "Resource not found."])
def test_a_group_lookup_in_a_missing_pool_names_the_pool_whatever_the_words(stubbed, aws_message):
    # GetGroup answers ResourceNotFoundException for a missing group and a missing pool alike (its API reference);
    # DescribeUserPool settles which, not the wording.
    client, stubber = stubbed
    _error(stubber, "get_group", "ResourceNotFoundException", aws_message)
    _error(stubber, "describe_user_pool", "ResourceNotFoundException", aws_message)
    assert f"User pool {POOL} was not found in region eu-west-1." in _message(lambda: client.get_group("admins"))


def test_a_missing_group_in_other_words_is_still_the_groups(stubbed):
    client, stubber = stubbed
    stubber.add_response("describe_user_pool", {"UserPool": {"Id": POOL}})
    _error(stubber, "get_group", "ResourceNotFoundException", "Group pool-admins not found in the user pool.")
    client.describe_user_pool()
    assert client.get_group("pool-admins") is None


def test_a_password_cognito_rejects_is_explained_without_the_password(stubbed):
    client, stubber = stubbed
    _error(stubber, "admin_set_user_password", "InvalidPasswordException", "Password did not conform with policy: Password not long enough")
    message = _message(lambda: client.call("AdminSetUserPassword", {"Username": "alice", "Password": PASSWORD, "Permanent": True}))
    assert message == (f"Cognito rejected the password for user 'alice' in user pool {POOL}: it does not meet the pool's "
                       "password policy. AWS said: InvalidPasswordException: Password did not conform with policy: "
                       "Password not long enough.")


def test_password_history_is_explained_in_words(stubbed):
    client, stubber = stubbed
    _error(stubber, "admin_set_user_password", "PasswordHistoryPolicyViolationException", "Password has previously been used")
    message = _message(lambda: client.call("AdminSetUserPassword", {"Username": "alice", "Password": PASSWORD, "Permanent": True}))
    assert "the user had it before, and the pool's password history (PasswordHistorySize) refuses" in message


def test_a_refusal_of_the_users_own_input_does_not_blame_the_network(stubbed):
    client, stubber = stubbed
    _error(stubber, "admin_update_user_attributes", "InvalidParameterException",
           "Attributes did not conform to the schema: nickname: Attribute does not exist in the schema.")
    message = _message(lambda: client.call("AdminUpdateUserAttributes", {"Username": "alice", "UserAttributes": []}))
    assert message == (f"Cognito refused AdminUpdateUserAttributes for user 'alice' in user pool {POOL}. AWS said: "
                       "InvalidParameterException: Attributes did not conform to the schema: nickname: Attribute does not "
                       "exist in the schema.")


def test_a_request_botocore_refuses_names_the_parameter_not_the_network():
    # botocore checks parameters before sending anything: this endpoint is never reached.
    boto = boto3.client("cognito-idp", region_name="eu-west-1", endpoint_url="http://127.0.0.1:9",
                        aws_access_key_id="k", aws_secret_access_key="s")
    client = CognitoClient(boto, POOL, "eu-west-1", rate_limiter=RateLimiter({category: 0 for category in DEFAULT_RATE_LIMITS}))
    message = _message(lambda: client.call("AdminGetUser", {"Username": ""}))
    assert "Cognito's API does not accept the AdminGetUser request for user '' in user pool" in message
    assert "endpoint" not in message


def test_no_credentials_at_all_says_where_to_put_them(stubbed):
    client, dummy = stubbed

    def no_credentials(**kwargs):
        raise botocore.exceptions.NoCredentialsError()

    client._client.describe_user_pool = no_credentials
    assert "No usable AWS credentials to call DescribeUserPool" in _message(client.describe_user_pool)


# -- pages -------------------------------------------------------------------------------------

def test_list_users_follows_every_page(stubbed):
    client, stubber = stubbed
    stubber.add_response("list_users", {"Users": [{"Username": "a"}], "PaginationToken": "p2"},
                         {"UserPoolId": POOL, "Limit": 60})
    stubber.add_response("list_users", {"Users": [{"Username": "b"}]},
                         {"UserPoolId": POOL, "Limit": 60, "PaginationToken": "p2"})
    assert [user["Username"] for user in client.list_users()] == ["a", "b"]


def test_a_throttled_page_is_retried_alone(stubbed, sleeps):
    client, stubber = stubbed
    stubber.add_response("list_groups", {"Groups": [{"GroupName": "a"}], "NextToken": "n2"}, {"UserPoolId": POOL, "Limit": 60})
    _error(stubber, "list_groups", "TooManyRequestsException", "Too many requests")
    stubber.add_response("list_groups", {"Groups": [{"GroupName": "b"}]}, {"UserPoolId": POOL, "Limit": 60, "NextToken": "n2"})
    assert [group["GroupName"] for group in client.list_groups()] == ["a", "b"] and len(sleeps) == 1
