# -*- coding: utf-8 -*-
"""The proxy's newer Cognito rules: each one happens when Cognito's rule says so, and only then.

boto3 talks to moto through the proxy with botocore's retries off, so every
answer a rule makes reaches the test; ``cognito`` reads and sets moto up
behind the proxy's back.
"""

from __future__ import annotations

import pytest

from botocore.exceptions import ClientError

from functional_harness.cognito import CONFIRMED
from functional_harness.cognito_rules import AliasesResolved
from functional_harness.cognito_rules import AttributesHeldBack
from functional_harness.cognito_rules import ChangedAddressUnverified
from functional_harness.cognito_rules import HeldBackChange
from functional_harness.cognito_rules import rules_from_spec

PASSWORD = "First!Pass1"
OLD_EMAIL = "old@example.com"
NEW_EMAIL = "new@example.com"


# These tests install the rules they need themselves, whatever --cognito-rules says.
pytestmark = pytest.mark.own_rules


@pytest.fixture
def client(proxy):
    return proxy.client()


@pytest.fixture
def pool_id(cognito):
    pool_id = cognito.create_pool()
    cognito.create_user(pool_id, "alice", CONFIRMED, PASSWORD, attributes={"email": OLD_EMAIL, "name": "Alice"})
    return pool_id


def stored(cognito, pool_id, username="alice"):
    """The user's attributes as moto holds them, read behind the proxy."""
    return {attribute["Name"]: attribute["Value"] for attribute in cognito.user(pool_id, username)["UserAttributes"]}


def update(client, pool_id, username="alice", **attributes):
    return client.admin_update_user_attributes(
        UserPoolId=pool_id, Username=username,
        UserAttributes=[{"Name": name, "Value": value} for name, value in attributes.items()])


# -- AttributesHeldBack ------------------------------------------------------------------------


def test_held_back_pool_reports_the_attributes_that_wait_for_verification(client, proxy, pool_id):
    proxy.add_rule(AttributesHeldBack([pool_id]))

    pool = client.describe_user_pool(UserPoolId=pool_id)["UserPool"]

    assert pool["UserAttributeUpdateSettings"] == {"AttributesRequireVerificationBeforeUpdate": ["email"]}


def test_email_change_without_email_verified_is_held_back_and_the_rest_is_written(client, cognito, proxy, pool_id):
    rule = proxy.add_rule(AttributesHeldBack([pool_id]))

    update(client, pool_id, email=NEW_EMAIL, name="Alicia")

    assert stored(cognito, pool_id)["email"] == OLD_EMAIL
    assert stored(cognito, pool_id)["name"] == "Alicia"
    assert rule.held_back == [HeldBackChange(pool_id, "alice", "email", NEW_EMAIL)]


def test_email_change_alone_changes_nothing_but_still_needs_the_user_to_exist(client, cognito, proxy, pool_id):
    rule = proxy.add_rule(AttributesHeldBack([pool_id]))

    update(client, pool_id, email=NEW_EMAIL)
    with pytest.raises(client.exceptions.UserNotFoundException):
        update(client, pool_id, username="nobody", email=NEW_EMAIL)

    assert stored(cognito, pool_id)["email"] == OLD_EMAIL
    assert [change.username for change in rule.held_back] == ["alice"]


def test_email_verified_true_in_the_same_request_updates_the_email_at_once(client, cognito, proxy, pool_id):
    rule = proxy.add_rule(AttributesHeldBack([pool_id]))

    update(client, pool_id, email=NEW_EMAIL, email_verified="true")

    assert stored(cognito, pool_id)["email"] == NEW_EMAIL
    assert rule.held_back == []


def test_email_verified_false_does_not_release_the_email(client, cognito, proxy, pool_id):
    proxy.add_rule(AttributesHeldBack([pool_id]))

    update(client, pool_id, email=NEW_EMAIL, email_verified="false")

    assert stored(cognito, pool_id)["email"] == OLD_EMAIL
    assert stored(cognito, pool_id)["email_verified"] == "false"


