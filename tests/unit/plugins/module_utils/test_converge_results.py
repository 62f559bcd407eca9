# -*- coding: utf-8 -*-
"""What converge reports when a step fails: every write done is still reported, and only writes are changes.

Faults are injected with botocore's Stubber at each step of the purge (the
listing of its scope, a delete) after a declared user was created: Cognito
refusing the call (AccessDeniedException), throttling it past max_attempts
(TooManyRequestsException, "the user has made too many requests for a given
operation", the API reference of every Admin* operation), and the endpoint
going silent until the breaker stops the run.  In each case the created user
is reported created, and the purge's failure comes on top of it.
"""

from __future__ import annotations

import botocore.exceptions
import pytest

from ansible_collections.cognito.user_pool.plugins.module_utils._converge import Challenge
from ansible_collections.cognito.user_pool.plugins.module_utils._converge import ConvergeOptions
from ansible_collections.cognito.user_pool.plugins.module_utils._converge import converge
from ansible_collections.cognito.user_pool.plugins.module_utils._model import DesiredUser
from ansible_collections.cognito.user_pool.plugins.module_utils._outcomes import summarize
from ansible_collections.cognito.user_pool.plugins.module_utils._outcomes import summarize_purge
from ansible_collections.cognito.user_pool.plugins.module_utils._pacing import Breaker
from stubbed_cognito import POOL
from stubbed_cognito import expect_describe_user_pool

PASSWORD = "Zq9!never-printed"
SCOPE_FILTER = 'username ^= "test-"'
PURGE = ConvergeOptions(max_concurrency=1, purge_scope="test-")
# AccessDeniedException as IAM words it for an identity without the action.
DENIED = ("AccessDeniedException", "User: arn:aws:iam::123456789012:user/seeder is not authorized to perform: "
          "cognito-idp:{action} on resource: arn:aws:cognito-idp:eu-west-1:123456789012:userpool/" + POOL)
THROTTLED = ("TooManyRequestsException", "Rate exceeded")
MAX_ATTEMPTS = 2


@pytest.fixture
def stubbed(stub_client):
    return stub_client(MAX_ATTEMPTS)


def _record(username, status="CONFIRMED"):
    return {"Username": username, "UserStatus": status, "Enabled": True,
            "Attributes": [{"Name": "sub", "Value": "s-" + username}]}


def _pool(stubber):
    expect_describe_user_pool(stubber, Policies={"PasswordPolicy": {"MinimumLength": 8}})


def _creates_test_new(stubber):
    """The declared user test-new: listed (not there), then created."""
    _pool(stubber)
    stubber.add_response("list_users", {"Users": []}, {"UserPoolId": POOL, "Limit": 60, "Filter": 'username = "test-new"'})
    stubber.add_response("admin_create_user", {"User": {"Username": "test-new"}},
                         {"UserPoolId": POOL, "Username": "test-new", "MessageAction": "SUPPRESS"})


def _scope_listed(stubber, *usernames):
    stubber.add_response("list_users", {"Users": [_record(name) for name in usernames]},
                         {"UserPoolId": POOL, "Limit": 60, "Filter": SCOPE_FILTER})


def _refused(stubber, method, fault, action, params):
    code, message = fault
    for dummy in range(MAX_ATTEMPTS if code == THROTTLED[0] else 1):
        stubber.add_client_error(method, code, message.format(action=action), 400, expected_params=params)


class SilentEndpoint:
    """The boto3 client, except that the calls ``silent`` picks get no answer: the endpoint is gone for them."""

    def __init__(self, client, method, silent):
        self._client, self._method, self._silent = client, method, silent

    def __getattr__(self, name):
        real = getattr(self._client, name)
        if name != self._method:
            return real

        def call(**request):
            if self._silent(request):
                raise botocore.exceptions.EndpointConnectionError(endpoint_url="https://cognito-idp.eu-west-1.amazonaws.com/")
            return real(**request)
        return call


def _endpoint_goes_silent(client, method, silent=lambda request: True):
    """From the first call ``silent`` picks on, no answer; the breaker stops the run after MAX_ATTEMPTS of them."""
    client.breaker = Breaker(limit=MAX_ATTEMPTS)
    client._client = SilentEndpoint(client._client, method, silent)


def _created_and_reported(outcomes):
    created = outcomes[0]
    assert (created.username, created.actions, created.changed, created.error) == ("test-new", ["create"], True, None)
    assert created.after.present
    assert summarize(outcomes) == {"created": 1, "updated": 0, "unchanged": 0, "deleted": 0, "failed": 0,
                                   "partially_applied": 0, "total": 1}


