# -*- coding: utf-8 -*-
"""README.md's table names every public plugin and role, and the README says which module_defaults groups
reach the modules (tests/functional/test_module_defaults_groups.py runs that claim through ansible-playbook)."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
# Plugin directories that are not plugins a playbook uses by name; the action plugins run the modules
# of the same names.
NOT_PUBLIC = {"module_utils", "plugin_utils", "doc_fragments", "action"}


def _plugin_names(kind: Path) -> list:
    """The names a playbook uses: one per plugin file, or, for filters, one per documented filter
    (a file of several filters documents each in a YAML file of its own name)."""
    if kind.name != "filter":
        return [path.stem for path in sorted(kind.glob("*.py")) if path.stem != "__init__"]
    documented = [path.stem for path in sorted(kind.glob("*.py")) if "\nDOCUMENTATION" in path.read_text(encoding="utf-8")]
    return sorted(documented + [path.stem for path in kind.glob("*.yml")])


def _public_content() -> list:
    namespace_name = yaml.safe_load((ROOT / "galaxy.yml").read_text(encoding="utf-8"))
    prefix = f"{namespace_name['namespace']}.{namespace_name['name']}."
    content = [prefix + name for kind in sorted((ROOT / "plugins").iterdir())
               if kind.is_dir() and kind.name not in NOT_PUBLIC
               for name in _plugin_names(kind)]
    content += [prefix + path.name for path in sorted((ROOT / "roles").iterdir()) if (path / "tasks").is_dir()]
    return content


def test_the_readme_table_lists_every_public_plugin_and_role():
    rows = [line for line in README.splitlines() if line.startswith("| ")]
    content = _public_content()
    assert {"cognito.user_pool.declared_user_errors", "cognito.user_pool.seed_users_report", "cognito.user_pool.seed_users",
            "cognito.user_pool.cognito_group"} <= set(content)
    missing = [name for name in content if not any(f"`{name}`" in row for row in rows)]
    assert not missing, f"README.md's table does not list: {missing}"


def test_the_readme_says_which_module_defaults_groups_reach_the_modules():
    assert "group/cognito.user_pool.aws" in README
    for group in ("group/aws", "group/amazon.aws.aws"):
        assert f"`{group}`" in README
    assert "do **not** reach this collection's modules" in README
