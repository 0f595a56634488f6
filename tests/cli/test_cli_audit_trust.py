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
