# -*- coding: utf-8 -*-
"""The seed_users role's words, through real ansible-playbook: each expected line is written out in full here.

The runs make the record the lead pastes into the issue (``pytest -s`` prints
them): a seed in check mode, the seed with its sign-in check, its re-run; a
teardown in check mode, the teardown, its re-run; a run whose batches fail
users for several reasons.  Around them: a batch that fails as a whole, and
every problem with the variables reported at once, before any call.
"""

from __future__ import annotations

import pytest

from ansible_collections.cognito.user_pool.plugins.module_utils._operations import WRITE_OPERATIONS
from functional_harness.cognito import CONFIRMED
from functional_harness.cognito import STRICT_PASSWORD_POLICY
from seed_users_role import ROLE
from seed_users_role import cognito_operations
from seed_users_role import run_role
from seed_users_role import seed_result

SUMMARY = f"{ROLE} : Show the summary"
SIGN_IN_REPORT = f"{ROLE} : Show the sign-in check"
DEFAULT_PASSWORD = "Default!Words12"
ALICE_PASSWORD = "Alice!Words123"
CAROL_PASSWORD = "Carol!Words123"
GOOD_PASSWORD = "Good!Words1234"
WEAK_PASSWORD = "Weak!1ab"  # 8 characters: the strict policy wants 12
ALL_PASSWORDS = (DEFAULT_PASSWORD, ALICE_PASSWORD, CAROL_PASSWORD, GOOD_PASSWORD, WEAK_PASSWORD)

USERS = [
    {"username": "alice", "password": ALICE_PASSWORD, "groups": ["admins"]},
    {"username": "bob", "groups": ["readers"]},
    {"username": "carol", "password": CAROL_PASSWORD, "permanent": False},
    {"username": "dave", "enabled": False},
]
GROUPS = ["readers", {"name": "admins", "description": "Administrators", "precedence": 0}]


def show(title, run):
    """Print what the role said, for the record the lead pastes."""
    lines = [f"--- {title} (rc={run.rc})"]
    lines += [f"{result.name}: {result.msg}" for result in run.results
              if result.name in (SUMMARY, SIGN_IN_REPORT) or (result.failed and result.name.startswith(ROLE))]
    print("\n" + "\n".join(lines))


def summary_line(run):
    """The summary as the role printed it; the fact says the same words."""
    shown = run.task(SUMMARY).msg
    assert shown == seed_result(run)["message"]
    return shown


def seed(run_playbook, pool, client, **variables):
    return run_role(run_playbook, pool, USERS, groups=GROUPS, default_password=DEFAULT_PASSWORD,
                    verify_sign_in=True, client_id=client.client_id, **variables)


@pytest.fixture
def client(cognito, pool):
    return cognito.create_app_client(pool)


# -- a seed and a teardown, each checked first and run again -------------------------------------


def test_a_checked_seed_the_seed_and_its_rerun_say_what_each_did_and_who_signed_in_word_for_word(
        run_playbook, cognito, pool, client, proxy):
    checked = seed(run_playbook, pool, client, check=True)
    show("seed, check mode", checked)
    assert set(cognito_operations(proxy)) & WRITE_OPERATIONS == set()
    first = seed(run_playbook, pool, client)
    show("seed", first)
    # alice stays CONFIRMED with another password: the re-run sees nothing to do, and her sign-in fails.
    cognito.client.admin_set_user_password(UserPoolId=pool, Username="alice", Password="Changed!Behind9", Permanent=True)
    again = seed(run_playbook, pool, client)
    show("re-run", again)

    assert checked.rc == 0 and first.rc == 0, checked.output + first.output
    assert summary_line(checked) == (f"Would seed user pool {pool}: 4 users: 4 created, 0 updated, 0 unchanged. "
                                     "Groups: 2 created, 0 updated, 0 unchanged.")
    assert summary_line(first) == (f"Seeded user pool {pool}: 4 users: 4 created, 0 updated, 0 unchanged. "
                                   "Groups: 2 created, 0 updated, 0 unchanged.")
    assert first.task(SIGN_IN_REPORT).msg == ("Signed in 2 of 2 users; skipped 2: 1 with a temporary password "
                                              "(permanent: false), 1 disabled (enabled: false).")
    assert again.rc != 0
    assert summary_line(again) == (f"Seeded user pool {pool}: 4 users: 0 created, 0 updated, 4 unchanged. "
                                   "Groups: 0 created, 0 updated, 2 unchanged.")
    assert again.task(SIGN_IN_REPORT).msg == ("Signed in 1 of 2 users (1 did not); skipped 2: 1 with a temporary password "
                                              "(permanent: false), 1 disabled (enabled: false).")
    # The role fails at the end with the sign-in check's own message.
    assert again.last.msg == (f"1 of 2 users did not sign in. The user in user pool {pool} could not sign in: the password "
                              "is not the user's password. AWS said: NotAuthorizedException: Incorrect username or password. "
                              "(1: alice)")


