# -*- coding: utf-8 -*-
"""cognito_user_password through real ansible-playbook, against moto behind the recording proxy.

moto cannot produce EXTERNAL_PROVIDER or COMPROMISED users; those rows of the
status table are covered by the unit tests.  moto rejects passwords of 99 or
more characters and does not check a TemporaryPassword against the policy, so
the passwords here are short and meet the policy.
"""

from __future__ import annotations

import json
import secrets

import pytest

from ansible_collections.cognito.user_pool.plugins.module_utils._status import PASSWORD_DECISIONS
from functional_harness.cognito import CONFIRMED
from functional_harness.cognito import FORCE_CHANGE_PASSWORD
from functional_harness.cognito import REGION
from functional_harness.cognito import RESET_REQUIRED
from functional_harness.cognito import STRICT_PASSWORD_POLICY
from functional_harness.cognito import UNCONFIRMED
from functional_harness.cognito import expected_secret_hash
from functional_harness.proxy import ThrottleFirst
from functional_harness.proxy import ThrottleShare
from functional_harness.playbook import failed, succeeded

MODULE = "cognito.user_pool.cognito_user_password"
CURRENT_PASSWORD = "Current!Pass1"
DECLARED_PASSWORD = "Declared!Pass2"

# The status table as this module documents it, for the statuses moto can
# produce: user_status, permanent, whether the password is set, user_status after.
DECISION_TABLE = [
    (FORCE_CHANGE_PASSWORD, True, True, CONFIRMED),
    (FORCE_CHANGE_PASSWORD, False, False, FORCE_CHANGE_PASSWORD),
    (RESET_REQUIRED, True, True, CONFIRMED),
    (RESET_REQUIRED, False, True, FORCE_CHANGE_PASSWORD),
    (UNCONFIRMED, True, True, CONFIRMED),
    (UNCONFIRMED, False, True, FORCE_CHANGE_PASSWORD),
    (CONFIRMED, True, False, CONFIRMED),
    (CONFIRMED, False, True, FORCE_CHANGE_PASSWORD),
]
STATUSES_MOTO_CANNOT_PRODUCE = {"COMPROMISED"}

# botocore's own retries off, so that only the collection's retry can get a
# throttled call through.
NO_BOTOCORE_RETRIES = {"AWS_RETRY_MODE": "standard", "AWS_MAX_ATTEMPTS": "1"}


def password_task(user_pool_id, username, name="set the password", **options):
    """A cognito_user_password task whose password comes from the ``declared_password`` variable."""
    arguments = {"user_pool_id": user_pool_id, "username": username, "password": "{{ declared_password }}"}
    arguments.update(options)
    return {"name": name, MODULE: arguments}


def run_module(run_playbook, user_pool_id, username, password=DECLARED_PASSWORD, check=False, diff=False,
               verbosity=0, env=None, **options):
    """Run one cognito_user_password task; returns the whole run."""
    return run_playbook([password_task(user_pool_id, username, **options)], extra_vars={"declared_password": password},
                        check=check, diff=diff, verbosity=verbosity, env=env)


@pytest.fixture
def pool_id(cognito):
    return cognito.create_pool(password_policy=STRICT_PASSWORD_POLICY)


@pytest.fixture
def app_client(cognito, pool_id):
    return cognito.create_app_client(pool_id)


def _row_id(row):
    status, permanent, sets, after = row
    return f"{status}-{'permanent' if permanent else 'temporary'}-{'sets-to-' + after if sets else 'keeps'}"


# -- the status table ------------------------------------------------------------------------


def test_decision_table_covers_every_status_moto_can_produce():
    covered = {(row[0], row[1]) for row in DECISION_TABLE}
    documented = {(status, permanent) for status in PASSWORD_DECISIONS for permanent in (True, False)
                  if status not in STATUSES_MOTO_CANNOT_PRODUCE}
    assert covered == documented


