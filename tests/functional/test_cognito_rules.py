# -*- coding: utf-8 -*-
"""The proxy's Cognito rules: each one happens when Cognito's rule says so, and only then.

boto3 talks to moto through the proxy with botocore's retries off, so every
answer a rule makes reaches the test; ``cognito`` sets moto up behind the
proxy's back.
"""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from functional_harness.cognito import CONFIRMED
from functional_harness.cognito import FORCE_CHANGE_PASSWORD
from functional_harness.cognito import STRICT_PASSWORD_POLICY
from functional_harness.cognito import expected_secret_hash
from functional_harness.cognito_rules import MESSAGES
from functional_harness.cognito_rules import AliasesResolved
from functional_harness.cognito_rules import AuthFlowsEnforced
from functional_harness.cognito_rules import CaseInsensitiveUsernames
from functional_harness.cognito_rules import ChangedAddressUnverified
from functional_harness.cognito_rules import LaggingListUsers
from functional_harness.cognito_rules import ListUsersFilter
from functional_harness.cognito_rules import Lockout
from functional_harness.cognito_rules import PasswordHistory
from functional_harness.cognito_rules import SchemaEnforced
from functional_harness.cognito_rules import SecretHashCheck
from functional_harness.cognito_rules import TemporaryPasswordValidated
from functional_harness.proxy import ManualClock

PASSWORD = "First!Pass1"
OTHER_PASSWORD = "Second!Pass2"
THIRD_PASSWORD = "Third!Pass3"
WRONG_PASSWORD = "Wrong!Pass9"


# These tests install the rules they need themselves, whatever --cognito-rules says.
pytestmark = pytest.mark.own_rules


@pytest.fixture
def client(proxy):
    return proxy.client()


@pytest.fixture
def pool_id(cognito):
    return cognito.create_pool()


def refusal(call, **params):
    """The (code, message) of the ClientError ``call(**params)`` raises."""
    with pytest.raises(ClientError) as error:
        call(**params)
    return error.value.response["Error"]["Code"], error.value.response["Error"]["Message"]


def listed(client, pool_id, **params):
    """ListUsers through the proxy: {Username: user}, every page."""
    users, token = {}, None
    while True:
        page = client.list_users(UserPoolId=pool_id, **params, **({"PaginationToken": token} if token else {}))
        users.update({user["Username"]: user for user in page["Users"]})
        token = page.get("PaginationToken")
        if not token:
            return users


def attributes(user):
    return {attribute["Name"]: attribute["Value"] for attribute in user.get("Attributes", user.get("UserAttributes", []))}


def create(client, pool_id, username, **params):
    return client.admin_create_user(UserPoolId=pool_id, Username=username, **dict({"MessageAction": "SUPPRESS"}, **params))


def sign_in(client, pool_id, app_client, username, password, **extra):
    parameters = {"USERNAME": username, "PASSWORD": password, **extra}
    return client.admin_initiate_auth(UserPoolId=pool_id, ClientId=app_client.client_id,
                                      AuthFlow="ADMIN_USER_PASSWORD_AUTH", AuthParameters=parameters)


# -- LaggingListUsers ------------------------------------------------------------------------


@pytest.fixture
def clock():
    return ManualClock()


@pytest.fixture
def lag(proxy, clock):
    return proxy.add_rule(LaggingListUsers(5, clock=clock))


def test_lag_hides_a_user_created_in_the_window_until_it_ends_and_admin_get_user_finds_it_at_once(
        client, pool_id, lag, clock):
    create(client, pool_id, "alice")
    assert client.admin_get_user(UserPoolId=pool_id, Username="alice")["Username"] == "alice"
    clock.now += 4.9
    assert listed(client, pool_id) == {}
    clock.now += 0.2
    assert list(listed(client, pool_id)) == ["alice"]


def test_lag_still_lists_a_user_deleted_in_the_window_as_it_was(client, cognito, pool_id, lag, clock):
    cognito.create_user(pool_id, "alice", CONFIRMED, PASSWORD, attributes={"name": "Alice"})
    client.admin_delete_user(UserPoolId=pool_id, Username="alice")
    [alice] = list(listed(client, pool_id).values())
    assert (alice["UserStatus"], attributes(alice)["name"]) == (CONFIRMED, "Alice")
    clock.now += 6
    assert listed(client, pool_id) == {}


