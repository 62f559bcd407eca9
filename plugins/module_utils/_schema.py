# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A user pool's attribute schema, checked locally before any write.

Private to the collection: not an API, may change in any release.

Cognito refuses, on every run, an attribute its pool does not have, a custom
attribute named without its ``custom:`` prefix, a change to a non-mutable
attribute of an existing user and the removal of a required one.  The API
reference says why (``SchemaAttributeType``): DescribeUserPool returns "value
for standard attributes, custom:value for custom attributes, and dev:value for
developer-only attributes"; ``Mutable`` "Specifies whether the value of the
attribute can be changed"; ``Required`` "If the attribute is required and the
user doesn't provide a value, registration or sign-in will fail"; and
AdminUpdateUserAttributes: "For custom attributes, you must add a custom:
prefix to the attribute name".
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Mapping, NamedTuple, Optional

# Cognito assigns it; the collection never writes or removes it.
SUB = "sub"
# DescribeUserPool returns standard attribute names cut to 20 characters: AWS's own
# CreateUserPool example answers "phone_number_verifie" for phone_number_verified.
SCHEMA_NAME_LENGTH = 20


class SchemaAttribute(NamedTuple):
    name: str
    mutable: bool = True
    required: bool = False


class AttributeSchema(NamedTuple):
    """The pool's ``SchemaAttributes`` by name; empty when the pool reported none (nothing is checked)."""

    attributes: Mapping[str, SchemaAttribute] = {}

    @classmethod
    def from_user_pool(cls, user_pool: Mapping[str, Any]) -> "AttributeSchema":
        found: Dict[str, SchemaAttribute] = {}
        for attribute in user_pool.get("SchemaAttributes") or []:
            name = attribute.get("Name")
            if name:
                found[name] = SchemaAttribute(name, bool(attribute.get("Mutable", True)), bool(attribute.get("Required", False)))
        return cls(found)

    def get(self, name: str) -> Optional[SchemaAttribute]:
        found = self.attributes.get(name)
        if found is None and len(name) > SCHEMA_NAME_LENGTH and ":" not in name:
            found = self.attributes.get(name[:SCHEMA_NAME_LENGTH])
        return found

    def problems(self, declared: Iterable[str], current: Optional[Mapping[str, str]], changed: Iterable[str],
                 removed: Iterable[str]) -> List[str]:
        """One sentence per rule the declared attributes break, in the order declared.

        ``declared`` are the declared names, ``current`` the user's live
        attributes (None for a user to create), ``changed`` the names whose
        values would change and ``removed`` the names purge_attributes would
        delete.
        """
        if not self.attributes:
            return []
        problems: List[str] = []
        for name in declared:
            if name == SUB:
                continue
            attribute = self.get(name)
            if attribute is None:
                problems.append(self._unknown(name))
            elif current is not None and name in changed and not attribute.mutable:
                problems.append(
                    f"attribute '{name}' is not mutable in this pool: Cognito writes it only when it creates a user, "
                    "so it cannot change now. Declare its current value, or recreate the user"
                )
        for name in removed:
            attribute = self.get(name)
            if attribute is not None and attribute.required:
                problems.append(
                    f"attribute '{name}' is required in this pool, so purge_attributes cannot remove it. "
                    "Declare it, or leave purge_attributes off"
                )
        return problems

    def _unknown(self, name: str) -> str:
        if not name.startswith(("custom:", "dev:")) and f"custom:{name}" in self.attributes:
            return f"attribute '{name}' is a custom attribute of this pool: write it as 'custom:{name}'"
        if name.startswith("custom:"):
            return (f"the pool has no custom attribute '{name}': add it to the pool's schema first "
                    "(custom attributes cannot be created by this collection), or fix the name")
        return (f"the pool's schema has no attribute '{name}': use a standard attribute name (email, name, "
                "phone_number, ...) or a custom attribute with its 'custom:' prefix")
