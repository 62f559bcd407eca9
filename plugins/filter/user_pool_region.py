# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: user_pool_region
short_description: The region of a Cognito user pool, read from its id
version_added: 2.0.0
description:
  - Returns the region part of a user pool id (V(eu-west-1_AbCdEf123) gives V(eu-west-1)), checked against the
    regions and partitions botocore knows. Needs botocore on the controller.
  - Fails, naming the problem, for a value that is not a user pool id.
options:
  _input:
    description: The user pool id.
    type: str
    required: true
"""

EXAMPLES = r"""
- name: Call STS in the pool's region
  amazon.aws.aws_caller_info:
    region: "{{ pool_id | cognito.user_pool.user_pool_region }}"
"""

RETURN = r"""
_value:
  description: The pool's region.
  type: str
  sample: eu-west-1
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.cognito.user_pool.plugins.module_utils._errors import CognitoError
from ansible_collections.cognito.user_pool.plugins.module_utils._partitions import parse_user_pool_id


def user_pool_region(user_pool_id):
    """The region of the pool."""
    try:
        return parse_user_pool_id(user_pool_id, "the user pool id").region
    except CognitoError as e:
        raise AnsibleFilterError(f"user_pool_region: {e.message}") from None


class FilterModule:
    def filters(self):
        return {"user_pool_region": user_pool_region}