def test_lag_shows_the_old_status_enabled_flag_and_attributes(client, cognito, pool_id, lag):
    cognito.create_user(pool_id, "alice", FORCE_CHANGE_PASSWORD, PASSWORD, attributes={"name": "Old"})
    client.admin_set_user_password(UserPoolId=pool_id, Username="alice", Password=OTHER_PASSWORD, Permanent=True)
    client.admin_disable_user(UserPoolId=pool_id, Username="alice")
    client.admin_update_user_attributes(UserPoolId=pool_id, Username="alice",
                                        UserAttributes=[{"Name": "name", "Value": "New"}])
    alice = listed(client, pool_id)["alice"]
    assert (alice["UserStatus"], alice["Enabled"], attributes(alice)["name"]) == (FORCE_CHANGE_PASSWORD, True, "Old")
    truth = client.admin_get_user(UserPoolId=pool_id, Username="alice")
    assert (truth["UserStatus"], truth["Enabled"], attributes(truth)["name"]) == (CONFIRMED, False, "New")


def test_lag_keeps_the_view_before_the_windows_first_write_and_each_write_extends_it(client, cognito, pool_id, lag, clock):
    cognito.create_user(pool_id, "alice", CONFIRMED, PASSWORD)
    client.admin_disable_user(UserPoolId=pool_id, Username="alice")
    clock.now += 4
    client.admin_enable_user(UserPoolId=pool_id, Username="alice")
    client.admin_disable_user(UserPoolId=pool_id, Username="alice")
    clock.now += 4  # 8 s after the first write, 4 s after the last
    assert listed(client, pool_id)["alice"]["Enabled"] is True
    clock.now += 1.1
    assert listed(client, pool_id)["alice"]["Enabled"] is False


def test_lag_puts_stale_users_through_the_filter(client, cognito, pool_id, lag):
    for name in ("alice", "albert", "bob"):
        cognito.create_user(pool_id, name, CONFIRMED, PASSWORD, attributes={"email": f"{name}@old.example.com"})
    client.admin_delete_user(UserPoolId=pool_id, Username="albert")
    client.admin_update_user_attributes(UserPoolId=pool_id, Username="bob",
                                        UserAttributes=[{"Name": "email", "Value": "bob@new.example.com"}])
    create(client, pool_id, "alfred")
    assert sorted(listed(client, pool_id, Filter='username ^= "al"')) == ["albert", "alice"]
    assert sorted(listed(client, pool_id, Filter='username = "albert"')) == ["albert"]
    assert sorted(listed(client, pool_id, Filter='username = "alfred"')) == []
    assert sorted(listed(client, pool_id, Filter='email = "bob@old.example.com"')) == ["bob"]
    assert sorted(listed(client, pool_id, Filter='email = "bob@new.example.com"')) == []
    assert sorted(listed(client, pool_id, Filter='email ^= "b"')) == ["bob"]


def test_lag_re_adds_a_deleted_user_once_across_pages(client, cognito, pool_id, lag):
    for index in range(5):
        cognito.create_user(pool_id, f"user{index}", CONFIRMED, PASSWORD)
    client.admin_delete_user(UserPoolId=pool_id, Username="user1")
    names = []
    token = None
    while True:
        page = client.list_users(UserPoolId=pool_id, Limit=2, **({"PaginationToken": token} if token else {}))
        names += [user["Username"] for user in page["Users"]]
        token = page.get("PaginationToken")
        if not token:
            break
    assert sorted(names) == ["user0", "user1", "user2", "user3", "user4"]


def test_lag_leaves_writes_made_behind_the_proxy_and_failed_writes_alone(client, cognito, pool_id, lag):
    cognito.create_user(pool_id, "alice", CONFIRMED, PASSWORD)
    cognito.disable_user(pool_id, "alice")
    with pytest.raises(ClientError):
        client.admin_enable_user(UserPoolId=pool_id, Username="nobody")
    with pytest.raises(ClientError):
        create(client, pool_id, "alice")  # exists already
    assert listed(client, pool_id)["alice"]["Enabled"] is False


def test_list_users_filter_reads_cognitos_forms():
    user = {"Username": "Alice", "UserStatus": "CONFIRMED", "Enabled": False,
            "Attributes": [{"Name": "email", "Value": 'a"b@example.com'}, {"Name": "phone_number", "Value": "+15550100"}]}
    assert ListUsersFilter.parse('cognito:user_status = "confirmed"').matches(user)  # case-insensitive, per AWS
    assert not ListUsersFilter.parse('username = "alice"').matches(user)  # case-sensitive, per AWS
    assert ListUsersFilter.parse('status = "Disabled"').matches(user)
    assert ListUsersFilter.parse(r'email = "a\"b@example.com"').matches(user)
    assert ListUsersFilter.parse('phone_number ^= "+1555"').matches(user)
    assert not ListUsersFilter.parse('given_name ^= ""').matches(user)  # no such attribute
    assert ListUsersFilter.parse("").matches(user)
    with pytest.raises(ValueError):
        ListUsersFilter.parse("username = alice")


