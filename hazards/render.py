"""Output in one place: terminal table, Markdown, CSV, JSON, XLSX or an HTML page, for every
listing.

Rows are plain dicts; JSON keeps the field names and English values, the other formats show the
labels of ``--lang``. Lists stream: JSON is written element by element, an HTML page row by row
(its charts drawn before, from aggregate queries), and the terminal table shows one page (rich
costs about 0.6 ms a row). On a terminal (or with COLUMNS set) the table shows the columns that
fit its width, in ``PRIORITY`` order, and says how to get all; "wide" and piped output without
COLUMNS show every column at its own width.
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import sys
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import cache
from typing import Any, TextIO

from dualprev.hazards import config, outputs
from dualprev.hazards.errors import InvalidInput
from dualprev.hazards.labels import (
    CADENCES,
    CATEGORIES,
    COLOURS,
    COLUMNS,
    CONTROL_LEVELS,
    GRADES,
    LADDER_STEPS,
    LEVELS,
    MEASURE_TYPES,
    METHODS,
    ORG_KINDS,
    OUTBOX_STATES,
    REPORT_CHANNELS,
    RESULTS,
    RISK_KINDS,
    ROLES,
    SOURCES,
    STATES,
    SUPERVISION_LEVELS,
    SUPERVISION_STATES,
    TASK_STATES,
    TREATMENTS,
    label,
    text,
)
from dualprev.hazards.limits import printable
from dualprev.templates import stream

TABLE_PAGE = 100
# Which columns a narrow terminal keeps first; any other column comes after these, left to right.
PRIORITY = ("code", "enterprise", "id", "title", "name", "state", "level", "grade", "colour", "deadline", "days_overdue",
            "days_left", "owner", "org", "supervision_level", "supervision_state", "overdue", "score",
            "control_level", "responsible", "plan", "assignee", "due_at", "result", "rate", "found_at")
FOLDED = 20  # a long text may fold to this many cells wide to leave room for other columns
XLSX_ROWS = 1_048_575  # an Excel sheet's rows, less the headings: more go on to the next sheet
_VALUE_LABELS = {"state": {**STATES, **TASK_STATES, **OUTBOX_STATES},
                 "hazard_state": STATES, "supervision_level": SUPERVISION_LEVELS,
                 "supervision_state": SUPERVISION_STATES, "ladder": LADDER_STEPS, "step": LADDER_STEPS,
                 "notify": ROLES, "level": LEVELS, "kind": {**ORG_KINDS, **RISK_KINDS},
                 "grade": GRADES, "colour": COLOURS, "control_level": CONTROL_LEVELS,
                 "controllers": CONTROL_LEVELS, "method": METHODS, "type": MEASURE_TYPES, "source": SOURCES,
                 "treatment": TREATMENTS, "result": RESULTS, "cadence": CADENCES, "role": ROLES,
                 "category": CATEGORIES, "via": REPORT_CHANNELS}
_JOINERS = {"factors": "×"}
_NOWRAP = {"code", "deadline", "original_deadline", "due", "listed_at", "writeoff_due", "state", "level",
           "grade", "colour"}  # the HTML table keeps these on one line


_ENCODE = json.JSONEncoder(ensure_ascii=False, default=str).encode  # made once, not per row


def dump_json(value: Any, out: TextIO) -> None:
    out.write(_ENCODE(value))
    out.write("\n")


def stream_json(rows: Iterable[dict], out: TextIO) -> int:
    """Write a JSON array one element at a time; returns the count."""
    count = 0
    out.write("[")
    for row in rows:
        out.write((",\n" if count else "\n") + _ENCODE(row))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def local_time(value: str | None, zone: Any = None) -> str:
    """An ISO instant as the local ``YYYY-MM-DD HH:MM`` of the configured zone (or ``zone``)."""
    if not value:
        return ""
    return datetime.fromisoformat(value).astimezone(zone or config.timezone()).isoformat(" ", "minutes")[:16]


def _text(value: Any) -> str:
    return "" if value is None else printable(value) if type(value) is str else str(value)


@cache
def converter(column: str, lang: str) -> Callable[[Any], str]:
    """How a value of ``column`` reads in ``lang``, decided once per column (a 100k-row listing
    formats 1.5M cells): labels looked up in a ready dict, lists joined, flags as 是/yes."""
    table = ROLES if column == "roles" else _VALUE_LABELS.get(column)
    names = {k: label(table, k, lang) for k in table} if table else {}
    joiner = _JOINERS.get(column, ", " if column == "roles" else text("list_joiner", lang))
    yes = text("yes", lang)
    stamp = column.endswith("_at")

    def convert(value: Any) -> str:
        if value is None:
            return ""
        kind = type(value)
        if kind is str:
            return names.get(value, value) if table else local_time(value) if stamp else printable(value)
        if kind is list:
            return joiner.join(names.get(v, printable(v)) if type(v) is str else str(v) for v in value)
        if kind is bool:
            return yes if value else ""
        if kind is float and value.is_integer():
            return str(int(value))  # 48000.0 reads 48000
        return _text(value)

    return convert


def cell(row: dict, column: str, lang: str) -> str:
    """One value of ``row`` as a user reads it."""
    return converter(column, lang)(row.get(column))


def row_formatter(columns: list[str], lang: str) -> Callable[[dict], list[str]]:
    """A function from a row to its cells, the converters chosen once."""
    zone = config.timezone()

    def stamp(value: Any) -> str:  # the zone looked up once per listing, not per cell
        return local_time(value, zone) if type(value) is str else converter("_at", lang)(value)

    steps = [(c, stamp if c.endswith("_at") else converter(c, lang),
              c not in _VALUE_LABELS and c != "roles" and not c.endswith("_at")) for c in columns]
    # plain text passes straight through (its invisible characters shown as escapes, so stored
    # text never drives the terminal): no converter call for the most common case
    return lambda row: [(v if v.isprintable() else printable(v)) if plain and type(v := row.get(c)) is str
                        else convert(row.get(c)) for c, convert, plain in steps]


def headers(columns: list[str], lang: str, names: dict | None = None) -> list[str]:
    """Column headings; ``names`` overrides COLUMNS (a risk's code is 风险点编号, not 隐患编号)."""
    return [label({**COLUMNS, **(names or {})}, c, lang) for c in columns]


def write_xlsx(rows: Iterable[dict], columns: list[str], lang: str, path: str, *,
               title: str | None = None, names: dict | None = None) -> int:
    """The headings, then a row per dict (numbers stay numbers), on as many sheets of XLSX_ROWS
    rows as it takes (``台账``, ``台账 (2)``, ...), written whole or not at all (hazards/outputs)."""
    import xlsxwriter
    import xlsxwriter.exceptions

    with outputs.replaced(path) as partial:
        if partial is None:
            raise InvalidInput(f"--output {path} is not a regular file: xlsx needs a file name")
        # xlsxwriter's own temporary files go beside the target too, and go with it on failure
        book = xlsxwriter.Workbook(partial, {"constant_memory": True,
                                             "tmpdir": os.path.dirname(partial)})
        stem, bold, heads = (title or "sheet")[:25], book.add_format({"bold": True}), headers(columns, lang, names)

        def sheet_no(n: int) -> Any:
            sheet = book.add_worksheet(stem if n == 1 else f"{stem} ({n})")
            sheet.write_row(0, 0, heads, bold)
            sheet.freeze_panes(1, 0)
            return sheet

        steps = [(c, converter(c, lang)) for c in columns]
        sheet, line, count = sheet_no(1), 0, 0
        for row in rows:
            if line == XLSX_ROWS:  # constant_memory writes each sheet in order: the next one follows
                sheet, line = sheet_no(count // XLSX_ROWS + 1), 0
            line += 1
            count += 1
            sheet.write_row(line, 0, [v if type(v := row.get(c)) in (int, float) else convert(v)
                                      for c, convert in steps])
        try:
            book.close()
        except xlsxwriter.exceptions.FileCreateError as exc:  # wraps the OSError (disk full...)
            raise exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else OSError(str(exc)) from None
    return count


def emit(rows: Iterable[dict], columns: list[str], fmt: str, lang: str, *,
         out: TextIO | None = None, title: str | None = None, note: str | None = None,
         names: dict | None = None, path: str | None = None, charts: list[dict] | None = None,
         profile: dict | None = None) -> int:
    """Write ``rows`` in ``fmt`` (table, md, csv, json, html, or xlsx into ``path``; "wide": the
    table with every column); returns how many rows were written. ``charts`` head an HTML page,
    ``profile`` (the enterprise's registered name and credit code) an HTML or Markdown one."""
    rows, columns = with_enterprise(rows, columns)
    if fmt == "xlsx":
        if not path:
            raise InvalidInput("--format xlsx writes a file: add --output FILE.xlsx")
        return write_xlsx(rows, columns, lang, path, title=title, names=names)
    if path:
        with outputs.text_file(path) as file:
            return emit(rows, columns, fmt, lang, out=file, title=title, note=note, names=names,
                        charts=charts, profile=profile)
    out = out or sys.stdout
    if fmt == "json":
        return stream_json(rows, out)
    row_cells = row_formatter(columns, lang)
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(headers(columns, lang, names))
        count = 0
        for row in rows:
            writer.writerow(row_cells(row))
            count += 1
        return count
    if fmt == "md":
        counted: list[int] = [0]

        def cells():
            for row in rows:
                counted[0] += 1
                yield row_cells(row)

        stream("table.md.j2", out, title=title, note=note, headers=headers(columns, lang, names),
               rows=cells(), profile=profile, t_credit_code=text("credit_code", lang))
        return counted[0]
    if fmt == "html":
        body = _Counted(rows, row_cells)
        nowrap = [i for i, c in enumerate(columns, 1) if c in _NOWRAP or c.endswith("_at")]
        page("report.html.j2", out, lang, title=title or "dualprev", note=note, charts=charts,
             profile=profile, wide=len(columns) > 8, headers=headers(columns, lang, names), rows=body,
             count=body, nowrap=nowrap)
        return body.n
    return _table(rows, columns, row_cells, lang, out, title, names, wide=fmt == "wide")


def with_enterprise(rows: Iterable[dict], columns: list[str]) -> tuple[Iterable[dict], list[str]]:
    """The 企业 column first when the rows carry it (a query adds it when its scope spans several
    enterprises: codes and unit names repeat across them); read from the first row, the stream
    kept whole."""
    if "enterprise" in columns:
        return rows, columns
    it = iter(rows)
    first = next(it, None)
    if first is None:
        return (), columns
    return itertools.chain((first,), it), ["enterprise", *columns] if "enterprise" in first else columns


def _width(out: TextIO) -> int | None:
    """The width to fit a table on stdout to: the terminal's, else COLUMNS; None (a file, a pipe)
    keeps every column."""
    if out is not sys.stdout:
        return None
    if out.isatty():
        from rich.console import Console

        return Console(file=out).width
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else None


def fitting(widths: list[int], columns: list[str], width: int) -> list[int]:
    """The indexes of the columns that fit ``width`` (each takes its cells and 3 of border and
    padding, the table 1 more), chosen in ``PRIORITY`` order and kept in their own order."""
    rank = {c: i for i, c in enumerate(PRIORITY)}
    order = sorted(range(len(columns)), key=lambda i: (rank.get(columns[i], len(rank)), i))
    kept, used = [], 1
    for i in order:
        if used + widths[i] + 3 <= width or not kept:
            kept.append(i)
            used += widths[i] + 3
    return sorted(kept)


class _Counted:
    """The table's rows as escaped ``<tr>`` markup, counted as the page streams them (the count
    follows the table). One string a row, not a template loop a cell: a 1M-row 台账 has 25M cells."""

    def __init__(self, rows: Iterable[dict], row_cells: Callable[[dict], list[str]]):
        self.rows, self.row_cells, self.n = rows, row_cells, 0

    def __iter__(self):
        from html import escape  # str in, str out: no Markup object a cell

        from markupsafe import Markup

        for row in self.rows:
            self.n += 1
            yield Markup("<tr><td>" + "</td><td>".join(map(escape, self.row_cells(row))) + "</td></tr>")


def page(name: str, out: TextIO, lang: str, *, title: str, note: str | None = None,
         charts: list[dict] | None = None, profile: dict | None = None, wide: bool = False,
         **context: Any) -> None:
    """Stream one standalone HTML page: ``name`` extends templates/page.html.j2, which prints the
    title, the enterprise (``profile``: name, credit_code), ``note``, the charts (a None is one
    with nothing to draw, left out) and the date made."""
    t = {k: text(k, lang) for k in ("credit_code", "made", "rows")}
    made = config.now().astimezone(config.timezone()).strftime("%Y-%m-%d %H:%M")
    stream(name, out, lang=lang, title=title, note=note, charts=[c for c in charts or [] if c],
           profile=profile, wide=wide, made=made, t={**t, **context.pop("t", {})}, **context)


def _table(rows: Iterable[dict], columns: list[str], row_cells: Callable[[dict], list[str]],
           lang: str, out: TextIO, title: str | None, names: dict | None = None, wide: bool = False) -> int:
    from rich.cells import cell_len
    from rich.console import Console
    from rich.table import Table

    heads = headers(columns, lang, names)
    shown: list[list[str]] = []
    more = 0
    for row in rows:
        if len(shown) < TABLE_PAGE:
            shown.append(row_cells(row))
        else:
            more += 1
    width = _width(out)
    natural = [max([cell_len(h)] + [max(map(cell_len, r[i].splitlines() or [""])) for r in shown])
               for i, h in enumerate(heads)]
    keep = list(range(len(columns)))
    if width and not wide:
        keep = fitting([min(n, max(FOLDED, cell_len(h))) for n, h in zip(natural, heads)], columns, width)
    else:  # every column at its own width (--wide, or piped): a terminal wraps, `less -S` scrolls
        width = max(width or 80, sum(natural) + 3 * len(natural) + 1)
    table = Table(title=title, show_lines=False, header_style="bold")
    for i in keep:
        table.add_column(heads[i], overflow="fold")
    for cells in shown:
        table.add_row(*(cells[i] for i in keep))
    console = Console(file=out, width=width, highlight=False)
    if shown:
        console.print(table)
    else:
        out.write(text("nothing", lang) + "\n")
    if shown and len(keep) < len(columns):
        hidden = ("、" if lang == "zh" else ", ").join(heads[i] for i in range(len(columns)) if i not in keep)
        sys.stderr.write(text("columns_hidden", lang, shown=len(keep), total=len(columns), width=width,
                              hidden=hidden) + "\n")
    if more:
        sys.stderr.write(text("more_rows", lang, more=more) + "\n")
    return len(shown) + more
