# -*- coding: utf-8 -*-
"""Property: purge_users removes every undeclared user in scope and never a declared one, in every kind of pool.

Hypothesis generates a pool (case-sensitive or not, with alias attributes,
username attributes or neither), its users, the declarations of one task (and
names another task declared, ``purge_keep``), then runs ``converge`` with a
purge scope against ``DocumentedCognito``: an in-memory Cognito, behind the
real ``CognitoClient``, that resolves every ``Username`` by AWS's documented
rules and nothing more.  Where the documentation leaves a choice (which Unicode
case variations a case-insensitive pool folds), each pool picks one of the
readings at random; the engine must be right under all of them.

The oracle is written from the same documented rules (``resolve``), not from
the engine: which stored user each declared name stands for before the run.
After the run, no such user is gone, each holds its declared attributes,
every other user in scope is gone unless the result reports it kept, and a
kept one is alike a declared name that Cognito refuses to resolve (the only
doubt the rules leave here).  Users outside the scope are untouched.
"""

from __future__ import annotations

import unicodedata
import uuid
from collections import Counter
from typing import Any, Dict, List, Optional

import botocore.exceptions
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sizes import examples

from ansible_collections.cognito.user_pool.plugins.module_utils._client import CognitoClient
from ansible_collections.cognito.user_pool.plugins.module_utils._client import RetryPolicy
from ansible_collections.cognito.user_pool.plugins.module_utils._converge import ConvergeOptions
from ansible_collections.cognito.user_pool.plugins.module_utils._converge import converge
from ansible_collections.cognito.user_pool.plugins.module_utils._errors import CognitoError
from ansible_collections.cognito.user_pool.plugins.module_utils._model import DesiredUser
from ansible_collections.cognito.user_pool.plugins.module_utils._operations import DEFAULT_RATE_LIMITS
from ansible_collections.cognito.user_pool.plugins.module_utils._outcomes import summarize_purge
from ansible_collections.cognito.user_pool.plugins.module_utils._pacing import RateLimiter

POOL = "eu-west-1_PropPool1"
SCOPE = "test-"
EXAMPLES = examples(1000)
RAN: Counter = Counter()  # examples per kind of pool, counted by the property

pytestmark = pytest.mark.property

# Readings of "Amazon Cognito treats any variation in case as the same user" (UsernameConfiguration).
FOLDS = {
    "ascii": lambda name: "".join(char.lower() if char.isascii() else char for char in name),
    "simple": lambda name: "".join(char.lower() for char in name),
    "full": lambda name: name.casefold(),
}


def valid_username(name: str) -> bool:
    """``UsernameType``: pattern ``[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+``, 1 to 128 characters (botocore's model)."""
    return 0 < len(name) <= 128 and all(unicodedata.category(char)[0] in "LMSNP" for char in name)


