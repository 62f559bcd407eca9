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


def overlapping_runs(count: int):
    """Run A declares users 0 to count-1; run B declares count-1 down to count/2, then count to 3count/2-1."""
    return list(range(count)), list(range(count - 1, count // 2 - 1, -1)) + list(range(count, count + count // 2))


# In batches of a third of run A (at full size: A 0-299, B 299-150 then 300-449, batches of 100), the runs meet
# head-on (A's second batch and B's second at the same time) and one behind the other (B writes A's last third
# first, and A lists it a batch later, while lagging lists may still hide B's writes).
@pytest.mark.scale
@pytest.mark.parametrize("rules", RULE_SETS.values(), ids=list(RULE_SETS))
def test_two_runs_on_overlapping_users_started_together_both_end_with_zero_failures(
        run_playbook, cognito, cognito_rules, proxy, rules, size):
    run_a_indexes, run_b_indexes = overlapping_runs(size(60, 300))
    batch_size = len(run_a_indexes) // 3
    pool, app_client = new_pool(cognito)
    cognito_rules(*rules())
    run_a, run_b = run_in_parallel(
        lambda: run_role(run_playbook, pool, [user(index) for index in run_a_indexes], batch_size=batch_size),
        lambda: run_role(run_playbook, pool, [user(index) for index in run_b_indexes], batch_size=batch_size),
    )
    pool_after = read_pool(cognito.client, pool)
    union = sorted(set(run_a_indexes) | set(run_b_indexes))
    shared = set(run_a_indexes) & set(run_b_indexes)
    creates = Counter(request.json().get("Username") for request in proxy.requests_for("AdminCreateUser"))

    print(f"\ntwo runs started together, {len(run_a_indexes)} and {len(run_b_indexes)} users, {len(shared)} shared "
          f"({sum(1 for index in shared if creates[username(index)] > 1)} of them sent AdminCreateUser by both runs):")
    print(f"  run A: rc {run_a.rc}, {seed_result(run_a)['failed']} failed: {seed_result(run_a)['message']}")
    print(f"  run B: rc {run_b.rc}, {seed_result(run_b)['failed']} failed: {seed_result(run_b)['message']}")
    print(f"  pool afterwards: {len(pool_after)} users, "
          f"{sum(1 for found in pool_after.values() if found.user_status == CONFIRMED)} CONFIRMED")
    for run, indexes in ((run_a, run_a_indexes), (run_b, run_b_indexes)):
        result = seed_result(run)
        assert result["failed"] == 0, failed_entries(result)
        assert run.rc == 0, run.output[-3000:]
        names = [username(index) for index in indexes]
        own_users = {name: found for name, found in pool_after.items() if name in set(names)}
        assert untruths(result, result["users"], names, own_users) == []
    assert pool_after == declared_state(union)
    assert sign_in_failures(cognito, pool, app_client, union) == []


# One run of the role: the first half of its users already in FORCE_CHANGE_PASSWORD (the run updates them), the
# second half new (the run creates them).  At the run's 10th AdminSetUserPassword (it is then at about its 15th
# user), another process deletes the last sixth of the users of the first half, which the run listed and is about
# to update, and creates the last sixth of the second half, which the run listed as missing and is about to
# create, in FORCE_CHANGE_PASSWORD with another temporary password.


@pytest.mark.scale
@pytest.mark.parametrize("rules", RULE_SETS.values(), ids=list(RULE_SETS))
def test_users_another_process_deletes_or_creates_during_the_run_are_brought_to_their_declared_state(
        run_playbook, cognito, cognito_rules, rules, size):
    declared = list(range(size(60, 150)))
    existing = declared[:len(declared) // 2]
    changed = len(declared) // 6
    deleted_meanwhile, created_meanwhile = existing[-changed:], declared[-changed:]

    def another_process(pool):
        for index in deleted_meanwhile:
            cognito.client.admin_delete_user(UserPoolId=pool, Username=username(index))
        for index in created_meanwhile:
            cognito.create_user(pool, username(index), FORCE_CHANGE_PASSWORD, OTHER_PASSWORD)
        return True

    pool, app_client = new_pool(cognito)
    for index in existing:
        cognito.create_user(pool, username(index), FORCE_CHANGE_PASSWORD, password_of(index))
    cognito_rules(*rules())
    [writer] = cognito_rules(AnotherWriter("AdminSetUserPassword", 10, lambda: another_process(pool)))
    run = run_role(run_playbook, pool, [user(index) for index in declared], batch_size=len(declared))
    pool_after = read_pool(cognito.client, pool)
    result = seed_result(run)
    print(f"\na run of {len(declared)} users while another process deletes {changed} of them and creates "
          f"{changed} others:")
    print(f"  rc {run.rc}, {result['failed']} failed: {result['message']}")
    print(f"  pool afterwards: {len(pool_after)} users, "
          f"{sum(1 for found in pool_after.values() if found.user_status == CONFIRMED)} CONFIRMED")
    assert writer.done, "the other process never ran: the run sent fewer than 10 AdminSetUserPassword"
    assert result["failed"] == 0, failed_entries(result)
    assert run.rc == 0, run.output[-3000:]
    assert pool_after == declared_state(declared)
    assert sign_in_failures(cognito, pool, app_client, declared) == []
    assert untruths(result, result["users"], [username(index) for index in declared], pool_after) == []
    outcomes = {entry["username"]: outcome_of(entry) for entry in result["users"]}
    assert {outcomes[username(index)] for index in deleted_meanwhile} == {"created"}
    assert {outcomes[username(index)] for index in created_meanwhile} == {"updated"}
