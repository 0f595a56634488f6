"""Bringing an enterprise's Excel 隐患台账 into the register (`import hazards`).

Every row is read (hazards/sheets.py) and checked: required fields, dates, level and category,
known people and org units, deadlines not before the finding, verifier not the owner. Historic
facts are taken as the sheet states them: who verified in 2024 verified, whatever their roles
today. The accepted rows are written in one transaction through the bulk path (executemany of
the hazards and of their hash-linked events), each with its history reconstructed: an
``imported`` birth event carrying the file, sheet, row and the row's hash, then the lifecycle's own
events (assign, extend, fix_on_spot, submit, pass, void) as the sheet's state implies, each marked
``imported``. So `audit verify` replays an imported register to what was imported.

A row is imported once: by the sheet's own 隐患编号 (kept as the hazard's code), else by its row
hash, which covers the finding (title, place, org unit, time, finder) and not its progress, so a
later version of the sheet in which a row moved on adds nothing twice.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from dualprev.hazards import audit, config, criteria, limits
from dualprev.hazards.access import load_actor, require_role, enterprise_unit
from dualprev.hazards.db import Database, Tx
from dualprev.hazards.errors import InvalidInput
from dualprev.hazards.identity import Actor, os_account
from dualprev.hazards.labels import COLUMNS, LEVELS, PLAN_ITEMS, SOURCES, STATES, text
from dualprev.hazards.sheets import (
    Sheet,
    day_of,
    instant_of,
    load_mapping,
    number_of,
    open_sheet,
    text_of,
)
from dualprev.hazards.steps import INSERT_HAZARD_SQL, list_in, next_codes

# The fields of a hazard row and the headers real ledgers give them (the ledger's own headings,
# in both languages, are added below, so `report ledger --format xlsx` reads back).
HAZARD_FIELDS: dict[str, tuple[str, ...]] = {
    "code": ("隐患编号", "编号"),
    "seq": ("序号",),
    "title": ("隐患名称", "隐患描述", "存在问题", "隐患内容", "问题描述"),
    "place": ("隐患部位", "检查部位", "地点", "部位"),
    "level": ("隐患等级", "隐患级别", "等级"),
    "category": ("隐患类别", "类型", "类别", "隐患类型"),
    "found_at": ("发现时间", "检查时间", "排查日期", "排查时间", "检查日期", "发现日期"),
    "finder": ("发现人", "检查人", "排查人"),
    "org": ("责任单位", "责任部门", "所属单位", "单位"),
    "owner": ("整改责任人", "责任人"),
    "measures": ("整改措施",),
    "deadline": ("整改期限", "整改时限", "完成时限"),
    "original_deadline": ("原定期限",),
    "cost": ("整改资金", "整改费用", "投入资金"),
    "state": ("整改情况", "整改状态", "是否整改", "状态"),
    "verifier": ("复核人", "验收人"),
    "closed_at": ("复核时间", "验收时间", "销号时间"),
    "source": ("来源", "隐患来源"),
    "gb_code": (),
    "basis": ("判定依据",),
    "contingency": ("应急预案",),
    # a 重大 hazard's report (16号令 Art 14¶2), kept with the 治理方案 the import drafts
    "situation": ("现状及其产生原因", "隐患现状及产生原因", "现状及原因", "产生原因"),
    "analysis": ("危害程度和整改难易程度分析", "危害程度及整改难易程度分析", "危害程度分析"),
    "risk": ("关联风险点",),
    "derived": ("治理类型", "延期次数", "是否逾期", "逾期天数"),  # the ledger computes them
}
for _field in list(HAZARD_FIELDS):
    HAZARD_FIELDS[_field] += tuple(COLUMNS.get(_field, ()))
HAZARD_FIELDS["derived"] += tuple(w for c in ("treatment", "extensions", "overdue", "days_overdue")
                                  for w in COLUMNS[c])
REQUIRED = ("title",)

# What the sheets write in 整改情况, and what it means (``done``: closed once verified, else 复核).
STATE_WORDS = {
    "closed": ("已销号", "销号", "已关闭", "关闭", "已验收", "验收通过", "闭环"),
    "done": ("已整改", "整改完成", "已完成", "完成", "是"),
    "rectifying": ("整改中", "正在整改"),
    "open": ("未整改", "待整改", "否", "未完成"),
    "verifying": ("待复核", "待验收"),
    "voided": ("已作废", "误报"),
}
LEVEL_WORDS = {"一般隐患": "general", "一般事故隐患": "general", "重大隐患": "major", "重大事故隐患": "major"}


class RowError(Exception):
    """One cell of one row refused: the column's field and the reason."""

    def __init__(self, field: str, reason: str):
        super().__init__(reason)
        self.field, self.reason = field, reason


def _state_of(text: str | None) -> str | None:
    if text is None:
        return None
    for key, (zh, en) in STATES.items():
        if text in (key, zh, en):
            return key
    for key, words in STATE_WORDS.items():
        if text in words:
            return key
    raise RowError("state", f"{text!r} is no 整改情况 known here (已销号, 已整改, 整改中, 未整改, 待复核, "
                   "已作废, or the register's 发现/整改/复核/销号/作废)")


