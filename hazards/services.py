"""The use-cases: each a keyword-only function that owns one transaction.

A use-case loads the few rows it changes, fires the workflow, writes the changed fields with an
optimistic version check and appends its audit event, all in one transaction, or changes nothing
and raises a DomainError. The CLI, the scheduler and the tests call them the same way.
"""

from __future__ import annotations

import math
import uuid
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from dualprev.hazards import attachments, audit, config
from dualprev.hazards.db import Database, Tx, as_date, as_instant
from dualprev.hazards.errors import Conflict, InvalidInput, NotFound, NotInitialised, PermissionDenied
from dualprev.hazards.identity import Actor
from dualprev.hazards.labels import LEVELS, ORG_KINDS, ROLES, parse
from dualprev.workflows import hazard as lifecycle

_DATABASES: dict[str, Database] = {}


def open_db(url: str | None = None) -> Database:
    """The Database for ``url`` (or DUALPREV_DB, or the default SQLite file), one per process."""
    resolved = config.db_url(url)
    if resolved not in _DATABASES:
        _DATABASES[resolved] = Database(resolved)
    return _DATABASES[resolved]


# --- identity and scope ---------------------------------------------------------------------------

ACTOR_SQL = (
    "SELECT p.login, p.name, p.roles, p.org_id, p.enterprise_id, o.path FROM person p"
    " LEFT JOIN org_unit o ON o.id = p.org_id WHERE p.login = :login"
)


def load_actor(tx: Tx, login: str) -> Actor:
    row = tx.one(ACTOR_SQL, {"login": login})
    if row is None:
        raise NotFound(f"unknown user {login!r}: use --as LOGIN, or ask an admin to `dualprev person add` you")
    return Actor(row["login"], row["name"], frozenset(row["roles"].split()), row["org_id"],
                 row["path"] or "", row["enterprise_id"])


def resolve_org(tx: Tx, actor: Actor, ref: str) -> dict[str, Any]:
    """An org unit by id or by name, among those the actor can see."""
    if ref.isdigit():
        rows = tx.run("SELECT id, name, kind, path, enterprise_id FROM org_unit WHERE id = :r",
                      {"r": int(ref)}).mappings().all()
    else:
        rows = tx.run("SELECT id, name, kind, path, enterprise_id FROM org_unit WHERE name = :r",
                      {"r": ref}).mappings().all()
    rows = [dict(r) for r in rows if actor.covers(r["path"])]
    if not rows:
        raise NotFound(f"no org unit {ref!r} in your scope: see `dualprev org list`")
    if len(rows) > 1:
        ids = ", ".join(str(r["id"]) for r in rows)
        raise InvalidInput(f"org unit name {ref!r} is ambiguous (ids {ids}): give the id instead")
    return rows[0]


def _require_admin(actor: Actor, org_path: str) -> None:
    if "admin" not in actor.roles:
        raise PermissionDenied(f"{actor.login} may not manage org units and people: it needs the role admin")
    if not actor.covers(org_path):
        raise PermissionDenied(f"{actor.login} may not manage that org unit: it is outside their scope")


# --- set-up -----------------------------------------------------------------------------------------

def init(db: Database, *, login: str) -> dict[str, Any]:
    """Create or upgrade the schema; on a database with no people, make ``login`` its first admin."""
    from dualprev.hazards.migrate import upgrade

    db.create_file()
    try:
        with db.read() as tx:
            if tx.scalar("SELECT count(*) FROM person") and tx.one(
                    "SELECT 1 FROM person WHERE login = :l", {"l": login}) is None:
                raise NotFound(f"unknown user {login!r}: init on a register that has people needs "
                               "one of them (--as LOGIN)")
    except NotInitialised:
        pass  # an empty database: the acting user becomes its first admin below
    revision = upgrade(db)
    now = config.now()
    created_admin = False
    with db.write() as tx:
        if tx.scalar("SELECT count(*) FROM audit_head WHERE enterprise_id = :e",
                     {"e": audit.SYSTEM_CHAIN}) == 0:
            audit.start_chain(tx, audit.SYSTEM_CHAIN)
        if tx.scalar("SELECT count(*) FROM person") == 0:
            pid = tx.scalar(
                "INSERT INTO person (login, name, roles, created_at) VALUES (:l, :l, 'admin', :at)"
                " RETURNING id", {"l": login, "at": tx.ts(now)})
            audit.append(tx, enterprise_id=audit.SYSTEM_CHAIN, subject="person", subject_id=pid,
                         ref=login, event="person_add", actor=login, at=now,
                         data={"login": login, "roles": ["admin"], "scope": "database"})
            created_admin = True
    return {"revision": revision, "first_admin": login if created_admin else None}


