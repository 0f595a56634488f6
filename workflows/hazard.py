"""The hazard lifecycle 发现 → 整改 → 复核 → 销号, as data, with its guards.

reported --assign--> rectifying --submit--> verifying --pass--> closed
reported --fix_on_spot (一般 only, 立查立改)--> verifying
verifying --reject (复核不通过)--> rectifying
rectifying --extend (延期)--> rectifying
reported --void (误报/作废)--> voided

Corrections (#12): ``edit`` fixes what was recorded (title, description, place, category, org
unit, when found) of an open hazard; ``regrade`` moves 一般 ⇄ 重大 (a 重大 in 整改 or 复核 without an
approved 治理方案 goes back to 发现 until its 五落实 is in place; down only by a supervisor and never
while a regulator lists it); ``void`` works in every open state (the officer in 发现, a supervisor
after). Each needs a reason.

The 重大 loop (16号令 Arts 15, 18): in 发现 the officer drafts the 治理方案 (``plan``) and the
主要负责人 approves it (``approve_plan``, which needs the 判定依据); ``assign`` needs that approval;
in 复核 the evaluation of the finished work (``evaluate``) comes before ``pass``, and a ``reject``
asks for a new one. ``classify`` sets the category, its GB/T 13861 code and the 判定依据 of an
open hazard.

Who may fire each trigger is configuration (``[hazard.roles]`` of the rules file).
"""

from __future__ import annotations

import re
from typing import Any

from dualprev.hazards import config, criteria
from dualprev.hazards.access import allowed_roles, require_role
from dualprev.hazards.errors import InvalidInput, PermissionDenied, RuleViolation
from dualprev.hazards.identity import Actor
from dualprev.hazards.labels import EVENTS, GB_13861_CLASS, LEVELS, OPEN_STATES, PLAN_ITEMS, STATES, label, text
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
    owner: Actor | None = ev.kwargs.get("owner")
    if owner is None:  # a plan may leave the owner to the assignment
        return True
    if "owner" not in owner.roles:
        raise RuleViolation(f"{owner.login} cannot own a rectification: they lack the owner role")
    if not owner.covers(ev.model.org_path):
        raise RuleViolation(
            f"{owner.login} cannot own {ev.model.code}: its org unit is outside their scope"
        )
    return True


def assignment_given(ev) -> bool:
    """整改 needs an owner, measures and a deadline: given, or (重大) from the approved plan."""
    wanted = (("owner", "--owner LOGIN"), ("measures", "--measures"),
              ("deadline", "--deadline DATE or --within N[wd]"))
    missing = [option for key, option in wanted if ev.kwargs.get(key) in (None, "")]
    if missing:
        raise InvalidInput(f"assign {ev.model.code} needs {', '.join(missing)}")
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
               if v is None or (isinstance(v, str) and not substantive(v))]
    if missing:
        raise RuleViolation(
            f"{ev.model.code} is a 重大 hazard: 五落实 requires {', '.join(missing)}"
        )
    if given["cost"] <= 0:
        raise RuleViolation(f"{ev.model.code} is a 重大 hazard: 五落实's 资金 (--cost) must be more than 0 元")
    return True


# --- the 重大 loop: 治理方案 (16号令 Art 15¶2), 判定依据, 评估 (Art 18) ------------------------------

_NOT_COUNTED = re.compile(r"[\s\W_]+")


def substantive(value: str | None) -> bool:
    """Real text: at least ``[hazard.plan] min_chars`` letters or digits and no placeholder."""
    rules = config.rules()["hazard"]["plan"]
    bare = _NOT_COUNTED.sub("", value or "")
    return (len(bare) >= rules["min_chars"]
            and bare.lower() not in {_NOT_COUNTED.sub("", p).lower() for p in rules["placeholders"]})


def major_only(ev) -> bool:
    if ev.model.level != "major":
        raise RuleViolation(f"{ev.model.code} is a 一般 hazard: {label(EVENTS, ev.event.name)} is for "
                            "重大 hazards (16号令 Arts 15, 18)")
    return True


PLAN_OPTIONS = {  # each item of 16号令 Art 15¶2 and the fields (options) that give it
    "goal": ("goal",), "method": ("method",), "funds": ("funds", "resources"), "team": ("team",),
    "deadline": ("deadline", "requirements"), "safety": ("safety", "contingency"),
}


def _plan_field_ok(field: str, value: Any) -> bool:
    if field == "funds":
        return value is not None and value > 0
    if field == "deadline":
        return value is not None
    if field == "requirements":  # the only optional one
        return value is None or substantive(value)
    return substantive(value)


