# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What happened to each declared user, and the run's counts: what the modules return.

Private to the collection: not an API, may change in any release.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from ansible_collections.cognito.user_pool.plugins.module_utils._model import UserState

SUMMARY_KEYS = ("created", "updated", "unchanged", "deleted", "failed", "partially_applied", "total")


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
    declared: bool = True  # False for a user purge_users removes, or keeps only because it may be declared
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
        """A user purge_users left in place because it may be a declared one."""
        return self.kept_reason is not None

    @property
    def changed(self) -> bool:
        return bool(self.actions)

    @property
    def created(self) -> bool:
        return "create" in self.actions

    @property
    def deleted(self) -> bool:
        return "delete" in self.actions

    def result(self) -> Dict[str, Any]:
        """The module's ``users[]`` entry; never holds a password."""
        state = self.after
        entry: Dict[str, Any] = {
            "username": self.username,
            "changed": self.changed,
            "actions": list(self.actions),
            "state": None if state is None else ("present" if state.present else "absent"),
            "user_status": state.user_status if state is not None and state.present else None,
            "enabled": state.enabled if state is not None and state.present else None,
        }
        if self.pending_attributes:
            entry["pending_attributes"] = dict(self.pending_attributes)
        if not self.declared:
            entry["purged"] = not self.kept
            if self.kept:
                entry["kept"] = self.kept_reason
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
    """Counts of what the run did.

    ``created``, ``updated``, ``unchanged`` and ``deleted`` count users by
    what was done to them; ``failed`` counts every user with an error, and
    ``partially_applied`` those of them that had changes made first (a user
    created, then refused its group, is created and failed).  So
    created + updated + unchanged + deleted + failed - partially_applied = total.
    ``purge_kept``, present when there are any, counts the users under
    ``purge_scope`` that purge kept because they may be declared; they are
    not in ``total``.
    """
    summary = dict.fromkeys(SUMMARY_KEYS, 0)
    kept = 0
    for outcome in outcomes:
        if getattr(outcome, "kept", False):
            kept += 1
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
    if kept:
        summary["purge_kept"] = kept
    return summary


def reason(error: str, name: str) -> str:
    """``error`` with the one user (or group) it names left out, so that failures group by reason."""
    for before, after in ((f"user '{name}'", "the user"), (f"User '{name}'", "The user"),
                          (f"group '{name}'", "the group"), (f"Group '{name}'", "The group")):
        error = error.replace(before, after)
    return error


def failures_by_reason(outcomes, examples: int = 5) -> List[Dict[str, Any]]:
    """The failed outcomes grouped by reason, most frequent first: reason, count, a few example names."""
    groups: Dict[str, List[str]] = {}
    for outcome in outcomes:
        if outcome.error is not None:
            name = getattr(outcome, "username", None) or getattr(outcome, "name", "")
            groups.setdefault(reason(outcome.error, name), []).append(name)
    ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    return [{"reason": text, "count": len(names), "examples": names[:examples]} for text, names in ordered]


def failure_message(outcomes, noun: str = "users") -> str:
    """One line for a module's ``msg``: how many failed, then each reason once, with a few examples."""
    failed = [outcome for outcome in outcomes if outcome.error is not None]
    parts = []
    for group in failures_by_reason(outcomes):
        more = group["count"] - len(group["examples"])
        names = ", ".join(group["examples"]) + (f" and {more} more" if more > 0 else "")
        parts.append(f"{group['reason']} ({group['count']}: {names})")
    return f"{len(failed)} of {len(outcomes)} {noun} failed. " + " ".join(parts)
