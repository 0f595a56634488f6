"""Every HTML report loaded in headless Chromium (Debian's ``chromium``; .ci/run installs it and
fonts-noto-cjk): no console message, a screenshot that is not blank. Skipped, with the reason,
where Chromium is missing."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from PIL import Image

from tests.cli.helpers import ok
from tests.cli.test_cli_html import PAGES

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(not CHROMIUM, reason="Chromium not installed: apt-get install chromium")


@pytest.fixture
def db_url(sqlite_url):
    return sqlite_url


def load(page, shot, profile) -> list[str]:
    """Open ``page`` in Chromium, screenshot it into ``shot``; the console messages it logged."""
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--no-first-run", f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
         "--window-size=1280,1400", f"--screenshot={shot}", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return [line for line in done.stderr.splitlines() if re.search(r":CONSOLE[(:]", line)]


def inked(shot) -> tuple[float, int]:
    """The share of pixels darker than near-white, and how many colours the picture has."""
    picture = Image.open(shot).convert("RGB")
    grey = picture.convert("L").histogram()
    return sum(grey[:200]) / sum(grey), len(picture.getcolors(1 << 24))


@pytest.mark.parametrize("name", list(PAGES))
def test_each_page_loads_cleanly_and_shows(demo, tmp_path, name):
    command, who, charts = PAGES[name]
    page, shot = tmp_path / f"{name}.html", tmp_path / f"{name}.png"
    ok(demo("--as", who, *command, "--format", "html", "-o", str(page)))
    assert load(page, shot, tmp_path / "profile") == []
    share, colours = inked(shot)
    assert share > 0.003, f"{name}: the screenshot is blank"  # a white page is 0
    assert colours > (200 if charts else 20)  # text antialiased, and the charts' colours


def test_the_console_check_sees_an_error(tmp_path):
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><p>x</p><script>console.error('坏了')</script>", "utf-8")
    logged = load(page, tmp_path / "broken.png", tmp_path / "profile")
    assert len(logged) == 1 and "坏了" in logged[0]