def plan_complete(ev) -> bool:
    """16号令 Art 15¶2: the six items, each real text, with 经费 more than 0 元."""
    p = ev.kwargs["plan"]
    missing = []
    for item, fields in PLAN_OPTIONS.items():
        bad = [f"--{f}" + (" > 0" if f == "funds" else "") for f in fields if not _plan_field_ok(f, p.get(f))]
        if bad:
            missing.append(f"{label(PLAN_ITEMS, item)} ({', '.join(bad)})")
    if missing:
        raise RuleViolation(
            f"the 治理方案 of {ev.model.code} (16号令 Art 15¶2) lacks {'; '.join(missing)}: each item "
            f"needs at least {config.rules()['hazard']['plan']['min_chars']} characters of real text")
    return True


def plan_drafted(ev) -> bool:
    state, code = ev.model.plan_state, ev.model.code
    if state is None:
        raise RuleViolation(f"{code} has no 治理方案 to approve: it is drafted first "
                            f"(`dualprev hazard plan {code} --goal … --funds …`)")
    if state == "approved":
        raise RuleViolation(f"the 治理方案 of {code} is already approved")
    return True


def basis_named(ev) -> bool:
    if not ev.model.basis:
        code = ev.model.code
        raise RuleViolation(f"{code} names no 判定依据: before its plan is approved, say which clause makes "
                            f"it 重大 (`dualprev hazard classify {code} --basis KEY`; see "
                            "`dualprev hazard criteria`)")
    return True


def plan_approved(ev) -> bool:
    """16号令 Art 15¶2: a 重大 hazard enters 整改 under the 治理方案 its 主要负责人 approved."""
    row = ev.model
    if row.level == "major" and row.plan_state != "approved":
        what = "no 治理方案" if row.plan_state is None else "a 治理方案 the 主要负责人 has not approved"
        raise RuleViolation(
            f"{row.code} is a 重大 hazard with {what} (16号令 Art 15¶2): `dualprev hazard plan {row.code} "
            f"…`, then the principal's `dualprev hazard approve-plan {row.code}`")
    return True


def plan_open(ev) -> bool:
    """The 治理方案 is drafted before 整改; only a hazard that reached 整改 without one (imported from a
    sheet that lacked it) has its plan drafted and approved afterwards."""
    row = ev.model
    if row.state != "reported" and row.plan_state != "draft":
        raise RuleViolation(f"{row.code} is in {label(STATES, row.state)}: its 治理方案 was settled before 整改")
    return True


def plan_approved_to_move_on(ev) -> bool:
    """A 重大 hazard imported in 整改 or 复核 without its 治理方案 (its items flagged missing) moves
    on only once the plan is filled and approved (16号令 Art 15¶2)."""
    row = ev.model
    if row.level == "major" and row.plan_state == "draft" and row.state != "reported":
        raise RuleViolation(
            f"{row.code} is a 重大 hazard whose 治理方案 is incomplete or not approved (16号令 Art 15¶2): "
            f"`dualprev hazard plan {row.code} …` fills its items, then the principal's "
            f"`dualprev hazard approve-plan {row.code}`")
    return True


def evaluation_given(ev) -> bool:
    for key, option in (("evaluator", "--by"), ("conclusion", "--conclusion")):
        if not substantive(ev.kwargs.get(key)):
            raise InvalidInput(f"evaluate {ev.model.code} needs {option} with real text "
                               f"(at least {config.rules()['hazard']['plan']['min_chars']} characters)")
    return True


def evaluated_if_major(ev) -> bool:
    """16号令 Art 18: a 重大 hazard's rectification is evaluated before it is closed."""
    row = ev.model
    if row.level == "major" and row.evaluated_at is None:
        raise RuleViolation(
            f"{row.code} is a 重大 hazard: its 复核 passes only after the evaluation of the rectification "
            f"(16号令 Art 18): `dualprev hazard evaluate {row.code} --by … --conclusion …`")
    return True


def classification_valid(ev) -> bool:
    kw, row = ev.kwargs, ev.model
    if all(kw.get(k) is None for k in ("category", "gb_code", "basis")):
        raise InvalidInput(f"classify {row.code}: give --category, --gb-code or --basis")
    if kw.get("basis") is not None and row.level != "major":
        raise InvalidInput(f"{row.code} is a 一般 hazard: a 判定依据 (--basis) names why a hazard is 重大")
    criteria.gb_code_of(kw.get("category") or row.category, kw.get("gb_code"))
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
    if old is None:  # fixed on the spot, then sent back by 复核: its 整改 never had a deadline
        raise RuleViolation(f"{ev.model.code} has no deadline to move: it was fixed on the spot")
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


