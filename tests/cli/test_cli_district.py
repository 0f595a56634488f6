"""Groups and districts (#13 item 5) through the CLI, on both databases: a district above two
enterprises (one attached, one added under it) and one enterprise outside it. The district's
supervisor sees both enterprises' hazards with the 企业 column, each enterprise numbers its own
codes, an ambiguous code asks for ENTERPRISE:CODE, the enterprise outside stays unseen, and each
enterprise's audit chain still verifies."""

from __future__ import annotations

import csv
import io

import pytest

from tests.cli.helpers import js, ok, refused


def pg_district(pg_url):
    """PostgreSQL only, through the CLI as the operator: the demo enterprise under a district;
    returns run(url, *args) for whichever login's URL a test connects with."""
    from click.testing import CliRunner

    from dualprev.cli import cli

    runner = CliRunner()

    def run(url, *args):
        return runner.invoke(cli, ["--db", url, *args], catch_exceptions=False)

    ok(run(pg_url, "--as", "admin", "init", "--demo"))
    ok(run(pg_url, "--as", "admin", "org", "add", "城东区辖区", "--kind", "district"))
    ok(run(pg_url, "--as", "admin", "org", "edit", "示范化工有限公司", "--parent", "城东区辖区"))
    return run


@pytest.fixture
def district(db, cli_run):
    run = cli_run
    ok(run("--as", "admin", "org", "add", "城东区辖区", "--kind", "district"))
    ok(run("--as", "admin", "org", "edit", "示范化工有限公司", "--parent", "城东区辖区"))
    ok(run("--as", "admin", "org", "add", "东方化工", "--parent", "城东区辖区"))
    ok(run("--as", "admin", "org", "add", "北方化工"))
    ok(run("--as", "admin", "person", "add", "dong", "--name", "董安全", "--org", "东方化工", "--role", "安全员"))
    ok(run("--as", "admin", "person", "add", "bei", "--name", "贝安全", "--org", "北方化工", "--role", "安全员"))
    ok(run("--as", "admin", "person", "add", "qu", "--name", "区监管", "--org", "城东区辖区", "--role", "supervisor"))
    for who, org, title in (("wang", "生产一车间", "消防通道堵塞"), ("dong", "东方化工", "气瓶未固定"),
                            ("bei", "北方化工", "配电箱未上锁")):
        ok(run("--as", who, "hazard", "report", "--title", title, "--org", org))
    return run


def test_a_district_sees_its_enterprises_and_only_them(district):
    run = district
    listed = js(run("--json", "--as", "qu", "hazard", "list"))
    assert sorted((h["enterprise"], h["code"], h["title"]) for h in listed) == [
        ("东方化工", "YH-2026-000001", "气瓶未固定"), ("示范化工有限公司", "YH-2026-000001", "消防通道堵塞")]
    assert "企业" in ok(run("--as", "qu", "hazard", "list", "--format", "csv")).stdout.splitlines()[0]
    mine = js(run("--json", "--as", "wang", "hazard", "list"))
    assert [(h["code"], "enterprise" in h) for h in mine] == [("YH-2026-000001", False)]
    assert "企业" not in ok(run("--as", "wang", "hazard", "list", "--format", "csv")).stdout.splitlines()[0]


def test_a_code_of_several_enterprises_names_its_enterprise(district):
    run = district
    line = refused(run("--as", "qu", "hazard", "show", "YH-2026-000001"), 2)
    assert "exists in 2 enterprises of your scope" in line and "ENTERPRISE:CODE" in line
    shown = js(run("--json", "--as", "qu", "hazard", "show", "东方化工:YH-2026-000001"))
    assert shown["title"] == "气瓶未固定"
    assert "no enterprise '北方化工' in your scope" in refused(
        run("--as", "qu", "hazard", "show", "北方化工:YH-2026-000001"), 1)
    assert js(run("--json", "--as", "bei", "hazard", "show", "YH-2026-000001"))["title"] == "配电箱未上锁"
    ok(run("--as", "admin", "audit", "verify"))


def test_a_district_holds_no_rows_of_its_own(district):
    line = refused(district("--as", "admin", "hazard", "report", "--title", "x", "--org", "城东区辖区"), 2)
    assert "城东区辖区 is a district" in line
    assert "needs --parent" not in line


