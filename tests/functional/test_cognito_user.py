# -*- coding: utf-8 -*-
"""cognito_user through real ansible-playbook against moto_server: under the proxy's throttling, and the words
ansible-core prints for a batch that fails for one reason.

What the module does without faults is proven in process (tests/unit/plugins/modules/test_cognito_user.py) and
through Ansible on every backend (the cognito_user integration target).
"""

from __future__ import annotations

import time

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


@pytest.mark.scale
def test_users_converge_with_30_percent_of_requests_throttled(cognito, pool, run_playbook, proxy, size):
    count = size(24, 300)  # more users than the 16 sent at once, each category with throttled attempts
    cognito.client.create_group(UserPoolId=pool, GroupName="team")
    users = [{"username": f"user{i:03d}", "password": PASSWORD, "permanent": i % 2 == 0, "groups": ["team"]}
             for i in range(count)]
    proxy.set_policy(ThrottleShare(0.3, seed=7))
    started = time.monotonic()
    run = run_playbook([user_task(pool, users=users, max_concurrency=16)])
    seconds = time.monotonic() - started
    assert run.rc == 0, run.output[-3000:]
    assert run.last.result["summary"] == {"created": count, "updated": 0, "unchanged": 0, "deleted": 0, "failed": 0,
                                          "partially_applied": 0, "total": count}
    throttled, requests = len(proxy.operations(throttled=True)), len(proxy.operations())
    assert throttled > 0
    pages = cognito.client.get_paginator("list_users").paginate(UserPoolId=pool)
    statuses = {user["Username"]: user["UserStatus"] for page in pages for user in page["Users"]}
    assert len(statuses) == count
    for i in range(count):
        assert statuses[f"user{i:03d}"] == ("CONFIRMED" if i % 2 == 0 else "FORCE_CHANGE_PASSWORD")
    rerun = run_playbook([user_task(pool, users=users, max_concurrency=16)])
    assert rerun.rc == 0 and not rerun.last.changed, rerun.output[-3000:]
    print(f"{count} users under 30% throttling: {requests} requests, {throttled} throttled, {seconds:.1f}s")


@pytest.mark.scale
def test_users_failing_for_one_reason_print_it_once_not_once_per_user(pool, run_playbook, size):
    # Issue 16: 131 KB of output, each user's error repeating the reason. The reason is given in msg and once in
    # failures; each user's entry refers to it (test_cognito_user_purge_faults.py::
    # test_users_failing_for_one_reason_carry_it_once_in_failures_and_each_refers_to_it); here, what ansible-core prints.
    count = size(20, 300)
    users = [{"username": f"weak{i:03d}", "password": "Weak!1ab"} for i in range(count)]

    run = run_playbook([user_task(pool, users=users)])

    print(f"{count} users failing the password policy: {len(run.output.encode())} bytes of ansible-playbook output")
    assert run.rc != 0
    result = run.last.result
    [failure] = result["failures"]
    assert failure["count"] == count and "password policy" in failure["reason"]
    assert {entry["error"] for entry in result["users"]} == {"See failures[0]."}
    # ansible-core prints msg on its error line and in the result; failures holds it once more: never per user.
    assert run.output.count(failure["reason"]) <= 3, run.output[:3000]
