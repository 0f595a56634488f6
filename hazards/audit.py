"""The audit trail: events hash-chained per enterprise, and the check that finds tampering.

Each event's hash covers its content and the previous event's hash in the same chain; the chain's
head (last sequence number and hash) is kept in ``audit_head``. Appending locks only that
enterprise's head row, so writers in different enterprises never wait for each other, and
``UNIQUE(enterprise_id, seq)`` keeps a chain linear under concurrent writers.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from dualprev.hazards.db import Database, Tx, as_instant
from dualprev.hazards.errors import Conflict
from dualprev.hazards.identity import os_account

GENESIS = "0" * 64
SYSTEM_CHAIN = 0  # events of the database itself (the first admin), outside any enterprise


def canonical(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def digest(enterprise_id: int, seq: int, prev_hash: str, subject: str, subject_id: int, ref: str,
           event: str, from_state: str | None, to_state: str | None, actor: str, at: datetime,
           comment: str | None, data: str, os_user: str | None = None) -> str:
    """The event's SHA-256. ``os_user`` joins the hashed list only when it is set, so the events
    written before it existed (NULL) keep the hash they were given."""
    stamp = at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    fields: list[Any] = [enterprise_id, seq, prev_hash, subject, subject_id, ref, event, from_state,
                         to_state, actor, stamp, comment, data]
    if os_user is not None:
        fields.append(os_user)
    body = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


HEAD_SQL = "SELECT seq, hash FROM audit_head WHERE enterprise_id = :e"
INSERT_SQL = (
    "INSERT INTO hazard_event (enterprise_id, seq, prev_hash, hash, subject, subject_id, ref, event,"
    " from_state, to_state, actor, at, comment, data, os_user) VALUES (:e, :seq, :prev, :hash,"
    " :subject, :subject_id, :ref, :event, :from_state, :to_state, :actor, :at, :comment, :data,"
    " :os_user)"
)
MOVE_HEAD_SQL = "UPDATE audit_head SET seq = :seq, hash = :hash WHERE enterprise_id = :e AND seq = :old"


def start_chain(tx: Tx, enterprise_id: int) -> None:
    tx.run("INSERT INTO audit_head (enterprise_id, seq, hash) VALUES (:e, 0, :h)",
           {"e": enterprise_id, "h": GENESIS})


def append(tx: Tx, *, enterprise_id: int, subject: str, subject_id: int, ref: str, event: str,
           actor: str, at: datetime, from_state: str | None = None, to_state: str | None = None,
           comment: str | None = None, data: dict[str, Any] | None = None) -> int:
    """Add one event to the enterprise's chain inside the caller's transaction; returns its seq."""
    head = tx.one(HEAD_SQL + tx.lock, {"e": enterprise_id})
    if head is None:
        raise Conflict(f"enterprise {enterprise_id} has no audit chain; run `dualprev init`")
    seq = head["seq"] + 1
    text = canonical(data or {})
    account = os_account()
    new_hash = digest(enterprise_id, seq, head["hash"], subject, subject_id, ref, event,
                      from_state, to_state, actor, at, comment, text, account)
    tx.run(INSERT_SQL, {
        "e": enterprise_id, "seq": seq, "prev": head["hash"], "hash": new_hash,
        "subject": subject, "subject_id": subject_id, "ref": ref, "event": event,
        "from_state": from_state, "to_state": to_state, "actor": actor, "at": tx.ts(at),
        "comment": comment, "data": text, "os_user": account,
    })
    moved = tx.run(MOVE_HEAD_SQL, {"seq": seq, "hash": new_hash, "e": enterprise_id,
                                   "old": head["seq"]})
    if moved.rowcount != 1:
        raise Conflict("another writer moved the audit chain at the same time: try again")
    return seq


def append_many(tx: Tx, *, enterprise_id: int, events: list[dict[str, Any]], actor: str,
                at: datetime) -> int:
    """Add several events (dicts of ``append``'s keyword arguments minus enterprise, actor and
    time) to one chain with one head move: the bulk path of the scheduler; returns the last seq."""
    if not events:
        return 0
    head = tx.one(HEAD_SQL + tx.lock, {"e": enterprise_id})
    if head is None:
        raise Conflict(f"enterprise {enterprise_id} has no audit chain; run `dualprev init`")
    seq, prev = head["seq"], head["hash"]
    rows = []
    stamp = tx.ts(at)
    account = os_account()
    for e in events:
        seq += 1
        text = canonical(e.get("data") or {})
        new_hash = digest(enterprise_id, seq, prev, e["subject"], e["subject_id"], e["ref"],
                          e["event"], e.get("from_state"), e.get("to_state"), actor, at,
                          e.get("comment"), text, account)
        rows.append({"e": enterprise_id, "seq": seq, "prev": prev, "hash": new_hash,
                     "subject": e["subject"], "subject_id": e["subject_id"], "ref": e["ref"],
                     "event": e["event"], "from_state": e.get("from_state"),
                     "to_state": e.get("to_state"), "actor": actor, "at": stamp,
                     "comment": e.get("comment"), "data": text, "os_user": account})
        prev = new_hash
    tx.run(INSERT_SQL, rows)
    moved = tx.run(MOVE_HEAD_SQL, {"seq": seq, "hash": prev, "e": enterprise_id, "old": head["seq"]})
    if moved.rowcount != 1:
        raise Conflict("another writer moved the audit chain at the same time: try again")
    return seq


def history(tx: Tx, subject: str, subject_id: int) -> list[dict[str, Any]]:
    """The events of one subject (a hazard, risk point, task...), oldest first, with their
    instants as ISO text and their data as it was recorded."""
    return [{**dict(e), "at": as_instant(e["at"]).isoformat(), "data": json.loads(e["data"])}
            for e in tx.run("SELECT seq, event, from_state, to_state, actor, os_user, at, comment, data"
                            " FROM hazard_event WHERE subject = :s AND subject_id = :id"
                            " ORDER BY enterprise_id, seq", {"s": subject, "id": subject_id}).mappings()]


def verify(db: Database) -> dict[str, Any]:
    """Walk every chain; report the first broken event, or the counts when all is intact."""
    with db.read() as tx:
        heads = {r["enterprise_id"]: (r["seq"], r["hash"])
                 for r in tx.run("SELECT enterprise_id, seq, hash FROM audit_head").mappings()}
        chains, checked = len(heads), 0
        current: int | None = None
        expect_seq, prev = 1, GENESIS

        def close_chain(ent: int) -> dict[str, Any] | None:
            head = heads.pop(ent, None)
            if head is None:
                return {"enterprise_id": ent, "seq": expect_seq - 1,
                        "problem": "the chain has no recorded head (audit_head row removed)"}
            if head != (expect_seq - 1, prev):
                return {"enterprise_id": ent, "seq": expect_seq,
                        "problem": f"the chain ends at seq {expect_seq - 1} but its head records "
                                   f"seq {head[0]}: events were removed from its end or the head was altered"}
            return None

        rows = tx.stream(
            "SELECT id, enterprise_id, seq, prev_hash, hash, subject, subject_id, ref, event,"
            " from_state, to_state, actor, at, comment, data, os_user FROM hazard_event"
            " ORDER BY enterprise_id, seq"
        )
        for r in rows:
            ent = r["enterprise_id"]
            if ent != current:
                if current is not None and (broken := close_chain(current)):
                    return {"ok": False, "checked": checked, **broken}
                current, expect_seq, prev = ent, 1, GENESIS
            if r["seq"] != expect_seq:
                return {"ok": False, "checked": checked, "enterprise_id": ent, "seq": expect_seq,
                        "event_id": r["id"],
                        "problem": f"seq {expect_seq} is missing (next found: {r['seq']}): an event was removed or reordered"}
            if r["prev_hash"] != prev:
                return {"ok": False, "checked": checked, "enterprise_id": ent, "seq": r["seq"],
                        "event_id": r["id"], "problem": "its link to the previous event is broken"}
            again = digest(ent, r["seq"], r["prev_hash"], r["subject"], r["subject_id"], r["ref"],
                           r["event"], r["from_state"], r["to_state"], r["actor"],
                           as_instant(r["at"]), r["comment"], r["data"], r["os_user"])
            if again != r["hash"]:
                return {"ok": False, "checked": checked, "enterprise_id": ent, "seq": r["seq"],
                        "event_id": r["id"], "problem": "its content does not match its hash (edited)"}
            prev, expect_seq = r["hash"], expect_seq + 1
            checked += 1
        if current is not None and (broken := close_chain(current)):
            return {"ok": False, "checked": checked, **broken}
        for ent, (seq, _hash) in heads.items():
            if seq != 0:
                return {"ok": False, "checked": checked, "enterprise_id": ent, "seq": 1,
                        "problem": f"the head records {seq} events but none are left"}
        return {"ok": True, "checked": checked, "chains": chains}
