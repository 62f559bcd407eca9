# -*- coding: utf-8 -*-
"""purge_users never removes a declared user, played call by call with botocore's Stubber.

A declared name can stand for a stored user under another name: an alias
(AdminGetUser's ``Username`` "can be any of their alias attributes"), a sub,
or a case variant in a case-insensitive pool.  Which user it is, the
documented rules settle (``PoolFacts.how_named``) or ``AdminGetUser`` of the
name does; a user that neither can tell apart is kept, and the result says so.
The Stubber fails a test on any call it was not told to expect, so the calls
made (an AdminGetUser to confirm, no AdminDeleteUser) are part of what is proven.
"""

from __future__ import annotations

from ansible_collections.cognito.user_pool.plugins.module_utils._converge import ConvergeOptions
from ansible_collections.cognito.user_pool.plugins.module_utils._converge import converge
from ansible_collections.cognito.user_pool.plugins.module_utils._model import DesiredUser
from ansible_collections.cognito.user_pool.plugins.module_utils._outcomes import summarize
from ansible_collections.cognito.user_pool.plugins.module_utils._outcomes import summarize_purge
from stubbed_cognito import POOL
from stubbed_cognito import expect_admin_get_user
from stubbed_cognito import expect_call
from stubbed_cognito import expect_describe_user_pool
from stubbed_cognito import expect_list_users

ALIAS_POOL = {"AliasAttributes": ["email"]}
CASE_INSENSITIVE = {"UsernameConfiguration": {"CaseSensitive": False}}


def _purging(scope="test-", keep=(), check_mode=False, max_attempts=None):
    return ConvergeOptions(max_concurrency=1, purge_scope=scope, purge_keep=frozenset(keep), check_mode=check_mode)


def _record(username, status="CONFIRMED", **attributes):
    values = dict({"sub": "5ub-" + username}, **attributes)
    return {"Username": username, "UserStatus": status, "Enabled": True,
            "Attributes": [{"Name": name, "Value": value} for name, value in values.items()]}


def _deleted(stubber, username):
    expect_call(stubber, "admin_delete_user", {"Username": username})


ALICE = _record("test-alice", email="alice@example.com", email_verified="true")
BOB = _record("test-bob")


# -- reproduction 1: a user declared by its alias -------------------------------------------------

def test_a_user_declared_by_its_alias_is_updated_and_never_purged(stub_client):
    client, stubber = stub_client(2)
    expect_describe_user_pool(stubber, **ALIAS_POOL)
    expect_list_users(stubber, 'username = "alice@example.com"')
    expect_list_users(stubber, 'username = "test-bob"', BOB)
    expect_admin_get_user(stubber, "alice@example.com", ALICE)  # the alias stands for test-alice
    expect_call(stubber, "admin_update_user_attributes",
                {"Username": "test-alice", "UserAttributes": [{"Name": "given_name", "Value": "Alice"}]})
    expect_list_users(stubber, 'username ^= "test-"', ALICE, BOB, _record("test-old"))
    _deleted(stubber, "test-old")
    users = [DesiredUser("alice@example.com", attributes={"given_name": "Alice"}), DesiredUser("test-bob")]

    alice, bob, old = converge(client, users, _purging())

    assert alice.actions == ["update_attributes"] and alice.stored_username == "test-alice"
    assert bob.actions == [] and old.username == "test-old" and old.actions == ["delete"]
    assert summarize_purge([alice, bob, old])["purged"] == 1 and summarize([alice, bob, old])["updated"] == 1


def test_a_rerun_of_a_user_declared_by_its_alias_writes_nothing(stub_client):
    client, stubber = stub_client(2)
    alice = _record("test-alice", email="alice@example.com", email_verified="true", given_name="Alice")
    expect_describe_user_pool(stubber, **ALIAS_POOL)
    expect_list_users(stubber, 'username = "alice@example.com"')
    expect_list_users(stubber, 'username = "test-bob"', BOB)
    expect_admin_get_user(stubber, "alice@example.com", alice)
    expect_list_users(stubber, 'username ^= "test-"', alice, BOB)
    users = [DesiredUser("alice@example.com", attributes={"given_name": "Alice"}), DesiredUser("test-bob")]

    outcomes = converge(client, users, _purging())

    assert [(outcome.username, outcome.actions, outcome.changed) for outcome in outcomes] == [
        ("alice@example.com", [], False), ("test-bob", [], False)]
    assert summarize_purge(outcomes)["purged"] == 0


def test_an_alias_another_task_declared_keeps_its_user_by_the_documented_rule_without_a_read(stub_client):
    # The role declares its users in batches and purges with the last one: earlier names come as purge_keep.
    # A verified email alias stands for its user ("Phone numbers and email addresses only become active aliases
    # for a user after the phone numbers and email addresses are verified", the developer guide).
    client, stubber = stub_client(2)
    expect_describe_user_pool(stubber, **ALIAS_POOL)
    expect_list_users(stubber, 'username = "test-bob"', BOB)
    expect_list_users(stubber, 'username ^= "test-"', ALICE, BOB)
    outcomes = converge(client, [DesiredUser("test-bob")], _purging(keep=["alice@example.com"]))
    assert [outcome.username for outcome in outcomes] == ["test-bob"] and client.attempts["AdminGetUser"] == 0


