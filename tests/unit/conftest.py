# -*- coding: utf-8 -*-
"""Markers of the unit tests that make runs on the floor leg only.

A test that runs a module in process against moto (it uses the ``aws`` fixture, which starts
``mock_aws``) is marked ``moto``; the hypothesis runs carry ``property`` themselves. Both prove the
collection's own Python, the same on every leg, and cost seconds each; the other unit tests are pure
code or botocore's Stubber and run on every leg.
"""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(items):
    for item in items:
        if "aws" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.moto)
