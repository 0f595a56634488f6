"""The inspection and risk registers' corrections (#12) through the use-cases, on SQLite and
PostgreSQL: a refused correction changes nothing (no row, no event); a dropped check item stays
in the tasks made before it was dropped and is in none made after; a retired point is no longer
loaded, listed or planned."""

from __future__ import annotations

import pytest

from dualprev.hazards import audit, config
from dualprev.hazards.errors import InvalidInput, NotFound, RuleViolation
from dualprev.hazards.queries import inspection as inspection_queries
from dualprev.hazards.queries import risk as risk_queries
from dualprev.hazards.services import inspection, risk
from dualprev.schedules import tick


def _events(db) -> int:
    with db.read() as tx:
        return tx.scalar("SELECT count(*) FROM hazard_event")


def _task_items(db, task_id: int) -> list[str]:
    return [i["text"] for i in inspection_queries.show_task(db, actor="wang", task_id=task_id)["items"]]


def test_a_dropped_item_stays_in_the_tasks_made_before(db, monkeypatch):
    cl = inspection.add_checklist(db, actor="wang", name="甲班日查", items=["消防通道", "气瓶固定"], org="甲班")
    inspection.add_plan(db, actor="wang", name="甲班日查", checklist=cl["id"], org="甲班", assignee="liu")
    tick.generate(db, now=config.now())
    monkeypatch.setenv("DUALPREV_NOW", "2026-11-24T06:00:00+00:00")
    n = _events(db)
    with pytest.raises(RuleViolation):
        inspection.edit_checklist(db, actor="wang", checklist_id=cl["id"], reason="r", drop=[1, 2])
    with pytest.raises(InvalidInput):
        inspection.edit_checklist(db, actor="wang", checklist_id=cl["id"], reason="r", drop=[3])
    assert _events(db) == n
    inspection.edit_checklist(db, actor="wang", checklist_id=cl["id"], reason="更正", drop=[2], add=["气瓶直立"])
    assert _events(db) == n + 1
    assert _task_items(db, 1) == ["消防通道", "气瓶固定"]
    monkeypatch.setenv("DUALPREV_NOW", "2026-11-25T02:00:00+00:00")
    tick.generate(db, now=config.now())
    assert _task_items(db, 2) == ["消防通道", "气瓶直立"]
    assert audit.verify(db)["ok"]


def test_plan_edit_refusals_change_nothing(db):
    cl = inspection.add_checklist(db, actor="wang", name="甲班日查", items=["消防通道"], org="甲班")
    p = inspection.add_plan(db, actor="wang", name="甲班日查", checklist=cl["id"], org="甲班")
    n = _events(db)
    for bad in ({"cadence_name": "fortnightly"}, {"grace": -1}, {"role": "nobody"}, {"shifts": "五班"}):
        with pytest.raises(InvalidInput):
            inspection.edit_plan(db, actor="wang", plan_id=p["id"], reason="r", **bad)
    with pytest.raises(RuleViolation):
        inspection.edit_plan(db, actor="wang", plan_id=p["id"], reason="r", name="甲班日查")
    assert _events(db) == n
    out = inspection.edit_plan(db, actor="wang", plan_id=p["id"], reason="改名", name="甲班每日检查", cron="0 8 * * *")
    assert (out["name"], out["cadence"], out["cron"]) == ("甲班每日检查", "cron", "0 8 * * *")


def test_a_retired_point_is_not_loaded_listed_or_planned(db):
    r = risk.add(db, actor="wang", name="二号泵房", org="甲班", ls="3,4")
    risk.add_measure(db, actor="wang", code=r["code"], type="管理", text="护栏完好")
    assert inspection.generate_plans(db, actor="wang")["plans"] >= 1
    with pytest.raises(InvalidInput):
        risk.retire(db, actor="wang", code=r["code"], reason="  ")
    out = risk.retire(db, actor="wang", code=r["code"], reason="装置已拆除")
    assert out["plans_retired"]
    assert list(risk_queries.iter_risks(db, actor="wang")) == []
    assert [x["code"] for x in risk_queries.iter_risks(db, actor="wang", retired=True)] == [r["code"]]
    with pytest.raises(NotFound):
        risk.add_measure(db, actor="wang", code=r["code"], type="管理", text="新措施")
    assert inspection.generate_plans(db, actor="wang") == {
        "checklists": 0, "items": 0, "plans": 0, "updated": 0, "paused": 0}
    assert audit.verify(db)["ok"]


def test_a_retired_measure_keeps_its_hazard(db):
    r = risk.add(db, actor="wang", name="液氨储罐区", org="生产一车间", lec="6,6,15")
    m = risk.add_measure(db, actor="wang", code=r["code"], type="工程技术", text="泄漏报警联锁")
    from dualprev.hazards.services import hazard as hazard_service

    h = hazard_service.report(db, actor="wang", title="报警器离线", org="生产一车间", level="general",
                              risk=r["code"], measure=m["id"])
    risk.retire_measure(db, actor="wang", code=r["code"], measure_id=m["id"], reason="已由联锁替代")
    assert risk_queries.show(db, actor="wang", code=r["code"])["measures"] == []
    with pytest.raises(RuleViolation):  # the point still has an open hazard
        risk.retire(db, actor="wang", code=r["code"], reason="拆除")
    assert [x["code"] for x in risk_queries.show(db, actor="wang", code=r["code"])["hazards"]["open"]] == [h["code"]]
    assert audit.verify(db)["ok"]
