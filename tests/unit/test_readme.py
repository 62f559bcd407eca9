# -*- coding: utf-8 -*-
"""README.md, checked against the code on every run: its troubleshooting section quotes the modules' messages
exactly, its table names every public plugin and role, and it says which module_defaults groups reach the modules
(tests/functional/test_module_defaults_groups.py runs that claim through ansible-playbook)."""

from __future__ import annotations

from pathlib import Path

import botocore.exceptions
import pytest
import yaml

from ansible_collections.cognito.user_pool.plugins.module_utils._errors import CallContext
from ansible_collections.cognito.user_pool.plugins.module_utils._errors import CognitoError
from ansible_collections.cognito.user_pool.plugins.module_utils._errors import PUBLIC_ENDPOINT_HINT
from ansible_collections.cognito.user_pool.plugins.module_utils._errors import explain_client_error
from ansible_collections.cognito.user_pool.plugins.module_utils._errors import user_not_found
from ansible_collections.cognito.user_pool.plugins.module_utils._partitions import resolve_region
from ansible_collections.cognito.user_pool.plugins.module_utils._password_policy import PasswordPolicy

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
POOL = "eu-west-1_AbCdEf123"


def _message(call):
    with pytest.raises(CognitoError) as error:
        call()
    return error.value.message


def test_permissions_message_is_quoted():
    aws_text = ("User: arn:aws:iam::123456789012:user/ci is not authorized to perform: cognito-idp:AdminSetUserPassword "
                f"on resource: arn:aws:cognito-idp:eu-west-1:123456789012:userpool/{POOL}")
    denied = botocore.exceptions.ClientError({"Error": {"Code": "AccessDeniedException", "Message": aws_text}},
                                             "AdminSetUserPassword")
    assert explain_client_error("AdminSetUserPassword", denied, CallContext(POOL, "eu-west-1", username="alice")) in README


def test_password_policy_message_is_quoted():
    policy = PasswordPolicy(minimum_length=12)
    assert _message(lambda: policy.check("Abcdefgh123", "alice", POOL)) in README


def test_user_not_found_message_is_quoted():
    assert user_not_found(CallContext(POOL, "eu-west-1", username="alice")) in README


def test_region_mismatch_message_is_quoted():
    assert _message(lambda: resolve_region(POOL, "us-east-1")) in README


def test_public_endpoint_hint_is_quoted():
    assert PUBLIC_ENDPOINT_HINT in README


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