def _level_of(text: str | None) -> str:
    if text is None:
        return "general"
    text = LEVEL_WORDS.get(text, text)
    for key, (zh, en) in LEVELS.items():
        if text in (key, zh, en):
            return key
    raise RowError("level", f"{text!r} is no 隐患等级: 一般 or 重大")


def _source_of(text: str | None) -> str:
    if text is None:
        return "report"
    for key, (zh, en) in SOURCES.items():
        if text in (key, zh, en):
            return key
    raise RowError("source", f"{text!r} is no 来源 of the register ({', '.join(z for z, _ in SOURCES.values())})")


class Directory:
    """The enterprise's people and org units, looked up by login or name; with ``create`` the
    unknown ones are noted to be made (under ``root``) instead of refused."""

    def __init__(self, tx: Tx, enterprise_id: int, root: dict[str, Any], create: bool):
        self.root, self.create = root, create
        self.units: dict[str, list[dict]] = {}
        for r in tx.run("SELECT id, name, kind, path, enterprise_id FROM org_unit WHERE enterprise_id = :e",
                        {"e": enterprise_id}).mappings():
            if r["path"].startswith(root["path"]):
                self.units.setdefault(r["name"], []).append(dict(r))
        self.logins: set[str] = set()
        self.names: dict[str, list[str]] = {}
        for login, name in tx.run("SELECT login, name FROM person WHERE enterprise_id = :e",
                                  {"e": enterprise_id}).all():
            self.logins.add(login)
            self.names.setdefault(name, []).append(login)
        self.taken = {r[0] for r in tx.run("SELECT login FROM person").all()}
        self.new_units: dict[str, dict] = {}
        self.new_people: dict[str, set[str]] = {}

    def unit(self, name: str | None) -> dict[str, Any]:
        if name is None:
            return self.root
        found = self.units.get(name)
        if found and len(found) == 1:
            return found[0]
        if found:
            raise RowError("org", f"{name!r} names {len(found)} org units: give the unit's id, or import "
                           "each branch with --org")
        if not self.create:
            raise RowError("org", f"no org unit {name!r} under {self.root['name']}: add it "
                           "(`dualprev org add`) or import with --create-missing")
        return self.new_units.setdefault(name, {"id": None, "name": name, "new": True})

    def person(self, field: str, name: str | None, role: str) -> str | None:
        if name is None:
            return None
        if name in self.logins:
            return name
        logins = self.names.get(name, [])
        if len(logins) == 1:
            return logins[0]
        if logins:
            raise RowError(field, f"{name!r} is the name of {', '.join(logins)}: write the login")
        if not self.create:
            raise RowError(field, f"no person {name!r} in the enterprise: add them (`dualprev person add`) "
                           "or import with --create-missing")
        if any(c.isspace() for c in name) or (name in self.taken and name not in self.new_people):
            raise RowError(field, f"{name!r} cannot be made a login (taken, or has spaces): add the "
                           "person first")
        self.new_people.setdefault(name, set()).add(role)
        return name


def _cells(sheet: Sheet, cells: list[Any]) -> dict[str, Any]:
    return {f: (cells[i] if i < len(cells) else None) for f, i in sheet.columns.items()}


def row_hash(row: dict[str, Any]) -> str:
    """The SHA-256 of the finding as read (see the module's docstring): the same in an .xlsx and
    its .csv, whatever way the dates were written."""
    finding = [row["title"], row["place"], row["unit"]["name"], row["found"].astimezone(UTC).isoformat(),
               row["finder"]]
    return hashlib.sha256(json.dumps(finding, ensure_ascii=False).encode("utf-8")).hexdigest()


