# -*- coding: utf-8 -*-
"""The seed_users role's report counts each user by what happened to it, and the purge's users apart.

The batch results below have the shapes cognito_user returns: a batch whose
purge stopped (failed, yet with its users, summary and purge_error), a batch
whose purge could not remove some users (their errors referring to the
batch's failures), and the counts of a purge racing another run.
"""

from __future__ import annotations

from ansible_collections.cognito.user_pool.plugins.module_utils import _seed_users_report as seed_report

POOL = "eu-west-1_AbCdEf123"
DENIED = ("Access denied: the AWS identity running this task may not call cognito-idp:ListUsers on user pool "
          f"{POOL} (region eu-west-1). Allow cognito-idp:ListUsers on the pool's ARN in its IAM policy; docs/iam.md "
          "lists every action the collection needs.")
NO_PURGE = {"purged": 0, "purge_already_absent": 0, "purge_failed": 0, "purge_kept": 0}


def _vars(users, **values):
    variables = {"seed_users_user_pool_id": POOL, "seed_users_users": [{"username": name} for name in users],
                 "seed_users_groups": [], "seed_users_default_password": "", "seed_users_state": "present",
                 "seed_users_batch_size": 2, "seed_users_rate_limits": {}, "seed_users_purge_users": True,
                 "seed_users_purge_scope": "team-", "seed_users_iam_partition": ""}
    variables.update({f"seed_users_{name}": value for name, value in values.items()})
    return variables


def _created(name):
    return {"username": name, "changed": True, "actions": ["create"], "state": "present",
            "user_status": "FORCE_CHANGE_PASSWORD", "enabled": True}


def _summary(created=0, unchanged=0, deleted=0, failed=0, total=0, **purge):
    return dict({"created": created, "updated": 0, "unchanged": unchanged, "deleted": deleted, "failed": failed,
                 "partially_applied": 0, "total": total}, **dict(NO_PURGE, **purge))


def _batch(index, entries, summary, **failed):
    return dict({"item": {"index": index}, "changed": True, "users": entries, "summary": summary}, **failed)


def test_the_users_of_a_batch_whose_purge_stopped_count_as_what_was_done_to_them_not_failed():
    variables = _vars(["team-1", "team-2", "team-3"])
    batches = {"results": [
        _batch(0, [_created("team-1"), _created("team-2")], _summary(created=2, total=2)),
        # The last batch created its user, then the purge's listing was refused: the module failed with its users.
        _batch(1, [_created("team-3")], _summary(created=1, total=1), failed=True, purge_error=DENIED,
               msg=f"The purge of undeclared users under 'team-' stopped: {DENIED}"),
    ]}

    report = seed_report.report(variables, batches)

    assert (report["created"], report["failed"], report["total"]) == (3, 0, 3)
    assert [entry["username"] for entry in report["users"]] == ["team-1", "team-2", "team-3"]
    assert all("error" not in entry for entry in report["users"])
    assert report["purge_error"] == DENIED
    assert report["message"] == (f"Seeded user pool {POOL}: 3 users: 3 created, 0 updated, 0 unchanged. "
                                 "Purged 0 undeclared users under 'team-' (0 already absent). "
                                 "The purge stopped before it was done.")
    assert report["failure_message"] == f"The purge of undeclared users under 'team-' stopped: {DENIED}"


