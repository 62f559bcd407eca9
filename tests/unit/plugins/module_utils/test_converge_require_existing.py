# -*- coding: utf-8 -*-
"""cognito_user_password manages existing users only, even when the user is deleted between its read and its write.

AdminSetUserPassword's API reference lists UserNotFoundException: "This exception is thrown when a user isn't
found."  The Stubber makes it happen after the user was read; no AdminCreateUser may follow (the Stubber fails a
test on any call it was not told to expect).
"""

from __future__ import annotations

from ansible_collections.cognito.user_pool.plugins.module_utils._converge import ConvergeOptions
from ansible_collections.cognito.user_pool.plugins.module_utils._converge import converge
from ansible_collections.cognito.user_pool.plugins.module_utils._model import DesiredUser
from stubbed_cognito import POOL
from stubbed_cognito import expect_describe_user_pool

PASSWORD = "Zq9!never-printed"


def _deleted_after_its_read(stubber):
    expect_describe_user_pool(stubber)
    record = {"Username": "alice", "UserStatus": "FORCE_CHANGE_PASSWORD", "Enabled": True,
              "Attributes": [{"Name": "sub", "Value": "1"}]}
    stubber.add_response("list_users", {"Users": [record]}, {"UserPoolId": POOL, "Limit": 60, "Filter": 'username = "alice"'})
    stubber.add_response("admin_get_user", {"Username": "alice", "UserStatus": "FORCE_CHANGE_PASSWORD", "Enabled": True,
                                            "UserAttributes": record["Attributes"]}, {"UserPoolId": POOL, "Username": "alice"})
    stubber.add_client_error("admin_set_user_password", "UserNotFoundException", "User does not exist.", 400,
                             expected_params={"UserPoolId": POOL, "Username": "alice", "Password": PASSWORD,
                                              "Permanent": True})


def test_a_user_deleted_before_its_password_is_set_fails_and_is_not_created(stub_client):
    client, stubber = stub_client(1)
    _deleted_after_its_read(stubber)
    [outcome] = converge(client, [DesiredUser("alice", password=PASSWORD)],
                         ConvergeOptions(max_concurrency=1, require_existing=True))
    assert outcome.error.startswith(f"User 'alice' was not found in user pool {POOL} (region eu-west-1).")
    assert outcome.actions == [] and client.attempts.get("AdminCreateUser", 0) == 0 and PASSWORD not in outcome.error


def test_without_require_existing_the_deleted_user_is_created_again(stub_client):
    # cognito_user's recovery, for contrast: the user it declares present is created again.
    client, stubber = stub_client(1)
    _deleted_after_its_read(stubber)
    stubber.add_response("admin_create_user", {"User": {"Username": "alice"}},
                         {"UserPoolId": POOL, "Username": "alice", "TemporaryPassword": PASSWORD, "MessageAction": "SUPPRESS"})
    stubber.add_response("admin_set_user_password", {},
                         {"UserPoolId": POOL, "Username": "alice", "Password": PASSWORD, "Permanent": True})
    [outcome] = converge(client, [DesiredUser("alice", password=PASSWORD)], ConvergeOptions(max_concurrency=1))
    assert outcome.error is None and outcome.actions == ["create", "set_password"]
