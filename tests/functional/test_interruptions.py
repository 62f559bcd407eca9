# -*- coding: utf-8 -*-
"""Interrupted at any point, the next run converges, and both runs' reports tell the truth (issues 12.3 and 12.4).

``functional_harness.faults.KillModule`` holds the n-th request of an operation (moto
never sees it) and SIGKILLs the cognito_user process that sent it: after creates,
between create and set-password, during group changes, during a delete.  After each
interrupted run the pool is read back with boto3, straight to moto, and the run's
report is held against it; then one re-run must end with zero failures, the pool
exactly as declared, and a report that says what the pool shows it changed.

Sizes (``size()``: small in make test, the issue's in make test-scale): the role seeds
its users once, in 5 batches (1,000 users in batches of 200 at full size), with a kill
in four batches and one batch left alone, so that a single interrupted run and a single
re-run cover every kill point and show a killed batch beside a clean one; each kill
comes part-way through its batch, at the same share of it at every size.  cognito_user
alone gets 300 users per kill point at full size: a single task has no batches, so a
larger seed would show nothing more.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Dict, List, Mapping

import pytest

from functional_harness.cognito import CONFIRMED
from functional_harness.cognito import FORCE_CHANGE_PASSWORD
from functional_harness.faults import KillModule
from functional_harness.faults import KillPoint
from functional_harness.faults import PoolUser
from functional_harness.faults import SUMMARY_COUNTS
from functional_harness.faults import outcome_of
from functional_harness.faults import read_pool
from functional_harness.faults import untruths
from seed_users_role import NO_RATE_LIMITS
from seed_users_role import SEED_TASK
from seed_users_role import run_role
from seed_users_role import seed_result

PASSWORD = "Seed!Interrupt9"
GROUPS = ("readers", "writers")
ROLE_BATCHES = 5


def username(index: int) -> str:
    return f"user{index:04d}"


def groups_of(index: int) -> List[str]:
    return list(GROUPS) if index % 4 == 0 else [GROUPS[0]]


def batch_names(batch: int, batch_size: int) -> frozenset:
    return frozenset(username(index) for index in range(batch * batch_size, (batch + 1) * batch_size))


# -- declared state, pool state, and what a re-run must do -------------------------------------------

def declared_state(users: List[Dict[str, Any]]) -> Dict[str, PoolUser]:
    """The pool as the declarations want it: every present user CONFIRMED, enabled, in exactly its groups."""
    return {user["username"]: PoolUser(CONFIRMED, True, frozenset(user["groups"]))
            for user in users if user.get("state") != "absent"}


def rerun_outcomes(users: List[Dict[str, Any]], pool: Mapping[str, PoolUser]) -> Dict[str, str]:
    """What one re-run must report for each user, from the pool as read back after the interrupted run."""
    wanted = declared_state(users)
    outcomes = {}
    for user in users:
        name, live = user["username"], pool.get(user["username"])
        if user.get("state") == "absent":
            outcomes[name] = "deleted" if live is not None else "unchanged"
        elif live is None:
            outcomes[name] = "created"
        else:
            outcomes[name] = "unchanged" if live == wanted[name] else "updated"
    return outcomes


def describe_pool(pool: Mapping[str, PoolUser], users: List[Dict[str, Any]], size: int) -> str:
    """Per slice of ``size`` declared users: the present ones in the pool, by status and groups; the absent ones left."""
    lines = []
    for start in range(0, len(users), size):
        chunk = users[start:start + size]
        present = [(user, pool[user["username"]]) for user in chunk
                   if user.get("state") != "absent" and user["username"] in pool]
        absent = [user for user in chunk if user.get("state") == "absent"]
        parts = []
        if len(absent) < len(chunk):
            statuses = Counter(found.user_status for dummy, found in present)
            grouped = sum(1 for user, found in present if set(user["groups"]) <= found.groups)
            parts.append(f"{len(present)} of {len(chunk) - len(absent)} declared present are in the pool "
                         f"({', '.join(f'{count} {status}' for status, count in sorted(statuses.items())) or 'none'}; "
                         f"{grouped} in all their groups)")
        if absent:
            parts.append(f"{sum(1 for user in absent if user['username'] in pool)} of {len(absent)} declared absent "
                         "are still in the pool")
        lines.append(f"  users {start + 1}-{start + len(chunk)}: " + "; ".join(parts))
    return "\n".join(lines)


def assert_held_request_never_reached_moto(kill, pool: Mapping[str, PoolUser]) -> None:
    """The held request's write is not in the pool: the kill came before moto saw it."""
    held = kill.username
    if kill.point.operation == "AdminCreateUser":
        assert held not in pool
    elif kill.point.operation == "AdminSetUserPassword":
        assert pool[held].user_status == FORCE_CHANGE_PASSWORD
    elif kill.point.operation == "AdminAddUserToGroup":
        assert kill.request["GroupName"] not in pool[held].groups
    elif kill.point.operation == "AdminDeleteUser":
        assert held in pool
    else:
        raise AssertionError(f"no check for a kill on {kill.point.operation}")


