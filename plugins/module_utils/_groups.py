# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""User pool groups: read, plan and apply, one or many per task (``cognito_group``).

Private to the collection: not an API, may change in any release.

The same shape as the user engine: the groups are read (a few with
``GetGroup``, many with one ``ListGroups`` listing), each declared group is
planned into steps that carry their requests, and the steps are sent as
planned.  A group about to be written is read again with ``GetGroup`` first.
``UpdateGroup`` is sent with every field, the unchanged ones at their current
values: older API references said "If you don't provide a value for an
attribute, it will be set to the default value", and the current one no longer
says either way.  Deleting a group removes it from its members; the current
API reference of DeleteGroup sets no condition on members ("When you delete a
group, that group no longer contributes to users' cognito:preferred_group or
cognito:groups claims").
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional

from ansible_collections.cognito.user_pool.plugins.module_utils._errors import CognitoError
from ansible_collections.cognito.user_pool.plugins.module_utils._outcomes import summarize
from ansible_collections.cognito.user_pool.plugins.module_utils._steps import Step

# Up to this many declared groups are read one by one; more are read with one ListGroups listing.
GET_GROUP_LIMIT = 3
FIELDS = (("description", "Description"), ("precedence", "Precedence"), ("role_arn", "RoleArn"))
MAX_REPLANS = 2


@dataclass
class DesiredGroup:
    name: str
    state: str = "present"
    description: Optional[str] = None
    precedence: Optional[int] = None
    role_arn: Optional[str] = None


@dataclass(frozen=True)
class GroupState:
    present: bool
    description: Optional[str] = None
    precedence: Optional[int] = None
    role_arn: Optional[str] = None
    consistent: bool = True

    @classmethod
    def of(cls, record: Optional[Mapping[str, Any]], consistent: bool = True) -> "GroupState":
        if record is None:
            return cls(False, consistent=consistent)
        return cls(True, record.get("Description") or None, record.get("Precedence"), record.get("RoleArn"), consistent)

    def as_dict(self) -> Dict[str, Any]:
        if not self.present:
            return {"state": "absent"}
        return {"state": "present", "description": self.description, "precedence": self.precedence, "role_arn": self.role_arn}


@dataclass
class GroupPlan:
    name: str
    steps: List[Step] = field(default_factory=list)
    before: GroupState = GroupState(False)
    after: GroupState = GroupState(False)


def plan_group(current: GroupState, desired: DesiredGroup) -> GroupPlan:
    """The steps that bring one group to its declared state.  Unset fields keep their current values."""
    plan = GroupPlan(desired.name, before=current, after=current)
    if desired.state == "absent":
        if current.present:
            plan.steps.append(Step("DeleteGroup", {"GroupName": desired.name}, "delete"))
            plan.after = GroupState(False)
        return plan
    wanted = {name: getattr(desired, name) if getattr(desired, name) is not None else getattr(current, name)
              for name, dummy in FIELDS}
    wanted["description"] = wanted["description"] or None  # Cognito answers "" for a group without one
    if not current.present:
        request = {"GroupName": desired.name}
        request.update({key: wanted[name] for name, key in FIELDS if wanted[name] is not None})
        plan.steps.append(Step("CreateGroup", request, "create"))
    elif any(wanted[name] != getattr(current, name) for name, dummy in FIELDS):
        request = {"GroupName": desired.name}
        request.update({key: wanted[name] for name, key in FIELDS if wanted[name] is not None})
        if desired.description == "" and current.description:
            # Declared empty: cleared with an empty Description (DescriptionType has no minimum length in the API
            # reference); left out, UpdateGroup would keep the old one and the group would differ on every run.
            request["Description"] = ""
        plan.steps.append(Step("UpdateGroup", request, "update"))
    plan.after = GroupState(True, **wanted)
    return plan


@dataclass
class GroupOutcome:
    name: str
    actions: List[str] = field(default_factory=list)
    before: Optional[GroupState] = None
    after: Optional[GroupState] = None
    error: Optional[str] = None

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
        entry: Dict[str, Any] = {"name": self.name, "changed": self.changed, "actions": list(self.actions)}
        entry.update(self.after.as_dict() if self.after is not None else {"state": None})
        if self.error is not None:
            entry["error"] = self.error
        return entry

    def diff(self) -> Dict[str, Any]:
        return {"before_header": self.name, "after_header": self.name,
                "before": (self.before or GroupState(False)).as_dict(),
                "after": (self.after or self.before or GroupState(False)).as_dict()}


def check_unique_names(desired_groups: List[DesiredGroup]) -> None:
    seen, twice = set(), set()
    for group in desired_groups:
        (twice if group.name in seen else seen).add(group.name)
    if twice:
        raise CognitoError(f"groups lists these names more than once: {', '.join(sorted(twice))}. Declare each group once.")


def converge_groups(client, desired_groups: List[DesiredGroup], check_mode: bool, max_concurrency: int = 8) -> List[GroupOutcome]:
    """Bring every declared group to its state; one outcome per group, in input order."""
    check_unique_names(desired_groups)
    client.describe_user_pool()  # the pool exists, and the credentials reach it, before anything else
    listed: Optional[Dict[str, GroupState]] = None
    if len(desired_groups) > GET_GROUP_LIMIT:
        listed = {group["GroupName"]: GroupState.of(group, consistent=False) for group in client.list_groups()}
    outcomes = [GroupOutcome(group.name) for group in desired_groups]

    def one(item) -> None:
        desired, outcome = item
        try:
            _converge_group(client, desired, listed, check_mode, outcome)
        except CognitoError as e:
            outcome.error = e.message

    items = list(zip(desired_groups, outcomes))
    if len(items) <= 1:
        for item in items:
            one(item)
    else:
        with ThreadPoolExecutor(max_workers=max(1, max_concurrency)) as workers:
            list(workers.map(one, items))
    return outcomes


def _read(client, name: str) -> GroupState:
    return GroupState.of(client.get_group(name))


def _converge_group(client, desired: DesiredGroup, listed: Optional[Dict[str, GroupState]], check_mode: bool,
                    outcome: GroupOutcome) -> None:
    current = listed.get(desired.name, GroupState(False, consistent=False)) if listed is not None else _read(client, desired.name)
    plan = plan_group(current, desired)
    if plan.steps and not current.consistent:
        current = _read(client, desired.name)
        plan = plan_group(current, desired)
    outcome.before = plan.before
    if check_mode or not plan.steps:
        outcome.actions, outcome.after = [step.label for step in plan.steps], plan.after
        return
    _apply(client, desired, plan, outcome, MAX_REPLANS)


def _apply(client, desired: DesiredGroup, plan: GroupPlan, outcome: GroupOutcome, replans: int) -> None:
    outcome.after = plan.before
    for step in plan.steps:
        try:
            client.call(step.operation, step.request)
        except CognitoError as e:
            races = ("GroupExistsException",) if step.operation == "CreateGroup" else ("ResourceNotFoundException",)
            if e.code not in races or replans <= 0:
                raise
            _apply(client, desired, plan_group(_read(client, desired.name), desired), outcome, replans - 1)
            return
        outcome.actions.append(step.label)
    outcome.after = plan.after


def summarize_groups(outcomes: List[GroupOutcome]) -> Dict[str, int]:
    """The same counts as for users (``summarize``): created, updated, unchanged, deleted, failed, total."""
    return summarize(outcomes)
