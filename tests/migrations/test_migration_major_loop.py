"""Migration 0010 on a register of the previous revision: free-text categories mapped to the four of
16号令 Art 3 / GB/T 13861-2022 with the original text kept, and an old 重大 hazard that keeps
working: its missing 治理方案 items shown as missing, nothing invented."""

from __future__ import annotations

import io
import uuid
from datetime import date

import pytest
from alembic import command

from dualprev.hazards import audit, config, reports
from dualprev.hazards import db as db_module
from dualprev.hazards.errors import RuleViolation
from dualprev.hazards.labels import PLAN_ITEMS
from dualprev.hazards.migrate import alembic_config, upgrade
from dualprev.hazards.queries import hazard as hazard_queries
from dualprev.hazards.services import hazard as hazard_service
from dualprev.hazards.services import org as org_service
from dualprev.hazards.steps import INSERT_HAZARD_SQL
from tests.migrations.test_migrations import drift
from tests.support import evaluated

OLD = [  # code, category as free text, level, state
    ("YH-2026-000001", "物的不安全状态", "general", "reported"),
    ("YH-2026-000002", "管理缺陷", "general", "reported"),
    ("YH-2026-000003", "随便写", "general", "reported"),
    ("YH-2026-000004", None, "general", "reported"),
    ("YH-2026-000005", "人的因素", "major", "rectifying"),
]


def categories(db):
    with db.read() as tx:
        return [tuple(r) for r in tx.run("SELECT code, category, category_text FROM hazard ORDER BY code")]


@pytest.fixture
def old_register(db_url, unpartitioned):
    """A register at 0009 with five hazards written as that revision wrote them."""
    db = db_module.open_db(db_url)
    upgrade(db, "0009")
    now = config.now()
    with db.write() as tx:  # as SQL: the services need what `init` installs at head (PostgreSQL)
        audit.start_chain(tx, audit.SYSTEM_CHAIN)
        tx.run("INSERT INTO person (login, name, roles, created_at) VALUES ('admin', 'A', 'admin', :at)",
               {"at": tx.ts(now)})
        ent = tx.scalar("INSERT INTO org_unit (uuid, name, kind, path, created_at) VALUES (:u, '老企业',"
                        " 'enterprise', '', :at) RETURNING id", {"u": str(uuid.uuid4()), "at": tx.ts(now)})
        tx.run("UPDATE org_unit SET enterprise_id = :e, path = :p WHERE id = :e", {"e": ent, "p": f"/{ent}/"})
        audit.start_chain(tx, ent)
        for login, roles in (("wang", "officer"), ("chen", "owner"), ("li", "inspector")):
            tx.run("INSERT INTO person (login, name, org_id, enterprise_id, roles, created_at)"
                   " VALUES (:l, :l, :e, :e, :r, :at)", {"l": login, "e": ent, "r": roles, "at": tx.ts(now)})

        for code, category, level, state in OLD:
            assigned = state == "rectifying"
            tx.run(INSERT_HAZARD_SQL, {
                "uuid": str(uuid.uuid4()), "enterprise_id": ent, "code": code, "title": "旧隐患",
                "description": None, "org_id": ent, "place": None, "category": category, "level": level,
                "source": "report", "found_at": tx.ts(now), "finder": "wang",
                "owner": "chen" if assigned else None, "measures": "更换报警器" if assigned else None,
                "deadline": tx.day(date(2026, 12, 20)) if assigned else None,
                "original_deadline": tx.day(date(2026, 12, 20)) if assigned else None,
                "cost": 1000.0 if assigned else None, "contingency": "人工巡检" if assigned else None,
                "actual_cost": None, "state": state, "version": 1, "updated_at": tx.ts(now),
                "closed_at": None})
    return db


def test_0010_maps_known_categories_and_keeps_every_original_text(old_register):
    db = old_register
    assert org_service.init(db, login="admin")["revision"] >= "0010"
    assert drift(db) == []
    assert categories(db) == [
        ("YH-2026-000001", "thing", "物的不安全状态"), ("YH-2026-000002", "management", "管理缺陷"),
        ("YH-2026-000003", None, "随便写"), ("YH-2026-000004", None, None),
        ("YH-2026-000005", "person", "人的因素")]
    text = io.StringIO()
    reports.hazard_text(hazard_queries.show_hazard(db, actor="wang", code="YH-2026-000003"), "zh", text)
    assert "类别: 随便写" in text.getvalue()
    cfg = alembic_config(db)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0009")
    with db.read() as tx:
        assert list(tx.run("SELECT category FROM hazard ORDER BY code").scalars()) == [
            "物的不安全状态", "管理缺陷", "随便写", None, "人的因素"]
    upgrade(db)
    assert categories(db)[0] == ("YH-2026-000001", "thing", "物的不安全状态")


def test_0010_an_old_major_hazard_keeps_working_and_shows_its_plan_missing(old_register):
    """16号令 Art 15¶2: nothing is invented for a 重大 hazard assigned before the plan existed."""
    db = old_register
    org_service.init(db, login="admin")
    shown = hazard_queries.show_hazard(db, actor="wang", code="YH-2026-000005")
    assert shown["plan"] is None and shown["plan_missing"] == list(PLAN_ITEMS)
    assert (shown["cost"], shown["contingency"]) == (1000.0, "人工巡检")  # its 五落实 as it was
    text = io.StringIO()
    reports.hazard_text(shown, "zh", text)
    assert ("治理方案: 未制定 (缺: 治理的目标和任务、采取的方法和措施、经费和物资的落实、"
            "负责治理的机构和人员、治理的时限和要求、安全措施和应急预案)") in text.getvalue()
    assert "类别: 人的不安全行为 (原类别: 人的因素)" in text.getvalue()
    hazard_service.submit(db, actor="chen", code="YH-2026-000005", note="已更换")
    with pytest.raises(RuleViolation, match="16号令 Art 18"):
        hazard_service.verify(db, actor="li", code="YH-2026-000005", passed=True)
    evaluated(db, "YH-2026-000005")
    assert hazard_service.verify(db, actor="li", code="YH-2026-000005", passed=True)["state"] == "closed"
