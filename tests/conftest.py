# -*- coding: utf-8 -*-
"""What every pytest suite under tests/ shares: the collection on the import path, put there one way.

The Makefile runs each step with the leg's collections tree (build/collections-<leg>: amazon.aws
and this collection) on PYTHONPATH, which makes ``ansible_collections.cognito.user_pool``
importable, and on ANSIBLE_COLLECTIONS_PATH, where ansible-playbook and ansible-doc look. No test
edits ``sys.path`` for it. To run pytest by hand, `eval "$(make env)"` first (docs/testing.md).
"""

from __future__ import annotations

import importlib.util
import os

import pytest

HOW = 'run it through make (make quick, make unit-py311, ...), or `eval "$(make env)"` (LEG=py312 for the other leg) first'


FULL_SIZE_OPTION = "--full-size"
FULL_SIZE_VARIABLE = "COGNITO_TESTS_FULL_SIZE"


def pytest_addoption(parser):
    parser.addoption(
        FULL_SIZE_OPTION, action="store_true",
        help="run the tests marked scale at the sizes the issues asked for (make test-scale); without it each runs at "
             "the smallest size that still shows its property (make test)",
    )


def pytest_configure(config):
    if config.getoption(FULL_SIZE_OPTION):
        # For the hypothesis properties, whose example counts are fixed when their modules are imported
        # (tests/unit/sizes.py); pytest-xdist's workers start from this process's environment.
        os.environ[FULL_SIZE_VARIABLE] = "1"
    for marker in (
        "scale: a property of many users; the size() fixture picks its size: small in make test, full under "
        f"{FULL_SIZE_OPTION} (make test-scale, make bench)",
        "moto: runs the collection in process against moto (mock_aws); make runs it on the floor leg only",
        "property: a hypothesis run; make runs it on the floor leg only, with a quarter of its examples unless "
        f"{FULL_SIZE_OPTION} (make test-scale)",
    ):
        config.addinivalue_line("markers", marker)
    try:
        importable = importlib.util.find_spec("ansible_collections.cognito.user_pool") is not None
    except ModuleNotFoundError:
        importable = False
    if not importable or not os.environ.get("ANSIBLE_COLLECTIONS_PATH"):
        raise pytest.UsageError(
            "the cognito.user_pool collection is not on PYTHONPATH and ANSIBLE_COLLECTIONS_PATH: " + HOW)


@pytest.fixture
def size(request):
    """``size(small, full)``: the number of users a ``scale`` test runs with.

    ``small`` is the smallest size that still shows the property (several listing pages, several
    waves of pacing), what make test runs; ``full`` is the size the issue asked for, what
    make test-scale runs.
    """
    if request.node.get_closest_marker("scale") is None:
        pytest.fail(f"{request.node.nodeid} uses size() without the scale marker", pytrace=False)
    full = request.config.getoption(FULL_SIZE_OPTION)
    return lambda small, full_size: full_size if full else small
