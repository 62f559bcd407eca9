# -*- coding: utf-8 -*-
"""The seed_users role through real ansible-playbook, against moto behind the recording proxy.

Every run lifts the role's client-side rate limits (``seed_users_rate_limits``
with 0 for each category): moto has no quotas, and Cognito's default ones
would make 200 users take seconds of deliberate pacing.
"""

from __future__ import annotations

import time

import pytest

from ansible_collections.cognito.user_pool.plugins.module_utils._operations import WRITE_OPERATIONS
from functional_harness.cognito import CONFIRMED
from functional_harness.cognito import FORCE_CHANGE_PASSWORD
from functional_harness.cognito import STRICT_PASSWORD_POLICY
from seed_users_role import cognito_operations
from seed_users_role import run_role
from seed_users_role import seed_result

DEFAULT_PASSWORD = "Default!Seed7"
OTHER_PASSWORD = "Changed!Else9"


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


def test_200_users_are_seeded_ready_to_sign_in_and_a_rerun_changes_nothing(run_playbook, cognito, proxy):
    pool = cognito.create_pool()
    for group in ("readers", "writers"):
        cognito.client.create_group(UserPoolId=pool, GroupName=group)
    app_client = cognito.create_app_client(pool)
    users = mixed_users(200)

    started = time.monotonic()
    seeded = run_role(run_playbook, pool, users, default_password=DEFAULT_PASSWORD, batch_size=50)
    seed_seconds = time.monotonic() - started
    assert seeded.rc == 0, seeded.output
    assert seed_result(seeded)["created"] == 200 and seed_result(seeded)["failed"] == 0
    for label in ("batch 1/4: users 1-50", "batch 4/4: users 151-200"):
        assert f"(item={label})" in seeded.output

    for index, user in enumerate(users):
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
    rerun = run_role(run_playbook, pool, users, default_password=DEFAULT_PASSWORD, batch_size=50)
    rerun_seconds = time.monotonic() - started
    assert rerun.rc == 0, rerun.output
    assert [result.name for result in rerun.results if result.changed] == []
    assert seed_result(rerun)["unchanged"] == 200
    assert set(cognito_operations(proxy)) & WRITE_OPERATIONS == set()
    print(f"\nseed_users wall time, 200 users: seed {seed_seconds:.1f} s, re-run {rerun_seconds:.1f} s")


def test_state_absent_removes_exactly_the_listed_users(run_playbook, cognito, proxy):
    pool = cognito.create_pool()
    users = [{"username": f"user{index}", "password": own_password(index)} for index in range(10)]
    assert run_role(run_playbook, pool, users).rc == 0
    teardown = run_role(run_playbook, pool, [{"username": user["username"]} for user in users[:6]], state="absent")
    assert teardown.rc == 0, teardown.output
    assert seed_result(teardown)["deleted"] == 6
    assert cognito.usernames(pool) == [user["username"] for user in users[6:]]
    assert set(cognito_operations(proxy)) & WRITE_OPERATIONS <= {"AdminCreateUser", "AdminSetUserPassword", "AdminDeleteUser"}


def test_a_users_own_state_absent_wins_over_the_default(run_playbook, cognito):
    pool = cognito.create_pool()
    cognito.create_user(pool, "leaving", CONFIRMED, own_password(1))
    run = run_role(run_playbook, pool, [{"username": "staying", "password": own_password(2)},
                                        {"username": "leaving", "state": "absent"}])
    assert run.rc == 0, run.output
    assert (seed_result(run)["created"], seed_result(run)["deleted"]) == (1, 1)
    assert cognito.usernames(pool) == ["staying"]


