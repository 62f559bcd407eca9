# -*- coding: utf-8 -*-
"""IAM for the seed_users role's groups and for cognito_user_password's new_password_challenge method.

Exactness: over runs that reach every action (a check-mode run, a seed or a
challenge, a re-run after changes made behind the collection's back, a
teardown), the Cognito operations the proxy records are exactly the actions
the collection computes: the policy the role renders (``tasks_from:
iam_policy``), the cognito_iam_policy action called on its own, and, for the
module, ``_iam.password_operations``.

Enforcement: moto checks each request against IAM after ``POST
/moto-api/reset-auth``; an IAM user holding only those actions does the work,
and without one of them is refused, the message naming the action.  moto
authorizes cognito-idp requests against the resource ``*``, so the identities
here hold the actions on ``*``; test_seed_users_iam.py holds the shipped
policy to the pool's ARN.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ansible_collections.cognito.user_pool.plugins.module_utils._iam import iam_actions
from ansible_collections.cognito.user_pool.plugins.module_utils._iam import password_operations
from functional_harness.cognito import CONFIRMED
from functional_harness.cognito import FORCE_CHANGE_PASSWORD
from seed_users_role import ACCOUNT_ID
from seed_users_role import allow_only
from seed_users_role import cognito_operations
from seed_users_role import iam_client
from seed_users_role import iam_enforced
from seed_users_role import identity_holding
from seed_users_role import policy_actions
from seed_users_role import iam_policy_actions
from seed_users_role import run_role

PASSWORD = "Iam!Groups123"
TEMPORARY_PASSWORD = "Temporary!Pass1"
NEW_PASSWORD = "Chosen!Pass2x"
PASSWORD_MODULE = "cognito.user_pool.cognito_user_password"
IAM_PAGE = Path(__file__).resolve().parents[2] / "docs" / "iam.md"


def declared_groups(count):
    """``count`` groups, the first with every field, the second a bare name."""
    groups = [{"name": "admins", "description": "Administrators", "precedence": 0}, "readers"]
    groups += [{"name": f"team{index}", "precedence": 10 + index} for index in range(count - 2)]
    return groups


def group_users():
    return [{"username": "alice", "password": PASSWORD, "groups": ["admins", "readers"]},
            {"username": "bob", "password": PASSWORD, "groups": ["readers"]}]


def rendered_actions(run_playbook, pool, users, tmp_path, **variables):
    """The operations of the policy the role renders for these variables (without seeding)."""
    dest = tmp_path / f"policy-{len(list(tmp_path.glob('policy-*.json')))}.json"
    run = run_role(run_playbook, pool, users, tasks_from="iam_policy", iam_policy_dest=str(dest),
                   iam_account_id=ACCOUNT_ID, **variables)
    assert run.rc == 0, run.output
    return policy_actions(dest)


def plugin_actions(run_playbook, pool, users, **variables):
    """The operations cognito_iam_policy names for these users and the role variables' groups and state."""
    actions = iam_policy_actions(run_playbook, pool, users=users, **variables)
    return {action.split(":", 1)[1] for action in actions}


def recorded(run_playbook, proxy, pool, users, **variables):
    """The Cognito operations one run of the role makes (it must succeed)."""
    proxy.clear()
    run = run_role(run_playbook, pool, users, **variables)
    assert run.rc == 0, run.output
    return set(cognito_operations(proxy))


# -- exactness: the role's groups ------------------------------------------------------------------


@pytest.mark.parametrize("group_count", [2, 4], ids=["groups-read-one-by-one", "groups-listed"])
def test_the_actions_for_groups_are_exactly_those_a_check_a_seed_and_a_rerun_after_drift_call(
        run_playbook, cognito, proxy, tmp_path, group_count):
    pool = cognito.create_pool()
    users, variables = group_users(), {"groups": declared_groups(group_count)}
    allowed = rendered_actions(run_playbook, pool, users, tmp_path, **variables)

    checked = recorded(run_playbook, proxy, pool, users, check=True, **variables)
    seeded = recorded(run_playbook, proxy, pool, users, **variables)
    # Behind the role's back: a group changes, a user leaves a group.
    cognito.client.update_group(UserPoolId=pool, GroupName="admins", Description="Changed", Precedence=7)
    cognito.client.admin_remove_user_from_group(UserPoolId=pool, Username="bob", GroupName="readers")
    again = recorded(run_playbook, proxy, pool, users, **variables)

    assert checked | seeded | again == allowed
    assert plugin_actions(run_playbook, pool, users, **variables) == allowed
    assert {"CreateGroup", "UpdateGroup", "GetGroup"} <= allowed
    assert ("ListGroups" in allowed) is (group_count > 3)


