# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The seed_users role's summary: the batches added up, the failures by reason, and the words.

Private to the collection: not an API, may change in any release.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Dict, List, Optional

from ansible_collections.cognito.user_pool.plugins.module_utils._outcomes import PURGE_KEYS
from ansible_collections.cognito.user_pool.plugins.module_utils._outcomes import SUMMARY_KEYS
from ansible_collections.cognito.user_pool.plugins.module_utils._outcomes import purge_place
from ansible_collections.cognito.user_pool.plugins.module_utils._outcomes import reason
from ansible_collections.cognito.user_pool.plugins.module_utils._outcomes import referenced_failure
from ansible_collections.cognito.user_pool.plugins.module_utils._seed_users import batch_size
from ansible_collections.cognito.user_pool.plugins.module_utils._seed_users import declared_groups
from ansible_collections.cognito.user_pool.plugins.module_utils._seed_users import redact
from ansible_collections.cognito.user_pool.plugins.module_utils._seed_users import redact_all
from ansible_collections.cognito.user_pool.plugins.module_utils._seed_users import secrets as secrets_of
from ansible_collections.cognito.user_pool.plugins.module_utils._seed_users import settings
from ansible_collections.cognito.user_pool.plugins.module_utils._seed_users import sign_in_plan

EXAMPLES_PER_REASON = 5


def sign_in_report(variables: Mapping[str, Any], result: Mapping[str, Any]) -> str:
    """One sentence: how many signed in, how many did not, how many were skipped and why."""
    plan = sign_in_plan(variables)
    entries = result.get("users") or []
    signed = sum(1 for entry in entries if entry.get("signed_in"))
    tried = len(plan["users"])
    text = f"Signed in {signed} of {tried} user{'s' if tried != 1 else ''}"
    if tried - signed:
        text += f" ({tried - signed} did not)"
    skipped = sum(plan["skipped"].values())
    if skipped:
        reasons = ", ".join(f"{count} with {why}" if why.startswith("a ") or why.startswith("no ") else f"{count} {why}"
                            for why, count in sorted(plan["skipped"].items()))
        text += f"; skipped {skipped}: {reasons}"
    return redact(text + ".", secrets_of(variables))


# -- the summary ------------------------------------------------------------------------------

