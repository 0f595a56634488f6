"""Operations on the whole register: a backup taken while others write is consistent, never
overwrites a file; a restore refuses to lose events, keeps the replaced register aside and
verifies the result; `db check` finds each kind of damage it names."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from datetime import timedelta

import pytest

from dualprev.hazards import audit, config
from dualprev.hazards.db import open_db
from dualprev.hazards.errors import DomainError, InvalidInput, SchemaMismatch
from dualprev.hazards.queries import health
from dualprev.hazards.services import hazard as hazard_service
from dualprev.hazards.services import operations
from tests.support import drop_guards


def report(db, title="护栏缺失"):
    return hazard_service.report(db, actor="wang", title=title, org="生产一车间")["code"]


def count(path, sql="SELECT count(*) FROM hazard"):
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchone()[0]


def findings(db):
    return {c["check"]: c["findings"] for c in health.check(db, now=config.now())["checks"]}


SQLITE = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
POSTGRES = pytest.mark.parametrize("db_url", [pytest.param("postgres", marks=pytest.mark.postgres)],
                                   indirect=True)


@pytest.fixture
def sqlite_db(db):
    """The `db` register; the tests that take it run on SQLite only (@SQLITE)."""
    return db


@SQLITE
def test_backup_while_another_process_writes_is_consistent(sqlite_db, tmp_path):
    db = sqlite_db
    stop = threading.Event()
    written = []

    def writer():
        while not stop.is_set():
            written.append(report(db, f"并发写入 {len(written)}"))

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 5:
            pass
        results = [operations.backup(db, path=str(tmp_path / f"b{i}.db")) for i in range(3)]
    finally:
        stop.set()
        thread.join()
    for r in results:
        assert count(r["file"]) >= 5
        copy = open_db(f"sqlite:///{r['file']}")
        assert audit.verify(copy)["ok"] and audit.verify(copy)["checked"] == r["events"]
        assert health.check(copy, now=config.now())["ok"]
    assert count(db.sqlite_path) == len(written)


@SQLITE
def test_backup_never_overwrites(sqlite_db, tmp_path):
    db = sqlite_db
    existing = tmp_path / "old-backup.db"
    existing.write_bytes(b"keep me")
    with pytest.raises(InvalidInput, match="exists: a backup never overwrites"):
        operations.backup(db, path=str(existing))
    assert existing.read_bytes() == b"keep me"
    before = (tmp_path / "register.db").read_bytes()
    for own in ("register.db", "register.db-wal", "files/x.db"):
        with pytest.raises(InvalidInput):
            operations.backup(db, path=str(tmp_path / own))
    assert (tmp_path / "register.db").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".part")) == []


@SQLITE
def test_restore_refuses_to_lose_events_and_keeps_the_replaced_register(sqlite_db, tmp_path):
    db = sqlite_db
    report(db, "备份前")
    backup = operations.backup(db, path=str(tmp_path / "b.db"))["file"]
    report(db, "备份后")
    with pytest.raises(DomainError, match="holds 1 event that backup .* lacks"):
        operations.restore(db, path=backup)
    assert count(db.sqlite_path) == 2
    r = operations.restore(db, path=backup, force=True)
    assert r["audit"]["ok"] and r["kept"]
    assert count(db.sqlite_path) == 1
    assert count(r["kept"]) == 2  # the replaced register, whole, beside it
    assert audit.verify(open_db(f"sqlite:///{r['kept']}"))["ok"]
    # a backup that holds everything the register has restores without --force
    again = operations.restore(db, path=backup)
    assert again["audit"]["ok"] and count(db.sqlite_path) == 1


@SQLITE
def test_restore_refuses_what_is_not_a_backup(sqlite_db, tmp_path):
    db = sqlite_db
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database" * 100)
    with pytest.raises(InvalidInput, match="not a dualprev SQLite backup"):
        operations.restore(db, path=str(junk))
    with pytest.raises(InvalidInput, match="is the register itself"):
        operations.restore(db, path=db.sqlite_path)
    newer = tmp_path / "newer.db"
    shutil.copy(operations.backup(db, path=str(tmp_path / "b.db"))["file"], newer)
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(SchemaMismatch, match="newer than this dualprev knows"):
        operations.restore(db, path=str(newer))
    assert findings(db)["audit"] == 0


@SQLITE
def test_restore_into_a_new_register(sqlite_db, tmp_path):
    report(sqlite_db)
    backup = operations.backup(sqlite_db, path=str(tmp_path / "b.db"))["file"]
    fresh = open_db(f"sqlite:///{tmp_path / 'elsewhere' / 'new.db'}")
    r = operations.restore(fresh, path=backup)
    assert r["kept"] is None and r["audit"]["ok"] and count(fresh.sqlite_path) == 1


def test_check_of_a_whole_register_finds_nothing(db):
    report(db)
    r = health.check(db, now=config.now())
    assert r["ok"] and r["findings"] == 0
    assert [c["check"] for c in r["checks"]] == [
        "integrity", "revision", "audit", "orphans", "outbox_stuck", "duplicate_tasks",
        "duplicate_ladder_steps"]


def test_check_finds_stuck_outbox_rows(db):
    now = config.now()
    with db.write() as tx:
        tx.run("INSERT INTO notification (enterprise_id, recipient, event, subject, body, state,"
               " attempts, next_attempt_at, claimed_until, created_at) VALUES (1, 'chen', 'warn', 's',"
               " 'b', 'sending', 1, :t, :until, :t)", {"t": tx.ts(now), "until": tx.ts(now - timedelta(
                   minutes=5))})
        tx.run("INSERT INTO notification (enterprise_id, recipient, event, subject, body, state,"
               " attempts, next_attempt_at, claimed_until, created_at) VALUES (1, 'chen', 'warn', 's',"
               " 'b', 'sending', 1, :t, :until, :t)", {"t": tx.ts(now), "until": tx.ts(now + timedelta(
                   seconds=30))})  # a sender still holds its lease: not stuck
    assert findings(db)["outbox_stuck"] == 1


def _unconstrained(path, table):
    """Rebuild ``table`` without its constraints, as a hand-copied register might be."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute(f"CREATE TABLE copy AS SELECT * FROM {table}")
    conn.execute(f"DROP TABLE {table}")
    conn.execute(f"ALTER TABLE copy RENAME TO {table}")
    conn.commit()
    return conn


