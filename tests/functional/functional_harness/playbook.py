# -*- coding: utf-8 -*-
"""Run real ``ansible-playbook`` against the proxy and read back each task's result."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List, Mapping, NamedTuple, Optional, Sequence, Union

import yaml

from .moto_server import FAKE_CREDENTIALS, aws_free_environment

ACTION_GROUP = "group/cognito.user_pool.aws"
CALLBACK_DIR = Path(__file__).resolve().parent / "callback_plugins"
PLAYBOOK_TIMEOUT = 600


class TaskResult(NamedTuple):
    """One task's result on localhost, as the ``functional_results`` callback recorded it."""

    name: str
    action: str
    status: str  # ok, failed, skipped or unreachable
    result: Dict[str, Any]

    @property
    def changed(self) -> bool:
        return bool(self.result.get("changed"))

    @property
    def failed(self) -> bool:
        return self.status == "failed"

    @property
    def msg(self) -> str:
        return str(self.result.get("msg", ""))


class PlaybookRun(NamedTuple):
    """What one ``ansible-playbook`` run left: its exit code, task results and raw output."""

    rc: int
    results: List[TaskResult]
    output: str  # stdout followed by stderr, exactly as printed

    def task(self, name: str) -> TaskResult:
        """The result of the one task called ``name``."""
        found = [result for result in self.results if result.name == name]
        if len(found) != 1:
            raise LookupError(f"expected one result for task {name!r}, found {len(found)}:\n{self.output}")
        return found[0]

    @property
    def last(self) -> TaskResult:
        if not self.results:
            raise LookupError(f"the run recorded no task result:\n{self.output}")
        return self.results[-1]


def succeeded(run: PlaybookRun) -> TaskResult:
    """The last task's result; the run must have passed (the end of its output is the assertion's message)."""
    assert run.rc == 0, run.output[-3000:]
    return run.last


def failed(run: PlaybookRun) -> TaskResult:
    """The last task's result; the run must have failed, on that task."""
    assert run.rc != 0, run.output[-3000:]
    assert run.last.failed, run.output[-3000:]
    return run.last


def ansible_playbook_executable() -> str:
    """``ansible-playbook`` next to the running interpreter (the venv's), else the first on PATH."""
    beside = Path(sys.executable).parent / "ansible-playbook"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("ansible-playbook")
    if not found:
        raise FileNotFoundError("ansible-playbook is neither next to sys.executable nor on PATH")
    return found


