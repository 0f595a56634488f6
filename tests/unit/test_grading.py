"""Risk grading, pure: every threshold boundary of LEC and of the three LS variants, bad factors."""

from __future__ import annotations

import itertools

import pytest

from dualprev.hazards import config, grading
from dualprev.hazards.errors import InvalidInput


@pytest.fixture
def variant(monkeypatch, tmp_path):
    def use(name: str) -> None:
        path = tmp_path / "rules.toml"
        path.write_text(f'[risk.ls]\nvariant = "{name}"\n', encoding="utf-8")
        monkeypatch.setenv("DUALPREV_RULES", str(path))
        config.rules.cache_clear()

    yield use
    config.rules.cache_clear()


@pytest.mark.parametrize(("factors", "score", "grade"), [
    ("10,1,7", 70, "general"),        # D = 70 occurs: 一般, not 低 (half-open)
    ("10,2,3", 60, "low"),
    ("10,1,3", 30, "low"),
    ("10,2,1", 20, "low"),            # D = 20 occurs: still 低 (4级 and 5级 are both blue)
    ("0.1,0.5,1", 0.05, "low"),       # the smallest D
    ("6,2,7", 84, "general"),
    ("6,3,7", 126, "general"),
    ("10,3,3", 90, "general"),
    ("3,6,7", 126, "general"),
    ("10,1,15", 150, "general"),
    ("6,3,15", 270, "considerable"),
    ("10,6,3", 180, "considerable"),
    ("10,2,15", 300, "considerable"),
    ("6,6,15", 540, "major"),         # the example
    ("1,6,100", 600, "major"),
    ("10,1,40", 400, "major"),
    ("10,10,100", 10000, "major"),
])
def test_lec_scores_and_grades(factors, score, grade):
    a = grading.lec(factors)
    assert (a.method, grading.number(a.score), a.grade) == ("lec", score, grade)
    assert a.colour == {"major": "red", "considerable": "orange", "general": "yellow", "low": "blue"}[grade]


def test_lec_bounds_are_half_open_over_every_possible_d():
    table = config.rules()["risk"]["lec"]
    values = {round(l * e * c, 6) for l, e, c in itertools.product(table["L"], table["E"], table["C"])}  # noqa: E741
    assert len(values) == 103 and min(values) == 0.05 and max(values) == 10000  # domain.md §4
    assert 320 not in values and 160 not in values and {70, 20} <= values
    for d in values:
        expected = ("major" if d >= 320 else "considerable" if d >= 160 else "general" if d >= 70 else "low")
        assert grading._band(d, table["thresholds"]) == expected


@pytest.mark.parametrize(("name", "bounds"), [
    ("A", {25: "major", 20: "major", 16: "considerable", 15: "considerable", 12: "general",
           9: "general", 8: "low", 1: "low"}),
    ("B", {20: "major", 16: "considerable", 9: "considerable", 8: "general", 4: "general", 3: "low"}),
    ("C", {20: "major", 16: "considerable", 10: "considerable", 9: "general", 4: "general", 3: "low"}),
])
def test_ls_variant_boundaries(variant, name, bounds):
    variant(name)
    for l, s in itertools.product(range(1, 6), range(1, 6)):  # noqa: E741
        if l * s in bounds:
            a = grading.ls(f"{l},{s}")
            assert (a.score, a.grade, a.variant) == (l * s, bounds[l * s], name), (l, s)


def test_ls_default_is_variant_a():
    assert grading.ls("4,5").grade == "major" and grading.ls("4,5").variant == "A"
    assert grading.ls("3,5").grade == "considerable" and grading.ls("2,4").grade == "low"


@pytest.mark.parametrize(("lec", "ls", "message"), [
    ("5,6,15", None, "--lec L=5 is not a value of the LEC table"),
    ("6,4,15", None, "--lec E=4 is not a value of the LEC table"),
    ("6,6,50", None, "--lec C=50 is not a value of the LEC table"),
    ("6,6", None, "--lec '6,6' needs 3 numbers"),
    ("a,b,c", None, "needs 3 numbers"),
    (None, "6,1", "--ls L=6 is out of range"),
    (None, "2,0", "--ls S=0 is out of range"),
    (None, "2.5,3", "--ls L=2.5 is out of range"),
    (None, None, "give exactly one of --lec"),
    ("6,6,15", "4,5", "give exactly one of --lec"),
])
def test_invalid_factors_are_refused_in_one_line(lec, ls, message):
    with pytest.raises(InvalidInput, match=message.replace("(", r"\(").replace(".", r"\.")) as err:
        grading.assess(lec, ls)
    assert "\n" not in str(err.value)


def test_control_levels_and_controllers():
    assert [grading.default_control_level(g) for g in ("major", "considerable", "general", "low")] == [
        "company", "company", "workshop", "team"]
    assert grading.controllers("company") == ["company", "workshop", "team", "post"]
    assert grading.controllers("team") == ["team", "post"]


@pytest.mark.parametrize(("text", "grade"), [("红", "major"), ("重大", "major"), ("red", "major"),
                                             ("橙", "considerable"), ("yellow", "general"),
                                             ("蓝", "low"), ("低", "low"), ("general", "general")])
def test_grade_accepts_colours_and_chinese(text, grade):
    assert grading.parse_grade(text) == grade
