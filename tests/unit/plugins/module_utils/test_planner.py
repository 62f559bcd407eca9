# -*- coding: utf-8 -*-
"""The planner: from the live user, the declared user and the pool's rules to steps with their requests."""

from __future__ import annotations

import pytest

from ansible_collections.cognito.user_pool.plugins.module_utils._errors import CognitoError
from ansible_collections.cognito.user_pool.plugins.module_utils._model import CurrentUser
from ansible_collections.cognito.user_pool.plugins.module_utils._model import DesiredUser
from ansible_collections.cognito.user_pool.plugins.module_utils._model import PoolFacts
from ansible_collections.cognito.user_pool.plugins.module_utils._password_policy import PasswordPolicy
from ansible_collections.cognito.user_pool.plugins.module_utils._planner import check_declaration
from ansible_collections.cognito.user_pool.plugins.module_utils._planner import plan_new_password_challenge
from ansible_collections.cognito.user_pool.plugins.module_utils._planner import plan_user
from ansible_collections.cognito.user_pool.plugins.module_utils._schema import AttributeSchema
from ansible_collections.cognito.user_pool.plugins.module_utils._schema import SchemaAttribute
from ansible_collections.cognito.user_pool.plugins.module_utils._sign_in import secret_hash

POOL = PoolFacts(user_pool_id="eu-west-1_TestPool1")
PASSWORD = "Zq9!never-printed"


def _user(status="CONFIRMED", enabled=True, attributes=None, groups=None, username="alice"):
    return CurrentUser(username, status, enabled, attributes or {"sub": "1234"}, groups)


def _requests(plan):
    return [(step.operation, dict(step.request)) for step in plan.steps]


# -- new users -------------------------------------------------------------------------------

def test_a_new_user_gets_the_declared_password_at_creation_then_as_its_permanent_one():
    # So that a run stopped between the two calls leaves a user whose password is the declared one.
    plan = plan_user(None, DesiredUser("alice", password=PASSWORD, attributes={"email": "a@x", "email_verified": True}), POOL)
    assert _requests(plan) == [
        ("AdminCreateUser", {"Username": "alice", "TemporaryPassword": PASSWORD, "MessageAction": "SUPPRESS",
                             "UserAttributes": [{"Name": "email", "Value": "a@x"}, {"Name": "email_verified", "Value": "true"}]}),
        ("AdminSetUserPassword", {"Username": "alice", "Password": PASSWORD, "Permanent": True}),
    ]
    assert plan.after.user_status == "CONFIRMED" and plan.after.enabled is True


def test_a_new_user_with_a_temporary_password_is_only_created():
    plan = plan_user(None, DesiredUser("alice", password=PASSWORD, permanent=False), POOL)
    assert plan.labels == ["create"] and plan.steps[0].request["TemporaryPassword"] == PASSWORD
    assert plan.after.user_status == "FORCE_CHANGE_PASSWORD"


@pytest.mark.parametrize("invitation", ["send", "resend"])
def test_an_invitation_never_carries_a_permanent_password(invitation):
    with pytest.raises(CognitoError) as error:
        plan_user(None, DesiredUser("alice", password=PASSWORD, invitation=invitation), POOL)
    assert error.value.message.startswith(f"invitation: {invitation} cannot create user 'alice' with a permanent password")
    assert PASSWORD not in error.value.message


def test_an_invitation_carries_a_declared_temporary_password():
    plan = plan_user(None, DesiredUser("alice", password=PASSWORD, permanent=False, invitation="send"), POOL)
    assert _requests(plan) == [("AdminCreateUser", {"Username": "alice", "TemporaryPassword": PASSWORD})]


def test_an_existing_user_with_a_permanent_password_and_invitation_send_is_not_refused():
    # The invitation goes out only when a user is created.
    assert not plan_user(_user(), DesiredUser("alice", password=PASSWORD, invitation="send"), POOL).changed