def build_play(tasks: Union[str, Sequence[Mapping], Mapping], endpoint_url: str,
               module_defaults: Optional[Mapping[str, Any]] = None) -> Dict[str, Any]:
    """A play on localhost whose collection modules all talk to ``endpoint_url``.

    ``tasks`` is a list of tasks, a whole play (a mapping), or either as YAML.
    A play's own settings win over these defaults.
    """
    if isinstance(tasks, str):
        tasks = yaml.safe_load(tasks)
    play: Dict[str, Any] = dict(tasks) if isinstance(tasks, Mapping) else {"tasks": list(tasks)}
    play.setdefault("name", "functional test")
    play.setdefault("hosts", "localhost")
    play.setdefault("gather_facts", False)
    defaults = dict(play.get("module_defaults") or {})
    group = {"endpoint_url": endpoint_url, "access_key": FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
             "secret_key": FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"]}
    group.update(module_defaults or {})
    group.update(defaults.get(ACTION_GROUP) or {})
    defaults[ACTION_GROUP] = group
    play["module_defaults"] = defaults
    return play


def run_playbook(workdir: Path, tasks: Union[str, Sequence[Mapping], Mapping], *, endpoint_url: str,
                 collections_path: str, extra_vars: Optional[Mapping[str, Any]] = None, check: bool = False,
                 diff: bool = False, verbosity: int = 0, module_defaults: Optional[Mapping[str, Any]] = None,
                 env: Optional[Mapping[str, str]] = None, command_line_vars: Sequence[str] = ()) -> PlaybookRun:
    """Write a playbook into ``workdir`` and run it with ``ansible-playbook``.

    Extra variables go through a file (``-e @vars.json``), so secrets in them
    are not on the command line; ``command_line_vars`` (``["perm=true"]``) are
    given after it as ``-e key=value``, as a CI pipeline gives them (ansible-core
    reads their values as strings).  Modules run under this interpreter, so they
    import the same boto3.  ``env`` adds to (or overrides) the run's environment.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    playbook = workdir / "playbook.yml"
    playbook.write_text(yaml.safe_dump([build_play(tasks, endpoint_url, module_defaults)], sort_keys=False))
    inventory = workdir / "inventory.ini"
    inventory.write_text(f"localhost ansible_connection=local ansible_python_interpreter={sys.executable}\n")
    results_file = workdir / "results.json"

    command = [ansible_playbook_executable(), "-i", str(inventory), str(playbook)]
    if extra_vars:
        vars_file = workdir / "vars.json"
        vars_file.write_text(json.dumps(dict(extra_vars)))
        command += ["-e", f"@{vars_file}"]
    for assignment in command_line_vars:
        command += ["-e", assignment]
    if check:
        command.append("--check")
    if diff:
        command.append("--diff")
    if verbosity:
        command.append("-" + "v" * verbosity)

    completed = subprocess.run(
        command, cwd=workdir, env=playbook_environment(workdir, collections_path, results_file, env),
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=PLAYBOOK_TIMEOUT, check=False,
    )
    return PlaybookRun(completed.returncode, read_results(results_file), completed.stdout + completed.stderr)


def read_results(results_file: Path) -> List[TaskResult]:
    """The task results the ``functional_results`` callback wrote (none if the run wrote nothing)."""
    records = json.loads(results_file.read_text()) if results_file.exists() else []
    return [TaskResult(record["task"], record["action"], record["status"], record["result"]) for record in records]


def playbook_environment(workdir: Path, collections_path: str, results_file: Path,
                         extra: Optional[Mapping[str, str]] = None) -> Dict[str, str]:
    """The environment ``ansible-playbook`` runs in: no AWS or Ansible setting of the developer's,
    scratch directories in ``workdir``, the ``functional_results`` callback writing ``results_file``."""
    env = aws_free_environment()
    # An empty configuration: no ansible.cfg of the developer's applies.
    config = workdir / "ansible.cfg"
    config.write_text("[defaults]\n")
    # Any shared AWS config or credentials file is ignored: these paths do not exist.
    env["AWS_CONFIG_FILE"] = str(workdir / "no-aws-config")
    env["AWS_SHARED_CREDENTIALS_FILE"] = str(workdir / "no-aws-credentials")
    for name in [name for name in env if name.startswith("ANSIBLE_")]:
        del env[name]
    env.update({
        "ANSIBLE_COLLECTIONS_PATH": collections_path,
        # Only the collections tree under test, never a copy inside site-packages.
        "ANSIBLE_COLLECTIONS_SCAN_SYS_PATH": "False",
        "ANSIBLE_CONFIG": str(config),
        "ANSIBLE_HOME": str(workdir / "ansible-home"),
        "ANSIBLE_LOCAL_TEMP": str(workdir / "ansible-tmp"),
        "ANSIBLE_REMOTE_TEMP": str(workdir / "ansible-remote-tmp"),
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_FORCE_COLOR": "0",
        "ANSIBLE_HOST_KEY_CHECKING": "False",
        "ANSIBLE_RETRY_FILES_ENABLED": "False",
        "ANSIBLE_LOCALHOST_WARNING": "False",
        "ANSIBLE_CALLBACK_PLUGINS": str(CALLBACK_DIR),
        "ANSIBLE_CALLBACKS_ENABLED": "functional_results",
        "FUNCTIONAL_RESULTS_FILE": str(results_file),
    })
    env.update(extra or {})
    return env
