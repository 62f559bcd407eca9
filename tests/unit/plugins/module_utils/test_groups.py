# -*- coding: utf-8 -*-
"""Groups: planned into steps that carry their requests, applied as planned, races recovered."""

from __future__ import annotations

import pytest

from ansible_collections.cognito.user_pool.plugins.module_utils._errors import CognitoError
from ansible_collections.cognito.user_pool.plugins.module_utils._groups import DesiredGroup
from ansible_collections.cognito.user_pool.plugins.module_utils._groups import GroupState
from ansible_collections.cognito.user_pool.plugins.module_utils._groups import check_unique_names
from ansible_collections.cognito.user_pool.plugins.module_utils._groups import converge_groups
from ansible_collections.cognito.user_pool.plugins.module_utils._groups import plan_group

POOL = "eu-west-1_TestPool1"
ROLE = "arn:aws:iam::123456789012:role/admins"


def _requests(plan):
    return [(step.operation, dict(step.request)) for step in plan.steps]


def test_a_new_group_is_created_with_what_is_declared():
    plan = plan_group(GroupState(False), DesiredGroup("admins", description="Admins", precedence=0))
    assert _requests(plan) == [("CreateGroup", {"GroupName": "admins", "Description": "Admins", "Precedence": 0})]
    assert plan.after == GroupState(True, "Admins", 0, None)


def test_an_update_carries_every_field_keeping_the_unchanged_ones():
    # Older API references said UpdateGroup resets a value it is not given; the request never leaves one out.
    plan = plan_group(GroupState(True, "Admins", 0, ROLE), DesiredGroup("admins", precedence=5))
    assert _requests(plan) == [("UpdateGroup", {"GroupName": "admins", "Description": "Admins", "Precedence": 5, "RoleArn": ROLE})]


def test_a_group_as_declared_needs_nothing_and_cognitos_empty_description_is_none():
    assert not plan_group(GroupState.of({"GroupName": "admins", "Description": "", "Precedence": 1}),
                          DesiredGroup("admins", description="", precedence=1)).steps


def test_an_empty_description_clears_the_groups_description_once():
    plan = plan_group(GroupState(True, "Old", 1, None), DesiredGroup("admins", description=""))
    assert _requests(plan) == [("UpdateGroup", {"GroupName": "admins", "Description": "", "Precedence": 1})]
    assert plan.after == GroupState(True, None, 1, None)
    # What Cognito then answers ("" or no Description) needs nothing more.
    for record in ({"GroupName": "admins", "Description": "", "Precedence": 1}, {"GroupName": "admins", "Precedence": 1}):
        assert not plan_group(GroupState.of(record), DesiredGroup("admins", description="")).steps


def test_an_empty_description_is_accepted_by_the_api_model(stub_client):
    # botocore validates the request against the service model before the Stubber answers.
    client, stubber = stub_client(1)
    stubber.add_response("update_group", {"Group": {"GroupName": "admins"}},
                         {"UserPoolId": POOL, "GroupName": "admins", "Description": "", "Precedence": 1})
    [step] = plan_group(GroupState(True, "Old", 1, None), DesiredGroup("admins", description="")).steps
    client.call(step.operation, step.request)


def test_an_absent_group_is_deleted_whatever_its_members():
    assert _requests(plan_group(GroupState(True), DesiredGroup("old", state="absent"))) == [("DeleteGroup", {"GroupName": "old"})]
    assert not plan_group(GroupState(False), DesiredGroup("old", state="absent")).steps


def test_a_group_declared_twice_is_refused():
    with pytest.raises(CognitoError, match="more than once: admins"):
        check_unique_names([DesiredGroup("admins"), DesiredGroup("admins", state="absent")])


@pytest.fixture
def stubbed(stub_client):
    return stub_client(1)


def test_a_group_another_run_created_meanwhile_is_read_and_updated_not_failed(stubbed):
    client, stubber = stubbed
    stubber.add_response("describe_user_pool", {"UserPool": {"Id": POOL}})
    stubber.add_client_error("get_group", "ResourceNotFoundException", "Group not found.", 400)
    stubber.add_client_error("create_group", "GroupExistsException", "A group with the name admins already exists.", 400)
    stubber.add_response("get_group", {"Group": {"GroupName": "admins", "Precedence": 9}})
    stubber.add_response("update_group", {"Group": {"GroupName": "admins"}},
                         {"UserPoolId": POOL, "GroupName": "admins", "Precedence": 1})
    [outcome] = converge_groups(client, [DesiredGroup("admins", precedence=1)], check_mode=False)
    assert outcome.error is None and outcome.actions == ["update"] and outcome.after.precedence == 1


def test_many_groups_are_read_with_one_listing_and_confirmed_before_a_write(stubbed):
    client, stubber = stubbed
    stubber.add_response("describe_user_pool", {"UserPool": {"Id": POOL}})
    stubber.add_response("list_groups", {"Groups": [{"GroupName": name} for name in "abc"]})
    stubber.add_response("get_group", {"Group": {"GroupName": "d"}}, {"UserPoolId": POOL, "GroupName": "d"})
    outcomes = converge_groups(client, [DesiredGroup(name) for name in "abcd"], check_mode=True, max_concurrency=1)
    # d is missing from the listing: read with GetGroup before it would be created; it was there after all.
    assert [outcome.actions for outcome in outcomes] == [[], [], [], []]
