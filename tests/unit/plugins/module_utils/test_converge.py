# -*- coding: utf-8 -*-
"""Converging against Cognito's real rules, played exactly with botocore's Stubber.

moto's ListUsers is always up to date, its usernames are case-sensitive, and it
never answers that a user exists after all or is gone already.  Cognito's
ListUsers "is eventually consistent. You might experience a delay before
results are up-to-date. To validate the existence or configuration of an
individual user, use AdminGetUser" (its API reference); AdminGetUser
"contributes to your monthly active user (MAU) count for the purpose of
billing" (its API reference); a case-insensitive pool lets "users sign in as
the same user when they enter a different capitalization of their user name"
(UsernameConfiguration.CaseSensitive); and other runs create and delete users
while this one runs.  Each test below makes one of these happen, call by call:
the Stubber fails a test on any call it was not told to expect, so the exact
sequence of calls is part of what is proven.
"""

from __future__ import annotations

import pytest

from ansible_collections.cognito.user_pool.plugins.module_utils._converge import ConvergeOptions
from ansible_collections.cognito.user_pool.plugins.module_utils._converge import converge
from ansible_collections.cognito.user_pool.plugins.module_utils._errors import CognitoError
from ansible_collections.cognito.user_pool.plugins.module_utils._model import DesiredUser
from ansible_collections.cognito.user_pool.plugins.module_utils._sign_in import secret_hash
from stubbed_cognito import POOL
from stubbed_cognito import expect_admin_get_user
from stubbed_cognito import expect_call
from stubbed_cognito import expect_describe_user_pool
from stubbed_cognito import expect_list_users

PASSWORD = "Zq9!never-printed"
OPTIONS = ConvergeOptions(max_concurrency=1)


@pytest.fixture
def stubbed(stub_client):
    return stub_client(2)


def _pool(stubber, **settings):
    settings.setdefault("Policies", {"PasswordPolicy": {"MinimumLength": 8}})
    expect_describe_user_pool(stubber, **settings)


def _record(username, status="CONFIRMED", enabled=True, **attributes):
    return {"Username": username, "UserStatus": status, "Enabled": enabled,
            "Attributes": [{"Name": name, "Value": value} for name, value in dict({"sub": "s-" + username}, **attributes).items()]}


def _error(stubber, method, code, message, params):
    stubber.add_client_error(method, code, message, 400, expected_params=dict(params, UserPoolId=POOL))


# -- reads ---------------------------------------------------------------------------------------

def test_a_rerun_of_users_already_as_declared_reads_them_with_one_listing_and_no_admin_get_user(stubbed):
    client, stubber = stubbed
    _pool(stubber)
    expect_list_users(stubber, 'username ^= "user"', _record("user1"), _record("user2"), _record("user3"))
    users = [DesiredUser(f"user{index}", password=PASSWORD) for index in (1, 2, 3)]
    outcomes = converge(client, users, OPTIONS)
    assert [outcome.changed for outcome in outcomes] == [False] * 3 and not any(outcome.error for outcome in outcomes)
    assert client.attempts["AdminGetUser"] == 0


def test_a_listing_that_brings_back_much_more_than_its_names_is_split_into_narrower_ones(stubbed):
    client, stubber = stubbed
    _pool(stubber)
    # "user" finds 2 declared users among many others: after its budget (1 page for 2 names, and one more) it splits.
    stubber.add_response("list_users", {"Users": [_record(f"user9{index:02d}") for index in range(60)], "PaginationToken": "t2"},
                         {"UserPoolId": POOL, "Limit": 60, "Filter": 'username ^= "user"'})
    stubber.add_response("list_users", {"Users": [_record(f"user8{index:02d}") for index in range(60)], "PaginationToken": "t3"},
                         {"UserPoolId": POOL, "Limit": 60, "Filter": 'username ^= "user"', "PaginationToken": "t2"})
    expect_list_users(stubber, 'username = "user1"', _record("user1"))
    expect_list_users(stubber, 'username = "user2"', _record("user2"))
    outcomes = converge(client, [DesiredUser("user1"), DesiredUser("user2")], OPTIONS)
    assert [outcome.changed for outcome in outcomes] == [False, False]


