"""Corrections (#12 item 2) through the use-cases, on SQLite and PostgreSQL: edit, regrade, void
in any open state, reopen; each one event with before/after and the reason, refused ones change
nothing, and the audit replay holds."""

from __future__ import annotations

import json
from datetime import date

import pytest

from dualprev.hazards import audit
from dualprev.hazards.config import parse_instant
from dualprev.hazards.errors import InvalidInput, PermissionDenied, RuleViolation, TransitionNotAllowed
from dualprev.hazards.queries import hazard as hazard_queries
from dualprev.hazards.services import correction, supervision
from dualprev.hazards.services import hazard as hazard_service
from tests.support import approved_plan, count, events, general


def last_event(db, code):
    with db.read() as tx:
        row = tx.one("SELECT e.event, e.from_state, e.to_state, e.actor, e.comment, e.data FROM hazard_event e"
                     " JOIN hazard h ON h.id = e.subject_id AND e.subject = 'hazard' WHERE h.code = :c"
                     " ORDER BY e.seq DESC LIMIT 1", {"c": code})
    return {**dict(row), "data": json.loads(row["data"])}


def row(db, code):
    with db.read() as tx:
        return dict(tx.one("SELECT * FROM hazard WHERE code = :c", {"c": code}))


def unchanged(db, code, call, error):
    """``call`` is refused with ``error`` and writes nothing: no event, the row as it was."""
    before, seen = row(db, code), events(db)
    with pytest.raises(error) as info:
        call()
    assert (row(db, code), events(db)) == (before, seen)
    return str(info.value)


def test_edit_keeps_before_after_and_reason_in_one_event(db):
    code = general(db, date(2026, 12, 10))
    r = correction.edit(db, actor="wang", code=code, title="二号泵房东侧护栏缺失", place="二号泵房东侧",
                        desc="东侧护栏缺两段", category="物", org="甲班", reason="位置记录有误")
    assert (r["state"], set(r["changed"])) == ("rectifying", {"title", "place", "description", "category", "org_id"})
    h = row(db, code)
    assert (h["title"], h["place"], h["description"], h["category"]) == ("二号泵房东侧护栏缺失", "二号泵房东侧",
                                                                        "东侧护栏缺两段", "thing")
    e = last_event(db, code)
    assert (e["event"], e["actor"], e["comment"], e["data"]["reason"]) == ("edit", "wang", "位置记录有误", "位置记录有误")
    assert e["data"]["before"] == {"title": "护栏缺失", "place": None, "description": None, "category": None,
                                   "org_id": 2}
    assert e["data"]["title"] == "二号泵房东侧护栏缺失" and e["data"]["org_id"] == h["org_id"] != 2
    assert audit.verify(db)["ok"]


def test_edit_found_at_and_its_rules(db):
    code = general(db, date(2026, 11, 20))
    found = parse_instant("2026-11-02T08:30:00+08:00")
    correction.edit(db, actor="wang", code=code, found_at=found, reason="补录实际发现时间")
    assert hazard_queries.show_hazard(db, actor="wang", code=code)["found_at"] == "2026-11-02T00:30:00+00:00"
    late = parse_instant("2026-11-22T08:00:00+08:00")  # after its deadline
    assert "after it" in unchanged(db, code, lambda: correction.edit(
        db, actor="wang", code=code, found_at=late, reason="x"), RuleViolation)
    future = parse_instant("2026-11-25T08:00:00+08:00")
    assert "future" in unchanged(db, code, lambda: correction.edit(
        db, actor="wang", code=code, found_at=future, reason="x"), InvalidInput)
    assert audit.verify(db)["ok"]


def test_edit_refusals_change_nothing(db):
    code = general(db, date(2026, 12, 10))
    assert "nothing changes" in unchanged(db, code, lambda: correction.edit(
        db, actor="wang", code=code, title="护栏缺失", reason="同上"), InvalidInput)
    assert "reason" in unchanged(db, code, lambda: correction.edit(
        db, actor="wang", code=code, title="新", reason="  "), InvalidInput)
    unchanged(db, code, lambda: correction.edit(db, actor="chen", code=code, title="新", reason="x"),
              PermissionDenied)
    # chen owns it and works at 生产一车间: 设备部 is outside his scope
    assert "outside their scope" in unchanged(db, code, lambda: correction.edit(
        db, actor="wang", code=code, org="设备部", reason="x"), RuleViolation)
    hazard_service.submit(db, actor="chen", code=code)
    hazard_service.verify(db, actor="li", code=code, passed=True)
    assert "never moves again" in unchanged(db, code, lambda: correction.edit(
        db, actor="wang", code=code, title="新", reason="x"), TransitionNotAllowed)


def test_regrade_to_major_in_rectifying_goes_back_to_reported_and_is_listed(db):
    code = general(db, date(2026, 12, 10))
    r = correction.regrade(db, actor="wang", code=code, level="重大", reason="符合重大事故隐患判定标准")
    assert (r["state"], r["changed"]["level"]) == ("reported", "major")
    e = last_event(db, code)
    assert e["event"] == "supervise_list"  # as at report: listed at once, by the system
    assert count(db, "supervision", "state = 'listed'") == 1
    with pytest.raises(TransitionNotAllowed):  # 整改 does not continue...
        hazard_service.submit(db, actor="chen", code=code)
    with pytest.raises(RuleViolation, match="治理方案"):  # ...until the plan is approved (五落实)
        hazard_service.assign(db, actor="wang", code=code, owner="chen", deadline=date(2026, 12, 10),
                              measures="加装", cost=500, contingency="设警戒线")
    approved_plan(db, code)
    assert hazard_service.assign(db, actor="wang", code=code)["state"] == "rectifying"
    assert audit.verify(db)["ok"]


