# -*- coding: utf-8 -*-
"""docs/secrets.md's claim about -e, on the ansible-core under test: a value given on the command line with
-e (key=value or JSON) is printed by ansible-playbook at -vvvv, among its parsed options, whatever no_log says;
at -vvv and below it is not, nor in ANSIBLE_LOG_PATH's log; -e @file prints the file's name only."""

from __future__ import annotations

import subprocess
import sys

import pytest

from functional_harness.playbook import ansible_playbook_executable
from functional_harness.playbook import playbook_environment

# Every leg: what this shows rests on ansible-core itself.
pytestmark = pytest.mark.each_leg

SECRET = "Xyzzy-Extra-Var-77"
PLAY = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: uses the value under no_log
      ansible.builtin.set_fact:
        kept: "{{ alice_password }}"
      no_log: true
"""


def run(tmp_path, extra_vars, verbosity):
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "play.yml").write_text(PLAY)
    (tmp_path / "inventory.ini").write_text(f"localhost ansible_connection=local ansible_python_interpreter={sys.executable}\n")
    (tmp_path / "vars.json").write_text(f'{{"alice_password": "{SECRET}"}}')
    env = playbook_environment(tmp_path, "", tmp_path / "results.json", {"ANSIBLE_LOG_PATH": str(tmp_path / "ansible.log")})
    command = [ansible_playbook_executable(), "-i", "inventory.ini", "play.yml", "-e", extra_vars]
    if verbosity:
        command.append("-" + "v" * verbosity)
    completed = subprocess.run(command, cwd=tmp_path, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                               text=True, timeout=120, check=False)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return completed.stdout + completed.stderr, (tmp_path / "ansible.log").read_text()


@pytest.mark.parametrize("extra_vars", [f"alice_password={SECRET}", f'{{"alice_password": "{SECRET}"}}'])
def test_a_value_given_with_e_shows_at_vvvv_only(tmp_path, extra_vars):
    output, log = run(tmp_path / "vvvv", extra_vars, 4)
    assert f"extra_vars: ('{extra_vars}',)" in output
    for verbosity in range(4):
        output, log = run(tmp_path / f"v{verbosity}", extra_vars, verbosity)
        assert SECRET not in output and SECRET not in log


def test_a_vars_file_given_with_e_shows_by_name_only(tmp_path):
    output, log = run(tmp_path, "@vars.json", 4)
    assert f"extra_vars: ('@{tmp_path / 'vars.json'}',)" in output  # the path made absolute
    assert SECRET not in output and SECRET not in log
