"""How a hazard is classified: its cause category (16号令 Art 3; GB/T 13861-2022) with that
standard's optional code, and a 重大 hazard's 判定依据, a clause of a 重大事故隐患判定标准 from the
rules file's ``[criteria]`` table or free text marked as such.

Input is checked here, before any transaction: an unknown value is refused with the list.
"""

from __future__ import annotations

import re
from typing import Any

from dualprev.hazards import config
from dualprev.hazards.errors import InvalidInput
from dualprev.hazards.labels import (
    CATEGORIES,
    CATEGORY_SHORT,
    CATEGORY_SYNONYMS,
    GB_13861_CLASS,
    label,
)

GB_CODE = re.compile(r"\d{1,6}(\.\d{1,6}){0,4}")


def _choices() -> str:
    return ", ".join(f"{CATEGORY_SHORT[k]} ({zh})" for k, (zh, _en) in CATEGORIES.items())


def known_category(value: str) -> str | None:
    """The category key of ``value`` (人|物|管理|环境, the full term, the English key or a known
    synonym such as 物的危险状态, 管理缺陷, 环境不良), else None."""
    given = value.strip()
    for key, (zh, en) in CATEGORIES.items():
        if given in (key, zh, en, CATEGORY_SHORT[key]):
            return key
    return CATEGORY_SYNONYMS.get(given)


def category_of(value: str | None) -> str | None:
    """The category key of ``value``, refusing an unknown one with the list; None stays None."""
    if value is None:
        return None
    key = known_category(value)
    if key is not None:
        return key
    raise InvalidInput(f"unknown category {value!r}; use one of: {_choices()} "
                       "(16号令 Art 3; 环境 from GB/T 13861-2022)")


def gb_code_of(category: str | None, code: str | None) -> str | None:
    """A GB/T 13861-2022 code, checked against the class of ``category`` (1 人, 2 物, 3 环境, 4 管理)."""
    if code is None:
        return None
    given = code.strip()
    if category is None:
        raise InvalidInput("--gb-code needs the category it belongs to: give --category 人|物|管理|环境")
    if not GB_CODE.fullmatch(given):
        raise InvalidInput(f"--gb-code {code!r} is not a GB/T 13861-2022 code: digits, e.g. 2, 2.1 or 210101")
    top = GB_13861_CLASS[category]
    if given[0] != top:
        raise InvalidInput(f"--gb-code {given} is not a code of {label(CATEGORIES, category)}: its codes in "
                           f"GB/T 13861-2022 begin with {top}")
    return given


def criteria() -> dict[str, Any]:
    return config.rules().get("criteria", {})


def clauses() -> list[dict[str, Any]]:
    """The 判定标准 clauses of the rules file, in its order, with their standard's title."""
    table = criteria()
    standards = table.get("standards", {})
    return [{"clause": key, "standard": standards.get(c["standard"], {}).get("title", c["standard"]),
             "article": c["article"], "text": c["text"]} for key, c in table.get("clauses", {}).items()]


def basis_of(value: str | None) -> tuple[str | None, str] | None:
    """A 判定依据 as (clause key, the text kept with the hazard): a clause of the 判定标准 by its key
    (case does not matter), or (None, text) for free text marked with one of ``free_text_marks``."""
    if value is None:
        return None
    given = value.strip()
    for c in clauses():
        if c["clause"].upper() == given.upper():
            return c["clause"], f"{c['standard']} {c['article']}: {c['text']}"
    for mark in criteria().get("free_text_marks", []):
        if given.lower().startswith(mark.lower()):
            rest = given[len(mark):].strip()
            if len(rest) < config.rules()["hazard"]["plan"]["min_chars"]:
                raise InvalidInput(f"--basis {value!r}: say which rule makes it 重大 after {mark!r}")
            return None, rest
    example = clauses()[0]["clause"] if clauses() else "KEY"
    marks = criteria().get("free_text_marks", ["其他:"])
    raise InvalidInput(f"--basis {value!r} is not a clause of the 判定标准 (e.g. {example}; see "
                       f"`dualprev hazard criteria`) nor free text marked {marks[0]!r}")
