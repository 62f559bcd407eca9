# -*- coding: utf-8 -*-
"""IAM for the seed_users role's groups and for cognito_user_password's new_password_challenge method.

Exactness: over runs that reach every action (a check-mode run, a seed, a re-run after changes made behind the
role's back, a teardown and its check), the Cognito operations the proxy records for a pool are exactly the actions
of the policy the role renders (``tasks_from: iam_policy``) and of the cognito_iam_policy action called on its own.
The module's own exactness is proven in process (tests/unit/plugins/modules/test_cognito_user_password.py).

Enforcement: moto checks each request against IAM after ``POST /moto-api/reset-auth``; an IAM user holding only
those actions does the work, and without one of them is refused, the message naming the action.  moto authorizes
cognito-idp requests against the resource ``*``, so the identities here hold the actions on ``*``;
test_seed_users_iam.py holds the shipped policy to the pool's ARN.
"""

from __future__ import annotations

import json

from ansible_collections.cognito.user_pool.plugins.module_utils._iam import iam_actions
from ansible_collections.cognito.user_pool.plugins.module_utils._iam import password_operations
from functional_harness.cognito import CONFIRMED
from functional_harness.cognito import FORCE_CHANGE_PASSWORD
from seed_users_role import ACCOUNT_ID
from seed_users_role import ROLE
from seed_users_role import iam_client
from seed_users_role import iam_enforced
from seed_users_role import identity_holding
from seed_users_role import policy_actions
from seed_users_role import role_variables
from seed_users_role import run_role

PASSWORD = "Iam!Groups123"
TEMPORARY_PASSWORD = "Temporary!Pass1"
NEW_PASSWORD = "Chosen!Pass2x"
PASSWORD_MODULE = "cognito.user_pool.cognito_user_password"
# The role reads groups one by one up to three, and lists them beyond.
GROUP_COUNTS = (2, 4)


def declared_groups(count):
    """``count`` groups, the first with every field, the second a bare name."""
    groups = [{"name": "admins", "description": "Administrators", "precedence": 0}, "readers"]
    groups += [{"name": f"team{index}", "precedence": 10 + index} for index in range(count - 2)]
    return groups


def group_users():
    return [{"username": "alice", "password": PASSWORD, "groups": ["admins", "readers"]},
            {"username": "bob", "password": PASSWORD, "groups": ["readers"]}]


def role_task(pool, **variables):
    """The role on ``pool`` for group_users(), its variables on the task so that one play can hold several pools."""
    return {"name": f"the role on {pool}", "ansible.builtin.include_role": {"name": ROLE},
            "vars": role_variables(pool, group_users(), **variables)}


def render_task(pool, dest, **variables):
    """The role's policy for these variables, written to ``dest``; with the account id given it makes no call."""
    return {"name": f"render {dest.name}", "ansible.builtin.include_role": {"name": ROLE, "tasks_from": "iam_policy"},
            "vars": role_variables(pool, group_users(), iam_policy_dest=str(dest), iam_account_id=ACCOUNT_ID, **variables)}


def plugin_task(name, pool, **options):
    """The cognito_iam_policy action for group_users() and ``options`` (groups, state, jobs)."""
    return {"name": name, "cognito.user_pool.cognito_iam_policy": {"user_pool_id": pool, "account_id": ACCOUNT_ID,
                                                                   "users": group_users(), **options}}


def plugin_actions(run, name):
    return {action.split(":", 1)[1] for action in run.task(name).result["actions"]}


def operations_on(proxy, pool):
    """The Cognito operations the proxy recorded for ``pool`` (other services' requests left out)."""
    return {request.operation for request in proxy.requests()
            if request.operation and "." not in request.operation and request.json().get("UserPoolId") == pool}


def ran(run):
    assert run.rc == 0, run.output
    return run


# -- exactness: the role's groups ------------------------------------------------------------------

