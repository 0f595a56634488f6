"""The enterprise profile through its use-case and its read function, on both databases: set by an
admin of the enterprise, checked codes, the 主要负责人 one of its people, audited on its chain."""

from __future__ import annotations

import json

import pytest

from dualprev.hazards import audit
from dualprev.hazards.errors import InvalidInput, NotFound, PermissionDenied
from dualprev.hazards.queries import enterprise as enterprise_queries
from dualprev.hazards.services import enterprise as enterprise_service
from dualprev.hazards.services import org as org_service
from tests.support import count

CODE = "91350100M000100Y43"
ENTERPRISE = "示范化工有限公司"


def test_set_then_read_the_profile(db):
    result = enterprise_service.set_profile(
        db, actor="admin", org=ENTERPRISE, credit_code=CODE.lower(), principal="gao",
        company_code="330100123", industry="危险化学品生产", legal_rep="高某")
    assert result["changed"] == ["company_code", "credit_code", "industry", "legal_rep", "principal",
                                 "registered_name"]
    with db.read() as tx:
        profile = enterprise_queries.profile(tx, result["enterprise_id"])
    assert profile["registered_name"] == ENTERPRISE  # defaults to the unit's name
    assert (profile["credit_code"], profile["company_code"]) == (CODE, "330100123")
    assert (profile["principal"], profile["principal_name"]) == ("gao", "高厂长")
    assert enterprise_queries.show(db, actor="chen") == profile  # anyone of the enterprise reads it

    # a second set changes only what it names, and says so in its event
    again = enterprise_service.set_profile(db, actor="admin", org="生产一车间", credit_code=CODE,
                                           registered_name="示范化工(集团)有限公司")
    assert again["changed"] == ["registered_name"] and again["industry"] == "危险化学品生产"
    with db.read() as tx:
        events = [e for e in audit.history(tx, "enterprise", result["enterprise_id"], enterprise=result["enterprise_id"])]
    assert [e["event"] for e in events] == ["enterprise_set", "enterprise_set"]
    data = events[-1]["data"]
    data = json.loads(data) if isinstance(data, str) else data
    assert data == {"registered_name": "示范化工(集团)有限公司"}
    assert audit.verify(db)["ok"]


def test_nothing_changed_writes_no_event(db):
    enterprise_service.set_profile(db, actor="admin", org=ENTERPRISE, credit_code=CODE)
    before = count(db, "hazard_event")
    assert enterprise_service.set_profile(db, actor="admin", org=ENTERPRISE, credit_code=CODE)["changed"] == []
    assert count(db, "hazard_event") == before


@pytest.mark.parametrize(("kw", "error", "match"), [
    ({"credit_code": "91350100M000100Y44"}, InvalidInput, "check character"),
    ({"credit_code": CODE, "company_code": "33010012"}, InvalidInput, "9 digits"),
    ({"credit_code": CODE, "contact_phone": "call me"}, InvalidInput, "telephone"),
    ({"credit_code": CODE, "principal": "nobody"}, NotFound, "--principal nobody"),
    ({"credit_code": CODE, "registered_name": "名" * 201}, InvalidInput, "--name-registered"),
])
def test_bad_input_changes_nothing(db, kw, error, match):
    with pytest.raises(error, match=match):
        enterprise_service.set_profile(db, actor="admin", org=ENTERPRISE, **kw)
    assert count(db, "enterprise_profile") == 0


def test_only_an_admin_of_the_whole_enterprise(db):
    org_service.add_person(db, actor="admin", login="shop_admin", name="车间管理员", org="生产一车间",
                           roles=["admin"])
    for who, org in (("wang", ENTERPRISE), ("shop_admin", "生产一车间")):  # its own workshop's enterprise
        with pytest.raises(PermissionDenied, match="may not set the enterprise profile"):
            enterprise_service.set_profile(db, actor=who, org=org, credit_code=CODE)
    assert count(db, "enterprise_profile") == 0


def test_the_principal_and_the_codes_belong_to_one_enterprise(db):
    org_service.add_org(db, actor="admin", name="另一化工有限公司")
    org_service.add_person(db, actor="admin", login="qian", name="钱经理", org="另一化工有限公司",
                           roles=["principal"])
    with pytest.raises(InvalidInput, match="not a person of"):
        enterprise_service.set_profile(db, actor="admin", org=ENTERPRISE, credit_code=CODE, principal="qian")
    enterprise_service.set_profile(db, actor="admin", org=ENTERPRISE, credit_code=CODE,
                                   company_code="330100123")
    with pytest.raises(InvalidInput, match="already"):
        enterprise_service.set_profile(db, actor="admin", org="另一化工有限公司", credit_code=CODE)
    with pytest.raises(InvalidInput, match="already"):
        enterprise_service.set_profile(db, actor="admin", org="另一化工有限公司",
                                       credit_code="914403001922038216", company_code="330100123")
    # two enterprises: the database-wide admin must name one
    with pytest.raises(InvalidInput, match="name the enterprise"):
        enterprise_queries.show(db, actor="admin")


def test_show_without_a_profile_says_how_to_set_it(db):
    with pytest.raises(NotFound, match="enterprise set"):
        enterprise_queries.show(db, actor="wang")