def test_a_stale_force_change_password_in_the_list_is_checked_before_setting_the_password_again(stubbed):
    # The list still shows the user as created; it was confirmed a moment ago. Setting the password again would
    # be refused on pools with a password history.
    client, stubber = stubbed
    _pool(stubber)
    expect_list_users(stubber, 'username = "alice"', _record("alice", "FORCE_CHANGE_PASSWORD"))
    expect_admin_get_user(stubber, "alice", _record("alice", "CONFIRMED"))
    [outcome] = converge(client, [DesiredUser("alice", password=PASSWORD)], OPTIONS)
    assert outcome.actions == [] and outcome.error is None and outcome.after.user_status == "CONFIRMED"


def test_a_user_about_to_be_written_is_planned_again_from_admin_get_user(stubbed):
    client, stubber = stubbed
    _pool(stubber)
    expect_list_users(stubber, 'username = "alice"', _record("alice", "FORCE_CHANGE_PASSWORD"))
    expect_admin_get_user(stubber, "alice", _record("alice", "FORCE_CHANGE_PASSWORD"))
    expect_call(stubber, "admin_set_user_password", {"Username": "alice", "Password": PASSWORD, "Permanent": True})
    [outcome] = converge(client, [DesiredUser("alice", password=PASSWORD)], OPTIONS)
    assert outcome.actions == ["set_password"] and outcome.after.user_status == "CONFIRMED"


def test_in_a_case_insensitive_pool_a_miss_is_confirmed_before_creating(stubbed):
    # ListUsers' filter is case-sensitive ("username (case-sensitive)"); the user lookup is not.
    client, stubber = stubbed
    _pool(stubber, UsernameConfiguration={"CaseSensitive": False})
    expect_list_users(stubber, 'username = "Alice"')
    expect_admin_get_user(stubber, "Alice", _record("alice", "CONFIRMED"))
    [outcome] = converge(client, [DesiredUser("Alice", password=PASSWORD)], OPTIONS)
    assert outcome.actions == [] and outcome.error is None


def test_in_a_case_insensitive_pool_two_spellings_of_one_user_are_a_duplicate(stubbed):
    client, stubber = stubbed
    _pool(stubber, UsernameConfiguration={"CaseSensitive": False})
    with pytest.raises(CognitoError, match="more than once \\(user pool eu-west-1_TestPool1 compares usernames "
                                           "case-insensitively\\): Alice, alice"):
        converge(client, [DesiredUser("alice"), DesiredUser("Alice")], OPTIONS)


def test_in_a_case_insensitive_pool_names_that_may_fold_alike_are_a_duplicate(stubbed):
    # Which Unicode variations of case the pool folds is not documented: two such names might be one user.
    client, stubber = stubbed
    _pool(stubber, UsernameConfiguration={"CaseSensitive": False})
    with pytest.raises(CognitoError, match="more than once .*: test-strasse, test-straße"):
        converge(client, [DesiredUser("test-strasse"), DesiredUser("test-straße")], OPTIONS)


def test_in_a_case_sensitive_pool_names_alike_are_two_users(stubbed):
    client, stubber = stubbed
    _pool(stubber)
    expect_list_users(stubber, 'username ^= "test-stra"', _record("test-strasse"), _record("test-straße"))
    outcomes = converge(client, [DesiredUser("test-strasse"), DesiredUser("test-straße")], OPTIONS)
    assert [outcome.stored_username for outcome in outcomes] == ["test-strasse", "test-straße"]


def test_in_a_pool_with_email_usernames_users_are_listed_by_email(stubbed):
    client, stubber = stubbed
    _pool(stubber, UsernameAttributes=["email"])
    expect_list_users(stubber, 'email ^= "e"', _record("9b1e", email="erin@example.com"), _record("8c2f", email="eve@example.com"))
    outcomes = converge(client, [DesiredUser("erin@example.com"), DesiredUser("eve@example.com")], OPTIONS)
    assert [outcome.changed for outcome in outcomes] == [False, False]


# -- races -----------------------------------------------------------------------------------------

