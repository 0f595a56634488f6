"""The README's tour is reproducible: re-running every command of its console blocks as written, in
a fresh folder with a fresh data directory, prints exactly what the README shows; and the tour says
itself what it needs (the venv on PATH, the pinned clock, the photo, the demo's admin)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "docs"))
from tour import commands  # noqa: E402

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_the_tour_sets_up_what_it_needs_with_shown_commands():
    lines = commands(README)
    assert lines[0] == ". .venv/bin/activate"
    assert re.search(r"\bDUALPREV_NOW=2026-11-24T10:00:00\+08:00\b", lines[1]) and lines[1].startswith("export ")
    made = next(i for i, line in enumerate(lines) if line.endswith("> after.jpg"))
    used = next(i for i, line in enumerate(lines) if "--photo after.jpg" in line)
    assert made < used
    first = re.search(r"```sh\n(.*?)\n```", README, re.S).group(1)
    init = next(line for line in lines if line.startswith("dualprev") and " init" in line)
    assert "--as admin init" in first and init.startswith("dualprev --as admin init")


def test_the_readme_tour_prints_what_the_readme_shows():
    if not (Path(sys.prefix) / "bin" / "activate").exists() or not Path(sys.executable).with_name("dualprev").exists():
        pytest.skip("the tour runs the dualprev installed in a virtual environment: pip install . into one first")
    done = subprocess.run([sys.executable, str(REPO / "docs" / "tour.py")], capture_output=True, text=True,
                          check=False, timeout=1800)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
