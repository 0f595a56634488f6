"""`init --partitions N` (#15): on PostgreSQL the large tables become hash partitions by enterprise,
rows and keys carried over, the audit chain still verifying; a person's login reads through the
parent under row-level security and never a partition directly; SQLite and bad counts are refused."""

from __future__ import annotations

import uuid

import psycopg
import pytest
from click.testing import CliRunner
from sqlalchemy.engine import make_url

from dualprev.cli import cli
from dualprev.hazards.db import close_db, open_db
from dualprev.hazards.partitions import LARGE_TABLES
from tests.cli.helpers import js, ok, refused

RUNNER = CliRunner()


def run(url, *args):
    return RUNNER.invoke(cli, ["--db", url, *args], catch_exceptions=False)


def catalogue(url) -> dict[str, int]:
    """Each partitioned table with its number of partitions, and each table's row count."""
    db = open_db(url)
    with db.read() as tx:
        parts = dict(tx.run("SELECT c.relname, count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhparent"
                            " WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'p'"
                            " GROUP BY c.relname").all())
        rows = {t: tx.scalar(f"SELECT count(*) FROM {t}") for t in ("hazard", "hazard_event", "extension")}
    return {"partitions": parts, "rows": rows}


@pytest.mark.postgres
def test_init_partitions_the_large_tables_and_the_register_works_on_them(pg_url, monkeypatch):
    monkeypatch.delenv("DUALPREV_PARTITIONS", raising=False)
    out = ok(run(pg_url, "--as", "admin", "init", "--demo", "--partitions", "4")).stdout
    assert "partitioned by enterprise (4 partitions): attachment, escalation_step, hazard," in out
    seen = catalogue(pg_url)
    assert seen["partitions"] == {t: 4 for t in LARGE_TABLES}
    ok(run(pg_url, "--as", "admin", "org", "add", "东方化工"))
    ok(run(pg_url, "--as", "admin", "person", "add", "dong", "--name", "董安全", "--org", "东方化工",
           "--role", "安全员", "--role", "owner"))
    code = js(run(pg_url, "--as", "dong", "--json", "hazard", "report", "--title", "气瓶未固定",
                  "--org", "东方化工"))["code"]
    assert code == "YH-2026-000001"  # the new enterprise numbers its own codes
    ok(run(pg_url, "--as", "dong", "hazard", "assign", code, "--owner", "dong", "--deadline", "2026-12-20",
           "--measures", "加装固定链"))
    assert [h["code"] for h in js(run(pg_url, "--as", "dong", "--json", "hazard", "list"))] == [code]
    assert js(run(pg_url, "--as", "admin", "--json", "audit", "verify"))["ok"] is True

    again = ok(run(pg_url, "--as", "admin", "init", "--partitions", "8")).stdout
    assert "(4 partitions)" in again  # partitioned tables stay as they are
    after = catalogue(pg_url)
    assert after["partitions"] == seen["partitions"] and after["rows"]["hazard"] == seen["rows"]["hazard"] + 1

    from dualprev.hazards.errors import RuleViolation
    from dualprev.hazards.migrate import downgrade

    with pytest.raises(RuleViolation, match="cannot go below revision 0019"):
        downgrade(open_db(pg_url), "0018")
    assert catalogue(pg_url) == after  # the refused downgrade changed nothing


@pytest.mark.postgres
def test_init_partitions_a_plain_register_without_losing_a_row(pg_url, monkeypatch):
    monkeypatch.delenv("DUALPREV_PARTITIONS", raising=False)
    ok(run(pg_url, "--as", "admin", "init", "--demo"))
    before = catalogue(pg_url)
    assert before["partitions"] == {} and before["rows"]["hazard"] >= 9
    ok(run(pg_url, "--as", "admin", "init", "--partitions", "3"))
    after = catalogue(pg_url)
    assert after["partitions"] == {t: 3 for t in LARGE_TABLES} and after["rows"] == before["rows"]
    assert js(run(pg_url, "--as", "admin", "--json", "audit", "verify"))["ok"] is True
    overdue = js(run(pg_url, "--as", "wang", "--json", "hazard", "list", "--overdue"))
    assert {h["code"] for h in overdue} == {"YH-2026-000004", "YH-2026-000005"}


@pytest.mark.postgres
def test_a_login_reads_the_parent_under_its_policy_and_no_partition(pg_url, monkeypatch):
    from tests.conftest import PG_URL

    monkeypatch.delenv("DUALPREV_PARTITIONS", raising=False)
    ok(run(pg_url, "--as", "admin", "init", "--demo", "--partitions", "2"))
    name = f"prt_{uuid.uuid4().hex[:10]}"
    admin = psycopg.connect(make_url(PG_URL).set(drivername="postgresql").render_as_string(hide_password=False),
                            autocommit=True)
    mine = make_url(pg_url).set(username=name).render_as_string(hide_password=False)
    try:
        ok(run(pg_url, "--as", "admin", "person", "add", name, "--name", "审计员", "--org", "示范化工有限公司",
               "--role", "supervisor", "--db-login", "--no-password"))
        assert len(js(run(mine, "--json", "hazard", "list"))) >= 9
        schema = make_url(pg_url).query["options"].split("search_path=")[1]
        raw_url = make_url(mine).set(drivername="postgresql", query={}).render_as_string(hide_password=False)
        with psycopg.connect(raw_url, options=f"-csearch_path={schema}") as raw:
            assert raw.execute("SELECT count(*) FROM hazard").fetchone()[0] >= 9
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                raw.execute("SELECT count(*) FROM hazard_p0")
    finally:
        close_db(mine)
        admin.execute(f'DROP ROLE IF EXISTS "{name}"')
        admin.close()


def test_partitions_are_refused_on_sqlite_and_out_of_range(sqlite_url, monkeypatch):
    monkeypatch.delenv("DUALPREV_PARTITIONS", raising=False)
    assert "--partitions is for PostgreSQL" in refused(run(sqlite_url, "--as", "admin", "init", "--partitions", "4"), 2)
    bad = run(sqlite_url, "--as", "admin", "init", "--partitions", "0")
    assert bad.exit_code == 2 and "0 is not in the range" in bad.stderr
    monkeypatch.setenv("DUALPREV_PARTITIONS", "many")
    assert "DUALPREV_PARTITIONS 'many' is not a number" in refused(
        run(sqlite_url, "--as", "admin", "init"), 2)
