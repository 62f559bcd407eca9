# -*- coding: utf-8 -*-
"""What real Cognito does and moto does not, made to happen by the proxy's rules: the modules cope with each.

moto lists every write at once, keeps no password history, accepts any
SECRET_HASH, compares usernames case-sensitively, keeps no schema for pools
made with a Schema and updates every attribute at once.  Each test here
installs the rule that plays the real behaviour (functional_harness/cognito_rules.py)
and cites, in a comment, the AWS text it rests on.  Only the rules a test
installs are played, whatever ``--cognito-rules`` says, so that each test
proves one rule.
"""

from __future__ import annotations

import time
from collections import Counter

import pytest

from ansible_collections.cognito.user_pool.plugins.module_utils._operations import WRITE_OPERATIONS
from functional_harness.cognito import CONFIRMED
from functional_harness.cognito import FORCE_CHANGE_PASSWORD
from functional_harness.cognito_rules import AttributesHeldBack
from functional_harness.cognito_rules import CaseInsensitiveUsernames
from functional_harness.cognito_rules import LaggingListUsers
from functional_harness.cognito_rules import PasswordHistory
from functional_harness.cognito_rules import SchemaEnforced
from functional_harness.cognito_rules import SecretHashCheck
from functional_harness.proxy import Rule
from seed_users_role import NO_RATE_LIMITS

MODULE = "cognito.user_pool.cognito_user"
PASSWORD = "Declared!Pass1"
OTHER_PASSWORD = "Current!Pass2"
# Longer than any test here: every user written by a run is still missing from (or stale in) the list when the
# next run reads it, so that what a run does right after another is certain, not a race with the clock.
LAG_SECONDS = 600


# Each test installs the rule it proves; Cognito's wording of moto's errors stays, as in every test.
pytestmark = pytest.mark.own_rules(wording=True)


class Answers(Rule):
    """Not one of Cognito's rules: records how moto answered each request (the proxy's log keeps requests only)."""

    name = "Answers"
    precedence = 100

    def __init__(self):
        self.answers = []

    def on_response(self, exchange, reply):
        self.answers.append((exchange.operation, reply.error_code))


def user_task(pool, **options):
    return {"name": "cognito_user", MODULE: dict({"user_pool_id": pool, "rate_limits": NO_RATE_LIMITS}, **options)}


def run_users(run_playbook, pool, users, **options):
    return run_playbook([user_task(pool, users=users, **options)])


def writes_naming(proxy, username):
    return [request.operation for request in proxy.requests()
            if request.operation in WRITE_OPERATIONS and request.json().get("Username") == username]


def succeeded(run):
    assert run.rc == 0, run.output[-3000:]
    return run.last.result


def failed(run):
    assert run.rc != 0, run.output[-3000:]
    assert run.last.failed, run.output[-3000:]
    return run.last.result


def moto_users(cognito, pool):
    """Every user as moto holds it, read behind the proxy: Username -> (status, enabled, attributes, last modified)."""
    pages = cognito.client.get_paginator("list_users").paginate(UserPoolId=pool)
    return {user["Username"]: (user["UserStatus"], user["Enabled"],
                               sorted((attribute["Name"], attribute["Value"]) for attribute in user["Attributes"]),
                               user["UserLastModifiedDate"])
            for page in pages for user in page["Users"]}


def listed_through_the_proxy(proxy, pool):
    """ListUsers as the modules see it (lagging, when the rule is on): Username -> UserStatus."""
    pages = proxy.client().get_paginator("list_users").paginate(UserPoolId=pool)
    return {user["Username"]: user["UserStatus"] for page in pages for user in page["Users"]}


def attributes_of(cognito, pool, username):
    return {attribute["Name"]: attribute["Value"] for attribute in cognito.user(pool, username)["UserAttributes"]}


# -- LaggingListUsers --------------------------------------------------------------------------
#
# AWS, ListUsers: "This operation is eventually consistent. You might experience a delay before results are
# up-to-date. To validate the existence or configuration of an individual user, use AdminGetUser."


def seed_users(count):
    return [{"username": f"user{index:03d}", "password": PASSWORD, "attributes": {"name": f"User {index}"}}
            for index in range(count)]


