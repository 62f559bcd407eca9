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
        "cognito_user", {"username": "alice", "permanent": SECRET}, "permanent must be a boolean: true/false, yes/no, on/off, "
        "y/n, t/f or 1/0, in any case (it is a string that is none of them)."),
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
    # What Cognito refuses, refused before any call (issue 16, reproduction 3), in words derived from its service model.
    "a username with a trailing space": (
        "cognito_user", {"users": [{"username": "seed-a "}], "purge_users": True, "purge_scope": "seed-"},
        "users[0]: username must be 1 to 128 characters, each character a letter, mark, symbol, number or punctuation "
        r"(Cognito's UsernameType, pattern [\p{L}\p{M}\p{S}\p{N}\p{P}]+): character 7 of 7 is U+0020 (SPACE)."),
    "a username with a trailing newline": (
        "cognito_user_password", {"username": "seed-a\n", "password": SECRET},
        "username must be 1 to 128 characters, each character a letter, mark, symbol, number or punctuation "
        r"(Cognito's UsernameType, pattern [\p{L}\p{M}\p{S}\p{N}\p{P}]+): character 7 of 7 is U+000A (a control character)."),
    "a username too long": ("cognito_user_info", {"username": "u" * 129}, "username must be 1 to 128 characters"),
    "a sign-in username with a space": (
        "cognito_user_sign_in", {"client_id": "client1", "users": [{"username": "a b", "password": SECRET}]},
        "users[0]: username must be 1 to 128 characters"),
    "a purge scope no username can start with": (
        "cognito_user", {"username": "alice", "purge_users": True, "purge_scope": "seed- "},
        "purge_scope must be 1 to 128 characters, each character a letter"),
    "a user's group with a space": ("cognito_user", {"username": "alice", "groups": ["ad mins"]},
                                    "groups[0] must be 1 to 128 characters, each character a letter, mark, symbol, number or "
                                    r"punctuation (Cognito's GroupNameType, pattern [\p{L}\p{M}\p{S}\p{N}\p{P}]+): "
                                    "character 3 of 7 is U+0020 (SPACE)."),
    "a group name too long": ("cognito_group", {"name": "g" * 129}, "name must be 1 to 128 characters, each character a "
                              "letter, mark, symbol, number or punctuation (Cognito's GroupNameType, pattern "
                              r"[\p{L}\p{M}\p{S}\p{N}\p{P}]+): it has 129 characters."),
    "a group name with a no-break space in a batch": (
        "cognito_group", {"groups": [{"name": "a\u00a0b"}]},
        "groups[0]: name must be 1 to 128 characters, each character a letter, mark, symbol, number or punctuation "
        r"(Cognito's GroupNameType, pattern [\p{L}\p{M}\p{S}\p{N}\p{P}]+): character 2 of 3 is U+00A0 (NO-BREAK SPACE)."),
    "a description too long": ("cognito_group", {"name": "admins", "description": "d" * 2049},
                               "description must be at most 2048 characters (Cognito's DescriptionType): it has 2049 characters."),
    "a negative precedence": ("cognito_group", {"name": "admins", "precedence": -1},
                              "precedence must be a whole number from 0 to 2147483647 (Cognito's PrecedenceType): it is outside that range."),
    "a precedence past a 32-bit integer": ("cognito_group", {"groups": [{"name": "admins", "precedence": 2 ** 31}]},
                                           "groups[0] (name 'admins'): precedence must be a whole number from 0 to 2147483647"),
    "a role ARN too short": ("cognito_group", {"name": "admins", "role_arn": "arn:aws:iam::1:role"},
                             "role_arn must be 20 to 2048 characters, matching arn:"),
    "a role ARN with a space": ("cognito_group", {"name": "admins", "role_arn": "arn:aws:iam::123456789012:role/read ers"},
                                "(Cognito's ArnType): it does not match the pattern."),
    "an empty group name to read": ("cognito_group_info", {"names": [""]}, "names[0] must not be empty or blank."),
    "a group name to read with a space": ("cognito_group_info", {"names": ["ad mins"]},
                                          "names[0] must be 1 to 128 characters"),
    "an attribute name too long": (
        "cognito_user", {"username": "alice", "attributes": {"custom:" + "n" * 30: "x"}},
        f"attributes has an attribute name 'custom:{'n' * 30}' that must be 1 to 32 characters, each character a letter, mark, "
        "symbol, number, punctuation, tab, newline, carriage return or space (Cognito's AttributeNameType, pattern "
        r"[\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\r ]+): it has 37 characters."),
    "an attribute value too long": ("cognito_user", {"username": "alice", "attributes": {"name": "v" * 2049}},
                                    "attributes.name must be at most 2048 characters (Cognito's AttributeValueType): it has 2049 characters."),
    "a required attribute value too long": (
        "cognito_user_password", {"username": "alice", "password": SECRET, "required_attributes": {"name": "v" * 2049}},
        "required_attributes.name must be at most 2048 characters (Cognito's AttributeValueType)"),
    "an app client id with a space": ("cognito_user_sign_in", {"client_id": "client 1", "users": [{"username": "a", "password": SECRET}]},
                                      "client_id must be 1 to 128 characters, matching [\\w+]+ (Cognito's ClientIdType): it does not match"),
    # Rates (issue 16, reproduction 7): 0 is the one spelling for "no pacing".
    "a rate that is not a number": ("cognito_user", {"username": "alice", "rate_limits": {"UserCreation": float("nan")}},
                                    "rate_limits.UserCreation must be a finite number of requests a second (it is not a number); "
                                    "0 turns the category's pacing off."),
    "an infinite rate": ("cognito_user", {"username": "alice", "rate_limits": {"UserRead": float("inf")}},
                         "rate_limits.UserRead must be a finite number of requests a second (it is infinite); 0 turns the "
                         "category's pacing off."),
    "a negative rate": ("cognito_user", {"username": "alice", "rate_limits": {"UserUpdate": -1}},
                        "rate_limits.UserUpdate must not be negative: 0 turns the category's pacing off."),
    "a request timeout that is not a number": ("cognito_user", {"username": "alice", "request_timeout": float("nan")},
                                               "request_timeout must be a finite number (it is not a number)."),
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


