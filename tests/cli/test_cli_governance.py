"""The 重大 loop through the CLI: `hazard plan`, `approve-plan`, `classify`, `evaluate`, `criteria`,
categories on `hazard report`, what `hazard show` and `workflow show` say (16号令 Arts 3, 15, 18)."""

from __future__ import annotations

from tests.cli.helpers import bad_input, js, ok, refused, report, shown
from tests.support import count, events

PLAN = ["--goal", "恢复储罐区泄漏检测报警", "--method", "更换报警器并接入DCS", "--funds", "48000",
        "--resources", "报警器两台、信号电缆", "--team", "生产一车间整改组", "--owner", "chen",
        "--deadline", "2026-12-20", "--safety", "储罐区停止装卸作业", "--contingency", "液氨泄漏专项应急预案"]


def test_art_15_and_18_the_major_loop_end_to_end(db, cli_run):
    code = report(cli_run, "液氨储罐区无泄漏报警", "生产一车间", "--level", "重大", "--category", "物",
                  "--gb-code", "2.1")
    line = refused(cli_run("--as", "wang", "hazard", "assign", code), 3)
    assert "no 治理方案 (16号令 Art 15¶2)" in line
    before = events(db)
    line = refused(cli_run("--as", "wang", "hazard", "plan", code, *PLAN[:4], "--funds", "0", *PLAN[6:]), 3)
    assert "经费和物资的落实 (--funds > 0)" in line and events(db) == before
    assert "--team" in bad_input(cli_run("--as", "wang", "hazard", "plan", code, *PLAN[:8]))
    done = js(cli_run("--as", "wang", "--json", "hazard", "plan", code, *PLAN))
    assert (done["state"], done["changed"]) == ("reported", {})
    assert "needs the role principal" in refused(cli_run("--as", "zhao", "hazard", "approve-plan", code), 1)
    assert "names no 判定依据" in refused(cli_run("--as", "gao", "hazard", "approve-plan", code), 3)
    out = ok(cli_run("--as", "wang", "hazard", "classify", code, "--basis", "WH2017-12")).stdout
    assert out == f"{code}: 判定依据 WH2017-12\n"
    assert ok(cli_run("--as", "gao", "hazard", "approve-plan", code, "--note", "同意")).stdout == (
        f"{code}: 治理方案 approved\n")
    assert ok(cli_run("--as", "wang", "hazard", "assign", code)).stdout == f"{code}: 整改 (rectifying)\n"
    ok(cli_run("--as", "chen", "hazard", "submit", code, "--note", "已更换"))
    assert "16号令 Art 18" in refused(cli_run("--as", "li", "hazard", "verify", code, "--pass"), 3)
    assert "--conclusion" in refused(cli_run("--as", "wang", "hazard", "evaluate", code, "--by", "外聘专家组",
                                             "--conclusion", "无"), 2)
    ok(cli_run("--as", "wang", "hazard", "evaluate", code, "--by", "外聘专家组", "--conclusion", "联锁测试合格"))
    h = shown(cli_run, code)
    assert (h["owner"], h["deadline"], h["cost"], h["category"], h["gb_code"], h["basis_clause"]) == (
        "chen", "2026-12-20", 48000, "thing", "2.1", "WH2017-12")
    assert h["plan"]["state"] == "approved" and h["plan"]["approved_by"] == "gao"
    assert [e["event"] for e in h["history"]] == ["report", "supervise_list", "plan", "classify",
                                                  "approve_plan", "assign", "submit", "evaluate"]
    sheet = ok(cli_run("--as", "wang", "hazard", "show", code)).stdout
    for line in ("类别: 物的不安全状态 · GB/T 13861 2.1", "判定依据: WH2017-12 化工和危险化学品",
                 "治理方案: 已批准 gao 2026-11-24 10:00", "  经费和物资的落实: 48000 元; 物资: 报警器两台、信号电缆",
                 "  批准意见: 同意", "治理情况评估:", "wang  外聘专家组: 联锁测试合格"):
        assert line in sheet
    english = ok(cli_run("--as", "wang", "--lang", "en", "hazard", "show", code)).stdout
    assert "category: unsafe condition · GB/T 13861 2.1" in english and "funds and materials: 48000 元" in english


def test_art_3_an_unknown_category_is_refused_with_the_list(db, cli_run):
    line = refused(cli_run("--as", "wang", "hazard", "report", "--title", "t", "--org", "生产一车间",
                           "--category", "随便写"), 2)
    assert "人 (人的不安全行为), 物 (物的不安全状态), 管理 (管理上的缺陷), 环境 (环境因素)" in line
    assert count(db, "hazard") == 0
    code = report(cli_run, "作业场所照明不足", "生产一车间", "--category", "环境")
    assert shown(cli_run, code)["category"] == "environment"
    assert "  类别: 环境因素\n" in ok(cli_run("--as", "wang", "hazard", "show", code)).stdout


def test_the_criteria_table_and_the_principal_role(db, cli_run):
    csv = ok(cli_run("--as", "wang", "hazard", "criteria", "--format", "csv")).stdout
    assert csv.splitlines()[0] == "条款,条目,内容,判定标准"
    assert any(row.startswith("GM10-13.2,第十三条第(二)项,") for row in csv.splitlines())
    added = js(cli_run("--as", "admin", "--json", "person", "add", "boss", "--name", "厂长", "--org",
                       "示范化工有限公司", "--role", "主要负责人"))
    assert added["roles"] == ["principal"]


def test_workflow_show_describes_the_new_moves(cli_run):
    text = ok(cli_run("workflow", "show")).stdout
    for words in ("plan         发现/整改/复核 → 发现/整改/复核   制定治理方案",  # 整改/复核: imported without one
                  "roles: principal; guards: major_only, plan_open, plan_drafted, basis_named",
                  "guards: is_the_owner, plan_approved_to_move_on",
                  "evaluate     复核 → 复核   治理情况评估", "evaluated_if_major", "plan_approved",
                  "classify     发现/整改/复核 → 发现/整改/复核"):
        assert words in text
    doc = js(cli_run("--json", "workflow", "show"))
    described = {t["trigger"]: t for t in doc["transitions"]}
    assert described["approve_plan"]["roles"] == ["principal"]
    assert described["classify"]["source"] == described["classify"]["dest"] == ["reported", "rectifying", "verifying"]
