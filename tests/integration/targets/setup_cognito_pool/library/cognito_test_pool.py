#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: cognito_test_pool
short_description: Create and delete the throw-away user pools of the integration tests
description:
  - Test fixture of the cognito.user_pool integration tests, not part of the collection.
  - Neither amazon.aws nor community.aws manages Cognito user pools, so the setup_cognito_pool target
    brings this module, built on amazon.aws's C(AnsibleAWSModule) so that it takes the same connection
    options as the collection's modules.
  - V(present) always creates a new pool with the app clients and groups given; pool names are
    meant to be unique per run.
  - V(absent) deletes every pool named O(name), and its app clients and groups with it. No pool of
    that name is not an error.
  - tests/integration/run.py imports C(delete_pools) to sweep, at the end of a run, every pool whose
    name starts with the run's resource prefix.
options:
  name:
    description: The pool's name.
    type: str
    required: true
  state:
    description: Create the pool, or delete the pools of that name.
    type: str
    choices: [present, absent]
    default: present
  password_policy:
    description: The pool's password policy, in Cognito's own shape (C(MinimumLength), C(RequireUppercase), ...).
    type: dict
  app_clients:
    description: App clients to create; each allows C(ALLOW_ADMIN_USER_PASSWORD_AUTH) and C(ALLOW_REFRESH_TOKEN_AUTH).
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description: The client's name, and its key in RV(app_clients).
        type: str
        required: true
      generate_secret:
        description: Give the client a secret.
        type: bool
        default: false
  groups:
    description: Groups to create in the pool.
    type: list
    elements: str
    default: []
author:
  - Cognito User Pool maintainers (@cognito-user-pool)
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: A pool for one target, with a public and a confidential app client
  cognito_test_pool:
    name: "{{ resource_prefix }}-cognito_user-x1y2"
    password_policy: {MinimumLength: 12, RequireUppercase: true}
    app_clients:
      - name: public
      - name: confidential
        generate_secret: true
    groups: [admins]

- name: Delete it again
  cognito_test_pool:
    name: "{{ resource_prefix }}-cognito_user-x1y2"
    state: absent
"""

RETURN = r"""
user_pool_id:
  description: The new pool's id.
  returned: O(state=present)
  type: str
app_clients:
  description: The app clients by name, each with C(client_id) and C(client_secret) (null without a secret).
  returned: O(state=present)
  type: dict
deleted:
  description: The ids of the pools deleted.
  returned: O(state=absent)
  type: list
  elements: str
"""

from typing import Callable, List

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry

try:
    import botocore
except ImportError:
    pass  # AnsibleAWSModule reports the missing library.

# Every Cognito call this module makes. tests/integration/run.py reads this tuple (without importing the
# module) to write the IAM policy the test identity needs, together with the collection's own operations.
FIXTURE_OPERATIONS = (
    "CreateUserPool",
    "CreateUserPoolClient",
    "CreateGroup",
    "ListUserPools",
    "DeleteUserPool",
)

ADMIN_AUTH_FLOWS = ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]


def pool_ids_named(client, wanted: Callable[[str], bool]) -> List[str]:
    """The ids of the pools in the client's region whose name ``wanted`` accepts."""
    ids, token = [], None
    while True:
        page = client.list_user_pools(MaxResults=60, **({"NextToken": token} if token else {}))
        ids.extend(pool["Id"] for pool in page["UserPools"] if wanted(pool["Name"]))
        token = page.get("NextToken")
        if not token:
            return ids


def delete_pools(client, wanted: Callable[[str], bool]) -> List[str]:
    """Delete the pools whose name ``wanted`` accepts; their app clients and groups go with them."""
    deleted = []
    for pool_id in pool_ids_named(client, wanted):
        try:
            client.delete_user_pool(UserPoolId=pool_id)
        except is_boto3_error_code("ResourceNotFoundException"):
            continue  # deleted by someone else in the meantime: gone is what was asked for
        deleted.append(pool_id)
    return deleted


def create_pool(client, params) -> dict:
    """Create the pool, its app clients and groups; the ids (and secrets) to use them."""
    request = {"PoolName": params["name"], "DeletionProtection": "INACTIVE"}
    if params["password_policy"]:
        request["Policies"] = {"PasswordPolicy": params["password_policy"]}
    pool_id = client.create_user_pool(**request)["UserPool"]["Id"]
    app_clients = {}
    for app_client in params["app_clients"]:
        created = client.create_user_pool_client(
            UserPoolId=pool_id, ClientName=app_client["name"], GenerateSecret=app_client["generate_secret"],
            ExplicitAuthFlows=ADMIN_AUTH_FLOWS,
        )["UserPoolClient"]
        app_clients[app_client["name"]] = {"client_id": created["ClientId"], "client_secret": created.get("ClientSecret")}
    for group in params["groups"]:
        client.create_group(UserPoolId=pool_id, GroupName=group)
    return {"user_pool_id": pool_id, "app_clients": app_clients}


def main():
    argument_spec = dict(
        name=dict(type="str", required=True),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        password_policy=dict(type="dict", no_log=False),
        app_clients=dict(type="list", elements="dict", default=[], options=dict(
            name=dict(type="str", required=True),
            generate_secret=dict(type="bool", default=False),
        )),
        groups=dict(type="list", elements="str", default=[]),
    )
    module = AnsibleAWSModule(argument_spec=argument_spec)
    params = module.params
    name, creating = params["name"], params["state"] == "present"
    client = module.client("cognito-idp", retry_decorator=AWSRetry.jittered_backoff())
    try:
        if creating:
            module.exit_json(changed=True, **create_pool(client, params))
        deleted = delete_pools(client, lambda pool_name: pool_name == name)
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
        module.fail_json_aws(e, msg=f"Could not {'create' if creating else 'delete'} user pool {name!r}")
    module.exit_json(changed=bool(deleted), deleted=deleted)


if __name__ == "__main__":
    main()
