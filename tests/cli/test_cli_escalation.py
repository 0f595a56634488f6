"""`dualprev escalation` through the CLI: the ladder shown as JSON and as text."""

from __future__ import annotations

import json


def test_escalation_show_lists_the_ladder(cli_run, db):
    ladder = json.loads(cli_run("--as", "wang", "--json", "escalation", "show").stdout)
    assert [(s["step"], s["days"]) for s in ladder] == [
        ("warn", -3), ("overdue", 1), ("list_enterprise", 7), ("flag_regulator", 30)]
    text = cli_run("--as", "wang", "escalation", "show").stdout
    assert "企业挂牌督办" in text and "到期预警" in text
