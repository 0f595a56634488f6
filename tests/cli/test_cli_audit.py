"""`dualprev audit verify` through the CLI: an edited event is caught."""

from __future__ import annotations

import json

from tests.cli.helpers import (
    ok,
    refused,
    report,
    shown,
)
from tests.support import attacker


def test_audit_verify_catches_an_edited_event(db, cli_run):
    code = report(cli_run, "t", "生产一车间", "--desc", "护栏缺失约3米")
    intact = ok(cli_run("--as", "wang", "audit", "verify"))
    assert intact.stdout.startswith("audit chain intact")
    with attacker(db) as tx:
        tx.run("UPDATE hazard_event SET data = '{}' WHERE seq = 3")
    broken = cli_run("--as", "wang", "audit", "verify")
    line = refused(broken, 1)
    assert "seq 3" in line and "edited" in line
    doc = json.loads(cli_run("--as", "wang", "--json", "audit", "verify").stdout)
    assert (doc["ok"], doc["seq"]) == (False, 3)
    assert shown(cli_run, code)["state"] == "reported"


def test_audit_verify_catches_an_edited_comment(db, cli_run):
    code = report(cli_run, "t", "生产一车间", "--desc", "护栏缺失约3米")
    seq = shown(cli_run, code)["history"][0]["seq"]
    with attacker(db) as tx:
        tx.run("UPDATE hazard_event SET comment = '一切正常' WHERE ref = :c", {"c": code})
    line = refused(cli_run("--as", "wang", "audit", "verify"), 1)
    assert f"seq {seq}" in line
