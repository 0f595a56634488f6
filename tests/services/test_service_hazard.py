"""The hazard use-cases against a real database: moves, guards, roles, scope, atomicity, conflicts."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from dualprev.hazards import steps
from dualprev.hazards.access import load_actor, load_hazard
from dualprev.hazards.errors import (
    Conflict,
    InvalidInput,
    NotFound,
    PermissionDenied,
    RuleViolation,
    TransitionNotAllowed,
)
from dualprev.hazards.services import hazard as hazard_service
from dualprev.hazards.services import org as org_service
from dualprev.hazards.steps import save_transition
from tests.support import approved_plan


def snapshot(db, code):
    """The hazard's row and the number of events in the whole database."""
    with db.read() as tx:
        row = dict(tx.one("SELECT * FROM hazard WHERE code = :c", {"c": code}))
        events = tx.scalar("SELECT count(*) FROM hazard_event")
    return row, events


def new(db, **kw):
    args = {"actor": "wang", "title": "护栏缺失", "org": "生产一车间"} | kw
    return hazard_service.report(db, **args)["code"]


def test_full_lifecycle_records_every_step(db):
    code = new(db, place="二号泵房")
    assert code == "YH-2026-000001"
    hazard_service.assign(db, actor="wang", code=code, owner="chen", deadline=date(2026, 12, 10),
                    measures="加装护栏")
    hazard_service.submit(db, actor="chen", code=code, note="已安装", cost=800)
    hazard_service.verify(db, actor="li", code=code, passed=False, note="高度不足")
    hazard_service.submit(db, actor="chen", code=code, note="已加高")
    result = hazard_service.verify(db, actor="li", code=code, passed=True)
    assert result["state"] == "closed"
    with db.read() as tx:
        h = tx.one("SELECT state, owner, actual_cost, closed_at, version FROM hazard WHERE code = :c",
                   {"c": code})
        history = tx.run("SELECT event, from_state, to_state, actor FROM hazard_event"
                         " WHERE subject = 'hazard' ORDER BY seq").all()
    assert (h["state"], h["owner"], h["actual_cost"], h["version"]) == ("closed", "chen", 800, 6)
    assert h["closed_at"] is not None
    assert [tuple(e) for e in history] == [
        ("report", None, "reported", "wang"), ("assign", "reported", "rectifying", "wang"),
        ("submit", "rectifying", "verifying", "chen"), ("reject", "verifying", "rectifying", "li"),
        ("submit", "rectifying", "verifying", "chen"), ("pass", "verifying", "closed", "li")]


def test_refused_move_changes_nothing(db):
    code = new(db, level="major")
    approved_plan(db, code)
    before = snapshot(db, code)
    with pytest.raises(RuleViolation, match="五落实"):
        hazard_service.assign(db, actor="wang", code=code, owner="chen", deadline=date(2026, 12, 10),
                        measures="更换报警器", cost=0)
    assert snapshot(db, code) == before
    hazard_service.assign(db, actor="wang", code=code, owner="chen", deadline=date(2026, 12, 10),
                    measures="更换报警器", cost=48000, contingency="人工巡检")
    with pytest.raises(RuleViolation, match="立查立改"):
        hazard_service.fix_on_spot(db, actor="wang", code=new(db, level="重大"), measures="x")


def test_illegal_trigger_names_state_and_changes_nothing(db):
    code = new(db)
    before = snapshot(db, code)
    with pytest.raises(TransitionNotAllowed, match=r"发现 \(reported\); allowed actions: plan, approve_plan, assign, fix_on_spot, void, edit, regrade, classify"):
        hazard_service.verify(db, actor="li", code=code, passed=True)
    assert snapshot(db, code) == before
    hazard_service.void(db, actor="wang", code=code, reason="误报")
    with pytest.raises(TransitionNotAllowed, match="作废"):
        hazard_service.assign(db, actor="wang", code=code, owner="chen", deadline=date(2026, 12, 1), measures="x")


def test_roles(db):
    code = new(db, org="甲班")
    with pytest.raises(PermissionDenied, match="needs the role officer"):
        hazard_service.assign(db, actor="chen", code=code, owner="chen", deadline=date(2026, 12, 1), measures="x")
    # 安全生产法 Art 59: every person of the register reports (an owner too), within their scope
    assert hazard_service.report(db, actor="chen", title="t", org="生产一车间")["state"] == "reported"
    with pytest.raises(NotFound, match="no org unit"):
        hazard_service.report(db, actor="chen", title="t", org="设备部")
    with pytest.raises(NotFound, match="unknown user 'nobody'"):
        hazard_service.report(db, actor="nobody", title="t", org="生产一车间")
    hazard_service.assign(db, actor="wang", code=code, owner="chen", deadline=date(2026, 12, 1), measures="x")
    with pytest.raises(PermissionDenied, match="only the assigned owner"):
        hazard_service.submit(db, actor="liu", code=code)  # an owner in scope, but not the assigned one
    with pytest.raises(PermissionDenied, match="needs the role supervisor"):
        hazard_service.extend(db, actor="wang", code=code, deadline=date(2026, 12, 5), reason="r")


