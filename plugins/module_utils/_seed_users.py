# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The seed_users role's variables and its plan: batches, groups, rate limits, IAM policy, sign-in check.

Private to the collection: not an API, may change in any release.

``batch`` builds one batch of users for ``cognito_user`` (the role-wide
values on users that leave them unset), ``iam_actions`` says what the policy
must allow, and ``sign_in_plan`` picks the users the sign-in check signs in
(and says why the others are skipped).  The checks are in
``_seed_users_check.py``, the summary and its words in ``_seed_users_report.py``;
the role's actions (plugins/action/seed_users_*.py) call them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Dict, List, Optional

from ansible_collections.cognito.user_pool.plugins.module_utils._arguments import as_boolean
from ansible_collections.cognito.user_pool.plugins.module_utils._groups import DesiredGroup
from ansible_collections.cognito.user_pool.plugins.module_utils._iam import POLICY_JOBS
from ansible_collections.cognito.user_pool.plugins.module_utils._iam import jobs_operations
from ansible_collections.cognito.user_pool.plugins.module_utils._iam import pass_roles
from ansible_collections.cognito.user_pool.plugins.module_utils._iam import iam_actions as actions_of
from ansible_collections.cognito.user_pool.plugins.module_utils._iam import policy_document
from ansible_collections.cognito.user_pool.plugins.module_utils._model import DesiredUser
from ansible_collections.cognito.user_pool.plugins.module_utils._operations import USED_CATEGORIES
from ansible_collections.cognito.user_pool.plugins.module_utils._options import DEFAULTED
from ansible_collections.cognito.user_pool.plugins.module_utils._options import USER_OPTIONS
from ansible_collections.cognito.user_pool.plugins.module_utils._partitions import parse_user_pool_id

PREFIX = "seed_users_"
HIDDEN = "********"
# Users per cognito_user task, the role's default (roles/seed_users/defaults/main.yml holds it too;
# a unit test keeps the two equal). Each task reads its users once (DescribeUserPool and the ListUsers
# pages of their username prefixes), so 1,000 users are read in one pass: a re-run of 1,000 unchanged
# users makes 18 calls in one task, where batches of 500 made 36 in two (docs/performance.md).
DEFAULT_BATCH_SIZE = 1000

# The role's variables (without the seed_users_ prefix), in ansible-core's argument spec form.
VARIABLES: Dict[str, Dict[str, Any]] = dict(
    user_pool_id=dict(type="str", required=True),
    users=dict(type="list", elements="raw", required=True),
    groups=dict(type="list", elements="raw"),
    default_password=dict(type="str", no_log=True),
    permanent=dict(type="bool"),
    batch_size=dict(type="int"),
    state=dict(type="str", choices=["present", "absent"]),
    max_concurrency=dict(type="int"),
    rate_limits=dict(type="dict", options={category: dict(type="float") for category in USED_CATEGORIES}),
    pacing=dict(type="bool"),
    verify_sign_in=dict(type="bool"),
    client_id=dict(type="str"),
    client_secret=dict(type="str", no_log=True),
    verify_client_id=dict(type="str"),
    verify_client_secret=dict(type="str", no_log=True),
    purge_users=dict(type="bool"),
    purge_scope=dict(type="str"),
    purge_whole_pool=dict(type="bool"),
    iam_policy_dest=dict(type="str"),
    manage_iam_policy=dict(type="bool"),
    iam_policy_name=dict(type="str"),
    iam_policy_description=dict(type="str"),
    iam_attach_role=dict(type="str"),
    iam_attach_user=dict(type="str"),
    iam_attach_group=dict(type="str"),
    iam_account_id=dict(type="str"),
    iam_partition=dict(type="str"),
    iam_policy_jobs=dict(type="list", elements="str", choices=list(POLICY_JOBS)),
    # Role-wide values of cognito_user's per-user options, for every user that leaves them unset.
    **{name: USER_OPTIONS[name] for name in ("enabled", "purge_attributes", "purge_groups", "update_password",
                                             "invitation", "desired_delivery_mediums")},
)
# The per-user options the role takes role-wide (seed_users_<option>); a user's own value wins. permanent and
# state have theirs since 1.0 (seed_users_permanent, seed_users_state); password is seed_users_default_password.
USER_DEFAULTS = ("enabled", "purge_attributes", "purge_groups", "update_password", "invitation",
                 "desired_delivery_mediums")
# Deprecated names of the role's variables, each with the variable that replaces it (the modules' option names);
# removed in DEPRECATED_NAMES_REMOVED_IN. The role's defaults give the new variable the deprecated one's value.
DEPRECATED_VARIABLES = {"verify_client_id": "client_id", "verify_client_secret": "client_secret"}


