"""`import risks` at the use-case layer, on both databases: a 风险清单 laid out as enterprises keep it
(title row, the 风险点 merged down over its 危险源 rows, L/E/C columns, several 管控措施 in a
cell), its stated grades kept and reported when the factors disagree, and never imported twice."""

from __future__ import annotations

import openpyxl

from dualprev.hazards import audit
from dualprev.hazards.queries import risk as risk_queries
from dualprev.hazards.services import imports

HEADERS = ["序号", "风险点(单元)", "所在位置", "危险源/风险事件", "评价方法", "L", "E", "C", "S", "风险值D",
           "风险等级", "管控层级", "主要管控措施", "责任部门", "管控责任人"]


def risk_workbook(path, rows):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "风险分级管控清单"
    ws.cell(1, 1, "安全风险分级管控清单")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    for c, h in enumerate(HEADERS, start=1):
        ws.cell(2, c, h)
    for r, cells in enumerate(rows, start=3):
        for c, value in enumerate(cells, start=1):
            if value not in ("", None):
                ws.cell(r, c, value)
    # 液氨储罐区 spans its two 危险源 rows: merged down, as the sheets do
    for col in (1, 2, 3, 14, 15):
        ws.merge_cells(start_row=3, start_column=col, end_row=4, end_column=col)
    book.save(path)
    return path


ROWS = [
    [1, "液氨储罐区", "罐区", "液氨泄漏中毒", "LEC", 6, 6, 15, "", 540, "重大风险", "公司级",
     "1.泄漏报警联锁\n2.每班巡检", "生产一车间", "wang"],
    ["", "", "", "火灾爆炸", "LEC", 3, 6, 15, "", 270, "较大", "公司级", "动火作业审批；消防器材", "", ""],
    [2, "二号泵房", "泵房", "机械伤害", "LS", 3, "", "", 4, 12, "重大", "车间级", "防护罩、停机检修挂牌",
     "生产一车间", "王安全"],
    [3, "配电室", "配电室", "触电", "LEC", 11, 6, 15, "", "", "", "", "", "生产一车间", ""],
]


def test_a_risk_register_with_merged_points_and_stated_grades(db, tmp_path):
    result = imports.import_risks(db, actor="wang", path=str(risk_workbook(tmp_path / "清单.xlsx", ROWS)))
    assert (result["rows"], result["imported"], result["header_row"]) == (4, 2, 2)
    assert [(r["row"], r["column"]) for r in result["rejected"]] == [(6, "L")]
    assert "is not a value of the LEC table" in result["rejected"][0]["reason"]
    assert [(w["row"], w["column"]) for w in result["warnings"]] == [(5, "风险等级")]
    assert "stated 重大 but LS 3,4 gives 12, 一般: kept as stated" in result["warnings"][0]["reason"]
    risks = {r["name"]: r for r in risk_queries.iter_risks(db, actor="wang")}
    tank = risks["液氨储罐区"]
    assert (tank["grade"], tank["method"], tank["factors"], tank["score"]) == ("major", "lec", [6, 6, 15], 540)
    assert tank["sources"] == ["液氨泄漏中毒", "火灾爆炸"]
    assert tank["controls"] == ["泄漏报警联锁", "每班巡检", "动火作业审批", "消防器材"]
    assert (tank["responsible"], tank["control_level"], tank["org"]) == ("wang", "company", "生产一车间")
    pump = risks["二号泵房"]
    assert (pump["grade"], pump["score"], pump["control_level"], pump["responsible"]) == \
        ("major", 12, "workshop", "wang")
    assert pump["controls"] == ["防护罩", "停机检修挂牌"]
    shown = risk_queries.show(db, actor="wang", code=pump["code"])
    assert "按台账记载" in shown["assessments"][-1]["note"]
    assert audit.verify(db)["ok"]
    again = imports.import_risks(db, actor="wang", path=str(risk_workbook(tmp_path / "b.xlsx", ROWS)))
    assert (again["imported"], again["skipped"]) == (0, 3)


def test_the_register_s_own_risk_list_reads_back(db, tmp_path):
    from dualprev.hazards import reports

    imports.import_risks(db, actor="wang", path=str(risk_workbook(tmp_path / "a.xlsx", ROWS[:3])))
    out = tmp_path / "risks.xlsx"
    reports.risk_ledger(risk_queries.iter_risks(db, actor="wang"), "xlsx", "zh", None, path=str(out))
    again = imports.import_risks(db, actor="wang", path=str(out))  # the same register: all known
    assert (again["imported"], again["skipped"], again["rejected"]) == (0, 2, [])
    assert [w["column"] for w in again["warnings"]] == ["风险等级"]  # the stated grade, still stated
