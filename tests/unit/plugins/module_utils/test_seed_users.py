# -*- coding: utf-8 -*-
"""The seed_users role's logic: its checks, batches, IAM actions, summary words and sign-in plan."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from ansible_collections.cognito.user_pool.plugins.module_utils import _seed_users as seed
from ansible_collections.cognito.user_pool.plugins.module_utils import _seed_users_check as seed_check
from ansible_collections.cognito.user_pool.plugins.module_utils import _seed_users_report as seed_report
from ansible_collections.cognito.user_pool.plugins.module_utils._arguments import TYPE_WORDS
from ansible_collections.cognito.user_pool.plugins.module_utils._operations import USED_CATEGORIES

POOL = "eu-west-1_AbCdEf123"
SECRET = "Default!Seed7"


def _vars(**values):
    variables = {"seed_users_user_pool_id": POOL, "seed_users_users": [{"username": "alice"}], "seed_users_groups": [],
                 "seed_users_default_password": "", "seed_users_state": "present", "seed_users_batch_size": seed.DEFAULT_BATCH_SIZE,
                 "seed_users_rate_limits": {}, "seed_users_purge_scope": "", "seed_users_iam_partition": ""}
    variables.update({f"seed_users_{name}": value for name, value in values.items()})
    return variables


def test_good_variables_have_no_problem():
    assert seed_check.check(_vars(groups=["admins", {"name": "readers", "precedence": 1}], rate_limits={"UserRead": 0})) == []


def test_every_problem_is_reported_at_once_and_no_value_is_repeated():
    problems = seed_check.check(_vars(user_pool_id="not-a-pool", users=[{"username": SECRET, "password": {SECRET: None}},
                                                                        {"username": "bob", "password": SECRET}],
                                batch_size=0, state=SECRET, rate_limits={"UserReads": 1, "UserRead": -1},
                                verify_sign_in=True, purge_users=True, default_password=12345678,
                                groups=[{"nam": "x"}, 7], iam_account_id="12"))
    assert [problem.split(" ", 1)[0] for problem in problems] == [
        "seed_users_default_password", "seed_users_state", "seed_users_batch_size", "seed_users_rate_limits.UserRead",
        "seed_users_rate_limits", "seed_users_user_pool_id", "seed_users_users[0]", "seed_users_groups[0]:", "seed_users_groups[0]",
        "seed_users_groups[1]", "seed_users_verify_sign_in", "seed_users_purge_users", "seed_users_iam_account_id"]
    assert "seed_users_users[0] (username '********'): password must be a string, not a mapping." in problems[6]
    assert not any(SECRET in problem for problem in problems)


def test_usernames_yaml_read_as_booleans_or_numbers_are_refused():
    problems = seed_check.check(_vars(users=[{"username": False}, {"username": True}, {"username": 56}]))
    assert problems == [f"seed_users_users[{index}]: username must be a string, not {kind}. YAML read an unquoted value as "
                        f"{kind}: quote it." for index, kind in ((0, "a boolean"), (1, "a boolean"), (2, "a number"))]


WITHOUT_POOL_ID = {name: value for name, value in _vars().items() if name != "seed_users_user_pool_id"}
BAD_INPUTS = {
    "missing pool id": (WITHOUT_POOL_ID, "seed_users_user_pool_id is required."),
    "malformed pool id": (_vars(user_pool_id="not-a-pool"),
                          "seed_users_user_pool_id 'not-a-pool' is not a Cognito user pool id: Cognito's API admits "
                          "'[\\w-]+_[0-9a-zA-Z]+' (at most 55 characters), for example 'eu-west-1_AbCdEf123'."),
    "duplicate usernames": (_vars(users=[{"username": "alice"}, {"username": "bob"}, {"username": "alice"}]),
                            "username 'alice' is declared 2 times (seed_users_users[0], seed_users_users[2]). "
                            "Declare each user once."),
    "unknown key": (_vars(users=[{"username": "alice", "pasword": SECRET}]),
                    "seed_users_users[0] (username 'alice') has keys that are not its options: pasword. It takes: "
                    "attributes, client_metadata, desired_delivery_mediums, enabled, force_alias_creation, groups, "
                    "invitation, password, permanent, purge_attributes, purge_groups, state, update_password, username."),
    "bad option value": (_vars(users=[{"username": "alice", "state": "gone"}]),
                         "seed_users_users[0] (username 'alice'): state must be one of: present, absent (it is a string "
                         "that is none of them)."),
    "non-string default password": (_vars(default_password=12345678),
                                    "seed_users_default_password must be a string, not a number. YAML read an unquoted "
                                    "value as a number: quote it."),
    "sign-in check without a client": (_vars(verify_sign_in=True),
                                       "seed_users_verify_sign_in needs seed_users_client_id, an app client allowing "
                                       "ALLOW_ADMIN_USER_PASSWORD_AUTH."),
}


@pytest.mark.parametrize("variables, expected", BAD_INPUTS.values(), ids=list(BAD_INPUTS))
def test_a_bad_input_is_refused_naming_the_bad_item_alone(variables, expected):
    problems = seed_check.check(variables)
    assert problems == [expected]
    assert not any(SECRET in problem for problem in problems)


def test_a_partition_that_is_not_the_pools_is_refused():
    assert seed_check.check(_vars(iam_partition="aws-cn")) == [
        "seed_users_iam_partition aws-cn is not the partition of the pool's region (aws). Leave it empty: the partition "
        "comes from the pool id."]


def test_a_batch_gets_the_default_password_on_users_without_one():
    variables = _vars(users=[{"username": f"u{index}"} for index in range(5)] + [{"username": "own", "password": "Own!1pw"}],
                      batch_size=4, default_password=SECRET)
    assert seed.batch_count(variables) == 2
    assert [user["password"] for user in seed.batch(variables, 1)] == [SECRET, "Own!1pw"]


def test_a_users_own_state_absent_is_sent_beside_the_roles_present():
    variables = _vars(users=[{"username": "staying"}, {"username": "leaving", "state": "absent"}], default_password=SECRET)
    assert seed.batch(variables, 0) == [
        {"username": "staying", "password": SECRET}, {"username": "leaving", "state": "absent", "password": SECRET}]
    assert "cognito-idp:AdminDeleteUser" in seed.iam_actions(variables)


def test_the_batch_plan_labels_the_progress_and_purges_with_the_last_batch_keeping_every_declared_user():
    variables = _vars(users=[{"username": f"u{index}"} for index in range(5)], batch_size=2, purge_users=True,
                      purge_scope="u", groups=["admins", {"name": "readers"}], default_password=SECRET)
    plan = seed.batch_plan(variables)
    assert [item["label"] for item in plan] == ["batch 1/3: users 1-2", "batch 2/3: users 3-4", "batch 3/3: users 5-5"]
    assert [item["purge_users"] for item in plan] == [False, False, True]
    assert plan[2]["purge_keep"] == ["u0", "u1", "u2", "u3", "u4"] and "purge_keep" not in plan[0]
    assert all(item["planned_groups"] == ["admins", "readers"] for item in plan)
    assert SECRET not in repr(plan)


def test_an_empty_user_list_with_purge_is_one_batch_that_purges_the_scope_keeping_nobody():
    # The module's users: [] with purge_users empties the scope; the role does the same (issue 16.6).
    plan = seed.batch_plan(_vars(users=[], purge_users=True, purge_scope="test-"))
    assert plan == [{"index": 0, "planned_groups": [], "purge_users": True, "label": "batch 1/1: no user", "purge_keep": []}]
    assert seed.batch(_vars(users=[], purge_users=True, purge_scope="test-"), 0) == []


def test_an_empty_user_list_without_purge_runs_no_batch():
    assert seed.batch_plan(_vars(users=[])) == [] and seed.batch_count(_vars(users=[])) == 0


PASSWORD = "Seed!Pass123"
# What each declaration needs, written out by hand from docs/iam.md's reasoning (not computed), so that a change to
# the planner or the IAM functions that changes a policy is caught here.
READ = {"DescribeUserPool", "ListUsers", "AdminGetUser"}
CREATE = READ | {"AdminCreateUser"}
SEED = CREATE | {"AdminSetUserPassword"}
# name: (users, other role variables, the operations they need)
FEATURE_CASES = {
    "permanent password": ([{"username": "a", "password": PASSWORD}], {}, SEED),
    "temporary password": ([{"username": "a", "password": PASSWORD, "permanent": False}], {}, SEED),
    "no password": ([{"username": "a"}], {}, CREATE),
    "default password": ([{"username": "a"}], {"default_password": PASSWORD}, SEED),
    "attributes": ([{"username": "a", "attributes": {"email": "a@example.com"}}], {}, CREATE | {"AdminUpdateUserAttributes"}),
    "empty attributes": ([{"username": "a", "attributes": {}}], {}, CREATE),
    "purged attributes": ([{"username": "a", "attributes": {"email": "a@example.com"}, "purge_attributes": True}], {},
                          CREATE | {"AdminUpdateUserAttributes", "AdminDeleteUserAttributes"}),
    "groups": ([{"username": "a", "groups": ["readers"]}], {},
               CREATE | {"GetGroup", "AdminListGroupsForUser", "AdminAddUserToGroup"}),
    "empty groups": ([{"username": "a", "groups": []}], {}, CREATE | {"AdminListGroupsForUser"}),
    "purged groups": ([{"username": "a", "groups": ["readers"], "purge_groups": True}], {},
                      CREATE | {"GetGroup", "AdminListGroupsForUser", "AdminAddUserToGroup", "AdminRemoveUserFromGroup"}),
    "enabled": ([{"username": "a", "enabled": True}], {}, CREATE | {"AdminEnableUser"}),
    "disabled": ([{"username": "a", "enabled": False}], {}, CREATE | {"AdminDisableUser"}),
    "teardown": ([{"username": "a", "password": PASSWORD}, {"username": "b"}], {"state": "absent"},
                 {"DescribeUserPool", "AdminGetUser", "AdminDeleteUser"}),
    "one user absent": ([{"username": "a", "password": PASSWORD}, {"username": "b", "state": "absent"}], {},
                        SEED | {"AdminDeleteUser"}),
    "sign-in check": ([{"username": "a", "password": PASSWORD}], {"verify_sign_in": True, "verify_client_id": "client"},
                      SEED | {"AdminInitiateAuth"}),
    "sign-in check, nobody to sign in": (
        [{"username": "a", "password": PASSWORD, "permanent": False}, {"username": "b", "password": PASSWORD, "enabled": False}],
        {"verify_sign_in": True, "verify_client_id": "client"}, SEED | {"AdminDisableUser"}),
    "groups declared": ([{"username": "a"}], {"groups": ["readers"]}, CREATE | {"GetGroup", "CreateGroup"}),
    "groups declared with settings": ([{"username": "a"}], {"groups": [{"name": "readers", "precedence": 1}]},
                                      CREATE | {"GetGroup", "CreateGroup", "UpdateGroup"}),
    "purge": ([{"username": "a"}], {"purge_users": True, "purge_scope": "a"}, CREATE | {"AdminDeleteUser"}),
}


@pytest.mark.parametrize("users,variables,needed", FEATURE_CASES.values(), ids=list(FEATURE_CASES))
def test_the_policy_holds_the_actions_of_exactly_the_features_the_variables_use(users, variables, needed):
    actions = seed.iam_actions(_vars(users=users, **variables))
    assert actions == sorted(f"cognito-idp:{name}" for name in needed)


def test_the_iam_actions_follow_what_the_variables_make_the_role_do():
    seeding = seed.iam_actions(_vars(default_password=SECRET))
    assert seeding == ["cognito-idp:AdminCreateUser", "cognito-idp:AdminGetUser", "cognito-idp:AdminSetUserPassword",
                       "cognito-idp:DescribeUserPool", "cognito-idp:ListUsers"]
    teardown = ["cognito-idp:AdminDeleteUser", "cognito-idp:AdminGetUser", "cognito-idp:DescribeUserPool"]
    assert seed.iam_actions(_vars(state="absent")) == teardown
    with_groups = seed.iam_actions(_vars(groups=[{"name": "admins", "precedence": 0}], users=[{"username": "a", "groups": ["admins"]}]))
    assert {"cognito-idp:CreateGroup", "cognito-idp:UpdateGroup", "cognito-idp:GetGroup", "cognito-idp:AdminAddUserToGroup"} <= \
        set(with_groups)
    signing = seed.iam_actions(_vars(default_password=SECRET, verify_sign_in=True, verify_client_id="c"))
    assert "cognito-idp:AdminInitiateAuth" in signing
    nobody = seed.iam_actions(_vars(users=[{"username": "a", "password": SECRET, "permanent": False}], verify_sign_in=True,
                                    verify_client_id="c"))
    assert "cognito-idp:AdminInitiateAuth" not in nobody


@pytest.mark.parametrize("pool,arn", [
    ("eu-west-1_AbC", "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC"),
    ("us-gov-west-1_AbC", "arn:aws-us-gov:cognito-idp:us-gov-west-1:123456789012:userpool/us-gov-west-1_AbC"),
    ("cn-north-1_AbC", "arn:aws-cn:cognito-idp:cn-north-1:123456789012:userpool/cn-north-1_AbC"),
])
def test_the_policy_is_scoped_to_the_pools_arn_in_its_partition(pool, arn):
    policy = seed.iam_policy(_vars(user_pool_id=pool, iam_policy_name="seed"), "123456789012")
    [statement] = policy["document"]["Statement"]
    assert statement["Resource"] == arn == policy["user_pool_arn"]
    assert policy["policy_arn"] == f"arn:{arn.split(':')[1]}:iam::123456789012:policy/seed"


def test_the_policy_is_one_statement_allowing_named_cognito_actions_and_nothing_else():
    policy = seed.iam_policy(_vars(users=[{"username": "a", "password": PASSWORD}]), "123456789012")
    assert policy["document"]["Version"] == "2012-10-17"
    [statement] = policy["document"]["Statement"]
    assert set(statement) == {"Sid", "Effect", "Action", "Resource"} and statement["Effect"] == "Allow"
    assert statement["Action"] == sorted(f"cognito-idp:{name}" for name in SEED)


def test_a_local_cognitos_pool_id_passes_the_check_and_its_policy_says_what_it_assumes():
    variables = _vars(user_pool_id="local_5bVIdYct", iam_policy_name="seed")
    assert seed_check.check(variables) == []
    policy = seed.iam_policy(variables, "123456789012")
    assert policy["user_pool_arn"] == "arn:aws:cognito-idp:*:123456789012:userpool/local_5bVIdYct"
    assert policy["assumption"] == ("user pool local_5bVIdYct names no AWS region (a local Cognito's id): its ARN is "
                                    "assumed to be in partition aws, any region (*).")
    assert seed.iam_policy(_vars(user_pool_id="eu-west-1_AbC"), "123456789012")["assumption"] == ""


def test_the_policy_allows_iam_passrole_on_exactly_the_declared_group_roles():
    # The Service Authorization Reference lists iam:PassRole as a dependent action of CreateGroup and UpdateGroup.
    admins, readers = "arn:aws:iam::123456789012:role/admins", "arn:aws:iam::123456789012:role/readers"
    groups = [{"name": "admins", "role_arn": admins}, {"name": "readers", "role_arn": readers}, "plain",
              {"name": "again", "role_arn": admins}]
    policy = seed.iam_policy(_vars(groups=groups, iam_policy_name="seed"), "123456789012")
    pool_statement, pass_role = policy["document"]["Statement"]
    assert "iam:PassRole" not in pool_statement["Action"]
    assert pass_role == {"Sid": "SeedUsersInOneUserPoolPassGroupRoles", "Effect": "Allow", "Action": "iam:PassRole",
                         "Resource": [admins, readers]}
    assert policy["passed_roles"] == [admins, readers]


def test_without_a_group_role_the_policy_passes_no_role():
    policy = seed.iam_policy(_vars(groups=["plain", {"name": "ranked", "precedence": 1}], iam_policy_name="seed"),
                             "123456789012")
    assert len(policy["document"]["Statement"]) == 1 and policy["passed_roles"] == []
    assert "iam:PassRole" not in str(policy["document"])


def _batch(users, error_for=()):
    entries = [{"username": name, "changed": name not in error_for, "actions": ["create"], "state": "present",
                "user_status": "CONFIRMED", "enabled": True} for name in users]
    for entry in entries:
        if entry["username"] in error_for:
            entry["error"] = f"User '{entry['username']}' declares group 'ghosts' that user pool {POOL} does not have."
            entry["actions"], entry["changed"] = [], False
    failed = len(error_for)
    summary = {"created": len(users) - failed, "updated": 0, "unchanged": 0, "deleted": 0, "failed": failed,
               "partially_applied": 0, "total": len(users)}
    return {"item": 0, "users": entries, "summary": summary}


def test_the_summary_line_fits_a_seed_a_check_and_a_teardown():
    variables = _vars(users=[{"username": "a"}, {"username": "b"}])
    batches = {"results": [_batch(["a", "b"])]}
    assert seed_report.report(variables, batches)["message"] == f"Seeded user pool {POOL}: 2 users: 2 created, 0 updated, 0 unchanged."
    assert seed_report.report(variables, batches, check_mode=True)["message"].startswith("Would seed user pool")
    summary = {"created": 0, "updated": 0, "unchanged": 1, "deleted": 1, "failed": 0, "partially_applied": 0, "total": 2}
    teardown = {"results": [{"item": 0, "users": [], "summary": summary}]}
    assert seed_report.report(_vars(state="absent"), teardown)["message"] == \
        f"Removed 2 users from user pool {POOL}: 1 removed, 1 already absent."


def test_failures_are_grouped_by_reason_with_counts_and_examples():
    names = [f"user{index}" for index in range(8)]
    report = seed_report.report(_vars(users=[{"username": name} for name in names]), {"results": [_batch(names, error_for=names[1:])]})
    assert report["failures"] == [{"reason": f"The user declares group 'ghosts' that user pool {POOL} does not have.",
                                   "count": 7, "examples": names[1:6]}]
    assert report["failure_message"] == (
        f"7 of 8 users failed in user pool {POOL}. 7 × The user declares group 'ghosts' that user pool {POOL} does not have. "
        "(for example user1, user2, user3, user4, user5 and 2 more) seed_users_result.users has every user's outcome.")


def test_a_batch_that_failed_as_a_whole_counts_each_of_its_users_and_prints_no_password():
    variables = _vars(users=[{"username": "a", "password": "Alice!Secret1"}, {"username": "Default!Seed7"}],
                      default_password=SECRET)
    batches = {"results": [{"item": seed.batch_plan(variables)[0], "failed": True,
                            "msg": f"Invalid arguments: ... {SECRET} ... Alice!Secret1"}]}
    report = seed_report.report(variables, batches)
    assert report["failed"] == 2 and report["total"] == 2
    assert [(user["username"], user["user_status"], user["state"]) for user in report["users"]] == [
        ("a", None, None), ("********", None, None)]
    [failure] = report["failures"]
    assert failure["count"] == 2 and len(failure["examples"]) == 2
    shown = repr(report)
    assert SECRET not in shown and "Alice!Secret1" not in shown


def test_the_sign_in_plan_takes_present_enabled_users_with_a_permanent_password_and_says_why_others_are_skipped():
    variables = _vars(default_password=SECRET, users=[
        {"username": "a"}, {"username": "b", "permanent": False}, {"username": "c", "enabled": False},
        {"username": "d", "state": "absent"}, {"username": "e", "password": "E!own123"}])
    plan = seed.sign_in_plan(variables)
    assert plan["users"] == [{"username": "a", "password": SECRET}, {"username": "e", "password": "E!own123"}]
    assert plan["skipped"] == {"a temporary password (permanent: false)": 1, "disabled (enabled: false)": 1, "declared absent": 1}
    report = seed_report.sign_in_report(variables, {"users": [{"username": "a", "signed_in": True}, {"username": "e", "signed_in": False}]})
    assert report == ("Signed in 1 of 2 users (1 did not); skipped 3: 1 with a temporary password (permanent: false), "
                      "1 declared absent, 1 disabled (enabled: false).")


def test_a_groups_task_or_sign_in_check_that_failed_as_a_whole_fails_the_role_with_its_message():
    # The role runs them with failed_when: false; a task that failed as a whole reports no entries.
    variables = _vars(groups=["readers", "writers"], default_password=SECRET, verify_sign_in=True, verify_client_id="c")
    batches = {"results": [_batch(["alice"])]}
    denied = {"changed": False, "msg": "Access denied: ... may not call cognito-idp:ListGroups ..."}
    report = seed_report.report(variables, batches, groups_result=denied, sign_in_result={"msg": "App client c was not found"})
    assert (report["groups_failed"], report["sign_in_failed"]) == (2, 1)
    assert "cognito-idp:ListGroups" in report["failure_message"] and "App client c was not found" in report["failure_message"]
    assert seed_report.report(variables, batches, groups_result={"skipped": True})["groups_failed"] == 0


@pytest.mark.parametrize("true,false", [("yes", "no"), ("True", "False"), ("on", "OFF"), ("1", "0"), ("y", "n"), ("t", "f")])
def test_booleans_spelled_as_ansible_core_takes_them_are_read_as_booleans(true, false):
    # -e seed_users_purge_users=yes hands the role a string, as it hands every extra variable given on the command line.
    variables = _vars(default_password=SECRET, verify_sign_in=true, verify_client_id="c", purge_users=true, purge_scope="u",
                      permanent=true, manage_iam_policy=false,
                      users=[{"username": "u1", "enabled": false}, {"username": "u2", "permanent": false}, {"username": "u3"}])
    assert seed_check.check(variables) == []
    assert [user.username for user in seed.declared_users(variables) if user.enabled is False] == ["u1"]
    assert [user.username for user in seed.declared_users(variables) if user.permanent is False] == ["u2"]
    assert seed.sign_in_plan(variables)["users"] == [{"username": "u3", "password": SECRET}]
    assert seed.batch_plan(variables)[-1]["purge_users"] is True
    assert {"cognito-idp:AdminInitiateAuth", "cognito-idp:AdminDeleteUser", "cognito-idp:AdminDisableUser"} <= set(seed.iam_actions(variables))


def test_a_role_boolean_that_is_no_spelling_ansible_core_takes_is_refused_without_its_value():
    problems = seed_check.check(_vars(verify_sign_in=SECRET, users=[{"username": "alice", "purge_groups": "maybe"}]))
    assert problems == [
        "seed_users_verify_sign_in must be a boolean: true/false, yes/no, on/off, y/n, t/f or 1/0, in any case (it is a string "
        "that is none of them).",
        "seed_users_users[0] (username 'alice'): purge_groups must be a boolean: true/false, yes/no, on/off, y/n, t/f or 1/0, "
        "in any case (it is a string that is none of them)."]


@pytest.mark.parametrize("names", [("client_id", "client_secret"), ("verify_client_id", "verify_client_secret")],
                         ids=["client_id", "deprecated verify_client_id"])
def test_the_sign_in_client_is_taken_under_its_name_or_its_deprecated_one(names):
    # The role's defaults give seed_users_client_id the value of seed_users_verify_client_id: both arrive then.
    given = {names[0]: "client1", names[1]: SECRET}
    if names[0].startswith("verify_"):
        given.update(client_id="client1", client_secret=SECRET)
    variables = _vars(verify_sign_in=True, default_password="Other!Pass1", **given)
    assert seed_check.check(variables) == []
    assert seed.settings(variables)["client_id"] == "client1" and seed.settings(variables)["client_secret"] == SECRET
    assert seed.deprecated_variables(variables) == ([
        "The seed_users role's variable seed_users_verify_client_id is deprecated: use seed_users_client_id.",
        "The seed_users role's variable seed_users_verify_client_secret is deprecated: use seed_users_client_secret.",
    ] if names[0].startswith("verify_") else [])


def test_a_deprecated_name_that_says_otherwise_than_its_new_name_is_refused_without_either_value():
    problems = seed_check.check(_vars(client_id="client1", verify_client_id="client2", client_secret=SECRET,
                                verify_client_secret="Other" + SECRET))
    assert problems == [
        "seed_users_client_id and seed_users_verify_client_id, its deprecated name, are both set, to different values. "
        "Set seed_users_client_id only.",
        "seed_users_client_secret and seed_users_verify_client_secret, its deprecated name, are both set, to different values. "
        "Set seed_users_client_secret only."]


def test_a_wrong_type_under_the_deprecated_name_is_named_once_as_written():
    problems = seed_check.check(_vars(verify_client_id=["client1"], client_id=["client1"]))
    assert problems == ["seed_users_verify_client_id must be a string, not a list. YAML reads an unquoted value that starts "
                        "with '{' or '[' as a list: quote it."]


def test_either_secret_is_hidden_from_the_messages():
    variables = _vars(users=[{"username": SECRET}, {"username": "Other" + SECRET}], client_secret=SECRET,
                      verify_client_secret="Other" + SECRET)
    assert not any(SECRET in problem for problem in seed_check.check(variables))


def test_the_roles_default_batch_size_is_the_one_the_filters_fall_back_to():
    role = Path(__file__).resolve().parents[4] / "roles" / "seed_users"
    defaults = yaml.safe_load((role / "defaults" / "main.yml").read_text())
    options = yaml.safe_load((role / "meta" / "argument_specs.yml").read_text())["argument_specs"]["main"]["options"]
    assert defaults["seed_users_batch_size"] == options["seed_users_batch_size"]["default"] == seed.DEFAULT_BATCH_SIZE
    without = {name: value for name, value in _vars(users=[{"username": f"u{index}"} for index in range(1001)]).items()
               if name != "seed_users_batch_size"}
    assert [len(seed.batch(without, index)) for index in range(2)] == [seed.DEFAULT_BATCH_SIZE, 1]


def test_a_group_takes_a_role_arn_and_blank_group_names_are_refused():
    role = "arn:aws:iam::123456789012:role/readers"
    assert seed.groups(_vars(groups=["admins", {"name": "readers", "precedence": 2, "role_arn": role}])) == [
        {"name": "admins", "state": "present"}, {"name": "readers", "state": "present", "precedence": 2, "role_arn": role}]
    assert seed_check.check(_vars(groups=["  ", {"name": ""}, {"name": "ok", "role_arn": 5}])) == [
        "seed_users_groups[0]: name must not be empty or blank.", "seed_users_groups[1]: name must not be empty or blank.",
        "seed_users_groups[2] (name 'ok'): role_arn must be a string, not a number. YAML read an unquoted value as a number: quote it."]


def test_a_blank_attribute_name_is_refused_saying_so():
    assert seed_check.check(_vars(users=[{"username": "alice", "attributes": {" ": "x"}}])) == [
        "seed_users_users[0] (username 'alice'): attributes has an attribute name that is blank (only spaces): "
        "every name must be a non-empty string."]


ROLE = Path(__file__).resolve().parents[4] / "roles" / "seed_users"
# A value of another type than each spec type takes; the secret, so a refusal that repeated it would show.
WRONG_TYPE = {"str": [SECRET], "int": SECRET, "float": SECRET, "bool": SECRET, "list": SECRET, "dict": [SECRET]}


def _spec_options():
    return yaml.safe_load((ROLE / "meta" / "argument_specs.yml").read_text())["argument_specs"]["main"]["options"]


def test_the_roles_checks_know_every_variable_its_argument_spec_documents():
    options = _spec_options()
    assert sorted(options) == sorted(seed.PREFIX + name for name in seed.VARIABLES)
    for name, option in options.items():
        wanted = seed.VARIABLES[name[len(seed.PREFIX):]]["type"]
        description = option["description"] if isinstance(option["description"], str) else option["description"][0]
        if wanted == "str":
            # A path is a string the role expands (~); the check takes it as a string.
            assert option.get("type", "str") in ("str", "path"), name
        else:
            # Declared raw (see the next test); the description says the type the role's check holds it to.
            assert option["type"] == "raw", name
            assert TYPE_WORDS[wanted][0].upper() + TYPE_WORDS[wanted][1:] in description, name
        if seed.VARIABLES[name[len(seed.PREFIX):]].get("required"):
            assert description.startswith("Required."), name


def test_the_roles_argument_spec_refuses_nothing_so_the_roles_own_check_speaks():
    # ansible-core validates meta/argument_specs.yml before the role's first task and, when it refuses, prints the
    # whole spec (7 KB) after its own words. Nothing may be refused there: no value of any type, no null, no omission.
    from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

    options = _spec_options()
    for option in options.values():
        assert not {"required", "choices", "elements", "options"} & set(option), option
    for values in ({name: WRONG_TYPE[seed.VARIABLES[name[len(seed.PREFIX):]]["type"]] for name in options},
                   dict.fromkeys(options), {}, {name: 1.5 for name in options}):
        assert ArgumentSpecValidator(options).validate(values).error_messages == [], values


@pytest.mark.parametrize("name", sorted(seed.VARIABLES))
def test_every_variable_of_the_wrong_type_is_refused_naming_it_without_its_value(name):
    value = WRONG_TYPE[seed.VARIABLES[name]["type"]]
    problems = seed_check.check(_vars(**{name: value}))
    assert [problem for problem in problems if problem.startswith(f"seed_users_{name} must be ")], problems
    assert not any(SECRET in problem for problem in problems)


def test_role_wide_user_options_apply_to_users_that_leave_them_unset_and_a_users_own_wins():
    variables = _vars(users=[{"username": "a"}, {"username": "b", "enabled": False, "purge_groups": False}],
                      enabled=True, purge_groups=True, purge_attributes=True, update_password="always",
                      invitation="send", desired_delivery_mediums=["EMAIL"], default_password=SECRET)
    assert seed_check.check(variables) == []
    assert seed.batch(variables, 0) == [
        {"username": "a", "enabled": True, "purge_groups": True, "purge_attributes": True, "update_password": "always",
         "invitation": "send", "desired_delivery_mediums": ["EMAIL"], "password": SECRET},
        {"username": "b", "enabled": False, "purge_groups": False, "purge_attributes": True, "update_password": "always",
         "invitation": "send", "desired_delivery_mediums": ["EMAIL"], "password": SECRET}]
    # The policy and the sign-in check read the users as the batches send them.
    assert [(user.enabled, user.purge_groups) for user in seed.declared_users(variables)] == [(True, True), (False, False)]
    assert [user["username"] for user in seed.sign_in_plan(variables)["users"]] == ["a"]
    assert "cognito-idp:AdminEnableUser" in seed.iam_actions(variables)


def test_empty_role_wide_user_options_leave_the_users_as_declared():
    variables = _vars(users=[{"username": "a"}], enabled="", purge_groups="", update_password="", desired_delivery_mediums="")
    assert seed_check.check(variables) == []
    assert seed.batch(variables, 0) == [{"username": "a"}]


def test_role_wide_user_options_are_checked_with_cognito_users_types_and_choices():
    problems = seed_check.check(_vars(enabled="yes please", update_password="sometimes", desired_delivery_mediums=["FAX"]))
    assert [problem.split(" ", 1)[0] for problem in problems] == [
        "seed_users_enabled", "seed_users_update_password", "seed_users_desired_delivery_mediums[0]"], problems


def test_pacing_false_lifts_every_rate_limit_and_refuses_rate_limits_beside_it():
    assert seed.rate_limits(_vars(pacing=False)) == {category: 0 for category in USED_CATEGORIES}
    assert seed.rate_limits(_vars(pacing=True, rate_limits={"UserRead": 5})) == {"UserRead": 5}
    assert seed.rate_limits(_vars()) == {}
    assert seed_check.check(_vars(pacing=False, rate_limits={"UserRead": 5})) == [
        "seed_users_pacing false lifts every rate limit: leave seed_users_rate_limits empty, or set seed_users_pacing "
        "true to pace by it."]
    assert [problem.split(" ", 1)[0] for problem in seed_check.check(_vars(pacing={"off": True}))] == ["seed_users_pacing"]


def test_one_policy_for_several_jobs_is_the_union_of_their_actions():
    users = [{"username": "a", "password": SECRET, "groups": ["g"]}]
    seed_only = set(seed.iam_actions(_vars(users=users, groups=["g"])))
    teardown = set(seed.iam_actions(_vars(users=users, groups=["g"], state="absent")))
    verify = {"cognito-idp:DescribeUserPool", "cognito-idp:AdminInitiateAuth"}
    assert set(seed.iam_actions(_vars(users=users, groups=["g"], iam_policy_jobs=["seed", "teardown", "verify"]))) \
        == seed_only | teardown | verify
    assert set(seed.iam_actions(_vars(users=users, groups=["g"], iam_policy_jobs=["teardown"]))) == teardown
    assert {"cognito-idp:AdminDeleteUser", "cognito-idp:DeleteGroup"} <= teardown - seed_only
    assert seed_check.check(_vars(iam_policy_jobs=["seed", "destroy"]))[0].startswith("seed_users_iam_policy_jobs")


def test_the_policy_covers_what_the_run_does_when_no_job_is_named():
    assert seed.iam_policy_jobs(_vars()) == ["seed"]
    assert seed.iam_policy_jobs(_vars(users=[{"username": "a", "password": SECRET}], verify_sign_in=True,
                                      verify_client_id="c")) == ["seed", "verify"]
    assert seed.iam_policy_jobs(_vars(iam_policy_jobs=["teardown"])) == ["teardown"]


def test_the_roles_readme_lists_every_variable_of_its_spec_and_no_other():
    rows = [line for line in (ROLE / "README.md").read_text().splitlines() if line.startswith("| `seed_users_")]
    assert [name for row in rows for name in re.findall(r"`(seed_users_\w+)`", row.split("|")[1])] == list(_spec_options())
