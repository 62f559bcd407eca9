# -*- coding: utf-8 -*-
"""cognito_user through real ansible-playbook runs against moto_server."""

from __future__ import annotations

import time
from collections import Counter

import pytest

from functional_harness.cognito import STRICT_PASSWORD_POLICY
from functional_harness.proxy import ThrottleShare


PASSWORD = "Zq9!functional-pw"
# moto has no request quotas: lift the client-side pacing so that big batches take seconds.
UNLIMITED = {"UserCreation": 0, "UserUpdate": 0, "UserRead": 0, "UserList": 0}


@pytest.fixture
def pool(cognito):
    return cognito.create_pool(password_policy=STRICT_PASSWORD_POLICY)


def user_task(pool, register="out", **options):
    return {"name": "cognito_user", "register": register,
            "cognito.user_pool.cognito_user": dict({"user_pool_id": pool, "rate_limits": UNLIMITED}, **options)}


def _attributes(cognito, pool, username):
    return {a["Name"]: a["Value"] for a in cognito.user(pool, username)["UserAttributes"]}


def _groups(cognito, pool, username):
    answer = cognito.client.admin_list_groups_for_user(UserPoolId=pool, Username=username)
    return sorted(group["GroupName"] for group in answer["Groups"])


# moto_semantics: in a pool with a password history (PasswordHistory under --cognito-rules) the declared
# password is deliberately not also the temporary one (test_planner.py covers that pool).
@pytest.mark.moto_semantics
def test_create_with_password_confirms_without_invitation(cognito, pool, run_playbook, proxy):
    run = run_playbook([user_task(pool, username="alice", password=PASSWORD, attributes={"email": "alice@example.com"})])
    assert run.rc == 0, run.output
    assert run.last.result["user"]["actions"] == ["create", "set_password"]
    assert cognito.user_status(pool, "alice") == "CONFIRMED"
    create = proxy.requests_for("AdminCreateUser")[0].json()
    # The declared password travels as the temporary one, so an interrupted run leaves a user the next run finishes.
    assert create["MessageAction"] == "SUPPRESS" and create["TemporaryPassword"] == PASSWORD


def test_absent_removes_only_the_named_user(cognito, pool, run_playbook):
    run_playbook([user_task(pool, users=[{"username": "alice"}, {"username": "bob"}])])
    run = run_playbook([user_task(pool, username="alice", state="absent")])
    assert run.last.result["summary"]["deleted"] == 1
    assert [user["Username"] for user in cognito.client.list_users(UserPoolId=pool)["Users"]] == ["bob"]


def test_email_as_username_pool(cognito, run_playbook):
    pool = cognito.create_pool(name="emails", username_attributes=["email"])
    task = user_task(pool, username="erin@example.com", password=PASSWORD, attributes={"name": "Erin"})
    first, second = run_playbook([task]), run_playbook([task])
    assert first.rc == 0 and first.last.result["user"]["user_status"] == "CONFIRMED", first.output
    assert second.rc == 0 and not second.last.changed
    assert cognito.user_status(pool, "erin@example.com") == "CONFIRMED"


def test_check_mode_makes_no_write_call_and_predicts_the_real_run(cognito, pool, run_playbook, proxy):
    cognito.client.create_group(UserPoolId=pool, GroupName="admins")
    cognito.create_user(pool, "old", "FORCE_CHANGE_PASSWORD", PASSWORD)
    users = [{"username": "new", "password": PASSWORD, "groups": ["admins"]},
             {"username": "old", "password": PASSWORD, "attributes": {"name": "Old"}}]
    proxy.clear()
    checked = run_playbook([user_task(pool, users=users)], check=True)
    assert checked.rc == 0, checked.output
    assert proxy.writes() == [] and proxy.operations()
    applied = run_playbook([user_task(pool, users=users)])
    # All but what only Cognito's answer can tell: the sub and dates of the user it creates (null in check mode),
    # and the last-modified date of a user the run writes to (unknown after the write).
    identity = ("sub", "user_create_date", "user_last_modified_date")
    assert [{key: value for key, value in user.items() if key not in identity} for user in checked.last.result["users"]] \
        == [{key: value for key, value in user.items() if key not in identity} for user in applied.last.result["users"]]
    assert [user["sub"] for user in checked.last.result["users"]] == [None, applied.last.result["users"][1]["sub"]]
    assert checked.last.result["summary"] == applied.last.result["summary"] == \
        {"created": 1, "updated": 1, "unchanged": 0, "deleted": 0, "failed": 0, "partially_applied": 0, "total": 2}


