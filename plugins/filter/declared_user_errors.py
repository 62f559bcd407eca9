# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: declared_user_errors
short_description: What is wrong with a list of users declared for cognito_user, before any call
version_added: 1.0.0
description:
  - Checks a list of users as the O(cognito.user_pool.cognito_user#module:users) option of
    M(cognito.user_pool.cognito_user) takes them, with that module's own per-user options and types,
    and returns one message per problem. An empty list means the users are fine.
  - "Each message names the element by its index and, when it has one, its username: an element that is
    not a dict, a user without C(username), keys that are not per-user options, a password that is not a
    string, an option of the wrong type or outside its choices, a username declared more than once."
  - Messages never contain a password.
  - The M(cognito.user_pool.cognito_user) batch form checks the same things, but one task per batch;
    this filter lets a play reject the whole list before the first batch makes any call.
options:
  _input:
    description: The users, a list of dicts.
    type: list
    elements: raw
    required: true
  variable:
    description: The name of the variable the users came from, used in the messages.
    type: str
    default: users
"""

EXAMPLES = r"""
- name: Reject bad user declarations before any call
  ansible.builtin.assert:
    that: errors | length == 0
    fail_msg: "{{ errors | join('; ') }}"
    quiet: true
  vars:
    errors: "{{ my_users | cognito.user_pool.declared_user_errors('my_users') }}"
"""

RETURN = r"""
_value:
  description: One message per problem, in the order of the users; empty when there is none.
  type: list
  elements: str
  sample:
    - "my_users[3] (username 'bob') has keys that are not per-user options of cognito_user: pasword.
      A user takes: attributes, desired_delivery_mediums, enabled, groups, invitation, password, permanent,
      purge_attributes, purge_groups, state, update_password, username."
"""

from collections.abc import Mapping
from typing import Any, Dict, List

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.cognito.user_pool.plugins.module_utils.common import USER_OPTIONS

# The per-user options of cognito_user's batch form.  The password is checked
# on its own: the generic validator would turn a number into a string, and a
# message about it must never show its value.
_CHECKED_OPTIONS: Dict[str, Dict[str, Any]] = dict(
    {name: option for name, option in USER_OPTIONS.items() if name != "password"},
    username=dict(type="str", required=True),
)
ALLOWED_KEYS = frozenset(USER_OPTIONS) | {"username"}


def declared_user_errors(users: Any, variable: str = "users") -> List[str]:
    """One message per problem in ``users``, each naming the element; empty when there is none."""
    if not isinstance(users, (list, tuple)):
        raise AnsibleFilterError(f"declared_user_errors expects a list of users, not {type(users).__name__}")
    errors: List[str] = []
    indexes_by_username: Dict[str, List[int]] = {}
    for index, user in enumerate(users):
        where = f"{variable}[{index}]"
        if not isinstance(user, Mapping):
            errors.append(f"{where} is {_kind(user)}, not a dict of user options.")
            continue
        username = user.get("username")
        if username is None or username == "":
            errors.append(f"{where} has no username. Every user needs one.")
        else:
            where = f"{where} (username '{username}')"
            indexes_by_username.setdefault(str(username), []).append(index)
        unknown = sorted(str(key) for key in user if key not in ALLOWED_KEYS)
        if unknown:
            errors.append(
                f"{where} has keys that are not per-user options of cognito_user: {', '.join(unknown)}. "
                f"A user takes: {', '.join(sorted(ALLOWED_KEYS))}."
            )
        if "password" in user and not isinstance(user["password"], str):
            errors.append(
                f"{where} has a password that is {_kind(user['password'])}, not a string. "
                "Quote it in YAML."
            )
        if username is not None and username != "":
            known = {key: _plain(value) for key, value in user.items() if key in _CHECKED_OPTIONS}
            result = ArgumentSpecValidator(_CHECKED_OPTIONS).validate(known)
            errors.extend(f"{where}: {message}" for message in result.error_messages)
    for username, indexes in indexes_by_username.items():
        if len(indexes) > 1:
            places = ", ".join(f"{variable}[{index}]" for index in indexes)
            errors.append(f"username '{username}' is declared {len(indexes)} times ({places}). Declare each user once.")
    return errors


def _plain(value: Any) -> Any:
    """``value`` in plain dicts and lists.

    The validator deep-copies what it checks, and a deep copy of one of
    Ansible's lazily templated containers copies its whole templating context.
    """
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def _kind(value: Any) -> str:
    """What a value is, in YAML's words (Ansible may hand over its own subclasses of the basic types)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, Mapping):
        return "a dict"
    if isinstance(value, (list, tuple)):
        return "a list"
    return f"a {type(value).__name__}"


class FilterModule:
    def filters(self):
        return {"declared_user_errors": declared_user_errors}
