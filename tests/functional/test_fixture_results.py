# -*- coding: utf-8 -*-
"""What a test fixture gets from cognito_user through ansible-playbook: the creation options reach AdminCreateUser
(the action plugin's argument check takes them), and the result carries the user's sub and dates."""

from __future__ import annotations


def test_a_created_user_carries_its_sub_and_the_creation_options_reach_admin_create_user(run_playbook, cognito, proxy):
    pool = cognito.create_pool()
    run = run_playbook([{"name": "create", "cognito.user_pool.cognito_user": {
        "user_pool_id": pool, "username": "erin", "attributes": {"email": "erin@example.com"},
        "client_metadata": {"source": "e2e-fixture"}, "force_alias_creation": True}}])
    assert run.rc == 0, run.output

    [sent] = [request.json() for request in proxy.requests_for("AdminCreateUser")]
    assert sent["ClientMetadata"] == {"source": "e2e-fixture"} and sent["ForceAliasCreation"] is True
    read = cognito.user(pool, "erin")
    user = run.last.result["user"]
    assert user["sub"] == {attribute["Name"]: attribute["Value"] for attribute in read["UserAttributes"]}["sub"]
    assert (user["user_create_date"], user["user_last_modified_date"]) == (
        read["UserCreateDate"].isoformat(), read["UserLastModifiedDate"].isoformat())
    assert "AdminGetUser" not in proxy.operations()
