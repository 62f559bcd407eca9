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

import importlib.util
import json
import os
import zipfile
from pathlib import Path

import pytest

from seed_users_role import NO_RATE_LIMITS

# Every leg: what these show rests on ansible-core itself (Makefile, FUNCTIONAL_LEG).
pytestmark = pytest.mark.each_leg

USER_MODULE = "cognito.user_pool.cognito_user"
PASSWORD_MODULE = "cognito.user_pool.cognito_user_password"
ROLE = "cognito.user_pool.seed_users"
VALID_PASSWORD = "Valid!Pass123"

USER_REFUSAL = f"Invalid arguments for {USER_MODULE}: "
PASSWORD_REFUSAL = f"Invalid arguments for {PASSWORD_MODULE}: "


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
def test_password_yaml_reads_as_another_type_is_refused_naming_the_type_not_the_value(
        run_playbook, cognito, proxy, pool, written, place):
    value, secret, refusal = PASSWORD_AS_WRITTEN[written]
    text, prefix = PASSWORD_PLACES[place]
    if text is None:
        text = role_play(f"      - username: alice\n        password: {value}", pool)

    run = run_playbook(play(text.replace("VALUE", value), pool))

    assert refused(run) == prefix + refusal
    assert secret not in run.output
    assert proxy.writes() == []
    assert cognito.usernames(pool) == []


@pytest.mark.parametrize("place", list(PASSWORD_PLACES))
def test_check_mode_refuses_the_same_input_with_the_same_words_before_any_call(run_playbook, proxy, pool, place):
    value, secret, refusal = PASSWORD_AS_WRITTEN["mapping"]
    text, prefix = PASSWORD_PLACES[place]
    if text is None:
        text = role_play(f"      - username: alice\n        password: {value}", pool)

    run = run_playbook(play(text.replace("VALUE", value), pool), check=True)

    assert refused(run) == prefix + refusal
    assert secret not in run.output
    assert proxy.operations() == []


# -- a password typed into update_password --------------------------------------------------------
#
# Before: ansible-core's choices check answered "value of update_password must be one of: when_needed,
# on_create, always, got: <the password>", in the modules and in the role.

UPDATE_PASSWORD_SECRET = "Typed!Here99"
UPDATE_PASSWORD_CHOICES = "update_password must be one of: when_needed, on_create, always (it is a string that is none of them)."
UPDATE_PASSWORD_PLACES = {
    "cognito_user": ("""
- name: the task
  cognito.user_pool.cognito_user:
    user_pool_id: POOL
    username: alice
    password: Valid!Pass123
    update_password: Typed!Here99
""", USER_REFUSAL + UPDATE_PASSWORD_CHOICES),
    "cognito_user-users": ("""
- name: the task
  cognito.user_pool.cognito_user:
    user_pool_id: POOL
    users:
      - username: alice
        password: Valid!Pass123
        update_password: Typed!Here99
""", USER_REFUSAL + "users[0] (username 'alice'): " + UPDATE_PASSWORD_CHOICES),
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
                   "seed_users_users[0] (username 'alice'): " + UPDATE_PASSWORD_CHOICES),
}


@pytest.mark.parametrize("place", list(UPDATE_PASSWORD_PLACES))
def test_password_typed_into_update_password_is_refused_without_repeating_it(run_playbook, cognito, proxy, pool, place):
    text, message = UPDATE_PASSWORD_PLACES[place]

    run = run_playbook(play(text, pool))

    assert refused(run) == message
    assert UPDATE_PASSWORD_SECRET not in run.output
    assert proxy.writes() == []
    assert cognito.usernames(pool) == []


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
    assert proxy.writes() == []
    assert cognito.usernames(pool) == []


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
    assert proxy.writes() == []
    assert cognito.usernames(pool) == []


# -- username: null ---------------------------------------------------------------------------
#
# Before: cognito_user crashed ("'NoneType' object is not iterable").  null means "not given" for every
# option (plugins/module_utils/_arguments.py), so the single form without a username must be refused as
# ansible-core words a missing one of username and users.