def assert_rerun_converges(rerun_summary, rerun_entries, users, pool_before, pool_after) -> None:
    """Zero failures, the pool exactly as declared, and per user the outcome the pool before it called for."""
    expected = rerun_outcomes(users, pool_before)
    assert rerun_summary["failed"] == 0, [entry for entry in rerun_entries if entry.get("error")][:5]
    assert {entry["username"]: outcome_of(entry) for entry in rerun_entries} == expected
    wanted = Counter(expected.values())
    assert {key: rerun_summary[key] for key in SUMMARY_COUNTS} == {
        "created": wanted["created"], "updated": wanted["updated"], "unchanged": wanted["unchanged"],
        "deleted": wanted["deleted"], "failed": 0, "partially_applied": 0, "total": len(users)}
    assert pool_after == declared_state(users)


def create_groups(cognito, pool: str) -> None:
    for group in GROUPS:
        cognito.client.create_group(UserPoolId=pool, GroupName=group)


def create_existing(cognito, pool: str, index: int, user_status: str, with_groups: bool) -> None:
    cognito.create_user(pool, username(index), user_status, PASSWORD)
    for group in groups_of(index) if with_groups else []:
        cognito.client.admin_add_user_to_group(UserPoolId=pool, Username=username(index), GroupName=group)


# -- the role: one seed killed in four of its five batches --------------------------------------------