def test_a_district_supervisor_lists_at_county_level_with_authority_and_document(district):
    run = district
    code = "东方化工:YH-2026-000001"
    line = refused(run("--as", "qu", "supervise", "add", code, "--level", "企业级", "--deadline", "2026-12-31",
                       "--reason", "督办"), 2)
    assert "give --level county" in line
    ok(run("--as", "qu", "supervise", "add", code, "--level", "县级", "--deadline", "2026-12-31",
           "--reason", "区应急局挂牌督办", "--authority", "城东区应急管理局", "--doc-no", "城东应急督〔2026〕3号"))
    listed = js(run("--json", "--as", "qu", "supervise", "list"))
    assert [(s["enterprise"], s["code"]) for s in listed] == [("东方化工", "YH-2026-000001")]
    assert [s["code"] for s in js(run("--json", "--as", "wang", "supervise", "list"))] == []
    ok(run("--as", "admin", "audit", "verify"))


@pytest.mark.postgres
def test_on_postgresql_a_district_login_sees_its_enterprises_and_nothing_else(pg_url):
    """Row-level security holds the same line for the district's own database login: psql-level
    reads see the two enterprises below the district, never the one outside."""
    import uuid

    import psycopg
    from sqlalchemy.engine import make_url

    from dualprev.hazards.db import close_db
    from tests.conftest import PG_URL

    run = pg_district(pg_url)
    ok(run(pg_url, "--as", "admin", "org", "add", "北方化工"))
    ok(run(pg_url, "--as", "admin", "person", "add", "bei", "--name", "贝安全", "--org", "北方化工", "--role", "安全员"))
    ok(run(pg_url, "--as", "bei", "hazard", "report", "--title", "配电箱未上锁", "--org", "北方化工"))
    name = f"dst_{uuid.uuid4().hex[:10]}"
    mine = make_url(pg_url).set(username=name).render_as_string(hide_password=False)
    admin = psycopg.connect(make_url(PG_URL).set(drivername="postgresql").render_as_string(hide_password=False),
                            autocommit=True)
    try:
        ok(run(pg_url, "--as", "admin", "person", "add", name, "--name", "区监管", "--org", "城东区辖区",
               "--role", "supervisor", "--db-login", "--no-password"))
        seen = sorted(h["title"] for h in js(run(mine, "--json", "hazard", "list")))
        schema = make_url(pg_url).query["options"].split("search_path=")[1]
        with admin.cursor() as cur:
            cur.execute(f"SET search_path = {schema}")
            cur.execute("SELECT count(*) FROM hazard h JOIN org_unit o ON o.id = h.enterprise_id"
                        " WHERE o.name = '示范化工有限公司'")
            demo_hazards = cur.fetchone()[0]
        assert len(seen) == demo_hazards > 0 and "配电箱未上锁" not in seen
        raw_url = make_url(mine).set(drivername="postgresql", query={}).render_as_string(hide_password=False)
        with psycopg.connect(raw_url, options=f"-csearch_path={schema}") as raw:
            titles = sorted(t for (t,) in raw.execute("SELECT title FROM hazard"))
        assert titles == seen
    finally:
        close_db(mine)
        admin.execute(f'DROP ROLE IF EXISTS "{name}"')
        admin.close()


def test_report_stats_by_enterprise_gives_a_row_per_enterprise_and_their_total(district):
    doc = js(district("--json", "--as", "qu", "report", "stats", "--quarter", "2026Q4", "--by", "enterprise"))
    assert sorted((r["org"], r["general_found"]) for r in doc["rows"]) == [("东方化工", 1), ("示范化工有限公司", 1)]
    assert doc["total"]["general_found"] == 2  # 北方化工's hazard is outside the district
    by_unit = js(district("--json", "--as", "wang", "report", "stats", "--quarter", "2026Q4"))
    assert by_unit["total"]["general_found"] == 1