def check_row(raw: dict[str, Any], people: Directory, *, now: datetime,
              risks: dict[str, int], scale: dict[str, float]) -> tuple[dict[str, Any], list[RowError]]:
    """One row's fields, checked, as the writer needs them, and its warnings; RowError on the
    first refused cell."""
    today = now.astimezone(config.timezone()).date()
    t = {f: text_of(raw.get(f)) for f in raw}
    warnings: list[RowError] = []
    title = t.get("title")
    if title is None:
        raise RowError("title", "the 隐患名称 is empty")
    for field, table, column in (("title", "hazard", "title"), ("place", "hazard", "place"),
                                 ("measures", "hazard", "measures"), ("contingency", "hazard", "contingency"),
                                 ("gb_code", "hazard", "gb_code"), ("basis", "hazard", "basis"),
                                 ("situation", "governance_plan", "situation"),
                                 ("analysis", "governance_plan", "analysis")):
        try:
            limits.check(table, **{column: t.get(field)})
        except InvalidInput as exc:
            raise RowError(field, str(exc)) from None
    code = t.get("code")
    if code is not None and (len(code) > 32 or not code.isprintable() or any(c.isspace() for c in code)):
        raise RowError("code", f"{code!r} cannot be a 隐患编号 (one word, at most 32 characters)")

    def moment(field: str) -> datetime | None:
        try:
            return instant_of(raw.get(field))
        except ValueError as exc:
            raise RowError(field, str(exc)) from None

    def day(field: str) -> date | None:
        try:
            return day_of(raw.get(field))
        except ValueError as exc:
            raise RowError(field, str(exc)) from None

    found = moment("found_at")
    if found is None:
        raise RowError("found_at", "the 发现时间 is empty")
    try:
        limits.found_at(found, now)
    except InvalidInput as exc:
        raise RowError("found_at", str(exc).replace("--found-at ", "")) from None
    found_on = found.astimezone(config.timezone()).date()
    level = _level_of(t.get("level"))
    try:
        category = criteria.category_of(t.get("category"))
        gb_code = criteria.gb_code_of(category, t.get("gb_code"))
    except InvalidInput as exc:
        raise RowError("category", str(exc)) from None
    basis = None
    if t.get("basis") is not None and level == "major":
        try:
            basis = criteria.basis_of(t["basis"])
        except InvalidInput:
            basis = (None, t["basis"])  # the sheet's own words, kept as free text
    unit = people.unit(t.get("org"))
    finder = people.person("finder", t.get("finder"), "")
    owner = people.person("owner", t.get("owner"), "owner")
    verifier = people.person("verifier", t.get("verifier"), "inspector")
    deadline, original = day("deadline"), day("original_deadline")
    for field, value in (("deadline", deadline), ("original_deadline", original)):
        if value is not None and value < found_on:
            raise RowError(field, f"the deadline {value} is before the finding ({found_on})")
        if value is not None:
            try:
                limits.deadline(value, today, option="")
            except InvalidInput as exc:
                raise RowError(field, str(exc).strip()) from None
    closed = moment("closed_at")
    if closed is not None and closed < found:
        raise RowError("closed_at", f"closed {closed:%Y-%m-%d} before it was found ({found_on})")
    if closed is not None and closed > now + limits.CLOCK_SKEW:
        raise RowError("closed_at", f"{closed:%Y-%m-%d %H:%M} is in the future")
    try:
        cost = number_of(raw.get("cost"))
    except ValueError as exc:
        raise RowError("cost", str(exc)) from None
    if cost is not None:
        cost *= scale.get("cost", 1.0)
        if cost < 0:
            raise RowError("cost", f"{cost:g} is no amount of money")
    if verifier is not None and verifier == owner:
        raise RowError("verifier", f"{verifier} rectified it and cannot have verified it (复核人 ≠ 整改责任人)")
    state = _state_of(t.get("state"))
    if state is None:
        state = "closed" if closed and verifier else "rectifying" if owner and deadline else "reported"
    elif state == "done":
        state = "closed" if verifier else "verifying"
    elif state == "open":
        state = "rectifying" if owner and deadline else "reported"
    if state == "closed" and (verifier is None or closed is None):
        missing = "复核人" if verifier is None else "复核时间"
        raise RowError("verifier" if verifier is None else "closed_at",
                       f"a closed (销号) hazard needs its {missing}")
    if state == "rectifying" and (owner is None or deadline is None):
        raise RowError("owner" if owner is None else "deadline",
                       "a hazard in 整改 needs its 整改责任人 and 整改期限")
    risk_id = None
    if t.get("risk") is not None:
        risk_id = risks.get(t["risk"])
        if risk_id is None:
            raise RowError("risk", f"no risk point {t['risk']} in the enterprise: import the 风险清单 first")
    return {"code": code, "title": title, "place": t.get("place"), "level": level, "category": category,
            "gb_code": gb_code, "basis": basis, "found": found, "finder": finder, "unit": unit,
            "owner": owner, "measures": t.get("measures"), "deadline": deadline,
            "original_deadline": original or deadline, "cost": cost, "contingency": t.get("contingency"),
            "state": state, "verifier": verifier, "closed": closed, "source": _source_of(t.get("source")),
            "risk_id": risk_id, "seq": t.get("seq"), "situation": t.get("situation"),
            "analysis": t.get("analysis")}, warnings


def _trail(r: dict[str, Any], importer: str) -> list[tuple[str, str | None, str, str, datetime, dict]]:
    """The lifecycle's events that bring a new hazard to the sheet's state: (event, from, to,
    actor, at, data); the birth is the caller's."""
    found, state = r["found"], r["state"]
    last = r["closed"] or found
    out: list[tuple[str, str | None, str, str, datetime, dict]] = []
    if state == "voided":
        return [("void", "reported", "voided", importer, found, {})]
    if state == "reported":
        return out
    owner = r["owner"] or r["finder"]
    if r["deadline"] is None:  # 立查立改: fixed on the spot, straight to 复核
        out.append(("fix_on_spot", "reported", "verifying", owner, found,
                    {"owner": owner, "measures": r["measures"]}))
    else:
        out.append(("assign", "reported", "rectifying", importer, found,
                    {"owner": owner, "deadline": r["original_deadline"].isoformat(),
                     "measures": r["measures"], **({"cost": r["cost"]} if r["cost"] is not None else {})}))
        if r["deadline"] != r["original_deadline"]:
            out.append(("extend", "rectifying", "rectifying", importer, found,
                        {"deadline": r["deadline"].isoformat()}))
        if state in ("verifying", "closed"):
            out.append(("submit", "rectifying", "verifying", owner, last, {}))
    if state == "closed":
        out.append(("pass", "verifying", "closed", r["verifier"], last, {}))
    return out