class DocumentedCognito:
    """The boto3 cognito-idp calls converge makes, answered by Cognito's documented rules, in memory."""

    def __init__(self, case_sensitive: bool, fold: str, alias_attributes, username_attributes, users) -> None:
        self.case_sensitive = case_sensitive
        self.fold = (lambda name: name) if case_sensitive else FOLDS[fold]
        self.alias_attributes = list(alias_attributes)
        self.username_attributes = list(username_attributes)
        self.users: Dict[str, Dict[str, str]] = {user["username"]: dict(user["attributes"]) for user in users}
        self._subs = 0

    # -- the documented resolution ----------------------------------------------------------------

    def _same(self, a: str, b: str, folds: bool) -> bool:
        return a == b or (folds and self.fold(a) == self.fold(b))

    def resolve(self, name: str) -> Optional[str]:
        """The stored username ``name`` stands for in admin operations, or None.

        The username (any variation in case, in case-insensitive pools); a
        username attribute (verified or not); an alias, once verified
        (preferred_username always), case-insensitively for email and
        preferred_username in case-insensitive pools; the sub.
        """
        if not valid_username(name):
            return None
        for username in self.users:
            if self._same(name, username, True):
                return username
        for username, attributes in self.users.items():
            for attribute in self.username_attributes:
                if attributes.get(attribute) and self._same(name, attributes[attribute], attribute == "email"):
                    return username
            for attribute in self.alias_attributes:
                active = attribute == "preferred_username" or attributes.get(attribute + "_verified") == "true"
                if active and attributes.get(attribute) and self._same(name, attributes[attribute], attribute != "phone_number"):
                    return username
        for username, attributes in self.users.items():
            if attributes["sub"] == name:
                return username
        return None

    # -- boto3's calls ----------------------------------------------------------------------------

    @staticmethod
    def _error(code: str, message: str, operation: str):
        return botocore.exceptions.ClientError({"Error": {"Code": code, "Message": message}}, operation)

    def _user(self, username: str, operation: str) -> str:
        if not valid_username(username):
            raise self._error("InvalidParameterException", "1 validation error detected: Value at 'username' failed "
                              "to satisfy constraint", operation)
        stored = self.resolve(username)
        if stored is None:
            raise self._error("UserNotFoundException", "User does not exist.", operation)
        return stored

    def _record(self, username: str, key: str = "Attributes") -> Dict[str, Any]:
        return {"Username": username, "UserStatus": "FORCE_CHANGE_PASSWORD", "Enabled": True,
                key: [{"Name": name, "Value": value} for name, value in sorted(self.users[username].items())]}

    def describe_user_pool(self, UserPoolId):
        return {"UserPool": {"Id": UserPoolId, "UsernameConfiguration": {"CaseSensitive": self.case_sensitive},
                             "AliasAttributes": self.alias_attributes, "UsernameAttributes": self.username_attributes}}

    def list_users(self, UserPoolId, Limit, Filter=None, PaginationToken=None):
        attribute, operator, value = Filter.split(" ", 2)
        value = value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        matching = []
        for username in sorted(self.users):
            # "username (case-sensitive)" (ListUsers' Filter); attribute values as stored.
            have = username if attribute == "username" else self.users[username].get(attribute)
            if have is not None and (have == value if operator == "=" else have.startswith(value)):
                matching.append(self._record(username))
        start = int(PaginationToken or 0)
        page = {"Users": matching[start:start + Limit]}
        if start + Limit < len(matching):
            page["PaginationToken"] = str(start + Limit)
        return page

    def admin_get_user(self, UserPoolId, Username):
        return self._record(self._user(Username, "AdminGetUser"), "UserAttributes")

    def admin_create_user(self, UserPoolId, Username, UserAttributes=(), MessageAction=None, TemporaryPassword=None,
                          DesiredDeliveryMediums=None):
        if not valid_username(Username):
            raise self._error("InvalidParameterException", "1 validation error detected", "AdminCreateUser")
        if self.resolve(Username) is not None:
            raise self._error("UsernameExistsException", "User account already exists", "AdminCreateUser")
        attributes = {attribute["Name"]: attribute["Value"] for attribute in UserAttributes}
        self._subs += 1
        sub = str(uuid.UUID(int=0xC0FFEE00000000000000000000000000 + self._subs))
        if self.username_attributes:
            # "The SignUp API generates a persistent UUID for your user, and uses it as the immutable username".
            kind = "email" if "@" in Username else "phone_number"
            if kind not in self.username_attributes:
                raise self._error("InvalidParameterException", "Username should be an email or a phone number.",
                                  "AdminCreateUser")
            attributes[kind] = Username
            stored = sub
        else:
            # "If email is selected as an alias, a username can't match a valid email format" (the developer guide).
            if ("email" in self.alias_attributes and "@" in Username) or (
                    "phone_number" in self.alias_attributes and Username.startswith("+")):
                raise self._error("InvalidParameterException", "Username cannot be of email format.", "AdminCreateUser")
            stored = Username
        self.users[stored] = dict(attributes, sub=sub)
        return {"User": self._record(stored)}

    def admin_update_user_attributes(self, UserPoolId, Username, UserAttributes):
        stored = self._user(Username, "AdminUpdateUserAttributes")
        self.users[stored].update({attribute["Name"]: attribute["Value"] for attribute in UserAttributes})
        return {}

    def admin_delete_user(self, UserPoolId, Username):
        del self.users[self._user(Username, "AdminDeleteUser")]
        return {}


# -- generated pools, users and declarations ----------------------------------------------------------

SUBS = [str(uuid.UUID(int=0x5AB0000000000000000000000000000 + index)) for index in range(40)]
STEMS = ["alice", "bob", "straße", "ÅSA", "Dora", "eve", "ﬁnn", "zoë"]


