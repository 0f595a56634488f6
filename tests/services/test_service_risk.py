"""The risk register on SQLite and PostgreSQL: add, re-assess, the grade-lowering rule, measures,
linked hazards, flags, permissions, audit, and the upgrade from revision 0002."""

from __future__ import annotations

from datetime import timedelta

import pytest

from dualprev.hazards import audit, config
from dualprev.hazards import db as db_module
from dualprev.hazards.errors import InvalidInput, NotFound, PermissionDenied, RuleViolation
from dualprev.hazards.queries import risk as risk_queries
from dualprev.hazards.services import hazard as hazard_service
from dualprev.hazards.services import org as org_service
from dualprev.hazards.services import risk as risk_service
from tests.support import events


def add(db, **kw):
    args = {"actor": "wang", "name": "液氨储罐区", "org": "生产一车间", "lec": "6,6,15",
            "sources": ["液氨泄漏中毒"]} | kw
    return risk_service.add(db, **args)


def test_add_grades_codes_and_audits(db):
    r = add(db)
    assert (r["code"], r["score"], r["grade"], r["colour"], r["control_level"]) == (
        "FX-000001", 540, "major", "red", "company")
    assert r["controllers"] == ["company", "workshop", "team", "post"]
    assert [a["factors"] for a in r["assessments"]] == [[6, 6, 15]]
    assert r["sources"] == ["液氨泄漏中毒"] and r["uuid"]
    ls = add(db, name="二号泵房", lec=None, ls="2,4", control_level="岗位级")
    assert (ls["code"], ls["grade"], ls["colour"], ls["control_level"]) == ("FX-000002", "low", "blue", "post")
    assert [e["event"] for e in r["history"]] == ["risk_add"]
    assert audit.verify(db)["ok"]


def test_reassessment_keeps_the_history_newest_last(db):
    code = add(db)["code"]
    risk_service.assess(db, actor="wang", code=code, ls="3,5", note="改用LS")
    r = risk_service.assess(db, actor="wang", code=code, lec="3,6,7", note="加装报警后复评")
    assert [(a["method"], a["score"], a["grade"]) for a in r["assessments"]] == [
        ("lec", 540, "major"), ("ls", 15, "considerable"), ("lec", 126, "general")]
    assert (r["grade"], r["score"], r["control_level"]) == ("general", 126, "workshop")
    assert r["assessments"][-1]["note"] == "加装报警后复评"
    assert [e["event"] for e in r["history"]] == ["risk_add", "risk_assess", "risk_assess"]


def test_bad_factors_change_nothing(db):
    code = add(db)["code"]
    before = events(db)
    with pytest.raises(InvalidInput, match="not a value of the LEC table"):
        risk_service.assess(db, actor="wang", code=code, lec="7,6,15")
    with pytest.raises(InvalidInput):
        add(db, lec="1,1,1,1")
    assert events(db) == before
    assert risk_queries.show(db, actor="wang", code=code)["score"] == 540


def test_grade_cannot_be_lowered_while_an_open_major_hazard_is_linked(db):
    code = add(db)["code"]
    h = hazard_service.report(db, actor="wang", title="报警器失效", org="生产一车间", level="重大", risk=code)
    before = events(db)
    with pytest.raises(RuleViolation, match=h["code"]):
        risk_service.assess(db, actor="wang", code=code, lec="3,6,7")
    with pytest.raises(RuleViolation):  # a supervisor still needs a reason
        risk_service.assess(db, actor="zhao", code=code, lec="3,6,7")
    assert events(db) == before
    risk_service.assess(db, actor="wang", code=code, lec="6,6,40")  # raising is always allowed
    r = risk_service.assess(db, actor="zhao", code=code, lec="3,6,7", reason="已临时停用储罐")
    assert r["grade"] == "general" and r["assessments"][-1]["reason"] == "已临时停用储罐"
    assert r["history"][-1]["event"] == "risk_override"
    assert r["history"][-1]["data"]["open_major"] == [h["code"]]


def test_grade_may_be_lowered_once_the_major_hazard_is_voided(db):
    code = add(db)["code"]
    h = hazard_service.report(db, actor="wang", title="误报", org="生产一车间", level="重大", risk=code)
    hazard_service.void(db, actor="wang", code=h["code"], reason="误报")
    assert risk_service.assess(db, actor="wang", code=code, lec="3,6,7")["grade"] == "general"


def test_supervisor_alone_only_overrides(db):
    code = add(db)["code"]
    with pytest.raises(PermissionDenied, match="supervisor only overrides"):
        risk_service.assess(db, actor="zhao", code=code, lec="6,6,40", reason="x")


@pytest.mark.parametrize(("actor", "org"), [("li", "生产一车间"), ("chen", "生产一车间"),
                                            ("zhao", "生产一车间"), ("liu", "生产二车间")])
