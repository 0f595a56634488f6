"""What the safe outputs cost: escaping invisible characters in every cell, and writing through a
temporary file renamed at the end, against writing the same rows straight with csv.writer.

    python benchmarks/bench_outputs.py --rows 200000

Rows are plain dicts of seven text columns (Chinese titles, codes, logins), as `hazard list`
yields them; one row in 1,000 carries an escape sequence. Figures, best of 3, in one process:

1. baseline: ``csv.writer`` writing the raw cells to a file;
2. ``render.emit(..., "csv", path=FILE)``: labels, escaping, the temporary file and the rename;
3. escaping alone: ``limits.printable`` over every cell.
"""

from __future__ import annotations

import argparse
import csv
import os
import tempfile
import time

from dualprev.hazards import limits, render

COLUMNS = ["code", "title", "state", "level", "org", "owner", "deadline"]


def rows(n: int) -> list[dict]:
    return [{"code": f"YH-2026-{i:06d}", "title": "二号泵房防护栏缺失" + ("\x1b[31m" if i % 1000 == 0 else ""),
             "state": "rectifying", "level": "general", "org": "生产一车间", "owner": "chen",
             "deadline": "2026-12-10"} for i in range(n)]


def best(fn, times: int = 3) -> float:
    out = []
    for _ in range(times):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return min(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    n = parser.parse_args().rows
    data = rows(n)
    folder = tempfile.mkdtemp(prefix="bench-outputs-")
    target = os.path.join(folder, "out.csv")

    def raw():
        with open(target, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(COLUMNS)
            for r in data:
                w.writerow([r[c] for c in COLUMNS])

    def ours():
        render.emit(iter(data), COLUMNS, "csv", "zh", path=target)

    def escaping():
        for r in data:
            for c in COLUMNS:
                limits.printable(r[c])

    base, mine, esc = best(raw), best(ours), best(escaping)
    print(f"rows {n:,}")
    print(f"baseline csv.writer to a file      {base:7.3f} s  {base / n * 1e6:6.2f} µs/row")
    print(f"render.emit csv -o (temp + rename) {mine:7.3f} s  {mine / n * 1e6:6.2f} µs/row  "
          f"({mine / base:.2f}x)")
    print(f"limits.printable on every cell     {esc:7.3f} s  {esc / n * 1e6:6.2f} µs/row")
    leftovers = [f for f in os.listdir(folder) if f != "out.csv"]
    print(f"files left beside the output: {leftovers}")


if __name__ == "__main__":
    main()