def test_a_user_created_by_another_run_meanwhile_is_read_and_finished_not_failed(stubbed):
    client, stubber = stubbed
    _pool(stubber)
    expect_list_users(stubber, 'username = "alice"')
    # Cognito's answer as real AdminCreateUser calls quote it (localstack#4465 quoting the AWS CLI).
    _error(stubber, "admin_create_user", "UsernameExistsException", "User account already exists",
           {"Username": "alice", "TemporaryPassword": PASSWORD, "MessageAction": "SUPPRESS"})
    expect_admin_get_user(stubber, "alice", _record("alice", "FORCE_CHANGE_PASSWORD"))
    expect_call(stubber, "admin_set_user_password", {"Username": "alice", "Password": PASSWORD, "Permanent": True})
    [outcome] = converge(client, [DesiredUser("alice", password=PASSWORD)], OPTIONS)
    assert outcome.error is None and outcome.actions == ["set_password"] and outcome.after.user_status == "CONFIRMED"


def test_a_user_deleted_by_someone_else_during_the_run_is_created_again(stubbed):
    client, stubber = stubbed
    _pool(stubber)
    expect_list_users(stubber, 'username = "alice"', _record("alice", "FORCE_CHANGE_PASSWORD"))
    expect_admin_get_user(stubber, "alice", _record("alice", "FORCE_CHANGE_PASSWORD"))
    _error(stubber, "admin_set_user_password", "UserNotFoundException", "User does not exist.",
           {"Username": "alice", "Password": PASSWORD, "Permanent": True})
    expect_call(stubber, "admin_create_user", {"Username": "alice", "TemporaryPassword": PASSWORD, "MessageAction": "SUPPRESS"},
                {"User": {"Username": "alice"}})
    expect_call(stubber, "admin_set_user_password", {"Username": "alice", "Password": PASSWORD, "Permanent": True})
    [outcome] = converge(client, [DesiredUser("alice", password=PASSWORD)], OPTIONS)
    assert outcome.error is None and outcome.actions == ["create", "set_password"]


def test_a_user_declared_absent_that_is_already_gone_is_unchanged_not_failed(stubbed):
    client, stubber = stubbed
    _pool(stubber)
    _error(stubber, "admin_delete_user", "UserNotFoundException", "User does not exist.", {"Username": "alice"})
    [outcome] = converge(client, [DesiredUser("alice", state="absent")], OPTIONS)
    assert outcome.error is None and outcome.actions == [] and outcome.after.as_dict() == {"state": "absent"}


def test_a_user_declared_absent_is_deleted_even_when_the_list_would_not_show_it_yet(stubbed):
    client, stubber = stubbed
    _pool(stubber)
    expect_call(stubber, "admin_delete_user", {"Username": "alice"})
    [outcome] = converge(client, [DesiredUser("alice", state="absent")], OPTIONS)
    assert outcome.actions == ["delete"] and client.attempts["ListUsers"] == 0


def test_in_check_mode_an_absent_user_is_confirmed_with_a_consistent_read(stubbed):
    client, stubber = stubbed
    _pool(stubber)
    expect_admin_get_user(stubber, "alice", _record("alice"))
    [outcome] = converge(client, [DesiredUser("alice", state="absent")], ConvergeOptions(check_mode=True, max_concurrency=1))
    assert outcome.actions == ["delete"] and client.attempts["AdminDeleteUser"] == 0


def test_a_password_another_run_already_set_is_not_an_error(stubbed):
    client, stubber = stubbed
    _pool(stubber)
    expect_list_users(stubber, 'username = "alice"', _record("alice", "FORCE_CHANGE_PASSWORD"))
    expect_admin_get_user(stubber, "alice", _record("alice", "FORCE_CHANGE_PASSWORD"))
    _error(stubber, "admin_set_user_password", "PasswordHistoryPolicyViolationException", "Password has previously been used",
           {"Username": "alice", "Password": PASSWORD, "Permanent": True})
    expect_admin_get_user(stubber, "alice", _record("alice", "CONFIRMED"))
    [outcome] = converge(client, [DesiredUser("alice", password=PASSWORD)], OPTIONS)
    assert outcome.error is None and outcome.actions == [] and outcome.after.user_status == "CONFIRMED"


