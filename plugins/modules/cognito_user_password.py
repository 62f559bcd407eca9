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
  - Reads the user's live C(UserStatus) and sets its password only when that is needed to reach the declared
    status. A user an administrator created sits in C(FORCE_CHANGE_PASSWORD) and cannot sign in through the
    standard flows; O(permanent=true) moves it to C(CONFIRMED).
  - "Decision with O(update_password=when_needed):"
  - "C(FORCE_CHANGE_PASSWORD): set when O(permanent=true); otherwise unchanged (verified when O(client_id) is given)."
  - "C(RESET_REQUIRED), C(UNCONFIRMED), C(COMPROMISED): set."
  - "C(CONFIRMED): unchanged when O(permanent=true) (verified when O(client_id) is given); set when O(permanent=false)."
  - "C(EXTERNAL_PROVIDER): fails, federated users have no Cognito password. Any other status fails, naming it."
  - "Two ways to set it (O(method)): C(AdminSetUserPassword), or, for a user in C(FORCE_CHANGE_PASSWORD), signing in
    with its temporary password (C(AdminInitiateAuth), C(ADMIN_USER_PASSWORD_AUTH)) and answering the
    C(NEW_PASSWORD_REQUIRED) challenge (C(AdminRespondToAuthChallenge)), as the user itself would."
  - The user is found with C(ListUsers) (no monthly-active-user billing); when a change is needed it is read
    again with C(AdminGetUser) (strongly consistent) and decided from that. A user C(ListUsers) does not show yet
    (created a moment ago) is looked up with C(AdminGetUser) before the module says it does not exist.
  - The password is checked against the pool's password policy (C(DescribeUserPool)) before any write, in
    check mode too, and every broken rule is named. The passwords never appear in results, diffs, warnings,
    errors or logs.
  - In check mode only read calls are made (with O(method=admin_set_user_password), C(AdminInitiateAuth) too when
    verifying), and C(changed) is what a real run would report.
author:
  - Cognito User Pool maintainers (@cognito-user-pool)
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
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
      - The user's username, or an alias or e-mail address as Cognito accepts it (pools whose
        C(UsernameAttributes) is C(email) included).
    type: str
    required: true
  password:
    description:
      - The password to set (with O(method=new_password_challenge), the user's new permanent password).
    type: str
    required: true
  permanent:
    description:
      - V(true) sets a permanent password and leaves the user C(CONFIRMED).
      - V(false) sets a temporary password and leaves the user in C(FORCE_CHANGE_PASSWORD), so that
        it must choose a new password at its next sign-in. Not with O(method=new_password_challenge).
    type: bool
    default: true
  update_password:
    description:
      - V(when_needed) sets the password only when the user's status is not the declared one (or, with
        O(client_id), when the password does not match).
      - V(always) sets it on every run and reports a change. In a pool with a password history
        (C(PasswordHistorySize)), which refuses a password a user already had, it fails before any write.
    type: str
    choices: [when_needed, always]
    default: when_needed
  method:
    description:
      - V(admin_set_user_password) sets the password with C(AdminSetUserPassword).
      - V(new_password_challenge) signs the user in with O(temporary_password) through the app client O(client_id)
        and answers the C(NEW_PASSWORD_REQUIRED) challenge with O(password) (and O(required_attributes)), for teams
        whose automation may only act through an app client. Which users it changes is in the notes.
    type: str
    choices: [admin_set_user_password, new_password_challenge]
    default: admin_set_user_password
    version_added: 2.0.0
  temporary_password:
    description:
      - The user's current temporary password. Required with O(method=new_password_challenge).
    type: str
    version_added: 2.0.0
  client_id:
    description:
      - An app client of the pool that allows C(ALLOW_ADMIN_USER_PASSWORD_AUTH). Required with
        O(method=new_password_challenge).
      - With O(method=admin_set_user_password), signs the user in through this client to tell whether the password
        already matches, when the user already has the declared status; how, and its side effects, are in the notes.
      - The alias C(verify_client_id) is deprecated and will be removed in version 3.0.0.
    type: str
    aliases: [verify_client_id]
  client_secret:
    description:
      - The secret of O(client_id), when that app client has one. Used to compute C(SECRET_HASH). Requires O(client_id).
      - The alias C(verify_client_secret) is deprecated and will be removed in version 3.0.0.
    type: str
    aliases: [verify_client_secret]
  required_attributes:
    description:
      - Attributes sent with the answer to the C(NEW_PASSWORD_REQUIRED) challenge (C(userAttributes.<name>)), for
        the attributes the pool requires and the user has no value for. Strings or booleans.
      - Cognito refuses in that answer a required attribute the user already has a value for, an immutable one,
        and one the app client's C(WriteAttributes) do not list (read with C(DescribeUserPoolClient) when
        O(required_attributes) is given); such attributes are refused before the sign-in, in check mode too, so
        that nothing is sent.
      - Only with O(method=new_password_challenge), and requires O(temporary_password).
    type: dict
    version_added: 2.0.0
