# -*- coding: utf-8 -*-
"""A recording HTTP proxy in front of moto that plays Cognito's rules.

Playbooks use the proxy's URL as ``endpoint_url``.  Every request is recorded
with its Cognito operation (from the ``X-Amz-Target`` header), so tests can
count calls.  Then an ordered set of rules sees the request on its way to moto
and the response on its way back.  A rule may

- answer the request itself, as Cognito would, instead of forwarding it
  (throttling is such a rule: ``ThrottleFirst``, ``ThrottleShare``,
  ``TokenBuckets``);
- rewrite the request before moto sees it, or moto's response before the
  client does;
- read moto's state straight from moto (``Exchange.moto``), unrecorded.

moto itself keeps none of Cognito's rules; ``cognito_rules`` holds the rules
that play them.
"""

from __future__ import annotations

import http.client
import json
import random
import re
import threading
import time
import traceback
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Collection, Dict, Iterable, List, Mapping, Optional, Tuple
from urllib.parse import urlsplit

import boto3
import botocore.config

from .moto_lookup import DEFAULT_REGION, LookupFailed, MotoLookup
from .moto_server import FAKE_CREDENTIALS

TARGET_PREFIX = "AWSCognitoIdentityProviderService."

# How Cognito words every error: HTTP 400, the code in a header and in the JSON body.
ERROR_STATUS = 400
ERROR_CONTENT_TYPE = "application/x-amz-json-1.1"

# What Cognito answers when a request exceeds the account's quota (the message text is unconfirmed).
THROTTLING_ERROR_TYPE = "TooManyRequestsException"
THROTTLING_MESSAGE = "Too many requests"

# Headers that describe one hop of a connection, not the message.
_HOP_BY_HOP = frozenset([
    "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection",
    "te", "trailer", "trailers", "transfer-encoding", "upgrade",
])

# The region in a SigV4 Authorization header: Credential=<key>/<date>/<region>/<service>/aws4_request.
_CREDENTIAL_REGION = re.compile(r"Credential=[^/,\s]+/\d{8}/([^/,\s]+)/")


@dataclass
class RecordedRequest:
    """One request the proxy received, in arrival order.

    ``operation`` is None for a request without an ``X-Amz-Target`` header.
    The body is kept, exactly as the client sent it, so that tests can look at
    parameters such as ``SECRET_HASH``; it holds passwords, so it never leaves
    the test process.  ``answered_by`` names the rule that answered the request
    instead of moto (None: moto answered); ``throttled`` says that rule was a
    throttling one.
    """

    index: int
    method: str
    path: str
    operation: Optional[str]
    body: bytes = field(repr=False)
    throttled: bool = False
    answered_by: Optional[str] = None
    region: Optional[str] = None  # from the request's SigV4 credential scope
    at: float = 0.0  # time.monotonic() on arrival

    @property
    def user_pool_id(self) -> Optional[str]:
        """The ``UserPoolId`` the request names, or None."""
        pool = self.json().get("UserPoolId")
        return pool if isinstance(pool, str) else None

    def json(self) -> Dict:
        """The request body parsed as JSON, or an empty dict."""
        return _parse_json(self.body)


@dataclass
class Reply:
    """An HTTP response on its way to the client: moto's, or one a rule made (``answered_by``)."""

    status: int
    headers: List[Tuple[str, str]]
    body: bytes = field(repr=False)
    answered_by: Optional[str] = None

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def json(self) -> Dict:
        """The body parsed as JSON, or an empty dict."""
        return _parse_json(self.body)

    @property
    def error_code(self) -> Optional[str]:
        """The Cognito error code (``NotAuthorizedException``) of an error reply, else None."""
        if self.ok:
            return None
        for name, value in self.headers:
            if name.lower() == "x-amzn-errortype":
                return value.split(":", 1)[0]
        code = self.json().get("__type")
        return code.rsplit("#", 1)[-1] if isinstance(code, str) else None

    @property
    def error_message(self) -> str:
        body = self.json()
        return str(body.get("message") or body.get("Message") or "")

    def with_json(self, data: Mapping[str, Any]) -> "Reply":
        """The same reply with ``data`` as its JSON body."""
        return Reply(self.status, list(self.headers), json.dumps(data).encode("utf-8"), self.answered_by)


