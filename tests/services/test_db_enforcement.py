"""What the database holds by itself (issue 10): on PostgreSQL a person is their database login,
may act as nobody else, and through plain psycopg (as with psql) cannot rewrite the audit trail,
move a chain head back, read another enterprise or make themselves admin; the operator does its
work. On SQLite the same refusal triggers hold until someone who can write the file drops them."""

from __future__ import annotations

import uuid

import psycopg
import pytest
from sqlalchemy.engine import make_url

from dualprev.hazards import audit, seed
from dualprev.hazards.db import close_db, open_db
from dualprev.hazards.errors import DomainError, PermissionDenied
from dualprev.hazards.services import hazard as hazard_service
from dualprev.hazards.services import org as org_service
from dualprev.schedules.tick import tick
from tests.conftest import PG_URL

pytestmark = pytest.mark.postgres


@pytest.fixture
def register(pg_url):
    """The demo org tree and people, made by the operator (postgres), plus a second enterprise."""
    db = open_db(pg_url)
    org_service.init(db, login="admin")
    seed.demo_tree(db, admin="admin")
    org_service.add_org(db, actor="admin", name="第二化工")
    org_service.add_person(db, actor="admin", login="qian", name="钱", org="第二化工", roles=["officer"])
    hazard_service.report(db, actor="qian", title="仓库漏雨", org="第二化工")
    return db


@pytest.fixture
def login(register, pg_url):
    """Make a person with a real login role (unique per run, dropped at the end); returns
    (login, the register as that login, a psycopg connection as that login)."""
    made: list[tuple[str, str, psycopg.Connection]] = []

    def make(org="示范化工有限公司", roles=("officer",), person=True):
        name = f"idn_{uuid.uuid4().hex[:10]}"
        if person:
            org_service.add_person(register, actor="admin", login=name, name=name, org=org,
                                   roles=list(roles), db_login=True)
        else:
            with register.write() as tx:
                tx.run(f'CREATE ROLE "{name}" LOGIN IN ROLE dualprev_test_users')
        url = make_url(pg_url).set(username=name).render_as_string(hide_password=False)
        raw = psycopg.connect(make_url(url).set(drivername="postgresql").render_as_string(
            hide_password=False), autocommit=True)
        made.append((name, url, raw))
        return name, open_db(url), raw

    yield make
    admin = psycopg.connect(make_url(PG_URL).set(drivername="postgresql").render_as_string(
        hide_password=False), autocommit=True)
    for name, url, raw in made:
        raw.close()
        close_db(url)
        admin.execute(f'DROP ROLE IF EXISTS "{name}"')
    admin.close()


def refused(raw, statement, params=None):
    with pytest.raises(psycopg.Error) as caught:
        raw.execute(statement, params)
    return str(caught.value)


def test_a_person_acts_as_themselves_and_nobody_else(login):
    me, db, _raw = login()
    code = hazard_service.report(db, actor=me, title="护栏缺失", org="生产一车间")["code"]
    with pytest.raises(PermissionDenied, match="--as wang is refused; only the operator role"):
        hazard_service.report(db, actor="wang", title="冒名", org="生产一车间")
    with db.read() as tx:
        row = tx.one("SELECT finder FROM hazard WHERE code = :c", {"c": code})
        event = tx.one("SELECT actor, db_user FROM hazard_event WHERE ref = :c", {"c": code})
    assert row["finder"] == me and event == {"actor": me, "db_user": me}


def test_the_operator_acts_as_anyone_and_is_recorded_as_itself(register):
    code = hazard_service.report(register, actor="wang", title="护栏缺失", org="生产一车间")["code"]
    with register.read() as tx:
        event = tx.one("SELECT actor, db_user FROM hazard_event WHERE ref = :c AND enterprise_id = 1",
                       {"c": code})
    assert event == {"actor": "wang", "db_user": "postgres"}


def test_a_role_that_is_no_person_is_refused(login):
    name, db, raw = login(person=False)
    with pytest.raises(PermissionDenied, match=f"the database role '{name}' is no active person"):
        hazard_service.report(db, actor="wang", title="x", org="生产一车间")
    assert raw.execute("SELECT count(*) FROM hazard").fetchone()[0] == 0  # RLS: nothing to see


