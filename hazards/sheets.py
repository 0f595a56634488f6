"""Reading the sheets people keep: .xlsx workbooks and .csv files as rows of cells, the header row
found under title rows, the columns told by their headers (synonyms and a TOML mapping file), and
cells read as the dates, instants and numbers real ledgers write.

.xlsx is read with python-calamine (measured against openpyxl read-only on 100,000 rows: 9.6 s
against 122 s); merged cells give their value to every cell they cover. .csv is UTF-8, with or
without BOM, else GB18030 (what Chinese Excel writes).
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from dualprev.hazards import config
from dualprev.hazards.errors import InvalidInput
from dualprev.hazards.limits import small_file

HEADER_SCAN = 30  # rows looked at for the header, below titles and notes
EXCEL_EPOCH = date(1899, 12, 30)
SERIALS = (20_000, 80_000)  # Excel serial days 1954..2119: a number there in a date column is a date


@dataclass
class Sheet:
    """The cells of one sheet, its header row found: ``columns`` maps a field to its column index,
    ``headers`` holds the header cells as written, ``rows`` yields (row number, cells) after it."""

    file: str
    name: str
    header_row: int
    headers: list[str]
    columns: dict[str, int]
    unknown: list[str]
    rows: Iterator[tuple[int, list[Any]]]
    scales: dict[str, float] = field(default_factory=dict)


def norm_header(value: Any) -> str:
    """A header as compared: no spaces or line breaks, no unit in brackets, no trailing ``*``."""
    text = re.sub(r"\s+", "", str(value or ""))
    text = re.sub(r"[（(][^）)]*[）)]$", "", text)
    return text.rstrip("*：:")


def load_mapping(path: str | None, fields: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """The mapping file: ``[columns]`` with "header as written" = "field" (a field key or one of
    its known headers). Returns normalised header -> field."""
    if path is None:
        return {}
    try:
        data = tomllib.loads(small_file(path).decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InvalidInput(f"--mapping {path}: not a readable TOML file ({exc})") from None
    columns = data.get("columns")
    if not isinstance(columns, dict) or not columns:
        raise InvalidInput(f"--mapping {path} has no [columns] table: write e.g. "
                           '[columns] "问题描述" = "title"')
    by_header = {norm_header(h): f for f, hs in fields.items() for h in (f, *hs)}
    out = {}
    for header, target in columns.items():
        key = by_header.get(norm_header(target)) if isinstance(target, str) else None
        if key is None:
            raise InvalidInput(f"--mapping {path}: {header!r} = {target!r} names no field; the fields "
                               f"are {', '.join(fields)}")
        out[norm_header(header)] = key
    return out


def open_sheet(path: str, *, fields: dict[str, tuple[str, ...]], required: tuple[str, ...],
               sheet: str | None = None, mapping: dict[str, str] | None = None) -> Sheet:
    """The sheet of ``path`` (the named one, else the first whose header is found) with its
    header row and columns; InvalidInput when no row looks like a header."""
    synonyms = {norm_header(h): f for f, hs in fields.items() for h in hs}
    synonyms.update(mapping or {})
    tried = []
    for name, rows in _sheets(path, sheet):
        head: list[tuple[int, list[Any]]] = []
        for number, cells in rows:
            head.append((number, cells))
            if len(head) >= HEADER_SCAN:
                break
        best = max(head, key=lambda r: _matches(r[1], synonyms), default=None)
        if best is None or _matches(best[1], synonyms) < 2 or not _has(best[1], synonyms, required):
            tried.append(name)
            continue
        number, cells = best
        columns, unknown, scales = {}, [], {}
        for i, cell in enumerate(cells):
            key = synonyms.get(norm_header(cell))
            if key is None:
                if str(cell or "").strip():
                    unknown.append(str(cell).strip())
                continue
            if key not in columns:
                columns[key] = i
                if "万元" in str(cell):
                    scales[key] = 10_000.0
        after = [(n, c) for n, c in head if n > number]
        return Sheet(path, name, number, [str(c or "").strip() for c in cells], columns, unknown,
                     _chain(after, rows), scales)
    wanted = ", ".join(required)
    raise InvalidInput(f"{path}: no header row found in sheet {', '.join(tried) or '(none)'} (looked at "
                       f"the first {HEADER_SCAN} rows for the columns {wanted}): name the columns as the "
                       "ledger does, or give --mapping FILE.toml")


def _chain(first: list, rest: Iterator) -> Iterator:
    yield from first
    yield from rest


def _matches(cells: list[Any], synonyms: dict[str, str]) -> int:
    return len({synonyms[h] for h in map(norm_header, cells) if h in synonyms})


def _has(cells: list[Any], synonyms: dict[str, str], required: tuple[str, ...]) -> bool:
    found = {synonyms.get(norm_header(c)) for c in cells}
    return all(r in found for r in required)


def _sheets(path: str, wanted: str | None) -> Iterator[tuple[str, Iterator[tuple[int, list[Any]]]]]:
    suffix = Path(path).suffix.lower()
    if not Path(path).is_file():
        raise InvalidInput(f"{path}: no such file")
    if suffix == ".csv":
        if wanted is not None:
            raise InvalidInput("--sheet is for workbooks: a .csv file has one sheet")
        yield Path(path).stem, _csv_rows(path)
    elif suffix in (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"):  # calamine reads them all
        yield from _xlsx_sheets(path, wanted)
    else:
        raise InvalidInput(f"{path}: give an .xlsx workbook or a .csv file")


def _csv_rows(path: str) -> Iterator[tuple[int, list[Any]]]:
    raw = Path(path).read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            content = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InvalidInput(f"{path}: neither UTF-8 nor GB18030 text: save it as CSV UTF-8")
    for number, cells in enumerate(csv.reader(io.StringIO(content, newline="")), start=1):
        yield number, cells


def _xlsx_sheets(path: str, wanted: str | None) -> Iterator[tuple[str, Iterator]]:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(path)
    except (CalamineError, OSError, ValueError) as exc:
        raise InvalidInput(f"{path}: not a workbook that can be read ({type(exc).__name__}: {exc})") from None
    names = book.sheet_names
    if wanted is not None and wanted not in names:
        raise InvalidInput(f"{path} has no sheet {wanted!r}: its sheets are {', '.join(names)}")
    for name in [wanted] if wanted else names:
        yield name, _xlsx_rows(book.get_sheet_by_name(name))


def _xlsx_rows(sheet: Any) -> Iterator[tuple[int, list[Any]]]:
    """Rows numbered as Excel shows them; a merged range's value fills every cell it covers."""
    fills: dict[int, list[tuple[int, int, int]]] = {}
    for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ():
        for r in range(r0, r1 + 1):
            fills.setdefault(r, []).append((r0, c0, c1))
    kept: dict[tuple[int, int], Any] = {}
    first_row = sheet.start[0] if sheet.start else 0
    for index, cells in enumerate(sheet.iter_rows()):
        r = first_row + index
        cells = list(cells)
        for r0, c0, c1 in fills.get(r, ()):
            if r == r0:
                kept[(r0, c0)] = cells[c0] if c0 < len(cells) else ""
            value = kept.get((r0, c0), "")
            while len(cells) <= c1:
                cells.append("")
            for c in range(c0, c1 + 1):
                cells[c] = value
        yield r + 1, cells


