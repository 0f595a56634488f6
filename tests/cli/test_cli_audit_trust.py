"""Who really ran a command (os_user on every event), keygen/anchor and `audit verify` with
anchors and the replay, through the CLI."""

from __future__ import annotations

import json

import pytest

from dualprev.hazards import audit
from tests.cli.helpers import js, ok, refused, report, shown


@pytest.fixture
def os_login(monkeypatch):
    """Pretend the OS account running the commands is ``ops7``."""
    monkeypatch.setattr(audit, "os_account", lambda: "ops7")
    return "ops7"


def test_every_event_records_the_os_account_and_show_prints_it_when_it_differs(db, cli_run, os_login):
    code = report(cli_run)
    ok(cli_run("--as", "wang", "hazard", "assign", code, "--owner", "chen", "--deadline", "2026-12-01",
               "--measures", "补装护栏"))
    history = shown(cli_run, code)["history"]
    assert {e["os_user"] for e in history} == {"ops7"}
    out = ok(cli_run("--as", "wang", "hazard", "show", code)).stdout
    assert "wang（系统账户 ops7）" in out
    en = ok(cli_run("--as", "wang", "--lang", "en", "hazard", "show", code)).stdout
    assert "wang (OS account ops7)" in en
    with db.read() as tx:
        assert tx.scalar("SELECT count(*) FROM hazard_event WHERE os_user IS NULL") == 0
    assert ok(cli_run("--as", "wang", "audit", "verify")).stdout.startswith("audit chain intact")


def test_show_says_nothing_more_when_the_os_account_is_the_person(db, cli_run, monkeypatch):
    monkeypatch.setattr(audit, "os_account", lambda: "wang")
    code = report(cli_run)
    out = ok(cli_run("--as", "wang", "hazard", "show", code)).stdout
    assert "系统账户" not in out


def test_keygen_anchor_and_verify_through_the_cli(db, cli_run, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    made = js(cli_run("--json", "audit", "keygen"))
    key = tmp_path / "config" / "dualprev" / "audit-anchor.key"
    assert made["key"] == str(key) and (key.stat().st_mode & 0o777) == 0o600
    assert made["fingerprint"].startswith("SHA256:")
    before = key.read_bytes()
    line = refused(cli_run("audit", "keygen"), 2)
    assert "already exists" in line and key.read_bytes() == before
    refused(cli_run("--as", "wang", "audit", "anchor"), 1)  # admins anchor
    code = report(cli_run)
    out = tmp_path / "anchor.json"
    said = ok(cli_run("--as", "admin", "audit", "anchor", "-o", str(out))).stdout
    assert said.startswith("anchored 2 chains") and str(out) in said
    statement = json.loads(out.read_text())
    assert {c["enterprise_id"] for c in statement["chains"]} == {0, 1}
    assert statement["key"] == made["fingerprint"] and statement["signature"]
    with db.read() as tx:
        anchors = tx.run("SELECT enterprise_id, data FROM hazard_event WHERE event = 'anchor'").all()
    assert {e for e, _ in anchors} == {0, 1}  # recorded in every chain, after the heads it names
    verified = ok(cli_run("--as", "wang", "audit", "verify", "--anchors", str(out))).stdout
    assert "1 anchors" in verified
    printed = json.loads(ok(cli_run("--as", "admin", "audit", "anchor")).stdout)  # to stdout
    assert printed["chains"][1]["seq"] == statement["chains"][1]["seq"] + 1
    from tests.support import attacker

    with attacker(db) as tx:
        tx.run("UPDATE hazard SET state = 'closed' WHERE code = :c", {"c": code})
    line = refused(cli_run("--as", "wang", "audit", "verify", "--anchors", str(out)), 1)
    assert code in line and "state is 'closed'" in line


def test_a_cut_chain_is_named_with_the_anchor_and_a_bad_pubkey_refused(db, cli_run, tmp_path):
    key = tmp_path / "k.key"
    ok(cli_run("audit", "keygen", "--out", str(key)))
    out = tmp_path / "a.json"
    ok(cli_run("--as", "admin", "audit", "anchor", "--key", str(key), "-o", str(out)))
    from tests.support import attacker

    with attacker(db) as tx:
        tx.run("DELETE FROM hazard_event WHERE enterprise_id = 1")
        tx.run("DELETE FROM audit_head WHERE enterprise_id = 1")
    line = refused(cli_run("--as", "wang", "audit", "verify", "--anchors", str(out), "--pubkey",
                           f"{key}.pub"), 1)
    assert "enterprise 1" in line and "gone" in line
    line = refused(cli_run("--as", "wang", "audit", "verify", "--anchors", str(out), "--pubkey",
                           str(tmp_path / "none.pub")), 2)
    assert "no public key" in line
    out.write_text("{}")
    assert "not a dualprev anchor" in refused(cli_run("--as", "wang", "audit", "verify", "--anchors",
                                                      str(out), "--pubkey", f"{key}.pub"), 2)