def test_through_psql_events_are_append_only_and_heads_only_move_forward(login):
    me, db, raw = login()
    hazard_service.report(db, actor=me, title="护栏缺失", org="生产一车间")
    assert "permission denied" in refused(raw, "UPDATE hazard_event SET comment = 'x'")
    assert "permission denied" in refused(raw, "DELETE FROM hazard_event")
    assert "only forward" in refused(raw, "UPDATE audit_head SET seq = seq - 1")
    assert "only forward" in refused(raw, "UPDATE audit_head SET seq = seq + 1")  # no such event
    assert "permission denied" in refused(raw, "DELETE FROM audit_head")
    assert "permission denied" in refused(raw, "TRUNCATE hazard_event")
    assert audit.verify(db)["ok"]


def test_the_triggers_hold_for_the_operator_too(register):
    with pytest.raises(Exception, match="append-only"), register.write() as tx:
        tx.run("DELETE FROM hazard_event")
    with pytest.raises(Exception, match="only forward"), register.write() as tx:
        tx.run("UPDATE audit_head SET seq = 0, hash = :g", {"g": audit.GENESIS})
    with pytest.raises(Exception, match="cannot be removed"), register.write() as tx:
        tx.run("DELETE FROM audit_head")


def test_through_psql_a_person_sees_only_their_enterprise(login, register):
    _me, _db, raw = login()
    hazard_service.report(register, actor="wang", title="护栏缺失", org="生产一车间")
    titles = [r[0] for r in raw.execute("SELECT title FROM hazard")]
    assert titles == ["护栏缺失"]  # not 第二化工's 仓库漏雨
    assert raw.execute("SELECT count(*) FROM hazard_event WHERE ref LIKE 'YH-%%'").fetchone()[0] == 1
    enterprises = {r[0] for r in raw.execute("SELECT DISTINCT enterprise_id FROM org_unit")}
    assert enterprises == {1}
    assert raw.execute("UPDATE hazard SET title = 'x' WHERE title = '仓库漏雨'").rowcount == 0
    other = login(org="第二化工")[2]
    assert [r[0] for r in other.execute("SELECT title FROM hazard")] == ["仓库漏雨"]


def test_through_psql_a_person_cannot_forge_events_or_promote_themselves(login):
    me, _db, raw = login()
    head = raw.execute("SELECT seq, hash FROM audit_head WHERE enterprise_id = 1").fetchone()
    forged = ("INSERT INTO hazard_event (enterprise_id, seq, prev_hash, hash, subject, subject_id, ref,"
              " event, actor, at, data) VALUES (%s, %s, %s, 'h', 'hazard', 1, 'r', 'pass', %s, now(), '{}')")
    assert "row-level security" in refused(raw, forged, (1, head[0] + 1, head[1], "li"))
    assert "row-level security" in refused(raw, forged, (2, 1, audit.GENESIS, me))  # another chain
    assert raw.execute("UPDATE person SET roles = 'admin' WHERE login = %s", (me,)).rowcount == 0
    assert raw.execute("SELECT roles FROM person WHERE login = %s", (me,)).fetchone() == ("officer",)
    assert "row-level security" in refused(
        raw, "INSERT INTO person (login, name, roles, enterprise_id, active, created_at)"
             " VALUES ('x', 'x', 'admin', 1, true, now())")
    assert "must be owner" in refused(raw, "DROP TABLE hazard_event")
    assert "must be owner" in refused(raw, "ALTER TABLE hazard_event DISABLE TRIGGER USER")
    assert "must be owner" in refused(raw, "ALTER TABLE hazard DISABLE ROW LEVEL SECURITY")


def test_the_operator_does_its_work(register):
    assert org_service.init(register, login="admin")["first_admin"] is None
    assert seed.bulk(register, 20)["hazards"] == 20
    assert tick(register)["created"] == 0
    assert audit.verify(register)["ok"]


def test_deactivating_a_person_takes_their_login(login, register):
    me, db, raw = login()
    org_service.deactivate_person(register, actor="admin", login=me)
    assert raw.execute("SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", (me,)).fetchone() == (False,)
    with pytest.raises(DomainError, match="not permitted to log in"):
        hazard_service.report(db, actor=me, title="x", org="生产一车间")
    # a session opened before the deactivation sees nothing any more
    assert raw.execute("SELECT count(*) FROM hazard").fetchone() == (0,)


def test_only_the_operator_runs_init_and_the_scheduler(login):
    me, db, _raw = login(roles=("admin",))
    with pytest.raises(PermissionDenied, match="init is the operator's"):
        org_service.init(db, login=me)
    with pytest.raises(PermissionDenied, match="operator's"):
        org_service.system_run(db, named=None)
    with pytest.raises(PermissionDenied, match="only the operator role"):
        org_service.add_person(db, actor=me, login=f"{me}x", name="x", org="示范化工有限公司",
                               roles=["owner"], db_login=True, password="secret")
