# -*- coding: utf-8 -*-
"""Concurrency-safe (issue 9.2): runs that overlap, and runs whose users another process changes, converge.

Both tests play Cognito's lagging ``ListUsers`` (``LaggingListUsers``, 3 s: a run
listing users another run wrote moments before sees them as they were), once alone
and once with ``PasswordHistory`` (a password set twice is refused the second time,
as Cognito refuses a recent password).  Every run must end with zero failed users
and the pool exactly as declared; each user signs in with its declared password
(boto3 straight to moto, through an app client allowing ADMIN_USER_PASSWORD_AUTH).
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Dict, List

import pytest

from functional_harness.cognito import CONFIRMED
from functional_harness.cognito import FORCE_CHANGE_PASSWORD
from functional_harness.cognito_rules import LaggingListUsers
from functional_harness.cognito_rules import PasswordHistory
from functional_harness.faults import AnotherWriter
from functional_harness.faults import PoolUser
from functional_harness.faults import outcome_of
from functional_harness.faults import read_pool
from functional_harness.faults import run_in_parallel
from functional_harness.faults import untruths
from seed_users_role import run_role
from seed_users_role import seed_result

GROUPS = ("readers", "writers")
LAG_SECONDS = 3.0
OTHER_PASSWORD = "Other!Invite7x"

RULE_SETS = {
    "lagging-lists": lambda: [LaggingListUsers(LAG_SECONDS)],
    "lagging-lists-and-password-history": lambda: [LaggingListUsers(LAG_SECONDS), PasswordHistory()],
}


def username(index: int) -> str:
    return f"user{index:04d}"


def password_of(index: int) -> str:
    return f"Own!Pass{index:04d}x"


def user(index: int) -> Dict[str, Any]:
    return {"username": username(index), "password": password_of(index),
            "groups": list(GROUPS) if index % 4 == 0 else [GROUPS[0]]}


def declared_state(indexes) -> Dict[str, PoolUser]:
    return {username(index): PoolUser(CONFIRMED, True, frozenset(user(index)["groups"])) for index in indexes}


def new_pool(cognito):
    pool = cognito.create_pool()
    for group in GROUPS:
        cognito.client.create_group(UserPoolId=pool, GroupName=group)
    return pool, cognito.create_app_client(pool)


def sign_in_failures(cognito, pool: str, app_client, indexes) -> List[str]:
    """The users that do not sign in with their declared password to tokens (no challenge)."""
    failures = []
    for index in indexes:
        try:
            answer = cognito.sign_in(pool, app_client, username(index), password_of(index))
        except cognito.client.exceptions.ClientError as e:
            failures.append(f"{username(index)}: {e}")
            continue
        if "AuthenticationResult" not in answer:
            failures.append(f"{username(index)}: {answer.get('ChallengeName')}")
    return failures


def failed_entries(result) -> List[str]:
    return [f"{entry['username']}: {entry['error']}" for entry in result["users"] if entry.get("error")][:5]


# Run A declares users 0-299; run B declares 299 down to 150, then 300-449.  In batches of 100, the runs meet
# head-on (A's users 100-199 and B's 199-150 at the same time) and one behind the other (B writes 299-200 first,
# and A lists them a batch later, while lagging lists may still hide B's writes).
RUN_A = list(range(0, 300))
RUN_B = list(range(299, 149, -1)) + list(range(300, 450))
BATCH_SIZE = 100


@pytest.mark.parametrize("rules", RULE_SETS.values(), ids=list(RULE_SETS))
def test_two_runs_on_overlapping_users_started_together_both_end_with_zero_failures(
        run_playbook, cognito, cognito_rules, proxy, rules):
    pool, app_client = new_pool(cognito)
    cognito_rules(*rules())
    run_a, run_b = run_in_parallel(
        lambda: run_role(run_playbook, pool, [user(index) for index in RUN_A], batch_size=BATCH_SIZE),
        lambda: run_role(run_playbook, pool, [user(index) for index in RUN_B], batch_size=BATCH_SIZE),
    )
    pool_after = read_pool(cognito.client, pool)
    union = sorted(set(RUN_A) | set(RUN_B))
    shared = set(RUN_A) & set(RUN_B)
    creates = Counter(request.json().get("Username") for request in proxy.requests_for("AdminCreateUser"))

    print(f"\ntwo runs started together, {len(RUN_A)} and {len(RUN_B)} users, {len(shared)} shared "
          f"({sum(1 for index in shared if creates[username(index)] > 1)} of them sent AdminCreateUser by both runs):")
    print(f"  run A: rc {run_a.rc}, {seed_result(run_a)['failed']} failed: {seed_result(run_a)['message']}")
    print(f"  run B: rc {run_b.rc}, {seed_result(run_b)['failed']} failed: {seed_result(run_b)['message']}")
    print(f"  pool afterwards: {len(pool_after)} users, "
          f"{sum(1 for found in pool_after.values() if found.user_status == CONFIRMED)} CONFIRMED")
    for run, indexes in ((run_a, RUN_A), (run_b, RUN_B)):
        result = seed_result(run)
        assert result["failed"] == 0, failed_entries(result)
        assert run.rc == 0, run.output[-3000:]
        names = [username(index) for index in indexes]
        own_users = {name: found for name, found in pool_after.items() if name in set(names)}
        assert untruths(result, result["users"], names, own_users) == []
    assert pool_after == declared_state(union)
    assert sign_in_failures(cognito, pool, app_client, union) == []


# A run of 150 users, 0-74 already in FORCE_CHANGE_PASSWORD (the run updates them), 75-149 new (the run creates
# them).  At the run's 10th AdminSetUserPassword (it is then at about its 15th user), another process deletes users
# 40-59, which the run listed and is about to update, or creates users 110-129, which the run listed as missing and
# is about to create, in FORCE_CHANGE_PASSWORD with another temporary password.
DECLARED = list(range(150))
EXISTING = range(0, 75)
DELETED_MEANWHILE = range(40, 60)
CREATED_MEANWHILE = range(110, 130)


def run_beside_another_process(run_playbook, cognito, cognito_rules, rules, another_process, what: str):
    """One run of the role on ``DECLARED`` while ``another_process(pool)`` writes; (pool, app client, run, pool after)."""
    pool, app_client = new_pool(cognito)
    for index in EXISTING:
        cognito.create_user(pool, username(index), FORCE_CHANGE_PASSWORD, password_of(index))
    cognito_rules(*rules())
    [writer] = cognito_rules(AnotherWriter("AdminSetUserPassword", 10, lambda: another_process(pool)))
    run = run_role(run_playbook, pool, [user(index) for index in DECLARED], batch_size=len(DECLARED))
    pool_after = read_pool(cognito.client, pool)
    result = seed_result(run)
    print(f"\na run of {len(DECLARED)} users while another process {what}:")
    print(f"  rc {run.rc}, {result['failed']} failed: {result['message']}")
    print(f"  pool afterwards: {len(pool_after)} users, "
          f"{sum(1 for found in pool_after.values() if found.user_status == CONFIRMED)} CONFIRMED")
    assert writer.done, "the other process never ran: the run sent fewer than 10 AdminSetUserPassword"
    return pool, app_client, run, pool_after


def assert_declared_state_reached(cognito, pool, app_client, run, pool_after) -> None:
    result = seed_result(run)
    assert result["failed"] == 0, failed_entries(result)
    assert run.rc == 0, run.output[-3000:]
    assert pool_after == declared_state(DECLARED)
    assert sign_in_failures(cognito, pool, app_client, DECLARED) == []
    assert untruths(result, result["users"], [username(index) for index in DECLARED], pool_after) == []


@pytest.mark.parametrize("rules", RULE_SETS.values(), ids=list(RULE_SETS))
def test_users_another_process_deletes_during_the_run_are_created_again(run_playbook, cognito, cognito_rules, rules):
    def delete_some(pool):
        for index in DELETED_MEANWHILE:
            cognito.client.admin_delete_user(UserPoolId=pool, Username=username(index))
        return True

    pool, app_client, run, pool_after = run_beside_another_process(
        run_playbook, cognito, cognito_rules, rules, delete_some, f"deletes {len(DELETED_MEANWHILE)} of its users")
    assert_declared_state_reached(cognito, pool, app_client, run, pool_after)
    outcomes = {entry["username"]: outcome_of(entry) for entry in seed_result(run)["users"]}
    assert {outcomes[username(index)] for index in DELETED_MEANWHILE} == {"created"}


@pytest.mark.parametrize("rules", RULE_SETS.values(), ids=list(RULE_SETS))
def test_users_another_process_creates_during_the_run_are_brought_to_their_declared_state(
        run_playbook, cognito, cognito_rules, rules):
    def create_some(pool):
        for index in CREATED_MEANWHILE:
            cognito.create_user(pool, username(index), FORCE_CHANGE_PASSWORD, OTHER_PASSWORD)
        return True

    pool, app_client, run, pool_after = run_beside_another_process(
        run_playbook, cognito, cognito_rules, rules, create_some, f"creates {len(CREATED_MEANWHILE)} of its users")
    assert_declared_state_reached(cognito, pool, app_client, run, pool_after)
    outcomes = {entry["username"]: outcome_of(entry) for entry in seed_result(run)["users"]}
    assert {outcomes[username(index)] for index in CREATED_MEANWHILE} == {"updated"}