def report(variables: Mapping[str, Any], batches: Mapping[str, Any], check_mode: bool = False,
           groups_result: Optional[Mapping[str, Any]] = None, sign_in_result: Optional[Mapping[str, Any]] = None
           ) -> Dict[str, Any]:
    """The batches added up: counts, every user's entry (never a password), failures by reason, and the words.

    A user counts by what happened to it: a batch that failed but reports
    its users (a purge that stopped after the batch's users were written)
    counts each of them by its entry, and adds its ``purge_error``.  Only a
    batch that reports no users (for example, the pool was not found, or
    the module was killed) counts each of its users as failed, with the
    task's message.  The declared users and the purge's users are counted
    apart (``total`` is the number declared).  An entry's ``error`` that
    refers to its batch's ``failures`` is given the reason's words.
    """
    values = settings(variables)
    secrets = secrets_of(variables)
    size = batch_size(values)
    users = values.get("users") or []
    counts = dict.fromkeys(SUMMARY_KEYS + PURGE_KEYS, 0)
    entries: List[Dict[str, Any]] = []
    purge_errors: List[str] = []
    purge_unreported = False  # the batch that purges failed without reporting its users
    for result in (batches or {}).get("results", []):
        if isinstance(result.get("users"), list) and isinstance(result.get("summary"), Mapping):
            entries.extend(_with_reasons(result["users"], result.get("failures")))
            for key in SUMMARY_KEYS + PURGE_KEYS:
                counts[key] += int(result["summary"].get(key, 0))
            if result.get("purge_error"):
                purge_errors.append(str(result["purge_error"]))
            continue
        item = result.get("item", 0)
        index = int(item.get("index", 0) if isinstance(item, Mapping) else item)  # the loop's item: a batch_plan entry
        purge_unreported = purge_unreported or (isinstance(item, Mapping) and bool(item.get("purge_users")))
        message = redact(str(result.get("msg") or "the batch failed"), secrets)
        for user in users[index * size:(index + 1) * size]:
            entries.append({"username": user.get("username"), "changed": False, "actions": [], "state": None,
                            "user_status": None, "enabled": None, "error": message})
            counts["failed"] += 1
            counts["total"] += 1
    declared = [entry for entry in entries if not _of_the_purge(entry)]
    failures = _failures(entries, secrets)
    teardown = (values.get("state") or "present") == "absent"
    purge_error = " ".join(purge_errors)
    # The role's tasks run with failed_when: false, so a task that failed as a whole is told by what it lacks.
    groups_failed = _failed_in(groups_result, "groups", len(declared_groups(variables)))
    sign_in_failed = _failed_in(sign_in_result, "users", len(sign_in_plan(variables)["users"]))
    problems = [_failure_line(values, counts, _failures(declared, secrets)) if counts["failed"] else "",
                _purge_failure_line(values, counts, _failures([entry for entry in entries if _of_the_purge(entry)], secrets),
                                    purge_error),
                str(groups_result.get("msg") or "") if groups_failed else "",
                str(sign_in_result.get("msg") or "") if sign_in_failed else ""]
    report = {**counts, "users": entries, "failures": failures, "purge_error": purge_error,
              "groups_failed": groups_failed, "sign_in_failed": sign_in_failed,
              "message": _summary_line(values, counts, teardown, check_mode, groups_result, groups_failed,
                                       "unknown" if purge_unreported else "stopped" if purge_error else None),
              "failure_message": " ".join(problem for problem in problems if problem)}
    # The fact is shown at -v: no password in it, even as a username or inside a module's message.
    return redact_all(report, secrets)


def _of_the_purge(entry: Mapping[str, Any]) -> bool:
    return bool(entry.get("purged") or entry.get("purge_kept"))


def _with_reasons(entries: List[Dict[str, Any]], failures: Any) -> List[Dict[str, Any]]:
    """A batch's entries, each ``error`` that refers to the batch's ``failures`` replaced by the reason's words
    (the references of different batches point into different lists)."""
    resolved = []
    for entry in entries:
        index = referenced_failure(entry.get("error")) if isinstance(entry, Mapping) else None
        if index is not None and isinstance(failures, list) and index < len(failures):
            entry = dict(entry, error=failures[index]["reason"])
        resolved.append(entry)
    return resolved


def _failed_in(result: Optional[Mapping[str, Any]], entries: str, declared: int) -> int:
    """How many of a task's entries failed: those it reports failed, or all of them when it reports none."""
    if not result or result.get("skipped"):
        return 0
    reported = result.get(entries)
    if not isinstance(reported, list):
        return declared if result.get("msg") else 0
    if entries == "users":  # the sign-in check: an entry that did not sign in
        return sum(1 for entry in reported if isinstance(entry, Mapping) and not entry.get("signed_in"))
    return sum(1 for entry in reported if isinstance(entry, Mapping) and entry.get("error"))


def _failures(entries: List[Dict[str, Any]], secrets: List[str]) -> List[Dict[str, Any]]:
    groups: Dict[str, List[str]] = {}
    for entry in entries:
        if entry.get("error"):
            name = str(entry.get("username"))
            groups.setdefault(redact(reason(entry["error"], name), secrets), []).append(redact(name, secrets))
    ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    return [{"reason": text, "count": len(names), "examples": names[:EXAMPLES_PER_REASON]} for text, names in ordered]