def test_a_password_the_user_really_had_before_fails_in_words(stubbed):
    client, stubber = stubbed
    _pool(stubber)
    expect_list_users(stubber, 'username = "alice"', _record("alice", "FORCE_CHANGE_PASSWORD"))
    expect_admin_get_user(stubber, "alice", _record("alice", "FORCE_CHANGE_PASSWORD"))
    _error(stubber, "admin_set_user_password", "PasswordHistoryPolicyViolationException", "Password has previously been used",
           {"Username": "alice", "Password": PASSWORD, "Permanent": True})
    expect_admin_get_user(stubber, "alice", _record("alice", "FORCE_CHANGE_PASSWORD"))
    [outcome] = converge(client, [DesiredUser("alice", password=PASSWORD)], OPTIONS)
    assert "the user had it before, and the pool's password history" in outcome.error and outcome.actions == []


def test_an_invitation_cognito_could_not_deliver_still_leaves_a_user_to_finish(stubbed):
    # AdminCreateUser can create the user and still answer CodeDeliveryFailureException.
    client, stubber = stubbed
    warnings = []
    _pool(stubber)
    expect_list_users(stubber, 'username = "alice"')
    _error(stubber, "admin_create_user", "CodeDeliveryFailureException", "Unable to deliver message",
           {"Username": "alice", "TemporaryPassword": PASSWORD})
    expect_admin_get_user(stubber, "alice", _record("alice", "FORCE_CHANGE_PASSWORD"))
    expect_call(stubber, "admin_disable_user", {"Username": "alice"})
    [outcome] = converge(client, [DesiredUser("alice", password=PASSWORD, permanent=False, invitation="send",
                                              enabled=False)],
                         ConvergeOptions(max_concurrency=1, warn=warnings.append))
    assert outcome.error is None and outcome.actions == ["disable"]
    assert len(warnings) == 1 and "could not deliver the invitation" in warnings[0]


# -- checks before any write -------------------------------------------------------------------------

def test_groups_are_looked_up_once_per_run_before_any_write_and_a_missing_one_fails_only_its_users(stubbed):
    client, stubber = stubbed
    _pool(stubber)
    expect_call(stubber, "get_group", {"GroupName": "admins"}, {"Group": {"GroupName": "admins"}})
    _error(stubber, "get_group", "ResourceNotFoundException", "Group not found.", {"GroupName": "ghosts"})
    expect_list_users(stubber, 'username = "bob"')
    expect_call(stubber, "admin_create_user", {"Username": "bob", "MessageAction": "SUPPRESS"}, {"User": {"Username": "bob"}})
    expect_call(stubber, "admin_add_user_to_group", {"Username": "bob", "GroupName": "admins"})
    users = [DesiredUser("alice", groups=["admins", "ghosts"]), DesiredUser("bob", groups=["admins"]),
             DesiredUser("carol", groups=["ghosts"])]
    alice, bob, carol = converge(client, users, OPTIONS)
    assert "declares group 'ghosts' that user pool" in alice.error and alice.actions == []
    assert carol.error and carol.actions == []
    assert bob.error is None and bob.actions == ["create", "add_to_group:admins"]
    assert client.attempts["GetGroup"] == 2


def test_a_group_an_earlier_task_creates_counts_as_present_in_check_mode(stubbed):
    client, stubber = stubbed
    _pool(stubber)
    expect_list_users(stubber, 'username = "bob"')
    options = ConvergeOptions(check_mode=True, max_concurrency=1, groups_created_earlier=frozenset(["admins"]))
    [bob] = converge(client, [DesiredUser("bob", groups=["admins"])], options)
    assert bob.actions == ["create", "add_to_group:admins"] and client.attempts["GetGroup"] == 0


