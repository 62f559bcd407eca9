# -*- coding: utf-8 -*-
"""How many examples a hypothesis property runs: a quarter in make test, all under --full-size.

make test runs each property on the floor leg with a quarter of its examples, derandomized, so the
same inputs every run; make test-scale (pytest --full-size) runs every example. tests/conftest.py
sets COGNITO_TESTS_FULL_SIZE for --full-size before any test module is imported.
"""

from __future__ import annotations

import os


def examples(full: int) -> int:
    return full if os.environ.get("COGNITO_TESTS_FULL_SIZE") == "1" else max(1, full // 4)