# --- corrections (#12): edit, regrade, void in any open state ------------------------------------

EDITABLE = ("title", "description", "place", "category", "org_id", "found_at")


def edit_valid(ev) -> bool:
    """Something changes; the new org unit is of the same enterprise and in the owner's scope; the
    finding stays before the deadline."""
    row, kw = ev.model, ev.kwargs
    given = {f: kw[f] for f in EDITABLE if kw.get(f) is not None}
    if not any(getattr(row, f) != v for f, v in given.items()):
        raise InvalidInput(f"edit {row.code}: nothing changes (give --title, --desc, --place, "
                           "--category, --org or --found-at with a new value)")
    unit = kw.get("unit")
    if unit is not None and unit["id"] != row.org_id:
        if unit["enterprise_id"] != row.enterprise_id:
            raise RuleViolation(f"{row.code} belongs to its enterprise: {unit['name']} is another one's")
        owner = kw.get("owner_actor")
        if owner is not None and not owner.covers(unit["path"]):
            raise RuleViolation(f"{row.owner} owns {row.code} and {unit['name']} is outside their scope: "
                                "move it where its owner works, or assign another owner first")
    found = kw.get("found_at")
    if found is not None and row.deadline is not None:
        found_on = found.astimezone(config.timezone()).date()
        if found_on > row.deadline:
            raise RuleViolation(f"{row.code} was given the deadline {row.deadline}: it cannot have been "
                                f"found after it ({found_on})")
    return True


def apply_edit(ev) -> None:
    for f in EDITABLE:
        if ev.kwargs.get(f) is not None:
            setattr(ev.model, f, ev.kwargs[f])
    if ev.kwargs.get("category") is not None and ev.model.gb_code and not ev.model.gb_code.startswith(
            GB_13861_CLASS[ev.model.category]):
        ev.model.gb_code = None  # the old code belongs to the old category


def regrade_allowed(ev) -> bool:
    """一般 → 重大 by whoever may regrade; 重大 → 一般 by a supervisor only (``regrade_down``),
    never while a regulator (county or higher) lists it."""
    row, level, actor = ev.model, ev.kwargs["level"], ev.kwargs["actor"]
    if level == row.level:
        raise InvalidInput(f"{row.code} is {label(LEVELS, level)} already")
    if level == "general":
        require_role(actor, "hazard.roles.regrade_down", "grade a 重大 hazard down to 一般", row.org_path)
        if row.supervised and row.supervised != "enterprise":
            raise RuleViolation(f"{row.code} is under {row.supervised}-level 挂牌督办 by the regulator: "
                                "it stays 重大 until the regulator writes the listing off")
    return True


def needs_plan_first(ev) -> bool:
    """Quiet: a hazard made 重大 in 整改 or 复核 without an approved 治理方案 goes back to 发现."""
    row = ev.model
    return ev.kwargs["level"] == "major" and row.state != "reported" and row.plan_state != "approved"


def keeps_its_state(ev) -> bool:
    return not needs_plan_first(ev)


def apply_regrade(ev) -> None:
    ev.model.level = ev.kwargs["level"]
    if ev.model.level == "general":  # a 判定依据 names why a hazard is 重大
        ev.model.basis_clause = ev.model.basis = None
    if ev.model.level == "major":
        ev.model.evaluated_at = None


def may_void(ev) -> bool:
    """作废: the officer in 发现 (``void``); once 整改 has begun, a supervisor (``void_open``)."""
    rule = "hazard.roles.void" if ev.model.state == "reported" else "hazard.roles.void_open"
    require_role(ev.kwargs["actor"], rule, f"void {ev.model.code} in {label(STATES, ev.model.state)}",
                 ev.model.org_path)
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


def apply_basis(ev) -> None:
    if ev.kwargs.get("basis") is not None:
        ev.model.basis_clause, ev.model.basis = ev.kwargs["basis"]


def apply_classification(ev) -> None:
    row, kw = ev.model, ev.kwargs
    if kw.get("category") is not None and kw["category"] != row.category:
        row.category = kw["category"]
        if row.gb_code and not row.gb_code.startswith(GB_13861_CLASS[row.category]):
            row.gb_code = None  # the old code belongs to the old category
    if kw.get("gb_code") is not None:
        row.gb_code = kw["gb_code"]
    apply_basis(ev)


