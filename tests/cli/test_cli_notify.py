"""`dualprev notify` through the CLI: a route added, the pending outbox listed and sent to a local
webhook, and a route without a target refused."""

from __future__ import annotations

import json

from tests.support import overdue


def test_cli_route_send_and_list(db, cli_run, hook):
    out = cli_run("--as", "zhao", "notify", "route", "add", "--org", "生产一车间", "--webhook", hook.url,
                  "--style", "dingtalk")
    assert out.exit_code == 0 and "webhook" in out.stdout
    overdue(db)
    pending = json.loads(cli_run("--as", "zhao", "--json", "notify", "list", "--pending").stdout)
    assert [(p["recipient"], p["style"]) for p in pending] == [("chen", "dingtalk")]
    sent = json.loads(cli_run("--as", "zhao", "--json", "notify", "send").stdout)
    assert sent == {"sent": 1, "retry": 0, "failed": 0}
    assert hook.bodies[0]["msgtype"] == "text"
    assert json.loads(cli_run("--as", "zhao", "--json", "notify", "list", "--pending").stdout) == []
    bad = cli_run("--as", "zhao", "notify", "route", "add", "--org", "生产一车间")
    assert bad.exit_code == 2 and "--webhook" in bad.stderr
