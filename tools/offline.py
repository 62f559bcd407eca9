#!/usr/bin/env python
"""The two places where the build works around Galaxy and the internet being out of reach.

Everything else comes from PyPI. Two tools expect more:

``amazon-aws``
    This collection depends on amazon.aws, which users get from Galaxy through galaxy.yml's
    dependencies. Galaxy is not reachable from the project's machines, so a leg's amazon.aws is
    taken from the ``ansible`` community package on PyPI, whose wheel ships every included
    collection under ``ansible_collections/<namespace>/<name>/``: the wheel is downloaded once
    into the wheels directory, and the collection extracted into the leg's collections tree,
    after checking that its MANIFEST.json reports the expected version.

``ansible-test-pip``
    ``ansible-test sanity --venv`` creates each test's virtual environment without pip and
    bootstraps pip with ``get-pip.py``, downloaded from a host that is not reachable. It first
    looks for a cached copy at ``~/.ansible/test/cache/get_pip_<pip version>.py``: this puts
    tools/get_pip_shim.py there, and beside it the wheel of the pip version that ansible-test
    asks for, so that the shim installs pip from that wheel with nothing downloaded.

Usage::

    offline.py amazon-aws --ansible 12.3.0 --version 10.1.2 --wheels build/wheels --dest build/collections-py311
    offline.py ansible-test-pip --python-version 3.11 --wheels build/wheels

Run each with the leg's interpreter: pip downloads with it, and ansible-test's pip version is
read from the leg's ansible-test.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import types
import zipfile
from pathlib import Path

SHIM = Path(__file__).resolve().parent / "get_pip_shim.py"


def download(requirement: str, wheels: Path) -> None:
    """Download one wheel into ``wheels``; through a directory of its own, as both legs may want the same one at once."""
    with tempfile.TemporaryDirectory(dir=wheels) as scratch:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-input",
                        "--no-deps", "--dest", scratch, requirement], check=True)
        for wheel in Path(scratch).iterdir():
            os.replace(wheel, wheels / wheel.name)


def amazon_aws(args: argparse.Namespace) -> None:
    wheel = args.wheels / f"ansible-{args.ansible}-py3-none-any.whl"
    if not wheel.is_file():
        download(f"ansible=={args.ansible}", args.wheels)
    prefix = "ansible_collections/amazon/aws/"
    dest = args.dest / "ansible_collections" / "amazon" / "aws"
    staging = dest.with_name("aws.partial")
    with zipfile.ZipFile(wheel) as archive:
        members = [item for item in archive.infolist() if item.filename.startswith(prefix) and not item.is_dir()]
        if not members:
            sys.exit(f"offline.py: no amazon.aws collection in {wheel}")
        version = json.loads(archive.read(prefix + "MANIFEST.json"))["collection_info"]["version"]
        if version != args.version:
            sys.exit(f"offline.py: amazon.aws in {wheel} is {version}, expected {args.version}")
        shutil.rmtree(staging, ignore_errors=True)
        for item in members:
            target = staging / item.filename[len(prefix):]
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(item) as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst)
    shutil.rmtree(dest, ignore_errors=True)
    os.rename(staging, dest)
    print(f"amazon.aws {version} ({len(members)} files) from {wheel.name} into {dest}")


def ansible_test_pip(args: argparse.Namespace) -> None:
    from ansible_test._internal.python_requirements import get_venv_packages

    pip_version = get_venv_packages(types.SimpleNamespace(version=args.python_version))["pip"]
    wheel_name = f"pip-{pip_version}-py3-none-any.whl"
    if not (args.wheels / wheel_name).is_file():
        download(f"pip=={pip_version}", args.wheels)
    cache = Path("~/.ansible/test/cache").expanduser()
    cache.mkdir(parents=True, exist_ok=True)
    # Each copy is written beside its target and renamed, so two legs preparing at once never see half a file.
    for source, target in ((SHIM, cache / f"get_pip_{pip_version.replace('.', '_')}.py"),
                           (args.wheels / wheel_name, cache / wheel_name)):
        partial = target.with_name(f"{target.name}.{os.getpid()}")
        shutil.copyfile(source, partial)
        os.replace(partial, target)
    print(f"ansible-test bootstraps pip {pip_version} offline from {cache}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    commands = parser.add_subparsers(dest="command", required=True)
    aws = commands.add_parser("amazon-aws", help="amazon.aws from the ansible community wheel into a collections tree")
    aws.add_argument("--ansible", required=True, help="the ansible package version whose wheel ships it")
    aws.add_argument("--version", required=True, help="the amazon.aws version that wheel must ship")
    aws.add_argument("--dest", type=Path, required=True, help="the collections tree (ansible_collections/ goes inside)")
    pip = commands.add_parser("ansible-test-pip", help="ansible-test's pip bootstrap, from the shim and a wheel")
    pip.add_argument("--python-version", required=True, help="the Python version ansible-test's venvs use")
    for command in (aws, pip):
        command.add_argument("--wheels", type=Path, required=True, help="where downloaded wheels are kept")
    args = parser.parse_args()
    args.wheels.mkdir(parents=True, exist_ok=True)
    {"amazon-aws": amazon_aws, "ansible-test-pip": ansible_test_pip}[args.command](args)


if __name__ == "__main__":
    main()
