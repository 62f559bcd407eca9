# -*- coding: utf-8 -*-
from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.cognito.user_pool.plugins.filter.declared_user_errors import declared_user_errors

PASSWORD = "Zq9!never-printed"


def _errors(users):
    return declared_user_errors(users, "seed_users_users")


def test_well_formed_users_have_no_errors():
    assert _errors([
        {"username": "alice", "password": PASSWORD, "attributes": {"email": "a@example.com", "email_verified": True},
         "groups": ["admins"], "permanent": False, "enabled": True},
        {"username": "bob", "state": "absent"},
    ]) == []


def test_a_user_without_username_is_named_by_its_index():
    assert _errors([{"username": "alice"}, {"password": PASSWORD}, {"username": ""}]) == [
        "seed_users_users[1]: username is required.",
        "seed_users_users[2]: username must not be empty or blank.",
    ]


def test_an_element_that_is_not_a_mapping_is_named():
    assert _errors(["alice"]) == ["seed_users_users[0] must be a mapping of user options, not a string."]


def test_unknown_keys_are_named_with_the_user_and_the_keys_allowed():
    [error] = _errors([{"username": "alice"}, {"username": "bob", "pasword": PASSWORD, "email": "b@example.com"}])
    assert error.startswith("seed_users_users[1] (username 'bob') has keys that are not its options: email, pasword. "
                            "It takes: attributes, ")
    assert PASSWORD not in error


@pytest.mark.parametrize("password, kind", [(12345678, "a number"), (["x"], "a list"), (True, "a boolean"), ({PASSWORD: None}, "a mapping")])
def test_a_password_that_is_not_a_string_is_rejected_without_its_value(password, kind):
    [error] = _errors([{"username": "alice", "password": password}])
    assert error.startswith(f"seed_users_users[0] (username 'alice'): password must be a string, not {kind}.")
    assert "quote it" in error and PASSWORD not in error


@pytest.mark.parametrize("username, kind", [(False, "a boolean"), (True, "a boolean"), (56, "a number")])
def test_a_username_yaml_read_as_something_else_is_refused_not_converted(username, kind):
    # Unquoted, YAML reads no, yes and 0070 as false, true and 56.
    [error] = _errors([{"username": username}])
    assert error == f"seed_users_users[0]: username must be a string, not {kind}. YAML read an unquoted value as {kind}: quote it."


def test_duplicate_usernames_are_named_with_every_place():
    errors = _errors([{"username": "alice"}, {"username": "bob"}, {"username": "alice", "state": "absent"}])
    assert errors == ["username 'alice' is declared 2 times (seed_users_users[0], seed_users_users[2]). Declare each user once."]


def test_options_are_checked_with_cognito_users_own_types_and_choices_never_echoing_a_value():
    errors = _errors([{"username": "alice", "state": PASSWORD, "enabled": "maybe", "desired_delivery_mediums": ["FAX"]}])
    assert errors == [
        "seed_users_users[0] (username 'alice'): state must be one of: present, absent (it is a string that is none of them).",
        "seed_users_users[0] (username 'alice'): enabled must be a boolean: true/false, yes/no, on/off, y/n, t/f or 1/0, "
        "in any case (it is a string that is none of them).",
        "seed_users_users[0] (username 'alice'): desired_delivery_mediums[0] must be one of: EMAIL, SMS (it is a string that is "
        "none of them).",
    ]


def test_a_list_is_required():
    with pytest.raises(AnsibleFilterError, match="expects a list"):
        declared_user_errors({"username": "alice"})
