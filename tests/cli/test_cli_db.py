"""`dualprev db backup|restore|check` through the CLI: one line per outcome, exit 1 on a finding,
and no argument that destroys data."""

from __future__ import annotations

import json
import sqlite3

import pytest

from tests.cli.helpers import bad_input, js, ok, refused, report
from tests.support import drop_guards

SQLITE = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture
def sqlite_run(db, cli_run):
    """`cli_run` on the `db` register; the tests that take it run on SQLite only (@SQLITE)."""
    return cli_run


def test_check_passes_on_a_whole_register(db, cli_run):
    report(cli_run)
    result = ok(cli_run("db", "check"))
    assert result.stdout.splitlines()[-1] == "db check: no problems found"
    assert "ok   audit                  " in result.stdout
    doc = js(cli_run("--json", "db", "check"))
    assert doc["ok"] is True and doc["findings"] == 0


@SQLITE
def test_check_exits_1_on_a_finding(db, sqlite_run, tmp_path):
    report(sqlite_run)
    db.dispose()
    with sqlite3.connect(db.sqlite_path) as conn:
        drop_guards(conn)
        conn.execute("UPDATE hazard_event SET actor = 'mallory' WHERE seq = 1 AND enterprise_id = 1")
    result = sqlite_run("db", "check")
    assert result.exit_code == 1
    assert "BAD  audit" in result.stdout
    assert result.stderr == "Error: db check found 1 problems (audit): see above\n"
    doc = json.loads(sqlite_run("--json", "db", "check").stdout)
    assert doc["ok"] is False and [c["check"] for c in doc["checks"] if not c["ok"]] == ["audit"]


@SQLITE
def test_backup_and_restore(db, sqlite_run, tmp_path):
    code = report(sqlite_run)
    backup = tmp_path / "backup.db"
    line = ok(sqlite_run("db", "backup", str(backup))).stdout
    assert line.startswith(f"backup written: {backup} (") and "sqlite3 backup API" in line
    refused(sqlite_run("db", "backup", str(backup)), 2)  # never overwrites
    refused(sqlite_run("db", "backup", db.sqlite_path), 2)  # nor the register
    report(sqlite_run, "备份之后的隐患")
    line = refused(sqlite_run("db", "restore", str(backup)), 1)
    assert "holds 1 event that backup" in line and "--force" in line
    result = ok(sqlite_run("db", "restore", str(backup), "--force"))
    assert "audit chain intact" in result.stdout and "the replaced register is kept at" in result.stdout
    rows = js(sqlite_run("--as", "wang", "--json", "hazard", "list"))
    assert [r["code"] for r in rows] == [code]
    ok(sqlite_run("db", "check"))


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgres"], indirect=True)
def test_restore_on_postgres_points_at_pg_restore(db, cli_run, tmp_path):
    backup = tmp_path / "x.dump"
    backup.write_bytes(b"PGDMP")
    assert "pg_restore" in refused(cli_run("db", "restore", str(backup)), 1)


@pytest.mark.parametrize("command", ["backup", "restore"])
def test_a_file_name_that_no_file_system_takes_is_bad_input(db, cli_run, command):
    for name in ("", " ", "a\x00b"):
        assert "give a file name" in bad_input(cli_run("db", command, name))


@SQLITE
def test_restoring_an_older_backup_says_to_run_init(db, sqlite_run, tmp_path):
    from dualprev.hazards import migrate
    from dualprev.hazards.db import close_db, open_db

    old_url = f"sqlite:///{tmp_path / 'old.db'}"
    old = open_db(old_url)
    old.create_file()
    previous = migrate.known_revisions()[-2]
    migrate.upgrade(old, previous)
    close_db(old_url)
    result = ok(sqlite_run("db", "restore", str(tmp_path / "old.db"), "--force"))
    assert result.stdout.strip().endswith(
        f"it is at revision {previous}: run `dualprev init` to upgrade it, then `dualprev audit verify`")
    refused(sqlite_run("--as", "admin", "hazard", "list"), 8)
    ok(sqlite_run("--as", "admin", "init"))
    ok(sqlite_run("audit", "verify"))


@SQLITE
def test_restore_into_a_read_only_register_is_refused(db, tmp_path):
    from click.testing import CliRunner

    from dualprev.cli import cli

    backup = tmp_path / "b.db"
    ok(CliRunner().invoke(cli, ["--db", f"sqlite:///{db.sqlite_path}", "db", "backup", str(backup)]))
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{db.sqlite_path}?mode=ro", "db", "restore",
                                      str(backup)])
    assert "read-only" in refused(result, 6)