def test_scope_is_the_org_subtree(db):
    code = new(db, org="甲班")  # 甲班 lies under 生产一车间
    # zhou inspects 生产二车间 only: the hazard is invisible to him
    hazard_service.assign(db, actor="liu", code=code, owner="chen", deadline=date(2026, 12, 1), measures="x")
    hazard_service.submit(db, actor="chen", code=code)
    with pytest.raises(NotFound, match="in your scope"):
        hazard_service.verify(db, actor="zhou", code=code, passed=True)
    # liu (officer at 甲班) cannot report in 乙班, nor assign a hazard there
    with pytest.raises(NotFound, match="in your scope"):
        hazard_service.report(db, actor="liu", title="t", org="乙班")
    # an owner whose scope does not cover the hazard cannot be assigned
    other = new(db, org="生产二车间")
    with pytest.raises(RuleViolation, match="outside their scope"):
        hazard_service.assign(db, actor="wang", code=other, owner="chen", deadline=date(2026, 12, 1), measures="x")
    with pytest.raises(RuleViolation, match="lack the owner role"):
        hazard_service.assign(db, actor="wang", code=other, owner="zhou", deadline=date(2026, 12, 1), measures="x")


def test_verifier_is_never_the_owner(db):
    org_service.add_person(db, actor="admin", login="ma", name="马", org="示范化工有限公司",
                        roles=["owner", "inspector"])
    code = new(db)
    hazard_service.assign(db, actor="wang", code=code, owner="ma", deadline=date(2026, 12, 1), measures="x")
    hazard_service.submit(db, actor="ma", code=code)
    with pytest.raises(RuleViolation, match="may not verify"):
        hazard_service.verify(db, actor="ma", code=code, passed=True)
    assert hazard_service.verify(db, actor="li", code=code, passed=True)["state"] == "closed"


def test_deadline_not_before_finding_date(db):
    code = new(db, found_at=datetime.fromisoformat("2026-11-20T08:00:00+08:00"))
    with pytest.raises(RuleViolation, match="before the hazard was found"):
        hazard_service.assign(db, actor="wang", code=code, owner="chen", deadline=date(2026, 11, 19), measures="x")
    # the finding day itself is a valid deadline (local date, not UTC: 08:00+08 is 00:00Z)
    hazard_service.assign(db, actor="wang", code=code, owner="chen", deadline=date(2026, 11, 20), measures="x")


def test_extension_keeps_the_first_deadline(db):
    code = new(db)
    hazard_service.assign(db, actor="wang", code=code, owner="chen", deadline=date(2026, 12, 1), measures="x")
    hazard_service.extend(db, actor="zhao", code=code, deadline=date(2026, 12, 20), reason="备件未到")
    hazard_service.extend(db, actor="zhao", code=code, deadline=date(2027, 1, 10), reason="厂家延期")
    with pytest.raises(RuleViolation, match="must be later"):
        hazard_service.extend(db, actor="zhao", code=code, deadline=date(2026, 12, 31), reason="x")
    with db.read() as tx:
        h = tx.one("SELECT deadline, original_deadline FROM hazard WHERE code = :c", {"c": code})
        ext = tx.run("SELECT old_deadline, new_deadline, reason, by FROM extension ORDER BY id").all()
    assert str(h["deadline"]) == "2027-01-10" and str(h["original_deadline"]) == "2026-12-01"
    assert [(str(a), str(b), r, by) for a, b, r, by in ext] == [
        ("2026-12-01", "2026-12-20", "备件未到", "zhao"), ("2026-12-20", "2027-01-10", "厂家延期", "zhao")]


def test_codes_follow_the_year_of_finding(db):
    assert new(db) == "YH-2026-000001"
    assert new(db) == "YH-2026-000002"
    # found on New Year's Eve 2025 at 23:30 local time, which is still 2025 locally
    assert new(db, found_at=datetime.fromisoformat("2025-12-31T23:30:00+08:00")) == "YH-2025-000001"
    with pytest.raises(InvalidInput, match="in the future"):
        new(db, found_at=datetime.fromisoformat("2027-01-01T00:00:00+08:00"))


def test_stale_version_is_a_conflict_not_a_lost_update(db):
    """Two writers: one loads the hazard, the other commits first; the first must lose."""
    code = new(db)
    hazard_service.assign(db, actor="wang", code=code, owner="chen", deadline=date(2026, 12, 1), measures="x")
    with db.read() as tx:
        stale = load_hazard(tx, load_actor(tx, "zhao"), code)
        zhao = load_actor(tx, "zhao")
    hazard_service.extend(db, actor="zhao", code=code, deadline=date(2026, 12, 15), reason="first")
    before = snapshot(db, code)
    stale_before = {f: getattr(stale, f) for f in steps.WRITABLE}
    stale.deadline = date(2026, 12, 20)
    with pytest.raises(Conflict, match="changed by someone else"):
        with db.write() as tx:
            save_transition(tx, stale, stale_before, event="extend", actor=zhao,
                            now=datetime.fromisoformat("2026-11-24T10:00:00+08:00"), comment="second")
    assert snapshot(db, code) == before


def test_unknown_code_and_org(db):
    with pytest.raises(NotFound, match="no hazard YH-2026-999999"):
        hazard_service.void(db, actor="wang", code="YH-2026-999999", reason="x")
    with pytest.raises(NotFound, match="no org unit"):
        new(db, org="不存在的车间")