def add_org(db: Database, *, actor: str, name: str, parent: str | None = None,
            kind: str | None = None) -> dict[str, Any]:
    """Add an org unit: an enterprise (no parent) starts its own audit chain."""
    name = name.strip()
    if not name:
        raise InvalidInput("an org unit needs a name")
    now = config.now()
    with db.write() as tx:
        who = load_actor(tx, actor)
        if parent is None:
            _require_admin(who, "")
            kind = kind or "enterprise"
            if kind != "enterprise":
                raise InvalidInput(f"a {kind} needs --parent: only an enterprise stands alone")
            if tx.scalar("SELECT count(*) FROM org_unit WHERE parent_id IS NULL AND name = :n",
                         {"n": name}):
                raise InvalidInput(f"an enterprise named {name!r} already exists")
            up = None
        else:
            up = resolve_org(tx, who, parent)
            _require_admin(who, up["path"])
            kind = kind or {"enterprise": "workshop", "workshop": "team"}.get(up["kind"], "team")
            if kind == "enterprise":
                raise InvalidInput("an enterprise is the root of its tree: drop --parent")
            if tx.scalar("SELECT count(*) FROM org_unit WHERE parent_id = :p AND name = :n",
                         {"p": up["id"], "n": name}):
                raise InvalidInput(f"{up['name']} already has a unit named {name!r}")
        parse(ORG_KINDS, kind, "org kind")
        oid = tx.scalar(
            "INSERT INTO org_unit (uuid, parent_id, name, kind, path, created_at)"
            " VALUES (:u, :p, :n, :k, '', :at) RETURNING id",
            {"u": str(uuid.uuid4()), "p": up["id"] if up else None, "n": name, "k": kind,
             "at": tx.ts(now)})
        path = (up["path"] if up else "/") + f"{oid}/"
        enterprise = up["enterprise_id"] if up else oid
        tx.run("UPDATE org_unit SET path = :path, enterprise_id = :e WHERE id = :id",
               {"path": path, "e": enterprise, "id": oid})
        if up is None:
            audit.start_chain(tx, enterprise)
        audit.append(tx, enterprise_id=enterprise, subject="org", subject_id=oid, ref=name,
                     event="org_add", actor=who.login, at=now,
                     data={"name": name, "kind": kind, "parent_id": up["id"] if up else None})
    return {"id": oid, "name": name, "kind": kind, "parent_id": up["id"] if up else None,
            "enterprise_id": enterprise, "path": path}


def add_person(db: Database, *, actor: str, login: str, name: str, org: str,
               roles: list[str]) -> dict[str, Any]:
    if not login.strip() or any(c.isspace() for c in login):
        raise InvalidInput(f"login {login!r} must be one word without spaces")
    if not roles:
        raise InvalidInput("a person needs at least one --role")
    wanted = sorted({parse(ROLES, r, "role") for r in roles})
    now = config.now()
    with db.write() as tx:
        who = load_actor(tx, actor)
        unit = resolve_org(tx, who, org)
        _require_admin(who, unit["path"])
        if tx.scalar("SELECT count(*) FROM person WHERE login = :l", {"l": login}):
            raise InvalidInput(f"login {login!r} is taken")
        pid = tx.scalar(
            "INSERT INTO person (login, name, org_id, enterprise_id, roles, created_at)"
            " VALUES (:l, :n, :o, :e, :r, :at) RETURNING id",
            {"l": login, "n": name, "o": unit["id"], "e": unit["enterprise_id"],
             "r": " ".join(wanted), "at": tx.ts(now)})
        audit.append(tx, enterprise_id=unit["enterprise_id"], subject="person", subject_id=pid,
                     ref=login, event="person_add", actor=who.login, at=now,
                     data={"login": login, "name": name, "org_id": unit["id"], "roles": wanted})
    return {"id": pid, "login": login, "name": name, "org_id": unit["id"], "org": unit["name"],
            "roles": wanted}


