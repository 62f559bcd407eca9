# -*- coding: utf-8 -*-
"""A recording, throttling HTTP proxy to put in front of moto.

Playbooks use the proxy's URL as ``endpoint_url``.  Every request is recorded
with its Cognito operation (from the ``X-Amz-Target`` header), so tests can
count calls; a policy object decides, request by request, whether the proxy
forwards it to moto or answers it as a throttled Cognito would.  moto itself
never throttles.
"""

from __future__ import annotations

import http.client
import json
import random
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Collection, Dict, Iterable, List, Mapping, Optional, Protocol
from urllib.parse import urlsplit

TARGET_PREFIX = "AWSCognitoIdentityProviderService."

# What Cognito answers when a request exceeds the account's quota.
THROTTLING_STATUS = 400
THROTTLING_ERROR_TYPE = "TooManyRequestsException"
THROTTLING_BODY = json.dumps({"__type": THROTTLING_ERROR_TYPE, "message": "Too many requests"}).encode("utf-8")
THROTTLING_CONTENT_TYPE = "application/x-amz-json-1.1"

# Headers that describe one hop of a connection, not the message.
_HOP_BY_HOP = frozenset([
    "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection",
    "te", "trailer", "trailers", "transfer-encoding", "upgrade",
])


@dataclass
class RecordedRequest:
    """One request the proxy received, in arrival order.

    ``operation`` is None for a request without an ``X-Amz-Target`` header.
    The body is kept so that tests can look at parameters such as
    ``SECRET_HASH``; it holds passwords, so it never leaves the test process.
    """

    index: int
    method: str
    path: str
    operation: Optional[str]
    body: bytes = field(repr=False)
    throttled: bool = False

    def json(self) -> Dict:
        """The request body parsed as JSON, or an empty dict."""
        try:
            return json.loads(self.body.decode("utf-8")) if self.body else {}
        except ValueError:
            return {}


class ThrottlePolicy(Protocol):
    """Decides whether a request is answered with a throttling error.

    The proxy calls ``should_throttle`` under its lock, one request at a time,
    so a policy may keep state without locking.
    """

    def should_throttle(self, request: RecordedRequest) -> bool:
        ...


class ForwardAll:
    """Throttle nothing."""

    def should_throttle(self, request: RecordedRequest) -> bool:
        return False


class ThrottleShare:
    """Throttle a share (0..1) of the requests, drawn from a seeded random generator.

    With ``operations``, only requests for those operations are candidates.
    """

    def __init__(self, share: float, seed: int = 0, operations: Optional[Collection[str]] = None) -> None:
        if not 0.0 <= share <= 1.0:
            raise ValueError(f"share must be between 0 and 1, not {share}")
        self.share = share
        self.operations = frozenset(operations) if operations is not None else None
        self._random = random.Random(seed)

    def should_throttle(self, request: RecordedRequest) -> bool:
        if self.operations is not None and request.operation not in self.operations:
            return False
        return self._random.random() < self.share


class ThrottleFirst:
    """Throttle the first ``count`` requests (of ``operations``, when given), then forward."""

    def __init__(self, count: int, operations: Optional[Collection[str]] = None) -> None:
        self.count = count
        self.operations = frozenset(operations) if operations is not None else None
        self._seen = 0

    def should_throttle(self, request: RecordedRequest) -> bool:
        if self.operations is not None and request.operation not in self.operations:
            return False
        self._seen += 1
        return self._seen <= self.count


class ThrottleWhen:
    """Throttle the requests a predicate picks."""

    def __init__(self, predicate: Callable[[RecordedRequest], bool]) -> None:
        self.predicate = predicate

    def should_throttle(self, request: RecordedRequest) -> bool:
        return bool(self.predicate(request))


def operation_categories() -> Dict[str, str]:
    """Operation name -> Cognito quota category, from the collection's own table."""
    from ansible_collections.cognito.user_pool.plugins.module_utils.operations import OPERATIONS

    return {name: operation.category for name, operation in OPERATIONS.items()}


