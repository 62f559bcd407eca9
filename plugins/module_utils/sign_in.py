# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Sign users in once, to prove they can: the check behind ``cognito_user_sign_in``.

Nothing here writes.  Each user gets one ``AdminInitiateAuth`` try; the tokens
Cognito issues are dropped unseen.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Dict, List, Optional

from ansible_collections.cognito.user_pool.plugins.module_utils.errors import CognitoError

# What to do about a challenge, for the challenges a seeded user most likely meets.
CHALLENGE_ADVICE: Dict[str, str] = {
    "NEW_PASSWORD_REQUIRED": "its password is temporary (user_status FORCE_CHANGE_PASSWORD); set it with permanent: true",
    "SMS_MFA": "the pool or the user requires MFA",
    "SOFTWARE_TOKEN_MFA": "the pool or the user requires MFA",
    "MFA_SETUP": "the pool requires MFA and the user has not set it up",
}


@dataclass
class SignInOutcome:
    """How one user's sign-in went."""

    username: str
    signed_in: bool = False
    challenge_name: Optional[str] = None
    error: Optional[str] = None

    def result(self) -> Dict[str, Any]:
        """The module's ``users[]`` entry."""
        entry: Dict[str, Any] = {"username": self.username, "signed_in": self.signed_in, "challenge_name": self.challenge_name}
        if self.error is not None:
            entry["error"] = self.error
        return entry


def sign_in_users(client, users: List[Dict[str, str]], client_id: str, client_secret: Optional[str],
                  max_concurrency: int = 8) -> List[SignInOutcome]:
    """Sign each ``{"username", "password"}`` in once; one outcome per user, in input order.

    A user signed in when Cognito issued tokens.  A refusal, a challenge or an
    error is that user's outcome and never stops the others.
    """

    def one(user: Dict[str, str]) -> SignInOutcome:
        return _sign_in(client, user["username"], user["password"], client_id, client_secret)

    if len(users) <= 1:
        return [one(user) for user in users]
    with ThreadPoolExecutor(max_workers=max(1, max_concurrency)) as pool:
        return list(pool.map(one, users))


def _sign_in(client, username: str, password: str, client_id: str, client_secret: Optional[str]) -> SignInOutcome:
    outcome = SignInOutcome(username=username)
    try:
        answer = client.sign_in(username, password, client_id, client_secret)
    except CognitoError as e:
        outcome.error = e.message or str(e)
        return outcome
    outcome.signed_in = answer.signed_in
    outcome.challenge_name = answer.challenge_name
    where = f"User '{username}' in user pool {client.user_pool_id}"
    if answer.refused is not None:
        outcome.error = (
            f"{where} could not sign in: Cognito answered '{answer.refused}'. Check the user's password, "
            "and that the user is enabled and not locked out."
        )
    elif answer.challenge_name is not None:
        advice = CHALLENGE_ADVICE.get(answer.challenge_name)
        outcome.error = (
            f"{where} did not sign in: Cognito answered with the challenge {answer.challenge_name} instead of tokens"
            + (f"; {advice}." if advice else ".")
        )
    return outcome
