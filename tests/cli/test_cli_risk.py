"""`dualprev risk` through the CLI."""

from __future__ import annotations

from tests.cli.helpers import (
    js,
    shown,
)


def test_demo_has_a_risk_register_linked_to_its_hazards(demo):
    risks = js(demo("--as", "wang", "--json", "risk", "list"))
    assert {r["colour"] for r in risks} == {"red", "yellow", "blue"}
    ammonia = next(r for r in risks if r["name"] == "液氨储罐区")
    assert ammonia["grade"] == "major" and len(ammonia["controls"]) == 3
    sheet = js(demo("--as", "wang", "--json", "risk", "show", ammonia["code"]))
    [linked] = sheet["hazards"]["open"]
    assert linked["level"] == "major" and linked["measure_id"] == sheet["measures"][0]["id"]
    assert shown(demo, linked["code"])["risk"]["code"] == ammonia["code"]