def import_hazards(db: Database, *, actor: str, path: str, org: str | None = None,
                   sheet: str | None = None, mapping: str | None = None, dry_run: bool = False,
                   create_missing: bool = False,
                   progress: Callable[[int, int | None], None] | None = None) -> dict[str, Any]:
    """Import the 隐患台账 of ``path`` into ``org`` (else the actor's own unit) and below: every row
    checked, the accepted ones written in one transaction, nothing with ``dry_run``. Returns the
    counts, the rejected rows (sheet, row, column, reason, the original cells) and the warnings."""
    fields = HAZARD_FIELDS
    book = open_sheet(path, fields=fields, required=REQUIRED, sheet=sheet,
                      mapping=load_mapping(mapping, fields))
    now = config.now()
    file_name = Path(path).name
    progress = progress or (lambda done, total: None)
    with db.read() if dry_run else db.write() as tx:  # a dry run takes no write lock
        who = load_actor(tx, actor)
        root = _target(tx, who, org)
        require_role(who, "hazard.roles.import", "import hazards", root["path"])
        ent = root["enterprise_id"]
        people = Directory(tx, ent, root, create_missing)
        risks = dict(tx.run("SELECT code, id FROM risk_point WHERE enterprise_id = :e",
                            {"e": ent}).all())
        codes = {r[0] for r in tx.run("SELECT code FROM hazard WHERE enterprise_id = :e", {"e": ent}).all()}
        hashes = _imported_hashes(tx, ent)
        accepted, rejected, warnings, skipped = [], [], [], 0
        seen_codes: dict[str, int] = {}
        total = 0
        for number, cells in book.rows:
            if not any(text_of(c) for c in cells):
                continue
            total += 1
            raw = _cells(book, cells)
            try:
                row, warned = check_row(raw, people, now=now, risks=risks, scale=book.scales)
            except RowError as exc:
                rejected.append(_problem(book, number, exc, cells))
                continue
            h = row_hash(row)
            if row["code"] is not None:
                if row["code"] in codes:
                    skipped += 1
                    continue
                if row["code"] in seen_codes:
                    rejected.append(_problem(book, number, RowError(
                        "code", f"{row['code']} is also the 隐患编号 of row {seen_codes[row['code']]}"), cells))
                    continue
                seen_codes[row["code"]] = number
            elif h in hashes:
                skipped += 1
                continue
            hashes.add(h)
            if row["level"] == "major" and row["state"] in ("rectifying", "verifying"):
                warned.append(RowError("level", text("import_plan_missing", "en", state=row["state"],
                                                     items=", ".join(PLAN_ITEMS[i][0] for i in _plan_gaps(row)),
                                                     code=row["code"] or "CODE")))
            warnings += [_problem(book, number, w, None) for w in warned]
            row["row"], row["hash"] = number, h
            accepted.append(row)
            if total % 1000 == 0:
                progress(total, None)
        summary = _summary(book, path, total, len(accepted), skipped, rejected, warnings, people, dry_run)
        if dry_run:
            return summary
        _create_missing(tx, who, people, now)
        written = write_hazards(tx, who, ent, accepted, now=now,
                                source={"file": file_name, "sheet": book.name},
                                progress=lambda done: progress(total, None) if done else None)
        summary["codes"] = written
    return summary


def _summary(book: Sheet, path: str, rows: int, imported: int, skipped: int, rejected: list, warnings: list,
             people: Directory, dry_run: bool) -> dict[str, Any]:
    """What an import answers."""
    return {"file": path, "sheet": book.name, "header_row": book.header_row, "headers": book.headers,
            "rows": rows, "imported": imported, "skipped": skipped, "rejected": rejected,
            "warnings": warnings, "unknown_columns": book.unknown, "dry_run": dry_run,
            "created": {"orgs": sorted(people.new_units), "people": sorted(people.new_people)}}


def _plan_row(r: dict[str, Any]) -> dict[str, Any]:
    """The 治理方案 a 重大 hazard in progress is imported with: what the sheet gives (measures as the
    methods, the cost, the deadline, the contingency), the other items empty, awaiting approval."""
    return {"goal": "", "method": r["measures"] or "", "funds": r["cost"] or 0.0, "resources": "", "team": "",
            "owner": r["owner"], "deadline": r["deadline"] or r["found"].astimezone(config.timezone()).date(),
            "safety": r["contingency"] or "", "contingency": r["contingency"] or "",
            "situation": r.get("situation"), "analysis": r.get("analysis")}


def _plan_gaps(r: dict[str, Any]) -> list[str]:
    from dualprev.hazards.queries.governance import missing_items

    return missing_items({**_plan_row(r), "deadline": r["deadline"]})


def _target(tx: Tx, who: Actor, org: str | None) -> dict[str, Any]:
    if org is not None:
        return enterprise_unit(tx, who, org)
    if who.org_id is None:
        raise InvalidInput(f"{who.login} belongs to no org unit: say where to import with --org")
    return enterprise_unit(tx, who, str(who.org_id))


def _imported_hashes(tx: Tx, enterprise_id: int) -> set[str]:
    found = set()
    for (data,) in tx.run("SELECT data FROM hazard_event WHERE enterprise_id = :e AND event = 'imported'",
                          {"e": enterprise_id}).all():
        mark = json.loads(data).get("imported") or {}
        if mark.get("row_hash"):
            found.add(mark["row_hash"])
    return found


