#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: cognito_user_info
short_description: List the users of a Cognito user pool, or read one
version_added: 1.0.0
description:
  - Returns the users of a user pool, following every page of C(ListUsers), optionally filtered;
    or one user, with its groups.
  - "C(ListUsers) is eventually consistent (its API reference: You might experience a delay before results are
    up-to-date), so a user created or changed a moment ago may be missing or out of date in a listing. O(username)
    reads with C(AdminGetUser), which is strongly consistent but counts towards the pool's monthly active users."
author:
  - Cognito User Pool maintainers (@cognito-user-pool)
attributes:
  check_mode:
    support: full
    details: Reads only; it runs the same in check mode.
  diff_mode:
    support: none
  platform:
    platforms: all
  action_group:
    membership: [cognito.user_pool.aws]
  action:
    support: full
    details: Its action plugin checks the arguments on the controller before the module runs.
  async:
    support: full
  bypass_host_loop:
    support: none
options:
  username:
    description:
      - Read this one user (C(AdminGetUser)) and its groups (C(AdminListGroupsForUser)).
      - An unknown user gives an empty RV(users).
      - Mutually exclusive with O(filter) and O(user_status). With none of the three, every user is listed.
    type: str
  filter:
    description:
      - A C(ListUsers) filter in Cognito's syntax, for example V(email ^= "test-") or V(status = "Enabled").
      - Mutually exclusive with O(username) and O(user_status).
    type: str
  user_status:
    description:
      - Shorthand for the filter V(cognito:user_status = "<user_status>").
      - Mutually exclusive with O(username) and O(filter).
    type: str
    choices: [UNCONFIRMED, CONFIRMED, ARCHIVED, COMPROMISED, UNKNOWN, RESET_REQUIRED, FORCE_CHANGE_PASSWORD, EXTERNAL_PROVIDER]
extends_documentation_fragment:
  - cognito.user_pool.common
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.ACTIONGROUPS
  - ansible.builtin.action_common_attributes.FLOW
"""

EXAMPLES = r"""
- name: Users that still have to change their password
  cognito.user_pool.cognito_user_info:
    user_pool_id: eu-west-1_AbCdEf123
    user_status: FORCE_CHANGE_PASSWORD
  register: waiting

- name: One user, with its groups
  cognito.user_pool.cognito_user_info:
    user_pool_id: eu-west-1_AbCdEf123
    username: alice
"""

RETURN = r"""
users:
  description: The matching users.
  returned: always
  type: list
  elements: dict
  contains:
    username:
      description: The user's username (for pools with e-mail usernames, its C(sub)).
      type: str
      sample: alice
    user_status:
      description: The user's C(UserStatus).
      type: str
      sample: CONFIRMED
    enabled:
      description: Whether the user is enabled.
      type: bool
      sample: true
    attributes:
      description:
        - The user's attributes, names as Cognito spells them, values as Cognito stores them (text), except
          C(email_verified) and C(phone_number_verified), which are booleans, as M(cognito.user_pool.cognito_user)'s
          O(cognito.user_pool.cognito_user#module:attributes) takes them.
      type: dict
      sample: {sub: 9b1e0c4e-0000-4000-8000-000000000000, email: alice@example.com, email_verified: true,
               "custom:tenant": acme}
    user_create_date:
      description: When the user was created (ISO 8601).
      type: str
      sample: "2026-11-28T04:23:40.123000+00:00"
    user_last_modified_date:
      description: When the user was last modified (ISO 8601).
      type: str
      sample: "2026-11-28T04:23:41.456000+00:00"
    groups:
      description: The user's groups.
      type: list
      elements: str
      returned: when O(username) is given
      sample: [admins, readers]
    mfa_options:
      description: The user's legacy SMS MFA options, when it has any.
      type: list
      elements: dict
      returned: when the user has MFA options
      sample: [{delivery_medium: SMS, attribute_name: phone_number}]
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.cognito.user_pool.plugins.module_utils._connection import cognito_client
from ansible_collections.cognito.user_pool.plugins.module_utils._errors import CognitoError
from ansible_collections.cognito.user_pool.plugins.module_utils._options import module_arguments
from ansible_collections.cognito.user_pool.plugins.module_utils._user_info import user_info


def main():
    module = AnsibleAWSModule(**module_arguments("cognito_user_info"))
    params = module.params
    filter_expression = params["filter"]
    if params["user_status"]:
        filter_expression = f'cognito:user_status = "{params["user_status"]}"'
    try:
        client = cognito_client(module)
        if params["username"] is not None:
            record = client.get_user(params["username"])
            users = [] if record is None else [user_info(record, client.list_groups_for_user(record["Username"]))]
        else:
            users = [user_info(record) for record in client.list_users(filter_expression)]
    except CognitoError as e:
        module.fail_json(msg=e.message, **e.details())
    module.exit_json(changed=False, users=users)


if __name__ == "__main__":
    main()
