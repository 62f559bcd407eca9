# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The options of every module of the collection: one argument spec each, in ansible-core's form.

Private to the collection: not an API, may change in any release.

The modules build ``AnsibleAWSModule`` from these specs, their action plugins
check values strictly against the same specs before the module runs, and the
seed_users role checks its users against ``USER_OPTIONS``.  Module
documentation must agree with them (ansible-test's validate-modules checks).
"""

from __future__ import annotations

from typing import Any, Dict

from ansible_collections.cognito.user_pool.plugins.module_utils._operations import USED_CATEGORIES
from ansible_collections.cognito.user_pool.plugins.module_utils._planner import INVITATION_CHOICES
from ansible_collections.cognito.user_pool.plugins.module_utils._status import UPDATE_PASSWORD_CHOICES
from ansible_collections.cognito.user_pool.plugins.module_utils._status import USER_STATUSES


DEFAULT_MAX_CONCURRENCY = 8
DEFAULT_MAX_ATTEMPTS = 8
DEFAULT_REQUEST_TIMEOUT = 20.0
DEFAULT_CONNECTION_FAILURE_LIMIT = 6

COLLECTION = "cognito.user_pool"
# The release that removes the deprecated names (the modules' aliases, the role's variables).
DEPRECATED_NAMES_REMOVED_IN = "3.0.0"


def app_client_options() -> Dict[str, Dict[str, Any]]:
    """The app client that signs users in, under one name in every module; the ``verify_`` names are deprecated."""
    return dict(
        client_id=dict(type="str", aliases=["verify_client_id"], deprecated_aliases=[
            dict(name="verify_client_id", version=DEPRECATED_NAMES_REMOVED_IN, collection_name=COLLECTION)]),
        client_secret=dict(type="str", no_log=True, aliases=["verify_client_secret"], deprecated_aliases=[
            dict(name="verify_client_secret", version=DEPRECATED_NAMES_REMOVED_IN, collection_name=COLLECTION)]),
    )


def given_name(params: Dict[str, Any], name: str, spec: Dict[str, Dict[str, Any]]) -> str:
    """The name the task gave option ``name`` under (an alias, or the name itself), for messages to use."""
    return next((alias for alias in spec[name].get("aliases", []) if params.get(alias) is not None), name)


def common_options() -> Dict[str, Dict[str, Any]]:
    """The options of the ``cognito.user_pool.common`` doc fragment, which every module takes."""
    return dict(
        user_pool_id=dict(type="str", required=True),
        max_concurrency=dict(type="int", default=DEFAULT_MAX_CONCURRENCY),
        rate_limits=dict(type="dict", options={category: dict(type="float") for category in USED_CATEGORIES}),
        max_attempts=dict(type="int", default=DEFAULT_MAX_ATTEMPTS),
        request_timeout=dict(type="float", default=DEFAULT_REQUEST_TIMEOUT),
        connection_failure_limit=dict(type="int", default=DEFAULT_CONNECTION_FAILURE_LIMIT),
    )


# The per-user options of cognito_user (and of each element of its ``users``), also what the seed_users
# role checks its users against.  The module-level value of the DEFAULTED ones applies to every element of
# ``users`` that leaves them unset.
USER_OPTIONS: Dict[str, Dict[str, Any]] = dict(
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
    client_metadata=dict(type="dict"),
    force_alias_creation=dict(type="bool"),
)
DEFAULTED: Dict[str, Any] = dict(
    state="present", purge_attributes=False, purge_groups=False, permanent=True,
    update_password="when_needed", invitation="suppress", desired_delivery_mediums=None,
    client_metadata=None, force_alias_creation=False,
)
SINGLE_FORM_ONLY = ("attributes", "enabled", "groups", "password")
USER_ELEMENT_OPTIONS: Dict[str, Dict[str, Any]] = dict(USER_OPTIONS, username=dict(type="str", required=True))


def cognito_user_spec() -> Dict[str, Dict[str, Any]]:
    spec = common_options()
    for name, option in USER_OPTIONS.items():
        spec[name] = dict(option, default=DEFAULTED.get(name))
    spec.update(
        username=dict(type="str"),
        users=dict(type="list", elements="dict", options=USER_ELEMENT_OPTIONS),
        **app_client_options(),
        purge_users=dict(type="bool", default=False),
        purge_scope=dict(type="str"),
        purge_whole_pool=dict(type="bool"),
        purge_keep=dict(type="list", elements="str"),
        planned_groups=dict(type="list", elements="str"),
    )
    return spec


def cognito_user_password_spec() -> Dict[str, Dict[str, Any]]:
    spec = common_options()
    spec.update(
        username=dict(type="str", required=True),
        password=dict(type="str", required=True, no_log=True),
        permanent=dict(type="bool", default=True),
        update_password=dict(type="str", default="when_needed", choices=["when_needed", "always"], no_log=False),
        method=dict(type="str", default="admin_set_user_password", choices=["admin_set_user_password", "new_password_challenge"]),
        temporary_password=dict(type="str", no_log=True),
        **app_client_options(),
        required_attributes=dict(type="dict"),
    )
    return spec


def cognito_user_info_spec() -> Dict[str, Dict[str, Any]]:
    spec = common_options()
    spec.update(
        username=dict(type="str"),
        filter=dict(type="str"),
        user_status=dict(type="str", choices=list(USER_STATUSES)),
    )
    return spec


def cognito_user_sign_in_spec() -> Dict[str, Dict[str, Any]]:
    spec = common_options()
    spec.update(
        client_id=dict(type="str", required=True),
        client_secret=dict(type="str", no_log=True),
        users=dict(type="list", elements="dict", required=True, options=dict(
            username=dict(type="str", required=True),
            password=dict(type="str", required=True, no_log=True),
        )),
        return_tokens=dict(type="bool", default=False),
    )
    return spec


GROUP_OPTIONS: Dict[str, Dict[str, Any]] = dict(
    state=dict(type="str", choices=["present", "absent"]),
    description=dict(type="str"),
    precedence=dict(type="int"),
    role_arn=dict(type="str"),
)
GROUP_ELEMENT_OPTIONS: Dict[str, Dict[str, Any]] = dict(GROUP_OPTIONS, name=dict(type="str", required=True))


def cognito_group_spec() -> Dict[str, Dict[str, Any]]:
    spec = common_options()
    spec.update(GROUP_OPTIONS)
    spec["state"] = dict(GROUP_OPTIONS["state"], default="present")
    spec.update(
        name=dict(type="str"),
        groups=dict(type="list", elements="dict", options=GROUP_ELEMENT_OPTIONS),
    )
    return spec


def cognito_group_info_spec() -> Dict[str, Dict[str, Any]]:
    spec = common_options()
    spec.update(
        names=dict(type="list", elements="str"),
        members=dict(type="bool", default=False),
    )
    return spec


MODULE_SPECS = {
    "cognito_user": cognito_user_spec,
    "cognito_user_password": cognito_user_password_spec,
    "cognito_user_info": cognito_user_info_spec,
    "cognito_user_sign_in": cognito_user_sign_in_spec,
    "cognito_group": cognito_group_spec,
    "cognito_group_info": cognito_group_info_spec,
}


# What each module's options require of each other, beside their types: passed to AnsibleAWSModule as they are,
# and checked by the module's action plugin before the module runs.
MODULE_CONSTRAINTS: Dict[str, Dict[str, Any]] = {
    "cognito_user": dict(
        required_one_of=[("username", "users")],
        required_if=[("purge_users", True, ["purge_scope", "purge_whole_pool"], True)],
        # purge_scope and purge_whole_pool exclude each other only when purge_whole_pool is true (cognito_user's
        # main): purge_whole_pool: false beside a scope, as a templated value gives it, is no conflict.
        mutually_exclusive=[("username", "users")] + [("users", name) for name in SINGLE_FORM_ONLY],
        required_by={"client_secret": "client_id"},
    ),
    "cognito_user_password": dict(
        required_if=[("method", "new_password_challenge", ["temporary_password", "client_id"])],
        required_by={"client_secret": "client_id", "required_attributes": "temporary_password"},
    ),
    "cognito_user_info": dict(mutually_exclusive=[("username", "filter", "user_status")]),
    "cognito_user_sign_in": dict(),
    "cognito_group": dict(
        mutually_exclusive=[("name", "groups")] + [("groups", name) for name in ("description", "precedence", "role_arn")],
        required_one_of=[("name", "groups")],
    ),
    "cognito_group_info": dict(),
}


def module_arguments(module: str) -> Dict[str, Any]:
    """``AnsibleAWSModule``'s keyword arguments for ``module``: its argument spec and constraints."""
    return dict(argument_spec=MODULE_SPECS[module](), supports_check_mode=True, **MODULE_CONSTRAINTS[module])
