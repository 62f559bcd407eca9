# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The seed_users role's logic, in Python so that it has unit tests: its filters are one line each.

Private to the collection: not an API, may change in any release.

``check`` refuses bad variables before any call (all problems at once, never
a value), ``batch`` builds one batch of users for ``cognito_user``,
``iam_actions`` says what the policy must allow, ``report`` sums the batches
up into the summary and its words, and ``sign_in_plan`` picks the users the
sign-in check signs in (and says why the others are skipped).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Dict, List, Optional

from ansible_collections.cognito.user_pool.plugins.module_utils._arguments import argument_errors
from ansible_collections.cognito.user_pool.plugins.module_utils._arguments import element_errors
from ansible_collections.cognito.user_pool.plugins.module_utils._arguments import kind
from ansible_collections.cognito.user_pool.plugins.module_utils._groups import DesiredGroup
from ansible_collections.cognito.user_pool.plugins.module_utils._iam import POLICY_JOBS
from ansible_collections.cognito.user_pool.plugins.module_utils._iam import jobs_operations
from ansible_collections.cognito.user_pool.plugins.module_utils._iam import pass_roles
from ansible_collections.cognito.user_pool.plugins.module_utils._iam import iam_actions as actions_of
from ansible_collections.cognito.user_pool.plugins.module_utils._iam import policy_document
from ansible_collections.cognito.user_pool.plugins.module_utils._model import DesiredUser
from ansible_collections.cognito.user_pool.plugins.module_utils._operations import USED_CATEGORIES
from ansible_collections.cognito.user_pool.plugins.module_utils._options import DEFAULTED
from ansible_collections.cognito.user_pool.plugins.module_utils._options import GROUP_ELEMENT_OPTIONS
from ansible_collections.cognito.user_pool.plugins.module_utils._options import USER_ELEMENT_OPTIONS
from ansible_collections.cognito.user_pool.plugins.module_utils._options import USER_OPTIONS
from ansible_collections.cognito.user_pool.plugins.module_utils._outcomes import PURGE_KEYS
from ansible_collections.cognito.user_pool.plugins.module_utils._outcomes import SUMMARY_KEYS
from ansible_collections.cognito.user_pool.plugins.module_utils._outcomes import purge_place
from ansible_collections.cognito.user_pool.plugins.module_utils._outcomes import reason
from ansible_collections.cognito.user_pool.plugins.module_utils._outcomes import referenced_failure
from ansible_collections.cognito.user_pool.plugins.module_utils._partitions import ACCOUNT_ID_PATTERN
from ansible_collections.cognito.user_pool.plugins.module_utils._partitions import parse_user_pool_id
from ansible_collections.cognito.user_pool.plugins.module_utils._partitions import user_pool_id_errors

PREFIX = "seed_users_"
HIDDEN = "********"
EXAMPLES_PER_REASON = 5
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


def settings(variables: Mapping[str, Any]) -> Dict[str, Any]:
    """The role's variables without their prefix (``seed_users_users`` -> ``users``)."""
    return {name[len(PREFIX):]: value for name, value in variables.items() if name.startswith(PREFIX)}


def check(variables: Mapping[str, Any]) -> List[str]:
    """Every problem with the role's variables, named, before any call; empty when there is none."""
    values = settings(variables)
    # The role's defaults spell "unset" as an empty string, and so does its check for a variable that has no
    # default and was not given (tasks/validate.yml): a required one is then named as required.
    given = {name: None if value == "" else value for name, value in values.items()}
    errors = [_prefixed(message) for message in argument_errors(VARIABLES, given)]
    if isinstance(values.get("user_pool_id"), str) and values["user_pool_id"].strip():  # else named as required or blank
        errors.extend(user_pool_id_errors(values["user_pool_id"], PREFIX + "user_pool_id"))
    users = values.get("users")
    if isinstance(users, list):
        errors.extend(user_errors(users))
    groups = values.get("groups")
    if isinstance(groups, list):
        errors.extend(_group_errors(groups))
    errors.extend(_setting_errors(values))
    # A username may equal a password; no message may show it.
    return [_redact(error, _secrets(variables)) for error in errors]


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
    if values.get("verify_sign_in") is True and not values.get("verify_client_id"):
        errors.append(f"{PREFIX}verify_sign_in needs {PREFIX}verify_client_id, an app client allowing ALLOW_ADMIN_USER_PASSWORD_AUTH.")
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
            and not user_pool_id_errors(values["user_pool_id"]):
        pool_partition = parse_user_pool_id(values["user_pool_id"]).partition
        if partition != pool_partition:
            errors.append(f"{PREFIX}iam_partition {partition} is not the partition of the pool's region ({pool_partition}). "
                          "Leave it empty: the partition comes from the pool id.")
    return errors


