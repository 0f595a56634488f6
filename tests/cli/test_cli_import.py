"""`dualprev import hazards` through the CLI (SQLite; the use-case tests cover both databases): the
summary and the table of rejected rows, --errors as a workbook or CSV with the original cells and
a reason, --dry-run, --json with nothing but the document, and refusals in one line."""

from __future__ import annotations

import csv
import json

import openpyxl
import pytest

from tests.cli.helpers import bad_input, js, ok, refused
from tests.support_sheets import HEADERS, ledger_csv, ledger_workbook


@pytest.fixture
def db_url(sqlite_url):
    return sqlite_url


def test_import_reports_what_it_did_and_lists_the_rejected_rows(db, cli_run, tmp_path):
    path = ledger_workbook(tmp_path / "台账.xlsx", merge_org=True)
    errors = tmp_path / "问题行.xlsx"
    out = ok(cli_run("--as", "wang", "import", "hazards", str(path), "--errors", str(errors))).stdout
    assert "工作表 隐患台账 (表头在第 3 行): 6 行, 导入 3, 已有跳过 0, 拒绝 3, 警告 0" in out
    assert "编号 YH-2026-000001 … YH-2026-000003" in out
    assert "未识别的列 (未导入; 可用 --mapping 指定): 备注" in out
    assert "被拒绝的行" in out and "排查日期" in out and "上周三" in out
    assert f"被拒绝的行已写入 {errors}" in out
    sheet = openpyxl.load_workbook(errors, read_only=True).active
    got = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert got[0] == [*HEADERS, "错误原因"]
    assert [r[2] for r in got[1:]] == ["防护罩损坏", "灭火器过期", "梯子无防滑"]
    assert got[3][-1].startswith("排查日期: '上周三' is not a date")
    listing = js(cli_run("--as", "wang", "--json", "hazard", "list"))
    assert sorted(h["state"] for h in listing) == ["closed", "rectifying", "reported"]
    again = js(cli_run("--as", "wang", "--json", "import", "hazards", str(path)))
    assert (again["imported"], again["skipped"]) == (0, 3)
    ok(cli_run("--as", "admin", "audit", "verify"))


def test_errors_as_csv_and_a_dry_run(db, cli_run, tmp_path):
    path = ledger_csv(tmp_path / "台账.csv")
    errors = tmp_path / "errors.csv"
    out = ok(cli_run("--as", "wang", "import", "hazards", str(path), "--dry-run", "--errors", str(errors))).stdout
    assert "试运行 (--dry-run): 未写入任何内容" in out
    rows = list(csv.reader(errors.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][-1] == "错误原因" and len(rows) == 4
    assert js(cli_run("--as", "wang", "--json", "hazard", "list")) == []


def test_json_is_one_document_and_no_progress_bar(db, cli_run, tmp_path):
    path = ledger_workbook(tmp_path / "a.xlsx")
    result = ok(cli_run("--as", "wang", "--json", "import", "hazards", str(path), "--dry-run"))
    doc = json.loads(result.stdout)
    assert doc["imported"] == 3 and doc["dry_run"] is True
    assert {r["column"] for r in doc["rejected"]} == {"验收人", "检查人", "排查日期"}
    assert result.stderr == ""


def test_create_missing_lists_what_it_made(db, cli_run, tmp_path):
    out = ok(cli_run("--as", "wang", "import", "hazards", str(ledger_workbook(tmp_path / "a.xlsx")),
                     "--create-missing")).stdout
    assert "已新建 单位: -; 人员: 赵六" in out and "导入 4" in out


def test_refusals_in_one_line(db, cli_run, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("hello", encoding="utf-8")
    assert "give an .xlsx workbook or a .csv file" in refused(cli_run("--as", "wang", "import", "hazards",
                                                                       str(notes)), 2)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really")
    assert "not a workbook that can be read" in refused(cli_run("--as", "wang", "import", "hazards",
                                                                 str(broken)), 2)
    blank = ledger_workbook(tmp_path / "blank.xlsx", rows=[], headers=["甲", "乙"])
    assert "no header row found" in refused(cli_run("--as", "wang", "import", "hazards", str(blank)), 2)
    path = ledger_workbook(tmp_path / "a.xlsx")
    assert "has no sheet '别的'" in refused(cli_run("--as", "wang", "import", "hazards", str(path),
                                                   "--sheet", "别的"), 2)
    assert "may not import hazards" in refused(cli_run("--as", "chen", "import", "hazards", str(path)), 1)
    bad_input(cli_run("--as", "wang", "import", "hazards", str(tmp_path / "missing.xlsx")))
    assert js(cli_run("--as", "wang", "--json", "hazard", "list")) == []


def test_the_progress_bar_waits_a_second(monkeypatch):
    """App.progress draws on a terminal only, never with --json (tested with audit verify); an import
    shorter than a second asks for no bar at all."""
    from dualprev.hazards.commands import importing
    from dualprev.hazards.commands.options import App

    asked = []
    monkeypatch.setattr(App, "progress", lambda self, label: asked.append(label) or __import__(
        "contextlib").nullcontext(lambda done, total: asked.append(done)))
    monkeypatch.setattr(importing, "PROGRESS_AFTER", 3600.0)
    quick = importing.Progress(App(None, "wang", json=False, lang="zh"))
    quick(500, None)
    quick.close()
    assert asked == []
    monkeypatch.setattr(importing, "PROGRESS_AFTER", 0.0)
    slow = importing.Progress(App(None, "wang", json=False, lang="zh"))
    slow(500, None)
    slow(1000, None)
    slow.close()
    assert asked == ["导入 import", 500, 1000]