# -- the purge's listing fails ---------------------------------------------------------------------

@pytest.mark.parametrize("fault,expected", [
    (DENIED, "Access denied: the AWS identity running this task may not call cognito-idp:ListUsers"),
    (THROTTLED, f"Cognito kept throttling ListUsers for user pool {POOL}: gave up after {MAX_ATTEMPTS} attempts."),
], ids=["access-denied", "throttled-past-max-attempts"])
def test_a_purge_whose_listing_is_refused_still_reports_the_users_written_before(stubbed, fault, expected):
    client, stubber = stubbed
    _creates_test_new(stubber)
    _refused(stubber, "list_users", fault, "ListUsers", {"UserPoolId": POOL, "Limit": 60, "Filter": SCOPE_FILTER})

    outcomes = converge(client, [DesiredUser("test-new")], PURGE)

    _created_and_reported(outcomes)
    assert len(outcomes) == 1 and outcomes.purge_error.message.startswith(expected)
    assert summarize_purge(outcomes) == {"purged": 0, "purge_already_absent": 0, "purge_failed": 0, "purge_kept": 0}


def test_a_purge_whose_listing_the_breaker_stops_still_reports_the_users_written_before(stubbed):
    client, stubber = stubbed
    _creates_test_new(stubber)
    _endpoint_goes_silent(client, "list_users", lambda request: request.get("Filter") == SCOPE_FILTER)

    outcomes = converge(client, [DesiredUser("test-new")], PURGE)

    _created_and_reported(outcomes)
    assert len(outcomes) == 1 and outcomes.purge_error.unreachable
    assert outcomes.purge_error.message.startswith(f"Stopped early: Cognito in region eu-west-1 did not answer {MAX_ATTEMPTS} "
                                                   "requests in a row")


# -- a delete of the purge fails -------------------------------------------------------------------

@pytest.mark.parametrize("fault,expected", [
    (DENIED, "Access denied: the AWS identity running this task may not call cognito-idp:AdminDeleteUser"),
    (THROTTLED, f"Cognito kept throttling AdminDeleteUser for user 'test-old1' in user pool {POOL}: gave up after "
                f"{MAX_ATTEMPTS} attempts."),
], ids=["access-denied", "throttled-past-max-attempts"])
def test_a_refused_delete_fails_that_user_alone_and_the_others_are_purged(stubbed, fault, expected):
    client, stubber = stubbed
    _creates_test_new(stubber)
    _scope_listed(stubber, "test-new", "test-old1", "test-old2")
    _refused(stubber, "admin_delete_user", fault, "AdminDeleteUser", {"UserPoolId": POOL, "Username": "test-old1"})
    stubber.add_response("admin_delete_user", {}, {"UserPoolId": POOL, "Username": "test-old2"})

    outcomes = converge(client, [DesiredUser("test-new")], PURGE)

    _created_and_reported(outcomes)
    failed, purged = outcomes[1:]
    assert outcomes.purge_error is None
    assert (failed.username, failed.actions, failed.changed) == ("test-old1", [], False)
    assert failed.error.startswith(expected) and failed.after.present  # Cognito answered: nothing was deleted
    assert (purged.username, purged.actions, purged.error, purged.after.present) == ("test-old2", ["delete"], None, False)
    assert summarize_purge(outcomes) == {"purged": 1, "purge_already_absent": 0, "purge_failed": 1, "purge_kept": 0}


def test_deletes_the_breaker_stops_fail_their_users_and_the_users_written_before_are_reported(stubbed):
    client, stubber = stubbed
    _creates_test_new(stubber)
    _scope_listed(stubber, "test-new", "test-old1", "test-old2")
    _endpoint_goes_silent(client, "admin_delete_user")

    outcomes = converge(client, [DesiredUser("test-new")], PURGE)

    _created_and_reported(outcomes)
    assert [(outcome.username, outcome.actions) for outcome in outcomes[1:]] == [("test-old1", []), ("test-old2", [])]
    for outcome in outcomes[1:]:
        assert outcome.error.startswith("Stopped early:") and outcome.after is None  # whether it went is unknown
    assert client.attempts["AdminDeleteUser"] == MAX_ATTEMPTS  # test-old2's delete was never sent
    assert summarize_purge(outcomes) == {"purged": 0, "purge_already_absent": 0, "purge_failed": 2, "purge_kept": 0}