# The FORCE_CHANGE_PASSWORD and CONFIRMED rows are proven by the cognito_user_password integration target; the statuses
# below only the harness can make (the collection never puts a user in them).
OTHER_ROWS = [row for row in DECISION_TABLE if row[0] not in (FORCE_CHANGE_PASSWORD, CONFIRMED)]


@pytest.mark.parametrize("user_status,permanent,sets,status_after", OTHER_ROWS, ids=[_row_id(row) for row in OTHER_ROWS])
def test_password_is_set_only_when_the_live_status_needs_it(run_playbook, cognito, proxy, pool_id, user_status,
                                                            permanent, sets, status_after):
    cognito.create_user(pool_id, "alice", user_status, CURRENT_PASSWORD)

    result = succeeded(run_module(run_playbook, pool_id, "alice", permanent=permanent))

    assert result.changed is sets
    assert result.result["user"]["user_status"] == status_after
    assert result.result["user"]["actions"] == (["set_password"] if sets else [])
    assert cognito.user_status(pool_id, "alice") == status_after
    set_calls = proxy.requests_for("AdminSetUserPassword")
    assert [call.json()["Permanent"] for call in set_calls] == ([permanent] if sets else [])


# -- check mode and diff ---------------------------------------------------------------------


def test_check_mode_reports_what_a_real_run_then_does(run_playbook, cognito, pool_id):
    tasks, expected_changes = [], []
    for user_status, permanent, sets, _status_after in DECISION_TABLE:
        username = f"{user_status.lower()}-{'permanent' if permanent else 'temporary'}"
        cognito.create_user(pool_id, username, user_status, CURRENT_PASSWORD)
        tasks.append(password_task(pool_id, username, name=username, permanent=permanent))
        expected_changes.append(sets)
    variables = {"declared_password": DECLARED_PASSWORD}

    checked = run_playbook(tasks, extra_vars=variables, check=True)
    applied = run_playbook(tasks, extra_vars=variables)

    assert checked.rc == 0 and applied.rc == 0, checked.output + applied.output
    assert [result.changed for result in checked.results] == expected_changes
    assert [(result.changed, result.result["user"]) for result in checked.results] == \
        [(result.changed, result.result["user"]) for result in applied.results]


def test_check_mode_writes_nothing(run_playbook, cognito, proxy, pool_id):
    cognito.create_user(pool_id, "alice", FORCE_CHANGE_PASSWORD, CURRENT_PASSWORD)

    result = succeeded(run_module(run_playbook, pool_id, "alice", check=True))

    assert result.changed is True
    # Listed, then read with AdminGetUser because a write would follow: exactly as a real run, without the write.
    assert proxy.operations() == ["DescribeUserPool", "ListUsers", "AdminGetUser"]
    assert proxy.writes() == []
    assert cognito.user_status(pool_id, "alice") == FORCE_CHANGE_PASSWORD


# -- idempotence and update_password ---------------------------------------------------------


# -- verification by signing in --------------------------------------------------------------


def _verify_client(cognito, pool_id, with_secret):
    return cognito.create_app_client(pool_id, generate_secret=with_secret)


def _verify_options(client):
    options = {"verify_client_id": client.client_id}
    if client.client_secret:
        options["verify_client_secret"] = client.client_secret
    return options


def _assert_secret_hash_sent(proxy, client, username):
    # moto accepts any SECRET_HASH, so the proxy's record is what proves it right.
    sent = [call.json()["AuthParameters"].get("SECRET_HASH") for call in proxy.requests_for("AdminInitiateAuth")]
    assert sent == [expected_secret_hash(username, client) if client.client_secret else None]


# Through a public client, the cognito_user_password integration target proves these; here the SECRET_HASH is checked too.
@pytest.mark.parametrize("with_secret", [True], ids=["client-with-secret"])
def test_verification_sets_a_password_that_does_not_sign_in(run_playbook, cognito, proxy, pool_id, with_secret):
    cognito.create_user(pool_id, "alice", CONFIRMED, CURRENT_PASSWORD)
    client = _verify_client(cognito, pool_id, with_secret)

    result = succeeded(run_module(run_playbook, pool_id, "alice", **_verify_options(client)))

    assert result.changed is True
    # Listed CONFIRMED; the sign-in finds the password differs; read with AdminGetUser before the write.
    assert proxy.operations() == ["DescribeUserPool", "ListUsers", "AdminInitiateAuth", "AdminGetUser", "AdminSetUserPassword"]
    _assert_secret_hash_sent(proxy, client, "alice")
    assert "AuthenticationResult" in cognito.sign_in(pool_id, client, "alice", DECLARED_PASSWORD)