def test_a_checked_teardown_the_teardown_and_its_rerun_say_would_remove_removed_then_already_absent_word_for_word(
        run_playbook, cognito, pool):
    for user in USERS:
        cognito.create_user(pool, user["username"], CONFIRMED, user.get("password", DEFAULT_PASSWORD))
    for group in ("readers", "admins"):
        cognito.client.create_group(UserPoolId=pool, GroupName=group)
    cognito.create_user(pool, "undeclared", CONFIRMED, DEFAULT_PASSWORD)

    checked = run_role(run_playbook, pool, USERS, groups=GROUPS, state="absent", check=True)
    show("teardown, check mode", checked)
    teardown = run_role(run_playbook, pool, USERS, groups=GROUPS, state="absent")
    show("teardown", teardown)
    again = run_role(run_playbook, pool, USERS, groups=GROUPS, state="absent")
    show("teardown re-run", again)

    assert checked.rc == 0 and teardown.rc == 0 and again.rc == 0, checked.output + teardown.output + again.output
    assert summary_line(checked) == (f"Would remove 4 users from user pool {pool}: 4 removed, 0 already absent. "
                                     "Groups: 2 removed, 0 already absent.")
    assert summary_line(teardown) == (f"Removed 4 users from user pool {pool}: 4 removed, 0 already absent. "
                                      "Groups: 2 removed, 0 already absent.")
    assert summary_line(again) == (f"Removed 4 users from user pool {pool}: 0 removed, 4 already absent. "
                                   "Groups: 0 removed, 2 already absent.")
    # A teardown removes the declared users and no other.
    assert cognito.usernames(pool) == ["undeclared"]


# -- users that fail -------------------------------------------------------------------------------


def failing_users():
    """3 users that succeed, and 10 that fail for three reasons: the password policy, a missing group, the schema."""
    users = [{"username": f"ok{index}", "password": GOOD_PASSWORD} for index in range(1, 4)]
    users += [{"username": f"weak{index}", "password": WEAK_PASSWORD} for index in range(1, 8)]
    users += [{"username": f"lost{index}", "password": GOOD_PASSWORD, "groups": ["auditors"]} for index in range(1, 3)]
    users += [{"username": "odd1", "password": GOOD_PASSWORD, "attributes": {"custom:nope": "x"}}]
    return users


def test_failures_are_grouped_by_reason_with_counts_and_examples_word_for_word(run_playbook, cognito, proxy):
    pool = cognito.create_pool(password_policy=STRICT_PASSWORD_POLICY)

    run = run_role(run_playbook, pool, failing_users(), groups=["readers"], batch_size=4)
    show("batches with failures", run)

    assert run.rc != 0
    assert summary_line(run) == (f"Seeded user pool {pool}: 13 users: 3 created, 0 updated, 0 unchanged, 10 failed. "
                                 "Groups: 1 created, 0 updated, 0 unchanged.")
    assert run.last.msg == (
        f"10 of 13 users failed in user pool {pool}. "
        f"7 × The password for the user does not meet the password policy of user pool {pool}: it must be at least 12 "
        "characters long. Choose a password that meets every rule. "
        "(for example weak1, weak2, weak3, weak4, weak5 and 2 more) "
        f"2 × The user declares group 'auditors' that user pool {pool} does not have. Create the groups first "
        "(cognito.user_pool.cognito_group, or seed_users_groups in the seed_users role), or fix the names. "
        "(for example lost1, lost2) "
        f"1 × The attributes declared for the user break the schema of user pool {pool}: the pool has no custom "
        "attribute 'custom:nope': add it to the pool's schema first (custom attributes cannot be created by this "
        "collection), or fix the name. (for example odd1) "
        "seed_users_result.users has every user's outcome.")
    assert seed_result(run)["failures"] == [
        {"reason": run.last.msg.split("7 × ", 1)[1].split(" (for example", 1)[0], "count": 7,
         "examples": ["weak1", "weak2", "weak3", "weak4", "weak5"]},
        {"reason": run.last.msg.split("2 × ", 1)[1].split(" (for example", 1)[0], "count": 2, "examples": ["lost1", "lost2"]},
        {"reason": run.last.msg.split("1 × ", 1)[1].split(" (for example", 1)[0], "count": 1, "examples": ["odd1"]},
    ]
    # Each failed user was refused before any write to it.
    created = sorted(request.json()["Username"] for request in proxy.requests_for("AdminCreateUser"))
    assert created == ["ok1", "ok2", "ok3"]
    for password in ALL_PASSWORDS:
        assert password not in run.output


