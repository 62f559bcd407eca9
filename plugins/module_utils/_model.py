# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The nouns of the user engine: a user as read, as declared, as it will be, and the pool's rules.

Private to the collection: not an API, may change in any release.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Any, Dict, FrozenSet, List, Mapping, NamedTuple, Optional, Tuple

from ansible_collections.cognito.user_pool.plugins.module_utils._password_policy import PasswordPolicy
from ansible_collections.cognito.user_pool.plugins.module_utils._schema import AttributeSchema

FORCE_CHANGE_PASSWORD = "FORCE_CHANGE_PASSWORD"
CONFIRMED = "CONFIRMED"
RESET_REQUIRED = "RESET_REQUIRED"
UNCONFIRMED = "UNCONFIRMED"
COMPROMISED = "COMPROMISED"
EXTERNAL_PROVIDER = "EXTERNAL_PROVIDER"

# How a declared name relates to a user, by Cognito's documented rules (``PoolFacts.how_named``).
SAME = "same"  # the documented rules say the name stands for this user
MAYBE = "maybe"  # the names are alike, and the documented rules do not settle whether they are one user
OTHER = "other"  # the name stands for another user, or for none

# A sub is a UUID: "Amazon Cognito assigns a unique user identifier value to each user's sub attribute"
# (the developer guide's "User pool attributes").
_SUB_SHAPE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


@dataclass
class CurrentUser:
    """A user as read from Cognito.

    ``consistent`` says how it was read: True from ``AdminGetUser`` (strongly
    consistent), False from ``ListUsers`` (eventually consistent: fine for
    finding what is already as declared, never the basis of a write).
    """

    username: str  # the stored Username (in pools with e-mail usernames, the sub)
    user_status: str
    enabled: bool
    attributes: Dict[str, str] = field(default_factory=dict)
    groups: Optional[List[str]] = None  # None: not read
    consistent: bool = True
    # UserCreateDate and UserLastModifiedDate, in ISO 8601; None when the answer did not carry them.
    user_create_date: Optional[str] = None
    user_last_modified_date: Optional[str] = None

    @classmethod
    def from_record(cls, record: Mapping[str, Any], consistent: bool) -> "CurrentUser":
        """From an ``AdminGetUser`` answer (``UserAttributes``), a ``ListUsers`` entry or ``AdminCreateUser``'s
        ``User`` (``Attributes``)."""
        attributes = record.get("UserAttributes", record.get("Attributes", [])) or []
        return cls(
            username=record["Username"],
            user_status=record.get("UserStatus", ""),
            enabled=bool(record.get("Enabled", True)),
            attributes={attribute["Name"]: attribute.get("Value", "") for attribute in attributes},
            consistent=consistent,
            user_create_date=iso_date(record.get("UserCreateDate")),
            user_last_modified_date=iso_date(record.get("UserLastModifiedDate")),
        )


def iso_date(value: Any) -> Optional[str]:
    """A date of Cognito's answers (botocore gives a ``datetime``) in ISO 8601; None stays None."""
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


# The attributes whose value Cognito stores as the text "true" or "false" ("email_verified", "phone_number_verified":
# the developer guide's standard attributes, type boolean); results show them as booleans, the type the modules take.
VERIFIED_ATTRIBUTES = ("email_verified", "phone_number_verified")


def shown_attributes(attributes: Mapping[str, str]) -> Dict[str, Any]:
    """``attributes`` as results show them: every value as Cognito stores it, the ``*_verified`` ones as booleans."""
    return {name: (value.lower() == "true" if name in VERIFIED_ATTRIBUTES and isinstance(value, str) else value)
            for name, value in attributes.items()}


@dataclass
class DesiredUser:
    """A user as declared in a task (validated: every value has its documented type)."""

    username: str
    state: str = "present"
    attributes: Optional[Dict[str, Any]] = None
    purge_attributes: bool = False
    enabled: Optional[bool] = None
    groups: Optional[List[str]] = None
    purge_groups: bool = False
    password: Optional[str] = field(default=None, repr=False)
    permanent: bool = True
    update_password: str = "when_needed"
    invitation: str = "suppress"
    desired_delivery_mediums: Optional[List[str]] = None
    client_metadata: Optional[Dict[str, str]] = None  # AdminCreateUser's ClientMetadata, for the Lambda triggers
    force_alias_creation: bool = False


