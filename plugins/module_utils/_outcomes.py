# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What happened to each declared user, and the run's counts: what the modules return.

Private to the collection: not an API, may change in any release.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional

from ansible_collections.cognito.user_pool.plugins.module_utils._errors import CognitoError
from ansible_collections.cognito.user_pool.plugins.module_utils._model import UserState

# The declared users' counts: total is the number of users declared.
SUMMARY_KEYS = ("created", "updated", "unchanged", "deleted", "failed", "partially_applied", "total")
# The purge's counts (purge_users): undeclared users under purge_scope, never among the declared ones.
PURGE_KEYS = ("purged", "purge_already_absent", "purge_failed", "purge_kept")


@dataclass
class UserOutcome:
    """One user: the steps done (in check mode, the steps a run would do), the state now, and any error.

    ``after`` is what is true after the run, built from the steps that were
    really done, so a user that failed half-way is reported as it is.  None:
    the user's state is not known (it failed before it could be read).
    """

    username: str
    actions: List[str] = field(default_factory=list)
    before: Optional[UserState] = None
    after: Optional[UserState] = None
    error: Optional[str] = None
    pending_attributes: Dict[str, str] = field(default_factory=dict)
    declared: bool = True  # False for a user of the purge: under purge_scope and not declared
    # Actions that send no write (the challenge path's sign-in): done, and reported, but no change.
    reads: List[str] = field(default_factory=list)
    # The stored user the declared name was found to stand for (listed, read with AdminGetUser, or created):
    # purge_users never removes it.
    stored_username: Optional[str] = None
    sub: Optional[str] = None
    # True once the run has settled which user the declared name stands for (or that it stands for none).
    name_settled: bool = False
    # Why purge_users kept a user under purge_scope that no declaration was found to stand for.
    kept_reason: Optional[str] = None

    @property
    def kept(self) -> bool:
        """A user of the purge kept because it may be one of the declared users."""
        return self.kept_reason is not None

    def done(self, step) -> None:
        """``step`` was sent and Cognito accepted it."""
        self.actions.append(step.label)
        if not step.writes:
            self.reads.append(step.label)

    def planned(self, steps) -> None:
        """Check mode: ``steps`` are what a run would send."""
        self.actions, self.reads = [], []
        for step in steps:
            self.done(step)

    @property
    def changed(self) -> bool:
        """Whether a write was done (in check mode, would be): the operations table says which steps write."""
        return any(action not in self.reads for action in self.actions)

    @property
    def already_absent(self) -> bool:
        """A user of the purge that was gone when its delete was sent (another run removed it)."""
        return not self.declared and not self.kept and self.error is None and not self.deleted \
            and self.after is not None and not self.after.present

    @property
    def created(self) -> bool:
        return "create" in self.actions

    @property
    def deleted(self) -> bool:
        return "delete" in self.actions

    def result(self) -> Dict[str, Any]:
        """The module's ``users[]`` entry; never holds a password.

        The state after the run; for a declared user refused before any write (``after`` not set), the state as
        read.  A user of the purge whose delete went unanswered stays unknown: it may be gone.  ``sub`` and the
        dates come from the reads and answers the run had anyway (``ListUsers``, ``AdminGetUser``,
        ``AdminCreateUser``), never from an extra call.
        """
        state = self.after if self.after is not None or not self.declared else self.before
        present = state is not None and state.present
        entry: Dict[str, Any] = {
            "username": self.username,
            "changed": self.changed,
            "actions": list(self.actions),
            "state": None if state is None else ("present" if state.present else "absent"),
            "user_status": state.user_status if present else None,
            "enabled": state.enabled if present else None,
            "sub": state.sub if present else None,
            "user_create_date": state.user_create_date if present else None,
            "user_last_modified_date": state.user_last_modified_date if present else None,
        }
        if self.pending_attributes:
            entry["pending_attributes"] = dict(self.pending_attributes)
        if self.kept:
            entry["purge_kept"] = True
            entry["purge_kept_reason"] = self.kept_reason
        elif not self.declared:
            entry["purged"] = True
        if self.error is not None:
            entry["error"] = self.error
        return entry

    def diff(self) -> Dict[str, Any]:
        """The ``--diff`` entry for this user, from its state before and after."""
        return {
            "before_header": self.username, "after_header": self.username,
            "before": (self.before or UserState.absent()).as_dict(),
            "after": (self.after or self.before or UserState.absent()).as_dict(),
        }


def summarize(outcomes: List[UserOutcome]) -> Dict[str, int]:
    """Counts of what the run did to the declared users (the purge's users are counted by ``summarize_purge``).

    ``created``, ``updated``, ``unchanged`` and ``deleted`` count users by
    what was done to them; ``failed`` counts every user with an error, and
    ``partially_applied`` those of them that had changes made first (a user
    created, then refused its group, is created and failed).  So
    created + updated + unchanged + deleted + failed - partially_applied = total.
    """
    summary = dict.fromkeys(SUMMARY_KEYS, 0)
    for outcome in outcomes:
        if not getattr(outcome, "declared", True):
            continue
        summary["total"] += 1
        if outcome.error is not None:
            summary["failed"] += 1
            if not outcome.changed:
                continue
            summary["partially_applied"] += 1
        if outcome.created:
            summary["created"] += 1
        elif outcome.deleted:
            summary["deleted"] += 1
        elif outcome.changed:
            summary["updated"] += 1
        else:
            summary["unchanged"] += 1
    return summary


