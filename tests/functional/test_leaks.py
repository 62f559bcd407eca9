# -*- coding: utf-8 -*-
"""Wrong values are refused, never converted, and no password is ever printed: real ansible-playbook runs.

Two parts.  First, every bad input of issue 12 gets its regression test: the
play is written as YAML text with the values unquoted, so that YAML really
reads them as a mapping, a list, a number or a boolean; the test asserts the
exact message the user now gets and that nothing was written.  Second, the
leak matrix: the same kinds of input, together with passwords equal to
usernames and a whole batch failing in the seed_users role, in one play run
at every verbosity (0 to 4) under the default and the json stdout callbacks
with ANSIBLE_LOG_PATH set; no secret may appear in stdout, stderr, the log
file or any recorded result.
"""

from __future__ import annotations

import json

import pytest

from ansible_collections.cognito.user_pool.plugins.module_utils._operations import WRITE_OPERATIONS
from seed_users_role import NO_RATE_LIMITS

USER_MODULE = "cognito.user_pool.cognito_user"
PASSWORD_MODULE = "cognito.user_pool.cognito_user_password"
ROLE = "cognito.user_pool.seed_users"
VALID_PASSWORD = "Valid!Pass123"

USER_REFUSAL = f"Invalid arguments for {USER_MODULE}: "
PASSWORD_REFUSAL = f"Invalid arguments for {PASSWORD_MODULE}: "


@pytest.fixture
def pool(cognito):
    return cognito.create_pool()


def play(text, pool):
    """Play text with ``POOL`` standing for the pool id; written as a user would, values unquoted."""
    return text.replace("POOL", pool)


def role_play(users_yaml, pool):
    """A play that runs the seed_users role on ``users_yaml``, the YAML of ``seed_users_users`` as written."""
    return play(f"""
- name: run the role
  ansible.builtin.include_role:
    name: {ROLE}
  vars:
    seed_users_user_pool_id: POOL
    seed_users_rate_limits: {json.dumps(NO_RATE_LIMITS)}
    seed_users_users:
{users_yaml}
""", pool)


def writes(proxy):
    return [operation for operation in proxy.operations() if operation in WRITE_OPERATIONS]


def pool_usernames(cognito, pool):
    pages = cognito.client.get_paginator("list_users").paginate(UserPoolId=pool)
    return sorted(user["Username"] for page in pages for user in page["Users"])


def refused(run):
    """The failed last task's message; the run must have failed on it."""
    assert run.rc != 0, run.output
    assert run.last.failed, run.output
    return run.last.msg


# -- a password that YAML reads as a mapping, a list or a number --------------------------------
#
# Before: ansible-core turned the value into the text of the mapping ("{'Pa55word!': None}"), which became
# the user's password and was printed in the task's invocation (json callback at default verbosity, default
# callback at -vvv).  Now the action plugin refuses it on the controller, naming its type, never its value.

PASSWORD_AS_WRITTEN = {
    # id: (the unquoted YAML, the secret the user meant, the refusal without its prefix)
    "mapping": ("{Pa55word!}", "Pa55word!",
                "password must be a string, not a mapping. YAML reads an unquoted value that starts with '{' or '[' "
                "as a mapping: quote it."),
    "list": ("[Secret]", "Secret",
             "password must be a string, not a list. YAML reads an unquoted value that starts with '{' or '[' as a "
             "list: quote it."),
    "number": ("12345678", "12345678",
               "password must be a string, not a number. YAML read an unquoted value as a number: quote it."),
}

# Where the password is written, and how the refusal is prefixed there.
PASSWORD_PLACES = {
    "cognito_user": ("""
- name: the task
  cognito.user_pool.cognito_user:
    user_pool_id: POOL
    username: alice
    password: VALUE
""", USER_REFUSAL),
    "cognito_user-users": ("""
- name: the task
  cognito.user_pool.cognito_user:
    user_pool_id: POOL
    users:
      - username: alice
        password: VALUE
""", USER_REFUSAL + "users[0] (username 'alice'): "),
    "cognito_user_password": ("""
- name: the task
  cognito.user_pool.cognito_user_password:
    user_pool_id: POOL
    username: alice
    password: VALUE
""", PASSWORD_REFUSAL),
    "seed_users": (None, "seed_users_users[0] (username 'alice'): "),
}


