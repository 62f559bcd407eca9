# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The IAM actions a declaration can need, computed from the steps it can produce.

Private to the collection: not an API, may change in any release.

One function per kind of declaration.  Each asks the planner itself what it
would send for a declared user (or group) in every state the live one could
be in, and adds the reads the engine makes for it; the operations table turns
operations into IAM actions.  The seed_users role renders its policy from
these functions (through its filters), ``docs/iam.md`` is generated from
them, and the tests hold recorded calls to them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Dict, Iterable, List, Optional, Set

from ansible_collections.cognito.user_pool.plugins.module_utils._errors import CognitoError
from ansible_collections.cognito.user_pool.plugins.module_utils._groups import GET_GROUP_LIMIT
from ansible_collections.cognito.user_pool.plugins.module_utils._groups import DesiredGroup
from ansible_collections.cognito.user_pool.plugins.module_utils._groups import GroupState
from ansible_collections.cognito.user_pool.plugins.module_utils._groups import plan_group
from ansible_collections.cognito.user_pool.plugins.module_utils._model import CurrentUser
from ansible_collections.cognito.user_pool.plugins.module_utils._model import DesiredUser
from ansible_collections.cognito.user_pool.plugins.module_utils._model import PoolFacts
from ansible_collections.cognito.user_pool.plugins.module_utils._operations import OPERATIONS
from ansible_collections.cognito.user_pool.plugins.module_utils._planner import plan_user
from ansible_collections.cognito.user_pool.plugins.module_utils._status import PASSWORD_DECISIONS

# An attribute and a group no declaration names, standing for whatever else a live user may have.
_OTHER = "zz-not-declared"


def _live_users(desired: DesiredUser) -> List[Optional[CurrentUser]]:
    """Every kind of live user a declaration may meet: none, and one per status, enablement and drift."""
    drifted = {name: f"{_OTHER}-value" for name in (desired.attributes or {})}
    drifted[_OTHER] = "value"
    users: List[Optional[CurrentUser]] = [None]
    for status in PASSWORD_DECISIONS:
        for enabled in (True, False):
            users.append(CurrentUser("u", status, enabled, dict(drifted), [_OTHER]))
            users.append(CurrentUser("u", status, enabled, {}, []))
    return users


def user_operations(desired: DesiredUser, verify: bool = False) -> Set[str]:
    """The operations ``cognito_user`` can call for one declared user."""
    found = {"DescribeUserPool"}
    if desired.state == "absent":
        # Deleted outright; read first in check mode and for diffs.
        found |= {"AdminGetUser", "AdminDeleteUser"}
        return found
    # Listed, and read again before any write (or to confirm a miss).
    found |= {"ListUsers", "AdminGetUser"}
    if desired.groups is not None:
        found |= {"AdminListGroupsForUser"}
    if desired.groups:
        found |= {"GetGroup"}
    pool = PoolFacts(user_pool_id="eu-west-1_Example")
    for current in _live_users(desired):
        for matches in (None, False, True):
            try:
                plan = plan_user(current, desired, pool, password_matches=matches, can_verify=verify)
            except CognitoError:
                continue
            found |= {step.operation for step in plan.steps}
            if plan.needs_verification:
                found.add("AdminInitiateAuth")
    return found


def users_operations(users: Iterable[DesiredUser], verify: bool = False, purge: bool = False) -> Set[str]:
    """The operations ``cognito_user`` can call for a list of declared users."""
    found = {"DescribeUserPool"}
    for desired in users:
        found |= user_operations(desired, verify)
    if purge:
        found |= {"ListUsers", "AdminDeleteUser"}
    return found


def groups_operations(groups: List[DesiredGroup]) -> Set[str]:
    """The operations ``cognito_group`` can call for a list of declared groups."""
    if not groups:
        return set()
    found = {"DescribeUserPool", "GetGroup"}
    if len(groups) > GET_GROUP_LIMIT:
        found.add("ListGroups")
    for desired in groups:
        for current in (GroupState(False), GroupState(True, f"{_OTHER}", 99, f"arn:aws:iam::000000000000:role/{_OTHER}")):
            found |= {step.operation for step in plan_group(current, desired).steps}
    return found


def password_operations(method: str = "admin_set_user_password", client_id: bool = False,
                        required_attributes: bool = False) -> Set[str]:
    """The operations ``cognito_user_password`` can call."""
    found = {"DescribeUserPool", "ListUsers", "AdminGetUser"}
    if method == "new_password_challenge":
        found |= {"AdminInitiateAuth", "AdminRespondToAuthChallenge"}
        if required_attributes:
            found.add("DescribeUserPoolClient")  # the app client's WriteAttributes, read before the sign-in
        return found
    found.add("AdminSetUserPassword")
    if client_id:
        found.add("AdminInitiateAuth")
    return found


SIGN_IN_OPERATIONS = frozenset(["AdminInitiateAuth"])

# The jobs one policy can cover: bring the declarations to their state (seed), delete the declared users and
# groups (teardown), sign the users in once (verify).
POLICY_JOBS = ("seed", "teardown", "verify")


def jobs_operations(jobs: Iterable[str], users: List[DesiredUser], groups: List[DesiredGroup],
                    purge: bool = False) -> Set[str]:
    """The operations of every job in ``jobs`` for these declarations: one policy for a seed and its teardown."""
    jobs = set(jobs)
    found: Set[str] = set()
    if "seed" in jobs:
        found |= users_operations(users, purge=purge) | groups_operations(groups)
    if "teardown" in jobs:
        found |= users_operations([replace(user, state="absent") for user in users], purge=purge)
        found |= groups_operations([replace(group, state="absent") for group in groups])
    if "verify" in jobs:
        found |= {"DescribeUserPool"} | SIGN_IN_OPERATIONS
    return found


def iam_actions(operations: Iterable[str]) -> List[str]:
    """The IAM actions of ``operations``, sorted."""
    return sorted({OPERATIONS[name].iam_action for name in operations})


# The Service Authorization Reference, "Actions defined by Amazon Cognito User Pools"
# (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncognitouserpools.html), lists
# iam:PassRole in the "Dependent actions" column of CreateGroup and UpdateGroup: a group's RoleArn is a role
# passed to Cognito, and IAM checks it against the role's own ARN, not the pool's.
PASS_ROLE_ACTION = "iam:PassRole"


def pass_roles(groups: Iterable[DesiredGroup]) -> List[str]:
    """The role ARNs the declared present groups name (``role_arn``): the roles CreateGroup and UpdateGroup pass."""
    return sorted({group.role_arn for group in groups if group.state == "present" and group.role_arn})


def policy_document(actions: List[str], resource: str, sid: str = "CognitoUserPool",
                    passed_roles: Iterable[str] = ()) -> Dict[str, Any]:
    """A policy allowing ``actions`` on ``resource`` (a user pool's ARN), and iam:PassRole on exactly
    ``passed_roles`` (the groups' role ARNs) when there are any; nothing else."""
    statements = [{"Sid": sid, "Effect": "Allow", "Action": sorted(actions), "Resource": resource}]
    roles = sorted(set(passed_roles))
    if roles:
        statements.append({"Sid": f"{sid}PassGroupRoles", "Effect": "Allow", "Action": PASS_ROLE_ACTION,
                           "Resource": roles})
    return {"Version": "2012-10-17", "Statement": statements}