def settings(variables: Mapping[str, Any]) -> Dict[str, Any]:
    """The role's variables without their prefix (``seed_users_users`` -> ``users``), booleans read as ansible-core
    reads them (``-e seed_users_purge_users=yes`` gives the string ``yes``), a deprecated name's value under the
    name that replaces it."""
    values = given_values(variables)
    for old, new in DEPRECATED_VARIABLES.items():
        value = values.pop(old, None)
        if value not in (None, "") and values.get(new) in (None, ""):
            values[new] = value
    return values


def given_values(variables: Mapping[str, Any]) -> Dict[str, Any]:
    """The variables as given, without their prefix, booleans read; a variable the role's default copied from its
    deprecated name only under the name given."""
    values = {name[len(PREFIX):]: value for name, value in variables.items() if name.startswith(PREFIX)}
    values = {name: _read(VARIABLES.get(name), value) for name, value in values.items()}
    for old, new in DEPRECATED_VARIABLES.items():
        if values.get(old) not in (None, "") and values.get(new) == values[old]:
            del values[new]
    return values


def deprecated_variables(variables: Mapping[str, Any]) -> List[str]:
    """A deprecation message for each deprecated name the variables give a value."""
    values = given_values(variables)
    return [f"The seed_users role's variable {PREFIX}{old} is deprecated: use {PREFIX}{new}."
            for old, new in DEPRECATED_VARIABLES.items() if values.get(old) not in (None, "")]


def _read(option: Optional[Mapping[str, Any]], value: Any) -> Any:
    """``value`` of a boolean option as a boolean, when ansible-core takes it as one; any other value as it is."""
    return as_boolean(value) if option is not None and option.get("type") == "bool" else value


# -- the users of a batch, and what the role does with them ----------------------------------

def declared_users(variables: Mapping[str, Any]) -> List[DesiredUser]:
    """The role's users as ``cognito_user`` would read them (defaults applied, the default password too)."""
    values = settings(variables)
    defaults = dict(DEFAULTED, state=values.get("state") or "present", permanent=values.get("permanent", True))
    users = []
    for user in _with_role_defaults(values, values.get("users") or []):
        options = {name: _read(option, user.get(name)) if user.get(name) is not None else defaults.get(name)
                   for name, option in USER_OPTIONS.items()}
        users.append(DesiredUser(username=user["username"], **options))
    return users


def _with_role_defaults(values: Mapping[str, Any], users: List[Mapping[str, Any]]) -> List[Dict[str, Any]]:
    """Each user with the role-wide values (seed_users_default_password, seed_users_enabled, ...) of the options it
    leaves unset; its own values win."""
    defaults = {name: values.get(name) for name in USER_DEFAULTS if values.get(name) not in (None, "")}
    if values.get("default_password"):
        defaults["password"] = values["default_password"]
    return [dict(user, **{name: value for name, value in defaults.items() if user.get(name) is None}) for user in users]


def rate_limits(variables: Mapping[str, Any]) -> Dict[str, float]:
    """The rate_limits every task of the role takes: none with seed_users_pacing false, else seed_users_rate_limits."""
    values = settings(variables)
    if values.get("pacing") is False:
        return {category: 0 for category in USED_CATEGORIES}  # 0 lifts a category's limit (cognito_user's rate_limits)
    return dict(values.get("rate_limits") or {})


def declared_groups(variables: Mapping[str, Any]) -> List[DesiredGroup]:
    values = settings(variables)
    groups = []
    for group in values.get("groups") or []:
        group = {"name": group} if isinstance(group, str) else group
        groups.append(DesiredGroup(name=group["name"], state=values.get("state") or "present",
                                   description=group.get("description"), precedence=group.get("precedence"),
                                   role_arn=group.get("role_arn")))
    return groups


def groups(variables: Mapping[str, Any]) -> List[Dict[str, Any]]:
    """The declared groups as ``cognito_group``'s ``groups`` takes them (a bare name becomes ``{name: ...}``)."""
    return [{key: value for key, value in vars(group).items() if value is not None} for group in declared_groups(variables)]


def batch_size(values: Mapping[str, Any]) -> int:
    """Users per batch: seed_users_batch_size, or the role's default."""
    return values.get("batch_size") or DEFAULT_BATCH_SIZE


def batch(variables: Mapping[str, Any], index: int) -> List[Dict[str, Any]]:
    """Batch ``index`` of the users, as ``cognito_user``'s ``users``: the role-wide values (the default password,
    seed_users_enabled, ...) on users that leave them unset."""
    values = settings(variables)
    size = batch_size(values)
    return _with_role_defaults(values, (values.get("users") or [])[index * size:(index + 1) * size])


def batch_count(variables: Mapping[str, Any]) -> int:
    """How many ``cognito_user`` tasks the role runs: one per ``batch_size`` users, and one (with no user) for a
    purge of an empty user list, which empties the scope as ``cognito_user`` does with ``users: []``."""
    values = settings(variables)
    count = math.ceil(len(values.get("users") or []) / (batch_size(values)))
    return max(count, 1) if values.get("purge_users") else count


