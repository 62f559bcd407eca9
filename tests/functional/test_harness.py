# -*- coding: utf-8 -*-
"""The harness itself: the proxy records and throttles as the module tests rely on."""

from __future__ import annotations

import boto3
import botocore.config
import pytest
from botocore.exceptions import ClientError

from functional_harness.cognito import REGION
from functional_harness.moto_server import FAKE_CREDENTIALS
from functional_harness.proxy import RecordedRequest
from functional_harness.proxy import ThrottleFirst
from functional_harness.proxy import ThrottleShare
from functional_harness.proxy import ThrottleWhen
from functional_harness.proxy import TokenBuckets


def _client_through(proxy):
    # No botocore retries: every throttling answer reaches the test.
    return boto3.client(
        "cognito-idp", region_name=REGION, endpoint_url=proxy.url,
        aws_access_key_id=FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        config=botocore.config.Config(retries={"mode": "standard", "total_max_attempts": 1}),
    )


def _request(operation):
    return RecordedRequest(0, "POST", "/", operation, b"")


def test_proxy_forwards_to_moto_and_records_each_operation(proxy):
    client = _client_through(proxy)
    pool_id = client.create_user_pool(PoolName="through-the-proxy")["UserPool"]["Id"]
    assert client.describe_user_pool(UserPoolId=pool_id)["UserPool"]["Name"] == "through-the-proxy"
    assert proxy.operations() == ["CreateUserPool", "DescribeUserPool"]
    assert proxy.requests_for("DescribeUserPool")[0].json() == {"UserPoolId": pool_id}


def test_throttling_answer_is_what_botocore_reads_as_cognito_throttling(proxy):
    proxy.set_policy(ThrottleWhen(lambda request: request.operation == "ListUserPools"))
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


class _Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_token_buckets_throttle_a_category_beyond_its_burst_and_refill_at_its_rate():
    clock = _Clock()
    policy = TokenBuckets({"UserUpdate": 2.0}, clock=clock)
    request = _request("AdminSetUserPassword")
    assert [policy.should_throttle(request) for attempt in range(3)] == [False, False, True]
    clock.now += 0.5
    assert [policy.should_throttle(request) for attempt in range(2)] == [False, True]


def test_token_buckets_take_categories_from_the_collections_operation_table():
    policy = TokenBuckets({"UserUpdate": 1.0}, clock=_Clock())
    assert policy.should_throttle(_request("AdminDisableUser")) is False
    assert policy.should_throttle(_request("AdminSetUserPassword")) is True  # same category, bucket empty
    assert policy.should_throttle(_request("AdminGetUser")) is False  # UserRead has no rate here
