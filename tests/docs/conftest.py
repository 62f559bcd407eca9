# -*- coding: utf-8 -*-
"""Shared settings for the docs-site and release checks (run by `make docs-test` and `make release-check`).

They run in .venv/docs, not in the matrix legs' venvs, with paths handed over by the Makefile
through the environment; the defaults are the Makefile's own paths.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

for _path in os.environ.get("ANSIBLE_COLLECTIONS_PATH", str(ROOT / "build" / "collections-py312")).split(os.pathsep):
    if _path and _path not in sys.path:
        sys.path.insert(0, _path)
