"""The replay: every hazard, 挂牌督办, task and risk point is rebuilt from its events; a register
worked through every use-case replays clean, and a row of each kind changed outside the program is
named. Old registers (events before the replay, bulk task creation) still verify."""

from __future__ import annotations

import json
from datetime import date

import pytest

from dualprev.hazards import audit, seed
from dualprev.hazards.services import inspection as inspection_service
from dualprev.hazards.services import risk as risk_service
from dualprev.hazards.services import supervision as supervision_service
from dualprev.schedules.tick import tick
from tests.support import NOW, attacker, major, rechain


@pytest.fixture
def worked(db, monkeypatch):
    """Hazards through their whole life, 挂牌督办 raised and written off, an extension asked,
    granted and denied, risk points graded and re-graded, inspection tasks done, failed and missed."""
    code = major(db)
    supervision_service.add(db, actor="zhao", code=code, level="county", deadline=date(2027, 1, 31),
                            reason="县局挂牌", authority="某县应急管理局", doc_no="应急〔2026〕1号")
    supervision_service.request_writeoff(db, actor="chen", code=code, note="完成")
    supervision_service.approve(db, actor="zhao", code=code, authority="某县应急管理局", doc_no="应急〔2026〕2号")
    from dualprev.hazards.services import hazard as hazard_service

    hazard_service.verify(db, actor="li", code=code, passed=True)
    other = hazard_service.report(db, actor="wang", title="护栏缺失", org="生产一车间")["code"]
    hazard_service.assign(db, actor="wang", code=other, owner="chen", deadline=date(2026, 12, 1), measures="m")
    supervision_service.extend_request(db, actor="chen", code=other, deadline=date(2026, 12, 10), reason="等料")
    supervision_service.extend_decide(db, actor="zhao", code=other, approve=True)
    supervision_service.extend_request(db, actor="chen", code=other, deadline=date(2026, 12, 20), reason="再等")
    supervision_service.extend_decide(db, actor="zhao", code=other, approve=False, note="不批")
    capped = hazard_service.report(db, actor="wang", title="配电柜门未关", org="生产一车间")["code"]
    hazard_service.assign(db, actor="wang", code=capped, owner="chen", deadline=date(2026, 12, 20), measures="m")
    supervision_service.add(db, actor="zhao", code=capped, level="county", deadline=date(2026, 12, 5),
                            reason="县局挂牌", authority="某县应急管理局", doc_no="应急〔2026〕3号")  # caps 12-20
    supervision_service.extend_request(db, actor="chen", code=capped, deadline=date(2026, 12, 15), reason="等件")
    supervision_service.extend_decide(db, actor="zhao", code=capped, approve=True, authority="某县应急管理局",
                                      doc_no="应急〔2026〕4号")  # the regulator's decision moves the listing too
    risk = risk_service.add(db, actor="wang", name="液氨储罐区", org="生产一车间", lec="6,6,15",
                            sources=["泄漏"])["code"]
    risk_service.assess(db, actor="wang", code=risk, lec="3,6,7", reason="加装报警", control_level="workshop")
    c = inspection_service.add_checklist(db, actor="wang", name="甲班日查", items=["通道", "气瓶"], org="甲班")
    inspection_service.add_plan(db, actor="wang", name="甲班日查", checklist=c["id"], org="甲班", assignee="liu")
    tick(db)
    with db.read() as tx:
        task = tx.scalar("SELECT id FROM inspection_task ORDER BY id LIMIT 1")
    inspection_service.record(db, actor="liu", task_id=task, results={1: "ok", 2: "fail"})
    monkeypatch.setenv("DUALPREV_NOW", "2026-11-27T10:00:00+08:00")
    tick(db)  # two more days of tasks, one missed
    return db, {"major": code, "other": other, "risk": risk, "task": task}


def test_a_worked_register_replays_clean(worked):
    db, _ = worked
    result = audit.verify(db)
    assert result["ok"], result["message"]
    with db.read() as tx:
        assert tx.scalar("SELECT count(*) FROM supervision WHERE deadline = :d",
                         {"d": tx.day(date(2026, 12, 15))}) == 1  # moved by the regulator's decision
        rows = sum(tx.scalar(f"SELECT count(*) FROM {t}") for t in ("hazard", "supervision", "risk_point"))
        assert tx.scalar("SELECT count(*) FROM inspection_task WHERE state = 'missed'") >= 1
    assert result["replayed"] >= rows


