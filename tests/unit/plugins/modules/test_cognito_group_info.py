# -*- coding: utf-8 -*-
"""cognito_group_info in process against moto: what it returns, and with how few calls."""

from __future__ import annotations

import pytest

from ansible_collections.cognito.user_pool.plugins.modules import cognito_group_info

ROLE_ARN = "arn:aws:iam::123456789012:role/admins"


@pytest.fixture
def run(run_module):
    return lambda args, **kwargs: run_module(cognito_group_info, args, **kwargs)


@pytest.fixture
def groups(aws, pool, operations):
    """admins (with every field, no member) and readers (with no field, alice and bob)."""
    aws.create_group(UserPoolId=pool, GroupName="admins", Description="Administrators", Precedence=0, RoleArn=ROLE_ARN)
    aws.create_group(UserPoolId=pool, GroupName="readers")
    for username in ("alice", "bob"):
        aws.admin_create_user(UserPoolId=pool, Username=username, MessageAction="SUPPRESS")
        aws.admin_add_user_to_group(UserPoolId=pool, Username=username, GroupName="readers")
    operations.clear()


def test_every_group_is_listed_with_its_fields_and_members_one_listing_each(pool, groups, run, operations):
    failed, result = run({"user_pool_id": pool, "members": True})

    assert not failed and result["changed"] is False
    assert sorted(result["groups"], key=lambda group: group["name"]) == [
        {"name": "admins", "description": "Administrators", "precedence": 0, "role_arn": ROLE_ARN, "members": []},
        {"name": "readers", "description": None, "precedence": None, "role_arn": None, "members": ["alice", "bob"]},
    ]
    assert operations == {"ListGroups": 1, "ListUsersInGroup": 2}


def test_groups_asked_by_name_leave_out_those_the_pool_does_not_have(pool, groups, run, operations):
    failed, result = run({"user_pool_id": pool, "names": ["readers", "missing"]})

    assert not failed
    assert result["groups"] == [{"name": "readers", "description": None, "precedence": None, "role_arn": None}]
    # GetGroup gives one error for a missing group and a missing pool: one DescribeUserPool says it was the group.
    assert operations == {"GetGroup": 2, "DescribeUserPool": 1}