# moto_semantics: an exact call count; under LaggingListUsers the re-run confirms the users the list
# does not show yet with AdminGetUser (test_real_cognito.py counts that case).
@pytest.mark.moto_semantics
def test_500_users_created_then_rerun_unchanged_within_20_calls(cognito, pool, run_playbook, proxy):
    users = [{"username": f"user{i:03d}", "password": PASSWORD, "attributes": {"name": f"User {i}"}} for i in range(500)]
    started = time.monotonic()
    created = run_playbook([user_task(pool, users=users, max_concurrency=16)])
    create_seconds = time.monotonic() - started
    assert created.rc == 0, created.output[-3000:]
    assert created.last.result["summary"]["created"] == 500
    create_calls = Counter(proxy.operations())
    assert create_calls["AdminCreateUser"] == 500 and create_calls["AdminSetUserPassword"] == 500
    proxy.clear()
    started = time.monotonic()
    rerun = run_playbook([user_task(pool, users=users, max_concurrency=16)])
    rerun_seconds = time.monotonic() - started
    assert rerun.rc == 0 and not rerun.last.changed and rerun.last.result["summary"]["unchanged"] == 500
    rerun_calls = Counter(proxy.operations())
    assert sum(rerun_calls.values()) <= 20, rerun_calls
    print(f"500 users: create {sum(create_calls.values())} calls in {create_seconds:.1f}s; "
          f"re-run {sum(rerun_calls.values())} calls {dict(rerun_calls)} in {rerun_seconds:.1f}s")


def test_300_users_converge_with_30_percent_of_requests_throttled(cognito, pool, run_playbook, proxy):
    cognito.client.create_group(UserPoolId=pool, GroupName="team")
    users = [{"username": f"user{i:03d}", "password": PASSWORD, "permanent": i % 2 == 0, "groups": ["team"]}
             for i in range(300)]
    proxy.set_policy(ThrottleShare(0.3, seed=7))
    started = time.monotonic()
    run = run_playbook([user_task(pool, users=users, max_concurrency=16)])
    seconds = time.monotonic() - started
    assert run.rc == 0, run.output[-3000:]
    assert run.last.result["summary"] == {"created": 300, "updated": 0, "unchanged": 0, "deleted": 0, "failed": 0,
                                          "partially_applied": 0, "total": 300}
    throttled, requests = len(proxy.operations(throttled=True)), len(proxy.operations())
    assert throttled > 0
    pages = cognito.client.get_paginator("list_users").paginate(UserPoolId=pool)
    statuses = {user["Username"]: user["UserStatus"] for page in pages for user in page["Users"]}
    assert len(statuses) == 300
    for i in range(300):
        assert statuses[f"user{i:03d}"] == ("CONFIRMED" if i % 2 == 0 else "FORCE_CHANGE_PASSWORD")
    rerun = run_playbook([user_task(pool, users=users, max_concurrency=16)])
    assert rerun.rc == 0 and not rerun.last.changed, rerun.output[-3000:]
    print(f"300 users under 30% throttling: {requests} requests, {throttled} throttled, {seconds:.1f}s")


def test_300_users_failing_for_one_reason_print_it_once_not_once_per_user(pool, run_playbook):
    # Issue 16: 131 KB of output, each user's error repeating the reason. The reason is given in msg and once in
    # failures; each user's entry refers to it.
    users = [{"username": f"weak{i:03d}", "password": "Weak!1ab"} for i in range(300)]

    run = run_playbook([user_task(pool, users=users)])

    print(f"300 users failing the password policy: {len(run.output.encode())} bytes of ansible-playbook output")
    assert run.rc != 0
    result = run.last.result
    [failure] = result["failures"]
    assert failure["count"] == 300 and "password policy" in failure["reason"]
    assert {entry["error"] for entry in result["users"]} == {"See failures[0]."}
    # ansible-core prints msg on its error line and in the result; failures holds it once more: never per user.
    assert run.output.count(failure["reason"]) <= 3, run.output[:3000]
