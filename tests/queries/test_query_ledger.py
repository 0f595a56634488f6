"""隐患台账 (`report ledger`) and writing any listing to a file, including Excel workbooks."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime

import openpyxl
import pytest

from dualprev.hazards.config import parse_instant
from dualprev.hazards.queries import hazard as hazard_queries
from dualprev.hazards.services import hazard as hazard_service


@pytest.fixture
def ledger_db(db):
    """Five hazards: on-spot and closed, assigned and overdue, extended, voided, one a day-edge."""
    def report(title, found, **kw):
        return hazard_service.report(db, actor="wang", title=title, org=kw.pop("org", "生产一车间"),
                               found_at=parse_instant(found), **kw)["code"]

    spot = report("地面油污", "2026-11-20T08:00:00+08:00")
    hazard_service.fix_on_spot(db, actor="wang", code=spot, measures="清理油污")
    hazard_service.verify(db, actor="li", code=spot, passed=True)
    late = report("护栏缺失", "2026-11-01T09:00:00+08:00", level="major")
    hazard_service.assign(db, actor="wang", code=late, owner="chen", deadline=date(2026, 11, 10),
                    measures="加装护栏", cost=1200.0, contingency="设警戒线")
    moved = report("通道占用", "2026-11-02T09:00:00+08:00", org="设备部")
    hazard_service.assign(db, actor="wang", code=moved, owner="sun", deadline=date(2026, 11, 12),
                    measures="清理")
    hazard_service.extend(db, actor="zhao", code=moved, deadline=date(2026, 11, 30), reason="等库房")
    dup = report("重复上报", "2026-11-03T09:00:00+08:00")
    hazard_service.void(db, actor="wang", code=dup, reason="重复")
    edge = report("午夜前发现", "2026-11-19T23:59:00+08:00")  # still the 19th in Shanghai
    return db, {"spot": spot, "late": late, "moved": moved, "dup": dup, "edge": edge}


def by_code(rows):
    return {r["code"]: r for r in rows}


def test_ledger_rows_tell_treatment_overdue_extensions_and_closing(ledger_db):
    db, c = ledger_db
    rows = by_code(hazard_queries.iter_ledger(db, actor="wang"))
    assert list(rows) == [c["spot"], c["late"], c["moved"], c["dup"], c["edge"]]
    spot, late, moved = rows[c["spot"]], rows[c["late"]], rows[c["moved"]]
    assert (spot["treatment"], spot["state"], spot["verifier"]) == ("on_spot", "closed", "li")
    assert spot["closed_at"] == "2026-11-24T02:00:00+00:00"
    assert (late["treatment"], late["overdue"], late["days_overdue"]) == ("deadline", True, 14)
    assert late["cost"] == 1200 and late["verifier"] is None
    assert (moved["extensions"], moved["original_deadline"], moved["deadline"]) == (
        1, "2026-11-12", "2026-11-30")
    assert moved["overdue"] is False and moved["days_overdue"] is None
    assert rows[c["dup"]]["treatment"] is None and rows[c["dup"]]["state"] == "voided"


def test_ledger_dates_are_local_days(ledger_db):
    db, c = ledger_db
    on_19th = hazard_queries.iter_ledger(db, actor="wang", found_from=date(2026, 11, 19),
                                  found_to=date(2026, 11, 19))
    assert [r["code"] for r in on_19th] == [c["edge"]]
    from_20th = hazard_queries.iter_ledger(db, actor="wang", found_from=date(2026, 11, 20))
    assert [r["code"] for r in from_20th] == [c["spot"]]


def test_ledger_scope_and_filters(ledger_db):
    db, c = ledger_db
    assert [r["code"] for r in hazard_queries.iter_ledger(db, actor="sun")] == [c["moved"]]
    assert [r["code"] for r in hazard_queries.iter_ledger(db, actor="wang", level="major")] == [c["late"]]
    assert [r["code"] for r in hazard_queries.iter_ledger(db, actor="wang", org="设备部")] == [c["moved"]]


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


def test_xlsx_needs_an_output_file(ledger_db, cli_run, tmp_path):
    result = cli_run("--as", "wang", "risk", "list", "--format", "xlsx")
    assert result.exit_code == 2 and result.stdout == "" and "--output" in result.stderr


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


def test_a_failed_workbook_leaves_no_file(ledger_db, tmp_path):
    from dualprev.hazards import render

    def rows():
        yield {"code": "YH-1"}
        raise RuntimeError("the database went away")

    target = tmp_path / "broken.xlsx"
    with pytest.raises(RuntimeError):
        render.write_xlsx(rows(), ["code"], "zh", str(target))
    assert not target.exists() and not list(tmp_path.glob(".*partial"))


def test_no_datetime_left_unconverted(ledger_db):
    db, _c = ledger_db
    for row in hazard_queries.iter_ledger(db, actor="wang"):
        assert not any(isinstance(v, (datetime, date)) for v in row.values())
