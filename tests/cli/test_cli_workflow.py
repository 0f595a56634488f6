"""`dualprev workflow show` through the CLI."""

from __future__ import annotations

from tests.cli.helpers import (
    js,
    ok,
)


def test_workflow_show(cli_run):
    text = ok(cli_run("workflow", "show")).stdout
    for word in ("发现", "整改", "复核", "销号", "作废", "assign", "pass",
                 "governance_plan_complete", "supervisor"):
        assert word in text
    mermaid = ok(cli_run("workflow", "show", "--format", "mermaid")).stdout
    body = mermaid.split("---\n")[-1] if mermaid.startswith("---\n") else mermaid
    assert body.lstrip().startswith("stateDiagram")
    assert "reported --> rectifying: assign" in mermaid and 'state "发现 reported"' in mermaid
    english = ok(cli_run("--lang", "en", "workflow", "show")).stdout
    assert "rectifying → verifying" in english and "整改 →" not in english
    doc = js(cli_run("--json", "workflow", "show"))
    assert {t["trigger"] for t in doc["transitions"]} == {
        "assign", "fix_on_spot", "submit", "pass", "reject", "extend", "void", "plan", "approve_plan",
        "evaluate", "classify", "edit", "regrade"}
