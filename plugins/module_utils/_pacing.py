# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Client-side pacing under Cognito's request-rate quotas, and the early stop when the endpoint is gone.

Private to the collection: not an API, may change in any release.

Every HTTP attempt, retries and pages included, takes a slot from
``RateLimiter`` first; ``Breaker`` counts connection failures across all
worker threads and ends the run once the endpoint is plainly unreachable.
"""

from __future__ import annotations

import threading
import time
from typing import Callable, Dict, Hashable, Iterable, List, Optional, Tuple

from ansible_collections.cognito.user_pool.plugins.module_utils._operations import DEFAULT_RATE_LIMITS
from ansible_collections.cognito.user_pool.plugins.module_utils._operations import OPERATIONS
from ansible_collections.cognito.user_pool.plugins.module_utils._operations import PER_POOL_OPERATION_RATE
from ansible_collections.cognito.user_pool.plugins.module_utils._operations import PER_USER_RATE


class RateLimiter:
    """Pacing keys, each a rate, shared by all worker threads (the generic cell-rate algorithm).

    A key may send a burst of one second's worth of requests, then ``rate``
    requests a second.  A request takes a slot from every key it counts
    against at once: its quota category, its operation's per-pool ceiling in
    the categories that have one, and its user's per-user read or write quota.
    A category rate of 0 turns pacing of that category off (for example against
    moto); the per-user and per-pool ceilings follow their category.
    """

    def __init__(self, rates: Optional[Dict[str, float]] = None, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.rates = dict(DEFAULT_RATE_LIMITS)
        self.rates.update(rates or {})
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._arrival: Dict[Hashable, float] = {}

    def keys_for(self, operation: str, username: Optional[str] = None) -> List[Tuple[Hashable, float]]:
        """The (key, rate) pairs one request of ``operation`` for ``username`` counts against."""
        spec = OPERATIONS[operation]
        category_rate = self.rates.get(spec.category) or 0.0
        if category_rate <= 0:
            return []
        keys: List[Tuple[Hashable, float]] = [(spec.category, category_rate)]
        if spec.quota.per_pool_operation_limit:
            keys.append((("operation", operation), min(category_rate, PER_POOL_OPERATION_RATE)))
        if spec.per_user and username is not None:
            keys.append((("user", spec.per_user, username), PER_USER_RATE))
        return keys

    def acquire(self, operation: str, username: Optional[str] = None) -> float:
        """Block until one request of ``operation`` (for ``username``) may be sent; return the seconds waited."""
        return self.acquire_keys(self.keys_for(operation, username))

    def acquire_keys(self, keys: Iterable[Tuple[Hashable, float]]) -> float:
        keys = list(keys)
        if not keys:
            return 0.0
        with self._lock:
            now = self._clock()
            send_at = now
            for key, rate in keys:
                burst = max(1.0 - 1.0 / rate, 0.0)
                send_at = max(send_at, self._arrival.get(key, now) - burst)
            for key, rate in keys:
                self._arrival[key] = max(self._arrival.get(key, now), send_at) + 1.0 / rate
        wait = send_at - now
        if wait > 0:
            self._sleep(wait)
        return max(wait, 0.0)


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