def test_a_district_admin_sees_the_routes_and_outbox_of_its_enterprises_only(db, district):
    from dualprev.hazards import config, notify

    run = district
    ok(run("--as", "admin", "person", "add", "qa", "--name", "区管理员", "--org", "城东区辖区", "--role", "admin"))
    ok(run("--as", "admin", "notify", "route", "add", "--org", "北方化工", "--webhook", "http://127.0.0.1:9/north"))
    ok(run("--as", "admin", "notify", "route", "add", "--org", "东方化工", "--webhook", "http://127.0.0.1:9/east"))
    routes = js(run("--json", "--as", "qa", "notify", "route", "list"))
    assert [r["org"] for r in routes] == ["东方化工"]
    assert len(js(run("--json", "--as", "admin", "notify", "route", "list"))) == 2
    with db.write() as tx:
        notify.enqueue(tx, recipients=["bei", "dong"], event="test", subject="提醒", body="正文",
                       hazard_code=None, now=config.now())
    everyone = {n["enterprise_id"] for n in js(run("--json", "--as", "admin", "notify", "list"))}
    assert everyone == {_enterprise(run, "北方化工"), _enterprise(run, "东方化工")}
    assert {n["enterprise_id"] for n in js(run("--json", "--as", "qa", "notify", "list"))} == {
        _enterprise(run, "东方化工")}


def _enterprise(run, name: str) -> int:
    return next(o["id"] for o in js(run("--json", "--as", "admin", "org", "list")) if o["name"] == name)


def _header(result) -> list[str]:
    return next(csv.reader(io.StringIO(ok(result).stdout)))


def test_a_district_reads_each_person_with_their_enterprise(district):
    run = district
    people = {p["login"]: p for p in js(run("--json", "--as", "qu", "person", "list"))}
    assert (people["dong"]["enterprise"], people["wang"]["enterprise"]) == ("东方化工", "示范化工有限公司")
    assert people["qu"]["enterprise"] == "" and "bei" not in people  # the district's own person; 北方 outside
    table = ok(run("--as", "qu", "person", "list")).stdout
    assert "企业" in table and "东方化工" in table
    assert "enterprise" not in js(run("--json", "--as", "wang", "person", "list"))[0]


def test_a_district_matrix_names_the_enterprise_of_each_unit(district, tmp_path):
    run = district
    ok(run("--as", "wang", "risk", "add", "液氨储罐区", "--org", "生产一车间", "--ls", "5,5"))
    ok(run("--as", "dong", "risk", "add", "气瓶间", "--org", "东方化工", "--ls", "3,4"))
    m = js(run("--json", "--as", "qu", "risk", "matrix"))
    assert [(u["enterprise"], u["org"], u["red"], u["yellow"]) for u in m["orgs"]] == [
        ("示范化工有限公司", "生产一车间", 1, 0), ("东方化工", "东方化工", 0, 1)]
    assert sum(c["count"] for c in m["ls"]["cells"]) == 2  # the district's whole picture
    assert "| 企业 |" in ok(run("--as", "qu", "risk", "matrix", "--format", "md")).stdout
    assert "企业" in ok(run("--as", "qu", "risk", "matrix")).stdout
    html = ok(run("--as", "qu", "risk", "matrix", "--format", "html")).stdout
    assert "<th>企业</th>" in html and "东方化工 · 东方化工" in html
    assert "企业" not in ok(run("--as", "wang", "risk", "matrix", "--format", "md")).stdout
    assert "enterprise" not in js(run("--json", "--as", "wang", "risk", "matrix"))["orgs"][0]


def test_a_district_inspection_completion_names_the_enterprise(district):
    run = district
    for who, org in (("wang", "甲班"), ("dong", "东方化工")):
        ok(run("--as", who, "checklist", "add", f"{org}日查", "--item", "消防通道畅通", "--org", org))
    ok(run("--as", "wang", "plan", "add", "甲班日查", "--checklist", "1", "--org", "甲班", "--assignee", "liu"))
    ok(run("--as", "dong", "plan", "add", "东方日查", "--checklist", "2", "--org", "东方化工", "--assignee", "dong"))
    ok(run("tick"))
    report = js(run("--json", "--as", "qu", "report", "inspections"))
    assert sorted((r["enterprise"], r["plan"]) for r in report["rows"]) == [
        ("东方化工", "东方日查"), ("示范化工有限公司", "甲班日查")]
    assert _header(run("--as", "qu", "report", "inspections", "--format", "csv"))[0] == "企业"
    assert "企业" not in _header(run("--as", "wang", "report", "inspections", "--format", "csv"))


