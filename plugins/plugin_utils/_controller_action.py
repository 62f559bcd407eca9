# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The base of the actions that compute on the controller alone: cognito_iam_policy, seed_users_plan, seed_users_report.

Private to the collection: not an API, may change in any release.
"""

from __future__ import annotations

from ansible.plugins.action import ActionBase


class ControllerAction(ActionBase):
    """Computes from its options and the task's variables: no connection, no file, no AWS call, never a change."""

    TRANSFERS_FILES = False
    _supports_check_mode = True
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        del tmp
        result["changed"] = False
        return self.compute(result, task_vars or {})

    def compute(self, result, task_vars):
        """The task's result, from ``result`` (ActionBase's, unchanged) and the task's variables."""
        raise NotImplementedError
