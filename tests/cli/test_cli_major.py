"""The 重大事故隐患报告 (16号令 Art 14¶2) through the CLI on both databases: `hazard plan --situation
--analysis` stored with the plan, audited, shown by `hazard show`, kept by a redraft that omits
them, imported from a sheet; `report major CODE` and `report major --all --quarter|--year`."""

from __future__ import annotations

import json

import pytest

from dualprev.hazards.services import imports
from tests.cli.helpers import bad_input, js, ok, refused
from tests.support_sheets import HEADERS, ledger_workbook

PLAN = ["--goal", "恢复泄漏检测报警", "--method", "更换报警器", "--funds", "48000", "--resources", "报警器两台",
        "--team", "生产一车间整改组", "--owner", "chen", "--deadline", "2026-12-20", "--safety", "停止装卸作业",
        "--contingency", "液氨泄漏专项应急预案", "--basis", "WH2017-12"]
SITUATION = "储罐区2台报警器离线, 探头老化未及时更换"
ANALYSIS = "泄漏无报警可致中毒窒息; 更换需停装卸2天, 难度一般"


@pytest.fixture
def major(db, cli_run):
    code = js(cli_run("--as", "wang", "--json", "hazard", "report", "--title", "液氨储罐区报警器失效",
                      "--org", "生产一车间", "--level", "重大"))["code"]
    ok(cli_run("--as", "wang", "hazard", "plan", code, *PLAN, "--situation", SITUATION, "--analysis", ANALYSIS))
    return code


def test_situation_and_analysis_are_kept_audited_and_shown(db, cli_run, major):
    shown = ok(cli_run("--as", "wang", "hazard", "show", major)).stdout
    assert f"  现状及其产生原因: {SITUATION}\n  危害程度和整改难易程度分析: {ANALYSIS}\n  治理的目标和任务:" in shown
    with db.read() as tx:
        data = json.loads(tx.scalar("SELECT data FROM hazard_event WHERE event = 'plan'"))
    assert (data["plan"]["situation"], data["plan"]["analysis"]) == (SITUATION, ANALYSIS)
    # a redraft that leaves them out keeps them; one that gives them replaces them
    ok(cli_run("--as", "wang", "hazard", "plan", major, *PLAN))
    plan = js(cli_run("--as", "wang", "--json", "hazard", "show", major))["plan"]
    assert (plan["situation"], plan["analysis"]) == (SITUATION, ANALYSIS)
    ok(cli_run("--as", "wang", "hazard", "plan", major, *PLAN, "--analysis", "更换需停产一周"))
    plan = js(cli_run("--as", "wang", "--json", "hazard", "show", major))["plan"]
    assert (plan["situation"], plan["analysis"]) == (SITUATION, "更换需停产一周")


def test_the_report_of_one_major_hazard(db, cli_run, major):
    ok(cli_run("--as", "gao", "hazard", "approve-plan", major))
    out = ok(cli_run("--as", "wang", "report", "major", major)).stdout
    assert out.startswith(f"# 重大事故隐患报告 · {major}\n\n## 企业基本情况\n\n未设置企业档案")
    sections = [line for line in out.splitlines() if line.startswith("## ")]
    assert sections == ["## 企业基本情况", "## 隐患基本情况", "## 一、隐患的现状及其产生原因",
                        "## 二、隐患的危害程度和整改难易程度分析", "## 三、隐患的治理方案", "## 四、挂牌督办"]
    assert f"## 一、隐患的现状及其产生原因\n\n{SITUATION}\n" in out
    for item in ("治理的目标和任务**: 恢复泄漏检测报警", "采取的方法和措施**: 更换报警器",
                 "经费和物资的落实**: 48000 元", "负责治理的机构和人员**: 生产一车间整改组",
                 "治理的时限和要求**: 2026-12-20", "安全措施和应急预案**: 停止装卸作业",
                 "**治理方案**: 已批准 gao"):
        assert item in out
    assert "企业级挂牌督办 · 挂牌中 · 挂牌 2026-11-24 10:00 (system)" in out  # listed when reported
    assert "主要负责人(签字): ____________    报告日期:" in out
    ok(cli_run("--as", "admin", "enterprise", "set", "示范化工有限公司", "--credit-code", "91350100M000100Y43",
               "--principal", "gao", "--address", "福州市某工业园区1号"))
    data = js(cli_run("--as", "wang", "report", "major", major, "--format", "json"))
    assert data["enterprise"]["credit_code"] == "91350100M000100Y43" and data["situation"] == SITUATION
    assert [s["level"] for s in data["supervisions"]] == ["enterprise"] and data["plan_missing"] == []
    html = ok(cli_run("--as", "wang", "report", "major", major, "--format", "html")).stdout
    assert "<dt>统一社会信用代码</dt><dd>91350100M000100Y43</dd>" in html and "<dd>福州市某工业园区1号</dd>" in html


