"""The regulator's word through the CLI (issue 14 item 3): the issue's own case — a county listing
with 督办期限 2026-12-31, the enterprise's `hazard extend` to 2027-06-30 — refused in one line and
the tick of 2027-01-05 escalating; the regulator's extension recorded with --authority/--doc-no;
the 10-day 核销 review clock in `supervise list`."""

from __future__ import annotations

from datetime import date

from tests.cli.helpers import js, ok, refused, shown
from tests.support import general, major


def list_county(cli_run, code):
    return ok(cli_run("--as", "zhao", "supervise", "add", code, "--level", "县级", "--deadline", "2026-12-31",
                      "--reason", "县应急局挂牌督办", "--authority", "某县应急管理局", "--doc-no", "某应急督〔2026〕12号"))


def test_cli_art20_extend_past_the_county_listing_is_refused_and_the_tick_escalates(db, cli_run, monkeypatch):
    """16号令 Art 20 / 安全生产法 Art 41¶3: the listing's deadline stands against `hazard extend`."""
    code = general(db, date(2026, 12, 20))
    list_county(cli_run, code)
    line = refused(cli_run("--as", "zhao", "hazard", "extend", code, "--deadline", "2027-06-30",
                           "--reason", "备件到货延迟"), 3)
    assert "county-level 挂牌督办 by 某县应急管理局 (某应急督〔2026〕12号)" in line and "extend-request" in line
    assert shown(cli_run, code)["deadline"] == "2026-12-20"
    monkeypatch.setenv("DUALPREV_NOW", "2027-01-05T09:00:00+08:00")
    assert js(cli_run("--json", "tick"))["escalated"] >= 1
    assert [e["event"] for e in shown(cli_run, code)["history"]][-1] == "escalate"


def test_cli_the_regulator_extension_needs_authority_and_doc_no(db, cli_run):
    code = general(db, date(2026, 12, 20))
    list_county(cli_run, code)
    ok(cli_run("--as", "chen", "hazard", "extend-request", code, "--deadline", "2027-06-30", "--reason", "检修"))
    line = refused(cli_run("--as", "zhao", "hazard", "extend-approve", code), 3)
    assert "regulator's decision" in line
    refused(cli_run("--as", "zhao", "hazard", "extend-approve", code, "--doc-no", "延〔2026〕3号"), 2)
    out = ok(cli_run("--as", "zhao", "hazard", "extend-approve", code, "--authority", "某县应急管理局",
                     "--doc-no", "某应急延〔2026〕3号"))
    assert out.stdout.strip() == f"{code}: extension approved, deadline 2027-06-30"
    [listing] = js(cli_run("--as", "zhao", "--json", "supervise", "list"))
    assert listing["deadline"] == "2027-06-30"


def test_cli_art23_supervise_list_shows_the_review_clock(db, cli_run):
    """16号令 Art 23: the 现场审查 is due within 10 日 of the write-off application."""
    code = major(db)
    ok(cli_run("--as", "chen", "supervise", "request-writeoff", code, "--note", "已更换并联调"))
    [row] = js(cli_run("--as", "zhao", "--json", "supervise", "list"))
    assert (row["writeoff_due"], row["writeoff_days_left"]) == ("2026-12-04", 10)
    head, line = ok(cli_run("--as", "zhao", "supervise", "list", "--format", "csv")).stdout.splitlines()
    assert "核销审查期限" in head and "2026-12-04,10" in line
