# -*- coding: utf-8 -*-
from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.cognito.user_pool.plugins.filter.declared_user_errors import ALLOWED_KEYS
from ansible_collections.cognito.user_pool.plugins.filter.declared_user_errors import declared_user_errors
from ansible_collections.cognito.user_pool.plugins.module_utils.common import USER_OPTIONS

PASSWORD = "Zq9!never-printed"


def _errors(users):
    return declared_user_errors(users, "seed_users_users")


def test_well_formed_users_have_no_errors():
    assert _errors([
        {"username": "alice", "password": PASSWORD, "attributes": {"email": "a@example.com", "email_verified": True},
         "groups": ["admins"], "permanent": False, "enabled": True},
        {"username": "bob", "state": "absent"},
    ]) == []


def test_the_allowed_keys_are_cognito_users_per_user_options():
    assert ALLOWED_KEYS == set(USER_OPTIONS) | {"username"}


def test_a_user_without_username_is_named_by_its_index():
    assert _errors([{"username": "alice"}, {"password": PASSWORD}, {"username": ""}]) == [
        "seed_users_users[1] has no username. Every user needs one.",
        "seed_users_users[2] has no username. Every user needs one.",
    ]


def test_an_element_that_is_not_a_dict_is_named():
    assert _errors(["alice"]) == ["seed_users_users[0] is a string, not a dict of user options."]


def test_unknown_keys_are_named_with_the_user_and_the_keys_allowed():
    [error] = _errors([{"username": "alice"}, {"username": "bob", "pasword": PASSWORD, "email": "b@example.com"}])
    assert error.startswith("seed_users_users[1] (username 'bob') has keys that are not per-user options "
                            "of cognito_user: email, pasword. A user takes: attributes, ")
    assert PASSWORD not in error


@pytest.mark.parametrize("password, kind", [(12345678, "a number"), (None, "null"), (["x"], "a list"), (True, "a boolean")])
def test_a_password_that_is_not_a_string_is_rejected_without_its_value(password, kind):
    [error] = _errors([{"username": "alice", "password": password}])
    assert error == f"seed_users_users[0] (username 'alice') has a password that is {kind}, not a string. Quote it in YAML."


def test_duplicate_usernames_are_named_with_every_place():
    errors = _errors([{"username": "alice"}, {"username": "bob"}, {"username": "alice", "state": "absent"}])
    assert errors == ["username 'alice' is declared 2 times (seed_users_users[0], seed_users_users[2]). Declare each user once."]


def test_options_are_checked_with_cognito_users_own_types_and_choices():
    errors = _errors([{"username": "alice", "state": "gone", "enabled": "maybe", "desired_delivery_mediums": ["FAX"]}])
    assert len(errors) == 3
    assert all(error.startswith("seed_users_users[0] (username 'alice'): ") for error in errors)
    assert any("state must be one of: present, absent, got: gone" in error for error in errors)
    assert any("'enabled'" in error for error in errors)
    assert any("FAX" in error for error in errors)


def test_a_list_is_required():
    with pytest.raises(AnsibleFilterError, match="expects a list"):
        declared_user_errors({"username": "alice"})
