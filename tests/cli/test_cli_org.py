"""`dualprev org edit` through the CLI (#12 item 2): rename, move within the enterprise with the
subtree's paths (and so scopes) following, one audited event with before and after; refusals."""

from __future__ import annotations

import json

from tests.cli.helpers import js, ok, refused


def paths(db):
    with db.read() as tx:
        return dict(tx.run("SELECT name, path FROM org_unit").all())


def test_org_edit_renames_and_moves_the_subtree(db, cli_run):
    ok(cli_run("--as", "admin", "org", "add", "甲班一组", "--parent", "甲班"))
    out = ok(cli_run("--as", "admin", "org", "edit", "甲班", "--name", "甲班组", "--parent", "生产二车间")).stdout
    assert out == "甲班组 (id 3) changed: name, parent_id\n"
    p = paths(db)
    assert (p["甲班组"], p["甲班一组"]) == ("/1/4/3/", "/1/4/3/7/")
    assert p["生产一车间"] == "/1/2/"
    with db.read() as tx:
        data = json.loads(tx.scalar("SELECT data FROM hazard_event WHERE event = 'org_edit'"))
    assert data == {"name": "甲班组", "parent_id": 4, "before": {"name": "甲班", "parent_id": 2}}
    assert js(cli_run("--as", "zhou", "--json", "hazard", "report", "--title", "x", "--org", "甲班一组"))
    assert "into itself" in refused(cli_run("--as", "admin", "org", "edit", "生产二车间", "--parent", "甲班一组"), 3)
    assert "stands at the top or under a group or district" in refused(cli_run("--as", "admin", "org", "edit", "示范化工有限公司",
                                                 "--parent", "甲班组"), 2)
    assert "there already" in refused(cli_run("--as", "admin", "org", "edit", "乙班", "--name", "甲班组"), 2)
    assert "nothing to change" in refused(cli_run("--as", "admin", "org", "edit", "乙班"), 2)
    assert "it needs the role admin" in refused(cli_run("--as", "wang", "org", "edit", "乙班", "--name", "y"), 1)
    assert paths(db) == p
    ok(cli_run("--as", "admin", "audit", "verify"))