def test_500_user_seed_and_its_immediate_rerun_under_the_lagging_list(run_playbook, cognito, proxy, pool):
    proxy.add_rule(LaggingListUsers(LAG_SECONDS))
    answers = proxy.add_rule(Answers())
    users = seed_users(500)

    started = time.monotonic()
    seed = succeeded(run_users(run_playbook, pool, users, max_concurrency=16))
    seed_seconds = time.monotonic() - started
    seed_calls = Counter(proxy.operations())
    before = moto_users(cognito, pool)
    proxy.clear()
    answers.answers.clear()
    started = time.monotonic()
    rerun_run = run_users(run_playbook, pool, users, max_concurrency=16)
    rerun_seconds = time.monotonic() - started
    rerun_calls = Counter(proxy.operations())
    rerun = succeeded(rerun_run)

    print(f"\n500-user seed under LaggingListUsers({LAG_SECONDS}): {sum(seed_calls.values())} calls in "
          f"{seed_seconds:.1f} s, by operation {dict(sorted(seed_calls.items()))}, AdminGetUser {seed_calls['AdminGetUser']}")
    print(f"its immediate re-run: {sum(rerun_calls.values())} calls in {rerun_seconds:.1f} s, by operation "
          f"{dict(sorted(rerun_calls.items()))}, AdminGetUser {rerun_calls['AdminGetUser']}")
    assert seed["summary"]["created"] == 500 and seed["summary"]["failed"] == 0
    # The seed found nobody, created each user with its password and made it permanent: no AdminGetUser.
    assert (seed_calls["AdminGetUser"], seed_calls["AdminCreateUser"], seed_calls["AdminSetUserPassword"]) == (0, 500, 500)
    # The re-run's list shows none of them: each creation is refused, and each refused user is read once.
    assert (rerun_calls["AdminGetUser"], rerun_calls["AdminCreateUser"], rerun_calls["AdminSetUserPassword"]) == (500, 500, 0)
    assert rerun["changed"] is False
    assert rerun["summary"]["unchanged"] == 500 and rerun["summary"]["failed"] == 0
    # Whatever the re-run tried, Cognito refused it as already done, and nothing changed.
    refused = {code for operation, code in answers.answers if operation in WRITE_OPERATIONS}
    assert refused <= {"UsernameExistsException"}, Counter(answers.answers)
    assert moto_users(cognito, pool) == before
    # The list really had not caught up with any of them.
    assert listed_through_the_proxy(proxy, pool) == {}


def test_rerun_right_after_creating_creates_no_user_twice(run_playbook, cognito, proxy, pool):
    proxy.add_rule(LaggingListUsers(LAG_SECONDS))
    users = seed_users(20)
    succeeded(run_users(run_playbook, pool, users))

    rerun = succeeded(run_users(run_playbook, pool, users))

    assert rerun["summary"]["failed"] == 0 and rerun["summary"]["created"] == 0
    assert rerun["summary"]["unchanged"] == 20
    assert not [entry for entry in rerun["users"] if "error" in entry]
    assert sorted(moto_users(cognito, pool)) == [user["username"] for user in users]
    assert listed_through_the_proxy(proxy, pool) == {}


def test_absent_users_the_list_does_not_show_yet_are_deleted_and_reported_deleted(run_playbook, cognito, proxy, pool):
    proxy.add_rule(LaggingListUsers(LAG_SECONDS))
    users = seed_users(5)
    succeeded(run_users(run_playbook, pool, users))
    assert listed_through_the_proxy(proxy, pool) == {}

    removed = succeeded(run_users(run_playbook, pool, [{"username": user["username"]} for user in users], state="absent"))

    assert removed["summary"]["deleted"] == 5 and removed["summary"]["failed"] == 0
    assert [entry["actions"] for entry in removed["users"]] == [["delete"]] * 5
    assert moto_users(cognito, pool) == {}


def test_stale_force_change_password_in_the_list_sets_no_second_password(run_playbook, cognito, proxy, pool):
    # With a password history a second set of the same password would be refused: AWS,
    # PasswordPolicyType.PasswordHistorySize: "Users can't set a password that matches any of n previous passwords".
    cognito.create_user(pool, "alice", FORCE_CHANGE_PASSWORD, OTHER_PASSWORD)
    proxy.add_rule(LaggingListUsers(LAG_SECONDS))
    proxy.add_rule(PasswordHistory())
    task = user_task(pool, username="alice", password=PASSWORD)
    first = succeeded(run_playbook([task]))
    assert first["user"]["actions"] == ["set_password"]
    proxy.clear()

    second = succeeded(run_playbook([task]))

    assert listed_through_the_proxy(proxy, pool) == {"alice": FORCE_CHANGE_PASSWORD}
    assert second["changed"] is False and second["summary"]["failed"] == 0
    assert proxy.writes() == []
    assert cognito.user_status(pool, "alice") == CONFIRMED