# Every spelling ansible-core's type: bool takes (convert_bool.boolean): -e flag=yes hands the module a string.
BOOLEAN_SPELLINGS = {
    True: ["true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y", "t", "T", "1", " yes ", 1, 1.0, True],
    False: ["false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N", "f", "F", "0", " off ", 0, 0.0, False],
}


@pytest.mark.parametrize("meaning,spelling", [(meaning, spelling) for meaning, spellings in BOOLEAN_SPELLINGS.items()
                                              for spelling in spellings], ids=repr)
def test_every_boolean_spelling_ansible_core_takes_is_taken_as_it_reads_it(meaning, spelling):
    from ansible_collections.cognito.user_pool.plugins.module_utils._arguments import as_boolean
    from ansible_collections.cognito.user_pool.plugins.module_utils._arguments import check_module_arguments

    assert check_module_arguments("cognito_user", {"user_pool_id": POOL, "username": "alice", "permanent": spelling,
                                                   "purge_groups": spelling, "enabled": spelling}) == []
    assert check_module_arguments("cognito_user", {"user_pool_id": POOL, "users": [{"username": "a", "enabled": spelling}],
                                                   "purge_users": spelling, "purge_scope": "a"}) == []
    assert check_module_arguments("cognito_group_info", {"user_pool_id": POOL, "members": spelling}) == []
    assert as_boolean(spelling) is meaning


