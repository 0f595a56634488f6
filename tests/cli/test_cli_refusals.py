"""Every case issue 11 found giving a traceback, exit 70 or several lines: each is now one line
`Error: <what>. <what to do>` with its documented exit code (or click's usage error), and the
register is left as it was."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest
from click.testing import CliRunner
from sqlalchemy import event

from dualprev.cli import cli
from tests.cli.helpers import assign, bad_input, js, ok, refused, report
from tests.support import events


@pytest.fixture
def db_url(sqlite_url):
    """The backend makes no difference here (the limits are checked on both in test_cli_limits)."""
    return sqlite_url


HUGE = str(2**63)


def sqlite_only(db_url: str) -> str:
    if not db_url.startswith("sqlite"):
        pytest.skip("a SQLite file's own failure")
    return db_url.removeprefix("sqlite:///")


def on_connect(db, statement: str) -> None:
    """Run ``statement`` on every new connection of ``db`` (its pooled ones are dropped first)."""
    event.listen(db.engine, "connect", lambda conn, _record: conn.execute(statement))
    db.engine.dispose()


# --- the database -----------------------------------------------------------------------------------

def test_a_full_database_is_one_line_with_exit_7_and_changes_nothing(db, db_url, cli_run):
    sqlite_only(db_url)
    before = events(db)
    with db.read() as tx:
        pages = tx.scalar("PRAGMA page_count")
    on_connect(db, f"PRAGMA max_page_count = {pages}")
    line = refused(cli_run("--as", "wang", "hazard", "report", "--title", "护栏缺失" * 60, "--org", "甲班",
                           "--desc", "x" * 19_000), 7)
    assert "full" in line and "free some space" in line
    assert events(db) == before


def test_a_register_one_may_only_read_refuses_a_write_with_exit_6(db, db_url, cli_run):
    sqlite_only(db_url)
    on_connect(db, "PRAGMA query_only = ON")  # what SQLite answers a write on a read-only file
    ok(cli_run("--as", "wang", "hazard", "list"))
    line = refused(cli_run("--as", "wang", "hazard", "report", "--title", "t", "--org", "甲班"), 6)
    assert "read but not written" in line


def test_a_mode_ro_url_reads_the_whole_register_and_refuses_writes(db, db_url, cli_run):
    path = sqlite_only(db_url)
    code = report(cli_run)
    ro = CliRunner()
    listed = js(ro.invoke(cli, ["--db", f"sqlite:///{path}?mode=ro", "--as", "wang", "--json", "hazard",
                                "list"]))
    assert [h["code"] for h in listed] == [code]
    line = refused(ro.invoke(cli, ["--db", f"sqlite:///{path}?mode=ro", "--as", "wang", "hazard", "void",
                                   code, "--reason", "r"]), 6)
    assert "read-only (?mode=ro)" in line
    assert not os.path.exists(f"{path}?mode=ro")


def test_init_while_another_writer_holds_the_lock_says_busy(db, db_url, cli_run):
    path = sqlite_only(db_url)
    on_connect(db, "PRAGMA busy_timeout = 200")
    import sqlite3

    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        line = refused(cli_run("--as", "admin", "init"), 4)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "busy" in line


@pytest.mark.parametrize("url", ["mysql://u@localhost/register", "garbage://x", "oracle://u@h/x"])
def test_a_url_of_another_database_is_one_line_with_exit_5(url):
    line = refused(CliRunner().invoke(cli, ["--db", url, "--as", "wang", "hazard", "list"]), 5)
    assert "sqlite:///FILE or postgresql+psycopg://" in line


def test_a_server_that_is_down_is_one_line_with_exit_5():
    line = refused(CliRunner().invoke(cli, ["--db", "postgresql+psycopg://u@127.0.0.1:9/x", "--as", "wang",
                                            "hazard", "list"]), 5)
    assert "cannot open the database" in line


def test_an_empty_db_is_refused_not_replaced_by_the_default(monkeypatch):
    assert "--db is empty" in refused(CliRunner().invoke(cli, ["--db", "", "hazard", "list"]), 2)
    monkeypatch.setenv("DUALPREV_DB", "")
    assert "DUALPREV_DB is empty" in refused(CliRunner().invoke(cli, ["hazard", "list"]), 2)


def test_stdout_closed_is_one_line(db, db_url):
    env = {**os.environ, "DUALPREV_DB": db_url, "DUALPREV_USER": "wang"}
    done = subprocess.run([sys.executable, "-m", "dualprev", "hazard", "list"], env=env,
                          stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=60,
                          preexec_fn=lambda: os.close(1))  # `dualprev hazard list >&-`
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "Error: standard output is closed. Run the command with it open (`> /dev/null` discards what it prints)"]


# --- numbers and dates ------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ("hazard", "list", "--limit", HUGE), ("plan", "show", HUGE), ("inspect", "show", HUGE),
    ("checklist", "show", HUGE), ("hazard", "report", "--title", "t", "--org", "甲班", "--measure", HUGE),
    ("plan", "add", "p", "--checklist", HUGE, "--org", "甲班"), ("plan", "pause", "0"),
])
def test_numbers_past_two_to_the_63_are_usage_errors(db, cli_run, args):
    assert "is not in the range" in bad_input(cli_run("--as", "wang", *args))


@pytest.mark.parametrize("within", ["99999999999wd", "99999999999", "3700", "2700wd", "５"])
def test_within_past_ten_years_is_one_line(db, cli_run, within):
    code = report(cli_run)
    before = events(db)
    line = refused(cli_run("--as", "wang", "hazard", "assign", code, "--owner", "chen", "--within", within,
                           "--measures", "m"), 2)
    assert "--within" in line
    assert events(db) == before


@pytest.mark.parametrize(("deadline", "how"), [("9999-12-31", "input"), ("0001-01-01", "input"),
                                               ("2036-11-25", "refused"), ("2199-12-31", "refused")])
def test_deadlines_at_the_edges_of_time(db, cli_run, deadline, how):
    code = report(cli_run)
    result = assign(cli_run, code, "chen", deadline)
    line = bad_input(result) if how == "input" else refused(result, 2)
    assert "--deadline" in line or "outside" in line
    ok(assign(cli_run, code, "chen", "2036-11-24"))  # ten years is the limit


@pytest.mark.parametrize(("found", "words"), [
    ("0001-01-01", "outside the years"), ("9999-12-31T23:59:59", "outside the years"),
    ("1999-12-31", "before 2000-01-01"), ("2026-11-25T10:00", "in the future")])
def test_found_at_is_not_before_2000_nor_in_the_future(db, cli_run, found, words):
    result = cli_run("--as", "wang", "hazard", "report", "--title", "t", "--org", "甲班", "--found-at", found)
    line = bad_input(result) if result.stderr.startswith("Usage") else refused(result, 2)
    assert words in line


def test_a_listing_deadline_far_ahead_is_refused(db, cli_run):
    code = report(cli_run)
    line = refused(cli_run("--as", "zhao", "supervise", "add", code, "--level", "enterprise", "--deadline",
                           "2099-01-01", "--reason", "r"), 2)
    assert "more than 10 years ahead" in line


def test_a_plan_starting_long_ago_is_refused(db, cli_run):
    ok(cli_run("--as", "wang", "checklist", "add", "日查", "--item", "通道", "--org", "甲班"))
    line = refused(cli_run("--as", "wang", "plan", "add", "日查", "--checklist", "1", "--org", "甲班",
                           "--start", "1990-01-01"), 2)
    assert "start_window_days" in line


@pytest.mark.parametrize("now", ["9999-12-31T23:59:59", "0001-01-01", "1970-01-01T00:00"])
def test_a_clock_out_of_range_stops_tick_at_once(db, cli_run, monkeypatch, now):
    monkeypatch.setenv("DUALPREV_NOW", now)
    done = threading.Event()
    result = []

    def run():
        result.append(cli_run("tick"))
        done.set()

    threading.Thread(target=run, daemon=True).start()
    assert done.wait(30), "tick hung"
    assert "DUALPREV_NOW" in refused(result[0], 2)


# --- the attachment store ---------------------------------------------------------------------------

def jpeg(tmp_path, name="p.jpg"):
    path = tmp_path / name
    path.write_bytes(b"\xff\xd8\xff\xe0 a photo")
    return str(path)


def test_files_pointing_at_a_file_or_a_missing_tree_is_one_line(db, cli_run, tmp_path, monkeypatch):
    (tmp_path / "plain").write_text("x")
    before = events(db)
    for where, words in ((tmp_path / "plain", "is a file"), (tmp_path / "no" / "such" / "tree", "does not exist")):
        monkeypatch.setenv("DUALPREV_FILES", str(where))
        line = refused(cli_run("--as", "wang", "hazard", "report", "--title", "t", "--org", "甲班",
                               "--photo", jpeg(tmp_path)), 2)
        assert words in line and "DUALPREV_FILES" in line
    assert events(db) == before
    assert not (tmp_path / "no").exists()