def test_a_new_user_without_a_password_gets_one_from_cognito():
    plan = plan_user(None, DesiredUser("alice"), POOL)
    assert _requests(plan) == [("AdminCreateUser", {"Username": "alice", "MessageAction": "SUPPRESS"})]


@pytest.mark.parametrize("invitation,action", [("send", None), ("resend", None), ("suppress", "SUPPRESS")])
def test_invitation_decides_the_message_action_at_creation(invitation, action):
    step = plan_user(None, DesiredUser("alice", invitation=invitation, desired_delivery_mediums=["EMAIL"]), POOL).steps[0]
    assert step.request.get("MessageAction") == action
    assert step.request.get("DesiredDeliveryMediums") == (None if invitation == "suppress" else ["EMAIL"])


def test_a_new_user_joins_its_groups_once_each_and_is_disabled_last():
    plan = plan_user(None, DesiredUser("alice", groups=["b", "a", "b"], enabled=False), POOL)
    assert plan.labels == ["create", "add_to_group:b", "add_to_group:a", "disable"]
    assert [step.request for step in plan.steps[1:3]] == [{"Username": "alice", "GroupName": "b"},
                                                          {"Username": "alice", "GroupName": "a"}]
    assert plan.after.groups == ("a", "b") and plan.after.enabled is False


# -- absent users ------------------------------------------------------------------------------

def test_an_absent_user_that_exists_is_deleted_by_its_stored_name():
    plan = plan_user(_user(username="9b1e-sub"), DesiredUser("erin@example.com", state="absent"), POOL)
    assert _requests(plan) == [("AdminDeleteUser", {"Username": "9b1e-sub"})]
    assert plan.after.as_dict() == {"state": "absent"}


def test_an_absent_user_that_does_not_exist_needs_nothing():
    assert not plan_user(None, DesiredUser("alice", state="absent"), POOL).changed


# -- attributes --------------------------------------------------------------------------------

def test_only_changed_attributes_are_sent_as_cognito_strings():
    current = _user(attributes={"sub": "1", "custom:age": "3", "email_verified": "true", "name": "A"})
    plan = plan_user(current, DesiredUser("alice", attributes={"custom:age": 4, "email_verified": True, "name": "A"}), POOL)
    assert _requests(plan) == [("AdminUpdateUserAttributes", {"Username": "alice", "UserAttributes": [
        {"Name": "custom:age", "Value": "4"}]})]


@pytest.mark.parametrize("attribute,value", [("email", "alice@example.com"), ("phone_number", "+15555550100")])
def test_purge_attributes_keeps_the_address_cognito_filled_in_as_the_username(attribute, value):
    pool = PoolFacts(user_pool_id="eu-west-1_TestPool1", username_attributes=(attribute,))
    current = _user(attributes={"sub": "1", attribute: value, "name": "A"}, username="0b1c-uuid")
    plan = plan_user(current, DesiredUser(value, attributes={"name": "A"}, purge_attributes=True), pool)
    assert plan.steps == []


def test_purge_attributes_deletes_undeclared_ones_but_never_sub():
    current = _user(attributes={"sub": "1", "email": "a@x", "name": "A", "family_name": "F"})
    plan = plan_user(current, DesiredUser("alice", attributes={"email": "a@x"}, purge_attributes=True), POOL)
    assert _requests(plan) == [("AdminDeleteUserAttributes", {"Username": "alice", "UserAttributeNames": ["family_name", "name"]})]


def test_the_predicted_state_never_shows_an_attribute_that_is_not_written():
    # sub is never written, even when declared beside a real change: the diff must not show it changed.
    current = _user(attributes={"sub": "1", "name": "A"})
    plan = plan_user(current, DesiredUser("alice", attributes={"sub": "2", "name": "B"}), POOL)
    assert [step.request["UserAttributes"] for step in plan.steps] == [[{"Name": "name", "Value": "B"}]]
    assert plan.after.attributes == {"sub": "1", "name": "B"}


def _schema(*attributes):
    return AttributeSchema({attribute.name: attribute for attribute in attributes})


