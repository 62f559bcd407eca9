# -*- coding: utf-8 -*-
"""Pacing under Cognito's quotas, on a fake clock; one retry layer on the wire; the early stop when the endpoint is gone."""

from __future__ import annotations

import http.server
import json
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import boto3
import pytest

from ansible_collections.cognito.user_pool.plugins.module_utils._client import CognitoClient
from ansible_collections.cognito.user_pool.plugins.module_utils._client import RetryPolicy
from ansible_collections.cognito.user_pool.plugins.module_utils._connection import botocore_config
from ansible_collections.cognito.user_pool.plugins.module_utils._converge import ConvergeOptions
from ansible_collections.cognito.user_pool.plugins.module_utils._converge import UserConvergence
from ansible_collections.cognito.user_pool.plugins.module_utils._errors import CognitoError
from ansible_collections.cognito.user_pool.plugins.module_utils._model import DesiredUser
from ansible_collections.cognito.user_pool.plugins.module_utils._model import PoolFacts
from ansible_collections.cognito.user_pool.plugins.module_utils._outcomes import UserOutcome
from ansible_collections.cognito.user_pool.plugins.module_utils._operations import DEFAULT_RATE_LIMITS
from ansible_collections.cognito.user_pool.plugins.module_utils._pacing import Breaker
from ansible_collections.cognito.user_pool.plugins.module_utils._pacing import RateLimiter


class FakeClock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


@pytest.fixture
def clock():
    return FakeClock()


def test_a_category_allows_a_one_second_burst_then_its_rate(clock):
    limiter = RateLimiter({"UserUpdate": 10}, clock=clock, sleep=clock.sleep)
    for index in range(10):
        limiter.acquire("AdminEnableUser", f"user{index}")
    assert clock.now == pytest.approx(100.0)
    for index in range(20):
        limiter.acquire("AdminEnableUser", f"other{index}")
    assert clock.now == pytest.approx(102.0)


def test_categories_are_paced_apart(clock):
    limiter = RateLimiter({"UserUpdate": 1, "UserRead": 1}, clock=clock, sleep=clock.sleep)
    limiter.acquire("AdminEnableUser", "a")
    limiter.acquire("AdminGetUser", "b")
    assert clock.now == pytest.approx(100.0)


def test_one_user_gets_at_most_ten_writes_a_second_whatever_the_category_allows(clock):
    # "For each user, you can make up to ten requests per second that are "write" operations" (the quotas page).
    limiter = RateLimiter({"UserUpdate": 1000, "UserAccountRecovery": 1000}, clock=clock, sleep=clock.sleep)
    for dummy in range(30):
        limiter.acquire("AdminUpdateUserAttributes", "alice")
    assert clock.now == pytest.approx(102.0)
    reads_before = clock.now
    for dummy in range(10):
        limiter.acquire("AdminGetUser", "alice")  # reads are counted apart from writes
    assert clock.now == pytest.approx(reads_before)


def test_each_group_operation_is_held_to_five_a_second_per_pool(clock):
    # "Any individual operation in this category has a constraint that prevents the operation from being called at a
    # rate higher than 5 RPS for a single user pool" (the quotas page, on UserPoolResourceRead/Update).
    limiter = RateLimiter({"UserPoolResourceRead": 20}, clock=clock, sleep=clock.sleep)
    for dummy in range(15):
        limiter.acquire("GetGroup")
    assert clock.now == pytest.approx(102.0)
    before = clock.now
    for dummy in range(5):
        limiter.acquire("ListGroups")  # another operation of the category has its own five
    assert clock.now == pytest.approx(before)


def test_a_category_turned_off_is_never_paced(clock):
    limiter = RateLimiter({category: 0 for category in DEFAULT_RATE_LIMITS}, clock=clock, sleep=clock.sleep)
    for dummy in range(1000):
        limiter.acquire("AdminUpdateUserAttributes", "alice")
        limiter.acquire("GetGroup")
    assert clock.now == 100.0


def test_the_breaker_opens_after_the_limit_of_failures_in_a_row_and_an_answer_resets_it():
    breaker = Breaker(limit=3)
    assert [breaker.failed("ReadTimeoutError") for dummy in range(2)] == [False, False]
    breaker.answered()
    assert [breaker.failed("ReadTimeoutError") for dummy in range(3)] == [False, False, True]
    assert breaker.opened and breaker.last_failure == "ReadTimeoutError"


def test_a_breaker_with_no_limit_never_opens():
    breaker = Breaker(limit=0)
    for dummy in range(100):
        breaker.failed("EndpointConnectionError")
    assert not breaker.opened


