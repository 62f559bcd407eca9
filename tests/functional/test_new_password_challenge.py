# -*- coding: utf-8 -*-
"""cognito_user_password with ``method: new_password_challenge`` through real ansible-playbook.

The module signs a FORCE_CHANGE_PASSWORD user in with its temporary password
(AdminInitiateAuth, ADMIN_USER_PASSWORD_AUTH) and answers NEW_PASSWORD_REQUIRED
(AdminRespondToAuthChallenge), as the user would.  moto implements that
challenge but ignores ``userAttributes.*`` in the answer and any SECRET_HASH;
the proxy's log shows what the module sent, and ``SecretHashCheck`` plays
Cognito's check of the hash.
"""

from __future__ import annotations

import json
import secrets

import pytest

from functional_harness.cognito import CONFIRMED
from functional_harness.cognito import FORCE_CHANGE_PASSWORD
from functional_harness.cognito import RESET_REQUIRED
from functional_harness.cognito import STRICT_PASSWORD_POLICY
from functional_harness.cognito import UNCONFIRMED
from functional_harness.cognito import expected_secret_hash
from functional_harness.cognito_rules import SecretHashCheck
from functional_harness.playbook import failed, succeeded

MODULE = "cognito.user_pool.cognito_user_password"
TEMPORARY_PASSWORD = "Temporary!Pass1"
NEW_PASSWORD = "Chosen!Pass2x"
CHALLENGE_ACTIONS = ["sign_in_with_temporary_password", "answer_new_password_challenge"]


@pytest.fixture
def pool_id(cognito):
    return cognito.create_pool(password_policy=STRICT_PASSWORD_POLICY)


@pytest.fixture
def app_client(cognito, pool_id):
    return cognito.create_app_client(pool_id)


def challenge_task(pool_id, username, client, task_name="answer the challenge", **options):
    """A challenge task; both passwords and the client secret come from variables, as a playbook keeps them."""
    arguments = {"user_pool_id": pool_id, "username": username, "method": "new_password_challenge",
                 "temporary_password": "{{ temporary_password }}", "password": "{{ new_password }}",
                 "client_id": client.client_id}
    if client.client_secret:
        arguments["client_secret"] = "{{ client_secret }}"
    arguments.update(options)
    return {"name": task_name, MODULE: arguments}


def run_challenge(run_playbook, pool_id, username, client, *, check=False, diff=False, verbosity=0,
                  temporary_password=TEMPORARY_PASSWORD, new_password=NEW_PASSWORD, runs=1, **options):
    """``runs`` challenge tasks for one user in one play; returns the whole run."""
    tasks = [challenge_task(pool_id, username, client, task_name=f"run {index + 1}", **options) for index in range(runs)]
    variables = {"temporary_password": temporary_password, "new_password": new_password,
                 "client_secret": client.client_secret or ""}
    return run_playbook(tasks, extra_vars=variables, check=check, diff=diff, verbosity=verbosity)


def test_the_challenge_takes_a_force_change_password_user_to_confirmed(run_playbook, cognito, proxy, pool_id, app_client):
    cognito.create_user(pool_id, "alice", FORCE_CHANGE_PASSWORD, TEMPORARY_PASSWORD)

    result = succeeded(run_challenge(run_playbook, pool_id, "alice", app_client))

    assert result.changed is True
    read = cognito.user(pool_id, "alice")
    sub = {attribute["Name"]: attribute["Value"] for attribute in read["UserAttributes"]}["sub"]
    # The challenge's answer writes: the last-modified date is then not known without another read.
    assert result.result["user"] == {"username": "alice", "changed": True, "actions": CHALLENGE_ACTIONS,
                                     "state": "present", "user_status": CONFIRMED, "enabled": True, "sub": sub,
                                     "user_create_date": read["UserCreateDate"].isoformat(),
                                     "user_last_modified_date": None}
    assert cognito.user_status(pool_id, "alice") == CONFIRMED
    assert proxy.operations() == ["DescribeUserPool", "ListUsers", "AdminGetUser", "AdminInitiateAuth",
                                  "AdminRespondToAuthChallenge"]


