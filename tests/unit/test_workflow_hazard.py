"""The lifecycle machine on its own: every (state, trigger) pair is either a declared move or refused."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest

from dualprev.hazards.errors import InvalidInput, PermissionDenied, RuleViolation, TransitionNotAllowed
from dualprev.hazards.identity import Actor
from dualprev.workflows import hazard as lifecycle

EXPECTED = {
    ("reported", "assign"): "rectifying",
    ("reported", "fix_on_spot"): "verifying",
    ("reported", "void"): "voided",
    ("rectifying", "submit"): "verifying",
    ("rectifying", "extend"): "rectifying",
    ("verifying", "pass"): "closed",
    ("verifying", "reject"): "rectifying",
    ("reported", "plan"): "reported",
    ("reported", "approve_plan"): "reported",
    ("rectifying", "plan"): "rectifying",  # a 重大 hazard imported in 整改 without its plan
    ("rectifying", "approve_plan"): "rectifying",
    ("verifying", "plan"): "verifying",
    ("verifying", "approve_plan"): "verifying",
    ("verifying", "evaluate"): "verifying",
    ("reported", "classify"): "reported",
    ("rectifying", "classify"): "rectifying",
    ("verifying", "classify"): "verifying",
    # corrections (#12): void in every open state; edit keeps the state; a 一般 hazard made 重大
    # without an approved 治理方案 goes back to 发现
    ("rectifying", "void"): "voided",
    ("verifying", "void"): "voided",
    ("reported", "edit"): "reported",
    ("rectifying", "edit"): "rectifying",
    ("verifying", "edit"): "verifying",
    ("reported", "regrade"): "reported",
    ("rectifying", "regrade"): "reported",
    ("verifying", "regrade"): "reported",
}
MAJOR_LOOP = ("plan", "approve_plan", "evaluate")  # fired on a 重大 row with a drafted plan
PLAN = {"goal": "消除泄漏隐患", "method": "更换报警器", "funds": 1000.0, "resources": "报警器两台",
        "team": "一车间整改组", "owner": None, "deadline": date(2026, 12, 20), "requirements": None,
        "safety": "停止装卸作业", "contingency": "液氨泄漏预案"}
ALL_ROLES = frozenset({"officer", "owner", "inspector", "supervisor", "principal"})
OWNER = Actor("chen", "陈", frozenset({"owner"}), 2, "/1/2/", 1)


def row(state: str) -> SimpleNamespace:
    return SimpleNamespace(code="YH-2026-000001", state=state, level="general", org_path="/1/2/",
                           owner="chen", measures=None, deadline=date(2026, 12, 1),
                           original_deadline=date(2026, 12, 1), cost=None, contingency=None,
                           actual_cost=None, closed_at=None, enterprise_id=1, supervised=None,
                           plan_state=None, evaluated_at=None, category=None, gb_code=None,
                           basis=None, basis_clause=None)


def ctx(trigger: str) -> dict:
    # submit must come from the owner; verification from someone else
    actor = Actor("chen" if trigger in ("submit", "fix_on_spot") else "li", "x", ALL_ROLES, 1, "/1/", 1)
    return {"actor": actor, "now": datetime(2026, 11, 24, tzinfo=UTC), "owner": OWNER,
            "deadline": date(2026, 12, 20), "found_on": date(2026, 11, 1), "measures": "m",
            "reason": "r", "plan": PLAN, "evaluator": "外聘专家组", "conclusion": "整改合格可以销号",
            "category": "thing", "level": "major"}


@pytest.mark.parametrize("state", lifecycle.MACHINE.states)
@pytest.mark.parametrize("trigger", list(lifecycle.MACHINE.events))
def test_every_state_trigger_pair(state, trigger):
    r = row(state)
    if trigger in MAJOR_LOOP:
        r.level, r.plan_state, r.basis = "major", "approved" if trigger == "evaluate" else "draft", "WH2017-12 …"
    if (state, trigger) in EXPECTED:
        lifecycle.fire(r, trigger, **ctx(trigger))
        assert r.state == EXPECTED[(state, trigger)]
    else:
        with pytest.raises(TransitionNotAllowed) as err:
            lifecycle.fire(r, trigger, **ctx(trigger))
        assert state in str(err.value)
        assert r.state == state


def test_final_states_never_move():
    assert lifecycle.allowed_actions("closed") == []
    assert lifecycle.allowed_actions("voided") == []
    with pytest.raises(TransitionNotAllowed, match="never moves again"):
        lifecycle.fire(row("closed"), "reject", **ctx("reject"))


def test_refusal_names_state_and_allowed_actions():
    with pytest.raises(TransitionNotAllowed) as err:
        lifecycle.fire(row("reported"), "pass", **ctx("pass"))
    assert "发现 (reported)" in str(err.value)
    assert "assign, fix_on_spot, void" in str(err.value)


def test_major_assign_needs_all_of_wuluoshi():
    r = row("reported")
    r.level, r.plan_state = "major", "approved"
    c = ctx("assign") | {"cost": None, "contingency": "", "measures": "更换报警器"}
    with pytest.raises(RuleViolation) as err:
        lifecycle.fire(r, "assign", **c)
    assert "资金 (--cost)" in str(err.value) and "预案 (--contingency)" in str(err.value)
    assert r.state == "reported" and r.measures is None
    lifecycle.fire(r, "assign", **(c | {"cost": 1000.0, "contingency": "疏散撤离人员"}))
    assert (r.state, r.cost, r.contingency) == ("rectifying", 1000.0, "疏散撤离人员")


def test_major_cannot_be_fixed_on_the_spot():
    r = row("reported")
    r.level = "major"
    with pytest.raises(RuleViolation, match="立查立改"):
        lifecycle.fire(r, "fix_on_spot", **ctx("fix_on_spot"))


def test_deadline_before_finding_refused():
    with pytest.raises(RuleViolation, match="before the hazard was found"):
        lifecycle.fire(row("reported"), "assign", **(ctx("assign") | {"deadline": date(2026, 10, 31)}))


def test_verifier_is_never_the_owner():
    c = ctx("pass")
    c["actor"] = Actor("chen", "陈", ALL_ROLES, 1, "/1/", 1)
    for trigger in ("pass", "reject"):
        with pytest.raises(RuleViolation, match="may not verify"):
            lifecycle.fire(row("verifying"), trigger, **c)


def test_only_the_assigned_owner_submits():
    c = ctx("submit")
    c["actor"] = Actor("sun", "孙", ALL_ROLES, 1, "/1/", 1)
    with pytest.raises(PermissionDenied, match="only the assigned owner"):
        lifecycle.fire(row("rectifying"), "submit", **c)


def test_roles_come_from_the_rules():
    c = ctx("assign")
    c["actor"] = Actor("li", "李", frozenset({"inspector"}), 1, "/1/", 1)
    with pytest.raises(PermissionDenied, match="needs the role officer"):
        lifecycle.fire(row("reported"), "assign", **c)


def test_scope_is_the_org_subtree():
    c = ctx("void")
    c["actor"] = Actor("zhou", "周", ALL_ROLES, 4, "/1/4/", 1)
    with pytest.raises(PermissionDenied, match="outside their scope"):
        lifecycle.fire(row("reported"), "void", **c)


def test_extension_must_move_later_and_give_a_reason():
    with pytest.raises(RuleViolation, match="must be later"):
        lifecycle.fire(row("rectifying"), "extend", **(ctx("extend") | {"deadline": date(2026, 11, 30)}))
    with pytest.raises(InvalidInput, match="needs a reason"):
        lifecycle.fire(row("rectifying"), "extend", **(ctx("extend") | {"reason": "  "}))


def test_describe_lists_every_transition_with_roles():
    described = {t["trigger"]: t for t in lifecycle.describe()}
    assert set(described) == set(lifecycle.MACHINE.events)
    assert described["pass"]["roles"] == ["inspector"]
    assert "governance_plan_complete" in described["assign"]["guards"]
