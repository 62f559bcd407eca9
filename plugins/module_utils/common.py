# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What every module of the collection shares: options and client set-up."""

from __future__ import annotations

from typing import Any, Dict

try:
    import botocore.config
except ImportError:
    pass  # AnsibleAWSModule reports the missing library.

from ansible_collections.cognito.user_pool.plugins.module_utils.client import CognitoClient
from ansible_collections.cognito.user_pool.plugins.module_utils.client import RateLimiter
from ansible_collections.cognito.user_pool.plugins.module_utils.client import resolve_region
from ansible_collections.cognito.user_pool.plugins.module_utils.operations import DEFAULT_RATE_LIMITS


def user_pool_argument_spec() -> Dict[str, Any]:
    """The options of the ``cognito.user_pool.common`` doc fragment."""
    return dict(
        user_pool_id=dict(type="str", required=True),
        max_concurrency=dict(type="int", default=8),
        rate_limits=dict(
            type="dict",
            options={category: dict(type="float") for category in DEFAULT_RATE_LIMITS},
        ),
    )


def cognito_client(module) -> CognitoClient:
    """A ``CognitoClient`` for the module's pool, in the pool's own region.

    Fails before any call when the configured region is not the pool's.
    """
    params = module.params
    region = resolve_region(params["user_pool_id"], module.region)
    concurrency = max(1, params.get("max_concurrency") or 1)
    config = botocore.config.Config(max_pool_connections=max(10, concurrency))
    rates = {category: rate for category, rate in (params.get("rate_limits") or {}).items() if rate is not None}
    return CognitoClient(
        module.client("cognito-idp", region=region, config=config),
        params["user_pool_id"],
        region,
        rate_limiter=RateLimiter(rates),
    )
