"""The 统计分析表 (`queries.stats`) against the register of tests/support_stats.py, counted by hand:
rates with one decimal and None (—) when nothing was found, the original and the extended
deadline, local days at the period's edges, carried-over hazards by the rules, 漏检, the filing
deadline moved off a holiday, and the total as the sum of the rows for every register."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dualprev.hazards import config
from dualprev.hazards.errors import InvalidInput
from dualprev.hazards.queries import stats
from dualprev.hazards.services import enterprise as enterprise_service
from dualprev.hazards.services import hazard as hazard_service
from tests.support_stats import build

ZERO = dict.fromkeys(stats.COUNTS, 0)
NONE = {"general_rate": None, "major_rate": None, "on_time_original_rate": None, "on_time_rate": None}


def row(org, own=False, funds=0.0, **counts):
    out = {"org": org, "own": own, **ZERO, **NONE, "funds": funds}
    out.update(counts)
    return out


def shown(s):
    return [{k: v for k, v in r.items() if k != "yuan"} for r in [*s["rows"], s["total"]]]


@pytest.fixture
def q3(db, monkeypatch):
    codes = build(db, monkeypatch)
    monkeypatch.setenv("DUALPREV_NOW", "2026-11-24T10:00:00+08:00")
    return db, codes


def test_the_third_quarter_as_counted_by_hand(q3):
    db, _codes = q3
    s = stats.stats(db, actor="wang", quarter="2026Q3")
    assert shown(s) == [
        row("示范化工有限公司", own=True, general_found=1, general_rate=0.0),
        row("生产一车间", general_found=5, general_closed=3, general_rate=60.0, due_original=3,
            on_time_original=0, on_time_original_rate=0.0, due=3, on_time=1, on_time_rate=33.3,
            missed=3, funds=0.69),
        row("生产二车间", major_found=2, major_closed=1, major_rate=50.0, planned=1, plan_goal=1,
            plan_funds=1, plan_team=1, plan_deadline=1, plan_safety=1, supervised=2, supervised_closed=1,
            due_original=1, on_time_original=1, on_time_original_rate=100.0, due=1, on_time=1,
            on_time_rate=100.0, funds=2.0),
        row("设备部", general_found=1, general_rate=0.0, carried=1),
        row(None, general_found=7, general_closed=3, general_rate=42.9, major_found=2, major_closed=1,
            major_rate=50.0, planned=1, plan_goal=1, plan_funds=1, plan_team=1, plan_deadline=1,
            plan_safety=1, supervised=2, supervised_closed=1, due_original=4, on_time_original=1,
            on_time_original_rate=25.0, due=4, on_time=2, on_time_rate=50.0, missed=3, carried=1,
            funds=2.69),
    ]
    assert s["total"]["yuan"] == 26912.0
    assert s["period"] == {"key": "2026Q3", "kind": "quarter", "first": "2026-07-01", "last": "2026-09-30",
                           "complete": True}
    assert s["filing_deadline"] == {"date": "2026-10-15"}
    assert s["rule"] == {"include_carried": False,
                         "supervision_levels": ["enterprise", "county", "city", "province"]}
    assert s["enterprise"] is None and s["enterprises"] == 1  # no profile set yet


def test_a_unit_shows_its_own_subtree_and_another_quarter(q3):
    db, _codes = q3
    s = stats.stats(db, actor="wang", quarter="2026Q3", org="生产一车间")
    assert [r["org"] for r in s["rows"]] == ["生产一车间", "甲班"]  # its own row, then 甲班 (G2, 漏检)
    assert (s["rows"][0]["general_found"], s["rows"][1]["general_found"], s["rows"][1]["missed"]) == (4, 1, 3)
    assert s["total"]["general_found"] == 5
    q2 = stats.stats(db, actor="wang", quarter="2026Q2")
    assert shown(q2)[-1] == row(None, general_found=1, general_rate=0.0)  # G5, open
    q4 = stats.stats(db, actor="wang", quarter="2026Q4")
    # Q4 so far: G8 found; carried over: G3, G5, G7, G10, M2 (still open) and G4 (closed 10-10)
    assert (q4["total"]["general_found"], q4["total"]["carried"]) == (1, 6)
    assert q4["period"]["complete"] is False and q4["filing_deadline"]["date"] == "2027-01-15"


def test_carried_over_hazards_count_when_the_rules_say_so(q3, tmp_path, monkeypatch):
    db, _codes = q3
    rules = tmp_path / "rules.toml"
    rules.write_text("[stats]\ninclude_carried = true\nsupervision_levels = [\"county\"]\n", "utf-8")
    monkeypatch.setenv("DUALPREV_RULES", str(rules))
    config.rules.cache_clear()
    try:
        s = stats.stats(db, actor="wang", quarter="2026Q3")
    finally:
        monkeypatch.delenv("DUALPREV_RULES")
        config.rules.cache_clear()
    unit = {r["org"]: r for r in s["rows"]}["设备部"]
    assert (unit["general_found"], unit["carried"], unit["general_rate"]) == (2, 1, 0.0)  # G5 and G7
    assert s["total"]["supervised"] == 0  # the listings are the enterprise's own, not the county's
    assert s["rule"] == {"include_carried": True, "supervision_levels": ["county"]}


def test_the_year_and_the_profile_in_the_header(q3):
    db, _codes = q3
    enterprise_service.set_profile(db, actor="admin", org="示范化工有限公司", credit_code="91350100M000100Y43",
                                   registered_name="示范化工有限公司", principal="gao")
    s = stats.stats(db, actor="wang", year=2026)
    assert s["enterprise"]["name"] == "示范化工有限公司" and s["enterprise"]["credit_code"] == "91350100M000100Y43"
    assert s["enterprise"]["principal"] == "gao"
    # the year: every hazard but the voided one; G4 closed in October now counts as rectified
    assert (s["total"]["general_found"], s["total"]["general_closed"], s["total"]["major_found"]) == (9, 4, 2)
    assert s["filing_deadline"]["date"] == "2027-01-31"


def test_the_filing_deadline_moves_off_the_spring_festival(db):
    with db.read() as tx:  # 2025-01-31 fell in the 春节 holiday (28 January to 4 February)
        assert stats.filing_deadline(tx, stats.period(year=2024)) == {
            "date": "2025-02-05", "moved_from": "2025-01-31", "holiday": "Spring Festival"}
        assert stats.filing_deadline(tx, stats.period(quarter="2026q1")) == {"date": "2026-04-15"}


@pytest.mark.parametrize("quarter, year, message", [
    (None, None, "give the period as --quarter YYYYQn"),
    ("2026Q5", None, "is not a quarter"),
    ("Q1 2026", None, "is not a quarter"),
    (None, 1999, "give a period from 2000"),
    (None, 2030, "give a period from 2000 to 2027"),
])
def test_a_period_that_is_not_one_is_refused(quarter, year, message):
    with pytest.raises(InvalidInput, match=message):
        stats.period(quarter, year)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["示范化工有限公司", "生产一车间", "甲班", "设备部", "乙班"]),
                          st.sampled_from(["general", "major"]), st.integers(0, 300),
                          st.sampled_from(["open", "closed", "voided"])), max_size=12))
def test_the_total_is_the_sum_of_the_rows_and_rates_follow_the_counts(db, hazards):
    """For any register: each count of the total is the sum of the rows, every rate is its
    closed over found with one decimal (None when none was found), nothing exceeds what was found;
    each hazard not voided adds one to what was found (the examples pile up in one register)."""
    before = stats.stats(db, actor="wang", year=2026)["total"]
    base = datetime(2026, 1, 1, 9, tzinfo=config.timezone())
    for org, level, day, fate in hazards:
        code = hazard_service.report(db, actor="wang", title="隐患", org=org, level=level,
                                     found_at=base + timedelta(days=day))["code"]
        if fate == "voided":
            hazard_service.void(db, actor="wang", code=code, reason="误报")
        elif fate == "closed" and level == "general":
            hazard_service.fix_on_spot(db, actor="wang", code=code, measures="当场整改")
            hazard_service.verify(db, actor="li", code=code, passed=True)
    s = stats.stats(db, actor="wang", year=2026)
    for key in stats.COUNTS:
        assert s["total"][key] == sum(r[key] for r in s["rows"])
    for r in [*s["rows"], s["total"]]:
        assert r["general_closed"] <= r["general_found"] and r["major_closed"] <= r["major_found"]
        for level in ("general", "major"):
            found = r[f"{level}_found"]
            assert r[f"{level}_rate"] == (round(100 * r[f"{level}_closed"] / found, 1) if found else None)
    counted = [h for h in hazards if h[3] != "voided"]
    grown = sum(s["total"][f"{lv}_found"] - before[f"{lv}_found"] for lv in ("general", "major"))
    assert grown == len(counted)
    assert s["total"]["general_closed"] - before["general_closed"] == sum(
        h[1] == "general" and h[3] == "closed" for h in hazards)
