# -*- coding: utf-8 -*-
"""Fixtures for the functional tests: real ansible-playbook against a local moto server.

One moto server and one proxy serve the whole session; every test starts from
an empty moto and an empty proxy log that forwards everything.

The collections tree comes from ANSIBLE_COLLECTIONS_PATH (the Makefile exports
it); pytest run by hand from the repo falls back to build/collections-py311.
"""

from __future__ import annotations

import itertools
import os
import sys
from pathlib import Path

import pytest

_ROOT = Path(__file__).resolve().parents[2]
COLLECTIONS_PATH = os.environ.get("ANSIBLE_COLLECTIONS_PATH") or str(_ROOT / "build" / "collections-py311")
# The tests import the collection's own tables (for example WRITE_OPERATIONS).
for _path in COLLECTIONS_PATH.split(os.pathsep):
    if _path and _path not in sys.path:
        sys.path.insert(0, _path)

from functional_harness.cognito import CognitoSetup  # noqa: E402
from functional_harness.moto_server import MotoServer  # noqa: E402
from functional_harness.playbook import run_playbook as _run_playbook  # noqa: E402
from functional_harness.proxy import ThrottlingProxy  # noqa: E402


@pytest.fixture(scope="session")
def moto_server(tmp_path_factory):
    """A moto server for the session, on a free loopback port."""
    server = MotoServer(log_path=tmp_path_factory.mktemp("moto") / "moto_server.log")
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def session_proxy(moto_server):
    proxy = ThrottlingProxy(moto_server.url)
    proxy.start()
    yield proxy
    proxy.stop()


@pytest.fixture
def proxy(moto_server, session_proxy):
    """The recording proxy in front of a freshly reset moto; fails the test if one of its rules raised."""
    moto_server.reset()
    session_proxy.reset()
    yield session_proxy
    errors = session_proxy.rule_errors()
    session_proxy.reset()
    reports = [f"{error.rule} on {error.operation}:\n{error.traceback}" for error in errors]
    assert not errors, "a proxy rule raised:\n" + "\n".join(reports)


@pytest.fixture
def cognito(moto_server, proxy):
    """boto3 straight against moto, to build the state a test starts from."""
    return CognitoSetup(moto_server.url)


@pytest.fixture
def run_playbook(tmp_path, proxy):
    """``run_playbook(tasks, extra_vars=..., check=..., diff=..., verbosity=..., env=...)``.

    Runs ``ansible-playbook`` with the collection's modules pointed at the
    proxy; each call gets its own directory under the test's ``tmp_path``.
    """
    counter = itertools.count(1)

    def run(tasks, **kwargs):
        workdir = tmp_path / f"run-{next(counter)}"
        return _run_playbook(workdir, tasks, endpoint_url=proxy.url, collections_path=COLLECTIONS_PATH, **kwargs)

    return run
