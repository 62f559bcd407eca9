# -*- coding: utf-8 -*-
"""A connection failure names the likely cause: with no endpoint_url, the requests went to AWS's public endpoint,
most often because endpoint_url was set under a module_defaults group that does not reach these modules."""

from __future__ import annotations

from typing import Optional

import boto3
import botocore.exceptions
import pytest

from ansible_collections.cognito.user_pool.plugins.module_utils._client import CognitoClient
from ansible_collections.cognito.user_pool.plugins.module_utils._client import RetryPolicy
from ansible_collections.cognito.user_pool.plugins.module_utils._errors import CognitoError
from ansible_collections.cognito.user_pool.plugins.module_utils._operations import DEFAULT_RATE_LIMITS
from ansible_collections.cognito.user_pool.plugins.module_utils._pacing import Breaker
from ansible_collections.cognito.user_pool.plugins.module_utils._pacing import RateLimiter

HINT = ("No endpoint_url was given, so the requests went to AWS's public endpoint. To reach another endpoint (a local "
        "moto server, a VPC endpoint), set endpoint_url on the task or under module_defaults for "
        "group/cognito.user_pool.aws; group/aws and group/amazon.aws.aws do not reach these modules.")


def unreachable_client(endpoint: Optional[str], breaker_limit: int) -> CognitoClient:
    """A client whose every request fails to connect, before anything leaves the machine."""
    boto = boto3.client("cognito-idp", region_name="eu-west-1", aws_access_key_id="k", aws_secret_access_key="s",
                        endpoint_url=endpoint)

    def refuse(request, **kwargs):
        raise botocore.exceptions.EndpointConnectionError(endpoint_url=request.url)

    boto.meta.events.register("before-send.cognito-idp", refuse)
    return CognitoClient(boto, "eu-west-1_TestPool1", "eu-west-1", RateLimiter({c: 0 for c in DEFAULT_RATE_LIMITS}),
                         RetryPolicy(max_attempts=2, base_delay=0, max_delay=0), Breaker(breaker_limit), endpoint=endpoint)


def message(client: CognitoClient) -> str:
    with pytest.raises(CognitoError) as raised:
        client.describe_user_pool()
    return raised.value.message


def test_stopping_early_at_the_public_endpoint_names_endpoint_url_and_the_collections_group():
    text = message(unreachable_client(None, breaker_limit=1))
    assert text.startswith("Stopped early: Cognito in region eu-west-1 did not answer 1 requests in a row "
                           "(the last failed with EndpointConnectionError)")
    assert text.endswith(" " + HINT)


def test_failing_to_reach_the_public_endpoint_names_endpoint_url_and_the_collections_group():
    text = message(unreachable_client(None, breaker_limit=0))
    assert text.startswith("Could not reach Cognito for DescribeUserPool on user pool eu-west-1_TestPool1")
    assert text.endswith("Check the endpoint, network and proxy settings. " + HINT)


@pytest.mark.parametrize("limit", [0, 1])
def test_a_given_endpoint_url_gets_no_such_hint(limit):
    text = message(unreachable_client("http://127.0.0.1:9", breaker_limit=limit))
    assert "http://127.0.0.1:9" in text and "endpoint_url" not in text
