"""`dualprev db check`: is the register whole? Each check reads, changes nothing, and counts its
findings; any finding makes the command exit 1 (the kill -9 harness runs it after every kill).

The checks: SQLite's ``integrity_check``, the schema revision against this program's head, the
audit chains (``audit.verify``), orphan rows (a foreign key naming a row that is gone, and events
of hazards that are gone), notifications left in ``sending`` past their lease, and inspection
tasks or ladder steps recorded twice (the unique keys forbid both; a copied or hand-edited
register may not have them).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dualprev.hazards import audit, migrate
from dualprev.hazards.db import Database, Tx

DUPLICATES = {  # check name -> (table, the columns that must be unique together, by preference)
    "duplicate_tasks": ("inspection_task", (("plan_id", "starts_at"), ("plan_id", "period_start"))),
    "duplicate_ladder_steps": ("escalation_step", (("hazard_id", "step"),)),
}


def _finding(name: str, count: int, detail: str) -> dict[str, Any]:
    return {"check": name, "ok": count == 0, "findings": count, "detail": detail}


def _integrity(db: Database, tx: Tx) -> dict[str, Any]:
    if not db.is_sqlite:
        return _finding("integrity", 0, "PostgreSQL keeps its own pages consistent (not applicable)")
    problems = [r[0] for r in tx.run("PRAGMA integrity_check").all()]
    bad = [p for p in problems if p != "ok"]
    return _finding("integrity", len(bad), "; ".join(bad[:3]) if bad else "ok")


def _revision(db: Database) -> dict[str, Any]:
    current, head = migrate.current_revision(db), migrate.head()
    if current == head:
        return _finding("revision", 0, f"at head {head}")
    if current in migrate.known_revisions():
        return _finding("revision", 1, f"at {current}, older than head {head}: run `dualprev init`")
    return _finding("revision", 1, f"at {current}, which this dualprev does not know: upgrade dualprev")


def _audit(db: Database) -> dict[str, Any]:
    result = audit.verify(db)
    if result["ok"]:
        return _finding("audit", 0, f"{result['checked']} events in {result['chains']} chains intact")
    return _finding("audit", 1, result["message"])


def _orphans(tx: Tx, inspector, tables: set[str]) -> dict[str, Any]:
    found: list[str] = []
    total = 0
    for table in sorted(tables):
        for fk in inspector.get_foreign_keys(table):
            if len(fk["constrained_columns"]) != 1:
                continue
            col, ref, ref_col = fk["constrained_columns"][0], fk["referred_table"], fk["referred_columns"][0]
            n = tx.scalar(f"SELECT count(*) FROM {table} t WHERE t.{col} IS NOT NULL AND NOT EXISTS"
                          f" (SELECT 1 FROM {ref} r WHERE r.{ref_col} = t.{col})")
            if n:
                total += n
                found.append(f"{table}.{col} -> {ref}: {n}")
    n = {"hazard_event", "hazard"} <= tables and tx.scalar(
        "SELECT count(DISTINCT subject_id) FROM hazard_event e WHERE subject = 'hazard'"
        " AND NOT EXISTS (SELECT 1 FROM hazard h WHERE h.id = e.subject_id)")
    if n:
        total += n
        found.append(f"hazard_event of missing hazards: {n}")
    return _finding("orphans", total, "; ".join(found) if found else "none")


def _stuck(tx: Tx, now: datetime) -> dict[str, Any]:
    n = tx.scalar("SELECT count(*) FROM notification WHERE state = 'sending'"
                  " AND (claimed_until IS NULL OR claimed_until < :now)", {"now": tx.ts(now)})
    return _finding("outbox_stuck", n, f"{n} notifications in sending past their lease" if n else "none")


def _duplicates(tx: Tx, inspector, name: str) -> dict[str, Any]:
    """Rows sharing the table's unique key: the first key whose columns the table has (tasks are
    keyed by their start instant once rounds exist, by their first day before)."""
    table, choices = DUPLICATES[name]
    have = {c["name"] for c in inspector.get_columns(table)}
    keys = ", ".join(next(cols for cols in choices if set(cols) <= have))
    n = tx.scalar(f"SELECT count(*) FROM (SELECT {keys} FROM {table} GROUP BY {keys}"
                  " HAVING count(*) > 1) d")
    return _finding(name, n, f"{n} ({keys}) recorded more than once" if n else "none")


def check(db: Database, *, now: datetime) -> dict[str, Any]:
    """Run every check; ``ok`` is true only when none has a finding. Checks of tables an older
    revision lacks are left out (the revision check names that revision)."""
    from sqlalchemy import inspect

    checks = [_revision(db)]
    with db.read() as tx:
        inspector = inspect(tx.conn)
        tables = set(inspector.get_table_names())
        checks.insert(0, _integrity(db, tx))
        checks.append(_orphans(tx, inspector, tables))
        if "notification" in tables:
            checks.append(_stuck(tx, now))
        checks.extend(_duplicates(tx, inspector, name) for name, (table, _keys) in DUPLICATES.items()
                      if table in tables)
    if "hazard_event" in tables:
        checks.insert(2, _audit(db))
    return {"ok": all(c["ok"] for c in checks), "checks": checks,
            "findings": sum(c["findings"] for c in checks)}
