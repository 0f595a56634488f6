"""A register counted by hand for the 统计分析表 (`report stats`): 2026Q3 in Shanghai time, each step
done at its own moment (DUALPREV_NOW), so found, closed and listed fall where the counts say.

By hand, for 2026Q3 (2026-07-01 ~ 2026-09-30 local):

| unit | 一般 found/closed | 重大 found/closed | on time orig | on time ext | carried | missed |
| 示范化工有限公司 (本级) | 1 / 0 (G10) | | | | | |
| 生产一车间 (+甲班) | 5 / 3 (G1 G2 G3 G4 G9) | | 0 of 3 | 1 of 3 | | 3 |
| 生产二车间 (+乙班) | | 2 / 1 (M1 M2), planned 1, listed 2/1 | 1 of 1 | 1 of 1 | | |
| 设备部 | 1 / 0 (G7) | | | | 1 (G5) | |

G1 closed 00:30 local the day after its deadline (still the deadline day in UTC): late. G2 extended
from 08-10 to 08-31, closed 08-25: late by the original, on time by the extension. G3 open past
its deadline. G4 closed 10-10: not rectified in Q3, its deadline after Q3: not due. G9 fixed on
the spot: no deadline. G6 voided. G7 found 23:30 on 30 September local, G8 00:30 on 1 October
local (still 30 September in UTC): G8 is Q4's. Funds: G1 1234 + G2 5678 + M1 20000 元 = 2.69 万元.
"""

from __future__ import annotations

from datetime import date

from dualprev.hazards.config import parse_instant
from dualprev.hazards.services import governance, supervision
from dualprev.hazards.services import hazard as hazard_service
from dualprev.hazards.services import inspection


def build(db, monkeypatch) -> dict[str, str]:
    def at(stamp):
        monkeypatch.setenv("DUALPREV_NOW", stamp if "T" in stamp else f"{stamp}T10:00:00+08:00")

    def found(title, org, stamp, **kw):
        at(stamp)
        return hazard_service.report(db, actor="wang", title=title, org=org, found_at=parse_instant(
            stamp if "T" in stamp else f"{stamp}T09:00:00+08:00"), **kw)["code"]

    def close(code, stamp, owner="chen"):
        at(stamp)
        hazard_service.submit(db, actor=owner, code=code, note="已整改")
        hazard_service.verify(db, actor="li", code=code, passed=True)

    codes = {}
    codes["G1"] = found("护栏缺失", "生产一车间", "2026-07-05")
    hazard_service.assign(db, actor="wang", code=codes["G1"], owner="chen", deadline=date(2026, 7, 20),
                          measures="加装护栏", cost=1234)
    close(codes["G1"], "2026-07-21T00:30:00+08:00")
    codes["G2"] = found("消防通道堵塞", "甲班", "2026-08-01")
    hazard_service.assign(db, actor="wang", code=codes["G2"], owner="liu", deadline=date(2026, 8, 10),
                          measures="清理通道", cost=5678)
    at("2026-08-09")
    hazard_service.extend(db, actor="zhao", code=codes["G2"], deadline=date(2026, 8, 31), reason="等待备件")
    close(codes["G2"], "2026-08-25", owner="liu")
    codes["G3"] = found("照明不足", "生产一车间", "2026-09-10")
    hazard_service.assign(db, actor="wang", code=codes["G3"], owner="chen", deadline=date(2026, 9, 20),
                          measures="增设灯具")
    codes["G4"] = found("标识脱落", "生产一车间", "2026-09-28")
    hazard_service.assign(db, actor="wang", code=codes["G4"], owner="chen", deadline=date(2026, 10, 15),
                          measures="重新张贴")
    close(codes["G4"], "2026-10-10")
    codes["G9"] = found("地面油污", "生产一车间", "2026-07-06")
    hazard_service.fix_on_spot(db, actor="wang", code=codes["G9"], measures="清理油污")
    hazard_service.verify(db, actor="li", code=codes["G9"], passed=True)
    codes["G5"] = found("配电箱未上锁", "设备部", "2026-06-20")
    codes["G6"] = found("重复上报", "设备部", "2026-07-02")
    hazard_service.void(db, actor="wang", code=codes["G6"], reason="重复")
    codes["G7"] = found("灭火器过期", "设备部", "2026-09-30T23:30:00+08:00")
    codes["G8"] = found("灭火器缺失", "设备部", "2026-10-01T00:30:00+08:00")
    codes["G10"] = found("厂区道路破损", "示范化工有限公司", "2026-08-15")

    codes["M1"] = found("液氨储罐区报警器失效", "乙班", "2026-07-10", level="major")
    governance.plan(db, actor="wang", code=codes["M1"], goal="恢复泄漏检测报警", method="更换报警器",
                    funds=20000, resources="报警器两台", team="生产二车间整改组", owner="wu",
                    deadline=date(2026, 9, 30), safety="停止装卸作业", contingency="人工巡检,备用检测仪",
                    basis="WH2017-12")
    governance.approve_plan(db, actor="gao", code=codes["M1"])
    hazard_service.assign(db, actor="wang", code=codes["M1"], cost=20000)
    at("2026-09-14")
    hazard_service.submit(db, actor="wu", code=codes["M1"], note="已更换")
    governance.evaluate(db, actor="wang", code=codes["M1"], by="公司技术人员和专家", conclusion="整改完成")
    supervision.request_writeoff(db, actor="wu", code=codes["M1"], note="已更换报警器")
    supervision.approve(db, actor="zhao", code=codes["M1"])
    at("2026-09-15")
    hazard_service.verify(db, actor="li", code=codes["M1"], passed=True)
    codes["M2"] = found("反应釜安全阀失效", "生产二车间", "2026-09-01", level="major")

    # a daily plan at 甲班 from 28 September: the tick at 24 November misses every task since, three in Q3
    at("2026-09-27")
    checklist = inspection.add_checklist(db, actor="wang", name="甲班日查", items=["消防通道畅通"], org="甲班")
    inspection.add_plan(db, actor="wang", name="甲班日查", checklist=checklist["id"], org="甲班",
                        cadence_name="daily", assignee="liu", start=date(2026, 9, 28))
    at("2026-11-24")
    from dualprev.schedules.tick import tick

    tick(db)
    return codes
