# -*- coding: utf-8 -*-
"""The seed_users role through real ansible-playbook: many users in batches, and no secret in what it prints.

Every run lifts the role's client-side rate limits (``seed_users_rate_limits``
with 0 for each category): moto has no quotas, and Cognito's default ones
would make many users take seconds of deliberate pacing.
"""

from __future__ import annotations

import time

import pytest

from ansible_collections.cognito.user_pool.plugins.module_utils._operations import WRITE_OPERATIONS
from functional_harness.cognito import CONFIRMED
from functional_harness.cognito import FORCE_CHANGE_PASSWORD
from functional_harness.cognito import STRICT_PASSWORD_POLICY
from seed_users_role import ROLE
from seed_users_role import cognito_operations
from seed_users_role import run_role
from seed_users_role import seed_result

DEFAULT_PASSWORD = "Default!Seed7"
SIGN_IN_TASK = f"{ROLE} : Sign each seeded user with a permanent password in once"


def own_password(index):
    return f"Own!Seed{index:03d}x"


def mixed_users(count):
    """Users with own, default and temporary passwords, attributes, and groups on some."""
    users = []
    for index in range(count):
        user = {
            "username": f"user{index:03d}",
            "attributes": {"email": f"user{index:03d}@example.com", "email_verified": True, "name": f"User {index}"},
        }
        if index % 4 == 0:
            user.update(password=own_password(index), permanent=False)
        elif index % 4 != 1:  # every fourth user from 1 takes the default password
            user["password"] = own_password(index)
        if index % 3 == 0:
            user["groups"] = ["readers"] if index % 2 else ["readers", "writers"]
        users.append(user)
    return users


def password_of(user):
    return user.get("password", DEFAULT_PASSWORD)


def groups_of(cognito, pool, username):
    answer = cognito.client.admin_list_groups_for_user(UserPoolId=pool, Username=username)
    return sorted(group["GroupName"] for group in answer["Groups"])


@pytest.mark.scale
def test_many_users_are_seeded_in_batches_ready_to_sign_in_and_a_rerun_writes_nothing(run_playbook, cognito, proxy, size):
    # At small size the seed_users_role target proves the same on every backend (seed.yml: batches of two, own,
    # default and temporary passwords, attributes and a group, the sign-in check, a re-run that changes nothing).
    count = size(None, 200)
    if count is None:
        pytest.skip("the seed_users_role integration target proves it at small size; here at full size only (make test-scale)")
    batch_size = count // 4
    pool = cognito.create_pool()
    for group in ("readers", "writers"):
        cognito.client.create_group(UserPoolId=pool, GroupName=group)
    app_client = cognito.create_app_client(pool)
    users = mixed_users(count)

    started = time.monotonic()
    seeded = run_role(run_playbook, pool, users, default_password=DEFAULT_PASSWORD, batch_size=batch_size)
    seed_seconds = time.monotonic() - started
    assert seeded.rc == 0, seeded.output
    assert seed_result(seeded)["created"] == count and seed_result(seeded)["failed"] == 0
    for label in (f"batch 1/4: users 1-{batch_size}", f"batch 4/4: users {3 * batch_size + 1}-{count}"):
        assert f"(item={label})" in seeded.output
    # No IAM policy was asked for: no STS or IAM request (those name no Cognito operation).
    assert all(request.operation for request in proxy.requests())

    for user in users:
        live = cognito.user(pool, user["username"])
        attributes = {attribute["Name"]: attribute["Value"] for attribute in live["UserAttributes"]}
        assert attributes["email"] == user["attributes"]["email"] and attributes["email_verified"] == "true"
        assert groups_of(cognito, pool, user["username"]) == sorted(user.get("groups", []))
        answer = cognito.sign_in(pool, app_client, user["username"], password_of(user))
        if user.get("permanent", True):
            assert live["UserStatus"] == CONFIRMED
            assert "ChallengeName" not in answer and answer["AuthenticationResult"]["AccessToken"]
        else:
            assert live["UserStatus"] == FORCE_CHANGE_PASSWORD
            assert answer["ChallengeName"] == "NEW_PASSWORD_REQUIRED"

    proxy.clear()
    started = time.monotonic()
    rerun = run_role(run_playbook, pool, users, default_password=DEFAULT_PASSWORD, batch_size=batch_size)
    rerun_seconds = time.monotonic() - started
    assert rerun.rc == 0, rerun.output
    assert [result.name for result in rerun.results if result.changed] == []
    assert seed_result(rerun)["unchanged"] == count
    assert set(cognito_operations(proxy)) & WRITE_OPERATIONS == set()
    print(f"\nseed_users wall time, {count} users: seed {seed_seconds:.1f} s, re-run {rerun_seconds:.1f} s")


# Every leg: no_log masking and what -vvv and --diff print are ansible-core's.
@pytest.mark.each_leg
def test_no_password_or_client_secret_appears_in_the_output_even_verbose(run_playbook, cognito):
    pool = cognito.create_pool(password_policy=STRICT_PASSWORD_POLICY)
    app_client = cognito.create_app_client(pool, generate_secret=True)
    secrets = {"default_password": "Default-Secret!42", "client_secret": app_client.client_secret}
    # alice and bob are seeded and signed in; weak's password breaks the pool's policy, so the run fails too.
    users = [{"username": "alice", "password": "Alice-Secret!42"}, {"username": "bob"},
             {"username": "weak", "password": "Weak!1pw"}]

    run = run_role(run_playbook, pool, users, verify_sign_in=True, client_id=app_client.client_id,
                   verbosity=3, diff=True, **secrets)

    assert run.rc != 0 and "weak" in run.last.msg, run.output
    signed_in = run.task(SIGN_IN_TASK).result["users"]
    assert [(user["username"], user["signed_in"]) for user in signed_in] == [("alice", True), ("bob", True), ("weak", False)]
    for secret in ("Alice-Secret!42", "Weak!1pw", *secrets.values()):
        assert secret not in run.output
