# -*- coding: utf-8 -*-
"""The cognito_iam_policy action refuses bad options, each named, none repeated."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from ansible.plugins.action import ActionBase

from ansible_collections.cognito.user_pool.plugins.action.cognito_iam_policy import ActionModule
from ansible_collections.cognito.user_pool.plugins.module_utils._seed_users import iam_actions

PASSWORD = "Iam!Groups123"


def _run(monkeypatch, args):
    # ActionBase.run only sets up what a connection needs; this action makes no call and uses no connection.
    monkeypatch.setattr(ActionBase, "run", lambda self, tmp=None, task_vars=None: {})
    action = ActionModule.__new__(ActionModule)
    action._task = SimpleNamespace(args=args)
    return action.run(task_vars={})


def test_bad_options_are_refused_naming_each_without_its_value(monkeypatch):
    result = _run(monkeypatch, {"user_pool_id": "eu-west-1_AbCdEf123", "account_id": "12", "jobs": ["seed", "destroy"],
                                "users": [{"username": "alice", "password": {PASSWORD: 1}}], "colour": "red"})
    assert result["failed"] is True
    assert result["msg"].startswith("colour is not an option of cognito_iam_policy. jobs[1] must be one of: seed, "
                                    "teardown, verify"), result["msg"]
    assert "account_id must be a 12-digit AWS account id." in result["msg"]
    assert "users[0] (username 'alice'): password must be a string, not a mapping." in result["msg"]
    assert PASSWORD not in json.dumps(result)


def test_good_options_give_the_policy(monkeypatch):
    result = _run(monkeypatch, {"user_pool_id": "eu-west-1_AbCdEf123", "account_id": "123456789012",
                                "users": [{"username": "alice", "password": PASSWORD}]})
    assert not result.get("failed") and "cognito-idp:AdminSetUserPassword" in result["actions"]
    assert PASSWORD not in json.dumps(result)


@pytest.mark.parametrize("state", ["present", "absent"])
@pytest.mark.parametrize("groups", [["admins", "readers"], ["admins", "readers", "team0", "team1"]], ids=["2-groups", "4-groups"])
def test_the_actions_are_the_roles_for_the_same_users_groups_and_state(monkeypatch, groups, state):
    users = [{"username": "alice", "password": PASSWORD, "groups": ["admins", "readers"]}]
    result = _run(monkeypatch, {"user_pool_id": "eu-west-1_AbCdEf123", "account_id": "123456789012", "users": users,
                                "groups": groups, "state": state})
    role = {"seed_users_user_pool_id": "eu-west-1_AbCdEf123", "seed_users_users": users, "seed_users_groups": groups,
            "seed_users_state": state}
    assert result["actions"] == iam_actions(role)
    assert ("cognito-idp:DeleteGroup" in result["actions"]) is (state == "absent")