def test_an_unverified_email_is_confirmed_with_admin_get_user_before_its_user_is_purged(stub_client):
    client, stubber = stub_client(2)
    expect_describe_user_pool(stubber, **ALIAS_POOL)
    expect_list_users(stubber, 'username = "test-bob"', BOB)
    unverified = _record("test-alice", email="alice@example.com", email_verified="false")
    expect_list_users(stubber, 'username ^= "test-"', unverified, BOB)
    expect_admin_get_user(stubber, "alice@example.com")  # not an active alias: the name is nobody
    _deleted(stubber, "test-alice")
    bob, alice = converge(client, [DesiredUser("test-bob")], _purging(keep=["alice@example.com"]))
    assert alice.username == "test-alice" and alice.actions == ["delete"] and not alice.kept


def test_a_user_declared_by_its_sub_is_read_by_the_sub_and_never_purged(stub_client):
    # The admin operations' Username: "this value must be the sub of a local user".
    sub = "0a1b2c3d-1111-2222-3333-444455556666"
    carol = _record("test-carol", sub=sub)
    client, stubber = stub_client(2)
    expect_describe_user_pool(stubber)
    expect_list_users(stubber, f'username = "{sub}"')
    expect_admin_get_user(stubber, sub, carol)
    expect_list_users(stubber, 'username ^= "test-"', carol)
    [outcome] = converge(client, [DesiredUser(sub)], _purging())
    assert outcome.actions == [] and outcome.stored_username == "test-carol" and client.attempts["AdminCreateUser"] == 0


# -- reproduction 4: names alike are not one user until Cognito says so ------------------------------

def _declares_strasse(stubber):
    expect_describe_user_pool(stubber, **CASE_INSENSITIVE)
    # One listing of the two names' prefix shows test-straße; ListUsers' username filter is case-sensitive.
    expect_list_users(stubber, 'username ^= "test-s"', _record("test-straße"), _record("test-sz"))


def test_a_name_only_alike_a_listed_user_is_confirmed_and_created_when_cognito_knows_no_such_user(stub_client):
    client, stubber = stub_client(2)
    _declares_strasse(stubber)
    expect_admin_get_user(stubber, "test-strasse")
    expect_call(stubber, "admin_create_user", {"Username": "test-strasse", "MessageAction": "SUPPRESS",
                                               "UserAttributes": [{"Name": "given_name", "Value": "S"}]},
                {"User": {"Username": "test-strasse"}})
    strasse, sz = converge(client, [DesiredUser("test-strasse", attributes={"given_name": "S"}), DesiredUser("test-sz")],
                           ConvergeOptions(max_concurrency=1))
    assert strasse.actions == ["create"] and strasse.stored_username == "test-strasse" and sz.actions == []
    assert client.attempts["AdminUpdateUserAttributes"] == 0


def test_a_name_only_alike_a_listed_user_writes_to_the_user_cognito_says_it_is(stub_client):
    # A pool that folds ß to ss would answer AdminGetUser("test-strasse") with test-straße: then it is that user.
    client, stubber = stub_client(2)
    _declares_strasse(stubber)
    expect_admin_get_user(stubber, "test-strasse", _record("test-straße"))
    expect_call(stubber, "admin_update_user_attributes",
                {"Username": "test-straße", "UserAttributes": [{"Name": "given_name", "Value": "S"}]})
    strasse, sz = converge(client, [DesiredUser("test-strasse", attributes={"given_name": "S"}), DesiredUser("test-sz")],
                           ConvergeOptions(max_concurrency=1))
    assert strasse.actions == ["update_attributes"] and strasse.stored_username == "test-straße"


def test_a_case_variant_in_ascii_is_the_same_user_by_the_documented_rule_without_a_read(stub_client):
    # "users can sign in using username, USERNAME, or UserName" (UsernameConfigurationType.CaseSensitive false).
    client, stubber = stub_client(2)
    expect_describe_user_pool(stubber, **CASE_INSENSITIVE)
    expect_list_users(stubber, 'username ^= "test-"', _record("test-alice"), _record("test-bob"))
    expect_list_users(stubber, 'username ^= "test-"', _record("test-alice"), _record("test-bob"))
    outcomes = converge(client, [DesiredUser("test-ALICE"), DesiredUser("test-bob")], _purging())
    assert [outcome.username for outcome in outcomes] == ["test-ALICE", "test-bob"]
    assert outcomes[0].stored_username == "test-alice" and client.attempts["AdminGetUser"] == 0


