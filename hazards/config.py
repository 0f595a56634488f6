"""Settings read from the environment and the rules file: clock, time zone, database URL, paths.

- ``DUALPREV_NOW``: an ISO-8601 timestamp that replaces the real clock (tests, demos, replays).
- ``DUALPREV_DB``: any SQLAlchemy URL; default a SQLite file in the user's data directory.
- ``DUALPREV_RULES``: a TOML file whose keys override ``hazards/rules.toml``.
- ``DUALPREV_FILES``: where attachments are stored (default: beside the SQLite file).
"""

from __future__ import annotations

import os
import re
import tomllib
from datetime import UTC, date, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from dualprev.hazards.errors import InvalidInput
from dualprev.hazards.labels import SUPERVISION_LEVELS


def _merge(base: dict, override: dict) -> dict:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


@cache
def rules() -> dict:
    """The rules in force: the shipped defaults, overridden by ``DUALPREV_RULES`` if set; an
    override is checked against the defaults (see ``check_rules``) when it is loaded."""
    data = tomllib.loads(resources.files("dualprev.hazards").joinpath("rules.toml").read_text("utf-8"))
    path = os.environ.get("DUALPREV_RULES")
    if path:
        try:
            override = tomllib.loads(Path(path).read_text("utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise InvalidInput(f"cannot read the rules file {path}: {' '.join(str(exc).split())}") from exc
        check_rules(override, data, path)
        data = _merge(data, override)
    return data


# Ranges of the numbers of the rules (dotted key: lowest, highest); any other number is >= 0.
RULE_RANGES: dict[str, tuple[float, float]] = {
    "schedule.tick_seconds": (1, 86_400), "schedule.late_days": (0, 366),
    "schedule.grace_hours": (0, 8_784), "schedule.start_window_days": (1, 3_660),
    "risk.review_days": (1, 3_650), "risk.reassess_hazards": (1, 1_000),
    "risk.reassess_window_days": (1, 3_650), "notify.max_attempts": (1, 100),
    "notify.backoff_seconds": (1, 86_400), "notify.timeout_seconds": (1, 600),
    "attachments.max_mb": (0.001, 1_024),
    "national.page_size": (1, 1_000), "national.timeout_seconds": (1, 600),
    "stats.quarter_due_day": (1, 28), "stats.year_due_day": (1, 31),
    "schedule.tick_chunk_days": (1, 366), "schedule.catch_up_days": (1, 36_600),
    "database.lock_timeout_seconds": (0, 3_600), "database.statement_timeout_seconds": (0, 86_400),
    "database.bulk_lock_timeout_seconds": (0, 3_600),
    "database.bulk_statement_timeout_seconds": (0, 86_400),
}
# Tables whose keys are the user's own (a new LS variant, a shift pattern, a grade's levels).
OPEN_TABLES = ("risk.ls.variants", "schedule.shifts", "schedule.generate.by_grade.major",
               "schedule.generate.by_grade.considerable", "schedule.generate.by_grade.general",
               "schedule.generate.by_grade.low")
CODE_PREFIX = re.compile(r"[A-Z][A-Z0-9]{0,7}")


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    return {str: "text", list: "a list", dict: "a table"}.get(type(value), type(value).__name__)


def check_rules(override: dict, defaults: dict, path: str, prefix: str = "") -> None:
    """Refuse a rules file whose key is unknown, of another type than the default's, out of its
    range, or a code prefix that is not 1-8 capital letters and digits; the message names the key."""
    def refuse(key: str, problem: str) -> InvalidInput:
        return InvalidInput(f"the rules file {path}: {key} {problem}")

    for name, value in override.items():
        key = f"{prefix}{name}"
        if name not in defaults:
            if not (prefix.rstrip(".") in OPEN_TABLES or defaults == {}):
                raise refuse(key, "is not a key of the rules: check its spelling (hazards/rules.toml "
                             "lists them)")
            if not defaults:
                continue
            default = next(iter(defaults.values()))  # a new entry of an open table: like its siblings
        else:
            default = defaults[name]
        if _kind(value) != _kind(default):
            raise refuse(key, f"= {value!r} should be {_kind(default)}")
        if isinstance(value, dict):
            check_rules(value, default, path, f"{key}.")
        elif isinstance(value, list) and default and not isinstance(default[0], dict):
            wrong = [v for v in value if _kind(v) != _kind(default[0])]
            if wrong:
                raise refuse(key, f"holds {wrong[0]!r}: every item should be {_kind(default[0])}")
        elif _kind(value) == "a number":
            low, high = RULE_RANGES.get(key, (0, float("inf")))
            if not (low <= value <= high) or value != value:
                raise refuse(key, f"= {value} is out of range: give {low:g} to {high:g}"
                             if high != float("inf") else f"= {value} is out of range: give {low:g} or more")
        elif key.endswith("code_prefix") and not CODE_PREFIX.fullmatch(value):
            raise refuse(key, f"= {value!r} is not 1-8 capital letters and digits (e.g. YH)")
        elif key == "site.timezone":
            try:
                ZoneInfo(value)
            except (ValueError, KeyError, OSError):
                raise refuse(key, f"= {value!r} is not a time zone (e.g. Asia/Shanghai)") from None


def timezone() -> ZoneInfo:
    return ZoneInfo(rules()["site"]["timezone"])


def parse_instant(text: str, what: str = "time") -> datetime:
    """An ISO-8601 date or timestamp; a naive one is read in the configured zone."""
    try:
        value = datetime.fromisoformat(text)
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone())
        value = value.astimezone(UTC)
    except ValueError:
        raise InvalidInput(
            f"{what} {text!r} is not an ISO-8601 date or timestamp (e.g. 2026-03-01T09:30)"
        ) from None
    except OverflowError:  # year 1 or 9999 moved across the date line
        value = None
    if value is None or not INSTANTS[0] <= value < INSTANTS[1]:
        raise InvalidInput(f"{what} {text!r} is outside the years {INSTANTS[0].year}-"
                           f"{INSTANTS[1].year - 1}: give a time in that range")
    return value


# the instants the register takes (DUALPREV_NOW, --found-at): a later clock would make `tick`
# catch up on centuries
INSTANTS = (datetime(1900, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC))


def partitions() -> int:
    """``DUALPREV_PARTITIONS``: the default of ``init --partitions`` (0: plain tables)."""
    value = os.environ.get("DUALPREV_PARTITIONS", "").strip()
    if not value:
        return 0
    if not value.isdigit():
        raise InvalidInput(f"DUALPREV_PARTITIONS {value!r} is not a number: give e.g. 16, or unset it")
    return int(value)


def now() -> datetime:
    """The program's clock: real UTC time unless ``DUALPREV_NOW`` fixes it (2000-2099)."""
    fixed = os.environ.get("DUALPREV_NOW")
    if fixed:
        value = parse_instant(fixed, "DUALPREV_NOW")
        if value.year < 2000:
            raise InvalidInput(f"DUALPREV_NOW {fixed!r} is before 2000: unset it or give a time from 2000 to 2099")
        return value
    return datetime.now(UTC)


def today() -> date:
    """Today's date in the configured zone (a deadline ends at the local midnight after it)."""
    return now().astimezone(timezone()).date()


def default_db_url() -> str:
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("dualprev", appauthor=False, ensure_exists=True))
    return f"sqlite:///{folder / 'dualprev.db'}"


