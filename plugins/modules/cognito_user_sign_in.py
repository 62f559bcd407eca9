#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: cognito_user_sign_in
short_description: Check that Cognito users can sign in with their passwords
version_added: 1.0.0
description:
  - Signs each user in once with C(AdminInitiateAuth) and the C(ADMIN_USER_PASSWORD_AUTH) flow, through an
    app client of the pool, and fails listing every user that did not get tokens.
  - A check, not a change. No user data is written and C(changed) is always V(false); the tokens Cognito
    issues are discarded unseen, unless O(return_tokens) asks for them.
  - A user has signed in when Cognito issued tokens. Cognito refusing the sign-in (a wrong password, a
    disabled or locked-out user) or answering with a challenge (C(NEW_PASSWORD_REQUIRED) for a temporary
    password, an MFA challenge) counts as not signed in, and the reason is reported for that user.
  - One user's failure does not stop the others.
  - "Side effects, as for any sign-in: a refused try counts towards Cognito's lockout of the user after
    repeated failures, and the pool's pre-authentication, post-authentication and token-generation Lambda
    triggers run. The module therefore signs in in check mode too: it is how the check is made."
author:
  - Cognito User Pool maintainers (@cognito-user-pool)
attributes:
  check_mode:
    support: full
    details: It signs in in check mode too; that is how the check is made.
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
  client_id:
    description:
      - An app client of the pool that allows C(ALLOW_ADMIN_USER_PASSWORD_AUTH).
    type: str
    required: true
  client_secret:
    description:
      - The secret of O(client_id), when that app client has one. Used to compute C(SECRET_HASH).
    type: str
  users:
    description:
      - The users to sign in, each with the password it should sign in with.
    type: list
    elements: dict
    required: true
    suboptions:
      username:
        description: The user, or an alias or e-mail address as Cognito accepts it.
        type: str
        required: true
      password:
        description: The password to sign in with.
        type: str
        required: true
  return_tokens:
    description:
      - Return the tokens Cognito issues for each user that signed in, in RV(users.tokens), for example for an
        end-to-end test that calls an API as the user.
      - "They are credentials. Set C(no_log: true) on the task that registers them (ansible-core then hides its
        result from every callback and log); this module never writes them to a warning, a message or a diff."
    type: bool
    default: false
notes:
  - "IAM action needed: C(cognito-idp:AdminInitiateAuth), and no other."
  - O(rate_limits) counts these calls under C(UserAuthentication).
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
- name: Check that the seeded users can sign in
  cognito.user_pool.cognito_user_sign_in:
    user_pool_id: eu-west-1_AbCdEf123
    client_id: "{{ automation_app_client_id }}"
    users:
      - username: alice
        password: "{{ alice_password }}"
      - username: bob
        password: "{{ bob_password }}"

- name: Tokens for an end-to-end test, kept out of every log
  cognito.user_pool.cognito_user_sign_in:
    user_pool_id: eu-west-1_AbCdEf123
    client_id: "{{ automation_app_client_id }}"
    users:
      - username: alice
        password: "{{ alice_password }}"
    return_tokens: true
  register: signed_in
  no_log: true

- name: Through an app client with a secret
  cognito.user_pool.cognito_user_sign_in:
    user_pool_id: eu-west-1_AbCdEf123
    client_id: "{{ confidential_client_id }}"
    client_secret: "{{ confidential_client_secret }}"
    users:
      - username: carol@example.com
        password: "{{ carol_password }}"
"""

RETURN = r"""
users:
  description: One entry per user, in the order given.
  returned: always
  type: list
  elements: dict
  contains:
    username:
      description: The username as given.
      type: str
      sample: alice
    signed_in:
      description: Whether Cognito issued tokens for this user.
      type: bool
      sample: true
    challenge_name:
      description: The challenge Cognito answered with instead of tokens, or null.
      type: str
      sample: NEW_PASSWORD_REQUIRED
    tokens:
      description:
        - "The tokens Cognito issued (C(AdminInitiateAuth)'s C(AuthenticationResult)). Register the task with
          C(no_log: true)."
      type: dict
      returned: when O(return_tokens) is true and the user signed in
      contains:
        access_token:
          description: The access token (a JWT).
          type: str
          sample: eyJraWQiOi...
        id_token:
          description: The ID token (a JWT), with the user's attributes as claims.
          type: str
          sample: eyJraWQiOi...
        refresh_token:
          description: The refresh token.
          type: str
          sample: eyJjdHkiOi...
        token_type:
          description: The tokens' type.
          type: str
          sample: Bearer
        expires_in:
          description: Seconds the access and ID tokens are valid for.
          type: int
          sample: 3600
    error:
      description: Why this user did not sign in.
      type: str
      returned: when the user did not sign in
      sample: "User 'bob' in user pool eu-west-1_AbCdEf123 could not sign in: the password is not the user's password. ..."
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.cognito.user_pool.plugins.module_utils._connection import cognito_client
from ansible_collections.cognito.user_pool.plugins.module_utils._errors import CognitoError
from ansible_collections.cognito.user_pool.plugins.module_utils._options import module_arguments
from ansible_collections.cognito.user_pool.plugins.module_utils._outcomes import failure_message
from ansible_collections.cognito.user_pool.plugins.module_utils._sign_in import sign_in_users


def main():
    module = AnsibleAWSModule(**module_arguments("cognito_user_sign_in"))
    params = module.params
    try:
        outcomes = sign_in_users(cognito_client(module), params["users"], params["client_id"], params["client_secret"],
                                 max_concurrency=params["max_concurrency"])
    except CognitoError as e:
        module.fail_json(msg=e.message, **e.details())

    result = dict(changed=False, users=[outcome.result(params["return_tokens"]) for outcome in outcomes])
    if any(not outcome.signed_in for outcome in outcomes):
        module.fail_json(msg=failure_message(outcomes).replace(" failed.", " did not sign in.", 1), **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
