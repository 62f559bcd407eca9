#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: cognito_group
short_description: Keep Cognito user-pool groups in a declared state, one or many per task
version_added: 2.0.0
description:
  - Creates, updates and deletes the groups of a Cognito user pool, deciding from the live groups.
  - "Two forms of one module, as M(cognito.user_pool.cognito_user): the single form takes O(name) and the group's
    options at top level; the batch form takes O(groups), a list of groups with the same options. The module-level
    O(state) is the default for every element of O(groups)."
  - Options left unset keep the group's current values (a new group gets Cognito's defaults). C(UpdateGroup) is
    sent with every value, the unchanged ones at their current values.
  - Deleting a group that still has members is allowed by Cognito; it removes the group from its members (their
    tokens no longer carry it). The users themselves are left alone.
  - "Reads: up to three groups are read with C(GetGroup) each, more with one C(ListGroups) listing; a group about to
    be written is read again with C(GetGroup) first. C(GetGroup), C(ListGroups), C(CreateGroup), C(UpdateGroup) and
    C(DeleteGroup) are each limited by Cognito to 5 requests a second per pool, which the module keeps to."
  - One group's failure does not stop the others; the module fails at the end, grouping the failed groups by reason.
  - In check mode only read calls are made, and C(changed), actions and summary are what a real run would report.
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
  name:
    description:
      - The group, in the single form. Mutually exclusive with O(groups); one of the two is required.
      - "Letters, marks, symbols, numbers and punctuation only, at most 128 characters (Cognito's C(GroupNameType));
        a name Cognito would refuse (a space in it, at its end too) is refused before any call, in check mode too."
    type: str
  groups:
    description:
      - The groups, in the batch form. Mutually exclusive with O(name), O(description), O(precedence) and
        O(role_arn). Each name may appear once.
    type: list
    elements: dict
    suboptions:
      name:
        description: The group.
        type: str
        required: true
      state:
        description: See O(state).
        type: str
        choices: [present, absent]
      description:
        description: See O(description).
        type: str
      precedence:
        description: See O(precedence).
        type: int
      role_arn:
        description: See O(role_arn).
        type: str
  state:
    description:
      - V(present) creates or updates the group; V(absent) deletes it (members or not).
      - The default for every element of O(groups).
    type: str
    choices: [present, absent]
    default: present
  description:
    description:
      - The group's description. Unset keeps the current one; V("") clears it. Single form only.
      - Held to Cognito's C(DescriptionType) length before any call.
    type: str
  precedence:
    description:
      - The group's precedence, a whole number from 0; lower wins when a user is in several groups (Cognito's
        C(Precedence)). Unset keeps the current one. Single form only.
      - A negative one, or one past Cognito's range, is refused before any call.
    type: int
  role_arn:
    description:
      - The ARN of the IAM role the group's members get through an identity pool. Unset keeps the current one.
        Single form only.
      - Held to Cognito's C(ArnType) length and pattern before any call.
    type: str
notes:
  - "IAM actions: C(cognito-idp:DescribeUserPool), and C(cognito-idp:GetGroup) or C(cognito-idp:ListGroups);
    C(cognito-idp:CreateGroup), C(cognito-idp:UpdateGroup) and C(cognito-idp:DeleteGroup) as the declarations need
    them. C(iam:PassRole) on O(role_arn) when it is set."
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
- name: A group for administrators
  cognito.user_pool.cognito_group:
    user_pool_id: eu-west-1_AbCdEf123
    name: admins
    description: Administrators of the test environment
    precedence: 0

- name: The groups of a test environment
  cognito.user_pool.cognito_group:
    user_pool_id: eu-west-1_AbCdEf123
    groups:
      - name: readers
        precedence: 10
      - name: writers
        precedence: 5
      - name: legacy
        state: absent
"""

RETURN = r"""
groups:
  description: One entry per declared group, in the order given.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: The group's name.
      type: str
      sample: admins
    changed:
      description: Whether this group was changed (or would be, in check mode).
      type: bool
      sample: true
    actions:
      description: What was done (in check mode, what would be done); V(create), V(update) or V(delete), or empty.
      type: list
      elements: str
      sample: [create]
    state:
      description: V(present) or V(absent) after the run; null when it could not be told.
      type: str
      sample: present
    description:
      description: The group's description after the run.
      type: str
      returned: when the group is present
      sample: Administrators of the test environment
    precedence:
      description: The group's precedence after the run (null when it has none).
      type: int
      returned: when the group is present
      sample: 0
    role_arn:
      description: The group's IAM role after the run (null when it has none).
      type: str
      returned: when the group is present
      sample: arn:aws:iam::123456789012:role/admins
    error:
      description: Why this group failed.
      type: str
      returned: when the group failed
      sample: "Cognito refused CreateGroup for group 'admins' in user pool eu-west-1_AbCdEf123. AWS said: ..."
summary:
  description: How many groups were created, updated, unchanged, deleted and failed, of C(total) (counted as for users,
    see M(cognito.user_pool.cognito_user)).
  returned: always
  type: dict
  sample: {created: 1, updated: 0, unchanged: 2, deleted: 1, failed: 0, partially_applied: 0, total: 4}
group:
  description: The single form's group; the same as the only element of RV(groups).
  returned: when O(name) is given
  type: dict
  sample: {name: admins, changed: true, actions: [create], state: present, description: Administrators,
           precedence: 0, role_arn: null}
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.cognito.user_pool.plugins.module_utils._connection import cognito_client
from ansible_collections.cognito.user_pool.plugins.module_utils._errors import CognitoError
from ansible_collections.cognito.user_pool.plugins.module_utils._groups import DesiredGroup
from ansible_collections.cognito.user_pool.plugins.module_utils._groups import converge_groups
from ansible_collections.cognito.user_pool.plugins.module_utils._groups import summarize_groups
from ansible_collections.cognito.user_pool.plugins.module_utils._options import GROUP_OPTIONS
from ansible_collections.cognito.user_pool.plugins.module_utils._options import module_arguments
from ansible_collections.cognito.user_pool.plugins.module_utils._outcomes import failure_message

SINGLE_FORM_ONLY = ("description", "precedence", "role_arn")


def desired_groups(params):
    """The declared groups: the single form is the batch form with one element."""
    if params["name"] is not None:
        return [DesiredGroup(name=params["name"], **{option: params[option] for option in GROUP_OPTIONS})]
    return [DesiredGroup(name=element["name"], state=element.get("state") or params["state"],
                         **{option: element.get(option) for option in SINGLE_FORM_ONLY})
            for element in params["groups"]]


def main():
    module = AnsibleAWSModule(**module_arguments("cognito_group"))
    params = module.params
    if params["name"] is None and params["groups"] is None:
        # ansible-core counts an option given as null as given; null means "not given" here.
        module.fail_json(msg="one of the following is required: name, groups")
    try:
        outcomes = converge_groups(cognito_client(module), desired_groups(params), module.check_mode,
                                   params["max_concurrency"])
    except CognitoError as e:
        module.fail_json(msg=e.message, **e.details())

    result = dict(
        changed=any(outcome.changed for outcome in outcomes),
        groups=[outcome.result() for outcome in outcomes],
        summary=summarize_groups(outcomes),
    )
    if params["name"] is not None:
        result["group"] = result["groups"][0]
    if module._diff:
        result["diff"] = [outcome.diff() for outcome in outcomes if outcome.changed]
    if result["summary"]["failed"]:
        module.fail_json(msg=failure_message(outcomes, noun="groups"), **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
