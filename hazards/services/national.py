"""Use-case of the national data exchange (issue 13 item 6): `export national` builds the data sets
of national-interface.md in dependency order for the actor's enterprise, validates every record
against the shipped JSON Schema, writes them to files or pushes them to the platform, and records
the batch and what became of each record.

Incremental: without ``since`` a run takes what changed since the start of the last batch of the
same mode that ended ``done`` (every record written or pushed; less ``OVERLAP``), so whatever
failed or was refused is sent again by the next run. Ids are stable, so a record sent twice updates, never duplicates.
The key is read from its file, used, and never printed nor stored; the batch keeps the URL
without its query.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from dualprev.hazards import audit, config, national, outputs
from dualprev.hazards.access import load_actor, require_role
from dualprev.hazards.db import Database, iso_instant
from dualprev.hazards.errors import InvalidInput, RuleViolation
from dualprev.hazards.queries.enterprise import enterprise_of, profile
from dualprev.hazards.queries.national import BUILDERS

EPOCH = datetime.fromisoformat("2000-01-01T00:00:00+00:00")
# the next run starts this long before the last good batch did: a change whose transaction began
# before that batch and committed after its snapshot is sent again rather than missed
OVERLAP = timedelta(seconds=60)
PROBLEMS_SHOWN = 50  # the first problems in the answer; all of them are in national_record


def _plain_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InvalidInput(f"--push {url!r} is not an http(s) URL: give the platform's address")
    return urlunsplit((parts.scheme, parts.netloc.rpartition("@")[2], parts.path, "", ""))


def _build(db: Database, e: int, since: datetime, company: str) -> dict[str, list[tuple[str, dict]]]:
    """Every data set's (ref, record) pairs, in dependency order, from one snapshot."""
    with db.read() as tx:
        stamp = tx.ts(since)
        return {name: list(BUILDERS[name](tx, e, stamp, company)) for name in national.DATASETS}


def _checked(sets: dict[str, list[tuple[str, dict]]]) -> dict[str, list[tuple[str, dict, str | None]]]:
    """Each record with the first schema problem, or with its parent's (a child of a record that
    cannot be sent cannot be sent either: the platform checks the parent id)."""
    refused: dict[str, dict[str, str]] = {}
    out: dict[str, list[tuple[str, dict, str | None]]] = {}
    for name, pairs in sets.items():
        refused[name] = {}
        out[name] = []
        link = national.PARENTS.get(name)
        for ref, record in pairs:
            error = national.problem(name, record)
            if error is None and link and record.get(link[0]) in refused[link[1]]:
                error = f"{link[0]}: its parent ({refused[link[1]][record[link[0]]]}) cannot be sent"
            if error is not None:
                refused[name][record.get("id")] = ref
            out[name].append((ref, record, error))
    return out


