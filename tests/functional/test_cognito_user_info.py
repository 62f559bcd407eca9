# -*- coding: utf-8 -*-
"""cognito_user_info through real ansible-playbook runs against moto_server."""

from __future__ import annotations

import pytest

PASSWORD = "Zq9!functional-pw"


@pytest.fixture
def pool(cognito):
    pool = cognito.create_pool()
    cognito.client.create_group(UserPoolId=pool, GroupName="admins")
    for name in ("alice", "bob", "carol"):
        cognito.create_user(pool, name, "FORCE_CHANGE_PASSWORD", PASSWORD, attributes={"email": f"{name}@example.com"})
    cognito.client.admin_set_user_password(UserPoolId=pool, Username="alice", Password=PASSWORD, Permanent=True)
    cognito.client.admin_add_user_to_group(UserPoolId=pool, Username="alice", GroupName="admins")
    return pool


def info(run_playbook, pool, **options):
    run = run_playbook([{"name": "info", "cognito.user_pool.cognito_user_info": dict(user_pool_id=pool, **options)}])
    assert run.rc == 0, run.output
    return run.last.result["users"]


def test_pages_are_followed(cognito, run_playbook, pool):
    for i in range(125):
        cognito.client.admin_create_user(UserPoolId=pool, Username=f"bulk{i}", MessageAction="SUPPRESS")
    assert len(info(run_playbook, pool)) == 128
