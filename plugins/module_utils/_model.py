# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The nouns of the user engine: a user as read, as declared, as it will be, and the pool's rules.

Private to the collection: not an API, may change in any release.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Dict, FrozenSet, List, Mapping, Optional, Tuple

from ansible_collections.cognito.user_pool.plugins.module_utils._password_policy import PasswordPolicy
from ansible_collections.cognito.user_pool.plugins.module_utils._schema import AttributeSchema

FORCE_CHANGE_PASSWORD = "FORCE_CHANGE_PASSWORD"
CONFIRMED = "CONFIRMED"
RESET_REQUIRED = "RESET_REQUIRED"
UNCONFIRMED = "UNCONFIRMED"
COMPROMISED = "COMPROMISED"
EXTERNAL_PROVIDER = "EXTERNAL_PROVIDER"


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

    def same_name(self, name: str) -> str:
        """The form under which two names are the same user in this pool (case-folded when case-insensitive)."""
        return name if self.case_sensitive else name.casefold()