BAD_INPUTS = {
    "missing pool id": (None, [{"username": "alice"}], {}, ["seed_users_user_pool_id"]),
    "malformed pool id": ("not-a-pool", [{"username": "alice"}], {}, ["seed_users_user_pool_id 'not-a-pool' is not a Cognito user pool id"]),
    "duplicate usernames": ("POOL", [{"username": "alice"}, {"username": "bob"}, {"username": "alice"}], {},
                            ["username 'alice' is declared 2 times (seed_users_users[0], seed_users_users[2])"]),
    "non-string password": ("POOL", [{"username": "alice", "password": 12345678}], {},
                            ["seed_users_users[0] (username 'alice'): password must be a string, not a number. "
                             "YAML read an unquoted value as a number: quote it."]),
    "unknown key": ("POOL", [{"username": "alice", "pasword": own_password(1)}], {},
                    ["seed_users_users[0] (username 'alice') has keys that are not its options: pasword."]),
    "bad option value": ("POOL", [{"username": "alice", "state": "gone"}], {},
                         ["seed_users_users[0] (username 'alice'): state must be one of: present, absent (it is a string that "
                          "is none of them)."]),
    "non-string default password": ("POOL", [{"username": "alice"}], {"default_password": 12345678},
                                    ["seed_users_default_password must be a string"]),
    "sign-in check without a client": ("POOL", [{"username": "alice"}], {"verify_sign_in": True},
                                       ["seed_users_verify_sign_in needs seed_users_client_id"]),
}


@pytest.mark.parametrize("pool_id, users, variables, expected", BAD_INPUTS.values(), ids=list(BAD_INPUTS))
def test_bad_input_fails_before_any_call_naming_the_bad_item(run_playbook, cognito, proxy, pool_id, users, variables, expected):
    pool = cognito.create_pool()
    run = run_role(run_playbook, pool if pool_id == "POOL" else pool_id, users, **variables)
    assert run.rc != 0
    assert run.last.failed
    for fragment in expected:
        assert fragment in run.last.msg, run.last.msg
    assert proxy.requests() == []
    assert own_password(1) not in run.output
    assert cognito.usernames(pool) == []


def test_a_failed_user_does_not_stop_the_next_batches_and_is_listed_at_the_end(run_playbook, cognito):
    pool = cognito.create_pool(password_policy=STRICT_PASSWORD_POLICY)
    users = [{"username": "weak", "password": "Short!1a"}] + [
        {"username": f"user{index}", "password": f"Long-enough!{index}Pw"} for index in range(5)]
    run = run_role(run_playbook, pool, users, batch_size=2)
    assert run.rc != 0
    result = seed_result(run)
    assert (result["created"], result["failed"]) == (5, 1)
    [failure] = result["failures"]
    assert failure["examples"] == ["weak"] and failure["count"] == 1 and "password policy" in failure["reason"]
    assert run.last.msg.startswith(f"1 of 6 users failed in user pool {pool}. 1 × The password for the user does not meet ")
    assert run.last.msg.endswith("(for example weak) seed_users_result.users has every user's outcome.")
    # The password is checked against the pool's policy before any write: "weak" was never created.
    assert cognito.usernames(pool) == [f"user{index}" for index in range(5)]
    assert cognito.user_status(pool, "user4") == CONFIRMED


def test_a_batch_that_fails_as_a_whole_counts_each_of_its_users_failed_once(run_playbook, proxy):
    run = run_role(run_playbook, "us-east-1_NoSuchPool", [{"username": f"user{index}"} for index in range(3)], batch_size=2)
    assert run.rc != 0
    result = seed_result(run)
    assert result["failed"] == 3 and [user["username"] for user in result["users"]] == ["user0", "user1", "user2"]
    [failure] = result["failures"]
    assert failure["examples"] == ["user0", "user1", "user2"] and failure["count"] == 3 and "was not found" in failure["reason"]
    assert all(user["user_status"] is None and user["state"] is None for user in result["users"])
    assert cognito_operations(proxy) == ["DescribeUserPool", "DescribeUserPool"]


def test_sign_in_check_signs_each_permanent_enabled_user_in_once(run_playbook, cognito, proxy):
    pool = cognito.create_pool()
    app_client = cognito.create_app_client(pool)
    users = [
        {"username": "alice", "password": own_password(1)},
        {"username": "bob"},
        {"username": "carol", "password": own_password(3), "permanent": False},
        {"username": "dave", "password": own_password(4), "enabled": False},
        {"username": "erin"},
    ]
    run = run_role(run_playbook, pool, users, default_password=DEFAULT_PASSWORD, verify_sign_in=True,
                   verify_client_id=app_client.client_id)
    assert run.rc == 0, run.output
    signed_in = [request.json()["AuthParameters"]["USERNAME"] for request in proxy.requests_for("AdminInitiateAuth")]
    assert sorted(signed_in) == ["alice", "bob", "erin"]