SCHEMA_POOL = PoolFacts(user_pool_id="eu-west-1_TestPool1", schema=_schema(
    SchemaAttribute("sub", mutable=False, required=True), SchemaAttribute("email", required=True),
    SchemaAttribute("name"), SchemaAttribute("custom:tenant"), SchemaAttribute("custom:badge", mutable=False),
    SchemaAttribute("phone_number_verifie"),
))


@pytest.mark.parametrize("declared,current,purge,expected", [
    ({"nickname_typo": "x"}, None, False, "the pool's schema has no attribute 'nickname_typo'"),
    ({"tenant": "acme"}, None, False, "attribute 'tenant' is a custom attribute of this pool: write it as 'custom:tenant'"),
    ({"custom:team": "a"}, None, False, "the pool has no custom attribute 'custom:team'"),
    ({"custom:badge": "2"}, {"custom:badge": "1", "email": "a@x"}, False, "attribute 'custom:badge' is not mutable in this pool"),
    ({"name": "A"}, {"email": "a@x", "name": "A"}, True, "attribute 'email' is required in this pool, so purge_attributes cannot"),
], ids=["unknown", "custom-without-prefix", "unknown-custom", "non-mutable-change", "required-purged"])
def test_attributes_that_break_the_schema_fail_naming_the_attribute_and_the_rule(declared, current, purge, expected):
    user = _user(attributes=current) if current is not None else None
    with pytest.raises(CognitoError, match="break the schema of user pool eu-west-1_TestPool1") as error:
        plan_user(user, DesiredUser("alice", attributes=declared, purge_attributes=purge), SCHEMA_POOL)
    assert expected in error.value.message


def test_a_non_mutable_attribute_may_be_written_at_creation_and_declared_unchanged_later():
    assert plan_user(None, DesiredUser("alice", attributes={"custom:badge": "1"}), SCHEMA_POOL).labels == ["create"]
    unchanged = _user(attributes={"custom:badge": "1", "email": "a@x"})
    assert not plan_user(unchanged, DesiredUser("alice", attributes={"custom:badge": "1"}), SCHEMA_POOL).changed


def test_the_schema_s_truncated_standard_names_still_count():
    # AWS's own CreateUserPool example answers "phone_number_verifie" for phone_number_verified.
    plan = plan_user(None, DesiredUser("alice", attributes={"phone_number_verified": False}), SCHEMA_POOL)
    assert plan.labels == ["create"]


HELD_BACK = PoolFacts(user_pool_id="eu-west-1_TestPool1", verify_before_update=frozenset(["email"]))


def test_a_change_the_pool_holds_back_until_verified_is_left_pending_not_resent_every_run():
    current = _user(attributes={"email": "old@x", "name": "A"})
    plan = plan_user(current, DesiredUser("alice", attributes={"email": "new@x", "name": "B"}), HELD_BACK)
    assert _requests(plan) == [("AdminUpdateUserAttributes", {"Username": "alice", "UserAttributes": [{"Name": "name", "Value": "B"}]})]
    assert plan.pending_attributes == {"email": "new@x"}
    assert plan.after.attributes["email"] == "old@x"


def test_a_held_back_change_declared_verified_is_sent_with_its_verified_companion_at_once():
    current = _user(attributes={"email": "old@x", "email_verified": "true"})
    plan = plan_user(current, DesiredUser("alice", attributes={"email": "new@x", "email_verified": True}), HELD_BACK)
    assert _requests(plan) == [("AdminUpdateUserAttributes", {"Username": "alice", "UserAttributes": [
        {"Name": "email", "Value": "new@x"}, {"Name": "email_verified", "Value": "true"}]})]
    assert plan.pending_attributes == {} and plan.after.attributes["email"] == "new@x"


# AWS Knowledge Center: "When a user updates their email address, Amazon Cognito changes the email_verified
# attribute to unverified"; the API reference of AdminUpdateUserAttributes: a *_verified attribute set to true
# in the same request updates the value at once.

