# -*- coding: utf-8 -*-
"""README.md's "Without Galaxy (offline)" steps, run as written: the tarball built by ansible-galaxy collection
build installs with --offline when amazon.aws is where `pip install ansible` puts it (an ansible_collections
directory on Python's path), and without amazon.aws the install stops naming it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import ansible_collections.amazon.aws as amazon_aws

# Every leg: ansible-galaxy, of the ansible-core under test, decides what the offline install does.
pytestmark = pytest.mark.each_leg

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTION = README.split("### Without Galaxy (offline)", 1)[1].split("\n## ", 1)[0]
BIN = Path(sys.executable).parent


def commands():
    """The section's commands, in order, without their comments."""
    blocks = re.findall(r"```bash\n(.*?)```", SECTION, re.S)
    return [line.split("#", 1)[0].strip() for block in blocks for line in block.splitlines() if line.strip()]


def run(command, cwd, site):
    env = {name: value for name, value in os.environ.items() if not name.startswith(("ANSIBLE_", "PYTHON"))}
    env.update(PATH=f"{BIN}:{env.get('PATH', '')}", ANSIBLE_HOME=str(cwd / "home"), PYTHONPATH=str(site),
               ANSIBLE_COLLECTIONS_PATH=str(cwd / "collections"))
    return subprocess.run(command, shell=True, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture(scope="module")
def tarball(tmp_path_factory):
    build, install = commands()[0], commands()[1]
    assert build == "ansible-galaxy collection build"
    assert install == "ansible-galaxy collection install cognito-user_pool-<version>.tar.gz --offline -p ./collections"
    out = tmp_path_factory.mktemp("dist")
    completed = run(f"{build} --output-path {out} {ROOT}", out, out)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    (path,) = out.glob("cognito-user_pool-*.tar.gz")
    return path


def pip_site(where: Path, with_amazon_aws: bool) -> Path:
    """A directory like the site-packages `pip install ansible` fills: amazon.aws under ansible_collections."""
    site = where / "site"
    (site / "ansible_collections").mkdir(parents=True)
    if with_amazon_aws:
        (site / "ansible_collections" / "amazon").symlink_to(Path(list(amazon_aws.__path__)[0]).parent)
    return site


def install(tarball):
    """The README's install command, <version> being galaxy.yml's."""
    version = yaml.safe_load((ROOT / "galaxy.yml").read_text(encoding="utf-8"))["version"]
    assert tarball.name == f"cognito-user_pool-{version}.tar.gz"
    return commands()[1].replace("cognito-user_pool-<version>.tar.gz", str(tarball))


def test_the_offline_steps_install_the_tarball_beside_amazon_aws_from_pip(tarball, tmp_path):
    site = pip_site(tmp_path, with_amazon_aws=True)
    completed = run(install(tarball), tmp_path, site)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert re.search(r"'amazon\.aws:[0-9.]+' is already installed, skipping\.", completed.stdout)
    assert (tmp_path / "collections/ansible_collections/cognito/user_pool/MANIFEST.json").exists()
    listed = run("ansible-doc -l cognito.user_pool", tmp_path, site)
    assert "cognito.user_pool.cognito_user " in listed.stdout, listed.stderr


def test_without_amazon_aws_the_offline_install_stops_naming_it(tarball, tmp_path):
    completed = run(install(tarball), tmp_path, pip_site(tmp_path, with_amazon_aws=False))
    assert completed.returncode != 0
    assert "amazon.aws:>=" in completed.stdout + completed.stderr
    assert not (tmp_path / "collections/ansible_collections/cognito").exists()