class ManualClock:
    """A clock for the rules that take one (``clock=``), moved by hand: ``clock.now += 1.5``."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def cognito_error(code: str, message: str, answered_by: Optional[str] = None) -> Reply:
    """An error answered the way Cognito answers one, which botocore reads as ``ClientError``."""
    body = json.dumps({"__type": code, "message": message}).encode("utf-8")
    return Reply(ERROR_STATUS, [
        ("Content-Type", ERROR_CONTENT_TYPE),
        ("x-amzn-ErrorType", code),
        ("x-amzn-RequestId", str(uuid.uuid4())),
    ], body, answered_by)


class Exchange:
    """One request on its way through the rules, and what they keep about it until its response.

    ``params`` is the request's JSON body; a rule that changes it calls
    ``rewrote()`` and moto gets the changed body (the recorded request keeps
    what the client sent).  ``moto`` reads moto's state without the proxy.
    """

    def __init__(self, request: RecordedRequest, moto: MotoLookup) -> None:
        self.request = request
        target = request.operation or ""
        # Only Cognito's own operations: STS, IAM and the like pass every rule untouched.
        self.operation: Optional[str] = target if target and "." not in target else None
        self.params: Dict[str, Any] = request.json() if self.operation else {}
        self.moto = moto
        self._rewritten = False
        self._notes: Dict[int, Dict[str, Any]] = {}
        self._users_before: Dict[Tuple[str, str], Optional[Dict[str, Any]]] = {}

    def rewrote(self) -> None:
        """Say that ``params`` changed: moto gets them instead of the original body."""
        self._rewritten = True

    def body(self) -> bytes:
        return json.dumps(self.params).encode("utf-8") if self._rewritten else self.request.body

    def user_before(self, user_pool_id: str, username: str) -> Optional[Dict[str, Any]]:
        """``AdminGetUser``'s answer from moto as the request arrived (None: no such user), read once per request.

        Call it from request hooks only: they all run before moto sees the request.
        """
        key = (user_pool_id, username)
        if key not in self._users_before:
            self._users_before[key] = self.moto.user(user_pool_id, username)
        return self._users_before[key]

    def notes(self, rule: "Rule") -> Dict[str, Any]:
        """A scratch dict of ``rule``'s own for this request, from its request hook to its response hook."""
        return self._notes.setdefault(id(rule), {})


class Rule:
    """One of Cognito's rules, played by the proxy.

    ``on_request`` may return a ``Reply`` to answer the request instead of
    moto (no later rule sees it then); ``on_response`` may return a changed
    reply.  Response hooks run in the reverse order of the request hooks, and
    only for the rules whose request hook ran.  Rules run in ``precedence``
    order (lowest first; equal ones in the order installed).

    The proxy runs every hook under one lock, one at a time, so a rule may keep
    state without locking.  A hook may read moto (``exchange.moto``); when such
    a read raises ``LookupFailed`` the rule stands aside for that request.
    """

    name = "Rule"
    precedence = 50
    throttles = False  # its answers count as throttled in the proxy's log

    def on_request(self, exchange: Exchange) -> Optional[Reply]:
        return None

    def on_response(self, exchange: Exchange, reply: Reply) -> Optional[Reply]:
        return None

    def refuse(self, code: str, message: str) -> Reply:
        """Cognito's error ``code`` with ``message``, answered by this rule."""
        return cognito_error(code, message, answered_by=self.name)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class ThrottleRule(Rule):
    """A rule that answers what ``should_throttle`` picks with Cognito's ``TooManyRequestsException``.

    The proxy calls ``should_throttle`` under its lock, one request at a time, so a rule may keep state
    without locking.

    # AWS, quotas page of the Cognito developer guide: "Amazon Cognito enforces a
    # maximum request rate for API operations"; TooManyRequestsException, API
    # reference: "This exception is thrown when the user has made too many
    # requests for a given operation."
    """

    precedence = 0
    throttles = True

    @property
    def name(self) -> str:  # type: ignore[override]
        return type(self).__name__

    def should_throttle(self, request: RecordedRequest) -> bool:
        raise NotImplementedError

    def on_request(self, exchange: Exchange) -> Optional[Reply]:
        if self.should_throttle(exchange.request):
            return self.refuse(THROTTLING_ERROR_TYPE, THROTTLING_MESSAGE)
        return None


class ForwardAll(ThrottleRule):
    """Throttle nothing."""

    def should_throttle(self, request: RecordedRequest) -> bool:
        return False


class ThrottleShare(ThrottleRule):
    """Throttle a share (0..1) of the requests, drawn from a seeded random generator."""

    def __init__(self, share: float, seed: int = 0) -> None:
        if not 0.0 <= share <= 1.0:
            raise ValueError(f"share must be between 0 and 1, not {share}")
        self.share = share
        self._random = random.Random(seed)

    def should_throttle(self, request: RecordedRequest) -> bool:
        return self._random.random() < self.share


class ThrottleFirst(ThrottleRule):
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


