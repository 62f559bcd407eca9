# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The Cognito operations this collection calls: one source of truth.

Every boto3 call the collection makes is listed here with the IAM action it
needs, the Cognito request-rate quota category it counts against, and whether
it writes.  The client wrapper rate-limits and names refused actions from this
table; the IAM documentation, the role's policy template and the tests are
checked against it.
"""

from __future__ import annotations

from typing import Dict, NamedTuple


class Operation(NamedTuple):
    """One Cognito API operation as the collection uses it."""

    name: str
    category: str
    writes: bool

    @property
    def iam_action(self) -> str:
        """The IAM action a caller needs to be allowed for this operation."""
        return f"cognito-idp:{self.name}"


# Cognito's default per-account request rates (requests per second) for the
# quota categories the collection touches.  Accounts can buy more; the modules
# take overrides through their ``rate_limits`` option.
DEFAULT_RATE_LIMITS: Dict[str, float] = {
    "UserCreation": 50.0,
    "UserRead": 120.0,
    "UserList": 30.0,
    "UserUpdate": 25.0,
    "UserAuthentication": 120.0,
    "UserPoolRead": 15.0,
}

OPERATIONS: Dict[str, Operation] = {
    op.name: op
    for op in (
        Operation("DescribeUserPool", "UserPoolRead", False),
        Operation("AdminGetUser", "UserRead", False),
        Operation("AdminListGroupsForUser", "UserRead", False),
        Operation("ListUsers", "UserList", False),
        # AdminInitiateAuth changes no user data, but a failed try counts
        # towards Cognito's lockout and runs the pool's auth triggers.
        Operation("AdminInitiateAuth", "UserAuthentication", False),
        Operation("AdminCreateUser", "UserCreation", True),
        Operation("AdminSetUserPassword", "UserUpdate", True),
        Operation("AdminUpdateUserAttributes", "UserUpdate", True),
        Operation("AdminDeleteUserAttributes", "UserUpdate", True),
        Operation("AdminEnableUser", "UserUpdate", True),
        Operation("AdminDisableUser", "UserUpdate", True),
        Operation("AdminAddUserToGroup", "UserUpdate", True),
        Operation("AdminRemoveUserFromGroup", "UserUpdate", True),
        Operation("AdminDeleteUser", "UserUpdate", True),
    )
}

READ_OPERATIONS = frozenset(name for name, op in OPERATIONS.items() if not op.writes)
WRITE_OPERATIONS = frozenset(name for name, op in OPERATIONS.items() if op.writes)
