# -*- coding: utf-8 -*-
"""The seed_users role's IAM policy: what it holds, proven exact and sufficient against moto.

Exactness: for each combination of features, the Cognito operations the proxy
records while the role runs are exactly the actions of the policy the role
rendered for the same variables, nothing missing and nothing extra.

Enforcement: moto checks every request against IAM once ``POST
/moto-api/reset-auth`` sets how many requests may still go unchecked. moto
authorizes cognito-idp requests against the resource ``*`` (its Cognito
responses name no resource), so the enforced policy is the rendered one with
its Resource widened to ``*``; a separate test holds the shipped policy to the
pool's ARN.
"""

from __future__ import annotations

import json
import urllib.request

import pytest
from botocore.exceptions import ClientError

from functional_harness.cognito import CONFIRMED
from functional_harness.cognito import FORCE_CHANGE_PASSWORD
from seed_users_role import ACCOUNT_ID
from seed_users_role import ROLE
from seed_users_role import cognito_operations
from seed_users_role import iam_client
from seed_users_role import iam_enforced
from seed_users_role import policy_actions
from seed_users_role import run_role
from seed_users_role import seed_result

PASSWORD = "Seed!Pass123"
OTHER_PASSWORD = "Other!Pass456"
EXAMPLE_POOL = "us-east-1_Example"

# What each declaration needs, written out by hand from docs/iam.md's reasoning (not computed), so that a change to
# the planner or the IAM functions that changes a policy is caught here.
READ = {"DescribeUserPool", "ListUsers", "AdminGetUser"}
CREATE = READ | {"AdminCreateUser"}
SEED = CREATE | {"AdminSetUserPassword"}

# Rendered through the role (the filters and the template): the whole table of declarations and their actions is
# tests/unit/plugins/module_utils/test_seed_users.py's, in process.
RENDERED_CASES = {
    "permanent password": ([{"username": "a", "password": PASSWORD}], {}, SEED),
    "groups declared with settings, users in them": (
        [{"username": "a", "groups": ["readers"]}], {"groups": [{"name": "readers", "precedence": 1}]},
        CREATE | {"GetGroup", "AdminListGroupsForUser", "AdminAddUserToGroup", "CreateGroup", "UpdateGroup"}),
    "teardown": ([{"username": "a", "password": PASSWORD}, {"username": "b"}], {"state": "absent"},
                 {"DescribeUserPool", "AdminGetUser", "AdminDeleteUser"}),
}


def render_task(name, dest, users, variables, user_pool_id=EXAMPLE_POOL):
    role_vars = {"seed_users_user_pool_id": user_pool_id, "seed_users_users": users,
                 "seed_users_iam_account_id": ACCOUNT_ID, "seed_users_iam_policy_dest": str(dest)}
    role_vars.update({f"seed_users_{key}": value for key, value in variables.items()})
    return {"name": name, "ansible.builtin.include_role": {"name": ROLE, "tasks_from": "iam_policy"}, "vars": role_vars}


def test_the_role_renders_the_policy_of_exactly_what_its_variables_make_it_do(run_playbook, tmp_path, proxy):
    cases = list(RENDERED_CASES.items())
    tasks = [render_task(name, tmp_path / f"{index}.json", users, variables)
             for index, (name, (users, variables, needed)) in enumerate(cases)]
    run = run_playbook(tasks)
    assert run.rc == 0, run.output
    for index, (name, (users, variables, needed)) in enumerate(cases):
        assert policy_actions(tmp_path / f"{index}.json") == needed, name
    assert proxy.requests() == []  # rendering with an account id given makes no call


def test_the_shipped_policy_allows_only_the_pools_arn(run_playbook, tmp_path):
    tasks = [
        render_task("aws", tmp_path / "aws.json", [{"username": "a", "password": PASSWORD}], {}),
        render_task("aws-cn", tmp_path / "aws-cn.json", [{"username": "a"}], {"iam_partition": "aws-cn"},
                    user_pool_id="cn-north-1_AbCdEf123"),
    ]
    assert run_playbook(tasks).rc == 0
    policy = json.loads((tmp_path / "aws.json").read_text())
    assert policy["Version"] == "2012-10-17"
    [statement] = policy["Statement"]
    assert statement["Effect"] == "Allow"
    assert statement["Resource"] == f"arn:aws:cognito-idp:us-east-1:{ACCOUNT_ID}:userpool/{EXAMPLE_POOL}"
    assert all(action.startswith("cognito-idp:") and "*" not in action for action in statement["Action"])
    assert set(statement) == {"Sid", "Effect", "Action", "Resource"}
    [china] = json.loads((tmp_path / "aws-cn.json").read_text())["Statement"]
    assert china["Resource"] == f"arn:aws-cn:cognito-idp:cn-north-1:{ACCOUNT_ID}:userpool/cn-north-1_AbCdEf123"


