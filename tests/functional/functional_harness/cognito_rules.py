# -*- coding: utf-8 -*-
"""Cognito's rules that moto does not keep, played by the proxy.

Each class is a ``proxy.Rule``: install it with ``proxy.add_rule(...)`` (or the
``cognito_rules`` fixture), or name it in ``--cognito-rules`` /
``FUNCTIONAL_COGNITO_RULES`` to play it under every functional test
(``rules_from_spec``).  Every rule's docstring quotes the AWS text it rests on;
tests/functional/README.md says how each one plays it.

The exact texts of Cognito's error messages are mostly undocumented: they
all live in ``MESSAGES`` below, each with where it comes from.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import time
from collections import deque
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Deque, Dict, List, NamedTuple, Optional, Tuple

from .cognito import AppClient, expected_secret_hash
from .proxy import Exchange, Reply, Rule, TokenBuckets, cognito_error

# Where each text comes from, next to it: AWS documentation (QUOTE), or a real service answer quoted in a
# public issue (OBSERVED, with the issue).  Anything else is marked unconfirmed.
MESSAGES: Dict[str, str] = {
    # source: OBSERVED (raw AdminInitiateAuth JSON in ellaisys/aws-cognito#94, amazon-cognito-identity-js#506);
    # AWS documents only "a generic NotAuthorizedException error when either the user name or password is incorrect".
    "incorrect_password": "Incorrect username or password.",
    # source: QUOTE, Cognito developer guide (awsdocs/amazon-cognito-developer-guide@64260a9,
    # amazon-cognito-user-pools-authentication-flow.md): "Attempts made during a lockout period generate a
    # Password attempts exceeded exception"; raw JSON OBSERVED in amazon-cognito-identity-js#506.
    "password_attempts_exceeded": "Password attempts exceeded",
    # source: QUOTE, AWS Knowledge Center article cognito-unable-to-verify-secret-hash.
    "secret_hash_wrong": "Unable to verify secret hash for client {client_id}",
    # source: OBSERVED only, the newer of two wordings (aws-amplify/amplify-android#2504, 2023); the older one
    # read "Client <id> is configured for secret but secret was not received".
    "secret_hash_missing": "Client {client_id} is configured with secret but SECRET_HASH was not received",
    # source: OBSERVED only, in third-party logs; AdminInitiateAuth with ADMIN_USER_PASSWORD_AUTH.
    "admin_auth_flow_not_enabled": "Auth flow not enabled for this client",
    # source: OBSERVED, the AWS CLI quoted in localstack/localstack#4465: AdminCreateUser.
    "username_exists": "User account already exists",
    # source: unconfirmed, our wording: AWS documents only the exception ("The message returned when a user's new
    # password matches a previous password and doesn't comply with the password-history policy.").
    "password_history": "Password has previously been used",
    # source: third-party code only ("Password did not conform with policy: <reason>", with the reasons
    # "Password not long enough", "... uppercase characters", "... symbol characters"); the lowercase and numeric
    # reasons are unconfirmed, by analogy.
    "password_too_short": "Password did not conform with policy: Password not long enough",
    "password_needs_uppercase": "Password did not conform with policy: Password must have uppercase characters",
    "password_needs_lowercase": "Password did not conform with policy: Password must have lowercase characters",
    "password_needs_numbers": "Password did not conform with policy: Password must have numeric characters",
    "password_needs_symbols": "Password did not conform with policy: Password must have symbol characters",
    # source: unconfirmed; moto's wording for an unknown name in AdminDeleteUserAttributes.
    "attribute_not_in_schema": "Invalid user attributes: user.{name}: Attribute does not exist in the schema.",
    # source: unconfirmed, our wording, after the developer guide's "You can only write a value to an immutable
    # attribute when you create a user." (developer guide, user pool attributes).
    "attribute_immutable": "Invalid user attributes: user.{name}: Attribute cannot be updated.",
    # source: unconfirmed, our wording, after SchemaAttributeType.Required: "If the attribute is required and the
    # user doesn't provide a value, registration or sign-in will fail."
    "attribute_required": "Invalid user attributes: user.{name}: Required attribute cannot be deleted.",
    # observed: aws-amplify/amplify-cli#2214 (ResourceNotFoundException from AdminAddUserToGroup)
    "group_not_found": "Group not found.",
    # observed: aws/aws-sdk-php#2183 (ResourceNotFoundException from AdminInitiateAuth)
    "client_not_found": "User pool client {client_id} does not exist.",
    # source: unconfirmed, our wording, after the developer guide's "If email is selected as an alias, a username
    # can't match a valid email format." (User pool attributes, Aliases).
    "username_is_alias_format": "Username cannot be of {kind} format, since user pool is configured for {kind} alias.",
}


def cognito_quotas() -> Dict[str, Tuple[str, float]]:
    """Operation -> (quota category, AWS's default rate in requests a second).

    Cognito's default request-rate quotas are the collection's operations table (plugins/module_utils/_operations.py,
    which quotes the quotas page of the Cognito developer guide, "Amazon Cognito user pools API operation categories
    and request rate quotas").  Not modelled: the separate allowance of challenge responses, the 5 RPS per pool of the
    starred categories and the per-user quotas.
    """
    from ansible_collections.cognito.user_pool.plugins.module_utils._operations import OPERATIONS

    return {name: (operation.category, operation.quota.default_rate) for name, operation in OPERATIONS.items()}


# Where a request names its user: a top-level parameter, or a key inside one.  Only the admin operations: the
# collection sends no other, and the harness sets moto up behind the proxy's back.
_USERNAME_AT: Dict[str, Tuple[str, ...]] = {
    **{operation: ("Username",) for operation in (
        "AdminGetUser", "AdminCreateUser", "AdminSetUserPassword", "AdminUpdateUserAttributes",
        "AdminDeleteUserAttributes", "AdminEnableUser", "AdminDisableUser", "AdminDeleteUser",
        "AdminAddUserToGroup", "AdminRemoveUserFromGroup", "AdminListGroupsForUser")},
    "AdminInitiateAuth": ("AuthParameters", "USERNAME"),
    "AdminRespondToAuthChallenge": ("ChallengeResponses", "USERNAME"),
}
_PASSWORD_SIGN_INS = frozenset({
    ("AdminInitiateAuth", "ADMIN_USER_PASSWORD_AUTH"), ("AdminInitiateAuth", "ADMIN_NO_SRP_AUTH"),
})


def username_of(exchange: Exchange) -> Optional[str]:
    """The user a request names, as it names it (an alias, maybe), or None."""
    path = _USERNAME_AT.get(exchange.operation or "")
    value: Any = exchange.params
    for key in path or ():
        value = value.get(key) if isinstance(value, dict) else None
    return value if path and isinstance(value, str) and value else None


def _set_username(exchange: Exchange, username: str) -> None:
    *outer, last = _USERNAME_AT[exchange.operation or ""]
    container = exchange.params
    for key in outer:
        container = container[key]
    container[last] = username
    exchange.rewrote()


def user_pool_of(exchange: Exchange) -> Optional[str]:
    """The pool a request is for (every admin operation names its ``UserPoolId``)."""
    user_pool_id = exchange.params.get("UserPoolId")
    return user_pool_id if isinstance(user_pool_id, str) and user_pool_id else None


def _sets_new_password(exchange: Exchange) -> bool:
    return exchange.operation == "AdminRespondToAuthChallenge" and exchange.params.get("ChallengeName") == "NEW_PASSWORD_REQUIRED"


def _new_password(exchange: Exchange) -> Optional[str]:
    """The password a request sets (never logged), or None."""
    if exchange.operation == "AdminCreateUser":
        password = exchange.params.get("TemporaryPassword")
    elif exchange.operation == "AdminSetUserPassword":
        password = exchange.params.get("Password")
    elif _sets_new_password(exchange):
        password = (exchange.params.get("ChallengeResponses") or {}).get("NEW_PASSWORD")
    else:
        password = None
    return password if isinstance(password, str) and password else None


def _username_created(exchange: Exchange, reply: Reply, user_pool_id: str, username: str) -> Optional[str]:
    """The Username moto stored for a user a successful request created (a UUID in e-mail-username pools)."""
    if exchange.operation == "AdminCreateUser":
        created = reply.json().get("User") or {}
        if created.get("Username"):
            return created["Username"]
    found = exchange.moto.user(user_pool_id, username)
    return found["Username"] if found else None


def _epoch(value: Any) -> Any:
    return value.timestamp() if isinstance(value, datetime) else value


def listed_user(user: Dict[str, Any]) -> Dict[str, Any]:
    """An ``AdminGetUser`` answer (boto3's) as ``ListUsers`` lists the user, in moto's JSON."""
    return {
        "Username": user["Username"],
        "Attributes": [dict(attribute) for attribute in user.get("UserAttributes", [])],
        "UserCreateDate": _epoch(user.get("UserCreateDate")),
        "UserLastModifiedDate": _epoch(user.get("UserLastModifiedDate")),
        "Enabled": user.get("Enabled", True),
        "UserStatus": user.get("UserStatus"),
        "MFAOptions": list(user.get("MFAOptions") or []),
    }


# "AttributeName Filter-Type "AttributeValue"", quotes inside the value escaped with a backslash.
_FILTER = re.compile(r'^\s*([\w:]+)\s*(\^=|=)\s*"((?:[^"\\]|\\.)*)"\s*$')


class ListUsersFilter(NamedTuple):
    """A ``ListUsers`` ``Filter``, to judge the users a rule puts on a page itself.

    # AWS, ListUsersRequest.Filter: "For an exact match, use =, ... For a prefix ("starts with") match, use ^=
    # ... If the filter string is empty, ListUsers returns all users in the user pool. You can only search for
    # the following standard attributes: username (case-sensitive) email phone_number name given_name
    # family_name preferred_username cognito:user_status (called Status in the Console) (case-insensitive)
    # status (called Enabled in the Console) (case-sensitive) sub"
    """

    attribute: Optional[str]  # None: no filter, every user matches
    prefix: bool
    value: str

    @classmethod
    def parse(cls, text: Optional[str]) -> "ListUsersFilter":
        """Raises ValueError for a filter this class cannot read."""
        if not text or not text.strip():
            return cls(None, False, "")
        match = _FILTER.match(text)
        if not match:
            raise ValueError(f"unreadable ListUsers filter {text!r}")
        attribute, operator, value = match.groups()
        return cls(attribute, operator == "^=", re.sub(r"\\(.)", r"\1", value))

    def matches(self, user: Dict[str, Any]) -> bool:
        """Does ``user`` (as ``ListUsers`` lists it) match?"""
        if self.attribute is None:
            return True
        value, wanted = self._value_of(user), self.value
        if value is None:
            return False
        if self.attribute == "cognito:user_status":
            value, wanted = value.casefold(), wanted.casefold()
        return value.startswith(wanted) if self.prefix else value == wanted

    def _value_of(self, user: Dict[str, Any]) -> Optional[str]:
        if self.attribute == "username":
            return user.get("Username")
        if self.attribute == "cognito:user_status":
            return user.get("UserStatus")
        if self.attribute == "status":
            return "Enabled" if user.get("Enabled", True) else "Disabled"
        for attribute in user.get("Attributes", []):
            if attribute.get("Name") == self.attribute:
                return attribute.get("Value")
        return None


# -- 1. ListUsers lags behind writes ---------------------------------------------------------

# The writes that change what ListUsers shows of a user (group membership does not show there).
_USER_WRITES = frozenset({
    "AdminCreateUser", "AdminSetUserPassword", "AdminUpdateUserAttributes", "AdminDeleteUserAttributes",
    "AdminEnableUser", "AdminDisableUser", "AdminDeleteUser", "AdminRespondToAuthChallenge",
})


@dataclass
class _Window:
    """A user ListUsers lags behind on: as it was before the window's first write, until ``until``."""

    before: Optional[Dict[str, Any]]  # None: the user did not exist
    until: float = 0.0


class LaggingListUsers(Rule):
    """ListUsers shows a user as it was before recent writes; AdminGetUser always shows the truth.

    # AWS, ListUsers: "This operation is eventually consistent. You might experience a delay before results are
    # up-to-date. To validate the existence or configuration of an individual user, use AdminGetUser."

    For ``seconds`` after the last write to a user through the proxy (see
    ``_USER_WRITES``; a NEW_PASSWORD_REQUIRED answer counts), ListUsers lists
    that user as it was just before the first write of that window: a user
    created in the window is left out, a user deleted in it is still listed,
    a changed user shows its old status, enabled flag and attributes.  The
    old view is read from moto (AdminGetUser, unrecorded) just before the
    first write is forwarded.  AWS gives no bound on the delay; the default
    10 seconds outlasts the start of the next ansible-playbook run, so a
    module that trusts ListUsers after its own writes fails every time, not
    now and then.  Re-added users are put on the last page and
    must match the request's ``Filter`` (``ListUsersFilter``); a changed user
    whose old view no longer matches is left out.  ``clock`` is injectable.
    """

    name = "LaggingListUsers"
    precedence = 80

    def __init__(self, seconds: float = 10.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self._windows: Dict[Tuple[str, str], _Window] = {}

    def __repr__(self) -> str:
        return f"LaggingListUsers(seconds={self.seconds})"

    def on_request(self, exchange: Exchange) -> Optional[Reply]:
        if exchange.operation not in _USER_WRITES:
            return None
        if exchange.operation == "AdminRespondToAuthChallenge" and not _sets_new_password(exchange):
            return None
        user_pool_id, username = user_pool_of(exchange), username_of(exchange)
        if user_pool_id and username:
            before = exchange.user_before(user_pool_id, username)
            exchange.notes(self).update(user_pool_id=user_pool_id, username=username,
                                        before=listed_user(before) if before else None)
        return None

    def on_response(self, exchange: Exchange, reply: Reply) -> Optional[Reply]:
        if exchange.operation == "ListUsers":
            return self._lagging_page(exchange, reply) if reply.ok else None
        noted = exchange.notes(self)
        if not noted or not reply.ok:
            return None
        user_pool_id, before = noted["user_pool_id"], noted["before"]
        username = before["Username"] if before else _username_created(exchange, reply, user_pool_id, noted["username"])
        if username is None:
            return None
        now = self._clock()
        window = self._windows.get((user_pool_id, username))
        if window is None or window.until <= now:
            window = self._windows[(user_pool_id, username)] = _Window(before)
        window.until = now + self.seconds
        return None

    def _open_windows(self, user_pool_id: str) -> Dict[str, _Window]:
        now = self._clock()
        for key in [key for key, window in self._windows.items() if window.until <= now]:
            del self._windows[key]
        return {username: window for (pool, username), window in self._windows.items() if pool == user_pool_id}

    def _lagging_page(self, exchange: Exchange, reply: Reply) -> Optional[Reply]:
        user_pool_id = exchange.params.get("UserPoolId") or ""
        windows = self._open_windows(user_pool_id)
        if not windows:
            return None
        try:
            user_filter = ListUsersFilter.parse(exchange.params.get("Filter"))
        except ValueError:
            return None
        page = reply.json()
        shown, on_page = [], set()
        for user in page.get("Users", []):
            on_page.add(user.get("Username"))
            window = windows.get(user.get("Username"))
            if window is None:
                shown.append(user)
            elif window.before is not None and user_filter.matches(window.before):
                shown.append(dict(window.before))
        if not page.get("PaginationToken"):
            # Users moto lists on no page (gone, or no longer matching) but whose old view matches.
            for username, window in windows.items():
                if username in on_page or window.before is None or not user_filter.matches(window.before):
                    continue
                current = exchange.moto.user(user_pool_id, username)
                if current is None or not user_filter.matches(listed_user(current)):
                    shown.append(dict(window.before))
        return reply.with_json(dict(page, Users=shown))


# -- 2. password history ---------------------------------------------------------------------

class PasswordHistory(Rule):
    """Cognito refuses a password the user had among their last ``size`` ones.

    # AWS, PasswordPolicyType.PasswordHistorySize: "The number of previous passwords that you want Amazon Cognito
    # to restrict each user from reusing. Users can't set a password that matches any of n previous passwords,
    # where n is the value of PasswordHistorySize."  PasswordHistoryPolicyViolationException: "The message
    # returned when a user's new password matches a previous password and doesn't comply with the
    # password-history policy."  (Declared on AdminSetUserPassword and the challenge responses.)

    Remembers, per pool and user, the passwords set through the proxy: AdminCreateUser's TemporaryPassword,
    AdminSetUserPassword's Password and a NEW_PASSWORD_REQUIRED answer's NEW_PASSWORD.
    AdminSetUserPassword and NEW_PASSWORD_REQUIRED answers reusing one of the last ``size`` are refused with
    PasswordHistoryPolicyViolationException.  DescribeUserPool reports ``PasswordHistorySize: size`` for every
    pool.  Only salted digests are kept; no password is ever logged or shown.
    """

    name = "PasswordHistory"
    precedence = 70

    def __init__(self, size: int = 3) -> None:
        if not 0 <= size <= 24:  # PasswordHistorySizeType: min 0, max 24
            raise ValueError(f"PasswordHistorySize must be between 0 and 24, not {size}")
        self.size = size
        self._salt = os.urandom(16)
        self._history: Dict[Tuple[str, str], Deque[bytes]] = {}

    def __repr__(self) -> str:
        return f"PasswordHistory(size={self.size})"

    def on_request(self, exchange: Exchange) -> Optional[Reply]:
        if exchange.operation == "AdminDeleteUser":
            user_pool_id, username = exchange.params.get("UserPoolId"), username_of(exchange)
            user = exchange.user_before(user_pool_id, username) if user_pool_id and username else None
            if user:
                exchange.notes(self)["key"] = (user_pool_id, user["Username"])
            return None
        password = _new_password(exchange)
        user_pool_id, username = (user_pool_of(exchange), username_of(exchange)) if password else (None, None)
        if not (password and user_pool_id and username):
            return None
        noted = exchange.notes(self)
        noted.update(user_pool_id=user_pool_id, username=username, digest=self._digest(password))
        if exchange.operation == "AdminCreateUser":
            return None  # a new user: nothing to reuse yet
        user = exchange.user_before(user_pool_id, username)
        if user is None:
            return None
        noted["key"] = (user_pool_id, user["Username"])
        if noted["digest"] in self._history.get(noted["key"], ()):
            return self.refuse("PasswordHistoryPolicyViolationException", MESSAGES["password_history"])
        return None

    def on_response(self, exchange: Exchange, reply: Reply) -> Optional[Reply]:
        if exchange.operation == "DescribeUserPool" and reply.ok:
            return self._with_history_size(reply)
        noted = exchange.notes(self)
        if not noted or not reply.ok:
            return None
        if exchange.operation == "AdminDeleteUser":
            self._history.pop(noted["key"], None)
            return None
        if exchange.operation == "AdminCreateUser":
            username = _username_created(exchange, reply, noted["user_pool_id"], noted["username"])
            if username is not None:
                self._history[(noted["user_pool_id"], username)] = deque([noted["digest"]], maxlen=self.size or 1)
            return None
        if "key" in noted:
            self._history.setdefault(noted["key"], deque(maxlen=self.size or 1)).append(noted["digest"])
        return None

    def _digest(self, password: str) -> bytes:
        return hmac.new(self._salt, password.encode("utf-8"), hashlib.sha256).digest() if self.size else b""

    def _with_history_size(self, reply: Reply) -> Optional[Reply]:
        answer = reply.json()
        pool = answer.get("UserPool")
        if not isinstance(pool, dict):
            return None
        policies = pool.setdefault("Policies", {})
        policies.setdefault("PasswordPolicy", {})["PasswordHistorySize"] = self.size
        return reply.with_json(answer)


# -- 3. SECRET_HASH --------------------------------------------------------------------------

_SECRET_HASH_IN = {"AdminInitiateAuth": "AuthParameters", "AdminRespondToAuthChallenge": "ChallengeResponses"}


class SecretHashCheck(Rule):
    """Sign-ins through an app client with a secret must carry the right SECRET_HASH.

    # AWS, AdminInitiateAuthRequest.AuthParameters: "Add a SECRET_HASH parameter if your app client has a client
    # secret."  AdminRespondToAuthChallengeRequest.ChallengeResponses: "You must provide a SECRET_HASH parameter
    # in all challenge responses to an app client that has a client secret."  Developer guide, "Computing secret
    # hash values": Base64(HMAC_SHA256(key = client secret, message = username + client id)).

    For AdminInitiateAuth and AdminRespondToAuthChallenge naming a USERNAME, through an app client
    with a secret (DescribeUserPoolClient from moto, cached per client): a missing SECRET_HASH or a wrong one is
    answered with NotAuthorizedException.  The hash is checked against the USERNAME of the same request.
    Requests without a USERNAME (refresh tokens) are left to moto.
    """

    name = "SecretHashCheck"
    precedence = 10

    def __init__(self) -> None:
        self._secrets: Dict[str, str] = {}  # client id -> its secret, "" for none

    def on_request(self, exchange: Exchange) -> Optional[Reply]:
        parameters = exchange.params.get(_SECRET_HASH_IN.get(exchange.operation or "", ""))
        client_id = exchange.params.get("ClientId")
        if not isinstance(parameters, dict) or not parameters.get("USERNAME") or not client_id:
            return None
        secret = self._secret(exchange, client_id)
        if not secret:
            return None
        sent = parameters.get("SECRET_HASH")
        if not sent:
            return self.refuse("NotAuthorizedException", MESSAGES["secret_hash_missing"].format(client_id=client_id))
        expected = expected_secret_hash(parameters["USERNAME"], AppClient(client_id, secret))
        if not hmac.compare_digest(str(sent), expected):
            return self.refuse("NotAuthorizedException", MESSAGES["secret_hash_wrong"].format(client_id=client_id))
        return None

    def _secret(self, exchange: Exchange, client_id: str) -> str:
        if client_id not in self._secrets:
            client = exchange.moto.app_client(client_id, exchange.params.get("UserPoolId"))
            if client is None:
                return ""  # no such client: moto says so
            self._secrets[client_id] = client.get("ClientSecret") or ""
        return self._secrets[client_id]


# -- 4. case-insensitive usernames -----------------------------------------------------------

class _UsernameIndex:
    """One pool's stored usernames by their case-folded form, kept fresh without listing every time."""

    def __init__(self) -> None:
        self.names: Optional[Dict[str, str]] = None
        self.creating = 0  # AdminCreateUser requests forwarded, not yet answered
        self.deleting = 0

    def fresh(self, user_count: int) -> bool:
        """Can the index be trusted, given how many users moto says the pool holds?"""
        if self.names is None:
            return False
        return len(self.names) - self.deleting <= user_count <= len(self.names) + self.creating


class CaseInsensitiveUsernames(Rule):
    """Pools whose usernames are case-insensitive, as the console creates them.

    # AWS, UsernameConfigurationType.CaseSensitive: "false Enables case insensitivity for all username input. For
    # example, when this option is set to false, users can sign in using username, USERNAME, or UserName."
    # CreateUserPoolRequest.UsernameConfiguration: "When usernames and email addresses are case insensitive,
    # Amazon Cognito treats any variation in case as the same user, and prevents a case variation from being
    # assigned to the same attribute for a different user."

    For every pool: DescribeUserPool reports
    ``UsernameConfiguration: {"CaseSensitive": false}``; the Username of every user-addressed request
    (``_USERNAME_AT``; AdminInitiateAuth and AdminRespondToAuthChallenge by their USERNAME) is mapped to the
    stored user whose name equals it case-insensitively; AdminCreateUser of a name that equals a stored one
    case-insensitively is refused with UsernameExistsException (unless it is a RESEND, which addresses that user).

    ListUsers' ``username`` filter is left case-sensitive: the ListUsers reference says so of that filter in
    every pool ("username (case-sensitive)"), and the developer guide's "All searches are case-insensitive"
    contradicts the per-attribute notes of the same page, which we take as authoritative.  E-mail
    and preferred_username aliases are not mapped.
    """

    name = "CaseInsensitiveUsernames"
    precedence = 30

    def __init__(self) -> None:
        self._indexes: Dict[str, _UsernameIndex] = {}

    def on_request(self, exchange: Exchange) -> Optional[Reply]:
        user_pool_id, username = exchange.params.get("UserPoolId"), username_of(exchange)
        if not isinstance(user_pool_id, str) or not username or exchange.operation not in _USERNAME_AT:
            return None
        index = self._indexes.setdefault(user_pool_id, _UsernameIndex())
        stored = self._stored_name(exchange, index, user_pool_id, username)
        if exchange.operation == "AdminCreateUser" and exchange.params.get("MessageAction") != "RESEND":
            if stored is not None:
                return self.refuse("UsernameExistsException", MESSAGES["username_exists"])
            index.creating += 1
            exchange.notes(self)["creating"] = True
            return None
        if stored is not None and stored != username:
            _set_username(exchange, stored)
        if exchange.operation == "AdminDeleteUser" and stored is not None:
            index.deleting += 1
            exchange.notes(self)["deleting"] = stored
        return None

    def on_response(self, exchange: Exchange, reply: Reply) -> Optional[Reply]:
        user_pool_id = exchange.params.get("UserPoolId")
        if exchange.operation == "DescribeUserPool":
            return self._case_insensitive_pool(reply) if reply.ok else None
        noted = exchange.notes(self)
        index = self._indexes.get(user_pool_id or "")
        if not noted or index is None:
            return None
        if noted.get("creating"):
            index.creating -= 1
            created = (reply.json().get("User") or {}).get("Username") if reply.ok else None
            if created and index.names is not None:
                index.names[created.casefold()] = created
        if noted.get("deleting"):
            index.deleting -= 1
            if reply.ok and index.names is not None:
                index.names.pop(noted["deleting"].casefold(), None)
        return None

    def _stored_name(self, exchange: Exchange, index: _UsernameIndex, user_pool_id: str, username: str) -> Optional[str]:
        """The stored Username equal to ``username`` but for case, or None."""
        key = username.casefold()
        if index.names is not None and key in index.names:
            stored = index.names[key]
            # A user deleted behind the proxy's back must not block its own re-creation.
            if exchange.operation != "AdminCreateUser" or exchange.user_before(user_pool_id, stored) is not None:
                return stored
            index.names = None
        elif index.fresh(int(exchange.moto.user_pool(user_pool_id).get("EstimatedNumberOfUsers", -1))):
            return None
        index.names = {user["Username"].casefold(): user["Username"] for user in exchange.moto.users(user_pool_id)}
        return index.names.get(key)

    @staticmethod
    def _case_insensitive_pool(reply: Reply) -> Optional[Reply]:
        answer = reply.json()
        if not isinstance(answer.get("UserPool"), dict):
            return None
        answer["UserPool"]["UsernameConfiguration"] = {"CaseSensitive": False}
        return reply.with_json(answer)


# -- 4b. aliases ------------------------------------------------------------------------------

# Alias attributes whose values a case-insensitive pool compares in any case.
_CASE_INSENSITIVE_ALIASES = frozenset({"email", "preferred_username"})


class AliasesResolved(Rule):
    """A request may name a user by an alias: a verified email address or phone number, or a preferred username.

    # AWS, AdminGetUserRequest.Username (and the other admin operations'): "The value of this parameter is
    # typically your user's username, but it can be any of their alias attributes."
    # Developer guide, "User pool attributes" (Aliases): "If you mark an attribute as an alias, users can sign in
    # using that attribute in place of the username. The email address, phone number, and preferred username
    # attributes can be marked as aliases." "Phone numbers and email addresses only become active aliases for a
    # user after the phone numbers and email addresses are verified." "Alias values must be unique in a user pool.
    # If an alias is configured for an email address or phone number, the value provided can be in a verified
    # state in only one account." "If email is selected as an alias, a username can't match a valid email
    # format. Similarly, if phone number is selected as an alias, a username that matches a valid phone number
    # pattern is not accepted by the service for that user pool." "You can use an email address or phone number
    # as an alias in place of the username in all APIs except the ListUsers API."
    # UsernameConfigurationType.CaseSensitive false: "This option also enables both preferred_username and
    # email alias to be case insensitive, in addition to the username attribute."

    For pools moto holds with ``AliasAttributes``: the Username (or USERNAME) of every request naming an
    existing user (``_USERNAME_AT`` but AdminCreateUser) that is no stored Username is mapped to the
    user whose active alias equals it: email or phone_number with ``<name>_verified`` "true", preferred_username
    when set; in pools moto holds with ``UsernameConfiguration.CaseSensitive`` false, email and
    preferred_username in any case (``str.lower``), and the Username in any case too.  AdminCreateUser of a
    Username in e-mail form (an ``@``) in a pool with the email alias, or in phone form (``+`` and digits) with the
    phone_number alias, is refused with ``InvalidParameterException`` (``MESSAGES["username_is_alias_format"]``).
    ListUsers is left alone.  The pool's settings are read from moto once per pool.
    """

    name = "AliasesResolved"
    precedence = 35  # after CaseInsensitiveUsernames, which maps case variants of stored usernames itself

    def __init__(self) -> None:
        self._pools: Dict[str, Tuple[Tuple[str, ...], bool]] = {}

    def _settings(self, exchange: Exchange, user_pool_id: str) -> Tuple[Tuple[str, ...], bool]:
        """(alias attributes, case-insensitive) of the pool, as moto holds it."""
        if user_pool_id not in self._pools:
            pool = exchange.moto.user_pool(user_pool_id)
            case_sensitive = (pool.get("UsernameConfiguration") or {}).get("CaseSensitive", True)
            self._pools[user_pool_id] = (tuple(pool.get("AliasAttributes") or ()), not case_sensitive)
        return self._pools[user_pool_id]

    def on_request(self, exchange: Exchange) -> Optional[Reply]:
        user_pool_id, username = exchange.params.get("UserPoolId"), username_of(exchange)
        if not isinstance(user_pool_id, str) or not username or exchange.operation not in _USERNAME_AT:
            return None
        aliases, case_insensitive = self._settings(exchange, user_pool_id)
        if not aliases:
            return None
        if exchange.operation == "AdminCreateUser":
            if exchange.params.get("MessageAction") != "RESEND" and (
                    ("email" in aliases and "@" in username)
                    or ("phone_number" in aliases and re.fullmatch(r"\+\d+", username))):
                return self.refuse("InvalidParameterException", MESSAGES["username_is_alias_format"].format(
                    kind="email" if "@" in username else "phone number"))
            return None
        if exchange.user_before(user_pool_id, username) is not None:
            return None
        stored = self._alias_owner(exchange, user_pool_id, username, aliases, case_insensitive)
        if stored is not None:
            _set_username(exchange, stored)
        return None

    @staticmethod
    def _alias_owner(exchange: Exchange, user_pool_id: str, name: str, aliases: Tuple[str, ...],
                     case_insensitive: bool) -> Optional[str]:
        """The stored Username of the user ``name`` is an active alias of (or, case-insensitively, the username of)."""
        def same(value: str, folds: bool) -> bool:
            return value == name or (folds and value.lower() == name.lower())

        for user in exchange.moto.users(user_pool_id):
            values = {attribute["Name"]: attribute.get("Value", "") for attribute in user.get("Attributes", [])}
            if same(user["Username"], case_insensitive):
                return user["Username"]
            for alias in aliases:
                active = alias == "preferred_username" or values.get(alias + "_verified") == "true"
                if active and values.get(alias) and same(values[alias], case_insensitive and alias in _CASE_INSENSITIVE_ALIASES):
                    return user["Username"]
        return None


# -- 5. app client auth flows ----------------------------------------------------------------

# AWS, CreateUserPoolClientRequest.ExplicitAuthFlows: "If you don't specify a value for ExplicitAuthFlows, your app
# client supports ALLOW_REFRESH_TOKEN_AUTH, ALLOW_USER_SRP_AUTH, and ALLOW_CUSTOM_AUTH."
DEFAULT_EXPLICIT_AUTH_FLOWS = frozenset({"ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH"})

# (operation, AuthFlow) -> (the ExplicitAuthFlows values that allow it, the refusal's message).
# AWS: "ALLOW_ADMIN_USER_PASSWORD_AUTH: ... This setting replaces the ADMIN_NO_SRP_AUTH setting."
_FLOW_NEEDS = {
    ("AdminInitiateAuth", "ADMIN_USER_PASSWORD_AUTH"): (
        frozenset({"ALLOW_ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"}), "admin_auth_flow_not_enabled"),
    ("AdminInitiateAuth", "ADMIN_NO_SRP_AUTH"): (
        frozenset({"ALLOW_ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"}), "admin_auth_flow_not_enabled"),
}


class AuthFlowsEnforced(Rule):
    """A password sign-in must be a flow the app client allows.

    # AWS, AdminInitiateAuth: "The authentication flow that you specify must be supported in your app client
    # configuration."  CreateUserPoolClientRequest.ExplicitAuthFlows: "If you don't specify a value for
    # ExplicitAuthFlows, your app client supports ALLOW_REFRESH_TOKEN_AUTH, ALLOW_USER_SRP_AUTH, and
    # ALLOW_CUSTOM_AUTH." ... "ALLOW_ADMIN_USER_PASSWORD_AUTH: Enable admin based user password authentication
    # flow ADMIN_USER_PASSWORD_AUTH. This setting replaces the ADMIN_NO_SRP_AUTH setting."

    AdminInitiateAuth with ADMIN_USER_PASSWORD_AUTH or ADMIN_NO_SRP_AUTH through a client whose ExplicitAuthFlows
    (DescribeUserPoolClient from moto, cached; none given means the default above) hold neither
    ALLOW_ADMIN_USER_PASSWORD_AUTH nor ADMIN_NO_SRP_AUTH is refused with InvalidParameterException.
    """

    name = "AuthFlowsEnforced"
    precedence = 20

    def __init__(self) -> None:
        self._flows: Dict[str, frozenset] = {}  # client id -> its ExplicitAuthFlows

    def on_request(self, exchange: Exchange) -> Optional[Reply]:
        needs = _FLOW_NEEDS.get((exchange.operation or "", exchange.params.get("AuthFlow") or ""))
        client_id = exchange.params.get("ClientId")
        if needs is None or not client_id:
            return None
        if client_id not in self._flows:
            client = exchange.moto.app_client(client_id, exchange.params.get("UserPoolId"))
            if client is None:
                return None  # no such client: moto says so
            self._flows[client_id] = frozenset(client.get("ExplicitAuthFlows") or DEFAULT_EXPLICIT_AUTH_FLOWS)
        allowing, message = needs
        if not allowing & self._flows[client_id]:
            return self.refuse("InvalidParameterException", MESSAGES[message])
        return None


# -- 6. lockout ------------------------------------------------------------------------------

# moto's refusals of a sign-in that say nothing about the password.
_NOT_A_WRONG_PASSWORD = frozenset({"User is disabled.", "User is disabled"})


@dataclass
class _SignInFailures:
    """One user's failed password sign-ins, as Cognito counts them for its lockout."""

    count: int = 0  # "a cumulative number of failed sign-in attempts n, not including Password attempts exceeded"
    locked_until: float = 0.0
    locked_once: bool = False
    last_attempt: float = 0.0


class Lockout(Rule):
    """Failed sign-ins add up and lock the user out, for longer each time, until success or 15 quiet minutes.

    # AWS, developer guide, "Lockout behavior for failed sign-in attempts"
    # (https://docs.aws.amazon.com/cognito/latest/developerguide/authentication.html): "After five failed sign-in
    # attempts with a user's password, regardless of whether those are requested with unauthenticated or
    # IAM-authorized API operations, Amazon Cognito locks out your user for one second. The lockout duration then
    # doubles after each additional one failed attempt, up to a maximum of approximately 15 minutes. Attempts made
    # during a lockout period generate a Password attempts exceeded exception, and don't affect the duration of
    # subsequent lockout periods. For a cumulative number of failed sign-in attempts n, not including Password
    # attempts exceeded exceptions, Amazon Cognito locks out your user for 2^(n-5) seconds. To reset the lockout to
    # its n=0 initial state, your user must either sign in successfully after a lockout period expires, or not
    # initiate any sign-in attempts for 15 consecutive minutes at any time after a lockout."

    Per user, every wrong password to a password sign-in (AdminInitiateAuth ADMIN_USER_PASSWORD_AUTH /
    ADMIN_NO_SRP_AUTH, answered by moto with NotAuthorizedException) adds one to
    n; from the ``attempts``-th on (AWS: five) the user is locked out for 2^(n-attempts) seconds, at most
    ``MAX_LOCKOUT`` (AWS: "approximately 15 minutes").  A password sign-in during a lockout is answered
    NotAuthorizedException "Password attempts exceeded", unforwarded, and does not count.  n goes back to 0 only
    as AWS says: a successful sign-in after a lockout expired, or no sign-in attempt for ``QUIET_RESET`` (15
    minutes) after a lockout.  Neither a password set nor a success before any lockout resets it: AWS names no
    other way.  ``clock`` is injectable, so that tests need not wait.
    """

    name = "Lockout"
    precedence = 40
    MAX_LOCKOUT = 15 * 60.0
    QUIET_RESET = 15 * 60.0

    def __init__(self, attempts: int = 5, clock: Callable[[], float] = time.monotonic) -> None:
        if attempts < 1:
            raise ValueError(f"attempts must be at least 1, not {attempts}")
        self.attempts = attempts
        self._clock = clock
        self._failures: Dict[Tuple[str, str], _SignInFailures] = {}

    def __repr__(self) -> str:
        return f"Lockout(attempts={self.attempts})"

    def on_request(self, exchange: Exchange) -> Optional[Reply]:
        if (exchange.operation, exchange.params.get("AuthFlow")) not in _PASSWORD_SIGN_INS:
            return None
        user_pool_id, username = user_pool_of(exchange), username_of(exchange)
        user = exchange.user_before(user_pool_id, username) if user_pool_id and username else None
        if user is None:
            return None
        key, now = (user_pool_id, user["Username"]), self._clock()
        exchange.notes(self)["key"] = key
        failures = self._failures.get(key)
        if failures is None:
            return None
        if failures.locked_once and now - failures.last_attempt >= self.QUIET_RESET:
            del self._failures[key]
            return None
        failures.last_attempt = now
        if now < failures.locked_until:
            return self.refuse("NotAuthorizedException", MESSAGES["password_attempts_exceeded"])
        return None

    def on_response(self, exchange: Exchange, reply: Reply) -> Optional[Reply]:
        key = exchange.notes(self).get("key")
        if key is None or reply.answered_by is not None:
            return None
        failures = self._failures.get(key)
        if reply.ok:
            if failures is not None and failures.locked_once:
                del self._failures[key]
            return None
        if reply.error_code != "NotAuthorizedException" or reply.error_message in _NOT_A_WRONG_PASSWORD:
            return None
        now = self._clock()
        failures = self._failures.setdefault(key, _SignInFailures())
        failures.count += 1
        failures.last_attempt = now
        if failures.count >= self.attempts:
            failures.locked_once = True
            failures.locked_until = now + min(2.0 ** (failures.count - self.attempts), self.MAX_LOCKOUT)
        return cognito_error("NotAuthorizedException", MESSAGES["incorrect_password"])


# -- 7. TemporaryPassword meets the policy ---------------------------------------------------

# Developer guide, password requirements (unconfirmed wording): the symbols Cognito counts, and
# the space character when it is neither first nor last; letters and digits of the basic Latin alphabet.
COGNITO_SYMBOLS = frozenset("^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ")


def first_broken_rule(policy: Dict[str, Any], password: str) -> Optional[str]:
    """The ``MESSAGES`` key of the first password-policy rule ``password`` breaks, or None.

    Rules are checked in PasswordPolicyType's order (the order in which Cognito reports a password breaking
    several is unconfirmed); a rule missing from the policy is not required.
    """
    if len(password) < int(policy.get("MinimumLength") or 0):
        return "password_too_short"
    checks = [
        ("RequireUppercase", lambda c: "A" <= c <= "Z", "password_needs_uppercase"),
        ("RequireLowercase", lambda c: "a" <= c <= "z", "password_needs_lowercase"),
        ("RequireNumbers", lambda c: "0" <= c <= "9", "password_needs_numbers"),
        ("RequireSymbols", lambda c: c in COGNITO_SYMBOLS, "password_needs_symbols"),
    ]
    for setting, allowed, message in checks:
        if policy.get(setting) and not any(allowed(c) for c in password):
            return message
    return None


class TemporaryPasswordValidated(Rule):
    """AdminCreateUser's TemporaryPassword must meet the pool's password policy.

    # AWS, AdminCreateUserRequest.TemporaryPassword: "The user's temporary password. This password must conform to
    # the password policy that you specified when you created the user pool."  InvalidPasswordException: "This
    # exception is thrown when Amazon Cognito encounters an invalid password."

    An AdminCreateUser whose TemporaryPassword breaks the pool's PasswordPolicy (DescribeUserPool from moto:
    MinimumLength, RequireUppercase, RequireLowercase, RequireNumbers, RequireSymbols) is answered with
    InvalidPasswordException naming the first broken rule, never the password.
    """

    name = "TemporaryPasswordValidated"
    precedence = 50

    def on_request(self, exchange: Exchange) -> Optional[Reply]:
        password = exchange.params.get("TemporaryPassword")
        user_pool_id = exchange.params.get("UserPoolId")
        if exchange.operation != "AdminCreateUser" or not password or not user_pool_id:
            return None
        policy = (exchange.moto.user_pool(user_pool_id).get("Policies") or {}).get("PasswordPolicy") or {}
        broken = first_broken_rule(policy, password)
        return self.refuse("InvalidPasswordException", MESSAGES[broken]) if broken else None


# -- 8. the pool's attribute schema ----------------------------------------------------------

# Cognito's standard attributes and whether each is mutable; moto lists them only for pools created without a
# Schema.  AWS, UserPoolType.SchemaAttributes: "The attribute schema contains standard attributes, custom
# attributes with a custom: prefix, and developer attributes with a dev: prefix."
STANDARD_ATTRIBUTES: Dict[str, bool] = {
    **{name: True for name in (
        "address", "birthdate", "email", "email_verified", "family_name", "gender", "given_name", "locale",
        "middle_name", "name", "nickname", "phone_number", "phone_number_verified", "picture", "preferred_username",
        "profile", "updated_at", "website", "zoneinfo", "identities")},
    "sub": False,
}


class _Attribute(NamedTuple):
    mutable: bool
    required: bool


class SchemaEnforced(Rule):
    """User attributes must be in the pool's schema; immutable ones are written only at creation.

    # AWS, UserPoolType.SchemaAttributes: "The attribute schema contains standard attributes, custom attributes
    # with a custom: prefix, and developer attributes with a dev: prefix."  SchemaAttributeType.Mutable: "Specifies
    # whether the value of the attribute can be changed."  SchemaAttributeType.Required: "If the attribute is
    # required and the user doesn't provide a value, registration or sign-in will fail."  Developer guide
    # (user pool attributes): "You can only write a value to an immutable attribute when you create a user."

    Reads the pool's SchemaAttributes from moto's DescribeUserPool (with the standard attributes added when moto
    left them out) and refuses with InvalidParameterException: AdminCreateUser, AdminUpdateUserAttributes or
    AdminDeleteUserAttributes naming an attribute not in the schema; AdminUpdateUserAttributes or
    AdminDeleteUserAttributes of an immutable attribute; deleting a required attribute (AdminDeleteUserAttributes,
    or AdminUpdateUserAttributes with a blank value).  AdminCreateUser need not give required attributes:
    "any attributes that you specify as required ... either you should supply (in your call to
    AdminCreateUser) or the user should supply".
    """

    name = "SchemaEnforced"
    precedence = 60

    def on_request(self, exchange: Exchange) -> Optional[Reply]:
        written = self._attributes_written(exchange)
        user_pool_id = exchange.params.get("UserPoolId")
        if written is None or not user_pool_id:
            return None
        schema = self._schema(exchange, user_pool_id)
        for name, deleted in written:
            attribute = schema.get(name)
            if attribute is None:
                return self._refuse("attribute_not_in_schema", name)
            if exchange.operation != "AdminCreateUser" and not attribute.mutable:
                return self._refuse("attribute_immutable", name)
            if deleted and attribute.required:
                return self._refuse("attribute_required", name)
        return None

    def _refuse(self, message: str, name: str) -> Reply:
        return self.refuse("InvalidParameterException", MESSAGES[message].format(name=name))

    @staticmethod
    def _attributes_written(exchange: Exchange) -> Optional[List[Tuple[str, bool]]]:
        """(name, deleted) for each attribute the request writes, or None for a request writing none."""
        if exchange.operation in ("AdminCreateUser", "AdminUpdateUserAttributes"):
            attributes = exchange.params.get("UserAttributes") or []
            return [(str(attribute.get("Name")), exchange.operation != "AdminCreateUser" and not attribute.get("Value"))
                    for attribute in attributes if isinstance(attribute, dict)]
        if exchange.operation == "AdminDeleteUserAttributes":
            return [(str(name), True) for name in exchange.params.get("UserAttributeNames") or []]
        return None

    @staticmethod
    def _schema(exchange: Exchange, user_pool_id: str) -> Dict[str, _Attribute]:
        schema = {name: _Attribute(mutable, False) for name, mutable in STANDARD_ATTRIBUTES.items()}
        for attribute in exchange.moto.user_pool(user_pool_id).get("SchemaAttributes") or []:
            schema[attribute["Name"]] = _Attribute(attribute.get("Mutable", True) is not False,
                                                   bool(attribute.get("Required")))
        return schema


# -- 9. a changed address is unverified --------------------------------------------------------

# The addresses Cognito verifies, each with the attribute that says it is verified.
VERIFIED_COMPANIONS: Dict[str, str] = {"email": "email_verified", "phone_number": "phone_number_verified"}


class ChangedAddressUnverified(Rule):
    """A changed email (or phone_number) is marked unverified unless its companion comes true in the same request.

    # AWS Knowledge Center, "How do I troubleshoot issues with an Amazon Cognito user's email_verified attribute?"
    # (https://repost.aws/knowledge-center/cognito-email-verified-attribute): "A user updates their email address.
    # When a user updates their email address, Amazon Cognito changes the email_verified attribute to unverified."
    # AdminUpdateUserAttributesRequest.UserAttributes: "To skip the verification message and update the value of
    # an attribute that requires verification in the same API request, include the email_verified or
    # phone_number_verified attribute, with a value of true."

    An AdminUpdateUserAttributes request that changes ``email`` or ``phone_number`` (compared with moto's user as
    the request arrives) and does not set its companion (``VERIFIED_COMPANIONS``) to ``"true"`` reaches moto with
    the companion set to ``"false"``.  AWS's text names email; phone_number is played alike, as the API reference
    pairs the two companions everywhere (and cognito-local does the same).
    """

    name = "ChangedAddressUnverified"
    precedence = 66

    def on_request(self, exchange: Exchange) -> Optional[Reply]:
        user_pool_id, username = exchange.params.get("UserPoolId"), exchange.params.get("Username")
        if exchange.operation != "AdminUpdateUserAttributes" or not user_pool_id or not username:
            return None
        attributes = [attribute for attribute in exchange.params.get("UserAttributes") or [] if isinstance(attribute, dict)]
        sent = {attribute.get("Name"): attribute.get("Value") for attribute in attributes}
        changed = [name for name in VERIFIED_COMPANIONS if name in sent]
        if not changed:
            return None
        user = exchange.user_before(user_pool_id, username)
        if user is None:
            return None  # moto says the user does not exist
        stored = {attribute["Name"]: attribute.get("Value") for attribute in user.get("UserAttributes") or []}
        unverified = [VERIFIED_COMPANIONS[name] for name in changed
                      if sent[name] != stored.get(name) and VERIFIED_COMPANIONS[name] not in sent]
        if not unverified:
            return None
        exchange.params["UserAttributes"] = attributes + [{"Name": name, "Value": "false"} for name in unverified]
        exchange.rewrote()
        return None


# -- 0. Cognito's words for moto's errors ------------------------------------------------------

class CognitoWording(Rule):
    """moto answers some errors in its own words; the code under test reads Cognito's.

    # Observed, not documented: AWS's text gives the codes, not these words.  Cognito's words, as real answers
    # quoted in public issues show them: a wrong password to AdminInitiateAuth is
    # NotAuthorizedException "Incorrect username or password." (aws-amplify/aws-sdk-ios#1124); a missing group
    # is ResourceNotFoundException "Group not found." (aws-amplify/amplify-cli#2214); a missing app client is
    # ResourceNotFoundException "User pool client <id> does not exist." (aws/aws-sdk-php#2183).  moto says the
    # username, the group name and the client id instead (moto/cognitoidp/models.py).

    The functional harness installs this rule in every test: it changes no behaviour, only words.
    """

    name = "CognitoWording"
    precedence = 90

    def on_request(self, exchange: Exchange) -> Optional[Reply]:
        exchange.notes(self).update(seen=True)
        return None

    def on_response(self, exchange: Exchange, reply: Reply) -> Optional[Reply]:
        if reply.ok or reply.answered_by is not None:
            return None
        code, message, params = reply.error_code, reply.error_message, exchange.params
        if code == "NotAuthorizedException" and (exchange.operation, params.get("AuthFlow")) in _PASSWORD_SIGN_INS \
                and message == username_of(exchange):
            return cognito_error(code, MESSAGES["incorrect_password"])
        if code == "ResourceNotFoundException" and params.get("GroupName") and message == params["GroupName"]:
            return cognito_error(code, MESSAGES["group_not_found"])
        if code == "ResourceNotFoundException" and params.get("ClientId") and message == params["ClientId"]:
            return cognito_error(code, MESSAGES["client_not_found"].format(client_id=params["ClientId"]))
        return None


# -- the rules by name -----------------------------------------------------------------------

def cognito_quota_buckets(share: float = 1.0) -> TokenBuckets:
    """``TokenBuckets`` for the whole account at ``share`` of Cognito's default quotas (``cognito_quotas``)."""
    quotas = cognito_quotas()
    return TokenBuckets({category: rate * share for category, rate in quotas.values()},
                        categories={operation: category for operation, (category, _rate) in quotas.items()})


# name -> (factory taking the optional "=value" of the spec, included in "all")
RULE_FACTORIES: Dict[str, Tuple[Callable[[Optional[str]], Rule], bool]] = {
    "CognitoWording": (lambda value: CognitoWording(), True),
    "TokenBuckets": (lambda value: cognito_quota_buckets(float(value) if value else 1.0), False),
    "SecretHashCheck": (lambda value: SecretHashCheck(), True),
    "AuthFlowsEnforced": (lambda value: AuthFlowsEnforced(), True),
    "CaseInsensitiveUsernames": (lambda value: CaseInsensitiveUsernames(), True),
    "AliasesResolved": (lambda value: AliasesResolved(), True),
    "Lockout": (lambda value: Lockout(int(value) if value else 5), True),
    "TemporaryPasswordValidated": (lambda value: TemporaryPasswordValidated(), True),
    "SchemaEnforced": (lambda value: SchemaEnforced(), True),
    "PasswordHistory": (lambda value: PasswordHistory(int(value) if value else 3), True),
    "LaggingListUsers": (lambda value: LaggingListUsers(float(value) if value else 10.0), True),
    "ChangedAddressUnverified": (lambda value: ChangedAddressUnverified(), True),
}


def rules_from_spec(spec: Optional[str]) -> List[Rule]:
    """The rules a ``--cognito-rules`` value names, fresh, in precedence order.

    ``spec`` is a comma list of rule names (any case), each optionally with
    ``=value`` for its one parameter (``LaggingListUsers=5``, ``Lockout=3``,
    ``PasswordHistory=2``, ``TokenBuckets=0.5`` for half of Cognito's quotas);
    ``all`` names every rule but ``TokenBuckets``; ``none`` or empty names none.
    """
    by_lower = {name.lower(): name for name in RULE_FACTORIES}
    chosen: Dict[str, Optional[str]] = {}
    for item in (spec or "").split(","):
        name, _equals, value = item.strip().partition("=")
        name = name.strip().lower()
        if name in ("", "none"):
            continue
        if name == "all":
            for rule_name, (_factory, in_all) in RULE_FACTORIES.items():
                if in_all:
                    chosen.setdefault(rule_name, None)
        elif name in by_lower:
            chosen[by_lower[name]] = value.strip() or None
        else:
            raise ValueError(f"unknown Cognito rule {name!r} in {spec!r}; known: all, none, {', '.join(RULE_FACTORIES)}")
    rules = [RULE_FACTORIES[name][0](value) for name, value in chosen.items()]
    return sorted(rules, key=lambda rule: rule.precedence)