def test_only_officers_and_admins_in_scope_edit(db, actor, org):
    with pytest.raises((PermissionDenied, NotFound)):
        add(db, actor=actor, org=org)
    code = add(db)["code"]
    with pytest.raises((PermissionDenied, NotFound)):
        risk_service.add_measure(db, actor=actor, code=code, type="ppe", text="佩戴防毒面具")


def test_admin_and_officer_below_edit_and_everyone_reads_in_scope(db):
    assert add(db, actor="admin")["code"] == "FX-000001"
    assert add(db, actor="liu", org="甲班", name="甲班操作岗")["code"] == "FX-000002"
    assert [r["code"] for r in risk_queries.iter_risks(db, actor="chen")] == ["FX-000001", "FX-000002"]
    assert [r["code"] for r in risk_queries.iter_risks(db, actor="liu")] == ["FX-000002"]
    assert list(risk_queries.iter_risks(db, actor="zhou")) == []
    with pytest.raises(NotFound, match="no risk point FX-000001 in your scope"):
        risk_queries.show(db, actor="zhou", code="FX-000001")


def test_measures_and_linked_hazards_show_on_both_sides(db):
    code = add(db)["code"]
    m = risk_service.add_measure(db, actor="wang", code=code, type="工程技术", text="泄漏报警联锁",
                                  owner="chen", classify2="1-4", source="液氨泄漏中毒",
                                  check="报警器是否在线")
    assert (m["type"], m["classify1"], m["classify2"]) == ("engineering", "1", "1-4")
    opened = hazard_service.report(db, actor="wang", title="报警器离线", org="生产一车间", measure=m["id"])
    assert opened["risk"] == code
    closed = hazard_service.report(db, actor="wang", title="围堰破损", org="生产一车间", risk=code)
    hazard_service.fix_on_spot(db, actor="wang", code=closed["code"], measures="修补")
    hazard_service.verify(db, actor="li", code=closed["code"], passed=True)
    r = risk_queries.show(db, actor="li", code=code)
    assert [h["code"] for h in r["hazards"]["open"]] == [opened["code"]]
    assert [h["code"] for h in r["hazards"]["closed"]] == [closed["code"]]
    assert r["hazards"]["open"][0]["measure_id"] == m["id"]
    assert r["measures"][0]["source"] == "液氨泄漏中毒" and r["controls"] == ["泄漏报警联锁"]
    from dualprev.hazards.queries.hazard import show_hazard

    shown = show_hazard(db, actor="wang", code=opened["code"])
    assert shown["risk"]["code"] == code and shown["risk"]["colour"] == "red"


def test_linking_refuses_wrong_risk_measure_and_scope(db):
    code = add(db)["code"]
    other = add(db, name="二号泵房")["code"]
    m = risk_service.add_measure(db, actor="wang", code=code, type="ppe", text="防毒面具")
    before = events(db)
    with pytest.raises(InvalidInput, match=f"belongs to {code}"):
        hazard_service.report(db, actor="wang", title="t", org="生产一车间", risk=other, measure=m["id"])
    with pytest.raises(NotFound, match="no control measure 999"):
        hazard_service.report(db, actor="wang", title="t", org="生产一车间", measure=999)
    with pytest.raises(NotFound, match="no risk point FX-000009"):
        hazard_service.report(db, actor="wang", title="t", org="生产一车间", risk="FX-000009")
    with pytest.raises(NotFound, match="in your scope"):  # zhou's scope is 生产二车间
        hazard_service.report(db, actor="zhou", title="t", org="生产二车间", risk=code)
    assert events(db) == before
    with db.read() as tx:
        assert tx.scalar("SELECT count(*) FROM hazard") == 0


def test_measure_input_is_checked(db):
    code = add(db)["code"]
    with pytest.raises(InvalidInput, match="not a national code"):
        risk_service.add_measure(db, actor="wang", code=code, type="ppe", text="x", classify2="2-9")
    with pytest.raises(InvalidInput, match="belongs to --classify1 1"):
        risk_service.add_measure(db, actor="wang", code=code, type="ppe", text="x", classify1="4",
                                  classify2="1-2")
    with pytest.raises(NotFound, match="--owner"):
        risk_service.add_measure(db, actor="wang", code=code, type="ppe", text="x", owner="ghost")
    with pytest.raises(NotFound, match="no hazard source"):
        risk_service.add_measure(db, actor="wang", code=code, type="ppe", text="x", source="坍塌")