def test_null_username_in_the_single_form_is_refused_as_missing(run_playbook, proxy, pool):
    run = run_playbook(play("""
- name: the task
  cognito.user_pool.cognito_user:
    user_pool_id: POOL
    username: null
    password: Valid!Pass123
""", pool))

    assert refused(run) == USER_REFUSAL + "one of the following is required: username, users"
    assert proxy.writes() == []


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
    assert proxy.writes() == []
    assert cognito.usernames(pool) == []


def test_null_username_in_the_role_is_refused_as_missing(run_playbook, cognito, proxy, pool):
    run = run_playbook(role_play("      - username: null\n        password: Valid!Pass123", pool))

    assert refused(run) == "seed_users_users[0]: username is required."
    assert proxy.writes() == []
    assert cognito.usernames(pool) == []


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
    assert proxy.writes() == []
    assert cognito.usernames(pool) == []


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
    assert proxy.writes() == []
    assert cognito.usernames(pool) == []


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
    assert proxy.writes() == []
    assert cognito.usernames(pool) == []


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
    assert proxy.writes() == []
    assert cognito.usernames(pool) == []


# -- the leak matrix ------------------------------------------------------------------------------
#
# One play holds every case, each task ignoring its error (the role's cases in a block with a rescue, so that a
# refused role stops there), written with the values unquoted.  Each task ends with lines that hold no secret:
# ansible-core 2.19 prints the two source lines above a failed task's first line with its error, so a secret
# typed on the last line of the task before would show there, whatever the collection does.  The user whose
# password is its username gets it as a temporary one: a single write of it, which no Cognito rule the suite may
# play (--cognito-rules) refuses.

MATRIX_SECRETS = {
    "mapping": "Ma9pSecret!x",
    "list": "Li5tSecret!y",
    "number": "73194628507316492851",
    "update_password": "Upd4teSecret!z",
    "username_is_password": "Same!Name7Pw",
    "username_is_password_failing": "Same!Fail8Pw",
    "role_default_password": "R0leDefault!pw",
    "role_mapping": "R0leMap!pw",
    "role_update_password": "R0leUpd4te!pw",
    "role_username_is_password": "Same!Role9Pw",
    "role_batch_password": "R0leOwn!pw",
    "role_batch_username_is_password": "Same!Batch9Pw",
}

MATRIX_PLAY = """
- name: a password YAML reads as a mapping
  cognito.user_pool.cognito_user:
    password: {Ma9pSecret!x}
    user_pool_id: POOL
    username: alice
  ignore_errors: true

- name: a password YAML reads as a list
  cognito.user_pool.cognito_user:
    users:
      - password: [Li5tSecret!y]
        username: bob
    user_pool_id: POOL
  ignore_errors: true

- name: a password YAML reads as a number
  cognito.user_pool.cognito_user_password:
    password: 73194628507316492851
    user_pool_id: POOL
    username: carol
  ignore_errors: true

- name: a password typed into update_password of cognito_user
  cognito.user_pool.cognito_user:
    update_password: Upd4teSecret!z
    password: Valid!Pass123
    user_pool_id: POOL
    username: dave
  ignore_errors: true

- name: a password typed into update_password of cognito_user_password
  cognito.user_pool.cognito_user_password:
    update_password: Upd4teSecret!z
    password: Valid!Pass123
    user_pool_id: POOL
    username: dave
  ignore_errors: true

- name: a user whose password is its username is created
  cognito.user_pool.cognito_user:
    password: Same!Name7Pw
    username: Same!Name7Pw
    permanent: false
    attributes: {name: Same}
    user_pool_id: POOL
  ignore_errors: true

- name: a user whose password is its username fails in a batch
  cognito.user_pool.cognito_user:
    users:
      - password: Same!Fail8Pw
        username: Same!Fail8Pw
        groups: [no-such-group]
    user_pool_id: POOL
  ignore_errors: true

- name: the role refuses its users
  block:
    - name: run the role on users it refuses
      ansible.builtin.include_role:
        name: cognito.user_pool.seed_users
      vars:
        seed_users_default_password: R0leDefault!pw
        seed_users_users:
          - password: {R0leMap!pw}
            username: erin
          - update_password: R0leUpd4te!pw
            username: frank
          - password: Same!Role9Pw
            username: Same!Role9Pw
            state: gone
        seed_users_user_pool_id: POOL
        seed_users_rate_limits: RATE_LIMITS
  rescue:
    - name: the role refused its users
      ansible.builtin.debug:
        msg: refused

- name: a whole batch fails in the role
  block:
    - name: run the role on a pool that does not exist
      ansible.builtin.include_role:
        name: cognito.user_pool.seed_users
      vars:
        seed_users_default_password: R0leDefault!pw
        seed_users_users:
          - password: R0leOwn!pw
            username: grace
          - password: Same!Batch9Pw
            username: Same!Batch9Pw
          - username: heidi
        seed_users_user_pool_id: us-east-1_NoSuchPool0
        seed_users_rate_limits: RATE_LIMITS
  rescue:
    - name: the whole batch failed
      ansible.builtin.debug:
        msg: failed
"""

