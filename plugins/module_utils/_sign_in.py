# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Signing in once: to verify a password, to check users can sign in, and what Cognito's refusals mean.

Private to the collection: not an API, may change in any release.

Every try is one ``AdminInitiateAuth`` with ``ADMIN_USER_PASSWORD_AUTH``; the
tokens Cognito issues are dropped unseen, unless ``cognito_user_sign_in`` is
asked to return them (``return_tokens``).  A refusal is read by its error code
first, then by its words (``REFUSALS``): Cognito answers most refusals with
``NotAuthorizedException`` and tells them apart only by message.  Cognito's
words are what the collection is built on; the emulators users test with word
some refusals their own way, each such dialect one row of the table, citing the
emulator's source.  Only a row meaning ``INCORRECT`` says the password differs.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Dict, List, NamedTuple, Optional, Tuple

from ansible_collections.cognito.user_pool.plugins.module_utils._errors import CognitoError
from ansible_collections.cognito.user_pool.plugins.module_utils._errors import aws_said
from ansible_collections.cognito.user_pool.plugins.module_utils._errors import error_message

# What a refusal means.
INCORRECT = "incorrect"  # the password is not the user's
LOCKED_OUT = "locked_out"  # too many failed sign-ins
SECRET_HASH = "secret_hash"  # the app client has a secret and the SECRET_HASH is missing or wrong
DISABLED = "disabled"
EXPIRED = "expired"  # a temporary password that expired: it must be set again
UNKNOWN_USER = "unknown_user"
OTHER = "other"  # anything else: threat protection, a Lambda trigger, ... never read as "the password differs"

# A refusal's words: the message the sign-in's USERNAME makes, for moto's row.
USERNAME_SENT = "<the USERNAME sent>"


class RefusalWords(NamedTuple):
    """One way a sign-in is refused: the error code, the message's words, what it means and who says so."""

    code: str
    words: Optional[str]  # a regular expression the message starts with (any case); None: any message
    meaning: str
    dialect: str  # "Cognito", or the emulator that answers so
    source: str

    def matches(self, code: str, message: str, username: Optional[str]) -> bool:
        if code != self.code:
            return False
        if self.words is None:
            return True
        if self.words == USERNAME_SENT:
            return bool(username) and message == username
        return re.match(self.words, message, re.IGNORECASE) is not None


REFUSALS: Tuple[RefusalWords, ...] = (
    RefusalWords("NotAuthorizedException", r"Incorrect username or password", INCORRECT, "Cognito",
                 'developer guide, "Authentication flow": "a generic NotAuthorizedException error when either the user '
                 'name or password is incorrect"; the words from real AdminInitiateAuth answers quoted in '
                 "aws-amplify/aws-sdk-ios#1124 and amazon-cognito-identity-js#506"),
    RefusalWords("NotAuthorizedException", r"Password attempts exceeded", LOCKED_OUT, "Cognito",
                 'developer guide, "Authentication flow": "Attempts made during a lockout period generate a Password '
                 'attempts exceeded exception"'),
    RefusalWords("NotAuthorizedException", r"Unable to verify secret hash for client", SECRET_HASH, "Cognito",
                 "AWS Knowledge Center, cognito-unable-to-verify-secret-hash"),
    RefusalWords("NotAuthorizedException", r"Client \S+ is configured (for|with) secret but (secret|SECRET_HASH) was not received",
                 SECRET_HASH, "Cognito", "real answers quoted in public issues (aws-amplify/amplify-android#2504)"),
    RefusalWords("NotAuthorizedException", r"User is disabled", DISABLED, "Cognito",
                 "real answers quoted in localstack#8454 and amplify-js#5503"),
    RefusalWords("NotAuthorizedException", r"Temporary password has expired", EXPIRED, "Cognito",
                 "AdminSetUserPassword's reference: \"If the user doesn't sign in before the temporary password expires, "
                 'they can no longer sign in and you must repeat this operation"'),
    RefusalWords("UserNotFoundException", None, UNKNOWN_USER, "Cognito",
                 "AdminInitiateAuth's errors (PreventUserExistenceErrors LEGACY): UserNotFoundException"),
    # The emulators' dialects; AdminInitiateAuth's API reference does not list InvalidPasswordException.
    RefusalWords("NotAuthorizedException", USERNAME_SENT, INCORRECT, "moto",
                 "moto 5.2.1, moto/cognitoidp/models.py, CognitoIdpBackend.admin_initiate_auth: "
                 "\"if user.password != password: raise NotAuthorizedError(username)\""),
    RefusalWords("InvalidPasswordException", r"Invalid password\.?$", INCORRECT, "cognito-local",
                 "cognito-local 5.3.0, lib/targets/adminInitiateAuth.js: \"if (user.Password !== "
                 "req.AuthParameters.PASSWORD) throw new InvalidPasswordError()\"; lib/errors.js: its message "
                 "\"Invalid password\""),
)