def _summary_line(values: Mapping[str, Any], counts: Dict[str, int], teardown: bool, check_mode: bool,
                  groups_result: Optional[Mapping[str, Any]], groups_failed: int = 0,
                  purge_failure: Optional[str] = None) -> str:
    pool = values.get("user_pool_id")
    total = counts["total"]
    if teardown:
        verb = "Would remove" if check_mode else "Removed"
        parts = [f"{counts['deleted']} removed", f"{counts['unchanged']} already absent"]
    else:
        verb = "Would seed" if check_mode else "Seeded"
        parts = [f"{counts['created']} created", f"{counts['updated']} updated", f"{counts['unchanged']} unchanged"]
        if counts["deleted"]:
            parts.append(f"{counts['deleted']} removed")
    if counts["failed"]:
        partly = f" ({counts['partially_applied']} after changes were made)" if counts["partially_applied"] else ""
        parts.append(f"{counts['failed']} failed{partly}")
    users = f"{total} user{'s' if total != 1 else ''}"
    # A teardown removes users, never the pool: its words say so before the pool's id.
    line = (f"{verb} {users} from user pool {pool}: " if teardown else f"{verb} user pool {pool}: {users}: ") \
        + ", ".join(parts) + "."
    if values.get("purge_users") is True:
        line += " " + _purge_line(values, counts, check_mode, purge_failure)
    if groups_result and isinstance(groups_result.get("summary"), Mapping):
        summary = groups_result["summary"]
        if teardown:
            line += f" Groups: {summary.get('deleted', 0)} removed, {summary.get('unchanged', 0)} already absent"
        else:
            line += (f" Groups: {summary.get('created', 0)} created, {summary.get('updated', 0)} updated, "
                     f"{summary.get('unchanged', 0)} unchanged")
        line += f", {summary['failed']} failed." if summary.get("failed") else "."
    elif groups_failed:
        line += f" Groups: {groups_failed} failed."
    return line


def _purge_line(values: Mapping[str, Any], counts: Dict[str, int], check_mode: bool, failure: Optional[str]) -> str:
    """The purge's users, never among the declared ones: removed, and those another run had removed already.

    ``failure``: "stopped" when the purge reported why it stopped, "unknown" when its batch reported nothing.
    """
    place = purge_place(_purge_scope(values))
    if failure == "unknown":
        return f"What the purge did {place} is unknown: the batch that purges reported no users."
    purged = counts["purged"]
    parts = [f"{counts['purge_already_absent']} already absent"]
    if counts["purge_failed"]:
        parts.append(f"{counts['purge_failed']} failed")
    if counts["purge_kept"]:
        parts.append(f"{counts['purge_kept']} kept as possibly declared")
    line = (f"{'Would purge' if check_mode else 'Purged'} {purged} undeclared user{'s' if purged != 1 else ''} "
            f"{place} ({', '.join(parts)}).")
    return line + (" The purge stopped before it was done." if failure == "stopped" else "")


def _purge_scope(values: Mapping[str, Any]) -> str:
    """The purge's scope as cognito_user's words take it: "" for the whole pool."""
    return "" if values.get("purge_whole_pool") is True else str(values.get("purge_scope") or "")


def _failure_line(values: Mapping[str, Any], counts: Dict[str, int], failures: List[Dict[str, Any]]) -> str:
    return (f"{counts['failed']} of {counts['total']} users failed in user pool {values.get('user_pool_id')}. "
            + _reasons(failures) + " seed_users_result.users has every user's outcome.")


def _purge_failure_line(values: Mapping[str, Any], counts: Dict[str, int], failures: List[Dict[str, Any]],
                        purge_error: str) -> str:
    place = purge_place(_purge_scope(values))
    parts = []
    if counts["purge_failed"]:
        parts.append(f"{counts['purge_failed']} undeclared users {place} could not be removed. " + _reasons(failures))
    if purge_error:
        parts.append(f"The purge of undeclared users {place} stopped: {purge_error}")
    return " ".join(parts)


def _reasons(failures: List[Dict[str, Any]]) -> str:
    parts = []
    for failure in failures:
        more = failure["count"] - len(failure["examples"])
        names = ", ".join(failure["examples"]) + (f" and {more} more" if more > 0 else "")
        parts.append(f"{failure['count']} × {failure['reason']} (for example {names})")
    return " ".join(parts)
