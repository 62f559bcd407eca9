# -*- coding: utf-8 -*-
from __future__ import annotations

import json

import pytest

from ansible_collections.cognito.user_pool.plugins.module_utils._iam import password_operations
from ansible_collections.cognito.user_pool.plugins.module_utils._status import PASSWORD_DECISIONS
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


# -- the status table, check mode against a real run ---------------------------------------------------------

CURRENT_PASSWORD = "Yp8!current-pw-1"
CONFIRMED, FORCE_CHANGE_PASSWORD, RESET_REQUIRED, UNCONFIRMED = "CONFIRMED", "FORCE_CHANGE_PASSWORD", "RESET_REQUIRED", "UNCONFIRMED"

# The status table as the module documents it, for every status moto can put a user in (not EXTERNAL_PROVIDER,
# not COMPROMISED: tests/unit/plugins/module_utils/test_status.py holds those): user_status, permanent, whether the
# password is set, user_status after.
DECISION_TABLE = [
    (FORCE_CHANGE_PASSWORD, True, True, CONFIRMED),
    (FORCE_CHANGE_PASSWORD, False, False, FORCE_CHANGE_PASSWORD),
    (RESET_REQUIRED, True, True, CONFIRMED),
    (RESET_REQUIRED, False, True, FORCE_CHANGE_PASSWORD),
    (UNCONFIRMED, True, True, CONFIRMED),
    (UNCONFIRMED, False, True, FORCE_CHANGE_PASSWORD),
    (CONFIRMED, True, False, CONFIRMED),
    (CONFIRMED, False, True, FORCE_CHANGE_PASSWORD),
]


def test_the_table_covers_every_status_moto_can_produce():
    documented = {(status, permanent) for status in PASSWORD_DECISIONS for permanent in (True, False)
                  if status != "COMPROMISED"}
    assert {(row[0], row[1]) for row in DECISION_TABLE} == documented


def _user_in(aws, pool, status, password=CURRENT_PASSWORD, username="alice"):
    """A user in ``status`` whose current password is ``password``."""
    if status == UNCONFIRMED:
        client = aws.create_user_pool_client(UserPoolId=pool, ClientName="sign-up")["UserPoolClient"]["ClientId"]
        aws.sign_up(ClientId=client, Username=username, Password=password)
    else:
        # Cognito resets only users it can send the code to.
        attributes = [{"Name": "email", "Value": "alice@example.com"}, {"Name": "email_verified", "Value": "true"}]
        aws.admin_create_user(UserPoolId=pool, Username=username, TemporaryPassword=password, MessageAction="SUPPRESS",
                              UserAttributes=attributes if status == RESET_REQUIRED else [])
        if status in (CONFIRMED, RESET_REQUIRED):
            aws.admin_set_user_password(UserPoolId=pool, Username=username, Password=password, Permanent=True)
        if status == RESET_REQUIRED:
            aws.admin_reset_user_password(UserPoolId=pool, Username=username)
    assert _status(aws, pool, username) == status


@pytest.mark.parametrize("user_status,permanent,sets,status_after", DECISION_TABLE,
                         ids=[f"{row[0]}-{'permanent' if row[1] else 'temporary'}" for row in DECISION_TABLE])
def test_check_mode_predicts_and_a_run_then_does_what_the_status_table_says(
        aws, pool, run, operations, user_status, permanent, sets, status_after):
    _user_in(aws, pool, user_status)
    args = {"user_pool_id": pool, "username": "alice", "password": PASSWORD, "permanent": permanent}

    failed, checked = run(args, check_mode=True)
    assert not failed and operations.writes() == {} and _status(aws, pool) == user_status
    failed, applied = run(args)

    assert not failed
    assert applied["changed"] is sets and applied["user"]["actions"] == (["set_password"] if sets else [])
    assert applied["user"]["user_status"] == status_after == _status(aws, pool)
    # moto puts the user in the status the Permanent flag sent asks for: the flag is proven by the status after.
    assert operations.writes() == ({"AdminSetUserPassword": 1} if sets else {})
    assert (checked["changed"], checked["user"]) == (applied["changed"], applied["user"])


# -- verification by signing in --------------------------------------------------------------------------------

