# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The only place the collection calls boto3.

Every call is rate limited per Cognito quota category, retried with jittered
backoff while Cognito throttles, and has its errors turned into a
``CognitoError`` that says what failed, for which user and pool, and what to do.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import threading
import time
from typing import Any, Callable, Dict, Iterator, List, NamedTuple, Optional

try:
    import botocore
except ImportError:
    pass  # AnsibleAWSModule reports the missing library.

from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry

from ansible_collections.cognito.user_pool.plugins.module_utils.errors import CognitoError
from ansible_collections.cognito.user_pool.plugins.module_utils.operations import DEFAULT_RATE_LIMITS
from ansible_collections.cognito.user_pool.plugins.module_utils.operations import OPERATIONS

THROTTLING_CODES = frozenset(["TooManyRequestsException", "ThrottlingException", "Throttling"])
USER_POOL_ID_PATTERN = re.compile(r"^(?P<region>[a-z]{2}(?:-[a-z]+)+-\d+)_[0-9a-zA-Z]+$")


def user_pool_region(user_pool_id: str) -> str:
    """The region a user pool lives in, read from its id (``<region>_<suffix>``)."""
    match = USER_POOL_ID_PATTERN.match(user_pool_id or "")
    if not match:
        raise CognitoError(
            f"user_pool_id '{user_pool_id}' is not a Cognito user pool id; "
            "expected '<region>_<id>', for example 'eu-west-1_AbCdEf123'."
        )
    return match.group("region")


def resolve_region(user_pool_id: str, configured_region: Optional[str]) -> str:
    """The region to call: the pool's own, which a configured region must agree with."""
    pool_region = user_pool_region(user_pool_id)
    if configured_region and configured_region != pool_region:
        raise CognitoError(
            f"Region mismatch: user pool {user_pool_id} is in region {pool_region}, "
            f"but the configured region is {configured_region} (from the region option, "
            "AWS_REGION / AWS_DEFAULT_REGION or the profile). Set region to "
            f"{pool_region} or leave it unset so that the pool's region is used."
        )
    return pool_region


