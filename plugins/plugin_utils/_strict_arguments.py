# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The action plugin every module of the collection runs through: strict argument types, on the controller.

Private to the collection: not an API, may change in any release.

ansible-core converts a wrongly typed value into the option's type (a
mapping given as a password becomes the text of the mapping), quotes refused
values in its messages, and prints the arguments of a module that refused
them.  This action checks every argument against the module's own spec and
constraints first, without converting anything and without ever repeating a
value (a username that equals a password included); only arguments the module
accepts reach it.  It then runs the module through ansible-core's own ``normal``
action, the one every module without an action plugin runs through, so that
``async``/``poll`` and ``async_status`` work as they do for any module.
"""

from __future__ import annotations

from ansible.plugins.action import ActionBase
from ansible.plugins.action.normal import ActionModule as NormalAction

from ansible_collections.cognito.user_pool.plugins.module_utils._arguments import check_module_arguments


class StrictArgumentsAction(NormalAction):
    """Refuse wrongly typed arguments before the module runs; otherwise run the module as ansible-core's own
    ``normal`` action runs any module, so that its features (``async`` and ``poll``, check mode) stay."""

    MODULE = ""

    def run(self, tmp=None, task_vars=None):
        errors = check_module_arguments(self.MODULE, self._task.args)
        if not errors:
            return super().run(tmp, task_vars)
        # ActionBase's own checks still come first (check mode, async supported), but no module runs: with
        # async, the refusal is the task's result at once, as a failure is never polled.
        result = ActionBase.run(self, tmp, task_vars)
        result.update(failed=True, changed=False, argument_errors=errors,
                      msg=f"Invalid arguments for cognito.user_pool.{self.MODULE}: " + " ".join(errors))
        return result

    def _execute_module(self, module_name=None, *args, **kwargs):
        """The collection's module, whatever name the task called the action by (short name, alias, redirect)."""
        return super()._execute_module(module_name or f"cognito.user_pool.{self.MODULE}", *args, **kwargs)