def test_pools_not_chosen_update_at_once_and_report_no_setting(client, cognito, proxy, pool_id):
    other = cognito.create_pool(name="other")
    cognito.create_user(other, "alice", CONFIRMED, PASSWORD, attributes={"email": OLD_EMAIL})
    proxy.add_rule(AttributesHeldBack([pool_id]))

    update(client, other, email=NEW_EMAIL)

    assert stored(cognito, other)["email"] == NEW_EMAIL
    assert "UserAttributeUpdateSettings" not in client.describe_user_pool(UserPoolId=other)["UserPool"]


def test_phone_number_is_held_back_when_chosen_and_email_then_is_not(client, cognito, proxy, pool_id):
    proxy.add_rule(AttributesHeldBack([pool_id], attributes=["phone_number"]))

    update(client, pool_id, email=NEW_EMAIL, phone_number="+15555550100")

    assert stored(cognito, pool_id)["email"] == NEW_EMAIL
    assert "phone_number" not in stored(cognito, pool_id)


def test_user_creation_is_not_held_back(client, cognito, proxy, pool_id):
    proxy.add_rule(AttributesHeldBack([pool_id]))

    client.admin_create_user(UserPoolId=pool_id, Username="bob", MessageAction="SUPPRESS",
                             UserAttributes=[{"Name": "email", "Value": NEW_EMAIL}])

    assert stored(cognito, pool_id, "bob")["email"] == NEW_EMAIL


def test_rule_is_named_with_its_attributes_and_holds_email_back_in_every_pool_under_all():
    [rule] = rules_from_spec("attributesheldback=email+phone_number")

    assert isinstance(rule, AttributesHeldBack) and rule.attributes == ("email", "phone_number")
    [under_all] = [rule for rule in rules_from_spec("all") if isinstance(rule, AttributesHeldBack)]
    assert under_all.attributes == ("email",) and under_all.user_pool_ids is None
    with pytest.raises(ValueError):
        rules_from_spec("AttributesHeldBack=name")


# -- ChangedAddressUnverified ------------------------------------------------------------------


def test_a_changed_email_is_marked_unverified(client, cognito, proxy, pool_id):
    proxy.add_rule(ChangedAddressUnverified())
    update(client, pool_id, email_verified="true")

    update(client, pool_id, email=NEW_EMAIL)

    assert stored(cognito, pool_id)["email"] == NEW_EMAIL
    assert stored(cognito, pool_id)["email_verified"] == "false"


def test_a_changed_email_sent_with_email_verified_true_stays_verified(client, cognito, proxy, pool_id):
    proxy.add_rule(ChangedAddressUnverified())

    update(client, pool_id, email=NEW_EMAIL, email_verified="true")

    assert stored(cognito, pool_id)["email_verified"] == "true"


def test_an_unchanged_email_and_other_attributes_leave_verification_alone(client, cognito, proxy, pool_id):
    proxy.add_rule(ChangedAddressUnverified())
    update(client, pool_id, email_verified="true")

    update(client, pool_id, email=OLD_EMAIL, name="Alicia")

    assert stored(cognito, pool_id)["email_verified"] == "true"


def test_a_held_back_email_change_marks_nothing(client, cognito, proxy, pool_id):
    proxy.add_rule(AttributesHeldBack([pool_id]))
    proxy.add_rule(ChangedAddressUnverified())
    update(client, pool_id, email_verified="true")

    update(client, pool_id, email=NEW_EMAIL)

    assert stored(cognito, pool_id)["email"] == OLD_EMAIL
    assert stored(cognito, pool_id)["email_verified"] == "true"


# -- AliasesResolved -------------------------------------------------------------------------------