def test_check_mode_writes_nothing_and_reports_what_a_run_would_do(stubbed):
    client, stubber = stubbed
    _pool(stubber)
    expect_list_users(stubber, 'username ^= "user"', _record("user1", "FORCE_CHANGE_PASSWORD"))
    expect_admin_get_user(stubber, "user1", _record("user1", "FORCE_CHANGE_PASSWORD"))
    users = [DesiredUser("user1", password=PASSWORD), DesiredUser("user2", password=PASSWORD)]
    outcomes = converge(client, users, ConvergeOptions(check_mode=True, max_concurrency=1))
    assert [outcome.actions for outcome in outcomes] == [["set_password"], ["create", "set_password"]]


# -- verification ------------------------------------------------------------------------------------

@pytest.mark.parametrize("secret_option", ["client_secret", "verify_client_secret"])
def test_a_wrong_client_secret_fails_the_user_naming_the_option_written_and_never_sets_the_password_again(stubbed, secret_option):
    client, stubber = stubbed
    _pool(stubber)
    expect_list_users(stubber, 'username = "alice"', _record("alice", "CONFIRMED"))
    stubber.add_client_error("admin_initiate_auth", "NotAuthorizedException", "Unable to verify secret hash for client client1", 400)
    options = ConvergeOptions(max_concurrency=1, client_id="client1", client_secret="wrong-secret", secret_option=secret_option)
    [outcome] = converge(client, [DesiredUser("alice", password=PASSWORD)], options)
    assert f"Set {secret_option} to that app client's secret" in outcome.error and outcome.actions == []


def _signs_in_through_a_client_with_a_secret(stubber, answer):
    """AdminInitiateAuth of alice with PASSWORD and the SECRET_HASH of client1's secret, answered with ``answer``."""
    expected = {"UserPoolId": POOL, "ClientId": "client1", "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
                "AuthParameters": {"USERNAME": "alice", "PASSWORD": PASSWORD,
                                   "SECRET_HASH": secret_hash("alice", "client1", "sec")}}
    if answer is None:
        stubber.add_client_error("admin_initiate_auth", "NotAuthorizedException", "Incorrect username or password.", 400,
                                 expected_params=expected)
    else:
        stubber.add_response("admin_initiate_auth", answer, expected)


VERIFYING = ConvergeOptions(max_concurrency=1, require_existing=True, client_id="client1", client_secret="sec")


def test_a_verified_password_that_signs_in_is_kept_without_admin_get_user(stubbed):
    # Nothing to write: no AdminGetUser, which counts towards monthly active users (its API reference).
    client, stubber = stubbed
    _pool(stubber)
    expect_list_users(stubber, 'username = "alice"', _record("alice"))
    _signs_in_through_a_client_with_a_secret(stubber, {"AuthenticationResult": {"AccessToken": "t"}})
    [outcome] = converge(client, [DesiredUser("alice", password=PASSWORD)], VERIFYING)
    assert outcome.error is None and outcome.actions == [] and not outcome.changed


def test_a_verified_password_that_does_not_sign_in_is_read_with_admin_get_user_then_set(stubbed):
    client, stubber = stubbed
    _pool(stubber)
    expect_list_users(stubber, 'username = "alice"', _record("alice"))
    _signs_in_through_a_client_with_a_secret(stubber, None)
    expect_admin_get_user(stubber, "alice", _record("alice"))
    expect_call(stubber, "admin_set_user_password", {"Username": "alice", "Password": PASSWORD, "Permanent": True})
    [outcome] = converge(client, [DesiredUser("alice", password=PASSWORD)], VERIFYING)
    assert outcome.error is None and outcome.actions == ["set_password"] and outcome.after.user_status == "CONFIRMED"


def test_a_listed_user_deleted_before_its_groups_are_read_is_created_again(stubbed):
    client, stubber = stubbed
    _pool(stubber)
    expect_call(stubber, "get_group", {"GroupName": "admins"}, {"Group": {"GroupName": "admins"}})
    expect_list_users(stubber, 'username = "alice"', _record("alice"))
    _error(stubber, "admin_list_groups_for_user", "UserNotFoundException", "User does not exist.", {"Username": "alice"})
    expect_call(stubber, "admin_create_user", {"Username": "alice", "MessageAction": "SUPPRESS"}, {"User": {"Username": "alice"}})
    expect_call(stubber, "admin_add_user_to_group", {"Username": "alice", "GroupName": "admins"})
    [outcome] = converge(client, [DesiredUser("alice", groups=["admins"])], OPTIONS)
    assert outcome.error is None and outcome.actions == ["create", "add_to_group:admins"]