@dataclass(frozen=True)
class UserState:
    """A user as it is, or as it will be after a plan's steps: what diffs and results show."""

    present: bool
    user_status: Optional[str] = None
    enabled: Optional[bool] = None
    attributes: Mapping[str, str] = field(default_factory=dict)
    groups: Optional[Tuple[str, ...]] = None  # None: not read, not declared
    # As Cognito last reported them, never shown in diffs; a write after that read leaves the last-modified
    # date unknown (None).
    sub: Optional[str] = None
    user_create_date: Optional[str] = None
    user_last_modified_date: Optional[str] = None

    @classmethod
    def absent(cls) -> "UserState":
        return cls(present=False)

    @classmethod
    def of(cls, current: Optional[CurrentUser]) -> "UserState":
        if current is None:
            return cls.absent()
        groups = tuple(sorted(current.groups)) if current.groups is not None else None
        return cls(True, current.user_status, current.enabled, dict(current.attributes), groups,
                   current.attributes.get("sub"), current.user_create_date, current.user_last_modified_date)

    def but(self, **changes: Any) -> "UserState":
        return replace(self, **changes)

    def as_dict(self) -> Dict[str, Any]:
        """The state as a diff shows it; never a password."""
        if not self.present:
            return {"state": "absent"}
        shown: Dict[str, Any] = {"state": "present", "user_status": self.user_status, "enabled": self.enabled,
                                 "attributes": shown_attributes(dict(sorted(self.attributes.items())))}
        if self.groups is not None:
            shown["groups"] = sorted(self.groups)
        return shown


