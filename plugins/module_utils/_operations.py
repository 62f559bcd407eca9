# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The Cognito operations this collection calls, and the request-rate quotas they count against.

Private to the collection: not an API, may change in any release.

One source of truth.  Each operation names its IAM action, its quota
category, whether it writes and whether it counts towards the per-user quota.
The client paces itself from this table; the module docs, the role's IAM
policy, ``docs/iam.md`` and the tests read or are checked against it.

The categories, their default rates and the per-user and per-pool rules are
AWS's, from "Quotas in Amazon Cognito", section "Amazon Cognito user pools API
operation categories and request rate quotas"
(https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html), read
2026-11; only the categories the collection's operations count against are
listed:

- "Category operation quotas, are applied across all users in a user pool.
  There are also per-user quotas that apply to each user. For each user, you
  can make up to ten requests per second that are "read" operations [...] You
  can also make up to ten requests per second that are "write" operations
  [...] You can't change per-user quotas."
- The per-user table gives examples only ("Read user profile: GetUser, GetDevice,
  InitiateAuth, RespondToAuthChallenge"; "Write user profile: UpdateUserAttributes,
  SetUserSettings"); the ``per_user`` column follows them for the Admin* operations.
- For the UserPoolResource and UserPoolClient categories: "Any individual
  operation in this category has a constraint that prevents the operation from
  being called at a rate higher than 5 RPS for a single user pool."
"""

from __future__ import annotations

from typing import Dict, NamedTuple, Optional

# The per-user quota: requests a second for one user, reads and writes apart.
PER_USER_RATE = 10.0
# The per-pool ceiling of each operation in the starred categories.
PER_POOL_OPERATION_RATE = 5.0

READ = "read"
WRITE = "write"


class QuotaCategory(NamedTuple):
    """One of Cognito's request-rate quota categories."""

    name: str
    default_rate: float  # requests per second, per account and region
    per_pool_operation_limit: bool = False  # each operation at most PER_POOL_OPERATION_RATE per pool
    adjustable: bool = True


class Operation(NamedTuple):
    """One Cognito API operation as the collection uses it."""

    name: str
    category: str
    writes: bool
    per_user: Optional[str] = None  # READ or WRITE when it counts towards the per-user quota

    @property
    def iam_action(self) -> str:
        """The IAM action a caller needs to be allowed for this operation."""
        return f"cognito-idp:{self.name}"

    @property
    def quota(self) -> QuotaCategory:
        return QUOTA_CATEGORIES[self.category]


QUOTA_CATEGORIES: Dict[str, QuotaCategory] = {
    category.name: category
    for category in (
        QuotaCategory("UserAuthentication", 120.0),
        QuotaCategory("UserCreation", 50.0),
        QuotaCategory("UserAccountRecovery", 30.0, adjustable=False),
        QuotaCategory("UserRead", 120.0),
        QuotaCategory("UserUpdate", 25.0, adjustable=False),
        QuotaCategory("UserResourceRead", 50.0),
        QuotaCategory("UserList", 30.0, adjustable=False),
        QuotaCategory("UserPoolRead", 15.0, adjustable=False),
        QuotaCategory("UserPoolResourceRead", 20.0, per_pool_operation_limit=True, adjustable=False),
        QuotaCategory("UserPoolResourceUpdate", 15.0, per_pool_operation_limit=True, adjustable=False),
        # "UserPoolClientRead: Operations that list your user pool clients.*", 15, not adjustable.
        QuotaCategory("UserPoolClientRead", 15.0, per_pool_operation_limit=True, adjustable=False),
    )
}

OPERATIONS: Dict[str, Operation] = {
    op.name: op
    for op in (
        Operation("DescribeUserPool", "UserPoolRead", False),
        Operation("ListUsers", "UserList", False),
        Operation("AdminGetUser", "UserRead", False, READ),
        Operation("AdminListGroupsForUser", "UserResourceRead", False, READ),
        # Signing in changes no user data, but a refused try counts towards
        # Cognito's lockout and the pool's authentication triggers run.
        Operation("AdminInitiateAuth", "UserAuthentication", False, READ),
        # Our only challenge answer is NEW_PASSWORD_REQUIRED, which "counts toward the
        # UserAccountRecovery category" (the quotas page's footnote on AdminRespondToAuthChallenge).
        # Per user it is a read: the quotas page's per-user table lists RespondToAuthChallenge beside
        # InitiateAuth under "Read user profile", though the answer sets a password.
        Operation("AdminRespondToAuthChallenge", "UserAccountRecovery", True, READ),
        Operation("AdminCreateUser", "UserCreation", True, WRITE),
        Operation("AdminSetUserPassword", "UserAccountRecovery", True, WRITE),
        Operation("AdminUpdateUserAttributes", "UserUpdate", True, WRITE),
        Operation("AdminDeleteUserAttributes", "UserUpdate", True, WRITE),
        Operation("AdminEnableUser", "UserUpdate", True, WRITE),
        Operation("AdminDisableUser", "UserUpdate", True, WRITE),
        Operation("AdminDeleteUser", "UserUpdate", True, WRITE),
        # The quotas page lists the group-membership operations under UserUpdate (its
        # UserResourceUpdate description mentions group membership, its operations list does not).
        Operation("AdminAddUserToGroup", "UserUpdate", True, WRITE),
        Operation("AdminRemoveUserFromGroup", "UserUpdate", True, WRITE),
        Operation("GetGroup", "UserPoolResourceRead", False),
        Operation("ListGroups", "UserPoolResourceRead", False),
        Operation("ListUsersInGroup", "UserList", False),
        Operation("CreateGroup", "UserPoolResourceUpdate", True),
        Operation("UpdateGroup", "UserPoolResourceUpdate", True),
        Operation("DeleteGroup", "UserPoolResourceUpdate", True),
        # The app client's WriteAttributes, read before a NEW_PASSWORD_REQUIRED answer that sets attributes.
        Operation("DescribeUserPoolClient", "UserPoolClientRead", False),
    )
}

READ_OPERATIONS = frozenset(name for name, op in OPERATIONS.items() if not op.writes)
WRITE_OPERATIONS = frozenset(name for name, op in OPERATIONS.items() if op.writes)

# The categories the collection's calls count against, with AWS's default rates:
# the ``rate_limits`` option's keys and defaults.
USED_CATEGORIES = tuple(sorted({op.category for op in OPERATIONS.values()}))
DEFAULT_RATE_LIMITS: Dict[str, float] = {name: QUOTA_CATEGORIES[name].default_rate for name in USED_CATEGORIES}


def operations_in(category: str) -> list:
    """The collection's operations that count against ``category``, by name."""
    return sorted(name for name, op in OPERATIONS.items() if op.category == category)
