# -*- coding: utf-8 -*-
"""Pool settings Cognito has and moto lacks: the engine reads them from DescribeUserPool and answers them in words.

moto's DescribeUserPool never reports a password history, attributes held back until verified, or
case-insensitive usernames; the functional harness's proxy plays them (cognito_rules.py).  What the
engine decides from them is pure code, proven here with the Stubber and the planner; the words are
asserted whole, as a user reads them.
"""

from __future__ import annotations

import pytest

from ansible_collections.cognito.user_pool.plugins.module_utils._converge import ConvergeOptions
from ansible_collections.cognito.user_pool.plugins.module_utils._converge import converge
from ansible_collections.cognito.user_pool.plugins.module_utils._errors import CognitoError
from ansible_collections.cognito.user_pool.plugins.module_utils._model import CurrentUser
from ansible_collections.cognito.user_pool.plugins.module_utils._model import DesiredUser
from ansible_collections.cognito.user_pool.plugins.module_utils._model import PoolFacts
from ansible_collections.cognito.user_pool.plugins.module_utils._planner import plan_user
from ansible_collections.cognito.user_pool.plugins.module_utils._sign_in import password_matches
from stubbed_cognito import POOL
from stubbed_cognito import expect_describe_user_pool

PASSWORD = "Zq9!never-printed"
OPTIONS = ConvergeOptions(max_concurrency=1)


@pytest.fixture
def stubbed(stub_client):
    return stub_client(1)


def _listed(stubber, filter_expression, *records):
    stubber.add_response("list_users", {"Users": list(records)}, {"UserPoolId": POOL, "Limit": 60, "Filter": filter_expression})


def _record(username, **attributes):
    return {"Username": username, "UserStatus": "CONFIRMED", "Enabled": True,
            "Attributes": [{"Name": name, "Value": value} for name, value in dict({"sub": "s-" + username}, **attributes).items()]}


def test_describe_user_pool_gives_the_history_the_held_back_attributes_and_the_case_rule():
    # PasswordPolicyType.PasswordHistorySize; UserAttributeUpdateSettingsType.AttributesRequireVerificationBeforeUpdate;
    # UsernameConfigurationType.CaseSensitive ("If you do not specify a value, CaseSensitive defaults to true").
    facts = PoolFacts.from_user_pool({
        "Id": POOL, "Policies": {"PasswordPolicy": {"MinimumLength": 8, "PasswordHistorySize": 3}},
        "UserAttributeUpdateSettings": {"AttributesRequireVerificationBeforeUpdate": ["email"]},
        "UsernameConfiguration": {"CaseSensitive": False}})
    assert (facts.password_history_size, facts.verify_before_update, facts.case_sensitive) == (3, frozenset(["email"]), False)
    plain = PoolFacts.from_user_pool({"Id": POOL})
    assert (plain.password_history_size, plain.verify_before_update, plain.case_sensitive) == (0, frozenset(), True)


def test_two_spellings_of_one_user_in_a_case_insensitive_pool_are_refused_in_one_sentence_before_any_listing(stubbed):
    client, stubber = stubbed
    expect_describe_user_pool(stubber, UsernameConfiguration={"CaseSensitive": False})
    with pytest.raises(CognitoError) as error:
        converge(client, [DesiredUser("alice"), DesiredUser("ALICE"), DesiredUser("bob")], OPTIONS)
    assert error.value.message == (f"users lists these usernames more than once (user pool {POOL} compares usernames "
                                   "case-insensitively): ALICE, alice. Declare each user once.")


