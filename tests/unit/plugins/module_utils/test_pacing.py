# -*- coding: utf-8 -*-
"""Pacing under Cognito's quotas, on a fake clock (adapting to throttles too); one retry layer on the wire; the early stop when the endpoint is gone."""

from __future__ import annotations

import heapq
import http.server
import json
import random
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
from ansible_collections.cognito.user_pool.plugins.module_utils._pacing import BETA
from ansible_collections.cognito.user_pool.plugins.module_utils._pacing import MIN_RATE
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


def test_a_throttle_lowers_the_category_rate_to_beta_of_its_pace(clock):
    limiter = RateLimiter({"UserAccountRecovery": 30}, clock=clock, sleep=clock.sleep)
    sent_at = limiter.acquire("AdminSetUserPassword", "alice")
    assert limiter.throttled("AdminSetUserPassword", sent_at)
    assert limiter.current_rate("UserAccountRecovery") == pytest.approx(30 * BETA)
    assert limiter.current_rate("UserCreation") == DEFAULT_RATE_LIMITS["UserCreation"]  # other categories keep theirs


def test_throttles_of_attempts_sent_before_the_last_decrease_lower_the_rate_once(clock):
    # Eight workers' attempts in flight at one rate are throttled together: one decrease answers them all.
    limiter = RateLimiter({"UserAccountRecovery": 30}, clock=clock, sleep=clock.sleep)
    sent = [limiter.reserve("AdminSetUserPassword", f"user{index}") for index in range(8)]
    clock.now += 0.05
    assert [limiter.throttled("AdminSetUserPassword", at) for at in sent] == [True] + [False] * 7
    assert limiter.current_rate("UserAccountRecovery") == pytest.approx(30 * BETA, rel=1e-3)
    # An attempt sent at the lowered rate and throttled again is news: it lowers the rate again.
    later = limiter.acquire("AdminSetUserPassword", "late")
    clock.now += 0.05
    assert limiter.throttled("AdminSetUserPassword", later)
    assert limiter.current_rate("UserAccountRecovery") == pytest.approx(30 * BETA * BETA, rel=0.02)  # grown a little since
    assert limiter.decreases("UserAccountRecovery") == 2


def test_the_rate_grows_back_to_where_the_throttle_came_then_probes_beyond_up_to_the_ceiling(clock):
    limiter = RateLimiter({"UserAccountRecovery": 30}, clock=clock, sleep=clock.sleep)
    limiter.throttled("AdminSetUserPassword", limiter.acquire("AdminSetUserPassword"))  # 30 -> 24
    limiter.throttled("AdminSetUserPassword", limiter.acquire("AdminSetUserPassword"))  # 24 -> 19.2, back at 24 later
    seen = []
    for dummy in range(400):
        seen.append(limiter.current_rate("UserAccountRecovery"))
        clock.now += 0.05
    assert seen[0] == pytest.approx(30 * BETA * BETA, rel=1e-3)
    assert all(later >= earlier for earlier, later in zip(seen, seen[1:]))  # nothing throttles: it only grows
    flat = seen.index(next(rate for rate in seen if rate >= 30 * BETA - 1e-6))
    assert 2.0 < flat * 0.05 < 6.0  # back where the last throttle came after a few seconds, not at once
    assert seen[flat + 10] - seen[flat] < 0.5  # and lingers there, the cubic's plateau, before probing on
    assert max(seen) == 30 and seen[-1] == 30  # then up to the ceiling, never beyond


def test_a_throttled_category_loses_its_burst_and_sends_at_the_lowered_rate(clock):
    limiter = RateLimiter({"UserUpdate": 10}, clock=clock, sleep=clock.sleep)
    limiter.throttled("AdminEnableUser", clock.now)
    sent = [limiter.acquire("AdminEnableUser", f"user{index}") for index in range(17)]
    gaps = [later - earlier for earlier, later in zip(sent, sent[1:])]
    # The account had no room: no burst (unthrottled, the first 10 go at once), 8 a second from the throttle on,
    # the gaps shrinking as the rate grows back towards 10.
    assert sent[0] == 100.0 and gaps[0] == pytest.approx(1 / (10 * BETA), rel=0.01)
    assert all(later <= earlier + 1e-9 for earlier, later in zip(gaps, gaps[1:]))
    assert 16 / 10 < sent[-1] - sent[0] < 16 / (10 * BETA)


