"""Overdue: the deadline date ends at local midnight in the configured zone."""

from __future__ import annotations

from datetime import date

import pytest

from dualprev.hazards import config
from dualprev.hazards.queries import hazard as hazard_queries
from dualprev.hazards.services import hazard as hazard_service


@pytest.fixture
def due_today(db):
    """A hazard in 整改 whose deadline is 2026-11-24."""
    code = hazard_service.report(db, actor="wang", title="t", org="生产一车间")["code"]
    hazard_service.assign(db, actor="wang", code=code, owner="chen", deadline=date(2026, 11, 24), measures="m")
    return code


def overdue_codes(db):
    return [h["code"] for h in hazard_queries.iter_hazards(db, actor="wang", overdue=True)]


@pytest.mark.parametrize("now, overdue", [
    ("2026-11-24T23:59:59+08:00", False),   # last second of the deadline day in Shanghai
    ("2026-11-25T00:00:00+08:00", True),    # local midnight: overdue
    ("2026-11-24T15:59:59+00:00", False),   # the same two instants written in UTC
    ("2026-11-24T16:00:00+00:00", True),
])
def test_day_boundary_in_shanghai(due_today, db, monkeypatch, now, overdue):
    monkeypatch.setenv("DUALPREV_NOW", now)
    assert overdue_codes(db) == ([due_today] if overdue else [])
    assert hazard_queries.show_hazard(db, actor="wang", code=due_today)["overdue"] is overdue


def test_the_configured_zone_decides(due_today, db, monkeypatch, tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text('[site]\ntimezone = "America/New_York"\n', encoding="utf-8")
    monkeypatch.setenv("DUALPREV_RULES", str(rules))
    config.rules.cache_clear()
    try:
        # 2026-11-25 08:00 in Shanghai is still 2026-11-24 19:00 in New York: not overdue there
        monkeypatch.setenv("DUALPREV_NOW", "2026-11-25T08:00:00+08:00")
        assert overdue_codes(db) == []
        monkeypatch.setenv("DUALPREV_NOW", "2026-11-25T00:00:00-05:00")
        assert overdue_codes(db) == [due_today]
    finally:
        monkeypatch.delenv("DUALPREV_RULES")
        config.rules.cache_clear()


def test_closed_and_voided_are_never_overdue(due_today, db, monkeypatch):
    monkeypatch.setenv("DUALPREV_NOW", "2026-12-01T09:00:00+08:00")
    hazard_service.submit(db, actor="chen", code=due_today)
    assert overdue_codes(db) == [due_today]  # waiting for 复核 is still open
    hazard_service.verify(db, actor="li", code=due_today, passed=True)
    assert overdue_codes(db) == []


def test_overdue_report_counts_days_and_extensions(due_today, db, monkeypatch):
    hazard_service.extend(db, actor="zhao", code=due_today, deadline=date(2026, 11, 26), reason="r")
    monkeypatch.setenv("DUALPREV_NOW", "2026-11-30T09:00:00+08:00")
    (row,) = list(hazard_queries.overdue_report(db, actor="wang"))
    assert (row["code"], row["days_overdue"], row["extensions"]) == (due_today, 4, 1)
    assert (row["original_deadline"], row["deadline"]) == ("2026-11-24", "2026-11-26")
