# -*- coding: utf-8 -*-
"""The answers the Stubber tests of converge and purge_users expect, call by call, for the pool ``POOL``.

``stub_client`` (conftest.py) builds its client for ``POOL``, so every expected call names that pool.
"""

from __future__ import annotations

POOL = "eu-west-1_TestPool1"


def expect_describe_user_pool(stubber, **settings):
    """DescribeUserPool of the pool: its ``Id`` and ``settings`` (Policies, SchemaAttributes, ...)."""
    stubber.add_response("describe_user_pool", {"UserPool": dict({"Id": POOL}, **settings)}, {"UserPoolId": POOL})


def expect_list_users(stubber, filter_expression, *records):
    """One ListUsers page of ``records`` for ``filter_expression``, as the reader asks it (60 a page)."""
    stubber.add_response("list_users", {"Users": list(records)}, {"UserPoolId": POOL, "Limit": 60, "Filter": filter_expression})


def expect_admin_get_user(stubber, username, record=None):
    """AdminGetUser of ``username``: ``record`` (a ListUsers record), or UserNotFoundException when None."""
    if record is None:
        stubber.add_client_error("admin_get_user", "UserNotFoundException", "User does not exist.", 400,
                                 expected_params={"UserPoolId": POOL, "Username": username})
        return
    answer = {key: value for key, value in record.items() if key != "Attributes"}
    stubber.add_response("admin_get_user", dict(answer, UserAttributes=record["Attributes"]),
                         {"UserPoolId": POOL, "Username": username})


def expect_call(stubber, method, params, answer=None):
    """``method`` called with ``params`` on the pool, answered with ``answer`` (empty by default)."""
    stubber.add_response(method, answer or {}, dict(params, UserPoolId=POOL))
