# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # Options every module of cognito.user_pool takes. The rate_limits suboptions are generated from
    # plugins/module_utils/_operations.py by tools/generate_docs.py; a unit test holds them to it.
    DOCUMENTATION = r"""
notes:
  - "O(user_pool_id): the V(<region>_) prefix is the pool's region, in any AWS partition botocore knows (C(aws),
    C(aws-cn), C(aws-us-gov), the ISO partitions, C(aws-eusc)). When no region is configured (O(region) option,
    E(AWS_REGION) or E(AWS_DEFAULT_REGION), or the profile), the pool's region is used. When a configured
    region differs, the module fails before any call and names both regions."
  - "O(rate_limits): every HTTP attempt is paced, retries and pages included. The defaults are Cognito's default
    account quotas (its documentation's \"user pools API operation categories and request rate quotas\"). Raise
    them when the account has bought more capacity; lower them when other automation shares the account's quota."
  - "O(rate_limits) are ceilings. Cognito's quotas hold for the whole account and region, shared by every run, so
    each category's rate adapts under its ceiling. A throttled attempt lowers it, and it grows back while
    nothing is throttled. Runs that share an account (C(forks) over one host per pool, parallel jobs)
    thereby share its quota instead of throwing most of their attempts away."
  - "O(rate_limits) refused before any call, naming the category: a negative rate, one that is not a finite number
    (V(.nan), V(.inf)), and one so low that the task would take more than a day (for a category with per-user
    operations, one request for each declared user; for another, a single request), with the projection and the
    least rate that would do."
  - "O(rate_limits): Cognito also limits each user to ten reads and ten writes a second, and each group operation to
    five a second per pool; both are always paced, unless their category is turned off."
options:
  user_pool_id:
    description:
      - The id of the user pool, for example V(eu-west-1_AbCdEf123). Its V(<region>_) prefix is the pool's region
        (see the notes).
      - With O(endpoint_url) set (a local Cognito such as cognito-local), any id Cognito's API admits is accepted,
        for example V(local_AbCd1234); its region is then the configured one, which must be set.
    type: str
    required: true
  max_concurrency:
    description:
      - How many users (or groups) are read and written at the same time.
    type: int
    default: 8
  max_attempts:
    description:
      - How many times one request is tried in all when Cognito throttles it (C(TooManyRequestsException)),
        fails internally, or does not answer. Retries wait a random time that doubles with each attempt
        (at most 10 seconds), and each attempt is paced by O(rate_limits).
      - This is the only retry layer; botocore's own retries are switched off.
    type: int
    default: 8
  request_timeout:
    description:
      - Seconds one request may take to be answered before it counts as failed. Connecting has at most
        5 seconds of it.
    type: float
    default: 20
  connection_failure_limit:
    description:
      - How many connection failures or timeouts in a row, counted across all workers, stop the run early.
        The users (or groups) not attempted yet then fail with one message saying the endpoint did not answer,
        instead of each waiting through its own timeouts and retries.
      - V(0) never stops early.
    type: int
    default: 6
  rate_limits:
    description:
      - Client-side request rates, in requests per second, for each Cognito quota category; every HTTP attempt is
        paced. Ceilings, under which each rate adapts to throttling; defaults and limits are in the notes.
      - V(0) turns the limit of a category off (for example against a local moto server); it is the only way to.
    type: dict
    suboptions:
      # BEGIN GENERATED rate_limits
      UserAccountRecovery:
        description: Rate for C(AdminRespondToAuthChallenge), C(AdminSetUserPassword). Cognito's default is 30.
        type: float
      UserAuthentication:
        description: Rate for C(AdminInitiateAuth). Cognito's default is 120.
        type: float
      UserCreation:
        description: Rate for C(AdminCreateUser). Cognito's default is 50.
        type: float
      UserList:
        description: Rate for C(ListUsers), C(ListUsersInGroup). Cognito's default is 30.
        type: float
      UserPoolClientRead:
        description: Rate for C(DescribeUserPoolClient). Cognito's default is 15.
        type: float
      UserPoolRead:
        description: Rate for C(DescribeUserPool). Cognito's default is 15.
        type: float
      UserPoolResourceRead:
        description: Rate for C(GetGroup), C(ListGroups). Cognito's default is 20.
        type: float
      UserPoolResourceUpdate:
        description: Rate for C(CreateGroup), C(DeleteGroup), C(UpdateGroup). Cognito's default is 15.
        type: float
      UserRead:
        description: Rate for C(AdminGetUser). Cognito's default is 120.
        type: float
      UserResourceRead:
        description: Rate for C(AdminListGroupsForUser). Cognito's default is 50.
        type: float
      UserUpdate:
        description:
          - Rate for C(AdminAddUserToGroup), C(AdminDeleteUser), C(AdminDeleteUserAttributes), C(AdminDisableUser),
            C(AdminEnableUser), C(AdminRemoveUserFromGroup), C(AdminUpdateUserAttributes). Cognito's default is 25.
        type: float
      # END GENERATED rate_limits
"""