@pytest.mark.parametrize("group_count", [2, 4], ids=["groups-read-one-by-one", "groups-listed"])
def test_the_actions_for_a_teardown_with_groups_are_exactly_those_its_check_and_its_run_call(
        run_playbook, cognito, proxy, tmp_path, group_count):
    pool = cognito.create_pool()
    users, variables = group_users(), {"groups": declared_groups(group_count), "state": "absent"}
    assert run_role(run_playbook, pool, users, groups=variables["groups"]).rc == 0
    allowed = rendered_actions(run_playbook, pool, users, tmp_path, **variables)

    checked = recorded(run_playbook, proxy, pool, users, check=True, **variables)
    removed = recorded(run_playbook, proxy, pool, users, **variables)

    assert checked | removed == allowed
    assert plugin_actions(run_playbook, pool, users, **variables) == allowed
    assert "DeleteGroup" in allowed and "CreateGroup" not in allowed
    assert cognito.client.list_groups(UserPoolId=pool)["Groups"] == []


# -- enforcement: the role's groups ----------------------------------------------------------------


def test_an_identity_holding_only_the_rendered_actions_seeds_users_and_groups(
        run_playbook, cognito, proxy, moto_server, tmp_path):
    pool = cognito.create_pool()
    users, groups = group_users(), declared_groups(4)
    allowed = rendered_actions(run_playbook, pool, users, tmp_path, groups=groups)
    seeder = identity_holding(iam_client(moto_server), [f"cognito-idp:{name}" for name in allowed])

    with iam_enforced(moto_server):
        seeded = run_role(run_playbook, pool, users, groups=groups, module_defaults=seeder)

    assert seeded.rc == 0, seeded.output
    assert sorted(group["GroupName"] for group in cognito.client.list_groups(UserPoolId=pool)["Groups"]) == \
        ["admins", "readers", "team0", "team1"]
    assert all(cognito.user_status(pool, user["username"]) == CONFIRMED for user in users)


def test_one_policy_for_the_seed_its_sign_in_check_and_its_teardown_lets_an_identity_do_all_three(
        run_playbook, cognito, proxy, moto_server, tmp_path):
    pool = cognito.create_pool()
    app_client = cognito.create_app_client(pool)
    users, groups = group_users(), declared_groups(2)
    jobs = ["seed", "teardown", "verify"]
    allowed = rendered_actions(run_playbook, pool, users, tmp_path, groups=groups, iam_policy_jobs=jobs)
    # The union of each job's policy, and what the public action gives for the same jobs: nothing more.
    assert allowed == (rendered_actions(run_playbook, pool, users, tmp_path, groups=groups)
                       | rendered_actions(run_playbook, pool, users, tmp_path, groups=groups, state="absent")
                       | {"DescribeUserPool", "AdminInitiateAuth"})
    assert plugin_actions(run_playbook, pool, users, groups=groups, jobs=jobs) == allowed
    holder = identity_holding(iam_client(moto_server), [f"cognito-idp:{name}" for name in allowed])

    with iam_enforced(moto_server):
        seeded = run_role(run_playbook, pool, users, groups=groups, verify_sign_in=True,
                          verify_client_id=app_client.client_id, module_defaults=holder)
        removed = run_role(run_playbook, pool, users, groups=groups, state="absent", module_defaults=holder)

    assert seeded.rc == 0, seeded.output
    assert "Signed in 2 of 2 users." in seeded.output
    assert removed.rc == 0, removed.output
    assert cognito.client.list_users(UserPoolId=pool)["Users"] == []
    assert cognito.client.list_groups(UserPoolId=pool)["Groups"] == []


def test_without_create_group_the_role_is_refused_naming_that_action(run_playbook, cognito, proxy, moto_server, tmp_path):
    pool = cognito.create_pool()
    users, groups = group_users(), declared_groups(2)
    allowed = rendered_actions(run_playbook, pool, users, tmp_path, groups=groups)
    seeder = identity_holding(iam_client(moto_server), [f"cognito-idp:{name}" for name in allowed - {"CreateGroup"}])

    with iam_enforced(moto_server):
        refused = run_role(run_playbook, pool, users, groups=groups, module_defaults=seeder)

    assert refused.rc != 0
    assert f"Access denied: the AWS identity running this task may not call cognito-idp:CreateGroup on user pool {pool}" \
        in refused.last.msg, refused.last.msg
    assert cognito.client.list_groups(UserPoolId=pool)["Groups"] == []
    # The users declare groups that could not be created: none of them was written.
    assert cognito.client.list_users(UserPoolId=pool)["Users"] == []


def test_a_teardown_refused_list_groups_fails_naming_that_action(run_playbook, cognito, moto_server, tmp_path):
    pool = cognito.create_pool()
    users, groups = group_users(), declared_groups(4)
    assert run_role(run_playbook, pool, users, groups=groups).rc == 0
    allowed = rendered_actions(run_playbook, pool, users, tmp_path, groups=groups, state="absent")
    seeder = identity_holding(iam_client(moto_server), [f"cognito-idp:{name}" for name in allowed - {"ListGroups"}])

    with iam_enforced(moto_server):
        refused = run_role(run_playbook, pool, users, groups=groups, state="absent", module_defaults=seeder)

    # The users are gone; the groups could not even be read, so the role must not report success.
    assert cognito.client.list_users(UserPoolId=pool)["Users"] == []
    assert len(cognito.client.list_groups(UserPoolId=pool)["Groups"]) == 4
    assert refused.rc != 0, refused.output
    assert f"Access denied: the AWS identity running this task may not call cognito-idp:ListGroups on user pool {pool}" \
        in refused.last.msg, refused.last.msg


