# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The seed_users role's filters: its logic lives in module_utils/_seed_users.py, with unit tests.

Each filter takes the role's variables as one mapping (the role builds it as ``seed_users_variables``);
their documentation is in the .yml files beside this one.
"""

from __future__ import annotations

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError
from ansible.utils.display import Display

from ansible_collections.cognito.user_pool.plugins.module_utils import _seed_users
from ansible_collections.cognito.user_pool.plugins.module_utils._errors import CognitoError
from ansible_collections.cognito.user_pool.plugins.module_utils._options import COLLECTION
from ansible_collections.cognito.user_pool.plugins.module_utils._options import DEPRECATED_NAMES_REMOVED_IN


def _variables(value, name):
    if not isinstance(value, Mapping):
        raise AnsibleFilterError(f"{name} expects the seed_users role's variables as a mapping.")
    return value


def seed_users_check(variables):
    variables = _variables(variables, "seed_users_check")
    # ansible-core's check of a role's argument spec says nothing of deprecated options: the role's own check does.
    for message in _seed_users.deprecated_variables(variables):
        Display().deprecated(message, version=DEPRECATED_NAMES_REMOVED_IN, collection_name=COLLECTION)
    return _seed_users.check(variables)


def seed_users_batch(variables, index):
    return _seed_users.batch(_variables(variables, "seed_users_batch"), int(index))


def seed_users_batch_plan(variables):
    return _seed_users.batch_plan(_variables(variables, "seed_users_batch_plan"))


def seed_users_groups(variables):
    return _seed_users.groups(_variables(variables, "seed_users_groups"))


def seed_users_iam_actions(variables):
    return _seed_users.iam_actions(_variables(variables, "seed_users_iam_actions"))


def seed_users_iam_policy(variables, account_id):
    try:
        return _seed_users.iam_policy(_variables(variables, "seed_users_iam_policy"), str(account_id))
    except CognitoError as e:
        raise AnsibleFilterError(e.message) from None


def seed_users_report(variables, batches, check_mode=False, groups_result=None, sign_in_result=None):
    return _seed_users.report(_variables(variables, "seed_users_report"), batches or {}, bool(check_mode),
                              groups_result if isinstance(groups_result, Mapping) else None,
                              sign_in_result if isinstance(sign_in_result, Mapping) else None)


def seed_users_sign_in_plan(variables):
    return _seed_users.sign_in_plan(_variables(variables, "seed_users_sign_in_plan"))


def seed_users_sign_in_report(variables, result):
    return _seed_users.sign_in_report(_variables(variables, "seed_users_sign_in_report"),
                                      result if isinstance(result, Mapping) else {})


class FilterModule:
    def filters(self):
        return {
            "seed_users_check": seed_users_check,
            "seed_users_batch": seed_users_batch,
            "seed_users_batch_plan": seed_users_batch_plan,
            "seed_users_groups": seed_users_groups,
            "seed_users_iam_actions": seed_users_iam_actions,
            "seed_users_iam_policy": seed_users_iam_policy,
            "seed_users_report": seed_users_report,
            "seed_users_sign_in_plan": seed_users_sign_in_plan,
            "seed_users_sign_in_report": seed_users_sign_in_report,
        }