# -- CaseInsensitiveUsernames ------------------------------------------------------------------
#
# AWS, UsernameConfigurationType.CaseSensitive: "false Enables case insensitivity for all username input.";
# CreateUserPoolRequest.UsernameConfiguration: "Amazon Cognito treats any variation in case as the same user".


@pytest.mark.parametrize("count", [6, 7, 12])
def test_users_declared_in_another_case_are_found_not_created_again(run_playbook, cognito, proxy, pool, count):
    stored = [f"user{index:02d}" for index in range(count)]
    for username in stored:
        cognito.create_user(pool, username, CONFIRMED, PASSWORD, attributes={"name": username})
    proxy.add_rule(CaseInsensitiveUsernames([pool]))
    before = moto_users(cognito, pool)
    declared = [{"username": username.capitalize(), "password": PASSWORD, "attributes": {"name": username}}
                for username in stored]

    result = succeeded(run_users(run_playbook, pool, declared))

    assert result["changed"] is False
    assert result["summary"]["unchanged"] == count and result["summary"]["failed"] == 0
    assert proxy.writes() == []
    assert moto_users(cognito, pool) == before


def test_usernames_differing_only_in_case_in_one_batch_are_refused_before_any_write(run_playbook, cognito, proxy, pool):
    proxy.add_rule(CaseInsensitiveUsernames([pool]))

    result = failed(run_users(run_playbook, pool, [{"username": "alice"}, {"username": "ALICE"}, {"username": "bob"}]))

    assert result["msg"] == (f"users lists these usernames more than once (user pool {pool} compares usernames "
                             "case-insensitively): ALICE, alice. Declare each user once.")
    assert proxy.writes() == []
    assert moto_users(cognito, pool) == {}


# -- SecretHashCheck -------------------------------------------------------------------------
#
# AWS, AdminInitiateAuthRequest.AuthParameters: "Add a SECRET_HASH parameter if your app client has a client
# secret."  AWS Knowledge Center (cognito-unable-to-verify-secret-hash): Cognito answers "Unable to verify secret
# hash for client <client-id>".


def test_wrong_verify_client_secret_fails_naming_it_and_never_sets_the_password(run_playbook, cognito, proxy, pool):
    cognito.create_user(pool, "alice", CONFIRMED, OTHER_PASSWORD)
    client = cognito.create_app_client(pool, generate_secret=True)
    proxy.add_rule(SecretHashCheck())
    task = user_task(pool, username="alice", password=PASSWORD, verify_client_id=client.client_id,
                     verify_client_secret="not-" + client.client_secret)

    runs = [failed(run_playbook([task])), failed(run_playbook([task]))]

    for result in runs:
        assert result["user"]["error"] == (
            f"Cannot verify the password of user 'alice' in user pool {pool}: app client {client.client_id} refused the "
            "SECRET_HASH. Set verify_client_secret to that app client's secret, or leave it unset for a client without "
            f"one. AWS said: NotAuthorizedException: Unable to verify secret hash for client {client.client_id}")
    assert proxy.requests_for("AdminSetUserPassword") == []
    assert [request.answered_by for request in proxy.requests_for("AdminInitiateAuth")] == ["SecretHashCheck"] * 2
    assert "AuthenticationResult" in cognito.sign_in(pool, client, "alice", OTHER_PASSWORD)


def test_right_verify_client_secret_keeps_a_password_that_signs_in(run_playbook, cognito, proxy, pool):
    cognito.create_user(pool, "alice", CONFIRMED, PASSWORD)
    client = cognito.create_app_client(pool, generate_secret=True)
    proxy.add_rule(SecretHashCheck())

    result = succeeded(run_playbook([user_task(pool, username="alice", password=PASSWORD, verify_client_id=client.client_id,
                                               verify_client_secret=client.client_secret)]))

    assert result["changed"] is False
    assert [request.answered_by for request in proxy.requests_for("AdminInitiateAuth")] == [None]
    assert proxy.writes() == []


