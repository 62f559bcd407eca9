# -*- coding: utf-8 -*-
"""The harness itself: the proxy records and throttles as the module tests rely on."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from ansible_collections.cognito.user_pool.plugins.module_utils._operations import OPERATIONS
from ansible_collections.cognito.user_pool.plugins.module_utils._operations import QUOTA_CATEGORIES
from functional_harness.cognito_rules import RULE_FACTORIES
from functional_harness.cognito_rules import LaggingListUsers
from functional_harness.cognito_rules import Lockout
from functional_harness.cognito_rules import PasswordHistory
from functional_harness.cognito_rules import cognito_quota_buckets
from functional_harness.cognito_rules import rules_from_spec
from functional_harness.proxy import ManualClock
from functional_harness.proxy import RecordedRequest
from functional_harness.proxy import Rule
from functional_harness.proxy import ThrottleFirst
from functional_harness.proxy import ThrottleShare
from functional_harness.proxy import TokenBuckets


# These tests install the rules they need themselves, whatever --cognito-rules says.
pytestmark = pytest.mark.own_rules


def _client_through(proxy):
    # No botocore retries: every throttling answer reaches the test.
    return proxy.client()


def _request(operation):
    return RecordedRequest(0, "POST", "/", operation, b"")


def test_proxy_forwards_to_moto_and_records_each_operation(proxy):
    client = _client_through(proxy)
    pool_id = client.create_user_pool(PoolName="through-the-proxy")["UserPool"]["Id"]
    assert client.describe_user_pool(UserPoolId=pool_id)["UserPool"]["Name"] == "through-the-proxy"
    assert proxy.operations() == ["CreateUserPool", "DescribeUserPool"]
    assert proxy.requests_for("DescribeUserPool")[0].json() == {"UserPoolId": pool_id}


def test_throttling_answer_is_what_botocore_reads_as_cognito_throttling(proxy):
    proxy.set_policy(ThrottleFirst(1, operations={"ListUserPools"}))
    with pytest.raises(ClientError) as error:
        _client_through(proxy).list_user_pools(MaxResults=10)
    assert error.value.response["Error"]["Code"] == "TooManyRequestsException"
    assert error.value.response["Error"]["Message"] == "Too many requests"
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert proxy.operations(throttled=True) == ["ListUserPools"]


def test_each_test_starts_with_an_empty_moto_and_log(proxy, cognito):
    assert cognito.client.list_user_pools(MaxResults=10)["UserPools"] == []
    assert proxy.requests() == []


def test_throttle_first_counts_only_the_operations_named():
    policy = ThrottleFirst(2, operations={"AdminSetUserPassword"})
    decisions = [policy.should_throttle(_request(operation)) for operation in
                 ["AdminGetUser", "AdminSetUserPassword", "AdminGetUser", "AdminSetUserPassword", "AdminSetUserPassword"]]
    assert decisions == [False, True, False, True, False]


def test_throttle_share_throttles_about_that_share_and_repeats_with_its_seed():
    policy, again = ThrottleShare(0.3, seed=7), ThrottleShare(0.3, seed=7)
    requests = [_request("AdminGetUser") for index in range(2000)]
    decisions = [policy.should_throttle(request) for request in requests]
    assert decisions == [again.should_throttle(request) for request in requests]
    assert 0.25 < sum(decisions) / len(decisions) < 0.35


def test_token_buckets_throttle_a_category_beyond_its_burst_and_refill_at_its_rate():
    clock = ManualClock()
    policy = TokenBuckets({"UserUpdate": 2.0}, clock=clock)
    request = _request("AdminEnableUser")
    assert [policy.should_throttle(request) for attempt in range(3)] == [False, False, True]
    clock.now += 0.5
    assert [policy.should_throttle(request) for attempt in range(2)] == [False, True]


def test_token_buckets_are_the_accounts_every_pool_draws_from_and_regions_have_their_own():
    # "Each Amazon Cognito quota represents a maximum volume of requests in one AWS Region in one AWS account"
    # (the quotas page): two pools of one region share a category's bucket; another region has its own.
    policy = TokenBuckets({"UserAccountRecovery": 2.0}, clock=ManualClock())

    def request(pool, region="us-east-1"):
        return RecordedRequest(0, "POST", "/", "AdminSetUserPassword", f'{{"UserPoolId": "{pool}"}}'.encode(),
                               region=region)

    assert [policy.should_throttle(request("us-east-1_A")), policy.should_throttle(request("us-east-1_B")),
            policy.should_throttle(request("us-east-1_C"))] == [False, False, True]
    assert policy.should_throttle(request("eu-west-1_A", region="eu-west-1")) is False


def test_the_quota_buckets_take_every_rate_from_the_collections_operations_table():
    buckets = cognito_quota_buckets(share=0.5)
    assert buckets.categories == {name: operation.category for name, operation in OPERATIONS.items()}
    assert buckets.rates == {name: category.default_rate * 0.5 for name, category in QUOTA_CATEGORIES.items()}


# -- rules -------------------------------------------------------------------------------------


class _Refuse(Rule):
    """Answers one operation with an error of its own, as Cognito would."""

    name = "Refuse"

    def __init__(self, operation, code="NotAuthorizedException", message="refused by the test", precedence=50):
        self.operation, self.code, self.message, self.precedence = operation, code, message, precedence

    def on_request(self, exchange):
        return self.refuse(self.code, self.message) if exchange.operation == self.operation else None


class _Trace(Rule):
    """Writes down, in a shared list, when its hooks run."""

    def __init__(self, name, precedence, trace):
        self.name, self.precedence, self.trace = name, precedence, trace

    def on_request(self, exchange):
        self.trace.append(f"request {self.name}")

    def on_response(self, exchange, reply):
        self.trace.append(f"response {self.name}")


class _RenamePool(Rule):
    """Rewrites CreateUserPool's PoolName on the way in and DescribeUserPool's Name on the way out."""

    name = "RenamePool"

    def on_request(self, exchange):
        if exchange.operation == "CreateUserPool":
            exchange.params["PoolName"] = "renamed-by-the-rule"
            exchange.rewrote()

    def on_response(self, exchange, reply):
        if exchange.operation == "DescribeUserPool" and reply.ok:
            answer = reply.json()
            answer["UserPool"]["Name"] += " (as the client sees it)"
            return reply.with_json(answer)
        return None


class _Raises(Rule):
    name = "Raises"

    def on_request(self, exchange):
        raise RuntimeError("a bug in a rule")


def test_a_rule_answers_instead_of_moto_exactly_as_cognito_words_an_error(proxy):
    proxy.add_rule(_Refuse("CreateUserPool", "InvalidParameterException", "the rule's own words"))
    client = proxy.client()
    with pytest.raises(ClientError) as error:
        client.create_user_pool(PoolName="never-made")
    response = error.value.response
    assert response["Error"] == {"Code": "InvalidParameterException", "Message": "the rule's own words"}
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400
    headers = response["ResponseMetadata"]["HTTPHeaders"]
    assert headers["x-amzn-errortype"] == "InvalidParameterException"
    assert headers["content-type"] == "application/x-amz-json-1.1"
    assert client.list_user_pools(MaxResults=10)["UserPools"] == []  # moto never saw the request
    [request, _listing] = proxy.requests()
    assert (request.operation, request.answered_by, request.throttled) == ("CreateUserPool", "Refuse", False)


def test_a_rule_rewrites_the_request_moto_gets_and_the_response_the_client_gets(proxy, cognito):
    proxy.add_rule(_RenamePool())
    client = proxy.client()
    pool_id = client.create_user_pool(PoolName="as-sent")["UserPool"]["Id"]
    assert client.describe_user_pool(UserPoolId=pool_id)["UserPool"]["Name"] == "renamed-by-the-rule (as the client sees it)"
    assert cognito.client.describe_user_pool(UserPoolId=pool_id)["UserPool"]["Name"] == "renamed-by-the-rule"
    assert proxy.requests_for("CreateUserPool")[0].json() == {"PoolName": "as-sent"}  # the log keeps what was sent


def test_rules_run_by_precedence_and_their_response_hooks_in_reverse(proxy):
    trace = []
    for name, precedence in (("late", 90), ("early", 10), ("middle", 50)):
        proxy.add_rule(_Trace(name, precedence, trace))
    proxy.client().list_user_pools(MaxResults=10)
    assert trace == ["request early", "request middle", "request late",
                     "response late", "response middle", "response early"]


def test_a_rule_that_answers_stops_the_later_rules_and_sees_no_response_itself(proxy):
    trace = []
    proxy.add_rule(_Trace("before", 10, trace))
    proxy.add_rule(_Refuse("ListUserPools", precedence=20))
    proxy.add_rule(_Trace("after", 30, trace))
    with pytest.raises(ClientError):
        proxy.client().list_user_pools(MaxResults=10)
    assert trace == ["request before", "response before"]


def test_set_policy_replaces_the_throttling_rule_and_keeps_the_others(proxy):
    lockout = proxy.add_rule(Lockout())
    proxy.set_policy(ThrottleFirst(1))
    proxy.set_policy(ThrottleShare(0.5))
    assert [type(rule).__name__ for rule in proxy.rules()] == ["ThrottleShare", "Lockout"]
    assert proxy.rules()[1] is lockout
    proxy.reset(ThrottleFirst(1))
    assert [type(rule).__name__ for rule in proxy.rules()] == ["ThrottleFirst"]


def test_a_rule_that_raises_is_reported_and_the_request_still_reaches_moto(proxy):
    proxy.add_rule(_Raises())
    assert proxy.client().list_user_pools(MaxResults=10)["UserPools"] == []
    [error] = proxy.rule_errors()
    assert error.rule == "Raises" and error.operation == "ListUserPools" and "a bug in a rule" in error.traceback
    proxy.reset()  # the fixture fails a test whose rules raised


def test_a_rules_reads_of_moto_are_not_recorded(proxy, cognito):
    pool_id = cognito.create_pool()
    cognito.client.admin_create_user(UserPoolId=pool_id, Username="alice", MessageAction="SUPPRESS")
    proxy.add_rule(LaggingListUsers(60))
    proxy.client().admin_disable_user(UserPoolId=pool_id, Username="alice")  # the rule reads alice from moto first
    assert proxy.operations() == ["AdminDisableUser"]


def test_rules_by_name_all_is_every_rule_but_throttling_in_precedence_order():
    rules = rules_from_spec("all")
    assert sorted(type(rule).__name__ for rule in rules) == sorted(name for name in RULE_FACTORIES if name != "TokenBuckets")
    assert [rule.precedence for rule in rules] == sorted(rule.precedence for rule in rules)
    assert rules_from_spec("") == rules_from_spec("none") == []


def test_rules_by_name_take_one_parameter_and_any_case():
    lag, lockout, history = sorted(rules_from_spec("lockout=3, LAGGINGLISTUSERS=1.5 ,PasswordHistory=2"),
                                   key=lambda rule: type(rule).__name__)
    assert (lag.seconds, lockout.attempts, history.size) == (1.5, 3, 2)
    assert [rule.seconds for rule in rules_from_spec("all,LaggingListUsers=9") if isinstance(rule, LaggingListUsers)] == [9.0]
    assert [rule.size for rule in rules_from_spec("all") if isinstance(rule, PasswordHistory)] == [3]


def test_an_unknown_rule_name_is_an_error_naming_the_known_ones():
    with pytest.raises(ValueError, match="unknown Cognito rule 'lagging'.*LaggingListUsers"):
        rules_from_spec("lagging")


def test_the_cognito_rules_fixture_installs_rules_by_object_and_by_name(proxy, cognito_rules):
    lockout, history = cognito_rules(Lockout(2), "PasswordHistory=4")
    assert proxy.rules() == [lockout, history]
    assert (lockout.attempts, history.size) == (2, 4)