def test_regrade_to_major_in_reported_stays_and_downgrade_is_a_supervisors(db):
    code = hazard_service.report(db, actor="wang", title="护栏缺失", org="生产一车间")["code"]
    assert correction.regrade(db, actor="wang", code=code, level="major", reason="重大")["state"] == "reported"
    assert "already" in unchanged(db, code, lambda: correction.regrade(
        db, actor="wang", code=code, level="major", reason="x"), InvalidInput)
    assert "supervisor" in unchanged(db, code, lambda: correction.regrade(
        db, actor="wang", code=code, level="general", reason="x"), PermissionDenied)
    r = correction.regrade(db, actor="zhao", code=code, level="一般", reason="经复核属一般隐患")
    assert (r["state"], r["changed"]["level"]) == ("reported", "general")
    assert count(db, "supervision", "state = 'listed'") == 0  # the enterprise's own listing ends
    assert last_event(db, code)["event"] == "supervise_end"
    assert audit.verify(db)["ok"]


def test_no_downgrade_while_a_regulator_lists_it(db):
    code = hazard_service.report(db, actor="wang", title="储罐无报警", org="生产一车间", level="major")["code"]
    supervision.add(db, actor="zhao", code=code, level="county", deadline=date(2026, 12, 30), reason="县级挂牌",
                    authority="某县应急管理局", doc_no="某应急督〔2026〕1号")
    assert "regulator" in unchanged(db, code, lambda: correction.regrade(
        db, actor="zhao", code=code, level="general", reason="x"), RuleViolation)


def test_void_in_any_open_state_by_role(db):
    code = general(db, date(2026, 12, 10))
    assert "supervisor" in unchanged(db, code, lambda: hazard_service.void(
        db, actor="wang", code=code, reason="误报"), PermissionDenied)
    r = hazard_service.void(db, actor="zhao", code=code, reason="误报")
    assert (r["state"], r["listing"]) == ("voided", None)
    assert last_event(db, code)["data"]["before"] == {"state": "rectifying"}
    fresh = hazard_service.report(db, actor="wang", title="重复", org="生产一车间")["code"]
    assert hazard_service.void(db, actor="wang", code=fresh, reason="重复")["state"] == "voided"
    assert audit.verify(db)["ok"]


def test_void_ends_the_enterprise_listing_and_leaves_the_regulators(db):
    own = hazard_service.report(db, actor="wang", title="储罐无报警", org="生产一车间", level="major")["code"]
    assert hazard_service.void(db, actor="wang", code=own, reason="误报")["listing"] is None
    assert hazard_queries.show_hazard(db, actor="wang", code=own)["supervision"]["state"] == "written_off"
    theirs = hazard_service.report(db, actor="wang", title="槽车无静电接地", org="生产一车间", level="major")["code"]
    supervision.add(db, actor="zhao", code=theirs, level="county", deadline=date(2026, 12, 30),
                    reason="县级挂牌", authority="某县应急管理局", doc_no="某应急督〔2026〕2号")
    r = hazard_service.void(db, actor="wang", code=theirs, reason="经查为误报")
    assert r["listing"] == {"level": "county", "state": "listed"}
    # the regulator's write-off follows the usual way, a voided hazard may ask for it
    supervision.request_writeoff(db, actor="wang", code=theirs, note="隐患已作废")
    supervision.approve(db, actor="zhao", code=theirs, authority="某县应急管理局", doc_no="某应急销〔2026〕2号")
    assert hazard_queries.show_hazard(db, actor="wang", code=theirs)["supervision"]["state"] == "written_off"
    assert audit.verify(db)["ok"]


def test_reopen_makes_a_linked_hazard_and_the_old_stays_closed(db):
    code = general(db, date(2026, 12, 10))
    assert "closed" in unchanged(db, code, lambda: correction.reopen(
        db, actor="li", code=code, reason="x"), RuleViolation)
    hazard_service.submit(db, actor="chen", code=code)
    hazard_service.verify(db, actor="li", code=code, passed=True)
    closed = row(db, code)
    r = correction.reopen(db, actor="li", code=code, reason="复查发现护栏松动")
    assert (r["state"], r["reopened_from"]) == ("reported", code)
    assert {k: v for k, v in row(db, code).items()} == closed  # the old row never moves
    new = hazard_queries.show_hazard(db, actor="wang", code=r["code"])
    old = hazard_queries.show_hazard(db, actor="wang", code=code)
    assert (new["title"], new["state"], new["reopened_from"]) == ("护栏缺失", "reported", code)
    assert old["reopened_as"] == [r["code"]] and old["history"][-1]["event"] == "reopen"
    assert "still open" in unchanged(db, code, lambda: correction.reopen(
        db, actor="li", code=code, reason="again"), RuleViolation)
    with pytest.raises(PermissionDenied):
        correction.reopen(db, actor="chen", code=code, reason="x")
    assert audit.verify(db)["ok"]


def test_reopened_major_is_listed_again_and_needs_its_loop(db):
    from tests.support import major

    code = major(db)
    supervision.request_writeoff(db, actor="chen", code=code, note="已更换")
    supervision.approve(db, actor="zhao", code=code)
    hazard_service.verify(db, actor="li", code=code, passed=True)
    new = correction.reopen(db, actor="li", code=code, reason="报警器仍不联锁")["code"]
    assert hazard_queries.show_hazard(db, actor="wang", code=new)["supervision"]["state"] == "listed"
    with pytest.raises(RuleViolation, match="治理方案"):
        hazard_service.assign(db, actor="wang", code=new, owner="chen", deadline=date(2026, 12, 20),
                              measures="更换", cost=100, contingency="巡检")
    assert audit.verify(db)["ok"]
