# -*- coding: utf-8 -*-
"""Each step kind carries the exact request it sends, predicts its own effect, and never shows a password."""

from __future__ import annotations

import pytest

from ansible_collections.cognito.user_pool.plugins.module_utils import _steps as steps
from ansible_collections.cognito.user_pool.plugins.module_utils._model import UserState
from ansible_collections.cognito.user_pool.plugins.module_utils._operations import OPERATIONS

PASSWORD = "Zq9!never-printed"
BEFORE = UserState(True, "FORCE_CHANGE_PASSWORD", True, {"sub": "1", "name": "A", "email": "a@x"}, ("old",))

# step, its operation, its exact request, its label, the state after it (from BEFORE).
KINDS = {
    "create": (steps.create_user("alice", {"email": "a@x"}, PASSWORD, "suppress", None), "AdminCreateUser",
               {"Username": "alice", "UserAttributes": [{"Name": "email", "Value": "a@x"}], "TemporaryPassword": PASSWORD,
                "MessageAction": "SUPPRESS"}, "create",
               UserState(True, "FORCE_CHANGE_PASSWORD", True, {"email": "a@x"}, ())),
    "resend_invitation": (steps.resend_invitation("erin@example.com", PASSWORD, ["EMAIL"]), "AdminCreateUser",
                          {"Username": "erin@example.com", "MessageAction": "RESEND", "TemporaryPassword": PASSWORD,
                           "DesiredDeliveryMediums": ["EMAIL"]}, "resend_invitation", BEFORE),
    "set_password": (steps.set_password("alice", PASSWORD, True), "AdminSetUserPassword",
                     {"Username": "alice", "Password": PASSWORD, "Permanent": True}, "set_password",
                     BEFORE.but(user_status="CONFIRMED")),
    "set_temporary_password": (steps.set_password("alice", PASSWORD, False), "AdminSetUserPassword",
                               {"Username": "alice", "Password": PASSWORD, "Permanent": False}, "set_password", BEFORE),
    "update_attributes": (steps.update_attributes("alice", {"name": "B"}), "AdminUpdateUserAttributes",
                          {"Username": "alice", "UserAttributes": [{"Name": "name", "Value": "B"}]}, "update_attributes",
                          BEFORE.but(attributes={"sub": "1", "name": "B", "email": "a@x"})),
    "delete_attributes": (steps.delete_attributes("alice", ["name"]), "AdminDeleteUserAttributes",
                          {"Username": "alice", "UserAttributeNames": ["name"]}, "delete_attributes",
                          BEFORE.but(attributes={"sub": "1", "email": "a@x"})),
    "enable": (steps.enable("alice"), "AdminEnableUser", {"Username": "alice"}, "enable", BEFORE),
    "disable": (steps.disable("alice"), "AdminDisableUser", {"Username": "alice"}, "disable", BEFORE.but(enabled=False)),
    "add_to_group": (steps.add_to_group("alice", "admins"), "AdminAddUserToGroup", {"Username": "alice", "GroupName": "admins"},
                     "add_to_group:admins", BEFORE.but(groups=("admins", "old"))),
    "remove_from_group": (steps.remove_from_group("alice", "old"), "AdminRemoveUserFromGroup",
                          {"Username": "alice", "GroupName": "old"}, "remove_from_group:old", BEFORE.but(groups=())),
    "delete": (steps.delete_user("alice"), "AdminDeleteUser", {"Username": "alice"}, "delete", UserState.absent()),
    "sign_in_with_temporary_password": (
        steps.sign_in_with_temporary_password("alice", PASSWORD, "client1", "the-secret-hash"), "AdminInitiateAuth",
        {"ClientId": "client1", "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
         "AuthParameters": {"USERNAME": "alice", "PASSWORD": PASSWORD, "SECRET_HASH": "the-secret-hash"}},
        "sign_in_with_temporary_password", BEFORE),
    "answer_new_password_challenge": (
        steps.answer_new_password_challenge("alice", PASSWORD, "client1", None, {"name": "Z"}), "AdminRespondToAuthChallenge",
        {"ClientId": "client1", "ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": steps.SESSION_FROM_PREVIOUS_STEP,
         "ChallengeResponses": {"USERNAME": "alice", "NEW_PASSWORD": PASSWORD, "userAttributes.name": "Z"}},
        "answer_new_password_challenge", BEFORE.but(user_status="CONFIRMED", attributes={"sub": "1", "name": "Z", "email": "a@x"})),
}


@pytest.mark.parametrize("kind", KINDS)
def test_a_step_sends_exactly_its_request(kind):
    step, operation, request, label, dummy = KINDS[kind]
    assert (step.operation, dict(step.request), step.label) == (operation, request, label)
    assert operation in OPERATIONS


@pytest.mark.parametrize("kind", KINDS)
def test_a_step_predicts_its_own_effect(kind):
    step, dummy, dummy2, dummy3, after = KINDS[kind]
    assert steps.predict(BEFORE, [step]) == after


@pytest.mark.parametrize("kind", KINDS)
def test_a_step_never_shows_a_password_or_a_session(kind):
    step = KINDS[kind][0].with_session("session-token-123")
    shown = repr(step) + str(step)
    assert PASSWORD not in shown and "session-token-123" not in shown and "the-secret-hash" not in shown


def test_the_challenge_answer_takes_the_session_of_the_sign_in_before_it():
    answer = KINDS["answer_new_password_challenge"][0]
    assert answer.with_session("s-1").request["Session"] == "s-1"
    assert KINDS["set_password"][0].with_session("s-1") is KINDS["set_password"][0]


def test_a_step_names_an_operation_of_the_table_or_cannot_exist():
    with pytest.raises(ValueError, match="not an operation of the operations table"):
        steps.Step("AdminResetUserPassword", {}, "reset")