def test_flags_reassess_after_hazards_and_review_after_a_year(db, monkeypatch):
    quiet = add(db, name="安静的点")["code"]
    busy = add(db, name="常出隐患的点", lec="3,6,7")["code"]
    major = add(db, name="有重大隐患的点", lec="3,6,7")["code"]
    later = config.now() + timedelta(days=1)
    monkeypatch.setenv("DUALPREV_NOW", later.isoformat())
    for i in range(3):
        hazard_service.report(db, actor="wang", title=f"隐患{i}", org="生产一车间", risk=busy)
    hazard_service.report(db, actor="wang", title="重大", org="生产一车间", level="重大", risk=major)
    flags = {r["code"]: (r["reassess"], r["review_due"]) for r in risk_queries.iter_risks(db, actor="wang")}
    assert flags == {quiet: (False, False), busy: (True, False), major: (True, False)}
    monkeypatch.setenv("DUALPREV_NOW", (later + timedelta(days=1)).isoformat())
    risk_service.assess(db, actor="wang", code=busy, lec="3,6,7", note="复评")  # clears the flag
    assert risk_queries.show(db, actor="wang", code=busy)["reassess"] is False
    monkeypatch.setenv("DUALPREV_NOW", (later + timedelta(days=366)).isoformat())
    assert risk_queries.show(db, actor="wang", code=quiet)["review_due"] is True
    assert risk_queries.show(db, actor="wang", code=busy)["review_due"] is False


def test_matrix_counts(db):
    for ls in ("4,5", "4,5", "3,4", "1,1"):
        add(db, lec=None, ls=ls)
    add(db, org="生产二车间", lec="6,6,15")
    add(db, org="甲班", lec="3,6,7")
    m = risk_queries.matrix(db, actor="wang")
    cell = {(c["likelihood"], c["severity"]): c for c in m["ls"]["cells"]}
    assert len(cell) == 25 and cell[4, 5]["count"] == 2 and cell[4, 5]["colour"] == "red"
    assert cell[3, 4]["count"] == 1 and cell[3, 4]["colour"] == "yellow" and cell[1, 1]["colour"] == "blue"
    assert {g["grade"]: g["count"] for g in m["lec"]} == {"major": 1, "considerable": 0, "general": 1, "low": 0}
    assert {u["org"]: (u["red"], u["orange"], u["yellow"], u["blue"], u["total"]) for u in m["orgs"]} == {
        "生产一车间": (2, 0, 1, 1, 4), "甲班": (0, 0, 1, 0, 1), "生产二车间": (1, 0, 0, 0, 1)}
    mine = risk_queries.matrix(db, actor="wang", org="甲班")
    assert [u["org"] for u in mine["orgs"]] == ["甲班"]


def test_upgrade_from_0002_with_hazards_and_extensions_keeps_them(db_url):
    """The new hazard columns are added in place: no batch copy of hazard under foreign keys."""
    from dualprev.hazards.migrate import upgrade

    db = db_module.open_db(db_url)
    assert upgrade(db, "0002") == "0002"
    with db.write() as tx:  # rows as a 0002 register holds them (today's code writes later columns)
        audit.start_chain(tx, audit.SYSTEM_CHAIN)
        at = tx.ts(config.now())
        tx.run("INSERT INTO person (login, name, roles, created_at) VALUES ('admin', 'A', 'admin', :at)",
               {"at": at})
        ent = tx.scalar("INSERT INTO org_unit (uuid, name, kind, path, created_at) VALUES ('o-1',"
                        " '示例化工', 'enterprise', '', :at) RETURNING id", {"at": at})
        shop = tx.scalar("INSERT INTO org_unit (uuid, parent_id, name, kind, path, created_at) VALUES"
                         " ('o-2', :e, '生产一车间', 'workshop', '', :at) RETURNING id", {"e": ent, "at": at})
        for oid, path in ((ent, f"/{ent}/"), (shop, f"/{ent}/{shop}/")):
            tx.run("UPDATE org_unit SET enterprise_id = :e, path = :p WHERE id = :id",
                   {"e": ent, "p": path, "id": oid})
        audit.start_chain(tx, ent)
        tx.run("INSERT INTO person (login, name, org_id, enterprise_id, roles, created_at) VALUES"
               " ('wang', '王', :e, :e, 'officer', :at)", {"e": ent, "at": at})
    with db.write() as tx:
        tx.run("INSERT INTO hazard (uuid, enterprise_id, code, title, org_id, level, source, found_at,"
               " finder, state, version, updated_at) SELECT 'u-1', enterprise_id, 'YH-2025-000001', '旧',"
               " id, 'general', 'report', :at, 'wang', 'rectifying', 1, :at FROM org_unit"
               " WHERE name = '生产一车间'", {"at": tx.ts(config.now())})
        tx.run("INSERT INTO extension (hazard_id, enterprise_id, old_deadline, new_deadline, reason, by, at)"
               " SELECT id, enterprise_id, :d, :d, '旧延期', 'zhao', :at FROM hazard",
               {"d": tx.day(config.today()), "at": tx.ts(config.now())})
    assert org_service.init(db, login="admin")["revision"] >= "0003"  # and every later revision
    with db.read() as tx:
        assert tx.scalar("SELECT count(*) FROM extension") == 1
        assert tx.scalar("SELECT risk_id FROM hazard") is None
    code = add(db)["code"]
    assert hazard_service.report(db, actor="wang", title="新", org="生产一车间", risk=code)["risk"] == code
