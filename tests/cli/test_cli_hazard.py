"""`dualprev hazard` through the CLI: the lifecycle 发现 → 整改 → 复核 → 销号, its refusals and its
listings, extension requests and a listed hazard's show, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import json
from datetime import date

import pytest

from dualprev.hazards.queries import hazard as hazard_queries
from dualprev.hazards.services import hazard as hazard_service
from dualprev.hazards.services import supervision as supervision_service
from tests.cli.helpers import (
    DEMO_OVERDUE,
    assign,
    bad_input,
    codes,
    js,
    no_traceback,
    ok,
    refused,
    report,
    shown,
)
from tests.support import approved_plan, events, general


def test_report_prints_the_new_code_and_nothing_else(db, cli_run):
    result = ok(cli_run("--as", "wang", "hazard", "report", "--title", "二号泵房护栏缺失", "--org",
                        "生产一车间", "--place", "二号泵房"))
    assert result.stdout == "YH-2026-000001\n"
    assert result.stderr == ""
    assert ok(cli_run("--as", "wang", "hazard", "report", "--title", "b", "--org", "甲班")
              ).stdout == "YH-2026-000002\n"


def test_full_lifecycle_with_json(db, cli_run):
    created = js(cli_run("--as", "wang", "--json", "hazard", "report", "--title", "护栏缺失",
                         "--org", "生产一车间"))
    assert (created["code"], created["state"]) == ("YH-2026-000001", "reported")
    code = created["code"]
    steps = [
        (("--as", "wang", "--json", "hazard", "assign", code, "--owner", "chen", "--deadline",
          "2026-12-10", "--measures", "加装护栏"), "rectifying"),
        (("--as", "chen", "--json", "hazard", "submit", code, "--note", "已安装", "--cost", "800"),
         "verifying"),
        (("--as", "li", "--json", "hazard", "verify", code, "--reject", "--note", "高度不足"),
         "rectifying"),
        (("--as", "chen", "--json", "hazard", "submit", code, "--note", "已加高"), "verifying"),
        (("--as", "li", "--json", "hazard", "verify", code, "--pass", "--note", "现场确认"),
         "closed"),
    ]
    for args, state in steps:
        doc = js(cli_run(*args))
        assert (doc["code"], doc["state"]) == (code, state), args
    h = shown(cli_run, code)
    assert (h["state"], h["owner"], h["measures"], h["actual_cost"]) == ("closed", "chen", "加装护栏", 800)
    assert h["closed_at"] is not None and h["overdue"] is False
    history = h["history"]
    assert [(e["event"], e["from_state"], e["to_state"], e["actor"]) for e in history] == [
        ("report", None, "reported", "wang"), ("assign", "reported", "rectifying", "wang"),
        ("submit", "rectifying", "verifying", "chen"), ("reject", "verifying", "rectifying", "li"),
        ("submit", "rectifying", "verifying", "chen"), ("pass", "verifying", "closed", "li")]
    seqs = [e["seq"] for e in history]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    assert history[3]["comment"] == "高度不足"
    assert history[1]["data"]["deadline"] == "2026-12-10"


def test_human_lines_name_the_new_state(db, cli_run):
    code = report(cli_run)
    assert ok(assign(cli_run, code)).stdout == f"{code}: 整改 (rectifying)\n"
    assert ok(cli_run("--as", "chen", "--lang", "en", "hazard", "submit", code)
              ).stdout == f"{code}: verifying (verifying)\n"


def test_chinese_level_and_state_accepted(db, cli_run):
    major = report(cli_run, "液氨储罐区无泄漏报警", "生产一车间", "--level", "重大")
    general = report(cli_run, "通道堆放杂物", "生产一车间", "--level", "一般")
    ok(assign(cli_run, general))
    assert shown(cli_run, major)["level"] == "major"
    assert codes(js(cli_run("--as", "wang", "--json", "hazard", "list", "--state", "整改"))) == [general]
    assert codes(js(cli_run("--as", "wang", "--json", "hazard", "list", "--state", "发现",
                            "--level", "重大"))) == [major]
    line = bad_input(cli_run("--as", "wang", "hazard", "list", "--state", "已完成"))
    assert "发现" in line and "销号" in line


def test_major_hazard_needs_the_five_implementations(db, cli_run):
    """五落实 holds on top of the approved 治理方案 (16号令 Art 15¶2): an assignment may not bring
    资金 down to 0 or 预案 to a placeholder (the issue's `--cost 0 --contingency "-"`)."""
    code = report(cli_run, "液氨储罐区无泄漏报警", "生产一车间", "--level", "major")
    approved_plan(db, code)
    line = refused(assign(cli_run, code, "chen", "2026-12-10", "--cost", "0"), 3)
    assert "五落实" in line and "资金 (--cost) must be more than 0" in line
    line = refused(assign(cli_run, code, "chen", "2026-12-10", "--cost", "48000", "--contingency", "-"), 3)
    assert "五落实" in line and "--contingency" in line and "--cost" not in line
    h = shown(cli_run, code)
    assert (h["state"], h["version"], h["owner"], h["deadline"]) == ("reported", 3, None, None)
    assert [e["event"] for e in h["history"]] == ["report", "supervise_list", "plan", "approve_plan"]
    doc = js(cli_run("--as", "wang", "--json", "hazard", "assign", code, "--owner", "chen",
                     "--deadline", "2026-12-10", "--measures", "更换报警器", "--cost", "48000",
                     "--contingency", "人工巡检"))
    assert doc["state"] == "rectifying"
    h = shown(cli_run, code)
    assert (h["cost"], h["contingency"]) == (48000, "人工巡检")


def test_major_hazard_blank_contingency_is_missing(db, cli_run):
    code = report(cli_run, "液氨储罐区无泄漏报警", "生产一车间", "--level", "重大")
    approved_plan(db, code)
    line = refused(cli_run("--as", "wang", "hazard", "assign", code, "--owner", "chen", "--deadline",
                           "2026-12-10", "--measures", "更换报警器", "--cost", "48000",
                           "--contingency", "  "), 3)
    assert "--contingency" in line
    assert shown(cli_run, code)["state"] == "reported"


def test_major_hazard_cannot_be_fixed_on_the_spot(db, cli_run):
    code = report(cli_run, "液氨储罐区无泄漏报警", "生产一车间", "--level", "重大")
    line = refused(cli_run("--as", "wang", "hazard", "fix", code, "--measures", "x"), 3)
    assert "立查立改" in line
    assert shown(cli_run, code)["state"] == "reported"


def test_fix_on_the_spot_then_verify(db, cli_run):
    code = report(cli_run)
    assert js(cli_run("--as", "wang", "--json", "hazard", "fix", code, "--measures", "当场加装")
              )["state"] == "verifying"
    assert js(cli_run("--as", "li", "--json", "hazard", "verify", code, "--pass"))["state"] == "closed"


def test_illegal_trigger_names_the_state_and_allowed_actions(db, cli_run):
    code = report(cli_run)
    line = refused(cli_run("--as", "li", "hazard", "verify", code, "--pass"), 3)
    assert "发现" in line and "reported" in line
    assert "allowed actions: plan, approve_plan, assign, fix_on_spot, void, edit, regrade, classify" in line
    assert shown(cli_run, code)["version"] == 1
    ok(cli_run("--as", "wang", "hazard", "void", code, "--reason", "误报"))
    line = refused(assign(cli_run, code), 3)
    assert "作废" in line and "never moves again" in line


def test_verify_needs_pass_or_reject(db, cli_run):
    code = report(cli_run)
    bad_input(cli_run("--as", "li", "hazard", "verify", code))


@pytest.mark.parametrize("flags", [("--reject", "--pass"), ("--pass", "--reject")])
def test_verify_refuses_pass_and_reject_together(db, cli_run, flags):
    """销号 is final: contradictory flags are refused, never resolved by their order."""
    code = report(cli_run)
    ok(assign(cli_run, code))
    ok(cli_run("--as", "chen", "hazard", "submit", code))
    line = bad_input(cli_run("--as", "li", "hazard", "verify", code, *flags))
    assert "--pass and --reject cannot be used together" in line
    assert shown(cli_run, code)["state"] == "verifying"


def test_wrong_role_is_refused(db, cli_run):
    code = report(cli_run)
    line = refused(cli_run("--as", "chen", "hazard", "assign", code, "--owner", "chen",
                           "--deadline", "2026-12-10", "--measures", "x"), 1)
    assert "chen" in line and "officer" in line
    assert shown(cli_run, code)["state"] == "reported"


def test_out_of_scope_is_refused(db, cli_run):
    code = report(cli_run)
    ok(assign(cli_run, code))
    ok(cli_run("--as", "chen", "hazard", "submit", code))
    line = refused(cli_run("--as", "zhou", "hazard", "verify", code, "--pass"), 1)
    assert code in line and "scope" in line
    assert shown(cli_run, code)["state"] == "verifying"
    refused(cli_run("--as", "zhou", "hazard", "show", code), 1)
    assert js(cli_run("--as", "zhou", "--json", "hazard", "list")) == []


def test_only_the_assigned_owner_submits(db, cli_run):
    code = report(cli_run, "t", "甲班")  # liu (owner at 甲班) has it in scope, but chen owns it
    ok(assign(cli_run, code))
    line = refused(cli_run("--as", "liu", "hazard", "submit", code), 1)
    assert "chen" in line
    assert shown(cli_run, code)["state"] == "rectifying"


def test_deadline_before_the_finding_is_refused(db, cli_run):
    code = report(cli_run, "t", "生产一车间", "--found-at", "2026-11-20T09:00")
    line = refused(assign(cli_run, code, "chen", "2026-11-19"), 3)
    assert "2026-11-19" in line and "2026-11-20" in line
    assert js(cli_run("--as", "wang", "--json", "hazard", "assign", code, "--owner", "chen",
                      "--deadline", "2026-11-20", "--measures", "x"))["state"] == "rectifying"


def test_found_in_the_future_is_refused(db, cli_run):
    refused(cli_run("--as", "wang", "hazard", "report", "--title", "t", "--org", "生产一车间",
                    "--found-at", "2026-11-25"), 2)
    assert js(cli_run("--as", "wang", "--json", "hazard", "list")) == []


def test_missing_photo_writes_nothing(db, cli_run, tmp_path):
    missing = str(tmp_path / "no-such.jpg")
    line = bad_input(cli_run("--as", "wang", "hazard", "report", "--title", "t", "--org", "生产一车间",
                             "--photo", missing))
    assert "no-such.jpg" in line
    assert js(cli_run("--as", "wang", "--json", "hazard", "list")) == []
    code = report(cli_run)
    ok(assign(cli_run, code))
    bad_input(cli_run("--as", "chen", "hazard", "submit", code, "--photo", missing))
    h = shown(cli_run, code)
    assert (h["state"], len(h["history"]), h["attachments"]) == ("rectifying", 2, [])
    assert not (tmp_path / "files").exists() or not any((tmp_path / "files").rglob("*"))


def test_photos_are_kept_and_listed(db, cli_run, tmp_path):
    before, after = tmp_path / "before.jpg", tmp_path / "after.jpg"
    before.write_bytes(b"\xff\xd8\xff guard rail missing")
    after.write_bytes(b"\xff\xd8\xff guard rail fitted")
    code = ok(cli_run("--as", "wang", "hazard", "report", "--title", "护栏缺失", "--org",
                      "生产一车间", "--photo", str(before))).stdout.strip()
    ok(assign(cli_run, code))
    ok(cli_run("--as", "chen", "hazard", "submit", code, "--photo", str(after)))
    h = shown(cli_run, code)
    expected = [(p.name, hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_size, stage)
                for p, stage in ((before, "report"), (after, "submit"))]
    assert [(a["filename"], a["sha256"], a["size"], a["stage"]) for a in h["attachments"]] == expected
    for _name, sha, _size, _stage in expected:
        assert (tmp_path / "files" / sha[:2] / sha).read_bytes() in (before.read_bytes(), after.read_bytes())
    assert h["history"][2]["data"]["attachments"] == [expected[1][1]]
    text = ok(cli_run("--as", "wang", "hazard", "show", code)).stdout
    assert "before.jpg" in text and "after.jpg" in text


def test_show_text(demo):
    out = ok(demo("--as", "wang", "hazard", "show", "YH-2026-000005")).stdout
    assert out.startswith("YH-2026-000005  消防通道被占用\n")
    assert "【逾期】" in out and "原定期限: 2026-11-12" in out and "整改期限: 2026-11-21" in out
    assert "2026-11-12 → 2026-11-21  zhao  仓库搬迁,待新库房启用" in out
    history = out.split("处理记录:")[1]
    assert history.index("发现上报") < history.index("下达整改") < history.index("延期")
    refused(demo("--as", "wang", "hazard", "show", "YH-2026-999999"), 1)


def test_list_json_filters(demo):
    everything = js(demo("--as", "wang", "--json", "hazard", "list"))
    assert isinstance(everything, list)
    assert codes(everything) == [f"YH-2026-{n:06d}" for n in range(1, 10)]
    assert {r["state"] for r in everything} == {"reported", "rectifying", "verifying", "closed", "voided"}
    assert codes(js(demo("--as", "wang", "--json", "hazard", "list", "--limit", "3"))) == codes(everything)[:3]
    assert codes(js(demo("--as", "wang", "--json", "hazard", "list", "--overdue"))) == DEMO_OVERDUE
    subtree = js(demo("--as", "wang", "--json", "hazard", "list", "--org", "生产一车间"))
    assert {r["org"] for r in subtree} == {"生产一车间", "甲班"}
    assert codes(subtree) == ["YH-2026-000001", "YH-2026-000003", "YH-2026-000004",
                              "YH-2026-000006", "YH-2026-000007", "YH-2026-000009"]
    assert codes(js(demo("--as", "wang", "--json", "hazard", "list", "--owner", "liu"))) == [
        "YH-2026-000004", "YH-2026-000007"]
    assert codes(js(demo("--as", "wang", "--json", "hazard", "list", "--due-before", "2026-11-15"))) == [
        "YH-2026-000004", "YH-2026-000008"]
    assert codes(js(demo("--as", "zhou", "--json", "hazard", "list"))) == [
        "YH-2026-000002", "YH-2026-000008"]  # zhou sees only 生产二车间 and 乙班
    bad_input(demo("--as", "wang", "hazard", "list", "--limit", "0"))


def test_list_returns_every_row_but_the_table_pages(db, cli_run):
    ok(cli_run("--as", "admin", "init", "--hazards", "150"))
    rows = js(cli_run("--as", "wang", "--json", "hazard", "list"))
    assert len(rows) == 150
    table = ok(cli_run("--as", "wang", "--lang", "en", "hazard", "list"))
    assert table.stdout.count("YH-2026-") == 100
    assert "50 more rows" in table.stderr
    assert len(js(cli_run("--as", "wang", "--json", "hazard", "list", "--limit", "7"))) == 7
    overdue = js(cli_run("--as", "wang", "--json", "hazard", "list", "--overdue"))
    assert overdue and all(r["state"] in ("reported", "rectifying", "verifying")
                           and r["deadline"] < "2026-11-24" for r in overdue)
    ok(cli_run("--as", "wang", "audit", "verify"))


def test_extend_keeps_the_original_deadline(demo):
    code = "YH-2026-000003"  # 重大, deadline 2026-12-19
    doc = js(demo("--as", "zhao", "--json", "hazard", "extend", code, "--deadline", "2027-01-15",
                  "--reason", "备件到货延迟"))
    assert (doc["state"], doc["changed"]) == ("rectifying", {"deadline": "2027-01-15"})
    ok(demo("--as", "zhao", "hazard", "extend", code, "--deadline", "2027-02-01", "--reason", "施工窗口"))
    h = shown(demo, code)
    assert (h["deadline"], h["original_deadline"]) == ("2027-02-01", "2026-12-19")
    assert [(e["old_deadline"], e["new_deadline"], e["reason"], e["by"]) for e in h["extensions"]] == [
        ("2026-12-19", "2027-01-15", "备件到货延迟", "zhao"), ("2027-01-15", "2027-02-01", "施工窗口", "zhao")]
    text = ok(demo("--as", "wang", "hazard", "show", code)).stdout
    assert "延期记录" in text and "2026-12-19 → 2027-01-15" in text
    line = refused(demo("--as", "zhao", "hazard", "extend", code, "--deadline", "2027-01-01",
                        "--reason", "x"), 3)
    assert "2027-02-01" in line
    refused(demo("--as", "wang", "hazard", "extend", code, "--deadline", "2027-03-01", "--reason", "x"), 1)
    assert shown(demo, code)["deadline"] == "2027-02-01"


def test_void(db, cli_run):
    code = report(cli_run)
    doc = js(cli_run("--as", "wang", "--json", "hazard", "void", code, "--reason", "重复上报"))
    assert (doc["code"], doc["state"]) == (code, "voided")
    h = shown(cli_run, code)
    assert h["state"] == "voided" and h["history"][-1]["comment"] == "重复上报"
    assert codes(js(cli_run("--as", "wang", "--json", "hazard", "list", "--state", "作废"))) == [code]
    other = report(cli_run, "b")
    ok(assign(cli_run, other))
    line = refused(cli_run("--as", "wang", "hazard", "void", other, "--reason", "x"), 1)
    assert "整改" in line and "supervisor" in line  # #12: after 发现, a supervisor voids


@pytest.mark.parametrize("cost", ["nan", "inf"])
def test_cost_must_be_a_finite_amount(db, cli_run, cost):
    code = report(cli_run, "液氨储罐区无泄漏报警", "生产一车间", "--level", "重大")
    result = cli_run("--as", "wang", "hazard", "assign", code, "--owner", "chen", "--deadline",
                     "2026-12-10", "--measures", "更换报警器", "--cost", cost, "--contingency", "人工巡检")
    assert result.exit_code == 2, (result.stdout, result.stderr)
    no_traceback(result)
    assert shown(cli_run, code)["state"] == "reported"


def test_unknown_owner_is_named_as_the_owner(db, cli_run):
    code = report(cli_run)
    line = refused(assign(cli_run, code, "ghost"), 1)
    assert "ghost" in line
    assert "--as" not in line and "--owner" in line


def test_assign_and_extend_within_working_days(db, cli_run):
    ok(cli_run("--as", "wang", "hazard", "report", "--title", "t", "--org", "甲班"))
    out = js(cli_run("--json", "--as", "wang", "hazard", "assign", "YH-2026-000001", "--owner", "liu",
                     "--within", "5wd", "--measures", "m"))
    assert out["changed"]["deadline"] == "2026-12-01"  # Tue 24 Nov + 5 working days
    h = js(cli_run("--json", "--as", "wang", "hazard", "show", "YH-2026-000001"))
    rule = h["history"][-1]["data"]["deadline_rule"]
    assert rule == {"within": "5wd", "unit": "working_days", "days": 5, "from": "2026-11-24",
                    "deadline": "2026-12-01"}
    out = js(cli_run("--json", "--as", "zhao", "hazard", "extend", "YH-2026-000001", "--within", "10",
                     "--reason", "备件"))
    assert out["changed"]["deadline"] == "2026-12-04"
    before = events(db)
    assert "--deadline and --within cannot be used together" in bad_input(cli_run(
        "--as", "zhao", "hazard", "extend", "YH-2026-000001", "--within", "10", "--deadline", "2026-12-30",
        "--reason", "r"))
    assert "like 5wd" in refused(cli_run("--as", "zhao", "hazard", "extend", "YH-2026-000001", "--within", "5w",
                                         "--reason", "r"), 2)
    assert events(db) == before


def test_cli_extension_request_round_trip(db, cli_run):
    code = general(db, date(2026, 11, 30))
    out = cli_run("--as", "chen", "hazard", "extend-request", code, "--within", "10",
                  "--reason", "等备件")
    assert out.exit_code == 0 and "2026-12-04" in out.stdout
    bad = cli_run("--as", "zhao", "hazard", "extend-deny", code, "--reason", " ")
    assert bad.exit_code == 2 and "--reason" in bad.stderr
    ok = json.loads(cli_run("--as", "zhao", "--json", "hazard", "extend-approve", code).stdout)
    assert ok == {"code": code, "request": 1, "state": "approved", "deadline": "2026-12-04"}


def test_hazard_show_has_its_listing_and_pending_request(db, cli_run):

    code = hazard_service.report(db, actor="wang", title="x", org="生产一车间", level="major")["code"]
    approved_plan(db, code, deadline=date(2026, 11, 30))
    hazard_service.assign(db, actor="wang", code=code, measures="更换报警器", cost=1)
    supervision_service.extend_request(db, actor="chen", code=code, deadline=date(2026, 12, 10),
                                        reason="等备件")
    shown = hazard_queries.show_hazard(db, actor="wang", code=code)
    assert (shown["supervision"]["level"], shown["supervision"]["state"]) == ("enterprise", "listed")
    assert [(r["deadline"], r["state"]) for r in shown["extension_requests"]] == [("2026-12-10", "pending")]
    text = cli_run("--as", "wang", "hazard", "show", code).stdout
    assert "挂牌督办: 企业级 挂牌中" in text and "延期申请: 2026-12-10 (chen: 等备件)" in text