@pytest.mark.parametrize("module,arguments", [
    ("cognito_user", {"username": "alice", "permanent": "{}"}),
    ("cognito_user", {"users": [{"username": "alice", "enabled": "{}"}]}),
    ("cognito_user_password", {"username": "alice", "password": SECRET, "permanent": "{}"}),
    ("cognito_group_info", {"members": "{}"}),
], ids=["a module option", "a user's option", "cognito_user_password", "cognito_group_info"])
@pytest.mark.parametrize("refused", ["maybe", "yess", "truee", "2", "-1", "", "null", SECRET], ids=repr)
def test_any_other_string_is_refused_naming_the_spellings_never_the_value(module, arguments, refused):
    from ansible_collections.cognito.user_pool.plugins.module_utils._arguments import check_module_arguments

    given = {name: refused if value == "{}" else value for name, value in arguments.items()}
    if "users" in given:
        given["users"] = [{name: refused if value == "{}" else value for name, value in given["users"][0].items()}]
    errors = check_module_arguments(module, dict({"user_pool_id": POOL}, **given))
    option = next(name for name, value in {**arguments, **(arguments.get("users") or [{}])[0]}.items() if value == "{}")
    where = "users[0] (username 'alice'): " if "users" in arguments else ""
    what = "an empty string" if refused == "" else "a string"
    assert errors == [f"{where}{option} must be a boolean: true/false, yes/no, on/off, y/n, t/f or 1/0, in any case "
                      f"(it is {what} that is none of them)."]
    assert refused == "" or not any(refused in error for error in errors)


@pytest.mark.parametrize("value,kind", [(2, "a number"), (0.5, "a decimal number"), ([True], "a list"), ({"a": True}, "a mapping")],
                         ids=["2", "0.5", "a list", "a mapping"])
def test_other_types_are_refused_as_ansible_core_refuses_them(value, kind):
    from ansible_collections.cognito.user_pool.plugins.module_utils._arguments import check_module_arguments
    from ansible.module_utils.common.validation import check_type_bool

    with pytest.raises(TypeError):
        check_type_bool(value)
    [error] = check_module_arguments("cognito_user", {"user_pool_id": POOL, "username": "alice", "permanent": value})
    assert error.startswith("permanent must be a boolean") and kind in error


def test_the_spellings_named_are_ansible_cores_own():
    from ansible.module_utils.parsing.convert_bool import BOOLEANS_FALSE
    from ansible.module_utils.parsing.convert_bool import BOOLEANS_TRUE

    from ansible_collections.cognito.user_pool.plugins.module_utils._arguments import BOOLEAN_PAIRS

    assert {pair[0] for pair in BOOLEAN_PAIRS} == {word for word in BOOLEANS_TRUE if isinstance(word, str)}
    assert {pair[1] for pair in BOOLEAN_PAIRS} == {word for word in BOOLEANS_FALSE if isinstance(word, str)}


def test_a_password_yaml_read_as_a_mapping_is_still_refused_where_a_boolean_would_be_taken():
    from ansible_collections.cognito.user_pool.plugins.module_utils._arguments import check_module_arguments

    errors = check_module_arguments("cognito_user", {"user_pool_id": POOL, "username": "alice", "password": {SECRET: None},
                                                     "permanent": "yes"})
    assert errors == ["password must be a string, not a mapping. YAML reads an unquoted value that starts with '{' or '[' "
                      "as a mapping: quote it."]


@pytest.mark.parametrize("module", ["cognito_user", "cognito_user_password"])
def test_the_app_client_is_client_id_in_every_module_the_verify_names_deprecated_aliases(module):
    spec = MODULE_SPECS[module]()
    for name, old in (("client_id", "verify_client_id"), ("client_secret", "verify_client_secret")):
        assert spec[name]["aliases"] == [old]
        assert spec[name]["deprecated_aliases"] == [{"name": old, "version": "3.0.0", "collection_name": "cognito.user_pool"}]
    assert spec["client_secret"]["no_log"] is True
    assert MODULE_SPECS["cognito_user_sign_in"]()["client_id"]["required"] is True


@pytest.mark.parametrize("written", ["client_id", "verify_client_id"])
def test_messages_name_the_app_client_option_as_the_task_wrote_it(written):
    from ansible_collections.cognito.user_pool.plugins.module_utils._arguments import check_module_arguments
    from ansible_collections.cognito.user_pool.plugins.module_utils._options import given_name

    spec = MODULE_SPECS["cognito_user"]()
    assert given_name({written: "client1", "client_id": "client1"}, "client_id", spec) == written
    assert check_module_arguments("cognito_user", {"user_pool_id": POOL, "username": "alice", written: "client 1"}) == [
        f"{written} must be 1 to 128 characters, matching [\\w+]+ (Cognito's ClientIdType): it does not match the pattern."]


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


