"""`plan generate` through the use-cases, on SQLite and PostgreSQL: checks follow the grade at every
control level (安全生产法 Art 41¶1 安全风险分级管控; 16号令 Art 8 排查治理 at every level, from the
主要负责人 down to each 从业人员): one plan per (point, level) with the point's measures as items,
assigned to the level's unit and role; re-running updates rather than duplicates; a re-grade re-plans."""

from __future__ import annotations

import json

import pytest

from dualprev.hazards import audit, config
from dualprev.hazards.errors import PermissionDenied
from dualprev.hazards.queries import inspection as inspection_queries
from dualprev.hazards.services import inspection as inspection_service
from dualprev.hazards.services import risk as risk_service
from dualprev.schedules import cadence
from dualprev.schedules.tick import tick
from tests.support import count

SHIFTS = cadence.shift_table(config.rules()["schedule"]["shifts"])


def point(db, name, lec, org="甲班", measures=("检查报警器是否完好",)):
    p = risk_service.add(db, actor="wang", name=name, org=org, lec=lec)
    for text in measures:
        risk_service.add_measure(db, actor="wang", code=p["code"], type="engineering", text=text)
    return p["code"]


def plans_of(db, code):
    """{level: (org, cadence, every, role, paused, items)} of the point's generated plans."""
    levels = {"公司级": "company", "车间级": "workshop", "班组级": "team", "岗位级": "post"}
    out = {}
    for p in inspection_queries.list_plans(db, actor="wang"):
        if p["name"].startswith(code + " "):
            level = levels[p["name"].split()[-1].removesuffix("排查")]
            out[level] = (p["org"], p["cadence"], p["every"], p["role"], p["paused"], p["items"])
    return out


def hours(plan) -> float:
    _org, name, every, *_ = plan
    spec = cadence.Spec(name, hours=int(every[:-1]) if name == "hours" else None,
                        shifts=every if name == "shift" else None)
    return cadence.window_hours(spec, SHIFTS)


def test_a_red_point_is_checked_at_every_level_and_a_blue_one_at_its_post(db):
    """The issue's finding: FX-000001 (重大) got one 公司级 monthly plan while 低 points were checked
    daily. Now each level that controls it checks it, each at its own unit and role."""
    red = point(db, "液氨储罐区", "6,6,15", measures=("检查报警器是否完好", "每班巡检储罐液位"))
    blue = point(db, "泵房", "1,6,7", measures=("护栏完好",))
    risk_service.add_measure(db, actor="wang", code=red, type="ppe", text="监测", control="monitoring")
    assert inspection_service.generate_plans(db, actor="wang") == {
        "checklists": 6, "items": 10, "plans": 6, "updated": 0, "paused": 0}
    assert plans_of(db, red) == {
        "company": ("示范化工有限公司", "monthly", None, "inspector", False, 2),
        "workshop": ("生产一车间", "weekly", None, "inspector", False, 2),
        "team": ("甲班", "daily", None, "inspector", False, 2),
        "post": ("甲班", "shift", "三班", "worker", False, 2)}  # monitoring is not inspected
    assert plans_of(db, blue) == {"team": ("甲班", "daily", None, "inspector", False, 1),
                                  "post": ("甲班", "daily", None, "worker", False, 1)}
    assert tick(db)["created"] > 0


def test_a_major_point_is_never_checked_less_often_than_a_low_one(db):
    """安全生产法 Art 41¶1: controls according to the risk level, through the real plans."""
    codes = {g: point(db, f"点{g}", lec) for g, lec in (("major", "6,6,15"), ("considerable", "6,6,7"),
                                                       ("general", "3,6,7"), ("low", "1,6,7"))}
    inspection_service.generate_plans(db, actor="wang")
    ordered = [plans_of(db, codes[g]) for g in ("low", "general", "considerable", "major")]
    for lower, higher in zip(ordered, ordered[1:]):
        for level, plan in lower.items():
            assert level in higher and hours(higher[level]) <= hours(plan), (level, lower, higher)


def test_rerunning_updates_rather_than_duplicates(db):
    code = point(db, "液氨储罐区", "6,6,15")
    inspection_service.generate_plans(db, actor="wang")
    events = count(db, "hazard_event")
    assert inspection_service.generate_plans(db, actor="wang") == {
        "checklists": 0, "items": 0, "plans": 0, "updated": 0, "paused": 0}
    assert count(db, "hazard_event") == events
    risk_service.add_measure(db, actor="wang", code=code, type="training", text="班前教育")
    assert inspection_service.generate_plans(db, actor="wang")["items"] == 4  # once per level's checklist
    assert count(db, "inspection_plan") == 4 and count(db, "checklist") == 4
    with pytest.raises(PermissionDenied):
        inspection_service.generate_plans(db, actor="li")


def test_a_re_grade_re_plans_the_point(db):
    code = point(db, "泵房", "1,6,7")
    inspection_service.generate_plans(db, actor="wang")
    assert set(plans_of(db, code)) == {"team", "post"}
    risk_service.assess(db, actor="wang", code=code, lec="6,6,15")  # 低 → 重大
    up = plans_of(db, code)
    assert {lv: (p[1], p[2]) for lv, p in up.items()} == {
        "company": ("monthly", None), "workshop": ("weekly", None), "team": ("daily", None),
        "post": ("shift", "三班")}
    with db.read() as tx:
        post = tx.one("SELECT next_start FROM inspection_plan WHERE source_key LIKE :k", {"k": "%:post"})
        event = tx.one("SELECT data FROM hazard_event WHERE event = 'plans_replan'")
    assert str(post["next_start"]) == "2026-11-25"  # the new cadence from tomorrow
    data = json.loads(event["data"]) if isinstance(event["data"], str) else event["data"]
    assert (data["from_grade"], data["grade"], data["plans"]) == ("low", "major", 2)
    risk_service.assess(db, actor="wang", code=code, lec="1,6,7")  # back to 低
    down = plans_of(db, code)
    assert [lv for lv, p in down.items() if p[4]] == ["company", "workshop"]  # paused, not deleted
    assert (down["post"][1], down["team"][4]) == ("daily", False)
    risk_service.assess(db, actor="wang", code=code, lec="6,6,15")
    assert not any(p[4] for p in plans_of(db, code).values())  # resumed
    assert audit.verify(db)["ok"]


def test_a_point_not_planned_yet_waits_for_plan_generate(db):
    code = point(db, "泵房", "1,6,7")
    risk_service.assess(db, actor="wang", code=code, lec="6,6,15")
    assert count(db, "inspection_plan") == 0


def test_the_older_grouped_plans_are_paused_when_the_points_plans_replace_them(db):
    point(db, "泵房", "1,6,7")
    with db.write() as tx:
        tx.run("UPDATE inspection_plan SET source_key = NULL")
    c = inspection_service.add_checklist(db, actor="wang", name="旧", items=["a"], org="甲班")
    old = inspection_service.add_plan(db, actor="wang", name="旧", checklist=c["id"], org="甲班")
    with db.write() as tx:
        tx.run("UPDATE inspection_plan SET source_key = :k WHERE id = :id",
               {"k": "risk:3:team:daily", "id": old["id"]})
    assert inspection_service.generate_plans(db, actor="wang")["paused"] == 1
    assert inspection_queries.show_plan(db, actor="wang", plan_id=old["id"])["paused"] is True
