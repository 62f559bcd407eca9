# -*- coding: utf-8 -*-
"""cognito_user_password through real ansible-playbook: what rests on ansible-core and the proxy's faults.

Everything else about the module is proven in process (tests/unit/plugins/modules/test_cognito_user_password.py,
tests/unit/plugins/module_utils/) and through Ansible on three backends (the cognito_user_password integration
target).
"""

from __future__ import annotations

import json
import secrets

import pytest

from functional_harness.cognito import CONFIRMED
from functional_harness.cognito import FORCE_CHANGE_PASSWORD
from functional_harness.cognito import RESET_REQUIRED
from functional_harness.cognito import STRICT_PASSWORD_POLICY
from functional_harness.playbook import succeeded
from functional_harness.proxy import ThrottleFirst

MODULE = "cognito.user_pool.cognito_user_password"


@pytest.fixture
def pool_id(cognito):
    return cognito.create_pool(password_policy=STRICT_PASSWORD_POLICY)


# -- secrets never printed ---------------------------------------------------------------------------------------

def _leak_case(name, username, password_variable, **options):
    """A task that ignores its error; every secret comes from a variable, as a playbook keeps them."""
    arguments = {"user_pool_id": "{{ pool_id }}", "username": username, "password": "{{ %s }}" % password_variable,
                 "client_id": "{{ client_id }}", "client_secret": "{{ client_secret }}"}
    task = {"name": name, "ignore_errors": True}
    if options.pop("check_mode", False):
        task["check_mode"] = True
    arguments.update(options)
    task[MODULE] = arguments
    return task


def _challenge_case(name, username, number, **options):
    return _leak_case(name, username, f"new_{number}", method="new_password_challenge",
                      temporary_password="{{ temporary_%s }}" % number, **options)


@pytest.mark.each_leg
def test_no_password_nor_client_secret_appears_in_the_output_or_results_at_vvvv_with_diff(run_playbook, cognito, pool_id):
    client = cognito.create_app_client(pool_id, generate_secret=True)
    assert len(client.client_secret) >= 20
    cognito.create_user(pool_id, "alice", CONFIRMED, "Current!Pass1")
    variables = {"pool_id": pool_id, "client_id": client.client_id, "client_secret": client.client_secret,
                 "declared": "Zq9!leakcheck-" + secrets.token_hex(6),
                 "breaks_policy": "zq9leakcheck" + secrets.token_hex(6),  # no uppercase letter, no symbol
                 "for_nobody": "Zq9!leakcheck-" + secrets.token_hex(6)}
    challenged = {"succeeds": FORCE_CHANGE_PASSWORD, "wrong_temporary": FORCE_CHANGE_PASSWORD,
                  "breaks_policy": FORCE_CHANGE_PASSWORD, "reset_required": RESET_REQUIRED, "check_mode": FORCE_CHANGE_PASSWORD}
    for number, (case, status) in enumerate(challenged.items()):
        variables[f"temporary_{number}"] = "Tmp!leak-" + secrets.token_hex(6)
        variables[f"new_{number}"] = ("new!leak" if case == "breaks_policy" else "New!leak-") + secrets.token_hex(6)
        cognito.create_user(pool_id, case.replace("_", "-"), status, variables[f"temporary_{number}"])
    # The wrong temporary password declared is a secret too; the real one of that user must not show either.
    variables["temporary_1"], variables["real_temporary_1"] = "Wrong!leak-" + secrets.token_hex(6), variables["temporary_1"]
    tasks = [
        _leak_case("set a password verified through a client with a secret", "alice", "declared"),
        _leak_case("set a password that breaks the policy", "alice", "breaks_policy"),
        _leak_case("set the password of an unknown user", "nobody", "for_nobody"),
        _challenge_case("answer the challenge", "succeeds", 0),
        _challenge_case("answer the challenge with a wrong temporary password", "wrong-temporary", 1),
        _challenge_case("answer the challenge with a new password that breaks the policy", "breaks-policy", 2),
        _challenge_case("answer the challenge of a user in RESET_REQUIRED", "reset-required", 3),
        _challenge_case("answer the challenge in check mode", "check-mode", 4, check_mode=True),
    ]

    run = run_playbook(tasks, extra_vars=variables, verbosity=4, diff=True)

    assert run.rc == 0, run.output
    # Each case did what it is there for, so that no case passes by not running.
    assert [(result.name, result.failed) for result in run.results] == [
        ("set a password verified through a client with a secret", False),
        ("set a password that breaks the policy", True),
        ("set the password of an unknown user", True),
        ("answer the challenge", False),
        ("answer the challenge with a wrong temporary password", True),
        ("answer the challenge with a new password that breaks the policy", True),
        ("answer the challenge of a user in RESET_REQUIRED", True),
        ("answer the challenge in check mode", False),
    ], run.output
    recorded = json.dumps([result.result for result in run.results])
    leaked = [name for name, value in variables.items() if name not in ("pool_id", "client_id")
              and (value in run.output or value in recorded)]
    assert leaked == []


# -- throttling --------------------------------------------------------------------------------------------------

VERIFY_AND_SET = ["DescribeUserPool", "ListUsers", "AdminInitiateAuth", "AdminGetUser", "AdminSetUserPassword"]
THROTTLED_TIMES = 2


def test_every_call_of_a_verified_set_password_is_retried_through_throttling_with_botocore_retries_off(
        run_playbook, cognito, proxy, pool_id):
    client = cognito.create_app_client(pool_id)
    cognito.create_user(pool_id, "alice", CONFIRMED, "Current!Pass1")
    for operation in VERIFY_AND_SET:
        proxy.add_rule(ThrottleFirst(THROTTLED_TIMES, operations={operation}))
    task = {"name": "set the password", MODULE: {"user_pool_id": pool_id, "username": "alice",
                                                 "password": "{{ declared_password }}", "client_id": client.client_id}}

    # Only the collection's own retry can get a throttled call through.
    run = run_playbook([task], extra_vars={"declared_password": "Declared!Pass2"},
                       env={"AWS_RETRY_MODE": "standard", "AWS_MAX_ATTEMPTS": "1"})

    result = succeeded(run)
    assert result.changed is True
    # A throttled sign-in is tried again, never read as a password that differs.
    assert [(call.operation, call.throttled) for call in proxy.requests()] == [
        (operation, throttled) for operation in VERIFY_AND_SET for throttled in [True] * THROTTLED_TIMES + [False]]
    assert "AuthenticationResult" in cognito.sign_in(pool_id, client, "alice", "Declared!Pass2")