@pytest.mark.parametrize("address,companion,old,new", [
    ("email", "email_verified", "old@x", "new@x"), ("phone_number", "phone_number_verified", "+15550000", "+15551111")])
def test_a_changed_address_declared_verified_is_sent_with_its_companion_in_any_pool(address, companion, old, new):
    current = _user(attributes={address: old, companion: "true"})
    plan = plan_user(current, DesiredUser("alice", attributes={address: new, companion: True}), POOL)
    assert _requests(plan) == [("AdminUpdateUserAttributes", {"Username": "alice", "UserAttributes": [
        {"Name": address, "Value": new}, {"Name": companion, "Value": "true"}]})]
    assert plan.after.attributes[address] == new and plan.after.attributes[companion] == "true"


@pytest.mark.parametrize("address,companion,old,new", [
    ("email", "email_verified", "old@x", "new@x"), ("phone_number", "phone_number_verified", "+15550000", "+15551111")])
def test_a_changed_address_without_its_companion_is_predicted_unverified_as_cognito_marks_it(address, companion, old, new):
    current = _user(attributes={address: old, companion: "true"})
    plan = plan_user(current, DesiredUser("alice", attributes={address: new}), POOL)
    assert _requests(plan) == [("AdminUpdateUserAttributes", {"Username": "alice", "UserAttributes": [
        {"Name": address, "Value": new}]})]
    assert plan.after.attributes[address] == new and plan.after.attributes[companion] == "false"
    # The next run, from what Cognito then holds, has nothing to do.
    assert not plan_user(_user(attributes=dict(plan.after.attributes)), DesiredUser("alice", attributes={address: new}),
                         POOL).changed


def test_an_unchanged_address_keeps_its_verification_when_other_attributes_change():
    current = _user(attributes={"email": "a@x", "email_verified": "true", "name": "A"})
    plan = plan_user(current, DesiredUser("alice", attributes={"email": "a@x", "name": "B"}), POOL)
    assert _requests(plan) == [("AdminUpdateUserAttributes", {"Username": "alice", "UserAttributes": [
        {"Name": "name", "Value": "B"}]})]
    assert plan.after.attributes["email_verified"] == "true"


def test_a_changed_address_declared_unverified_is_sent_as_declared():
    current = _user(attributes={"email": "old@x", "email_verified": "true"})
    plan = plan_user(current, DesiredUser("alice", attributes={"email": "new@x", "email_verified": False}), POOL)
    assert _requests(plan) == [("AdminUpdateUserAttributes", {"Username": "alice", "UserAttributes": [
        {"Name": "email", "Value": "new@x"}, {"Name": "email_verified", "Value": "false"}]})]
    assert plan.after.attributes["email_verified"] == "false"


# -- groups and enablement ---------------------------------------------------------------------

def test_missing_groups_are_added_and_extra_ones_kept_without_purge():
    plan = plan_user(_user(groups=["old"]), DesiredUser("alice", groups=["new", "old"]), POOL)
    assert _requests(plan) == [("AdminAddUserToGroup", {"Username": "alice", "GroupName": "new"})]


def test_purge_groups_removes_undeclared_groups():
    plan = plan_user(_user(groups=["old", "keep"]), DesiredUser("alice", groups=["keep"], purge_groups=True), POOL)
    assert _requests(plan) == [("AdminRemoveUserFromGroup", {"Username": "alice", "GroupName": "old"})]
    assert plan.after.groups == ("keep",)


@pytest.mark.parametrize("enabled_now,wanted,operations", [
    (True, False, ["AdminDisableUser"]), (False, True, ["AdminEnableUser"]), (True, True, []), (False, None, []),
])
def test_enabled_is_changed_only_when_it_differs(enabled_now, wanted, operations):
    plan = plan_user(_user(enabled=enabled_now), DesiredUser("alice", enabled=wanted), POOL)
    assert [step.operation for step in plan.steps] == operations


