# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A user pool's password policy, checked locally before any write.

Private to the collection: not an API, may change in any release.

Cognito answers a bad password with one generic ``InvalidPasswordException``
after the fact; checking first lets us name every broken rule, in check mode
too, without ever repeating the password.
"""

from __future__ import annotations

from typing import Any, Dict, List, NamedTuple

from ansible_collections.cognito.user_pool.plugins.module_utils._errors import CognitoError

# The characters Cognito counts as symbols, and its length bounds for any
# password (the API rejects longer ones whatever the policy says).
COGNITO_SYMBOLS = frozenset("^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ")
COGNITO_MAX_PASSWORD_LENGTH = 256

# Cognito's policy when a pool reports none.
_DEFAULT_POLICY: Dict[str, Any] = {
    "MinimumLength": 8,
    "RequireUppercase": True,
    "RequireLowercase": True,
    "RequireNumbers": True,
    "RequireSymbols": True,
}


class PasswordPolicy(NamedTuple):
    """The rules of one user pool's ``Policies.PasswordPolicy``."""

    minimum_length: int = 8
    require_uppercase: bool = True
    require_lowercase: bool = True
    require_numbers: bool = True
    require_symbols: bool = True

    @classmethod
    def from_user_pool(cls, user_pool: Dict[str, Any]) -> "PasswordPolicy":
        """Build the policy from a ``DescribeUserPool`` ``UserPool`` structure."""
        policy = dict(_DEFAULT_POLICY)
        policy.update(user_pool.get("Policies", {}).get("PasswordPolicy") or {})
        return cls(
            minimum_length=int(policy.get("MinimumLength") or 0),
            require_uppercase=bool(policy.get("RequireUppercase")),
            require_lowercase=bool(policy.get("RequireLowercase")),
            require_numbers=bool(policy.get("RequireNumbers")),
            require_symbols=bool(policy.get("RequireSymbols")),
        )

    def violations(self, password: str) -> List[str]:
        """Return one sentence per broken rule; an empty list means the password passes.

        The sentences describe the rule, never the password or its length.
        """
        broken = []
        if len(password) < self.minimum_length:
            broken.append(f"it must be at least {self.minimum_length} characters long")
        if len(password) > COGNITO_MAX_PASSWORD_LENGTH:
            broken.append(f"it must be at most {COGNITO_MAX_PASSWORD_LENGTH} characters long")
        if password != password.strip():
            broken.append("it must not begin or end with white space")
        if self.require_uppercase and not any("A" <= c <= "Z" for c in password):
            broken.append("it must contain an uppercase letter (A-Z)")
        if self.require_lowercase and not any("a" <= c <= "z" for c in password):
            broken.append("it must contain a lowercase letter (a-z)")
        if self.require_numbers and not any("0" <= c <= "9" for c in password):
            broken.append("it must contain a digit (0-9)")
        if self.require_symbols and not any(c in COGNITO_SYMBOLS for c in password):
            broken.append("it must contain a symbol such as ^ $ * . ? ! @ # % & - _ = +")
        return broken

    def check(self, password: str, username: str, user_pool_id: str) -> None:
        """Raise a ``CognitoError`` naming every broken rule (never the password)."""
        broken = self.violations(password)
        if broken:
            raise CognitoError(
                f"The password for user '{username}' does not meet the password policy of user pool "
                f"{user_pool_id}: {'; '.join(broken)}. Choose a password that meets every rule."
            )