def test_a_slot_taken_before_a_decrease_is_taken_again_at_the_lowered_rate(clock):
    # Eight workers hold slots spaced at the old rate, seconds ahead at a low rate: sent as booked, they would keep
    # the old rate for seconds after Cognito said it was too high.
    slept = []

    def sleep(seconds):
        if not slept:  # another worker's attempt is throttled while this one waits for its slot
            clock.now += 0.1
            limiter.throttled("AdminEnableUser", clock.now)
            seconds -= 0.1
        slept.append(seconds)
        clock.sleep(seconds)

    limiter = RateLimiter({"UserUpdate": 10}, clock=clock, sleep=sleep)
    taken = [limiter.reserve("AdminEnableUser", f"user{index}") for index in range(15)]
    assert taken[-1] == pytest.approx(100.5)
    reservations = []
    reserve = limiter.reserve
    limiter.reserve = lambda *args: reservations.append(reserve(*args)) or reservations[-1]
    sent_at = limiter.acquire("AdminEnableUser", "late")
    assert reservations[0] == pytest.approx(100.6) and len(reservations) == 2  # the stale slot was given up
    # The schedule started again at the throttle, at 8 a second: the new slot was free by then, no second wait.
    assert sent_at == pytest.approx(100.6) and clock.now == pytest.approx(100.6) and len(slept) == 1


def test_throttles_never_lower_a_rate_below_the_floor(clock):
    limiter = RateLimiter({"UserUpdate": 25}, clock=clock, sleep=clock.sleep)
    for dummy in range(50):
        limiter.throttled("AdminEnableUser", clock.now)
        clock.now += 0.001
    assert limiter.current_rate("UserUpdate") == MIN_RATE


def test_a_category_turned_off_stays_off_when_throttled(clock):
    limiter = RateLimiter({"UserAccountRecovery": 0}, clock=clock, sleep=clock.sleep)
    assert not limiter.throttled("AdminSetUserPassword", clock.now)
    for dummy in range(100):
        limiter.acquire("AdminSetUserPassword")
    assert clock.now == 100.0 and limiter.current_rate("UserAccountRecovery") == 0.0