def test_a_user_another_run_deleted_meanwhile_counts_as_already_absent_not_removed_nor_failed(stubbed):
    client, stubber = stubbed
    _creates_test_new(stubber)
    _scope_listed(stubber, "test-new", "test-old1", "test-old2")
    # AdminDeleteUser's UserNotFoundException, as Cognito words it for a user that does not exist.
    stubber.add_client_error("admin_delete_user", "UserNotFoundException", "User does not exist.", 400,
                             expected_params={"UserPoolId": POOL, "Username": "test-old1"})
    stubber.add_response("admin_delete_user", {}, {"UserPoolId": POOL, "Username": "test-old2"})

    outcomes = converge(client, [DesiredUser("test-new")], PURGE)

    gone = outcomes[1]
    assert (gone.actions, gone.changed, gone.error, gone.after.present, gone.already_absent) == ([], False, None, False, True)
    assert summarize_purge(outcomes) == {"purged": 1, "purge_already_absent": 1, "purge_failed": 0, "purge_kept": 0}
    assert summarize(outcomes)["total"] == 1


def test_check_mode_counts_the_users_a_purge_would_remove_apart_from_the_declared_ones(stubbed):
    client, stubber = stubbed
    _pool(stubber)
    stubber.add_response("list_users", {"Users": []}, {"UserPoolId": POOL, "Limit": 60, "Filter": 'username = "test-new"'})
    _scope_listed(stubber, "test-old1", "test-old2")

    outcomes = converge(client, [DesiredUser("test-new")], ConvergeOptions(check_mode=True, max_concurrency=1,
                                                                           purge_scope="test-"))

    assert summarize(outcomes) == {"created": 1, "updated": 0, "unchanged": 0, "deleted": 0, "failed": 0,
                                   "partially_applied": 0, "total": 1}
    assert summarize_purge(outcomes) == {"purged": 2, "purge_already_absent": 0, "purge_failed": 0, "purge_kept": 0}


def test_an_empty_user_list_with_purge_empties_the_scope(stubbed):
    # The scope is explicit and purge_users opted in, as amazon.aws's purge_* options with an empty value.
    client, stubber = stubbed
    _pool(stubber)
    _scope_listed(stubber, "test-old1")
    stubber.add_response("admin_delete_user", {}, {"UserPoolId": POOL, "Username": "test-old1"})

    outcomes = converge(client, [], PURGE)

    assert [(outcome.username, outcome.actions, outcome.declared) for outcome in outcomes] == [("test-old1", ["delete"], False)]
    assert summarize(outcomes)["total"] == 0 and summarize_purge(outcomes)["purged"] == 1


# -- the new-password challenge: the sign-in reads, only the answer writes ---------------------------

def _challenge_signs_in(stubber):
    _pool(stubber)
    stubber.add_response("list_users", {"Users": [_record("alice", "FORCE_CHANGE_PASSWORD")]},
                         {"UserPoolId": POOL, "Limit": 60, "Filter": 'username = "alice"'})
    answer = dict(_record("alice", "FORCE_CHANGE_PASSWORD"), UserAttributes=[{"Name": "sub", "Value": "s-alice"}])
    del answer["Attributes"]
    stubber.add_response("admin_get_user", answer, {"UserPoolId": POOL, "Username": "alice"})
    stubber.add_response("admin_initiate_auth", {"ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": "s" * 24})


@pytest.mark.parametrize("code,message,attempts,expected", [
    # AdminRespondToAuthChallenge's InvalidPasswordException, in Cognito's words for a password the policy refuses.
    ("InvalidPasswordException", "Password does not conform to policy: Password not long enough", 1,
     "Cognito rejected the password for user 'alice' in user pool eu-west-1_TestPool1"),
    (THROTTLED[0], THROTTLED[1], MAX_ATTEMPTS,
     "Cognito kept throttling AdminRespondToAuthChallenge for user 'alice' in user pool eu-west-1_TestPool1"),
], ids=["invalid-password", "throttled-past-max-attempts"])
def test_a_refused_challenge_answer_is_no_change_and_leaves_the_user_as_it_is(stubbed, code, message, attempts, expected):
    client, stubber = stubbed
    _challenge_signs_in(stubber)
    for dummy in range(attempts):
        stubber.add_client_error("admin_respond_to_auth_challenge", code, message, 400)
    options = ConvergeOptions(max_concurrency=1, require_existing=True, client_id="client1", client_option="client_id",
                              secret_option="client_secret", challenge=Challenge("Temp!0rary-pw1"))

    [outcome] = converge(client, [DesiredUser("alice", password=PASSWORD)], options)

    assert outcome.error.startswith(expected)
    assert outcome.actions == ["sign_in_with_temporary_password"] and outcome.changed is False
    assert outcome.after.user_status == "FORCE_CHANGE_PASSWORD"
    assert outcome.result()["changed"] is False
    assert summarize([outcome])["partially_applied"] == 0