def test_a_declared_group_the_pool_does_not_have_fails_the_user_before_any_step():
    pool = PoolFacts(user_pool_id="eu-west-1_TestPool1", missing_groups=frozenset(["ghosts"]))
    with pytest.raises(CognitoError, match="User 'alice' declares group 'ghosts' that user pool eu-west-1_TestPool1 does not have"):
        check_declaration(DesiredUser("alice", groups=["admins", "ghosts"]), pool)


# -- passwords ---------------------------------------------------------------------------------

def test_steps_come_in_order_attributes_password_groups_enablement():
    current = _user(status="FORCE_CHANGE_PASSWORD", attributes={"sub": "1", "name": "A"}, groups=[])
    desired = DesiredUser("alice", attributes={"name": "B"}, groups=["g"], enabled=False, password=PASSWORD)
    assert plan_user(current, desired, POOL).labels == ["update_attributes", "set_password", "add_to_group:g", "disable"]


def test_a_password_that_may_match_asks_for_verification_when_it_can_be_made():
    plan = plan_user(_user(status="CONFIRMED"), DesiredUser("alice", password=PASSWORD), POOL, can_verify=True)
    assert plan.needs_verification and not plan.steps


@pytest.mark.parametrize("matches,labels", [(False, ["set_password"]), (True, []), (None, [])])
def test_the_verification_answer_decides(matches, labels):
    plan = plan_user(_user(status="CONFIRMED"), DesiredUser("alice", password=PASSWORD), POOL, password_matches=matches)
    assert plan.labels == labels and not plan.needs_verification


def test_a_disabled_user_is_not_verified():
    plan = plan_user(_user(status="CONFIRMED", enabled=False), DesiredUser("alice", password=PASSWORD), POOL, can_verify=True)
    assert not plan.needs_verification and not plan.steps


def test_a_password_breaking_the_policy_fails_before_any_step_naming_every_rule():
    pool = PoolFacts(user_pool_id="eu-west-1_TestPool1", password_policy=PasswordPolicy(minimum_length=20))
    with pytest.raises(CognitoError) as error:
        check_declaration(DesiredUser("alice", password=PASSWORD), pool)
    assert "at least 20 characters" in error.value.message and PASSWORD not in error.value.message


def test_update_password_always_on_a_pool_with_password_history_fails_before_any_write_saying_why():
    pool = PoolFacts(user_pool_id="eu-west-1_TestPool1", password_history_size=3)
    with pytest.raises(CognitoError, match="PasswordHistorySize 3.*refuses a password the user already had"):
        check_declaration(DesiredUser("alice", password=PASSWORD, update_password="always"), pool)
    check_declaration(DesiredUser("alice", password=PASSWORD), pool)  # when_needed is fine


# -- invitations -------------------------------------------------------------------------------

def test_resend_sends_the_declared_temporary_password_to_the_declared_username():
    # In a pool with e-mail usernames the stored username is the sub; RESEND names the user as declared.
    current = _user(status="FORCE_CHANGE_PASSWORD", username="9b1e-sub")
    desired = DesiredUser("erin@example.com", password=PASSWORD, permanent=False, invitation="resend",
                          desired_delivery_mediums=["EMAIL"])
    plan = plan_user(current, desired, POOL, password_matches=True)
    assert _requests(plan) == [("AdminCreateUser", {"Username": "erin@example.com", "MessageAction": "RESEND",
                                                    "TemporaryPassword": PASSWORD, "DesiredDeliveryMediums": ["EMAIL"]})]
    assert plan.labels == ["resend_invitation"]


def test_resend_is_only_for_users_still_waiting_for_their_first_sign_in():
    desired = DesiredUser("alice", invitation="resend")
    assert plan_user(_user(status="FORCE_CHANGE_PASSWORD"), desired, POOL).labels == ["resend_invitation"]
    assert plan_user(_user(status="CONFIRMED"), desired, POOL).labels == []


# -- the new-password challenge ----------------------------------------------------------------

