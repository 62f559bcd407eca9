# -*- coding: utf-8 -*-
"""Several runs in one account share its quotas (issue 20): the proxy's token buckets are the account's.

Three ``seed_users`` runs started together, one per pool, each paced at the account's whole quota as a run
alone would be (its ``rate_limits``), against token buckets that hold every pool of the moto server to the
account's quotas, scaled down so that the runs contend within seconds.  The adaptive pacing must bring every
user through with few attempts thrown away.  The same at 500 users a run and at AWS's default quotas is row (i)
of ``benchmarks/run.py``.

The share of attempts thrown away falls under the target only after about 40 s of contention (the runs' first
seconds cost about the same throttles at any size), so no smaller run shows it: the test runs at its one size in
make test-scale, and make test proves the adaptation on a simulated clock
(tests/unit/plugins/module_utils/test_pacing.py::test_three_runs_sharing_an_account_adapt_to_its_quota).
"""

from __future__ import annotations

import pytest

from ansible_collections.cognito.user_pool.plugins.module_utils._operations import DEFAULT_RATE_LIMITS
from functional_harness.cognito_rules import cognito_quota_buckets
from functional_harness.faults import run_in_parallel
from seed_users_role import run_role
from seed_users_role import seed_result

# The account's quotas at half AWS's defaults: UserAccountRecovery 15 a second, UserCreation 25.  The runs'
# first seconds, each at the whole quota until its first throttles, cost about 20 throttled attempts whatever
# the size; 200 users a run (40 s at 15 a second) keep them well under the target's 10% (100 users: 8-10%).
SHARE = 0.5
USERS_PER_RUN = 200
RUNS = 3
# The target of row (i): at most this share of each category's attempts throttled.
THROTTLED_AT_MOST = 0.10

pytestmark = pytest.mark.own_rules


@pytest.mark.scale
def test_three_runs_in_one_account_adapt_to_its_shared_quotas(run_playbook, cognito, proxy, size):
    users_per_run = size(None, USERS_PER_RUN)
    if users_per_run is None:
        pytest.skip("shows its property only at full size (--full-size, make test-scale)")
    pools = [cognito.create_pool() for dummy in range(RUNS)]
    proxy.set_policy(cognito_quota_buckets(SHARE))
    ceilings = {category: rate * SHARE for category, rate in DEFAULT_RATE_LIMITS.items()}

    def run(pool):
        users = [{"username": f"user{index:04d}", "password": f"Own!Pass{index:04d}x"} for index in range(users_per_run)]
        return lambda: run_role(run_playbook, pool, users, rate_limits=ceilings)

    runs = run_in_parallel(*[run(pool) for pool in pools])
    shares = proxy.attempts_by_category()
    print(f"\n{RUNS} runs of {users_per_run} users, one per pool, quotas at {SHARE} of AWS's defaults, account-wide:")
    for category, (attempts, throttled) in sorted(shares.items()):
        print(f"  {category}: {attempts} attempts, {throttled} throttled ({throttled / attempts:.1%})")
    for result in runs:
        assert result.rc == 0, result.output[-3000:]
        assert seed_result(result)["failed"] == 0, seed_result(result)["message"]
    for pool in pools:
        users = [user for page in cognito.client.get_paginator("list_users").paginate(UserPoolId=pool)
                 for user in page["Users"]]
        assert len(users) == users_per_run and {user["UserStatus"] for user in users} == {"CONFIRMED"}
    assert sum(throttled for attempts, throttled in shares.values()) > 0, "the runs never contended: no proof"
    for category, (attempts, throttled) in shares.items():
        assert throttled / attempts <= THROTTLED_AT_MOST, (category, attempts, throttled)
