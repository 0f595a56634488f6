"""Everyone reports (issue 14 item 4), each rule tried against its article: a worker reports and reads
their own reports (安全生产法 Art 59); a 举报 keeps its reporter and contact for supervisors only
(Arts 74, 76); a verified report is rewarded, 15% of the fine within ¥3,000-¥300,000 suggested
(16号令 Art 11, 举报奖励办法); a regulator's finding carries the 整改指令书's deadline and closes only
after its 整改复查 (16号令 Art 20)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from dualprev.hazards import audit
from dualprev.hazards.errors import InvalidInput, NotFound, PermissionDenied, RuleViolation
from dualprev.hazards.queries import hazard as hazard_queries
from dualprev.hazards.queries import intake as intake_queries
from dualprev.hazards.services import hazard as hazard_service
from dualprev.hazards.services import intake
from dualprev.hazards.services import org as org_service
from dualprev.hazards.services import supervision as supervision_service
from dualprev.schedules import escalation
from tests.support import NOW, count

PHONE = "13800000000"
ORDER = {"authority": "某县应急管理局", "doc_no": "(某)应急责改〔2026〕12号", "deadline": date(2026, 12, 31)}


def whistle(db, actor="wang", **given):
    given = given or {"reporter": "张三", "contact": PHONE, "via": "letter"}
    return hazard_service.report(db, actor=actor, title="仓库堵塞安全出口", org="设备部",
                                 source="whistleblower", intake=given)["code"]


def finding(db):
    return hazard_service.report(db, actor="wang", title="储罐区未设置泄漏报警", org="生产一车间",
                                 source="regulator", intake=dict(ORDER))["code"]


def event_data(db, code):
    with db.read() as tx:
        return " ".join(d for (d,) in tx.run("SELECT data FROM hazard_event WHERE ref = :c", {"c": code}).all())


# --- 安全生产法 Art 59: every worker reports --------------------------------------------------------

def test_art59_a_worker_reports_reads_only_their_own_reports_and_officers_are_told(db):
    org_service.add_person(db, actor="admin", login="xiao", name="肖操作工", org="甲班", roles=["worker"])
    other = hazard_service.report(db, actor="liu", title="班组另一隐患", org="甲班")["code"]
    mine = hazard_service.report(db, actor="xiao", title="三号泵机封滴漏", org="甲班")["code"]
    assert [h["code"] for h in hazard_queries.iter_hazards(db, actor="xiao")] == [mine]
    with pytest.raises(NotFound):
        hazard_queries.show_hazard(db, actor="xiao", code=other)
    assert hazard_queries.show_hazard(db, actor="xiao", code=mine)["finder"] == "xiao"
    assert {h["code"] for h in hazard_queries.iter_hazards(db, actor="liu")} == {mine, other}  # officers triage
    assert count(db, "notification", "event = 'report' AND hazard_code = :c AND recipient = 'liu'", c=mine) == 1
    with pytest.raises(PermissionDenied, match="needs the role officer"):
        hazard_service.assign(db, actor="xiao", code=mine, owner="liu", deadline=date(2026, 12, 1), measures="x")


# --- 安全生产法 Arts 74, 76: 举报, the reporter kept confidential ---------------------------------

def test_art76_the_reporter_and_contact_are_for_supervisors_only(db):
    code = whistle(db)
    officer = hazard_queries.show_hazard(db, actor="wang", code=code)
    assert officer["source"] == "whistleblower"
    assert officer["whistleblower"] == {"via": "letter", "anonymous": False, "taken_by": "wang",
                                        "at": "2026-11-24T02:00:00+00:00"}
    boss = hazard_queries.show_hazard(db, actor="zhao", code=code)["whistleblower"]
    assert (boss["reporter"], boss["contact"]) == ("张三", PHONE)
    assert PHONE not in event_data(db, code) and "张三" not in event_data(db, code)  # never in the audit data
    assert all(PHONE not in json.dumps(r) for r in hazard_queries.iter_ledger(db, actor="zhao"))
    rows, columns = intake_queries.whistleblower_reports(db, actor="wang")
    assert "contact" not in columns and "reporter" not in columns and PHONE not in json.dumps(rows)
    rows, columns = intake_queries.whistleblower_reports(db, actor="zhao")
    assert "contact" in columns and rows[0]["contact"] == PHONE
    with pytest.raises(PermissionDenied):
        intake_queries.whistleblower_reports(db, actor="chen")


def test_art74_a_whistleblower_report_is_taken_by_an_officer_anonymous_or_named(db):
    code = whistle(db, anonymous=True)
    with db.read() as tx:
        r = tx.one("SELECT reporter, contact, anonymous, via FROM whistleblower")
    assert (r["reporter"], r["contact"], bool(r["anonymous"]), r["via"]) == (None, None, True, "phone")
    assert hazard_queries.show_hazard(db, actor="zhao", code=code)["whistleblower"]["anonymous"] is True
    with pytest.raises(InvalidInput, match="no --reporter or --contact"):
        whistle(db, anonymous=True, contact=PHONE)
    with pytest.raises(InvalidInput, match="--anonymous"):
        whistle(db, via="phone")
    with pytest.raises(InvalidInput, match="--contact, --reporter: only with --source whistleblower"):
        hazard_service.report(db, actor="wang", title="x", org="设备部", intake={"reporter": "a", "contact": "b"})
    with pytest.raises(PermissionDenied, match="take a 举报"):
        whistle(db, actor="sun", anonymous=True)
    assert count(db, "hazard") == 1 and count(db, "whistleblower") == 1


# --- 16号令 Art 11 and the 举报奖励 rule: the reward -------------------------------------------------

@pytest.mark.parametrize(("fine", "suggested"), [(100000, 15000), (10000, 3000), (3000000, 300000)])
def test_reward_rule_suggests_15_percent_of_the_fine_within_3000_and_300000(fine, suggested):
    assert intake_queries.suggest(fine) == suggested
    assert intake_queries.suggest(None) is None


def test_art11_a_verified_report_is_rewarded_once_by_a_supervisor(db):
    code = whistle(db)
    with pytest.raises(RuleViolation, match="verified"):
        intake.reward(db, actor="zhao", code=code, amount=3000)
    hazard_service.assign(db, actor="wang", code=code, owner="sun", deadline=date(2026, 12, 10), measures="清理")
    with pytest.raises(InvalidInput, match="no fine is recorded"):
        intake.reward(db, actor="zhao", code=code)
    with pytest.raises(PermissionDenied, match="needs the role supervisor"):
        intake.reward(db, actor="wang", code=code, amount=3000)
    intake.penalty(db, actor="wang", code=code, amount=50000, authority="某县应急管理局", doc_no="罚〔2026〕8号")
    out = intake.reward(db, actor="zhao", code=code, note="举报属实")
    assert (out["amount"], out["fine"], out["suggested"]) == (7500, 50000, 7500)
    with pytest.raises(RuleViolation, match="rewarded already"):
        intake.reward(db, actor="zhao", code=code, amount=1)
    [row] = intake_queries.whistleblower_reports(db, actor="zhao")[0]
    assert (row["fine"], row["suggested"], row["reward"]) == (50000, 7500, 7500)
    hazard_service.submit(db, actor="sun", code=code)
    hazard_service.verify(db, actor="li", code=code, passed=True)
    assert hazard_queries.show_hazard(db, actor="wang", code=code)["reward"]["amount"] == 7500
    assert audit.verify(db)["ok"]


def test_a_voided_report_or_a_regulator_finding_is_not_rewarded(db):
    code = whistle(db, anonymous=True)
    hazard_service.void(db, actor="wang", code=code, reason="查无此事")
    with pytest.raises(RuleViolation, match="voided"):
        intake.reward(db, actor="zhao", code=code, amount=3000)
    with pytest.raises(RuleViolation, match="came from regulator"):
        intake.reward(db, actor="zhao", code=finding(db), amount=3000)
    with pytest.raises(InvalidInput, match="amount of money"):
        intake.penalty(db, actor="wang", code=code, amount=-1, authority="a", doc_no="b")
    assert count(db, "reward") == 0


# --- 16号令 Art 20: a regulator's finding -----------------------------------------------------------

def test_art20_a_regulator_finding_carries_its_deadline_and_closes_after_the_review(db):
    code = finding(db)
    h = hazard_queries.show_hazard(db, actor="wang", code=code)
    assert (h["source"], h["deadline"], h["regulator_actions"][0]["kind"]) == ("regulator", "2026-12-31", "order")
    with pytest.raises(RuleViolation, match=r"passes the 整改指令书 \(某\)应急责改〔2026〕12号 of 某县应急管理局"):
        hazard_service.assign(db, actor="wang", code=code, owner="chen", deadline=date(2027, 1, 31), measures="加装")
    hazard_service.assign(db, actor="wang", code=code, owner="chen", measures="加装报警器")
    assert hazard_queries.show_hazard(db, actor="wang", code=code)["deadline"] == "2026-12-31"
    with pytest.raises(RuleViolation, match="整改指令书"):
        hazard_service.extend(db, actor="zhao", code=code, deadline=date(2027, 1, 31), reason="备件")
    hazard_service.submit(db, actor="chen", code=code, note="已加装")
    with pytest.raises(RuleViolation, match="整改复查"):
        hazard_service.verify(db, actor="li", code=code, passed=True)
    intake.review(db, actor="wang", code=code, authority="某县应急管理局", doc_no="复查〔2026〕1号", passed=False)
    with pytest.raises(RuleViolation, match="整改复查"):
        hazard_service.verify(db, actor="li", code=code, passed=True)
    with pytest.raises(InvalidInput, match="--doc-no is blank"):
        intake.review(db, actor="wang", code=code, authority="某县应急管理局", doc_no=" ")
    with pytest.raises(InvalidInput, match="--authority NAME and --doc-no"):
        intake.review(db, actor="wang", code=code, authority="某县应急管理局", doc_no=None)
    intake.review(db, actor="wang", code=code, authority="某县应急管理局", doc_no="复查〔2026〕2号")
    assert hazard_service.verify(db, actor="li", code=code, passed=True)["state"] == "closed"
    with pytest.raises(RuleViolation, match="follows the rectification"):
        intake.review(db, actor="wang", code=code, authority="a", doc_no="b")
    assert audit.verify(db)["ok"]


def test_a_regulator_finding_needs_its_authority_document_and_deadline(db):
    with pytest.raises(InvalidInput, match="--deadline, --doc-no"):
        hazard_service.report(db, actor="wang", title="x", org="生产一车间", source="regulator",
                              intake={"authority": "某县应急管理局"})
    with pytest.raises(InvalidInput, match="--authority, --deadline: only with --source regulator"):
        hazard_service.report(db, actor="wang", title="x", org="生产一车间", source="report",
                              intake={"authority": "a", "deadline": date(2026, 12, 1)})
    with pytest.raises(PermissionDenied, match="regulator's finding"):
        hazard_service.report(db, actor="li", title="x", org="生产一车间", source="regulator", intake=dict(ORDER))
    assert count(db, "hazard") == 0 and count(db, "regulator_action") == 0


def test_the_regulator_extension_of_an_order_is_kept_and_the_ladder_follows_the_order(db):
    code = finding(db)
    hazard_service.assign(db, actor="wang", code=code, owner="chen", measures="加装")
    supervision_service.extend_request(db, actor="chen", code=code, deadline=date(2027, 2, 28), reason="停产检修")
    supervision_service.extend_decide(db, actor="zhao", code=code, approve=True, authority="某县应急管理局",
                                      doc_no="延〔2026〕1号")
    with db.read() as tx:
        rows = tx.run("SELECT kind, deadline FROM regulator_action ORDER BY id").all()
    assert [(k, str(d)) for k, d in rows] == [("order", "2026-12-31"), ("extension", "2027-02-28")]
    assert audit.verify(db)["ok"]
    with db.write() as tx:  # an old register: the hazard's own deadline later than the regulator's
        tx.run("UPDATE hazard SET deadline = :d WHERE code = :c", {"d": tx.day(date(2027, 9, 1)), "c": code})
    mar5 = NOW + timedelta(days=(date(2027, 3, 5) - NOW.date()).days)
    assert escalation.sweep(db, now=mar5) == 1
    with db.read() as tx:
        assert str(tx.scalar("SELECT deadline FROM escalation_step WHERE step = 'overdue'")) == "2027-02-28"
