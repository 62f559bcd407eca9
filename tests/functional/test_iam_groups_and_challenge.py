# -*- coding: utf-8 -*-
"""IAM enforcement for the seed_users role's groups and for cognito_user_password's new_password_challenge method.

moto checks each request against IAM after ``POST /moto-api/reset-auth``; an IAM user holding only the actions the
collection computes does the work, and without one of them is refused, the message naming the action.  moto
authorizes cognito-idp requests against the resource ``*``, so the identities here hold the actions on ``*``;
test_seed_users_iam.py holds the shipped policy to the pool's ARN.  That those actions are exactly the operations
sent is proven in process: the role's in tests/unit/plugins/modules/test_seed_users_policy.py (groups included),
the password module's in tests/unit/plugins/modules/test_cognito_user_password.py.
"""

from __future__ import annotations

import json

from ansible_collections.cognito.user_pool.plugins.module_utils import _seed_users as seed
from ansible_collections.cognito.user_pool.plugins.module_utils._iam import iam_actions
from ansible_collections.cognito.user_pool.plugins.module_utils._iam import password_operations
from functional_harness.cognito import CONFIRMED
from functional_harness.cognito import FORCE_CHANGE_PASSWORD
from seed_users_role import iam_client
from seed_users_role import iam_enforced
from seed_users_role import identity_holding
from seed_users_role import role_variables
from seed_users_role import run_role

PASSWORD = "Iam!Groups123"
TEMPORARY_PASSWORD = "Temporary!Pass1"
NEW_PASSWORD = "Chosen!Pass2x"
PASSWORD_MODULE = "cognito.user_pool.cognito_user_password"
USERS = [{"username": "alice", "password": PASSWORD, "groups": ["admins", "readers"]},
         {"username": "bob", "password": PASSWORD, "groups": ["readers"]}]
# Four groups: more than cognito_group reads one by one, so ListGroups is needed too.
GROUPS = [{"name": "admins", "description": "Administrators", "precedence": 0}, "readers",
          {"name": "team0", "precedence": 10}, {"name": "team1", "precedence": 11}]


# -- enforcement: the role's groups ----------------------------------------------------------------

def test_one_policy_for_the_seed_its_sign_in_check_and_its_teardown_is_enough_and_each_group_action_needed(
        run_playbook, cognito, moto_server):
    pool = cognito.create_pool()
    app_client = cognito.create_app_client(pool)
    # One policy for the three jobs (their union is proven in tests/unit/plugins/module_utils/test_seed_users.py).
    allowed = {action.split(":", 1)[1] for action in seed.iam_actions(role_variables(
        pool, USERS, groups=GROUPS, iam_policy_jobs=["seed", "teardown", "verify"], verify_sign_in=True,
        client_id=app_client.client_id))}
    assert {"CreateGroup", "ListGroups", "DeleteGroup", "AdminInitiateAuth"} <= allowed
    iam = iam_client(moto_server)
    holder = identity_holding(iam, [f"cognito-idp:{name}" for name in allowed], "holder")
    without_create_group = identity_holding(iam, [f"cognito-idp:{name}" for name in allowed - {"CreateGroup"}], "no-create")
    without_list_groups = identity_holding(iam, [f"cognito-idp:{name}" for name in allowed - {"ListGroups"}], "no-list")

    # moto refuses the test's own fake keys while it checks IAM: the pool is read between the enforced runs.
    with iam_enforced(moto_server):
        refused = run_role(run_playbook, pool, USERS, groups=GROUPS, module_defaults=without_create_group)
    refused_groups, refused_users = (cognito.client.list_groups(UserPoolId=pool)["Groups"],
                                     cognito.client.list_users(UserPoolId=pool)["Users"])
    with iam_enforced(moto_server):
        seeded = run_role(run_playbook, pool, USERS, groups=GROUPS, verify_sign_in=True,
                          client_id=app_client.client_id, module_defaults=holder)
    seeded_groups = sorted(group["GroupName"] for group in cognito.client.list_groups(UserPoolId=pool)["Groups"])
    seeded_statuses = [cognito.user_status(pool, user["username"]) for user in USERS]
    with iam_enforced(moto_server):
        refused_teardown = run_role(run_playbook, pool, USERS, groups=GROUPS, state="absent",
                                    module_defaults=without_list_groups)
    left_groups, left_users = (len(cognito.client.list_groups(UserPoolId=pool)["Groups"]),
                               cognito.client.list_users(UserPoolId=pool)["Users"])
    with iam_enforced(moto_server):
        removed = run_role(run_playbook, pool, USERS, groups=GROUPS, state="absent", module_defaults=holder)

    assert refused.rc != 0
    assert f"Access denied: the AWS identity running this task may not call cognito-idp:CreateGroup on user pool {pool}" \
        in refused.last.msg, refused.last.msg
    # The users declare groups that could not be created: none of them was written.
    assert refused_groups == [] and refused_users == []
    assert seeded.rc == 0, seeded.output
    assert "Signed in 2 of 2 users." in seeded.output
    assert seeded_groups == ["admins", "readers", "team0", "team1"] and seeded_statuses == [CONFIRMED, CONFIRMED]
    # The users are gone; the groups could not even be read, so the role must not report success.
    assert (left_groups, left_users) == (4, [])
    assert refused_teardown.rc != 0, refused_teardown.output
    assert f"Access denied: the AWS identity running this task may not call cognito-idp:ListGroups on user pool {pool}" \
        in refused_teardown.last.msg, refused_teardown.last.msg
    assert removed.rc == 0, removed.output
    assert cognito.client.list_groups(UserPoolId=pool)["Groups"] == []


