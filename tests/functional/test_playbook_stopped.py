# -*- coding: utf-8 -*-
"""What a running cognito_user does when ansible-playbook is stopped, as docs/troubleshooting.md says (issue 16.8).

ansible-core runs each task in a worker process that starts its own session
(``setsid``), and the module in a process below that worker.  On SIGTERM or
SIGINT, ansible-playbook passes the signal to its workers, which pass it to
their process group, the module included.  SIGKILL (and SIGHUP, which
ansible-playbook does not handle) reach ansible-playbook alone: the module runs
on, writing, until it ends or is stopped itself.  Both depend on ansible-core's
process handling, so they are proven through real ``ansible-playbook``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import List

import pytest
import yaml

from functional_harness.faults import PROC
from functional_harness.faults import _command_line
from functional_harness.faults import _state_of
from functional_harness.playbook import ansible_playbook_executable
from functional_harness.playbook import build_play
from functional_harness.playbook import playbook_environment

PASSWORD = "Stop!Playbook12"
USERS = 300
# Paced so that the task would take 30 s: 300 creations at 10 a second, each followed by its password. A module
# that stops within STOP_SECONDS of the signal is told from one that runs to its end.
RATE_LIMITS = {"UserCreation": 10, "UserUpdate": 10, "UserRead": 0, "UserList": 0}
MAX_CONCURRENCY = 8
WRITES_BEFORE_THE_SIGNAL = 20
SCRIPT = "AnsiballZ_cognito_user.py"
STOP_SECONDS = 15.0

pytestmark = pytest.mark.each_leg


def module_processes(workdir: Path) -> List[int]:
    """The interpreters running this run's cognito_user: their command line names the script in ``workdir``'s temp.

    Found by the run's own directory, not by ancestry: a module outliving a
    killed ansible-playbook is no longer below this test's process.
    """
    pids = [int(entry.name) for entry in PROC.iterdir() if entry.name.isdigit()]
    return [pid for pid in pids if _state_of(pid) not in (None, "Z", "X")
            and any(argument.startswith(str(workdir)) and Path(argument).name == SCRIPT
                    for argument in _command_line(pid)[1:])]


def run_processes(workdir: Path) -> List[int]:
    """Every process working in ``workdir``: ansible-playbook, and its worker even once orphaned."""
    found = []
    for entry in PROC.iterdir():
        try:
            if entry.name.isdigit() and Path(os.readlink(entry / "cwd")) == workdir:
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def signal_states(workdir: Path) -> str:
    """What each of the run's processes had pending, blocked, caught and ignored (/proc/<pid>/status), so that a
    module still running after a signal says whether the signal reached it."""
    lines = []
    for pid in sorted(set(module_processes(workdir) + run_processes(workdir))):
        try:
            status = (PROC / str(pid) / "status").read_text().splitlines()
        except OSError:
            continue
        fields = [line.replace("\t", " ") for line in status
                  if line.split(":", 1)[0] in ("Name", "State", "PPid", "SigPnd", "ShdPnd", "SigBlk", "SigIgn", "SigCgt")]
        lines.append(f"pid {pid}: " + "; ".join(fields))
    return "\n".join(lines) or "no process of the run is left"


def wait_until(condition, timeout: float, what) -> None:
    """Wait for ``condition``; fail saying ``what`` (a string, or a function giving one) when it does not come."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what() if callable(what) else what}, {timeout} s on")
        time.sleep(0.05)


@pytest.fixture
def started(tmp_path, proxy, cognito):
    """``started()`` starts ansible-playbook seeding USERS users through the proxy and returns it once the module
    has written WRITES_BEFORE_THE_SIGNAL users; every process of the run still alive is killed afterwards."""
    runs = []

    def start():
        pool = cognito.create_pool()
        workdir = tmp_path / "run"
        workdir.mkdir()
        users = [{"username": f"user{index:03d}", "password": PASSWORD} for index in range(USERS)]
        task = {"name": "seed", "cognito.user_pool.cognito_user": {
            "user_pool_id": pool, "users": "{{ declared_users }}", "rate_limits": RATE_LIMITS,
            "max_concurrency": MAX_CONCURRENCY}}
        (workdir / "playbook.yml").write_text(yaml.safe_dump([build_play([task], proxy.url)], sort_keys=False))
        (workdir / "inventory.ini").write_text(
            f"localhost ansible_connection=local ansible_python_interpreter={sys.executable}\n")
        (workdir / "vars.yml").write_text(yaml.safe_dump({"declared_users": users}))
        process = subprocess.Popen(
            [ansible_playbook_executable(), "-i", "inventory.ini", "playbook.yml", "-e", "@vars.yml"], cwd=workdir,
            env=playbook_environment(workdir, os.environ.get("ANSIBLE_COLLECTIONS_PATH", ""), workdir / "results.json"),
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        runs.append((process, workdir))
        wait_until(lambda: len(proxy.requests_for("AdminCreateUser")) >= WRITES_BEFORE_THE_SIGNAL, 120,
                   f"the module did not create {WRITES_BEFORE_THE_SIGNAL} users")
        assert module_processes(workdir), "the module runs under ansible-playbook"
        return process, workdir

    yield start
    for process, workdir in runs:
        for pid in module_processes(workdir) + run_processes(workdir):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        process.wait()


def writes(proxy) -> int:
    return len(proxy.requests_for("AdminCreateUser")) + len(proxy.requests_for("AdminSetUserPassword"))


def assert_no_write_after_the_module_is_gone(proxy) -> None:
    # The proxy records a request once it has read it: one the module sent just before it died may be recorded
    # a moment later.
    time.sleep(0.5)
    settled = writes(proxy)
    time.sleep(1.0)
    assert writes(proxy) == settled


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_sigterm_or_sigint_to_ansible_playbook_stops_the_module(started, proxy, signum):
    process, workdir = started()

    process.send_signal(signum)
    process.wait(timeout=30)
    # Measured: gone at once on SIGTERM, within a second on SIGINT; the margin is for a loaded machine.
    wait_until(lambda: not module_processes(workdir), STOP_SECONDS,
               lambda: f"the module did not stop ({writes(proxy)} writes so far)\n{signal_states(workdir)}")

    # SIGINT lets the users in flight finish (one create and one password each, at most MAX_CONCURRENCY users);
    # nothing is sent after the module is gone.
    assert_no_write_after_the_module_is_gone(proxy)
    assert len(proxy.requests_for("AdminCreateUser")) < USERS


def test_sigkill_to_ansible_playbook_leaves_the_module_writing_until_it_is_stopped_itself(started, proxy):
    process, workdir = started()

    process.kill()
    process.wait(timeout=30)
    at_kill = writes(proxy)
    time.sleep(1.0)
    assert module_processes(workdir), "the module outlives a SIGKILLed ansible-playbook"
    assert writes(proxy) > at_kill, "and goes on writing"

    # docs/troubleshooting.md: stop it with SIGTERM to the process pgrep -f AnsiballZ_cognito_user finds.
    for pid in module_processes(workdir):
        os.kill(pid, signal.SIGTERM)
    wait_until(lambda: not module_processes(workdir), STOP_SECONDS,
               lambda: f"the module did not stop on SIGTERM ({writes(proxy)} writes so far)")
    assert_no_write_after_the_module_is_gone(proxy)
    assert len(proxy.requests_for("AdminCreateUser")) < USERS
