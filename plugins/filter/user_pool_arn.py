# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: user_pool_arn
short_description: The ARN of a Cognito user pool, in the partition of its region
version_added: 2.0.0
description:
  - "Returns C(arn:<partition>:cognito-idp:<region>:<account>:userpool/<user pool id>), with the region read from
    the pool id and its partition from botocore's endpoint data (C(aws), C(aws-cn), C(aws-us-gov), C(aws-iso*),
    C(aws-eusc)). Needs botocore on the controller."
  - Fails, naming the problem, for a value that is not a user pool id of a region botocore knows.
options:
  _input:
    description: The user pool id, for example V(eu-west-1_AbCdEf123).
    type: str
    required: true
  account_id:
    description: The 12-digit AWS account id that owns the pool.
    type: str
    required: true
"""

EXAMPLES = r"""
- name: The ARN to scope a policy to
  ansible.builtin.debug:
    msg: "{{ 'us-gov-west-1_AbCdEf123' | cognito.user_pool.user_pool_arn('123456789012') }}"
"""

RETURN = r"""
_value:
  description: The pool's ARN.
  type: str
  sample: arn:aws-us-gov:cognito-idp:us-gov-west-1:123456789012:userpool/us-gov-west-1_AbCdEf123
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.cognito.user_pool.plugins.module_utils._errors import CognitoError
from ansible_collections.cognito.user_pool.plugins.module_utils._partitions import ACCOUNT_ID_PATTERN
from ansible_collections.cognito.user_pool.plugins.module_utils._partitions import parse_user_pool_id


def user_pool_arn(user_pool_id, account_id):
    """The pool's ARN in ``account_id``."""
    if not isinstance(account_id, str) or not ACCOUNT_ID_PATTERN.match(account_id):
        raise AnsibleFilterError("user_pool_arn: account_id must be a 12-digit AWS account id, as a string.")
    try:
        return parse_user_pool_id(user_pool_id, "the user pool id").arn(account_id)
    except CognitoError as e:
        raise AnsibleFilterError(f"user_pool_arn: {e.message}") from None


class FilterModule:
    def filters(self):
        return {"user_pool_arn": user_pool_arn}