def _problem(book: Sheet, number: int, exc: RowError, cells: list[Any] | None) -> dict[str, Any]:
    column = book.columns.get(exc.field)
    header = book.headers[column] if column is not None and column < len(book.headers) else exc.field
    out = {"sheet": book.name, "row": number, "column": header, "reason": exc.reason}
    if cells is not None:
        out["cells"] = [c.isoformat() if isinstance(c, (date, datetime)) else
                        int(c) if isinstance(c, float) and c.is_integer() else c for c in cells]
    return out


def _create_missing(tx: Tx, who: Actor, people: Directory, now: datetime) -> None:
    """The org units and people the sheet names and the register lacks (``--create-missing``):
    units under the import's root, people in it with the roles their columns imply."""

    root = people.root
    for name, unit in people.new_units.items():
        kind = {"enterprise": "workshop", "workshop": "team"}.get(root["kind"], "team")
        oid = tx.scalar("INSERT INTO org_unit (uuid, parent_id, enterprise_id, name, kind, path, created_at)"
                        " VALUES (:u, :p, :e, :n, :k, '', :at) RETURNING id",
                        {"u": str(uuid.uuid4()), "p": root["id"], "e": root["enterprise_id"], "n": name,
                         "k": kind, "at": tx.ts(now)})
        path = f"{root['path']}{oid}/"
        tx.run("UPDATE org_unit SET path = :path WHERE id = :id", {"path": path, "id": oid})
        unit.update(id=oid, path=path, kind=kind, enterprise_id=root["enterprise_id"])
        audit.append(tx, enterprise_id=root["enterprise_id"], subject="org", subject_id=oid, ref=name,
                     event="org_add", actor=who.login, at=now,
                     data={"name": name, "kind": kind, "parent_id": root["id"], "imported": True})
    for login, roles in people.new_people.items():
        wanted = sorted(r for r in roles if r) or ["worker"]
        pid = tx.scalar("INSERT INTO person (login, name, org_id, enterprise_id, roles, db_role, created_at)"
                        " VALUES (:l, :l, :o, :e, :r, :l, :at) RETURNING id",
                        {"l": login, "o": root["id"], "e": root["enterprise_id"], "r": " ".join(wanted),
                         "at": tx.ts(now)})
        audit.append(tx, enterprise_id=root["enterprise_id"], subject="person", subject_id=pid, ref=login,
                     event="person_add", actor=who.login, at=now,
                     data={"login": login, "name": login, "org_id": root["id"], "roles": wanted,
                           "db_role": login, "imported": True})


_CODE = re.compile(r"^(?P<prefix>[A-Z]+)-(?P<year>\d{4})-(?P<n>\d+)$")


def _reserve_ids(tx: Tx, count: int) -> list[int]:
    if tx.db.is_sqlite:  # the write is serialised by BEGIN IMMEDIATE: the next ids are ours
        first = (tx.scalar("SELECT max(id) FROM hazard") or 0) + 1
        return list(range(first, first + count))
    return [r[0] for r in tx.run("SELECT nextval(pg_get_serial_sequence('hazard', 'id'))"
                                 " FROM generate_series(1, :n)", {"n": count}).all()]


