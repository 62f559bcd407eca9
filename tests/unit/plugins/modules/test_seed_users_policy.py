# -*- coding: utf-8 -*-
"""The seed_users role's IAM policy allows exactly the operations its modules send for the same variables.

For each combination of features, the modules run in process against moto with the arguments the role's tasks
give them (roles/seed_users/tasks/groups.yml, seed.yml, verify.yml: the groups, then one cognito_user task per
batch, then the sign-in check), and the operations they send are compared with the policy's actions
(``iam_actions``, what the role's cognito_iam_policy action renders): nothing missing, nothing extra.
AdminGetUser and the update calls are reached only for users the listing showed, so each case runs again
after changes made behind the role's back.
"""

from __future__ import annotations

import pytest

from ansible_collections.cognito.user_pool.plugins.module_utils import _seed_users as seed
from ansible_collections.cognito.user_pool.plugins.module_utils._operations import USED_CATEGORIES
from ansible_collections.cognito.user_pool.plugins.modules import cognito_group
from ansible_collections.cognito.user_pool.plugins.modules import cognito_user
from ansible_collections.cognito.user_pool.plugins.modules import cognito_user_sign_in

PASSWORD = "Seed!Pass123"
OTHER_PASSWORD = "Other!Pass456"
# What each declaration needs, written out by hand from docs/iam.md's reasoning (not computed).
READ = {"DescribeUserPool", "ListUsers", "AdminGetUser"}
SEED = READ | {"AdminCreateUser", "AdminSetUserPassword"}
# moto has no quotas: the modules' pacing is lifted.
NO_RATE_LIMITS = {category: 0 for category in USED_CATEGORIES}


def role_variables(pool, users, **values):
    variables = {"seed_users_user_pool_id": pool, "seed_users_users": users, "seed_users_groups": [],
                 "seed_users_default_password": "", "seed_users_state": "present", "seed_users_batch_size": 2,
                 "seed_users_rate_limits": {}, "seed_users_purge_scope": "", "seed_users_iam_partition": ""}
    variables.update({f"seed_users_{name}": value for name, value in values.items()})
    return variables


@pytest.fixture
def run_role(run_module, operations):
    """Run the role's module tasks for ``variables``; the set of operations they sent (the log cleared first)."""

    def run(variables, check_mode=False):
        operations.clear()
        pool = variables["seed_users_user_pool_id"]
        state = variables["seed_users_state"]
        groups = {"user_pool_id": pool, "groups": seed.groups(variables), "rate_limits": NO_RATE_LIMITS}
        if groups["groups"] and state == "present":
            assert not run_module(cognito_group, groups, check_mode=check_mode)[0]
        for item in seed.batch_plan(variables):
            args = {"user_pool_id": pool, "users": seed.batch(variables, item["index"]), "state": state,
                    "permanent": variables.get("seed_users_permanent", True), "rate_limits": NO_RATE_LIMITS, "planned_groups": item["planned_groups"],
                    "purge_users": item["purge_users"]}
            if item["purge_users"]:
                args.update(purge_scope=variables["seed_users_purge_scope"], purge_keep=item["purge_keep"])
            failed, result = run_module(cognito_user, args, check_mode=check_mode)
            assert not failed, result
        if groups["groups"] and state == "absent":
            assert not run_module(cognito_group, groups, check_mode=check_mode)[0]
        sign_in = seed.sign_in_plan(variables)["users"]
        if variables.get("seed_users_verify_sign_in") and sign_in and not check_mode:
            args = {"user_pool_id": pool, "client_id": variables["seed_users_client_id"], "users": sign_in,
                    "rate_limits": NO_RATE_LIMITS}
            failed, result = run_module(cognito_user_sign_in, args)
            assert not failed, result
        return set(operations)

    return run


def allowed(variables):
    return {action.split(":", 1)[1] for action in seed.iam_actions(variables)}


def five_users(**options):
    """5 users in batches of 2: three cognito_user tasks, each reading its own users."""
    users = []
    for index in range(5):
        user = {"username": f"user{index:02d}"}
        user.update({name: value(index) if callable(value) else value for name, value in options.items()})
        users.append(user)
    return users


def test_exact_for_seeding_with_permanent_and_temporary_passwords(aws, pool, run_role):
    variables = role_variables(pool, five_users(password=PASSWORD, permanent=lambda index: index % 3 != 0))
    first = run_role(variables)
    aws.admin_set_user_password(UserPoolId=pool, Username="user01", Password=OTHER_PASSWORD, Permanent=False)
    second = run_role(variables)
    assert first | second == allowed(variables) == SEED


def test_exact_for_attributes_and_groups_over_a_seed_and_a_rerun_after_drift(aws, pool, run_role):
    aws.create_group(UserPoolId=pool, GroupName="readers")
    variables = role_variables(pool, five_users(password=PASSWORD, groups=["readers"],
                                                attributes=lambda index: {"email": f"user{index:02d}@example.com"}))
    first = run_role(variables)
    aws.admin_update_user_attributes(UserPoolId=pool, Username="user03",
                                     UserAttributes=[{"Name": "email", "Value": "drifted@example.com"}])
    second = run_role(variables)
    assert first | second == allowed(variables) == SEED | {
        "AdminUpdateUserAttributes", "GetGroup", "AdminListGroupsForUser", "AdminAddUserToGroup"}