# -- the users of a batch, and what the role does with them ----------------------------------

def declared_users(variables: Mapping[str, Any]) -> List[DesiredUser]:
    """The role's users as ``cognito_user`` would read them (defaults applied, the default password too)."""
    values = settings(variables)
    defaults = dict(DEFAULTED, state=values.get("state") or "present", permanent=values.get("permanent", True))
    users = []
    for user in _with_role_defaults(values, values.get("users") or []):
        options = {name: user.get(name) if user.get(name) is not None else defaults.get(name) for name in USER_OPTIONS}
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


def _batch_size(values: Mapping[str, Any]) -> int:
    return values.get("batch_size") or DEFAULT_BATCH_SIZE


def batch(variables: Mapping[str, Any], index: int) -> List[Dict[str, Any]]:
    """Batch ``index`` of the users, as ``cognito_user``'s ``users``: the role-wide values (the default password,
    seed_users_enabled, ...) on users that leave them unset."""
    values = settings(variables)
    size = _batch_size(values)
    return _with_role_defaults(values, (values.get("users") or [])[index * size:(index + 1) * size])


def batch_count(variables: Mapping[str, Any]) -> int:
    """How many ``cognito_user`` tasks the role runs: one per ``batch_size`` users, and one (with no user) for a
    purge of an empty user list, which empties the scope as ``cognito_user`` does with ``users: []``."""
    values = settings(variables)
    count = math.ceil(len(values.get("users") or []) / (_batch_size(values)))
    return max(count, 1) if values.get("purge_users") else count


