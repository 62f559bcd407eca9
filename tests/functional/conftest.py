# -*- coding: utf-8 -*-
"""Fixtures for the functional tests: real ansible-playbook against a local moto server.

One moto server and one proxy serve the whole session; every test starts from
an empty moto and an empty proxy log.  The proxy forwards everything unless
Cognito's rules are on: for the whole run with ``--cognito-rules=all`` (or a
comma list of rule names; ``FUNCTIONAL_COGNITO_RULES`` sets the default), or
for one test with the ``cognito_rules`` fixture.  Tests marked
``moto_semantics`` are skipped when the option turns rules on; tests marked
``own_rules`` install the rules they prove themselves, whatever the option says.

ansible-playbook finds the collections in ANSIBLE_COLLECTIONS_PATH, and the tests
import the collection's own tables through PYTHONPATH: the Makefile sets both
(tests/conftest.py).
"""

from __future__ import annotations

import itertools
import os

import pytest

from functional_harness.cognito import CognitoSetup
from functional_harness.cognito_rules import CognitoWording
from functional_harness.cognito_rules import rules_from_spec
from functional_harness.moto_server import MotoServer
from functional_harness.playbook import run_playbook as _run_playbook
from functional_harness.proxy import Rule
from functional_harness.proxy import ThrottlingProxy

COLLECTIONS_PATH = os.environ.get("ANSIBLE_COLLECTIONS_PATH", "")

RULES_OPTION = "--cognito-rules"
RULES_VARIABLE = "FUNCTIONAL_COGNITO_RULES"


def pytest_addoption(parser):
    parser.addoption(
        RULES_OPTION, default=os.environ.get(RULES_VARIABLE, ""),
        help="Cognito rules the proxy plays under every functional test: 'all', 'none', or a comma list of rule "
             f"names, each optionally '=value' (default: ${RULES_VARIABLE}, else none). See tests/functional/README.md.",
    )


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "each_leg: the outcome rests on ansible-core itself (no_log masking, callbacks, action groups), so "
                   "make runs the test on every matrix leg, not only on FUNCTIONAL_LEG",
    )
    config.addinivalue_line(
        "markers", "own_rules(wording=False): the test installs the rules it proves itself; the proxy starts with none "
                   f"of {RULES_OPTION}'s, and without CognitoWording unless wording=True",
    )
    config.addinivalue_line(
        "markers", "moto_semantics: the test asserts moto's own behaviour (such as exact call counts); "
                   f"skipped when {RULES_OPTION} turns Cognito's rules on",
    )
    try:
        rules_from_spec(rules_spec(config))
    except ValueError as e:  # an unknown rule name stops the run before any test
        raise pytest.UsageError(f"{RULES_OPTION}: {e}") from None


def rules_spec(config) -> str:
    """The rules asked for the whole run (the option exists only when pytest started in this directory)."""
    return config.getoption(RULES_OPTION, default=None) or os.environ.get(RULES_VARIABLE, "")


def pytest_collection_modifyitems(config, items):
    if not rules_from_spec(rules_spec(config)):
        return
    skip = pytest.mark.skip(reason=f"asserts moto's own behaviour; {RULES_OPTION} turns Cognito's rules on")
    for item in items:
        if item.get_closest_marker("moto_semantics"):
            item.add_marker(skip)


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
def proxy(request, moto_server, session_proxy):
    """The recording proxy in front of a freshly reset moto, playing the rules of ``--cognito-rules`` (fresh ones)."""
    moto_server.reset()
    session_proxy.reset()
    own_rules = request.node.get_closest_marker("own_rules")
    rules = [] if own_rules else rules_from_spec(rules_spec(request.config))
    # Cognito's words for moto's errors, in every test but those that prove rules on moto's own words:
    # it changes no behaviour.
    wording = own_rules is None or own_rules.kwargs.get("wording", False)
    if wording and not any(isinstance(rule, CognitoWording) for rule in rules):
        rules.append(CognitoWording())
    for rule in rules:
        session_proxy.add_rule(rule)
    yield session_proxy
    errors = session_proxy.rule_errors()
    session_proxy.reset()
    reports = [f"{error.rule} on {error.operation}:\n{error.traceback}" for error in errors]
    assert not errors, "a proxy rule raised:\n" + "\n".join(reports)


@pytest.fixture
def cognito_rules(proxy):
    """``cognito_rules(*rules)`` installs rules for this test: ``Rule`` objects or specs (``"Lockout=3"``).

    Returns the rules installed, in the order given.
    """

    def install(*rules):
        installed = []
        for rule in rules:
            for one in ([rule] if isinstance(rule, Rule) else rules_from_spec(rule)):
                installed.append(proxy.add_rule(one))
        return installed

    return install


@pytest.fixture
def cognito(moto_server, proxy):
    """boto3 straight against moto, to build the state a test starts from."""
    return CognitoSetup(moto_server.url)


@pytest.fixture
def pool(cognito):
    """A user pool with moto's default settings."""
    return cognito.create_pool()


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
