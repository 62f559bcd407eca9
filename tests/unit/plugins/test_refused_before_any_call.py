# -*- coding: utf-8 -*-
"""What Cognito would refuse is refused on the controller, before the module runs, in check mode too (issue 16).

Reproduction 3: ``username: "seed-a "`` with ``purge_scope: seed-``: moto created ``seed-a `` and ``seed-a`` was
purged; on AWS the name is refused and ``seed-a`` purged all the same.  Reproduction 7: ``names: ['']`` reached
botocore, and absurd rates were taken.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from ansible_collections.cognito.user_pool.plugins.action.cognito_group import ActionModule as GroupAction
from ansible_collections.cognito.user_pool.plugins.action.cognito_group_info import ActionModule as GroupInfoAction
from ansible_collections.cognito.user_pool.plugins.action.cognito_user import ActionModule as UserAction
from ansible_collections.cognito.user_pool.plugins.filter.declared_user_errors import declared_user_errors
from ansible_collections.cognito.user_pool.plugins.module_utils import _seed_users_check as seed

POOL = "eu-west-1_AbCdEf123"
SECRET = "Seed!Pass1"
TRAILING_SPACE = ("users[0]: username must be 1 to 128 characters, each character a letter, mark, symbol, number or "
                  r"punctuation (Cognito's UsernameType, pattern [\p{L}\p{M}\p{S}\p{N}\p{P}]+): character 7 of 7 is U+0020 (SPACE).")


def run_action(action_class, args, check_mode):
    """Run an action plugin in process; return (result, the module runs it asked for)."""
    task = SimpleNamespace(args=args, async_val=0, check_mode=check_mode, action=action_class.MODULE)
    connection = SimpleNamespace(_shell=SimpleNamespace(tmpdir="/nonexistent"))
    action = action_class(task, connection, play_context=None, loader=None, templar=None)
    runs = []
    action._execute_module = lambda **kwargs: runs.append(kwargs) or {"changed": True}
    return action.run(task_vars={}), runs


def seed_a_declaration(whitespace):
    return {"user_pool_id": POOL, "users": [{"username": "seed-a" + whitespace, "password": SECRET}, {"username": "seed-b"}],
            "purge_users": True, "purge_scope": "seed-", "rate_limits": {"UserCreation": 0}}


@pytest.mark.parametrize("check_mode", [False, True], ids=["run", "check mode"])
@pytest.mark.parametrize("whitespace", [" ", "\n"], ids=["trailing space", "trailing newline"])
def test_a_username_cognito_refuses_with_a_purge_writes_and_deletes_nothing(check_mode, whitespace):
    result, runs = run_action(UserAction, seed_a_declaration(whitespace), check_mode)
    assert runs == []  # the module never ran: no Cognito call, nothing created, nothing purged
    assert result["failed"] is True and result["changed"] is False
    assert result["msg"] == (
        "Invalid arguments for cognito.user_pool.cognito_user: users[0]: username must be 1 to 128 characters, each "
        r"character a letter, mark, symbol, number or punctuation (Cognito's UsernameType, pattern [\p{L}\p{M}\p{S}\p{N}\p{P}]+): "
        f"character 7 of 7 is U+{ord(whitespace):04X} ({'SPACE' if whitespace == ' ' else 'a control character'}).")
    assert SECRET not in str(result)


def test_the_same_declaration_without_the_space_runs_the_module():
    result, runs = run_action(UserAction, seed_a_declaration(""), check_mode=True)
    assert len(runs) == 1 and "failed" not in result


def test_the_creation_options_a_test_fixture_gives_pass_the_check_and_reach_the_module():
    arguments = {"user_pool_id": POOL, "username": "erin", "attributes": {"email": "erin@example.com"},
                 "client_metadata": {"source": "e2e-fixture"}, "force_alias_creation": True}
    result, runs = run_action(UserAction, arguments, check_mode=False)
    assert len(runs) == 1 and "failed" not in result


@pytest.mark.parametrize("check_mode", [False, True], ids=["run", "check mode"])
def test_a_group_role_arn_cognito_would_refuse_is_refused_before_the_module_runs(check_mode):
    arguments = {"user_pool_id": POOL, "groups": [{"name": "admins"}, {"name": "broken", "role_arn": "not-an-arn"}]}
    result, runs = run_action(GroupAction, arguments, check_mode)
    assert runs == []
    assert result["msg"].startswith("Invalid arguments for cognito.user_pool.cognito_group: groups[1] (name 'broken'): "
                                    "role_arn must be 20 to 2048 characters, matching arn:")
    assert result["msg"].endswith("(Cognito's ArnType): it has 10 characters.")


@pytest.mark.parametrize("check_mode", [False, True], ids=["run", "check mode"])
def test_an_empty_group_name_to_read_is_refused_before_the_module_runs(check_mode):
    result, runs = run_action(GroupInfoAction, {"user_pool_id": POOL, "names": [""]}, check_mode)
    assert runs == []
    assert result["msg"] == "Invalid arguments for cognito.user_pool.cognito_group_info: names[0] must not be empty or blank."


def test_the_role_refuses_the_username_before_its_first_task():
    variables = {"seed_users_user_pool_id": POOL, "seed_users_users": [{"username": "seed-a "}, {"username": "seed-b"}],
                 "seed_users_purge_users": True, "seed_users_purge_scope": "seed-", "seed_users_default_password": SECRET}
    assert seed.check(variables) == ["seed_users_" + TRAILING_SPACE]


def test_the_declared_user_errors_filter_refuses_it_too():
    assert declared_user_errors([{"username": "seed-a "}]) == [TRAILING_SPACE]


def test_the_roles_groups_get_the_same_rules():
    variables = {"seed_users_user_pool_id": POOL, "seed_users_users": [{"username": "a"}],
                 "seed_users_groups": ["ad mins", {"name": "readers", "precedence": -1, "description": "d" * 2049,
                                                   "role_arn": "arn:aws:iam::1:role"}]}
    problems = seed.check(variables)
    assert [problem.split(":", 1)[0] for problem in problems] == [
        "seed_users_groups[0]", "seed_users_groups[1] (name 'readers')", "seed_users_groups[1] (name 'readers')",
        "seed_users_groups[1] (name 'readers')"]
    assert [problem.split(" must be ", 1)[0].rsplit(" ", 1)[-1] for problem in problems] == [
        "name", "precedence", "description", "role_arn"]


def test_the_roles_rates_are_refused_once_each_with_the_projection():
    variables = {"seed_users_user_pool_id": POOL, "seed_users_users": [{"username": f"u{index}"} for index in range(1000)],
                 "seed_users_max_concurrency": -3,
                 "seed_users_rate_limits": {"UserCreation": 0.001, "UserRead": float("nan"), "UserUpdate": -1}}
    assert seed.check(variables) == [
        "seed_users_max_concurrency must be at least 1.",
        "seed_users_rate_limits.UserRead must be a finite number of requests a second (it is not a number); 0 turns the "
        "category's pacing off.",
        "seed_users_rate_limits.UserUpdate must not be negative: 0 turns the category's pacing off.",
        "seed_users_rate_limits.UserCreation 0.001 a second would take 11.6 days for 1,000 users at one request each. "
        "Give at least 0.0116, or 0 to turn its pacing off.",
    ]


def test_the_roles_purge_scope_no_username_can_start_with_is_refused():
    variables = {"seed_users_user_pool_id": POOL, "seed_users_users": [{"username": "seed-a"}],
                 "seed_users_purge_users": True, "seed_users_purge_scope": "seed- "}
    assert seed.check(variables) == [
        "seed_users_purge_scope must be 1 to 128 characters, each character a letter, mark, symbol, number or punctuation "
        r"(Cognito's UsernameType, pattern [\p{L}\p{M}\p{S}\p{N}\p{P}]+): character 6 of 6 is U+0020 (SPACE)."]


@pytest.mark.parametrize("pool,expected", [
    ("", "seed_users_user_pool_id is required."), ("  ", "seed_users_user_pool_id must not be empty or blank."),
], ids=["empty", "blank"])
def test_an_empty_pool_id_is_named_once(pool, expected):
    assert seed.check({"seed_users_user_pool_id": pool, "seed_users_users": [{"username": "a"}]}) == [expected]