# -- PasswordHistory ---------------------------------------------------------------------------
#
# AWS, PasswordPolicyType.PasswordHistorySize: "The number of previous passwords that you want Amazon Cognito to
# restrict each user from reusing. Users can't set a password that matches any of n previous passwords, where n is
# the value of PasswordHistorySize."


def test_update_password_always_fails_before_any_write_in_a_pool_with_a_history(run_playbook, cognito, proxy, pool):
    cognito.create_user(pool, "alice", CONFIRMED, PASSWORD)
    proxy.add_rule(PasswordHistory(3))

    result = failed(run_users(run_playbook, pool, [{"username": "alice", "password": PASSWORD},
                                                   {"username": "bob", "password": PASSWORD}],
                              update_password="always"))

    # Both users fail for one reason: it is given once, in failures, and each entry refers to it.
    assert result["failures"] == [{"reason": (
        f"update_password: always cannot work for the user in user pool {pool}: the pool keeps a "
        "password history (PasswordHistorySize 3) and refuses a password the user already had, so every run after "
        "the first would fail. Use update_password: when_needed (set when the user's status needs it) or on_create."),
        "count": 2, "examples": ["alice", "bob"]}]
    assert [entry["error"] for entry in result["users"]] == ["See failures[0].", "See failures[0]."]
    assert proxy.writes() == []
    assert sorted(moto_users(cognito, pool)) == ["alice"]


def test_update_password_when_needed_sets_a_password_once_and_never_again(run_playbook, cognito, proxy, pool):
    cognito.create_user(pool, "alice", FORCE_CHANGE_PASSWORD, OTHER_PASSWORD)
    proxy.add_rule(PasswordHistory(3))
    task = user_task(pool, username="alice", password=PASSWORD, update_password="when_needed")

    runs = [succeeded(run_playbook([task])) for dummy in range(3)]

    assert [result["user"]["actions"] for result in runs] == [["set_password"], [], []]
    assert len(proxy.requests_for("AdminSetUserPassword")) == 1
    assert cognito.user_status(pool, "alice") == CONFIRMED


def test_a_new_user_gets_its_permanent_password_in_a_pool_with_a_history(run_playbook, cognito, proxy, pool):
    proxy.add_rule(PasswordHistory(3))
    task = user_task(pool, username="alice", password=PASSWORD)

    first = succeeded(run_playbook([task]))
    second = succeeded(run_playbook([task]))

    assert first["user"]["user_status"] == CONFIRMED and second["changed"] is False
    assert cognito.user_status(pool, "alice") == CONFIRMED


# -- SchemaEnforced and the module's own schema check -----------------------------------------
#
# AWS, UserPoolType.SchemaAttributes: "The attribute schema contains standard attributes, custom attributes with a
# custom: prefix, and developer attributes with a dev: prefix."  SchemaAttributeType.Mutable: "Specifies whether the
# value of the attribute can be changed."  SchemaAttributeType.Required: "If the attribute is required and the user
# doesn't provide a value, registration or sign-in will fail."  Developer guide: "You can only write a value to an
# immutable attribute when you create a user."
#
# moto lists only a Schema pool's own attributes in DescribeUserPool (Cognito lists the standard ones too), so the
# users here declare only the pool's own: custom:tenant, custom:badge (not mutable) and name (required).

SCHEMA = [
    {"Name": "tenant", "AttributeDataType": "String", "Mutable": True},
    {"Name": "badge", "AttributeDataType": "String", "Mutable": False},
    {"Name": "name", "AttributeDataType": "String", "Mutable": True, "Required": True},
]
ALICE = {"name": "Alice", "custom:tenant": "acme", "custom:badge": "1"}


@pytest.fixture
def schema_pool(cognito, proxy):
    pool = cognito.client.create_user_pool(PoolName="schema", Schema=SCHEMA)["UserPool"]["Id"]
    cognito.create_user(pool, "alice", CONFIRMED, PASSWORD, attributes=ALICE)
    proxy.add_rule(SchemaEnforced())
    return pool


