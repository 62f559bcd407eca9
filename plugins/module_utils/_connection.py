# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""From a module's options to a ``CognitoClient``: region, timeouts, pacing, retries, early stop.

Private to the collection: not an API, may change in any release.
"""

from __future__ import annotations

from typing import Any, Dict

try:
    import botocore.config
except ImportError:
    pass  # AnsibleAWSModule reports the missing library.

from ansible_collections.cognito.user_pool.plugins.module_utils._client import CognitoClient
from ansible_collections.cognito.user_pool.plugins.module_utils._client import RetryPolicy
from ansible_collections.cognito.user_pool.plugins.module_utils._pacing import Breaker
from ansible_collections.cognito.user_pool.plugins.module_utils._pacing import RateLimiter
from ansible_collections.cognito.user_pool.plugins.module_utils._partitions import resolve_region

# Connecting takes a loopback or regional endpoint well under this; the read timeout is the option.
CONNECT_TIMEOUT = 5.0


def botocore_config(params: Dict[str, Any]):
    """The client's ``Config``: botocore's own retries off (the client retries), timeouts, enough connections."""
    concurrency = max(1, params.get("max_concurrency") or 1)
    timeout = float(params.get("request_timeout") or 20.0)
    return botocore.config.Config(
        retries={"mode": "standard", "total_max_attempts": 1},
        connect_timeout=min(CONNECT_TIMEOUT, timeout),
        read_timeout=timeout,
        max_pool_connections=max(10, concurrency),
    )


def cognito_client(module) -> CognitoClient:
    """A ``CognitoClient`` for the module's pool, in the pool's own region.

    Fails before any call when the pool id is malformed or the configured region is not the pool's. With
    ``endpoint_url``, a local Cognito's pool id (any the API admits) is accepted in the configured region.
    """
    params = module.params
    region = resolve_region(params["user_pool_id"], module.region, params.get("endpoint_url"))
    rates = {category: rate for category, rate in (params.get("rate_limits") or {}).items() if rate is not None}
    return CognitoClient(
        module.client("cognito-idp", region=region, config=botocore_config(params)),
        params["user_pool_id"],
        region,
        rate_limiter=RateLimiter(rates),
        retry_policy=RetryPolicy(max_attempts=params.get("max_attempts") or 1),
        breaker=Breaker(limit=params.get("connection_failure_limit") or 0),
        endpoint=params.get("endpoint_url"),
    )
