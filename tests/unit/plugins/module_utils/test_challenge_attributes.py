# -*- coding: utf-8 -*-
"""required_attributes Cognito would refuse in the NEW_PASSWORD_REQUIRED answer are refused before the sign-in.

AdminRespondToAuthChallenge's API reference (ChallengeResponses): "In a NEW_PASSWORD_REQUIRED challenge response,
you can't modify a required attribute that already has a value"; the developer guide: "You can only write a value to
an immutable attribute when you create a user".  Refused after the sign-in, the temporary password would be used for
nothing; the Stubber fails any call it was not told to expect, so these tests prove no sign-in is tried.
"""

from __future__ import annotations

import pytest

from ansible_collections.cognito.user_pool.plugins.module_utils._converge import Challenge
from ansible_collections.cognito.user_pool.plugins.module_utils._converge import ConvergeOptions
from ansible_collections.cognito.user_pool.plugins.module_utils._converge import converge
from ansible_collections.cognito.user_pool.plugins.module_utils._errors import CognitoError
from ansible_collections.cognito.user_pool.plugins.module_utils._model import CurrentUser
from ansible_collections.cognito.user_pool.plugins.module_utils._model import DesiredUser
from ansible_collections.cognito.user_pool.plugins.module_utils._model import PoolFacts
from ansible_collections.cognito.user_pool.plugins.module_utils._planner import plan_new_password_challenge
from ansible_collections.cognito.user_pool.plugins.module_utils._schema import AttributeSchema
from ansible_collections.cognito.user_pool.plugins.module_utils._schema import SchemaAttribute
from stubbed_cognito import POOL
from stubbed_cognito import expect_describe_user_pool

PASSWORD = "Zq9!never-printed"
TEMPORARY = "Temp!0rary-pw1"
SCHEMA = [
    {"Name": "sub", "Mutable": False, "Required": True}, {"Name": "email", "Mutable": True, "Required": True},
    {"Name": "name", "Mutable": True, "Required": False}, {"Name": "given_name", "Mutable": True, "Required": True},
    {"Name": "custom:badge", "Mutable": False, "Required": False},
]
FACTS = PoolFacts(user_pool_id=POOL, schema=AttributeSchema({
    item["Name"]: SchemaAttribute(item["Name"], item["Mutable"], item["Required"]) for item in SCHEMA}))


def _plan(attributes, status="FORCE_CHANGE_PASSWORD", **current):
    user = CurrentUser("alice", status, True, dict({"sub": "1", "email": "a@x"}, **current), None)
    return plan_new_password_challenge(user, DesiredUser("alice", password=PASSWORD), FACTS, TEMPORARY, "client1", None,
                                       attributes)


@pytest.mark.parametrize("attributes,why", [
    ({"email": "other@x"}, "attribute 'email' is required in this pool and the user already has a value"),
    ({"email": "a@x"}, "attribute 'email' is required in this pool and the user already has a value"),
    ({"custom:badge": "7"}, "attribute 'custom:badge' is not mutable in this pool"),
])
def test_an_attribute_the_answer_cannot_write_is_refused_before_the_sign_in(attributes, why):
    with pytest.raises(CognitoError) as error:
        _plan(attributes)
    message = error.value.message
    assert message.startswith(f"required_attributes for user 'alice' in user pool {POOL} would be refused in the "
                              "NEW_PASSWORD_REQUIRED answer, after the sign-in with temporary_password, so nothing was sent: ")
    assert why in message and TEMPORARY not in message and PASSWORD not in message


def test_a_required_attribute_without_a_value_and_a_writable_one_are_sent():
    plan = _plan({"given_name": "Alice", "name": "A"})
    assert plan.labels == ["sign_in_with_temporary_password", "answer_new_password_challenge"]
    responses = plan.steps[1].request["ChallengeResponses"]
    assert responses["userAttributes.given_name"] == "Alice" and responses["userAttributes.name"] == "A"


