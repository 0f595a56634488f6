"""`dualprev person` and the system actor through the CLI (issue 10): deactivate, the reserved
login, `--db-login` options; tick, notify send and scheduler run act as system and refuse an
`--as` that names no person; on PostgreSQL a real login acts as its own person only."""

from __future__ import annotations

import json
import uuid

import psycopg
import pytest
from sqlalchemy.engine import make_url

from tests.cli.helpers import assign, bad_input, js, ok, refused, report, shown
from tests.conftest import PG_URL


@pytest.mark.parametrize("command", [["tick"], ["notify", "send"], ["scheduler", "run"]])
def test_system_commands_refuse_an_as_that_names_no_person(db, cli_run, command):
    line = refused(cli_run("--as", "ghost", *command), 1)
    assert "unknown user 'ghost'" in line


def test_tick_acts_as_system_whoever_runs_it(db, planned):
    ok(planned("--as", "wang", "tick"))
    ok(planned("--as", "system", "--json", "tick"))
    with db.read() as tx:
        actors = set(tx.run("SELECT actor FROM hazard_event WHERE event = 'tasks_create'").scalars())
    assert actors == {"system"}


def test_deactivated_person_can_no_longer_act(db, cli_run):
    code = report(cli_run)
    assert ok(cli_run("--as", "admin", "person", "deactivate", "chen")).stdout == "chen deactivated\n"
    assert "chen is deactivated" in refused(cli_run("--as", "chen", "hazard", "list"), 1)
    assert "deactivated already" in refused(cli_run("--as", "admin", "person", "deactivate", "chen"), 2)
    assert "it needs the role admin" in refused(cli_run("--as", "wang", "person", "deactivate", "li"), 1)
    assert "yourself" in refused(cli_run("--as", "admin", "person", "deactivate", "admin"), 2)
    assert shown(cli_run, code)["state"] == "reported"
    with db.read() as tx:
        assert tx.scalar("SELECT count(*) FROM hazard_event WHERE event = 'person_deactivate'") == 1
    # nor can anyone give them work: not as owner, nor as a plan's assignee
    assert refused(cli_run("--as", "wang", "hazard", "assign", code, "--owner", "chen", "--within", "10"),
                   2) == "Error: chen is deactivated: name an active person"
    assert shown(cli_run, code)["state"] == "reported"
    ok(cli_run("--as", "wang", "checklist", "add", "日查", "--item", "消防通道", "--org", "甲班"))
    assert "chen is deactivated" in refused(cli_run("--as", "wang", "plan", "add", "日查", "--checklist", "1",
                                                    "--org", "甲班", "--assignee", "chen"), 2)


def test_person_add_options(db, cli_run, tmp_path):
    assert "reserved" in refused(cli_run("--as", "admin", "person", "add", "system", "--name", "S",
                                         "--org", "生产一车间", "--role", "owner"), 2)
    assert "--db-login" in bad_input(cli_run("--as", "admin", "person", "add", "x", "--name", "X",
                                             "--org", "生产一车间", "--role", "owner", "--no-password"))
    pw = tmp_path / "pw"
    pw.write_text("s3cret\n")
    both = cli_run("--as", "admin", "person", "add", "x", "--name", "X", "--org", "生产一车间",
                   "--role", "owner", "--db-login", "--no-password", "--password-file", str(pw))
    assert "not both" in bad_input(both)
    doc = js(cli_run("--as", "admin", "--json", "person", "add", "x", "--name", "X", "--org", "生产一车间",
                     "--role", "owner", "--db-role", "x_role"))
    assert (doc["login"], doc["db_role"], doc["db_login"]) == ("x", "x_role", False)
    taken = cli_run("--as", "admin", "person", "add", "y", "--name", "Y", "--org", "生产一车间",
                    "--role", "owner", "--db-role", "x_role")
    assert "another person's already" in refused(taken, 2)


def test_db_login_needs_postgresql(tmp_path):
    from click.testing import CliRunner

    from dualprev.cli import cli

    url = f"sqlite:///{tmp_path / 'r.db'}"
    run = CliRunner()
    ok(run.invoke(cli, ["--db", url, "--as", "admin", "init", "--demo"]))
    out = run.invoke(cli, ["--db", url, "--as", "admin", "person", "add", "x", "--name", "X", "--org",
                           "生产一车间", "--role", "owner", "--db-login", "--no-password"])
    assert "this register is a SQLite file" in refused(out, 2)


