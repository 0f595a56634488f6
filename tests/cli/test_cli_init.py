"""`dualprev init` through the CLI: the first admin, re-init loses nothing, the demo."""

from __future__ import annotations

from tests.cli.helpers import (
    js,
    ok,
    refused,
    report,
    shown,
)


def test_init_makes_the_acting_user_first_admin_and_reinit_loses_nothing(cli_run):
    first = ok(cli_run("--as", "boss", "init"))
    assert "first admin: boss" in first.stdout
    people = js(cli_run("--as", "boss", "--json", "person", "list"))
    assert [(p["login"], p["roles"]) for p in people] == [("boss", ["admin"])]
    ok(cli_run("--as", "boss", "org", "add", "示范化工有限公司"))
    ok(cli_run("--as", "boss", "org", "add", "生产一车间", "--parent", "示范化工有限公司"))
    ok(cli_run("--as", "boss", "person", "add", "wang", "--name", "王安全", "--org",
               "示范化工有限公司", "--role", "安全员"))
    code = report(cli_run)

    again = js(cli_run("--as", "boss", "--json", "init"))
    assert again["first_admin"] is None
    assert [o["name"] for o in js(cli_run("--as", "boss", "--json", "org", "list"))] == [
        "示范化工有限公司", "生产一车间"]
    assert {p["login"] for p in js(cli_run("--as", "boss", "--json", "person", "list"))} == {
        "boss", "wang"}
    assert shown(cli_run, code)["state"] == "reported"
    assert "audit chain intact" in ok(cli_run("--as", "boss", "audit", "verify")).stdout


def test_init_on_a_register_with_people_refuses_a_stranger(cli_run):
    ok(cli_run("--as", "boss", "init"))
    assert "stranger" in refused(cli_run("--as", "stranger", "init"), 1)
    assert [p["login"] for p in js(cli_run("--as", "boss", "--json", "person", "list"))] == ["boss"]


def test_init_demo_twice_keeps_the_demo_register(demo):
    before = js(demo("--as", "wang", "--json", "hazard", "list"))
    assert len(before) == 9
    assert "already exists" in ok(demo("--as", "boss", "init", "--demo")).stdout
    assert js(demo("--as", "wang", "--json", "hazard", "list")) == before
    ok(demo("--as", "boss", "audit", "verify"))
