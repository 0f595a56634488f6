"""PostgreSQL: every statement runs under the rules file's lock and statement timeouts, so a
session holding ACCESS EXCLUSIVE (a migration, a VACUUM FULL, someone in psql) makes a command
stop with one "busy, try again" line and exit 4 instead of waiting without limit."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import create_engine, text

from dualprev.hazards import config
from dualprev.hazards.errors import Busy
from tests.cli.helpers import ok, refused, report

pytestmark = [pytest.mark.postgres, pytest.mark.parametrize("db_url", ["postgres"], indirect=True)]


@pytest.fixture
def pg(db, tmp_path, monkeypatch):
    rules = tmp_path / "rules.toml"
    rules.write_text("[database]\nlock_timeout_seconds = 1\nstatement_timeout_seconds = 2\n", "utf-8")
    monkeypatch.setenv("DUALPREV_RULES", str(rules))
    config.rules.cache_clear()
    db.dispose()  # sessions opened from now on get the test's timeouts
    yield db
    monkeypatch.delenv("DUALPREV_RULES")
    config.rules.cache_clear()


def test_a_lock_held_elsewhere_is_busy_exit_4(pg, cli_run):
    holder = create_engine(pg.url)
    with holder.connect() as conn:
        conn.execute(text("BEGIN"))
        conn.execute(text("LOCK TABLE hazard IN ACCESS EXCLUSIVE MODE"))
        started = time.monotonic()
        line = refused(cli_run("--as", "wang", "hazard", "list"), 4)
        assert line == ("Error: the database is busy: another session held a lock longer than the lock "
                        "timeout of the rules file ([database] lock_timeout_seconds). Try again in a moment")
        refused(cli_run("--as", "wang", "hazard", "report", "--title", "锁住时上报", "--org", "生产一车间"), 4)
        assert time.monotonic() - started < 8
        conn.execute(text("ROLLBACK"))
    holder.dispose()
    report(cli_run, "锁释放后上报")
    assert len(ok(cli_run("--as", "wang", "--json", "hazard", "list")).stdout) > 2


def test_a_statement_past_its_timeout_is_busy(pg):
    with pytest.raises(Busy, match="statement_timeout_seconds"), pg.read() as tx:
        tx.scalar("SELECT pg_sleep(5)")


def test_bulk_work_gets_the_bulk_timeouts(pg):
    with pg.read() as tx:
        assert (tx.scalar("SHOW lock_timeout"), tx.scalar("SHOW statement_timeout")) == ("1s", "2s")
    pg.use_bulk_timeouts()
    with pg.read() as tx:
        assert (tx.scalar("SHOW lock_timeout"), tx.scalar("SHOW statement_timeout")) == ("1min", "0")


def test_init_under_a_lock_is_busy_too(pg, cli_run, tmp_path, monkeypatch):
    rules = tmp_path / "rules.toml"
    rules.write_text("[database]\nbulk_lock_timeout_seconds = 1\n", "utf-8")
    monkeypatch.setenv("DUALPREV_RULES", str(rules))
    config.rules.cache_clear()
    pg.dispose()
    holder = create_engine(pg.url)
    with holder.connect() as conn:
        conn.execute(text("BEGIN"))
        conn.execute(text("LOCK TABLE alembic_version IN ACCESS EXCLUSIVE MODE"))
        line = refused(cli_run("--as", "admin", "init"), 4)
        assert "lock_timeout_seconds" in line
        conn.execute(text("ROLLBACK"))
    holder.dispose()
    ok(cli_run("--as", "admin", "init"))