def write_hazards(tx: Tx, who: Actor, ent: int, rows: list[dict[str, Any]], *, now: datetime,
                  source: dict[str, str], progress: Callable[[int], None]) -> dict[str, Any]:
    """The bulk path: the checked rows as hazards with their reconstructed, hash-linked events,
    in the caller's transaction; 重大 hazards still open are listed for 挂牌督办 as at report."""
    if not rows:
        return {"first": None, "last": None}
    prefix = config.rules()["hazard"]["code_prefix"]
    zone = config.timezone()
    _advance_sequences(tx, ent, prefix, [r["code"] for r in rows if r["code"] is not None])
    by_year: dict[int, list[dict]] = {}
    for r in rows:
        if r["code"] is None:
            by_year.setdefault(r["found"].astimezone(zone).year, []).append(r)
    for year, group in by_year.items():
        for r, code in zip(group, next_codes(tx, ent, year, len(group))):
            r["code"] = code
    ids = _reserve_ids(tx, len(rows))
    head = tx.one(audit.HEAD_SQL + tx.lock, {"e": ent})
    seq, prev = head["seq"], head["hash"]
    account, stamp = os_account(), tx.ts(now)
    hazards, events, extensions = [], [], []
    for hid, r in zip(ids, rows):
        r["id"] = hid
        mark = {"file": source["file"], "sheet": source["sheet"], "row": r["row"], "row_hash": r["hash"],
                "by": who.login}
        birth = {"title": r["title"], "level": r["level"], "org_id": r["unit"]["id"], "place": r["place"],
                 "category": r["category"], "found_at": r["found"].isoformat(), "imported": mark}
        if r["seq"] is not None:
            birth["seq"] = r["seq"]
        trail = [("imported", None, "reported", r["finder"] or who.login, r["found"], birth)]
        trail += [(e, a, b, actor, at, {**data, "imported": {"row": r["row"], "row_hash": r["hash"]}})
                  for e, a, b, actor, at, data in _trail(r, who.login)]
        state = r["state"]
        owner = next((d["owner"] for e, _a, _b, _x, _t, d in trail if "owner" in d), None)
        measures = r["measures"] if state != "reported" else None
        hazards.append({
            "id": hid, "uuid": str(uuid.uuid4()), "enterprise_id": ent, "code": r["code"], "title": r["title"],
            "description": None, "org_id": r["unit"]["id"], "place": r["place"], "category": r["category"],
            "level": r["level"], "source": r["source"], "found_at": tx.ts(r["found"]),
            "finder": r["finder"] or who.login, "owner": owner, "measures": measures,
            "deadline": tx.day(r["deadline"]) if state != "reported" else None,
            "original_deadline": tx.day(r["original_deadline"]) if state != "reported" else None,
            "cost": r["cost"], "contingency": r["contingency"], "actual_cost": None, "state": state,
            "version": len(trail), "updated_at": stamp,
            "closed_at": tx.ts(r["closed"]) if state == "closed" else None,
            "risk_id": r["risk_id"], "gb_code": r["gb_code"],
            "basis_clause": r["basis"][0] if r["basis"] else None,
            "basis": r["basis"][1] if r["basis"] else None,
        })
        for event, src, dst, actor, at, data in trail:
            seq += 1
            text = audit.canonical(data)
            digest = audit.digest(ent, seq, prev, "hazard", hid, r["code"], event, src, dst, actor,
                                  at.astimezone(UTC), None, text, account)
            events.append({"e": ent, "seq": seq, "prev": prev, "hash": digest, "subject": "hazard",
                           "subject_id": hid, "ref": r["code"], "event": event, "from_state": src,
                           "to_state": dst, "actor": actor, "at": tx.ts(at), "comment": None,
                           "data": text, "os_user": account})
            prev = digest
            if event == "extend":
                extensions.append({"h": hid, "e": ent, "old": tx.day(r["original_deadline"]),
                                   "new": tx.day(r["deadline"]), "reason": "导入: 台账记载的延期",
                                   "by": who.login, "at": tx.ts(at)})
    tx.run(IMPORT_HAZARD_SQL, hazards)
    progress(len(hazards))
    tx.run(audit.INSERT_SQL, events)
    moved = tx.run(audit.MOVE_HEAD_SQL, {"seq": seq, "hash": prev, "e": ent, "old": head["seq"]})
    if moved.rowcount != 1:
        from dualprev.hazards.errors import Conflict

        raise Conflict("another writer moved the audit chain during the import: run it again")
    plans = [{**_plan_row(r), "e": ent, "h": r["id"], "by": who.login, "at": stamp} for r in rows
             if r["level"] == "major" and r["state"] in ("rectifying", "verifying")]
    if plans:
        tx.run("INSERT INTO governance_plan (enterprise_id, hazard_id, goal, method, funds, resources, team,"
               " owner, deadline, safety, contingency, situation, analysis, state, drafted_by, drafted_at, version)"
               " VALUES (:e, :h, :goal, :method, :funds, :resources, :team, :owner, :deadline, :safety,"
               " :contingency, :situation, :analysis, 'draft',"
               " :by, :at, 1)", [{**p, "deadline": tx.day(p["deadline"])} for p in plans])
    if extensions:
        tx.run("INSERT INTO extension (hazard_id, enterprise_id, old_deadline, new_deadline, reason, by, at)"
               " VALUES (:h, :e, :old, :new, :reason, :by, :at)", extensions)
    if config.rules()["escalation"]["auto_list_major"]:
        for r in rows:
            if r["level"] == "major" and r["state"] in ("reported", "rectifying", "verifying"):
                list_in(tx, hazard={"id": r["id"], "code": r["code"], "title": r["title"],
                                    "enterprise_id": ent, "org_path": r["unit"]["path"], "owner": r["owner"]},
                        level="enterprise", by="system", now=now, auto=True,
                        reason="重大隐患自动挂牌督办 (rules: escalation.auto_list_major; imported)")
    return {"first": rows[0]["code"], "last": rows[-1]["code"]}


IMPORT_HAZARD_SQL = (INSERT_HAZARD_SQL.replace("(uuid,", "(id, uuid,").replace("(:uuid,", "(:id, :uuid,")
                     .replace(", closed_at)", ", closed_at, risk_id, gb_code, basis_clause, basis)")
                     .replace(", :closed_at)", ", :closed_at, :risk_id, :gb_code, :basis_clause, :basis)"))


def _advance_sequences(tx: Tx, ent: int, prefix: str, codes: list[str]) -> None:
    """Codes of our own form kept from the sheet (YH-2024-000123) move their year's sequence past
    them, so the next hazard reported never takes one."""
    top: dict[int, int] = {}
    for code in codes:
        m = _CODE.match(code)
        if m and m["prefix"] == prefix:
            year = int(m["year"])
            top[year] = max(top.get(year, 0), int(m["n"]))
    for year, n in top.items():
        tx.run("INSERT INTO code_sequence (enterprise_id, prefix, year, last) VALUES (:e, :p, :y, :n)"
               " ON CONFLICT (enterprise_id, prefix, year) DO UPDATE SET last = CASE WHEN"
               " code_sequence.last < :n THEN :n ELSE code_sequence.last END",
               {"e": ent, "p": prefix, "y": year, "n": n})