def test_a_district_admin_reads_the_enterprise_of_each_route_and_notification(db, district):
    from dualprev.hazards import config, notify

    run = district
    ok(run("--as", "admin", "person", "add", "qa", "--name", "区管理员", "--org", "城东区辖区", "--role", "admin"))
    ok(run("--as", "admin", "notify", "route", "add", "--org", "东方化工", "--webhook", "http://127.0.0.1:9/east"))
    ok(run("--as", "admin", "notify", "route", "add", "--org", "生产一车间", "--webhook", "http://127.0.0.1:9/demo"))
    with db.write() as tx:
        notify.enqueue(tx, recipients=["dong", "wang"], event="test", subject="提醒", body="正文",
                       hazard_code=None, now=config.now())
    routes = js(run("--json", "--as", "qa", "notify", "route", "list"))
    assert sorted((r["enterprise"], r["org"]) for r in routes) == [("东方化工", "东方化工"),
                                                                  ("示范化工有限公司", "生产一车间")]
    assert _header(run("--as", "qa", "notify", "route", "list", "--format", "csv"))[0] == "企业"
    sent = js(run("--json", "--as", "qa", "notify", "list"))
    assert sorted((n["enterprise"], n["recipient"]) for n in sent) == [("东方化工", "dong"),
                                                                      ("示范化工有限公司", "wang")]
    assert _header(run("--as", "qa", "notify", "list", "--format", "csv"))[0] == "企业"
    assert "enterprise" not in js(run("--json", "--as", "wang", "notify", "list"))[0]


def test_hazard_show_names_its_enterprise(district):
    run = district
    sheet = ok(run("--as", "qu", "hazard", "show", "东方化工:YH-2026-000001")).stdout
    assert "企业: 东方化工" in sheet
    assert js(run("--json", "--as", "qu", "hazard", "show", "东方化工:YH-2026-000001"))["enterprise"] == "东方化工"
    assert "企业: 示范化工有限公司" in ok(run("--as", "wang", "hazard", "show", "YH-2026-000001")).stdout


@pytest.mark.postgres
def test_on_postgresql_only_the_operator_makes_groups_districts_and_their_people(pg_url):
    """An enterprise's admin, or a district's, connected as their own login, is refused a new
    group or district and a person of one with the permission exit, and nothing changes; the
    operator may."""
    import uuid

    import psycopg
    from sqlalchemy.engine import make_url

    from dualprev.hazards.db import close_db
    from tests.conftest import PG_URL

    run = pg_district(pg_url)
    stem = uuid.uuid4().hex[:8]
    names = {"ent": f"ea_{stem}", "dst": f"da_{stem}"}
    urls = {k: make_url(pg_url).set(username=v).render_as_string(hide_password=False) for k, v in names.items()}
    admin = psycopg.connect(make_url(PG_URL).set(drivername="postgresql").render_as_string(hide_password=False),
                            autocommit=True)
    try:
        for key, org in (("ent", "示范化工有限公司"), ("dst", "城东区辖区")):
            ok(run(pg_url, "--as", "admin", "person", "add", names[key], "--name", "管理员", "--org", org,
                   "--role", "admin", "--db-login", "--no-password"))
        orgs = js(run(pg_url, "--json", "--as", "admin", "org", "list"))
        people = js(run(pg_url, "--json", "--as", "admin", "person", "list"))
        for key in ("ent", "dst"):
            url = urls[key]
            for args in (("org", "add", "城西区辖区", "--kind", "district"),
                         ("org", "add", "某集团", "--kind", "group"),
                         ("person", "add", f"x_{key}", "--name", "新人", "--org", "城东区辖区", "--role", "supervisor")):
                line = refused(run(url, *args), 1)
                assert "only the operator may add" in line, line
        # a new enterprise is a new tenant, which row-level security admits for no one yet
        assert "only the operator may add an enterprise" in refused(
            run(urls["dst"], "org", "add", "东方化工", "--parent", "城东区辖区"), 1)
        ok(run(urls["ent"], "person", "add", "cao", "--name", "曹安全", "--org", "生产一车间", "--role", "安全员"))
        assert js(run(pg_url, "--json", "--as", "admin", "org", "list")) == orgs
        assert {p["login"] for p in js(run(pg_url, "--json", "--as", "admin", "person", "list"))} == {
            p["login"] for p in people} | {"cao"}
        ok(run(pg_url, "--as", "admin", "org", "add", "某集团", "--kind", "group"))  # the operator may
        ok(run(pg_url, "--as", "admin", "person", "add", "jt", "--name", "集团监管", "--org", "某集团",
               "--role", "supervisor"))
        ok(run(pg_url, "--as", "admin", "audit", "verify"))
    finally:
        for url in urls.values():
            close_db(url)
        for name in names.values():
            admin.execute(f'DROP ROLE IF EXISTS "{name}"')
        admin.close()
