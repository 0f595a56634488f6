"""`report stats` through the CLI on both databases, over the register of tests/support_stats.py:
the table with its header and footer, Markdown, CSV and XLSX with the rows and the total, JSON with
numbers as numbers, the page; a period that is not one refused in one line."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from tests.cli.helpers import bad_input, js, ok, refused
from tests.support_stats import build


@pytest.fixture
def q3(db, cli_run, monkeypatch):
    build(db, monkeypatch)
    monkeypatch.setenv("DUALPREV_NOW", "2026-11-24T10:00:00+08:00")
    return cli_run


def test_json_keeps_numbers_as_numbers(q3):
    s = js(q3("--as", "wang", "report", "stats", "--quarter", "2026Q3", "--format", "json"))
    total = s["total"]
    assert (total["general_found"], total["general_rate"], total["on_time_original_rate"],
            total["funds"]) == (7, 42.9, 25.0, 2.69)
    assert [r["org"] for r in s["rows"]] == ["示范化工有限公司", "生产一车间", "生产二车间", "设备部"]
    assert s["rows"][1]["major_rate"] is None  # nothing found: no rate, not 0
    assert js(q3("--as", "wang", "--json", "report", "stats", "--quarter", "2026Q3")) == s


def test_the_table_has_its_header_rule_and_signature(q3):
    out = ok(q3("--as", "wang", "report", "stats", "--quarter", "2026Q3", "--wide")).stdout
    lines = out.splitlines()
    assert lines[0] == "隐患排查治理统计分析表"
    assert lines[1].startswith("填报单位: 示范化工有限公司 (未设置企业档案: 管理员运行 `dualprev enterprise set")
    assert lines[2:4] == ["统计期间: 2026年第3季度 (2026-07-01 ~ 2026-09-30)",
                          "报送期限: 2026-10-15 前 (安监总局令第16号第十四条)"]
    total = next(line for line in lines if line.startswith("│ 合计"))
    cells = [c.strip() for c in total.strip("│").split("│")]
    assert cells == ["合计", "7", "3", "42.9", "2", "1", "50.0", "1", "1", "1", "1", "1", "1", "2.69", "2", "1",
                     "25.0", "50.0", "3", "1"]
    unit = next(line for line in lines if line.startswith("│ 设备部"))
    assert [c.strip() for c in unit.strip("│").split("│")][4:7] == ["0", "0", "—"]
    assert lines[-3].startswith("统计口径: 排查数为本期发现的隐患(上期结转的隐患单列, 不计入)")
    assert lines[-3].endswith(" · rules 2026.1")
    assert lines[-2:] == ["主要负责人(签字): ____________    日期: ______年____月____日", "制表日期: 2026-11-24"]


def test_the_profile_heads_the_table_and_names_the_principal(q3):
    ok(q3("--as", "admin", "enterprise", "set", "示范化工有限公司", "--credit-code", "91350100M000100Y43",
          "--name-registered", "示范化工股份有限公司", "--principal", "gao"))
    out = ok(q3("--as", "wang", "report", "stats", "--quarter", "2026Q3", "--format", "md")).stdout
    assert out.startswith("# 隐患排查治理统计分析表\n\n填报单位: 示范化工股份有限公司 · 统一社会信用代码 91350100M000100Y43\n\n")
    assert "| 合计 | 7 | 3 | 42.9 | 2 | 1 | 50.0 |" in out
    assert out.endswith("主要负责人: 高厂长 (gao)\n\n主要负责人(签字): ____________    日期: ______年____月____日\n\n"
                        "制表日期: 2026-11-24\n")


def test_csv_and_xlsx_hold_the_rows_and_the_total(q3, tmp_path):
    result = ok(q3("--as", "wang", "report", "stats", "--quarter", "2026Q3", "--format", "csv"))
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0][:4] == ["单位", "一般隐患排查数", "一般隐患已整改数", "一般隐患整改率%"] and len(rows[0]) == 20
    assert [r[0] for r in rows[1:]] == ["示范化工有限公司 (本级)", "生产一车间", "生产二车间", "设备部", "合计"]
    assert rows[-1][13] == "2.69" and rows[4][6] == "—"
    assert "未设置企业档案" in result.stderr  # the hint: a csv has no header to carry it
    target = tmp_path / "统计分析表.xlsx"
    ok(q3("--as", "wang", "report", "stats", "--quarter", "2026Q3", "--format", "xlsx", "-o", str(target)))
    sheet = openpyxl.load_workbook(target, read_only=True).active
    cells = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert cells[0] == rows[0] and len(cells) == 6
    assert cells[-1][:4] == ["合计", 7, 3, 42.9] and cells[-1][13] == 2.69  # numbers stay numbers
    assert cells[4][6] == "—"


def test_the_page(q3, tmp_path):
    target = tmp_path / "stats.html"
    ok(q3("--as", "wang", "report", "stats", "--year", "2026", "--format", "html", "-o", str(target)))
    html = target.read_text("utf-8")
    assert "<h1>隐患排查治理统计分析表</h1>" in html and "报送期限: 2027-01-31 前" in html
    assert '<th colspan="3">一般隐患</th>' in html and '<tr class="total"><td>合计</td><td>9</td>' in html
    assert "各单位整改率 (%, 一般与重大)" in html and html.count("<svg") == 1
    assert "主要负责人(签字)" in html and "@page { size: A4 landscape" in html


@pytest.mark.parametrize("args, message", [
    ((), "give the period as --quarter YYYYQn (e.g. 2026Q1) or as --year YYYY"),
    (("--quarter", "2026Q3", "--year", "2026"), "give --quarter or --year, not both"),
    (("--quarter", "2026-3"), "--quarter '2026-3' is not a quarter: write it like 2026Q1"),
    (("--quarter", "2026Q3", "--org", "没有的单位"), "no org unit '没有的单位' in your scope"),
])
def test_a_period_that_is_not_one_is_refused(db, cli_run, args, message):
    result = cli_run("--as", "wang", "report", "stats", *args)
    assert message in (bad_input(result) if result.exit_code == 2 else refused(result, 1))
