# -*- coding: utf-8 -*-
"""cognito_user through real ansible-playbook runs against moto_server."""

from __future__ import annotations

import time
from collections import Counter

import pytest

from functional_harness.cognito import STRICT_PASSWORD_POLICY
from functional_harness.proxy import ThrottleShare

from ansible_collections.cognito.user_pool.plugins.module_utils._operations import WRITE_OPERATIONS

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


def _writes(proxy):
    return [operation for operation in proxy.operations() if operation in WRITE_OPERATIONS]


def test_create_with_password_confirms_without_invitation(cognito, pool, run_playbook, proxy):
    run = run_playbook([user_task(pool, username="alice", password=PASSWORD, attributes={"email": "alice@example.com"})])
    assert run.rc == 0, run.output
    assert run.last.result["user"]["actions"] == ["create", "set_password"]
    assert cognito.user_status(pool, "alice") == "CONFIRMED"
    create = proxy.requests_for("AdminCreateUser")[0].json()
    assert create["MessageAction"] == "SUPPRESS" and "TemporaryPassword" not in create


def test_create_without_password_leaves_force_change_password(cognito, pool, run_playbook):
    run = run_playbook([user_task(pool, username="bob")])
    assert run.rc == 0, run.output
    assert cognito.user_status(pool, "bob") == "FORCE_CHANGE_PASSWORD"


def test_attributes_added_changed_and_purged(cognito, pool, run_playbook):
    run_playbook([user_task(pool, username="alice", attributes={"name": "A", "family_name": "F"})])
    run = run_playbook([user_task(pool, username="alice", attributes={"name": "B", "given_name": "G"})])
    assert run.last.result["user"]["actions"] == ["update_attributes"]
    assert _attributes(cognito, pool, "alice")["name"] == "B"
    run = run_playbook([user_task(pool, username="alice", attributes={"name": "B"}, purge_attributes=True)])
    assert run.last.result["user"]["actions"] == ["delete_attributes"]
    attributes = _attributes(cognito, pool, "alice")
    assert "family_name" not in attributes and "given_name" not in attributes and "sub" in attributes


def test_enable_and_disable(cognito, pool, run_playbook):
    run_playbook([user_task(pool, username="alice", enabled=False)])
    assert cognito.user(pool, "alice")["Enabled"] is False
    run = run_playbook([user_task(pool, username="alice", enabled=True)])
    assert run.last.result["user"]["actions"] == ["enable"] and cognito.user(pool, "alice")["Enabled"] is True


def test_groups_added_then_purged(cognito, pool, run_playbook):
    for group in ("admins", "readers", "writers"):
        cognito.client.create_group(UserPoolId=pool, GroupName=group)
    run_playbook([user_task(pool, username="alice", groups=["admins", "readers"])])
    assert _groups(cognito, pool, "alice") == ["admins", "readers"]
    run = run_playbook([user_task(pool, username="alice", groups=["writers"], purge_groups=True)])
    assert run.last.result["user"]["actions"] == ["remove_from_group:admins", "remove_from_group:readers", "add_to_group:writers"] or \
        sorted(run.last.result["user"]["actions"]) == ["add_to_group:writers", "remove_from_group:admins", "remove_from_group:readers"]
    assert _groups(cognito, pool, "alice") == ["writers"]


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
    assert _writes(proxy) == [] and proxy.operations()
    applied = run_playbook([user_task(pool, users=users)])
    assert checked.last.result["users"] == applied.last.result["users"]
    assert checked.last.result["summary"] == applied.last.result["summary"] == \
        {"created": 1, "updated": 1, "unchanged": 0, "deleted": 0, "failed": 0}


def test_diff_shows_status_enabled_attributes_and_groups_never_passwords(cognito, pool, run_playbook):
    cognito.client.create_group(UserPoolId=pool, GroupName="admins")
    run = run_playbook([user_task(pool, username="alice", password=PASSWORD, attributes={"name": "A"}, groups=["admins"])],
                       diff=True)
    (diff,) = run.last.result["diff"]
    assert diff["before"] == {"state": "absent"}
    assert diff["after"] == {"state": "present", "user_status": "CONFIRMED", "enabled": True,
                             "attributes": {"name": "A"}, "groups": ["admins"]}
    assert PASSWORD not in run.output


def test_second_run_is_unchanged(cognito, pool, run_playbook, proxy):
    cognito.client.create_group(UserPoolId=pool, GroupName="admins")
    task = user_task(pool, username="alice", password=PASSWORD, attributes={"name": "A"}, groups=["admins"], enabled=True)
    run_playbook([task])
    proxy.clear()
    run = run_playbook([task])
    assert run.rc == 0 and not run.last.changed and _writes(proxy) == []


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


def test_batch_with_bad_passwords_fails_those_users_and_converges_the_rest(cognito, pool, run_playbook):
    users = [{"username": f"user{i:02d}", "password": "short" if i % 10 == 3 else PASSWORD} for i in range(50)]
    run = run_playbook([user_task(pool, users=users)])
    assert run.rc != 0
    result = run.last.result
    assert result["summary"] == {"created": 45, "updated": 0, "unchanged": 0, "deleted": 0, "failed": 5}
    failed = {entry["username"]: entry["error"] for entry in result["users"] if "error" in entry}
    assert sorted(failed) == [f"user{i:02d}" for i in range(3, 50, 10)]
    assert all("does not meet the password policy" in error for error in failed.values())
    for name in failed:
        assert f"{name}: The password for user '{name}'" in result["msg"]
    assert len(cognito.client.list_users(UserPoolId=pool)["Users"]) == 45
    fixed = [dict(user, password=PASSWORD) for user in users]
    rerun = run_playbook([user_task(pool, users=fixed)])
    assert rerun.rc == 0 and rerun.last.result["summary"]["created"] == 5 and rerun.last.result["summary"]["unchanged"] == 45


def test_300_users_converge_with_30_percent_of_requests_throttled(cognito, pool, run_playbook, proxy):
    cognito.client.create_group(UserPoolId=pool, GroupName="team")
    users = [{"username": f"user{i:03d}", "password": PASSWORD, "permanent": i % 2 == 0, "groups": ["team"]}
             for i in range(300)]
    proxy.set_policy(ThrottleShare(0.3, seed=7))
    started = time.monotonic()
    run = run_playbook([user_task(pool, users=users, max_concurrency=16)])
    seconds = time.monotonic() - started
    assert run.rc == 0, run.output[-3000:]
    assert run.last.result["summary"] == {"created": 300, "updated": 0, "unchanged": 0, "deleted": 0, "failed": 0}
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
