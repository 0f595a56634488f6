"""The numbers the HTML reports draw (`queries.hazard.summary`), counted by hand on small
registers: months in local time, voided hazards left out, 整改率 per unit, the filters applied."""

from __future__ import annotations

from datetime import date

from dualprev.hazards.config import parse_instant
from dualprev.hazards.queries.hazard import summary
from dualprev.hazards.services import hazard as hazard_service


def test_summary_of_the_ledger_register(ledger_db):
    db, _codes = ledger_db
    s = summary(db, actor="wang")
    # found 11-20 (closed on the 24th), 11-01 major overdue, 11-02 extended, 11-19 23:59 local;
    # the voided one is not counted
    assert [m["month"] for m in s["months"]] == ["2025-12", *(f"2026-{m:02d}" for m in range(1, 12))]
    assert s["months"][-1] == {"month": "2026-11", "found": 4, "closed": 1}
    assert all(m["found"] == m["closed"] == 0 for m in s["months"][:-1])
    assert s["levels"] == {"general": 3, "major": 1}
    assert s["units"] == [
        {"org": "生产一车间", "found": 3, "closed": 1, "overdue": 1, "rate": 33.3},
        {"org": "设备部", "found": 1, "closed": 0, "overdue": 0, "rate": 0.0},
    ]


def test_summary_months_are_local_and_follow_the_filters(db):
    def report(title, found, level="general"):
        return hazard_service.report(db, actor="wang", title=title, org="生产一车间", level=level,
                                     found_at=parse_instant(found))["code"]

    report("十月最后半小时", "2026-10-31T23:30:00+08:00")  # 15:30 UTC: October in Shanghai
    report("十一月第一个半小时", "2026-11-01T00:30:00+08:00")  # still 31 October in UTC
    report("去年", "2025-11-30T12:00:00+08:00")  # thirteen months back: outside the window
    s = summary(db, actor="wang")
    months = {m["month"]: m["found"] for m in s["months"]}
    assert months["2026-10"] == 1 and months["2026-11"] == 1 and "2025-11" not in months
    assert s["levels"] == {"general": 3, "major": 0}  # the levels count every month

    to_october = summary(db, actor="wang", found_to=date(2026, 10, 31))
    assert to_october["months"][-1] == {"month": "2026-10", "found": 1, "closed": 0}
    assert to_october["months"][0]["month"] == "2025-11" and to_october["months"][0]["found"] == 1
    assert summary(db, actor="wang", org="设备部") == {
        "months": [{**m, "found": 0, "closed": 0} for m in s["months"]],
        "levels": {"general": 0, "major": 0}, "units": []}
