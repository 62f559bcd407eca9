#!/usr/bin/env python
"""Offline stand-in for the ``get-pip.py`` bootstrap script used by ``ansible-test``.

``ansible-test sanity --venv`` creates its virtual environments with ``--without-pip`` and then
bootstraps pip by running ``get-pip.py``, which it downloads from a host that is not reachable
from this project's machines. Before downloading, it looks for a cached copy at
``~/.ansible/test/cache/get_pip_<pip version with underscores>.py``; ``make sanity`` copies this
file there.

ansible-test runs the script (through its ``quiet_pip.py`` wrapper) with pip's install arguments
and no leading ``install``, for example::

    --disable-pip-version-check pip==25.2 --no-setuptools --no-wheel

When ``make sanity`` has put the requested pip's wheel beside this file (it downloads it once
into build/wheels), the shim installs pip from that wheel, running pip out of the wheel itself as
pip's own documentation describes: one step, nothing downloaded. Otherwise it installs the
interpreter's bundled pip with ``ensurepip`` and then runs ``python -m pip install`` with the same
arguments, minus the two get-pip-only flags, so the requested pip version comes from the package
index like every other requirement. As get-pip.py would, it leaves setuptools and wheel out of the
environment when asked to.
"""

from __future__ import annotations

import os
import subprocess
import sys

GET_PIP_ONLY_FLAGS = {
    '--no-setuptools': 'setuptools',
    '--no-wheel': 'wheel',
}


def run(cmd):
    """Run a command with the current interpreter, exiting with its code if it fails."""
    result = subprocess.run([sys.executable] + cmd, check=False)

    if result.returncode:
        sys.stderr.write('get_pip_shim: command failed (exit %d): %s\n' % (result.returncode, ' '.join([sys.executable] + cmd)))
        sys.exit(result.returncode)


def installed(name):
    """Return True if the distribution is installed in the current environment."""
    probe = 'import importlib.metadata as m, sys\ntry:\n m.version(sys.argv[1])\nexcept m.PackageNotFoundError:\n sys.exit(1)'
    return subprocess.run([sys.executable, '-c', probe, name], check=False).returncode == 0


def wheel_beside_this_file(pip_args):
    """The wheel of the one package requested when it is ``pip==VERSION`` and its wheel is beside this file."""
    packages = [arg for arg in pip_args if not arg.startswith('-')]
    if len(packages) != 1 or not packages[0].startswith('pip=='):
        return None
    wheel = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'pip-%s-py3-none-any.whl' % packages[0][len('pip=='):])
    return wheel if os.path.isfile(wheel) else None


def main():
    """Bootstrap pip offline-safely, then install the requested packages."""
    args = sys.argv[1:]
    unwanted = [GET_PIP_ONLY_FLAGS[arg] for arg in args if arg in GET_PIP_ONLY_FLAGS]
    pip_args = [arg for arg in args if arg not in GET_PIP_ONLY_FLAGS]

    wheel = wheel_beside_this_file(pip_args)
    if wheel:
        run([os.path.join(wheel, 'pip'), 'install', '--no-index'] + [arg for arg in pip_args if arg.startswith('-')] + [wheel])
        return

    already_present = {name for name in unwanted if installed(name)}
    run(['-m', 'ensurepip', '--default-pip'])

    if pip_args:
        run(['-m', 'pip', 'install'] + pip_args)

    # ensurepip bundles setuptools on Python < 3.12; get-pip.py --no-setuptools would not install it.
    remove = [name for name in unwanted if name not in already_present and installed(name)]

    if remove:
        run(['-m', 'pip', 'uninstall', '--yes', '--quiet'] + remove)


if __name__ == '__main__':
    main()
