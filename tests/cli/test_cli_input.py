"""Input that makes sense: photos are checked by kind, size and content before anything is stored,
the rules file is checked when loaded, and whatever is stored is shown with its control characters
escaped by every renderer (lengths and characters: test_cli_limits)."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from tests.cli.helpers import bad_input, js, ok, refused, report
from tests.support import events


@pytest.fixture
def db_url(sqlite_url):
    """The backend makes no difference here (the limits are checked on both in test_cli_limits)."""
    return sqlite_url

ESC = "\x1b[31m"


@pytest.fixture
def rules_file(tmp_path, monkeypatch):
    """``rules_file(TOML)``: that text becomes DUALPREV_RULES for the rest of the test."""
    from dualprev.hazards import config

    def use(toml: str) -> None:
        path = tmp_path / "rules.toml"
        path.write_text(toml, encoding="utf-8")
        monkeypatch.setenv("DUALPREV_RULES", str(path))
        config.rules.cache_clear()

    yield use
    config.rules.cache_clear()


# --- what is stored is shown escaped -----------------------------------------------------------------

def stored_with_escapes(db, cli_run) -> str:
    code = report(cli_run)
    with db.write() as tx:
        tx.run("UPDATE hazard SET title = :t, description = :d WHERE code = :c",
               {"t": f"护栏{ESC}缺失\u200b", "d": "一行\n二行\x1b[2J", "c": code})
    return code


@pytest.mark.parametrize("fmt", ["table", "md", "csv"])
def test_every_renderer_escapes_control_characters_found_in_stored_data(db, cli_run, fmt):
    code = stored_with_escapes(db, cli_run)
    out = ok(cli_run("--as", "wang", "hazard", "list", "--format", fmt)).stdout
    assert "\x1b" not in out and "\u200b" not in out
    assert "\\x1b[31m" in out and "\\u200b" in out
    if fmt == "csv":
        [row] = list(csv.DictReader(io.StringIO(out)))
        assert row["隐患名称"] == "护栏\\x1b[31m缺失\\u200b"
    sheet = ok(cli_run("--as", "wang", "hazard", "show", code)).stdout
    assert "\x1b" not in sheet and "一行\n二行\\x1b[2J" in sheet


def test_the_ledger_in_xlsx_and_json_carries_no_raw_escape(db, cli_run, tmp_path):
    from openpyxl import load_workbook

    stored_with_escapes(db, cli_run)
    ok(cli_run("--as", "wang", "report", "ledger", "--format", "xlsx", "-o", str(tmp_path / "l.xlsx")))
    cells = [c.value for row in load_workbook(tmp_path / "l.xlsx").active.iter_rows() for c in row]
    assert "护栏\\x1b[31m缺失\\u200b" in cells
    out = ok(cli_run("--as", "wang", "--json", "report", "ledger")).stdout
    assert "\x1b" not in out and "\\u001b" in out  # JSON's own escape


# --- photos ------------------------------------------------------------------------------------------

def write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


def store_files() -> list[Path]:
    store = Path(os.environ["DUALPREV_FILES"])
    return sorted(p for p in store.rglob("*") if p.is_file()) if store.exists() else []


@pytest.mark.parametrize("kind", ["jpeg", "png", "gif", "webp", "pdf", "heic"])
def test_photos_and_pdfs_are_kept(db, cli_run, tmp_path, kind):
    data = {"jpeg": b"\xff\xd8\xff\xe0", "png": b"\x89PNG\r\n\x1a\n", "gif": b"GIF89a",
            "webp": b"RIFF\0\0\0\0WEBPVP8 ", "pdf": b"%PDF-1.7\n", "heic": b"\0\0\0\x18ftypheic"}[kind]
    ok(cli_run("--as", "wang", "hazard", "report", "--title", "t", "--org", "甲班", "--photo",
               write(tmp_path / f"f.{kind}", data + b"rest of the file")))
    assert len(store_files()) == 1


@pytest.mark.parametrize(("source", "words"), [
    ("proc", "not a regular file"), ("dev", "not a regular file"), ("fifo", "not a regular file"),
    ("text", "by its content"), ("empty", "is empty"), ("big", "at most 20 MB"),
    ("escape", "the file name"),
])
def test_photos_that_are_not_photos_are_refused_before_anything_is_written(db, cli_run, tmp_path,
                                                                           source, words):
    if source == "fifo":
        os.mkfifo(tmp_path / "pipe.jpg")
    paths = {"proc": "/proc/self/status", "dev": "/dev/zero", "fifo": str(tmp_path / "pipe.jpg"),
             "text": write(tmp_path / "notes.jpg", b"just some text"),
             "empty": write(tmp_path / "empty.jpg", b""),
             "escape": write(tmp_path / "a\x1b[2Jb.jpg", b"\xff\xd8\xff\xe0 photo")}
    if source == "big":
        big = tmp_path / "big.jpg"
        with open(big, "wb") as fh:
            fh.write(b"\xff\xd8\xff\xe0")
            fh.truncate(20 * 1024 * 1024 + 1)
        paths["big"] = str(big)
    before = events(db)
    line = refused(cli_run("--as", "wang", "hazard", "report", "--title", "t", "--org", "甲班", "--photo",
                           paths[source]), 2)
    assert words in line
    assert events(db) == before and store_files() == []


def test_a_folder_as_a_photo_is_a_usage_error(db, cli_run, tmp_path):
    bad_input(cli_run("--as", "wang", "hazard", "report", "--title", "t", "--org", "甲班", "--photo",
                      str(tmp_path)))


def test_the_rules_file_sets_the_size_limit_and_may_allow_other_files(db, cli_run, tmp_path, rules_file):
    rules_file("[attachments]\nmax_mb = 0.01\nallow_other = true\n")
    ok(cli_run("--as", "wang", "hazard", "report", "--title", "t", "--org", "甲班", "--photo",
               write(tmp_path / "记录.txt", "检查记录".encode())))
    assert "at most 0.01 MB" in refused(cli_run(
        "--as", "wang", "hazard", "report", "--title", "t", "--org", "甲班", "--photo",
        write(tmp_path / "big.jpg", b"\xff\xd8\xff" + b"x" * 20_000)), 2)


def test_a_refused_step_stores_none_of_its_photos(db, cli_run, tmp_path):
    """Photos are copied in only once every check of the step has passed (issue 11)."""
    code = report(cli_run)
    photo = write(tmp_path / "after.jpg", b"\xff\xd8\xff\xe0 after")
    line = refused(cli_run("--as", "chen", "hazard", "submit", code, "--photo", photo), 3)
    assert "reported" in line or "发现" in line
    assert store_files() == []


# --- the rules file ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("toml", "words"), [
    ("[schedule]\nlate_days = -5\n", "schedule.late_days = -5 is out of range: give 0 to 366"),
    ("[schedule]\ntick_seconds = 0\n", "schedule.tick_seconds = 0 is out of range"),
    ('[hazard]\ncode_prefix = "YH\'; DROP TABLE hazard; --"\n', "hazard.code_prefix"),
    ('[risk]\ncode_prefix = "fx"\n', "risk.code_prefix = 'fx' is not 1-8 capital letters"),
    ('[schedule]\nlate_days = "7"\n', "schedule.late_days = '7' should be a number"),
    ("[shedule]\nlate_days = 7\n", "shedule is not a key of the rules"),
    ('[site]\ntimezone = "Mars/Olympus"\n', "site.timezone = 'Mars/Olympus' is not a time zone"),
    ("[hazard.roles]\nassign = [1]\n", "hazard.roles.assign holds 1: every item should be text"),
    ("[notify]\nmax_attempts = nan\n", "notify.max_attempts = nan is out of range"),
    ("[schedule\n", "cannot read the rules file"),
    ('[schedule.shifts]\n"四班" = "06:00-12:00"\n', "schedule.shifts.四班 = '06:00-12:00' should be a list"),
])
def test_a_rules_file_out_of_its_types_and_ranges_is_refused_naming_the_key(db, cli_run, rules_file,
                                                                          toml, words):
    rules_file(toml)
    assert words in refused(cli_run("--as", "wang", "hazard", "list"), 2)


def test_a_rules_file_may_add_its_own_ls_variant(db, cli_run, rules_file):
    rules_file('[risk.ls]\nvariant = "D"\n[risk.ls.variants]\nD = { major = 20, considerable = 12, '
               'general = 6 }\n')
    assert js(cli_run("--as", "wang", "--json", "hazard", "list")) == []
