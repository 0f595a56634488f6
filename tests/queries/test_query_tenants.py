"""One enterprise's reads in a register shared with another (issue 15): the overdue report, the
ledger and the listings show that enterprise's hazards with their own extensions and ladder steps,
a workshop's person sees their subtree only, and the org tree read for a scope is that
enterprise's."""

from __future__ import annotations

from datetime import date

import pytest

from dualprev.hazards import access
from dualprev.hazards.queries import hazard as hazard_queries
from dualprev.hazards.services import hazard as hazard_service
from dualprev.hazards.services import org as org_service
from dualprev.schedules import escalation
from tests.cli.helpers import js
from dualprev.hazards.config import parse_instant
from tests.support import NOW

FOUND = parse_instant("2026-11-01T09:00:00+08:00")


@pytest.fixture
def two(db):
    """The demo enterprise and 第二化工厂 (officer ma, supervisor niu, owner yang at 二厂车间), each
    with one hazard a day overdue, extended once, and swept onto the ladder; the demo's also has
    a hazard of 设备部 (sun's) on the ladder."""
    org_service.add_org(db, actor="admin", name="第二化工厂")
    org_service.add_org(db, actor="admin", name="二厂车间", parent="第二化工厂")
    for login, org, roles in (("ma", "第二化工厂", ["officer"]), ("niu", "第二化工厂", ["supervisor"]),
                              ("yang", "二厂车间", ["owner"])):
        org_service.add_person(db, actor="admin", login=login, name=login, org=org, roles=roles)
    codes = {}
    for officer, supervisor, owner, org in (("wang", "zhao", "chen", "生产一车间"), ("wang", "zhao", "sun", "设备部"),
                                            ("ma", "niu", "yang", "二厂车间")):
        code = hazard_service.report(db, actor=officer, title=f"{org}护栏缺失", org=org,
                                     found_at=FOUND)["code"]
        hazard_service.assign(db, actor=officer, code=code, owner=owner, deadline=date(2026, 11, 10),
                              measures="加装")
        hazard_service.extend(db, actor=supervisor, code=code, deadline=date(2026, 11, 20), reason="等材料")
        codes[owner] = code
    assert escalation.sweep(db, now=NOW) >= 3
    return codes


def test_each_enterprise_reads_its_own_overdue_report_with_its_extensions_and_ladder(two, db, cli_run):
    ours = {r["code"]: r for r in hazard_queries.overdue_report(db, actor="wang")}
    theirs = {r["code"]: r for r in hazard_queries.overdue_report(db, actor="ma")}
    assert set(ours) == {two["chen"], two["sun"]} and set(theirs) == {two["yang"]}
    # both enterprises number their hazards from 1: the same code, a different hazard
    assert theirs[two["yang"]]["title"] == "二厂车间护栏缺失"
    for row in [*ours.values(), *theirs.values()]:
        assert (row["extensions"], row["ladder"], row["days_overdue"]) == (1, "overdue", 4)
    shown = js(cli_run("--as", "ma", "--json", "report", "overdue"))
    assert [(r["code"], r["org"], r["extensions"], r["ladder"]) for r in shown] == \
        [(two["yang"], "二厂车间", 1, "overdue")]


def test_a_workshop_reads_its_subtree_and_the_ledger_counts_its_extensions(two, db, cli_run):
    assert [r["code"] for r in hazard_queries.overdue_report(db, actor="chen")] == [two["chen"]]
    ledger = js(cli_run("--as", "chen", "--json", "report", "ledger"))
    assert [(r["code"], r["org"], r["extensions"]) for r in ledger] == [(two["chen"], "生产一车间", 1)]
    listed = js(cli_run("--as", "yang", "--json", "hazard", "list", "--overdue"))
    assert [(r["code"], r["org"]) for r in listed] == [(two["yang"], "二厂车间")]


def test_the_org_tree_of_a_scope_is_read_from_that_enterprise_only(two, db):
    with db.read() as tx:
        mine = access.org_tree(tx, access.load_actor(tx, "ma").org_path)
        shop = access.org_tree(tx, access.load_actor(tx, "chen").org_path)
        everything = access.org_tree(tx)
    assert {o["name"] for o in mine.values()} == {"二厂车间", "第二化工厂"}
    assert {o["name"] for o in shop.values()} == {"甲班", "生产一车间"}
    assert len(everything) == 8


def test_the_scope_filter_leads_with_the_enterprise(two, db):
    with db.read() as tx:
        params: dict = {}
        _who, _orgs, whole = access.scope_of(tx, "ma", None, params)
        assert whole == "h.enterprise_id = :scope_e_0"
        params = {}
        _who, orgs, shop = access.scope_of(tx, "chen", None, params)
    assert shop.startswith("h.enterprise_id = :scope_e AND h.org_id IN (")
    assert {params[k] for k in params if k.startswith("scope_") and k != "scope_e"} == set(orgs)