# --- the hazard lifecycle ---------------------------------------------------------------------------

HAZARD_FIELDS = ("id", "code", "enterprise_id", "org_id", "level", "state", "version", "owner",
                 "measures", "deadline", "original_deadline", "cost", "contingency",
                 "actual_cost", "closed_at", "found_at", "title")
_HAZARD_SELECT = (
    "SELECT " + ", ".join(f"h.{f}" for f in HAZARD_FIELDS) + ", o.path AS org_path,"
    " (SELECT s.level FROM supervision s WHERE s.hazard_id = h.id AND s.state <> 'written_off'"
    " ORDER BY s.id DESC LIMIT 1) AS supervised"
    " FROM hazard h JOIN org_unit o ON o.id = h.org_id WHERE h.code = :code"
)
HAZARD_BY_CODE = _HAZARD_SELECT + " AND h.enterprise_id = :e"
HAZARD_BY_CODE_ANY = _HAZARD_SELECT + " LIMIT 2"
WRITABLE = ("state", "owner", "measures", "deadline", "original_deadline", "cost", "contingency",
            "actual_cost", "closed_at")


def by_code(tx: Tx, actor: Actor, code: str, in_enterprise: str, anywhere: str,
            not_found: str) -> Any:
    """The row with ``code`` in the actor's enterprise (or, for the database-wide admin, in the
    only enterprise that has it) whose ``org_path`` the actor covers; else NotFound."""
    if actor.enterprise_id is None:
        rows = tx.run(anywhere, {"code": code}).mappings().all()
        if len(rows) > 1:
            raise InvalidInput(f"{code} exists in several enterprises: act as a person of one of them")
        row = rows[0] if rows else None
    else:
        row = tx.one(in_enterprise, {"code": code, "e": actor.enterprise_id})
    if row is None or not actor.covers(row["org_path"]):
        raise NotFound(not_found)
    return row