def alias_pool(cognito, aliases=("email", "phone_number", "preferred_username"), case_sensitive=True):
    """A pool with alias attributes, and test-alice (verified email, unverified phone, preferred username)."""
    pool_id = cognito.client.create_user_pool(PoolName="aliases", AliasAttributes=list(aliases),
                                              UsernameConfiguration={"CaseSensitive": case_sensitive})["UserPool"]["Id"]
    cognito.create_user(pool_id, "test-alice", CONFIRMED, PASSWORD, attributes={
        "email": "alice@example.com", "email_verified": "true", "phone_number": "+15550001",
        "phone_number_verified": "false", "preferred_username": "Ally"})
    return pool_id


def error_code(call, **params):
    with pytest.raises(ClientError) as error:
        call(**params)
    return error.value.response["Error"]["Code"]


def test_a_verified_email_and_a_preferred_username_name_their_user_in_admin_operations(client, cognito, proxy):
    pool_id = alias_pool(cognito)
    proxy.add_rule(AliasesResolved())

    assert client.admin_get_user(UserPoolId=pool_id, Username="alice@example.com")["Username"] == "test-alice"
    assert client.admin_get_user(UserPoolId=pool_id, Username="Ally")["Username"] == "test-alice"
    update(client, pool_id, "alice@example.com", given_name="Alice")
    assert stored(cognito, pool_id, "test-alice")["given_name"] == "Alice"
    client.admin_delete_user(UserPoolId=pool_id, Username="Ally")
    assert error_code(cognito.user, pool_id=pool_id, username="test-alice") == "UserNotFoundException"


def test_an_unverified_phone_number_is_no_alias_yet(client, cognito, proxy):
    pool_id = alias_pool(cognito)
    proxy.add_rule(AliasesResolved())

    assert error_code(client.admin_get_user, UserPoolId=pool_id, Username="+15550001") == "UserNotFoundException"


def test_aliases_are_case_insensitive_only_in_case_insensitive_pools_and_phone_numbers_never(client, cognito, proxy):
    strict, relaxed = alias_pool(cognito), alias_pool(cognito, case_sensitive=False)
    proxy.add_rule(AliasesResolved())

    assert error_code(client.admin_get_user, UserPoolId=strict, Username="ALICE@example.com") == "UserNotFoundException"
    assert client.admin_get_user(UserPoolId=relaxed, Username="ALICE@example.com")["Username"] == "test-alice"
    assert client.admin_get_user(UserPoolId=relaxed, Username="ally")["Username"] == "test-alice"
    assert client.admin_get_user(UserPoolId=relaxed, Username="TEST-Alice")["Username"] == "test-alice"


def test_list_users_never_finds_a_user_by_its_alias_under_username(client, cognito, proxy):
    pool_id = alias_pool(cognito)
    proxy.add_rule(AliasesResolved())

    assert client.list_users(UserPoolId=pool_id, Filter='username = "alice@example.com"')["Users"] == []


def test_a_username_in_the_form_of_an_alias_is_refused(client, cognito, proxy):
    pool_id = alias_pool(cognito, aliases=("email", "phone_number"))
    proxy.add_rule(AliasesResolved())

    for username in ("bob@example.com", "+15550002"):
        assert error_code(client.admin_create_user, UserPoolId=pool_id, Username=username) == "InvalidParameterException"
    assert client.admin_create_user(UserPoolId=pool_id, Username="bob")["User"]["Username"] == "bob"


def test_pools_without_aliases_keep_moto_exact(client, cognito, proxy):
    pool_id = cognito.create_pool()
    cognito.create_user(pool_id, "test-alice", CONFIRMED, PASSWORD, attributes={"email": "alice@example.com",
                                                                                "email_verified": "true"})
    proxy.add_rule(AliasesResolved())

    assert error_code(client.admin_get_user, UserPoolId=pool_id, Username="alice@example.com") == "UserNotFoundException"
    assert client.admin_create_user(UserPoolId=pool_id, Username="bob@example.com")["User"]["Username"] == "bob@example.com"
