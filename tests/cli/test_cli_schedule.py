"""`dualprev tick` and `dualprev calendar` through the CLI; a tick also runs the escalation sweep."""

from __future__ import annotations

import json
from datetime import date

from tests.cli.helpers import (
    js,
    ok,
    refused,
)
from tests.support import general


def test_calendar_add_and_check(db, cli_run):
    years = js(cli_run("--json", "--as", "admin", "calendar", "check"))
    assert [(y["year"], y["source"], y["provisional"]) for y in years] == [
        (2026, "chinese-calendar", False), (2027, "provisional", True), (2028, "provisional", True)]
    assert "needs the role admin" in refused(cli_run("--as", "wang", "calendar", "add", "2027-02-20", "--workday"), 1)
    assert "one of them" in refused(cli_run("--as", "admin", "calendar", "add", "2027-02-20"), 2)
    ok(cli_run("--as", "admin", "calendar", "add", "2027-02-20", "--workday"))
    ok(cli_run("--as", "admin", "calendar", "add", "2027-02-12", "--holiday", "春节"))
    years = js(cli_run("--json", "--as", "admin", "calendar", "check"))
    assert (years[1]["source"], years[1]["provisional"], years[1]["entries"]) == ("admin entries", False, 2)
    assert js(cli_run("--json", "--as", "admin", "audit", "verify"))["ok"]


def test_tick_text_and_idempotence(db, planned):
    assert ok(planned("tick")).stdout == "created 0, missed 0, escalated 0\n"
    assert json.loads(ok(planned("--json", "tick")).stdout)["created"] == 0


def test_tick_runs_the_sweep(db, cli_run):
    general(db, date(2026, 11, 20))
    out = json.loads(cli_run("--as", "wang", "--json", "tick").stdout)
    assert out["escalated"] == 1
    again = json.loads(cli_run("--as", "wang", "--json", "tick").stdout)
    assert again["escalated"] == 0
    [row] = json.loads(cli_run("--as", "wang", "--json", "report", "overdue").stdout)
    assert (row["days_overdue"], row["ladder"]) == (4, "overdue")