def role_kill_points(batch_size: int) -> List[KillPoint]:
    """At full size (batches of 200): the 120th create, the 80th password, the 150th group change, the 100th delete."""
    return [
        KillPoint("AdminCreateUser", batch_size * 3 // 5, batch_names(0, batch_size), "batch 1/5, after creates"),
        KillPoint("AdminSetUserPassword", batch_size * 2 // 5, batch_names(1, batch_size),
                  "batch 2/5, between create and set-password"),
        KillPoint("AdminAddUserToGroup", batch_size * 3 // 4, batch_names(2, batch_size),
                  "batch 3/5, during group changes"),
        KillPoint("AdminDeleteUser", batch_size // 2, batch_names(4, batch_size), "batch 5/5, during a delete"),
    ]


KILLED_BATCHES = (0, 1, 2, 4)
CLEAN_BATCH = 3  # a quarter of its users already as declared, a quarter in FORCE_CHANGE_PASSWORD, half new


def role_users(batch_size: int) -> List[Dict[str, Any]]:
    """Batches 1-4 present (each user in its groups), batch 5 declared absent."""
    users = []
    for index in range(ROLE_BATCHES * batch_size):
        if index // batch_size == 4:
            users.append({"username": username(index), "state": "absent"})
        else:
            users.append({"username": username(index), "groups": groups_of(index)})
    return users


@pytest.mark.scale
def test_a_seed_killed_in_four_batches_reports_the_truth_and_one_rerun_converges(
        run_playbook, cognito, cognito_rules, proxy, size):
    batch_size = size(20, 200)
    total, quarter = ROLE_BATCHES * batch_size, batch_size // 4
    kill_points = role_kill_points(batch_size)
    pool = cognito.create_pool()
    create_groups(cognito, pool)
    clean = CLEAN_BATCH * batch_size
    for index in range(clean, clean + quarter):
        create_existing(cognito, pool, index, CONFIRMED, with_groups=True)
    for index in range(clean + quarter, clean + 2 * quarter):
        create_existing(cognito, pool, index, FORCE_CHANGE_PASSWORD, with_groups=True)
    for index in range(4 * batch_size, total):
        create_existing(cognito, pool, index, CONFIRMED, with_groups=False)
    users = role_users(batch_size)
    names = [user["username"] for user in users]
    [killer] = cognito_rules(KillModule(*kill_points))

    interrupted = run_role(run_playbook, pool, users, default_password=PASSWORD, batch_size=batch_size)
    pool_after_kills = read_pool(cognito.client, pool)
    result = seed_result(interrupted)

    assert [kill.point for kill in killer.kills] == kill_points
    batches = interrupted.task(SEED_TASK).result["results"]
    for batch in KILLED_BATCHES:
        assert "users" not in batches[batch] and batches[batch]["msg"], batches[batch]
    assert interrupted.rc != 0
    assert untruths(result, result["users"], names, pool_after_kills) == []
    by_batch = [result["users"][start:start + batch_size] for start in range(0, total, batch_size)]
    for batch in KILLED_BATCHES:
        # The module died before it could say anything: every user of its batch failed, with no status.
        assert all(entry["error"] == batches[batch]["msg"] and entry["state"] is None for entry in by_batch[batch])
    new = batch_size - 2 * quarter
    assert Counter(outcome_of(entry) for entry in by_batch[CLEAN_BATCH]) == {
        "unchanged": quarter, "updated": quarter, "created": new}
    assert {key: result[key] for key in SUMMARY_COUNTS} == {
        "created": new, "updated": quarter, "unchanged": quarter, "deleted": 0,
        "failed": len(KILLED_BATCHES) * batch_size, "partially_applied": 0, "total": total}
    for kill in killer.kills:
        assert kill.username in kill.point.usernames
        assert_held_request_never_reached_moto(kill, pool_after_kills)

    proxy.remove_rule(killer)
    rerun = run_role(run_playbook, pool, users, default_password=PASSWORD, batch_size=batch_size)
    pool_after_rerun = read_pool(cognito.client, pool)
    assert rerun.rc == 0, rerun.output[-3000:]
    assert_rerun_converges(seed_result(rerun), seed_result(rerun)["users"], users, pool_after_kills, pool_after_rerun)
    assert untruths(seed_result(rerun), seed_result(rerun)["users"], names, pool_after_rerun) == []

    print(f"\nseed_users, {total} users in {ROLE_BATCHES} batches of {batch_size}, killed in four:")
    for kill in killer.kills:
        print(f"  {kill.describe()}")
    print(f"interrupted run: {result['message']}")
    print(f"pool read back after it:\n{describe_pool(pool_after_kills, users, batch_size)}")
    print(f"re-run: {seed_result(rerun)['message']}")


# -- cognito_user alone: one kill point per run --------------------------------------------------------

# Where each run is killed, as the share of its users at which the request comes: at full size (300 users), the
# 60th create, password or group change, the 40th delete.
DIRECT_KILL_POINTS = {
    "after-creates": ("AdminCreateUser", 1 / 5, "after creates"),
    "between-create-and-set-password": ("AdminSetUserPassword", 1 / 5, "between create and set-password"),
    "during-group-changes": ("AdminAddUserToGroup", 1 / 5, "during group changes"),
    "during-a-delete": ("AdminDeleteUser", 2 / 15, "during a delete"),
}


def direct_users(count: int) -> List[Dict[str, Any]]:
    """Every third user declared absent (it exists before the run), the others created with their groups."""
    users = []
    for index in range(count):
        if index % 3 == 2:
            users.append({"username": username(index), "state": "absent"})
        else:
            users.append({"username": username(index), "password": PASSWORD, "groups": groups_of(index)})
    return users


def cognito_user_task(pool: str) -> Dict[str, Any]:
    return {"name": "seed with cognito_user", "register": "seeded",
            "cognito.user_pool.cognito_user": {"user_pool_id": pool, "users": "{{ declared_users }}",
                                               "rate_limits": NO_RATE_LIMITS}}


@pytest.mark.scale
@pytest.mark.parametrize("where", DIRECT_KILL_POINTS.values(), ids=list(DIRECT_KILL_POINTS))
def test_cognito_user_killed_mid_run_claims_nothing_and_one_rerun_converges(
        run_playbook, cognito, cognito_rules, proxy, where, size):
    count = size(30, 300)
    operation, share, label = where
    point = KillPoint(operation, round(count * share), label=label)
    pool = cognito.create_pool()
    create_groups(cognito, pool)
    users = direct_users(count)
    for index, user in enumerate(users):
        if user.get("state") == "absent":
            create_existing(cognito, pool, index, CONFIRMED, with_groups=False)
    [killer] = cognito_rules(KillModule(point))

    interrupted = run_playbook([cognito_user_task(pool)], extra_vars={"declared_users": users})
    pool_after_kill = read_pool(cognito.client, pool)
    [kill] = killer.kills
    assert interrupted.rc != 0 and interrupted.last.failed
    # A module that died reports nothing, so nothing it reports can be wrong.
    assert "summary" not in interrupted.last.result and "users" not in interrupted.last.result
    assert_held_request_never_reached_moto(kill, pool_after_kill)

    proxy.remove_rule(killer)
    rerun = run_playbook([cognito_user_task(pool)], extra_vars={"declared_users": users})
    pool_after_rerun = read_pool(cognito.client, pool)
    assert rerun.rc == 0, rerun.output[-3000:]
    summary, entries = rerun.last.result["summary"], rerun.last.result["users"]
    assert_rerun_converges(summary, entries, users, pool_after_kill, pool_after_rerun)
    assert untruths(summary, entries, [user["username"] for user in users], pool_after_rerun) == []

    print(f"\ncognito_user, {count} users, {kill.describe()}")
    print(f"interrupted run: failed, {interrupted.last.msg.splitlines()[0] if interrupted.last.msg else 'no message'}")
    print(f"pool read back after it:\n{describe_pool(pool_after_kill, users, count)}")
    print(f"re-run: {summary}")