def operation_categories() -> Dict[str, str]:
    """Operation name -> Cognito quota category, from the collection's own table."""
    from ansible_collections.cognito.user_pool.plugins.module_utils._operations import OPERATIONS

    return {name: operation.category for name, operation in OPERATIONS.items()}


def write_operations() -> Collection[str]:
    """The operations that write, from the collection's own table."""
    from ansible_collections.cognito.user_pool.plugins.module_utils._operations import WRITE_OPERATIONS

    return WRITE_OPERATIONS


class TokenBuckets(ThrottleRule):
    """Throttle like Cognito's quotas: one token bucket per quota category and region, for the whole account.

    # AWS, "Quotas in Amazon Cognito": "Each Amazon Cognito quota represents a maximum volume of requests in one
    # AWS Region in one AWS account. For example, your apps can make API requests at up to the Default quota
    # (RPS) rate for UserAuthentication operations against all of your user pools in US East (N. Virginia)."

    Every pool behind the proxy, and every client, draws from the same
    buckets, as every pool of an account does.  A category's bucket holds
    ``rate * burst_seconds`` tokens (at least one) and refills at ``rate``
    tokens a second; a request that finds it empty is throttled and takes no
    token.  Operations without a category, and categories without a rate, are
    never throttled.  ``categories`` maps operation -> category (default: the
    collection's own table).
    """

    def __init__(self, rates: Mapping[str, float], burst_seconds: float = 1.0,
                 categories: Optional[Mapping[str, str]] = None, clock: Callable[[], float] = time.monotonic) -> None:
        self.rates = dict(rates)
        self.categories = dict(categories) if categories is not None else operation_categories()
        self._clock = clock
        self._capacity = {category: max(rate * burst_seconds, 1.0) for category, rate in self.rates.items()}
        self._tokens: Dict[Tuple[Optional[str], str], float] = {}
        self._updated: Dict[Tuple[Optional[str], str], float] = {}

    def __repr__(self) -> str:
        return f"TokenBuckets({self.rates})"

    def should_throttle(self, request: RecordedRequest) -> bool:
        category = self.categories.get(request.operation or "")
        rate = self.rates.get(category or "")
        if not category or not rate or rate <= 0:
            return False
        bucket = (request.region, category)
        now = self._clock()
        elapsed = now - self._updated.get(bucket, now)
        self._updated[bucket] = now
        tokens = min(self._capacity[category], self._tokens.get(bucket, self._capacity[category]) + elapsed * rate)
        if tokens < 1.0:
            self._tokens[bucket] = tokens
            return True
        self._tokens[bucket] = tokens - 1.0
        return False


@dataclass
class RuleError:
    """A rule's hook raised: a bug in the harness, reported by the ``proxy`` fixture."""

    rule: str
    operation: Optional[str]
    traceback: str