@pytest.fixture
def app_client(aws, pool):
    return aws.create_user_pool_client(UserPoolId=pool, ClientName="automation",
                                       ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH"])["UserPoolClient"]["ClientId"]


@pytest.mark.parametrize("current_password,changed", [(PASSWORD, False), (CURRENT_PASSWORD, True)], ids=["matches", "differs"])
def test_a_temporary_password_is_verified_through_the_new_password_challenge(aws, pool, run, operations, app_client,
                                                                             current_password, changed):
    # A user in FORCE_CHANGE_PASSWORD signing in with its temporary password gets NEW_PASSWORD_REQUIRED: it matches.
    _user_in(aws, pool, FORCE_CHANGE_PASSWORD, password=current_password)
    operations.clear()
    failed, result = run({"user_pool_id": pool, "username": "alice", "password": PASSWORD, "permanent": False,
                          "client_id": app_client})
    assert not failed and result["changed"] is changed
    assert operations["AdminInitiateAuth"] == 1
    assert operations.writes() == ({"AdminSetUserPassword": 1} if changed else {})
    assert _status(aws, pool) == FORCE_CHANGE_PASSWORD


def test_a_disabled_user_is_not_verified_and_a_warning_says_so(aws, pool, run, operations, app_client):
    _user_in(aws, pool, CONFIRMED)
    aws.admin_disable_user(UserPoolId=pool, Username="alice")
    operations.clear()
    failed, result = run({"user_pool_id": pool, "username": "alice", "password": PASSWORD, "client_id": app_client})
    assert not failed and not result["changed"]
    assert operations["AdminInitiateAuth"] == 0 and operations.writes() == {}
    # A string, or in ansible-core 2.19 a summary that holds it: the words are what count.
    assert "User 'alice' is disabled, so Cognito cannot sign it in to verify its password" in json.dumps(result["warnings"])


# -- what is refused before any call ---------------------------------------------------------------------------

def test_a_region_from_the_environment_must_match_the_pools_too(aws, pool, run, operations, monkeypatch):
    monkeypatch.setenv("AWS_REGION", "eu-west-2")
    failed, result = run({"user_pool_id": pool, "username": "alice", "password": PASSWORD})
    assert failed and "us-east-1" in result["msg"] and "eu-west-2" in result["msg"]
    assert sum(operations.values()) == 0


def test_a_malformed_pool_id_fails_before_any_call(aws, run, operations):
    failed, result = run({"user_pool_id": "not-a-pool-id", "username": "alice", "password": PASSWORD})
    assert failed and "'not-a-pool-id'" in result["msg"]
    assert sum(operations.values()) == 0


def test_a_pool_with_email_usernames_takes_the_email_as_username(aws, run):
    pool = aws.create_user_pool(PoolName="emails", UsernameAttributes=["email"])["UserPool"]["Id"]
    aws.admin_create_user(UserPoolId=pool, Username="dana@example.com", MessageAction="SUPPRESS",
                          UserAttributes=[{"Name": "email", "Value": "dana@example.com"}])
    failed, result = run({"user_pool_id": pool, "username": "dana@example.com", "password": PASSWORD})
    assert not failed and result["changed"] and result["user"]["user_status"] == CONFIRMED
    assert _status(aws, pool, "dana@example.com") == CONFIRMED


# -- method: new_password_challenge --------------------------------------------------------------------------------

TEMPORARY_PASSWORD = "Xw7!temporary-pw"
CHALLENGE_ACTIONS = ["sign_in_with_temporary_password", "answer_new_password_challenge"]


def _challenge(pool, client_id, **options):
    return dict({"user_pool_id": pool, "username": "alice", "method": "new_password_challenge", "password": PASSWORD,
                 "temporary_password": TEMPORARY_PASSWORD, "client_id": client_id}, **options)


def test_the_challenge_confirms_the_user_as_check_mode_predicted_and_a_rerun_changes_nothing(aws, pool, run, operations,
                                                                                             app_client):
    _user_in(aws, pool, FORCE_CHANGE_PASSWORD, password=TEMPORARY_PASSWORD)
    operations.clear()

    failed, checked = run(_challenge(pool, app_client), check_mode=True, diff=True)
    assert not failed and checked["changed"] and checked["user"]["actions"] == CHALLENGE_ACTIONS
    # Check mode signs nobody in: the sign-in with the temporary password is the first step of the change.
    assert operations == {"DescribeUserPool": 1, "ListUsers": 1, "AdminGetUser": 1}
    assert _status(aws, pool) == FORCE_CHANGE_PASSWORD
    operations.clear()

    failed, applied = run(_challenge(pool, app_client), diff=True)
    assert not failed
    read = aws.admin_get_user(UserPoolId=pool, Username="alice")
    sub = {attribute["Name"]: attribute["Value"] for attribute in read["UserAttributes"]}["sub"]
    # The answer writes: the last-modified date is then not known without another read.
    assert applied["user"] == {"username": "alice", "changed": True, "actions": CHALLENGE_ACTIONS, "state": "present",
                               "user_status": "CONFIRMED", "enabled": True, "sub": sub,
                               "user_create_date": read["UserCreateDate"].isoformat(), "user_last_modified_date": None}
    assert applied["diff"] == {"before": {"user_status": FORCE_CHANGE_PASSWORD}, "after": {"user_status": "CONFIRMED"}}
    assert (checked["changed"], checked["user"], checked["diff"]) == (applied["changed"], applied["user"], applied["diff"])
    assert operations == {"DescribeUserPool": 1, "ListUsers": 1, "AdminGetUser": 1, "AdminInitiateAuth": 1,
                          "AdminRespondToAuthChallenge": 1}
    assert read["UserStatus"] == "CONFIRMED"
    operations.clear()

    failed, again = run(_challenge(pool, app_client))
    # The re-run signs in with the declared password to find it already set.
    assert not failed and not again["changed"] and again["user"]["actions"] == []
    assert operations == {"DescribeUserPool": 1, "ListUsers": 1, "AdminInitiateAuth": 1}


def test_the_challenge_calls_exactly_the_operations_of_its_iam_actions(aws, pool, run, operations, app_client):
    # docs/iam.md and the role's policy are generated from password_operations; a check, the challenge and a
    # re-run reach every operation the method can call.
    _user_in(aws, pool, FORCE_CHANGE_PASSWORD, password=TEMPORARY_PASSWORD)
    operations.clear()
    for check_mode in (True, False, False):
        failed, result = run(_challenge(pool, app_client), check_mode=check_mode)
        assert not failed, result
    assert set(operations) == password_operations("new_password_challenge")


REFUSED_STATUS = ("method new_password_challenge cannot set the password of user 'alice': its user_status is {status}, "
                  "and the NEW_PASSWORD_REQUIRED challenge only comes to users in FORCE_CHANGE_PASSWORD. Use method: "
                  "admin_set_user_password for this user.")


@pytest.mark.parametrize("user_status,check_mode", [(RESET_REQUIRED, False), (RESET_REQUIRED, True), (UNCONFIRMED, False)],
                         ids=["reset-required", "reset-required-check-mode", "unconfirmed"])
def test_a_user_in_another_status_fails_naming_its_status_and_the_other_method_before_any_sign_in(
        aws, pool, run, operations, app_client, user_status, check_mode):
    _user_in(aws, pool, user_status, password=TEMPORARY_PASSWORD)
    operations.clear()
    failed, result = run(_challenge(pool, app_client), check_mode=check_mode)
    assert failed and result["msg"] == REFUSED_STATUS.format(status=user_status)
    assert operations["AdminInitiateAuth"] == 0 and operations.writes() == {}
    assert _status(aws, pool) == user_status


def test_a_confirmed_user_whose_password_differs_fails_naming_the_other_method(aws, pool, run, operations, app_client):
    _user_in(aws, pool, CONFIRMED, password=CURRENT_PASSWORD)
    operations.clear()
    failed, result = run(_challenge(pool, app_client))
    assert failed and result["msg"] == (
        "method new_password_challenge cannot set the password of user 'alice': its password differs from the declared "
        "one, and the NEW_PASSWORD_REQUIRED challenge only comes to users in FORCE_CHANGE_PASSWORD. Use method: "
        "admin_set_user_password for this user.")
    assert operations.writes() == {}


def test_a_new_password_breaking_the_policy_fails_before_any_sign_in(aws, pool, run, operations, app_client):
    _user_in(aws, pool, FORCE_CHANGE_PASSWORD, password=TEMPORARY_PASSWORD)
    operations.clear()
    failed, result = run(_challenge(pool, app_client, password="short"))
    assert failed and "'alice'" in result["msg"] and "at least 8 characters" in result["msg"]
    assert operations["AdminInitiateAuth"] == 0 and "short" not in json.dumps(result)


def test_required_attributes_outside_the_schema_fail_before_any_sign_in(aws, pool, run, operations, app_client):
    _user_in(aws, pool, FORCE_CHANGE_PASSWORD, password=TEMPORARY_PASSWORD)
    operations.clear()
    failed, result = run(_challenge(pool, app_client, required_attributes={"custom:nope": "x"}))
    assert failed and result["msg"].startswith(f"required_attributes for user 'alice' break the schema of user pool {pool}: ")
    assert "custom:nope" in result["msg"]
    assert operations["AdminInitiateAuth"] == 0


def test_permanent_false_is_refused_with_the_challenge_before_any_call(aws, pool, run, operations, app_client):
    failed, result = run(_challenge(pool, app_client, permanent=False))
    assert failed and result["msg"].startswith("method: new_password_challenge sets a permanent password: it cannot be "
                                               "used with permanent: false.")
    assert sum(operations.values()) == 0
