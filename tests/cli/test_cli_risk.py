"""`dualprev risk` through the CLI: the demo register, JSON fields, filters, every output format in
both languages (an Excel listing needs --output), the matrix, and refusals that change nothing."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.cli.helpers import (
    js,
    ok,
    shown,
)
from tests.support import events


def test_demo_has_a_risk_register_linked_to_its_hazards(demo):
    risks = js(demo("--as", "wang", "--json", "risk", "list"))
    assert {r["colour"] for r in risks} == {"red", "yellow", "blue"}
    ammonia = next(r for r in risks if r["name"] == "液氨储罐区")
    assert ammonia["grade"] == "major" and len(ammonia["controls"]) == 3
    sheet = js(demo("--as", "wang", "--json", "risk", "show", ammonia["code"]))
    [linked] = sheet["hazards"]["open"]
    assert linked["level"] == "major" and linked["measure_id"] == sheet["measures"][0]["id"]
    assert shown(demo, linked["code"])["risk"]["code"] == ammonia["code"]


def test_cli_json_fields(register):
    r = json.loads(ok(register("--as", "wang", "--json", "risk", "show", "FX-000001")).stdout)
    assert {k: r[k] for k in ("code", "score", "grade", "colour", "control_level")} == {
        "code": "FX-000001", "score": 540, "grade": "major", "colour": "red", "control_level": "company"}
    assert r["hazards"]["open"][0]["code"] == "YH-2026-000001"
    rows = json.loads(ok(register("--as", "wang", "--json", "risk", "list")).stdout)
    assert [(x["code"], x["grade"], x["colour"], len(x["assessments"])) for x in rows] == [
        ("FX-000001", "major", "red", 1), ("FX-000002", "general", "yellow", 1)]
    done = json.loads(ok(register("--as", "wang", "--json", "risk", "assess", "FX-000002", "--ls",
                                  "4,5")).stdout)
    assert [a["score"] for a in done["assessments"]] == [12, 20] and done["colour"] == "red"
    shown = json.loads(ok(register("--as", "wang", "--json", "hazard", "show", "YH-2026-000001")).stdout)
    assert shown["risk"]["code"] == "FX-000001" and shown["measure_id"] == 1


@pytest.mark.parametrize("grade", ["红", "重大", "red", "major"])
def test_cli_list_grade_filter_accepts_chinese(register, grade):
    rows = json.loads(ok(register("--as", "wang", "risk", "list", "--grade", grade, "--format",
                                  "json")).stdout)
    assert [x["code"] for x in rows] == ["FX-000001"]


def test_cli_list_csv_md_table(register):
    table = list(csv.reader(io.StringIO(ok(register("--as", "wang", "risk", "list", "--format",
                                                    "csv")).stdout)))
    assert table[0][:3] == ["风险点编号", "风险点名称", "部位"]
    assert table[1][0] == "FX-000001" and "液氨泄漏中毒、火灾" in table[1] and "红" in table[1]
    md = ok(register("--as", "wang", "risk", "list", "--format", "md")).stdout
    assert "# 安全风险清单" in md and "| 风险点编号 | 风险点名称 |" in md and "|---|" in md
    assert "FX-000002" in ok(register("--as", "wang", "risk", "list")).stdout
    en = ok(register("--as", "wang", "--lang", "en", "risk", "list", "--format", "csv")).stdout
    assert en.startswith("code,risk point") and ",red," in en


def test_cli_show_text_in_both_languages(register):
    text = ok(register("--as", "wang", "risk", "show", "FX-000001")).stdout
    assert "重大/红" in text and "公司级、车间级、班组级、岗位级" in text and "YH-2026-000001" in text
    en = ok(register("--as", "wang", "--lang", "en", "risk", "show", "FX-000001")).stdout
    assert "major/red" in en and "company, workshop, team, post" in en
    hazard = ok(register("--as", "wang", "hazard", "show", "YH-2026-000001")).stdout
    assert "风险点: FX-000001 液氨储罐区 重大/红" in hazard


def test_cli_matrix_formats(register):
    m = json.loads(ok(register("--as", "wang", "risk", "matrix", "--format", "json")).stdout)
    assert len(m["ls"]["cells"]) == 25 and m["ls"]["variant"] == "A"
    html = ok(register("--as", "wang", "risk", "matrix", "--format", "html")).stdout
    assert html.startswith("<!DOCTYPE html>") and "<script" not in html
    assert "src=" not in html and "href=" not in html  # nothing fetched (the SVG's xmlns is a name)
    for colour in ("#d9001b", "#ff8c00", "#ffd700", "#1e6fd9", 'class="cell red"', 'class="cell blue"'):
        assert colour in html
    md = ok(register("--as", "wang", "risk", "matrix", "--format", "md")).stdout
    assert "| 可能性L | S=1 |" in md and "| 单位 | 红 | 橙 | 黄 | 蓝 | 合计 |" in md
    assert "黄 1" in ok(register("--as", "wang", "risk", "matrix")).stdout


@pytest.mark.parametrize(("args", "code", "words"), [
    (("risk", "add", "x", "--org", "生产一车间", "--lec", "5,6,15"), 2, "not a value of the LEC table"),
    (("risk", "add", "x", "--org", "生产一车间", "--ls", "0,3"), 2, "out of range"),
    (("risk", "add", "x", "--org", "生产一车间"), 2, "exactly one of --lec"),
    (("risk", "assess", "FX-000001", "--lec", "6,6"), 2, "needs 3 numbers"),
    (("risk", "assess", "FX-000009", "--ls", "1,1"), 1, "no risk point FX-000009"),
    (("risk", "assess", "FX-000001", "--ls", "1,1"), 3, "open 重大 hazards"),
    (("risk", "add", "x", "--org", "不存在", "--ls", "1,1"), 1, "no org unit"),
    (("risk", "list", "--grade", "紫"), 2, "unknown grade"),
    (("risk", "measure", "add", "FX-000001", "--type", "magic", "--text", "x"), 2, "unknown type"),
])
def test_cli_refusals_are_one_line_and_change_nothing(register, db, args, code, words):
    before = events(db)
    result = register("--as", "wang", *args)
    assert result.exit_code == code, result.output
    assert words in result.stderr and "Traceback" not in result.stderr
    assert [line for line in result.stderr.splitlines() if words in line][0].startswith("Error: ")
    assert result.stdout == ""
    assert events(db) == before


def test_cli_permission_refused(register):
    result = register("--as", "chen", "risk", "add", "x", "--org", "生产一车间", "--ls", "1,1")
    assert result.exit_code == 1 and "needs the role officer or admin" in result.stderr


def test_xlsx_needs_an_output_file(ledger_db, cli_run, tmp_path):
    result = cli_run("--as", "wang", "risk", "list", "--format", "xlsx")
    assert result.exit_code == 2 and result.stdout == "" and "--output" in result.stderr
