# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Pure planning: the live user and the declared user in, the actions to take out.

Nothing here does I/O.  Check mode is "plan, don't apply", so whatever this
module decides is exactly what a real run would do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from ansible_collections.cognito.user_pool.plugins.module_utils.errors import CognitoError

FORCE_CHANGE_PASSWORD = "FORCE_CHANGE_PASSWORD"
CONFIRMED = "CONFIRMED"
RESET_REQUIRED = "RESET_REQUIRED"
UNCONFIRMED = "UNCONFIRMED"
COMPROMISED = "COMPROMISED"
EXTERNAL_PROVIDER = "EXTERNAL_PROVIDER"

# What to do with a declared password, given the live user_status.
SET = "set"  # call AdminSetUserPassword
KEEP = "keep"  # nothing to do
VERIFY = "verify"  # already at the target status: the password may match; verify if a client is given

# The status table: user_status -> (decision when permanent, decision when temporary).
# The module docs, the status diagram and the planner tests all read this table.
PASSWORD_DECISIONS: Dict[str, Tuple[str, str]] = {
    FORCE_CHANGE_PASSWORD: (SET, VERIFY),
    RESET_REQUIRED: (SET, SET),
    UNCONFIRMED: (SET, SET),
    COMPROMISED: (SET, SET),
    CONFIRMED: (VERIFY, SET),
}

# Statuses whose users have no Cognito password to set, and why.
NO_COGNITO_PASSWORD: Dict[str, str] = {
    EXTERNAL_PROVIDER: (
        "it is a federated user (EXTERNAL_PROVIDER) and has no Cognito password; "
        "manage its credentials at its identity provider, or leave password unset for it"
    ),
}

UPDATE_PASSWORD_CHOICES = ("when_needed", "on_create", "always")
INVITATION_CHOICES = ("suppress", "send", "resend")

# Attributes Cognito manages itself: never written, never purged.
IMMUTABLE_ATTRIBUTES = frozenset(["sub"])


def target_status(permanent: bool) -> str:
    """The user_status AdminSetUserPassword leaves a user in."""
    return CONFIRMED if permanent else FORCE_CHANGE_PASSWORD


def plan_password(user_status: str, permanent: bool, update_password: str, username: str = "") -> str:
    """Decide what to do with a declared password for an existing user.

    Returns ``SET``, ``KEEP`` or ``VERIFY``.  Raises ``CognitoError`` for a user
    whose status has no Cognito password, or a status this table does not know.
    """
    if user_status in NO_COGNITO_PASSWORD:
        raise CognitoError(f"Cannot set a password for user '{username}': {NO_COGNITO_PASSWORD[user_status]}.")
    if user_status not in PASSWORD_DECISIONS:
        raise CognitoError(
            f"Cannot set a password for user '{username}': its user_status is {user_status}, "
            f"which this collection does not manage (it handles {', '.join(sorted(PASSWORD_DECISIONS))}). "
            "Resolve the user's status in Cognito first."
        )
    if update_password == "always":
        return SET
    if update_password == "on_create":
        return KEEP
    return PASSWORD_DECISIONS[user_status][0 if permanent else 1]