def test_the_demo_register_replays_clean(db):
    seed.demo(db, admin="admin")
    assert audit.verify(db)["ok"]


CHANGES = [  # table, column, value written outside the program, words of the one-line message
    ("supervision", "state", "listed", ["supervision", "state is 'listed'", "'written_off'"]),
    ("supervision", "level", "province", ["supervision", "level is 'province'"]),
    ("risk_point", "grade", "low", ["risk FX-000001", "grade is 'low'"]),
    ("risk_point", "responsible", "zhao", ["risk FX-000001", "responsible is 'zhao'"]),
    ("inspection_task", "state", "done", ["task", "state is 'done'"]),
    ("hazard", "owner", "sun", ["owner is 'sun'", "'chen'"]),
    ("hazard", "level", "general", ["level is 'general'", "'major'"]),
]


def test_a_row_changed_outside_the_program_is_named(worked):
    db, _ = worked
    for table, column, value, words in CHANGES:
        with attacker(db) as tx:
            which = "state = 'missed'" if table == "inspection_task" else "1 = 1"
            row = tx.one(f"SELECT id, {column} FROM {table} WHERE {which} ORDER BY id LIMIT 1")
            tx.run(f"UPDATE {table} SET {column} = :v WHERE id = :id", {"v": value, "id": row["id"]})
        result = audit.verify(db)
        assert not result["ok"] and result["kind"] == "replay", (table, column)
        assert all(w in result["message"] for w in words), result["message"]
        with attacker(db) as tx:
            tx.run(f"UPDATE {table} SET {column} = :v WHERE id = :id", {"v": row[column], "id": row["id"]})
        assert audit.verify(db)["ok"]


def test_a_task_made_by_tick_and_then_deleted_is_named(worked):
    db, names = worked
    with attacker(db) as tx:
        tx.run("DELETE FROM inspection_result WHERE task_id = :t", {"t": names["task"]})
        tx.run("UPDATE hazard SET task_id = NULL, item_id = NULL")
        tx.run("DELETE FROM inspection_task WHERE id = :t", {"t": names["task"]})
    result = audit.verify(db)
    assert f"task {names['task']}" in result["message"] and "deleted" in result["message"]


def test_a_task_row_added_outside_tick_is_named(worked):
    """Even with the created_at of a real tick: the tick's event names the ids it made."""
    db, _ = worked
    with attacker(db) as tx:
        tx.run("INSERT INTO inspection_task (uuid, enterprise_id, plan_id, org_id, period_start, period_end,"
               " starts_at, ends_at, due_at, state, late, version, created_at) SELECT 'u-t', enterprise_id,"
               " plan_id, org_id, :d, :d, :start, :start, due_at, 'open', late, 1, :at"
               " FROM inspection_task LIMIT 1",
               {"d": tx.day(date(2027, 1, 1)), "start": tx.ts(NOW.replace(year=2027)), "at": tx.ts(NOW)})
    assert "has no event" in audit.verify(db)["message"]


def test_tasks_made_by_an_old_tick_replay_by_their_creation_instant(worked):
    """Before tasks_create named its ids, the tasks born with it are those created at its instant."""
    db, _ = worked
    with attacker(db) as tx:
        for e in tx.run("SELECT id, data FROM hazard_event WHERE event = 'tasks_create'").mappings().all():
            data = json.loads(e["data"])
            del data["ids"]
            tx.run("UPDATE hazard_event SET data = :d WHERE id = :id", {"d": audit.canonical(data), "id": e["id"]})
        from dualprev.hazards.db import as_instant

        for (ent,) in tx.run("SELECT enterprise_id FROM audit_head").all():
            rechain(tx, ent, audit.digest, as_instant)
    assert audit.verify(db)["ok"]
    with attacker(db) as tx:
        tx.run("UPDATE inspection_task SET created_at = :at WHERE id = (SELECT max(id) FROM inspection_task)",
               {"at": tx.ts(NOW.replace(hour=11))})
    assert "has no event" in audit.verify(db)["message"]


def test_events_written_before_os_user_still_verify(worked):
    """A register upgraded from 0005: its events have no os_user and hash without it."""
    db, _ = worked
    with attacker(db) as tx:
        tx.run("UPDATE hazard_event SET os_user = NULL")
        from dualprev.hazards.db import as_instant

        for (ent,) in tx.run("SELECT enterprise_id FROM audit_head").all():
            rechain(tx, ent, audit.digest, as_instant)
    assert audit.verify(db)["ok"]
