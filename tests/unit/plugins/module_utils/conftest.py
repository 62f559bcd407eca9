# -*- coding: utf-8 -*-
"""A CognitoClient on botocore's Stubber, for tests of Cognito's answers moto does not give."""

from __future__ import annotations

import boto3
import botocore.config
import pytest
from botocore.stub import Stubber

from ansible_collections.cognito.user_pool.plugins.module_utils._client import CognitoClient
from ansible_collections.cognito.user_pool.plugins.module_utils._client import RetryPolicy
from ansible_collections.cognito.user_pool.plugins.module_utils._operations import DEFAULT_RATE_LIMITS
from ansible_collections.cognito.user_pool.plugins.module_utils._pacing import RateLimiter
from stubbed_cognito import POOL


@pytest.fixture
def sleeps():
    """The backoff waits a client asked for, instead of waiting."""
    return []


@pytest.fixture
def stub_client(sleeps):
    """``stub_client(max_attempts)`` -> (CognitoClient unpaced, its Stubber); no stubbed answer may be left over."""
    stubbers = []

    def make(max_attempts: int = 4):
        client = boto3.client("cognito-idp", region_name="eu-west-1", aws_access_key_id="k", aws_secret_access_key="s",
                              config=botocore.config.Config(retries={"mode": "standard", "total_max_attempts": 1}))
        stubber = Stubber(client)
        stubber.activate()
        stubbers.append(stubber)
        unpaced = RateLimiter({category: 0 for category in DEFAULT_RATE_LIMITS})
        return CognitoClient(client, POOL, "eu-west-1", rate_limiter=unpaced,
                             retry_policy=RetryPolicy(max_attempts=max_attempts), sleep=sleeps.append), stubber

    yield make
    for stubber in stubbers:
        stubber.assert_no_pending_responses()
        stubber.deactivate()
