"""`dualprev report` through the CLI: the overdue list in every format, the 隐患台账 (`report ledger`)
in CSV, JSON and Excel, and writing a listing to a file."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from pathlib import Path

import openpyxl
import pytest

from tests.cli.helpers import DEMO_OVERDUE, codes, js, ok, refused, shown


def test_overdue_report_table(demo):
    out = ok(demo("--as", "wang", "report", "overdue")).stdout
    assert "逾期隐患清单" in out
    assert [c for c in ("YH-2026-000001", "YH-2026-000003", "YH-2026-000004", "YH-2026-000005",
                        "YH-2026-000006", "YH-2026-000007") if c in out] == DEMO_OVERDUE
    assert out.index("YH-2026-000004") < out.index("YH-2026-000005")  # most overdue first
    assert "逾期天数" in out and "整改" in out


def test_overdue_report_markdown_has_a_header_row(demo):
    out = ok(demo("--as", "wang", "report", "overdue", "--format", "md")).stdout
    rows = [line for line in out.splitlines() if line.startswith("|")]
    assert rows[0].startswith("| 隐患编号 | 隐患名称 |")
    assert set(rows[1].replace("|", "")) == {"-"}
    assert [r.split("|")[1].strip() for r in rows[2:]] == DEMO_OVERDUE
    assert "# 逾期隐患清单" in out and "截至 2026-11-24" in out


def test_overdue_report_csv(demo):
    out = ok(demo("--as", "wang", "report", "overdue", "--format", "csv")).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["隐患编号"] for r in rows] == DEMO_OVERDUE
    assert [(r["逾期天数"], r["延期次数"]) for r in rows] == [("10", "0"), ("3", "1")]
    assert rows[1]["原定期限"] == "2026-11-12" and rows[1]["整改期限"] == "2026-11-21"
    assert {r["状态"] for r in rows} == {"整改"}


@pytest.mark.parametrize("args", [("report", "overdue", "--format", "json"),
                                  ("--json", "report", "overdue")])
def test_overdue_report_json(demo, args):
    rows = js(demo("--as", "wang", *args))
    assert codes(rows) == DEMO_OVERDUE
    assert [(r["state"], r["days_overdue"], r["extensions"]) for r in rows] == [
        ("rectifying", 10, 0), ("rectifying", 3, 1)]
    assert (rows[1]["original_deadline"], rows[1]["deadline"]) == ("2026-11-12", "2026-11-21")


def test_overdue_report_org_subtree(demo):
    rows = js(demo("--as", "wang", "--json", "report", "overdue", "--org", "生产一车间"))
    assert codes(rows) == ["YH-2026-000004"]  # found in 甲班, under 生产一车间


def test_extension_takes_a_hazard_off_the_overdue_report(demo):
    ok(demo("--as", "zhao", "hazard", "extend", "YH-2026-000005", "--deadline", "2026-12-31",
            "--reason", "新库房启用推迟"))
    assert codes(js(demo("--as", "wang", "--json", "report", "overdue"))) == ["YH-2026-000004"]
    h = shown(demo, "YH-2026-000005")
    assert (h["original_deadline"], h["deadline"], len(h["extensions"])) == ("2026-11-12", "2026-12-31", 2)


# --- a report never lands on the register itself ----------------------------------------------------

def register_file(db_url: str) -> Path:
    if not db_url.startswith("sqlite"):
        pytest.skip("only a SQLite register is a file a report could overwrite")
    return Path(db_url.removeprefix("sqlite:///"))


def fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
def test_a_report_onto_the_register_file_is_refused_and_writes_nothing(demo, db_url, fmt, suffix):
    register = register_file(db_url)
    listed = ok(demo("--as", "wang", "--json", "hazard", "list")).stdout
    before = fingerprint(register)
    target = Path(f"{register}{suffix}")
    existed = target.exists() and fingerprint(target)
    line = refused(demo("--as", "wang", "report", "ledger", "--format", fmt, "-o", str(target)), 2)
    assert "the register's own database file" in line
    assert fingerprint(register) == before
    assert (target.exists() and fingerprint(target)) == existed
    assert ok(demo("--as", "wang", "--json", "hazard", "list")).stdout == listed


def test_the_register_is_recognised_through_a_symlink_a_hard_link_and_a_relative_path(
        demo, db_url, tmp_path, monkeypatch):
    register = register_file(db_url)
    before = fingerprint(register)
    (tmp_path / "link.csv").symlink_to(register)
    os.link(register, tmp_path / "hard.csv")
    monkeypatch.chdir(register.parent)
    for target in (str(tmp_path / "link.csv"), str(tmp_path / "hard.csv"), register.name,
                   f"./{register.name}"):
        refused(demo("--as", "wang", "hazard", "list", "--format", "csv", "-o", target), 2)
        refused(demo("--as", "wang", "risk", "list", "--format", "xlsx", "--output", target), 2)
    assert fingerprint(register) == before
    assert ok(demo("audit", "verify")).stdout.startswith("audit chain intact")


def test_cli_ledger_csv_in_chinese(ledger_db, cli_run):
    _db, c = ledger_db
    result = cli_run("--as", "wang", "report", "ledger", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 5
    late = next(r for r in rows if r["隐患编号"] == c["late"])
    assert (late["治理类型"], late["是否逾期"], late["逾期天数"], late["整改资金"]) == (
        "限期整改", "是", "14", "1200")
    spot = next(r for r in rows if r["隐患编号"] == c["spot"])
    assert (spot["治理类型"], spot["复核人"], spot["状态"]) == ("即查即改", "li", "销号")


def test_cli_ledger_json_and_date_range(ledger_db, cli_run):
    _db, c = ledger_db
    result = cli_run("--as", "wang", "--json", "report", "ledger", "--from", "2026-11-19",
                     "--to", "2026-11-19")
    assert [r["code"] for r in json.loads(result.stdout)] == [c["edge"]]
    bad = cli_run("--as", "wang", "report", "ledger", "--from", "2026-11-20", "--to", "2026-11-19")
    assert bad.exit_code == 2 and bad.stdout == "" and "after --to" in bad.stderr


def test_xlsx_workbook_keeps_numbers_and_labels(ledger_db, cli_run, tmp_path):
    _db, c = ledger_db
    target = tmp_path / "台账.xlsx"
    result = cli_run("--as", "wang", "report", "ledger", "--format", "xlsx", "--output", str(target))
    assert result.exit_code == 0, result.stderr
    sheet = openpyxl.load_workbook(target).active
    assert sheet.title == "隐患台账"
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    heading = rows[0]
    assert heading[:2] == ["隐患编号", "隐患名称"] and len(rows) == 6
    late = dict(zip(heading, next(r for r in rows if r[0] == c["late"])))
    assert late["整改资金"] == 1200 and late["逾期天数"] == 14 and late["延期次数"] == 0
    assert (late["等级"], late["状态"]) == ("重大", "整改")
    assert not list(tmp_path.glob(".*partial"))


def test_xlsx_goes_on_to_further_sheets_past_the_row_limit(ledger_db, cli_run, tmp_path, monkeypatch):
    """An Excel sheet holds 1,048,575 rows under its headings: more go on to the next sheet, each
    with the headings (the limit lowered to 2 here, for 5 hazards), none lost, in ledger order."""
    from dualprev.hazards import render
    from dualprev.hazards.queries import hazard as hazard_queries

    db, _c = ledger_db
    monkeypatch.setattr(render, "XLSX_ROWS", 2)
    target = tmp_path / "台账.xlsx"
    ok(cli_run("--as", "wang", "report", "ledger", "--format", "xlsx", "--output", str(target)))
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["隐患台账", "隐患台账 (2)", "隐患台账 (3)"]
    sheets = [[[cell.value for cell in row] for row in sheet.iter_rows()] for sheet in book.worksheets]
    assert [len(rows) for rows in sheets] == [3, 3, 2]
    assert all(rows[0][:2] == ["隐患编号", "隐患名称"] for rows in sheets)
    ledger = [r["code"] for r in hazard_queries.iter_ledger(db, actor="wang")]
    assert [row[0] for rows in sheets for row in rows[1:]] == ledger
    same = tmp_path / "same.xlsx"  # the use-case layer writes the same three sheets
    assert render.write_xlsx(hazard_queries.iter_ledger(db, actor="wang"), hazard_queries.LEDGER_COLUMNS,
                             "zh", str(same), title="隐患台账") == 5
    assert openpyxl.load_workbook(same).sheetnames == book.sheetnames


def test_a_refused_listing_creates_no_file(ledger_db, cli_run, tmp_path):
    target = tmp_path / "x.csv"
    result = cli_run("--as", "wang", "report", "ledger", "--org", "不存在的车间", "--format", "csv",
                     "-o", str(target))
    assert result.exit_code != 0 and not target.exists()


def test_output_file_for_text_formats(ledger_db, cli_run, tmp_path):
    target = tmp_path / "overdue.md"
    result = cli_run("--as", "wang", "report", "overdue", "--format", "md", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# 逾期隐患清单") and "护栏缺失" in text and "通道占用" not in text
