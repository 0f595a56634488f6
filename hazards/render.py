"""Output in one place: terminal table, Markdown, CSV or JSON, for every listing.

Rows are plain dicts; JSON keeps the field names and English values, the other formats show the
labels of ``--lang``. Lists stream: JSON is written element by element, and the terminal table
shows one page (rich costs ~0.6 ms a row: LIBNOTES.md §6).
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable
from datetime import datetime
from typing import Any, TextIO

from hazards import config
from hazards.labels import (CADENCES, COLOURS, COLUMNS, CONTROL_LEVELS, GRADES, LEVELS, MEASURE_TYPES,
                            METHODS, ORG_KINDS, RESULTS, RISK_KINDS, ROLES, STATES, TASK_STATES, label)

TABLE_PAGE = 100
_VALUE_LABELS = {"state": {**STATES, **TASK_STATES}, "level": LEVELS, "kind": {**ORG_KINDS, **RISK_KINDS},
                 "result": RESULTS, "cadence": CADENCES, "role": ROLES, "grade": GRADES, "colour": COLOURS, "control_level": CONTROL_LEVELS,
                 "controllers": CONTROL_LEVELS, "method": METHODS, "type": MEASURE_TYPES}
_JOINERS = {"factors": "×"}


def dump_json(value: Any, out: TextIO) -> None:
    out.write(json.dumps(value, ensure_ascii=False, default=str))
    out.write("\n")


def stream_json(rows: Iterable[dict], out: TextIO) -> int:
    """Write a JSON array one element at a time; returns the count."""
    count = 0
    out.write("[")
    for row in rows:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(row, ensure_ascii=False, default=str))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def local_time(value: str | None) -> str:
    if not value:
        return ""
    return datetime.fromisoformat(value).astimezone(config.timezone()).strftime("%Y-%m-%d %H:%M")


def cell(row: dict, column: str, lang: str) -> str:
    """One value as a user reads it; called once per cell, so the common cases come first."""
    value = row.get(column)
    if value is None:
        return ""
    kind = type(value)
    if kind is str:
        table = _VALUE_LABELS.get(column)
        if table is not None:
            return label(table, value, lang)
        return local_time(value) if column.endswith("_at") else value
    if kind is list:
        if column == "roles":
            return ", ".join(label(ROLES, r, lang) for r in value)
        table = _VALUE_LABELS.get(column)
        return _JOINERS.get(column, "、").join(label(table, v, lang) if table else str(v) for v in value)
    if kind is bool:
        return ("是" if lang == "zh" else "yes") if value else ""
    return str(value)


def _plain(value: Any) -> str:
    return "" if value is None else value if type(value) is str else str(value)


def row_formatter(columns: list[str], lang: str):
    """A function from a row to its cells: plain columns skip ``cell``'s dispatch (a 100k-row
    listing formats 1.5M cells)."""
    special = {c for c in columns if c in _VALUE_LABELS or c == "roles" or c.endswith("_at")}
    steps = [(c, c in special) for c in columns]

    def row_cells(row: dict) -> list[str]:
        return [cell(row, c, lang) if slow or type(row.get(c)) in (list, bool) else _plain(row.get(c))
                for c, slow in steps]

    return row_cells


def headers(columns: list[str], lang: str, names: dict | None = None) -> list[str]:
    """Column headings; ``names`` overrides COLUMNS (a risk's code is 风险点编号, not 隐患编号)."""
    return [label({**COLUMNS, **(names or {})}, c, lang) for c in columns]


def emit(rows: Iterable[dict], columns: list[str], fmt: str, lang: str, *,
         out: TextIO | None = None, title: str | None = None, note: str | None = None,
         names: dict | None = None) -> int:
    """Write ``rows`` in ``fmt`` (table, md, csv, json); returns how many rows were written."""
    out = out or sys.stdout
    if fmt == "json":
        return stream_json(rows, out)
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(headers(columns, lang, names))
        count = 0
        row_cells = row_formatter(columns, lang)
        for row in rows:
            writer.writerow(row_cells(row))
            count += 1
        return count
    if fmt == "md":
        from templates import stream

        counted: list[int] = [0]

        def cells():
            for row in rows:
                counted[0] += 1
                yield [cell(row, c, lang) for c in columns]

        stream("table.md.j2", out, title=title, note=note, headers=headers(columns, lang, names),
               rows=cells())
        return counted[0]
    return _table(rows, columns, lang, out, title, names)


def _table(rows: Iterable[dict], columns: list[str], lang: str, out: TextIO,
           title: str | None, names: dict | None = None) -> int:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False, header_style="bold")
    for h in headers(columns, lang, names):
        table.add_column(h, overflow="fold")
    count = 0
    more = 0
    for row in rows:
        if count < TABLE_PAGE:
            table.add_row(*(cell(row, c, lang) for c in columns))
            count += 1
        else:
            more += 1
    console = Console(file=out, width=None if out.isatty() else 160, highlight=False)
    if count:
        console.print(table)
    else:
        out.write("(无记录)\n" if lang == "zh" else "(nothing)\n")
    if more:
        sys.stderr.write(f"… {more} more rows not shown: use --limit, --format csv or --json\n")
    return count + more
