# -*- coding: utf-8 -*-
"""The README's troubleshooting section quotes the modules' messages exactly."""

from __future__ import annotations

from pathlib import Path

import botocore.exceptions
import pytest

from ansible_collections.cognito.user_pool.plugins.module_utils._errors import CallContext
from ansible_collections.cognito.user_pool.plugins.module_utils._errors import CognitoError
from ansible_collections.cognito.user_pool.plugins.module_utils._errors import PUBLIC_ENDPOINT_HINT
from ansible_collections.cognito.user_pool.plugins.module_utils._errors import explain_client_error
from ansible_collections.cognito.user_pool.plugins.module_utils._errors import user_not_found
from ansible_collections.cognito.user_pool.plugins.module_utils._partitions import resolve_region
from ansible_collections.cognito.user_pool.plugins.module_utils._password_policy import PasswordPolicy

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()
POOL = "eu-west-1_AbCdEf123"


def _message(call):
    with pytest.raises(CognitoError) as error:
        call()
    return error.value.message


def test_permissions_message_is_quoted():
    aws_text = ("User: arn:aws:iam::123456789012:user/ci is not authorized to perform: cognito-idp:AdminSetUserPassword "
                f"on resource: arn:aws:cognito-idp:eu-west-1:123456789012:userpool/{POOL}")
    denied = botocore.exceptions.ClientError({"Error": {"Code": "AccessDeniedException", "Message": aws_text}},
                                             "AdminSetUserPassword")
    assert explain_client_error("AdminSetUserPassword", denied, CallContext(POOL, "eu-west-1", username="alice")) in README


def test_password_policy_message_is_quoted():
    policy = PasswordPolicy(minimum_length=12)
    assert _message(lambda: policy.check("Abcdefgh123", "alice", POOL)) in README


def test_user_not_found_message_is_quoted():
    assert user_not_found(CallContext(POOL, "eu-west-1", username="alice")) in README


def test_region_mismatch_message_is_quoted():
    assert _message(lambda: resolve_region(POOL, "us-east-1")) in README


def test_public_endpoint_hint_is_quoted():
    assert PUBLIC_ENDPOINT_HINT in README
