# -*- coding: utf-8 -*-
"""cognito_group's diff as ansible-core prints it, and the order in which the seed_users role writes its groups.

What cognito_group returns and does is proven in process (tests/unit/plugins/modules/test_cognito_group.py) and
through Ansible on every backend (the cognito_group integration target). The role's order of writes is seen only in
the requests the proxy records: Cognito deletes a group that still has members, so no end state shows it.
"""

from __future__ import annotations

import pytest

from ansible_collections.cognito.user_pool.plugins.module_utils._operations import WRITE_OPERATIONS
from functional_harness.playbook import succeeded
from seed_users_role import cognito_operations
from seed_users_role import run_role
from seed_users_role import seed_result

ROLE_ARN = "arn:aws:iam::123456789012:role/admins"
PASSWORD = "Group!Seed123"
ROLE_GROUPS = ["readers", {"name": "admins", "description": "Administrators", "precedence": 0}]


def live_groups(cognito, pool):
    """Every group of the pool as moto keeps it: name -> (description, precedence, role_arn)."""
    answer = cognito.client.list_groups(UserPoolId=pool)["Groups"]
    return {group["GroupName"]: (group.get("Description") or None, group.get("Precedence"), group.get("RoleArn"))
            for group in answer}


def members(cognito, pool, group):
    answer = cognito.client.list_users_in_group(UserPoolId=pool, GroupName=group)
    return sorted(user["Username"] for user in answer["Users"])


# Every leg: the module returns a list of diffs; how it is printed is the stdout callback's (ansible-core's) doing.
@pytest.mark.each_leg
def test_the_diff_of_each_changed_group_is_printed(run_playbook, cognito, pool):
    cognito.client.create_group(UserPoolId=pool, GroupName="admins", Description="Administrators", Precedence=0,
                                RoleArn=ROLE_ARN)
    task = {"name": "cognito_group", "cognito.user_pool.cognito_group": {"user_pool_id": pool, "groups": [
        {"name": "admins", "precedence": 1}, {"name": "writers", "description": "Writers"}]}}

    run = run_playbook([task], diff=True)

    assert len(succeeded(run).result["diff"]) == 2
    shown = run.output.splitlines()
    assert '-    "precedence": 0,' in shown and '+    "precedence": 1,' in shown
    assert '+    "description": "Writers",' in shown


def test_the_role_creates_its_groups_before_the_users_that_join_them_and_removes_them_after(
        run_playbook, cognito, proxy, pool):
    users = [{"username": "alice", "password": PASSWORD, "groups": ["admins", "readers"]},
             {"username": "bob", "password": PASSWORD, "groups": ["readers"]}]

    seeded = run_role(run_playbook, pool, users, groups=ROLE_GROUPS)

    assert seeded.rc == 0, seeded.output
    operations = cognito_operations(proxy)
    assert operations.index("AdminCreateUser") > max(index for index, name in enumerate(operations) if name == "CreateGroup")
    assert live_groups(cognito, pool) == {"readers": (None, None, None), "admins": ("Administrators", 0, None)}
    assert members(cognito, pool, "readers") == ["alice", "bob"] and members(cognito, pool, "admins") == ["alice"]
    proxy.clear()

    removed = run_role(run_playbook, pool, users, groups=ROLE_GROUPS, state="absent")

    assert removed.rc == 0, removed.output
    writes = [operation for operation in cognito_operations(proxy) if operation in WRITE_OPERATIONS]
    assert writes == ["AdminDeleteUser", "AdminDeleteUser", "DeleteGroup", "DeleteGroup"]
    assert live_groups(cognito, pool) == {}
    assert cognito.client.list_users(UserPoolId=pool)["Users"] == []


def test_the_roles_check_mode_counts_its_declared_groups_present_and_writes_nothing(run_playbook, cognito, proxy, pool):
    users = [{"username": "alice", "password": PASSWORD, "groups": ["admins"]}]

    run = run_role(run_playbook, pool, users, groups=ROLE_GROUPS, check=True)

    assert run.rc == 0, run.output
    assert seed_result(run)["created"] == 1 and seed_result(run)["failed"] == 0
    assert set(cognito_operations(proxy)) & WRITE_OPERATIONS == set()
    assert live_groups(cognito, pool) == {}