@pytest.mark.parametrize("with_secret", [True], ids=["client-with-secret"])
def test_verification_keeps_a_password_that_signs_in(run_playbook, cognito, proxy, pool_id, with_secret):
    cognito.create_user(pool_id, "alice", CONFIRMED, DECLARED_PASSWORD)
    client = _verify_client(cognito, pool_id, with_secret)

    result = succeeded(run_module(run_playbook, pool_id, "alice", **_verify_options(client)))

    assert result.changed is False
    # Nothing to write: no AdminGetUser, which would count towards monthly active users.
    assert proxy.operations() == ["DescribeUserPool", "ListUsers", "AdminInitiateAuth"]
    _assert_secret_hash_sent(proxy, client, "alice")


@pytest.mark.parametrize("current_password,changed", [(DECLARED_PASSWORD, False), (CURRENT_PASSWORD, True)],
                         ids=["matches", "differs"])
def test_temporary_password_is_verified_through_the_new_password_challenge(run_playbook, cognito, proxy, pool_id,
                                                                           app_client, current_password, changed):
    cognito.create_user(pool_id, "alice", FORCE_CHANGE_PASSWORD, current_password)

    result = succeeded(run_module(run_playbook, pool_id, "alice", permanent=False, verify_client_id=app_client.client_id))

    assert result.changed is changed
    assert proxy.writes() == (["AdminSetUserPassword"] if changed else [])
    assert cognito.user_status(pool_id, "alice") == FORCE_CHANGE_PASSWORD


def test_disabled_user_is_not_verified_and_a_warning_says_so(run_playbook, cognito, proxy, pool_id, app_client):
    cognito.create_user(pool_id, "alice", CONFIRMED, CURRENT_PASSWORD)
    cognito.disable_user(pool_id, "alice")

    result = succeeded(run_module(run_playbook, pool_id, "alice", verify_client_id=app_client.client_id))

    assert result.changed is False
    assert "AdminInitiateAuth" not in proxy.operations()
    assert any("disabled" in warning and "alice" in warning for warning in result.result.get("warnings", []))


# -- errors ----------------------------------------------------------------------------------


def test_unknown_pool_fails_naming_the_pool_and_its_region(run_playbook, proxy):
    missing_pool = f"{REGION}_DoesNotExist1"

    result = failed(run_module(run_playbook, missing_pool, "alice"))

    assert missing_pool in result.msg and f"region {REGION}" in result.msg
    assert proxy.writes() == []


def test_region_mismatch_fails_naming_both_regions_before_any_request(run_playbook, cognito, proxy, pool_id):
    cognito.create_user(pool_id, "alice", FORCE_CHANGE_PASSWORD, CURRENT_PASSWORD)

    result = failed(run_module(run_playbook, pool_id, "alice", region="eu-west-1"))

    assert REGION in result.msg and "eu-west-1" in result.msg
    assert proxy.requests() == []


def test_region_from_the_environment_must_match_the_pools_too(run_playbook, cognito, proxy, pool_id):
    cognito.create_user(pool_id, "alice", FORCE_CHANGE_PASSWORD, CURRENT_PASSWORD)

    result = failed(run_module(run_playbook, pool_id, "alice", env={"AWS_REGION": "eu-west-2"}))

    assert REGION in result.msg and "eu-west-2" in result.msg
    assert proxy.requests() == []


def test_malformed_pool_id_fails_before_any_request(run_playbook, proxy):
    result = failed(run_module(run_playbook, "not-a-pool-id", "alice"))

    assert "'not-a-pool-id'" in result.msg
    assert proxy.requests() == []