def test_the_challenge_is_answered_as_the_user_would_answer_it(run_playbook, cognito, proxy, pool_id, app_client):
    cognito.create_user(pool_id, "alice", FORCE_CHANGE_PASSWORD, TEMPORARY_PASSWORD)

    succeeded(run_challenge(run_playbook, pool_id, "alice", app_client))

    [sign_in] = proxy.requests_for("AdminInitiateAuth")
    assert sign_in.json() == {"UserPoolId": pool_id, "ClientId": app_client.client_id,
                              "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
                              "AuthParameters": {"USERNAME": "alice", "PASSWORD": TEMPORARY_PASSWORD}}
    [answer] = proxy.requests_for("AdminRespondToAuthChallenge")
    sent = answer.json()
    assert sent["ChallengeName"] == "NEW_PASSWORD_REQUIRED" and sent["ClientId"] == app_client.client_id
    assert sent["ChallengeResponses"] == {"USERNAME": "alice", "NEW_PASSWORD": NEW_PASSWORD}
    assert sent["Session"]  # the session of the sign-in's answer


def test_after_the_challenge_the_user_signs_in_with_the_new_password_and_gets_tokens(
        run_playbook, cognito, pool_id, app_client):
    cognito.create_user(pool_id, "alice", FORCE_CHANGE_PASSWORD, TEMPORARY_PASSWORD)

    succeeded(run_challenge(run_playbook, pool_id, "alice", app_client))

    answer = cognito.client.admin_initiate_auth(
        UserPoolId=pool_id, ClientId=app_client.client_id, AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "alice", "PASSWORD": NEW_PASSWORD})
    assert "ChallengeName" not in answer
    assert answer["AuthenticationResult"]["AccessToken"] and answer["AuthenticationResult"]["IdToken"]


def test_a_rerun_changes_nothing_and_writes_nothing(run_playbook, cognito, proxy, pool_id, app_client):
    cognito.create_user(pool_id, "alice", FORCE_CHANGE_PASSWORD, TEMPORARY_PASSWORD)

    run = run_challenge(run_playbook, pool_id, "alice", app_client, runs=2)

    assert run.rc == 0, run.output
    first, second = run.results
    assert (first.changed, second.changed) == (True, False)
    assert second.result["user"]["actions"] == [] and second.result["user"]["user_status"] == CONFIRMED
    assert proxy.writes() == ["AdminRespondToAuthChallenge"]
    # The re-run checks the declared password by signing in with it, through the same app client.
    sign_ins = [request.json()["AuthParameters"]["PASSWORD"] for request in proxy.requests_for("AdminInitiateAuth")]
    assert sign_ins == [TEMPORARY_PASSWORD, NEW_PASSWORD]


def test_check_mode_signs_nobody_in_and_predicts_the_change(run_playbook, cognito, proxy, pool_id, app_client):
    cognito.create_user(pool_id, "alice", FORCE_CHANGE_PASSWORD, TEMPORARY_PASSWORD)

    result = succeeded(run_challenge(run_playbook, pool_id, "alice", app_client, check=True))

    assert result.changed is True
    assert result.result["user"]["actions"] == CHALLENGE_ACTIONS
    assert result.result["user"]["user_status"] == CONFIRMED
    assert "AdminInitiateAuth" not in proxy.operations()
    assert proxy.writes() == []
    assert cognito.user_status(pool_id, "alice") == FORCE_CHANGE_PASSWORD


def test_check_mode_predicts_what_the_real_run_then_does(run_playbook, cognito, pool_id, app_client):
    cognito.create_user(pool_id, "alice", FORCE_CHANGE_PASSWORD, TEMPORARY_PASSWORD)

    checked = succeeded(run_challenge(run_playbook, pool_id, "alice", app_client, check=True))
    applied = succeeded(run_challenge(run_playbook, pool_id, "alice", app_client))

    assert (checked.changed, checked.result["user"]) == (applied.changed, applied.result["user"])


def test_diff_shows_force_change_password_becoming_confirmed(run_playbook, cognito, pool_id, app_client):
    cognito.create_user(pool_id, "alice", FORCE_CHANGE_PASSWORD, TEMPORARY_PASSWORD)

    result = succeeded(run_challenge(run_playbook, pool_id, "alice", app_client, diff=True))

    assert result.result["diff"] == {"before": {"user_status": FORCE_CHANGE_PASSWORD}, "after": {"user_status": CONFIRMED}}


def test_a_confirmed_user_with_the_declared_password_is_unchanged(run_playbook, cognito, proxy, pool_id, app_client):
    cognito.create_user(pool_id, "alice", CONFIRMED, NEW_PASSWORD)

    result = succeeded(run_challenge(run_playbook, pool_id, "alice", app_client))

    assert result.changed is False
    assert result.result["user"]["actions"] == [] and result.result["user"]["user_status"] == CONFIRMED
    assert proxy.writes() == []


