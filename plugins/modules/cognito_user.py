#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: cognito_user
short_description: Keep Cognito user-pool users in a declared state, one or thousands per task
version_added: 1.0.0
description:
  - Creates, updates and deletes users of a Cognito user pool, deciding from the live users (their
    C(UserStatus), enablement, attributes and groups).
  - "Two forms of one module: the single form takes the per-user options at top level with O(username);
    the batch form takes O(users), a list of users with the same per-user options. The module-level
    O(state), O(permanent), O(update_password), O(purge_attributes), O(purge_groups), O(invitation) and
    O(desired_delivery_mediums) are defaults for every element of O(users)."
  - "Reads: when it is quicker under the request rates in force, users are read with C(ListUsers) (60 users a
    call, one page after another) instead of one C(AdminGetUser) per user (O(max_concurrency) at a time). When the
    declared usernames share a prefix (C(user0001) to C(user0500)), only the pool's users with that prefix are listed.
    A re-run on 1,000 unchanged users without O(groups) takes 18 calls. Groups are read (C(AdminListGroupsForUser))
    only for users that declare O(groups)."
  - "Writes run in a bounded worker pool (O(max_concurrency)) under a client-side rate limit per Cognito quota
    category (O(rate_limits)); throttled calls are retried with jittered backoff."
  - One user's failure does not stop the others. The module then fails at the end, listing each failed user
    with its reason; users that were changed are reported as changed, and a re-run converges.
  - Passwords follow the same rules as M(cognito.user_pool.cognito_user_password), are checked against the
    pool's password policy before any write, and never appear in results, diffs, warnings or errors.
  - In check mode only read calls are made, and C(changed), actions and summary are what a real run would report.
author:
  - Cognito User Pool maintainers (@cognito-user-pool)
options:
  username:
    description:
      - The user, in the single form. Mutually exclusive with O(users).
      - An alias or e-mail address as Cognito accepts it (pools whose C(UsernameAttributes) is C(email) included).
    type: str
  users:
    description:
      - The users, in the batch form. Mutually exclusive with O(username). Each username may appear once.
      - Each element takes the per-user options; unset ones take the module-level value.
    type: list
    elements: dict
    suboptions:
      username:
        description: The user.
        type: str
        required: true
      state:
        description: See O(state).
        type: str
        choices: [present, absent]
      attributes:
        description: See O(attributes).
        type: dict
      purge_attributes:
        description: See O(purge_attributes).
        type: bool
      enabled:
        description: See O(enabled).
        type: bool
      groups:
        description: See O(groups).
        type: list
        elements: str
      purge_groups:
        description: See O(purge_groups).
        type: bool
      password:
        description: See O(password).
        type: str
      permanent:
        description: See O(permanent).
        type: bool
      update_password:
        description: See O(update_password).
        type: str
        choices: [when_needed, on_create, always]
      invitation:
        description: See O(invitation).
        type: str
        choices: [suppress, send, resend]
      desired_delivery_mediums:
        description: See O(desired_delivery_mediums).
        type: list
        elements: str
        choices: [EMAIL, SMS]
  state:
    description:
      - V(present) creates or updates the user; V(absent) deletes it.
      - The default for every element of O(users).
    type: str
    choices: [present, absent]
    default: present
  attributes:
    description:
      - User attributes, for example C(email), C(email_verified), C(phone_number), C(custom:tenant).
        Booleans are written as Cognito's C(true) and C(false). C(sub) is never written.
      - Single form only.
    type: dict
  purge_attributes:
    description:
      - Remove attributes the user has and O(attributes) does not list (never C(sub)). Without
        O(attributes), nothing is removed.
    type: bool
    default: false
  enabled:
    description:
      - Enable or disable the user. Unset leaves it as it is (new users are enabled).
      - Single form only.
    type: bool
  groups:
    description:
      - Groups the user must be in. Unset leaves membership alone and saves the read of it.
      - Single form only.
    type: list
    elements: str
  purge_groups:
    description: Remove the user from groups O(groups) does not list.
    type: bool
    default: false
  password:
    description:
      - The user's password. A new user with a password is created without an invitation
        (unless O(invitation) says otherwise) and reaches its target status in the same run,
        C(CONFIRMED) with O(permanent=true) and C(FORCE_CHANGE_PASSWORD) otherwise.
      - Single form only; elements of O(users) take their own.
    type: str
  permanent:
    description:
      - V(true) makes the password permanent (the user ends C(CONFIRMED)); V(false) makes it temporary
        (the user ends in C(FORCE_CHANGE_PASSWORD) and must change it at its next sign-in).
    type: bool
    default: true
  update_password:
    description:
      - V(when_needed) sets the password only when the user's status is not the declared one, as
        M(cognito.user_pool.cognito_user_password) does (with O(verify_client_id), also when it does not match).
      - V(on_create) sets it only for users this task creates.
      - V(always) sets it on every run and reports a change.
    type: str
    choices: [when_needed, on_create, always]
    default: when_needed
  invitation:
    description:
      - V(suppress) creates users without sending the invitation message.
      - V(send) lets Cognito send the invitation when it creates the user.
      - V(resend) also sends the invitation again, on every run, to existing users still in
        C(FORCE_CHANGE_PASSWORD).
    type: str
    choices: [suppress, send, resend]
    default: suppress
  desired_delivery_mediums:
    description: How an invitation is delivered when it is sent.
    type: list
    elements: str
    choices: [EMAIL, SMS]
  verify_client_id:
    description:
      - An app client allowing C(ALLOW_ADMIN_USER_PASSWORD_AUTH), used to check whether a user already at its
        target status has the declared password, as M(cognito.user_pool.cognito_user_password) does.
      - A failed try counts towards Cognito's lockout, and the pool's authentication triggers run.
    type: str
  verify_client_secret:
    description: The secret of O(verify_client_id), when it has one.
    type: str