def db_url(explicit: str | None = None) -> str:
    """``--db``, else ``DUALPREV_DB``, else the default file; an empty one is refused, never
    replaced silently by the default."""
    for value, where in ((explicit, "--db"), (os.environ.get("DUALPREV_DB"), "DUALPREV_DB")):
        if value is not None:
            if not value.strip():
                raise InvalidInput(f"{where} is empty: give a database URL such as "
                                   "sqlite:///register.db, or leave it out for the default file")
            return value
    return default_db_url()


NOTIFY_WHOM = ("owner", "supervisor")  # who a ladder step may notify


def escalation_ladder() -> list[dict[str, Any]]:
    """The ladder in force, checked: unique step names, whole days, known recipients and levels."""
    steps = rules()["escalation"]["ladder"]
    names = [s["step"] for s in steps]
    if len(set(names)) != len(names):
        raise InvalidInput(f"the escalation ladder names a step twice: {names}")
    for s in steps:
        if not isinstance(s.get("days"), int):
            raise InvalidInput(f"ladder step {s['step']!r} needs whole `days` relative to the deadline")
        if set(s.get("notify", [])) - set(NOTIFY_WHOM):
            raise InvalidInput(f"ladder step {s['step']!r} notifies {s['notify']}: use owner, supervisor")
        for key in ("list", "flag"):
            if key in s and s[key] not in SUPERVISION_LEVELS:
                raise InvalidInput(f"ladder step {s['step']!r}: {key} = {s[key]!r} is not a level")
    return sorted(steps, key=lambda s: s["days"])
