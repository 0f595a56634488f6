"""The audit trail: events hash-chained per enterprise, and the check that finds tampering.

Each event's hash covers its content and the previous event's hash in the same chain; the chain's
head (last sequence number and hash) is kept in ``audit_head``. Appending locks only that
enterprise's head row, so writers in different enterprises never wait for each other, and
``UNIQUE(enterprise_id, seq)`` keeps a chain linear under concurrent writers. Each event also
records the OS account that wrote it (``os_user``; hashed only when set, so events written before
the column existed keep their hashes).

``verify`` checks, in one streaming pass over the events in chain order: every hash, link and
head; seqs 1, 2, 3... with ids rising in the same order; the (seq, hash) pairs that signed anchors
hold (hazards/anchor.py); and the **replay**, which rebuilds rows from their events and compares
them with the tables at the end. The replay rule is one for every event, so events added later
replay without new code:

- an event about a replayed subject (``REPLAYED``: ``hazard``, ``task``, ``risk``) is about the
  row ``subject_id`` of its table; a ``supervision_id`` in its data makes its data about that
  supervision row instead (``SECONDARY``);
- ``to_state`` sets the row's state column (a risk point's is its grade); every replayed field
  present in the data (``state``, ``level``, ``owner``, ``deadline``, ``org_id``, a hazard's
  ``title``, ``place``, ``description`` and ``found_at`` that corrections change, a risk point's
  ``control_level``, ``responsible`` and ``deleted`` (retired)) sets that field to the value there;
- a row's first event is its birth; before it the row holds ``born`` (a hazard has no owner and no
  deadline, a task is open, a listing is listed); an event with ``subject_id`` 0 that makes many
  rows (``BULK_BIRTHS``: tick's ``tasks_create``) names them in ``data["ids"]`` as [first, last] runs;
- at the end every replayed row must hold what its events say, have at least one event, and
  every row an event names must still exist.

So an event that changes a row's state, level, owner, deadline or org must carry the changed
fields in its data (``steps.save_transition`` does). For registers written before the replay:
``FACTS`` lists data keys that state a fact rather than set the row (a requested deadline),
``ALIASES`` old names of a field, ``KEEP_WHEN_NONE`` a None that means "unchanged", and a
``tasks_create`` without ``ids`` made the enterprise's tasks created at its instant.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from dualprev.hazards.db import Database, Tx, as_instant, iso_instant
from dualprev.hazards.errors import Conflict
from dualprev.hazards.identity import os_account

GENESIS = "0" * 64
SYSTEM_CHAIN = 0  # events of the database itself (the first admin), outside any enterprise


def canonical(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def digest(enterprise_id: int, seq: int, prev_hash: str, subject: str, subject_id: int, ref: str,
           event: str, from_state: str | None, to_state: str | None, actor: str, at: datetime,
           comment: str | None, data: str, os_user: str | None = None) -> str:
    """The event's SHA-256. ``os_user`` joins the hashed list only when it is set, so the events
    written before it existed (NULL) keep the hash they were given."""
    return stamped_digest(enterprise_id, seq, prev_hash, subject, subject_id, ref, event, from_state,
                          to_state, actor, at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), comment, data, os_user)


def stamped_digest(enterprise_id: int, seq: int, prev_hash: str, subject: str, subject_id: int,
                   ref: str, event: str, from_state: str | None, to_state: str | None, actor: str,
                   stamp: str, comment: str | None, data: str, os_user: str | None = None) -> str:
    """``digest`` with the instant already written as ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` (UTC)."""
    fields: list[Any] = [enterprise_id, seq, prev_hash, subject, subject_id, ref, event, from_state,
                         to_state, actor, stamp, comment, data]
    if os_user is not None:
        fields.append(os_user)
    return hashlib.sha256(_ENCODE(fields).encode("utf-8")).hexdigest()


def stamp_of(stored: Any) -> str:
    """A stored instant as ``digest`` writes it; SQLite's text (``2026-11-24 02:00:00.000000``,
    UTC) is rewritten without parsing, since verify does this for every event."""
    if type(stored) is str and len(stored) == 26 and stored[10] == " ":
        return f"{stored[:10]}T{stored[11:]}Z"
    return as_instant(stored).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


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


def history(tx: Tx, subject: str, subject_id: int, *, enterprise: int) -> list[dict[str, Any]]:
    """The events of one subject (a hazard, risk point, task...) of ``enterprise``'s chain, oldest
    first, with their instants as ISO text and their data as it was recorded."""
    return [{**dict(e), "at": as_instant(e["at"]).isoformat(), "data": json.loads(e["data"])}
            for e in tx.run("SELECT seq, event, from_state, to_state, actor, os_user, at, comment, data"
                            " FROM hazard_event WHERE enterprise_id = :e AND subject = :s AND subject_id = :id"
                            " ORDER BY seq", {"e": enterprise, "s": subject, "id": subject_id}).mappings()]


# --- verification: the chains, the anchors, the replay ------------------------------------------------

@dataclass(frozen=True, slots=True)
class Replayed:
    """A kind of row the replay rebuilds: its table, the column an event's ``to_state`` sets,
    the columns its events' data set, the column that names it to people, what a new row holds
    before its first event says otherwise."""

    table: str
    state: str | None
    fields: tuple[str, ...]
    name: str
    born: tuple[tuple[str, Any], ...] = ()


REPLAYED = {
    "hazard": Replayed("hazard", "state", ("state", "level", "owner", "deadline", "org_id", "title",
                                           "place", "description", "found_at"), "code",
                       (("owner", None), ("deadline", None))),
    "supervision": Replayed("supervision", None, ("state", "level", "deadline"), "id",
                            (("state", "listed"),)),
    "task": Replayed("inspection_task", "state", ("state", "org_id"), "id", (("state", "open"),)),
    "risk": Replayed("risk_point", "grade", ("grade", "control_level", "responsible", "org_id", "deleted"),
                     "code", (("deleted", False),)),
}
# An event about a second row names it in its data: the fields then set that row, not the subject.
SECONDARY = {"supervision_id": "supervision"}
# Data keys that state a fact of the event rather than set the row (registers written before the
# replay existed keep them): a requested deadline is not the deadline.
FACTS = {"extend_request": ("deadline",), "extend_deny": ("deadline",)}
# Old names of a field in some events' data.
ALIASES = {"supervision": (("to", "state"),)}
# A listing raised without a new 督办 deadline keeps the one it had (its data says None).
KEEP_WHEN_NONE = {("supervise_list", "deadline")}
# Events that create many rows at once name them in data["ids"] as [first, last] runs; written
# before they did, the rows are those of the enterprise whose created_at is the event's instant.
BULK_BIRTHS = {("task", "tasks_create"): "task"}
DATES = frozenset({"deadline"})
INSTANTS = frozenset({"found_at"})
IDS = frozenset({"org_id"})
BOOLS = frozenset({"deleted"})


def _norm(column: str, value: Any) -> Any:
    if value is None:
        return None
    if column in DATES:
        return value.isoformat() if isinstance(value, date) else str(value)[:10]
    if column in INSTANTS:
        return iso_instant(value)
    if column in IDS:
        return int(value)
    if column in BOOLS:
        return bool(value)
    return str(value)


def failure(checked: int, problem: str, enterprise_id: int | None = None, seq: int | None = None,
          event_id: int | None = None, kind: str = "chain") -> dict[str, Any]:
    where = ""
    if enterprise_id is not None:
        where = f"audit chain broken in enterprise {enterprise_id}" + (
            f" at seq {seq}" if seq is not None else "") + (
            f" (event id {event_id})" if event_id else "")
    return {"ok": False, "checked": checked, "kind": kind, "enterprise_id": enterprise_id, "seq": seq,
            "event_id": event_id, "problem": problem,
            "message": f"{where}: {problem}" if where else problem}


def verify(db: Database, *, anchored: dict[tuple[int, int], tuple[str, str]] | None = None,
           enterprises: list[int] | None = None, jobs: int = 1,
           progress: Callable[[int, int, int], None] | None = None) -> dict[str, Any]:
    """Check the chains (all, or those of ``enterprises``), the anchored heads and the replay,
    one chain at a time, each in its own snapshot (the module's docstring has the rules); report
    the first discrepancy as a dict whose ``message`` says it in one line, or the counts when all
    holds. ``anchored`` maps (enterprise, seq) to (hash, anchor file): each must still be in its
    chain. ``jobs`` > 1 checks chains in that many processes; ``progress(done, total, events)``
    is called after each chain.

    Without ``enterprises`` every chain is walked, and so is every enterprise that has replayed
    rows but no chain (its rows then have no events), and an anchor of a chain that is gone fails.
    """
    anchored = dict(anchored or {})
    with db.read() as tx:
        found = set(chain_ids(tx))
        if enterprises is None:
            for spec in REPLAYED.values():
                found.update(_distinct_enterprises(tx, spec.table))
    wanted = sorted(found if enterprises is None else set(enterprises))
    per_chain = {e: {} for e in wanted}
    for (ent, seq), mark in sorted(anchored.items()):
        if ent in per_chain:
            per_chain[ent][seq] = mark
        elif enterprises is None:
            return failure(0, f"anchor {mark[1]} signed seq {seq} of this chain, which is gone:"
                           " the chain was cut back or removed", ent, seq, kind="anchor")
    totals = {"ok": True, "checked": 0, "chains": 0, "replayed": 0}
    results = _run_chains(db, wanted, per_chain, jobs)
    try:
        for done, (ent, r) in enumerate(results, 1):
            if not r["ok"]:
                r["checked"] += totals["checked"]
                return r
            totals["checked"] += r["checked"]
            totals["replayed"] += r["replayed"]
            totals["chains"] += r["chained"]
            if progress:
                progress(done, len(wanted), totals["checked"])
    finally:
        close = getattr(results, "close", None)
        if close:
            close()
    return totals


def _run_chains(db: Database, wanted: list[int], anchored: dict[int, dict[int, tuple[str, str]]],
                jobs: int) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each chain's result in enterprise order: here, or from ``jobs`` worker processes."""
    if jobs <= 1 or len(wanted) < 2:
        for ent in wanted:
            yield ent, verify_chain(db, ent, anchored[ent])
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")  # no inherited connections or locks
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = [pool.submit(_verify_in_worker, db.url, ent, anchored[ent]) for ent in wanted]
        try:
            for ent, future in zip(wanted, futures):
                yield ent, future.result()
        finally:
            for future in futures:
                future.cancel()


def _verify_in_worker(url: str, enterprise_id: int, anchored: dict[int, tuple[str, str]]) -> dict[str, Any]:
    from dualprev.hazards.db import open_db

    return verify_chain(open_db(url), enterprise_id, anchored)


def chain_ids(tx: Tx) -> list[int]:
    """The enterprises that have a chain: a recorded head, or events (a head removed)."""
    heads = {r[0] for r in tx.run("SELECT enterprise_id FROM audit_head")}
    return sorted(heads | set(_distinct_enterprises(tx, "hazard_event")))


def _distinct_enterprises(tx: Tx, table: str) -> list[int]:
    """The distinct enterprise_id of ``table`` by hopping along its index (a loose index scan:
    one probe per enterprise, not a read of every row)."""
    return [r[0] for r in tx.run(
        f"WITH RECURSIVE e(id) AS (SELECT min(enterprise_id) FROM {table} UNION ALL"
        f" SELECT (SELECT min(enterprise_id) FROM {table} WHERE enterprise_id > e.id) FROM e"
        " WHERE e.id IS NOT NULL) SELECT id FROM e WHERE id IS NOT NULL")]


def verify_chain(db: Database, enterprise_id: int,
                 anchored: dict[int, tuple[str, str]] | None = None) -> dict[str, Any]:
    """One enterprise's chain, its anchored (seq -> hash, file) heads and the replay of its rows,
    in one snapshot of that enterprise alone (see ``verify``)."""
    anchored = dict(anchored or {})
    ent = enterprise_id
    with db.read(snapshot=True) as tx:
        head_row = tx.one("SELECT seq, hash FROM audit_head WHERE enterprise_id = :e", {"e": ent})
        head = (head_row["seq"], head_row["hash"]) if head_row else None
        checked, expect_seq, prev, last_id = 0, 1, GENESIS, -1
        rows: dict[str, dict[int, list[Any]]] = {kind: {} for kind in REPLAYED}
        births: set[tuple[str, int, str | None]] = set()
        events = tx.stream(
            "SELECT id, enterprise_id, seq, prev_hash, hash, subject, subject_id, ref, event,"
            " from_state, to_state, actor, at, comment, data, os_user FROM hazard_event"
            " WHERE enterprise_id = :e ORDER BY seq", {"e": ent})
        for r in events:
            seq = r["seq"]
            if seq != expect_seq:
                return failure(checked, f"seq {expect_seq} is missing (next found: {seq}): an event was "
                               "removed or reordered", ent, expect_seq, r["id"])
            if r["id"] <= last_id:
                return failure(checked, f"its id {r['id']} is lower than the id {last_id} of seq {seq - 1}:"
                               " events were reordered (ids swapped)", ent, seq, r["id"])
            if r["prev_hash"] != prev:
                return failure(checked, "its link to the previous event is broken", ent, seq, r["id"])
            again = stamped_digest(ent, seq, r["prev_hash"], r["subject"], r["subject_id"], r["ref"],
                                   r["event"], r["from_state"], r["to_state"], r["actor"],
                                   stamp_of(r["at"]), r["comment"], r["data"], r["os_user"])
            if again != r["hash"]:
                return failure(checked, "its content does not match its hash (edited)", ent, seq, r["id"])
            mark = anchored.pop(seq, None)
            if mark is not None and mark[0] != r["hash"]:
                return failure(checked, f"its hash differs from the one anchor {mark[1]} signed: the chain"
                               " was rewritten up to here", ent, seq, r["id"], kind="anchor")
            _replay(rows, births, r)
            prev, expect_seq, last_id = r["hash"], expect_seq + 1, r["id"]
            checked += 1
        if checked:
            if head is None:
                return failure(checked, "the chain has no recorded head (audit_head row removed)",
                               ent, expect_seq - 1)
            if head != (expect_seq - 1, prev):
                return failure(checked, f"the chain ends at seq {expect_seq - 1} but its head records "
                               f"seq {head[0]}: events were removed from its end or the head was altered",
                               ent, expect_seq)
        elif head is not None and head[0] != 0:
            return failure(checked, f"the head records {head[0]} events but none are left", ent, 1)
        for seq, (_hash, source) in sorted(anchored.items()):
            return failure(checked, f"anchor {source} signed seq {seq} of this chain, which is gone:"
                           " the chain was cut back or removed", ent, seq, kind="anchor")
        replayed = sum(len(v) for v in rows.values())
        broken = _compare(tx, rows, births, checked, ent)
        if broken:
            return broken
        return {"ok": True, "checked": checked, "chained": int(head is not None or checked > 0),
                "replayed": replayed}


def _replay(rows: dict[str, dict[int, list[Any]]], births: set[tuple[str, int, str | None]],
            r: dict[str, Any]) -> None:
    """Apply one event to the rows it names (see ``verify``)."""
    kind = r["subject"]
    if kind not in REPLAYED:
        return
    if not r["subject_id"]:
        what = BULK_BIRTHS.get((kind, r["event"]))
        if what is None:
            return
        made = json.loads(r["data"]).get("ids")
        if made is None:  # written before the event named its rows
            births.add((what, r["enterprise_id"], iso_instant(r["at"])))
            return
        born = REPLAYED[what].born
        for first, last in made:
            for row_id in range(first, last + 1):
                rows[what].setdefault(row_id, [r["enterprise_id"], r["seq"], r["seq"], row_id, dict(born)])
        return
    data = json.loads(r["data"]) if r["data"] != "{}" else {}
    facts = FACTS.get(r["event"], ())
    targets = [(kind, r["subject_id"], r["to_state"])]
    for key, other in SECONDARY.items():
        if key in data and data[key] is not None:
            targets = [(kind, r["subject_id"], r["to_state"]), (other, int(data[key]), None)]
            break
    for n, (what, row_id, to_state) in enumerate(targets):
        spec = REPLAYED[what]
        rec = rows[what].get(row_id)
        if rec is None:
            rec = rows[what][row_id] = [r["enterprise_id"], r["seq"], r["seq"],
                                        r["ref"], dict(spec.born)]
        rec[2] = r["seq"]
        fields = rec[4]
        if to_state is not None and spec.state is not None:
            fields[spec.state] = to_state
        if len(targets) > 1 and n == 0:
            continue  # the data is about the second row
        for old, new in ALIASES.get(what, ()):
            if old in data and new not in data:
                data[new] = data[old]
        for f in spec.fields:
            if f in data and f not in facts:
                value = data[f]
                if value is None and (r["event"], f) in KEEP_WHEN_NONE and rec[1] != r["seq"]:
                    continue
                fields[f] = value


def _compare(tx: Tx, rows: dict[str, dict[int, list[Any]]],
             births: set[tuple[str, int, str | None]], checked: int, enterprise_id: int
             ) -> dict[str, Any] | None:
    """One enterprise's rows of every replayed table against what its events say; the first
    discrepancy."""
    for kind, spec in REPLAYED.items():
        replayed = rows[kind]
        born_in_bulk = {(e, at) for what, e, at in births if what == kind}
        extra = ", created_at" if born_in_bulk else ""
        cols = ", ".join(dict.fromkeys((spec.name, *spec.fields)))
        for row in tx.stream(f"SELECT id, enterprise_id, {cols}{extra} FROM {spec.table}"
                              " WHERE enterprise_id = :e ORDER BY id", {"e": enterprise_id}):
            rec = replayed.pop(row["id"], None)
            label = f"{kind} {row[spec.name]}" + ("" if spec.name == "id" else f" (id {row['id']})")
            if rec is None:
                if born_in_bulk and (row["enterprise_id"], iso_instant(row["created_at"])) in born_in_bulk:
                    rec = [row["enterprise_id"], None, None, None, dict(spec.born)]
                else:
                    return failure(checked, f"{label} has no event in the audit trail: the row was added"
                                 " or its events removed outside the program", kind="replay")
            for f, value in rec[4].items():
                if _norm(f, row[f]) != _norm(f, value):
                    by = f" (last event: seq {rec[2]} of enterprise {rec[0]})" if rec[2] else ""
                    return failure(checked, f"{label}: {f} is {_norm(f, row[f])!r} in the register but its"
                                 f" events say {_norm(f, value)!r}{by}: the row was changed outside"
                                 " the program", kind="replay")
        for row_id, rec in sorted(replayed.items()):
            return failure(checked, f"{kind} {rec[3]} (id {row_id}) is named by events (first: seq {rec[1]}"
                         f" of enterprise {rec[0]}) but is not in the register: the row was deleted",
                         kind="replay")
    return None