def test_many_threads_share_one_rate_and_its_decreases(clock):
    # Reservations from many threads at once, throttles reported from all of them: the slots handed out keep the
    # lowered rate (no two closer than 1/rate), and throttles already answered by the decrease lower it no further.
    limiter = RateLimiter({"UserUpdate": 25}, clock=clock, sleep=clock.sleep)
    limiter.throttled("AdminEnableUser", clock.now)
    rate = limiter.current_rate("UserUpdate")
    barrier, slots, lowered = threading.Barrier(8), [], []

    def work(worker):
        barrier.wait()
        mine = [limiter.reserve("AdminEnableUser", f"w{worker}-{index}") for index in range(50)]
        lowered.append(limiter.throttled("AdminEnableUser", 0.0))  # sent before the decrease: already answered
        slots.extend(mine)

    threads = [threading.Thread(target=work, args=(worker,)) for worker in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    slots.sort()
    assert len(slots) == 400 and not any(lowered)
    assert limiter.current_rate("UserUpdate") == pytest.approx(rate)
    gaps = [later - earlier for earlier, later in zip(slots, slots[1:])]  # no burst: the throttle spent it
    assert min(gaps) == pytest.approx(1 / rate)
    assert slots[-1] - slots[0] == pytest.approx(399 / rate)


# -- several runs in one account, on a simulated clock -------------------------------------------------------

def simulate_account(runs, users, adaptive=True, quota=30.0, workers=8, latency=0.02, seed=0, max_attempts=8):
    """``runs`` processes, each with its own RateLimiter at ``quota`` and ``workers`` threads setting ``users``
    passwords, against one account-wide token bucket of ``quota`` a second (burst one second), as Cognito keeps
    one quota per account.  A throttled attempt waits the client's backoff (RetryPolicy) and is tried again.
    Returns (attempts, throttled, failed users, seconds until the last answer)."""
    now = [0.0]
    limiters = [RateLimiter({"UserAccountRecovery": quota}, clock=lambda: now[0]) for dummy in range(runs)]
    policy, draw = RetryPolicy(max_attempts=max_attempts), random.Random(seed).random
    tokens, filled_at = quota, 0.0
    queue, order = [], iter(range(10 ** 9))
    left = [users] * runs
    attempts = throttled = failed = 0
    for run in range(runs):
        for dummy in range(workers):
            heapq.heappush(queue, (0.0, next(order), "next user", run, 0, 0.0))
    while queue:
        now[0], dummy, step, run, attempt, sent_at = heapq.heappop(queue)
        if step == "next user" and left[run]:
            left[run] -= 1
            step, attempt = "try", 0
        if step == "try":  # RateLimiter.acquire, a step at a time: take a slot, wait for it, take another if stale
            heapq.heappush(queue, (limiters[run].reserve("AdminSetUserPassword"), next(order), "slot", run, attempt, now[0]))
        elif step == "slot":
            if limiters[run].lowered_since("AdminSetUserPassword", sent_at):  # sent_at: when the slot was taken
                heapq.heappush(queue, (now[0], next(order), "try", run, attempt, 0.0))
            else:
                heapq.heappush(queue, (now[0] + latency, next(order), "answer", run, attempt + 1, now[0]))
        elif step == "answer":
            attempts += 1
            tokens, filled_at = min(quota, tokens + (now[0] - filled_at) * quota), now[0]
            if tokens >= 1.0:
                tokens -= 1.0
                heapq.heappush(queue, (now[0], next(order), "next user", run, 0, 0.0))
                continue
            throttled += 1
            if adaptive:
                limiters[run].throttled("AdminSetUserPassword", sent_at)
            if attempt >= max_attempts:
                failed += 1
                heapq.heappush(queue, (now[0], next(order), "next user", run, 0, 0.0))
            else:
                heapq.heappush(queue, (now[0] + policy.delay(attempt, draw), next(order), "try", run, attempt, 0.0))
    return attempts, throttled, failed, now[0]


@pytest.mark.parametrize("seed", range(3))
def test_three_runs_sharing_an_account_adapt_to_its_quota(seed):
    # The targets of benchmarks/run.py's row (i), 500 users a run: no failed user, at most 10% of the attempts
    # throttled, and the account's quota kept busy (wall time at most 1.2x the quota-bound minimum).
    attempts, throttled, failed, seconds = simulate_account(runs=3, users=500, seed=seed)
    assert failed == 0
    assert throttled / attempts <= 0.10
    assert seconds <= 1.2 * (3 * 500 / 30.0)


def test_without_adapting_three_runs_throw_most_attempts_away():
    # The same account, each run paced at the whole quota as if alone: what adapting saves.
    attempts, throttled, failed, seconds = simulate_account(runs=3, users=500, adaptive=False)
    assert throttled / attempts > 0.4


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


def test_each_throttled_attempt_on_the_wire_lowers_its_category_rate(throttling_endpoint):
    # The client tells the limiter of every throttled attempt: three attempts, each sent after the last decrease.
    url, received = throttling_endpoint
    boto = boto3.client("cognito-idp", region_name="eu-west-1", endpoint_url=url, aws_access_key_id="k",
                        aws_secret_access_key="s", config=botocore_config({}))
    # The limiter's clock stands still: the rate cannot grow back between the attempts, however slow the machine.
    limiter = RateLimiter({"UserPoolRead": 15}, clock=lambda: 1000.0)
    client = CognitoClient(boto, "eu-west-1_TestPool1", "eu-west-1", limiter,
                           RetryPolicy(max_attempts=3, base_delay=0.01, max_delay=0.02), Breaker(0), endpoint=url)
    with pytest.raises(CognitoError):
        client.describe_user_pool()
    assert len(received) == 3 and client.limiter.decreases("UserPoolRead") == 3
    assert client.rate("UserPoolRead") == pytest.approx(15 * BETA ** 3)
    assert client.rate("UserCreation") == DEFAULT_RATE_LIMITS["UserCreation"]


def test_a_challenge_answer_shares_the_users_read_quota_with_the_sign_in_not_the_write_one():
    # The quotas page's per-user table: "Read user profile: GetUser, GetDevice, InitiateAuth, RespondToAuthChallenge";
    # its category stays UserAccountRecovery (the footnote on NEW_PASSWORD_REQUIRED answers).
    limiter = RateLimiter()

    def user_keys(operation):
        return [key for key, dummy in limiter.keys_for(operation, "alice") if key[0] == "user"]

    assert user_keys("AdminRespondToAuthChallenge") == user_keys("AdminInitiateAuth") == [("user", "read", "alice")]
    assert user_keys("AdminSetUserPassword") == [("user", "write", "alice")]
    assert limiter.keys_for("AdminRespondToAuthChallenge", "alice")[0][0] == "UserAccountRecovery"
