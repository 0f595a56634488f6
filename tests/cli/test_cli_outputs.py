"""`--output FILE` writes whole or not at all, in every format, and never into the register's own
files: on a failure, Ctrl-C or SIGTERM half-way, nothing is left under the final name, a file that
was there stays as it was, and no temporary file is left behind."""

from __future__ import annotations

import csv
import json
import os
import signal
from pathlib import Path

import pytest

from tests.cli.helpers import no_traceback, ok, refused


@pytest.fixture
def db_url(sqlite_url):
    """The backend makes no difference here (the limits are checked on both in test_cli_limits)."""
    return sqlite_url

FORMATS = ["csv", "md", "json", "table", "xlsx"]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_written_whole_and_leaves_no_temporary_file(demo, tmp_path, fmt):
    out = tmp_path / "out" / f"ledger.{fmt}"
    out.parent.mkdir()
    ok(demo("--as", "wang", "report", "ledger", "--format", fmt, "-o", str(out)))
    assert out.stat().st_size > 0
    if fmt == "csv":
        assert len(list(csv.reader(out.open(encoding="utf-8")))) > 5
    if fmt == "json":
        assert len(json.loads(out.read_text("utf-8"))) > 5
    assert leftovers(out.parent) == []
    assert oct(out.stat().st_mode & 0o777) == oct(0o666 & ~current_umask())


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_the_matrix_page_goes_to_a_file_whole(demo, tmp_path):
    out = tmp_path / "matrix.html"
    ok(demo("--as", "wang", "risk", "matrix", "--format", "html", "-o", str(out)))
    assert out.read_text("utf-8").rstrip().endswith("</html>")
    assert leftovers(tmp_path) == []


def failing_after(monkeypatch, rows: int, failure):
    """The ledger query yields ``rows`` rows, then ``failure()`` happens (an error, a signal)."""
    from dualprev.hazards.queries import hazard as hazard_queries

    real = hazard_queries.iter_ledger

    def iter_ledger(*args, **kwargs):
        for i, row in enumerate(real(*args, **kwargs)):
            if i == rows:
                failure()
            yield row

    monkeypatch.setattr(hazard_queries, "iter_ledger", iter_ledger)


def boom():
    raise RuntimeError("the disk went away")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("how", ["error", "sigterm", "sigint"])
def test_a_failure_half_way_leaves_the_old_file_and_no_temporary_one(demo, tmp_path, monkeypatch, fmt,
                                                                      how):
    out = tmp_path / f"ledger.{fmt}"
    out.write_text("yesterday's report\n", encoding="utf-8")
    failure = {"error": boom, "sigterm": lambda: os.kill(os.getpid(), signal.SIGTERM),
               "sigint": lambda: os.kill(os.getpid(), signal.SIGINT)}[how]
    failing_after(monkeypatch, 3, failure)
    result = demo("--as", "wang", "report", "ledger", "--format", fmt, "-o", str(out))
    assert result.exit_code != 0
    if how == "sigterm":
        assert result.exit_code == 128 + signal.SIGTERM
    assert out.read_text("utf-8") == "yesterday's report\n"
    assert leftovers(tmp_path) == []
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL  # the handler is put back


def test_a_failure_leaves_nothing_under_a_new_name(demo, tmp_path, monkeypatch):
    failing_after(monkeypatch, 2, boom)
    result = demo("--as", "wang", "report", "ledger", "--format", "csv", "-o",
                  str(tmp_path / "new.csv"))
    assert result.exit_code != 0
    assert not (tmp_path / "new.csv").exists()
    assert leftovers(tmp_path) == []


def test_a_full_device_is_one_line_with_its_exit_code(demo):
    line = refused(demo("--as", "wang", "report", "ledger", "--format", "csv", "-o", "/dev/full"), 7)
    assert "no space left" in line


def test_a_folder_one_may_not_write_is_one_line(demo, tmp_path):
    line = refused(demo("--as", "wang", "report", "ledger", "-o", str(tmp_path / "missing" / "x.csv")), 1)
    assert "cannot write" in line


def test_the_attachment_store_is_refused_as_an_output(demo, tmp_path):
    photo = tmp_path / "p.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    ok(demo("--as", "wang", "hazard", "report", "--title", "护栏缺失", "--org", "生产一车间",
            "--photo", str(photo)))
    store = Path(os.environ["DUALPREV_FILES"])
    kept = next(p for p in store.rglob("*") if p.is_file())
    before = kept.read_bytes()
    os.link(kept, tmp_path / "hard.csv")
    for target in (store / "x.csv", store / kept.parent.name / "new.md", kept, tmp_path / "hard.csv"):
        line = refused(demo("--as", "wang", "hazard", "list", "--format", "csv", "-o", str(target)), 2)
        assert "attachment store" in line
    assert kept.read_bytes() == before


def test_a_device_target_is_written_straight(demo):
    result = demo("--as", "wang", "report", "ledger", "--format", "csv", "-o", "/dev/null")
    ok(result)
    no_traceback(result)
    assert os.path.exists("/dev/null") and not Path("/dev/null").is_file()
