"""Bounded ticks: more than catch_up_days of periods to generate is refused (nothing changes)
unless catch_up, which works through them tick_chunk_days at a time, committing each chunk; 漏检
is marked in batches. Within the bound, a tick is what it always was."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dualprev.hazards import config
from dualprev.hazards.errors import DomainError, InvalidInput
from dualprev.hazards.services import inspection as inspection_service
from dualprev.schedules import tick as tick_module
from tests.cli.helpers import ok, refused


@pytest.fixture
def daily(db):
    """A daily plan at 甲班 starting 2026-11-24 (the tests' today)."""
    c = inspection_service.add_checklist(db, actor="wang", name="甲班日查", items=["消防通道"], org="甲班")
    inspection_service.add_plan(db, actor="wang", name="日查", checklist=c["id"], org="甲班",
                                start=date(2026, 11, 24))
    return db


def later(days):
    return config.now() + timedelta(days=days)


def counts(db):
    with db.read() as tx:
        return (tx.scalar("SELECT count(*) FROM inspection_task"),
                tx.scalar("SELECT count(*) FROM hazard_event WHERE event = 'tasks_create'"),
                str(tx.scalar("SELECT next_start FROM inspection_plan"))[:10])


def test_more_than_the_span_is_refused_and_changes_nothing(daily):
    before = counts(daily)
    with pytest.raises(DomainError, match=r"tick would generate 402 days of tasks \(since 2026-11-24\), "
                                          r"more than catch_up_days = 400"):
        tick_module.tick(daily, now=later(401))
    assert counts(daily) == before == (0, 0, "2026-11-24")


def test_catch_up_works_through_in_committed_chunks(daily):
    seen = []
    r = tick_module.tick(daily, now=later(401), catch_up=True, on_progress=lambda d, t: seen.append((d, t)))
    assert r["created"] == 402 and r["missed"] == 401
    assert seen == [(min(31 * k, 402), 402) for k in range(1, 14)]
    tasks, creations, watermark = counts(daily)
    assert tasks == 402 and creations == 13  # one tasks_create event per committed chunk
    assert watermark == str(date(2026, 11, 24) + timedelta(days=402))
    again = tick_module.tick(daily, now=later(401))
    assert again["created"] == again["missed"] == 0


def test_within_the_span_no_flag_is_needed(daily):
    r = tick_module.tick(daily, now=later(40))
    assert r["created"] == 41 and r["missed"] == 40
    assert counts(daily)[1] == 2  # 41 days: two chunks


def test_missed_tasks_are_marked_in_batches(daily, monkeypatch):
    monkeypatch.setattr(tick_module, "MISS_BATCH", 7)
    r = tick_module.tick(daily, now=later(30))
    assert r["missed"] == 30
    with daily.read() as tx:
        assert tx.scalar("SELECT count(*) FROM inspection_task WHERE state = 'missed'") == 30
        assert tx.scalar("SELECT count(*) FROM hazard_event WHERE event = 'miss'") == 30


def test_cli_tick_refuses_then_catches_up(daily, cli_run, monkeypatch):
    monkeypatch.setenv("DUALPREV_NOW", later(500).isoformat())
    line = refused(cli_run("tick"), 1)
    assert line.startswith("Error: tick would generate 501 days of tasks") and "--catch-up" in line
    result = ok(cli_run("tick", "--catch-up"))
    assert result.stdout == "created 501, missed 500, escalated 0\n"
    assert result.stderr == ""  # no progress bar off a terminal
    ok(cli_run("db", "check"))


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_catch_up_shows_a_progress_bar_on_a_terminal(daily, db_url, tmp_path):
    import os
    import pty
    import subprocess
    import sys

    main, tty = pty.openpty()
    env = {**os.environ, "DUALPREV_DB": db_url, "DUALPREV_NOW": later(500).isoformat()}
    done = subprocess.run([sys.executable, "-m", "dualprev", "tick", "--catch-up"], env=env,
                          stdout=subprocess.PIPE, stderr=tty, timeout=120, check=False)
    os.close(tty)
    shown = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    assert done.returncode == 0 and done.stdout == b"created 501, missed 500, escalated 0\n"
    assert b"catching up (days)" in shown and b"100%" in shown


def test_the_rules_keep_the_chunk_and_the_span_in_range(tmp_path, monkeypatch):
    rules = tmp_path / "rules.toml"
    rules.write_text("[schedule]\ntick_chunk_days = 0\n", "utf-8")
    monkeypatch.setenv("DUALPREV_RULES", str(rules))
    config.rules.cache_clear()
    try:
        with pytest.raises(InvalidInput, match="schedule.tick_chunk_days = 0 is out of range: give 1 to 366"):
            config.rules()
    finally:
        monkeypatch.delenv("DUALPREV_RULES")
        config.rules.cache_clear()


def test_an_interrupted_catch_up_keeps_its_chunks_and_a_rerun_finishes(daily, monkeypatch):
    real, calls = tick_module.generate, []

    def dies_at_the_third(db, **kw):
        calls.append(kw["until"])
        if len(calls) == 3:
            raise RuntimeError("killed")
        return real(db, **kw)

    monkeypatch.setattr(tick_module, "generate", dies_at_the_third)
    with pytest.raises(RuntimeError):
        tick_module.tick(daily, now=later(100))
    assert counts(daily) == (62, 2, "2027-01-25")  # two whole chunks, their events, the watermark
    monkeypatch.setattr(tick_module, "generate", real)
    r = tick_module.tick(daily, now=later(100))
    assert r["created"] == 101 - 62 and counts(daily)[0] == 101
    from dualprev.hazards.queries import health

    assert health.check(daily, now=config.now())["ok"]