# -- PasswordHistory -------------------------------------------------------------------------


@pytest.fixture
def history(proxy):
    return proxy.add_rule(PasswordHistory(2))


def set_password(client, pool_id, password, username="alice", permanent=True):
    return client.admin_set_user_password(UserPoolId=pool_id, Username=username, Password=password, Permanent=permanent)


def test_history_refuses_a_password_among_the_last_size(client, pool_id, history, proxy):
    create(client, pool_id, "alice")
    set_password(client, pool_id, PASSWORD)
    set_password(client, pool_id, OTHER_PASSWORD)
    assert refusal(set_password, client=client, pool_id=pool_id, password=PASSWORD) == (
        "PasswordHistoryPolicyViolationException", MESSAGES["password_history"])
    assert refusal(set_password, client=client, pool_id=pool_id, password=OTHER_PASSWORD, permanent=False)[0] == \
        "PasswordHistoryPolicyViolationException"
    assert [request.answered_by for request in proxy.requests_for("AdminSetUserPassword")] == \
        [None, None, "PasswordHistory", "PasswordHistory"]


def test_history_allows_a_password_older_than_size_and_other_users_passwords(client, pool_id, history):
    create(client, pool_id, "alice")
    create(client, pool_id, "bob")
    for password in (PASSWORD, OTHER_PASSWORD, THIRD_PASSWORD, PASSWORD):
        set_password(client, pool_id, password)
    set_password(client, pool_id, PASSWORD, username="bob")


def test_history_remembers_the_temporary_password_of_admin_create_user(client, pool_id, history):
    create(client, pool_id, "alice", TemporaryPassword=PASSWORD)
    assert refusal(set_password, client=client, pool_id=pool_id, password=PASSWORD)[0] == \
        "PasswordHistoryPolicyViolationException"


def test_history_refuses_reuse_in_a_new_password_challenge(client, cognito, pool_id, history):
    app_client = cognito.create_app_client(pool_id)
    create(client, pool_id, "alice", TemporaryPassword=PASSWORD)
    challenge = sign_in(client, pool_id, app_client, "alice", PASSWORD)
    assert challenge["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    code, _message = refusal(client.admin_respond_to_auth_challenge, UserPoolId=pool_id, ClientId=app_client.client_id,
                             ChallengeName="NEW_PASSWORD_REQUIRED", Session=challenge["Session"],
                             ChallengeResponses={"USERNAME": "alice", "NEW_PASSWORD": PASSWORD})
    assert code == "PasswordHistoryPolicyViolationException"
    client.admin_respond_to_auth_challenge(UserPoolId=pool_id, ClientId=app_client.client_id,
                                           ChallengeName="NEW_PASSWORD_REQUIRED", Session=challenge["Session"],
                                           ChallengeResponses={"USERNAME": "alice", "NEW_PASSWORD": OTHER_PASSWORD})
    assert refusal(set_password, client=client, pool_id=pool_id, password=OTHER_PASSWORD)[0] == \
        "PasswordHistoryPolicyViolationException"


def test_history_knows_nothing_of_passwords_set_behind_the_proxy_and_forgets_deleted_users(client, cognito, pool_id, history):
    cognito.create_user(pool_id, "alice", CONFIRMED, PASSWORD)
    set_password(client, pool_id, PASSWORD)
    client.admin_delete_user(UserPoolId=pool_id, Username="alice")
    create(client, pool_id, "alice")
    set_password(client, pool_id, PASSWORD)


def test_history_reports_its_size_in_describe_user_pool(client, pool_id, history):
    policy = client.describe_user_pool(UserPoolId=pool_id)["UserPool"]["Policies"]["PasswordPolicy"]
    assert policy["PasswordHistorySize"] == 2
    assert policy["MinimumLength"] == 8  # the rest as moto has it


def test_history_never_shows_a_password(client, pool_id, history):
    create(client, pool_id, "alice")
    set_password(client, pool_id, PASSWORD)
    _code, message = refusal(set_password, client=client, pool_id=pool_id, password=PASSWORD)
    assert PASSWORD not in message and PASSWORD not in repr(history) and PASSWORD.encode() not in repr(vars(history)).encode()


# -- SecretHashCheck -------------------------------------------------------------------------


@pytest.fixture
def secret_client(cognito, pool_id):
    cognito.create_user(pool_id, "alice", CONFIRMED, PASSWORD)
    return cognito.create_app_client(pool_id, generate_secret=True)


