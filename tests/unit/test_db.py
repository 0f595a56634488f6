"""The database layer: SQLite's direct-cursor results behave like SQLAlchemy's; stored instants
read back as the same ISO text whichever path formats them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import MultipleResultsFound, NoResultFound

from dualprev.hazards.db import as_instant, iso_instant


@pytest.mark.parametrize("instant", [
    datetime(2026, 11, 24, 2, 0, tzinfo=UTC),
    datetime(2026, 11, 24, 2, 0, 0, 123456, tzinfo=UTC),
    datetime(2024, 2, 29, 23, 59, 59, 1, tzinfo=UTC),
])
def test_iso_instant_matches_parsing(db, instant):
    with db.write() as tx:
        tx.run("INSERT INTO audit_head (enterprise_id, seq, hash) VALUES (999, 0, 'x')")
        tx.run("INSERT INTO hazard_event (enterprise_id, seq, prev_hash, hash, subject, subject_id,"
               " ref, event, actor, at, data) VALUES (999, 1, 'x', 'y', 's', 1, 'r', 'e', 'a', :at,"
               " '{}')", {"at": tx.ts(instant)})
    with db.read() as tx:
        stored = tx.scalar("SELECT at FROM hazard_event WHERE enterprise_id = 999")
    assert iso_instant(stored) == as_instant(stored).isoformat() == instant.isoformat()


def test_iso_instant_of_nothing_and_of_aware_values():
    assert iso_instant(None) is None
    from zoneinfo import ZoneInfo

    shanghai = datetime(2026, 11, 24, 18, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert iso_instant(shanghai) == "2026-11-24T10:00:00+00:00"


def test_results_read_alike_on_every_backend(db):
    with db.read() as tx:
        rows = tx.run("SELECT login, name FROM person WHERE login IN ('wang', 'li') ORDER BY login").all()
        assert [tuple(r) for r in rows] == [("li", "李复核"), ("wang", "王安全")]
        assert rows[0].login == "li" and rows[1][1] == "王安全"
        first = tx.run("SELECT login FROM person WHERE login = 'wang'").first()
        assert first.login == "wang"
        assert tx.run("SELECT login FROM person WHERE login = 'nobody'").first() is None
        assert tx.run("SELECT count(*) FROM person WHERE login = 'wang'").scalar() == 1
        assert dict(tx.one("SELECT login, name FROM person WHERE login = 'li'")) == {
            "login": "li", "name": "李复核"}
        assert [dict(m) for m in tx.run("SELECT login FROM person WHERE login = 'li'").mappings()] == [
            {"login": "li"}]
        assert tx.run("SELECT login FROM person WHERE login = 'li'").one().login == "li"
        with pytest.raises(NoResultFound):
            tx.run("SELECT login FROM person WHERE login = 'nobody'").one()
        with pytest.raises(MultipleResultsFound):
            tx.run("SELECT login FROM person").one()
        assert list(tx.stream("SELECT login FROM person WHERE login = 'li'")) == [{"login": "li"}]
    with db.write() as tx:
        done = tx.run("UPDATE person SET name = name WHERE login IN ('wang', 'li')")
        assert done.rowcount == 2
