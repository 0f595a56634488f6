"""Risk grading, pure: LEC and LS scores, grade, colour and control level from the rules file."""

from __future__ import annotations

from dataclasses import dataclass

from dualprev.hazards.config import rules
from dualprev.hazards.errors import InvalidInput
from dualprev.hazards.labels import COLOURS, CONTROL_LEVELS, GRADES, parse

GRADE_ORDER = tuple(reversed(GRADES))  # rank: higher is worse
COLOUR_OF = dict(zip(GRADES, COLOURS, strict=True))  # 重大 red, 较大 orange, 一般 yellow, 低 blue
CONTROL_ORDER = tuple(CONTROL_LEVELS)  # top first


@dataclass(frozen=True)
class Assessment:
    method: str  # lec | ls
    l: float  # noqa: E741  (the domain's own letter)
    e: float | None
    c: float | None
    s: int | None
    score: float
    grade: str
    variant: str | None  # the LS variant applied

    @property
    def colour(self) -> str:
        return COLOUR_OF[self.grade]

    @property
    def factors(self) -> list[float]:
        return [number(f) for f in ((self.l, self.e, self.c) if self.method == "lec" else (self.l, self.s))]


def number(value: float | None) -> float | int | None:
    """540.0 → 540, 0.05 stays: scores and factors read as people write them."""
    if value is None or type(value) is int:
        return value
    return int(value) if value.is_integer() else round(value, 6)


def _split(text: str, count: int, option: str, example: str) -> list[float]:
    parts = [p.strip() for p in text.replace("，", ",").split(",")]
    try:
        values = [float(p) for p in parts]
    except ValueError:
        values = []
    if len(values) != count:
        raise InvalidInput(f"{option} {text!r} needs {count} numbers separated by commas, e.g. {option} {example}")
    return values


def _band(score: float, bounds: dict[str, float]) -> str:
    for grade in ("major", "considerable", "general"):
        if score >= bounds[grade]:
            return grade
    return "low"


def lec(text: str) -> Assessment:
    """``L,E,C`` → D = L × E × C, each factor one of the values of the LEC tables."""
    table = rules()["risk"]["lec"]
    values = _split(text, 3, "--lec", "6,6,15")
    for name, value in zip("LEC", values):
        if value not in table[name]:
            allowed = ", ".join(f"{number(v)}" for v in table[name])
            raise InvalidInput(f"--lec {name}={number(value)} is not a value of the LEC table: use one of {allowed}")
    l, e, c = values  # noqa: E741
    score = round(l * e * c, 6)
    return Assessment("lec", l, e, c, None, score, _band(score, table["thresholds"]), None)


def ls_variant() -> tuple[str, dict[str, float]]:
    section = rules()["risk"]["ls"]
    name = section["variant"]
    if name not in section["variants"]:
        raise InvalidInput(f"the rules file names LS variant {name!r}: use one of {', '.join(section['variants'])}")
    return name, section["variants"][name]


def ls(text: str) -> Assessment:
    """``L,S`` → R = L × S, both integers 1-5, graded by the configured LS variant."""
    values = _split(text, 2, "--ls", "4,5")
    for name, value in zip("LS", values):
        if value not in (1, 2, 3, 4, 5):
            raise InvalidInput(f"--ls {name}={number(value)} is out of range: L and S are whole numbers 1 to 5")
    l, s = (int(v) for v in values)  # noqa: E741
    variant, bounds = ls_variant()
    return Assessment("ls", l, None, None, s, l * s, _band(l * s, bounds), variant)


def ls_grade(l: int, s: int) -> str:  # noqa: E741
    return _band(l * s, ls_variant()[1])


def assess(lec_text: str | None, ls_text: str | None) -> Assessment:
    """Exactly one of ``--lec`` and ``--ls``."""
    if (lec_text is None) == (ls_text is None):
        raise InvalidInput("give exactly one of --lec L,E,C (e.g. 6,6,15) and --ls L,S (e.g. 4,5)")
    return lec(lec_text) if lec_text is not None else ls(ls_text)


def default_control_level(grade: str) -> str:
    return rules()["risk"]["control_level"][grade]


def controllers(level: str) -> list[str]:
    """上级负责管控的风险,下级必须同时负责管控: the level and every level below it."""
    return list(CONTROL_ORDER[CONTROL_ORDER.index(level):])


def lower(new: str, old: str | None) -> bool:
    return old is not None and GRADE_ORDER.index(new) < GRADE_ORDER.index(old)


def parse_grade(text: str) -> str:
    """A grade given as grade or colour, English or Chinese (重大, 红, major, red) → major."""
    try:
        return parse(GRADES, text, "grade")
    except InvalidInput:
        pass
    try:
        colour = parse(COLOURS, text, "colour")
    except InvalidInput:
        raise InvalidInput(f"unknown grade {text!r}; use red|orange|yellow|blue (红|橙|黄|蓝) or "
                           "major|considerable|general|low (重大|较大|一般|低)") from None
    return next(g for g, c in COLOUR_OF.items() if c == colour)
