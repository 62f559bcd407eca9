# -*- coding: utf-8 -*-
"""Every example playbook in docs/examples runs as its header says, against moto.

The header of each example names what it needs and gives the command lines to run it: one
against AWS, with credentials in the environment, and one against a local moto server. These
tests read those command lines from the header and run them with a shell, in docs/examples,
with only the placeholders (``<user pool id>``, ``<port>``) filled in. The AWS form gets what
its header says it needs from the environment: credentials (moto's fake ones) and, so that it
reaches moto instead of AWS, AWS_ENDPOINT_URL, which botocore reads when no endpoint_url is
configured.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from functional_harness.cognito import CONFIRMED
from functional_harness.cognito import FORCE_CHANGE_PASSWORD
from functional_harness.moto_server import FAKE_CREDENTIALS
from functional_harness.playbook import PLAYBOOK_TIMEOUT
from functional_harness.playbook import ansible_playbook_executable
from functional_harness.playbook import playbook_environment
from functional_harness.playbook import read_results

# Every leg: what these show rests on ansible-core itself (Makefile, FUNCTIONAL_LEG).
pytestmark = pytest.mark.each_leg

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
PLAYBOOKS = sorted(path.name for path in EXAMPLES.glob("*.yml") if re.search(r"^\s*hosts:", path.read_text(), re.MULTILINE))
PLACEHOLDERS = ("<user pool id>", "<port>")


def header_commands(playbook: str) -> dict:
    """The header's two command lines, each joined where it continues with a backslash: {"aws": ..., "moto": ...}."""
    header = []
    for line in (EXAMPLES / playbook).read_text().splitlines()[1:]:  # after the document start
        if not line.startswith("#"):
            break
        header.append(line.lstrip("#").strip())
    lines = " ".join(line[:-1] if line.endswith("\\") else line + "\n" for line in header).splitlines()
    commands = [" ".join(line.split()) for line in lines if "ansible-playbook " in line]
    by_target = {"moto" if "endpoint_url=" in command else "aws": command for command in commands}
    assert len(commands) == 2 and sorted(by_target) == ["aws", "moto"], f"{playbook}: header commands {commands}"
    return by_target


def prepare(playbook: str, cognito) -> str:
    """A pool holding what the example's header says it needs."""
    pool = cognito.create_pool()
    if playbook == "confirm_user.yml":
        cognito.create_user(pool, "demo-user", FORCE_CHANGE_PASSWORD, "Temporary-Passw0rd!")
    else:
        for group in ("admins", "readers"):
            cognito.client.create_group(UserPoolId=pool, GroupName=group)
    return pool


def check_outcome(playbook: str, cognito, pool: str) -> None:
    users = {user["Username"]: user for user in cognito.client.list_users(UserPoolId=pool)["Users"]}
    if playbook == "confirm_user.yml":
        assert users["demo-user"]["UserStatus"] == CONFIRMED
    else:
        assert sorted(users) == ["alice", "bob", "carol", "dave", "erin"]
        assert users["carol"]["UserStatus"] == FORCE_CHANGE_PASSWORD and users["alice"]["UserStatus"] == CONFIRMED


def test_every_example_has_a_header_test():
    assert PLAYBOOKS == ["confirm_user.yml", "seed_users.yml"], "a new example needs its prerequisites and outcome here"


@pytest.mark.parametrize("target", ["aws", "moto"])
@pytest.mark.parametrize("playbook", PLAYBOOKS)
def test_example_runs_as_its_header_says(playbook, target, cognito, proxy, tmp_path):
    command = header_commands(playbook)[target]
    pool = prepare(playbook, cognito)
    port = proxy.url.rsplit(":", 1)[1]
    for placeholder, value in zip(PLACEHOLDERS, (pool, port)):
        command = command.replace(placeholder, value)
    assert "<" not in command, f"a placeholder the test does not know: {command}"
    # The command's own ansible-playbook, from the venv under test.
    command = re.sub(r"(^|\s)ansible-playbook\s", rf"\g<1>{ansible_playbook_executable()} ", command, count=1)

    results_file = tmp_path / "results.json"
    env = playbook_environment(tmp_path, os.environ["ANSIBLE_COLLECTIONS_PATH"], results_file)
    for name in FAKE_CREDENTIALS:
        env.pop(name)  # the moto command line sets its own; the AWS one gets them below, from "the environment"
    if target == "aws":
        env.update(FAKE_CREDENTIALS, AWS_ENDPOINT_URL=proxy.url)
    completed = subprocess.run(["bash", "-c", command], cwd=EXAMPLES, env=env, stdin=subprocess.DEVNULL,
                               capture_output=True, text=True, timeout=PLAYBOOK_TIMEOUT, check=False)
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, f"{command}\n{output}"
    assert all(not result.failed for result in read_results(results_file)), output
    check_outcome(playbook, cognito, pool)
    assert proxy.requests(), "the example did not go through the proxy in front of moto"