def summarize_purge(outcomes: List[UserOutcome]) -> Dict[str, int]:
    """Counts of the purge's users: removed (in check mode, to be removed), already gone, failed, kept."""
    summary = dict.fromkeys(PURGE_KEYS, 0)
    for outcome in outcomes:
        if outcome.declared:
            continue
        if outcome.kept:
            summary["purge_kept"] += 1
        elif outcome.error is not None:
            summary["purge_failed"] += 1
        elif outcome.deleted:
            summary["purged"] += 1
        elif outcome.already_absent:
            summary["purge_already_absent"] += 1
    return summary


class RunOutcomes(list):
    """The users' outcomes, in order (the purge's users last), and the purge's own failure, if any.

    A purge whose listing failed, or that stopped early, leaves ``purge_error``
    set; every outcome of the writes done before it is still here.
    """

    def __init__(self, outcomes: Iterable[UserOutcome] = ()) -> None:
        super().__init__(outcomes)
        self.purge_error: Optional[CognitoError] = None


def reason(error: str, name: str) -> str:
    """``error`` with the one user (or group) it names left out, so that failures group by reason."""
    for before, after in ((f"user '{name}'", "the user"), (f"User '{name}'", "The user"),
                          (f"group '{name}'", "the group"), (f"Group '{name}'", "The group")):
        error = error.replace(before, after)
    return error


def _reason_of(outcome) -> str:
    return reason(outcome.error, getattr(outcome, "username", None) or getattr(outcome, "name", ""))


def failures_by_reason(outcomes, examples: int = 5) -> List[Dict[str, Any]]:
    """The failed outcomes grouped by reason, most frequent first: reason, count, a few example names."""
    groups: Dict[str, List[str]] = {}
    for outcome in outcomes:
        if outcome.error is not None:
            name = getattr(outcome, "username", None) or getattr(outcome, "name", "")
            groups.setdefault(_reason_of(outcome), []).append(name)
    ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    return [{"reason": text, "count": len(names), "examples": names[:examples]} for text, names in ordered]


def failure_reference(index: int) -> str:
    """A user's ``error`` when other users failed for the same reason: where the reason is, in ``failures``."""
    return f"See failures[{index}]."


REFERENCE = re.compile(r"^See failures\[(\d+)\]\.$")


def referenced_failure(error: str) -> Optional[int]:
    """The index into ``failures`` that ``error`` refers to; None for an error that is the message itself."""
    match = REFERENCE.match(error or "")
    return int(match.group(1)) if match else None


def user_entries(outcomes: List[UserOutcome], failures: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The module's ``users``: each outcome's entry, a failed user's ``error`` holding its message when no other
    user failed for the same reason, else a reference to that reason in ``failures`` (``failures_by_reason``
    of the same outcomes), so that the result grows with the number of reasons, not with every user's message."""
    shared = {failure["reason"]: index for index, failure in enumerate(failures) if failure["count"] > 1}
    entries = []
    for outcome in outcomes:
        entry = outcome.result()
        if outcome.error is not None and _reason_of(outcome) in shared:
            entry["error"] = failure_reference(shared[_reason_of(outcome)])
        entries.append(entry)
    return entries


def _reasons(outcomes) -> str:
    parts = []
    for group in failures_by_reason(outcomes):
        more = group["count"] - len(group["examples"])
        names = ", ".join(group["examples"]) + (f" and {more} more" if more > 0 else "")
        parts.append(f"{group['reason']} ({group['count']}: {names})")
    return " ".join(parts)


def failure_message(outcomes, noun: str = "users") -> str:
    """One line for a module's ``msg``: how many failed, then each reason once, with a few examples."""
    failed = [outcome for outcome in outcomes if outcome.error is not None]
    return f"{len(failed)} of {len(outcomes)} {noun} failed. " + _reasons(outcomes)


def purge_place(purge_scope: Optional[str]) -> str:
    """Where the purge acts, in words: under its username prefix, or the whole pool (purge_whole_pool, scope "")."""
    return "in the whole pool" if purge_scope == "" else f"under '{purge_scope}'"


def users_failure_message(outcomes: List[UserOutcome], purge_scope: Optional[str] = None,
                          purge_error: Optional[CognitoError] = None) -> str:
    """cognito_user's ``msg``: the declared users that failed, then the purge's users that could not be removed,
    then why the purge stopped; each reason once."""
    declared = [outcome for outcome in outcomes if outcome.declared]
    purge = [outcome for outcome in outcomes if not outcome.declared]
    parts = []
    if any(outcome.error is not None for outcome in declared):
        parts.append(failure_message(declared))
    failed = [outcome for outcome in purge if outcome.error is not None]
    if failed:
        parts.append(f"{len(failed)} of {len(purge)} undeclared users {purge_place(purge_scope)} could not be removed. "
                     + _reasons(failed))
    if purge_error is not None:
        parts.append(f"The purge of undeclared users {purge_place(purge_scope)} stopped: {purge_error.message}")
    return " ".join(parts)
