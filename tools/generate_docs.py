# -*- coding: utf-8 -*-
"""Write the generated parts of the docs from the collection's own tables.

- docs/iam.md: the IAM actions of each kind of declaration, from plugins/module_utils/_iam.py (the planner asked
  for every state a live user can be in, and the operations table), and the partitions from botocore's data;
- plugins/doc_fragments/common.py: the rate_limits suboptions, from the operations table's quota categories;
- roles/seed_users/defaults/main.yml: the role's defaults, from the one spec of its variables,
  roles/seed_users/meta/argument_specs.yml (ansible-core does not apply a role spec's defaults to its variables).

Run it after changing the operations table, the planner, the IAM functions or the role's spec: `python tools/generate_docs.py`.
`--check` writes nothing and fails when a committed file differs (tests/unit/test_generated_docs.py runs it).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Callable, Dict, List, Set

ROOT = Path(__file__).resolve().parents[1]


def _import_collection():
    # The collection must be importable as ansible_collections.cognito.user_pool (the Makefile puts its tree on
    # PYTHONPATH); this script is run from the repository, where nothing else is needed.
    from ansible_collections.cognito.user_pool.plugins.module_utils import _iam, _operations, _partitions  # noqa: F401
    from ansible_collections.cognito.user_pool.plugins.module_utils._groups import DesiredGroup
    from ansible_collections.cognito.user_pool.plugins.module_utils._model import DesiredUser
    return _iam, _operations, _partitions, DesiredUser, DesiredGroup


def _actions(names: Set[str]) -> str:
    return ", ".join(f"`{action}`" for action in sorted(f"cognito-idp:{name}" for name in names)) or "none"


def iam_tables() -> str:
    """The Markdown tables of docs/iam.md's generated section."""
    iam, operations, partitions, DesiredUser, DesiredGroup = _import_collection()
    base_present = iam.user_operations(DesiredUser("u"))
    user_features: Dict[str, Callable[[], Set[str]]] = {
        "every user declared present": lambda: base_present,
        "a password (permanent or temporary)": lambda: iam.user_operations(DesiredUser("u", password="x")),
        "`update_password: on_create` or `always`": lambda: iam.user_operations(DesiredUser("u", password="x", update_password="always")),
        "`attributes`": lambda: iam.user_operations(DesiredUser("u", attributes={"name": "x"})),
        "`attributes` with `purge_attributes`": lambda: iam.user_operations(
            DesiredUser("u", attributes={"name": "x"}, purge_attributes=True)),
        "`groups: []` (membership read, nothing joined)": lambda: iam.user_operations(DesiredUser("u", groups=[])),
        "`groups`": lambda: iam.user_operations(DesiredUser("u", groups=["g"])),
        "`groups` with `purge_groups`": lambda: iam.user_operations(DesiredUser("u", groups=["g"], purge_groups=True)),
        "`enabled` (true or false)": lambda: iam.user_operations(DesiredUser("u", enabled=True)) | iam.user_operations(
            DesiredUser("u", enabled=False)),
        "`invitation: resend`": lambda: iam.user_operations(DesiredUser("u", invitation="resend")),
        "a password and `client_id`": lambda: iam.user_operations(DesiredUser("u", password="x"), verify=True),
        "`state: absent`": lambda: iam.user_operations(DesiredUser("u", state="absent")),
        "`purge_users`": lambda: iam.users_operations([], purge=True),
    }
    lines = ["| a declaration with | needs | beyond what every present user needs |", "| --- | --- | --- |"]
    for feature, compute in user_features.items():
        needed = compute()
        extra = needed - base_present if feature != "every user declared present" else needed
        lines.append(f"| {feature} | {_actions(needed)} | {_actions(extra) if feature != 'every user declared present' else ''} |")
    user_table = "\n".join(lines)

    group_features = {
        "up to 3 groups, present": [DesiredGroup("a")],
        "with `description`, `precedence` or `role_arn`": [DesiredGroup("a", precedence=1)],
        "more than 3 groups": [DesiredGroup(name) for name in "abcd"],
        "`state: absent`": [DesiredGroup("a", state="absent")],
    }
    lines = ["| `cognito_group` with | needs |", "| --- | --- |"]
    lines += [f"| {feature} | {_actions(iam.groups_operations(groups))} |" for feature, groups in group_features.items()]
    group_table = "\n".join(lines)

    lines = ["| module | with | needs |", "| --- | --- | --- |"]
    lines.append(f"| `cognito_user_password` | `method: admin_set_user_password` | {_actions(iam.password_operations())} |")
    lines.append(f"| `cognito_user_password` | and `client_id` (verification) | "
                 f"{_actions(iam.password_operations(client_id=True))} |")
    lines.append(f"| `cognito_user_password` | `method: new_password_challenge` | "
                 f"{_actions(iam.password_operations('new_password_challenge'))} |")
    lines.append(f"| `cognito_user_password` | and `required_attributes` | "
                 f"{_actions(iam.password_operations('new_password_challenge', required_attributes=True))} |")
    lines.append("| `cognito_user_info` | `username` | `cognito-idp:AdminGetUser`, `cognito-idp:AdminListGroupsForUser` |")
    lines.append("| `cognito_user_info` | otherwise | `cognito-idp:ListUsers` |")
    lines.append("| `cognito_group_info` | `names` | `cognito-idp:GetGroup`, and `cognito-idp:DescribeUserPool` when a named group "
                 "is missing (and `cognito-idp:ListUsersInGroup` with `members`) |")
    lines.append("| `cognito_group_info` | otherwise | `cognito-idp:ListGroups` (and `cognito-idp:ListUsersInGroup` with `members`) |")
    lines.append(f"| `cognito_user_sign_in` | | {_actions(set(iam.SIGN_IN_OPERATIONS))} |")
    module_table = "\n".join(lines)

    lines = ["| operation | IAM action | quota category (default requests a second) | writes |", "| --- | --- | --- | --- |"]
    for name, operation in sorted(operations.OPERATIONS.items()):
        lines.append(f"| `{name}` | `{operation.iam_action}` | {operation.category} ({operation.quota.default_rate:g}) | "
                     f"{'yes' if operation.writes else 'no'} |")
    operation_table = "\n".join(lines)

    lines = ["| partition | region pattern | regions botocore lists a `cognito-idp` endpoint for |", "| --- | --- | --- |"]
    for name, data in partitions.partition_table().items():
        regions = ", ".join(data["cognito_idp_regions"]) or "none listed (accepted by the region pattern)"
        lines.append(f"| `{name}` | `{data['region_regex']}` | {regions} |")
    partition_table = "\n".join(lines)

    users, groups = [DesiredUser("u", password="x", groups=["g"])], [DesiredGroup("g")]
    lines = ["| job | needs, for a present user with a password and a group, and a group |", "| --- | --- |"]
    lines += [f"| `{job}` | {_actions(iam.jobs_operations([job], users, groups))} |" for job in iam.POLICY_JOBS]
    lines.append(f"| all three | {_actions(iam.jobs_operations(iam.POLICY_JOBS, users, groups))} |")
    jobs_table = "\n".join(lines)

    return "\n\n".join([
        "### `cognito_user` and the `seed_users` role's users\n\n" + user_table,
        "### `cognito_group` and the `seed_users` role's groups\n\n" + group_table,
        "### One policy for several jobs (`cognito_iam_policy`'s `jobs`, the role's `seed_users_iam_policy_jobs`)\n\n"
        + jobs_table,
        "### The other modules\n\n" + module_table,
        "### Every operation the collection calls\n\n" + operation_table,
        "### Partitions (from botocore's endpoint data)\n\n" + partition_table,
    ])


