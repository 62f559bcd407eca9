# -*- coding: utf-8 -*-
"""The seed_users role's IAM policy against moto's IAM: enforced, and kept as a managed policy.

Enforcement: moto checks every request against IAM once ``POST
/moto-api/reset-auth`` sets how many requests may still go unchecked. moto
authorizes cognito-idp requests against the resource ``*`` (its Cognito
responses name no resource), so the identity holds the policy with its
Resource widened to ``*``; the file the role renders keeps the pool's ARN.
That the policy holds exactly the operations the role's modules send is
proven in process (tests/unit/plugins/modules/test_seed_users_policy.py).
"""

from __future__ import annotations

import copy
import json
import urllib.request

import pytest
from botocore.exceptions import ClientError

from ansible_collections.cognito.user_pool.plugins.module_utils._seed_users import iam_policy
from functional_harness.cognito import CONFIRMED
from functional_harness.cognito import FORCE_CHANGE_PASSWORD
from seed_users_role import ACCOUNT_ID
from seed_users_role import ROLE
from seed_users_role import iam_client
from seed_users_role import iam_enforced
from seed_users_role import role_variables
from seed_users_role import run_role
from seed_users_role import seed_result

PASSWORD = "Seed!Pass123"
EXAMPLE_POOL = "us-east-1_Example"
SEED = {"DescribeUserPool", "ListUsers", "AdminGetUser", "AdminCreateUser", "AdminSetUserPassword"}


def _seeder_holding(iam, policy):
    """An IAM user holding only ``policy``, with the Resource widened to ``*`` (what moto checks against)."""
    policy = copy.deepcopy(policy)
    for statement in policy["Statement"]:
        statement["Resource"] = "*"
    iam.create_user(UserName="seeder")
    iam.put_user_policy(UserName="seeder", PolicyName="seed-users", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName="seeder")["AccessKey"]
    return {"access_key": key["AccessKeyId"], "secret_key": key["SecretAccessKey"]}, policy


def test_an_identity_holding_only_the_rendered_policy_can_seed_and_is_refused_without_set_password(
        run_playbook, cognito, proxy, moto_server, tmp_path):
    pool = cognito.create_pool()
    users = [{"username": "user0", "password": PASSWORD}]
    iam = iam_client(moto_server)
    seeder, held = _seeder_holding(iam, iam_policy(role_variables(pool, users), ACCOUNT_ID)["document"])
    dest = tmp_path / "policy.json"

    with iam_enforced(moto_server):
        seeded = run_role(run_playbook, pool, users, module_defaults=seeder, iam_policy_dest=str(dest),
                          iam_account_id=ACCOUNT_ID)
        with pytest.raises(ClientError, match="InvalidClientTokenId"):  # moto checks: the fake keys are no IAM user
            cognito.client.list_users(UserPoolId=pool)
    assert seeded.rc == 0, seeded.output
    assert cognito.user_status(pool, "user0") == CONFIRMED
    # The role rendered, in the same run, the policy the identity held, scoped to the pool's ARN.
    rendered = json.loads(dest.read_text())
    [statement] = rendered["Statement"]
    assert statement["Resource"] == f"arn:aws:cognito-idp:us-east-1:{ACCOUNT_ID}:userpool/{pool}"
    assert {action.split(":", 1)[1] for action in statement["Action"]} == SEED
    assert dict(rendered, Statement=[dict(statement, Resource="*")]) == held
    # With the account id given, the policy costs no STS or IAM request (those name no Cognito operation).
    assert all(request.operation for request in proxy.requests())

    held["Statement"][0]["Action"].remove("cognito-idp:AdminSetUserPassword")
    iam.put_user_policy(UserName="seeder", PolicyName="seed-users", PolicyDocument=json.dumps(held))
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

def test_the_managed_policy_for_the_credentials_account_is_kept_and_attached_to_an_existing_role_user_and_group(
        run_playbook, moto_server):
    iam = iam_client(moto_server)
    trust = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    iam.create_role(RoleName="seeding-role", AssumeRolePolicyDocument=json.dumps(trust))
    iam.create_user(UserName="seeding-user")
    iam.create_group(GroupName="seeding-group")
    variables = dict(manage_iam_policy=True, iam_policy_name="seed-users", iam_attach_role="seeding-role",
                     iam_attach_user="seeding-user", iam_attach_group="seeding-group")
    users = [{"username": "a", "password": PASSWORD, "groups": ["readers"]}]

    # No seed_users_iam_account_id: the account is the credentials' (aws_caller_info), in both ARNs.
    first = run_role(run_playbook, EXAMPLE_POOL, users, tasks_from="iam_policy", **variables)
    assert first.rc == 0, first.output
    arn = f"arn:aws:iam::{ACCOUNT_ID}:policy/seed-users"
    version = iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"]
    document = iam.get_policy_version(PolicyArn=arn, VersionId=version)["PolicyVersion"]["Document"]
    if isinstance(document, str):
        document = json.loads(urllib.request.unquote(document))
    [statement] = document["Statement"]
    assert statement["Resource"] == f"arn:aws:cognito-idp:us-east-1:{ACCOUNT_ID}:userpool/{EXAMPLE_POOL}"
    assert {action.split(":", 1)[1] for action in statement["Action"]} == \
        SEED | {"GetGroup", "AdminListGroupsForUser", "AdminAddUserToGroup"}
    for attached in (iam.list_attached_role_policies(RoleName="seeding-role"),
                     iam.list_attached_user_policies(UserName="seeding-user"),
                     iam.list_attached_group_policies(GroupName="seeding-group")):
        assert [policy["PolicyArn"] for policy in attached["AttachedPolicies"]] == [arn]

    again = run_role(run_playbook, EXAMPLE_POOL, users, tasks_from="iam_policy", **variables)
    assert again.rc == 0, again.output
    assert [result.name for result in again.results if result.changed] == []


KINDS = ("role", "user", "group")


def test_attaching_to_an_identity_that_does_not_exist_fails_and_creates_nothing(run_playbook, moto_server):
    tasks = [{"name": f"attach to a missing {kind}", "block": [{
        "name": "run the role", "ansible.builtin.include_role": {"name": ROLE, "tasks_from": "iam_policy"},
        "vars": {f"seed_users_iam_attach_{kind}": "missing"}}],
        "rescue": [{"name": f"refused the {kind}", "ansible.builtin.debug": {"msg": "refused"}}]} for kind in KINDS]

    run = run_playbook(tasks, extra_vars=role_variables(EXAMPLE_POOL, [{"username": "a"}], manage_iam_policy=True,
                                                        iam_policy_name="seed-users"))

    assert run.rc == 0, run.output
    for kind in KINDS:
        [refusal] = [result for result in run.results
                     if result.name == f"{ROLE} : Check that the IAM {kind} exists" and result.status != "skipped"]
        assert refusal.failed and refusal.msg.startswith(f"IAM {kind} missing does not exist."), refusal.msg
        assert run.task(f"refused the {kind}").status == "ok"
    iam = iam_client(moto_server)
    assert iam.list_roles()["Roles"] == [] and iam.list_users()["Users"] == [] and iam.list_groups()["Groups"] == []
