# -*- coding: utf-8 -*-
"""Issue 16, reproduction 3, through ansible-playbook: a username Cognito refuses stops the task before any call.

``username: "seed-a "`` with ``purge_scope: seed-``: moto created ``seed-a `` and the purge deleted ``seed-a``
(on AWS the name is refused and ``seed-a`` purged all the same).  The collection's action plugin now refuses the
name on the controller, so the module never runs: nothing is read, written or deleted, in check mode too.
"""

from __future__ import annotations

import pytest

from functional_harness.cognito import CONFIRMED

MODULE = "cognito.user_pool.cognito_user"
PASSWORD = "Seed!Pass1234"


@pytest.fixture
def pool(cognito):
    pool_id = cognito.create_pool()
    cognito.create_user(pool_id, "seed-a", CONFIRMED, PASSWORD)
    return pool_id


@pytest.mark.parametrize("check", [False, True], ids=["run", "check mode"])
@pytest.mark.parametrize("whitespace", [" ", "\n"], ids=["trailing space", "trailing newline"])
def test_a_username_with_trailing_white_space_and_a_purge_touch_nothing(run_playbook, cognito, proxy, pool, check, whitespace):
    task = {"name": "cognito_user", MODULE: {
        "user_pool_id": pool, "purge_users": True, "purge_scope": "seed-",
        "users": [{"username": "seed-a" + whitespace, "password": PASSWORD}, {"username": "seed-b", "password": PASSWORD}]}}

    run = run_playbook([task], check=check)

    assert run.rc != 0
    assert run.last.msg == (
        "Invalid arguments for cognito.user_pool.cognito_user: users[0]: username must be 1 to 128 characters, each "
        r"character a letter, mark, symbol, number or punctuation (Cognito's UsernameType, pattern [\p{L}\p{M}\p{S}\p{N}\p{P}]+): "
        f"character 7 of 7 is U+{ord(whitespace):04X} ({'SPACE' if whitespace == ' ' else 'a control character'}).")
    assert proxy.requests() == []
    assert [user["Username"] for user in cognito.client.list_users(UserPoolId=pool)["Users"]] == ["seed-a"]
    assert PASSWORD not in run.output
