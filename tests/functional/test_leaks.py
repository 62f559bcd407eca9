# -*- coding: utf-8 -*-
"""Wrong values are refused, never converted, and no password is ever printed: real ansible-playbook runs.

One play holds every case: each bad input of issue 12, written as YAML text with the values unquoted so that
YAML really reads them as a mapping, a list, a number or a boolean, and each refused with its exact message
before anything is written; and the leak cases, passwords equal to usernames and a whole batch failing in the
seed_users role.  The play runs under the default and the json stdout callbacks with ANSIBLE_LOG_PATH set, at
verbosity 0 and 4; no secret may appear in stdout, stderr, the log file or any recorded result.
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
ROLE_CHECK = f"{ROLE} : Check the variables"

USER_REFUSAL = f"Invalid arguments for {USER_MODULE}: "
PASSWORD_REFUSAL = f"Invalid arguments for {PASSWORD_MODULE}: "


class Case:
    """One task of the play (YAML text, ``POOL`` standing for the pool id), the task that must fail in it with
    ``message`` (None: any message), and the secrets written in it."""

    def __init__(self, text, failing, message, secrets=()):
        self.text, self.failing, self.message, self.secrets = text, failing, message, tuple(secrets)


# Each task ends with lines that hold no secret: ansible-core 2.19 prints the two source lines above a failed
# task's first line with its error, so a secret typed on the last line of the task before would show there,
# whatever the collection does.  So the secret comes first among a task's options, and the task ends with
# ignore_errors (a role's include with a rescue, so that a refused role stops there).

def module_case(name, module, options, message, secrets=()):
    """A task of ``module`` with ``options`` (YAML text, indented for the module's mapping), refused with
    ``message`` (its prefix included)."""
    text = f"- name: {name}\n  {module}:\n{options}    user_pool_id: POOL\n  ignore_errors: true\n"
    return Case(text, name, message, secrets)


def role_case(name, users, message, secrets=(), **variables):
    """The seed_users role on ``users`` (YAML text of seed_users_users, as written), refused with ``message``."""
    extra = "".join(f"        seed_users_{key}: {value}\n" for key, value in variables.items())
    text = f"""- name: {name}
  block:
    - name: run the role
      ansible.builtin.include_role:
        name: {ROLE}
      vars:
        seed_users_users:
{users}{extra}        seed_users_user_pool_id: POOL
        seed_users_rate_limits: RATE_LIMITS
  rescue:
    - name: the role refused its users
      ansible.builtin.debug:
        msg: refused
"""
    return Case(text, ROLE_CHECK, message, secrets)


# -- a password that YAML reads as a mapping, a list or a number --------------------------------
#
# ansible-core would turn the value into the text of the mapping ("{'Pa55word!': None}"), the user's password,
# printed in the task's invocation; the action plugin refuses it on the controller, naming its type, never its value.

PASSWORD_AS_WRITTEN = {
    # kind: (the unquoted YAML of the secret, the refusal without its prefix)
    "mapping": ("{%s}", "password must be a string, not a mapping. YAML reads an unquoted value that starts with '{' or "
                        "'[' as a mapping: quote it."),
    "list": ("[%s]", "password must be a string, not a list. YAML reads an unquoted value that starts with '{' or '[' "
                     "as a list: quote it."),
    "number": ("%s", "password must be a string, not a number. YAML read an unquoted value as a number: quote it."),
}


def password_secret(kind, place):
    """A secret of its own for each case, so that the case that printed it is named; digits for a number."""
    index = list(PASSWORD_PLACES).index(place)
    return f"5820417396158204173{index}" if kind == "number" else f"{kind.title()}{index}Secret!pw"


def password_case(kind, place, secret=None):
    """The password written as ``kind`` in ``place`` (cognito_user, its users list, cognito_user_password, seed_users)."""
    secret = secret or password_secret(kind, place)
    written, refusal = PASSWORD_AS_WRITTEN[kind]
    value = written % secret
    name = f"a password YAML reads as a {kind} in {place}"
    if place == "seed_users":
        return role_case(name, f"          - password: {value}\n            username: alice\n",
                         "seed_users_users[0] (username 'alice'): " + refusal, [secret])
    module, options, prefix = PASSWORD_PLACES[place]
    return module_case(name, module, options % value, prefix + refusal, [secret])


PASSWORD_PLACES = {
    # place: (module, its options with %s for the password, the refusal's prefix)
    "cognito_user": (USER_MODULE, "    password: %s\n    username: alice\n", USER_REFUSAL),
    "cognito_user-users": (USER_MODULE, "    users:\n      - password: %s\n        username: alice\n",
                           USER_REFUSAL + "users[0] (username 'alice'): "),
    "cognito_user_password": (PASSWORD_MODULE, "    password: %s\n    username: alice\n", PASSWORD_REFUSAL),
    "seed_users": (None, None, None),
}

# -- a password typed into update_password --------------------------------------------------------
#
# ansible-core's choices check would answer "value of update_password must be one of: when_needed, on_create,
# always, got: <the password>", in the modules and in the role.

UPDATE_PASSWORD_CHOICES = "update_password must be one of: when_needed, on_create, always (it is a string that is none of them)."


def update_password_cases():
    yield module_case("a password typed into update_password of cognito_user", USER_MODULE,
                      "    update_password: Typed0Here!pw\n    password: Valid!Pass123\n    username: alice\n",
                      USER_REFUSAL + UPDATE_PASSWORD_CHOICES, ["Typed0Here!pw"])
    yield module_case("a password typed into update_password of a user in users", USER_MODULE,
                      "    users:\n      - update_password: Typed1Here!pw\n        password: Valid!Pass123\n"
                      "        username: alice\n",
                      USER_REFUSAL + "users[0] (username 'alice'): " + UPDATE_PASSWORD_CHOICES, ["Typed1Here!pw"])
    yield module_case("a password typed into update_password of cognito_user_password", PASSWORD_MODULE,
                      "    update_password: Typed2Here!pw\n    password: Valid!Pass123\n    username: alice\n",
                      PASSWORD_REFUSAL + "update_password must be one of: when_needed, always (it is a string that is "
                                         "none of them).", ["Typed2Here!pw"])
    yield role_case("a password typed into update_password in the role",
                    "          - update_password: Typed3Here!pw\n            password: Valid!Pass123\n"
                    "            username: alice\n",
                    "seed_users_users[0] (username 'alice'): " + UPDATE_PASSWORD_CHOICES, ["Typed3Here!pw"])


# -- usernames YAML reads as booleans and numbers -------------------------------------------------
#
# Through the role, the usernames no, yes and 0070 would become the users "False", "True" and "56".

def username_cases():
    yield role_case("usernames YAML reads as booleans and numbers in the role",
                    "          - username: no\n          - username: yes\n          - username: 0070\n", (
                        "seed_users_users[0]: username must be a string, not a boolean. YAML read an unquoted value as "
                        "a boolean: quote it. "
                        "seed_users_users[1]: username must be a string, not a boolean. YAML read an unquoted value as "
                        "a boolean: quote it. "
                        "seed_users_users[2]: username must be a string, not a number. YAML read an unquoted value as a "
                        "number: quote it."))
    yield module_case("usernames YAML reads as booleans and numbers in cognito_user", USER_MODULE,
                      "    users:\n      - username: no\n      - username: 0070\n", USER_REFUSAL + (
                          "users[0]: username must be a string, not a boolean. YAML read an unquoted value as a boolean: "
                          "quote it. "
                          "users[1]: username must be a string, not a number. YAML read an unquoted value as a number: "
                          "quote it."))
    # null means "not given" for every option (plugins/module_utils/_arguments.py), so the single form without a
    # username is refused as ansible-core words a missing one of username and users.
    yield module_case("a null username in the single form", USER_MODULE,
                      "    username: null\n    password: Valid!Pass123\n",
                      USER_REFUSAL + "one of the following is required: username, users")
    yield module_case("a null username in the batch form", USER_MODULE,
                      "    users:\n      - username: null\n        password: Valid!Pass123\n",
                      USER_REFUSAL + "users[0]: username is required.")
    yield role_case("a null username in the role", "          - username: null\n            password: Valid!Pass123\n",
                    "seed_users_users[0]: username is required.")


# -- attribute values of the wrong type, empty group and attribute names --------------------------
#
# Each would be converted (email: null the text "None", a list its text, an unquoted phone_number: +15555550100
# the number 15555550100, its "+" lost), or the user created first and only its group or attribute write failed.

NULL_EMAIL = "attributes.email must be a string or a boolean, not null. Give it a value, or leave the attribute out."
NUMBER_PHONE = ("attributes.phone_number must be a string or a boolean, not a number. YAML read an unquoted value as a "
                "number: quote it (a leading + or 0 is lost otherwise).")
EMPTY_GROUP = "groups[0] must not be empty or blank."
EMPTY_ATTRIBUTE = "attributes has an attribute name that is an empty string: every name must be a non-empty string."


def attribute_cases():
    for name, attribute, message in (
            ("an attribute value that is null", "email: null", NULL_EMAIL),
            ("an attribute value that is a list", "email: [alice@example.com]",
             "attributes.email must be a string or a boolean, not a list."),
            ("an attribute value that is an unquoted phone number", "phone_number: +15555550100", NUMBER_PHONE)):
        yield module_case(name, USER_MODULE, f"    username: alice\n    attributes:\n      {attribute}\n",
                          USER_REFUSAL + message)
    yield role_case("every attribute value of the wrong type in the role",
                    "          - username: alice\n            attributes:\n              email: null\n"
                    "              phone_number: +15555550100\n",
                    f"seed_users_users[0] (username 'alice'): {NULL_EMAIL} seed_users_users[0] (username 'alice'): {NUMBER_PHONE}")
    for name, option, message in (("an empty group name", "groups: ['']", EMPTY_GROUP),
                                  ("an empty attribute name", "attributes: {'': x}", EMPTY_ATTRIBUTE)):
        yield module_case(name, USER_MODULE, f"    username: alice\n    password: Valid!Pass123\n    {option}\n",
                          USER_REFUSAL + message)
    yield role_case("empty group and attribute names in the role",
                    "          - username: alice\n            groups: ['']\n"
                    "          - username: bob\n            attributes: {'': x}\n",
                    f"seed_users_users[0] (username 'alice'): {EMPTY_GROUP} "
                    f"seed_users_users[1] (username 'bob'): {EMPTY_ATTRIBUTE}")


# -- passwords equal to usernames, and a whole batch failing in the role -------------------------
#
# The user whose password is its username gets it as a temporary one: a single write of it, which no Cognito rule
# the suite may play (--cognito-rules) refuses.  It is the one write of the play.

CREATED = "Same!Name7Pw"
CREATED_TASK = "a user whose password is its username is created"


def leak_cases():
    yield Case(f"""- name: {CREATED_TASK}
  {USER_MODULE}:
    password: {CREATED}
    username: {CREATED}
    permanent: false
    attributes: {{name: Same}}
    user_pool_id: POOL
  ignore_errors: true
""", None, None, [CREATED])
    yield module_case("a user whose password is its username fails in a batch", USER_MODULE,
                      "    users:\n      - password: Same!Fail8Pw\n        username: Same!Fail8Pw\n"
                      "        groups: [no-such-group]\n", None, ["Same!Fail8Pw"])
    yield role_case("the role refuses its users whose password is their username",
                    "          - password: {R0leMap!pw}\n            username: erin\n"
                    "          - update_password: R0leUpd4te!pw\n            username: frank\n"
                    "          - password: Same!Role9Pw\n            username: Same!Role9Pw\n            state: gone\n",
                    None, ["R0leDefault!pw", "R0leMap!pw", "R0leUpd4te!pw", "Same!Role9Pw"],
                    default_password="R0leDefault!pw")
    batch = role_case("a whole batch fails in the role",
                      "          - password: R0leOwn!pw\n            username: grace\n"
                      "          - password: Same!Batch9Pw\n            username: Same!Batch9Pw\n"
                      "          - username: heidi\n",
                      None, ["R0leDefault!pw", "R0leOwn!pw", "Same!Batch9Pw"], default_password="R0leDefault!pw")
    # A pool that does not exist: every user of the batch fails; the role's last check says so.
    batch.text = batch.text.replace("seed_users_user_pool_id: POOL", "seed_users_user_pool_id: us-east-1_NoSuchPool0")
    batch.failing = f"{ROLE} : Check that every user and group reached its state, the purge finished, and every checked user signed in"
    yield batch


CASES = [
    *(password_case(kind, place) for kind in PASSWORD_AS_WRITTEN for place in PASSWORD_PLACES),
    *update_password_cases(), *username_cases(), *attribute_cases(), *leak_cases(),
]


def play(cases, pool):
    return "".join(case.text for case in cases).replace("POOL", pool).replace("RATE_LIMITS", json.dumps(NO_RATE_LIMITS))


def refusals(run, cases):
    """Each failed task's (name, message), beside what the cases expect (a message of None taken as given)."""
    actual = [(result.name, result.msg) for result in run.results if result.failed]
    expected = [(case.failing, case.message) for case in cases if case.failing]
    if len(actual) == len(expected):
        expected = [(name, message if message is not None else got[1]) for (name, message), got in zip(expected, actual)]
    return actual, expected


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


# ansible-core's Display prints a message of verbosity n at every verbosity above n, and the default callback shows
# results, then invocations and diffs, as verbosity grows: -vvvv prints every line -v to -vvv print.  Verbosity 0 is
# where the callbacks print least and what most runs use.
@pytest.mark.parametrize("verbosity", [0, 4], ids=lambda verbosity: f"v{verbosity}")
@pytest.mark.parametrize("callback", list(CALLBACKS))
def test_every_bad_input_is_refused_by_name_and_no_secret_appears_in_any_output(
        run_playbook, cognito, proxy, pool, tmp_path, json_callback_collections, callback, verbosity):
    log_path = tmp_path / "ansible.log"
    env = {"ANSIBLE_STDOUT_CALLBACK": CALLBACKS[callback], "ANSIBLE_LOG_PATH": str(log_path),
           "ANSIBLE_COLLECTIONS_PATH": json_callback_collections}

    run = run_playbook(play(CASES, pool), verbosity=verbosity, diff=True, env=env)

    assert run.rc == 0, run.output
    actual, expected = refusals(run, CASES)
    assert actual == expected, run.output
    assert run.task(CREATED_TASK).status == "ok", run.output
    # Nothing refused reached Cognito: the one user created, and every write, is the one case that writes.
    assert cognito.usernames(pool) == [CREATED]
    written = [request.json().get("Username") for request in proxy.requests() if request.operation in proxy.writes()]
    assert written and set(written) == {CREATED}, written
    log = log_path.read_text()
    assert log.strip() and run.output.strip()
    recorded = json.dumps([result.result for result in run.results])
    leaks = {secret: [where for where, text in (("output", run.output), ("log", log), ("results", recorded))
                      if secret in text]
             for case in CASES for secret in case.secrets}
    assert {secret: where for secret, where in leaks.items() if where} == {}


def test_check_mode_refuses_the_same_input_with_the_same_words_before_any_call(run_playbook, proxy, pool):
    cases = [password_case("mapping", place, secret=f"Check{index}Mode!pw") for index, place in enumerate(PASSWORD_PLACES)]

    run = run_playbook(play(cases, pool), check=True)

    assert run.rc == 0, run.output
    actual, expected = refusals(run, cases)
    assert actual == expected, run.output
    assert all(secret not in run.output for case in cases for secret in case.secrets)
    assert proxy.operations() == []


# -- what ansible-core shows, which the collection cannot hide (docs/secrets.md) -----------------
#
# These prove the page's claims on each leg's ansible-core, and the advice it gives: a password in a
# variable, not written in the playbook, is not on the lines ansible-core quotes around a failing task.

WRITTEN_PASSWORD = "Written!Pass123"
TEMPLATED_PASSWORD = "Templated!Pass123"
VARIABLE_PASSWORD = "Variable!Pass123"


def _user_then_a_failing_task(name, password_as_written):
    """A user task with its password as written, its last line, then a task that fails (its user does not exist)."""
    return f"""
- name: {name}
  {USER_MODULE}:
    user_pool_id: POOL
    username: {name}
    password: "{password_as_written}"
- name: a task that fails after {name}
  {PASSWORD_MODULE}:
    user_pool_id: POOL
    username: nobody
    password: "{{{{ variable_password }}}}"
  ignore_errors: true
"""


def test_ansible_core_quotes_a_password_written_in_the_playbook_above_a_failing_task_but_not_a_variable(run_playbook, pool):
    text = _user_then_a_failing_task("alice", WRITTEN_PASSWORD) + _user_then_a_failing_task("bob", "{{ bob_password }}")

    run = run_playbook(text.replace("POOL", pool),
                       extra_vars={"bob_password": TEMPLATED_PASSWORD, "variable_password": VARIABLE_PASSWORD})

    assert run.rc == 0, run.output
    failed_tasks = [result.name for result in run.results if result.failed]
    assert failed_tasks == ["a task that fails after alice", "a task that fails after bob"], run.output
    assert WRITTEN_PASSWORD in run.output  # ansible-core's "Origin:" excerpt, not the collection's words
    assert TEMPLATED_PASSWORD not in run.output and VARIABLE_PASSWORD not in run.output


def test_ansible_debug_prints_and_keep_remote_files_keeps_a_password_from_a_variable(run_playbook, pool, tmp_path):
    remote = tmp_path / "remote-tmp"
    run = run_playbook(_user_then_a_failing_task("alice", "{{ alice_password }}").replace("POOL", pool),
                       extra_vars={"alice_password": WRITTEN_PASSWORD, "variable_password": VARIABLE_PASSWORD},
                       env={"ANSIBLE_DEBUG": "1", "ANSIBLE_KEEP_REMOTE_FILES": "1", "ANSIBLE_REMOTE_TEMP": str(remote)})
    assert run.results and run.last.failed, run.output
    assert WRITTEN_PASSWORD in run.output  # ANSIBLE_DEBUG prints each module's arguments
    kept = [path for path in remote.rglob("AnsiballZ_*.py") if WRITTEN_PASSWORD in path.read_text(errors="replace")]
    assert kept, f"no module file kept in {remote} holds the password"