def role_defaults() -> str:
    """The seed_users role's defaults/main.yml body: each default of its argument spec."""
    import yaml

    spec = yaml.safe_load((ROOT / "roles" / "seed_users" / "meta" / "argument_specs.yml").read_text(encoding="utf-8"))
    options = spec["argument_specs"]["main"]["options"]
    # JSON is YAML: each value keeps its type (a string stays a string, quoted).
    return "\n".join(f"{name}: {json.dumps(option['default'])}" for name, option in options.items() if "default" in option)


def rate_limit_suboptions() -> str:
    """The rate_limits suboptions of the common doc fragment."""
    dummy, operations, dummy2, dummy3, dummy4 = _import_collection()
    lines: List[str] = []
    for category in operations.USED_CATEGORIES:
        names = ", ".join(f"C({name})" for name in operations.operations_in(category))
        text = f"Rate for {names}. Cognito's default is {operations.DEFAULT_RATE_LIMITS[category]:g}."
        lines.append(f"      {category}:")
        if len(text) + 21 <= 120:
            lines.append(f"        description: {text}")
        else:
            lines.append("        description:")
            wrapped = _wrap(text, 120 - 14)
            lines.append(f"          - {wrapped[0]}")
            lines.extend(f"            {line}" for line in wrapped[1:])
        lines.append("        type: float")
    return "\n".join(lines)


def _wrap(text: str, width: int) -> List[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + [line]


def _replace(text: str, begin: str, end: str, body: str) -> str:
    pattern = re.compile(f"({re.escape(begin)}\n).*?(\n[ ]*{re.escape(end)})", re.S)
    if not pattern.search(text):
        raise SystemExit(f"markers {begin!r} ... {end!r} not found")
    return pattern.sub(lambda match: match.group(1) + body + match.group(2), text)


TARGETS = {
    ROOT / "docs" / "iam.md": ("<!-- BEGIN GENERATED by generate_docs.py -->", "<!-- END GENERATED -->", iam_tables),
    ROOT / "plugins" / "doc_fragments" / "common.py": ("      # BEGIN GENERATED rate_limits", "# END GENERATED rate_limits",
                                                       rate_limit_suboptions),
    ROOT / "roles" / "seed_users" / "defaults" / "main.yml": ("# BEGIN GENERATED by tools/generate_docs.py", "# END GENERATED",
                                                              role_defaults),
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; fail when a committed file differs")
    args = parser.parse_args(argv)
    stale = []
    for path, (begin, end, generate) in TARGETS.items():
        current = path.read_text(encoding="utf-8")
        wanted = _replace(current, begin, end, generate())
        if wanted != current:
            stale.append(str(path.relative_to(ROOT)))
            if not args.check:
                path.write_text(wanted, encoding="utf-8")
    if args.check and stale:
        print("out of date (run python tools/generate_docs.py): " + ", ".join(stale))
        return 1
    print("written: " + ", ".join(stale) if stale else "up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
