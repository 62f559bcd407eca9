# -*- coding: utf-8 -*-
"""boto3 straight to moto, for the proxy's rules: what moto holds, read without being recorded.

A rule that plays one of Cognito's rules sometimes needs moto's state: the
user as it was before a write, a pool's password policy, an app client's
secret.  These reads go to moto directly, never through the proxy, so they
never show up among the operations a test counts.

A read that moto refuses for any reason other than "no such user" raises
``LookupFailed``; the proxy then lets the rule stand aside for that request
(moto refuses them all while a test makes it enforce IAM on the fake keys).
"""

from __future__ import annotations

import threading
from typing import Any, Dict, Iterator, List, Optional

import boto3
import botocore.config
from botocore.exceptions import BotoCoreError, ClientError

from .moto_server import FAKE_CREDENTIALS

DEFAULT_REGION = "us-east-1"

# One try and short timeouts: a rule's read must never hold the proxy up for long.
_LOOKUP_CONFIG = botocore.config.Config(
    retries={"mode": "standard", "total_max_attempts": 1}, connect_timeout=5, read_timeout=30,
)


class LookupFailed(Exception):
    """moto did not answer a rule's read."""


def region_of_pool(user_pool_id: str) -> Optional[str]:
    """The region a user pool id names (``us-east-1_AbC`` -> ``us-east-1``), or None for a malformed id."""
    region, separator, rest = user_pool_id.partition("_")
    return region if separator and region and rest else None


class MotoLookup:
    """Cognito reads straight against moto at ``url``, one boto3 client per region."""

    def __init__(self, url: str, default_region: str = DEFAULT_REGION) -> None:
        self.url = url
        self.default_region = default_region
        self._clients: Dict[str, Any] = {}
        self._lock = threading.Lock()

    def client(self, region: Optional[str] = None):
        """The boto3 ``cognito-idp`` client for ``region`` (default: ``default_region``)."""
        region = region or self.default_region
        with self._lock:
            if region not in self._clients:
                self._clients[region] = boto3.client(
                    "cognito-idp", region_name=region, endpoint_url=self.url, config=_LOOKUP_CONFIG,
                    aws_access_key_id=FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
                    aws_secret_access_key=FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
                )
            return self._clients[region]

    def user(self, user_pool_id: str, username: str) -> Optional[Dict[str, Any]]:
        """``AdminGetUser``'s answer, or None when moto has no such user."""
        try:
            return self._call(user_pool_id, "admin_get_user", UserPoolId=user_pool_id, Username=username)
        except ClientError as e:
            if e.response.get("Error", {}).get("Code") == "UserNotFoundException":
                return None
            raise LookupFailed(f"AdminGetUser: {e}") from None

    def user_pool(self, user_pool_id: str) -> Dict[str, Any]:
        """``DescribeUserPool``'s ``UserPool``."""
        return self._read(user_pool_id, "describe_user_pool", UserPoolId=user_pool_id)["UserPool"]

    def users(self, user_pool_id: str) -> List[Dict[str, Any]]:
        """Every user of the pool, as ``ListUsers`` lists them."""
        return list(self._all_users(user_pool_id))

    def app_client(self, client_id: str, user_pool_id: Any) -> Optional[Dict[str, Any]]:
        """``DescribeUserPoolClient``'s ``UserPoolClient``, or None when moto has no such client (or no pool is named)."""
        if not isinstance(user_pool_id, str) or not user_pool_id:
            return None
        try:
            return self._call(user_pool_id, "describe_user_pool_client", UserPoolId=user_pool_id,
                              ClientId=client_id)["UserPoolClient"]
        except ClientError as e:
            if e.response.get("Error", {}).get("Code") == "ResourceNotFoundException":
                return None
            raise LookupFailed(f"DescribeUserPoolClient: {e}") from None

    def _all_users(self, user_pool_id: str) -> Iterator[Dict[str, Any]]:
        try:
            pages = self._client_for(user_pool_id).get_paginator("list_users").paginate(UserPoolId=user_pool_id)
            for page in pages:
                yield from page["Users"]
        except (ClientError, BotoCoreError) as e:
            raise LookupFailed(f"ListUsers: {e}") from None

    def _client_for(self, user_pool_id: str):
        return self.client(region_of_pool(user_pool_id))

    def _call(self, user_pool_id: str, method: str, **params: Any) -> Dict[str, Any]:
        """One call; ClientError is the caller's to judge, any other failure is LookupFailed."""
        try:
            return getattr(self._client_for(user_pool_id), method)(**params)
        except BotoCoreError as e:
            raise LookupFailed(f"{method}: {e}") from None

    def _read(self, user_pool_id: str, method: str, **params: Any) -> Dict[str, Any]:
        try:
            return self._call(user_pool_id, method, **params)
        except ClientError as e:
            raise LookupFailed(f"{method}: {e}") from None
