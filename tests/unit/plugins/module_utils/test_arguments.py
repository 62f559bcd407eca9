# -*- coding: utf-8 -*-
"""Strict arguments: the documented type or a clear refusal naming the option, never a value repeated."""

from __future__ import annotations

import pytest

from ansible_collections.cognito.user_pool.plugins.module_utils._arguments import argument_errors
from ansible_collections.cognito.user_pool.plugins.module_utils._options import MODULE_SPECS

SECRET = "Pa55word!"
POOL = "eu-west-1_AbCdEf123"

# Every bad input of the issue "Hostile input", with the words it must now get.
BAD_INPUTS = {
    "password read by YAML as a mapping": (
        "cognito_user_password", {"username": "alice", "password": {SECRET: None}},
        "password must be a string, not a mapping. YAML reads an unquoted value that starts with '{' or '[' as a mapping: quote it."),
    "password read by YAML as a list": (
        "cognito_user_password", {"username": "alice", "password": [SECRET]},
        "password must be a string, not a list. YAML reads an unquoted value that starts with '{' or '[' as a list: quote it."),
    "password read by YAML as a number": (
        "cognito_user_password", {"username": "alice", "password": 12345678},
        "password must be a string, not a number. YAML read an unquoted value as a number: quote it."),
    "a password in update_password": (
        "cognito_user_password", {"username": "alice", "password": SECRET, "update_password": SECRET},
        "update_password must be one of: when_needed, always (it is a string that is none of them)."),
    "a password in permanent": (
        "cognito_user", {"username": "alice", "permanent": SECRET}, "permanent must be a boolean (true or false), not a string."
        " Write true or false, without quotes."),
    "a password in state": (
        "cognito_user", {"username": "alice", "state": SECRET}, "state must be one of: present, absent (it is a string that is none of them)."),
    "null attribute value": (
        "cognito_user", {"username": "alice", "attributes": {"email": None}},
        "attributes.email must be a string or a boolean, not null. Give it a value, or leave the attribute out."),
    "list attribute value": (
        "cognito_user", {"username": "alice", "attributes": {"name": ["a", "b"]}}, "attributes.name must be a string or a boolean, not a list."),
    "unquoted phone number": (
        "cognito_user", {"username": "alice", "attributes": {"phone_number": 15555550100}},
        "attributes.phone_number must be a string or a boolean, not a number. YAML read an unquoted value as a number: quote it "
        "(a leading + or 0 is lost otherwise)."),
    "username no": ("cognito_user", {"username": False},
                    "username must be a string, not a boolean. YAML read an unquoted value as a boolean: quote it."),
    "username 0070": ("cognito_user", {"users": [{"username": 56}]},
                      "users[0]: username must be a string, not a number. YAML read an unquoted value as a number: quote it."),
    "username null in the single form": ("cognito_user_password", {"username": None, "password": SECRET}, "username is required."),
    "username null in a batch": ("cognito_user", {"users": [{"username": None}]}, "users[0]: username is required."),
    "empty group name": ("cognito_user", {"username": "alice", "groups": ["admins", " "]}, "groups[1] must not be empty or blank."),
    "empty attribute name": ("cognito_user", {"username": "alice", "attributes": {"": "x"}},
                             "attributes has an attribute name that is an empty string: every name must be a non-empty string."),
    "blank attribute name": ("cognito_user", {"username": "alice", "attributes": {"  ": "x"}},
                             "attributes has an attribute name that is blank (only spaces): every name must be a non-empty string."),
    "a sign-in password read by YAML as a mapping": (
        "cognito_user_sign_in", {"client_id": "client1", "users": [{"username": "alice", "password": {SECRET: None}}]},
        "users[0] (username 'alice'): password must be a string, not a mapping. YAML reads an unquoted value that starts "
        "with '{' or '[' as a mapping: quote it."),
    "a sign-in password read by YAML as a number": (
        "cognito_user_sign_in", {"client_id": "client1", "users": [{"username": "alice", "password": 12345678}]},
        "users[0] (username 'alice'): password must be a string, not a number. YAML read an unquoted value as a number: quote it."),
    "a temporary password read by YAML as a list": (
        "cognito_user_password", {"username": "alice", "password": SECRET, "method": "new_password_challenge",
                                  "temporary_password": [SECRET], "client_id": "client1"},
        "temporary_password must be a string, not a list. YAML reads an unquoted value that starts with '{' or '[' as a list: quote it."),
    "a client secret read by YAML as a mapping": (
        "cognito_user_password", {"username": "alice", "password": SECRET, "method": "new_password_challenge",
                                  "temporary_password": "Temp!Pass1", "client_id": "client1", "client_secret": {SECRET: 1}},
        "client_secret must be a string, not a mapping. YAML reads an unquoted value that starts with '{' or '[' as a mapping: quote it."),
    "blank username": ("cognito_user", {"username": "  "}, "username must not be empty or blank."),
    "blank group name": ("cognito_group", {"name": ""}, "name must not be empty or blank."),
    "a password in a batch user's update_password": (
        "cognito_user", {"users": [{"username": "bob", "update_password": SECRET}]},
        "users[0] (username 'bob'): update_password must be one of: when_needed, on_create, always (it is a string that is none of them)."),
    "a user that is no mapping": ("cognito_user", {"users": [SECRET]}, "users[0] must be a mapping, not a string."),
    "an unknown key in a user": ("cognito_user", {"users": [{"username": "bob", "pasword": SECRET}]},
                                 "users[0] (username 'bob') has keys that are not its options: pasword."),
    "max_concurrency 0": ("cognito_user", {"username": "alice", "max_concurrency": 0}, "max_concurrency must be at least 1."),
    "rate given as text": ("cognito_user", {"username": "alice", "rate_limits": {"UserRead": "fast"}},
                           "rate_limits.UserRead must be a number, not a string. Write the number without quotes."),
    "an unknown rate category": ("cognito_user", {"username": "alice", "rate_limits": {"UserReads": 1}},
                                 "rate_limits has keys that are not its options: UserReads."),
}