@dataclass(frozen=True)
class PoolFacts:
    """What the engine needs to know about a user pool, from one ``DescribeUserPool``."""

    user_pool_id: str
    password_policy: PasswordPolicy = PasswordPolicy()
    schema: AttributeSchema = AttributeSchema()
    case_sensitive: bool = True
    alias_attributes: Tuple[str, ...] = ()
    username_attributes: Tuple[str, ...] = ()
    verify_before_update: FrozenSet[str] = frozenset()
    password_history_size: int = 0
    # Group names known to exist, and known not to; a group in neither was not checked.
    existing_groups: FrozenSet[str] = frozenset()
    missing_groups: FrozenSet[str] = frozenset()

    @classmethod
    def from_user_pool(cls, user_pool: Mapping[str, Any]) -> "PoolFacts":
        """Read from a ``DescribeUserPool`` ``UserPool`` structure.

        ``UsernameConfiguration.CaseSensitive``: "If you do not specify a value,
        CaseSensitive defaults to true" (the developer guide's "User pool case
        sensitivity"); old pools report no ``UsernameConfiguration`` at all.
        """
        policy = (user_pool.get("Policies") or {}).get("PasswordPolicy") or {}
        update_settings = user_pool.get("UserAttributeUpdateSettings") or {}
        return cls(
            user_pool_id=user_pool.get("Id", ""),
            password_policy=PasswordPolicy.from_user_pool(user_pool),
            schema=AttributeSchema.from_user_pool(user_pool),
            case_sensitive=bool((user_pool.get("UsernameConfiguration") or {}).get("CaseSensitive", True)),
            alias_attributes=tuple(user_pool.get("AliasAttributes") or ()),
            username_attributes=tuple(user_pool.get("UsernameAttributes") or ()),
            verify_before_update=frozenset(update_settings.get("AttributesRequireVerificationBeforeUpdate") or ()),
            password_history_size=int(policy.get("PasswordHistorySize") or 0),
        )

    @property
    def names_have_other_spellings(self) -> bool:
        """Can a declared name stand for a stored user that ``ListUsers`` shows under another name?

        Case-insensitive pools (the ``username`` filter is case-sensitive, the
        user lookup is not), alias attributes and username attributes
        (``AdminGetUser`` "You can specify alias attributes in the Username
        request parameter").
        """
        return not self.case_sensitive or bool(self.alias_attributes) or bool(self.username_attributes)

    def duplicate_key(self, name: str) -> str:
        """The form under which two declared names might be one user of this pool, so a batch may hold only one.

        A case-insensitive pool "treats any variation in case as the same user"
        (``UsernameConfiguration``); which Unicode variations count is not
        documented, so every name that folds alike is refused as a duplicate.
        """
        return name if self.case_sensitive else loose_name(name)

    def ways_to_name(self, user: "CurrentUser") -> List["WayToName"]:
        """Every value a request's ``Username`` may give to stand for ``user``, with how Cognito compares it.

        AWS's texts, each rule in turn:

        - The username; in a case-insensitive pool, "users can sign in using
          username, USERNAME, or UserName" (``UsernameConfigurationType``).
        - The sub: "If username isn't an alias attribute in your user pool,
          this value must be the sub of a local user" (``Username`` of
          AdminGetUser and the other admin operations).
        - Username attributes: "You can use an email address or phone number
          as an alias in place of the username in all APIs except the
          ListUsers API"; such an e-mail address or phone number "does not have
          to be verified" (the developer guide, "User pool attributes").
        - Alias attributes: the ``Username`` "can be any of their alias
          attributes" (AdminGetUser); "Phone numbers and email addresses only
          become active aliases for a user after the phone numbers and email
          addresses are verified", and "If an alias is configured for an email
          address or phone number, the value provided can be in a verified
          state in only one account" (the developer guide). An unverified one
          is kept as a way the name might still be the user's (``active``
          False): the list it came from may be out of date.
        - Case: in case-insensitive pools, "This option also enables both
          preferred_username and email alias to be case insensitive, in
          addition to the username attribute" (``CaseSensitive``), and the
          e-mail example "email@example.com or EMaiL@eXamplE.Com"
          (``UsernameConfiguration``).
        """
        insensitive = not self.case_sensitive
        ways = [WayToName("username", user.username, insensitive, True)]
        if user.attributes.get("sub"):
            ways.append(WayToName("sub", user.attributes["sub"], False, True))
        for name in self.username_attributes:
            if user.attributes.get(name):
                ways.append(WayToName(name, user.attributes[name], insensitive and name == "email", True))
        for name in self.alias_attributes:
            if user.attributes.get(name):
                active = name == "preferred_username" or user.attributes.get(name + "_verified") == "true"
                ways.append(WayToName(name, user.attributes[name], insensitive and name != "phone_number", active))
        return ways

    def how_named(self, name: str, user: "CurrentUser", kinds: Optional[Tuple[str, ...]] = None) -> str:
        """Does ``name`` stand for ``user``: SAME, MAYBE or OTHER (see ``ways_to_name``; ``kinds`` limits the ways)."""
        found = OTHER
        for way in self.ways_to_name(user):
            if kinds is not None and way.kind not in kinds:
                continue
            how = compare_names(name, way.value, way.case_insensitive)
            if how == SAME and way.active:
                return SAME
            if how != OTHER:
                found = MAYBE
        return found

    def may_name_another_user(self, name: str) -> bool:
        """Can ``name`` stand for a stored user that ``ListUsers``' username filter does not find under it?

        Besides ``names_have_other_spellings``, a name shaped like a sub: the
        admin operations take "the sub of a local user" (their ``Username``).
        """
        return self.names_have_other_spellings or bool(_SUB_SHAPE.match(name))


class WayToName(NamedTuple):
    """One value that stands for a user in requests, and how Cognito compares a name with it."""

    kind: str  # username, sub, or the attribute's name
    value: str
    case_insensitive: bool
    active: bool  # False: an alias not verified, which stands for the user only once verified


def loose_name(name: str) -> str:
    """``name`` compatibility-normalized, case-folded and without white space or control characters.

    Two names alike in this form might be one user in some reading of the
    documentation; it is a hint to confirm, never a reason to act.
    """
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(char for char in folded if not (char.isspace() or unicodedata.category(char)[0] in "CZ"))


def compare_names(name: str, value: str, case_insensitive: bool) -> str:
    """SAME when Cognito's documented rules make ``name`` and ``value`` one name, MAYBE when only alike, else OTHER.

    The only variation documented is case, as the examples show it
    ("username, USERNAME, or UserName"), so SAME allows differences in ASCII
    letters' case only; ``straße`` and ``strasse``, ``ÄB`` and ``äb``, or a
    name with a trailing space, are only MAYBE: confirmed with AdminGetUser
    before anything is written or purged.
    """
    if name == value:
        return SAME
    if case_insensitive and len(name) == len(value) and all(
            a == b or (a.isascii() and b.isascii() and a.lower() == b.lower()) for a, b in zip(name, value)):
        return SAME
    return MAYBE if loose_name(name) == loose_name(value) else OTHER