def test_a_user_past_the_challenge_is_not_checked():
    # No challenge is answered for a CONFIRMED user, so nothing of required_attributes is sent.
    assert not _plan({"email": "other@x"}, status="CONFIRMED").steps


def test_converge_refuses_before_any_sign_in(stub_client):
    client, stubber = stub_client(1)
    expect_describe_user_pool(stubber, SchemaAttributes=SCHEMA)
    record = {"Username": "alice", "UserStatus": "FORCE_CHANGE_PASSWORD", "Enabled": True,
              "Attributes": [{"Name": "sub", "Value": "1"}, {"Name": "email", "Value": "a@x"}]}
    stubber.add_response("list_users", {"Users": [record]}, {"UserPoolId": POOL, "Limit": 60, "Filter": 'username = "alice"'})
    options = ConvergeOptions(max_concurrency=1, require_existing=True, client_id="client1",
                              challenge=Challenge(TEMPORARY, {"email": "new@x"}))
    [outcome] = converge(client, [DesiredUser("alice", password=PASSWORD)], options)
    assert "attribute 'email' is required in this pool and the user already has a value" in outcome.error
    assert outcome.actions == [] and client.attempts.get("AdminInitiateAuth", 0) == 0


# -- the app client's WriteAttributes -------------------------------------------------------------
# UserPoolClientType.WriteAttributes: "The list of user attributes that you want your app client to have write access
# to. [...] When you don't specify the WriteAttributes for your app client, your app can write the values of the
# Standard attributes of your user pool."


def test_an_attribute_the_app_client_may_not_write_is_refused_before_the_sign_in():
    user = CurrentUser("alice", "FORCE_CHANGE_PASSWORD", True, {"sub": "1", "email": "a@x"}, None)
    with pytest.raises(CognitoError) as error:
        plan_new_password_challenge(user, DesiredUser("alice", password=PASSWORD), FACTS, TEMPORARY, "client1", None,
                                    {"given_name": "Alice", "name": "A"}, writable_attributes=frozenset(["given_name"]))
    assert "app client client1 may not write attribute 'name' (its WriteAttributes do not list it)" in error.value.message
    assert "'given_name'" not in error.value.message


def test_the_app_clients_write_attributes_are_read_none_when_it_names_none(stub_client):
    from ansible_collections.cognito.user_pool.plugins.module_utils._converge import app_client_write_attributes

    client, stubber = stub_client(1)
    for names in (["given_name", "custom:badge"], []):
        answer = {"UserPoolClient": {"ClientId": "client1", "UserPoolId": POOL}}
        if names:
            answer["UserPoolClient"]["WriteAttributes"] = names
        stubber.add_response("describe_user_pool_client", answer, {"UserPoolId": POOL, "ClientId": "client1"})
    assert app_client_write_attributes(client, "client1") == frozenset(["given_name", "custom:badge"])
    assert app_client_write_attributes(client, "client1") is None


def test_converge_passes_the_write_attributes_to_the_check(stub_client):
    client, stubber = stub_client(1)
    expect_describe_user_pool(stubber, SchemaAttributes=SCHEMA)
    record = {"Username": "alice", "UserStatus": "FORCE_CHANGE_PASSWORD", "Enabled": True,
              "Attributes": [{"Name": "sub", "Value": "1"}, {"Name": "email", "Value": "a@x"}]}
    stubber.add_response("list_users", {"Users": [record]}, {"UserPoolId": POOL, "Limit": 60, "Filter": 'username = "alice"'})
    options = ConvergeOptions(max_concurrency=1, require_existing=True, client_id="client1",
                              challenge=Challenge(TEMPORARY, {"given_name": "Alice"}, frozenset(["name"])))
    [outcome] = converge(client, [DesiredUser("alice", password=PASSWORD)], options)
    assert "may not write attribute 'given_name'" in outcome.error
    assert client.attempts.get("AdminInitiateAuth", 0) == 0
