# -*- coding: utf-8 -*-
"""docs/secrets.md's claim about -e, on the ansible-core under test: a value given on the command line with
-e (key=value or JSON) is printed by ansible-playbook at -vvvv, among its parsed options, whatever no_log says;
at -vvv and below it is not, nor in ANSIBLE_LOG_PATH's log; -e @file prints the file's name only.

The three forms go on one command line, so that one run per verbosity shows each of them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from functional_harness.playbook import ansible_playbook_executable
from functional_harness.playbook import playbook_environment

# Every leg: what this shows rests on ansible-core itself.
pytestmark = pytest.mark.each_leg

KEY_VALUE_SECRET = "Xyzzy-Key-Value-77"
JSON_SECRET = "Xyzzy-Json-Value-78"
FILE_SECRET = "Xyzzy-File-Value-79"
PLAY = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: uses the values under no_log
      ansible.builtin.set_fact:
        kept: "{{ alice_password }} {{ bob_password }} {{ carol_password }}"
      no_log: true
"""


def run(tmp_path, verbosity):
    """ansible-playbook with one value of each form; (its output, the log file, the -e arguments as given)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "play.yml").write_text(PLAY)
    (tmp_path / "inventory.ini").write_text(f"localhost ansible_connection=local ansible_python_interpreter={sys.executable}\n")
    (tmp_path / "vars.json").write_text(f'{{"carol_password": "{FILE_SECRET}"}}')
    extra_vars = [f"alice_password={KEY_VALUE_SECRET}", f'{{"bob_password": "{JSON_SECRET}"}}', "@vars.json"]
    env = playbook_environment(tmp_path, "", tmp_path / "results.json", {"ANSIBLE_LOG_PATH": str(tmp_path / "ansible.log")})
    command = [ansible_playbook_executable(), "-i", "inventory.ini", "play.yml"]
    for assignment in extra_vars:
        command += ["-e", assignment]
    if verbosity:
        command.append("-" + "v" * verbosity)
    completed = subprocess.run(command, cwd=tmp_path, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                               text=True, timeout=120, check=False)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return completed.stdout + completed.stderr, (tmp_path / "ansible.log").read_text(), extra_vars


def test_values_given_with_e_show_at_vvvv_and_a_vars_file_by_its_name_only(tmp_path):
    output, log, extra_vars = run(tmp_path, 4)
    given = extra_vars[:2] + [f"@{tmp_path / 'vars.json'}"]  # the file's path made absolute
    assert f"extra_vars: {tuple(given)!r}" in output
    assert FILE_SECRET not in output and FILE_SECRET not in log


@pytest.mark.parametrize("verbosity", range(4), ids=lambda verbosity: f"v{verbosity}")
def test_no_value_given_with_e_shows_at_vvv_or_below(tmp_path, verbosity):
    output, log, dummy = run(tmp_path, verbosity)
    assert log.strip(), "the run logged nothing"
    for secret in (KEY_VALUE_SECRET, JSON_SECRET, FILE_SECRET):
        assert secret not in output and secret not in log