@st.composite
def pools(draw):
    case_sensitive = draw(st.booleans())
    fold = "none" if case_sensitive else draw(st.sampled_from(sorted(FOLDS)))
    sign_in = draw(st.sampled_from(["username", "aliases", "username_attributes"]))
    aliases = draw(st.lists(st.sampled_from(["email", "phone_number", "preferred_username"]), min_size=1, unique=True)) \
        if sign_in == "aliases" else []
    username_attributes = draw(st.lists(st.sampled_from(["email", "phone_number"]), min_size=1, unique=True)) \
        if sign_in == "username_attributes" else []
    users, taken = [], set()
    for index in range(draw(st.integers(1, 6))):
        stem = draw(st.sampled_from(STEMS)) + str(index)
        prefix = draw(st.sampled_from([SCOPE, SCOPE, "other-"]))
        attributes = {"sub": SUBS[index], "given_name": "before"}
        if username_attributes:
            username = SUBS[index]
            attributes["email" if "email" in username_attributes else "phone_number"] = \
                f"{prefix}{stem}@example.com" if "email" in username_attributes else f"+1555000{index:04d}"
        else:
            username = prefix + stem
            if "email" in aliases and draw(st.booleans()):
                attributes.update(email=f"{stem}@example.com", email_verified=draw(st.sampled_from(["true", "false"])))
            if "phone_number" in aliases and draw(st.booleans()):
                attributes.update(phone_number=f"+1555000{index:04d}", phone_number_verified=draw(st.sampled_from(["true", "false"])))
            if "preferred_username" in aliases and draw(st.booleans()):
                attributes["preferred_username"] = "pref-" + stem
        key = username.casefold()
        if key in taken:
            continue
        taken.add(key)
        users.append({"username": username, "attributes": attributes})
    return {"case_sensitive": case_sensitive, "fold": fold, "alias_attributes": aliases,
            "username_attributes": username_attributes, "users": users}


def spellings(user: Dict[str, Any]) -> Dict[str, List[str]]:
    """Names that are, or are near, one user, by kind: exact, case variants, aliases, sub, near misses, white space."""
    username, attributes = user["username"], user["attributes"]
    aliases = [attributes[name] for name in ("email", "phone_number", "preferred_username") if attributes.get(name)]
    return {
        "exact": [username],
        "case variant": [username.upper(), username.swapcase(), username.replace("ß", "ss"), username.replace("ss", "ß")],
        "alias": aliases + [alias.upper() for alias in aliases],
        "sub": [attributes["sub"], attributes["sub"].upper()],
        "near miss": [username + "x", username[:-1]] + [alias + "x" for alias in aliases],
        "white space": [username + " ", " " + username, username + "\n"] + [alias + " " for alias in aliases],
    }


@st.composite
def scenarios(draw):
    pool = draw(pools())
    names = []
    for dummy in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["exact", "case variant", "alias", "sub", "near miss", "white space", "new"]))
        if kind == "new":
            names.append(draw(st.sampled_from([f"{SCOPE}new{index}" for index in range(3)] + [f"{SCOPE}new@example.com"])))
            continue
        choices = spellings(draw(st.sampled_from(pool["users"])))[kind]
        if choices:
            names.append(draw(st.sampled_from(choices)))
    names = list({name.strip().casefold(): name for name in names}.values())  # one task declares a user once
    kept_by_another_task = draw(st.lists(st.booleans(), min_size=len(names), max_size=len(names)))
    return pool, [(name, index, other) for index, (name, other) in enumerate(zip(names, kept_by_another_task))]


def loosely(name: str) -> str:
    return "".join(char for char in unicodedata.normalize("NFKC", name).casefold() if not char.isspace())


def client_for(cognito: DocumentedCognito) -> CognitoClient:
    """The collection's own client, its boto3 calls answered by ``cognito``: nothing is sent anywhere."""
    unpaced = RateLimiter({category: 0 for category in DEFAULT_RATE_LIMITS})
    return CognitoClient(cognito, POOL, "eu-west-1", rate_limiter=unpaced, retry_policy=RetryPolicy(max_attempts=1))


