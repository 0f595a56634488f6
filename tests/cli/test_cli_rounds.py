"""Rounds and shifts through the CLI: `plan add --cadence 2h | shift --shifts 三班 | --cron "0 */2 * * *"`,
the tasks' start and end in JSON and tables, recording a round, and the refusals."""

from __future__ import annotations

import pytest

from tests.cli.helpers import bad_input, js, ok, refused


def setup(cli_run):
    ok(cli_run("--as", "wang", "checklist", "add", "罐区巡检", "--item", "液位正常", "--org", "甲班"))


@pytest.fixture
def db_url(sqlite_url):
    """The backend makes no difference here (tests/services covers rounds and plans on both)."""
    return sqlite_url


def test_rounds_plans_make_windows_with_their_start_and_end(db, cli_run, monkeypatch):
    monkeypatch.setenv("DUALPREV_NOW", "2026-11-23T20:00:00+08:00")
    setup(cli_run)
    p = js(cli_run("--json", "--as", "wang", "plan", "add", "巡检", "--checklist", "1", "--org", "甲班",
                   "--cadence", "2h", "--start", "2026-11-24", "--assignee", "liu"))
    assert (p["cadence"], p["every"]) == ("hours", "2h")
    assert "(shift 两班)" in ok(cli_run("--as", "wang", "plan", "add", "交接班", "--checklist", "1", "--org", "甲班",
                                         "--cadence", "每班", "--shifts", "两班", "--start", "2026-11-24")).stdout
    ok(cli_run("--as", "wang", "plan", "add", "整点", "--checklist", "1", "--org", "甲班",
               "--cron", "0 */2 * * *", "--start", "2026-11-24"))
    monkeypatch.setenv("DUALPREV_NOW", "2026-11-24T09:00:00+08:00")
    assert js(cli_run("--json", "tick"))["created"] == 12 + 2 + 12
    due = js(cli_run("--json", "--as", "liu", "inspect", "due", "--mine"))
    assert [(t["starts_at"], t["ends_at"], t["state"]) for t in due] == [
        ("2026-11-24T00:00:00+00:00", "2026-11-24T02:00:00+00:00", "open")]  # 08:00-10:00 local
    table = ok(cli_run("--as", "liu", "inspect", "due", "--mine")).stdout
    assert "开始时间" in table and "2026-11-24 08:00" in table and "2026-11-24 10:00" in table
    out = js(cli_run("--json", "--as", "liu", "inspect", "record", str(due[0]["id"]), "--item", "1=ok"))
    assert (out["state"], out["late"]) == ("done", False)
    assert "10:00 ~ 2026-11-24 12:00" in ok(cli_run("--as", "liu", "inspect", "show", str(due[0]["id"] + 1))).stdout
    assert "once its window has started" in refused(
        cli_run("--as", "liu", "inspect", "record", str(due[0]["id"] + 1), "--item", "1=ok"), 3)
    cron = js(cli_run("--json", "--as", "wang", "plan", "show", "3"))["tasks"]
    assert len(cron) == 10 and all(t["starts_at"] < t["ends_at"] <= t["due_at"] for t in cron)
    listed = ok(cli_run("--as", "wang", "plan", "list")).stdout
    assert "每N小时" in listed and "两班" in listed and "0 */2 * * *" in listed


def test_bad_rounds_are_refused_with_one_line(db, cli_run):
    setup(cli_run)
    base = ("--as", "wang", "plan", "add", "x", "--checklist", "1", "--org", "甲班")
    assert "divide 24" in refused(cli_run(*base, "--cadence", "5h"), 2)
    assert "三班, 两班" in refused(cli_run(*base, "--shifts", "四班"), 2)
    assert "--shifts goes with" in refused(cli_run(*base, "--cadence", "daily", "--shifts", "三班"), 2)
    assert "cannot be used together" in bad_input(cli_run(*base, "--cadence", "2h", "--cron", "0 */2 * * *"))
    assert "cannot be used together" in bad_input(cli_run(*base, "--shifts", "三班", "--cron", "0 */2 * * *"))
    assert js(cli_run("--json", "--as", "wang", "plan", "list")) == []


def test_workflow_show_describes_the_task_windows(cli_run):
    text = ok(cli_run("workflow", "show")).stdout
    assert "漏检 (missed)" in text and "--cadence Nh" in text and "两班: 08:00-20:00, 20:00-08:00" in text
    english = ok(cli_run("--lang", "en", "workflow", "show")).stdout
    assert "a window every N hours from midnight" in english
    doc = js(cli_run("--json", "workflow", "show"))["inspection_task"]
    assert doc["shifts"]["三班"] == ["00:00-08:00", "08:00-16:00", "16:00-24:00"] and doc["late_days"] == 7