# Error codes that refuse a sign-in rather than fail the call; every other code is an error.
REFUSAL_CODES = frozenset([row.code for row in REFUSALS] + ["UserNotConfirmedException", "PasswordResetRequiredException"])

# The challenges a seeded user most likely meets, and what to do about each.
CHALLENGE_ADVICE: Dict[str, str] = {
    "NEW_PASSWORD_REQUIRED": "its password is temporary (user_status FORCE_CHANGE_PASSWORD); set it with permanent: true",
    "SMS_MFA": "the pool or the user requires MFA",
    "SOFTWARE_TOKEN_MFA": "the pool or the user requires MFA",
    "EMAIL_OTP": "the pool or the user requires MFA",
    "MFA_SETUP": "the pool requires MFA and the user has not set it up",
}


def secret_hash(username: str, client_id: str, client_secret: str) -> str:
    """The SECRET_HASH an app client with a secret requires: Base64(HMAC-SHA256(secret, username + client id))."""
    digest = hmac.new(client_secret.encode("utf-8"), (username + client_id).encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def refusal(code: str, message: str, username: Optional[str] = None) -> str:
    """What a refusal of ``username``'s sign-in means: the ``meaning`` of the first row of ``REFUSALS`` that
    matches, else ``OTHER``."""
    for row in REFUSALS:
        if row.matches(code, message, username):
            return row.meaning
    return OTHER


class SignInAnswer(NamedTuple):
    """How Cognito answered one sign-in try."""

    challenge_name: Optional[str] = None  # a challenge instead of tokens, for example NEW_PASSWORD_REQUIRED
    session: Optional[str] = None
    refused_code: Optional[str] = None  # set when Cognito refused the try
    refused_message: str = ""
    username: Optional[str] = None  # as the try sent it
    tokens: Optional[Dict[str, Any]] = None  # the AuthenticationResult, when Cognito issued tokens

    def __repr__(self) -> str:
        shown = self._replace(session="********" if self.session else None, tokens="********" if self.tokens else None)
        return "SignInAnswer" + repr(tuple(shown))

    @property
    def signed_in(self) -> bool:
        """Cognito issued tokens: no challenge, no refusal."""
        return self.challenge_name is None and self.refused_code is None

    @property
    def refusal(self) -> Optional[str]:
        return refusal(self.refused_code, self.refused_message, self.username) if self.refused_code else None


def sign_in_request(username: str, password: str, client_id: str, client_secret: Optional[str]) -> Dict[str, Any]:
    parameters = {"USERNAME": username, "PASSWORD": password}
    if client_secret:
        parameters["SECRET_HASH"] = secret_hash(username, client_id, client_secret)
    return {"ClientId": client_id, "AuthFlow": "ADMIN_USER_PASSWORD_AUTH", "AuthParameters": parameters}


def sign_in(client, username: str, password: str, client_id: str, client_secret: Optional[str],
            client_option: str = "client_id") -> SignInAnswer:
    """Try ``AdminInitiateAuth`` once and say how Cognito answered.

    A refusal is an answer, not an error.  An app client that does not allow
    the flow, or that does not exist, raises ``CognitoError`` naming
    ``client_option``, the module option that gave the app client.
    """
    try:
        answer = client.call("AdminInitiateAuth", sign_in_request(username, password, client_id, client_secret),
                             client_option=client_option)
    except CognitoError as e:
        if e.code in REFUSAL_CODES:
            return SignInAnswer(refused_code=e.code, refused_message=error_message(e.exception), username=username)
        if e.code == "InvalidParameterException" and "flow" in error_message(e.exception).lower():
            raise flow_not_enabled(client, username, client_id, client_option, e) from None
        raise
    return SignInAnswer(challenge_name=answer.get("ChallengeName"), session=answer.get("Session"),
                        tokens=answer.get("AuthenticationResult"))


# AdminInitiateAuth's AuthenticationResult (its API reference), as the module returns it.
TOKEN_KEYS = (("AccessToken", "access_token"), ("IdToken", "id_token"), ("RefreshToken", "refresh_token"),
              ("TokenType", "token_type"), ("ExpiresIn", "expires_in"))


def returned_tokens(authentication_result: Dict[str, Any]) -> Dict[str, Any]:
    """The tokens of an ``AuthenticationResult``, snake_case; a key Cognito left out is null."""
    return {name: authentication_result.get(key) for key, name in TOKEN_KEYS}


def flow_not_enabled(client, username: str, client_id: str, client_option: str, error: CognitoError) -> CognitoError:
    # "Auth flow not enabled for this client" (InvalidParameterException; real answers quoted in public issues).
    return CognitoError(
        f"Cannot sign in user '{username}': app client {client_id} of user pool {client.user_pool_id} does not allow "
        f"ADMIN_USER_PASSWORD_AUTH. Add ALLOW_ADMIN_USER_PASSWORD_AUTH to the client's ExplicitAuthFlows, or use another "
        f"{client_option}." + aws_said(error.exception),
        error.exception,
    )


def password_matches(client, username: str, password: str, client_id: str, client_secret: Optional[str],
                     client_option: str = "client_id", secret_option: str = "client_secret") -> bool:
    """Does ``password`` sign ``username`` in?  Tokens or any challenge: yes.  "Incorrect ...": no.

    Every other refusal says nothing about the password and raises
    ``CognitoError`` saying what to do; it never leads to a password change.
    An expired temporary password reads as "differs": it must be set again.
    """
    answer = sign_in(client, username, password, client_id, client_secret, client_option=client_option)
    reason = answer.refusal
    if reason is None:
        return True
    if reason in (INCORRECT, EXPIRED):
        return False
    where = f"user '{username}' in user pool {client.user_pool_id}"
    said = f" AWS said: {answer.refused_code}: {answer.refused_message}"
    if reason == LOCKED_OUT:
        raise CognitoError(
            f"Cannot verify the password of {where}: Cognito has locked the user out after too many failed sign-in "
            f"attempts. Wait for the lockout to expire, or run without {client_option}." + said)
    if reason == SECRET_HASH:
        raise CognitoError(
            f"Cannot verify the password of {where}: app client {client_id} refused the SECRET_HASH. Set {secret_option} "
            "to that app client's secret, or leave it unset for a client without one." + said)
    raise CognitoError(
        f"Cannot verify the password of {where}: Cognito refused the sign-in for a reason other than a wrong "
        f"password, so the password was left as it is. Check the user and the app client, or run without {client_option}."
        + said)


@dataclass
class SignInOutcome:
    """How one user's sign-in went (``cognito_user_sign_in``)."""

    username: str
    signed_in: bool = False
    challenge_name: Optional[str] = None
    error: Optional[str] = None
    reason: Optional[str] = None
    tokens: Optional[Dict[str, Any]] = field(default=None, repr=False)

    def result(self, return_tokens: bool = False) -> Dict[str, Any]:
        """The module's ``users[]`` entry; the tokens only when asked for (``return_tokens``)."""
        entry: Dict[str, Any] = {"username": self.username, "signed_in": self.signed_in, "challenge_name": self.challenge_name}
        if return_tokens and self.tokens is not None:
            entry["tokens"] = returned_tokens(self.tokens)
        if self.error is not None:
            entry["error"] = self.error
        return entry


def sign_in_users(client, users: List[Dict[str, str]], client_id: str, client_secret: Optional[str],
                  max_concurrency: int = 8) -> List[SignInOutcome]:
    """Sign each ``{"username", "password"}`` in once; one outcome per user, in input order."""

    def one(user: Dict[str, str]) -> SignInOutcome:
        return _sign_in_one(client, user["username"], user["password"], client_id, client_secret)

    if len(users) <= 1:
        return [one(user) for user in users]
    with ThreadPoolExecutor(max_workers=max(1, max_concurrency)) as pool:
        return list(pool.map(one, users))


def _sign_in_one(client, username: str, password: str, client_id: str, client_secret: Optional[str]) -> SignInOutcome:
    outcome = SignInOutcome(username=username)
    try:
        answer = sign_in(client, username, password, client_id, client_secret)
    except CognitoError as e:
        outcome.error = e.message
        return outcome
    outcome.signed_in = answer.signed_in
    outcome.challenge_name = answer.challenge_name
    outcome.tokens = answer.tokens if answer.signed_in else None
    where = f"User '{username}' in user pool {client.user_pool_id}"
    if answer.refused_code is not None:
        outcome.reason = answer.refusal
        outcome.error = f"{where} could not sign in: {_REFUSAL_ADVICE[answer.refusal]}" + \
            f" AWS said: {answer.refused_code}: {answer.refused_message}"
    elif answer.challenge_name is not None:
        advice = CHALLENGE_ADVICE.get(answer.challenge_name)
        outcome.reason = f"challenge {answer.challenge_name}"
        outcome.error = (f"{where} did not sign in: Cognito answered with the challenge {answer.challenge_name} "
                         "instead of tokens" + (f"; {advice}." if advice else "."))
    return outcome


_REFUSAL_ADVICE = {
    INCORRECT: "the password is not the user's password.",
    LOCKED_OUT: "Cognito has locked the user out after too many failed sign-in attempts; wait for the lockout to expire.",
    SECRET_HASH: "the app client refused the SECRET_HASH; set client_secret to the app client's secret.",
    DISABLED: "the user is disabled.",
    EXPIRED: "its temporary password has expired; set a new one.",
    UNKNOWN_USER: "the user does not exist.",
    OTHER: "Cognito refused the sign-in.",
}