@pytest.mark.parametrize("place", list(PASSWORD_PLACES))
@pytest.mark.parametrize("written", list(PASSWORD_AS_WRITTEN))
def test_password_yaml_reads_as_another_type_is_refused_naming_the_type_not_the_value(run_playbook, cognito, proxy, pool,
                                                                                     written, place):
    value, secret, refusal = PASSWORD_AS_WRITTEN[written]
    text, prefix = PASSWORD_PLACES[place]
    if text is None:
        text = role_play(f"      - username: alice\n        password: {value}", pool)

    run = run_playbook(play(text.replace("VALUE", value), pool))

    assert refused(run) == prefix + refusal
    assert secret not in run.output
    assert writes(proxy) == []
    assert pool_usernames(cognito, pool) == []


# -- a password typed into update_password --------------------------------------------------------
#
# Before: ansible-core's choices check answered "value of update_password must be one of: when_needed,
# on_create, always, got: <the password>", in the modules and in the role.

UPDATE_PASSWORD_SECRET = "Typed!Here99"
UPDATE_PASSWORD_PLACES = {
    "cognito_user": ("""
- name: the task
  cognito.user_pool.cognito_user:
    user_pool_id: POOL
    username: alice
    password: Valid!Pass123
    update_password: Typed!Here99
""", USER_REFUSAL + "update_password must be one of: when_needed, on_create, always (it is a string that is none of them)."),
    "cognito_user-users": ("""
- name: the task
  cognito.user_pool.cognito_user:
    user_pool_id: POOL
    users:
      - username: alice
        password: Valid!Pass123
        update_password: Typed!Here99
""", USER_REFUSAL + "users[0] (username 'alice'): update_password must be one of: when_needed, on_create, always "
                    "(it is a string that is none of them)."),
    "cognito_user_password": ("""
- name: the task
  cognito.user_pool.cognito_user_password:
    user_pool_id: POOL
    username: alice
    password: Valid!Pass123
    update_password: Typed!Here99
""", PASSWORD_REFUSAL + "update_password must be one of: when_needed, always (it is a string that is none of them)."),
    "seed_users": (role_play("      - username: alice\n        password: Valid!Pass123\n        update_password: Typed!Here99",
                             "POOL"),
                   "seed_users_users[0] (username 'alice'): update_password must be one of: when_needed, on_create, "
                   "always (it is a string that is none of them)."),
}


@pytest.mark.parametrize("place", list(UPDATE_PASSWORD_PLACES))
def test_password_typed_into_update_password_is_refused_without_repeating_it(run_playbook, cognito, proxy, pool, place):
    text, message = UPDATE_PASSWORD_PLACES[place]

    run = run_playbook(play(text, pool))

    assert refused(run) == message
    assert UPDATE_PASSWORD_SECRET not in run.output
    assert writes(proxy) == []
    assert pool_usernames(cognito, pool) == []


# -- usernames YAML reads as booleans and numbers -------------------------------------------------
#
# Before: through the role, the usernames no, yes and 0070 became the users "False", "True" and "56".

UNQUOTED_USERNAMES = "      - username: no\n      - username: yes\n      - username: 0070"


def test_role_refuses_usernames_yaml_reads_as_booleans_and_numbers(run_playbook, cognito, proxy, pool):
    run = run_playbook(role_play(UNQUOTED_USERNAMES, pool))

    assert refused(run) == (
        "seed_users_users[0]: username must be a string, not a boolean. YAML read an unquoted value as a boolean: "
        "quote it. "
        "seed_users_users[1]: username must be a string, not a boolean. YAML read an unquoted value as a boolean: "
        "quote it. "
        "seed_users_users[2]: username must be a string, not a number. YAML read an unquoted value as a number: "
        "quote it."
    )
    assert writes(proxy) == []
    assert pool_usernames(cognito, pool) == []


def test_cognito_user_refuses_usernames_yaml_reads_as_booleans_and_numbers(run_playbook, cognito, proxy, pool):
    run = run_playbook(play("""
- name: the task
  cognito.user_pool.cognito_user:
    user_pool_id: POOL
    users:
      - username: no
      - username: 0070
""", pool))

    assert refused(run) == USER_REFUSAL + (
        "users[0]: username must be a string, not a boolean. YAML read an unquoted value as a boolean: quote it. "
        "users[1]: username must be a string, not a number. YAML read an unquoted value as a number: quote it."
    )
    assert writes(proxy) == []
    assert pool_usernames(cognito, pool) == []


# -- username: null ---------------------------------------------------------------------------
#
# Before: cognito_user crashed ("'NoneType' object is not iterable").  null means "not given" for every
# option (plugins/module_utils/_arguments.py), so the single form without a username must be refused as
# ansible-core words a missing one of username and users.