def shown_as(pool: Dict[str, Any], username: str, attributes: Dict[str, str]) -> str:
    """How purge names a user, and what its scope is matched on: the e-mail address in e-mail-username pools."""
    return attributes.get("email", "") if "email" in pool["username_attributes"] else username


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(scenarios())
def purge_keeps_every_declared_user_and_removes_every_other_user_in_scope(scenario):
    pool, declarations = scenario
    cognito = DocumentedCognito(pool["case_sensitive"], pool["fold"], pool["alias_attributes"],
                                pool["username_attributes"], pool["users"])
    RAN[(("case-sensitive" if pool["case_sensitive"] else "case-insensitive/" + pool["fold"]),
         "aliases " + "+".join(sorted(pool["alias_attributes"])) if pool["alias_attributes"] else
         "username attributes " + "+".join(sorted(pool["username_attributes"])) if pool["username_attributes"] else "username")] += 1
    before = {username: dict(attributes) for username, attributes in cognito.users.items()}
    by_sub = {attributes["sub"]: username for username, attributes in before.items()}
    in_scope = {username for username, attributes in before.items() if shown_as(pool, username, attributes).startswith(SCOPE)}

    # The oracle: which stored user each declared name stands for, by the documented rules, before the run.
    declared_here = [(name, index) for name, index, other in declarations if not other]
    stands_for = {name: cognito.resolve(name) for name, dummy, dummy2 in declarations}
    # Two names for one user would be two declarations of it: one task declares each user once.
    seen = Counter(stored for stored in stands_for.values() if stored)
    if any(count > 1 for count in seen.values()):
        return
    declared_users = {stored for stored in stands_for.values() if stored}

    users = [DesiredUser(name, attributes={"given_name": f"declared-{index}"}) for name, index in declared_here]
    keep = frozenset(name for name, dummy, other in declarations if other)
    try:
        outcomes = converge(client_for(cognito), users, ConvergeOptions(max_concurrency=1, purge_scope=SCOPE, purge_keep=keep))
    except CognitoError:
        assert cognito.users == before  # refused before any write
        return
    after_by_sub = {attributes["sub"]: (username, attributes) for username, attributes in cognito.users.items()}

    # No declared user is gone, and each one a declaration of this task names holds what it declares.
    for stored in declared_users:
        assert before[stored]["sub"] in after_by_sub, f"declared user {stored} was purged"
    for (name, index), outcome in zip(declared_here, outcomes):
        if outcome.error is None:
            assert cognito.users[cognito.resolve(name)]["given_name"] == f"declared-{index}", name
    # Nobody else was written to.
    written = {cognito.resolve(name) for name, dummy in declared_here}
    for sub, (username, attributes) in after_by_sub.items():
        if sub in by_sub and username not in written:
            assert attributes == before[username], f"{username} was written to"

    purged = outcomes[len(users):]
    kept = {outcome.username for outcome in purged if outcome.kept}
    reported_gone = {outcome.username for outcome in purged if "delete" in outcome.actions}
    for username in in_scope - declared_users:
        shown = shown_as(pool, username, before[username])
        if shown in kept:
            # Kept only where the rules leave doubt: a declared name alike this user that Cognito cannot resolve.
            ways = [username] + [before[username][name] for name in ("sub", "email", "phone_number", "preferred_username")
                                 if before[username].get(name)]
            assert any(not valid_username(name) and loosely(name) in {loosely(way) for way in ways}
                       for name, dummy, dummy2 in declarations), f"{username} kept without doubt"
            assert username in cognito.users
        else:
            assert username not in cognito.users, f"undeclared {username} in scope was not purged"
            assert shown in reported_gone
    # Users outside the scope are never touched.
    for username in set(before) - in_scope:
        if username not in written:
            assert cognito.users.get(username) == before[username]
    assert summarize_purge(outcomes)["purge_kept"] == len(kept)
    assert all(outcome.result()["purge_kept"] is True for outcome in purged if outcome.kept)


def test_purge_keeps_every_declared_user_and_removes_every_other_user_in_scope_in_every_kind_of_pool():
    RAN.clear()
    purge_keeps_every_declared_user_and_removes_every_other_user_in_scope()  # pylint: disable=no-value-for-parameter
    kinds = set(RAN)  # every kind of pool was generated, or the property proved nothing about it
    assert {case for case, dummy in kinds} == {"case-sensitive", "case-insensitive/ascii", "case-insensitive/simple",
                                               "case-insensitive/full"}
    assert any(sign_in.startswith("aliases") for dummy, sign_in in kinds)
    assert any(sign_in.startswith("username attributes") for dummy, sign_in in kinds)
    assert any(sign_in == "username" for dummy, sign_in in kinds)
