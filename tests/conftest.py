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


def pytest_configure(config):  # pylint: disable=unused-argument
    try:
        importable = importlib.util.find_spec("ansible_collections.cognito.user_pool") is not None
    except ModuleNotFoundError:
        importable = False
    if not importable or not os.environ.get("ANSIBLE_COLLECTIONS_PATH"):
        raise pytest.UsageError(
            "the cognito.user_pool collection is not on PYTHONPATH and ANSIBLE_COLLECTIONS_PATH: " + HOW)
