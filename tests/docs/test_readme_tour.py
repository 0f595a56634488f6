"""The README's tour is reproducible: re-running every command of its console blocks, on a fresh
register at the tour's instant, prints exactly what the README shows."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def test_the_readme_tour_prints_what_the_readme_shows():
    if not Path(sys.executable).with_name("dualprev").exists():
        pytest.skip("the tour runs the installed dualprev command: pip install . first")
    done = subprocess.run([sys.executable, str(REPO / "docs" / "tour.py")], capture_output=True, text=True,
                          check=False, timeout=600)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
