# -*- coding: utf-8 -*-
"""The generated parts of the docs are current: docs/iam.md's tables and the rate_limits doc fragment."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_generated_docs_are_current():
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "generate_docs.py"), "--check"], capture_output=True, text=True,
                         check=False)
    assert run.returncode == 0, run.stdout + run.stderr
