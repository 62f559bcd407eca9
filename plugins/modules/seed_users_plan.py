#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

# The action plugin plugins/action/seed_users_plan.py does the work, on the controller; this file documents it.

from __future__ import annotations

DOCUMENTATION = r"""
module: seed_users_plan
short_description: Check the seed_users role's variables and plan its batches
version_added: 2.0.0
description:
  - The first task of the P(cognito.user_pool.seed_users#role) role; on the controller, without any AWS call.
  - Shows a deprecation warning for each deprecated variable name given (C(seed_users_verify_client_id),
    C(seed_users_verify_client_secret)).
  - Reads the role's variables (every C(seed_users_*) variable its C(meta/argument_specs.yml) names) from the play, and
    checks each against the type it documents, without converting anything, all at once. It fails with one sentence
    per problem, naming the variable (and the user or group, by index and name), never repeating a value.
  - Otherwise returns the plan the role's tasks follow. The result holds the batches' passwords, so it is marked
    C(no_log) and never shown; register it, never display it.
options: {}
author:
  - Cognito User Pool maintainers (@cognito-user-pool)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: It plans the same in check mode; it changes nothing.
  diff_mode:
    support: none
  platform:
    platforms: all
"""

EXAMPLES = r"""
- name: Check the variables
  cognito.user_pool.seed_users_plan:
  register: seed_users_plan
"""

RETURN = r"""
region:
  description: The pool's region.
  returned: success
  type: str
  sample: eu-west-1
batches:
  description: One entry per M(cognito.user_pool.cognito_user) task (C(index), C(label), C(planned_groups),
    C(purge_users), C(purge_keep)); no password in it.
  returned: success
  type: list
  elements: dict
batch_users:
  description: Each batch's users, with the role-wide values on the users that leave them unset. Holds passwords.
  returned: success
  type: list
  elements: list
groups:
  description: The groups as M(cognito.user_pool.cognito_group)'s O(cognito.user_pool.cognito_group#module:groups) takes them.
  returned: success
  type: list
  elements: dict
rate_limits:
  description: The rate limits every task of the role takes (every category V(0) with C(seed_users_pacing=false)).
  returned: success
  type: dict
client_id:
  description: The sign-in check's app client (C(seed_users_client_id), or its deprecated name's value).
  returned: success
  type: str
client_secret:
  description: Its secret, or empty.
  returned: success
  type: str
sign_in_users:
  description: The users the sign-in check signs in (present, enabled, a permanent password). Holds passwords.
  returned: success
  type: list
  elements: dict
sign_in_skipped:
  description: How many users the sign-in check skips, by reason.
  returned: success
  type: dict
iam_policy_jobs:
  description: The jobs the role's IAM policy covers (C(seed_users_iam_policy_jobs), or what this run does).
  returned: success
  type: list
  elements: str
variable_errors:
  description: One sentence per problem with the variables.
  returned: failure
  type: list
  elements: str
"""