def test_the_challenge_path_signs_in_with_the_temporary_password_then_answers_with_the_new_one():
    current = _user(status="FORCE_CHANGE_PASSWORD")
    plan = plan_new_password_challenge(current, DesiredUser("alice", password=PASSWORD), POOL, "Temp!0rary1",
                                       "client1", "secret1", {"name": "Alice", "email_verified": True})
    hashed = secret_hash("alice", "client1", "secret1")
    assert _requests(plan) == [
        ("AdminInitiateAuth", {"ClientId": "client1", "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
                               "AuthParameters": {"USERNAME": "alice", "PASSWORD": "Temp!0rary1", "SECRET_HASH": hashed}}),
        ("AdminRespondToAuthChallenge", {"ClientId": "client1", "ChallengeName": "NEW_PASSWORD_REQUIRED",
                                         "Session": plan.steps[1].request["Session"],
                                         "ChallengeResponses": {"USERNAME": "alice", "NEW_PASSWORD": PASSWORD,
                                                                "SECRET_HASH": hashed, "userAttributes.name": "Alice",
                                                                "userAttributes.email_verified": "true"}}),
    ]
    assert plan.steps[1].with_session("s-123").request["Session"] == "s-123"
    assert plan.after.user_status == "CONFIRMED" and plan.after.attributes["name"] == "Alice"


def test_the_challenge_path_leaves_a_confirmed_user_with_the_declared_password_alone():
    plan = plan_new_password_challenge(_user(status="CONFIRMED"), DesiredUser("alice", password=PASSWORD), POOL,
                                       "Temp!0rary1", "client1", None, {}, password_matches=True)
    assert not plan.steps


@pytest.mark.parametrize("status,matches", [("RESET_REQUIRED", None), ("UNCONFIRMED", None), ("CONFIRMED", False)])
def test_the_challenge_path_refuses_what_only_admin_set_user_password_can_do(status, matches):
    with pytest.raises(CognitoError, match="Use method: admin_set_user_password"):
        plan_new_password_challenge(_user(status=status), DesiredUser("alice", password=PASSWORD), POOL,
                                    "Temp!0rary1", "client1", None, {}, password_matches=matches)


def test_the_challenge_path_refuses_a_disabled_user_that_cognito_would_not_sign_in():
    with pytest.raises(CognitoError) as refused:
        plan_new_password_challenge(_user(status="FORCE_CHANGE_PASSWORD", enabled=False), DesiredUser("alice", password=PASSWORD),
                                    POOL, "Temp!0rary1", "client1", None, {})
    assert refused.value.message == (
        "method new_password_challenge cannot set the password of user 'alice' in user pool eu-west-1_TestPool1: the user "
        "is disabled, and Cognito refuses every sign-in of a disabled user (NotAuthorizedException: User is disabled.), so "
        "the NEW_PASSWORD_REQUIRED challenge never comes. Enable the user first (cognito_user with enabled: true), then "
        "run this task again.")


def test_the_challenge_path_plans_a_user_the_list_shows_disabled_so_that_it_is_read_again_first():
    listed = CurrentUser("alice", "FORCE_CHANGE_PASSWORD", False, {"sub": "1234"}, None, consistent=False)
    plan = plan_new_password_challenge(listed, DesiredUser("alice", password=PASSWORD), POOL, "Temp!0rary1", "client1",
                                       None, {})
    assert plan.labels == ["sign_in_with_temporary_password", "answer_new_password_challenge"]


def test_in_a_pool_with_a_password_history_a_permanent_password_is_not_also_the_temporary_one():
    # AWS does not say whether a temporary password enters the history; if it did, setting the same password
    # permanently right after would be refused.
    pool = PoolFacts(user_pool_id="eu-west-1_TestPool1", password_history_size=3)
    plan = plan_user(None, DesiredUser("alice", password=PASSWORD), pool)
    assert "TemporaryPassword" not in plan.steps[0].request and plan.labels == ["create", "set_password"]
    temporary = plan_user(None, DesiredUser("alice", password=PASSWORD, permanent=False), pool)
    assert temporary.steps[0].request["TemporaryPassword"] == PASSWORD