def test_exact_for_every_user_feature_and_the_sign_in_check_over_a_seed_and_a_rerun_after_drift(aws, pool, run_role):
    client = aws.create_user_pool_client(UserPoolId=pool, ClientName="seeder",
                                         ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH"])["UserPoolClient"]["ClientId"]
    for group in ("readers", "writers"):
        aws.create_group(UserPoolId=pool, GroupName=group)
    aws.admin_create_user(UserPoolId=pool, Username="leaving", MessageAction="SUPPRESS")
    users = five_users(password=PASSWORD, attributes=lambda index: {"email": f"user{index:02d}@example.com"},
                       purge_attributes=True, groups=["readers"], purge_groups=True)
    users[0]["enabled"] = True
    users[1]["enabled"] = False
    users.append({"username": "leaving", "state": "absent"})
    variables = role_variables(pool, users, verify_sign_in=True, client_id=client)
    first = run_role(variables)
    aws.admin_disable_user(UserPoolId=pool, Username="user00")
    aws.admin_add_user_to_group(UserPoolId=pool, Username="user02", GroupName="writers")
    aws.admin_update_user_attributes(UserPoolId=pool, Username="user03", UserAttributes=[{"Name": "name", "Value": "Not declared"}])
    aws.admin_update_user_attributes(UserPoolId=pool, Username="user04",
                                     UserAttributes=[{"Name": "email", "Value": "drifted@example.com"}])
    second = run_role(variables)
    assert first | second == allowed(variables) == SEED | {
        "AdminUpdateUserAttributes", "AdminDeleteUserAttributes", "GetGroup", "AdminListGroupsForUser", "AdminAddUserToGroup",
        "AdminRemoveUserFromGroup", "AdminEnableUser", "AdminDisableUser", "AdminDeleteUser", "AdminInitiateAuth"}
    # The user's own state: absent wins over the role's present.
    assert "leaving" not in [user["Username"] for user in aws.list_users(UserPoolId=pool)["Users"]]


def test_exact_for_a_teardown_and_its_check_mode(aws, pool, run_role):
    users = five_users(password=PASSWORD)
    run_role(role_variables(pool, users))
    variables = role_variables(pool, users, state="absent")
    # Check mode reads each user with AdminGetUser; a real teardown deletes outright (a gone user is already absent).
    checked = run_role(variables, check_mode=True)
    deleted = run_role(variables)
    assert checked | deleted == allowed(variables) == {"DescribeUserPool", "AdminGetUser", "AdminDeleteUser"}
    assert aws.list_users(UserPoolId=pool)["Users"] == []


def test_exact_for_an_empty_user_list_that_purges_its_scope(aws, pool, run_role):
    for username in ("test-a", "test-b", "keep-c"):
        aws.admin_create_user(UserPoolId=pool, Username=username, MessageAction="SUPPRESS")
    variables = role_variables(pool, [], purge_users=True, purge_scope="test-")
    assert run_role(variables) == allowed(variables) == {"DescribeUserPool", "ListUsers", "AdminDeleteUser"}
    assert [user["Username"] for user in aws.list_users(UserPoolId=pool)["Users"]] == ["keep-c"]


def declared_groups(count):
    """``count`` groups, the first with every field, the second a bare name."""
    return ([{"name": "admins", "description": "Administrators", "precedence": 0}, "readers"]
            + [{"name": f"team{index}", "precedence": 10 + index} for index in range(count - 2)])


# cognito_group reads up to three groups one by one (GetGroup) and lists them beyond (ListGroups).
@pytest.mark.parametrize("count", [2, 4], ids=["groups-read-one-by-one", "groups-listed"])
def test_exact_for_groups_over_a_checked_seed_a_seed_its_rerun_after_drift_and_a_checked_teardown(aws, pool, run_role, count):
    users = [{"username": "alice", "password": PASSWORD, "groups": ["admins", "readers"]},
             {"username": "bob", "password": PASSWORD, "groups": ["readers"]}]
    seed_variables = role_variables(pool, users, groups=declared_groups(count))
    seeded = run_role(seed_variables, check_mode=True) | run_role(seed_variables)
    # Behind the role's back: a group changes, a user leaves a group.
    aws.update_group(UserPoolId=pool, GroupName="admins", Description="Changed", Precedence=7)
    aws.admin_remove_user_from_group(UserPoolId=pool, Username="bob", GroupName="readers")
    seeded |= run_role(seed_variables)
    teardown_variables = role_variables(pool, users, groups=declared_groups(count), state="absent")
    removed = run_role(teardown_variables, check_mode=True) | run_role(teardown_variables)

    assert seeded == allowed(seed_variables)
    assert {"CreateGroup", "UpdateGroup", "GetGroup", "AdminAddUserToGroup"} <= seeded
    assert ("ListGroups" in seeded) is (count > 3)
    assert removed == allowed(teardown_variables)
    assert "DeleteGroup" in removed and "CreateGroup" not in removed
    assert aws.list_groups(UserPoolId=pool)["Groups"] == [] and aws.list_users(UserPoolId=pool)["Users"] == []