def batch_plan(variables: Mapping[str, Any]) -> List[Dict[str, Any]]:
    """What each batch's task needs beside its users (no password in it: these are the loop's items).

    ``label`` shows the progress; the last batch purges (with ``seed_users_purge_users``) and keeps every
    user the role declares, whichever batch declares it; ``planned_groups`` are the groups the role creates
    before the users, so that check mode counts them present.
    """
    values = settings(variables)
    size = _batch_size(values)
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
    pool = parse_user_pool_id(values["user_pool_id"], PREFIX + "user_pool_id")
    actions = iam_actions(variables)
    roles = pass_roles(declared_groups(variables))
    return {
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


def sign_in_report(variables: Mapping[str, Any], result: Mapping[str, Any]) -> str:
    """One sentence: how many signed in, how many did not, how many were skipped and why."""
    plan = sign_in_plan(variables)
    entries = result.get("users") or []
    signed = sum(1 for entry in entries if entry.get("signed_in"))
    tried = len(plan["users"])
    text = f"Signed in {signed} of {tried} user{'s' if tried != 1 else ''}"
    if tried - signed:
        text += f" ({tried - signed} did not)"
    skipped = sum(plan["skipped"].values())
    if skipped:
        reasons = ", ".join(f"{count} with {why}" if why.startswith("a ") or why.startswith("no ") else f"{count} {why}"
                            for why, count in sorted(plan["skipped"].items()))
        text += f"; skipped {skipped}: {reasons}"
    return _redact(text + ".", _secrets(variables))


# -- the summary ------------------------------------------------------------------------------

def report(variables: Mapping[str, Any], batches: Mapping[str, Any], check_mode: bool = False,
           groups_result: Optional[Mapping[str, Any]] = None, sign_in_result: Optional[Mapping[str, Any]] = None
           ) -> Dict[str, Any]:
    """The batches added up: counts, every user's entry (never a password), failures by reason, and the words.

    A user counts by what happened to it: a batch that failed but reports
    its users (a purge that stopped after the batch's users were written)
    counts each of them by its entry, and adds its ``purge_error``.  Only a
    batch that reports no users (for example, the pool was not found, or
    the module was killed) counts each of its users as failed, with the
    task's message.  The declared users and the purge's users are counted
    apart (``total`` is the number declared).  An entry's ``error`` that
    refers to its batch's ``failures`` is given the reason's words.
    """
    values = settings(variables)
    secrets = _secrets(variables)
    size = _batch_size(values)
    users = values.get("users") or []
    counts = dict.fromkeys(SUMMARY_KEYS + PURGE_KEYS, 0)
    entries: List[Dict[str, Any]] = []
    purge_errors: List[str] = []
    purge_unreported = False  # the batch that purges failed without reporting its users
    for result in (batches or {}).get("results", []):
        if isinstance(result.get("users"), list) and isinstance(result.get("summary"), Mapping):
            entries.extend(_with_reasons(result["users"], result.get("failures")))
            for key in SUMMARY_KEYS + PURGE_KEYS:
                counts[key] += int(result["summary"].get(key, 0))
            if result.get("purge_error"):
                purge_errors.append(str(result["purge_error"]))
            continue
        item = result.get("item", 0)
        index = int(item.get("index", 0) if isinstance(item, Mapping) else item)  # the loop's item: a batch_plan entry
        purge_unreported = purge_unreported or (isinstance(item, Mapping) and bool(item.get("purge_users")))
        message = _redact(str(result.get("msg") or "the batch failed"), secrets)
        for user in users[index * size:(index + 1) * size]:
            entries.append({"username": user.get("username"), "changed": False, "actions": [], "state": None,
                            "user_status": None, "enabled": None, "error": message})
            counts["failed"] += 1
            counts["total"] += 1
    declared = [entry for entry in entries if not _of_the_purge(entry)]
    failures = _failures(entries, secrets)
    teardown = (values.get("state") or "present") == "absent"
    purge_error = " ".join(purge_errors)
    # The role's tasks run with failed_when: false, so a task that failed as a whole is told by what it lacks.
    groups_failed = _failed_in(groups_result, "groups", len(declared_groups(variables)))
    sign_in_failed = _failed_in(sign_in_result, "users", len(sign_in_plan(variables)["users"]))
    problems = [_failure_line(values, counts, _failures(declared, secrets)) if counts["failed"] else "",
                _purge_failure_line(values, counts, _failures([entry for entry in entries if _of_the_purge(entry)], secrets),
                                    purge_error),
                str(groups_result.get("msg") or "") if groups_failed else "",
                str(sign_in_result.get("msg") or "") if sign_in_failed else ""]
    report = {**counts, "users": entries, "failures": failures, "purge_error": purge_error,
              "groups_failed": groups_failed, "sign_in_failed": sign_in_failed,
              "message": _summary_line(values, counts, teardown, check_mode, groups_result, groups_failed,
                                       "unknown" if purge_unreported else "stopped" if purge_error else None),
              "failure_message": " ".join(problem for problem in problems if problem)}
    # The fact is shown at -v: no password in it, even as a username or inside a module's message.
    return _redact_all(report, secrets)


def _of_the_purge(entry: Mapping[str, Any]) -> bool:
    return bool(entry.get("purged") or entry.get("purge_kept"))


def _with_reasons(entries: List[Dict[str, Any]], failures: Any) -> List[Dict[str, Any]]:
    """A batch's entries, each ``error`` that refers to the batch's ``failures`` replaced by the reason's words
    (the references of different batches point into different lists)."""
    resolved = []
    for entry in entries:
        index = referenced_failure(entry.get("error")) if isinstance(entry, Mapping) else None
        if index is not None and isinstance(failures, list) and index < len(failures):
            entry = dict(entry, error=failures[index]["reason"])
        resolved.append(entry)
    return resolved


def _failed_in(result: Optional[Mapping[str, Any]], entries: str, declared: int) -> int:
    """How many of a task's entries failed: those it reports failed, or all of them when it reports none."""
    if not result or result.get("skipped"):
        return 0
    reported = result.get(entries)
    if not isinstance(reported, list):
        return declared if result.get("msg") else 0
    if entries == "users":  # the sign-in check: an entry that did not sign in
        return sum(1 for entry in reported if isinstance(entry, Mapping) and not entry.get("signed_in"))
    return sum(1 for entry in reported if isinstance(entry, Mapping) and entry.get("error"))


def _failures(entries: List[Dict[str, Any]], secrets: List[str]) -> List[Dict[str, Any]]:
    groups: Dict[str, List[str]] = {}
    for entry in entries:
        if entry.get("error"):
            name = str(entry.get("username"))
            groups.setdefault(_redact(reason(entry["error"], name), secrets), []).append(_redact(name, secrets))
    ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    return [{"reason": text, "count": len(names), "examples": names[:EXAMPLES_PER_REASON]} for text, names in ordered]


def _summary_line(values: Mapping[str, Any], counts: Dict[str, int], teardown: bool, check_mode: bool,
                  groups_result: Optional[Mapping[str, Any]], groups_failed: int = 0,
                  purge_failure: Optional[str] = None) -> str:
    pool = values.get("user_pool_id")
    total = counts["total"]
    if teardown:
        verb = "Would remove" if check_mode else "Removed"
        parts = [f"{counts['deleted']} removed", f"{counts['unchanged']} already absent"]
    else:
        verb = "Would seed" if check_mode else "Seeded"
        parts = [f"{counts['created']} created", f"{counts['updated']} updated", f"{counts['unchanged']} unchanged"]
        if counts["deleted"]:
            parts.append(f"{counts['deleted']} removed")
    if counts["failed"]:
        partly = f" ({counts['partially_applied']} after changes were made)" if counts["partially_applied"] else ""
        parts.append(f"{counts['failed']} failed{partly}")
    users = f"{total} user{'s' if total != 1 else ''}"
    # A teardown removes users, never the pool: its words say so before the pool's id.
    line = (f"{verb} {users} from user pool {pool}: " if teardown else f"{verb} user pool {pool}: {users}: ") \
        + ", ".join(parts) + "."
    if values.get("purge_users") is True:
        line += " " + _purge_line(values, counts, check_mode, purge_failure)
    if groups_result and isinstance(groups_result.get("summary"), Mapping):
        summary = groups_result["summary"]
        if teardown:
            line += f" Groups: {summary.get('deleted', 0)} removed, {summary.get('unchanged', 0)} already absent"
        else:
            line += (f" Groups: {summary.get('created', 0)} created, {summary.get('updated', 0)} updated, "
                     f"{summary.get('unchanged', 0)} unchanged")
        line += f", {summary['failed']} failed." if summary.get("failed") else "."
    elif groups_failed:
        line += f" Groups: {groups_failed} failed."
    return line


def _purge_line(values: Mapping[str, Any], counts: Dict[str, int], check_mode: bool, failure: Optional[str]) -> str:
    """The purge's users, never among the declared ones: removed, and those another run had removed already.

    ``failure``: "stopped" when the purge reported why it stopped, "unknown" when its batch reported nothing.
    """
    place = purge_place(_purge_scope(values))
    if failure == "unknown":
        return f"What the purge did {place} is unknown: the batch that purges reported no users."
    purged = counts["purged"]
    parts = [f"{counts['purge_already_absent']} already absent"]
    if counts["purge_failed"]:
        parts.append(f"{counts['purge_failed']} failed")
    if counts["purge_kept"]:
        parts.append(f"{counts['purge_kept']} kept as possibly declared")
    line = (f"{'Would purge' if check_mode else 'Purged'} {purged} undeclared user{'s' if purged != 1 else ''} "
            f"{place} ({', '.join(parts)}).")
    return line + (" The purge stopped before it was done." if failure == "stopped" else "")


def _purge_scope(values: Mapping[str, Any]) -> str:
    """The purge's scope as cognito_user's words take it: "" for the whole pool."""
    return "" if values.get("purge_whole_pool") is True else str(values.get("purge_scope") or "")


def _failure_line(values: Mapping[str, Any], counts: Dict[str, int], failures: List[Dict[str, Any]]) -> str:
    return (f"{counts['failed']} of {counts['total']} users failed in user pool {values.get('user_pool_id')}. "
            + _reasons(failures) + " seed_users_result.users has every user's outcome.")


def _purge_failure_line(values: Mapping[str, Any], counts: Dict[str, int], failures: List[Dict[str, Any]],
                        purge_error: str) -> str:
    place = purge_place(_purge_scope(values))
    parts = []
    if counts["purge_failed"]:
        parts.append(f"{counts['purge_failed']} undeclared users {place} could not be removed. " + _reasons(failures))
    if purge_error:
        parts.append(f"The purge of undeclared users {place} stopped: {purge_error}")
    return " ".join(parts)


def _reasons(failures: List[Dict[str, Any]]) -> str:
    parts = []
    for failure in failures:
        more = failure["count"] - len(failure["examples"])
        names = ", ".join(failure["examples"]) + (f" and {more} more" if more > 0 else "")
        parts.append(f"{failure['count']} × {failure['reason']} (for example {names})")
    return " ".join(parts)


def _secrets(variables: Mapping[str, Any]) -> List[str]:
    """Every password the variables hold, longest first (so that none is half-hidden by another)."""
    values = settings(variables)
    found = [values.get("default_password"), values.get("verify_client_secret")]
    users = values.get("users")
    for user in users if isinstance(users, list) else []:
        if isinstance(user, Mapping):
            found.append(user.get("password"))
    return sorted({secret for secret in found if isinstance(secret, str) and secret}, key=len, reverse=True)


def _redact_all(value: Any, secrets: List[str]) -> Any:
    if isinstance(value, str):
        return _redact(value, secrets)
    if isinstance(value, Mapping):
        return {key: _redact_all(item, secrets) for key, item in value.items()}
    if isinstance(value, list):
        return [_redact_all(item, secrets) for item in value]
    return value


def _redact(text: str, secrets: List[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, HIDDEN)
    return text