def test_sign_in_check_fails_listing_users_who_cannot_sign_in(run_playbook, cognito):
    pool = cognito.create_pool()
    app_client = cognito.create_app_client(pool, generate_secret=True)
    users = [{"username": "alice", "password": own_password(1)}, {"username": "bob", "password": own_password(2)}]
    assert run_role(run_playbook, pool, users).rc == 0
    # Someone changes bob's password behind the role's back: bob stays CONFIRMED, so the seeding sees nothing to do.
    cognito.client.admin_set_user_password(UserPoolId=pool, Username="bob", Password=OTHER_PASSWORD, Permanent=True)
    run = run_role(run_playbook, pool, users, verify_sign_in=True, verify_client_id=app_client.client_id,
                   verify_client_secret=app_client.client_secret)
    assert run.rc != 0
    assert run.last.msg.startswith("1 of 2 users did not sign in. The user in user pool")
    assert "the password is not the user's password" in run.last.msg and run.last.msg.endswith("(1: bob)")
    assert seed_result(run)["unchanged"] == 2


def test_no_password_or_client_secret_appears_in_the_output_even_verbose(run_playbook, cognito):
    pool = cognito.create_pool(password_policy=STRICT_PASSWORD_POLICY)
    app_client = cognito.create_app_client(pool, generate_secret=True)
    secrets = {"default_password": "Default-Secret!42", "verify_client_secret": app_client.client_secret}
    users = [{"username": "alice", "password": "Alice-Secret!42"}, {"username": "bob"}]
    seeded = run_role(run_playbook, pool, users, verify_sign_in=True, verify_client_id=app_client.client_id,
                      verbosity=3, diff=True, **secrets)
    assert seeded.rc == 0, seeded.output
    failed = run_role(run_playbook, pool, users + [{"username": "weak", "password": "Weak!1pw"}],
                      verbosity=3, diff=True, **secrets)
    assert failed.rc != 0 and "weak" in failed.last.msg
    for secret in ("Alice-Secret!42", "Weak!1pw", *secrets.values()):
        assert secret not in seeded.output and secret not in failed.output


def test_role_wide_enabled_and_purge_groups_repair_drift_that_each_user_leaves_unsaid(run_playbook, cognito):
    pool = cognito.create_pool()
    users = [{"username": "alice", "groups": ["readers"]}, {"username": "bob", "groups": ["readers"], "enabled": False}]
    seeded = run_role(run_playbook, pool, users, groups=["readers", "writers"], default_password=DEFAULT_PASSWORD)
    assert seeded.rc == 0, seeded.output
    # Behind the role's back: alice is disabled and joins another group.
    cognito.client.admin_disable_user(UserPoolId=pool, Username="alice")
    cognito.client.admin_add_user_to_group(UserPoolId=pool, Username="alice", GroupName="writers")

    repaired = run_role(run_playbook, pool, users, groups=["readers", "writers"], default_password=DEFAULT_PASSWORD,
                        enabled=True, purge_groups=True)

    assert repaired.rc == 0, repaired.output
    assert cognito.client.admin_get_user(UserPoolId=pool, Username="alice")["Enabled"] is True
    assert groups_of(cognito, pool, "alice") == ["readers"]
    # bob's own enabled: false wins over the role-wide value.
    assert cognito.client.admin_get_user(UserPoolId=pool, Username="bob")["Enabled"] is False
    assert seed_result(repaired)["updated"] == 1


def test_pacing_false_lifts_every_rate_limit_in_one_word(run_playbook, cognito):
    pool = cognito.create_pool()
    users = [{"username": f"pace{index}"} for index in range(3)]

    run = run_role(run_playbook, pool, users, default_password=DEFAULT_PASSWORD, rate_limits={}, pacing=False,
                   verbosity=1)

    assert run.rc == 0, run.output
    [batch] = run.task("cognito.user_pool.seed_users : Seed the users in batches").result["results"]
    rate_limits = batch["invocation"]["module_args"]["rate_limits"]
    assert rate_limits and set(rate_limits.values()) == {0}, rate_limits
    assert seed_result(run)["created"] == 3
