"""隐患台账 rows (treatment, overdue, extensions, closing, local days, scope) and a workbook that fails
halfway leaving no file."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from dualprev.hazards.queries import hazard as hazard_queries


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
