# -*- coding: utf-8 -*-
"""Make the collection importable as ansible_collections.cognito.user_pool.

The Makefile puts the collections tree on ANSIBLE_COLLECTIONS_PATH; pytest run
by hand from the repo falls back to build/collections-py311.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[2]
for _path in os.environ.get("ANSIBLE_COLLECTIONS_PATH", str(_ROOT / "build" / "collections-py311")).split(os.pathsep):
    if _path and _path not in sys.path:
        sys.path.insert(0, _path)
