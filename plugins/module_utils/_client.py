# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The only place the collection calls boto3.

Private to the collection: not an API, may change in any release.

One retry layer: botocore's own retries are switched off in the client's
``Config`` (``total_max_attempts`` 1, see ``_connection.py``) and this client
retries throttled, transiently failing and unanswered calls itself, with
jittered exponential backoff.  Doing it here, not in botocore, is what lets the
rate limiter pace every HTTP attempt (retries included) and learn from every
throttled one (its category's rate adapts, see ``_pacing.py``), lets the early stop
see every connection failure across the worker threads, and lets messages
count the attempts that were really made.  Pagination follows each page's
token through the same single-call path, so a throttled page is retried alone;
botocore's paginators would need botocore's retries for that.
"""

from __future__ import annotations

import random
import re
import threading
import time
from collections import Counter
from typing import Any, Callable, Dict, Iterator, List, Mapping, NamedTuple, Optional, Tuple

try:
    import botocore.exceptions
except ImportError:
    pass  # AnsibleAWSModule reports the missing library.

from ansible_collections.cognito.user_pool.plugins.module_utils._errors import PUBLIC_ENDPOINT_HINT
from ansible_collections.cognito.user_pool.plugins.module_utils._errors import THROTTLING_CODES
from ansible_collections.cognito.user_pool.plugins.module_utils._errors import TRANSIENT_CODES
from ansible_collections.cognito.user_pool.plugins.module_utils._errors import CallContext
from ansible_collections.cognito.user_pool.plugins.module_utils._errors import CognitoError
from ansible_collections.cognito.user_pool.plugins.module_utils._errors import error_code
from ansible_collections.cognito.user_pool.plugins.module_utils._errors import explain_client_error
from ansible_collections.cognito.user_pool.plugins.module_utils._errors import explain_transport_error
from ansible_collections.cognito.user_pool.plugins.module_utils._pacing import Breaker
from ansible_collections.cognito.user_pool.plugins.module_utils._pacing import RateLimiter

LIST_USERS_PAGE_SIZE = 60  # ListUsers' Limit: "The maximum number of users that you want Amazon Cognito to return" (1-60)
LIST_GROUPS_PAGE_SIZE = 60


class RetryPolicy(NamedTuple):
    """How often and how patiently one call is tried."""

    max_attempts: int = 8
    base_delay: float = 0.25
    max_delay: float = 10.0

    def delay(self, attempt: int, draw: Callable[[], float] = random.random) -> float:
        """Full jitter: a random wait up to base * 2^(attempt - 1), capped at max_delay."""
        return draw() * min(self.max_delay, self.base_delay * 2 ** (attempt - 1))


class CognitoClient:
    """A cognito-idp client bound to one user pool.

    ``client`` is a boto3 cognito-idp client whose own retries are off.  Each
    call is paced by ``rate_limiter`` per attempt, retried under
    ``retry_policy``, and its failure turned into a ``CognitoError`` that says
    what failed and what to do.
    """

    def __init__(self, client, user_pool_id: str, region: str, rate_limiter: Optional[RateLimiter] = None,
                 retry_policy: RetryPolicy = RetryPolicy(), breaker: Optional[Breaker] = None,
                 sleep: Callable[[float], None] = time.sleep, endpoint: Optional[str] = None) -> None:
        self._client = client
        self.user_pool_id = user_pool_id
        self.region = region
        self.limiter = rate_limiter or RateLimiter()
        self.retry_policy = retry_policy
        self.breaker = breaker or Breaker(limit=0)
        self._sleep = sleep
        self.endpoint = endpoint
        self._lock = threading.Lock()
        self.attempts: Counter = Counter()  # HTTP attempts per operation
        self.throttled: Counter = Counter()  # attempts answered with throttling, per operation
        self.pool_exists = False  # DescribeUserPool answered for this pool

    # -- one call ----------------------------------------------------------

    def call(self, operation: str, request: Mapping[str, Any], client_option: str = "client_id") -> Dict[str, Any]:
        """Send ``operation`` with ``request`` (``UserPoolId`` added): paced, retried, errors explained."""
        context = self.context(request, client_option)
        method = getattr(self._client, _snake(operation))
        attempt = 0
        while True:
            if self.breaker.opened:
                raise self.unreachable_error(operation, context)
            attempt += 1
            sent_at = self.limiter.acquire(operation, context.username)
            self._count(self.attempts, operation)
            try:
                answer = method(UserPoolId=self.user_pool_id, **request)
            except botocore.exceptions.ClientError as e:
                self.breaker.answered()
                code = error_code(e)
                if code in THROTTLING_CODES:
                    self._count(self.throttled, operation)
                    self.limiter.throttled(operation, sent_at)
                if (code in THROTTLING_CODES or code in TRANSIENT_CODES) and attempt < self.retry_policy.max_attempts:
                    self._sleep(self.retry_policy.delay(attempt))
                    continue
                raise CognitoError(explain_client_error(operation, e, context, attempt), e, attempts=attempt) from None
            except (botocore.exceptions.ConnectionError, botocore.exceptions.HTTPClientError) as e:
                self.breaker.failed(type(e).__name__)
                if self.breaker.opened:
                    raise self.unreachable_error(operation, context, e) from None
                if attempt < self.retry_policy.max_attempts:
                    self._sleep(self.retry_policy.delay(attempt))
                    continue
                raise CognitoError(explain_transport_error(operation, e, context, attempt, self.endpoint), e,
                                   attempts=attempt) from None
            except botocore.exceptions.BotoCoreError as e:
                raise CognitoError(explain_transport_error(operation, e, context, attempt, self.endpoint), e,
                                   attempts=attempt) from None
            self.breaker.answered()
            return answer

    def pages(self, operation: str, request: Mapping[str, Any], items: str, token: str = "NextToken",
              next_token: Optional[str] = None) -> Iterator[List[Dict[str, Any]]]:
        """The ``items`` of each page of ``operation``, read lazily; each page is one paced, retried call.

        ``token`` names the pagination token in both request and answer, as
        Cognito's list operations do; ``next_token`` names the answer's one when
        it differs (``ListUsers`` answers ``PaginationToken``, as it is asked).
        """
        params = dict(request)
        while True:
            answer = self.call(operation, params)
            yield answer.get(items, [])
            following = answer.get(next_token or token)
            if not following:
                return
            params[token] = following

    def context(self, request: Mapping[str, Any], client_option: str = "client_id") -> CallContext:
        """What a request is about, for its messages: user, group, app client."""
        username = request.get("Username")
        if username is None:
            username = ((request.get("AuthParameters") or request.get("ChallengeResponses") or {}).get("USERNAME"))
        return CallContext(self.user_pool_id, self.region, username=username, group=request.get("GroupName"),
                           client_id=request.get("ClientId"), client_option=client_option)

    def unreachable_error(self, operation: str, context: CallContext, error: Optional[BaseException] = None) -> CognitoError:
        """The one message every remaining user gets once the endpoint is plainly gone."""
        where = f" at {self.endpoint}" if self.endpoint else f" in region {self.region}"
        return CognitoError(
            f"Stopped early: Cognito{where} did not answer {self.breaker.limit} requests in a row "
            f"(the last failed with {self.breaker.last_failure}), so {operation} for {context.subject} was not sent. "
            "Check the endpoint, network and proxy settings; connection_failure_limit sets how many failures in a row "
            "stop a run, and request_timeout how long one request may take."
            + ("" if self.endpoint else " " + PUBLIC_ENDPOINT_HINT),
            error, unreachable=True,
        )

    # -- reads ---------------------------------------------------------------

    def describe_user_pool(self) -> Dict[str, Any]:
        """The pool's ``UserPool`` structure."""
        user_pool = self.call("DescribeUserPool", {})["UserPool"]
        self.pool_exists = True
        return user_pool

    def get_user(self, username: str) -> Optional[Dict[str, Any]]:
        """``AdminGetUser``'s answer (strongly consistent), or None when the user does not exist."""
        try:
            return self.call("AdminGetUser", {"Username": username})
        except CognitoError as e:
            if e.code == "UserNotFoundException":
                return None
            raise

    def list_groups_for_user(self, username: str) -> List[str]:
        """The names of every group the user is in."""
        return [group["GroupName"] for page in self.pages("AdminListGroupsForUser", {"Username": username}, "Groups")
                for group in page]

    def list_user_pages(self, filter_expression: Optional[str] = None) -> Iterator[List[Dict[str, Any]]]:
        """The users matching ``filter_expression``, one ``ListUsers`` page at a time."""
        request: Dict[str, Any] = {"Limit": LIST_USERS_PAGE_SIZE}
        if filter_expression:
            request["Filter"] = filter_expression
        return self.pages("ListUsers", request, "Users", token="PaginationToken")

    def list_users_page(self, filter_expression: Optional[str], token: Optional[str]) -> Tuple[List[Dict[str, Any]], Optional[str]]:
        """One ``ListUsers`` page: its users, and the token of the next page (None at the end)."""
        request: Dict[str, Any] = {"Limit": LIST_USERS_PAGE_SIZE}
        if filter_expression:
            request["Filter"] = filter_expression
        if token:
            request["PaginationToken"] = token
        answer = self.call("ListUsers", request)
        return answer.get("Users", []), answer.get("PaginationToken")

    def list_users(self, filter_expression: Optional[str] = None) -> Iterator[Dict[str, Any]]:
        for page in self.list_user_pages(filter_expression):
            yield from page

    def get_group(self, name: str) -> Optional[Dict[str, Any]]:
        """``GetGroup``'s ``Group``, or None when the pool has no such group."""
        try:
            return self.call("GetGroup", {"GroupName": name})["Group"]
        except CognitoError as e:
            if e.code != "ResourceNotFoundException":
                raise
        # GetGroup's API reference gives one ResourceNotFoundException ("can't find the requested resource") for a
        # missing group and a missing pool alike: once DescribeUserPool has answered, it is the group's.
        if not self.pool_exists:
            self.describe_user_pool()  # fails, naming the pool, when the pool is the missing resource
        return None

    def list_groups(self) -> Iterator[Dict[str, Any]]:
        for page in self.pages("ListGroups", {"Limit": LIST_GROUPS_PAGE_SIZE}, "Groups"):
            yield from page

    def list_users_in_group(self, group: str) -> Iterator[Dict[str, Any]]:
        for page in self.pages("ListUsersInGroup", {"GroupName": group, "Limit": LIST_USERS_PAGE_SIZE}, "Users"):
            yield from page

    # -- bookkeeping ---------------------------------------------------------

    def rate(self, category: str) -> float:
        """The client-side request rate of a quota category now (its ceiling, or less after throttles); 0 when unpaced."""
        return self.limiter.current_rate(category)

    def _count(self, counter: Counter, operation: str) -> None:
        with self._lock:
            counter[operation] += 1


def _snake(operation: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", operation).lower()