notes:
  - "O(method=new_password_challenge) changes only users in C(FORCE_CHANGE_PASSWORD); a user the status table would
    set a password for in another status fails, naming the other method. In check mode it signs nobody in and
    predicts from the status. A disabled user fails before any sign-in, in check mode too, since Cognito refuses
    every sign-in of a disabled user."
  - "Password verification with O(client_id): the module tries C(AdminInitiateAuth) with C(ADMIN_USER_PASSWORD_AUTH)
    through that client. A success or any challenge means the password already matches and nothing changes;
    Cognito's C(Incorrect username or password.) means it differs, and it is set. Any other refusal (a lockout, a
    wrong O(client_secret), a threat-protection block) fails the task without changing the password. A disabled
    user cannot sign in, so its password is not verified; a warning says so."
  - "Side effects of verification: a failed try counts towards Cognito's lockout of the user after repeated
    failures, and the pool's pre-authentication, post-authentication and token-generation Lambda triggers run.
    Tokens a successful try returns are discarded unseen."
  - "IAM actions needed: C(cognito-idp:DescribeUserPool), C(cognito-idp:ListUsers), C(cognito-idp:AdminGetUser);
    C(cognito-idp:AdminSetUserPassword) with O(method=admin_set_user_password); C(cognito-idp:AdminInitiateAuth)
    with O(client_id); C(cognito-idp:AdminRespondToAuthChallenge) with O(method=new_password_challenge);
    C(cognito-idp:DescribeUserPoolClient) with O(required_attributes)."
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
    client_id: "{{ automation_app_client_id }}"

- name: Leave FORCE_CHANGE_PASSWORD the way the user would, through the app client
  cognito.user_pool.cognito_user_password:
    user_pool_id: eu-west-1_AbCdEf123
    username: dave
    method: new_password_challenge
    temporary_password: "{{ dave_temporary_password }}"
    password: "{{ dave_password }}"
    client_id: "{{ automation_app_client_id }}"
    client_secret: "{{ automation_app_client_secret }}"
    required_attributes:
      name: Dave

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
  returned: always
  type: dict
  contains:
    username:
      description: The username the task named.
      type: str
      sample: alice
    state:
      description: V(present), or null when the user could not be read.
      type: str
      sample: present
    user_status:
      description: The user's C(UserStatus) after the run.
      type: str
      sample: CONFIRMED
    enabled:
      description: Whether the user is enabled.
      type: bool
      sample: true
    sub:
      description: The user's C(sub), from the read the run had anyway; null when the user could not be read.
      type: str
      sample: 9b1e0c4e-0000-4000-8000-000000000000
    user_create_date:
      description: When the user was created (C(UserCreateDate), ISO 8601).
      type: str
      sample: "2026-11-28T04:23:40.123000+00:00"
    user_last_modified_date:
      description: When the user was last modified (ISO 8601), as read; null when the run wrote to the user, which
        moves the date (read it again with M(cognito.user_pool.cognito_user_info)).
      type: str
      sample: "2026-11-28T04:23:41.456000+00:00"
    actions:
      description: What was done (or, in check mode, would be done). V([set_password]), or
        V([sign_in_with_temporary_password, answer_new_password_challenge]), or empty; after a failure, only what
        was done.
      type: list
      elements: str
      sample: [set_password]
    changed:
      description:
        - "Whether the user was written to (or would be, in check mode). Only a write Cognito accepted counts: the
          sign-in with O(temporary_password) writes nothing, so a challenge answer Cognito refuses leaves the user
          unchanged, with V([sign_in_with_temporary_password]) in its RV(user.actions)."
      type: bool
      sample: true
    error:
      description: Why the module failed for this user.
      type: str
      returned: on failure
      sample: "User 'alice' was not found in user pool eu-west-1_AbCdEf123 (region eu-west-1). ..."
"""

from dataclasses import replace

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.cognito.user_pool.plugins.module_utils._connection import cognito_client
from ansible_collections.cognito.user_pool.plugins.module_utils._converge import Challenge
from ansible_collections.cognito.user_pool.plugins.module_utils._converge import ConvergeOptions
from ansible_collections.cognito.user_pool.plugins.module_utils._converge import app_client_write_attributes
from ansible_collections.cognito.user_pool.plugins.module_utils._converge import converge
from ansible_collections.cognito.user_pool.plugins.module_utils._errors import CognitoError
from ansible_collections.cognito.user_pool.plugins.module_utils._model import DesiredUser
from ansible_collections.cognito.user_pool.plugins.module_utils._options import given_name
from ansible_collections.cognito.user_pool.plugins.module_utils._options import module_arguments


def main():
    module = AnsibleAWSModule(**module_arguments("cognito_user_password"))
    params = module.params
    challenge = None
    if params["method"] == "new_password_challenge":
        if not params["permanent"]:
            module.fail_json(msg="method: new_password_challenge sets a permanent password: it cannot be used with "
                                 "permanent: false. Use method: admin_set_user_password for a temporary password.")
        challenge = Challenge(params["temporary_password"], dict(params["required_attributes"] or {}))
    elif params["temporary_password"] is not None or params["required_attributes"] is not None:
        module.fail_json(msg="temporary_password and required_attributes are for method: new_password_challenge only.")
    desired = DesiredUser(
        username=params["username"],
        password=params["password"],
        permanent=params["permanent"],
        update_password=params["update_password"],
    )
    options = ConvergeOptions(
        check_mode=module.check_mode,
        require_existing=True,
        client_id=params["client_id"],
        client_secret=params["client_secret"],
        client_option=given_name(params, "client_id", module.argument_spec),
        secret_option=given_name(params, "client_secret", module.argument_spec),
        challenge=challenge,
        want_diff=module._diff,
        warn=module.warn,
    )
    try:
        client = cognito_client(module)
        if challenge is not None and challenge.required_attributes:
            options.challenge = replace(challenge, writable_attributes=app_client_write_attributes(client, params["client_id"],
                                                                                                   options.client_option))
        outcome = converge(client, [desired], options)[0]
    except CognitoError as e:
        module.fail_json(msg=e.message, **e.details())

    user = outcome.result()
    result = dict(changed=outcome.changed, user=user)
    if module._diff:
        diff = outcome.diff()
        result["diff"] = dict(before={"user_status": diff["before"].get("user_status")},
                              after={"user_status": diff["after"].get("user_status")})
    if outcome.error is not None:
        module.fail_json(msg=outcome.error, **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
