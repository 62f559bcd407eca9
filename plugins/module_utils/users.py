# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Read, plan and apply: bring declared users to their state, one or thousands at a time.

``converge`` reads the pool once, reads the users (one ``ListUsers`` scan when
that is quicker than one ``AdminGetUser`` each), then plans and applies
each user in a bounded worker pool.  One user's failure never stops the others;
it is reported with its reason.  In check mode nothing is written.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional

from ansible_collections.cognito.user_pool.plugins.module_utils.errors import CognitoError
from ansible_collections.cognito.user_pool.plugins.module_utils.password_policy import PasswordPolicy
from ansible_collections.cognito.user_pool.plugins.module_utils.planner import FORCE_CHANGE_PASSWORD
from ansible_collections.cognito.user_pool.plugins.module_utils.planner import CurrentUser
from ansible_collections.cognito.user_pool.plugins.module_utils.planner import DesiredUser
from ansible_collections.cognito.user_pool.plugins.module_utils.planner import UserPlan
from ansible_collections.cognito.user_pool.plugins.module_utils.planner import attributes_to_delete
from ansible_collections.cognito.user_pool.plugins.module_utils.planner import attributes_to_update
from ansible_collections.cognito.user_pool.plugins.module_utils.planner import declared_attributes
from ansible_collections.cognito.user_pool.plugins.module_utils.planner import plan_user
from ansible_collections.cognito.user_pool.plugins.module_utils.planner import resolve_verification
from ansible_collections.cognito.user_pool.plugins.module_utils.planner import target_status

LIST_USERS_PAGE_SIZE = 60
# A typical Cognito round trip, to weigh sequential pages against parallel reads.
ROUND_TRIP_SECONDS = 0.05


@dataclass
class ConvergeOptions:
    """How to converge, beyond what each user declares."""

    check_mode: bool = False
    max_concurrency: int = 8
    require_existing: bool = False  # cognito_user_password manages existing users only
    verify_client_id: Optional[str] = None
    verify_client_secret: Optional[str] = field(default=None, repr=False)
    want_diff: bool = False
    warn: Callable[[str], None] = lambda message: None


@dataclass
class UserOutcome:
    """What happened to one declared user."""

    username: str
    actions: List[str] = field(default_factory=list)
    user_status: Optional[str] = None
    enabled: Optional[bool] = None
    error: Optional[str] = None
    before: Optional[Dict[str, Any]] = None
    after: Optional[Dict[str, Any]] = None

    @property
    def changed(self) -> bool:
        return bool(self.actions)

    def result(self) -> Dict[str, Any]:
        """The module's ``users[]`` entry; never holds a password."""
        entry: Dict[str, Any] = {
            "username": self.username,
            "changed": self.changed,
            "actions": list(self.actions),
            "user_status": self.user_status,
            "enabled": self.enabled,
        }
        if self.error is not None:
            entry["error"] = self.error
        return entry


def check_unique_usernames(desired_users: List[DesiredUser]) -> None:
    """Reject a batch that names one user twice, before any call."""
    counts = Counter(user.username for user in desired_users)
    duplicates = sorted(name for name, count in counts.items() if count > 1)
    if duplicates:
        raise CognitoError(
            f"users lists these usernames more than once: {', '.join(duplicates)}. "
            "Declare each user once."
        )


def summarize(outcomes: List[UserOutcome]) -> Dict[str, int]:
    """Counts of created, updated, unchanged, deleted and failed users."""
    summary = {"created": 0, "updated": 0, "unchanged": 0, "deleted": 0, "failed": 0}
    for outcome in outcomes:
        if outcome.error is not None:
            summary["failed"] += 1
        elif "create" in outcome.actions:
            summary["created"] += 1
        elif "delete" in outcome.actions:
            summary["deleted"] += 1
        elif outcome.changed:
            summary["updated"] += 1
        else:
            summary["unchanged"] += 1
    return summary