def test_what_is_not_given_says_how_to_give_it(db, cli_run):
    code = js(cli_run("--as", "wang", "--json", "hazard", "report", "--title", "反应釜安全阀失效",
                      "--org", "生产一车间", "--level", "重大"))["code"]
    out = ok(cli_run("--as", "wang", "report", "major", code)).stdout
    assert f"未填写: `dualprev hazard plan {code} … --situation TEXT`" in out
    assert f"未制定治理方案: `dualprev hazard plan {code} …`" in out


def test_the_period_reports_every_major_hazard_found_in_it(db, cli_run, major):
    other = js(cli_run("--as", "wang", "--json", "hazard", "report", "--title", "一般隐患", "--org", "生产一车间"))
    out = ok(cli_run("--as", "wang", "report", "major", "--all", "--quarter", "2026Q4")).stdout
    assert out.startswith("# 重大事故隐患报告 · 2026Q4 (1 项)\n\n## 重大事故隐患报告 · " + major)
    assert other["code"] not in out
    empty = ok(cli_run("--as", "wang", "report", "major", "--all", "--quarter", "2026Q3")).stdout
    assert empty.startswith("# 重大事故隐患报告 · 2026Q3 (0 项)\n\n本期没有重大事故隐患\n")
    data = js(cli_run("--as", "wang", "--json", "report", "major", "--all", "--year", "2026"))
    assert [r["hazard"]["code"] for r in data["reports"]] == [major]


@pytest.mark.parametrize("args, message", [
    ((), "give a hazard CODE, or --all with --quarter or --year"),
    (("YH-2026-000001", "--all", "--year", "2026"), "give a hazard CODE, or --all"),
    (("YH-2026-000001", "--year", "2026"), "--quarter, --year and --org go with --all, not with a CODE"),
    (("--all",), "give the period as --quarter YYYYQn"),
])
def test_a_call_that_says_too_little_or_too_much_is_refused(db, cli_run, args, message):
    assert message in bad_input(cli_run("--as", "wang", "report", "major", *args))


def test_a_general_hazard_has_no_major_report(db, cli_run):
    code = js(cli_run("--as", "wang", "--json", "hazard", "report", "--title", "护栏缺失", "--org", "生产一车间"))["code"]
    assert "the 重大事故隐患报告 is for 重大 hazards only" in bad_input(cli_run("--as", "wang", "report", "major", code))
    assert "no hazard YH-2099-000001" in refused(cli_run("--as", "wang", "report", "major", "YH-2099-000001"), 1)


def test_the_import_keeps_a_major_hazards_situation_and_analysis(db, tmp_path):
    headers = [*HEADERS, "现状及其产生原因", "危害程度和整改难易程度分析"]
    rows = [[1, "", "液氨储罐区无泄漏报警", "罐区", "重大", "物", "2026-10-01", "wang", "生产一车间", "chen",
             "加装报警器", "2026-12-20", "36000", "整改中", "", "", "", SITUATION, ANALYSIS]]
    result = imports.import_hazards(db, actor="wang", path=str(ledger_workbook(tmp_path / "a.xlsx", rows=rows,
                                                                                 headers=headers)))
    assert result["imported"] == 1 and result["unknown_columns"] == ["备注"]  # both new columns known
    from dualprev.hazards.queries import major

    r = major.report(db, actor="wang", code=result["codes"]["first"])
    assert (r["situation"], r["analysis"], r["plan"]["state"]) == (SITUATION, ANALYSIS, "draft")
