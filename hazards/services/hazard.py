"""The hazard lifecycle's use-cases: 发现 (report), 整改 (assign, fix on the spot, extend),
复核 (submit, verify), 作废 (void).

Each is a keyword-only function that owns one transaction: it loads the hazard, fires the
workflow (whose guards hold the rules), writes the changed fields with the version check and its
audit event, and commits, or changes nothing and raises a DomainError.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from dualprev.hazards import config, criteria, limits, notify
from dualprev.hazards.access import enterprise_unit, load_actor, require_role
from dualprev.hazards.db import Database, Tx
from dualprev.hazards.errors import InvalidInput
from dualprev.hazards.identity import Actor
from dualprev.hazards.labels import LEVELS, parse, text
from dualprev.hazards.services import intake as intakes
from dualprev.hazards.steps import end_listing, fire_on, insert_hazard, keep_photos, link_hazard, nearest_with_role
from dualprev.schedules.workdays import deadline_of, with_moved


def transition(db: Database, *, actor: str, code: str, event: str, comment: str | None = None,
               photos: list[str] | None = None, **ctx: Any) -> dict[str, Any]:
    """Fire one lifecycle trigger on one hazard; returns its new state and the changed fields."""
    limits.check("hazard", measures=ctx.get("measures"), contingency=ctx.get("contingency"))
    limits.check("hazard_event", comment=comment)
    kept = keep_photos(db, photos)
    now = config.now()
    with db.write() as tx:
        return fire_on(tx, load_actor(tx, actor), code, event, now=now, comment=comment, kept=kept,
                       **ctx)


def check_amount(cost: float | None) -> None:
    if cost is not None and not (math.isfinite(cost) and cost >= 0):
        raise InvalidInput(f"--cost {cost} is not an amount of money: give a number of 元, 0 or more")


def assign(db: Database, *, actor: str, code: str, owner: str | None = None,
           measures: str | None = None, deadline: date | None = None, within: str | None = None,
           cost: float | None = None, contingency: str | None = None) -> dict[str, Any]:
    """下达整改: owner, measures and deadline; a 重大 hazard needs its approved 治理方案, which
    gives what is not given here, and all of 五落实. Without a deadline the regulator's (or the
    one recorded at report) is taken."""
    check_amount(cost)
    deadline, how = deadline_of(db, deadline, within) if (deadline or within) else (None, None)
    result = transition(db, actor=actor, code=code, event="assign", owner=owner, deadline=deadline,
                        measures=measures, cost=cost, contingency=contingency, deadline_rule=how)
    return with_moved(result, how)


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
    return with_moved(transition(db, actor=actor, code=code, event="extend", comment=reason,
                                 deadline=deadline, reason=reason, deadline_rule=how), how)


def void(db: Database, *, actor: str, code: str, reason: str) -> dict[str, Any]:
    """作废 in any open state (the officer in 发现, a supervisor after). The enterprise's own
    挂牌督办 listing ends with it; a regulator's stays until its write-off (``listing`` says)."""
    left: dict[str, Any] = {}

    def end(tx: Tx, h: SimpleNamespace, who: Actor, now: datetime) -> None:
        listing = end_listing(tx, h, who, now, reason)
        if listing:
            left.update(level=listing["level"], state=listing["state"])

    result = transition(db, actor=actor, code=code, event="void", comment=reason, reason=reason, then=end)
    return {**result, "listing": left or None}


def report(db: Database, *, actor: str, title: str, org: str, place: str | None = None,
           level: str = "general", category: str | None = None, desc: str | None = None,
           found_at: datetime | None = None, photos: list[str] | None = None,
           source: str = "report", risk: str | None = None,
           measure: int | None = None, gb_code: str | None = None,
           basis: str | None = None, intake: dict[str, Any] | None = None) -> dict[str, Any]:
    """发现: register a new hazard in state reported; returns its code.

    ``risk`` (a risk point's code) and ``measure`` (a control measure's id) link the hazard to
    where it was found and which control failed. ``category`` is 人|物|管理|环境 (16号令 Art 3,
    GB/T 13861-2022) with its optional ``gb_code``; a 重大 hazard may name its 判定依据 (``basis``).
    ``intake`` holds what comes with a 举报 (reporter, contact, anonymous, via) or a regulator's
    finding (authority, doc_no, deadline): hazards/services/intake.py. A report by someone who is
    not an officer is sent to the nearest officers to triage (安全生产法 Art 59).
    """
    limits.check("hazard", title=title, place=place, category=category, description=desc,
                 gb_code=gb_code, basis=basis)
    title = (title or "").strip()
    if not title:
        raise InvalidInput("a hazard needs a --title")
    level = parse(LEVELS, level, "level")
    category = criteria.category_of(category)
    classified = {"gb_code": criteria.gb_code_of(category, gb_code)}
    if basis is not None:
        if level != "major":
            raise InvalidInput("--basis names the 判定依据 of a 重大 hazard: report it with --level 重大")
        classified["basis_clause"], classified["basis"] = criteria.basis_of(basis)
    classified = {k: v for k, v in classified.items() if v is not None}
    now = config.now()
    found = found_at or now
    limits.found_at(found, now)
    came = intakes.check(source, intake or {}, found.astimezone(config.timezone()).date())
    kept = keep_photos(db, photos)
    with db.write() as tx:
        who = load_actor(tx, actor)
        unit = enterprise_unit(tx, who, org)
        require_role(who, "hazard.roles.report", "report", unit["path"])
        intakes.require(who, came, unit["path"])
        links: dict[str, Any] = {}
        extra: dict[str, Any] = intakes.audit_data(came)
        if risk is not None or measure is not None:
            link = link_hazard(tx, who, unit["enterprise_id"], risk, measure)
            links = {"risk_id": link["risk_id"], "measure_id": measure}
            extra.update(risk=link["risk"], measure_id=measure)
        links, extra = {**links, **classified}, {**extra, **classified}
        hid, code = insert_hazard(tx, who, unit, title=title, level=level, now=now, found=found,
                                  place=place, category=category, desc=desc, source=came["source"],
                                  links=links, extra=extra, kept=kept)
        intakes.record(tx, who, {"id": hid, "code": code, "enterprise_id": unit["enterprise_id"]}, came, now)
        if "officer" not in who.roles:
            notify.enqueue(tx, recipients=nearest_with_role(tx, unit["path"], unit["enterprise_id"], "officer"),
                           event="report", hazard_code=code, now=now,
                           subject=text("notice_reported_subject", code=code, title=title),
                           body=text("notice_reported_body", finder=who.login, code=code, title=title,
                                     org=unit["name"]))
    return {"code": code, "id": hid, "state": "reported", "level": level, "org": unit["name"],
            "source": came["source"], **extra}
