#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

# The action plugin plugins/action/cognito_iam_policy.py does the work, on the controller; this file documents it.

from __future__ import annotations

DOCUMENTATION = r"""
module: cognito_iam_policy
short_description: The least-privilege IAM policy for managing users of one Cognito user pool
version_added: 2.0.0
description:
  - Computes, on the controller and without any AWS call, the IAM policy an identity needs to run the jobs named in
    O(jobs) for the declared users and groups with M(cognito.user_pool.cognito_user),
    M(cognito.user_pool.cognito_group) and M(cognito.user_pool.cognito_user_sign_in), as the
    P(cognito.user_pool.seed_users#role) role does. One policy can cover a seed, its teardown and a sign-in check.
  - The actions come from the collection's one operations table, by asking the planner what it would send for each
    declaration in every state a live user can be in (docs/iam.md lists them), and are allowed on the pool's ARN only,
    in the partition of the pool's region (botocore's endpoint data).
  - When declared groups have a C(role_arn), a second statement allows C(iam:PassRole) on exactly those role ARNs (the
    Service Authorization Reference lists it as a dependent action of C(CreateGroup) and C(UpdateGroup)).
  - Every option is checked before anything is computed; messages name what is wrong without repeating a value.
author:
  - Cognito User Pool maintainers (@cognito-user-pool)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: It computes the same policy in check mode; it changes nothing.
  diff_mode:
    support: none
  platform:
    platforms: all
options:
  user_pool_id:
    description: The user pool, for example V(eu-west-1_AbCdEf123). Its V(<region>_) prefix gives the region and partition.
    type: str
    required: true
  account_id:
    description: The AWS account that owns the pool (12 digits), for the pool's ARN.
    type: str
    required: true
  jobs:
    description:
      - What the policy lets its holder do with the declarations. V(seed) brings the users and groups to their declared
        state, V(teardown) deletes them, V(verify) signs users in once (C(AdminInitiateAuth)). The actions are the union
        of the jobs'.
    type: list
    elements: str
    choices: [seed, teardown, verify]
    default: [seed]
  users:
    description:
      - The users, as the O(cognito.user_pool.cognito_user#module:users) option of M(cognito.user_pool.cognito_user)
        takes them. Which options a user sets decides the actions it needs (a password, C(groups) with C(purge_groups),
        C(enabled), ...). Of a C(password), only whether it is set counts; it is never returned.
    type: list
    elements: dict
    default: []
  groups:
    description: The groups, each a name or a mapping with C(name), C(description), C(precedence) and C(role_arn).
    type: list
    elements: raw
    default: []
  purge_users:
    description: Whether the jobs purge undeclared users (C(ListUsers) and C(AdminDeleteUser)).
    type: bool
    default: false
  state:
    description: The state of users that declare none, and of every group, as M(cognito.user_pool.cognito_user) takes it.
    type: str
    choices: [present, absent]
    default: present
  permanent:
    description: Whether passwords are permanent for users that do not say, as M(cognito.user_pool.cognito_user) takes it.
    type: bool
    default: true
  policy_name:
    description: The name of the customer-managed policy the document will be kept as, for RV(policy_arn).
    type: str
seealso:
  - module: amazon.aws.iam_managed_policy
"""

EXAMPLES = r"""
- name: One policy for the seed, the teardown and the sign-in check of the test users
  cognito.user_pool.cognito_iam_policy:
    user_pool_id: eu-west-1_AbCdEf123
    account_id: "123456789012"
    jobs: [seed, teardown, verify]
    users:
      - username: alice
        password: "{{ alice_password }}"
        groups: [admins]
    groups: [admins]
    policy_name: seed-test-users
  register: policy

- name: Keep it as a customer-managed policy
  amazon.aws.iam_managed_policy:
    name: seed-test-users
    policy: "{{ policy.document | to_json }}"
"""

RETURN = r"""
assumption:
  description: For a local Cognito's pool id (cognito-local's C(local_<id>)), which names no AWS region, what the
    pool's ARN assumes; empty otherwise.
  returned: success
  type: str
  sample: ""
actions:
  description: The IAM actions allowed on the pool, sorted.
  returned: success
  type: list
  elements: str
  sample: [cognito-idp:AdminCreateUser, cognito-idp:DescribeUserPool]
user_pool_arn:
  description: The pool's ARN, the policy's resource.
  returned: success
  type: str
  sample: arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123
policy_arn:
  description: The ARN of the customer-managed policy named O(policy_name) in O(account_id).
  returned: success
  type: str
  sample: arn:aws:iam::123456789012:policy/seed-test-users
passed_roles:
  description: The groups' role ARNs the policy allows C(iam:PassRole) on.
  returned: success
  type: list
  elements: str
  sample: []
document:
  description: The policy document.
  returned: success
  type: dict
  sample:
    Version: "2012-10-17"
    Statement:
      - Sid: SeedUsersInOneUserPool
        Effect: Allow
        Action: [cognito-idp:DescribeUserPool]
        Resource: arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123
"""
