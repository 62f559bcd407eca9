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
from ansible_collections.cognito.user_pool.plugins.module_utils.planner import INVITATION_CHOICES
from ansible_collections.cognito.user_pool.plugins.module_utils.planner import UPDATE_PASSWORD_CHOICES

# The per-user options of cognito_user (and of each element of its ``users``),
# also what the declared_user_errors filter checks a role's users against.
# The module-level value of the DEFAULTED ones applies to every element of
# ``users`` that leaves them unset.
USER_OPTIONS = dict(
    state=dict(type="str", choices=["present", "absent"]),
    attributes=dict(type="dict"),
    purge_attributes=dict(type="bool"),
    enabled=dict(type="bool"),
    groups=dict(type="list", elements="str"),
    purge_groups=dict(type="bool"),
    password=dict(type="str", no_log=True),
    permanent=dict(type="bool"),
    update_password=dict(type="str", choices=list(UPDATE_PASSWORD_CHOICES), no_log=False),
    invitation=dict(type="str", choices=list(INVITATION_CHOICES)),
    desired_delivery_mediums=dict(type="list", elements="str", choices=["EMAIL", "SMS"]),
)
DEFAULTED = dict(
    state="present", purge_attributes=False, purge_groups=False, permanent=True,
    update_password="when_needed", invitation="suppress", desired_delivery_mediums=None,
)
SINGLE_FORM_ONLY = ("attributes", "enabled", "groups", "password")


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