# What each case must do, in order, so that the matrix never passes on a play that did not run.
MATRIX_STATUSES = [
    ("a password YAML reads as a mapping", "failed"),
    ("a password YAML reads as a list", "failed"),
    ("a password YAML reads as a number", "failed"),
    ("a password typed into update_password of cognito_user", "failed"),
    ("a password typed into update_password of cognito_user_password", "failed"),
    ("a user whose password is its username is created", "ok"),
    ("a user whose password is its username fails in a batch", "failed"),
    (f"{ROLE} : Check the variables", "failed"),
    ("the role refused its users", "ok"),
    (f"{ROLE} : Check the variables", "ok"),
    (f"{ROLE} : Seed the users in batches", "ok"),  # failed_when: false; the report counts the batch's users failed
    (f"{ROLE} : Check that every user and group reached its state, the purge finished, and every checked user signed in", "failed"),
    ("the whole batch failed", "ok"),
]

CALLBACKS = {"default": "default", "json": "ansible.posix.json"}


def _collections_root(collection: str) -> Path:
    """The ``ansible_collections`` directory's parent that holds ``collection`` (namespace.name), as tests import it."""
    spec = importlib.util.find_spec(f"ansible_collections.{collection}")
    assert spec is not None and spec.submodule_search_locations, f"{collection} is not importable"
    return Path(list(spec.submodule_search_locations)[0]).resolve().parents[2]


def _version(manifest: bytes) -> str:
    return json.loads(manifest)["collection_info"]["version"]


@pytest.fixture(scope="session")
def json_callback_collections(tmp_path_factory):
    """A collections path with ansible.posix (its ``json`` stdout callback) after the trees under test.

    ansible-core no longer ships the json callback; ansible.posix does, inside the ``ansible`` wheel that
    ``make collections-<leg>`` downloads to build/wheels.  The wheel whose amazon.aws is the one under test
    (the same leg) gives it.
    """
    collections_path = os.environ.get("ANSIBLE_COLLECTIONS_PATH") or str(_collections_root("amazon.aws"))
    for root in collections_path.split(os.pathsep):
        if (Path(root) / "ansible_collections" / "ansible" / "posix" / "plugins" / "callback" / "json.py").is_file():
            return collections_path
    amazon_aws = _collections_root("amazon.aws") / "ansible_collections" / "amazon" / "aws" / "MANIFEST.json"
    wanted = _version(amazon_aws.read_bytes())
    wheels = sorted((Path(__file__).resolve().parents[2] / "build" / "wheels").glob("ansible-*-py3-none-any.whl"))
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as archive:
            if _version(archive.read("ansible_collections/amazon/aws/MANIFEST.json")) != wanted:
                continue
            destination = tmp_path_factory.mktemp("ansible-posix")
            for member in archive.infolist():
                if member.filename.startswith("ansible_collections/ansible/posix/") and not member.is_dir():
                    archive.extract(member, destination)
            return collections_path + os.pathsep + str(destination)
    pytest.fail(f"no ansible wheel with amazon.aws {wanted} in build/wheels, for ansible.posix's json callback: "
                "run make collections-<leg> first")