def test_without_an_account_id_the_policy_is_for_the_account_of_the_credentials(run_playbook, tmp_path, proxy):
    dest = tmp_path / "policy.json"
    run = run_role(run_playbook, EXAMPLE_POOL, [{"username": "a"}], tasks_from="iam_policy", iam_policy_dest=str(dest))
    assert run.rc == 0, run.output
    [statement] = json.loads(dest.read_text())["Statement"]
    assert statement["Resource"] == f"arn:aws:cognito-idp:us-east-1:{ACCOUNT_ID}:userpool/{EXAMPLE_POOL}"
    assert cognito_operations(proxy) == [] and proxy.requests() != []  # aws_caller_info's STS and IAM calls


# -- exactness: recorded operations == the rendered policy's actions, per feature combination --------------

def twelve_users(**options):
    """12 users in batches of 10: both batches are read with filtered ListUsers listings."""
    users = []
    for index in range(12):
        user = {"username": f"user{index:02d}"}
        user.update({name: value(index) if callable(value) else value for name, value in options.items()})
        users.append(user)
    return users


def seed_recording(run_playbook, proxy, pool, users, tmp_path, **variables):
    """Run the role, rendering its policy for the same variables; (recorded operations, policy actions)."""
    dest = tmp_path / f"policy-{len(list(tmp_path.glob('policy-*.json')))}.json"
    run = run_role(run_playbook, pool, users, batch_size=10, iam_policy_dest=str(dest), iam_account_id=ACCOUNT_ID, **variables)
    assert run.rc == 0, run.output
    return set(cognito_operations(proxy)), policy_actions(dest)


# AdminGetUser is called only for a user about to be written that the listing showed (or missed, in pools where a
# name can stand for another): a first seed into an empty pool never calls it. Each test below therefore runs again
# after changes made behind the role's back, which is what reaches it and the update calls.

# moto_semantics: the drift gives user01 a temporary password; under PasswordHistory Cognito then refuses
# the declared one as a password the user had, as real Cognito would.
@pytest.mark.moto_semantics
def test_exact_for_seeding_with_passwords(run_playbook, cognito, proxy, tmp_path):
    pool = cognito.create_pool()
    users = twelve_users(password=lambda index: PASSWORD, permanent=lambda index: index % 3 != 0)
    first, allowed = seed_recording(run_playbook, proxy, pool, users, tmp_path)
    cognito.client.admin_set_user_password(UserPoolId=pool, Username="user01", Password=OTHER_PASSWORD, Permanent=False)
    proxy.clear()
    second, allowed_again = seed_recording(run_playbook, proxy, pool, users, tmp_path)
    assert allowed_again == allowed
    assert first | second == allowed == SEED


# moto_semantics: under AttributesHeldBack the drifted email is left pending, not written, so the
# recorded actions are fewer than the policy's (never more).
@pytest.mark.moto_semantics
def test_exact_for_attributes_and_groups_over_a_seed_and_a_rerun_after_drift(run_playbook, cognito, proxy, tmp_path):
    pool = cognito.create_pool()
    cognito.client.create_group(UserPoolId=pool, GroupName="readers")
    users = twelve_users(password=PASSWORD, attributes=lambda index: {"email": f"user{index:02d}@example.com"},
                         groups=["readers"])
    first, allowed = seed_recording(run_playbook, proxy, pool, users, tmp_path)
    cognito.client.admin_update_user_attributes(UserPoolId=pool, Username="user03",
                                                UserAttributes=[{"Name": "email", "Value": "drifted@example.com"}])
    proxy.clear()
    second, allowed_again = seed_recording(run_playbook, proxy, pool, users, tmp_path)
    assert allowed_again == allowed
    assert first | second == allowed == SEED | {"AdminUpdateUserAttributes", "GetGroup", "AdminListGroupsForUser",
                                                "AdminAddUserToGroup"}


