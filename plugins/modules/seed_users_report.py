#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

# The action plugin plugins/action/seed_users_report.py does the work, on the controller; this file documents it.

from __future__ import annotations

DOCUMENTATION = r"""
module: seed_users_report
short_description: Sum the seed_users role's batches up into its summary and words
version_added: 2.0.0
description:
  - A task of the P(cognito.user_pool.seed_users#role) role; on the controller, without any AWS call.
  - Adds up the registered results of the role's M(cognito.user_pool.cognito_user) batches, its
    M(cognito.user_pool.cognito_group) task and its sign-in check into the fact C(seed_users_result), with the
    summary line and the failures grouped by reason. Reads the role's variables from the play for the words (the
    pool, the purge scope) and to hide every password they hold from the result.
author:
  - Cognito User Pool maintainers (@cognito-user-pool)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.facts
attributes:
  check_mode:
    support: full
    details: It sums up the same in check mode; it changes nothing.
  diff_mode:
    support: none
  facts:
    support: full
  platform:
    platforms: all
options:
  batches:
    description: The registered result of the looped M(cognito.user_pool.cognito_user) task.
    type: dict
    required: true
  check_mode:
    description: Whether the batches ran in check mode (the words then say C(Would seed), C(Would remove)).
    type: bool
    default: false
  groups_result:
    description: The registered result of the M(cognito.user_pool.cognito_group) task, when the role ran one.
    type: dict
  sign_in_result:
    description: The registered result of the M(cognito.user_pool.cognito_user_sign_in) task, when the role ran one.
    type: dict
"""

EXAMPLES = r"""
- name: Sum up the batches
  cognito.user_pool.seed_users_report:
    batches: "{{ seed_users_batches }}"
    check_mode: "{{ seed_users_check_mode }}"
"""

RETURN = r"""
ansible_facts:
  description: The fact C(seed_users_result).
  returned: always
  type: complex
  contains:
    seed_users_result:
      description: Counts (created, updated, unchanged, deleted, failed, purged, ...), every user's entry without its
        password, the failures by reason, C(message) (the summary line) and C(failure_message).
      type: dict
      sample:
        created: 4
        message: "Seeded user pool eu-west-1_AbCdEf123: 4 users: 4 created, 0 updated, 0 unchanged."
sign_in_message:
  description: One sentence on the sign-in check (signed in, did not, skipped by reason).
  returned: when O(sign_in_result) is given
  type: str
  sample: "Signed in 3 of 3 users; skipped 1: 1 with a temporary password (permanent: false)."
"""
