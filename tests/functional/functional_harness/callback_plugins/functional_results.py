# -*- coding: utf-8 -*-
# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Write every task result of a playbook run to a JSON file, for the functional tests.

The stdout callback stays the default one, so that what a user sees (diffs,
-vvvv output) is what the no-leak tests read; this callback only adds a
machine-readable copy of each result.
"""

from __future__ import annotations

DOCUMENTATION = r"""
name: functional_results
type: notification
short_description: Record task results as JSON for the functional tests
description:
  - Writes a JSON list of task results to the file named by E(FUNCTIONAL_RESULTS_FILE),
    rewritten after every result.
"""

import json
import os
from collections.abc import Mapping

from ansible.plugins.callback import CallbackBase


def _plain(value):
    """Plain JSON types from Ansible's (possibly tagged or proxied) result values."""
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(item) for item in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return str(value)


def _part(result, name):
    # ansible-core 2.19 added public names; older cores only have the private ones.
    try:
        return getattr(result, name)
    except AttributeError:
        return getattr(result, "_" + name)


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "notification"
    CALLBACK_NAME = "functional_results"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._path = os.environ.get("FUNCTIONAL_RESULTS_FILE")
        self._results = []

    def _record(self, status, result):
        task = _part(result, "task")
        self._results.append({
            "task": task.get_name(),
            "action": task.action,
            "host": _part(result, "host").get_name(),
            "status": status,
            "result": _plain(_part(result, "result")),
        })
        if self._path:
            partial = self._path + ".partial"
            with open(partial, "w", encoding="utf-8") as stream:
                json.dump(self._results, stream, indent=2, sort_keys=True)
            os.replace(partial, self._path)

    def v2_runner_on_ok(self, result, **kwargs):
        self._record("ok", result)

    def v2_runner_on_failed(self, result, ignore_errors=False, **kwargs):
        self._record("failed", result)

    def v2_runner_on_skipped(self, result, **kwargs):
        self._record("skipped", result)

    def v2_runner_on_unreachable(self, result, **kwargs):
        self._record("unreachable", result)