# -- cognito_user_password's new_password_challenge --------------------------------------------------


def challenge_run(run_playbook, pool, client, check=False, module_defaults=None, runs=1):
    task = {PASSWORD_MODULE: {"user_pool_id": pool, "username": "alice", "method": "new_password_challenge",
                              "temporary_password": "{{ temporary_password }}", "password": "{{ new_password }}",
                              "client_id": client.client_id}}
    tasks = [dict(task, name=f"run {index + 1}") for index in range(runs)]
    variables = {"temporary_password": TEMPORARY_PASSWORD, "new_password": NEW_PASSWORD}
    return run_playbook(tasks, extra_vars=variables, check=check, module_defaults=module_defaults)


def challenge_actions():
    return iam_actions(password_operations("new_password_challenge"))


def test_the_challenge_methods_actions_are_exactly_those_a_check_a_challenge_and_a_rerun_call(run_playbook, cognito, proxy):
    pool = cognito.create_pool()
    client = cognito.create_app_client(pool)
    cognito.create_user(pool, "alice", FORCE_CHANGE_PASSWORD, TEMPORARY_PASSWORD)

    assert challenge_run(run_playbook, pool, client, check=True).rc == 0
    run = challenge_run(run_playbook, pool, client, runs=2)

    assert run.rc == 0, run.output
    assert [result.changed for result in run.results] == [True, False]
    assert sorted(f"cognito-idp:{name}" for name in set(proxy.operations())) == challenge_actions()


def test_the_challenge_methods_actions_are_the_ones_docs_iam_lists():
    page = IAM_PAGE.read_text()
    [row] = [line for line in page.splitlines() if line.startswith("| `cognito_user_password` | `method: new_password_challenge`")]
    listed = sorted(part.strip(" `") for part in row.split("|")[3].split(","))
    assert listed == challenge_actions()


def test_an_identity_holding_only_the_challenge_actions_answers_the_challenge(run_playbook, cognito, moto_server):
    pool = cognito.create_pool()
    client = cognito.create_app_client(pool)
    cognito.create_user(pool, "alice", FORCE_CHANGE_PASSWORD, TEMPORARY_PASSWORD)
    identity = identity_holding(iam_client(moto_server), challenge_actions())

    with iam_enforced(moto_server):
        run = challenge_run(run_playbook, pool, client, module_defaults=identity, runs=2)

    assert run.rc == 0, run.output
    assert [result.changed for result in run.results] == [True, False]
    assert cognito.user_status(pool, "alice") == CONFIRMED


@pytest.mark.parametrize("missing", ["cognito-idp:AdminInitiateAuth", "cognito-idp:AdminRespondToAuthChallenge"])
def test_without_one_challenge_action_the_module_is_refused_naming_it(run_playbook, cognito, moto_server, missing):
    pool = cognito.create_pool()
    client = cognito.create_app_client(pool)
    cognito.create_user(pool, "alice", FORCE_CHANGE_PASSWORD, TEMPORARY_PASSWORD)
    iam = iam_client(moto_server)
    identity = identity_holding(iam, challenge_actions())
    allow_only(iam, [action for action in challenge_actions() if action != missing])

    with iam_enforced(moto_server):
        run = challenge_run(run_playbook, pool, client, module_defaults=identity)

    assert run.rc != 0
    assert f"Access denied: the AWS identity running this task may not call {missing} on user pool {pool}" in run.last.msg, \
        run.last.msg
    assert cognito.user_status(pool, "alice") == FORCE_CHANGE_PASSWORD
    assert NEW_PASSWORD not in run.output and TEMPORARY_PASSWORD not in run.output
    assert json.dumps(run.last.result).count(NEW_PASSWORD) == 0


def test_cognito_iam_policy_refuses_bad_options_naming_each_without_its_value(run_playbook):
    task = {"name": "the policy", "cognito.user_pool.cognito_iam_policy": {
        "user_pool_id": "eu-west-1_AbCdEf123", "account_id": "12", "jobs": ["seed", "destroy"],
        "users": [{"username": "alice", "password": {PASSWORD: 1}}], "colour": "red"}}

    run = run_playbook([task])

    assert run.rc != 0
    assert run.last.msg.startswith("colour is not an option of cognito_iam_policy. jobs[1] must be one of: seed, "
                                   "teardown, verify"), run.last.msg
    assert "account_id must be a 12-digit AWS account id." in run.last.msg
    assert "users[0] (username 'alice'): password must be a string, not a mapping." in run.last.msg
    assert PASSWORD not in run.output