def test_unknown_verify_client_fails_naming_the_client_and_the_pool(run_playbook, cognito, proxy, pool_id):
    cognito.create_user(pool_id, "alice", CONFIRMED, CURRENT_PASSWORD)

    result = failed(run_module(run_playbook, pool_id, "alice", verify_client_id="noSuchClient1"))

    assert "noSuchClient1" in result.msg and pool_id in result.msg
    assert proxy.writes() == []
    assert cognito.user_status(pool_id, "alice") == CONFIRMED


# -- pools and sign-in -----------------------------------------------------------------------


def test_email_username_pool_accepts_the_email_as_username(run_playbook, cognito):
    pool_id = cognito.create_pool(username_attributes=["email"])
    cognito.create_user(pool_id, "dana@example.com", FORCE_CHANGE_PASSWORD, CURRENT_PASSWORD)

    result = succeeded(run_module(run_playbook, pool_id, "dana@example.com"))

    assert result.changed is True
    assert result.result["user"]["user_status"] == CONFIRMED
    assert cognito.user_status(pool_id, "dana@example.com") == CONFIRMED


# -- secrets never printed -------------------------------------------------------------------


@pytest.mark.parametrize("case", ["succeeds", "breaks-the-policy", "unknown-user"])
def test_password_and_client_secret_never_appear_in_verbose_diff_output(run_playbook, cognito, pool_id, case):
    cognito.create_user(pool_id, "alice", CONFIRMED, CURRENT_PASSWORD)
    client = cognito.create_app_client(pool_id, generate_secret=True)
    password = "Zq9!leakcheck-" + secrets.token_hex(6)
    if case == "breaks-the-policy":
        password = "zq9leakcheck" + secrets.token_hex(6)  # no uppercase letter, no symbol
    username = "nobody" if case == "unknown-user" else "alice"

    run = run_module(run_playbook, pool_id, username, password=password, diff=True, verbosity=4,
                     verify_client_id=client.client_id, verify_client_secret=client.client_secret)

    assert (run.rc == 0) is (case == "succeeds"), run.output
    assert len(client.client_secret) >= 20
    recorded = json.dumps([result.result for result in run.results])
    for secret in (password, client.client_secret):
        assert secret not in run.output
        assert secret not in recorded


# -- throttling ------------------------------------------------------------------------------


def test_throttled_set_password_is_retried_until_it_succeeds(run_playbook, cognito, proxy, pool_id):
    cognito.create_user(pool_id, "alice", FORCE_CHANGE_PASSWORD, CURRENT_PASSWORD)
    proxy.set_policy(ThrottleFirst(3, operations={"AdminSetUserPassword"}))

    result = succeeded(run_module(run_playbook, pool_id, "alice", env=NO_BOTOCORE_RETRIES))

    assert result.changed is True
    assert [(call.operation, call.throttled) for call in proxy.requests()] == [
        ("DescribeUserPool", False), ("ListUsers", False), ("AdminGetUser", False)] + [("AdminSetUserPassword", True)] * 3 + [
        ("AdminSetUserPassword", False)]
    assert cognito.user_status(pool_id, "alice") == CONFIRMED


def test_module_succeeds_while_a_third_of_all_requests_are_throttled(run_playbook, cognito, proxy, pool_id, app_client):
    cognito.create_user(pool_id, "alice", CONFIRMED, CURRENT_PASSWORD)
    proxy.set_policy(ThrottleShare(0.3, seed=3))

    result = succeeded(run_module(run_playbook, pool_id, "alice", verify_client_id=app_client.client_id,
                                  env=NO_BOTOCORE_RETRIES))

    assert result.changed is True
    assert proxy.operations(throttled=True)
    assert proxy.operations(throttled=False) == ["DescribeUserPool", "ListUsers", "AdminInitiateAuth", "AdminGetUser",
                                                 "AdminSetUserPassword"]
    assert "AuthenticationResult" in cognito.sign_in(pool_id, app_client, "alice", DECLARED_PASSWORD)
