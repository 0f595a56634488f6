"""The corrections of the inspection and risk registers (#12) through the CLI, on both databases:
`checklist edit`, `plan edit`, `risk retire` and `risk measure retire`. Each is one audited event
with the reason; what was made before stays as it was made; `audit verify` replays them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from dualprev.hazards.queries import national as national_queries
from tests.cli.helpers import js, ok, refused

LATER = "2026-11-24T05:00:00+00:00"  # after the fixture's tick (02:00 UTC), same local day
NEXT_DAY = "2026-11-25T02:00:00+00:00"


def _items(task: dict) -> list[str]:
    return [i["text"] for i in task["items"]]


def test_checklist_edit_keeps_made_tasks_and_changes_the_next(db, planned, monkeypatch):
    monkeypatch.setenv("DUALPREV_NOW", LATER)
    run = planned
    assert "needs a reason" in refused(run("--as", "wang", "checklist", "edit", "1", "--name", "x",
                                           "--reason", " "), 2)
    assert "say what to change" in refused(run("--as", "wang", "checklist", "edit", "1", "--reason", "r"), 2)
    assert "has no current item 7" in refused(run("--as", "wang", "checklist", "edit", "1", "--drop-item", "7",
                                                  "--reason", "r"), 2)
    assert "no item left" in refused(run("--as", "wang", "checklist", "edit", "1", "--drop-item", "1",
                                         "--drop-item", "2", "--reason", "r"), 3)
    assert "may not" in refused(run("--as", "li", "checklist", "edit", "1", "--name", "x", "--reason", "r"), 1)

    out = js(run("--json", "--as", "wang", "checklist", "edit", "1", "--name", "甲班日查(修订)",
                 "--drop-item", "2", "--add-item", "气瓶直立并固定", "--reason", "表述更正"))
    assert out["name"] == "甲班日查(修订)"
    assert [(i["no"], i["text"]) for i in out["items"]] == [(1, "消防通道畅通"), (3, "气瓶直立并固定")]
    assert [(i["no"], i["text"]) for i in out["retired_items"]] == [(2, "气瓶固定")]
    shown = ok(run("--as", "wang", "checklist", "show", "1")).stdout
    assert "已停用的排查项: 2. 气瓶固定" in shown
    assert js(run("--json", "--as", "wang", "checklist", "list"))[0]["items"] == 2

    assert _items(js(run("--json", "--as", "liu", "inspect", "show", "1"))) == ["消防通道畅通", "气瓶固定"]
    monkeypatch.setenv("DUALPREV_NOW", NEXT_DAY)
    assert js(run("--json", "tick"))["created"] == 1
    assert _items(js(run("--json", "--as", "liu", "inspect", "show", "2"))) == ["消防通道畅通", "气瓶直立并固定"]
    with db.read() as tx:
        event = tx.one("SELECT comment, data FROM hazard_event WHERE event = 'checklist_edit'")
    assert event["comment"] == "表述更正" and "气瓶固定" in event["data"]
    ok(run("--as", "admin", "audit", "verify"))


def test_plan_edit_changes_what_comes_and_keeps_what_was_made(db, planned, monkeypatch):
    monkeypatch.setenv("DUALPREV_NOW", LATER)
    run = planned
    assert "say what to change" in refused(run("--as", "wang", "plan", "edit", "1", "--reason", "r"), 2)
    assert "like that already" in refused(run("--as", "wang", "plan", "edit", "1", "--cadence", "daily",
                                              "--reason", "r"), 3)
    assert "no person whose scope covers" in refused(run("--as", "wang", "plan", "edit", "1", "--assignee",
                                                         "nobody", "--reason", "r"), 2)
    assert "no plan 9" in refused(run("--as", "wang", "plan", "edit", "9", "--grace", "2", "--reason", "r"), 1)

    out = js(run("--json", "--as", "wang", "plan", "edit", "1", "--cadence", "weekly", "--grace", "4",
                 "--reason", "改为每周检查"))
    assert (out["cadence"], out["grace_hours"]) == ("weekly", 4)
    with db.read() as tx:
        data = json.loads(tx.scalar("SELECT data FROM hazard_event WHERE event = 'plan_edit'"))
    assert data == {"before": {"cadence": "daily", "grace_hours": 0}, "after": {"cadence": "weekly", "grace_hours": 4},
                    "from": "2026-11-23", "reason": "改为每周检查"}
    monkeypatch.setenv("DUALPREV_NOW", NEXT_DAY)
    ok(run("--json", "tick"))
    tasks = js(run("--json", "--as", "wang", "plan", "show", "1"))["tasks"]
    assert sorted((t["period_start"], t["period_end"]) for t in tasks) == [
        ("2026-11-23", "2026-11-29"), ("2026-11-24", "2026-11-24")]  # the daily one made before stays

    ok(run("--as", "wang", "plan", "retire", "1", "--reason", "停用"))
    assert "is retired" in refused(run("--as", "wang", "plan", "edit", "1", "--grace", "1", "--reason", "r"), 3)
    ok(run("--as", "admin", "audit", "verify"))


def test_risk_retire_hides_the_point_retires_its_plans_and_is_sent_as_deleted(db, register):
    run = register
    assert "has open hazards (YH-2026-000001)" in refused(
        run("--as", "wang", "risk", "retire", "FX-000001", "--reason", "拆除"), 3)
    ok(run("--as", "wang", "risk", "measure", "add", "FX-000002", "--type", "管理", "--text", "护栏完好"))
    ok(run("--as", "wang", "plan", "generate"))
    plans = [p["id"] for p in js(run("--json", "--as", "wang", "plan", "list")) if "FX-000002" in p["name"]]
    assert plans

    out = js(run("--json", "--as", "wang", "risk", "retire", "FX-000002", "--reason", "装置已拆除"))
    assert out["plans_retired"] == plans and out["items_retired"] >= 1
    assert [r["code"] for r in js(run("--json", "--as", "wang", "risk", "list"))] == ["FX-000001"]
    everything = js(run("--json", "--as", "wang", "risk", "list", "--all"))
    assert [(r["code"], r.get("retired", False)) for r in everything] == [("FX-000001", False), ("FX-000002", True)]
    assert "二号泵房〔已停用〕" in ok(run("--as", "wang", "risk", "list", "--all", "--format", "csv")).stdout
    assert sum(c["count"] for c in js(run("--json", "--as", "wang", "risk", "matrix"))["ls"]["cells"]) == 0
    assert "no risk point FX-000002" in refused(run("--as", "wang", "risk", "retire", "FX-000002",
                                                    "--reason", "x"), 1)
    with db.read() as tx:
        ent = tx.scalar("SELECT enterprise_id FROM risk_point WHERE code = 'FX-000002'")
        units = {rec["riskUnitName"]: rec["deleted"] for _, rec in
                 national_queries.risk_units(tx, ent, "2000-01-01", "330100123")}
    assert units == {"液氨储罐区": "0", "二号泵房": "1"}
    ok(run("--json", "tick"))
    with db.read() as tx:
        made = tx.scalar(f"SELECT count(*) FROM inspection_task WHERE plan_id IN ({','.join(map(str, plans))})")
    assert made == 0
    ok(run("--as", "admin", "audit", "verify"))


def test_a_retired_point_put_back_outside_the_program_is_caught(db, register):
    ok(register("--as", "wang", "risk", "retire", "FX-000002", "--reason", "装置已拆除"))
    with db.write() as tx:
        tx.run("UPDATE risk_point SET deleted = :no WHERE code = 'FX-000002'", {"no": False})
    line = refused(register("--as", "admin", "audit", "verify"), 1)
    assert "risk FX-000002" in line and "deleted" in line


def test_measure_retire_drops_its_check_items(db, register):
    run = register
    ok(run("--as", "wang", "plan", "generate"))
    checklists = js(run("--json", "--as", "wang", "checklist", "list"))
    before = sum(c["items"] for c in checklists)
    assert "needs a reason" in refused(run("--as", "wang", "risk", "measure", "retire", "FX-000001", "1",
                                           "--reason", ""), 2)
    assert "no current control measure 5" in refused(run("--as", "wang", "risk", "measure", "retire",
                                                         "FX-000001", "5", "--reason", "x"), 1)
    out = js(run("--json", "--as", "wang", "risk", "measure", "retire", "FX-000001", "1", "--reason", "已由联锁替代"))
    assert out["text"] == "泄漏报警联锁" and out["items_retired"] == before
    assert js(run("--json", "--as", "wang", "risk", "show", "FX-000001"))["measures"] == []
    assert sum(c["items"] for c in js(run("--json", "--as", "wang", "checklist", "list"))) == 0
    assert "no current control measure 1" in refused(run("--as", "wang", "risk", "measure", "retire",
                                                         "FX-000001", "1", "--reason", "x"), 1)
    ok(run("--as", "wang", "hazard", "show", "YH-2026-000001"))  # its hazard, linked to the measure, stays
    ok(run("--as", "admin", "audit", "verify"))


def test_the_commands_document_themselves_with_examples():
    for args in (["checklist", "edit"], ["plan", "edit"], ["risk", "retire"], ["risk", "measure", "retire"]):
        out = subprocess.run([sys.executable, "-m", "dualprev", *args, "--help"], capture_output=True, text=True,
                             env={**os.environ, "DUALPREV_LANG": "zh"}, check=True).stdout
        assert "示例:" in out and "--reason" in out