def test_secret_hash_missing_is_refused(client, proxy, pool_id, secret_client):
    proxy.add_rule(SecretHashCheck())
    assert refusal(sign_in, client=client, pool_id=pool_id, app_client=secret_client, username="alice",
                   password=PASSWORD) == (
        "NotAuthorizedException", MESSAGES["secret_hash_missing"].format(client_id=secret_client.client_id))


def test_secret_hash_wrong_is_refused(client, proxy, pool_id, secret_client):
    proxy.add_rule(SecretHashCheck())
    wrong = expected_secret_hash("bob", secret_client)
    assert refusal(sign_in, client=client, pool_id=pool_id, app_client=secret_client, username="alice",
                   password=PASSWORD, SECRET_HASH=wrong) == (
        "NotAuthorizedException", f"Unable to verify secret hash for client {secret_client.client_id}")


def test_secret_hash_right_signs_in_and_a_public_client_needs_none(client, cognito, proxy, pool_id, secret_client):
    proxy.add_rule(SecretHashCheck())
    right = expected_secret_hash("alice", secret_client)
    assert "AuthenticationResult" in sign_in(client, pool_id, secret_client, "alice", PASSWORD, SECRET_HASH=right)
    assert "AuthenticationResult" in sign_in(client, pool_id, cognito.create_app_client(pool_id), "alice", PASSWORD)


def test_secret_hash_is_checked_in_challenge_responses_too(client, cognito, proxy, pool_id, secret_client):
    proxy.add_rule(SecretHashCheck())
    cognito.create_user(pool_id, "bob", FORCE_CHANGE_PASSWORD, PASSWORD)
    challenge = sign_in(client, pool_id, secret_client, "bob", PASSWORD, SECRET_HASH=expected_secret_hash("bob", secret_client))
    code, _message = refusal(client.admin_respond_to_auth_challenge, UserPoolId=pool_id, ClientId=secret_client.client_id,
                             ChallengeName="NEW_PASSWORD_REQUIRED", Session=challenge["Session"],
                             ChallengeResponses={"USERNAME": "bob", "NEW_PASSWORD": OTHER_PASSWORD})
    assert code == "NotAuthorizedException"
    assert cognito.user_status(pool_id, "bob") == FORCE_CHANGE_PASSWORD


# -- CaseInsensitiveUsernames ----------------------------------------------------------------


def test_case_insensitive_pool_says_so_in_describe_user_pool(client, proxy, pool_id):
    proxy.add_rule(CaseInsensitiveUsernames())
    assert client.describe_user_pool(UserPoolId=pool_id)["UserPool"]["UsernameConfiguration"] == {"CaseSensitive": False}


def test_case_insensitive_pool_finds_a_user_by_any_case(client, cognito, proxy, pool_id):
    cognito.client.create_group(UserPoolId=pool_id, GroupName="admins")
    cognito.create_user(pool_id, "Alice", CONFIRMED, PASSWORD)
    proxy.add_rule(CaseInsensitiveUsernames())
    assert client.admin_get_user(UserPoolId=pool_id, Username="ALICE")["Username"] == "Alice"
    client.admin_update_user_attributes(UserPoolId=pool_id, Username="alice", UserAttributes=[{"Name": "name", "Value": "A"}])
    client.admin_add_user_to_group(UserPoolId=pool_id, Username="aLiCe", GroupName="admins")
    assert [group["GroupName"] for group in client.admin_list_groups_for_user(UserPoolId=pool_id, Username="alice")["Groups"]] \
        == ["admins"]
    set_password(client, pool_id, OTHER_PASSWORD, username="ALICE")
    app_client = cognito.create_app_client(pool_id)
    assert "AuthenticationResult" in sign_in(client, pool_id, app_client, "alice", OTHER_PASSWORD)
    assert proxy.requests_for("AdminGetUser")[0].json()["Username"] == "ALICE"  # the log keeps what was sent


def test_case_insensitive_pool_refuses_a_case_variant_of_an_existing_user(client, cognito, proxy, pool_id):
    cognito.create_user(pool_id, "Alice", CONFIRMED, PASSWORD)
    proxy.add_rule(CaseInsensitiveUsernames())
    assert refusal(create, client=client, pool_id=pool_id, username="alice") == (
        "UsernameExistsException", "User account already exists")
    create(client, pool_id, "bob")
    assert refusal(create, client=client, pool_id=pool_id, username="BOB")[0] == "UsernameExistsException"


