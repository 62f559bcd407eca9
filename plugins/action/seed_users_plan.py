# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""cognito.user_pool.seed_users_plan: the seed_users role's check and plan, on the controller, no AWS call.

The documentation is in plugins/modules/seed_users_plan.py; the logic in
module_utils/_seed_users.py and _seed_users_check.py.
"""

from __future__ import annotations

from ansible.utils.display import Display

from ansible_collections.cognito.user_pool.plugins.module_utils import _seed_users
from ansible_collections.cognito.user_pool.plugins.module_utils._seed_users_check import check
from ansible_collections.cognito.user_pool.plugins.module_utils._options import COLLECTION
from ansible_collections.cognito.user_pool.plugins.module_utils._options import DEPRECATED_NAMES_REMOVED_IN
from ansible_collections.cognito.user_pool.plugins.module_utils._partitions import parse_user_pool_id
from ansible_collections.cognito.user_pool.plugins.plugin_utils._seed_users_variables import read_variables
from ansible_collections.cognito.user_pool.plugins.plugin_utils._controller_action import ControllerAction


def show_deprecations(variables):
    """ansible-core's deprecation warning for each deprecated variable name given: its check of a role's argument
    spec says nothing of deprecated options, so the role's own check does."""
    for message in _seed_users.deprecated_variables(variables):
        Display().deprecated(message, version=DEPRECATED_NAMES_REMOVED_IN, collection_name=COLLECTION)


class ActionModule(ControllerAction):
    def compute(self, result, task_vars):
        if self._task.args:
            return dict(result, failed=True, msg="seed_users_plan takes no options: it reads the seed_users_* variables.")
        variables = read_variables(self._templar, task_vars)
        show_deprecations(variables)
        errors = check(variables)
        if errors:
            # No value is in the messages (check redacts them), so the failure is shown in full.
            return dict(result, failed=True, msg=" ".join(errors), variable_errors=errors)
        sign_in = _seed_users.sign_in_plan(variables)
        values = _seed_users.settings(variables)
        plan = _seed_users.batch_plan(variables)
        result.update(
            # "" for a local Cognito's id (cognito-local's local_<id>), which names no AWS region.
            region=parse_user_pool_id(variables["seed_users_user_pool_id"], local=True).region,
            # The sign-in check's app client, under its name or its deprecated one.
            client_id=values.get("client_id") or "",
            client_secret=values.get("client_secret") or "",
            groups=_seed_users.groups(variables),
            rate_limits=_seed_users.rate_limits(variables),
            batches=plan,
            batch_users=[_seed_users.batch(variables, item["index"]) for item in plan],
            sign_in_users=sign_in["users"],
            sign_in_skipped=sign_in["skipped"],
            iam_policy_jobs=_seed_users.iam_policy_jobs(variables),
            # batch_users, sign_in_users and client_secret hold secrets: the result is never shown.
            _ansible_no_log=True,
        )
        return result
