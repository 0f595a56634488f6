"""`dualprev plan` through the CLI: add, list, show, pause, resume, generate, and the refusals."""

from __future__ import annotations

from tests.cli.helpers import (
    bad_input,
    js,
    ok,
    refused,
)


def test_plans_list_show_pause_resume_and_generate(db, planned):
    plans = js(planned("--json", "--as", "wang", "plan", "list"))
    assert [(p["name"], p["cadence"], p["next_start"]) for p in plans] == [("甲班日查", "daily", "2026-11-25")]
    shown = js(planned("--json", "--as", "wang", "plan", "show", "1"))
    assert [t["period_start"] for t in shown["tasks"]] == ["2026-11-24"]
    assert "paused" in ok(planned("--as", "wang", "plan", "pause", "1")).stdout
    assert "already paused" in refused(planned("--as", "wang", "plan", "pause", "1"), 3)
    assert "resumed" in ok(planned("--as", "wang", "plan", "resume", "1")).stdout
    ok(planned("--as", "wang", "risk", "add", "泵房", "--org", "甲班", "--lec", "1,6,7"))
    ok(planned("--as", "wang", "risk", "measure", "add", "FX-000001", "--type", "管理", "--text", "护栏完好"))
    assert js(planned("--json", "--as", "wang", "plan", "generate")) == {  # 低 at 班组级: 班组 and 岗位
        "checklists": 2, "items": 2, "plans": 2, "updated": 0, "paused": 0}
    assert "plans +0" in ok(planned("--as", "wang", "plan", "generate")).stdout
    c = js(planned("--json", "--as", "wang", "checklist", "show", "2"))
    assert [(i["no"], i["text"], i["risk"]) for i in c["items"]] == [(1, "护栏完好", "FX-000001")]
    assert len(js(planned("--json", "--as", "wang", "checklist", "list"))) == 3


def test_plan_add_refusals(db, planned):
    assert "five fields" in refused(planned("--as", "wang", "plan", "add", "x", "--checklist", "1", "--org", "甲班",
                                            "--cron", "0 8 * *"), 2)
    assert "--cadence and --holiday-eve cannot be used together" in bad_input(planned(
        "--as", "wang", "plan", "add", "x", "--checklist", "1", "--org", "甲班", "--cadence", "weekly",
        "--holiday-eve"))
    assert "may not write inspection plans" in refused(
        planned("--as", "li", "plan", "add", "x", "--checklist", "1", "--org", "甲班"), 1)
    assert "needs at least one" in refused(planned("--as", "wang", "checklist", "add", "空", "--org", "甲班"), 2)
    out = js(planned("--json", "--as", "wang", "plan", "add", "周日", "--checklist", "1", "--org", "甲班",
                     "--cron", "0 8 * * 0"))
    assert (out["cadence"], out["cron"]) == ("cron", "0 8 * * 0")


def test_a_retired_plan_makes_no_new_tasks_and_keeps_its_own(db, planned, monkeypatch):
    assert "needs a reason" in refused(planned("--as", "wang", "plan", "retire", "1", "--reason", " "), 2)
    assert "plan 1 retired" in ok(planned("--as", "wang", "plan", "retire", "1", "--reason", "装置停用")).stdout
    assert "retired already" in refused(planned("--as", "wang", "plan", "retire", "1", "--reason", "x"), 3)
    assert "is retired" in refused(planned("--as", "wang", "plan", "resume", "1"), 3)
    monkeypatch.setenv("DUALPREV_NOW", "2026-11-27T02:00:00+00:00")
    assert js(planned("--json", "tick"))["created"] == 0
    shown = js(planned("--json", "--as", "wang", "plan", "show", "1"))
    assert [t["period_start"] for t in shown["tasks"]] == ["2026-11-24"]
    with db.read() as tx:
        assert tx.scalar("SELECT comment FROM hazard_event WHERE event = 'plan_retire'") == "装置停用"
    ok(planned("--as", "admin", "audit", "verify"))


def test_a_retired_checklist_takes_no_new_plans(db, planned):
    assert "checklist 1 retired" in ok(planned("--as", "wang", "checklist", "retire", "1", "--reason", "改版")).stdout
    assert "retired already" in refused(planned("--as", "wang", "checklist", "retire", "1", "--reason", "x"), 3)
    assert "no checklist 9" in refused(planned("--as", "wang", "checklist", "retire", "9", "--reason", "x"), 1)
    assert "is retired" in refused(planned("--as", "wang", "plan", "add", "新计划", "--checklist", "1",
                                           "--org", "甲班"), 3)
    assert js(planned("--json", "--as", "wang", "plan", "show", "1"))["tasks"]