# -- the new-password challenge (moto does not produce these answers) ----------------------------------

def _challenge_options():
    from ansible_collections.cognito.user_pool.plugins.module_utils._converge import Challenge

    return ConvergeOptions(max_concurrency=1, require_existing=True, client_id="client1", client_option="client_id",
                           secret_option="client_secret", challenge=Challenge("Temp!0rary-pw1"))


def _signs_in_with_the_temporary_password(stubber):
    expect_list_users(stubber, 'username = "alice"', _record("alice", "FORCE_CHANGE_PASSWORD"))
    expect_admin_get_user(stubber, "alice", _record("alice", "FORCE_CHANGE_PASSWORD"))


@pytest.mark.parametrize("code,message,expected", [
    ("NotAuthorizedException", "Incorrect username or password.",
     "Cognito refused temporary_password for user 'alice' in user pool eu-west-1_TestPool1: it is not the user's current "
     "temporary password; declare the temporary password the user was given, or use method: admin_set_user_password."),
    ("NotAuthorizedException", "Temporary password has expired and must be reset by an administrator.",
     "The temporary password of user 'alice' in user pool eu-west-1_TestPool1 has expired, so the challenge cannot be "
     "answered; give the user a new temporary password, or use method: admin_set_user_password."),
    ("InvalidParameterException", "Auth flow not enabled for this client",
     "app client client1 of user pool eu-west-1_TestPool1 does not allow ADMIN_USER_PASSWORD_AUTH. Add "
     "ALLOW_ADMIN_USER_PASSWORD_AUTH to the client's ExplicitAuthFlows, or use another client_id."),
    # moto 5.2.1 (moto/cognitoidp/models.py, admin_initiate_auth) and cognito-local 5.3.0
    # (lib/targets/adminInitiateAuth.js) word a wrong password their own way.
    ("NotAuthorizedException", "alice",
     "Cognito refused temporary_password for user 'alice' in user pool eu-west-1_TestPool1: it is not the user's current "
     "temporary password; declare the temporary password the user was given, or use method: admin_set_user_password."),
    ("InvalidPasswordException", "Invalid password",
     "Cognito refused temporary_password for user 'alice' in user pool eu-west-1_TestPool1: it is not the user's current "
     "temporary password; declare the temporary password the user was given, or use method: admin_set_user_password."),
], ids=["wrong-temporary-password", "expired-temporary-password", "client-without-the-flow",
        "wrong-temporary-password-moto", "wrong-temporary-password-cognito-local"])
def test_a_refused_challenge_sign_in_says_what_to_do_and_sets_nothing(stubbed, code, message, expected):
    client, stubber = stubbed
    _pool(stubber)
    _signs_in_with_the_temporary_password(stubber)
    stubber.add_client_error("admin_initiate_auth", code, message, 400)
    [outcome] = converge(client, [DesiredUser("alice", password=PASSWORD)], _challenge_options())
    assert expected in outcome.error and "Temp!0rary-pw1" not in outcome.error and PASSWORD not in outcome.error
    assert outcome.actions == [] and client.attempts["AdminRespondToAuthChallenge"] == 0


