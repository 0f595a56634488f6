"""The hazard lifecycle's use-cases: 发现 (report), 整改 (assign, fix on the spot, extend),
复核 (submit, verify), 作废 (void).

Each is a keyword-only function that owns one transaction: it loads the hazard, fires the
workflow (whose guards hold the rules), writes the changed fields with the version check and its
audit event, and commits, or changes nothing and raises a DomainError.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

from dualprev.hazards import config, limits
from dualprev.hazards.access import load_actor, require_role, resolve_org
from dualprev.hazards.db import Database
from dualprev.hazards.errors import InvalidInput
from dualprev.hazards.labels import LEVELS, parse
from dualprev.hazards.steps import fire_on, insert_hazard, keep_photos, link_hazard
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


def assign(db: Database, *, actor: str, code: str, owner: str, measures: str,
           deadline: date | None = None, within: str | None = None, cost: float | None = None,
           contingency: str | None = None) -> dict[str, Any]:
    """下达整改: owner, measures and deadline; 重大 hazards need all of 五落实. Without a deadline
    the regulator's (or the one recorded at report) is taken."""
    check_amount(cost)
    deadline, how = deadline_of(db, deadline, within) if deadline or within else (None, None)
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
    return transition(db, actor=actor, code=code, event="void", comment=reason, reason=reason)


def report(db: Database, *, actor: str, title: str, org: str, place: str | None = None,
           level: str = "general", category: str | None = None, desc: str | None = None,
           found_at: datetime | None = None, photos: list[str] | None = None,
           source: str = "report", risk: str | None = None,
           measure: int | None = None) -> dict[str, Any]:
    """发现: register a new hazard in state reported; returns its code.

    ``risk`` (a risk point's code) and ``measure`` (a control measure's id) link the hazard to
    where it was found and which control failed.
    """
    limits.check("hazard", title=title, place=place, category=category, description=desc)
    title = (title or "").strip()
    if not title:
        raise InvalidInput("a hazard needs a --title")
    level = parse(LEVELS, level, "level")
    now = config.now()
    found = found_at or now
    limits.found_at(found, now)
    kept = keep_photos(db, photos)
    with db.write() as tx:
        who = load_actor(tx, actor)
        unit = resolve_org(tx, who, org)
        require_role(who, "hazard.roles.report", "report", unit["path"])
        links: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        if risk is not None or measure is not None:
            link = link_hazard(tx, who, unit["enterprise_id"], risk, measure)
            links = {"risk_id": link["risk_id"], "measure_id": measure}
            extra = {"risk": link["risk"], "measure_id": measure}
        hid, code = insert_hazard(tx, who, unit, title=title, level=level, now=now, found=found,
                                  place=place, category=category, desc=desc, source=source,
                                  links=links, extra=extra, kept=kept)
    return {"code": code, "id": hid, "state": "reported", "level": level, "org": unit["name"],
            **extra}
