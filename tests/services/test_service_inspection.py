"""Scheduled inspections through the use-cases, on SQLite and PostgreSQL: plans, tick (idempotent,
catching up, racing processes), recording and hazard creation, permissions, 补检, plan generate,
the daemon started and stopped."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from dualprev.hazards import audit, config
from dualprev.hazards.errors import InvalidInput, NotFound, PermissionDenied, RuleViolation
from dualprev.hazards.queries import inspection as inspection_queries
from dualprev.hazards.queries import risk as risk_queries
from dualprev.hazards.services import inspection as inspection_service
from dualprev.hazards.services import risk as risk_service
from dualprev.schedules.tick import tick
from tests.support import TICKER, race

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 24)  # conftest's DUALPREV_NOW, a Tuesday


def at(monkeypatch, instant: str) -> None:
    monkeypatch.setenv("DUALPREV_NOW", instant)


def checklist(db, org="甲班", items=("消防通道畅通", "气瓶固定")):
    return inspection_service.add_checklist(db, actor="wang", name=f"{org}日查", items=list(items), org=org)


def plan(db, **kw):
    args = {"actor": "wang", "name": "甲班日查", "checklist": checklist(db)["id"], "org": "甲班",
            "assignee": "liu"} | kw
    return inspection_service.add_plan(db, **args)


def tasks(db, state=None):
    with db.read() as tx:
        sql = "SELECT plan_id, period_start, state, late FROM inspection_task"
        rows = tx.run(sql + (" WHERE state = :s" if state else "") + " ORDER BY plan_id, period_start",
                      {"s": state}).all()
    return [(p, str(d), s, bool(late)) for p, d, s, late in rows]


def count(db, table, where="1 = 1"):
    with db.read() as tx:
        return tx.scalar(f"SELECT count(*) FROM {table} WHERE {where}")


def open_task(db, actor="liu"):
    return inspection_queries.due(db, actor=actor)[0]


# --- plans and defaults ------------------------------------------------------------------------

def test_default_cadence_follows_the_org_level(db):
    c = checklist(db, org="示范化工有限公司")["id"]
    assert inspection_service.add_plan(db, actor="wang", name="a", checklist=c, org="甲班")["cadence"] == "daily"
    assert inspection_service.add_plan(db, actor="wang", name="b", checklist=c, org="生产一车间")["cadence"] == "weekly"
    p = inspection_service.add_plan(db, actor="wang", name="c", checklist=c, org="示范化工有限公司")
    assert (p["cadence"], p["next_start"]) == ("monthly", "2026-11-01")
    assert inspection_service.add_plan(db, actor="wang", name="d", checklist=c, org="甲班",
                                        cadence_name="每周")["cadence"] == "weekly"


def test_bad_plans_are_refused_and_change_nothing(db):
    c = checklist(db)["id"]
    before = count(db, "hazard_event")
    for kw, error in [({"cron": "0 8 * *"}, InvalidInput), ({"cadence_name": "weekly", "workdays": True}, InvalidInput),
                      ({"cadence_name": "daily", "holiday_eve": True}, InvalidInput),
                      ({"assignee": "wu"}, InvalidInput),  # 乙班's owner does not cover 甲班
                      ({"checklist": 999}, NotFound), ({"actor": "li"}, PermissionDenied)]:
        with pytest.raises(error):
            inspection_service.add_plan(db, **({"actor": "wang", "name": "x", "checklist": c, "org": "甲班"} | kw))
    assert count(db, "inspection_plan") == 0 and count(db, "hazard_event") == before


# --- tick ----------------------------------------------------------------------------------------

def test_tick_creates_the_current_period_once(db):
    plan(db)
    assert tick(db) == {"created": 1, "missed": 0, "escalated": 0, "at": "2026-11-24T02:00:00+00:00"}
    assert tick(db)["created"] == 0
    assert tasks(db) == [(1, "2026-11-24", "open", False)]
    assert count(db, "hazard_event", "event = 'tasks_create'") == 1  # the no-op tick wrote nothing
    assert audit.verify(db)["ok"]


def test_catch_up_after_ten_days_of_downtime_creates_each_period_once(db, monkeypatch):
    plan(db, start=TODAY)
    weekly = plan(db, name="车间周查", org="生产一车间", assignee=None, cadence_name="weekly")
    tick(db)
    at(monkeypatch, "2026-12-04T09:00:00+08:00")  # ten days later
    r = tick(db)
    assert r["created"] == 10 + 1 and r["missed"] == 10 + 1  # days 25th-4th; week of 23 Nov ended
    daily = [t for t in tasks(db) if t[0] == 1]
    assert [t[1] for t in daily] == [str(TODAY + timedelta(days=n)) for n in range(11)]
    assert [t[2] for t in daily] == ["missed"] * 10 + ["open"]
    assert [t[1:3] for t in tasks(db) if t[0] == weekly["id"]] == [("2026-11-23", "missed"), ("2026-11-30", "open")]
    assert tick(db)["created"] == 0 and tick(db)["missed"] == 0
    assert audit.verify(db)["ok"]
    assert len(inspection_queries.missed(db, actor="wang")) == 11
    assert len(inspection_queries.missed(db, actor="wang", since=date(2026, 12, 1))) == 3


def test_a_future_start_and_a_paused_plan_make_no_tasks(db, monkeypatch):
    p = plan(db, start=TODAY + timedelta(days=2))
    assert tick(db)["created"] == 0
    inspection_service.set_paused(db, actor="wang", plan_id=p["id"], paused=True)
    at(monkeypatch, "2026-11-28T09:00:00+08:00")
    assert tick(db)["created"] == 0
    with pytest.raises(RuleViolation, match="already paused"):
        inspection_service.set_paused(db, actor="wang", plan_id=p["id"], paused=True)
    resumed = inspection_service.set_paused(db, actor="wang", plan_id=p["id"], paused=False)
    assert resumed["next_start"] == "2026-11-28"  # the paused days are not made up
    assert tick(db)["created"] == 1


def test_tick_follows_the_configured_time_zone(db, monkeypatch, tmp_path):
    plan(db)
    at(monkeypatch, "2026-11-24T17:30:00+00:00")  # already the 25th in Shanghai
    assert [t[1] for t in tasks(db)] == [] and tick(db)["created"] == 2
    rules = tmp_path / "rules.toml"
    rules.write_text('[site]\ntimezone = "UTC"\n', encoding="utf-8")
    monkeypatch.setenv("DUALPREV_RULES", str(rules))
    config.rules.cache_clear()
    try:
        other = plan(db, name="UTC", start=TODAY)
        tick(db)
        assert [t[1] for t in tasks(db) if t[0] == other["id"]] == ["2026-11-24"]
    finally:
        monkeypatch.delenv("DUALPREV_RULES")
        config.rules.cache_clear()


def test_holiday_eve_plans_follow_the_working_day_calendar(db, monkeypatch):
    plan(db, holiday_eve=True, start=date(2026, 9, 1))
    tick(db)
    assert [t[1] for t in tasks(db)] == ["2026-09-24", "2026-09-30"]
    at(monkeypatch, "2026-12-31T09:00:00+08:00")  # eve of 元旦 2027, a provisional year
    tick(db)
    assert tasks(db)[-1][1:3] == ("2026-12-31", "open")


def test_cron_plans_fire_on_cron_sundays(db, monkeypatch):
    plan(db, cron="0 8 * * 0")
    at(monkeypatch, "2026-12-07T09:00:00+08:00")
    tick(db)
    assert [t[1] for t in tasks(db)] == ["2026-11-29", "2026-12-06"]  # Sundays


def test_racing_ticks_in_several_processes_create_each_period_once(db, db_url, monkeypatch):
    for n in range(3):
        plan(db, name=f"p{n}", start=TODAY - timedelta(days=9))
    results = [json.loads(out) for out in race(TICKER, db_url, 4)]
    assert sum(r["created"] for r in results) == 30 and sum(r["missed"] for r in results) == 27
    assert count(db, "inspection_task") == 30
    with db.read() as tx:
        assert tx.scalar("SELECT count(*) FROM (SELECT DISTINCT plan_id, period_start FROM inspection_task) d") == 30
    assert count(db, "hazard_event", "event = 'miss'") == 27
    assert audit.verify(db)["ok"]


# --- recording -----------------------------------------------------------------------------------

def test_recording_every_item_completes_the_task(db):
    plan(db)
    tick(db)
    t = open_task(db)
    assert [(i["no"], i["text"], i["result"]) for i in t["items"]] == [(1, "消防通道畅通", None), (2, "气瓶固定", None)]
    half = inspection_service.record(db, actor="liu", task_id=t["id"], results={1: "ok"})
    assert half["state"] == "open"
    done = inspection_service.record(db, actor="liu", task_id=t["id"], results={2: "不适用"})
    assert (done["state"], done["late"], [i["result"] for i in done["items"]]) == ("done", False, ["ok", "na"])
    assert [e["event"] for e in done["history"]] == ["task_record", "task_record", "complete"]
    with pytest.raises(RuleViolation, match="cannot change"):
        inspection_service.record(db, actor="liu", task_id=t["id"], results={1: "fail"})
    assert inspection_queries.due(db, actor="liu") == []
    assert audit.verify(db)["ok"]


def test_a_failed_item_becomes_a_linked_hazard_in_the_same_transaction(db):
    r = risk_service.add(db, actor="wang", name="泵房", org="甲班", lec="3,6,7")
    m = risk_service.add_measure(db, actor="wang", code=r["code"], type="engineering", text="护栏完好")
    c = inspection_service.add_checklist(db, actor="wang", name="泵房", from_risks=[r["code"]])
    assert c["items"][0]["risk"] == r["code"] and c["items"][0]["measure_id"] == m["id"]
    inspection_service.add_plan(db, actor="wang", name="泵房日查", checklist=c["id"], org="甲班")
    tick(db)
    task = open_task(db, actor="li")
    before = (count(db, "hazard"), count(db, "hazard_event"))
    with pytest.raises(InvalidInput, match="items 1-1"):  # a bad second value: nothing is kept
        inspection_service.record(db, actor="li", task_id=task["id"], results={1: "fail", 2: "ok"})
    assert (count(db, "hazard"), count(db, "hazard_event"), count(db, "inspection_result")) == (*before, 0)
    out = inspection_service.record(db, actor="li", task_id=task["id"], results={1: "fail"},
                                     notes={1: "护栏松动"})
    code = out["hazards_created"][0]
    assert out["items"][0]["hazard"] == code and out["state"] == "done"
    with db.read() as tx:
        h = tx.one("SELECT title, description, state, source, finder, org_id, risk_id, measure_id, task_id,"
                   " item_id FROM hazard WHERE code = :c", {"c": code})
    assert (h["title"], h["description"], h["state"], h["source"], h["finder"]) == (
        "护栏松动", "护栏松动", "reported", "inspection", "li")  # titled from the finding (#12)
    assert (h["task_id"], h["measure_id"]) == (task["id"], m["id"]) and h["risk_id"] and h["item_id"]
    on_the_point = risk_queries.show(db, actor="wang", code=r["code"])["hazards"]["open"]
    assert [x["code"] for x in on_the_point] == [code]  # an ordinary hazard, linked to its risk point
    assert audit.verify(db)["ok"]


def test_fix_on_the_spot_goes_through_the_hazard_workflow(db):
    plan(db)
    tick(db)
    t = open_task(db)
    out = inspection_service.record(db, actor="liu", task_id=t["id"], results={1: "ok", 2: "fail"},
                                     fixes={2: "已重新固定"})
    with db.read() as tx:
        state, measures = tx.run("SELECT state, measures FROM hazard WHERE code = :c",
                                 {"c": out["hazards_created"][0]}).one()
    assert (state, measures) == ("verifying", "已重新固定")
    with pytest.raises(InvalidInput, match="must be recorded as fail"):
        inspection_service.record(db, actor="liu", task_id=t["id"], results={1: "ok"}, fixes={1: "x"})


def test_who_may_record(db):
    plan(db, assignee=None)
    plan(db, name="指定", assignee="liu", role="supervisor")
    tick(db)
    first, second = [t["id"] for t in inspection_queries.due(db, actor="wang")]
    with pytest.raises(NotFound):  # 生产二车间's inspector does not see 甲班
        inspection_service.record(db, actor="zhou", task_id=first, results={1: "ok"})
    with pytest.raises(PermissionDenied, match="inspector"):
        inspection_service.record(db, actor="liu", task_id=first, results={1: "ok"})  # not the inspector
    with pytest.raises(PermissionDenied):
        inspection_service.record(db, actor="li", task_id=second, results={1: "ok"})  # neither assignee nor role
    assert inspection_service.record(db, actor="li", task_id=first, results={1: "ok"})["state"] == "open"
    assert inspection_service.record(db, actor="zhao", task_id=second, results={1: "ok"})["state"] == "open"
    assert [t["id"] for t in inspection_queries.due(db, actor="liu", mine=True)] == [second]
    assert [t["id"] for t in inspection_queries.due(db, actor="li", mine=True)] == [first]


def test_a_late_record_is_a_flagged_bukjian_and_the_task_stays_missed(db, monkeypatch):
    plan(db)
    tick(db)
    task = open_task(db)["id"]
    at(monkeypatch, "2026-11-26T09:00:00+08:00")
    assert tick(db)["missed"] == 2  # the 24th and the 25th
    late = inspection_service.record(db, actor="liu", task_id=task, results={1: "ok", 2: "ok"})
    assert (late["state"], late["late"], late["due_at"]) == ("missed", True, "2026-11-24T16:00:00+00:00")
    assert all(i["late"] for i in late["items"])
    report = inspection_queries.completion(db, actor="wang")["rows"][0]
    assert (report["due"], report["done"], report["done_late"], report["missed"], report["open"]) == (2, 0, 1, 1, 1)
    assert report["rate"] == "0.0%"
    at(monkeypatch, "2026-12-03T09:00:00+08:00")  # past the 7-day window for the 25th
    tick(db)
    other = [t for t in inspection_queries.missed(db, actor="wang") if t["period_start"] == "2026-11-25"][0]
    with pytest.raises(RuleViolation, match="补检 window"):
        inspection_service.record(db, actor="liu", task_id=other["id"], results={1: "ok"})


# --- plan generate ------------------------------------------------------------------------------

# (plan generate: tests/services/test_service_plan_generate.py)


# --- the daemon ---------------------------------------------------------------------------------

def test_the_daemon_ticks_and_stops_cleanly_on_sigterm(db, db_url):
    plan(db)
    exe = Path(sys.executable).with_name("dualprev")
    proc = subprocess.Popen([str(exe), "--db", db_url, "scheduler", "run", "--interval", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        deadline = time.monotonic() + 60
        while count(db, "inspection_task") == 0 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert count(db, "inspection_task") == 1
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "scheduler started" in err and "created 1" in err and "SIGTERM" in err
    assert err.rstrip().endswith("scheduler stopped") and "Traceback" not in err
    assert count(db, "inspection_task") == 1  # later ticks found nothing more to do


@pytest.mark.usefixtures("unpartitioned")
def test_migration_0004_goes_down_and_up_again_keeping_the_hazards(db):
    from dualprev.hazards.migrate import downgrade, upgrade
    from tests.migrations.test_migrations import drift

    plan(db)
    tick(db)
    inspection_service.record(db, actor="liu", task_id=1, results={1: "fail", 2: "ok"})
    assert downgrade(db, "0003") == "0003"
    assert count(db, "hazard") == 1
    assert upgrade(db, "0004") == "0004"
    assert upgrade(db) >= "0004" and drift(db) == []
    assert count(db, "hazard") == 1 and count(db, "inspection_task") == 0