notes:
  - "IAM actions: C(cognito-idp:DescribeUserPool) and C(cognito-idp:AdminGetUser) or C(cognito-idp:ListUsers) always;
    C(cognito-idp:AdminCreateUser), C(cognito-idp:AdminSetUserPassword), C(cognito-idp:AdminUpdateUserAttributes),
    C(cognito-idp:AdminDeleteUserAttributes), C(cognito-idp:AdminEnableUser), C(cognito-idp:AdminDisableUser),
    C(cognito-idp:AdminListGroupsForUser), C(cognito-idp:AdminAddUserToGroup), C(cognito-idp:AdminRemoveUserFromGroup),
    C(cognito-idp:AdminDeleteUser) and C(cognito-idp:AdminInitiateAuth) as the declared options need them."
extends_documentation_fragment:
  - cognito.user_pool.common
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Create a confirmed user with attributes, in a group, without an invitation e-mail
  cognito.user_pool.cognito_user:
    user_pool_id: eu-west-1_AbCdEf123
    username: alice
    password: "{{ alice_password }}"
    attributes:
      email: alice@example.com
      email_verified: true
      "custom:tenant": acme
    groups: [admins]

- name: Seed many users in one task
  cognito.user_pool.cognito_user:
    user_pool_id: eu-west-1_AbCdEf123
    purge_groups: true
    users:
      - username: bob
        password: "{{ bob_password }}"
        groups: [readers]
      - username: carol
        password: "{{ carol_password }}"
        permanent: false
      - username: mallory
        state: absent

- name: Disable a user
  cognito.user_pool.cognito_user:
    user_pool_id: eu-west-1_AbCdEf123
    username: dave
    enabled: false
"""

RETURN = r"""
users:
  description: One entry per declared user, in the order given.
  returned: always
  type: list
  elements: dict
  contains:
    username:
      description: The username as declared.
      type: str
      sample: alice
    changed:
      description: Whether this user was changed (or would be, in check mode).
      type: bool
    actions:
      description:
        - What was done (in check mode, what would be done), in order. One of C(create), C(set_password),
          C(update_attributes), C(delete_attributes), C(resend_invitation), C(add_to_group:<group>),
          C(remove_from_group:<group>), C(enable), C(disable), C(delete).
      type: list
      elements: str
      sample: [create, set_password, "add_to_group:admins"]
    user_status:
      description: The user's C(UserStatus) after the run; null for a deleted or absent user.
      type: str
      sample: CONFIRMED
    enabled:
      description: Whether the user is enabled after the run; null for a deleted or absent user.
      type: bool
    error:
      description: Why this user failed.
      type: str
      returned: when the user failed