def load_hazard(tx: Tx, actor: Actor, code: str) -> SimpleNamespace:
    """The hazard as a plain object the machine can fire on (never an ORM entity)."""
    code = code.strip().upper()
    row = by_code(tx, actor, code, HAZARD_BY_CODE, HAZARD_BY_CODE_ANY,
                  f"no hazard {code} in your scope: see `dualprev hazard list`")
    h = SimpleNamespace(**row)
    h.deadline = as_date(h.deadline)
    h.original_deadline = as_date(h.original_deadline)
    h.found_at = as_instant(h.found_at)
    h.closed_at = as_instant(h.closed_at)
    return h


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def save_transition(tx: Tx, h: SimpleNamespace, before: dict[str, Any], *, event: str,
                    actor: Actor, now: datetime, comment: str | None,
                    extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Write the changed fields with the version check, then the audit event. Same transaction."""
    changed = {f: getattr(h, f) for f in WRITABLE if getattr(h, f) != before[f]}
    params = {f: (tx.ts(v) if isinstance(v, datetime) else tx.day(v) if isinstance(v, date) else v)
              for f, v in changed.items()}
    sets = "".join(f"{f} = :{f}, " for f in changed)
    params.update(id=h.id, version=h.version, now=tx.ts(now))
    done = tx.run(f"UPDATE hazard SET {sets}version = version + 1, updated_at = :now"
                  " WHERE id = :id AND version = :version", params)
    if done.rowcount != 1:
        raise Conflict(f"{h.code} was changed by someone else meanwhile: look at it again "
                       "(`dualprev hazard show`) and retry")
    h.version += 1
    data = {f: _jsonable(v) for f, v in changed.items() if f != "state"}
    data.update(extra or {})
    audit.append(tx, enterprise_id=h.enterprise_id, subject="hazard", subject_id=h.id, ref=h.code,
                 event=event, from_state=before["state"], to_state=h.state, actor=actor.login,
                 at=now, comment=comment, data=data)
    return changed


def _attach(tx: Tx, h: SimpleNamespace, kept: list[dict], stage: str, actor: Actor,
            now: datetime) -> None:
    if kept:
        tx.run("INSERT INTO attachment (hazard_id, enterprise_id, sha256, filename, size, stage, by, at)"
               " VALUES (:h, :e, :sha256, :filename, :size, :stage, :by, :at)",
               [{**k, "h": h.id, "e": h.enterprise_id, "stage": stage, "by": actor.login,
                 "at": tx.ts(now)} for k in kept])


def _keep_photos(db: Database, photos: list[str] | None) -> list[dict]:
    if not photos:
        return []
    return attachments.keep(attachments.store_dir(db.sqlite_path), list(photos))


def transition(db: Database, *, actor: str, code: str, event: str, comment: str | None = None,
               photos: list[str] | None = None, **ctx: Any) -> dict[str, Any]:
    """Fire one lifecycle trigger on one hazard; returns its new state and the changed fields."""
    attachments.check_exist(photos or [])
    kept = _keep_photos(db, photos)
    now = config.now()
    with db.write() as tx:
        return fire_on(tx, load_actor(tx, actor), code, event, now=now, comment=comment, kept=kept,
                       **ctx)


def fire_on(tx: Tx, who: Actor, code: str, event: str, *, now: datetime, comment: str | None = None,
            kept: list[dict] | None = None, **ctx: Any) -> dict[str, Any]:
    """``transition`` inside the caller's transaction (an approved extension request uses it)."""
    kept = kept or []
    h = load_hazard(tx, who, code)
    before = {f: getattr(h, f) for f in WRITABLE}
    if event == "assign":
        try:
            ctx["owner"] = load_actor(tx, ctx["owner"])
        except NotFound:
            raise NotFound(f"no person {ctx['owner']!r} for --owner: see `dualprev person list`") from None
        ctx["found_on"] = h.found_at.astimezone(config.timezone()).date()
    lifecycle.fire(h, event, actor=who, now=now, **ctx)
    extra = {k: v for k, v in (("note", ctx.get("note")), ("reason", ctx.get("reason")),
                               ("deadline_rule", ctx.get("deadline_rule"))) if v}
    if kept:
        extra["attachments"] = [k["sha256"] for k in kept]
    changed = save_transition(tx, h, before, event=event, actor=who, now=now,
                              comment=comment, extra=extra)
    if event == "extend":
        tx.run("INSERT INTO extension (hazard_id, enterprise_id, old_deadline, new_deadline,"
               " reason, by, at) VALUES (:h, :e, :old, :new, :reason, :by, :at)",
               {"h": h.id, "e": h.enterprise_id, "old": tx.day(before["deadline"]),
                "new": tx.day(h.deadline), "reason": ctx["reason"], "by": who.login,
                "at": tx.ts(now)})
    _attach(tx, h, kept, event, who, now)
    return {"code": h.code, "state": h.state, "version": h.version,
            "changed": {k: _jsonable(v) for k, v in changed.items()}}


def check_amount(cost: float | None) -> None:
    if cost is not None and not (math.isfinite(cost) and cost >= 0):
        raise InvalidInput(f"--cost {cost} is not an amount of money: give a number of 元, 0 or more")


def deadline_of(db: Database, deadline: date | None, within: str | None) -> tuple[date, dict | None]:
    """A deadline given as a date, or as ``--within N`` calendar days / ``Nwd`` working days from
    today (by the working-day calendar); returns it with how it was computed (None for a date)."""
    if deadline is not None and within is not None:
        raise InvalidInput("give --deadline DATE or --within N[wd], not both")
    if deadline is None and within is None:
        raise InvalidInput("give the deadline as --deadline DATE or as --within N (calendar days) / "
                           "Nwd (working days)")
    if within is None:
        return deadline, None
    text = within.strip().lower()
    count, working = (text[:-2], True) if text.endswith("wd") else (text, False)
    if not count.isdigit() or int(count) < 1:
        raise InvalidInput(f"--within {within!r}: give a number of days like 10, or of working days "
                           "like 5wd")
    today = config.today()
    if working:
        from dualprev.schedules import workdays

        with db.read() as tx:
            cal = workdays.load(tx)
        due = cal.add_workdays(today, int(count))
        provisional = sorted({y for y in range(today.year, due.year + 1) if cal.provisional(y)})
    else:
        due, provisional = date.fromordinal(today.toordinal() + int(count)), []
    how = {"within": text, "unit": "working_days" if working else "calendar_days",
           "days": int(count), "from": today.isoformat(), "deadline": due.isoformat()}
    if provisional:
        how["provisional_years"] = provisional
    return due, how


def assign(db: Database, *, actor: str, code: str, owner: str, measures: str,
           deadline: date | None = None, within: str | None = None, cost: float | None = None,
           contingency: str | None = None) -> dict[str, Any]:
    """下达整改: owner, measures and deadline; 重大 hazards need all of 五落实."""
    check_amount(cost)
    deadline, how = deadline_of(db, deadline, within)
    return transition(db, actor=actor, code=code, event="assign", owner=owner, deadline=deadline,
                      measures=measures, cost=cost, contingency=contingency, deadline_rule=how)


def fix_on_spot(db: Database, *, actor: str, code: str, measures: str,
                photos: list[str] | None = None) -> dict[str, Any]:
    """立查立改: a 一般 hazard fixed at once goes straight to 复核."""
    return transition(db, actor=actor, code=code, event="fix_on_spot", measures=measures,
                      photos=photos)


def submit(db: Database, *, actor: str, code: str, note: str | None = None,
           cost: float | None = None, photos: list[str] | None = None) -> dict[str, Any]:
    check_amount(cost)
    return transition(db, actor=actor, code=code, event="submit", comment=note, note=note,
                      cost=cost, photos=photos)


def verify(db: Database, *, actor: str, code: str, passed: bool,
           note: str | None = None) -> dict[str, Any]:
    """复核: pass closes (销号), reject sends the hazard back to 整改."""
    return transition(db, actor=actor, code=code, event="pass" if passed else "reject",
                      comment=note, note=note)


def extend(db: Database, *, actor: str, code: str, reason: str, deadline: date | None = None,
           within: str | None = None) -> dict[str, Any]:
    deadline, how = deadline_of(db, deadline, within)
    return transition(db, actor=actor, code=code, event="extend", comment=reason,
                      deadline=deadline, reason=reason, deadline_rule=how)


def void(db: Database, *, actor: str, code: str, reason: str) -> dict[str, Any]:
    return transition(db, actor=actor, code=code, event="void", comment=reason, reason=reason)


NEXT_CODE_SQL = (
    "INSERT INTO code_sequence (enterprise_id, prefix, year, last) VALUES (:e, :p, :y, 1)"
    " ON CONFLICT (enterprise_id, prefix, year) DO UPDATE SET last = code_sequence.last + 1"
    " RETURNING last"
)


def next_codes(tx: Tx, enterprise_id: int, year: int, count: int = 1,
               prefix: str | None = None) -> list[str]:
    """Reserve ``count`` codes of one enterprise: hazards YH-<year>-NNNNNN; with ``year`` 0 a
    sequence that never restarts, <prefix>-NNNNNN (risk points FX-000042)."""
    prefix = prefix or config.rules()["hazard"]["code_prefix"]
    last = tx.scalar(NEXT_CODE_SQL, {"e": enterprise_id, "p": prefix, "y": year})
    if count > 1:
        tx.run("UPDATE code_sequence SET last = last + :n WHERE enterprise_id = :e AND prefix = :p"
               " AND year = :y", {"n": count - 1, "e": enterprise_id, "p": prefix, "y": year})
    stem = f"{prefix}-{year}" if year else prefix
    return [f"{stem}-{n:06d}" for n in range(last, last + count)]


INSERT_HAZARD_SQL = (
    "INSERT INTO hazard (uuid, enterprise_id, code, title, description, org_id, place, category,"
    " level, source, found_at, finder, owner, measures, deadline, original_deadline, cost,"
    " contingency, actual_cost, state, version, updated_at, closed_at) VALUES (:uuid, :enterprise_id,"
    " :code, :title, :description, :org_id, :place, :category, :level, :source, :found_at, :finder,"
    " :owner, :measures, :deadline, :original_deadline, :cost, :contingency, :actual_cost, :state,"
    " :version, :updated_at, :closed_at)"
)


def insert_hazard(tx: Tx, who: Actor, unit: dict[str, Any], *, title: str, level: str,
                  now: datetime, found: datetime | None = None, place: str | None = None,
                  category: str | None = None, desc: str | None = None, source: str = "report",
                  links: dict[str, Any] | None = None, extra: dict[str, Any] | None = None,
                  kept: list[dict] | None = None) -> tuple[int, str]:
    """The one way a hazard is born, inside the caller's transaction: its code, its row in 发现,
    its links (risk_id, measure_id, task_id, item_id), its audit event and its attachments."""
    found = found or now
    local_year = found.astimezone(config.timezone()).year
    code = next_codes(tx, unit["enterprise_id"], local_year)[0]
    row = {
        "uuid": str(uuid.uuid4()), "enterprise_id": unit["enterprise_id"], "code": code,
        "title": title, "description": desc, "org_id": unit["id"], "place": place,
        "category": category, "level": level, "source": source, "found_at": tx.ts(found),
        "finder": who.login, "owner": None, "measures": None, "deadline": None,
        "original_deadline": None, "cost": None, "contingency": None, "actual_cost": None,
        "state": "reported", "version": 1, "updated_at": tx.ts(now), "closed_at": None,
    }
    hid = tx.scalar(INSERT_HAZARD_SQL + " RETURNING id", row)
    data = {"title": title, "level": level, "org_id": unit["id"], "place": place,
            "category": category, "found_at": found.isoformat(), **(extra or {})}
    if links:
        sets = ", ".join(f"{k} = :{k}" for k in links)
        tx.run(f"UPDATE hazard SET {sets} WHERE id = :id", {**links, "id": hid})
    if kept:
        data["attachments"] = [k["sha256"] for k in kept]
    audit.append(tx, enterprise_id=unit["enterprise_id"], subject="hazard", subject_id=hid,
                 ref=code, event="report", to_state="reported", actor=who.login, at=now,
                 comment=desc, data=data)
    _attach(tx, SimpleNamespace(id=hid, enterprise_id=unit["enterprise_id"]), kept or [],
            "report", who, now)
    if level == "major" and config.rules()["escalation"]["auto_list_major"]:
        from dualprev.hazards import supervision_services

        supervision_services.list_in(
            tx, hazard={"id": hid, "code": code, "title": title, "enterprise_id": unit["enterprise_id"],
                        "org_path": unit["path"], "owner": None},
            level="enterprise", by="system", now=now, auto=True,
            reason="重大隐患自动挂牌督办 (rules: escalation.auto_list_major)")
    return hid, code


def report(db: Database, *, actor: str, title: str, org: str, place: str | None = None,
           level: str = "general", category: str | None = None, desc: str | None = None,
           found_at: datetime | None = None, photos: list[str] | None = None,
           source: str = "report", risk: str | None = None,
           measure: int | None = None) -> dict[str, Any]:
    """发现: register a new hazard in state reported; returns its code.

    ``risk`` (a risk point's code) and ``measure`` (a control measure's id) link the hazard to
    where it was found and which control failed.
    """
    title = (title or "").strip()
    if not title:
        raise InvalidInput("a hazard needs a --title")
    level = parse(LEVELS, level, "level")
    now = config.now()
    found = found_at or now
    if found > now:
        raise InvalidInput(f"--found-at {found.isoformat()} is in the future")
    attachments.check_exist(photos or [])
    kept = _keep_photos(db, photos)
    with db.write() as tx:
        who = load_actor(tx, actor)
        unit = resolve_org(tx, who, org)
        lifecycle.require_role(who, "report", unit["path"])
        links: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        if risk is not None or measure is not None:
            from dualprev.hazards.risk_services import link_hazard

            link = link_hazard(tx, who, unit["enterprise_id"], risk, measure)
            links = {"risk_id": link["risk_id"], "measure_id": measure}
            extra = {"risk": link["risk"], "measure_id": measure}
        hid, code = insert_hazard(tx, who, unit, title=title, level=level, now=now, found=found,
                                  place=place, category=category, desc=desc, source=source,
                                  links=links, extra=extra, kept=kept)
    return {"code": code, "id": hid, "state": "reported", "level": level, "org": unit["name"],
            **extra}
