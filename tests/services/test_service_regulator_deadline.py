"""The regulator's word stands (issue 14 item 3): a county-or-higher listing's 督办期限 caps the
hazard's deadline against every enterprise action, an extension past it is granted only as the
regulator's recorded decision, the ladder fires against the listing's deadline, and the 10-day
review clock of a 核销 application is shown and escalated."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from dualprev.hazards import audit
from dualprev.hazards.errors import InvalidInput, RuleViolation
from dualprev.hazards.queries import hazard as hazard_queries
from dualprev.hazards.queries import supervision as supervision_queries
from dualprev.hazards.services import hazard as hazard_service
from dualprev.hazards.services import supervision as supervision_service
from dualprev.schedules import escalation
from tests.support import NOW, count, general, major

COUNTY = {"authority": "某县应急管理局", "doc_no": "某应急督〔2026〕12号"}


def county_listing(db, code, deadline=date(2026, 12, 31)):
    return supervision_service.add(db, actor="zhao", code=code, level="county", deadline=deadline,
                                   reason="县应急局挂牌督办", **COUNTY)


def deadline_of(db, code):
    return hazard_queries.show_hazard(db, actor="zhao", code=code)["deadline"]


def event_data(db, code, event):
    with db.read() as tx:
        return [json.loads(d) for (d,) in tx.run(
            "SELECT data FROM hazard_event WHERE ref = :c AND event = :e ORDER BY seq",
            {"c": code, "e": event}).all()]


def test_art20_an_enterprise_extension_may_not_pass_the_county_listing_deadline(db):
    """16号令 Art 20 / 安全生产法 Art 41¶3: the 督办期限 of the regulator's listing is not the
    enterprise's to move: `hazard extend` past it is refused, naming the listing; within it, allowed."""
    code = general(db, date(2026, 12, 20))
    county_listing(db, code)
    with pytest.raises(RuleViolation, match=r"county-level 挂牌督办 by 某县应急管理局 \(某应急督〔2026〕12号\)"
                                            r".*extend-request"):
        hazard_service.extend(db, actor="zhao", code=code, deadline=date(2027, 6, 30), reason="备件")
    assert deadline_of(db, code) == "2026-12-20"
    assert hazard_service.extend(db, actor="zhao", code=code, deadline=date(2026, 12, 31),
                                 reason="备件")["changed"] == {"deadline": "2026-12-31"}


def test_art20_a_listing_pulls_a_later_deadline_in_to_its_own(db):
    """The 挂牌 deadline is the deadline of the regulator's 限期整改: a later hazard deadline is
    brought in to it, as its own event whose data carries the new deadline (for the replay)."""
    code = general(db, date(2027, 3, 1))
    county_listing(db, code)
    assert deadline_of(db, code) == "2026-12-31"
    [data] = event_data(db, code, "regulator_deadline")
    assert (data["deadline"], data["by"], data["doc_no"]) == ("2026-12-31", "listing", COUNTY["doc_no"])
    assert audit.verify(db)["ok"]


def test_an_enterprise_listing_is_the_enterprise_own_and_caps_nothing(db):
    code = general(db, date(2026, 12, 20))
    supervision_service.add(db, actor="zhao", code=code, level="enterprise", deadline=date(2026, 12, 25),
                            reason="企业督办")
    hazard_service.extend(db, actor="zhao", code=code, deadline=date(2027, 1, 15), reason="备件")
    assert deadline_of(db, code) == "2027-01-15"


def test_assign_may_not_pass_the_regulator_deadline_and_takes_it_when_none_is_given(db):
    code = hazard_service.report(db, actor="wang", title="围堰破损", org="生产一车间")["code"]
    county_listing(db, code)
    assert deadline_of(db, code) == "2026-12-31"  # a reported hazard gets the regulator's deadline
    with pytest.raises(RuleViolation, match="passes the county-level 挂牌督办"):
        hazard_service.assign(db, actor="wang", code=code, owner="chen", deadline=date(2027, 2, 1),
                              measures="修复")
    assert count(db, "hazard", "code = :c AND state = 'reported'", c=code) == 1
    out = hazard_service.assign(db, actor="wang", code=code, owner="chen", measures="修复")
    assert (out["state"], deadline_of(db, code)) == ("rectifying", "2026-12-31")