def converge(client, desired_users: List[DesiredUser], options: ConvergeOptions) -> List[UserOutcome]:
    """Bring every desired user to its declared state; one outcome per user, in input order."""
    check_unique_usernames(desired_users)
    user_pool = client.describe_user_pool()
    policy = PasswordPolicy.from_user_pool(user_pool)
    listed = _list_users_if_quicker(client, user_pool, desired_users, options.max_concurrency)

    def one(desired: DesiredUser) -> UserOutcome:
        return _converge_user(client, desired, policy, listed, options)

    if len(desired_users) == 1:
        return [one(desired_users[0])]
    with ThreadPoolExecutor(max_workers=max(1, options.max_concurrency)) as pool:
        return list(pool.map(one, desired_users))


def current_user_from(record: Dict[str, Any]) -> CurrentUser:
    """A ``CurrentUser`` from an ``AdminGetUser`` answer or a ``ListUsers`` entry."""
    attributes = record.get("UserAttributes", record.get("Attributes", []))
    return CurrentUser(
        username=record["Username"],
        user_status=record.get("UserStatus", ""),
        enabled=bool(record.get("Enabled", True)),
        attributes={attribute["Name"]: attribute.get("Value", "") for attribute in attributes},
    )


def list_page_budget(users_to_read: int, list_rate: float, read_rate: float, concurrency: int) -> int:
    """How many ``ListUsers`` pages take less time than one ``AdminGetUser`` per user.

    ``ListUsers`` pages follow each other (60 users a call, under the UserList
    quota); ``AdminGetUser`` calls run ``concurrency`` at a time under the
    UserRead quota.  A rate of 0 means unpaced.  Each side takes the longer of
    its quota-bound time and its round-trip-bound time.
    """
    if users_to_read <= 1:
        return 0
    page_seconds = max(1.0 / list_rate if list_rate > 0 else 0.0, ROUND_TRIP_SECONDS)
    read_seconds = max(users_to_read / read_rate if read_rate > 0 else 0.0,
                       users_to_read * ROUND_TRIP_SECONDS / max(concurrency, 1))
    return math.ceil(read_seconds / page_seconds) - 1


def pool_scan_pages(estimated_users: int) -> int:
    """The ``ListUsers`` pages an unfiltered scan of a pool this size takes (at least one)."""
    return math.ceil(max(estimated_users, 1) / LIST_USERS_PAGE_SIZE)


def prefer_list_users(estimated_users: int, users_to_read: int, list_rate: float, read_rate: float,
                      concurrency: int) -> bool:
    """Is one unfiltered ``ListUsers`` scan of a pool this size quicker than one ``AdminGetUser`` per user?"""
    return pool_scan_pages(estimated_users) <= list_page_budget(users_to_read, list_rate, read_rate, concurrency)


def username_prefix_filter(usernames: List[str]) -> Optional[str]:
    """A ``ListUsers`` filter for the usernames' common prefix, or None when they share none.

    Generated test users (``user0001`` ... ``user0500``) share one, so a batch
    can list just its neighbours instead of the whole pool.
    """
    prefix = os.path.commonprefix(usernames) if len(usernames) > 1 else ""
    if not prefix or '"' in prefix or "\\" in prefix:
        return None
    return f'username ^= "{prefix}"'


