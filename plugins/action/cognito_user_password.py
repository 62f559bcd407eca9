# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Runs cognito.user_pool.cognito_user_password after checking its arguments' types on the controller."""

from __future__ import annotations

from ansible_collections.cognito.user_pool.plugins.plugin_utils._strict_arguments import StrictArgumentsAction


class ActionModule(StrictArgumentsAction):
    MODULE = "cognito_user_password"
