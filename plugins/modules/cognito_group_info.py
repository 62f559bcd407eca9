#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: cognito_group_info
short_description: List the groups of a Cognito user pool, with their members if asked
version_added: 2.0.0
description:
  - Returns every group of a user pool (C(ListGroups), all pages), or the named ones (C(GetGroup) each).
  - With O(members), each group's members too (C(ListUsersInGroup), all pages).
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
  names:
    description:
      - Only these groups. A name the pool does not have is left out of RV(groups).
      - An empty name, or one Cognito would refuse (C(GroupNameType)), is refused before any call.
      - Unset lists every group.
    type: list
    elements: str
  members:
    description: Also list each group's members' usernames.
    type: bool
    default: false
notes:
  - "IAM actions: C(cognito-idp:ListGroups) or C(cognito-idp:GetGroup); C(cognito-idp:ListUsersInGroup) with O(members).
    C(GetGroup) answers one error for a missing group and a missing pool, so a named group that is missing is told
    from a missing pool with C(cognito-idp:DescribeUserPool)."
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
- name: Every group of the pool
  cognito.user_pool.cognito_group_info:
    user_pool_id: eu-west-1_AbCdEf123
  register: pool_groups

- name: Who is in admins
  cognito.user_pool.cognito_group_info:
    user_pool_id: eu-west-1_AbCdEf123
    names: [admins]
    members: true
"""

RETURN = r"""
groups:
  description: The groups, in the order Cognito lists them (or the order of O(names)).
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: The group's name.
      type: str
      sample: admins
    description:
      description: The group's description (null when it has none).
      type: str
      sample: Administrators
    precedence:
      description: The group's precedence (null when it has none).
      type: int
      sample: 0
    role_arn:
      description: The group's IAM role (null when it has none).
      type: str
      sample: arn:aws:iam::123456789012:role/admins
    members:
      description: The usernames of the group's members.
      type: list
      elements: str
      returned: when O(members=true)
      sample: [alice, bob]
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.cognito.user_pool.plugins.module_utils._connection import cognito_client
from ansible_collections.cognito.user_pool.plugins.module_utils._errors import CognitoError
from ansible_collections.cognito.user_pool.plugins.module_utils._groups import GroupState
from ansible_collections.cognito.user_pool.plugins.module_utils._options import module_arguments


def group_info(client, record, members):
    info = {"name": record["GroupName"]}
    state = GroupState.of(record).as_dict()
    info.update({key: state[key] for key in ("description", "precedence", "role_arn")})
    if members:
        info["members"] = [user["Username"] for user in client.list_users_in_group(record["GroupName"])]
    return info


def main():
    module = AnsibleAWSModule(**module_arguments("cognito_group_info"))
    params = module.params
    try:
        client = cognito_client(module)
        if params["names"] is not None:
            records = [record for record in (client.get_group(name) for name in params["names"]) if record is not None]
        else:
            records = list(client.list_groups())
        groups = [group_info(client, record, params["members"]) for record in records]
    except CognitoError as e:
        module.fail_json(msg=e.message, **e.details())
    module.exit_json(changed=False, groups=groups)


if __name__ == "__main__":
    main()
