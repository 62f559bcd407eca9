# -*- coding: utf-8 -*-
"""Fixtures for the functional tests: real ansible-playbook against a local moto server.

One moto server and one proxy serve the whole session; every test starts from
an empty moto and an empty proxy log that forwards everything.

ansible-playbook finds the collections in ANSIBLE_COLLECTIONS_PATH, and the tests
import the collection's own tables through PYTHONPATH: the Makefile sets both
(tests/conftest.py).
"""

from __future__ import annotations

import itertools
import os

import pytest

from functional_harness.cognito import CognitoSetup
from functional_harness.moto_server import MotoServer
from functional_harness.playbook import run_playbook as _run_playbook
from functional_harness.proxy import ThrottlingProxy

COLLECTIONS_PATH = os.environ.get("ANSIBLE_COLLECTIONS_PATH", "")


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
    """The recording, throttling proxy in front of a freshly reset moto."""
    moto_server.reset()
    session_proxy.reset()
    yield session_proxy
    session_proxy.reset()


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
