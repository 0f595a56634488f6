"""`dualprev plan generate` through the CLI: plans per point and level from the grade, a rules
file that overrides the mapping or adds a shift pattern, and one line for a cadence it cannot read."""

from __future__ import annotations

import pytest

from tests.cli.helpers import js, ok, refused


@pytest.fixture
def db_url(sqlite_url):
    """The backend makes no difference here (tests/services covers rounds and plans on both)."""
    return sqlite_url


def test_generate_by_grade_and_rules_overrides(db, cli_run, monkeypatch, tmp_path):
    ok(cli_run("--as", "wang", "risk", "add", "液氨储罐区", "--org", "甲班", "--lec", "6,6,15"))
    ok(cli_run("--as", "wang", "risk", "measure", "add", "FX-000001", "--type", "工程技术", "--text", "报警器完好"))
    rules = tmp_path / "rules.toml"
    rules.write_text('[schedule.generate.by_grade]\nmajor = { post = "2h" }\n'
                     '[schedule.shifts]\n"四班" = ["00:00-06:00", "06:00-12:00", "12:00-18:00", "18:00-24:00"]\n',
                     encoding="utf-8")
    monkeypatch.setenv("DUALPREV_RULES", str(rules))
    from dualprev.hazards import config

    config.rules.cache_clear()
    try:
        assert js(cli_run("--json", "--as", "wang", "plan", "generate"))["plans"] == 4
        plans = {p["name"].split()[-1]: (p["org"], p["cadence"], p["every"], p["role"])
                 for p in js(cli_run("--json", "--as", "wang", "plan", "list"))}
        assert plans == {"公司级排查": ("示范化工有限公司", "monthly", None, "inspector"),
                         "车间级排查": ("生产一车间", "weekly", None, "inspector"),
                         "班组级排查": ("甲班", "daily", None, "inspector"),
                         "岗位级排查": ("甲班", "hours", "2h", "worker")}
        assert "shift 四班" in ok(cli_run("--as", "wang", "plan", "add", "四班巡检", "--checklist", "1",
                                          "--org", "甲班", "--shifts", "四班")).stdout
        rules.write_text('[schedule.generate.by_grade]\nlow = { post = "sometimes" }\n', encoding="utf-8")
        config.rules.cache_clear()
        assert "low.post = 'sometimes' is not a cadence" in refused(cli_run("--as", "wang", "plan", "generate"), 2)
    finally:
        monkeypatch.delenv("DUALPREV_RULES")
        config.rules.cache_clear()
