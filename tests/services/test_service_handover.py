"""`person deactivate --handover` (#12 item 2) through the use-case, on SQLite and PostgreSQL: what
the person holds (open hazards, 治理方案, inspection plans, risk points, measures) moves to the
successor with one audited event each, in the deactivation's transaction; a refused handover
changes nothing, and the audit replay holds."""

from __future__ import annotations

from datetime import date

import pytest

from dualprev.hazards import audit
from dualprev.hazards.errors import InvalidInput, NotFound, PermissionDenied, RuleViolation
from dualprev.hazards.services import inspection, org, risk
from dualprev.hazards.services import hazard as hazard_service
from tests.support import approved_plan, events, general


def held_by(db, login):
    with db.read() as tx:
        return {
            "hazard": tx.scalar("SELECT count(*) FROM hazard WHERE owner = :l AND state <> 'closed'", {"l": login}),
            "hazard_plan": tx.scalar("SELECT count(*) FROM governance_plan WHERE owner = :l", {"l": login}),
            "plan": tx.scalar("SELECT count(*) FROM inspection_plan WHERE assignee = :l", {"l": login}),
            "risk": tx.scalar("SELECT count(*) FROM risk_point WHERE responsible = :l", {"l": login}),
            "measure": tx.scalar("SELECT count(*) FROM control_measure WHERE owner = :l", {"l": login}),
        }


@pytest.fixture
def liu_holds(db):
    """liu (owner+officer at 甲班) owns a 一般 hazard and the 治理方案 of a 重大 one, is the assignee
    of a plan, responsible for a risk point and owner of its measure; a closed hazard stays liu's."""
    general(db, date(2026, 12, 20), owner="liu", org="甲班")
    major = hazard_service.report(db, actor="wang", title="液氨报警器失效", org="甲班", level="major")["code"]
    approved_plan(db, major, owner="liu")
    cl = inspection.add_checklist(db, actor="wang", name="甲班日查", items=["消防通道"], org="甲班")
    inspection.add_plan(db, actor="wang", name="甲班日查", checklist=cl["id"], org="甲班", assignee="liu")
    r = risk.add(db, actor="wang", name="二号泵房", org="甲班", ls="3,4", responsible="liu")
    risk.add_measure(db, actor="wang", code=r["code"], type="工程技术", text="护栏", owner="liu")
    return db


def test_handover_moves_everything_with_an_event_each(liu_holds):
    db = liu_holds
    before = events(db)
    r = org.deactivate_person(db, actor="admin", login="liu", handover="chen")
    assert {k: len(v) for k, v in r["moved"].items()} == {"hazard": 1, "hazard_plan": 1, "plan": 1,
                                                          "risk": 1, "measure": 1}
    assert set(held_by(db, "liu").values()) == {0}
    assert held_by(db, "chen") == {"hazard": 1, "hazard_plan": 1, "plan": 1, "risk": 1, "measure": 1}
    assert events(db) == before + 6  # five handovers and the deactivation
    with db.read() as tx:
        rows = tx.run("SELECT subject, data FROM hazard_event WHERE event = 'handover' ORDER BY seq").all()
    assert [s for s, _ in rows] == ["hazard", "hazard", "plan", "risk", "risk"]
    assert all('"before"' in d and "liu" in d and "chen" in d for _, d in rows)
    assert audit.verify(db)["ok"]
    with pytest.raises(PermissionDenied, match="liu is deactivated"):
        hazard_service.report(db, actor="liu", title="x", org="甲班")


def test_refused_handovers_change_nothing(liu_holds):
    db = liu_holds
    before, held = events(db), held_by(db, "liu")
    with pytest.raises(RuleViolation, match="still holds 5 open item"):
        org.deactivate_person(db, actor="admin", login="liu")
    with pytest.raises(RuleViolation, match="lack the owner role"):
        org.deactivate_person(db, actor="admin", login="liu", handover="wang")
    with pytest.raises(RuleViolation, match="outside their scope"):
        org.deactivate_person(db, actor="admin", login="liu", handover="wu")
    with pytest.raises(NotFound):
        org.deactivate_person(db, actor="admin", login="liu", handover="ghost")
    with pytest.raises(InvalidInput, match="successor"):
        org.deactivate_person(db, actor="admin", login="liu", handover="liu")
    org.deactivate_person(db, actor="admin", login="sun")
    with pytest.raises(InvalidInput, match="sun is deactivated"):
        org.deactivate_person(db, actor="admin", login="liu", handover="sun")
    assert events(db) == before + 1 and held_by(db, "liu") == held
    with db.read() as tx:
        assert tx.scalar("SELECT active FROM person WHERE login = 'liu'")


def test_person_edit_within_the_enterprise_only(db):
    r = org.edit_person(db, actor="admin", login="liu", roles=["owner"])
    assert (r["roles"], r["changed"]) == (["owner"], ["roles"])
    with pytest.raises(InvalidInput, match="unknown role"):
        org.edit_person(db, actor="admin", login="liu", roles=["captain"])
    with pytest.raises(InvalidInput, match="nothing to change"):
        org.edit_person(db, actor="admin", login="liu", roles=["owner"])
    with pytest.raises(InvalidInput, match="--name is blank"):
        org.edit_person(db, actor="admin", login="liu", name=" ")
    with pytest.raises(PermissionDenied):
        org.edit_person(db, actor="liu", login="liu", name="刘")
    before = events(db)
    org.edit_person(db, actor="admin", login="liu", org="乙班")
    assert events(db) == before + 1
    with pytest.raises(RuleViolation, match="outside their scope"):
        hazard_service.assign(db, actor="wang", code=hazard_service.report(
            db, actor="wang", title="x", org="甲班")["code"], owner="liu", deadline=date(2026, 12, 20),
            measures="m")


def test_a_retired_plan_is_no_ones_to_hand_over(liu_holds):
    from dualprev.hazards.errors import RuleViolation as Refused
    plan = inspection.retire_plan(liu_holds, actor="wang", plan_id=1, reason="装置停用")
    assert plan["paused"]
    with pytest.raises(Refused, match="retired already"):
        inspection.retire_plan(liu_holds, actor="wang", plan_id=1, reason="again")
    r = org.deactivate_person(liu_holds, actor="admin", login="liu", handover="chen")
    assert "plan" not in r["moved"]


def test_a_retired_checklist_takes_no_new_plans(liu_holds):
    inspection.retire_checklist(liu_holds, actor="wang", checklist_id=1, reason="改版")
    with pytest.raises(RuleViolation, match="is retired"):
        inspection.add_plan(liu_holds, actor="wang", name="新", checklist=1, org="甲班")
