"""`import hazards` at the use-case layer, on both databases: a ledger made the way real ones look
(title row merged across, a note row, synonym headers, dates written five ways, a unit merged
down, bad rows), checked row by row, written in one transaction with its history as imported
events that `audit verify` replays, and never imported twice."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from dualprev.hazards import audit
from dualprev.hazards.errors import InvalidInput, PermissionDenied
from dualprev.hazards.queries import hazard as hazard_queries
from dualprev.hazards.services import hazard as hazard_service
from dualprev.hazards.services import imports
from dualprev.hazards.sheets import day_of, instant_of
from tests.support_sheets import HEADERS, ROWS, ledger_csv, ledger_workbook


def ledger(db):
    return {r["title"]: r for r in hazard_queries.iter_ledger(db, actor="wang")}


def test_a_real_ledger_is_checked_row_by_row_and_imported_with_its_history(db, tmp_path):
    path = ledger_workbook(tmp_path / "台账.xlsx", merge_org=True)
    result = imports.import_hazards(db, actor="wang", path=str(path))
    assert (result["sheet"], result["header_row"], result["rows"], result["imported"]) == ("隐患台账", 3, 6, 3)
    assert [(r["row"], r["column"]) for r in result["rejected"]] == [(7, "验收人"), (8, "检查人"), (9, "排查日期")]
    assert "复核人 ≠ 整改责任人" in result["rejected"][0]["reason"]
    assert "'赵六'" in result["rejected"][1]["reason"] and "--create-missing" in result["rejected"][1]["reason"]
    assert result["rejected"][2]["cells"][:3] == [6, "", "梯子无防滑"]  # the cells as the sheet has them
    assert result["unknown_columns"] == ["备注"]
    rows = ledger(db)
    closed = rows["消防通道堆放杂物"]
    assert (closed["state"], closed["verifier"], closed["owner"], closed["deadline"]) == \
        ("closed", "li", "chen", "2026-03-10")
    assert closed["closed_at"] == datetime(2026, 3, 9, 8, 0, tzinfo=UTC).isoformat()
    assert closed["found_at"] == datetime(2026, 3, 5, 1, 30, tzinfo=UTC).isoformat()
    assert closed["category"] == "management" and closed["org"] == "生产一车间"
    doing = rows["配电柜门未关闭"]  # merged 责任部门: the merged cell's value
    assert (doing["state"], doing["owner"], doing["deadline"], doing["cost"], doing["finder"]) == \
        ("rectifying", "chen", "2026-12-20", 1200.0, "wang")
    assert doing["org"] == "生产一车间"
    waiting = rows["安全标识缺失"]
    assert (waiting["state"], waiting["org"], waiting["owner"]) == ("reported", "设备部", None)
    shown = hazard_queries.show_hazard(db, actor="wang", code=closed["code"])
    trail = [(e["event"], e["actor"], e["to_state"]) for e in shown["history"]]
    assert trail == [("imported", "wang", "reported"), ("assign", "wang", "rectifying"),
                     ("submit", "chen", "verifying"), ("pass", "li", "closed")]
    mark = shown["history"][0]["data"]["imported"]
    assert (mark["file"], mark["sheet"], mark["row"], mark["by"]) == ("台账.xlsx", "隐患台账", 4, "wang")
    assert len(mark["row_hash"]) == 64
    assert all(e["data"]["imported"]["row_hash"] == mark["row_hash"] for e in shown["history"])
    assert audit.verify(db)["ok"]
    # imported hazards move on like any other
    assert hazard_service.submit(db, actor="chen", code=doing["code"], note="已加锁")["state"] == "verifying"
    assert audit.verify(db)["ok"]


def test_a_dry_run_writes_nothing(db, tmp_path):
    path = ledger_workbook(tmp_path / "台账.xlsx")
    result = imports.import_hazards(db, actor="wang", path=str(path), dry_run=True)
    assert (result["imported"], len(result["rejected"]), result["dry_run"]) == (3, 3, True)
    assert ledger(db) == {}


def test_the_same_ledger_again_as_xlsx_gb18030_csv_or_utf8_csv_adds_nothing(db, tmp_path):
    imports.import_hazards(db, actor="wang", path=str(ledger_workbook(tmp_path / "a.xlsx")))
    before = ledger(db)
    for name, encoding in (("b.csv", "gb18030"), ("c.csv", "utf-8-sig"), ("d.csv", "utf-8")):
        again = imports.import_hazards(db, actor="wang", path=str(ledger_csv(tmp_path / name, encoding=encoding)))
        assert (again["imported"], again["skipped"], again["header_row"]) == (0, 3, 2), name
    # a later version: row 2 moved on, a new row joins; only the new one is added
    later = [list(r) for r in ROWS[:3]] + [[7, "", "新发现的隐患", "配电室", "一般", "物", "2026-11-01", "wang",
                                           "生产一车间", "", "", "", "", "", "", "", ""]]
    later[1][13] = "已整改"
    again = imports.import_hazards(db, actor="wang", path=str(ledger_workbook(tmp_path / "e.xlsx", rows=later)))
    assert (again["imported"], again["skipped"]) == (1, 3)
    assert set(ledger(db)) == set(before) | {"新发现的隐患"}
    assert audit.verify(db)["ok"]


def test_the_sheets_own_codes_are_kept_and_the_sequence_moves_past_them(db, tmp_path):
    rows = [list(r) for r in ROWS[:3]]
    rows[0][1], rows[1][1] = "YH-2026-000041", "AQ-17"
    imports.import_hazards(db, actor="wang", path=str(ledger_workbook(tmp_path / "a.xlsx", rows=rows)))
    assert sorted(r["code"] for r in ledger(db).values()) == ["AQ-17", "YH-2026-000041", "YH-2026-000042"]
    new = hazard_service.report(db, actor="wang", title="新隐患", org="生产一车间")
    assert new["code"] == "YH-2026-000043"
    again = imports.import_hazards(db, actor="wang", path=str(ledger_workbook(tmp_path / "b.xlsx", rows=rows)))
    assert (again["imported"], again["skipped"]) == (0, 3)  # by their codes, and the third by its hash
    twice = [list(ROWS[0]), list(ROWS[1])]
    twice[0][1] = twice[1][1] = "AQ-18"
    again = imports.import_hazards(db, actor="wang", path=str(ledger_workbook(tmp_path / "c.xlsx", rows=twice)))
    assert again["imported"] == 1
    assert [(r["row"], r["column"]) for r in again["rejected"]] == [(5, "隐患编号")]
    assert "also the 隐患编号 of row 4" in again["rejected"][0]["reason"]


def test_create_missing_makes_the_people_and_units_the_sheet_names(db, tmp_path):
    rows = [list(ROWS[4]), list(ROWS[2])]
    rows[1][8] = "新建车间"
    result = imports.import_hazards(db, actor="wang", path=str(ledger_workbook(tmp_path / "a.xlsx", rows=rows)),
                                    create_missing=True)
    assert result["imported"] == 2 and result["created"] == {"orgs": ["新建车间"], "people": ["赵六"]}
    rows = ledger(db)
    assert rows["灭火器过期"]["finder"] == "赵六" and rows["安全标识缺失"]["org"] == "新建车间"
    assert audit.verify(db)["ok"]


def test_a_mapping_file_names_the_headers_the_program_does_not_know(db, tmp_path):
    headers = ["问题", "日期", "单位名称"]
    rows = [["地沟盖板缺失", "2026-05-06", "生产一车间"]]
    path = ledger_workbook(tmp_path / "a.xlsx", rows=rows, headers=headers)
    with pytest.raises(InvalidInput, match="no header row found"):
        imports.import_hazards(db, actor="wang", path=str(path))
    mapping = tmp_path / "map.toml"
    mapping.write_text('[columns]\n"问题" = "title"\n"日期" = "发现时间"\n"单位名称" = "org"\n', encoding="utf-8")
    result = imports.import_hazards(db, actor="wang", path=str(path), mapping=str(mapping))
    assert result["imported"] == 1 and ledger(db)["地沟盖板缺失"]["org"] == "生产一车间"
    mapping.write_text('[columns]\n"问题" = "名称不存在"\n', encoding="utf-8")
    with pytest.raises(InvalidInput, match="names no field"):
        imports.import_hazards(db, actor="wang", path=str(path), mapping=str(mapping))


def test_who_may_import_and_where(db, tmp_path):
    path = str(ledger_workbook(tmp_path / "a.xlsx"))
    with pytest.raises(PermissionDenied, match="import hazards"):
        imports.import_hazards(db, actor="chen", path=path)
    result = imports.import_hazards(db, actor="wang", path=path, org="设备部", dry_run=True)
    assert {r["column"] for r in result["rejected"]} >= {"责任部门"}  # 生产一车间 is not under 设备部


@pytest.mark.parametrize("written, expected", [
    ("2026-3-5", date(2026, 3, 5)), ("2026/03/05", date(2026, 3, 5)), ("2026.3.5", date(2026, 3, 5)),
    ("2026年3月5日", date(2026, 3, 5)), (46086, date(2026, 3, 5)), ("46086", date(2026, 3, 5)),
    (datetime(2026, 3, 5, 9, 0), date(2026, 3, 5)), (date(2026, 3, 5), date(2026, 3, 5)),
    ("2026-03-05 23:30", date(2026, 3, 5)), (None, None), ("", None),
])
def test_dates_as_real_sheets_write_them(written, expected):
    assert day_of(written) == expected


@pytest.mark.parametrize("written", ["上周三", "2026-13-01", "2026-02-30", 12.5, "3/5"])
def test_what_is_no_date_is_said(written):
    with pytest.raises(ValueError, match="date"):
        instant_of(written)


def test_a_local_time_stays_local():
    assert instant_of("2026年3月5日 9时30分").astimezone(UTC) == datetime(2026, 3, 5, 1, 30, tzinfo=UTC)


def test_headers_cover_the_synonyms_in_use():
    known = {h for hs in imports.HAZARD_FIELDS.values() for h in hs}
    for word in ("隐患名称", "隐患描述", "存在问题", "隐患内容", "隐患部位", "检查部位", "地点", "隐患等级", "隐患级别",
                 "隐患类别", "类型", "发现时间", "检查时间", "排查日期", "发现人", "检查人", "排查人", "责任单位",
                 "责任部门", "所属单位", "整改责任人", "责任人", "整改措施", "整改期限", "整改时限", "完成时限",
                 "整改资金", "整改费用", "投入资金", "整改情况", "整改状态", "是否整改", "复核人", "验收人",
                 "复核时间", "验收时间", "销号时间", "隐患编号", "序号"):
        assert word in known, word
    assert set(HEADERS) - known == {"整改费用(元)", "备注"}


def test_a_major_hazard_in_progress_without_its_plan_waits_for_it(db, tmp_path):
    """16号令 Art 15¶2: imported with the 治理方案's items flagged missing, and it moves on only once
    they are filled and the 主要负责人 approved them."""
    from dualprev.hazards.errors import RuleViolation
    from dualprev.hazards.services import governance

    rows = [[1, "", "液氨储罐区无泄漏报警", "罐区", "重大", "物", "2026-10-01", "wang", "生产一车间", "chen",
             "加装报警器", "2026-12-20", "36000", "整改中", "", "", ""]]
    result = imports.import_hazards(db, actor="wang", path=str(ledger_workbook(tmp_path / "a.xlsx", rows=rows)))
    assert result["imported"] == 1
    [warning] = result["warnings"]
    assert warning["column"] == "隐患级别" and "治理的目标和任务" in warning["reason"]
    code = result["codes"]["first"]
    shown = hazard_queries.show_hazard(db, actor="wang", code=code)
    assert shown["plan"]["state"] == "draft" and shown["plan"]["method"] == "加装报警器"
    assert shown["plan_missing"] == ["goal", "funds", "team", "safety"]
    with pytest.raises(RuleViolation, match="治理方案 is incomplete or not approved"):
        hazard_service.submit(db, actor="chen", code=code, note="已安装")
    governance.plan(db, actor="wang", code=code, goal="消除储罐区泄漏无报警隐患", method="加装报警器并接入DCS",
                    funds=36000.0, resources="报警器两台", team="生产一车间整改组", owner="chen",
                    deadline=date(2026, 12, 20), safety="储罐区停止装卸", contingency="液氨泄漏专项应急预案",
                    basis="WH2017-12")
    assert hazard_queries.show_hazard(db, actor="wang", code=code)["plan_missing"] == []
    with pytest.raises(RuleViolation, match="治理方案 is incomplete or not approved"):
        hazard_service.submit(db, actor="chen", code=code, note="已安装")
    governance.approve_plan(db, actor="gao", code=code)
    assert hazard_service.submit(db, actor="chen", code=code, note="已安装")["state"] == "verifying"
    assert audit.verify(db)["ok"]


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@given(st.dates(min_value=date(1955, 1, 1), max_value=date(2100, 12, 31)),
       st.sampled_from(["{y}-{m}-{d}", "{y}/{m:02d}/{d:02d}", "{y}.{m}.{d}", "{y}年{m}月{d}日", "serial",
                        "{y}-{m:02d}-{d:02d} 08:30", "{y}年{m}月{d}日 8时30分"]))
def test_every_day_reads_back_in_every_form_a_sheet_writes(day, form):
    if form == "serial":
        written = (day - date(1899, 12, 30)).days
    else:
        written = form.format(y=day.year, m=day.month, d=day.day)
    assert day_of(written) == day
