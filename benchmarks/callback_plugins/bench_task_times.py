# -*- coding: utf-8 -*-
# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Record where a playbook run spends its time, task by task, for benchmarks/run.py."""

from __future__ import annotations

DOCUMENTATION = r"""
name: bench_task_times
type: notification
short_description: Record each task's wall time as JSON for the benchmark
description:
  - Writes the wall time of each task (from its start to the next task's, all hosts and loop items in it),
    summed by task name, to the file named by E(BENCH_TASK_TIMES_FILE) as JSON, at the end of the run.
"""

import json
import os
import time

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "notification"
    CALLBACK_NAME = "bench_task_times"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._path = os.environ.get("BENCH_TASK_TIMES_FILE")
        self._times = {}
        self._current = None
        self._playbook_started = None

    def _close(self):
        if self._current is not None:
            name, started = self._current
            self._times[name] = self._times.get(name, 0.0) + time.monotonic() - started
            self._current = None

    def v2_playbook_on_start(self, playbook):
        self._playbook_started = time.monotonic()

    def _start(self, task):
        self._close()
        self._current = (task.get_name() or task.action, time.monotonic())

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._start(task)

    def v2_playbook_on_handler_task_start(self, task):
        self._start(task)

    def v2_playbook_on_stats(self, stats):
        self._close()
        now = time.monotonic()
        record = {"tasks": self._times, "playbook": now - (self._playbook_started or now)}
        if self._path:
            with open(self._path, "w", encoding="utf-8") as stream:
                json.dump(record, stream, indent=2, sort_keys=True)
