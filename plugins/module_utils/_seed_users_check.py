# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The seed_users role's check of its variables: every problem named, all at once, before any call, never a value.

Private to the collection: not an API, may change in any release.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Dict, List

from ansible_collections.cognito.user_pool.plugins.module_utils._arguments import argument_errors
from ansible_collections.cognito.user_pool.plugins.module_utils._arguments import element_errors
from ansible_collections.cognito.user_pool.plugins.module_utils._arguments import kind
from ansible_collections.cognito.user_pool.plugins.module_utils._options import GROUP_ELEMENT_OPTIONS
from ansible_collections.cognito.user_pool.plugins.module_utils._options import USER_ELEMENT_OPTIONS
from ansible_collections.cognito.user_pool.plugins.module_utils._partitions import ACCOUNT_ID_PATTERN
from ansible_collections.cognito.user_pool.plugins.module_utils._partitions import parse_user_pool_id
from ansible_collections.cognito.user_pool.plugins.module_utils._partitions import user_pool_id_errors
from ansible_collections.cognito.user_pool.plugins.module_utils._seed_users import DEPRECATED_VARIABLES
from ansible_collections.cognito.user_pool.plugins.module_utils._seed_users import PREFIX
from ansible_collections.cognito.user_pool.plugins.module_utils._seed_users import VARIABLES
from ansible_collections.cognito.user_pool.plugins.module_utils._seed_users import given_values
from ansible_collections.cognito.user_pool.plugins.module_utils._seed_users import redact
from ansible_collections.cognito.user_pool.plugins.module_utils._seed_users import secrets
from ansible_collections.cognito.user_pool.plugins.module_utils._seed_users import settings


def check(variables: Mapping[str, Any]) -> List[str]:
    """Every problem with the role's variables, named, before any call; empty when there is none."""
    values = settings(variables)
    # The role's defaults spell "unset" as an empty string, and so does its check for a variable that has no
    # default and was not given (tasks/validate.yml): a required one is then named as required.
    given = {name: None if value == "" else value for name, value in given_values(variables).items()}
    errors = [_prefixed(message) for message in argument_errors(VARIABLES, given)]
    for old, new in DEPRECATED_VARIABLES.items():
        if given.get(old) is not None and given.get(new) is not None:
            errors.append(f"{PREFIX}{new} and {PREFIX}{old}, its deprecated name, are both set, to different values. "
                          f"Set {PREFIX}{new} only.")
    if isinstance(values.get("user_pool_id"), str) and values["user_pool_id"].strip():  # else named as required or blank
        # The role cannot see endpoint_url (module_defaults bring it): a local Cognito's id is accepted here, and
        # the modules refuse it without endpoint_url, before any call.
        errors.extend(user_pool_id_errors(values["user_pool_id"], PREFIX + "user_pool_id", local=True))
    users = values.get("users")
    if isinstance(users, list):
        errors.extend(user_errors(users))
    groups = values.get("groups")
    if isinstance(groups, list):
        errors.extend(_group_errors(groups))
    errors.extend(_setting_errors(values))
    # A username may equal a password; no message may show it.
    return [redact(error, secrets(variables)) for error in errors]


def _prefixed(message: str) -> str:
    """``argument_errors`` names options bare; the role's variables carry the prefix."""
    return PREFIX + message if message.split(" ", 1)[0].split(".", 1)[0].split("[", 1)[0] in VARIABLES else message


def user_errors(users: List[Any], variable: str = PREFIX + "users") -> List[str]:
    """One message per problem of a list of users declared for cognito_user, each naming the element."""
    errors: List[str] = []
    seen: Dict[str, List[int]] = {}
    for index, user in enumerate(users):
        at = f"{variable}[{index}]"
        if not isinstance(user, Mapping):
            errors.append(f"{at} must be a mapping of user options, not {kind(user)}.")
            continue
        errors.extend(element_errors(USER_ELEMENT_OPTIONS, user, at))
        if isinstance(user.get("username"), str) and user["username"].strip():
            seen.setdefault(user["username"], []).append(index)
    for username, indexes in seen.items():
        if len(indexes) > 1:
            places = ", ".join(f"{variable}[{index}]" for index in indexes)
            errors.append(f"username '{username}' is declared {len(indexes)} times ({places}). Declare each user once.")
    return errors


def _group_errors(groups: List[Any]) -> List[str]:
    errors: List[str] = []
    seen: Dict[str, int] = {}
    for index, group in enumerate(groups):
        at = f"{PREFIX}groups[{index}]"
        if isinstance(group, str):
            group = {"name": group}
        if not isinstance(group, Mapping):
            errors.append(f"{at} must be a group name or a mapping with name, description, precedence and role_arn, "
                          f"not {kind(group)}.")
            continue
        allowed = {name: option for name, option in GROUP_ELEMENT_OPTIONS.items() if name != "state"}
        errors.extend(element_errors(allowed, group, at))
        name = group.get("name")
        if isinstance(name, str) and name.strip():
            if name in seen:
                errors.append(f"group '{name}' is declared twice ({PREFIX}groups[{seen[name]}], {at}). Declare each group once.")
            seen.setdefault(name, index)
    return errors


def _setting_errors(values: Mapping[str, Any]) -> List[str]:
    """The rules between variables; each variable's own type, bounds and rates are argument_errors' (once)."""
    errors = []
    if values.get("verify_sign_in") is True and not values.get("client_id"):
        errors.append(f"{PREFIX}verify_sign_in needs {PREFIX}client_id, an app client allowing ALLOW_ADMIN_USER_PASSWORD_AUTH.")
    scoped = isinstance(values.get("purge_scope"), str) and bool(values["purge_scope"].strip())
    if values.get("purge_users") is True and not scoped and values.get("purge_whole_pool") is not True:
        errors.append(f"{PREFIX}purge_users needs {PREFIX}purge_scope, the username prefix whose undeclared users it removes, "
                      f"or {PREFIX}purge_whole_pool: true to make the declared users the only users of the whole pool.")
    if scoped and values.get("purge_whole_pool") is True:
        errors.append(f"{PREFIX}purge_whole_pool and {PREFIX}purge_scope exclude each other: the whole pool, or the users "
                      "under a prefix.")
    if values.get("pacing") is False and values.get("rate_limits"):
        errors.append(f"{PREFIX}pacing false lifts every rate limit: leave {PREFIX}rate_limits empty, or set "
                      f"{PREFIX}pacing true to pace by it.")
    if values.get("manage_iam_policy") is True and not values.get("iam_policy_name"):
        errors.append(f"{PREFIX}manage_iam_policy needs {PREFIX}iam_policy_name.")
    account = values.get("iam_account_id")
    if isinstance(account, str) and account and not ACCOUNT_ID_PATTERN.match(account):
        errors.append(f"{PREFIX}iam_account_id must be a 12-digit AWS account id.")
    partition = values.get("iam_partition")
    if isinstance(partition, str) and partition and isinstance(values.get("user_pool_id"), str) \
            and not user_pool_id_errors(values["user_pool_id"], local=True):
        pool_partition = parse_user_pool_id(values["user_pool_id"], local=True).partition
        if partition != pool_partition:
            errors.append(f"{PREFIX}iam_partition {partition} is not the partition of the pool's region ({pool_partition}). "
                          "Leave it empty: the partition comes from the pool id.")
    return errors