# -- a batch that fails as a whole -----------------------------------------------------------------


def test_a_batch_that_fails_as_a_whole_counts_each_user_once_and_prints_no_password(run_playbook, proxy):
    missing = "us-east-1_NoSuchPool"
    users = [{"username": f"user{index}", "password": GOOD_PASSWORD} for index in range(3)]

    run = run_role(run_playbook, missing, users, default_password=DEFAULT_PASSWORD, batch_size=2, verbosity=3)

    assert run.rc != 0
    assert summary_line(run) == f"Seeded user pool {missing}: 3 users: 0 created, 0 updated, 0 unchanged, 3 failed."
    [failure] = seed_result(run)["failures"]
    assert failure["count"] == 3 and failure["examples"] == ["user0", "user1", "user2"]
    assert run.last.msg == (f"3 of 3 users failed in user pool {missing}. 3 × {failure['reason']} "
                            "(for example user0, user1, user2) seed_users_result.users has every user's outcome.")
    assert missing in failure["reason"]
    assert cognito_operations(proxy) == ["DescribeUserPool", "DescribeUserPool"]
    for password in (GOOD_PASSWORD, DEFAULT_PASSWORD):
        assert password not in run.output


# -- the variables, checked before any call --------------------------------------------------------


def test_every_problem_with_the_variables_is_reported_at_once_before_any_call(run_playbook, pool, proxy):
    users = [{"username": "alice", "password": 12345678}]
    variables = {
        "groups": [{"name": "admins", "precedence": -1}],
        "batch_size": 0,
        "state": "gone",
        "rate_limits": {"UserCreation": -1, "UserCreations": 5, "UserRead": "fast"},
        "verify_sign_in": True,
        "purge_users": True,
    }

    run = run_role(run_playbook, pool, users, **variables)

    assert run.rc != 0
    assert run.last.msg == " ".join([
        "seed_users_batch_size must be at least 1.",
        "seed_users_state must be one of: present, absent (it is a string that is none of them).",
        "seed_users_rate_limits.UserCreation must not be negative: 0 turns the category's pacing off.",
        "seed_users_rate_limits.UserRead must be a number, not a string. Write the number without quotes.",
        "seed_users_rate_limits has keys that are not its options: UserCreations. It takes: UserAccountRecovery, "
        "UserAuthentication, UserCreation, UserList, UserPoolClientRead, UserPoolRead, UserPoolResourceRead, "
        "UserPoolResourceUpdate, UserRead, UserResourceRead, UserUpdate.",
        "seed_users_users[0] (username 'alice'): password must be a string, not a number. YAML read an unquoted value "
        "as a number: quote it.",
        "seed_users_groups[0] (name 'admins'): precedence must be a whole number from 0 to 2147483647 (Cognito's "
        "PrecedenceType): it is outside that range.",
        "seed_users_verify_sign_in needs seed_users_client_id, an app client allowing ALLOW_ADMIN_USER_PASSWORD_AUTH.",
        "seed_users_purge_users needs seed_users_purge_scope, the username prefix whose undeclared users it removes, "
        "or seed_users_purge_whole_pool: true to make the declared users the only users of the whole pool.",
    ])
    assert "12345678" not in run.output
    assert proxy.requests() == []


# Every leg: ansible-core checks meta/argument_specs.yml before the role's first task.
@pytest.mark.each_leg
def test_variables_of_the_wrong_shape_get_the_roles_one_line_not_the_argument_spec(run_playbook, pool, proxy):
    # When ansible-core's check refused, it printed the whole spec (7 KB) after its own words.
    run = run_role(run_playbook, pool, None, batch_size=1.5, max_concurrency=-3)

    assert run.rc != 0
    assert run.last.msg == ("seed_users_batch_size must be a whole number, not a decimal number. "
                            "seed_users_max_concurrency must be at least 1. seed_users_users is required.")
    assert "argument_spec_data" not in run.output and "Validation of arguments failed" not in run.output
    assert len(run.output) < 2500, run.output
    assert proxy.requests() == []
