# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Client-side pacing under Cognito's request-rate quotas, and the early stop when the endpoint is gone.

Private to the collection: not an API, may change in any release.

Every HTTP attempt, retries and pages included, takes a slot from
``RateLimiter`` first; ``Breaker`` counts connection failures across all
worker threads and ends the run once the endpoint is plainly unreachable.

Cognito's quotas hold per account and category, not per process ("Quotas in
Amazon Cognito": "Each Amazon Cognito quota represents a maximum volume of
requests in one AWS Region in one AWS account. For example, your apps can make
API requests at up to the Default quota (RPS) rate for UserAuthentication
operations against all of your user pools"), so several runs in one account
(Ansible forks over one host per pool, parallel AWX jobs) share one quota that
none of them can see.  Each category's rate therefore adapts: a throttled
attempt lowers it, and it probes back up with time while nothing is throttled,
never above its configured ceiling (``rate_limits``).  The scheme is the cubic
one of botocore's adaptive retry mode (``botocore/retries/throttling.py``, after
CUBIC, RFC 8312): at a throttle the rate falls to ``BETA`` times the rate it
was sending at; it then grows back along a cubic curve that flattens out at
that rate, where the throttle came, and only then probes beyond it.  Unlike
botocore's, the curve's length follows the quota (see ``CategoryRate``); the decrease starts from the rate the category is paced at,
not a measured one (workers waiting out a backoff would make the measured rate
fall further at each throttle); and one throttle lowers the rate once: attempts
sent before the last decrease were sent at the old rate, and their throttles
are answered already.
"""

from __future__ import annotations

import threading
import time
from typing import Callable, Dict, Hashable, Iterable, List, Optional, Tuple

from ansible_collections.cognito.user_pool.plugins.module_utils._operations import DEFAULT_RATE_LIMITS
from ansible_collections.cognito.user_pool.plugins.module_utils._operations import OPERATIONS
from ansible_collections.cognito.user_pool.plugins.module_utils._operations import PER_POOL_OPERATION_RATE
from ansible_collections.cognito.user_pool.plugins.module_utils._operations import PER_USER_RATE

# The rate a category falls to at a throttle, as a share of the rate it was paced at (CUBIC's beta).
# botocore's adaptive mode uses 0.7; with several runs sharing an account, 0.8 keeps the account's quota
# busier between throttles (test_pacing.py's simulated account; benchmarks/run.py, rows (i) and (j)).
BETA = 0.8
# How long after a throttle the rate is back at the rate of that throttle (CUBIC's K), as the number of
# requests the whole category quota serves meanwhile: RECOVERY_REQUESTS / ceiling seconds.  Longer curves
# throttle less and leave the quota idle longer (test_pacing.py's simulated account: at 100, three runs of
# 500 users sharing 30 a second had 5% of their attempts throttled and took 1.02-1.05x the least time).
RECOVERY_REQUESTS = 100
# The lowest rate a throttle can bring a category to, in requests a second (botocore: 0.5).
MIN_RATE = 0.5


class CategoryRate:
    """One quota category's sending rate: at most ``ceiling``, lowered by throttles, growing back with time.

    After a throttle at rate ``W``, the rate ``t`` seconds later is
    ``W * (1 + (1 - BETA) * (t / K - 1) ** 3)``: ``BETA * W`` at once, back at
    ``W`` after ``K`` seconds, where it lingers (the throttle came there), then
    probing beyond, faster and faster, up to the ceiling.  botocore's adaptive
    mode fixes the curve's steepness (``C``), so ``K`` is
    ``(W * (1 - BETA) / C) ** (1/3)`` seconds whatever the quota, and a run
    whose share of the account is a few requests a second climbs back within a
    few requests: in the simulated account of ``test_pacing.py``, a steepness
    that suits a 30-a-second quota threw away 27-30% of the attempts of three
    runs sharing a 6-a-second one.  Here ``K`` is the time the category's
    whole quota (its ``ceiling``) takes to serve ``RECOVERY_REQUESTS``
    requests, so the curve is as long, counted in requests, at any quota.

    Not thread-safe on its own: ``RateLimiter`` holds its lock around every use.
    """

    def __init__(self, ceiling: float) -> None:
        self.ceiling = ceiling
        self.recovery_seconds = RECOVERY_REQUESTS / ceiling  # CUBIC's K
        self.lowered_at: Optional[float] = None  # the last decrease; None: never throttled
        self._rate_at_throttle = ceiling  # CUBIC's W_max
        self.decreases = 0

    def rate(self, now: float) -> float:
        """The rate allowed at ``now``."""
        if self.lowered_at is None:
            return self.ceiling
        progress = (now - self.lowered_at) / self.recovery_seconds
        grown = self._rate_at_throttle * (1.0 + (1.0 - BETA) * (progress - 1.0) ** 3)
        return min(self.ceiling, max(MIN_RATE, grown))

    def throttled(self, sent_at: float, now: float) -> bool:
        """An attempt sent at ``sent_at`` was throttled; lower the rate unless a later decrease answered it already.

        True when the rate was lowered.
        """
        if self.lowered_at is not None and sent_at < self.lowered_at:
            return False
        self._rate_at_throttle = self.rate(now)
        self.lowered_at = now
        self.decreases += 1
        return True


class RateLimiter:
    """Pacing keys, each a rate, shared by all worker threads (the generic cell-rate algorithm).

    A key may send a burst of one second's worth of requests, then its rate in
    requests a second.  A request takes a slot from every key it counts
    against at once: its quota category, its operation's per-pool ceiling in
    the categories that have one, and its user's per-user read or write quota.
    A category's rate adapts to throttling under its ceiling (``rates``, the
    ``rate_limits`` option; see ``CategoryRate``); the per-pool ceiling follows
    the category's rate, the per-user quota is fixed.  A category rate of 0
    turns pacing of that category off (for example against moto); the per-user
    and per-pool ceilings follow their category.
    """

    def __init__(self, rates: Optional[Dict[str, float]] = None, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.rates = dict(DEFAULT_RATE_LIMITS)
        self.rates.update(rates or {})
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._arrival: Dict[Hashable, float] = {}
        self._categories: Dict[str, CategoryRate] = {}

    def current_rate(self, category: str) -> float:
        """The rate ``category`` is paced at now: its ceiling, or less after throttles; 0 when unpaced."""
        with self._lock:
            state = self._category(category)
            return state.rate(self._clock()) if state else 0.0

    def decreases(self, category: str) -> int:
        """How often throttles lowered ``category``'s rate."""
        with self._lock:
            state = self._categories.get(category)
            return state.decreases if state else 0

    def keys_for(self, operation: str, username: Optional[str] = None) -> List[Tuple[Hashable, float]]:
        """The (key, rate) pairs one request of ``operation`` for ``username`` counts against, at their rates now."""
        with self._lock:
            return self._keys(operation, username, self._clock())

    def acquire(self, operation: str, username: Optional[str] = None) -> float:
        """Block until one request of ``operation`` (for ``username``) may be sent; return when it may (the clock's time).

        A slot taken before a throttle lowered the rate was spaced at the old rate: its holder takes a new one.
        """
        while True:
            reserved_at = self._clock()
            send_at = self.reserve(operation, username)
            wait = send_at - self._clock()
            if wait > 0:
                self._sleep(wait)
            if not self.lowered_since(operation, reserved_at):
                return send_at

    def lowered_since(self, operation: str, moment: float) -> bool:
        """Whether a throttle lowered the rate of ``operation``'s category after ``moment``."""
        with self._lock:
            state = self._categories.get(OPERATIONS[operation].category)
            return bool(state and state.lowered_at is not None and state.lowered_at > moment)

    def reserve(self, operation: str, username: Optional[str] = None) -> float:
        """Take the slot of one request of ``operation`` (for ``username``) without waiting; return when it may go."""
        with self._lock:
            now = self._clock()
            return self._reserve(self._keys(operation, username, now), now)

    def throttled(self, operation: str, sent_at: float) -> bool:
        """Cognito throttled an attempt of ``operation`` sent at ``sent_at``: lower its category's rate.

        True when the rate was lowered (a throttle of an attempt sent before the last decrease is answered already).
        """
        category = OPERATIONS[operation].category
        with self._lock:
            now = self._clock()
            state = self._category(category)
            if state is None or not state.throttled(sent_at, now):
                return False
            # The slots handed out were spaced at the old rate, and their holders take new ones (``acquire``): the
            # schedule starts again now, at the lowered rate, and with no burst, since the account had no room.
            self._arrival[category] = now + _burst(state.rate(now))
            return True

    def acquire_keys(self, keys: Iterable[Tuple[Hashable, float]]) -> float:
        """Block until a request counting against ``keys`` may be sent; return the seconds waited."""
        with self._lock:
            now = self._clock()
            send_at = self._reserve(list(keys), now)
        wait = send_at - now
        if wait > 0:
            self._sleep(wait)
        return max(wait, 0.0)

    def _category(self, category: str) -> Optional[CategoryRate]:
        ceiling = self.rates.get(category) or 0.0
        if ceiling <= 0:
            return None
        state = self._categories.get(category)
        if state is None:
            state = self._categories[category] = CategoryRate(ceiling)
        return state

    def _keys(self, operation: str, username: Optional[str], now: float) -> List[Tuple[Hashable, float]]:
        spec = OPERATIONS[operation]
        state = self._category(spec.category)
        if state is None:
            return []
        category_rate = state.rate(now)
        keys: List[Tuple[Hashable, float]] = [(spec.category, category_rate)]
        if spec.quota.per_pool_operation_limit:
            keys.append((("operation", operation), min(category_rate, PER_POOL_OPERATION_RATE)))
        if spec.per_user and username is not None:
            keys.append((("user", spec.per_user, username), PER_USER_RATE))
        return keys

    def _reserve(self, keys: List[Tuple[Hashable, float]], now: float) -> float:
        send_at = now
        for key, rate in keys:
            send_at = max(send_at, self._arrival.get(key, now) - _burst(rate))
        for key, rate in keys:
            self._arrival[key] = max(self._arrival.get(key, now), send_at) + 1.0 / rate
        return send_at


def _burst(rate: float) -> float:
    """How far ahead of its schedule a key at ``rate`` may send: one second's worth of requests."""
    return max(1.0 - 1.0 / rate, 0.0)


class Breaker:
    """Ends the run when the endpoint is plainly gone.

    ``limit`` connection failures or timeouts in a row, counted across every
    worker thread (any answer from Cognito, even an error, resets the count),
    open the breaker; from then on no request is sent.  0 never opens it.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._lock = threading.Lock()
        self._in_a_row = 0
        self.opened = False
        self.last_failure: Optional[str] = None

    def failed(self, description: str) -> bool:
        """Count one connection failure; True when this one opened the breaker."""
        with self._lock:
            self._in_a_row += 1
            self.last_failure = description
            if self.limit > 0 and not self.opened and self._in_a_row >= self.limit:
                self.opened = True
                return True
            return False

    def answered(self) -> None:
        """Cognito answered: the endpoint is there."""
        with self._lock:
            self._in_a_row = 0
