"""`dualprev supervise` (挂牌督办) through the CLI: listing, the write-off round trip with its refusals,
and an unknown level refused before anything is written."""

from __future__ import annotations

import json
from datetime import date

from tests.support import count, general, major


def test_cli_supervision_round_trip(db, cli_run):
    code = major(db)
    listed = json.loads(cli_run("--as", "zhao", "--json", "supervise", "list").stdout)
    assert [r["code"] for r in listed] == [code]
    refused = cli_run("--as", "li", "hazard", "verify", code, "--pass")
    assert refused.exit_code == 3 and refused.stdout == "" and "挂牌督办" in refused.stderr
    assert cli_run("--as", "chen", "supervise", "request-writeoff", code, "--note", "完成").exit_code == 0
    denied = cli_run("--as", "chen", "supervise", "approve", code)
    assert denied.exit_code == 1 and len(denied.stderr.strip().splitlines()) == 1
    assert cli_run("--as", "zhao", "supervise", "approve", code).exit_code == 0
    assert cli_run("--as", "li", "hazard", "verify", code, "--pass").exit_code == 0
    md = cli_run("--as", "zhao", "supervise", "list", "--state", "已核销", "--format", "md").stdout
    assert md.startswith("# 挂牌督办清单") and code in md and "已核销" in md


def test_cli_supervise_add_needs_a_known_level(db, cli_run):
    code = general(db, date(2026, 11, 30))
    out = cli_run("--as", "zhao", "supervise", "add", code, "--level", "村级", "--deadline",
                  "2026-12-31", "--reason", "x")
    assert out.exit_code == 2 and "unknown level" in out.stderr
    assert count(db, "supervision") == 0
