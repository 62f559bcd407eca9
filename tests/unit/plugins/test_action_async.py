# -*- coding: utf-8 -*-
"""The action plugins run the module as ansible-core's own normal action does: async included, after the strict check."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest

from ansible.plugins.action import ActionBase
from ansible.plugins.action.normal import ActionModule as NormalAction

from ansible_collections.cognito.user_pool.plugins.action.cognito_user import ActionModule as UserAction
from ansible_collections.cognito.user_pool.plugins.module_utils._options import MODULE_SPECS

POOL = "eu-west-1_AbCdEf123"
SECRET = "Async!Pass1"


@pytest.fixture
def run_action(monkeypatch):
    """``run_action(module, args, async_val)`` runs the module's action plugin in process under ``async: async_val``;
    returns (result, the module runs it asked ansible-core for)."""

    def run(module, args, async_val):
        action_class = importlib.import_module(f"ansible_collections.cognito.user_pool.plugins.action.{module}").ActionModule
        task = SimpleNamespace(args=args, async_val=async_val, check_mode=False, action=module, environment=[])
        connection = SimpleNamespace(_shell=SimpleNamespace(tmpdir="/nonexistent"), has_native_async=False)
        action = action_class(task, connection, play_context=None, loader=None, templar=None)
        runs = []

        # ansible-core's own module execution (transfer, async_wrapper), as the plugin's override calls it.
        def execute(self, module_name=None, module_args=None, **kwargs):
            runs.append(dict(kwargs, module_name=module_name))
            return {"changed": True, "ansible_job_id": "j1"} if kwargs.get("wrap_async") else {"changed": True}

        monkeypatch.setattr(ActionBase, "_execute_module", execute)
        return action.run(task_vars={}), runs

    return run


GOOD_ARGUMENTS = {
    "cognito_user": {"users": [{"username": "a", "password": SECRET}]},
    "cognito_user_password": {"username": "a", "password": SECRET},
    "cognito_user_info": {},
    "cognito_user_sign_in": {"client_id": "client1", "users": [{"username": "a", "password": SECRET}]},
    "cognito_group": {"name": "admins"},
    "cognito_group_info": {},
}


@pytest.mark.parametrize("module", sorted(MODULE_SPECS))
def test_every_module_runs_wrapped_for_async_under_its_own_name(run_action, module):
    result, runs = run_action(module, dict({"user_pool_id": POOL}, **GOOD_ARGUMENTS[module]), async_val=600)
    assert [(run["module_name"], bool(run["wrap_async"])) for run in runs] == [(f"cognito.user_pool.{module}", True)]
    assert result["ansible_job_id"] == "j1"


def test_without_async_the_module_runs_unwrapped(run_action):
    result, runs = run_action("cognito_user", {"user_pool_id": POOL, "username": "a"}, async_val=0)
    assert [(run["module_name"], bool(run["wrap_async"])) for run in runs] == [("cognito.user_pool.cognito_user", False)]


def test_under_async_a_bad_argument_is_refused_at_once_and_no_module_runs(run_action):
    result, runs = run_action("cognito_user", {"user_pool_id": POOL, "username": "a", "password": {SECRET: None}}, async_val=600)
    assert runs == []
    assert result["failed"] is True and "ansible_job_id" not in result  # a failure is never polled
    assert result["msg"].startswith("Invalid arguments for cognito.user_pool.cognito_user: password must be a string")
    assert SECRET not in str(result)


def test_the_action_plugins_say_they_support_async():
    assert UserAction._supports_async is True and issubclass(UserAction, NormalAction)