# moto_semantics: as above, AttributesHeldBack leaves the drifted email pending.
@pytest.mark.moto_semantics
def test_exact_for_every_user_feature_over_a_seed_and_a_rerun_after_drift(run_playbook, cognito, proxy, tmp_path):
    pool = cognito.create_pool()
    app_client = cognito.create_app_client(pool)
    for group in ("readers", "writers"):
        cognito.client.create_group(UserPoolId=pool, GroupName=group)
    cognito.create_user(pool, "leaving", CONFIRMED, PASSWORD)
    users = twelve_users(password=PASSWORD, attributes=lambda index: {"email": f"user{index:02d}@example.com"},
                         purge_attributes=True, groups=["readers"], purge_groups=True)
    users[0]["enabled"] = True
    users[1]["enabled"] = False
    users.append({"username": "leaving", "state": "absent"})
    variables = {"verify_sign_in": True, "verify_client_id": app_client.client_id}
    first, allowed = seed_recording(run_playbook, proxy, pool, users, tmp_path, **variables)
    cognito.disable_user(pool, "user00")
    cognito.client.admin_add_user_to_group(UserPoolId=pool, Username="user02", GroupName="writers")
    cognito.client.admin_update_user_attributes(UserPoolId=pool, Username="user03",
                                                UserAttributes=[{"Name": "name", "Value": "Not declared"}])
    cognito.client.admin_update_user_attributes(UserPoolId=pool, Username="user04",
                                                UserAttributes=[{"Name": "email", "Value": "drifted@example.com"}])
    proxy.clear()
    second, allowed_again = seed_recording(run_playbook, proxy, pool, users, tmp_path, **variables)
    assert allowed_again == allowed
    assert first | second == allowed == SEED | {
        "AdminUpdateUserAttributes", "AdminDeleteUserAttributes", "GetGroup", "AdminListGroupsForUser", "AdminAddUserToGroup",
        "AdminRemoveUserFromGroup", "AdminEnableUser", "AdminDisableUser", "AdminDeleteUser", "AdminInitiateAuth"}


def test_exact_for_a_teardown_and_its_check_mode(run_playbook, cognito, proxy, tmp_path):
    pool = cognito.create_pool()
    users = twelve_users(password=PASSWORD)
    assert run_role(run_playbook, pool, users).rc == 0
    proxy.clear()
    # Check mode reads each user with AdminGetUser; a real teardown deletes outright (a gone user is already absent).
    # In check mode the role writes no policy file, so this run renders none.
    assert run_role(run_playbook, pool, users, batch_size=10, check=True, state="absent").rc == 0
    checked = set(cognito_operations(proxy))
    proxy.clear()
    deleted, allowed = seed_recording(run_playbook, proxy, pool, users, tmp_path, state="absent")
    assert checked | deleted == allowed == {"DescribeUserPool", "AdminGetUser", "AdminDeleteUser"}
    assert cognito.client.list_users(UserPoolId=pool)["Users"] == []


# -- enforcement: moto refuses what the policy does not allow --------------------------------------------

def _seeder_holding(iam, policy):
    """An IAM user holding only ``policy``, with the Resource widened to ``*`` (what moto checks against)."""
    for statement in policy["Statement"]:
        statement["Resource"] = "*"
    iam.create_user(UserName="seeder")
    iam.put_user_policy(UserName="seeder", PolicyName="seed-users", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName="seeder")["AccessKey"]
    return {"access_key": key["AccessKeyId"], "secret_key": key["SecretAccessKey"]}