def test_the_actions_for_groups_are_exactly_those_a_seed_its_rerun_after_drift_and_a_teardown_call(
        run_playbook, cognito, proxy, tmp_path):
    pools = {count: cognito.create_pool() for count in GROUP_COUNTS}
    seeds = {count: {"groups": declared_groups(count)} for count in GROUP_COUNTS}
    teardowns = {count: {"groups": declared_groups(count), "state": "absent"} for count in GROUP_COUNTS}

    ran(run_playbook([role_task(pools[count], **seeds[count]) for count in GROUP_COUNTS], check=True))
    rendered = ran(run_playbook(
        [render_task(pools[count], tmp_path / f"seed-{count}.json", **seeds[count]) for count in GROUP_COUNTS]
        + [render_task(pools[count], tmp_path / f"teardown-{count}.json", **teardowns[count]) for count in GROUP_COUNTS]
        + [plugin_task(f"seed {count}", pools[count], **seeds[count]) for count in GROUP_COUNTS]
        + [plugin_task(f"teardown {count}", pools[count], **teardowns[count]) for count in GROUP_COUNTS]
        + [role_task(pools[count], **seeds[count]) for count in GROUP_COUNTS]))
    # Behind the role's back: a group changes, a user leaves a group.
    for pool in pools.values():
        cognito.client.update_group(UserPoolId=pool, GroupName="admins", Description="Changed", Precedence=7)
        cognito.client.admin_remove_user_from_group(UserPoolId=pool, Username="bob", GroupName="readers")
    ran(run_playbook([role_task(pools[count], **seeds[count]) for count in GROUP_COUNTS]))
    seeded = {count: operations_on(proxy, pools[count]) for count in GROUP_COUNTS}
    proxy.clear()
    ran(run_playbook([role_task(pools[count], **teardowns[count]) for count in GROUP_COUNTS], check=True))
    ran(run_playbook([role_task(pools[count], **teardowns[count]) for count in GROUP_COUNTS]))
    removed = {count: operations_on(proxy, pools[count]) for count in GROUP_COUNTS}

    for count in GROUP_COUNTS:
        allowed = policy_actions(tmp_path / f"seed-{count}.json")
        assert seeded[count] == allowed == plugin_actions(rendered, f"seed {count}"), count
        assert {"CreateGroup", "UpdateGroup", "GetGroup"} <= allowed
        assert ("ListGroups" in allowed) is (count > 3)
        allowed = policy_actions(tmp_path / f"teardown-{count}.json")
        assert removed[count] == allowed == plugin_actions(rendered, f"teardown {count}"), count
        assert "DeleteGroup" in allowed and "CreateGroup" not in allowed
        assert cognito.client.list_groups(UserPoolId=pools[count])["Groups"] == []


# -- enforcement: the role's groups ----------------------------------------------------------------

def test_one_policy_for_the_seed_its_sign_in_check_and_its_teardown_is_enough_and_each_group_action_needed(
        run_playbook, cognito, moto_server, tmp_path):
    pool = cognito.create_pool()
    app_client = cognito.create_app_client(pool)
    users, groups = group_users(), declared_groups(4)
    jobs = ["seed", "teardown", "verify"]
    rendered = ran(run_playbook([
        render_task(pool, tmp_path / "jobs.json", groups=groups, iam_policy_jobs=jobs),
        render_task(pool, tmp_path / "seed.json", groups=groups),
        render_task(pool, tmp_path / "teardown.json", groups=groups, state="absent"),
        plugin_task("jobs", pool, groups=groups, jobs=jobs),
    ]))
    allowed = policy_actions(tmp_path / "jobs.json")
    # The union of each job's policy, and what the public action gives for the same jobs: nothing more.
    assert allowed == (policy_actions(tmp_path / "seed.json") | policy_actions(tmp_path / "teardown.json")
                       | {"DescribeUserPool", "AdminInitiateAuth"})
    assert plugin_actions(rendered, "jobs") == allowed
    iam = iam_client(moto_server)
    holder = identity_holding(iam, [f"cognito-idp:{name}" for name in allowed], "holder")
    without_create_group = identity_holding(iam, [f"cognito-idp:{name}" for name in allowed - {"CreateGroup"}], "no-create")
    without_list_groups = identity_holding(iam, [f"cognito-idp:{name}" for name in allowed - {"ListGroups"}], "no-list")

    # moto refuses the test's own fake keys while it checks IAM: the pool is read between the enforced runs.
    with iam_enforced(moto_server):
        refused = run_role(run_playbook, pool, users, groups=groups, module_defaults=without_create_group)
    refused_groups, refused_users = (cognito.client.list_groups(UserPoolId=pool)["Groups"],
                                     cognito.client.list_users(UserPoolId=pool)["Users"])
    with iam_enforced(moto_server):
        seeded = run_role(run_playbook, pool, users, groups=groups, verify_sign_in=True,
                          verify_client_id=app_client.client_id, module_defaults=holder)
    seeded_groups = sorted(group["GroupName"] for group in cognito.client.list_groups(UserPoolId=pool)["Groups"])
    seeded_statuses = [cognito.user_status(pool, user["username"]) for user in users]
    with iam_enforced(moto_server):
        refused_teardown = run_role(run_playbook, pool, users, groups=groups, state="absent",
                                    module_defaults=without_list_groups)
    left_groups, left_users = (len(cognito.client.list_groups(UserPoolId=pool)["Groups"]),
                               cognito.client.list_users(UserPoolId=pool)["Users"])
    with iam_enforced(moto_server):
        removed = run_role(run_playbook, pool, users, groups=groups, state="absent", module_defaults=holder)

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
