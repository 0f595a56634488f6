"""Escalation and 挂牌督办: the supervision machine and its refusals, the closing guard, auto-listing,
the ladder firing each step once (repeated, racing and catch-up sweeps), extension requests."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from dualprev.hazards import audit
from dualprev.hazards.errors import (
    InvalidInput,
    NotFound,
    PermissionDenied,
    RuleViolation,
    TransitionNotAllowed,
)
from dualprev.hazards.queries import hazard as hazard_queries
from dualprev.hazards.queries import supervision as supervision_queries
from dualprev.hazards.services import hazard as hazard_service
from dualprev.hazards.services import org as org_service
from dualprev.hazards.services import supervision as supervision_service
from dualprev.schedules import escalation
from tests.support import NOW, approved_plan, count, general, major

ROOT = Path(__file__).resolve().parents[2]


def events(db, code):
    with db.read() as tx:
        return [e for (e,) in tx.run("SELECT event FROM hazard_event WHERE ref = :c ORDER BY seq",
                                     {"c": code}).all()]


# --- 挂牌督办 ----------------------------------------------------------------------------------

def test_a_major_hazard_is_listed_when_reported_and_closes_only_after_the_write_off(db):
    code = major(db)
    [listing] = supervision_queries.listed(db, actor="zhao")
    assert (listing["code"], listing["supervision_level"], listing["listed_by"], listing["auto"]) == (
        code, "enterprise", "system", True)
    with pytest.raises(RuleViolation, match="挂牌督办"):
        hazard_service.verify(db, actor="li", code=code, passed=True)
    assert count(db, "hazard", "code = :c AND state = 'verifying'", c=code) == 1
    supervision_service.request_writeoff(db, actor="chen", code=code, note="已更换并联调")
    with pytest.raises(RuleViolation, match="挂牌督办"):
        hazard_service.verify(db, actor="li", code=code, passed=True)
    supervision_service.approve(db, actor="zhao", code=code, note="合格")
    assert hazard_service.verify(db, actor="li", code=code, passed=True)["state"] == "closed"
    assert events(db, code) == ["report", "supervise_list", "plan", "approve_plan", "assign", "submit",
                                "evaluate", "request_writeoff", "approve", "pass"]
    assert supervision_queries.listed(db, actor="zhao") == []
    assert [s["supervision_state"] for s in supervision_queries.listed(db, actor="zhao", state="written_off")] == [
        "written_off"]
    assert audit.verify(db)["ok"]


def test_a_rejected_write_off_goes_back_to_listed_with_the_reason(db):
    code = major(db)
    supervision_service.request_writeoff(db, actor="chen", code=code, note="已更换")
    with pytest.raises(InvalidInput, match="--note"):
        supervision_service.reject(db, actor="zhao", code=code, note=" ")
    out = supervision_service.reject(db, actor="zhao", code=code, note="联锁未投用")
    assert out["supervisions"][-1]["state"] == "listed"
    with pytest.raises(TransitionNotAllowed, match="allowed actions: request_writeoff"):
        supervision_service.approve(db, actor="zhao", code=code)


def test_write_off_refusals(db):
    org_service.add_person(db, actor="admin", login="boss", name="厂长", org="示范化工有限公司",
                        roles=["owner", "supervisor"])
    org_service.add_person(db, actor="admin", login="ws", name="车间主任", org="生产一车间",
                        roles=["supervisor"])
    code = major(db, owner="boss")
    with pytest.raises(PermissionDenied, match="owner or officer"):
        supervision_service.request_writeoff(db, actor="li", code=code, note="x")
    supervision_service.request_writeoff(db, actor="boss", code=code, note="x")
    with pytest.raises(RuleViolation, match="owns"):
        supervision_service.approve(db, actor="boss", code=code)
    with pytest.raises(PermissionDenied, match="below the listing level"):
        supervision_service.approve(db, actor="ws", code=code)
    with pytest.raises(PermissionDenied, match="needs the role supervisor"):
        supervision_service.approve(db, actor="wang", code=code)
    assert supervision_queries.listed(db, actor="zhao")[0]["supervision_state"] == "writeoff_requested"


def test_the_write_off_is_asked_only_after_the_rectification_is_submitted(db):
    code = hazard_service.report(db, actor="wang", title="x", org="生产一车间", level="major")["code"]
    with pytest.raises(RuleViolation, match="submitted"):
        supervision_service.request_writeoff(db, actor="wang", code=code, note="x")


def test_a_regulator_listing_records_the_authority_and_document(db):
    code = general(db, date(2026, 12, 31))
    with pytest.raises(InvalidInput, match="--authority"):
        supervision_service.add(db, actor="zhao", code=code, level="县级", deadline=date(2027, 1, 31),
                                 reason="县局督办")
    with pytest.raises(PermissionDenied):
        supervision_service.add(db, actor="wang", code=code, level="enterprise",
                                 deadline=date(2026, 12, 31), reason="x")
    out = supervision_service.add(db, actor="zhao", code=code, level="county", deadline=date(2027, 1, 31),
                                   reason="县局督办", authority="某县应急管理局", doc_no="督〔2026〕12号")
    assert out["supervisions"][-1]["level"] == "county"
    [row] = supervision_queries.listed(db, actor="wang", level="county")
    assert (row["authority"], row["doc_no"], row["deadline"], row["days_left"]) == (
        "某县应急管理局", "督〔2026〕12号", "2027-01-31", 68)
    hazard_service.submit(db, actor="chen", code=code)
    supervision_service.request_writeoff(db, actor="chen", code=code, note="完成")
    with pytest.raises(InvalidInput, match="--doc-no"):
        supervision_service.approve(db, actor="zhao", code=code)
    supervision_service.approve(db, actor="zhao", code=code, authority="某县应急管理局",
                                 doc_no="核〔2026〕3号")
    with db.read() as tx:
        data = json.loads(tx.scalar("SELECT data FROM hazard_event WHERE event = 'approve'"))
    assert (data["regulator"], data["doc_no"]) == (True, "核〔2026〕3号")


def test_a_hazard_is_listed_once_per_level(db):
    code = major(db)
    with pytest.raises(RuleViolation, match="already under enterprise"):
        supervision_service.add(db, actor="zhao", code=code, level="enterprise",
                                 deadline=date(2026, 12, 31), reason="x")
    raised = supervision_service.add(db, actor="zhao", code=code, level="city", deadline=date(2027, 1, 1),
                                      reason="市局督办", authority="某市应急管理局", doc_no="1号")
    assert [s["level"] for s in raised["supervisions"]] == ["city"]


# --- the ladder --------------------------------------------------------------------------------

def steps(db):
    with db.read() as tx:
        return sorted(tx.run("SELECT h.code, e.step FROM escalation_step e JOIN hazard h"
                             " ON h.id = e.hazard_id").all())


def test_each_step_fires_once_on_its_day(db):
    code = general(db, date(2026, 11, 27))
    assert escalation.sweep(db, now=NOW - timedelta(days=1)) == 0  # 4 days ahead: nothing yet
    assert escalation.sweep(db, now=NOW) == 1  # 3 days ahead: the warning
    assert escalation.sweep(db, now=NOW) == 0
    assert escalation.sweep(db, now=NOW + timedelta(days=3)) == 0  # the deadline day itself
    assert escalation.sweep(db, now=NOW + timedelta(days=4)) == 1  # the day after: overdue
    assert escalation.sweep(db, now=NOW + timedelta(days=10)) == 1  # 7 days late: listed
    assert supervision_queries.listed(db, actor="zhao")[0]["code"] == code
    assert escalation.sweep(db, now=NOW + timedelta(days=33)) == 1  # 30 days late: regulator flag
    assert escalation.sweep(db, now=NOW + timedelta(days=60)) == 0
    assert [s for _c, s in steps(db)] == sorted(["warn", "overdue", "list_enterprise", "flag_regulator"])
    assert events(db, code).count("escalate") == 4
    assert audit.verify(db)["ok"]


def test_catch_up_fires_the_steps_reached_but_not_a_stale_warning(db):
    general(db, date(2026, 11, 1))  # 23 days late when the sweep first runs
    assert escalation.sweep(db, now=NOW) == 2
    assert [s for _c, s in steps(db)] == ["list_enterprise", "overdue"]
    with db.read() as tx:
        recipients = sorted(r for (r,) in tx.run("SELECT recipient FROM notification").all())
    assert recipients == ["chen", "chen", "zhao", "zhao"]  # overdue + listing, owner and supervisor


def test_the_nearest_supervisor_up_the_tree_is_told(db):
    org_service.add_person(db, actor="admin", login="ws", name="车间主任", org="生产一车间",
                        roles=["supervisor"])
    general(db, date(2026, 11, 20), owner="liu", org="甲班")
    escalation.sweep(db, now=NOW)
    with db.read() as tx:
        told = {r for (r,) in tx.run("SELECT recipient FROM notification WHERE event = 'overdue'").all()}
    assert told == {"liu", "ws"}


def test_closed_and_voided_hazards_do_not_climb(db):
    code = general(db, date(2026, 11, 10))
    hazard_service.submit(db, actor="chen", code=code)
    hazard_service.verify(db, actor="li", code=code, passed=True)
    assert escalation.sweep(db, now=NOW) == 0


SWEEPER = """
import json, sys
from dualprev.hazards.config import now
from dualprev.hazards.db import open_db
from dualprev.schedules import escalation
from tests.support import NOW, count, general, major
print(escalation.sweep(open_db(sys.argv[1]), now=now()))
"""


def test_racing_sweeps_in_several_processes_fire_each_step_once(db, db_url):
    codes = [general(db, date(2026, 11, 1) + timedelta(days=i), title=f"隐患{i}") for i in range(6)]
    procs = [subprocess.Popen([sys.executable, "-c", SWEEPER, db_url], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(4)]
    fired = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        fired.append(int(out))
    assert sum(fired) == len(steps(db)) == 12  # each: overdue and the enterprise listing
    assert count(db, "supervision") == 6
    assert sum(events(db, c).count("escalate") for c in codes) == 12
    assert audit.verify(db)["ok"]


# --- extension requests ------------------------------------------------------------------------

def test_extension_request_approved_moves_the_deadline_and_keeps_the_old_one(db):
    code = general(db, date(2026, 11, 30))
    with pytest.raises(PermissionDenied, match="owner"):
        supervision_service.extend_request(db, actor="wang", code=code, deadline=date(2026, 12, 10),
                                            reason="x")
    supervision_service.extend_request(db, actor="chen", code=code, deadline=date(2026, 12, 10),
                                        reason="备件未到")
    with pytest.raises(RuleViolation, match="already has"):
        supervision_service.extend_request(db, actor="chen", code=code, deadline=date(2026, 12, 12),
                                            reason="x")
    with pytest.raises(PermissionDenied, match="decide extension requests"):
        supervision_service.extend_decide(db, actor="chen", code=code, approve=True)
    out = supervision_service.extend_decide(db, actor="zhao", code=code, approve=True)
    assert (out["state"], out["deadline"]) == ("approved", "2026-12-10")

    shown = hazard_queries.show_hazard(db, actor="wang", code=code)
    assert (shown["deadline"], shown["original_deadline"]) == ("2026-12-10", "2026-11-30")
    assert [(e["old_deadline"], e["new_deadline"]) for e in shown["extensions"]] == [
        ("2026-11-30", "2026-12-10")]
    with pytest.raises(NotFound, match="no extension request"):
        supervision_service.extend_decide(db, actor="zhao", code=code, approve=True)


def test_extension_request_denied_keeps_the_deadline(db):
    code = general(db, date(2026, 11, 30))
    with pytest.raises(RuleViolation, match="later than"):
        supervision_service.extend_request(db, actor="chen", code=code, deadline=date(2026, 11, 29),
                                            reason="x")
    supervision_service.extend_request(db, actor="chen", code=code, deadline=date(2026, 12, 10),
                                        reason="x")
    with pytest.raises(InvalidInput, match="--reason"):
        supervision_service.extend_decide(db, actor="zhao", code=code, approve=False)
    out = supervision_service.extend_decide(db, actor="zhao", code=code, approve=False, note="来得及")
    assert (out["state"], out["deadline"]) == ("denied", "2026-11-30")
    assert events(db, code)[-2:] == ["extend_request", "extend_deny"]


def test_a_listed_hazard_is_extended_only_at_the_listing_level(db):
    org_service.add_person(db, actor="admin", login="ws", name="车间主任", org="生产一车间",
                        roles=["supervisor"])
    code = hazard_service.report(db, actor="wang", title="x", org="生产一车间", level="major")["code"]
    approved_plan(db, code, deadline=date(2026, 11, 30))
    hazard_service.assign(db, actor="wang", code=code, measures="更换报警器", cost=1)
    supervision_service.extend_request(db, actor="chen", code=code, deadline=date(2026, 12, 10),
                                        reason="x")
    with pytest.raises(PermissionDenied, match="挂牌督办"):
        supervision_service.extend_decide(db, actor="ws", code=code, approve=True)
    with pytest.raises(PermissionDenied, match="挂牌督办"):
        hazard_service.extend(db, actor="ws", code=code, deadline=date(2026, 12, 10), reason="x")
    assert supervision_service.extend_decide(db, actor="zhao", code=code, approve=True)["state"] == "approved"


def test_audit_chain_holds_after_everything(db):
    major(db)
    general(db, date(2026, 10, 1))
    escalation.sweep(db, now=NOW)
    assert audit.verify(db)["ok"]


# --- 申请核销 with photos: one transaction ------------------------------------------------------------

def attachments_of(db, code):
    with db.read() as tx:
        return [(r["stage"], r["filename"]) for r in tx.run(
            "SELECT a.stage, a.filename FROM attachment a JOIN hazard h ON h.id = a.hazard_id"
            " WHERE h.code = :c ORDER BY a.id", {"c": code}).mappings()]


def test_a_write_off_request_keeps_its_photos_with_its_event(db, tmp_path):
    code = major(db)
    photo = tmp_path / "联调记录.jpg"
    photo.write_bytes(b"\xff\xd8\xff photo")
    supervision_service.request_writeoff(db, actor="chen", code=code, note="联调合格", photos=[str(photo)])
    assert attachments_of(db, code) == [("writeoff", "联调记录.jpg")]
    with db.read() as tx:
        data = json.loads(tx.scalar("SELECT data FROM hazard_event WHERE ref = :c AND event = 'request_writeoff'",
                                    {"c": code}))
    assert len(data["attachments"]) == 1
    assert audit.verify(db)["ok"]


def test_a_write_off_request_whose_photos_fail_leaves_no_half_request(db, tmp_path, monkeypatch):
    code = major(db)
    photo = tmp_path / "after.jpg"
    photo.write_bytes(b"\xff\xd8\xff photo")
    before = events(db, code)

    def broken(*args, **kwargs):
        raise RuntimeError("disk gone while recording the photos")

    monkeypatch.setattr("dualprev.hazards.services.supervision.attach", broken)
    with pytest.raises(RuntimeError):
        supervision_service.request_writeoff(db, actor="chen", code=code, note="联调合格", photos=[str(photo)])
    assert events(db, code) == before
    assert attachments_of(db, code) == []
    assert supervision_queries.show(db, actor="zhao", code=code)["supervisions"][-1]["state"] == "listed"
