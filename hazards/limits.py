"""What an input may be, checked before any SQL so both databases refuse the same values alike:
the length of each stored text (the schema's, see ``FIELDS``), the characters of single-line
fields and free text, and the range of dates. Also ``printable``, which every renderer applies to
stored text so a control character never reaches the terminal raw.

The lengths mirror hazards/models.py (a test holds them equal); models is not imported here
because loading sqlmodel would double the start-up of every command.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from dualprev.hazards.errors import InvalidInput

TEXT_MAX = 20_000  # free text (descriptions, measures, notes, reasons): stored as TEXT, kept sane

# table -> column -> (the option that sets it, its length; None for free text)
FIELDS: dict[str, dict[str, tuple[str, int | None]]] = {
    "org_unit": {"name": ("NAME", 200)},
    "person": {"login": ("LOGIN", 64), "name": ("--name", 200)},
    "enterprise_profile": {"registered_name": ("--name-registered", 200),
                           "industry": ("--industry", 100), "address": ("--address", 300),
                           "legal_rep": ("--legal-rep", 100), "contact_phone": ("--contact-phone", 32)},
    "hazard": {"title": ("--title", 300), "place": ("--place", 200), "category": ("--category", 100),
               "description": ("--desc", None), "measures": ("--measures", None),
               "contingency": ("--contingency", None), "gb_code": ("--gb-code", 32),
               "basis": ("--basis", None)},
    "hazard_event": {"comment": ("--note/--reason", None)},
    "attachment": {"filename": ("--photo", 300)},
    "risk_point": {"name": ("NAME", 200), "place": ("--place", 200), "description": ("--desc", None),
                   "analysis_object": ("--object", 64)},
    "risk_assessment": {"note": ("--note", None), "reason": ("--reason", None)},
    "risk_source": {"name": ("--source", 500)},
    "control_measure": {"text": ("--text", None), "check_content": ("--check", None)},
    "checklist": {"name": ("NAME", 200)},
    "checklist_item": {"text": ("--item", None)},
    "inspection_plan": {"name": ("NAME", 200), "cron": ("--cron", 100)},
    "inspection_result": {"note": ("--note", None)},
    "calendar_day": {"name": ("--holiday", 64)},
    "supervision": {"reason": ("--reason", None), "authority": ("--authority", 200),
                    "doc_no": ("--doc-no", 100)},
    "extension_request": {"reason": ("--reason", None), "note": ("--note", None)},
    "notify_route": {"target": ("--webhook/--email", 500)},
    "regulator_action": {"authority": ("--authority", 200), "doc_no": ("--doc-no", 100),
                         "note": ("--note", None)},
    "governance_plan": {"goal": ("--goal", None), "method": ("--method", None),
                        "resources": ("--resources", None), "team": ("--team", None),
                        "requirements": ("--requirements", None), "safety": ("--safety", None),
                        "contingency": ("--contingency", None), "note": ("--note", None),
                        "situation": ("--situation", None), "analysis": ("--analysis", None)},
    "hazard_evaluation": {"evaluator": ("--by", 200), "conclusion": ("--conclusion", None)},
    "whistleblower": {"reporter": ("--reporter", 200), "contact": ("--contact", 200)},
    "reward": {"note": ("--note", None)},
}

# C0/C1 controls, zero-width and direction marks, line/paragraph separators, BOM: what a terminal
# may act on or a reader cannot see. Tab and newline are allowed in free text only.
# The joiners U+200C/U+200D stay: they shape emoji and some scripts, and show nothing alone.
_INVISIBLE = ("\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b\u200e\u200f\u2028-\u202e"
              "\u2060-\u206f\ufeff\ufff9-\ufffb")
_CONTROL = re.compile(f"[{_INVISIBLE}]")
_LINE_CONTROL = re.compile(f"[\t\n{_INVISIBLE}]")
_BLANK = re.compile(f"^[\\s\u200c\u200d{_INVISIBLE}]*$")


def _codepoint(ch: str) -> str:
    return f"U+{ord(ch):04X}" + (f" {unicodedata.name(ch)}" if unicodedata.name(ch, "") else "")


def line(value: str | None, option: str, limit: int | None = None) -> None:
    """A single-line field: no control, zero-width or direction characters, not blank."""
    if value is None:
        return
    if _BLANK.match(value):
        raise InvalidInput(f"{option} is blank: give a value, or leave the option out")
    bad = _LINE_CONTROL.search(value)
    if bad:
        raise InvalidInput(f"{option} contains the invisible character {_codepoint(bad.group())}: "
                           "give plain text on one line")
    _length(value, option, limit)


def text(value: str | None, option: str, limit: int | None = None) -> None:
    """Free text: newlines and tabs are kept, other control characters are refused."""
    if value is None:
        return
    bad = _CONTROL.search(value)
    if bad:
        raise InvalidInput(f"{option} contains the invisible character {_codepoint(bad.group())}: "
                           "give plain text (new lines are fine)")
    _length(value, option, limit or TEXT_MAX)


def _length(value: str, option: str, limit: int | None) -> None:
    if limit is not None and len(value) > limit:
        raise InvalidInput(f"{option} has {len(value):,} characters: at most {limit:,} are kept; "
                           "shorten it")


def check(table: str, **values: Any) -> None:
    """Check the values a use-case is about to store in ``table`` (by column name)."""
    for column, value in values.items():
        option, limit = FIELDS[table][column]
        if isinstance(value, (list, tuple)):
            for v in value:
                (text if limit is None else line)(v, option, limit)
        else:
            (text if limit is None else line)(value, option, limit)


def printable(value: str) -> str:
    """``value`` with every invisible character shown as its escape (``\\x1b``, ``\\u200b``);
    newlines and tabs stay. Applied by every renderer to stored text."""
    if value.isprintable() or not _CONTROL.search(value):
        return value
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], value)


# --- dates ----------------------------------------------------------------------------------------

EARLIEST_FOUND = date(2000, 1, 1)
CLOCK_SKEW = timedelta(minutes=5)
DEADLINE_YEARS = 10
INPUT_DATES = (date(1900, 1, 1), date(2199, 12, 31))  # any date on the command line


def found_at(found: datetime, now: datetime) -> None:
    """When a hazard was found: not before 2000, not in the future beyond a small clock skew."""
    if found.date() < EARLIEST_FOUND:
        raise InvalidInput(f"--found-at {found.date()} is before {EARLIEST_FOUND}: give the day it was found")
    if found > now + CLOCK_SKEW:
        raise InvalidInput(f"--found-at {found.isoformat()} is in the future: give when it was found")


def latest_deadline(today: date) -> date:
    return today.replace(year=today.year + DEADLINE_YEARS) if not (today.month == 2 and today.day == 29) \
        else date(today.year + DEADLINE_YEARS, 2, 28)


def deadline(value: date, today: date, option: str = "--deadline") -> None:
    """A deadline at most ten years from today (a later one is a typing mistake)."""
    last = latest_deadline(today)
    if value > last:
        raise InvalidInput(f"{option} {value} is more than {DEADLINE_YEARS} years ahead: give a date "
                           f"up to {last}")


def input_date(value: date, option: str) -> None:
    first, last = INPUT_DATES
    if not first <= value <= last:
        raise InvalidInput(f"{option + ' ' if option else ''}{value} is outside {first}..{last}: "
                           "give a date in that range")


SMALL_FILE_MAX = 64 * 2**20  # keys, anchors, mappings and rules files are kilobytes


def small_file(path: Any, limit: int = SMALL_FILE_MAX) -> bytes:
    """A small input file read whole, at most ``limit`` bytes: a device such as /dev/zero (or a
    huge file given by mistake) is refused instead of read for ever. OSError passes through."""
    with Path(path).open("rb") as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise InvalidInput(f"{path} is larger than {limit} bytes: give the file meant")
    return data