@pytest.mark.parametrize("verbosity", range(5), ids=lambda verbosity: f"v{verbosity}")
@pytest.mark.parametrize("callback", list(CALLBACKS))
def test_no_secret_appears_in_any_output_at_any_verbosity(run_playbook, pool, tmp_path, json_callback_collections,
                                                          callback, verbosity):
    log_path = tmp_path / "ansible.log"
    env = {"ANSIBLE_STDOUT_CALLBACK": CALLBACKS[callback], "ANSIBLE_LOG_PATH": str(log_path),
           "ANSIBLE_COLLECTIONS_PATH": json_callback_collections}
    text = play(MATRIX_PLAY, pool).replace("RATE_LIMITS", json.dumps(NO_RATE_LIMITS))

    run = run_playbook(text, verbosity=verbosity, diff=True, env=env)

    assert run.rc == 0, run.output
    named = {name for name, status in MATRIX_STATUSES}
    assert [(result.name, result.status) for result in run.results if result.name in named] == MATRIX_STATUSES, run.output
    log = log_path.read_text()
    assert log.strip() and run.output.strip()
    recorded = json.dumps([result.result for result in run.results])
    leaks = {case: [where for where, text in (("output", run.output), ("log", log), ("results", recorded))
                    if secret in text]
             for case, secret in MATRIX_SECRETS.items()}
    assert {case: where for case, where in leaks.items() if where} == {}


# -- what ansible-core shows, which the collection cannot hide (docs/secrets.md) -----------------
#
# These prove the page's claims on each leg's ansible-core, and the advice it gives: a password in a
# variable, not written in the playbook, is not on the lines ansible-core quotes around a failing task.

WRITTEN_PASSWORD = "Written!Pass123"
VARIABLE_PASSWORD = "Variable!Pass123"


def _user_then_a_failing_task(password_as_written):
    """A user task with its password as written, then a task that fails (its user does not exist)."""
    return f"""
- name: a user
  {USER_MODULE}:
    user_pool_id: POOL
    username: alice
    password: "{password_as_written}"
- name: a task that fails
  {PASSWORD_MODULE}:
    user_pool_id: POOL
    username: nobody
    password: "{{{{ variable_password }}}}"
"""


def test_ansible_core_quotes_a_password_written_in_the_playbook_above_a_failing_task_but_not_a_variable(run_playbook, pool):
    written = run_playbook(play(_user_then_a_failing_task(WRITTEN_PASSWORD), pool),
                           extra_vars={"variable_password": VARIABLE_PASSWORD})
    assert written.rc != 0 and written.last.failed, written.output
    assert WRITTEN_PASSWORD in written.output  # ansible-core's "Origin:" excerpt, not the collection's words
    assert VARIABLE_PASSWORD not in written.output

    in_variables = run_playbook(play(_user_then_a_failing_task("{{ alice_password }}"), pool),
                                extra_vars={"alice_password": WRITTEN_PASSWORD, "variable_password": VARIABLE_PASSWORD})
    assert in_variables.rc != 0 and in_variables.last.failed, in_variables.output
    assert WRITTEN_PASSWORD not in in_variables.output and VARIABLE_PASSWORD not in in_variables.output


def test_ansible_debug_prints_and_keep_remote_files_keeps_a_password_from_a_variable(run_playbook, pool, tmp_path):
    remote = tmp_path / "remote-tmp"
    run = run_playbook(play(_user_then_a_failing_task("{{ alice_password }}"), pool),
                       extra_vars={"alice_password": WRITTEN_PASSWORD, "variable_password": VARIABLE_PASSWORD},
                       env={"ANSIBLE_DEBUG": "1", "ANSIBLE_KEEP_REMOTE_FILES": "1", "ANSIBLE_REMOTE_TEMP": str(remote)})
    assert run.rc != 0, run.output
    assert WRITTEN_PASSWORD in run.output  # ANSIBLE_DEBUG prints each module's arguments
    kept = [path for path in remote.rglob("AnsiballZ_*.py") if WRITTEN_PASSWORD in path.read_text(errors="replace")]
    assert kept, f"no module file kept in {remote} holds the password"