@pytest.mark.parametrize("module,arguments,expected", BAD_INPUTS.values(), ids=list(BAD_INPUTS))
def test_a_bad_input_gets_a_message_naming_the_option_and_the_types_never_the_value(module, arguments, expected):
    errors = argument_errors(MODULE_SPECS[module](), dict({"user_pool_id": POOL}, **arguments))
    assert any(expected in error for error in errors), errors
    assert not any(SECRET in error for error in errors)


@pytest.mark.parametrize("module", sorted(MODULE_SPECS))
def test_values_of_the_documented_types_pass(module):
    good = {
        "cognito_user": {"users": [{"username": "bob", "password": SECRET, "attributes": {"email": "b@x", "email_verified": True},
                                    "groups": ["admins"], "permanent": False, "state": "present"}],
                         "rate_limits": {"UserRead": 0, "UserUpdate": 12.5}, "max_concurrency": 4, "purge_users": False},
        "cognito_user_password": {"username": "alice", "password": SECRET, "method": "new_password_challenge",
                                  "temporary_password": SECRET, "verify_client_id": "client1", "required_attributes": {"name": "A"}},
        "cognito_user_info": {"user_status": "CONFIRMED"},
        "cognito_user_sign_in": {"client_id": "client1", "users": [{"username": "alice", "password": SECRET}]},
        "cognito_group": {"groups": [{"name": "admins", "precedence": 0, "description": "Admins"}]},
        "cognito_group_info": {"names": ["admins"], "members": True},
    }[module]
    assert argument_errors(MODULE_SPECS[module](), dict({"user_pool_id": POOL}, **good)) == []


def test_null_means_not_given_for_every_option():
    assert argument_errors(MODULE_SPECS["cognito_user"](), {"user_pool_id": POOL, "username": "alice", "password": None,
                                                            "groups": None, "rate_limits": None}) == []


def test_options_the_spec_does_not_know_are_left_to_the_module():
    # amazon.aws's connection options come through module_defaults; the module checks them itself.
    assert argument_errors(MODULE_SPECS["cognito_user_info"](), {"user_pool_id": POOL, "endpoint_url": 5}) == []


def test_an_option_given_as_null_does_not_count_as_given_for_the_constraints():
    from ansible_collections.cognito.user_pool.plugins.module_utils._arguments import check_module_arguments

    assert check_module_arguments("cognito_user", {"user_pool_id": POOL, "username": None}) == [
        "one of the following is required: username, users"]
    assert check_module_arguments("cognito_group", {"user_pool_id": POOL, "name": None, "groups": None}) == [
        "one of the following is required: name, groups"]


@pytest.mark.parametrize("given,expected", [
    ({"method": "new_password_challenge"},
     ["method is new_password_challenge but all of the following are missing: temporary_password, client_id"]),
    ({"method": "new_password_challenge", "temporary_password": SECRET},
     ["method is new_password_challenge but all of the following are missing: client_id"]),
    ({"required_attributes": {"name": "Alice"}}, ["missing parameter(s) required by 'required_attributes': temporary_password"]),
    ({"client_secret": SECRET}, ["missing parameter(s) required by 'client_secret': client_id"]),
    ({}, []),
], ids=["challenge without both", "challenge without client_id", "required_attributes alone", "client_secret alone", "default method"])
def test_the_challenge_method_needs_its_temporary_password_and_client(given, expected):
    from ansible_collections.cognito.user_pool.plugins.module_utils._arguments import check_module_arguments

    errors = check_module_arguments("cognito_user_password", dict({"user_pool_id": POOL, "username": "alice", "password": SECRET}, **given))
    assert errors == expected
    assert not any(SECRET in error for error in errors)


def test_the_default_method_is_admin_set_user_password():
    assert MODULE_SPECS["cognito_user_password"]()["method"]["default"] == "admin_set_user_password"
