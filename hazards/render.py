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
from hazards.labels import COLUMNS, LEVELS, ORG_KINDS, ROLES, STATES, label

TABLE_PAGE = 100
_VALUE_LABELS = {"state": STATES, "level": LEVELS, "kind": ORG_KINDS}


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
    value = row.get(column)
    if column in _VALUE_LABELS:
        return label(_VALUE_LABELS[column], value, lang)
    if column == "roles":
        return ", ".join(label(ROLES, r, lang) for r in value or [])
    if column.endswith("_at"):
        return local_time(value)
    return "" if value is None else str(value)


def headers(columns: list[str], lang: str) -> list[str]:
    return [label(COLUMNS, c, lang) for c in columns]


def emit(rows: Iterable[dict], columns: list[str], fmt: str, lang: str, *,
         out: TextIO | None = None, title: str | None = None, note: str | None = None) -> int:
    """Write ``rows`` in ``fmt`` (table, md, csv, json); returns how many rows were written."""
    out = out or sys.stdout
    if fmt == "json":
        return stream_json(rows, out)
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(headers(columns, lang))
        count = 0
        for row in rows:
            writer.writerow([cell(row, c, lang) for c in columns])
            count += 1
        return count
    if fmt == "md":
        from templates import stream

        counted: list[int] = [0]

        def cells():
            for row in rows:
                counted[0] += 1
                yield [cell(row, c, lang) for c in columns]

        stream("table.md.j2", out, title=title, note=note, headers=headers(columns, lang),
               rows=cells())
        return counted[0]
    return _table(rows, columns, lang, out, title)


def _table(rows: Iterable[dict], columns: list[str], lang: str, out: TextIO,
           title: str | None) -> int:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False, header_style="bold")
    for h in headers(columns, lang):
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