SCHEMA_BREAKS = {
    "unknown-attribute": (dict(ALICE, **{"custom:nope": "x"}), {},
                          "the pool has no custom attribute 'custom:nope': add it to the pool's schema first (custom "
                          "attributes cannot be created by this collection), or fix the name"),
    "custom-attribute-without-its-prefix": (dict(ALICE, tenant="acme"), {},
                                            "attribute 'tenant' is a custom attribute of this pool: write it as "
                                            "'custom:tenant'"),
    "non-mutable-change": (dict(ALICE, **{"custom:badge": "2"}), {},
                           "attribute 'custom:badge' is not mutable in this pool: Cognito writes it only when it "
                           "creates a user, so it cannot change now. Declare its current value, or recreate the user"),
    "required-purge": ({"custom:tenant": "other", "custom:badge": "1"}, {"purge_attributes": True},
                       "attribute 'name' is required in this pool, so purge_attributes cannot remove it. Declare it, or "
                       "leave purge_attributes off"),
}


@pytest.mark.parametrize("case", list(SCHEMA_BREAKS))
def test_declaration_breaking_the_schema_fails_that_user_before_any_write(run_playbook, cognito, proxy, schema_pool, case):
    attributes, options, problem = SCHEMA_BREAKS[case]
    users = [dict({"username": "alice", "attributes": attributes}, **options),
             {"username": "bob", "password": PASSWORD, "attributes": {"name": "Bob", "custom:tenant": "acme"}}]

    result = failed(run_users(run_playbook, schema_pool, users))

    alice, bob = result["users"]
    assert alice["error"] == f"The attributes declared for user 'alice' break the schema of user pool {schema_pool}: {problem}."
    assert writes_naming(proxy, "alice") == []
    assert attributes_of(cognito, schema_pool, "alice") == dict(ALICE, sub=attributes_of(cognito, schema_pool, "alice")["sub"])
    assert "error" not in bob and bob["actions"][0] == "create"
    assert [request.answered_by for request in proxy.requests() if request.answered_by] == []


# -- AttributesHeldBack ------------------------------------------------------------------------
#
# AWS, UserAttributeUpdateSettingsType.AttributesRequireVerificationBeforeUpdate: "Amazon Cognito doesn't change the
# value of the attribute until your user responds to the verification message and confirms the new value."
# AdminUpdateUserAttributesRequest.UserAttributes: "If your user pool requires verification before Amazon Cognito
# updates an attribute value ... doesn't immediately update ... To skip the verification message and update the value
# of an attribute that requires verification in the same API request, include the email_verified or
# phone_number_verified attribute, with a value of true."

OLD_EMAIL = "old@example.com"
NEW_EMAIL = "new@example.com"


@pytest.fixture
def held_back(cognito, proxy, pool):
    cognito.create_user(pool, "alice", CONFIRMED, PASSWORD,
                        attributes={"email": OLD_EMAIL, "email_verified": "true", "name": "Alice"})
    return proxy.add_rule(AttributesHeldBack([pool]))


def test_changed_email_without_email_verified_stays_pending_and_converges(run_playbook, cognito, proxy, pool, held_back):
    task = user_task(pool, username="alice", attributes={"email": NEW_EMAIL, "name": "Alicia"})
    first = succeeded(run_playbook([task]))
    first_updates = [request.json()["UserAttributes"] for request in proxy.requests_for("AdminUpdateUserAttributes")]
    proxy.clear()

    second = succeeded(run_playbook([task]))

    assert first["changed"] is True and first_updates == [[{"Name": "name", "Value": "Alicia"}]]
    assert second["changed"] is False
    assert proxy.requests_for("AdminUpdateUserAttributes") == []
    assert first["user"]["pending_attributes"] == second["user"]["pending_attributes"] == {"email": NEW_EMAIL}
    assert held_back.held_back == []  # Cognito was never asked to send a verification message
    assert attributes_of(cognito, pool, "alice")["email"] == OLD_EMAIL


def test_changed_email_with_email_verified_true_is_updated_at_once(run_playbook, cognito, proxy, pool, held_back):
    task = user_task(pool, username="alice", attributes={"email": NEW_EMAIL, "email_verified": True, "name": "Alice"})

    first = succeeded(run_playbook([task]))
    second = succeeded(run_playbook([task]))

    [sent] = [request.json()["UserAttributes"] for request in proxy.requests_for("AdminUpdateUserAttributes")]
    assert sorted((attribute["Name"], attribute["Value"]) for attribute in sent) == [
        ("email", NEW_EMAIL), ("email_verified", "true")]
    assert first["changed"] is True and "pending_attributes" not in first["user"]
    assert attributes_of(cognito, pool, "alice")["email"] == NEW_EMAIL
    assert held_back.held_back == []
    assert second["changed"] is False and "pending_attributes" not in second["user"]
