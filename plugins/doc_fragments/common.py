# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # Options every module of cognito.user_pool takes.
    DOCUMENTATION = r"""
options:
  user_pool_id:
    description:
      - The id of the user pool, for example V(eu-west-1_AbCdEf123).
      - Its V(<region>_) prefix is the pool's region. When no region is configured
        (O(region) option, E(AWS_REGION) or E(AWS_DEFAULT_REGION), or the profile), the pool's
        region is used. When a configured region differs, the module fails before
        any call and names both regions.
    type: str
    required: true
  max_concurrency:
    description:
      - How many users are read and written at the same time.
    type: int
    default: 8
  rate_limits:
    description:
      - Client-side request rates, in requests per second, for each Cognito quota category.
      - Defaults are Cognito's default account quotas. Raise them when the account has bought
        more capacity; lower them when other automation shares the account's quota. V(0) turns
        the limit of a category off (for example against a local moto server).
      - Throttled requests (C(TooManyRequestsException)) are retried with jittered backoff whatever
        these rates are.
    type: dict
    suboptions:
      UserCreation:
        description: Rate for C(AdminCreateUser). Cognito's default is 50.
        type: float
      UserRead:
        description: Rate for C(AdminGetUser) and C(AdminListGroupsForUser). Cognito's default is 120.
        type: float
      UserList:
        description: Rate for C(ListUsers). Cognito's default is 30.
        type: float
      UserUpdate:
        description:
          - Rate for password, attribute, enablement, group and deletion calls. Cognito's default is 25.
        type: float
      UserAuthentication:
        description: Rate for C(AdminInitiateAuth) (password verification). Cognito's default is 120.
        type: float
      UserPoolRead:
        description: Rate for C(DescribeUserPool). Cognito's default is 15.
        type: float
"""