def test_a_confirmed_user_whose_password_differs_fails_naming_the_other_method(run_playbook, cognito, proxy, pool_id,
                                                                               app_client):
    cognito.create_user(pool_id, "alice", CONFIRMED, "Someone!Else3")

    result = failed(run_challenge(run_playbook, pool_id, "alice", app_client))

    assert result.msg == (
        "method new_password_challenge cannot set the password of user 'alice': its password differs from the declared "
        "one, and the NEW_PASSWORD_REQUIRED challenge only comes to users in FORCE_CHANGE_PASSWORD. Use method: "
        "admin_set_user_password for this user.")
    assert proxy.writes() == []


@pytest.mark.parametrize("user_status", [RESET_REQUIRED, UNCONFIRMED])
def test_a_user_in_another_status_fails_naming_its_status_and_the_other_method(run_playbook, cognito, proxy, pool_id,
                                                                               app_client, user_status):
    cognito.create_user(pool_id, "alice", user_status, TEMPORARY_PASSWORD)

    result = failed(run_challenge(run_playbook, pool_id, "alice", app_client))

    assert result.msg == (
        f"method new_password_challenge cannot set the password of user 'alice': its user_status is {user_status}, and "
        "the NEW_PASSWORD_REQUIRED challenge only comes to users in FORCE_CHANGE_PASSWORD. Use method: "
        "admin_set_user_password for this user.")
    assert "AdminInitiateAuth" not in proxy.operations()
    assert proxy.writes() == []
    assert cognito.user_status(pool_id, "alice") == user_status


def test_a_reset_required_user_fails_in_check_mode_too(run_playbook, cognito, proxy, pool_id, app_client):
    cognito.create_user(pool_id, "alice", RESET_REQUIRED, TEMPORARY_PASSWORD)

    result = failed(run_challenge(run_playbook, pool_id, "alice", app_client, check=True))

    assert "Use method: admin_set_user_password" in result.msg
    assert "AdminInitiateAuth" not in proxy.operations()


def test_a_wrong_temporary_password_fails_saying_so_and_changes_nothing(run_playbook, cognito, proxy, pool_id, app_client):
    cognito.create_user(pool_id, "alice", FORCE_CHANGE_PASSWORD, TEMPORARY_PASSWORD)

    result = failed(run_challenge(run_playbook, pool_id, "alice", app_client, temporary_password="Not!TheOne4"))

    assert result.msg == (f"Cognito refused temporary_password for user 'alice' in user pool {pool_id}: it is not the "
                          "user's current temporary password; declare the temporary password the user was given, or use "
                          "method: admin_set_user_password. AWS said: NotAuthorizedException: Incorrect username or password.")
    assert proxy.writes() == []
    assert cognito.user_status(pool_id, "alice") == FORCE_CHANGE_PASSWORD


def test_a_new_password_breaking_the_policy_fails_before_any_sign_in(run_playbook, cognito, proxy, pool_id, app_client):
    cognito.create_user(pool_id, "alice", FORCE_CHANGE_PASSWORD, TEMPORARY_PASSWORD)

    result = failed(run_challenge(run_playbook, pool_id, "alice", app_client, new_password="short"))

    assert "'alice'" in result.msg and "at least 12 characters" in result.msg
    assert "AdminInitiateAuth" not in proxy.operations()


def test_permanent_false_is_refused_with_the_challenge(run_playbook, cognito, proxy, pool_id, app_client):
    cognito.create_user(pool_id, "alice", FORCE_CHANGE_PASSWORD, TEMPORARY_PASSWORD)

    result = failed(run_challenge(run_playbook, pool_id, "alice", app_client, permanent=False))

    assert result.msg.startswith("method: new_password_challenge sets a permanent password: it cannot be used with "
                                 "permanent: false.")
    assert proxy.requests() == []


def test_required_attributes_are_sent_with_the_answer(run_playbook, cognito, proxy, pool_id, app_client):
    cognito.create_user(pool_id, "alice", FORCE_CHANGE_PASSWORD, TEMPORARY_PASSWORD)

    succeeded(run_challenge(run_playbook, pool_id, "alice", app_client,
                            required_attributes={"name": "Alice", "email_verified": True}))

    [answer] = proxy.requests_for("AdminRespondToAuthChallenge")
    assert answer.json()["ChallengeResponses"] == {"USERNAME": "alice", "NEW_PASSWORD": NEW_PASSWORD,
                                                   "userAttributes.name": "Alice", "userAttributes.email_verified": "true"}