def apply_evaluation(ev) -> None:
    ev.model.evaluated_at = ev.kwargs["now"]


def clear_evaluation(ev) -> None:
    """A rejected rectification is evaluated again after its next submission."""
    ev.model.evaluated_at = None


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
    {"trigger": "plan", "source": list(OPEN_STATES), "dest": "=",
     "conditions": [may_fire, major_only, plan_open, plan_complete, owner_is_eligible,
                    deadline_after_finding, within_regulator_deadline],
     "before": [apply_basis]},
    {"trigger": "approve_plan", "source": list(OPEN_STATES), "dest": "=",
     "conditions": [may_fire, major_only, plan_open, plan_drafted, basis_named]},
    {"trigger": "assign", "source": "reported", "dest": "rectifying",
     "conditions": [may_fire, plan_approved, assignment_given, owner_is_eligible,
                    deadline_after_finding, governance_plan_complete, within_regulator_deadline],
     "before": [apply_assignment]},
    {"trigger": "fix_on_spot", "source": "reported", "dest": "verifying",
     "conditions": [may_fire, general_only], "before": [apply_fix]},
    {"trigger": "submit", "source": "rectifying", "dest": "verifying",
     "conditions": [may_fire, is_the_owner, plan_approved_to_move_on], "before": [apply_submission]},
    {"trigger": "evaluate", "source": "verifying", "dest": "verifying",
     "conditions": [may_fire, major_only, plan_approved_to_move_on, evaluation_given],
     "before": [apply_evaluation]},
    {"trigger": "pass", "source": "verifying", "dest": "closed",
     "conditions": [may_fire, verifier_is_not_owner, plan_approved_to_move_on, evaluated_if_major,
                    not_under_supervision,
                    regulator_review_passed],
     "before": [apply_close]},
    {"trigger": "reject", "source": "verifying", "dest": "rectifying",
     "conditions": [may_fire, verifier_is_not_owner], "before": [clear_evaluation]},
    {"trigger": "extend", "source": "rectifying", "dest": "rectifying",
     "conditions": [may_fire, reason_given, deadline_moves_later, extender_at_listing_level,
                    within_regulator_deadline],
     "before": [apply_extension]},
    {"trigger": "void", "source": list(OPEN_STATES), "dest": "voided",
     "conditions": [may_void, reason_given]},
    {"trigger": "edit", "source": list(OPEN_STATES), "dest": "=",
     "conditions": [may_fire, reason_given, edit_valid], "before": [apply_edit]},
    {"trigger": "regrade", "source": list(OPEN_STATES), "dest": "reported",
     "conditions": [may_fire, reason_given, regrade_allowed, needs_plan_first], "before": [apply_regrade]},
    {"trigger": "regrade", "source": list(OPEN_STATES), "dest": "=",
     "conditions": [may_fire, reason_given, regrade_allowed, keeps_its_state], "before": [apply_regrade]},
    {"trigger": "classify", "source": list(OPEN_STATES), "dest": "=",
     "conditions": [may_fire, classification_valid], "before": [apply_classification]},
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
            "source": t["source"], "dest": t["source"] if t["dest"] == "=" else t["dest"],
            "guards": [g.__name__ for g in t["conditions"] if g not in (may_fire, may_void)],
            "roles": allowed_roles(f"hazard.roles.{t['trigger']}"),
        })
    return out


# What is recorded beside the moves, without changing the state: who may, and the rule it keeps.
RECORDS: list[dict[str, str]] = [
    {"record": "report", "command": "hazard report", "rule": "hazard.roles.report"},
    {"record": "report_whistleblower", "command": "hazard report --source whistleblower",
     "rule": "hazard.roles.report_whistleblower"},
    {"record": "report_regulator", "command": "hazard report --source regulator",
     "rule": "hazard.roles.report_regulator"},
    {"record": "extend_request", "command": "hazard extend-request", "rule": "hazard.roles.extend_request"},
    {"record": "extend_decide", "command": "hazard extend-approve|extend-deny",
     "rule": "hazard.roles.extend_decide"},
    {"record": "regulator", "command": "hazard penalty|review", "rule": "hazard.roles.regulator"},
    {"record": "reward", "command": "hazard reward", "rule": "hazard.roles.reward"},
]


def describe_records(lang: str = "zh") -> list[dict[str, Any]]:
    """The records beside the lifecycle, with the roles the rules give them and what they keep."""
    return [{**r, "roles": allowed_roles(r["rule"]), "note": text(f"wf_{r['record']}", lang)}
            for r in RECORDS]