def test_case_insensitive_pool_resends_the_invitation_of_a_user_named_in_any_case(client, cognito, proxy, pool_id):
    cognito.create_user(pool_id, "Alice", FORCE_CHANGE_PASSWORD, PASSWORD)
    proxy.add_rule(CaseInsensitiveUsernames())
    assert create(client, pool_id, "ALICE", MessageAction="RESEND")["User"]["Username"] == "Alice"


def test_case_insensitive_pool_sees_users_made_and_deleted_behind_the_proxy(client, cognito, proxy, pool_id):
    proxy.add_rule(CaseInsensitiveUsernames())
    create(client, pool_id, "first")
    cognito.create_user(pool_id, "Carol", CONFIRMED, PASSWORD)
    assert client.admin_get_user(UserPoolId=pool_id, Username="carol")["Username"] == "Carol"
    cognito.client.admin_delete_user(UserPoolId=pool_id, Username="Carol")
    create(client, pool_id, "carol")


# -- AuthFlowsEnforced -----------------------------------------------------------------------


@pytest.mark.parametrize("flows", [["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], None], ids=["other-flows", "default-flows"])
def test_admin_password_sign_in_through_a_client_without_the_flow_is_refused(client, cognito, proxy, pool_id, flows):
    cognito.create_user(pool_id, "alice", CONFIRMED, PASSWORD)
    app_client = cognito.client.create_user_pool_client(
        UserPoolId=pool_id, ClientName="no-admin-flow", **({"ExplicitAuthFlows": flows} if flows else {}))["UserPoolClient"]
    proxy.add_rule(AuthFlowsEnforced())
    code_message = refusal(client.admin_initiate_auth, UserPoolId=pool_id, ClientId=app_client["ClientId"],
                           AuthFlow="ADMIN_USER_PASSWORD_AUTH", AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD})
    assert code_message == ("InvalidParameterException", "Auth flow not enabled for this client")


@pytest.mark.parametrize("flows", [["ALLOW_ADMIN_USER_PASSWORD_AUTH"], ["ADMIN_NO_SRP_AUTH"]], ids=["allow-admin", "legacy"])
def test_admin_password_sign_in_through_a_client_with_the_flow_goes_through(client, cognito, proxy, pool_id, flows):
    cognito.create_user(pool_id, "alice", CONFIRMED, PASSWORD)
    app_client = cognito.create_app_client(pool_id, auth_flows=flows)
    proxy.add_rule(AuthFlowsEnforced())
    assert "AuthenticationResult" in sign_in(client, pool_id, app_client, "alice", PASSWORD)


# -- Lockout ---------------------------------------------------------------------------------


@pytest.fixture
def signing_in(cognito, pool_id):
    cognito.create_user(pool_id, "alice", CONFIRMED, PASSWORD)
    return cognito.create_app_client(pool_id)


def failed_sign_ins(client, pool_id, app_client, count, username="alice"):
    return [refusal(sign_in, client=client, pool_id=pool_id, app_client=app_client, username=username,
                    password=WRONG_PASSWORD) for attempt in range(count)]


def test_lockout_after_the_attempts_refuses_even_the_right_password_without_asking_moto(client, proxy, pool_id, signing_in):
    proxy.add_rule(Lockout(3, clock=ManualClock()))
    assert failed_sign_ins(client, pool_id, signing_in, 3) == [("NotAuthorizedException", "Incorrect username or password.")] * 3
    assert refusal(sign_in, client=client, pool_id=pool_id, app_client=signing_in, username="alice", password=PASSWORD) == (
        "NotAuthorizedException", "Password attempts exceeded")
    assert [request.answered_by for request in proxy.requests_for("AdminInitiateAuth")] == [None, None, None, "Lockout"]


def test_lockout_lasts_one_second_then_doubles_with_each_further_failure(client, proxy, pool_id, signing_in):
    # "locks out your user for one second. The lockout duration then doubles after each additional one failed attempt"
    clock = ManualClock()
    proxy.add_rule(Lockout(3, clock=clock))
    failed_sign_ins(client, pool_id, signing_in, 3)
    clock.now += 0.9
    assert failed_sign_ins(client, pool_id, signing_in, 1) == [("NotAuthorizedException", "Password attempts exceeded")]
    clock.now += 0.2
    assert failed_sign_ins(client, pool_id, signing_in, 1) == [("NotAuthorizedException", "Incorrect username or password.")]
    clock.now += 1.9  # the fourth failure locks for 2 seconds; attempts during the lockout did not count
    assert failed_sign_ins(client, pool_id, signing_in, 1) == [("NotAuthorizedException", "Password attempts exceeded")]
    clock.now += 0.2
    assert "AuthenticationResult" in sign_in(client, pool_id, signing_in, "alice", PASSWORD)


def test_failures_add_up_across_successes_before_any_lockout(client, proxy, pool_id, signing_in):
    # "For a cumulative number of failed sign-in attempts n"; only a success "after a lockout period expires" resets.
    proxy.add_rule(Lockout(3, clock=ManualClock()))
    failed_sign_ins(client, pool_id, signing_in, 2)
    assert "AuthenticationResult" in sign_in(client, pool_id, signing_in, "alice", PASSWORD)
    failed_sign_ins(client, pool_id, signing_in, 1)
    assert refusal(sign_in, client=client, pool_id=pool_id, app_client=signing_in, username="alice", password=PASSWORD) == (
        "NotAuthorizedException", "Password attempts exceeded")


def test_a_success_after_the_lockout_expired_resets_the_count(client, proxy, pool_id, signing_in):
    clock = ManualClock()
    proxy.add_rule(Lockout(2, clock=clock))
    failed_sign_ins(client, pool_id, signing_in, 2)
    clock.now += 1.0
    assert "AuthenticationResult" in sign_in(client, pool_id, signing_in, "alice", PASSWORD)
    assert failed_sign_ins(client, pool_id, signing_in, 1) == [("NotAuthorizedException", "Incorrect username or password.")]
    assert "AuthenticationResult" in sign_in(client, pool_id, signing_in, "alice", PASSWORD)


def test_fifteen_quiet_minutes_after_a_lockout_reset_it_and_a_password_set_does_not(client, proxy, pool_id, signing_in):
    clock = ManualClock()
    proxy.add_rule(Lockout(2, clock=clock))
    failed_sign_ins(client, pool_id, signing_in, 4)  # the second failure locks for one second; the next two are refused
    set_password(client, pool_id, OTHER_PASSWORD)
    assert refusal(sign_in, client=client, pool_id=pool_id, app_client=signing_in, username="alice",
                   password=OTHER_PASSWORD) == ("NotAuthorizedException", "Password attempts exceeded")
    clock.now += 15 * 60
    assert "AuthenticationResult" in sign_in(client, pool_id, signing_in, "alice", OTHER_PASSWORD)


def test_lockout_is_per_user_and_ignores_refusals_that_are_not_a_wrong_password(client, cognito, proxy, pool_id, signing_in):
    cognito.create_user(pool_id, "bob", CONFIRMED, PASSWORD)
    cognito.disable_user(pool_id, "bob")
    proxy.add_rule(Lockout(2))
    failed_sign_ins(client, pool_id, signing_in, 2)
    assert [message for _code, message in failed_sign_ins(client, pool_id, signing_in, 3, username="bob")] == \
        ["User is disabled."] * 3
    client.admin_enable_user(UserPoolId=pool_id, Username="bob")
    assert "AuthenticationResult" in sign_in(client, pool_id, signing_in, "bob", PASSWORD)


# -- TemporaryPasswordValidated --------------------------------------------------------------


@pytest.mark.parametrize("password,message", [
    ("Sh0rt!pw", "password_too_short"),
    ("lowercase-only-1!", "password_needs_uppercase"),
    ("UPPERCASE-ONLY-1!", "password_needs_lowercase"),
    ("No-Digits-Here!!", "password_needs_numbers"),
    ("NoSymbolsHere123", "password_needs_symbols"),
])
def test_temporary_password_breaking_the_policy_is_refused_naming_the_rule_not_the_password(
        client, cognito, proxy, password, message):
    pool_id = cognito.create_pool(password_policy=STRICT_PASSWORD_POLICY)
    proxy.add_rule(TemporaryPasswordValidated())
    code, text = refusal(create, client=client, pool_id=pool_id, username="alice", TemporaryPassword=password)
    assert (code, text) == ("InvalidPasswordException", MESSAGES[message])
    assert password not in text
    assert cognito.client.list_users(UserPoolId=pool_id)["Users"] == []


def test_temporary_password_meeting_the_policy_or_none_at_all_goes_through(client, cognito, proxy):
    pool_id = cognito.create_pool(password_policy={"MinimumLength": 6, "RequireUppercase": False,
                                                   "RequireLowercase": True, "RequireNumbers": False,
                                                   "RequireSymbols": False})
    proxy.add_rule(TemporaryPasswordValidated())
    create(client, pool_id, "alice", TemporaryPassword="simple")
    create(client, pool_id, "bob")
    assert cognito.user_status(pool_id, "alice") == FORCE_CHANGE_PASSWORD


# -- SchemaEnforced --------------------------------------------------------------------------


@pytest.fixture
def schema_pool(cognito):
    """A pool with a mutable and an immutable custom attribute and a required e-mail (moto then lists only these)."""
    return cognito.client.create_user_pool(PoolName="schema", Schema=[
        {"Name": "department", "AttributeDataType": "String", "Mutable": True},
        {"Name": "employee_id", "AttributeDataType": "String", "Mutable": False},
        {"Name": "email", "AttributeDataType": "String", "Mutable": True, "Required": True},
    ])["UserPool"]["Id"]


def attribute_list(**values):
    return [{"Name": name.replace("__", ":"), "Value": value} for name, value in values.items()]


def test_schema_refuses_attributes_it_does_not_hold(client, proxy, schema_pool):
    proxy.add_rule(SchemaEnforced())
    expected = ("InvalidParameterException", MESSAGES["attribute_not_in_schema"].format(name="custom:team"))
    assert refusal(create, client=client, pool_id=schema_pool, username="alice",
                   UserAttributes=attribute_list(custom__team="x")) == expected
    create(client, schema_pool, "alice", UserAttributes=attribute_list(email="a@example.com"))
    assert refusal(client.admin_update_user_attributes, UserPoolId=schema_pool, Username="alice",
                   UserAttributes=attribute_list(custom__team="x")) == expected
    assert refusal(client.admin_delete_user_attributes, UserPoolId=schema_pool, Username="alice",
                   UserAttributeNames=["custom:team"]) == expected


def test_schema_takes_standard_and_custom_attributes_even_when_moto_lists_only_the_custom_ones(client, proxy, schema_pool):
    proxy.add_rule(SchemaEnforced())
    create(client, schema_pool, "alice", UserAttributes=attribute_list(
        email="a@example.com", name="Alice", custom__department="R&D", custom__employee_id="E1"))
    client.admin_update_user_attributes(UserPoolId=schema_pool, Username="alice",
                                        UserAttributes=attribute_list(given_name="A", custom__department="Ops"))
    client.admin_delete_user_attributes(UserPoolId=schema_pool, Username="alice", UserAttributeNames=["given_name"])


def test_schema_writes_an_immutable_attribute_only_at_creation(client, proxy, schema_pool):
    proxy.add_rule(SchemaEnforced())
    create(client, schema_pool, "alice", UserAttributes=attribute_list(email="a@example.com", custom__employee_id="E1"))
    expected = ("InvalidParameterException", MESSAGES["attribute_immutable"].format(name="custom:employee_id"))
    assert refusal(client.admin_update_user_attributes, UserPoolId=schema_pool, Username="alice",
                   UserAttributes=attribute_list(custom__employee_id="E2")) == expected
    assert refusal(client.admin_delete_user_attributes, UserPoolId=schema_pool, Username="alice",
                   UserAttributeNames=["custom:employee_id"]) == expected
    assert refusal(client.admin_update_user_attributes, UserPoolId=schema_pool, Username="alice",
                   UserAttributes=attribute_list(sub="another"))[1] == MESSAGES["attribute_immutable"].format(name="sub")


def test_schema_refuses_deleting_a_required_attribute(client, proxy, schema_pool):
    proxy.add_rule(SchemaEnforced())
    create(client, schema_pool, "alice", UserAttributes=attribute_list(email="a@example.com"))
    expected = ("InvalidParameterException", MESSAGES["attribute_required"].format(name="email"))
    assert refusal(client.admin_delete_user_attributes, UserPoolId=schema_pool, Username="alice",
                   UserAttributeNames=["email"]) == expected
    assert refusal(client.admin_update_user_attributes, UserPoolId=schema_pool, Username="alice",
                   UserAttributes=attribute_list(email="")) == expected
    create(client, schema_pool, "bob")  # a required attribute need not be given at creation


# -- ChangedAddressUnverified ------------------------------------------------------------------

OLD_EMAIL = "old@example.com"
NEW_EMAIL = "new@example.com"


@pytest.fixture
def alice_pool(cognito, pool_id):
    cognito.create_user(pool_id, "alice", CONFIRMED, PASSWORD, attributes={"email": OLD_EMAIL, "name": "Alice"})
    return pool_id


def stored(cognito, pool_id, username="alice"):
    """The user's attributes as moto holds them, read behind the proxy."""
    return attributes(cognito.user(pool_id, username))


def update(client, pool_id, username="alice", **values):
    return client.admin_update_user_attributes(UserPoolId=pool_id, Username=username,
                                               UserAttributes=[{"Name": name, "Value": value} for name, value in values.items()])


def test_a_changed_email_is_marked_unverified(client, cognito, proxy, alice_pool):
    proxy.add_rule(ChangedAddressUnverified())
    update(client, alice_pool, email_verified="true")

    update(client, alice_pool, email=NEW_EMAIL)

    assert stored(cognito, alice_pool)["email"] == NEW_EMAIL
    assert stored(cognito, alice_pool)["email_verified"] == "false"


def test_a_changed_email_sent_with_email_verified_true_stays_verified(client, cognito, proxy, alice_pool):
    proxy.add_rule(ChangedAddressUnverified())

    update(client, alice_pool, email=NEW_EMAIL, email_verified="true")

    assert stored(cognito, alice_pool)["email_verified"] == "true"


def test_an_unchanged_email_and_other_attributes_leave_verification_alone(client, cognito, proxy, alice_pool):
    proxy.add_rule(ChangedAddressUnverified())
    update(client, alice_pool, email_verified="true")

    update(client, alice_pool, email=OLD_EMAIL, name="Alicia")

    assert stored(cognito, alice_pool)["email_verified"] == "true"


# -- AliasesResolved -------------------------------------------------------------------------------


def alias_pool(cognito, aliases=("email", "phone_number", "preferred_username"), case_sensitive=True):
    """A pool with alias attributes, and test-alice (verified email, unverified phone, preferred username)."""
    pool_id = cognito.client.create_user_pool(PoolName="aliases", AliasAttributes=list(aliases),
                                              UsernameConfiguration={"CaseSensitive": case_sensitive})["UserPool"]["Id"]
    cognito.create_user(pool_id, "test-alice", CONFIRMED, PASSWORD, attributes={
        "email": "alice@example.com", "email_verified": "true", "phone_number": "+15550001",
        "phone_number_verified": "false", "preferred_username": "Ally"})
    return pool_id


def test_a_verified_email_and_a_preferred_username_name_their_user_in_admin_operations(client, cognito, proxy):
    pool_id = alias_pool(cognito)
    proxy.add_rule(AliasesResolved())

    assert client.admin_get_user(UserPoolId=pool_id, Username="alice@example.com")["Username"] == "test-alice"
    assert client.admin_get_user(UserPoolId=pool_id, Username="Ally")["Username"] == "test-alice"
    update(client, pool_id, "alice@example.com", given_name="Alice")
    assert stored(cognito, pool_id, "test-alice")["given_name"] == "Alice"
    client.admin_delete_user(UserPoolId=pool_id, Username="Ally")
    assert refusal(cognito.user, pool_id=pool_id, username="test-alice")[0] == "UserNotFoundException"


def test_an_unverified_phone_number_is_no_alias_yet(client, cognito, proxy):
    pool_id = alias_pool(cognito)
    proxy.add_rule(AliasesResolved())

    assert refusal(client.admin_get_user, UserPoolId=pool_id, Username="+15550001")[0] == "UserNotFoundException"


def test_aliases_are_case_insensitive_only_in_case_insensitive_pools_and_phone_numbers_never(client, cognito, proxy):
    strict, relaxed = alias_pool(cognito), alias_pool(cognito, case_sensitive=False)
    proxy.add_rule(AliasesResolved())

    assert refusal(client.admin_get_user, UserPoolId=strict, Username="ALICE@example.com")[0] == "UserNotFoundException"
    assert client.admin_get_user(UserPoolId=relaxed, Username="ALICE@example.com")["Username"] == "test-alice"
    assert client.admin_get_user(UserPoolId=relaxed, Username="ally")["Username"] == "test-alice"
    assert client.admin_get_user(UserPoolId=relaxed, Username="TEST-Alice")["Username"] == "test-alice"


def test_a_username_in_the_form_of_an_alias_is_refused(client, cognito, proxy):
    pool_id = alias_pool(cognito, aliases=("email", "phone_number"))
    proxy.add_rule(AliasesResolved())

    for username in ("bob@example.com", "+15550002"):
        assert refusal(client.admin_create_user, UserPoolId=pool_id, Username=username)[0] == "InvalidParameterException"
    assert client.admin_create_user(UserPoolId=pool_id, Username="bob")["User"]["Username"] == "bob"


def test_pools_without_aliases_keep_moto_exact(client, cognito, proxy):
    pool_id = cognito.create_pool()
    cognito.create_user(pool_id, "test-alice", CONFIRMED, PASSWORD, attributes={"email": "alice@example.com",
                                                                                "email_verified": "true"})
    proxy.add_rule(AliasesResolved())

    assert refusal(client.admin_get_user, UserPoolId=pool_id, Username="alice@example.com")[0] == "UserNotFoundException"
    assert client.admin_create_user(UserPoolId=pool_id, Username="bob@example.com")["User"]["Username"] == "bob@example.com"