def export(db: Database, *, actor: str, org: str | None = None, since: datetime | None = None,
           out_dir: str | None = None, push_url: str | None = None, key_file: str | None = None,
           transport: national.Transport | None = None, timeout: float | None = None) -> dict[str, Any]:
    """Build, validate and write (``out_dir``) or push (``push_url`` with ``key_file``) the
    enterprise's national data sets; neither: only check them, recording nothing. Returns the
    batch id, ``since``, per data set its counts, and the first problems (row, field, why)."""
    if (push_url is None) != (key_file is None):
        raise InvalidInput("--push and --key-file go together: the platform's URL and its key")
    if push_url is not None and out_dir is not None:
        raise InvalidInput("give --out DIR or --push URL, not both: run twice for both")
    target = _plain_url(push_url) if push_url else None
    key = national.read_key(key_file) if key_file else None
    folder = Path(out_dir) if out_dir else None
    if folder is not None and not folder.is_dir():
        raise InvalidInput(f"--out {out_dir}: no such folder; create it first")
    mode = "push" if push_url else "file" if out_dir else None
    rules = config.rules()["national"]
    now = config.now()
    with db.read() as tx:
        who = load_actor(tx, actor)
        unit = enterprise_of(tx, who, org)
        require_role(who, "national.export_roles", "export to the national platform", unit["path"])
        found = profile(tx, unit["id"])
        if found is None or not found["company_code"]:
            raise RuleViolation(f"{unit['name']} has no 危化品登记 enterprise code (companyCode): set it with "
                                f"`dualprev enterprise set {unit['name']} --credit-code CODE --company-code 9DIGITS`")
        last = tx.scalar("SELECT max(started_at) FROM national_batch WHERE enterprise_id = :e AND mode = :m"
                         " AND state = 'done'", {"e": unit["id"], "m": mode}) if mode else None
    start = since or (last and datetime.fromisoformat(iso_instant(last)) - OVERLAP) or EPOCH
    checked = _checked(_build(db, unit["id"], start, found["company_code"]))
    batch = None
    if mode is not None:
        with db.write() as tx:
            batch = tx.scalar(
                "INSERT INTO national_batch (enterprise_id, mode, since, started_at, target, state, counts, by)"
                " VALUES (:e, :m, :s, :at, :t, 'running', '{}', :by) RETURNING id",
                {"e": unit["id"], "m": mode, "s": tx.ts(start), "at": tx.ts(now),
                 "t": (target or str(folder))[:500], "by": who.login})
    states: dict[str, dict[str, tuple[str, str | None]]] = {}  # data set -> id -> (state, error)
    stop: str | None = None  # a transport failure stops the push: the rest waits for the next run
    for n, (name, rows) in enumerate(checked.items(), 1):
        states[name] = {r["id"]: ("invalid", error) for _ref, r, error in rows if error is not None}
        valid = [r for _ref, r, error in rows if error is None]
        if mode == "file":
            with outputs.text_file(str(folder / f"{n}_{name}.json")) as out:
                json.dump(valid, out, ensure_ascii=False, indent=1)
            states[name].update({r["id"]: ("written", None) for r in valid})
        elif mode == "push":
            size = rules["page_size"]
            for page in (valid[at:at + size] for at in range(0, len(valid), size)):
                if stop is None:
                    stop = _push_page(transport or national.HttpTransport(), f"{push_url.rstrip('/')}/{name}",
                                      page, key, timeout or rules["timeout_seconds"], states[name])
                else:
                    states[name].update({r["id"]: ("failed", f"not sent: {stop}") for r in page})
    counts = {name: _tally(rows, states[name]) for name, rows in checked.items()}
    ok = all(c["invalid"] == 0 and c["failed"] == 0 for c in counts.values())
    problems = [{"dataset": name, "ref": ref, "id": r["id"], "state": state, "error": error}
                for name, rows in checked.items() for ref, r, _e in rows
                for state, error in [states[name].get(r["id"], ("valid", None))]
                if state in ("invalid", "failed")]
    if batch is not None:
        _record(db, unit["id"], batch, checked, states, counts, "done" if ok else "failed", who.login,
                mode, target or str(folder), start)
    return {"batch": batch, "enterprise": unit["name"], "company_code": found["company_code"],
            "mode": mode or "check", "since": start.isoformat(), "state": "done" if ok else "failed",
            "datasets": [{"name": name, "title": national.DATASET_NAMES[name], **c} for name, c in counts.items()],
            "problems": problems[:PROBLEMS_SHOWN], "problem_count": len(problems)}


def _tally(rows: list, states: dict[str, tuple[str, str | None]]) -> dict[str, int]:
    found = [state for state, _error in states.values()]
    return {"records": len(rows), **{s: found.count(s) for s in ("invalid", "written", "pushed", "failed")}}


def _push_page(transport: national.Transport, url: str, page: list[dict], key: bytes, timeout: float,
               states: dict[str, tuple[str, str | None]]) -> str | None:
    """Send one page; mark its records; return why the transport failed (None: it answered 2xx)."""
    try:
        status, answer = transport.send(url, national.encrypt(page, key), timeout)
    except (OSError, ValueError) as exc:  # refused, unreachable, timed out (TimeoutError is an OSError)
        why = f"{type(exc).__name__}: {getattr(exc, 'reason', None) or exc}"
        states.update({r["id"]: ("failed", why) for r in page})
        return why
    if not 200 <= status < 300:
        why = f"HTTP {status}: {answer[:200].decode('utf-8', 'replace')}"
        states.update({r["id"]: ("failed", why) for r in page})
        return why
    refused = national.rejected(answer)
    states.update({r["id"]: ("failed", f"refused: {refused[r['id']]}") if r["id"] in refused
                   else ("pushed", None) for r in page})
    return None


def _record(db: Database, e: int, batch: int, checked: dict, states: dict, counts: dict, state: str,
            login: str, mode: str, target: str, since: datetime) -> None:
    """The batch's end, each record's state, and the event, in one transaction."""
    now = config.now()
    rows = [{"e": e, "b": batch, "d": name, "id": r["id"], "ref": ref[:300], "s": states[name][r["id"]][0],
             "err": states[name][r["id"]][1]}
            for name, pairs in checked.items() for ref, r, _error in pairs if r["id"] in states[name]]
    with db.write() as tx:
        if rows:
            tx.run("INSERT INTO national_record (enterprise_id, batch_id, dataset, record_id, ref, state, error)"
                   " VALUES (:e, :b, :d, :id, :ref, :s, :err)", rows)
        tx.run("UPDATE national_batch SET state = :s, finished_at = :at, counts = :c WHERE id = :b",
               {"s": state, "at": tx.ts(now), "c": json.dumps(counts), "b": batch})
        audit.append(tx, enterprise_id=e, subject="export", subject_id=batch, ref=f"national {mode}",
                     event="national_export", actor=login, at=now,
                     data={"batch": batch, "mode": mode, "target": target, "since": since.isoformat(),
                           "state": state, "counts": counts})
