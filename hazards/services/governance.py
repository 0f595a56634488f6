"""The 重大 loop's use-cases (16号令 Arts 15, 18): the 治理方案 drafted by the officer and approved
by the 主要负责人, the evaluation of a finished rectification, and a hazard's classification
(category, GB/T 13861 code, 判定依据).

Each fires its trigger of the hazard lifecycle (workflows/hazard.py holds the rules) and writes
its own rows in the same transaction as the hazard's event.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from dualprev.hazards import config, criteria, limits
from dualprev.hazards.db import Database, Tx
from dualprev.hazards.errors import Conflict, InvalidInput
from dualprev.hazards.identity import Actor
from dualprev.hazards.services.hazard import transition
from dualprev.hazards.steps import PLAN_SQL, jsonable, versioned_update

PLAN_TEXTS = ("goal", "method", "resources", "team", "requirements", "safety", "contingency")
REPORT_TEXTS = ("situation", "analysis")  # the 重大事故隐患报告's own items (16号令 Art 14¶2)


def _text(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def plan(db: Database, *, actor: str, code: str, goal: str, method: str, funds: float,
         resources: str, team: str, deadline: date, safety: str, contingency: str,
         requirements: str | None = None, owner: str | None = None,
         basis: str | None = None, situation: str | None = None,
         analysis: str | None = None) -> dict[str, Any]:
    """治理方案 (16号令 Art 15¶2): draft, or redraft, the six items of a 重大 hazard in 发现; a
    redraft of an approved plan waits for a new approval. ``basis`` may name its 判定依据 too.
    ``situation`` (现状及其产生原因) and ``analysis`` (危害程度和整改难易程度分析) are what the
    重大事故隐患报告 says besides the plan (Art 14¶2); a redraft that gives neither keeps them."""
    if funds is None or not math.isfinite(funds):
        raise InvalidInput(f"--funds {funds} is not an amount of money: give the 元 set aside, more than 0")
    fields = {"goal": goal, "method": method, "funds": funds, "resources": resources, "team": team,
              "owner": owner, "deadline": deadline, "requirements": requirements, "safety": safety,
              "contingency": contingency}
    limits.check("governance_plan", **{k: fields[k] for k in PLAN_TEXTS}, situation=situation,
                 analysis=analysis)
    told = {k: _text(v) or None for k, v in (("situation", situation), ("analysis", analysis))
            if v is not None}
    limits.check("hazard", basis=basis)
    if deadline is not None:
        limits.deadline(deadline, config.today())
    fields = {k: _text(v) for k, v in fields.items()}
    clause = criteria.basis_of(basis)

    def save(tx: Tx, h: SimpleNamespace, who: Actor, now: datetime) -> None:
        row = {**fields, "deadline": tx.day(fields["deadline"]), "state": "draft",
               "drafted_by": who.login, "drafted_at": tx.ts(now), "approved_by": None,
               "approved_at": None, "note": None}
        old = tx.one(PLAN_SQL, {"h": h.id})
        row.update({k: told.get(k, old[k] if old else None) for k in REPORT_TEXTS})
        if old is None:
            tx.run(f"INSERT INTO governance_plan (enterprise_id, hazard_id, version, {', '.join(row)})"
                   f" VALUES (:e, :h, 1, {', '.join(':' + k for k in row)})",
                   {**row, "e": h.enterprise_id, "h": h.id})
        else:
            versioned_update(tx, "governance_plan", old["id"], old["version"], row,
                             f"the 治理方案 of {h.code} was changed meanwhile: look again and retry",
                             enterprise=h.enterprise_id)

    data = {"plan": {k: jsonable(v) for k, v in {**fields, **told}.items()}}
    return transition(db, actor=actor, code=code, event="plan", plan=fields, owner=fields["owner"],
                      deadline=fields["deadline"], basis=clause, data=data, then=save)


def approve_plan(db: Database, *, actor: str, code: str, note: str | None = None) -> dict[str, Any]:
    """The 主要负责人 approves the 治理方案 (16号令 Art 15¶2); its 判定依据 must be named."""
    limits.check("governance_plan", note=note)
    note = _text(note) or None

    def approve(tx: Tx, h: SimpleNamespace, who: Actor, now: datetime) -> None:
        done = tx.run("UPDATE governance_plan SET state = 'approved', approved_by = :by, approved_at = :at,"
                      " note = :note, version = version + 1 WHERE hazard_id = :h AND state = 'draft'",
                      {"by": who.login, "at": tx.ts(now), "note": note, "h": h.id})
        if done.rowcount != 1:
            raise Conflict(f"the 治理方案 of {h.code} was changed meanwhile: look again and retry")

    return transition(db, actor=actor, code=code, event="approve_plan", comment=note, note=note,
                      then=approve)


def evaluate(db: Database, *, actor: str, code: str, by: str, conclusion: str,
             photos: list[str] | None = None) -> dict[str, Any]:
    """评估 (16号令 Art 18): who evaluated the finished rectification of a 重大 hazard in 复核, and
    their conclusion, with its report or photos; 复核 can pass after it."""
    limits.check("hazard_evaluation", evaluator=by, conclusion=conclusion)
    evaluator, conclusion = _text(by), _text(conclusion)

    def record(tx: Tx, h: SimpleNamespace, who: Actor, now: datetime) -> None:
        tx.run("INSERT INTO hazard_evaluation (enterprise_id, hazard_id, evaluator, conclusion, by, at)"
               " VALUES (:e, :h, :evaluator, :conclusion, :by, :at)",
               {"e": h.enterprise_id, "h": h.id, "evaluator": evaluator, "conclusion": conclusion,
                "by": who.login, "at": tx.ts(now)})

    return transition(db, actor=actor, code=code, event="evaluate", comment=conclusion,
                      evaluator=evaluator, conclusion=conclusion, photos=photos,
                      data={"evaluator": evaluator, "conclusion": conclusion}, then=record)


def classify(db: Database, *, actor: str, code: str, category: str | None = None,
             gb_code: str | None = None, basis: str | None = None) -> dict[str, Any]:
    """The category (人|物|管理|环境), its GB/T 13861-2022 code and a 重大 hazard's 判定依据."""
    limits.check("hazard", category=category, gb_code=gb_code, basis=basis)
    key = criteria.category_of(category)
    return transition(db, actor=actor, code=code, event="classify", category=key,
                      gb_code=_text(gb_code), basis=criteria.basis_of(basis))