def _list_users_if_quicker(client, user_pool: Dict[str, Any], desired_users: List[DesiredUser],
                           concurrency: int) -> Optional[Dict[str, CurrentUser]]:
    """Read the users with ListUsers when that is quicker than one AdminGetUser each.

    In a pool whose usernames are usernames (no ``UsernameAttributes``), only
    the users sharing the batch's common prefix are listed.  Listing stops,
    and each user is read on its own, once it has taken more pages than the
    reads would have taken time.

    Returns the users indexed by username and by every attribute that can
    stand for the username in this pool (``UsernameAttributes``), or None when
    each user should be read on its own.
    """
    budget = list_page_budget(len(desired_users), client.rate("UserList"), client.rate("UserRead"), concurrency)
    if budget < 1:
        return None
    username_attributes = user_pool.get("UsernameAttributes") or []
    filter_expression = None if username_attributes else username_prefix_filter([user.username for user in desired_users])
    if filter_expression is None and pool_scan_pages(int(user_pool.get("EstimatedNumberOfUsers") or 0)) > budget:
        return None
    index: Dict[str, CurrentUser] = {}
    for number, page in enumerate(client.list_user_pages(filter_expression), start=1):
        if number > budget:
            return None
        for record in page:
            user = current_user_from(record)
            index[user.username] = user
            for name in username_attributes:
                if user.attributes.get(name):
                    index.setdefault(user.attributes[name], user)
    return index


def _read_user(client, username: str, listed: Optional[Dict[str, CurrentUser]]) -> Optional[CurrentUser]:
    if listed is not None:
        return listed.get(username)
    record = client.get_user(username)
    return current_user_from(record) if record is not None else None


def _converge_user(client, desired: DesiredUser, policy: PasswordPolicy, listed, options: ConvergeOptions) -> UserOutcome:
    outcome = UserOutcome(username=desired.username)
    try:
        if desired.state == "present" and desired.password is not None:
            policy.check(desired.password, desired.username, client.user_pool_id)
        current = _read_user(client, desired.username, listed)
        if current is None and options.require_existing:
            raise client.user_not_found(desired.username)
        if current is not None and desired.groups is not None and desired.state == "present":
            current.groups = client.list_groups_for_user(current.username)
        plan = plan_user(current, desired)
        if plan.verify_password:
            _settle_verification(client, current, desired, plan, options)
        _describe(outcome, current, desired, plan, options.want_diff)
        if options.check_mode:
            outcome.actions = list(plan.actions)
        else:
            _apply(client, current, desired, plan, outcome)
    except CognitoError as e:
        outcome.error = e.message or str(e)
    return outcome


def _settle_verification(client, current: CurrentUser, desired: DesiredUser, plan: UserPlan, options: ConvergeOptions) -> None:
    if not options.verify_client_id:
        resolve_verification(plan, password_matches=True, permanent=desired.permanent)
        return
    if not current.enabled:
        options.warn(
            f"User '{desired.username}' is disabled, so Cognito cannot sign it in to verify its password; "
            "its password was left as it is."
        )
        resolve_verification(plan, password_matches=True, permanent=desired.permanent)
        return
    matches = client.password_matches(current.username, desired.password, options.verify_client_id, options.verify_client_secret)
    resolve_verification(plan, password_matches=matches, permanent=desired.permanent)


def _describe(outcome: UserOutcome, current: Optional[CurrentUser], desired: DesiredUser, plan: UserPlan, want_diff: bool) -> None:
    """Fill the outcome's after-state (as planned) and, when asked, its diff."""
    if desired.state == "absent":
        outcome.user_status, outcome.enabled = None, None
    else:
        outcome.user_status = plan.status_after
        if "enable" in plan.actions or "disable" in plan.actions:
            outcome.enabled = "enable" in plan.actions
        else:
            outcome.enabled = current.enabled if current is not None else True
    if want_diff:
        outcome.before = _state(current, desired)
        outcome.after = _planned_state(current, desired, outcome)


def _state(current: Optional[CurrentUser], desired: DesiredUser) -> Dict[str, Any]:
    if current is None:
        return {"state": "absent"}
    state: Dict[str, Any] = {"state": "present", "user_status": current.user_status, "enabled": current.enabled,
                             "attributes": dict(sorted(current.attributes.items()))}
    if current.groups is not None:
        state["groups"] = sorted(current.groups)
    return state


