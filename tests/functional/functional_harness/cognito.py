# -*- coding: utf-8 -*-
"""Pools, app clients and users in a given status, made with boto3 straight against moto.

These calls bypass the proxy, so they never show up among the operations a
playbook run is counted for.

moto cannot put a user in ``EXTERNAL_PROVIDER`` (no federation) or
``COMPROMISED`` (no compromised-credentials detection); those rows of the
status table are covered by the unit tests of the planner and the module.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any, Dict, List, NamedTuple, Optional

import boto3

from .moto_server import FAKE_CREDENTIALS

REGION = "us-east-1"

FORCE_CHANGE_PASSWORD = "FORCE_CHANGE_PASSWORD"
CONFIRMED = "CONFIRMED"
RESET_REQUIRED = "RESET_REQUIRED"
UNCONFIRMED = "UNCONFIRMED"

STRICT_PASSWORD_POLICY: Dict[str, Any] = {
    "MinimumLength": 12,
    "RequireUppercase": True,
    "RequireLowercase": True,
    "RequireNumbers": True,
    "RequireSymbols": True,
}

ADMIN_AUTH_FLOWS = ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
SIGN_UP_AUTH_FLOWS = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]


class AppClient(NamedTuple):
    client_id: str
    client_secret: Optional[str] = None


def expected_secret_hash(username: str, client: AppClient) -> str:
    """The SECRET_HASH Cognito expects, computed as its documentation describes."""
    message = (username + client.client_id).encode("utf-8")
    return base64.b64encode(hmac.new(client.client_secret.encode("utf-8"), message, hashlib.sha256).digest()).decode()


class CognitoSetup:
    """Builds the Cognito state a test starts from, and reads it back afterwards."""

    def __init__(self, endpoint_url: str) -> None:
        self.client = boto3.client(
            "cognito-idp", region_name=REGION, endpoint_url=endpoint_url,
            aws_access_key_id=FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        )
        self._sign_up_clients: Dict[str, AppClient] = {}

    def create_pool(self, name: str = "functional", password_policy: Optional[Dict[str, Any]] = None,
                    username_attributes: Optional[List[str]] = None) -> str:
        """A new user pool's id; its password policy is moto's default unless given."""
        params: Dict[str, Any] = {"PoolName": name}
        if password_policy is not None:
            params["Policies"] = {"PasswordPolicy": password_policy}
        if username_attributes:
            params["UsernameAttributes"] = username_attributes
        return self.client.create_user_pool(**params)["UserPool"]["Id"]

    def create_app_client(self, pool_id: str, generate_secret: bool = False,
                          auth_flows: Optional[List[str]] = None) -> AppClient:
        """An app client that allows ADMIN_USER_PASSWORD_AUTH unless other flows are given."""
        created = self.client.create_user_pool_client(
            UserPoolId=pool_id, ClientName="secret" if generate_secret else "public",
            GenerateSecret=generate_secret, ExplicitAuthFlows=auth_flows or ADMIN_AUTH_FLOWS,
        )["UserPoolClient"]
        return AppClient(created["ClientId"], created.get("ClientSecret"))

    def create_user(self, pool_id: str, username: str, user_status: str, password: str,
                    attributes: Optional[Dict[str, str]] = None) -> str:
        """A user in ``user_status`` whose current password is ``password``; returns its Username.

        The Username differs from ``username`` in a pool whose usernames are
        e-mail addresses: Cognito then names the user by its ``sub``.
        """
        attributes = dict(attributes or {})
        if "@" in username:
            attributes.setdefault("email", username)
        if user_status == UNCONFIRMED:
            self._sign_up(pool_id, username, password, attributes)
        else:
            if user_status == RESET_REQUIRED:
                # Cognito resets only users it can send the code to.
                attributes.setdefault("email", f"{username}@example.com")
                attributes.setdefault("email_verified", "true")
            self.client.admin_create_user(
                UserPoolId=pool_id, Username=username, TemporaryPassword=password, MessageAction="SUPPRESS",
                UserAttributes=[{"Name": name, "Value": value} for name, value in attributes.items()],
            )
            if user_status in (CONFIRMED, RESET_REQUIRED):
                self.client.admin_set_user_password(UserPoolId=pool_id, Username=username, Password=password,
                                                    Permanent=True)
            if user_status == RESET_REQUIRED:
                self.client.admin_reset_user_password(UserPoolId=pool_id, Username=username)
        user = self.user(pool_id, username)
        if user["UserStatus"] != user_status:
            raise RuntimeError(f"moto left user {username} in {user['UserStatus']}, not {user_status}")
        return user["Username"]

    def usernames(self, pool_id: str) -> List[str]:
        """Every username in the pool, sorted."""
        pages = self.client.get_paginator("list_users").paginate(UserPoolId=pool_id)
        return sorted(user["Username"] for page in pages for user in page["Users"])

    def disable_user(self, pool_id: str, username: str) -> None:
        self.client.admin_disable_user(UserPoolId=pool_id, Username=username)

    def user(self, pool_id: str, username: str) -> Dict[str, Any]:
        """``AdminGetUser``'s answer."""
        return self.client.admin_get_user(UserPoolId=pool_id, Username=username)

    def user_status(self, pool_id: str, username: str) -> str:
        return self.user(pool_id, username)["UserStatus"]

    def sign_in(self, pool_id: str, app_client: AppClient, username: str, password: str) -> Dict[str, Any]:
        """``AdminInitiateAuth`` with ADMIN_USER_PASSWORD_AUTH; raises on a refused sign-in."""
        parameters = {"USERNAME": username, "PASSWORD": password}
        if app_client.client_secret:
            parameters["SECRET_HASH"] = expected_secret_hash(username, app_client)
        return self.client.admin_initiate_auth(
            UserPoolId=pool_id, ClientId=app_client.client_id, AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters=parameters,
        )

    def _sign_up(self, pool_id: str, username: str, password: str, attributes: Dict[str, str]) -> None:
        if pool_id not in self._sign_up_clients:
            self._sign_up_clients[pool_id] = self.create_app_client(pool_id, auth_flows=SIGN_UP_AUTH_FLOWS)
        self.client.sign_up(
            ClientId=self._sign_up_clients[pool_id].client_id, Username=username, Password=password,
            UserAttributes=[{"Name": name, "Value": value} for name, value in attributes.items()],
        )
