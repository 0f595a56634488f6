"""What an HTML report costs: the 隐患台账 as one page (`report ledger --format html -o FILE`) at
two register sizes, in constant memory, beside raw sqlite3 rows written as HTML by hand; and the
two charting libraries the issue names, imported and drawing in fresh interpreters.

    python benchmarks/bench_html.py                       # 100,000 and 1,000,000 hazards
    python benchmarks/bench_html.py --sizes 2000 20000 --keep /tmp/bench-html

For each size a register is built (schema, the demo org tree, N synthetic hazards through
``init --hazards``; kept in ``--keep DIR`` and reused). Then a fresh interpreter per size:

1. ours: ``queries.hazard.summary`` (the charts' aggregate queries), ``iter_ledger`` and
   ``reports.ledger(..., "html", path=FILE)`` as `report ledger --format html -o` runs them: the
   peak RSS of that interpreter (``ru_maxrss``) is read right after, before anything else runs;
2. baseline, in the same interpreter: sqlite3 running the ledger's own SQL, each cell put through
   ``html.escape`` into ``<tr><td>`` rows of a file by hand (no labels, no charts, no template).

Targets: peak RSS at the larger size within 1.2x of the smaller one (the page streams). Charts:
``import pygal`` against matplotlib's Figure with its SVG backend, and ten 12-bar charts each, in
fresh interpreters (median of 3); matplotlib is skipped when it is not installed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NOW = "2026-11-24T10:00:00+08:00"


def dualprev(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "dualprev", *args], stdout=subprocess.DEVNULL, check=True)


def build(path: Path, n: int) -> None:
    if path.exists():
        return
    from dualprev.hazards import seed
    from dualprev.hazards.db import open_db

    url = f"sqlite:///{path}"
    dualprev("--db", url, "--as", "admin", "init")
    db = open_db(url)
    seed.demo_tree(db, admin="admin")
    db.dispose()
    dualprev("--db", url, "--as", "admin", "init", "--hazards", str(n))


def child(path: Path, out: Path) -> dict:
    """One size, in this fresh interpreter: ours first (its peak RSS), then the baseline."""
    import html
    import sqlite3

    from dualprev.hazards import reports
    from dualprev.hazards.db import open_db
    from dualprev.hazards.queries import hazard as hazard_queries

    db = open_db(f"sqlite:///{path}")
    start = time.perf_counter()
    summary = hazard_queries.summary(db, actor="admin")
    counted = time.perf_counter() - start
    rows = reports.ledger(hazard_queries.iter_ledger(db, actor="admin"), "html", "zh", sys.stdout,
                          path=str(out), summary=summary)
    ours = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size = out.stat().st_size

    columns = hazard_queries.LEDGER_COLUMNS
    start = time.perf_counter()
    con = sqlite3.connect(path)
    cursor = con.execute(hazard_queries._LEDGER_SQL.format(where="1 = 1").replace(
        "h.org_id,", "h.org_id, (SELECT name FROM org_unit o WHERE o.id = h.org_id) AS org,", 1))
    names = [d[0] for d in cursor.description]
    picks = [names.index(c) if c in names else None for c in columns]
    count = 0
    with open(out.with_suffix(".raw.html"), "w", encoding="utf-8") as fh:
        fh.write("<!DOCTYPE html><table><tr>" + "".join(f"<th>{c}</th>" for c in columns) + "</tr>\n")
        while batch := cursor.fetchmany(2000):
            for row in batch:
                fh.write("<tr>" + "".join("<td></td>" if i is None or row[i] is None else
                                          f"<td>{html.escape(str(row[i]))}</td>" for i in picks)
                         + "</tr>\n")
                count += 1
        fh.write("</table>\n")
    base = time.perf_counter() - start
    con.close()
    return {"rows": rows, "raw_rows": count, "ours": ours, "summary": counted, "base": base,
            "peak_mb": peak, "mb": size / 1e6}


CHART_CODE = {
    "pygal": ("import pygal",
              "c = pygal.Bar(width=520, height=280, js=[]); c.x_labels = [str(m) for m in range(12)]\n"
              "c.add('a', list(range(12))); c.add('b', list(range(12))); c.render(is_unicode=True)"),
    "matplotlib (svg)": ("import io\nfrom matplotlib.figure import Figure\n"
                         "from matplotlib.backends import backend_svg",
                         "f = Figure(figsize=(5.2, 2.8)); ax = f.add_subplot()\n"
                         "ax.bar(range(12), range(12)); ax.bar(range(12), range(12))\n"
                         "f.savefig(io.StringIO(), format='svg')"),
}


def chart_library(name: str) -> tuple[float, float] | None:
    load, draw = CHART_CODE[name]
    probe = (f"import time\nt0 = time.perf_counter()\n{load}\nt1 = time.perf_counter()\n"
             f"for _ in range(10):\n" + "".join(f"    {line}\n" for line in draw.splitlines())
             + "print(t1 - t0, (time.perf_counter() - t1) / 10)\n")
    runs = []
    for _ in range(3):
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
        if done.returncode:
            return None
        runs.append(tuple(float(v) for v in done.stdout.split()))
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs=2, default=[100_000, 1_000_000])
    parser.add_argument("--keep", type=Path, help="build the registers here and leave them")
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("DUALPREV_NOW", NOW)
    if args.child:
        print(json.dumps(child(*args.child)))
        return 0
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-html-"))
    work.mkdir(parents=True, exist_ok=True)
    results = {}
    for n in args.sizes:
        path = work / f"register-{n}.db"
        build(path, n)
        done = subprocess.run([sys.executable, __file__, "--child", str(path), str(work / f"ledger-{n}.html")],
                              capture_output=True, text=True, check=True)
        results[n] = json.loads(done.stdout)
    print("隐患台账 as HTML (report ledger --format html -o FILE), SQLite")
    print(f"{'hazards':>10} {'ours s':>8} {'of which charts':>16} {'raw s':>8} {'ratio':>6} "
          f"{'peak RSS MB':>12} {'page MB':>8}")
    for n, r in results.items():
        assert r["rows"] == r["raw_rows"] == n, r
        print(f"{n:>10,} {r['ours']:8.2f} {r['summary']:16.2f} {r['base']:8.2f} {r['ours'] / r['base']:5.2f}x "
              f"{r['peak_mb']:12.1f} {r['mb']:8.1f}")
    small, large = (results[n]["peak_mb"] for n in args.sizes)
    verdict = "PASS" if large <= 1.2 * small else "MISS"
    print(f"peak RSS {args.sizes[1]:,} / {args.sizes[0]:,}: {large / small:.2f}x (target <= 1.2x) {verdict}")
    print("\ncharting libraries, fresh interpreter, median of 3")
    for name in CHART_CODE:
        figures = chart_library(name)
        print(f"{name:<18} " + ("not installed" if figures is None else
                                f"import {figures[0]:.2f} s, one 12-bar chart {figures[1] * 1000:.0f} ms"))
    if not args.keep:
        shutil.rmtree(work)
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
