"""The hazard lifecycle 发现 → 整改 → 复核 → 销号, as data, with its guards.

reported --assign--> rectifying --submit--> verifying --pass--> closed
reported --fix_on_spot (一般 only, 立查立改)--> verifying
verifying --reject (复核不通过)--> rectifying
rectifying --extend (延期)--> rectifying
reported --void (误报/作废)--> voided

Who may fire each trigger is configuration (``[hazard.roles]`` of the rules file).
"""

from __future__ import annotations

from typing import Any

from dualprev.hazards.access import allowed_roles, require_role
from dualprev.hazards.errors import InvalidInput, PermissionDenied, RuleViolation
from dualprev.hazards.identity import Actor
from dualprev.hazards.labels import EVENTS, STATES, label
from dualprev.workflows import machine

GOVERNANCE_FIELDS = {  # 五落实 for 重大 hazards: 责任、措施、资金、时限、预案
    "owner": "责任 (--owner)", "measures": "措施 (--measures)", "cost": "资金 (--cost)",
    "deadline": "时限 (--deadline)", "contingency": "预案 (--contingency)",
}


# --- guards: read, and raise with the reason when the move is refused -------------------------

def may_fire(ev) -> bool:
    """Who may fire each trigger is the rules file's ``[hazard.roles]``, in the hazard's scope."""
    name = ev.event.name
    require_role(ev.kwargs["actor"], f"hazard.roles.{name}", name, ev.model.org_path)
    return True


def is_the_owner(ev) -> bool:
    actor = ev.kwargs["actor"]
    if actor.login != ev.model.owner:
        raise PermissionDenied(
            f"only the assigned owner ({ev.model.owner}) may {ev.event.name} {ev.model.code}"
        )
    return True


def verifier_is_not_owner(ev) -> bool:
    if ev.kwargs["actor"].login == ev.model.owner:
        raise RuleViolation(
            f"{ev.model.owner} rectified {ev.model.code} and may not verify it: "
            "another inspector must do the 复核"
        )
    return True


def owner_is_eligible(ev) -> bool:
    owner: Actor = ev.kwargs["owner"]
    if "owner" not in owner.roles:
        raise RuleViolation(f"{owner.login} cannot own a rectification: they lack the owner role")
    if not owner.covers(ev.model.org_path):
        raise RuleViolation(
            f"{owner.login} cannot own {ev.model.code}: its org unit is outside their scope"
        )
    return True


def deadline_after_finding(ev) -> bool:
    deadline = ev.kwargs["deadline"]
    if deadline < ev.kwargs["found_on"]:
        raise RuleViolation(
            f"the deadline {deadline} is before the hazard was found ({ev.kwargs['found_on']})"
        )
    return True


def governance_plan_complete(ev) -> bool:
    if ev.model.level != "major":
        return True
    given = {
        "owner": ev.kwargs["owner"], "measures": ev.kwargs.get("measures"),
        "cost": ev.kwargs.get("cost"), "deadline": ev.kwargs.get("deadline"),
        "contingency": ev.kwargs.get("contingency"),
    }
    missing = [GOVERNANCE_FIELDS[k] for k, v in given.items()
               if v is None or (isinstance(v, str) and not v.strip())]
    if missing:
        raise RuleViolation(
            f"{ev.model.code} is a 重大 hazard: 五落实 requires {', '.join(missing)}"
        )
    return True


def general_only(ev) -> bool:
    if ev.model.level == "major":
        raise RuleViolation(
            f"{ev.model.code} is a 重大 hazard: 立查立改 is for 一般 hazards; "
            "assign it with a full governance plan (五落实)"
        )
    return True


def deadline_moves_later(ev) -> bool:
    new, old = ev.kwargs["deadline"], ev.model.deadline
    if new <= old:
        raise RuleViolation(f"the new deadline {new} must be later than the current one ({old})")
    return True


def not_under_supervision(ev) -> bool:
    """挂牌督办: a listed hazard is closed only after its supervision is written off (核销)."""
    if ev.model.supervised:
        raise RuleViolation(
            f"{ev.model.code} is under {ev.model.supervised}-level 挂牌督办: it can be closed only after "
            f"the write-off is approved (`dualprev supervise request-writeoff {ev.model.code}`)")
    return True


def extender_at_listing_level(ev) -> bool:
    """A listed hazard's deadline moves only by a supervisor of the whole enterprise."""
    actor, row = ev.kwargs["actor"], ev.model
    if row.supervised and actor.org_path not in ("", f"/{row.enterprise_id}/"):
        raise PermissionDenied(
            f"{row.code} is under {row.supervised}-level 挂牌督办: its deadline is extended by a "
            "supervisor at that level (the whole enterprise)")
    return True


