# -*- coding: utf-8 -*-
"""What the modules report: entries that tell the truth after partial failure, counts that add up, reasons grouped."""

from __future__ import annotations

from ansible_collections.cognito.user_pool.plugins.module_utils._errors import CognitoError
from ansible_collections.cognito.user_pool.plugins.module_utils._model import UserState
from ansible_collections.cognito.user_pool.plugins.module_utils._outcomes import UserOutcome
from ansible_collections.cognito.user_pool.plugins.module_utils._outcomes import failure_message
from ansible_collections.cognito.user_pool.plugins.module_utils._outcomes import failures_by_reason
from ansible_collections.cognito.user_pool.plugins.module_utils._outcomes import summarize
from ansible_collections.cognito.user_pool.plugins.module_utils._outcomes import users_failure_message

CONFIRMED = UserState(True, "CONFIRMED", True, {}, None)
CREATED = UserState(True, "FORCE_CHANGE_PASSWORD", True, {}, None)


def test_a_user_created_then_failed_counts_as_created_and_failed_and_the_counts_add_up():
    outcomes = [
        UserOutcome("a", ["create", "set_password"], UserState.absent(), CONFIRMED),
        UserOutcome("b", ["create"], UserState.absent(), CREATED, error="Group 'g' was not found"),
        UserOutcome("c", [], UserState.absent(), None, error="The password for user 'c' does not meet the password policy"),
        UserOutcome("d", [], CONFIRMED, CONFIRMED),
        UserOutcome("e", ["delete"], CONFIRMED, UserState.absent()),
        UserOutcome("f", ["enable"], CONFIRMED, CONFIRMED),
    ]
    summary = summarize(outcomes)
    assert summary == {"created": 2, "updated": 1, "unchanged": 1, "deleted": 1, "failed": 2, "partially_applied": 1, "total": 6}
    assert summary["created"] + summary["updated"] + summary["unchanged"] + summary["deleted"] + summary["failed"] \
        - summary["partially_applied"] == summary["total"]


def test_a_user_whose_creation_failed_is_reported_without_a_status():
    entry = UserOutcome("c", [], UserState.absent(), UserState.absent(), error="refused").result()
    assert (entry["state"], entry["user_status"], entry["enabled"]) == ("absent", None, None)
    unknown = UserOutcome("x", error="Stopped early").result()
    assert (unknown["state"], unknown["user_status"], unknown["enabled"]) == (None, None, None)


def test_a_user_created_then_failed_is_reported_as_it_now_is():
    entry = UserOutcome("b", ["create"], UserState.absent(), CREATED, error="Group 'g' was not found").result()
    assert entry == {"username": "b", "changed": True, "actions": ["create"], "state": "present",
                     "user_status": "FORCE_CHANGE_PASSWORD", "enabled": True, "sub": None, "user_create_date": None,
                     "user_last_modified_date": None, "error": "Group 'g' was not found"}


def test_failures_group_by_reason_without_the_username_with_counts_and_a_few_examples():
    outcomes = [UserOutcome(f"user{index}", error=f"The password for user 'user{index}' does not meet the policy.")
                for index in range(7)] + [UserOutcome("bob", error="User 'bob' declares group 'g' that user pool p does not have.")]
    assert failures_by_reason(outcomes) == [
        {"reason": "The password for the user does not meet the policy.", "count": 7,
         "examples": ["user0", "user1", "user2", "user3", "user4"]},
        {"reason": "The user declares group 'g' that user pool p does not have.", "count": 1, "examples": ["bob"]},
    ]
    assert failure_message(outcomes) == (
        "8 of 8 users failed. The password for the user does not meet the policy. (7: user0, user1, user2, user3, user4 and 2 "
        "more) The user declares group 'g' that user pool p does not have. (1: bob)")


def test_the_diff_shows_the_state_before_and_after():
    outcome = UserOutcome("a", ["create"], UserState.absent(), CREATED)
    assert outcome.diff() == {"before_header": "a", "after_header": "a", "before": {"state": "absent"},
                              "after": {"state": "present", "user_status": "FORCE_CHANGE_PASSWORD", "enabled": True,
                                        "attributes": {}}}


def test_a_purge_of_the_whole_pool_says_so_and_a_scoped_one_names_its_prefix():
    stopped = CognitoError("Access denied.")
    assert users_failure_message([], "", stopped) == "The purge of undeclared users in the whole pool stopped: Access denied."
    assert users_failure_message([], "test-", stopped) == "The purge of undeclared users under 'test-' stopped: Access denied."