def batch_plan(variables: Mapping[str, Any]) -> List[Dict[str, Any]]:
    """What each batch's task needs beside its users (no password in it: these are the loop's items).

    ``label`` shows the progress; the last batch purges (with ``seed_users_purge_users``) and keeps every
    user the role declares, whichever batch declares it; ``planned_groups`` are the groups the role creates
    before the users, so that check mode counts them present.
    """
    values = settings(variables)
    size = batch_size(values)
    users = values.get("users") or []
    count = batch_count(variables)
    purge = bool(values.get("purge_users"))
    planned = [group.name for group in declared_groups(variables)]
    plan = []
    for index in range(count):
        last = index == count - 1
        first, end = index * size + 1, min((index + 1) * size, len(users))
        item: Dict[str, Any] = {"index": index, "planned_groups": planned, "purge_users": purge and last,
                                "label": f"batch {index + 1}/{count}: " + (f"users {first}-{end}" if users else "no user")}
        if purge and last:
            item["purge_keep"] = [user["username"] for user in users]
        plan.append(item)
    return plan


def iam_policy_jobs(variables: Mapping[str, Any]) -> List[str]:
    """The jobs the role's policy covers: seed_users_iam_policy_jobs, or what this run does (its users and groups
    as declared, and the sign-in check when it signs someone in)."""
    values = settings(variables)
    if values.get("iam_policy_jobs"):
        return list(values["iam_policy_jobs"])
    return ["seed"] + (["verify"] if values.get("verify_sign_in") and sign_in_plan(variables)["users"] else [])


def iam_actions(variables: Mapping[str, Any]) -> List[str]:
    """The IAM actions the role's variables make it need: users, groups, purge and sign-in check."""
    values = settings(variables)
    return actions_of(jobs_operations(iam_policy_jobs(variables), declared_users(variables), declared_groups(variables),
                                      purge=bool(values.get("purge_users"))))


def iam_policy(variables: Mapping[str, Any], account_id: str) -> Dict[str, Any]:
    """The role's IAM policy in ``account_id``: its actions, the pool's ARN (its resource), the policy's own ARN
    (for ``seed_users_iam_policy_name``), the groups' role ARNs it may pass (iam:PassRole), and the document,
    all in the partition of the pool's region."""
    values = settings(variables)
    pool = parse_user_pool_id(values["user_pool_id"], PREFIX + "user_pool_id", local=True)
    actions = iam_actions(variables)
    roles = pass_roles(declared_groups(variables))
    return {
        "assumption": pool.assumption,
        "actions": actions,
        "user_pool_arn": pool.arn(account_id),
        "policy_arn": f"arn:{pool.partition}:iam::{account_id}:policy/{values.get('iam_policy_name') or ''}",
        "passed_roles": roles,
        "document": policy_document(actions, pool.arn(account_id), sid="SeedUsersInOneUserPool", passed_roles=roles),
    }


# -- the sign-in check -------------------------------------------------------------------------

SKIP_REASONS = {
    "absent": "declared absent",
    "no_password": "no password",
    "temporary": "a temporary password (permanent: false)",
    "disabled": "disabled (enabled: false)",
}


def sign_in_plan(variables: Mapping[str, Any]) -> Dict[str, Any]:
    """Who the sign-in check signs in (present, enabled, a permanent password) and how many are skipped, by reason.

    ``users`` holds passwords: never display it.
    """
    chosen, skipped = [], {}
    for user in declared_users(variables):
        why = ("absent" if user.state == "absent" else "no_password" if not user.password
               else "temporary" if not user.permanent else "disabled" if user.enabled is False else None)
        if why is None:
            chosen.append({"username": user.username, "password": user.password})
        else:
            skipped[SKIP_REASONS[why]] = skipped.get(SKIP_REASONS[why], 0) + 1
    return {"users": chosen, "skipped": skipped}


# -- passwords in the variables ---------------------------------------------------------------

def secrets(variables: Mapping[str, Any]) -> List[str]:
    """Every password the variables hold, longest first (so that none is half-hidden by another)."""
    values = settings(variables)
    found = [values.get("default_password"), values.get("client_secret"), variables.get(PREFIX + "verify_client_secret")]
    users = values.get("users")
    for user in users if isinstance(users, list) else []:
        if isinstance(user, Mapping):
            found.append(user.get("password"))
    return sorted({secret for secret in found if isinstance(secret, str) and secret}, key=len, reverse=True)


def redact_all(value: Any, secrets: List[str]) -> Any:
    if isinstance(value, str):
        return redact(value, secrets)
    if isinstance(value, Mapping):
        return {key: redact_all(item, secrets) for key, item in value.items()}
    if isinstance(value, list):
        return [redact_all(item, secrets) for item in value]
    return value


def redact(text: str, secrets: List[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, HIDDEN)
    return text
