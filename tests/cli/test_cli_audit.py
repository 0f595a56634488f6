"""`dualprev audit verify` through the CLI: an edited event is caught."""

from __future__ import annotations

import json

from tests.cli.helpers import (
    bad_input,
    js,
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


def test_audit_verify_one_enterprise_and_in_processes(db, cli_run):
    from dualprev.hazards.services import org as org_service

    report(cli_run, "t", "生产一车间")
    org_service.add_org(db, actor="admin", name="第二化工")
    org_service.add_person(db, actor="admin", login="qian", name="钱", org="第二化工", roles=["officer"])
    ok(cli_run("--as", "qian", "hazard", "report", "--title", "u", "--org", "第二化工"))
    with db.read() as tx:
        second = tx.scalar("SELECT id FROM org_unit WHERE name = '第二化工'")
    with attacker(db) as tx:
        tx.run("UPDATE hazard_event SET comment = 'x' WHERE enterprise_id = :e AND seq = 1", {"e": second})
    mine = js(cli_run("--as", "wang", "--json", "audit", "verify", "--enterprise", "示范化工有限公司"))
    assert mine["ok"] and mine["chains"] == 1
    line = refused(cli_run("--as", "admin", "audit", "verify", "--enterprise", "第二化工", "--jobs", "2"), 1)
    assert f"enterprise {second} at seq 1" in line
    line = refused(cli_run("--as", "admin", "audit", "verify", "--jobs", "2"), 1)
    assert f"enterprise {second} at seq 1" in line
    assert "no org unit" in refused(cli_run("--as", "wang", "audit", "verify", "--enterprise", "第二化工"), 1)
    assert "--jobs" in bad_input(cli_run("--as", "wang", "audit", "verify", "--jobs", "0"))


def test_audit_verify_shows_progress_on_a_terminal_only(tmp_path):
    """A terminal gets a progress bar on stderr; a pipe gets nothing there."""
    import os
    import pty
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'r.db'}"
    base = [sys.executable, "-m", "dualprev", "--db", url]
    subprocess.run([*base, "--as", "admin", "init", "--demo"], check=True, capture_output=True)
    piped = subprocess.run([*base, "--as", "wang", "audit", "verify"], capture_output=True, text=True)
    assert piped.returncode == 0 and piped.stderr == "" and "audit chain intact" in piped.stdout
    leader, follower = pty.openpty()
    run = subprocess.run([*base, "--as", "wang", "audit", "verify"], stdout=subprocess.PIPE,
                         stderr=follower, text=True, env={**os.environ, "COLUMNS": "100"})
    os.close(follower)
    drawn = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        drawn += chunk
    os.close(leader)
    assert run.returncode == 0 and "audit chain intact" in run.stdout
    assert "audit verify" in drawn.decode("utf-8", "replace")


def test_a_device_given_as_a_key_is_refused_not_read_for_ever(db, cli_run):
    assert "/dev/zero is larger than" in bad_input(cli_run("--as", "admin", "audit", "anchor", "--key",
                                                            "/dev/zero"))
    assert "/dev/zero is larger than" in bad_input(cli_run("--as", "admin", "audit", "verify", "--anchors",
                                                            "/dev/zero", "--pubkey", "/dev/zero"))


def test_a_device_given_as_an_anchor_is_refused_not_read_for_ever(db, cli_run, tmp_path):
    key = tmp_path / "k.key"
    ok(cli_run("--as", "admin", "audit", "keygen", "--out", str(key)))
    line = bad_input(cli_run("--as", "admin", "audit", "verify", "--anchors", "/dev/zero",
                             "--pubkey", f"{key}.pub"))
    assert "/dev/zero is larger than" in line
