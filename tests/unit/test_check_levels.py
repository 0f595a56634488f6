"""Which control levels check a risk point and how often (`plan generate`): the defaults as the
rules file states them, and, for any rules an enterprise may write, a 重大 point is never checked
less often than a 低 one (安全生产法 Art 41¶1: controls according to the risk level; domain.md §4
"风险越大,管控级别越高;上级负责管控的风险,下级必须同时负责管控")."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dualprev.hazards import config
from dualprev.hazards.errors import InvalidInput
from dualprev.hazards.labels import CONTROL_LEVELS, GRADES
from dualprev.hazards.services.inspection import check_levels
from dualprev.schedules import cadence

SHIFTS = cadence.shift_table(config.rules()["schedule"]["shifts"])
LEVELS = list(CONTROL_LEVELS)  # 公司级 first
BY_GRADE_LOW_FIRST = list(GRADES)[::-1]


def seen(levels) -> dict[str, str]:
    return {lv: f"{sp.hours}h" if sp.hours else sp.shifts or sp.cadence for lv, sp in levels.items()}


def test_the_default_mapping_is_the_rules_files():
    rules = {**config.rules()["schedule"]["generate"], "follow_control_level": False}
    assert seen(check_levels("major", "company", rules)) == {
        "company": "monthly", "workshop": "weekly", "team": "daily", "post": "三班"}
    assert seen(check_levels("considerable", "company", rules)) == {
        "workshop": "weekly", "team": "daily", "post": "三班"}
    assert seen(check_levels("general", "workshop", rules)) == {"team": "daily", "post": "三班"}
    assert seen(check_levels("low", "team", rules)) == {"post": "daily"}


def test_the_points_control_level_and_every_level_below_check_it_too():
    """domain.md §4: a point is controlled by its 管控层级 and every level below it."""
    assert seen(check_levels("considerable", "company")) == {
        "company": "monthly", "workshop": "weekly", "team": "daily", "post": "三班"}
    assert seen(check_levels("general", "workshop")) == {"workshop": "weekly", "team": "daily", "post": "三班"}
    assert seen(check_levels("low", "team")) == {"team": "daily", "post": "daily"}
    assert seen(check_levels("low", "post")) == {"post": "daily"}


def test_a_cadence_the_rules_cannot_read_is_refused():
    rules = {**config.rules()["schedule"]["generate"], "by_grade": {"low": {"post": "sometimes"}}}
    with pytest.raises(InvalidInput, match="by_grade] low.post"):
        check_levels("low", "post", rules)


CADENCES = st.sampled_from(["1h", "2h", "4h", "shift", "daily", "weekly", "monthly", "quarterly",
                            "yearly", "none"])
MAPPINGS = st.dictionaries(st.sampled_from(LEVELS), CADENCES, max_size=4)
RULES = st.fixed_dictionaries({
    "by_grade": st.fixed_dictionaries({g: MAPPINGS for g in GRADES}),
    "follow_control_level": st.booleans(),
    **{lv: CADENCES for lv in LEVELS}})


@settings(max_examples=200, deadline=None)
@given(rules=RULES, low=st.sampled_from(BY_GRADE_LOW_FIRST), high=st.sampled_from(BY_GRADE_LOW_FIRST),
       low_level=st.sampled_from(LEVELS), high_level=st.sampled_from(LEVELS))
def test_a_higher_grade_is_never_checked_less_often_at_any_level(rules, low, high, low_level, high_level):
    """For any rules file: a point of a higher grade whose 管控层级 is the same or higher is checked
    at every level that checks the lower one, at least as often (a 重大 point vs a 低 one included)."""
    if BY_GRADE_LOW_FIRST.index(high) < BY_GRADE_LOW_FIRST.index(low):
        low, high = high, low
    if LEVELS.index(high_level) > LEVELS.index(low_level):
        low_level, high_level = high_level, low_level
    lower, higher = check_levels(low, low_level, rules), check_levels(high, high_level, rules)
    for level, spec in lower.items():
        assert level in higher, (level, lower, higher)
        assert cadence.window_hours(higher[level], SHIFTS) <= cadence.window_hours(spec, SHIFTS)
    per_day = sum(24 / cadence.window_hours(sp, SHIFTS) for sp in higher.values())
    assert per_day >= sum(24 / cadence.window_hours(sp, SHIFTS) for sp in lower.values())
