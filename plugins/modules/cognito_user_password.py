#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: cognito_user_password
short_description: Set a Cognito user's password only when its live status needs it
version_added: 1.0.0
description:
  - Reads the user's live C(UserStatus) and calls C(AdminSetUserPassword) only when that is needed
    to reach the declared status. A user an administrator created sits in C(FORCE_CHANGE_PASSWORD)
    and cannot sign in through the standard flows; O(permanent=true) moves it to C(CONFIRMED).
  - "Decision with O(update_password=when_needed):"
  - "C(FORCE_CHANGE_PASSWORD): set when O(permanent=true); otherwise unchanged (verified when O(verify_client_id) is given)."
  - "C(RESET_REQUIRED), C(UNCONFIRMED), C(COMPROMISED): set."
  - "C(CONFIRMED): unchanged when O(permanent=true) (verified when O(verify_client_id) is given); set when O(permanent=false)."
  - "C(EXTERNAL_PROVIDER): fails, federated users have no Cognito password. Any other status fails, naming it."
  - The password is checked against the pool's password policy (C(DescribeUserPool)) before any write, in
    check mode too, and every broken rule is named. The password itself never appears in results,
    diffs, warnings, errors or logs.
  - In check mode only read calls are made (C(DescribeUserPool), C(AdminGetUser), and
    C(AdminInitiateAuth) when verifying), and C(changed) is what a real run would report.
author:
  - Cognito User Pool maintainers (@cognito-user-pool)
options:
  username:
    description:
      - The user's username, or an alias or e-mail address as Cognito accepts it (pools whose
        C(UsernameAttributes) is C(email) included).
    type: str
    required: true
  password:
    description:
      - The password to set.
    type: str
    required: true
  permanent:
    description:
      - V(true) sets a permanent password and leaves the user C(CONFIRMED).
      - V(false) sets a temporary password and leaves the user in C(FORCE_CHANGE_PASSWORD), so that
        it must choose a new password at its next sign-in.
    type: bool
    default: true
  update_password:
    description:
      - V(when_needed) sets the password only when the user's status is not the declared one (or, with
        O(verify_client_id), when the password does not match).
      - V(always) sets it on every run and reports a change.
    type: str
    choices: [when_needed, always]
    default: when_needed
  verify_client_id:
    description:
      - An app client of the pool that allows C(ALLOW_ADMIN_USER_PASSWORD_AUTH). When the user already has
        the declared status, the module tries C(AdminInitiateAuth) with C(ADMIN_USER_PASSWORD_AUTH) through
        this client. A success or any challenge means the password already matches and nothing changes;
        C(NotAuthorizedException) means it differs, and it is set.
      - "Side effects: a failed try counts towards Cognito's lockout of the user after repeated failures,
        and the pool's pre-authentication, post-authentication and token-generation Lambda triggers run.
        Tokens a successful try returns are discarded unseen."
      - A disabled user cannot sign in, so its password is not verified; a warning says so.
    type: str
  verify_client_secret:
    description:
      - The secret of O(verify_client_id), when that app client has one. Used to compute C(SECRET_HASH).
    type: str
notes:
  - Throttled requests (C(TooManyRequestsException)) are retried with jittered backoff.
  - "IAM actions needed: C(cognito-idp:DescribeUserPool), C(cognito-idp:AdminGetUser),
    C(cognito-idp:AdminSetUserPassword), and C(cognito-idp:AdminInitiateAuth) with O(verify_client_id)."
extends_documentation_fragment:
  - cognito.user_pool.common
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Let an administrator-created user sign in with a permanent password
  cognito.user_pool.cognito_user_password:
    user_pool_id: eu-west-1_AbCdEf123
    username: alice
    password: "{{ alice_password }}"

- name: Give a user a temporary password it must change at next sign-in
  cognito.user_pool.cognito_user_password:
    user_pool_id: eu-west-1_AbCdEf123
    username: bob@example.com
    password: "{{ bob_temporary_password }}"
    permanent: false

- name: Keep a confirmed user's password as declared, checking it by signing in
  cognito.user_pool.cognito_user_password:
    user_pool_id: eu-west-1_AbCdEf123
    username: carol
    password: "{{ carol_password }}"
    verify_client_id: "{{ automation_app_client_id }}"

- name: Point every module of the collection at a local moto server
  module_defaults:
    group/cognito.user_pool.aws:
      endpoint_url: http://127.0.0.1:5000
      access_key: testing
      secret_key: testing
  block:
    - name: Set the password
      cognito.user_pool.cognito_user_password:
        user_pool_id: us-east-1_Example
        username: alice
        password: "{{ alice_password }}"
"""

RETURN = r"""
user:
  description: The user after the run (as it would be, in check mode).
  returned: success
  type: dict
  contains:
    username:
      description: The username the task named.
      type: str
      sample: alice
    user_status:
      description: The user's C(UserStatus) after the run.
      type: str
      sample: CONFIRMED
    enabled:
      description: Whether the user is enabled.
      type: bool
      sample: true
    actions:
      description: What was done (or, in check mode, would be done); V([set_password]) or empty.
      type: list
      elements: str
      sample: [set_password]
    changed:
      description: Whether the user was changed (or would be, in check mode).
      type: bool
      sample: true
    error:
      description: Why the module failed for this user.
      type: str
      returned: on failure
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.cognito.user_pool.plugins.module_utils.common import cognito_client
from ansible_collections.cognito.user_pool.plugins.module_utils.common import user_pool_argument_spec
from ansible_collections.cognito.user_pool.plugins.module_utils.errors import CognitoError
from ansible_collections.cognito.user_pool.plugins.module_utils.planner import DesiredUser
from ansible_collections.cognito.user_pool.plugins.module_utils.users import ConvergeOptions
from ansible_collections.cognito.user_pool.plugins.module_utils.users import converge


def main():
    argument_spec = user_pool_argument_spec()
    argument_spec.update(
        username=dict(type="str", required=True),
        password=dict(type="str", required=True, no_log=True),
        permanent=dict(type="bool", default=True),
        update_password=dict(type="str", default="when_needed", choices=["when_needed", "always"], no_log=False),
        verify_client_id=dict(type="str"),
        verify_client_secret=dict(type="str", no_log=True),
    )
    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)
    params = module.params
    desired = DesiredUser(
        username=params["username"],
        password=params["password"],
        permanent=params["permanent"],
        update_password=params["update_password"],
    )
    options = ConvergeOptions(
        check_mode=module.check_mode,
        require_existing=True,
        verify_client_id=params["verify_client_id"],
        verify_client_secret=params["verify_client_secret"],
        want_diff=module._diff,
        warn=module.warn,
    )
    try:
        outcome = converge(cognito_client(module), [desired], options)[0]
    except CognitoError as e:
        module.fail_json_aws_error(e)

    user = outcome.result()
    if outcome.error is not None:
        module.fail_json(msg=outcome.error, changed=outcome.changed, user=user)
    result = dict(changed=outcome.changed, user=user)
    if module._diff:
        result["diff"] = dict(
            before={"user_status": outcome.before.get("user_status")},
            after={"user_status": outcome.after.get("user_status")},
        )
    module.exit_json(**result)


if __name__ == "__main__":
    main()
