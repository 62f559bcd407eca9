# -*- coding: utf-8 -*-
"""A CognitoClient on botocore's Stubber, for tests of Cognito's answers moto does not give."""

from __future__ import annotations

import boto3
import pytest
from botocore.stub import Stubber

from ansible_collections.cognito.user_pool.plugins.module_utils.client import CognitoClient
from ansible_collections.cognito.user_pool.plugins.module_utils.client import RateLimiter
from ansible_collections.cognito.user_pool.plugins.module_utils.operations import DEFAULT_RATE_LIMITS

STUB_POOL = "eu-west-1_TestPool1"


@pytest.fixture
def stub_client():
    """``stub_client(retries)`` -> (CognitoClient unpaced, its Stubber); no stubbed answer may be left over."""
    stubbers = []

    def make(retries: int):
        client = boto3.client("cognito-idp", region_name="eu-west-1", aws_access_key_id="k", aws_secret_access_key="s")
        stubber = Stubber(client)
        stubber.activate()
        stubbers.append(stubber)
        unpaced = RateLimiter({category: 0 for category in DEFAULT_RATE_LIMITS})
        return CognitoClient(client, STUB_POOL, "eu-west-1", rate_limiter=unpaced, retries=retries), stubber

    yield make
    for stubber in stubbers:
        stubber.assert_no_pending_responses()
        stubber.deactivate()