def test_users_a_purge_could_not_remove_count_apart_with_their_reason_in_words():
    variables = _vars(["team-1"])
    reason = f"Cognito kept throttling AdminDeleteUser for the user in user pool {POOL}: gave up after 2 attempts."
    left = [{"username": name, "changed": False, "actions": [], "state": "present", "user_status": "CONFIRMED",
             "enabled": True, "purged": True, "error": "See failures[0]."} for name in ("team-old1", "team-old2")]
    gone = {"username": "team-old3", "changed": True, "actions": ["delete"], "state": "absent", "user_status": None,
            "enabled": None, "purged": True}
    batches = {"results": [_batch(0, [_created("team-1")] + left + [gone],
                                  _summary(created=1, total=1, purged=1, purge_failed=2), failed=True,
                                  failures=[{"reason": reason, "count": 2, "examples": ["team-old1", "team-old2"]}])]}

    report = seed_report.report(variables, batches)

    assert (report["created"], report["failed"], report["total"]) == (1, 0, 1)
    assert (report["purged"], report["purge_failed"]) == (1, 2)
    assert [entry["error"] for entry in report["users"][1:3]] == [reason, reason]
    assert report["failures"] == [{"reason": reason, "count": 2, "examples": ["team-old1", "team-old2"]}]
    assert report["message"] == (f"Seeded user pool {POOL}: 1 user: 1 created, 0 updated, 0 unchanged. "
                                 "Purged 1 undeclared user under 'team-' (0 already absent, 2 failed).")
    assert report["failure_message"] == (f"2 undeclared users under 'team-' could not be removed. 2 × {reason} "
                                         "(for example team-old1, team-old2)")


def test_a_purge_racing_another_run_counts_the_declared_users_alone_and_the_concurrent_deletes_as_already_absent():
    names = [f"team-{index}" for index in range(60)]
    variables = _vars(names, batch_size=1000)
    batches = {"results": [_batch(0, [_created(name) for name in names],
                                  _summary(created=60, total=60, purged=32, purge_already_absent=100))]}

    report = seed_report.report(variables, batches)

    assert report["message"] == (f"Seeded user pool {POOL}: 60 users: 60 created, 0 updated, 0 unchanged. "
                                 "Purged 32 undeclared users under 'team-' (100 already absent).")
    assert (report["total"], report["purged"], report["purge_already_absent"]) == (60, 32, 100)


def test_a_teardown_with_purge_counts_the_one_declared_user_apart_from_the_purged_ones():
    variables = _vars(["team-1"], state="absent")
    deleted = dict(_created("team-1"), actions=["delete"], state="absent", user_status=None, enabled=None)
    batches = {"results": [_batch(0, [deleted], _summary(deleted=1, total=1, purged=2))]}

    assert seed_report.report(variables, batches)["message"] == (
        f"Removed 1 user from user pool {POOL}: 1 removed, 0 already absent. "
        "Purged 2 undeclared users under 'team-' (0 already absent).")
    assert seed_report.report(variables, batches, check_mode=True)["message"].endswith(
        "Would purge 2 undeclared users under 'team-' (0 already absent).")


def test_a_batch_that_reports_no_users_still_counts_each_of_its_users_failed_with_the_tasks_message():
    variables = _vars(["team-1", "team-2", "team-3"])
    batches = {"results": [_batch(0, [_created("team-1"), _created("team-2")], _summary(created=2, total=2)),
                           {"item": {"index": 1, "purge_users": True}, "failed": True,
                            "msg": "MODULE FAILURE: the module was killed"}]}

    report = seed_report.report(variables, batches)

    assert (report["created"], report["failed"], report["total"]) == (2, 1, 3)
    assert report["users"][2]["error"] == "MODULE FAILURE: the module was killed"
    # Nothing says whether its purge ran: the words do not claim it purged nobody.
    assert report["message"] == (f"Seeded user pool {POOL}: 3 users: 2 created, 0 updated, 0 unchanged, 1 failed. "
                                 "What the purge did under 'team-' is unknown: the batch that purges reported no users.")


def test_an_empty_user_list_that_purged_its_scope_says_so():
    variables = _vars([], purge_scope="test-")
    batches = {"results": [_batch(0, [], _summary(purged=2))]}

    report = seed_report.report(variables, batches)

    assert (report["total"], report["purged"], report["purge_failed"], report["failed"]) == (0, 2, 0, 0)
    assert report["message"] == (f"Seeded user pool {POOL}: 0 users: 0 created, 0 updated, 0 unchanged. "
                                 "Purged 2 undeclared users under 'test-' (0 already absent).")
