"""`--within N` calendar days and holidays (民法典 Art 203, rules ``[deadline]``), through the CLI:
moved off a statutory holiday with a notice, an explicit --deadline never moved, the rule off."""

from __future__ import annotations

import pytest

from dualprev.hazards import config
from tests.cli.helpers import js, ok, report

BEFORE_NATIONAL_DAY = "2026-09-24T10:00:00+08:00"  # + 10 calendar days = 2026-10-04, 国庆节


@pytest.fixture
def before_holiday(monkeypatch, db, cli_run):
    monkeypatch.setenv("DUALPREV_NOW", BEFORE_NATIONAL_DAY)
    return cli_run


def test_art_203_within_days_ending_on_a_holiday_moves_and_says_so(before_holiday):
    code = report(before_holiday)
    done = ok(before_holiday("--as", "wang", "hazard", "assign", code, "--owner", "chen", "--within", "10",
                             "--measures", "加装护栏"))
    assert done.stdout == f"{code}: 整改 (rectifying)\n"
    assert done.stderr == ("整改期限 2026-10-04 是国庆节: 顺延至 2026-10-08 "
                           "(民法典第二百零三条; rules deadline.holiday_shift)\n")
    h = js(before_holiday("--as", "wang", "--json", "hazard", "show", code))
    assert h["deadline"] == "2026-10-08"
    assert h["history"][-1]["data"]["deadline_rule"] == {
        "within": "10", "unit": "calendar_days", "days": 10, "from": "2026-09-24",
        "deadline": "2026-10-08", "moved_from": "2026-10-04", "holiday": "National Day"}
    other = report(before_holiday)
    ok(before_holiday("--as", "wang", "hazard", "assign", other, "--owner", "chen", "--deadline", "2026-09-30",
                      "--measures", "加装护栏"))
    done = before_holiday("--json", "--lang", "en", "--as", "zhao", "hazard", "extend", other,
                          "--within", "11", "--reason", "备件")  # 10-05 is 国庆节 too
    assert js(done)["deadline_moved"] == {"from": "2026-10-05", "to": "2026-10-08", "holiday": "National Day"}
    assert done.stderr == ("the deadline 2026-10-05 falls on National Day: moved to 2026-10-08 "
                           "(Civil Code Art 203; rules deadline.holiday_shift)\n")


def test_art_203_an_explicit_deadline_on_a_holiday_is_never_moved(before_holiday):
    code = report(before_holiday)
    done = ok(before_holiday("--as", "wang", "hazard", "assign", code, "--owner", "chen",
                             "--deadline", "2026-10-04", "--measures", "加装护栏"))
    assert done.stderr == ""
    assert js(before_holiday("--as", "wang", "--json", "hazard", "show", code))["deadline"] == "2026-10-04"


def test_the_rules_file_can_turn_the_shift_off(before_holiday, monkeypatch, tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text("[deadline]\nholiday_shift = false\n", encoding="utf-8")
    monkeypatch.setenv("DUALPREV_RULES", str(rules))
    config.rules.cache_clear()
    try:
        code = report(before_holiday)
        out = js(before_holiday("--json", "--as", "wang", "hazard", "assign", code, "--owner", "chen",
                                "--within", "10", "--measures", "加装护栏"))
    finally:
        monkeypatch.delenv("DUALPREV_RULES")
        config.rules.cache_clear()
    assert out["changed"]["deadline"] == "2026-10-04" and "deadline_moved" not in out