def test_a_change_the_pool_holds_back_is_reported_pending_run_after_run_and_never_sent(stubbed):
    # UserAttributeUpdateSettingsType.AttributesRequireVerificationBeforeUpdate: "Amazon Cognito doesn't change the
    # value of the attribute until your user responds to the verification message and confirms the new value."
    client, stubber = stubbed
    declared = DesiredUser("alice", attributes={"email": "new@example.com", "name": "Alicia"})
    held_back = {"UserAttributeUpdateSettings": {"AttributesRequireVerificationBeforeUpdate": ["email"]}}
    expect_describe_user_pool(stubber, **held_back)
    alice = _record("alice", email="old@example.com", name="Alice")
    _listed(stubber, 'username = "alice"', alice)
    stubber.add_response("admin_get_user", dict({key: value for key, value in alice.items() if key != "Attributes"},
                                                UserAttributes=alice["Attributes"]), {"UserPoolId": POOL, "Username": "alice"})
    stubber.add_response("admin_update_user_attributes", {}, {
        "UserPoolId": POOL, "Username": "alice", "UserAttributes": [{"Name": "name", "Value": "Alicia"}]})
    [first] = converge(client, [declared], OPTIONS)
    expect_describe_user_pool(stubber, **held_back)
    _listed(stubber, 'username = "alice"', _record("alice", email="old@example.com", name="Alicia"))
    [second] = converge(client, [declared], OPTIONS)
    assert first.result()["changed"] is True and second.result()["changed"] is False
    assert first.result()["pending_attributes"] == second.result()["pending_attributes"] == {"email": "new@example.com"}


def test_a_wrong_client_secret_is_refused_in_one_sentence_that_quotes_aws(stubbed):
    client, stubber = stubbed
    stubber.add_client_error("admin_initiate_auth", "NotAuthorizedException", "Unable to verify secret hash for client c1", 400)
    with pytest.raises(CognitoError) as error:
        password_matches(client, "alice", PASSWORD, "c1", "not-the-secret", "verify_client_id", "verify_client_secret")
    assert error.value.message == (
        f"Cannot verify the password of user 'alice' in user pool {POOL}: app client c1 refused the SECRET_HASH. Set "
        "verify_client_secret to that app client's secret, or leave it unset for a client without one. AWS said: "
        "NotAuthorizedException: Unable to verify secret hash for client c1")


# UserPoolType.SchemaAttributes: "The attribute schema contains standard attributes, custom attributes with a custom:
# prefix, and developer attributes with a dev: prefix."  SchemaAttributeType.Mutable, .Required; developer guide:
# "You can only write a value to an immutable attribute when you create a user."
SCHEMA_POOL = PoolFacts.from_user_pool({"Id": POOL, "SchemaAttributes": [
    {"Name": "sub", "Mutable": False, "Required": True}, {"Name": "name", "Mutable": True, "Required": True},
    {"Name": "custom:tenant", "Mutable": True}, {"Name": "custom:badge", "Mutable": False}]})
ALICE = {"name": "Alice", "custom:tenant": "acme", "custom:badge": "1"}


@pytest.mark.parametrize("declared,purge,problem", [
    (dict(ALICE, **{"custom:nope": "x"}), False,
     "the pool has no custom attribute 'custom:nope': add it to the pool's schema first (custom attributes cannot be "
     "created by this collection), or fix the name"),
    (dict(ALICE, tenant="acme"), False, "attribute 'tenant' is a custom attribute of this pool: write it as 'custom:tenant'"),
    (dict(ALICE, **{"custom:badge": "2"}), False,
     "attribute 'custom:badge' is not mutable in this pool: Cognito writes it only when it creates a user, so it cannot "
     "change now. Declare its current value, or recreate the user"),
    ({"custom:tenant": "other", "custom:badge": "1"}, True,
     "attribute 'name' is required in this pool, so purge_attributes cannot remove it. Declare it, or leave "
     "purge_attributes off"),
], ids=["unknown-attribute", "custom-attribute-without-its-prefix", "non-mutable-change", "required-purge"])
def test_a_declaration_breaking_the_schema_is_refused_in_one_sentence(declared, purge, problem):
    alice = CurrentUser("alice", "CONFIRMED", True, dict(ALICE, sub="1234"))
    with pytest.raises(CognitoError) as error:
        plan_user(alice, DesiredUser("alice", attributes=declared, purge_attributes=purge), SCHEMA_POOL)
    assert error.value.message == f"The attributes declared for user 'alice' break the schema of user pool {POOL}: {problem}."
