# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The status table: what to do with a declared password, given the user's live ``UserStatus``.

Private to the collection: not an API, may change in any release.

The module docs, the status diagram (``docs/user_status.svg``), the planner
and its tests all read ``PASSWORD_DECISIONS``.  AdminSetUserPassword's
reference says why the table looks as it does: "If the password is
temporary, the user's Status becomes FORCE_CHANGE_PASSWORD [...] After the
user sets a new password, or if you set a permanent password, their status
becomes Confirmed."
"""

from __future__ import annotations

from typing import Dict, Tuple

from ansible_collections.cognito.user_pool.plugins.module_utils._errors import CognitoError
from ansible_collections.cognito.user_pool.plugins.module_utils._model import COMPROMISED
from ansible_collections.cognito.user_pool.plugins.module_utils._model import CONFIRMED
from ansible_collections.cognito.user_pool.plugins.module_utils._model import EXTERNAL_PROVIDER
from ansible_collections.cognito.user_pool.plugins.module_utils._model import FORCE_CHANGE_PASSWORD
from ansible_collections.cognito.user_pool.plugins.module_utils._model import RESET_REQUIRED
from ansible_collections.cognito.user_pool.plugins.module_utils._model import UNCONFIRMED

SET = "set"  # send the password
KEEP = "keep"  # nothing to do
VERIFY = "verify"  # already at the target status: the password may match; a sign-in try settles it

# user_status -> (decision when permanent, decision when temporary).
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

# Statuses the API reference keeps in UserStatusType but says Cognito no longer gives a user (UserType.UserStatus:
# "The statuses ARCHIVED, UNKNOWN, and COMPROMISED are no longer used"); COMPROMISED stays in the table above, as
# older users may still carry it.  A declared password for such a user fails, naming the status.
RETIRED_STATUSES = ("ARCHIVED", "UNKNOWN")

# Every UserStatusType value of the API reference (botocore's service model), in its order: the choices of
# cognito_user_info's user_status.
USER_STATUSES = ("UNCONFIRMED", "CONFIRMED", "ARCHIVED", "COMPROMISED", "UNKNOWN", "RESET_REQUIRED",
                 "FORCE_CHANGE_PASSWORD", "EXTERNAL_PROVIDER")

UPDATE_PASSWORD_CHOICES = ("when_needed", "on_create", "always")


def target_status(permanent: bool) -> str:
    """The user_status AdminSetUserPassword leaves a user in."""
    return CONFIRMED if permanent else FORCE_CHANGE_PASSWORD


def password_decision(user_status: str, permanent: bool, update_password: str, username: str = "") -> str:
    """What to do with a declared password for an existing user: ``SET``, ``KEEP`` or ``VERIFY``.

    ``update_password: on_create`` still finishes a user left in
    FORCE_CHANGE_PASSWORD with a permanent password declared: a run stopped
    between AdminCreateUser and AdminSetUserPassword leaves exactly that, and
    nothing else would ever let that user sign in.  Raises ``CognitoError``
    for a status with no Cognito password, or one this table does not know.
    """
    if user_status in NO_COGNITO_PASSWORD:
        raise CognitoError(f"Cannot set a password for user '{username}': {NO_COGNITO_PASSWORD[user_status]}.")
    if user_status in RETIRED_STATUSES:
        raise CognitoError(
            f"Cannot set a password for user '{username}': its user_status is {user_status}, which the Cognito API "
            "reference says is no longer used (\"The statuses ARCHIVED, UNKNOWN, and COMPROMISED are no longer "
            "used\"), so this collection does not guess what a password does to it. Resolve the user's status in "
            "Cognito first, or delete and declare the user again."
        )
    if user_status not in PASSWORD_DECISIONS:
        raise CognitoError(
            f"Cannot set a password for user '{username}': its user_status is {user_status}, "
            f"which this collection does not manage (it handles {', '.join(sorted(PASSWORD_DECISIONS))}). "
            "Resolve the user's status in Cognito first."
        )
    if update_password == "always":
        return SET
    if update_password == "on_create":
        return SET if user_status == FORCE_CHANGE_PASSWORD and permanent else KEEP
    return PASSWORD_DECISIONS[user_status][0 if permanent else 1]