@pytest.mark.postgres
def test_a_postgresql_login_is_its_own_person(pg_url, tmp_path):
    from click.testing import CliRunner

    from dualprev.cli import cli
    from dualprev.hazards.db import close_db

    runner = CliRunner()

    def run(url, *args, input=None):
        return runner.invoke(cli, ["--db", url, *args], input=input, catch_exceptions=False)

    ok(run(pg_url, "--as", "admin", "init", "--demo"))
    name = f"idn_{uuid.uuid4().hex[:10]}"
    mine = make_url(pg_url).set(username=name).render_as_string(hide_password=False)
    admin = psycopg.connect(make_url(PG_URL).set(drivername="postgresql").render_as_string(
        hide_password=False), autocommit=True)
    try:
        pw = tmp_path / "pw"
        pw.write_text("correct horse\n")
        added = ok(run(pg_url, "--as", "admin", "person", "add", name, "--name", "测试员", "--org",
                       "生产一车间", "--role", "officer", "--db-login", "--password-file", str(pw)))
        assert f"database login {name} created" in added.stdout
        stored = admin.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s", (name,)).fetchone()
        assert stored[0].startswith("SCRAM-SHA-256$4096:") and "correct" not in stored[0]
        code = ok(run(mine, "hazard", "report", "--title", "护栏缺失", "--org", "生产一车间")).stdout.strip()
        assert js(run(mine, "--json", "hazard", "show", code))["finder"] == name
        line = refused(run(mine, "--as", "wang", "hazard", "list"), 1)
        assert line == (f"Error: you are connected as {name!r} (person {name}): --as wang is refused; "
                        "only the operator role may act as another person")
        assert "operator's" in refused(run(mine, "tick"), 1)
        ok(run(pg_url, "--as", "wang", "tick"))  # the operator may
        assert "may no longer log in" in ok(run(pg_url, "--as", "admin", "person", "deactivate", name)).stdout
    finally:
        close_db(mine)
        admin.execute(f'DROP ROLE IF EXISTS "{name}"')
        admin.close()


def test_deactivate_hands_over_to_a_successor(db, cli_run):
    code = report(cli_run)
    ok(assign(cli_run, code))
    assert "give --handover LOGIN" in refused(cli_run("--as", "admin", "person", "deactivate", "chen"), 3)
    assert "lack the owner role" in refused(cli_run("--as", "admin", "person", "deactivate", "chen",
                                                    "--handover", "wang"), 3)
    assert "outside their scope" in refused(cli_run("--as", "admin", "person", "deactivate", "chen",
                                                    "--handover", "sun"), 3)
    assert shown(cli_run, code)["owner"] == "chen"
    ok(cli_run("--as", "admin", "person", "add", "qian", "--name", "钱接任", "--org", "生产一车间",
               "--role", "owner"))
    out = ok(cli_run("--as", "admin", "person", "deactivate", "chen", "--handover", "qian")).stdout
    assert out == "chen deactivated; 1 item(s) handed over to qian\n"
    assert shown(cli_run, code)["owner"] == "qian"
    assert "chen is deactivated" in refused(cli_run("--as", "chen", "hazard", "submit", code, "--note", "x"), 1)
    ok(cli_run("--as", "qian", "hazard", "submit", code, "--note", "已加装"))
    assert "chen is deactivated" in refused(cli_run("--as", "admin", "person", "deactivate", "qian",
                                                    "--handover", "chen"), 2)
    ok(cli_run("--as", "admin", "audit", "verify"))


def test_person_edit_is_audited_with_before_and_after(db, cli_run):
    out = ok(cli_run("--as", "admin", "person", "edit", "chen", "--name", "陈接任", "--org", "甲班",
                     "--role", "owner", "--role", "inspector")).stdout
    assert out == "chen changed: name, org_id, roles\n"
    people = {p["login"]: p for p in js(cli_run("--as", "admin", "--json", "person", "list"))}
    assert (people["chen"]["name"], people["chen"]["org"]) == ("陈接任", "甲班")
    with db.read() as tx:
        data = json.loads(tx.scalar("SELECT data FROM hazard_event WHERE event = 'person_edit'"))
    assert data["roles"] == ["inspector", "owner"] and data["before"]["roles"] == ["owner"]
    assert data["before"]["name"] == "陈整改"
    assert "nothing to change" in refused(cli_run("--as", "admin", "person", "edit", "chen", "--name", "陈接任"), 2)
    assert "it needs the role admin" in refused(cli_run("--as", "wang", "person", "edit", "chen", "--name", "x"), 1)
    assert "no person 'ghost'" in refused(cli_run("--as", "admin", "person", "edit", "ghost", "--name", "x"), 1)
    with db.read() as tx:
        assert tx.scalar("SELECT count(*) FROM hazard_event WHERE event = 'person_edit'") == 1


def test_a_device_given_as_the_password_file_is_refused_not_read_for_ever(db, cli_run):
    line = bad_input(cli_run("--as", "admin", "person", "add", "dev", "--name", "设备", "--org", "生产一车间",
                             "--role", "officer", "--db-login", "--password-file", "/dev/zero"))
    assert "--password-file" in line and "not a password" in line