def within_regulator_deadline(ev) -> bool:
    """The regulator's word stands (16号令 Art 20, 安全生产法 Art 41¶3): no enterprise action sets a
    deadline past the regulator's (a county-or-higher listing's 督办期限, a 整改指令书's 整改期限);
    only the regulator's own decision, recorded with its authority and 文号, moves it."""
    cap, deadline = getattr(ev.model, "regulator_cap", None), ev.kwargs["deadline"]
    if cap is None or deadline <= cap["deadline"]:
        return True
    decision = ev.kwargs.get("regulator_decision") or {}
    if ev.event.name == "extend" and decision.get("authority") and decision.get("doc_no"):
        return True
    raise RuleViolation(
        f"{ev.model.code}: the deadline {deadline} passes {ev.model.regulator_source}; a later "
        "deadline is the regulator's decision: ask for it with `dualprev hazard extend-request`, and "
        f"record the decision with `dualprev hazard extend-approve {ev.model.code} --authority NAME "
        "--doc-no 文号`")


def regulator_review_passed(ev) -> bool:
    """A regulator's finding is closed (销号) only after its 整改复查 passed, recorded with the
    authority and 文号 (`dualprev hazard review`)."""
    review = getattr(ev.model, "regulator_review", None)
    if review and not review["passed"]:
        raise RuleViolation(
            f"{ev.model.code} is the regulator's finding: 销号 needs its 整改复查 passed, recorded with "
            f"`dualprev hazard review {ev.model.code} --authority NAME --doc-no 文号`")
    return True


def reason_given(ev) -> bool:
    if not (ev.kwargs.get("reason") or "").strip():
        raise InvalidInput(f"{ev.event.name} needs a reason (--reason)")
    return True


# --- callbacks: change the in-memory row only ---------------------------------------------------

def apply_assignment(ev) -> None:
    row, kw = ev.model, ev.kwargs
    row.owner = kw["owner"].login
    row.measures = kw["measures"]
    row.deadline = kw["deadline"]
    if row.original_deadline is None:
        row.original_deadline = kw["deadline"]
    row.cost = kw.get("cost")
    row.contingency = kw.get("contingency")


def apply_fix(ev) -> None:
    ev.model.owner = ev.kwargs["actor"].login
    ev.model.measures = ev.kwargs["measures"]


def apply_submission(ev) -> None:
    if ev.kwargs.get("cost") is not None:
        ev.model.actual_cost = ev.kwargs["cost"]


def apply_extension(ev) -> None:
    ev.model.deadline = ev.kwargs["deadline"]


def apply_close(ev) -> None:
    ev.model.closed_at = ev.kwargs["now"]


TRANSITIONS: list[dict[str, Any]] = [
    {"trigger": "assign", "source": "reported", "dest": "rectifying",
     "conditions": [may_fire, owner_is_eligible, deadline_after_finding, governance_plan_complete,
                    within_regulator_deadline],
     "before": [apply_assignment]},
    {"trigger": "fix_on_spot", "source": "reported", "dest": "verifying",
     "conditions": [may_fire, general_only], "before": [apply_fix]},
    {"trigger": "submit", "source": "rectifying", "dest": "verifying",
     "conditions": [may_fire, is_the_owner], "before": [apply_submission]},
    {"trigger": "pass", "source": "verifying", "dest": "closed",
     "conditions": [may_fire, verifier_is_not_owner, not_under_supervision, regulator_review_passed],
     "before": [apply_close]},
    {"trigger": "reject", "source": "verifying", "dest": "rectifying",
     "conditions": [may_fire, verifier_is_not_owner]},
    {"trigger": "extend", "source": "rectifying", "dest": "rectifying",
     "conditions": [may_fire, reason_given, deadline_moves_later, extender_at_listing_level,
                    within_regulator_deadline],
     "before": [apply_extension]},
    {"trigger": "void", "source": "reported", "dest": "voided",
     "conditions": [may_fire, reason_given]},
]

MACHINE = machine.build(STATES, TRANSITIONS)


def allowed_actions(state: str) -> list[str]:
    return MACHINE.get_triggers(state)


def fire(row: Any, event: str, **ctx: Any) -> None:
    """Run ``event`` on a hazard row in memory, or raise a DomainError saying why not."""
    machine.fire(MACHINE, STATES, row, event, row.code, **ctx)


def describe() -> list[dict[str, Any]]:
    """The lifecycle as the engine runs it: each transition with its guards and roles."""
    out = []
    for t in TRANSITIONS:
        out.append({
            "trigger": t["trigger"], "label": label(EVENTS, t["trigger"]),
            "source": t["source"], "dest": t["dest"],
            "guards": [g.__name__ for g in t["conditions"] if g is not may_fire],
            "roles": allowed_roles(f"hazard.roles.{t['trigger']}"),
        })
    return out