class ThrottlingProxy:
    """An HTTP proxy on a free loopback port that forwards to ``upstream_url``, playing its rules.

    ``start`` serves from a daemon thread.  With no rule installed it forwards
    everything.  ``set_policy`` installs a throttling rule (replacing the one
    before); ``add_rule`` adds any rule.
    """

    def __init__(self, upstream_url: str, timeout: float = 60.0) -> None:
        upstream = urlsplit(upstream_url)
        self.upstream_host = upstream.hostname or "127.0.0.1"
        self.upstream_port = upstream.port or 80
        self.timeout = timeout
        self.moto = MotoLookup(upstream_url)
        self._lock = threading.Lock()  # the log
        self._rules_lock = threading.Lock()  # the rules and every hook they run
        self._requests: List[RecordedRequest] = []
        self._rules: List[Rule] = []
        self._rule_errors: List[RuleError] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread: Optional[threading.Thread] = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def client(self, region: str = DEFAULT_REGION):
        """boto3's ``cognito-idp`` client through the proxy, botocore's retries off: every answer reaches the caller."""
        return boto3.client(
            "cognito-idp", region_name=region, endpoint_url=self.url,
            aws_access_key_id=FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
            config=botocore.config.Config(retries={"mode": "standard", "total_max_attempts": 1}),
        )

    def start(self) -> None:
        self._thread = threading.Thread(target=self._server.serve_forever, name="throttling-proxy", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=10)

    # -- rules -------------------------------------------------------------

    def reset(self, policy: Optional[ThrottleRule] = None) -> None:
        """Forget the recorded requests and every rule; install ``policy`` (default: forward everything)."""
        with self._rules_lock:
            self._rules = []
            self._rule_errors.clear()
        self.clear()
        if policy is not None:
            self.set_policy(policy)

    def set_policy(self, policy: ThrottleRule) -> None:
        """Install ``policy`` as the throttling rule, in place of any throttling rule installed before."""
        with self._rules_lock:
            self._rules = [rule for rule in self._rules if not rule.throttles]
        self.add_rule(policy)

    def add_rule(self, rule: Rule) -> Rule:
        """Install ``rule`` after the rules of the same or lower precedence; returns it."""
        with self._rules_lock:
            position = len([installed for installed in self._rules if installed.precedence <= rule.precedence])
            self._rules.insert(position, rule)
        return rule

    def remove_rule(self, rule: Rule) -> None:
        with self._rules_lock:
            self._rules = [installed for installed in self._rules if installed is not rule]

    def rules(self) -> List[Rule]:
        """The rules installed, in the order they see a request."""
        with self._rules_lock:
            return list(self._rules)

    def rule_errors(self) -> List[RuleError]:
        """Every exception a rule's hook raised since the last reset."""
        with self._rules_lock:
            return list(self._rule_errors)

    # -- the log -----------------------------------------------------------

    def clear(self) -> None:
        """Forget the recorded requests, keeping the rules."""
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

    def writes(self) -> List[str]:
        """The operations received that write (the collection's operations table says which)."""
        return [operation for operation in self.operations() if operation in write_operations()]

    def attempts_by_category(self) -> Dict[str, Tuple[int, int]]:
        """Per quota category of the collection's operations: (requests received, requests throttled)."""
        categories = operation_categories()
        counts: Dict[str, Tuple[int, int]] = {}
        for request in self.requests():
            category = categories.get(request.operation or "")
            if category:
                attempts, throttled = counts.get(category, (0, 0))
                counts[category] = (attempts + 1, throttled + int(request.throttled))
        return counts

    # -- one request -------------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        target = handler.headers.get("X-Amz-Target")
        operation = target[len(TARGET_PREFIX):] if target and target.startswith(TARGET_PREFIX) else target
        region_match = _CREDENTIAL_REGION.search(handler.headers.get("Authorization") or "")
        region = region_match.group(1) if region_match else None

        with self._rules_lock:
            with self._lock:
                request = RecordedRequest(len(self._requests), handler.command, handler.path, operation, body,
                                          region=region, at=time.monotonic())
                self._requests.append(request)
            exchange = Exchange(request, self.moto)
            consulted, reply = self._request_hooks(list(self._rules), exchange)
        if reply is not None:
            request.answered_by = reply.answered_by
            request.throttled = consulted[-1].throttles if consulted else False
            consulted = consulted[:-1]  # the rule that answered sees no response
        else:
            headers = {name: value for name, value in handler.headers.items()
                       if name.lower() not in _HOP_BY_HOP and name.lower() != "content-length"}
            reply = self._forward(handler.command, handler.path, headers, exchange.body())
        if consulted:
            with self._rules_lock:
                reply = self._response_hooks(consulted, exchange, reply)
        _reply(handler, reply.status, [(name, value) for name, value in reply.headers
                                       if name.lower() not in _HOP_BY_HOP and name.lower() != "content-length"],
               reply.body)

    def _request_hooks(self, rules: List[Rule], exchange: Exchange) -> Tuple[List[Rule], Optional[Reply]]:
        """Run the request hooks in order until one answers; (the rules consulted, its answer or None)."""
        consulted: List[Rule] = []
        for rule in rules:
            consulted.append(rule)
            answer = self._run_hook(rule, exchange, rule.on_request, exchange)
            if answer is not None:
                return consulted, answer
        return consulted, None

    def _response_hooks(self, rules: List[Rule], exchange: Exchange, reply: Reply) -> Reply:
        for rule in reversed(rules):
            reply = self._run_hook(rule, exchange, rule.on_response, exchange, reply) or reply
        return reply

    def _run_hook(self, rule: Rule, exchange: Exchange, hook: Callable, *args: Any) -> Optional[Reply]:
        try:
            return hook(*args)
        except LookupFailed:
            return None  # moto would not tell: the rule stands aside for this request
        except Exception:  # noqa: BLE001 - a broken rule must not kill the proxy's thread; the fixture reports it
            self._rule_errors.append(RuleError(rule.name, exchange.operation, traceback.format_exc()))
            return None

    def _forward(self, method: str, path: str, headers: Dict[str, str], body: bytes) -> Reply:
        headers = dict(headers, **{"Content-Length": str(len(body))})
        connection = http.client.HTTPConnection(self.upstream_host, self.upstream_port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return Reply(response.status, response.getheaders(), response.read())
        except (OSError, http.client.HTTPException) as e:
            return Reply(502, [("Content-Type", "text/plain")], f"proxy could not reach moto: {e}".encode())
        finally:
            connection.close()


def _parse_json(body: bytes) -> Dict:
    try:
        parsed = json.loads(body.decode("utf-8")) if body else {}
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


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
