"""Settings read from the environment and the rules file: clock, time zone, database URL, paths.

- ``DUALPREV_NOW``: an ISO-8601 timestamp that replaces the real clock (tests, demos, replays).
- ``DUALPREV_DB``: any SQLAlchemy URL; default a SQLite file in the user's data directory.
- ``DUALPREV_RULES``: a TOML file whose keys override ``hazards/rules.toml``.
- ``DUALPREV_FILES``: where attachments are stored (default: beside the SQLite file).
"""

from __future__ import annotations

import os
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
    """The rules in force: the shipped defaults, overridden by ``DUALPREV_RULES`` if set."""
    data = tomllib.loads(resources.files("dualprev.hazards").joinpath("rules.toml").read_text("utf-8"))
    path = os.environ.get("DUALPREV_RULES")
    if path:
        try:
            data = _merge(data, tomllib.loads(Path(path).read_text("utf-8")))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise InvalidInput(f"cannot read the rules file {path}: {exc}") from exc
    return data


def timezone() -> ZoneInfo:
    return ZoneInfo(rules()["site"]["timezone"])


def parse_instant(text: str, what: str = "time") -> datetime:
    """An ISO-8601 date or timestamp; a naive one is read in the configured zone."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            f"{what} {text!r} is not an ISO-8601 date or timestamp (e.g. 2026-03-01T09:30)"
        ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone())
    return value.astimezone(UTC)


def now() -> datetime:
    """The program's clock: real UTC time unless ``DUALPREV_NOW`` fixes it."""
    fixed = os.environ.get("DUALPREV_NOW")
    if fixed:
        return parse_instant(fixed, "DUALPREV_NOW")
    return datetime.now(UTC)


def today() -> date:
    """Today's date in the configured zone (a deadline ends at the local midnight after it)."""
    return now().astimezone(timezone()).date()


def default_db_url() -> str:
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("dualprev", appauthor=False, ensure_exists=True))
    return f"sqlite:///{folder / 'dualprev.db'}"


def db_url(explicit: str | None = None) -> str:
    return explicit or os.environ.get("DUALPREV_DB") or default_db_url()


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