# --- 风险清单 (`import risks`) ----------------------------------------------------------------------

RISK_FIELDS: dict[str, tuple[str, ...]] = {
    "code": ("风险点编号", "编号"),
    "seq": ("序号",),
    "name": ("风险点", "风险单元", "风险点名称", "风险分析单元", "风险点(单元)"),
    "place": ("位置", "部位", "区域", "所在位置"),
    "org": ("所属单位", "责任单位", "责任部门", "管控单位", "单位"),
    "kind": ("风险点类型", "类型"),
    "sources": ("危险源", "风险事件", "危险有害因素", "危险源/风险事件", "主要危险源"),
    "method": ("评价方法", "评估方法"),
    "factors": ("因子",),
    "l": ("L", "可能性", "可能性L", "事故发生的可能性L", "发生的可能性"),
    "e": ("E", "暴露频率", "频繁程度E", "暴露于危险环境的频繁程度E"),
    "c": ("C", "后果", "后果严重性C", "发生事故产生的后果C"),
    "s": ("S", "严重性", "严重性S", "后果严重性S"),
    "score": ("风险值", "D", "R", "风险值D", "风险值R", "风险度"),
    "grade": ("风险等级", "风险级别", "等级"),
    "colour": ("颜色", "风险颜色", "四色"),
    "control_level": ("管控层级", "管控级别"),
    "controls": ("管控措施", "控制措施", "主要管控措施", "现有控制措施"),
    "responsible": ("责任人", "管控责任人"),
    "derived": ("需重新评价", "待年度评审"),
}
for _field, _words in (("code", ("code",)), ("name", ("风险点名称", "risk point", "名称", "name")),
                       ("place", ("place",)), ("org", ("org unit",)), ("sources", ("hazard sources",)),
                       ("method", ("method",)), ("factors", ("factors",)), ("score", ("score",)),
                       ("grade", ("grade",)), ("colour", ("colour",)), ("control_level", ("control level",)),
                       ("controls", ("control measures",)), ("responsible", ("responsible",)),
                       ("derived", ("re-assess", "review due"))):
    RISK_FIELDS[_field] += _words
SPLIT = re.compile(r"[、；;\n\r]+")


def _split_cell(text: str | None) -> list[str]:
    """Several 管控措施 or 危险源 in one cell: split on 、；; and line breaks, numbering dropped."""
    parts = (re.sub(r"^\s*(?:\d+|[一二三四五六七八九十]+)\s*[.、．)）]\s*", "", p).strip()
             for p in SPLIT.split(text or ""))
    return [p for p in parts if p]


def _factors(t: dict[str, str | None]) -> tuple[str | None, str]:
    """The method and its factors as `risk add` takes them ("6,6,15" for LEC, "4,5" for LS)."""
    method = (t.get("method") or "").upper().replace("法", "")
    if t.get("factors"):
        values = [v for v in re.split(r"[、,，;；\s×xX*]+|[LECS]=", t["factors"]) if v]
    elif t.get("e") or t.get("c"):
        values = [t.get("l"), t.get("e"), t.get("c")]
    else:
        values = [t.get("l"), t.get("s")]
    if any(v is None for v in values) or not values:
        raise RowError("factors" if t.get("factors") else "l", "the factors L/E/C (LEC) or L/S (LS) are missing")
    if method.startswith("LEC") or (not method.startswith("LS") and len(values) == 3):
        return "lec", ",".join(values)
    return "ls", ",".join(values)


def check_risk_row(raw: dict[str, Any], people: Directory) -> tuple[dict[str, Any], list[RowError]]:
    from dualprev.hazards import grading
    from dualprev.hazards.labels import CONTROL_LEVELS, RISK_KINDS, label, parse

    t = {f: text_of(raw.get(f)) for f in raw}
    if t.get("name") is None:
        raise RowError("name", "the 风险点 name is empty")
    for field, table, column in (("name", "risk_point", "name"), ("place", "risk_point", "place")):
        try:
            limits.check(table, **{column: t.get(field)})
        except InvalidInput as exc:
            raise RowError(field, str(exc)) from None
    method, factors = _factors(t)
    try:
        a = grading.lec(factors) if method == "lec" else grading.ls(factors)
    except InvalidInput as exc:
        raise RowError("factors" if t.get("factors") else "l", str(exc).replace("--lec ", "").replace("--ls ", ""))
    warnings = []
    stated = t.get("grade") or t.get("colour")
    grade = a.grade
    if stated is not None:
        try:
            grade = grading.parse_grade(stated.removesuffix("风险"))
        except InvalidInput as exc:
            raise RowError("grade" if t.get("grade") else "colour", str(exc)) from None
        if grade != a.grade:
            warnings.append(RowError("grade" if t.get("grade") else "colour",
                                     f"stated {label(grading.GRADES, grade)} but {method.upper()} {factors} gives "
                                     f"{grading.number(a.score)}, {label(grading.GRADES, a.grade)}: kept as stated"))
    try:
        score = number_of(raw.get("score"))
    except ValueError as exc:
        raise RowError("score", str(exc)) from None
    if score is not None and abs(score - a.score) > 1e-6:
        warnings.append(RowError("score", f"stated 风险值 {grading.number(score)} but the factors give "
                                 f"{grading.number(a.score)}"))
    level = None
    if t.get("control_level") is not None:
        try:
            level = parse(CONTROL_LEVELS, t["control_level"], "管控层级")
        except InvalidInput:
            short = {"公司": "company", "厂级": "company", "公司级": "company", "车间": "workshop",
                     "部门": "workshop", "班组": "team", "岗位": "post"}
            level = short.get(t["control_level"])
            if level is None:
                raise RowError("control_level", f"{t['control_level']!r} is no 管控层级 (公司级/车间级/班组级/岗位级)"
                               ) from None
    kind = "area"
    if t.get("kind") is not None:
        try:
            kind = parse(RISK_KINDS, t["kind"], "风险点类型")
        except InvalidInput as exc:
            raise RowError("kind", str(exc)) from None
    return {"code": t.get("code"), "name": t["name"], "place": t.get("place"), "unit": people.unit(t.get("org")),
            "kind": kind, "a": a, "grade": grade, "level": level or grading.default_control_level(grade),
            "sources": _split_cell(t.get("sources")), "controls": _split_cell(t.get("controls")),
            "responsible": people.person("responsible", t.get("responsible"), "officer")}, warnings