def test_required_attributes_outside_the_schema_fail_before_any_sign_in(run_playbook, cognito, proxy, pool_id, app_client):
    cognito.create_user(pool_id, "alice", FORCE_CHANGE_PASSWORD, TEMPORARY_PASSWORD)

    result = failed(run_challenge(run_playbook, pool_id, "alice", app_client, required_attributes={"custom:nope": "x"}))

    assert result.msg.startswith(f"required_attributes for user 'alice' break the schema of user pool {pool_id}: ")
    assert "custom:nope" in result.msg
    assert "AdminInitiateAuth" not in proxy.operations()


@pytest.mark.parametrize("names", [("client_id", "client_secret"), ("verify_client_id", "verify_client_secret")],
                         ids=["client_id", "verify_client_id-alias"])
def test_through_a_client_with_a_secret_both_requests_carry_the_secret_hash(run_playbook, cognito, cognito_rules, proxy,
                                                                            pool_id, names):
    cognito_rules(SecretHashCheck())
    client = cognito.create_app_client(pool_id, generate_secret=True)
    cognito.create_user(pool_id, "alice", FORCE_CHANGE_PASSWORD, TEMPORARY_PASSWORD)
    id_option, secret_option = names
    task = challenge_task(pool_id, "alice", client)
    arguments = task[MODULE]
    arguments[id_option], arguments[secret_option] = arguments.pop("client_id"), arguments.pop("client_secret")
    variables = {"temporary_password": TEMPORARY_PASSWORD, "new_password": NEW_PASSWORD, "client_secret": client.client_secret}

    run = run_playbook([task], extra_vars=variables)

    assert succeeded(run).result["user"]["user_status"] == CONFIRMED
    expected = expected_secret_hash("alice", client)
    [sign_in] = proxy.requests_for("AdminInitiateAuth")
    [answer] = proxy.requests_for("AdminRespondToAuthChallenge")
    assert sign_in.json()["AuthParameters"]["SECRET_HASH"] == expected
    assert answer.json()["ChallengeResponses"]["SECRET_HASH"] == expected
    assert all(request.answered_by is None for request in proxy.requests())
    assert "AuthenticationResult" in cognito.sign_in(pool_id, client, "alice", NEW_PASSWORD)


def test_through_a_client_with_a_secret_the_secret_is_required(run_playbook, cognito, cognito_rules, proxy, pool_id):
    cognito_rules(SecretHashCheck())
    client = cognito.create_app_client(pool_id, generate_secret=True)
    cognito.create_user(pool_id, "alice", FORCE_CHANGE_PASSWORD, TEMPORARY_PASSWORD)
    task = challenge_task(pool_id, "alice", client)
    del task[MODULE]["client_secret"]

    run = run_playbook([task], extra_vars={"temporary_password": TEMPORARY_PASSWORD, "new_password": NEW_PASSWORD})

    result = failed(run)
    assert result.msg == (
        f"App client {client.client_id} of user pool {pool_id} refused the SECRET_HASH of the sign-in of user 'alice' with "
        "temporary_password, so the new password was not set; set client_secret to that app client's secret. AWS said: "
        f"NotAuthorizedException: Client {client.client_id} is configured with secret but SECRET_HASH was not received.")
    assert proxy.writes() == []
    assert cognito.user_status(pool_id, "alice") == FORCE_CHANGE_PASSWORD


@pytest.mark.parametrize("case", ["succeeds", "wrong-temporary-password", "policy-breach", "reset-required", "check-mode"])
def test_neither_password_nor_the_client_secret_appears_in_the_output_at_vvvv(run_playbook, cognito, pool_id, case):
    client = cognito.create_app_client(pool_id, generate_secret=True)
    temporary = "Tmp!leak-" + secrets.token_hex(6)
    new = "New!leak-" + secrets.token_hex(6)
    cognito.create_user(pool_id, "alice", RESET_REQUIRED if case == "reset-required" else FORCE_CHANGE_PASSWORD, temporary)
    if case == "policy-breach":
        new = "new!leak" + secrets.token_hex(6)  # no uppercase letter
    declared_temporary = "Wrong!leak-" + secrets.token_hex(6) if case == "wrong-temporary-password" else temporary

    run = run_challenge(run_playbook, pool_id, "alice", client, temporary_password=declared_temporary, new_password=new,
                        verbosity=4, diff=True, check=case == "check-mode")

    assert (run.rc == 0) is (case in ("succeeds", "check-mode")), run.output
    recorded = json.dumps([result.result for result in run.results])
    for secret in (temporary, declared_temporary, new, client.client_secret):
        assert secret not in run.output
        assert secret not in recorded