def _planned_state(current: Optional[CurrentUser], desired: DesiredUser, outcome: UserOutcome) -> Dict[str, Any]:
    if desired.state == "absent":
        return {"state": "absent"}
    attributes = dict(current.attributes) if current is not None else {}
    attributes.update(declared_attributes(desired))
    for name in attributes_to_delete(current.attributes if current is not None else {}, desired):
        attributes.pop(name, None)
    state: Dict[str, Any] = {"state": "present", "user_status": outcome.user_status, "enabled": outcome.enabled,
                             "attributes": dict(sorted(attributes.items()))}
    groups = current.groups if current is not None and current.groups is not None else []
    if desired.groups is not None:
        kept = [group for group in groups if group in desired.groups or not desired.purge_groups]
        state["groups"] = sorted(set(kept) | set(desired.groups))
    elif current is not None and current.groups is not None:
        state["groups"] = sorted(groups)
    return state


def _apply(client, current: Optional[CurrentUser], desired: DesiredUser, plan: UserPlan, outcome: UserOutcome) -> None:
    """Run the plan's actions in order, recording each one done; stop at the first failure.

    The outcome's status and enablement follow the actions done, so that a
    user that failed half-way is reported as it really is.
    """
    username = current.username if current is not None else desired.username
    current_attributes = current.attributes if current is not None else {}
    if current is not None:
        outcome.user_status, outcome.enabled = current.user_status, current.enabled
    for action in plan.actions:
        if action == "create":
            created = client.create_user(
                desired.username,
                declared_attributes(desired),
                temporary_password=None if desired.permanent else desired.password,
                message_action="SUPPRESS" if desired.invitation == "suppress" else None,
                delivery_mediums=desired.desired_delivery_mediums,
            )
            username = created.get("Username", username)
            outcome.user_status, outcome.enabled = created.get("UserStatus", FORCE_CHANGE_PASSWORD), True
        elif action == "set_password":
            client.set_user_password(username, desired.password, desired.permanent)
            outcome.user_status = target_status(desired.permanent)
        elif action == "update_attributes":
            client.update_user_attributes(username, attributes_to_update(current_attributes, desired))
        elif action == "delete_attributes":
            client.delete_user_attributes(username, attributes_to_delete(current_attributes, desired))
        elif action == "resend_invitation":
            client.create_user(username, {}, message_action="RESEND", delivery_mediums=desired.desired_delivery_mediums)
        elif action == "enable":
            client.enable_user(username)
            outcome.enabled = True
        elif action == "disable":
            client.disable_user(username)
            outcome.enabled = False
        elif action == "delete":
            client.delete_user(username)
            outcome.user_status, outcome.enabled = None, None
        elif action.startswith("add_to_group:"):
            client.add_user_to_group(username, action.split(":", 1)[1])
        elif action.startswith("remove_from_group:"):
            client.remove_user_from_group(username, action.split(":", 1)[1])
        else:  # pragma: no cover - the planner only emits the actions above
            raise AssertionError(f"unknown action {action}")
        outcome.actions.append(action)


def user_info(record: Dict[str, Any], groups: Optional[List[str]] = None) -> Dict[str, Any]:
    """A user as ``cognito_user_info`` returns it: snake_case keys, attributes as a dict."""
    user = current_user_from(record)
    info: Dict[str, Any] = {
        "username": user.username,
        "user_status": user.user_status,
        "enabled": user.enabled,
        "attributes": user.attributes,
    }
    for key, name in (("UserCreateDate", "user_create_date"), ("UserLastModifiedDate", "user_last_modified_date")):
        if record.get(key) is not None:
            info[name] = record[key].isoformat() if hasattr(record[key], "isoformat") else str(record[key])
    if record.get("MFAOptions"):
        info["mfa_options"] = [{"delivery_medium": o.get("DeliveryMedium"), "attribute_name": o.get("AttributeName")}
                               for o in record["MFAOptions"]]
    if groups is not None:
        info["groups"] = groups
    return info
