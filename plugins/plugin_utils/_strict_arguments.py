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
accepts reach it.
"""

from __future__ import annotations

from ansible.plugins.action import ActionBase

from ansible_collections.cognito.user_pool.plugins.module_utils._arguments import check_module_arguments


class StrictArgumentsAction(ActionBase):
    """Refuse wrongly typed arguments before the module runs; otherwise run the module as usual."""

    MODULE = ""
    _supports_check_mode = True
    _supports_async = False

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        del tmp  # tmp no longer has any effect
        errors = check_module_arguments(self.MODULE, self._task.args)
        if errors:
            result.update(failed=True, changed=False, argument_errors=errors,
                          msg=f"Invalid arguments for cognito.user_pool.{self.MODULE}: " + " ".join(errors))
            return result
        result.update(self._execute_module(module_name=f"cognito.user_pool.{self.MODULE}", task_vars=task_vars))
        return result