@pytest.mark.parametrize("code,message,expected", [
    ("NotAuthorizedException", "Client client1 is configured with secret but SECRET_HASH was not received",
     "App client client1 of user pool eu-west-1_TestPool1 refused the SECRET_HASH of the sign-in of user 'alice' with "
     "temporary_password, so the new password was not set; set client_secret to that app client's secret. AWS said: "
     "NotAuthorizedException: Client client1 is configured with secret but SECRET_HASH was not received."),
    ("NotAuthorizedException", "Unable to verify secret hash for client client1",
     "App client client1 of user pool eu-west-1_TestPool1 refused the SECRET_HASH of the sign-in of user 'alice' with "
     "temporary_password, so the new password was not set; set client_secret to that app client's secret. AWS said: "
     "NotAuthorizedException: Unable to verify secret hash for client client1."),
    ("NotAuthorizedException", "PreAuthentication failed with error nope.",
     "Cognito refused to sign in user 'alice' of user pool eu-west-1_TestPool1 with temporary_password, so the new "
     "password was not set. AWS said: NotAuthorizedException: PreAuthentication failed with error nope."),
], ids=["secret-hash-missing", "secret-hash-wrong", "another-reason"])
def test_a_refused_challenge_sign_in_is_one_sentence_and_then_aws_words(stubbed, code, message, expected):
    client, stubber = stubbed
    _pool(stubber)
    _signs_in_with_the_temporary_password(stubber)
    stubber.add_client_error("admin_initiate_auth", code, message, 400)
    [outcome] = converge(client, [DesiredUser("alice", password=PASSWORD)], _challenge_options())
    assert outcome.error == expected
    assert outcome.actions == [] and client.attempts["AdminRespondToAuthChallenge"] == 0


def test_the_challenge_answer_carries_the_session_of_the_sign_in(stubbed):
    client, stubber = stubbed
    _pool(stubber)
    _signs_in_with_the_temporary_password(stubber)
    stubber.add_response("admin_initiate_auth", {"ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": "s" * 24})
    stubber.add_response("admin_respond_to_auth_challenge", {"AuthenticationResult": {"AccessToken": "t"}}, {
        "UserPoolId": POOL, "ClientId": "client1", "ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": "s" * 24,
        "ChallengeResponses": {"USERNAME": "alice", "NEW_PASSWORD": PASSWORD}})
    [outcome] = converge(client, [DesiredUser("alice", password=PASSWORD)], _challenge_options())
    assert outcome.error is None and outcome.after.user_status == "CONFIRMED"
    assert outcome.actions == ["sign_in_with_temporary_password", "answer_new_password_challenge"]


def test_a_sign_in_that_gives_tokens_instead_of_the_challenge_sets_nothing(stubbed):
    client, stubber = stubbed
    _pool(stubber)
    _signs_in_with_the_temporary_password(stubber)
    stubber.add_response("admin_initiate_auth", {"AuthenticationResult": {"AccessToken": "t"}})
    [outcome] = converge(client, [DesiredUser("alice", password=PASSWORD)], _challenge_options())
    assert "gave tokens, not the NEW_PASSWORD_REQUIRED challenge" in outcome.error
    assert client.attempts["AdminRespondToAuthChallenge"] == 0


@pytest.mark.parametrize("check_mode", [True, False], ids=["check-mode", "real-run"])
def test_a_disabled_user_fails_the_challenge_path_alike_in_check_mode_and_in_a_real_run_with_no_call_after_the_read(
        stubbed, check_mode):
    # AdminDisableUser's API reference: "A deactivated user can't sign in"; Cognito answers AdminInitiateAuth with
    # NotAuthorizedException "User is disabled.". The Stubber expects no call after AdminGetUser: no sign-in, no write.
    client, stubber = stubbed
    _pool(stubber)
    expect_list_users(stubber, 'username = "alice"', _record("alice", "FORCE_CHANGE_PASSWORD", enabled=False))
    expect_admin_get_user(stubber, "alice", _record("alice", "FORCE_CHANGE_PASSWORD", enabled=False))
    options = _challenge_options()
    options.check_mode = check_mode
    [outcome] = converge(client, [DesiredUser("alice", password=PASSWORD)], options)
    assert outcome.error == (
        "method new_password_challenge cannot set the password of user 'alice' in user pool eu-west-1_TestPool1: the user "
        "is disabled, and Cognito refuses every sign-in of a disabled user (NotAuthorizedException: User is disabled.), so "
        "the NEW_PASSWORD_REQUIRED challenge never comes. Enable the user first (cognito_user with enabled: true), then "
        "run this task again.")
    assert outcome.actions == [] and not outcome.changed
    assert client.attempts["AdminInitiateAuth"] == 0 and client.attempts["AdminRespondToAuthChallenge"] == 0