summary:
  description: How many users were created, updated, unchanged, deleted and failed.
  returned: always
  type: dict
  sample: {created: 2, updated: 1, unchanged: 97, deleted: 0, failed: 0}
user:
  description: The single form's user; the same as the only element of RV(users).
  returned: when O(username) is given
  type: dict
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.cognito.user_pool.plugins.module_utils.common import DEFAULTED
from ansible_collections.cognito.user_pool.plugins.module_utils.common import SINGLE_FORM_ONLY
from ansible_collections.cognito.user_pool.plugins.module_utils.common import USER_OPTIONS
from ansible_collections.cognito.user_pool.plugins.module_utils.common import cognito_client
from ansible_collections.cognito.user_pool.plugins.module_utils.common import user_pool_argument_spec
from ansible_collections.cognito.user_pool.plugins.module_utils.errors import CognitoError
from ansible_collections.cognito.user_pool.plugins.module_utils.planner import DesiredUser
from ansible_collections.cognito.user_pool.plugins.module_utils.users import ConvergeOptions
from ansible_collections.cognito.user_pool.plugins.module_utils.users import converge
from ansible_collections.cognito.user_pool.plugins.module_utils.users import summarize


def argument_spec():
    spec = user_pool_argument_spec()
    for name, option in USER_OPTIONS.items():
        spec[name] = dict(option, default=DEFAULTED.get(name))
    spec.update(
        username=dict(type="str"),
        users=dict(type="list", elements="dict", options=dict(USER_OPTIONS, username=dict(type="str", required=True))),
        verify_client_id=dict(type="str"),
        verify_client_secret=dict(type="str", no_log=True),
    )
    return spec


def desired_users(params):
    """The declared users: the single form is the batch form with one element."""
    if params["username"] is not None:
        elements = [dict({name: params[name] for name in USER_OPTIONS}, username=params["username"])]
    else:
        elements = params["users"]
    users = []
    for element in elements:
        values = {name: params[name] if element.get(name) is None and name in DEFAULTED else element.get(name)
                  for name in USER_OPTIONS}
        users.append(DesiredUser(username=element["username"], **values))
    return users


def main():
    module = AnsibleAWSModule(
        argument_spec=argument_spec(),
        mutually_exclusive=[("username", "users")] + [("users", name) for name in SINGLE_FORM_ONLY],
        required_one_of=[("username", "users")],
        supports_check_mode=True,
    )
    params = module.params
    options = ConvergeOptions(
        check_mode=module.check_mode,
        max_concurrency=params["max_concurrency"],
        verify_client_id=params["verify_client_id"],
        verify_client_secret=params["verify_client_secret"],
        want_diff=module._diff,
        warn=module.warn,
    )
    try:
        outcomes = converge(cognito_client(module), desired_users(params), options)
    except CognitoError as e:
        module.fail_json_aws_error(e)

    result = dict(
        changed=any(outcome.changed for outcome in outcomes),
        users=[outcome.result() for outcome in outcomes],
        summary=summarize(outcomes),
    )
    if params["username"] is not None:
        result["user"] = result["users"][0]
    if module._diff:
        result["diff"] = [
            dict(before_header=outcome.username, after_header=outcome.username, before=outcome.before, after=outcome.after)
            for outcome in outcomes if outcome.changed
        ]
    failed = [outcome for outcome in outcomes if outcome.error is not None]
    if failed:
        reasons = "; ".join(f"{outcome.username}: {outcome.error}" for outcome in failed)
        module.fail_json(msg=f"{len(failed)} of {len(outcomes)} users failed. {reasons}", **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