@SQLITE
def test_check_finds_orphans_duplicates_and_tampering(sqlite_db):
    db = sqlite_db
    code = report(db)
    hazard_service.assign(db, actor="wang", code=code, owner="chen", deadline=config.today(),
                          measures="加装")
    db.dispose()
    conn = _unconstrained(db.sqlite_path, "escalation_step")
    for _ in range(2):
        conn.execute("INSERT INTO escalation_step (enterprise_id, hazard_id, step, deadline, fired_at)"
                     " VALUES (1, 1, 'warn', '2026-11-24', '2026-11-24 00:00:00.000000')")
    conn.commit()
    conn.close()
    conn = _unconstrained(db.sqlite_path, "inspection_task")
    for _ in range(2):
        conn.execute("INSERT INTO inspection_task (plan_id, period_start) VALUES (7, '2026-11-24')")
    conn.execute("INSERT INTO extension (enterprise_id, hazard_id, old_deadline, new_deadline, reason,"
                 " by, at) VALUES (1, 999, '2026-11-24', '2026-11-30', 'x', 'zhao',"
                 " '2026-11-24 00:00:00.000000')")
    drop_guards(conn)
    conn.execute("UPDATE hazard_event SET comment = 'edited' WHERE seq = 2 AND enterprise_id = 1")
    conn.commit()
    conn.close()
    found = findings(db)
    assert found["duplicate_ladder_steps"] == 1 and found["duplicate_tasks"] == 1
    assert found["orphans"] == 1
    assert found["audit"] == 1
    assert found["integrity"] == 0 and found["revision"] == 0


@POSTGRES
def test_pg_backup_with_pg_dump(db, tmp_path):
    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed here")
    report(db)
    r = operations.backup(db, path=str(tmp_path / "pg.dump"))
    assert r["tool"] == "pg_dump -Fc" and r["events"] >= 1
    assert (tmp_path / "pg.dump").read_bytes()[:5] == b"PGDMP"


@POSTGRES
def test_pg_backup_without_pg_dump_names_it(db, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(DomainError, match="pg_dump is not on PATH"):
        operations.backup(db, path=str(tmp_path / "pg.dump"))
    assert not (tmp_path / "pg.dump").exists()