def test_an_identity_holding_only_the_policy_can_seed_and_is_refused_without_set_password(
        run_playbook, cognito, proxy, moto_server, tmp_path):
    pool = cognito.create_pool()
    users = [{"username": f"user{index}", "password": PASSWORD} for index in range(3)]
    dest = tmp_path / "policy.json"
    rendered = run_role(run_playbook, pool, users, tasks_from="iam_policy", iam_policy_dest=str(dest),
                        iam_account_id=ACCOUNT_ID)
    assert rendered.rc == 0, rendered.output
    policy = json.loads(dest.read_text())
    iam = iam_client(moto_server)
    seeder = _seeder_holding(iam, policy)

    with iam_enforced(moto_server):
        seeded = run_role(run_playbook, pool, users, module_defaults=seeder)
        with pytest.raises(ClientError, match="InvalidClientTokenId"):  # moto checks: the fake keys are no IAM user
            cognito.client.list_users(UserPoolId=pool)
    assert seeded.rc == 0, seeded.output
    assert all(cognito.user_status(pool, user["username"]) == CONFIRMED for user in users)

    policy["Statement"][0]["Action"].remove("cognito-idp:AdminSetUserPassword")
    iam.put_user_policy(UserName="seeder", PolicyName="seed-users", PolicyDocument=json.dumps(policy))
    newcomers = [{"username": f"newcomer{index}", "password": PASSWORD} for index in range(2)]
    with iam_enforced(moto_server):
        refused = run_role(run_playbook, pool, newcomers, module_defaults=seeder)
    assert refused.rc != 0
    assert refused.last.msg.startswith(f"2 of 2 users failed in user pool {pool}.")
    # moto answers a JSON-protocol service's refusal with an XML body that botocore reads as a bare "403";
    # the collection explains it as Cognito's AccessDeniedException, naming the refused action.
    assert f"Access denied: the AWS identity running this task may not call cognito-idp:AdminSetUserPassword on user pool {pool}" \
        in refused.last.msg
    # Created, then refused the password: the users are left where Cognito's AdminCreateUser put them,
    # and the summary says both what was done and what failed (created and failed, the counts adding up).
    assert all(cognito.user_status(pool, user["username"]) == FORCE_CHANGE_PASSWORD for user in newcomers)
    summary = seed_result(refused)
    assert {key: summary[key] for key in ("total", "created", "failed", "partially_applied")} == {
        "total": 2, "created": 2, "failed": 2, "partially_applied": 2}
    assert [(user["username"], user["user_status"]) for user in summary["users"]] == [
        (user["username"], FORCE_CHANGE_PASSWORD) for user in newcomers]


# -- the managed policy and its attachments ----------------------------------------------------------------

def test_the_managed_policy_is_kept_and_attached_to_an_existing_role_user_and_group(run_playbook, moto_server):
    iam = iam_client(moto_server)
    trust = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    iam.create_role(RoleName="seeding-role", AssumeRolePolicyDocument=json.dumps(trust))
    iam.create_user(UserName="seeding-user")
    iam.create_group(GroupName="seeding-group")
    variables = dict(manage_iam_policy=True, iam_policy_name="seed-users", iam_attach_role="seeding-role",
                     iam_attach_user="seeding-user", iam_attach_group="seeding-group")
    users = [{"username": "a", "password": PASSWORD, "groups": ["readers"]}]

    first = run_role(run_playbook, EXAMPLE_POOL, users, tasks_from="iam_policy", **variables)
    assert first.rc == 0, first.output
    arn = f"arn:aws:iam::{ACCOUNT_ID}:policy/seed-users"
    version = iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"]
    document = iam.get_policy_version(PolicyArn=arn, VersionId=version)["PolicyVersion"]["Document"]
    if isinstance(document, str):
        document = json.loads(urllib.request.unquote(document))
    assert {action.split(":", 1)[1] for action in document["Statement"][0]["Action"]} == \
        SEED | {"GetGroup", "AdminListGroupsForUser", "AdminAddUserToGroup"}
    for attached in (iam.list_attached_role_policies(RoleName="seeding-role"),
                     iam.list_attached_user_policies(UserName="seeding-user"),
                     iam.list_attached_group_policies(GroupName="seeding-group")):
        assert [policy["PolicyArn"] for policy in attached["AttachedPolicies"]] == [arn]

    again = run_role(run_playbook, EXAMPLE_POOL, users, tasks_from="iam_policy", **variables)
    assert again.rc == 0, again.output
    assert [result.name for result in again.results if result.changed] == []


@pytest.mark.parametrize("kind", ["role", "user", "group"])
def test_attaching_to_an_identity_that_does_not_exist_fails_and_creates_nothing(run_playbook, moto_server, kind):
    run = run_role(run_playbook, EXAMPLE_POOL, [{"username": "a"}], tasks_from="iam_policy", manage_iam_policy=True,
                   iam_policy_name="seed-users", **{f"iam_attach_{kind}": "missing"})
    assert run.rc != 0
    assert run.last.msg.startswith(f"IAM {kind} missing does not exist.")
    iam = iam_client(moto_server)
    assert iam.list_roles()["Roles"] == [] and iam.list_users()["Users"] == [] and iam.list_groups()["Groups"] == []


def test_no_policy_task_runs_unless_asked(run_playbook, cognito, proxy):
    pool = cognito.create_pool()
    run = run_role(run_playbook, pool, [{"username": "a", "password": PASSWORD}])
    assert run.rc == 0
    assert all(request.operation for request in proxy.requests())  # no STS or IAM request
