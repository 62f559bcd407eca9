# -*- coding: utf-8 -*-
"""The seed_users role's feature table is the one list of its IAM actions; docs and operations agree with it."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ansible_collections.cognito.user_pool.plugins.module_utils.operations import OPERATIONS

ROOT = Path(__file__).resolve().parents[2]
FEATURE_ACTIONS = yaml.safe_load((ROOT / "roles" / "seed_users" / "vars" / "main.yml").read_text())["seed_users_iam_actions"]
DOCS_ROW = re.compile(r"^\| `(?P<feature>\w+)` \| (?P<actions>`cognito-idp:\w+`(?:, `cognito-idp:\w+`)*) \|")


def test_every_action_of_the_role_is_a_cognito_operation_of_the_collection():
    actions = [action for feature_actions in FEATURE_ACTIONS.values() for action in feature_actions]
    known = {operation.iam_action for operation in OPERATIONS.values()}
    assert [action for action in actions if action not in known] == []


def test_every_operation_of_the_collection_belongs_to_one_feature_of_the_role():
    # The role runs cognito_user and cognito_user_sign_in, which between them can call every operation.
    actions = [action for feature_actions in FEATURE_ACTIONS.values() for action in feature_actions]
    assert sorted(actions) == sorted(operation.iam_action for operation in OPERATIONS.values())


def test_docs_iam_lists_the_same_actions_for_each_feature():
    documented = {}
    for line in (ROOT / "docs" / "iam.md").read_text().splitlines():
        match = DOCS_ROW.match(line)
        if match:
            documented[match["feature"]] = re.findall(r"`(cognito-idp:\w+)`", match["actions"])
    assert documented == FEATURE_ACTIONS


def test_the_policy_template_takes_its_actions_from_the_feature_table():
    template = (ROOT / "roles" / "seed_users" / "templates" / "seed_users_policy.json.j2").read_text()
    assert '"Action": {{ seed_users_iam_policy_actions | to_json }}' in template
    assert "cognito-idp:" not in template