def import_risks(db: Database, *, actor: str, path: str, org: str | None = None, sheet: str | None = None,
                 mapping: str | None = None, dry_run: bool = False, create_missing: bool = False,
                 progress: Callable[[int, int | None], None] | None = None) -> dict[str, Any]:
    """Import a 风险清单: one risk point per 风险点 (rows repeating it, or merged down, add their 危险源
    and 管控措施 to it), its assessment from the factors; a stated grade that disagrees with them is
    kept and reported as a warning. A point already in the register (by 编号, else by name and
    unit) is skipped."""
    from dualprev.hazards.services.risk import insert_measure, insert_point

    book = open_sheet(path, fields=RISK_FIELDS, required=("name",), sheet=sheet,
                      mapping=load_mapping(mapping, RISK_FIELDS))
    now = config.now()
    progress = progress or (lambda done, total: None)
    with db.read() if dry_run else db.write() as tx:  # a dry run takes no write lock
        who = load_actor(tx, actor)
        root = _target(tx, who, org)
        require_role(who, "hazard.roles.import", "import risk points", root["path"])
        require_role(who, "risk.edit_roles", "add risk points", root["path"])
        ent = root["enterprise_id"]
        people = Directory(tx, ent, root, create_missing)
        known = {(c, n, o) for c, n, o in tx.run("SELECT code, name, org_id FROM risk_point WHERE"
                                                  " enterprise_id = :e AND NOT deleted", {"e": ent}).all()}
        codes = {c for c, _n, _o in known}
        named = {(n, o) for _c, n, o in known}
        points: dict[tuple, dict] = {}
        rejected, warnings, skipped, total = [], [], 0, 0
        for number, cells in book.rows:
            if not any(text_of(c) for c in cells):
                continue
            total += 1
            try:
                row, warned = check_risk_row(_cells(book, cells), people)
            except RowError as exc:
                rejected.append(_problem(book, number, exc, cells))
                continue
            warnings += [_problem(book, number, w, None) for w in warned]
            key = (row["code"],) if row["code"] else (row["name"], row["unit"]["name"])
            if (row["code"] and row["code"] in codes) or (
                    not row["code"] and (row["name"], row["unit"]["id"]) in named):
                skipped += 1
                continue
            if key in points:
                point = points[key]
                point["sources"] += [s for s in row["sources"] if s not in point["sources"]]
                point["controls"] += [c for c in row["controls"] if c not in point["controls"]]
                if row["a"].score > point["a"].score:  # 从严从高: the worst assessment stands
                    point.update(a=row["a"], grade=row["grade"], level=row["level"])
                continue
            row["row"] = number
            points[key] = row
            progress(total, None)
        summary = _summary(book, path, total, len(points), skipped, rejected, warnings, people, dry_run)
        if dry_run:
            return summary
        _create_missing(tx, who, people, now)
        made = []
        mark = {"file": Path(path).name, "sheet": book.name, "by": who.login}
        for p in points.values():
            note = None if p["grade"] == p["a"].grade else "导入: 台账记载的风险等级与因子计算不一致, 按台账记载"
            rid, code = insert_point(tx, who, p["unit"], name=p["name"], a=p["a"], level=p["level"], now=now,
                                     place=p["place"], kind=p["kind"], responsible=p["responsible"],
                                     sources=p["sources"], note=note, code=p["code"], grade=p["grade"],
                                     data={"imported": {**mark, "row": p["row"]}})
            point = {"id": rid, "code": code, "enterprise_id": ent}
            for text in p["controls"]:
                insert_measure(tx, who, point, type="management", text=text, now=now)
            made.append(code)
        if made:
            _advance_sequences(tx, ent, config.rules()["risk"]["code_prefix"], made)
        summary["codes"] = {"first": made[0] if made else None, "last": made[-1] if made else None}
    return summary