def attribute_value(value) -> str:
    """Cognito stores every attribute as a string; booleans as ``true``/``false``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclass
class CurrentUser:
    """A user as read from Cognito."""

    username: str
    user_status: str
    enabled: bool
    attributes: Dict[str, str] = field(default_factory=dict)
    groups: Optional[List[str]] = None  # None: not read


@dataclass
class DesiredUser:
    """A user as declared in a task."""

    username: str
    state: str = "present"
    attributes: Optional[Dict[str, str]] = None
    purge_attributes: bool = False
    enabled: Optional[bool] = None
    groups: Optional[List[str]] = None
    purge_groups: bool = False
    password: Optional[str] = field(default=None, repr=False)
    permanent: bool = True
    update_password: str = "when_needed"
    invitation: str = "suppress"
    desired_delivery_mediums: Optional[List[str]] = None


@dataclass
class UserPlan:
    """The actions that bring one user to its declared state.

    ``verify_password`` marks a password that may already match: the applier
    settles it (a sign-in try, or keep) before anything is written.
    """

    username: str
    actions: List[str] = field(default_factory=list)
    verify_password: bool = False
    status_after: Optional[str] = None

    @property
    def changed(self) -> bool:
        return bool(self.actions)


def plan_user(current: Optional[CurrentUser], desired: DesiredUser) -> UserPlan:
    """Plan one user: ``current`` is None when the user does not exist."""
    plan = UserPlan(username=desired.username)
    if desired.state == "absent":
        if current is not None:
            plan.actions.append("delete")
        return plan

    if current is None:
        return _plan_create(desired, plan)

    plan.status_after = current.user_status
    if attributes_to_update(current.attributes, desired):
        plan.actions.append("update_attributes")
    if attributes_to_delete(current.attributes, desired):
        plan.actions.append("delete_attributes")

    if desired.password is not None:
        decision = plan_password(current.user_status, desired.permanent, desired.update_password, desired.username)
        if decision == SET:
            plan.actions.append("set_password")
            plan.status_after = target_status(desired.permanent)
        plan.verify_password = decision == VERIFY

    if desired.invitation == "resend" and current.user_status == FORCE_CHANGE_PASSWORD and "set_password" not in plan.actions:
        plan.actions.append("resend_invitation")

    if desired.groups is not None and current.groups is not None:
        plan.actions.extend(f"add_to_group:{group}" for group in _unique(desired.groups) if group not in current.groups)
        if desired.purge_groups:
            plan.actions.extend(f"remove_from_group:{group}" for group in sorted(current.groups) if group not in desired.groups)

    if desired.enabled is not None and desired.enabled != current.enabled:
        plan.actions.append("enable" if desired.enabled else "disable")
    return plan


def resolve_verification(plan: UserPlan, password_matches: bool, permanent: bool) -> None:
    """Settle a ``VERIFY`` decision once the sign-in try has answered."""
    if plan.verify_password and not password_matches:
        plan.actions.insert(_password_position(plan), "set_password")
        plan.status_after = target_status(permanent)
    plan.verify_password = False


def attributes_to_delete(current: Dict[str, str], desired: DesiredUser) -> List[str]:
    """The attribute names ``purge_attributes`` removes from ``current`` (none without it)."""
    if not desired.purge_attributes or desired.attributes is None:
        return []
    return sorted(name for name in current if name not in desired.attributes and name not in IMMUTABLE_ATTRIBUTES)


def declared_attributes(desired: DesiredUser) -> Dict[str, str]:
    """The declared attributes as Cognito stores them (every value a string)."""
    return {name: attribute_value(value) for name, value in (desired.attributes or {}).items()}


def attributes_to_update(current: Dict[str, str], desired: DesiredUser) -> Dict[str, str]:
    """The attributes whose declared value differs from ``current``."""
    return {
        name: value
        for name, value in declared_attributes(desired).items()
        if name not in IMMUTABLE_ATTRIBUTES and current.get(name) != value
    }


def _plan_create(desired: DesiredUser, plan: UserPlan) -> UserPlan:
    plan.actions.append("create")
    if desired.password is not None and desired.permanent:
        plan.actions.append("set_password")
        plan.status_after = CONFIRMED
    else:
        # A temporary password travels in AdminCreateUser itself; without one
        # Cognito generates it.  Either way the user starts here.
        plan.status_after = FORCE_CHANGE_PASSWORD
    plan.actions.extend(f"add_to_group:{group}" for group in _unique(desired.groups or []))
    if desired.enabled is False:
        plan.actions.append("disable")
    return plan


def _password_position(plan: UserPlan) -> int:
    """Where set_password goes: after attribute changes, before groups and enablement."""
    attribute_actions = ("create", "update_attributes", "delete_attributes")
    return sum(1 for action in plan.actions if action in attribute_actions)


def _unique(items: List[str]) -> List[str]:
    return list(dict.fromkeys(items))