class TokenBuckets:
    """Throttle like Cognito's quotas: one token bucket per quota category.

    A category's bucket holds ``rate * burst_seconds`` tokens (at least one)
    and refills at ``rate`` tokens a second; a request that finds it empty is
    throttled and takes no token.  Operations without a category, and
    categories without a rate, are never throttled.
    """

    def __init__(self, rates: Mapping[str, float], burst_seconds: float = 1.0,
                 categories: Optional[Mapping[str, str]] = None, clock: Callable[[], float] = time.monotonic) -> None:
        self.rates = dict(rates)
        self.categories = dict(categories) if categories is not None else operation_categories()
        self._clock = clock
        self._capacity = {category: max(rate * burst_seconds, 1.0) for category, rate in self.rates.items()}
        self._tokens = dict(self._capacity)
        self._updated: Dict[str, float] = {}

    def should_throttle(self, request: RecordedRequest) -> bool:
        category = self.categories.get(request.operation or "")
        rate = self.rates.get(category or "")
        if not rate or rate <= 0:
            return False
        now = self._clock()
        elapsed = now - self._updated.get(category, now)
        self._updated[category] = now
        self._tokens[category] = min(self._capacity[category], self._tokens[category] + elapsed * rate)
        if self._tokens[category] < 1.0:
            return True
        self._tokens[category] -= 1.0
        return False


class ThrottlingProxy:
    """An HTTP proxy on a free loopback port that forwards to ``upstream_url``.

    ``start`` serves from a daemon thread; ``policy`` (``ForwardAll`` unless
    set) decides which requests are throttled instead of forwarded.
    """

    def __init__(self, upstream_url: str, timeout: float = 60.0) -> None:
        upstream = urlsplit(upstream_url)
        self.upstream_host = upstream.hostname or "127.0.0.1"
        self.upstream_port = upstream.port or 80
        self.timeout = timeout
        self.policy: ThrottlePolicy = ForwardAll()
        self._lock = threading.Lock()
        self._requests: List[RecordedRequest] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread: Optional[threading.Thread] = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> None:
        self._thread = threading.Thread(target=self._server.serve_forever, name="throttling-proxy", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def reset(self, policy: Optional[ThrottlePolicy] = None) -> None:
        """Forget the recorded requests and install ``policy`` (default: forward everything)."""
        with self._lock:
            self._requests.clear()
            self.policy = policy if policy is not None else ForwardAll()

    def set_policy(self, policy: ThrottlePolicy) -> None:
        with self._lock:
            self.policy = policy

    def clear(self) -> None:
        """Forget the recorded requests, keeping the policy."""
        with self._lock:
            self._requests.clear()

    def requests(self) -> List[RecordedRequest]:
        """Every request received since the last reset, in arrival order."""
        with self._lock:
            return list(self._requests)

    def operations(self, throttled: Optional[bool] = None) -> List[str]:
        """The operation of each request, in order; only throttled or forwarded ones when asked."""
        return [request.operation or request.path for request in self.requests()
                if throttled is None or request.throttled == throttled]

    def requests_for(self, operation: str) -> List[RecordedRequest]:
        return [request for request in self.requests() if request.operation == operation]

    def _admit(self, method: str, path: str, target: Optional[str], body: bytes) -> RecordedRequest:
        operation = target[len(TARGET_PREFIX):] if target and target.startswith(TARGET_PREFIX) else target
        with self._lock:
            request = RecordedRequest(len(self._requests), method, path, operation, body)
            request.throttled = self.policy.should_throttle(request)
            self._requests.append(request)
        return request

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        request = self._admit(handler.command, handler.path, handler.headers.get("X-Amz-Target"), body)
        if request.throttled:
            _reply(handler, THROTTLING_STATUS, [
                ("Content-Type", THROTTLING_CONTENT_TYPE),
                ("x-amzn-ErrorType", THROTTLING_ERROR_TYPE),
                ("x-amzn-RequestId", str(uuid.uuid4())),
            ], THROTTLING_BODY)
            return
        headers = {name: value for name, value in handler.headers.items() if name.lower() not in _HOP_BY_HOP}
        connection = http.client.HTTPConnection(self.upstream_host, self.upstream_port, timeout=self.timeout)
        try:
            connection.request(handler.command, handler.path, body=body, headers=headers)
            response = connection.getresponse()
            status, response_headers, response_body = response.status, response.getheaders(), response.read()
        except (OSError, http.client.HTTPException) as e:
            _reply(handler, 502, [("Content-Type", "text/plain")], f"proxy could not reach moto: {e}".encode())
            return
        finally:
            connection.close()
        _reply(handler, status, [(name, value) for name, value in response_headers
                                 if name.lower() not in _HOP_BY_HOP and name.lower() != "content-length"],
               response_body)


def _reply(handler: BaseHTTPRequestHandler, status: int, headers: Iterable, body: bytes) -> None:
    handler.send_response_only(status)
    for name, value in headers:
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    if handler.command != "HEAD":
        handler.wfile.write(body)


def _handler_for(proxy: ThrottlingProxy):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as botocore expects

        def _proxy(self) -> None:
            proxy._handle(self)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = _proxy

        def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's signature
            pass  # the recorded requests are the log

    return Handler