def test_null_username_in_the_single_form_is_refused_as_missing(run_playbook, cognito, proxy, pool):
    run = run_playbook(play("""
- name: the task
  cognito.user_pool.cognito_user:
    user_pool_id: POOL
    username: null
    password: Valid!Pass123
""", pool))

    assert refused(run) == USER_REFUSAL + "one of the following is required: username, users"
    assert writes(proxy) == []


def test_null_username_in_the_batch_form_is_refused_as_missing(run_playbook, cognito, proxy, pool):
    run = run_playbook(play("""
- name: the task
  cognito.user_pool.cognito_user:
    user_pool_id: POOL
    users:
      - username: null
        password: Valid!Pass123
""", pool))

    assert refused(run) == USER_REFUSAL + "users[0]: username is required."
    assert writes(proxy) == []
    assert pool_usernames(cognito, pool) == []


def test_null_username_in_the_role_is_refused_as_missing(run_playbook, cognito, proxy, pool):
    run = run_playbook(role_play("      - username: null\n        password: Valid!Pass123", pool))

    assert refused(run) == "seed_users_users[0]: username is required."
    assert writes(proxy) == []
    assert pool_usernames(cognito, pool) == []


# -- attribute values of the wrong type ---------------------------------------------------------
#
# Before: each was converted: email: null became the text "None", a list its text, and an unquoted
# phone_number: +15555550100 the number 15555550100, its "+" lost.

WRONG_ATTRIBUTE_VALUES = {
    "null": ("email: null", "attributes.email must be a string or a boolean, not null. Give it a value, or leave the "
                            "attribute out."),
    "list": ("email: [alice@example.com]", "attributes.email must be a string or a boolean, not a list."),
    "unquoted-phone-number": ("phone_number: +15555550100",
                              "attributes.phone_number must be a string or a boolean, not a number. YAML read an "
                              "unquoted value as a number: quote it (a leading + or 0 is lost otherwise)."),
}


@pytest.mark.parametrize("written", list(WRONG_ATTRIBUTE_VALUES))
def test_attribute_value_of_the_wrong_type_is_refused_not_converted(run_playbook, cognito, proxy, pool, written):
    attribute, message = WRONG_ATTRIBUTE_VALUES[written]
    run = run_playbook(play(f"""
- name: the task
  cognito.user_pool.cognito_user:
    user_pool_id: POOL
    username: alice
    attributes:
      {attribute}
""", pool))

    assert refused(run) == USER_REFUSAL + message
    assert writes(proxy) == []
    assert pool_usernames(cognito, pool) == []


def test_role_refuses_every_attribute_value_of_the_wrong_type_at_once(run_playbook, cognito, proxy, pool):
    run = run_playbook(role_play("""      - username: alice
        attributes:
          email: null
          phone_number: +15555550100""", pool))

    assert refused(run) == (
        "seed_users_users[0] (username 'alice'): attributes.email must be a string or a boolean, not null. Give it a "
        "value, or leave the attribute out. "
        "seed_users_users[0] (username 'alice'): attributes.phone_number must be a string or a boolean, not a number. "
        "YAML read an unquoted value as a number: quote it (a leading + or 0 is lost otherwise)."
    )
    assert writes(proxy) == []
    assert pool_usernames(cognito, pool) == []


# -- empty group and attribute names ----------------------------------------------------------
#
# Before: the user was created first, and only its group or attribute write failed.

EMPTY_NAMES = {
    "group": ("groups: ['']", "groups[0] must not be empty or blank."),
    "attribute": ("attributes: {'': x}",
                  "attributes has an attribute name that is an empty string: every name must be a non-empty string."),
}


@pytest.mark.parametrize("written", list(EMPTY_NAMES))
def test_empty_name_fails_before_the_user_is_created(run_playbook, cognito, proxy, pool, written):
    option, message = EMPTY_NAMES[written]
    run = run_playbook(play(f"""
- name: the task
  cognito.user_pool.cognito_user:
    user_pool_id: POOL
    username: alice
    password: Valid!Pass123
    {option}
""", pool))

    assert refused(run) == USER_REFUSAL + message
    assert writes(proxy) == []
    assert pool_usernames(cognito, pool) == []


def test_role_refuses_empty_group_and_attribute_names_before_any_user_is_created(run_playbook, cognito, proxy, pool):
    run = run_playbook(role_play("""      - username: alice
        groups: ['']
      - username: bob
        attributes: {'': x}""", pool))

    assert refused(run) == (
        "seed_users_users[0] (username 'alice'): groups[0] must not be empty or blank. "
        "seed_users_users[1] (username 'bob'): attributes has an attribute name that is an empty string: every name "
        "must be a non-empty string."
    )
    assert writes(proxy) == []
    assert pool_usernames(cognito, pool) == []
