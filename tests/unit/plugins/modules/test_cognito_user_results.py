# -*- coding: utf-8 -*-
"""What cognito_user's results give a test fixture: each user's sub and dates, without a call more; the creation
options AdminCreateUser takes; a refused user's entry as it was read."""
from __future__ import annotations

import pytest

from ansible_collections.cognito.user_pool.plugins.modules import cognito_user

PASSWORD = "Zq9!unit-test-pw"


@pytest.fixture
def run(run_module):
    return lambda args, **kwargs: run_module(cognito_user, args, **kwargs)


def _record(aws, pool, username):
    record = aws.admin_get_user(UserPoolId=pool, Username=username)
    sub = {a["Name"]: a["Value"] for a in record["UserAttributes"]}["sub"]
    return sub, record["UserCreateDate"].isoformat(), record["UserLastModifiedDate"].isoformat()


def test_an_unchanged_user_carries_its_sub_and_dates_from_the_listing_alone(aws, pool, run, operations):
    aws.admin_create_user(UserPoolId=pool, Username="alice", MessageAction="SUPPRESS")
    operations.clear()
    failed, result = run({"user_pool_id": pool, "username": "alice"})
    assert not failed and not result["changed"]
    assert operations == {"DescribeUserPool": 1, "ListUsers": 1}
    user = result["user"]
    assert (user["sub"], user["user_create_date"], user["user_last_modified_date"]) == _record(aws, pool, "alice")


def test_a_created_user_carries_the_sub_and_dates_of_admin_create_users_answer(aws, pool, run, operations):
    failed, result = run({"user_pool_id": pool, "username": "alice"})
    assert not failed and result["user"]["actions"] == ["create"]
    assert "AdminGetUser" not in operations
    user = result["user"]
    assert (user["sub"], user["user_create_date"], user["user_last_modified_date"]) == _record(aws, pool, "alice")


def test_a_user_written_after_its_read_has_its_creation_date_and_an_unknown_last_modified_date(aws, pool, run):
    aws.admin_create_user(UserPoolId=pool, Username="alice", MessageAction="SUPPRESS")
    sub, created, dummy = _record(aws, pool, "alice")
    failed, result = run({"user_pool_id": pool, "username": "alice", "attributes": {"name": "A"}})
    assert not failed and result["user"]["actions"] == ["update_attributes"]
    user = result["user"]
    assert (user["sub"], user["user_create_date"], user["user_last_modified_date"]) == (sub, created, None)


def test_a_created_user_given_its_password_has_an_unknown_last_modified_date(aws, pool, run):
    failed, result = run({"user_pool_id": pool, "username": "alice", "password": PASSWORD})
    assert result["user"]["actions"] == ["create", "set_password"]
    sub, created, dummy = _record(aws, pool, "alice")
    user = result["user"]
    assert (user["sub"], user["user_create_date"], user["user_last_modified_date"]) == (sub, created, None)


def test_check_mode_does_not_know_the_sub_of_a_user_it_would_create(aws, pool, run):
    failed, result = run({"user_pool_id": pool, "username": "alice"}, check_mode=True)
    assert not failed and result["changed"]
    assert (result["user"]["sub"], result["user"]["user_create_date"]) == (None, None)


def test_a_refused_user_keeps_what_was_read(aws, pool, run):
    aws.admin_create_user(UserPoolId=pool, Username="alice", MessageAction="SUPPRESS")
    aws.admin_disable_user(UserPoolId=pool, Username="alice")
    sub, created, modified = _record(aws, pool, "alice")
    failed, result = run({"user_pool_id": pool, "username": "alice", "attributes": {"no_such_attribute": "x"}})
    assert failed and "no_such_attribute" in result["user"]["error"]
    user = result["user"]
    assert (user["state"], user["user_status"], user["enabled"], user["sub"]) == \
        ("present", "FORCE_CHANGE_PASSWORD", False, sub)
    assert user["actions"] == [] and user["changed"] is False


def test_client_metadata_and_force_alias_creation_go_with_admin_create_user(aws, pool, run, sent):
    failed, result = run({"user_pool_id": pool, "username": "alice", "client_metadata": {"source": "fixtures"},
                          "force_alias_creation": True})
    assert not failed
    (create,) = [params for name, params in sent if name == "AdminCreateUser"]
    assert create["ClientMetadata"] == {"source": "fixtures"} and create["ForceAliasCreation"] is True


def test_client_metadata_and_force_alias_creation_are_not_sent_when_not_declared(aws, pool, run, sent):
    run({"user_pool_id": pool, "username": "alice"})
    (create,) = [params for name, params in sent if name == "AdminCreateUser"]
    assert "ClientMetadata" not in create and "ForceAliasCreation" not in create


def test_batch_elements_take_the_module_level_client_metadata_unless_they_set_their_own(aws, pool, run, sent):
    failed, result = run({"user_pool_id": pool, "client_metadata": {"source": "task"}, "users": [
        {"username": "a"}, {"username": "b", "client_metadata": {"source": "b"}}]})
    assert not failed
    metadata = {params["Username"]: params["ClientMetadata"] for name, params in sent if name == "AdminCreateUser"}
    assert metadata == {"a": {"source": "task"}, "b": {"source": "b"}}


def test_client_metadata_that_is_not_text_is_refused_before_any_write(aws, pool, run, operations):
    failed, result = run({"user_pool_id": pool, "username": "alice", "client_metadata": {"tries": 3}})
    assert failed
    assert result["user"]["error"] == ("User 'alice': client_metadata must map names to text; tries is not text. "
                                       "Quote the values.")
    assert operations.writes() == {}


def test_the_diff_shows_verified_attributes_as_the_booleans_declared(aws, pool, run):
    failed, result = run({"user_pool_id": pool, "username": "alice",
                          "attributes": {"email": "a@example.com", "email_verified": True}}, diff=True)
    (diff,) = result["diff"]
    assert diff["after"]["attributes"] == {"email": "a@example.com", "email_verified": True}
