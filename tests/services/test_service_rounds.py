"""Rounds and shifts through the use-cases, on SQLite and PostgreSQL: every-N-hours and shift plans
make one task per window with its start and end, 漏检 at the window's end plus the grace, 补检 as for
daily tasks, a sub-daily cron whose tasks never end before they start, tick idempotent and catching
up across racing processes, and old registers upgraded with their tasks' instants."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from dualprev.hazards import audit
from dualprev.hazards.db import as_instant
from dualprev.hazards.errors import InvalidInput, RuleViolation
from dualprev.hazards.queries import inspection as inspection_queries
from dualprev.hazards.services import inspection as inspection_service
from dualprev.schedules.tick import tick
from tests.support import TICKER, race

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(monkeypatch, instant: str) -> None:
    monkeypatch.setenv("DUALPREV_NOW", instant)


def round_plan(db, **kw):
    c = inspection_service.add_checklist(db, actor="wang", name="罐区巡检", items=["液位正常", "无泄漏"],
                                         org="甲班")
    args = {"actor": "wang", "name": "罐区巡检", "checklist": c["id"], "org": "甲班", "assignee": "liu"} | kw
    return inspection_service.add_plan(db, **args)


def windows(db, plan_id=None):
    """(local start, local end, state, late) of every task, in order."""
    with db.read() as tx:
        rows = tx.run("SELECT starts_at, ends_at, due_at, state, late FROM inspection_task"
                      + (" WHERE plan_id = :p" if plan_id else "") + " ORDER BY plan_id, starts_at",
                      {"p": plan_id}).all()
    fmt = "%m-%d %H:%M"
    return [(as_instant(s).astimezone(SHANGHAI).strftime(fmt), as_instant(e).astimezone(SHANGHAI).strftime(fmt),
             state, bool(late)) for s, e, _d, state, late in rows]


def test_a_two_hour_plan_makes_each_round_once_and_misses_it_at_its_end(db, monkeypatch):
    at(monkeypatch, "2026-11-24T00:00:00+08:00")
    p = round_plan(db, cadence_name="2h", start=date(2026, 11, 24))
    assert (p["cadence"], p["hours"], p["every"]) == ("hours", 2, "2h")
    at(monkeypatch, "2026-11-24T00:30:00+08:00")
    assert tick(db)["created"] == 12
    assert tick(db)["created"] == 0  # idempotent
    got = windows(db)
    assert got[0] == ("11-24 00:00", "11-24 02:00", "open", False) and got[-1][:2] == ("11-24 22:00", "11-25 00:00")
    assert [t["starts_at"] for t in inspection_queries.due(db, actor="liu")] == ["2026-11-23T16:00:00+00:00"]
    at(monkeypatch, "2026-11-24T02:00:00+08:00")  # the first round's end, grace 0: 漏检
    assert tick(db)["missed"] == 1
    assert [w[2] for w in windows(db)][:3] == ["missed", "open", "open"]


def test_the_grace_moves_the_miss_past_the_windows_end(db, monkeypatch):
    at(monkeypatch, "2026-11-24T00:00:00+08:00")
    round_plan(db, cadence_name="4h", grace=1, start=date(2026, 11, 24))
    tick(db)
    at(monkeypatch, "2026-11-24T04:59:00+08:00")
    assert tick(db)["missed"] == 0
    at(monkeypatch, "2026-11-24T05:00:00+08:00")
    assert tick(db)["missed"] == 1


def test_shift_patterns_make_a_task_per_shift_and_the_night_shift_ends_the_next_morning(db, monkeypatch):
    at(monkeypatch, "2026-11-24T00:00:00+08:00")
    three = round_plan(db, cadence_name="shift", start=date(2026, 11, 24))  # default 三班
    two = round_plan(db, name="两班巡检", shifts="两班", start=date(2026, 11, 24))
    assert (three["cadence"], three["shifts"], two["shifts"]) == ("shift", "三班", "两班")
    tick(db)
    assert [w[:2] for w in windows(db, three["id"])] == [
        ("11-24 00:00", "11-24 08:00"), ("11-24 08:00", "11-24 16:00"), ("11-24 16:00", "11-25 00:00")]
    assert [w[:2] for w in windows(db, two["id"])] == [("11-24 08:00", "11-24 20:00"),
                                                       ("11-24 20:00", "11-25 08:00")]
    night = inspection_queries.show_plan(db, actor="wang", plan_id=two["id"])["tasks"][0]
    assert (night["period_start"], night["period_end"]) == ("2026-11-24", "2026-11-25")


def test_bad_round_plans_are_refused(db):
    for kw, message in ((dict(cadence_name="5h"), "divide 24"), (dict(shifts="四班"), "四班"),
                        (dict(cadence_name="weekly", shifts="三班"), "--shifts goes with"),
                        (dict(cadence_name="2h", workdays=True), "--workdays"),
                        (dict(cadence_name="hours"), "give the hours")):
        with pytest.raises(InvalidInput, match=message):
            round_plan(db, **kw)
    with db.read() as tx:
        assert tx.scalar("SELECT count(*) FROM inspection_plan") == 0


def test_rounds_that_ended_before_the_plan_was_added_are_not_made(db):
    round_plan(db, cadence_name="2h")  # added at 10:00 (conftest's clock)
    tick(db)
    got = windows(db)
    assert got[0][:2] == ("11-24 10:00", "11-24 12:00") and len(got) == 7
    assert tick(db)["missed"] == 0


def test_a_sub_daily_cron_never_ends_before_it_starts(db, monkeypatch):
    """Issue 14: `--cron "0 */2 * * *"` made a task ending the day before it started, missed at 00:00."""
    at(monkeypatch, "2026-11-23T23:00:00+08:00")
    round_plan(db, cron="0 */2 * * *", start=date(2026, 11, 24))
    at(monkeypatch, "2026-11-24T00:10:00+08:00")
    assert tick(db) == {"created": 12, "missed": 0, "escalated": 0, "at": "2026-11-23T16:10:00+00:00"}
    at(monkeypatch, "2026-11-25T00:10:00+08:00")
    result = tick(db)
    assert (result["created"], result["missed"]) == (12, 12)
    with db.read() as tx:
        rows = tx.run("SELECT starts_at, ends_at, due_at, period_start, period_end FROM inspection_task").all()
    assert len(rows) == 24
    assert all(as_instant(s) < as_instant(e) <= as_instant(d) and ps <= pe for s, e, d, ps, pe in rows)
    assert windows(db)[12][:3] == ("11-25 00:00", "11-25 02:00", "open")


def test_a_missed_round_takes_a_late_record_within_the_window_and_stays_missed(db, monkeypatch):
    at(monkeypatch, "2026-11-24T00:00:00+08:00")
    round_plan(db, cadence_name="8h", start=date(2026, 11, 24))
    tick(db)
    with pytest.raises(RuleViolation, match="once its window has started"):
        inspection_service.record(db, actor="liu", task_id=2, results={1: "ok", 2: "ok"})
    at(monkeypatch, "2026-11-24T09:00:00+08:00")
    tick(db)
    late = inspection_service.record(db, actor="liu", task_id=1, results={1: "ok", 2: "ok"})
    assert (late["state"], late["late"]) == ("missed", True)
    at(monkeypatch, "2026-12-02T08:00:00+08:00")  # the 补检 window (7 days) of the 08:00-16:00 round closed
    tick(db)
    with pytest.raises(RuleViolation, match="补检 window"):
        inspection_service.record(db, actor="liu", task_id=2, results={1: "ok"})
    assert audit.verify(db)["ok"]


def test_catching_up_three_days_of_rounds_makes_each_window_once(db, monkeypatch):
    at(monkeypatch, "2026-11-20T23:00:00+08:00")
    round_plan(db, cadence_name="6h", start=date(2026, 11, 21))
    at(monkeypatch, "2026-11-23T12:00:00+08:00")
    result = tick(db)
    assert (result["created"], result["missed"]) == (12, 10)
    assert tick(db)["created"] == 0


def test_racing_ticks_in_several_processes_make_each_round_once(db, db_url, monkeypatch):
    at(monkeypatch, "2026-11-20T23:00:00+08:00")
    for n, kw in enumerate((dict(cadence_name="2h"), dict(shifts="三班"), dict(cron="0 */4 * * *"))):
        round_plan(db, name=f"p{n}", start=date(2026, 11, 21), **kw)
    at(monkeypatch, "2026-11-22T10:00:00+08:00")
    results = [json.loads(out) for out in race(TICKER, db_url, 3)]
    per_day = 12 + 3 + 6
    assert sum(r["created"] for r in results) == 2 * per_day
    with db.read() as tx:
        assert tx.scalar("SELECT count(*) FROM inspection_task") == 2 * per_day
        assert tx.scalar("SELECT count(*) FROM (SELECT DISTINCT plan_id, starts_at FROM inspection_task) d") \
            == 2 * per_day
    assert sum(r["missed"] for r in results) == per_day + 5 + 1 + 2  # yesterday's, and today's before 10:00
    assert audit.verify(db)["ok"]


@pytest.mark.usefixtures("unpartitioned")
def test_an_old_register_upgrades_with_its_tasks_instants(db):
    from dualprev.hazards.migrate import downgrade, upgrade

    c = inspection_service.add_checklist(db, actor="wang", name="日查", items=["a"], org="甲班")
    inspection_service.add_plan(db, actor="wang", name="日查", checklist=c["id"], org="甲班",
                                start=date(2026, 11, 20))
    inspection_service.add_plan(db, actor="wang", name="周查", checklist=c["id"], org="甲班",
                                cadence_name="weekly", start=date(2026, 11, 20))
    tick(db)
    with db.read() as tx:
        before = tx.run("SELECT id, plan_id, period_start, period_end, due_at, state FROM inspection_task"
                        " ORDER BY id").all()
    assert downgrade(db, "0006") == "0006"
    assert upgrade(db) >= "0007"
    with db.read() as tx:
        after = tx.run("SELECT id, plan_id, period_start, period_end, due_at, state, starts_at, ends_at"
                       " FROM inspection_task ORDER BY id").all()
    assert [tuple(r[:6]) for r in after] == [tuple(r) for r in before] and len(after) == 7
    for _id, _p, start, end, due, _s, starts, ends in after:
        start, end = (d if isinstance(d, date) else date.fromisoformat(d) for d in (start, end))
        assert as_instant(starts) == datetime.combine(start, datetime.min.time(), SHANGHAI)
        assert as_instant(ends) == datetime.combine(end + timedelta(days=1), datetime.min.time(), SHANGHAI)
        assert as_instant(ends) == as_instant(due)
    assert tick(db)["created"] == 0  # the upgraded tasks still hold their periods
