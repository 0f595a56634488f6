"""Workbooks and CSV files made the way real 台账 look: a title row merged over the width, a note
row, synonym headers, dates written five ways, a unit merged down several rows, bad rows."""

from __future__ import annotations

from datetime import date, datetime

import openpyxl

TITLE = "示范化工有限公司 2026年度隐患排查治理台账"
HEADERS = ["序号", "隐患编号", "存在问题", "检查部位", "隐患级别", "隐患类型", "排查日期", "检查人",
           "责任部门", "整改责任人", "整改措施", "整改时限", "整改费用(元)", "是否整改", "验收人",
           "验收时间", "备注"]
ROWS = [
    # a closed one: Excel datetime cells
    [1, "", "消防通道堆放杂物", "二号仓库", "一般", "管理", datetime(2026, 3, 5, 9, 30), "wang", "生产一车间",
     "chen", "清理杂物", date(2026, 3, 10), "0", "已整改", "li", datetime(2026, 3, 9, 16, 0), ""],
    # rectifying: 2026/03/05, a date written in Chinese
    [2, "", "配电柜门未关闭", "配电室", "一般隐患", "物", "2026/03/05", "王安全", "生产一车间", "chen",
     "加装门锁", "2026年12月20日", "1,200", "整改中", "", "", ""],
    # reported: 2026.3.5, nobody assigned yet
    [3, "", "安全标识缺失", "罐区", "一般", "", "2026.3.5", "wang", "设备部", "", "", "", "", "未整改",
     "", "", ""],
    # an Excel serial number and 2026-3-5 form; verified by the owner himself: rejected
    [4, "", "防护罩损坏", "机加工区", "一般", "物", 46086, "wang", "生产一车间", "chen", "更换防护罩",
     "2026-3-20", "", "已整改", "chen", "2026-3-19", ""],
    # an unknown person: rejected (or created)
    [5, "", "灭火器过期", "办公楼", "一般", "物", "2026-04-01", "赵六", "生产一车间", "chen", "更换",
     "2026-04-10", "", "未整改", "", "", "临时工"],
    # a date that is no date: rejected
    [6, "", "梯子无防滑", "仓库", "一般", "物", "上周三", "wang", "生产一车间", "", "", "", "", "", "", "", ""],
]


def ledger_workbook(path, rows=ROWS, headers=HEADERS, sheet="隐患台账", merge_org=False):
    """A workbook as a safety office keeps it: the title merged across, a note row, then the
    header; ``merge_org`` merges the 责任部门 of rows 1-2 (the sheet's rows 4-5) into one cell."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    ws.cell(1, 1, TITLE)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws.cell(2, 1, "填表单位: 安全环保部        填表日期: 2026-11-20")
    for c, h in enumerate(headers, start=1):
        ws.cell(3, c, h)
    for r, cells in enumerate(rows, start=4):
        for c, value in enumerate(cells, start=1):
            if value != "":
                ws.cell(r, c, value)
    if merge_org:
        col = headers.index("责任部门") + 1
        ws.cell(5, col).value = None
        ws.merge_cells(start_row=4, start_column=col, end_row=5, end_column=col)
    book.save(path)
    return path


def ledger_csv(path, rows=ROWS, headers=HEADERS, encoding="gb18030"):
    """The same ledger saved by Excel as CSV (GB18030 by default, as Chinese Excel writes)."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([TITLE])
    writer.writerow(headers)
    for cells in rows:
        writer.writerow([v.strftime("%Y-%m-%d %H:%M") if isinstance(v, datetime) else
                         v.isoformat() if isinstance(v, date) else v for v in cells])
    path.write_bytes(out.getvalue().encode(encoding))
    return path