# -- enforcement: cognito_user_password's new_password_challenge -------------------------------------

def test_an_identity_holding_only_the_challenge_actions_answers_it_and_without_one_of_them_is_refused(
        run_playbook, cognito, moto_server):
    pool = cognito.create_pool()
    client = cognito.create_app_client(pool)
    actions = iam_actions(password_operations("new_password_challenge"))
    iam = iam_client(moto_server)
    identities = {"alice": identity_holding(iam, actions, "holder")}
    refused = {"bob": "cognito-idp:AdminInitiateAuth", "carol": "cognito-idp:AdminRespondToAuthChallenge"}
    for username, missing in refused.items():
        identities[username] = identity_holding(iam, [action for action in actions if action != missing], f"no-{username}")
    for username in ("alice", "bob", "carol"):
        cognito.create_user(pool, username, FORCE_CHANGE_PASSWORD, TEMPORARY_PASSWORD)

    def challenge(name, username):
        return {"name": name, "ignore_errors": True, PASSWORD_MODULE: dict(
            {"user_pool_id": pool, "username": username, "method": "new_password_challenge",
             "temporary_password": "{{ temporary_password }}", "password": "{{ new_password }}",
             "client_id": client.client_id}, **identities[username])}

    tasks = [challenge("alice answers", "alice"), challenge("alice again", "alice"),
             challenge("bob, without AdminInitiateAuth", "bob"), challenge("carol, without AdminRespondToAuthChallenge", "carol")]
    with iam_enforced(moto_server):
        run = run_playbook(tasks, extra_vars={"temporary_password": TEMPORARY_PASSWORD, "new_password": NEW_PASSWORD})

    assert [(result.changed, result.failed) for result in run.results] == [(True, False), (False, False), (False, True),
                                                                           (False, True)], run.output
    assert cognito.user_status(pool, "alice") == CONFIRMED
    for (username, missing), result in zip(refused.items(), run.results[2:]):
        assert f"Access denied: the AWS identity running this task may not call {missing} on user pool {pool}" \
            in result.msg, result.msg
        assert cognito.user_status(pool, username) == FORCE_CHANGE_PASSWORD
    assert NEW_PASSWORD not in run.output and TEMPORARY_PASSWORD not in run.output
    assert NEW_PASSWORD not in json.dumps([result.result for result in run.results])