def test_a_user_the_list_shows_disabled_but_is_enabled_again_takes_the_challenge(stubbed):
    # ListUsers "is eventually consistent" (its API reference): the refusal rests on AdminGetUser's answer.
    client, stubber = stubbed
    _pool(stubber)
    expect_list_users(stubber, 'username = "alice"', _record("alice", "FORCE_CHANGE_PASSWORD", enabled=False))
    expect_admin_get_user(stubber, "alice", _record("alice", "FORCE_CHANGE_PASSWORD"))
    stubber.add_response("admin_initiate_auth", {"ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": "s" * 24})
    stubber.add_response("admin_respond_to_auth_challenge", {"AuthenticationResult": {"AccessToken": "t"}})
    [outcome] = converge(client, [DesiredUser("alice", password=PASSWORD)], _challenge_options())
    assert outcome.error is None
    assert outcome.actions == ["sign_in_with_temporary_password", "answer_new_password_challenge"]

# -- alias attributes and groups in check mode ---------------------------------------------------------


def test_in_a_pool_with_alias_attributes_a_miss_is_confirmed_before_creating(stubbed):
    # AdminGetUser's Username "is typically your user's username, but it can be any of their alias
    # attributes" (its API reference); ListUsers' filter finds "the actual user name, not an alias" (the
    # developer guide). A miss in the list may be a stored user.
    client, stubber = stubbed
    _pool(stubber, AliasAttributes=["email", "preferred_username"])
    expect_list_users(stubber, 'username = "alice"')
    expect_admin_get_user(stubber, "alice", _record("alice", "CONFIRMED"))
    [outcome] = converge(client, [DesiredUser("alice", password=PASSWORD)], OPTIONS)
    assert outcome.actions == [] and outcome.error is None and client.attempts["AdminCreateUser"] == 0


ALIAS_TAKEN = "An account with the given email already exists."


def _alias_refuses_creating_alice(stubber):
    """AdminCreateUser of alice with a@example.com, answered AliasExistsException."""
    _error(stubber, "admin_create_user", "AliasExistsException", ALIAS_TAKEN,
           {"Username": "alice", "MessageAction": "SUPPRESS", "UserAttributes": [{"Name": "email", "Value": "a@example.com"}]})


def test_a_name_that_is_another_users_alias_fails_creation_naming_the_refusal(stubbed):
    # AdminCreateUser: "AliasExistsException: This exception is thrown when a user tries to confirm the
    # account with an email address or phone number that has already been supplied as an alias for a
    # different user profile." The name is read again; when no user has it, the refusal stands.
    client, stubber = stubbed
    _pool(stubber)
    expect_list_users(stubber, 'username = "alice"')
    _alias_refuses_creating_alice(stubber)
    expect_admin_get_user(stubber, "alice")
    [outcome] = converge(client, [DesiredUser("alice", attributes={"email": "a@example.com"})], OPTIONS)
    assert outcome.actions == [] and ALIAS_TAKEN in outcome.error
    assert client.attempts["AdminGetUser"] == 1


def test_an_alias_refusal_for_a_user_that_now_exists_is_read_and_planned_again(stubbed):
    client, stubber = stubbed
    _pool(stubber)
    expect_list_users(stubber, 'username = "alice"')
    _alias_refuses_creating_alice(stubber)
    expect_admin_get_user(stubber, "alice", _record("alice", "CONFIRMED", email="a@example.com"))
    [outcome] = converge(client, [DesiredUser("alice", attributes={"email": "a@example.com"})], OPTIONS)
    assert outcome.error is None and outcome.actions == [] and outcome.after.user_status == "CONFIRMED"


def test_in_check_mode_a_missing_group_fails_its_users_before_any_listing(stubbed):
    client, stubber = stubbed
    _pool(stubber)
    _error(stubber, "get_group", "ResourceNotFoundException", "Group not found.", {"GroupName": "ghosts"})
    [alice] = converge(client, [DesiredUser("alice", groups=["ghosts"])], ConvergeOptions(check_mode=True, max_concurrency=1))
    assert "declares group 'ghosts' that user pool" in alice.error and alice.actions == []
    assert client.attempts["ListUsers"] == 0