@pytest.fixture
def silent_endpoint():
    """A listener on a free loopback port that accepts connections and never answers."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(128)
    accepted, stop = [], threading.Event()

    def accept():
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join(timeout=5)
    for connection in accepted:
        connection.close()
    server.close()


def test_a_silent_endpoint_stops_the_run_early_with_one_message_for_every_user(silent_endpoint):
    # The timeouts are short so that the test does not wait through real ones; the bound is in attempts, and in
    # time relative to the timeout. Without the early stop, 40 users x 8 attempts x 0.3 s over 4 workers take 24 s
    # and more (backoff not counted).
    timeout, limit, workers, users = 0.3, 6, 4, 40
    boto = boto3.client("cognito-idp", region_name="eu-west-1", endpoint_url=silent_endpoint, aws_access_key_id="k",
                        aws_secret_access_key="s", config=botocore_config({"max_concurrency": workers, "request_timeout": timeout}))
    client = CognitoClient(boto, "eu-west-1_TestPool1", "eu-west-1", RateLimiter({c: 0 for c in DEFAULT_RATE_LIMITS}),
                           RetryPolicy(max_attempts=8, base_delay=0.05, max_delay=0.2), Breaker(limit), endpoint=silent_endpoint)
    pool = PoolFacts(user_pool_id="eu-west-1_TestPool1")
    outcomes = [UserOutcome(f"user{index:02d}") for index in range(users)]

    def one(outcome):
        UserConvergence(client, DesiredUser(outcome.username), pool, ConvergeOptions(), outcome).run(directory=None)

    started = time.monotonic()
    with ThreadPoolExecutor(workers) as pool_of_workers:
        list(pool_of_workers.map(one, outcomes))
    elapsed = time.monotonic() - started

    assert all(outcome.error and outcome.error.startswith(f"Stopped early: Cognito at {silent_endpoint} did not answer "
                                                          f"{limit} requests in a row") for outcome in outcomes)
    assert "connection_failure_limit" in outcomes[0].error and "ReadTimeoutError" in outcomes[0].error
    # At most the limit, and the attempts already in flight when it was reached, ever went out.
    assert sum(client.attempts.values()) <= limit + workers - 1
    assert elapsed < (limit / workers + 2) * (timeout + 0.2) + 1.0


@pytest.fixture
def throttling_endpoint():
    """An HTTP server on a free loopback port answering every request as Cognito answers a throttled one."""
    received = []

    class Throttle(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's name)
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            received.append(self.headers.get("X-Amz-Target"))
            body = json.dumps({"__type": "TooManyRequestsException", "message": "Rate exceeded"}).encode()
            self.send_response(400)
            self.send_header("Content-Type", "application/x-amz-json-1.1")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Throttle)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", received
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_a_throttled_call_goes_out_exactly_max_attempts_times_through_the_shipped_config(throttling_endpoint, monkeypatch):
    # botocore's standard and legacy retry modes both retry TooManyRequestsException on their own; the
    # shipped Config switches them off, and wins over AWS_MAX_ATTEMPTS and AWS_RETRY_MODE in the environment.
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "10")
    monkeypatch.setenv("AWS_RETRY_MODE", "adaptive")
    url, received = throttling_endpoint
    boto = boto3.client("cognito-idp", region_name="eu-west-1", endpoint_url=url, aws_access_key_id="k",
                        aws_secret_access_key="s", config=botocore_config({}))
    client = CognitoClient(boto, "eu-west-1_TestPool1", "eu-west-1", RateLimiter({c: 0 for c in DEFAULT_RATE_LIMITS}),
                           RetryPolicy(max_attempts=3, base_delay=0.01, max_delay=0.02), Breaker(0), endpoint=url)
    with pytest.raises(CognitoError) as raised:
        client.describe_user_pool()
    assert received == ["AWSCognitoIdentityProviderService.DescribeUserPool"] * 3
    assert str(raised.value).startswith("Cognito kept throttling DescribeUserPool for user pool eu-west-1_TestPool1: gave up after "
                                        "3 attempts.")



def test_a_challenge_answer_shares_the_users_read_quota_with_the_sign_in_not_the_write_one():
    # The quotas page's per-user table: "Read user profile: GetUser, GetDevice, InitiateAuth, RespondToAuthChallenge";
    # its category stays UserAccountRecovery (the footnote on NEW_PASSWORD_REQUIRED answers).
    limiter = RateLimiter()

    def user_keys(operation):
        return [key for key, dummy in limiter.keys_for(operation, "alice") if key[0] == "user"]

    assert user_keys("AdminRespondToAuthChallenge") == user_keys("AdminInitiateAuth") == [("user", "read", "alice")]
    assert user_keys("AdminSetUserPassword") == [("user", "write", "alice")]
    assert limiter.keys_for("AdminRespondToAuthChallenge", "alice")[0][0] == "UserAccountRecovery"