def test_purge_keeps_a_user_alike_a_declared_name_when_cognito_says_it_is_that_user(stub_client):
    client, stubber = stub_client(2)
    expect_describe_user_pool(stubber, **CASE_INSENSITIVE)
    expect_list_users(stubber, 'username ^= "test-"', _record("test-straße"), _record("test-zed"))
    expect_admin_get_user(stubber, "test-strasse", _record("test-straße"))
    _deleted(stubber, "test-zed")
    outcomes = converge(client, [], _purging(keep=["test-strasse"]))
    assert [(outcome.username, outcome.actions) for outcome in outcomes] == [("test-zed", ["delete"])]


def test_purge_removes_a_user_only_alike_a_declared_name_when_cognito_says_the_name_is_nobody(stub_client):
    client, stubber = stub_client(2)
    expect_describe_user_pool(stubber, **CASE_INSENSITIVE)
    expect_list_users(stubber, 'username ^= "test-"', _record("test-straße"))
    expect_admin_get_user(stubber, "test-strasse")
    _deleted(stubber, "test-straße")
    [outcome] = converge(client, [], _purging(keep=["test-strasse"]))
    assert outcome.actions == ["delete"] and not outcome.kept


# -- what cannot be told apart is kept, and said ---------------------------------------------------

def test_a_user_that_cannot_be_told_apart_from_a_declared_one_is_kept_and_reported(stub_client):
    client, stubber = stub_client(2)
    expect_describe_user_pool(stubber, **CASE_INSENSITIVE)
    expect_list_users(stubber, 'username ^= "test-"', _record("test-ålice"), _record("test-zed"))
    for dummy in range(2):  # throttled past max_attempts
        stubber.add_client_error("admin_get_user", "TooManyRequestsException", "Too many requests", 400,
                                 expected_params={"UserPoolId": POOL, "Username": "TEST-ÅLICE"})
    _deleted(stubber, "test-zed")
    outcomes = converge(client, [], _purging(keep=["TEST-ÅLICE"]))

    zed, kept = outcomes  # in order of their stored usernames
    assert kept.username == "test-ålice" and kept.kept and kept.actions == [] and kept.after.present
    assert kept.result()["purge_kept"] is True and "purged" not in kept.result()
    assert kept.result()["purge_kept_reason"].startswith("purge_users kept this user: the declared username 'TEST-ÅLICE' may stand "
                                                         "for it, and Cognito could not say which user that name is (")
    assert zed.result()["purged"] is True and zed.actions == ["delete"]
    assert summarize_purge(outcomes) == {"purged": 1, "purge_already_absent": 0, "purge_failed": 0, "purge_kept": 1}
    assert summarize(outcomes)["total"] == 0


def test_in_check_mode_doubts_are_settled_with_reads_and_nothing_is_written(stub_client):
    client, stubber = stub_client(2)
    expect_describe_user_pool(stubber, **CASE_INSENSITIVE)
    expect_list_users(stubber, 'username ^= "test-"', _record("test-straße"), _record("test-zed"))
    expect_admin_get_user(stubber, "test-strasse", _record("test-straße"))
    outcomes = converge(client, [], _purging(keep=["test-strasse"], check_mode=True))
    assert [(outcome.username, outcome.actions) for outcome in outcomes] == [("test-zed", ["delete"])]
    assert client.attempts["AdminDeleteUser"] == 0


def test_a_settled_name_stands_for_its_own_user_only(stub_client):
    # alice@example.com was read with AdminGetUser: it is test-alice. A stale listing that still shows the
    # address verified on test-alice2 does not make test-alice2 declared ("the value provided can be in a
    # verified state in only one account", the developer guide).
    client, stubber = stub_client(2)
    expect_describe_user_pool(stubber, **ALIAS_POOL)
    expect_list_users(stubber, 'username = "alice@example.com"')
    expect_admin_get_user(stubber, "alice@example.com", ALICE)
    stale = _record("test-alice2", email="alice@example.com", email_verified="true")
    expect_list_users(stubber, 'username ^= "test-"', ALICE, stale)
    _deleted(stubber, "test-alice2")
    alice, alice2 = converge(client, [DesiredUser("alice@example.com")], _purging())
    assert alice.actions == [] and alice2.username == "test-alice2" and alice2.actions == ["delete"]


def test_the_whole_pool_is_listed_without_a_filter_and_every_undeclared_user_is_removed(stub_client):
    # purge_whole_pool gives the scope ""; ListUsersRequest.Filter (botocore's service model): "If the filter string
    # is empty, ListUsers returns all users in the user pool." The Stubber refuses a request that carries a Filter.
    client, stubber = stub_client(2)
    expect_describe_user_pool(stubber)
    expect_list_users(stubber, 'username = "test-bob"', BOB)
    stubber.add_response("list_users", {"Users": [BOB, _record("admin"), _record("zed")]}, {"UserPoolId": POOL, "Limit": 60})
    _deleted(stubber, "admin")
    _deleted(stubber, "zed")

    outcomes = converge(client, [DesiredUser("test-bob")], _purging(scope=""))

    assert [(outcome.username, outcome.actions) for outcome in outcomes] == [
        ("test-bob", []), ("admin", ["delete"]), ("zed", ["delete"])]
    assert summarize_purge(outcomes)["purged"] == 2