# --- cells ----------------------------------------------------------------------------------------

_DAY = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
                  r"(?:[\sT]*(\d{1,2})[:：时](\d{1,2})分?(?:[:：]?(\d{1,2})秒?)?)?\s*$")


def text_of(value: Any) -> str | None:
    """A cell as text (None when empty); a whole number written by Excel as 12.0 reads 12."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    out = str(value).strip()
    return out or None


def instant_of(value: Any) -> datetime | None:
    """A cell as an aware instant (None when empty): datetime and date cells, Excel serial
    numbers, and the written forms 2026-3-5, 2026/03/05, 2026.3.5, 2026年3月5日, each with an
    optional time (10:30, 10时30分); a day without a time is its local midnight. ValueError
    names what could not be read."""
    zone = config.timezone()
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=zone) if value.tzinfo is None else value
    if isinstance(value, date):
        return datetime.combine(value, time(), zone)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _serial(float(value), value)
    text = str(value).strip()
    if not text:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return _serial(float(text), text)
    m = _DAY.match(text)
    if not m:
        raise ValueError(f"{text!r} is not a date (write 2026-03-05, 2026/3/5, 2026.3.5 or 2026年3月5日)")
    y, mo, d, hh, mm, ss = (int(g) if g else 0 for g in m.groups())
    try:
        return datetime(y, mo, d, hh, mm, ss, tzinfo=zone)
    except ValueError:
        raise ValueError(f"{text!r} is not a date of the calendar") from None


def _serial(number: float, shown: Any) -> datetime:
    if not SERIALS[0] <= number <= SERIALS[1]:
        raise ValueError(f"{shown!r} is not a date (an Excel day number lies between "
                         f"{SERIALS[0]} and {SERIALS[1]})")
    moment = datetime.combine(EXCEL_EPOCH, time(), config.timezone()) + timedelta(days=number)
    return moment.replace(microsecond=0)


def day_of(value: Any) -> date | None:
    """A cell as a calendar date (see ``instant_of``)."""
    moment = instant_of(value)
    return None if moment is None else moment.date()


def number_of(value: Any) -> float | None:
    """A cell as a number: 1,200 and 1200元 read 1200. ValueError when it is no number."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    text = re.sub(r"[,，\s]|元$", "", str(value))
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"{value!r} is not an amount") from None


def write_rows(path: str, headers: list[str], rows: list[list[Any]]) -> None:
    """A sheet of ``rows`` under ``headers``: an .xlsx workbook, else CSV in UTF-8 with a BOM (so
    Excel reads its Chinese), written whole or not at all (hazards/outputs)."""
    from dualprev.hazards import outputs

    if Path(path).suffix.lower() == ".xlsx":
        import xlsxwriter

        with outputs.replaced(path) as partial:
            if partial is None:
                raise InvalidInput(f"--errors {path} is not a regular file: xlsx needs a file name")
            book = xlsxwriter.Workbook(partial, {"tmpdir": str(Path(partial).parent),
                                                 "remove_timezone": True})
            sheet = book.add_worksheet("rejected")
            sheet.write_row(0, 0, headers, book.add_format({"bold": True}))
            day = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
            for n, cells in enumerate(rows, start=1):
                for c, value in enumerate(cells):
                    if isinstance(value, (date, datetime)):
                        sheet.write_datetime(n, c, value if isinstance(value, datetime) else
                                             datetime.combine(value, time()), day)
                    else:
                        sheet.write(n, c, value)
            book.close()
        return
    with outputs.replaced(path) as partial:
        with open(partial or path, "w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(headers)
            writer.writerows([[v.isoformat() if isinstance(v, (date, datetime)) else v for v in cells]
                              for cells in rows])