def test_an_extension_past_it_is_the_regulator_decision_recorded_with_authority_and_doc_no(db):
    """An extension past the regulator's deadline is a request that only the regulator's decision,
    recorded by a supervisor with its authority and 文号, grants; the listing's 督办期限 follows."""
    code = general(db, date(2026, 12, 20))
    county_listing(db, code)
    supervision_service.extend_request(db, actor="chen", code=code, deadline=date(2027, 6, 30),
                                       reason="设备停产检修")
    with pytest.raises(RuleViolation, match="regulator's decision"):
        supervision_service.extend_decide(db, actor="zhao", code=code, approve=True)
    with pytest.raises(InvalidInput, match="both --authority"):
        supervision_service.extend_decide(db, actor="zhao", code=code, approve=True,
                                          authority="某县应急管理局")
    assert deadline_of(db, code) == "2026-12-20"
    out = supervision_service.extend_decide(db, actor="zhao", code=code, approve=True,
                                            authority="某县应急管理局", doc_no="某应急延〔2026〕3号")
    assert (out["state"], out["deadline"]) == ("approved", "2027-06-30")
    assert deadline_of(db, code) == "2027-06-30"
    [listing] = supervision_queries.listed(db, actor="zhao")
    assert listing["deadline"] == "2027-06-30"
    [data] = event_data(db, code, "extend")
    assert data["regulator_decision"] == {"authority": "某县应急管理局", "doc_no": "某应急延〔2026〕3号"}
    assert data["deadline"] == "2027-06-30"
    [moved] = event_data(db, code, "supervise_deadline")
    assert (moved["deadline"], moved["from_deadline"]) == ("2027-06-30", "2026-12-31")
    assert audit.verify(db)["ok"]  # the replay rebuilds both the hazard's and the listing's deadline


def test_the_ladder_fires_against_the_listing_deadline_not_only_the_hazard_own(db):
    """The issue's case: listing 督办期限 2026-12-31, the hazard's own deadline later (as an old
    register may hold); a sweep on 2027-01-05 fires the steps due by the listing's deadline."""
    code = general(db, date(2026, 12, 20))
    county_listing(db, code)
    with db.write() as tx:  # an old register: the hazard's deadline was moved past the listing's
        tx.run("UPDATE hazard SET deadline = :d WHERE code = :c", {"d": tx.day(date(2027, 6, 30)), "c": code})
    jan5 = NOW + timedelta(days=(date(2027, 1, 5) - NOW.date()).days)
    assert escalation.sweep(db, now=jan5) == 1  # overdue (5 days late; listing steps need 7)
    with db.read() as tx:
        [(step, judged)] = tx.run("SELECT step, deadline FROM escalation_step").all()
    assert (step, str(judged)) == ("overdue", "2026-12-31")


def test_an_unassigned_listed_hazard_escalates_on_the_listing_deadline(db):
    code = hazard_service.report(db, actor="wang", title="x", org="生产一车间")["code"]
    supervision_service.add(db, actor="zhao", code=code, level="enterprise", deadline=date(2026, 11, 26),
                            reason="企业督办")
    assert escalation.sweep(db, now=NOW) == 1  # 2 days ahead of the 督办期限: the warning
    assert hazard_queries.reached(db) == {1: "warn"}
    assert event_data(db, code, "escalate")[0]["due"] == "2026-11-26"
    assert audit.verify(db)["ok"]  # the hazard's own deadline (none) is not the one judged


def test_art23_the_ten_day_review_clock_of_a_write_off_application(db):
    """16号令 Art 23 (现场审查 within 10 日 of the application): `supervise list` shows when the
    decision is due, and the sweep escalates once when it is missed, again for a new application."""
    code = major(db)
    supervision_service.request_writeoff(db, actor="chen", code=code, note="已更换并联调")
    [row] = supervision_queries.listed(db, actor="zhao")
    assert (row["writeoff_due"], row["writeoff_days_left"]) == ("2026-12-04", 10)
    assert escalation.sweep(db, now=NOW + timedelta(days=10)) == 0  # the 10th day: still in time
    assert escalation.sweep(db, now=NOW + timedelta(days=11)) == 1
    assert escalation.sweep(db, now=NOW + timedelta(days=12)) == 0
    [data] = event_data(db, code, "escalate")
    assert (data["step"], data["review_due"], data["days_overdue"]) == ("writeoff_overdue", "2026-12-04", 1)
    with db.read() as tx:
        assert tx.scalar("SELECT count(*) FROM notification WHERE event = 'writeoff_overdue'"
                         " AND recipient = 'zhao'") == 1
    supervision_service.reject(db, actor="zhao", code=code, note="联锁未投用")
    assert supervision_queries.listed(db, actor="zhao")[0]["writeoff_due"] is None
    supervision_service.request_writeoff(db, actor="chen", code=code, note="联锁已投用")
    assert escalation.sweep(db, now=NOW + timedelta(days=11)) == 1  # a new application, a new clock
    assert audit.verify(db)["ok"]
