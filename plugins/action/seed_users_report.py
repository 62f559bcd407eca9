# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""cognito.user_pool.seed_users_report: the seed_users role's summary, on the controller, no AWS call.

The documentation is in plugins/modules/seed_users_report.py; the logic in module_utils/_seed_users_report.py.
"""

from __future__ import annotations

from collections.abc import Mapping

from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.cognito.user_pool.plugins.module_utils._seed_users_report import report
from ansible_collections.cognito.user_pool.plugins.module_utils._seed_users_report import sign_in_report
from ansible_collections.cognito.user_pool.plugins.plugin_utils._seed_users_variables import read_variables
from ansible_collections.cognito.user_pool.plugins.plugin_utils._controller_action import ControllerAction

OPTIONS = ("batches", "check_mode", "groups_result", "sign_in_result")


def _mapping(value):
    return value if isinstance(value, Mapping) else None


class ActionModule(ControllerAction):
    def compute(self, result, task_vars):
        unknown = sorted(set(self._task.args) - set(OPTIONS))
        if unknown:
            return dict(result, failed=True, msg=f"seed_users_report takes {', '.join(OPTIONS)}; not {', '.join(unknown)}.")
        args = self._task.args
        variables = read_variables(self._templar, task_vars)
        sign_in_result = _mapping(args.get("sign_in_result"))
        summary = report(variables, _mapping(args.get("batches")) or {},
                         boolean(args.get("check_mode", False), strict=False),
                         _mapping(args.get("groups_result")), sign_in_result)
        result["ansible_facts"] = {"seed_users_result": summary}
        if sign_in_result is not None:  # the sign-in check ran, or was skipped for want of users
            result["sign_in_message"] = sign_in_report(variables, sign_in_result)
        return result
