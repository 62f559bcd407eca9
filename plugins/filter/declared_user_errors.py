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
  - Usernames, group names and attribute names and values are held to the lengths and patterns of Cognito's API
    (botocore's service model), so that a username with a trailing space or newline is refused before any call.
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

from typing import Any, List

from ansible.errors import AnsibleFilterError

from ansible_collections.cognito.user_pool.plugins.module_utils._arguments import kind
from ansible_collections.cognito.user_pool.plugins.module_utils._seed_users_check import user_errors


def declared_user_errors(users: Any, variable: str = "users") -> List[str]:
    """One message per problem in ``users``, each naming the element; empty when there is none."""
    if not isinstance(users, (list, tuple)):
        raise AnsibleFilterError(f"declared_user_errors expects a list of users, not {kind(users)}")
    return user_errors(list(users), variable)


class FilterModule:
    def filters(self):
        return {"declared_user_errors": declared_user_errors}