def secret_hash(username: str, client_id: str, client_secret: str) -> str:
    """The SECRET_HASH an app client with a secret requires on sign-in."""
    digest = hmac.new(client_secret.encode("utf-8"), (username + client_id).encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


class SignInAnswer(NamedTuple):
    """How Cognito answered one sign-in try."""

    challenge_name: Optional[str] = None  # a challenge instead of tokens, for example NEW_PASSWORD_REQUIRED
    refused: Optional[str] = None  # Cognito's reason for refusing the sign-in (NotAuthorizedException)

    @property
    def signed_in(self) -> bool:
        """Cognito issued tokens: no challenge, no refusal."""
        return self.challenge_name is None and self.refused is None


class RateLimiter:
    """Token buckets, one per Cognito quota category, shared by all worker threads.

    Each category may send a burst of one second's worth of requests, then
    ``rate`` requests a second (the generic cell-rate algorithm: one
    "theoretical arrival time" per category instead of a token count).
    """

    def __init__(self, rates: Optional[Dict[str, float]] = None, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.rates = dict(DEFAULT_RATE_LIMITS)
        self.rates.update(rates or {})
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._arrival: Dict[str, float] = {}

    def acquire(self, category: str) -> None:
        """Block until one request of ``category`` may be sent."""
        rate = self.rates.get(category)
        if not rate or rate <= 0:
            return
        interval = 1.0 / rate
        burst = max(1.0 - interval, 0.0)
        with self._lock:
            now = self._clock()
            arrival = max(self._arrival.get(category, now), now)
            send_at = max(now, arrival - burst)
            self._arrival[category] = arrival + interval
        if send_at > now:
            self._sleep(send_at - now)


class CognitoClient:
    """A cognito-idp client bound to one user pool.

    ``client`` is a boto3 cognito-idp client (from ``AnsibleAWSModule.client``).
    Throttled calls are retried ``retries`` times with jittered backoff.
    """

    def __init__(self, client, user_pool_id: str, region: str, rate_limiter: Optional[RateLimiter] = None,
                 retries: int = 10, retry_delay: float = 0.5, retry_max_delay: float = 10.0) -> None:
        self._client = client
        self.user_pool_id = user_pool_id
        self.region = region
        self._limiter = rate_limiter or RateLimiter()
        self.retries = retries
        self._retry_delay = retry_delay
        self._retry_max_delay = retry_max_delay

    # -- reads -------------------------------------------------------------

    def describe_user_pool(self) -> Dict[str, Any]:
        """The pool's ``UserPool`` structure."""
        return self._call("DescribeUserPool")["UserPool"]

    def get_user(self, username: str) -> Optional[Dict[str, Any]]:
        """``AdminGetUser``'s answer, or None when the user does not exist."""
        try:
            return self._call("AdminGetUser", username=username, Username=username)
        except CognitoError as e:
            if _error_code(e.exception) == "UserNotFoundException":
                return None
            raise

    def list_groups_for_user(self, username: str) -> List[str]:
        """The names of every group the user is in, all pages followed."""
        return [group["GroupName"] for group in self._pages("AdminListGroupsForUser", "Groups", username=username, Username=username)]

    def list_users(self, filter_expression: Optional[str] = None) -> Iterator[Dict[str, Any]]:
        """Every user of the pool matching ``filter_expression``, 60 per call."""
        for page in self.list_user_pages(filter_expression):
            yield from page

    def list_user_pages(self, filter_expression: Optional[str] = None) -> Iterator[List[Dict[str, Any]]]:
        """The users matching ``filter_expression``, one ``ListUsers`` page (up to 60) at a time."""
        params: Dict[str, Any] = {"Limit": 60}
        if filter_expression:
            params["Filter"] = filter_expression
        return self._pages("ListUsers", "Users", token_name="PaginationToken", by_page=True, **params)

    def sign_in(self, username: str, password: str, client_id: str, client_secret: Optional[str],
                client_option: str = "client_id") -> SignInAnswer:
        """Try ``AdminInitiateAuth`` (ADMIN_USER_PASSWORD_AUTH) once and say how Cognito answered.

        Cognito refusing the password or the user (``NotAuthorizedException``:
        a wrong password, a disabled user, a locked-out user) is an answer, not
        an error.  An app client that does not allow the flow, or that does not
        exist, raises ``CognitoError`` naming ``client_option``, the option that
        gave the app client.  Tokens are dropped unseen.
        """
        auth = {"USERNAME": username, "PASSWORD": password}
        if client_secret:
            auth["SECRET_HASH"] = secret_hash(username, client_id, client_secret)
        try:
            answer = self._call("AdminInitiateAuth", username=username, ClientId=client_id,
                                AuthFlow="ADMIN_USER_PASSWORD_AUTH", AuthParameters=auth)
        except CognitoError as e:
            code, message = _error_code(e.exception), _error_message(e.exception)
            if code == "NotAuthorizedException":
                return SignInAnswer(refused=message or "NotAuthorizedException")
            if code == "InvalidParameterException" and "flow" in message.lower():
                raise CognitoError(
                    f"Cannot verify the password of user '{username}': app client {client_id} of user pool "
                    f"{self.user_pool_id} does not allow ADMIN_USER_PASSWORD_AUTH. Add ALLOW_ADMIN_USER_PASSWORD_AUTH "
                    f"to the client's ExplicitAuthFlows, or use another {client_option}.",
                    exception=e.exception,
                ) from None
            if code == "ResourceNotFoundException":
                raise CognitoError(
                    f"Cannot verify the password of user '{username}': app client {client_id} was not found "
                    f"in user pool {self.user_pool_id}. Check {client_option}.",
                    exception=e.exception,
                ) from None
            raise
        return SignInAnswer(challenge_name=answer.get("ChallengeName"))

    def password_matches(self, username: str, password: str, client_id: str, client_secret: Optional[str]) -> bool:
        """Does ``password`` sign ``username`` in?  A success or any challenge means it matches.

        A refused sign-in means it does not, except a lockout, which says
        nothing about the password and raises ``CognitoError``.
        """
        answer = self.sign_in(username, password, client_id, client_secret, client_option="verify_client_id")
        if answer.refused is not None and "attempts exceeded" in answer.refused.lower():
            raise CognitoError(
                f"Cannot verify the password of user '{username}' in user pool {self.user_pool_id}: "
                "Cognito has locked the user out after too many failed sign-in attempts. "
                "Wait for the lockout to expire, or run without verify_client_id."
            )
        return answer.refused is None

    # -- writes ------------------------------------------------------------

    def set_user_password(self, username: str, password: str, permanent: bool) -> None:
        self._call("AdminSetUserPassword", username=username, Username=username, Password=password, Permanent=permanent)

    def create_user(self, username: str, attributes: Dict[str, str], temporary_password: Optional[str] = None,
                    message_action: Optional[str] = "SUPPRESS", delivery_mediums: Optional[List[str]] = None) -> Dict[str, Any]:
        params: Dict[str, Any] = {"Username": username}
        if attributes:
            params["UserAttributes"] = _attribute_list(attributes)
        if temporary_password is not None:
            params["TemporaryPassword"] = temporary_password
        if message_action:
            params["MessageAction"] = message_action
        if delivery_mediums:
            params["DesiredDeliveryMediums"] = delivery_mediums
        return self._call("AdminCreateUser", username=username, **params)["User"]

    def update_user_attributes(self, username: str, attributes: Dict[str, str]) -> None:
        self._call("AdminUpdateUserAttributes", username=username, Username=username, UserAttributes=_attribute_list(attributes))

    def delete_user_attributes(self, username: str, names: List[str]) -> None:
        self._call("AdminDeleteUserAttributes", username=username, Username=username, UserAttributeNames=names)

    def enable_user(self, username: str) -> None:
        self._call("AdminEnableUser", username=username, Username=username)

    def disable_user(self, username: str) -> None:
        self._call("AdminDisableUser", username=username, Username=username)

    def add_user_to_group(self, username: str, group: str) -> None:
        self._call("AdminAddUserToGroup", username=username, Username=username, GroupName=group)

    def remove_user_from_group(self, username: str, group: str) -> None:
        self._call("AdminRemoveUserFromGroup", username=username, Username=username, GroupName=group)

    def delete_user(self, username: str) -> None:
        self._call("AdminDeleteUser", username=username, Username=username)

    def rate(self, category: str) -> float:
        """The client-side request rate of a quota category; 0 when unpaced."""
        return self._limiter.rates.get(category) or 0.0

    def user_not_found(self, username: str) -> CognitoError:
        """The error for a user that must exist and does not."""
        return CognitoError(
            f"User '{username}' was not found in user pool {self.user_pool_id} (region {self.region}). "
            "Check the username, or create the user first (cognito.user_pool.cognito_user)."
        )

    # -- plumbing ----------------------------------------------------------

    def _pages(self, operation: str, key: str, username: Optional[str] = None, token_name: str = "NextToken",
               by_page: bool = False, **params) -> Iterator[Any]:
        """The items under ``key`` of every page (or, ``by_page``, each page's list), pages read lazily."""
        while True:
            page = self._call(operation, username=username, **params)
            if by_page:
                yield page.get(key, [])
            else:
                yield from page.get(key, [])
            token = page.get(token_name)
            if not token:
                return
            params[token_name] = token

    def _call(self, operation: str, username: Optional[str] = None, **params) -> Dict[str, Any]:
        """Send one operation, rate limited and retried; translate its errors."""
        spec = OPERATIONS[operation]
        method = getattr(self._client, _snake(operation))

        def attempt():
            self._limiter.acquire(spec.category)
            return method(UserPoolId=self.user_pool_id, **params)

        # A decorator per call: AWSRetry's backoff iterator holds state that
        # threads must not share.
        retrying = AWSRetry.jittered_backoff(
            retries=self.retries, delay=self._retry_delay, max_delay=self._retry_max_delay,
            catch_extra_error_codes=list(THROTTLING_CODES),
        )(attempt)
        try:
            return retrying()
        except botocore.exceptions.ClientError as e:
            raise CognitoError(self._explain(operation, username, e), exception=e) from None
        except botocore.exceptions.BotoCoreError as e:
            raise CognitoError(
                f"Could not call {operation} on user pool {self.user_pool_id} in region {self.region}: {e}. "
                "Check the endpoint, network and credentials.",
                exception=e,
            ) from None

    def _explain(self, operation: str, username: Optional[str], error) -> str:
        code = _error_code(error)
        pool = f"user pool {self.user_pool_id}"
        who = f"user '{username}' in {pool}" if username else pool
        # moto's IAM enforcement answers in XML that botocore reads as a bare HTTP 403.
        if code in ("AccessDeniedException", "AccessDenied", "UnauthorizedOperation", "403"):
            action = OPERATIONS[operation].iam_action
            return (
                f"Access denied: the AWS identity running this task may not call {action} on {pool} "
                f"(region {self.region}). Allow {action} on the pool's ARN in its IAM policy; "
                "docs/iam.md lists every action the collection needs."
            )
        if code == "ResourceNotFoundException":
            return (
                f"User pool {self.user_pool_id} was not found in region {self.region}. Check user_pool_id, "
                "and that the credentials and endpoint belong to the account that owns the pool."
            )
        if code == "UserNotFoundException":
            return self.user_not_found(username).message
        if code == "InvalidPasswordException":
            return f"Cognito rejected the password for {who}. Choose a password that meets the pool's password policy."
        if code == "PasswordHistoryPolicyViolationException":
            return f"Cognito rejected the password for {who}: it was used recently. Choose a password not in the user's history."
        if code in THROTTLING_CODES:
            return (
                f"Cognito kept throttling {operation} for {who} through {self.retries} retries. "
                "Lower max_concurrency or rate_limits, or raise the account's Cognito request quota."
            )
        if code in ("UnrecognizedClientException", "InvalidSignatureException", "ExpiredTokenException"):
            return f"AWS did not accept the credentials calling {operation} on {pool}. Check the access key, secret key, session token or profile."
        return f"{operation} failed for {who}: {code}: {_error_message(error)}"


def _attribute_list(attributes: Dict[str, str]) -> List[Dict[str, str]]:
    return [{"Name": name, "Value": value} for name, value in attributes.items()]


def _error_code(error) -> str:
    return getattr(error, "response", {}).get("Error", {}).get("Code", "")


def _error_message(error) -> str:
    return getattr(error, "response", {}).get("Error", {}).get("Message", "") or ""


def _snake(operation: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", operation).lower()