def _users(count):
    return [{"username": f"user{index}"} for index in range(count)]


def test_a_rate_that_would_take_more_than_a_day_is_refused_with_its_projection():
    errors = argument_errors(MODULE_SPECS["cognito_user"](), {"user_pool_id": POOL, "users": _users(1000),
                                                              "rate_limits": {"UserCreation": 0.001}})
    assert errors == ["rate_limits.UserCreation 0.001 a second would take 11.6 days for 1,000 users at one request each. "
                      "Give at least 0.0116, or 0 to turn its pacing off."]


def test_the_least_rate_the_projection_advises_passes():
    assert argument_errors(MODULE_SPECS["cognito_user"](), {"user_pool_id": POOL, "users": _users(1000),
                                                            "rate_limits": {"UserCreation": 0.0116}}) == []


def test_a_category_without_per_user_operations_is_projected_for_one_request():
    # UserPoolRead's only operation, DescribeUserPool, is made once per task whatever the number of users.
    errors = argument_errors(MODULE_SPECS["cognito_user"](), {"user_pool_id": POOL, "users": _users(1000),
                                                              "rate_limits": {"UserPoolRead": 0.00001, "UserList": 0.02}})
    assert errors == ["rate_limits.UserPoolRead 0.00001 a second would take 1.2 days for a single request (DescribeUserPool). "
                      "Give at least 0.0000116, or 0 to turn its pacing off."]


def test_a_group_task_projects_its_rates_for_one_request():
    errors = argument_errors(MODULE_SPECS["cognito_group"](), {"user_pool_id": POOL, "name": "admins",
                                                               "rate_limits": {"UserCreation": 0.001, "UserPoolResourceRead": 0.00001}})
    assert errors == ["rate_limits.UserPoolResourceRead 0.00001 a second would take 1.2 days for a single request "
                      "(GetGroup, ListGroups). Give at least 0.0000116, or 0 to turn its pacing off."]


def test_the_per_user_categories_of_the_projection_are_the_operations_tables():
    from ansible_collections.cognito.user_pool.plugins.module_utils._operations import OPERATIONS

    per_user = {op.category for op in OPERATIONS.values() if op.per_user}
    users = _users(10)
    for category in per_user:
        # 10 users at 0.0001 a second: 100,000 s, more than a day; one request would be 10,000 s, less.
        errors = argument_errors(MODULE_SPECS["cognito_user"](), {"user_pool_id": POOL, "users": users,
                                                                  "rate_limits": {category: 0.0001}})
        assert errors and "for 10 users at one request each" in errors[0], category


def test_zero_turns_pacing_off_and_is_never_projected():
    assert argument_errors(MODULE_SPECS["cognito_user"](), {"user_pool_id": POOL, "users": _users(1000),
                                                            "rate_limits": {name: 0 for name in ("UserCreation", "UserRead")}}) == []


def test_each_bound_is_said_once():
    errors = argument_errors(MODULE_SPECS["cognito_user"](), {"user_pool_id": POOL, "username": "alice", "max_concurrency": -3,
                                                              "max_attempts": 0, "connection_failure_limit": -1})
    assert errors == ["max_concurrency must be at least 1.", "max_attempts must be at least 1.",
                      "connection_failure_limit must not be negative."]


def test_a_label_cognito_would_refuse_is_not_shown_in_the_elements_messages():
    errors = argument_errors(MODULE_SPECS["cognito_user"](), {"user_pool_id": POOL, "users": [{"username": "a\nb", "pasword": "x"}]})
    assert errors[-1].startswith("users[0] has keys that are not its options: pasword.")
    assert not any("\n" in error for error in errors)


def test_the_shape_checks_name_no_password():
    from ansible_collections.cognito.user_pool.plugins.module_utils._arguments import check_module_arguments

    # A password typed where a username belongs: the refusal names the rule, never the value.
    errors = check_module_arguments("cognito_user_password", {"user_pool_id": POOL, "username": SECRET + " ", "password": SECRET})
    assert errors and not any(SECRET in error for error in errors)
