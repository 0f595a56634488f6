"""Benchmark of `import hazards` against its baseline: parse the same file and insert the rows
through the bulk path, in the same process, on SQLite and (with --pg URL) PostgreSQL.

    python benchmarks/bench_import.py --rows 100000
    python benchmarks/bench_import.py --rows 100000 --pg postgresql+psycopg://postgres@127.0.0.1:5432/test

It writes one .xlsx 隐患台账 of N rows the way real ones look (a title row, synonym headers, dates
as datetime cells and as text, every state: 已销号 with its verifier, 整改中 with owner and
deadline, 未整改, 已作废), then for each database makes two fresh registers with the demo org tree:

1. import: ``imports.import_hazards`` (read with python-calamine, every row checked, one
   transaction, history as hash-linked events, idempotency keys);
2. baseline: the same file read with python-calamine's ``iter_rows`` and its rows written without
   any checking through the bulk path the register's seed uses (``Tx.run`` executemany of the
   hazard INSERT and of the same events, each hashed with ``audit.digest``), in one transaction.

Both sides write the same number of hazards and events. The table says PASS when the import
takes at most 3x the baseline; the exit status is 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

os.environ.setdefault("DUALPREV_NOW", "2026-11-24T10:00:00+08:00")

from dualprev.hazards import audit, config, seed  # noqa: E402
from dualprev.hazards.db import Database  # noqa: E402
from dualprev.hazards.identity import os_account  # noqa: E402
from dualprev.hazards.services import imports, org  # noqa: E402
from dualprev.hazards.steps import next_codes  # noqa: E402

TARGET = 3.0
HEADERS = ["序号", "存在问题", "检查部位", "隐患级别", "隐患类型", "排查日期", "检查人", "责任部门",
           "整改责任人", "整改措施", "整改时限", "整改费用", "是否整改", "验收人", "验收时间"]
UNITS = ["生产一车间", "生产二车间", "设备部", "甲班", "乙班"]
OWNERS = {"生产一车间": "chen", "生产二车间": "wu", "设备部": "sun", "甲班": "liu", "乙班": "wu"}


def workbook(path: Path, n: int) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = book.add_worksheet("隐患台账")
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    moment = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    ws.write_row(0, 0, ["示范化工有限公司 隐患排查治理台账"])
    ws.write_row(1, 0, HEADERS)
    start = datetime(2024, 1, 1, 8, 0)
    for i in range(n):
        r = i + 2
        found = start + timedelta(minutes=7 * i)
        unit = UNITS[i % len(UNITS)]
        kind = i % 10
        state = ("已销号" if kind < 6 else "整改中" if kind < 8 else "未整改" if kind < 9 else "已作废")
        owner = OWNERS[unit] if state in ("已销号", "整改中") else ""
        deadline = found.date() + timedelta(days=30) if owner else None
        ws.write_row(r, 0, [i + 1, f"隐患{i}: 护栏缺失", f"区域{i % 97}", "一般", "物"])
        if i % 2:
            ws.write_datetime(r, 5, found, moment)
        else:
            ws.write_string(r, 5, f"{found.year}/{found.month}/{found.day} {found:%H:%M}")
        ws.write_row(r, 6, ["wang", unit, owner, "按标准整改" if owner else ""])
        if deadline:
            ws.write_datetime(r, 10, datetime.combine(deadline, datetime.min.time()), day)
        ws.write_row(r, 11, [100 if owner else "", state, "li" if state == "已销号" else ""])
        if state == "已销号":
            ws.write_string(r, 14, f"{deadline:%Y年%m月%d日}")
    book.close()


def fresh(url: str) -> Database:
    db = Database(url)
    org.init(db, login="admin")
    seed.demo_tree(db, admin="admin")
    return db


def pg_urls(base: str) -> tuple[list[str], callable]:
    from sqlalchemy import create_engine, text

    schemas = [f"bench_{uuid.uuid4().hex[:10]}" for _ in range(2)]
    admin = create_engine(base)
    with admin.begin() as conn:
        for s in schemas:
            conn.execute(text(f"CREATE SCHEMA {s}"))

    def drop() -> None:
        with admin.begin() as conn:
            for s in schemas:
                conn.execute(text(f"DROP SCHEMA {s} CASCADE"))
        admin.dispose()

    sep = "&" if "?" in base else "?"
    return [f"{base}{sep}options={quote(f'-csearch_path={s}')}" for s in schemas], drop


MOVES = {"已销号": [("imported", None, "reported"), ("assign", "reported", "rectifying"),
                   ("submit", "rectifying", "verifying"), ("pass", "verifying", "closed")],
         "整改中": [("imported", None, "reported"), ("assign", "reported", "rectifying")],
         "未整改": [("imported", None, "reported")],
         "已作废": [("imported", None, "reported"), ("void", "reported", "voided")]}
STATE = {"已销号": "closed", "整改中": "rectifying", "未整改": "reported", "已作废": "voided"}


def baseline(db: Database, path: Path) -> int:
    """Parse with calamine, write through the bulk path: no checks, the same rows and events."""
    from python_calamine import CalamineWorkbook

    rows = list(CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).iter_rows())[2:]
    zone = config.timezone()
    now = config.now()
    account = os_account()
    with db.write() as tx:
        units = dict(tx.run("SELECT name, id FROM org_unit").all())
        ent = tx.scalar("SELECT enterprise_id FROM org_unit WHERE name = '生产一车间'")
        codes = next_codes(tx, ent, 2024, len(rows))
        first = (tx.scalar("SELECT max(id) FROM hazard") or 0) + 1
        head = tx.one(audit.HEAD_SQL, {"e": ent})
        seq, prev = head["seq"], head["hash"]
        hazards, events = [], []
        for n, cells in enumerate(rows):
            hid, code = first + n, codes[n]
            found = cells[5] if isinstance(cells[5], datetime) else datetime.strptime(cells[5], "%Y/%m/%d %H:%M")
            found = found.replace(tzinfo=zone)
            deadline = cells[10] if isinstance(cells[10], (date, datetime)) and cells[10] else None
            deadline = deadline.date() if isinstance(deadline, datetime) else deadline
            state = cells[12]
            hazards.append({"id": hid, "uuid": str(uuid.uuid4()), "enterprise_id": ent, "code": code,
                            "title": cells[1], "description": None, "org_id": units[cells[7]], "place": cells[2],
                            "category": "thing", "level": "general", "source": "report", "found_at": tx.ts(found),
                            "finder": cells[6], "owner": cells[8] or None, "measures": cells[9] or None,
                            "deadline": tx.day(deadline), "original_deadline": tx.day(deadline),
                            "cost": float(cells[11]) if cells[11] != "" else None, "contingency": None,
                            "actual_cost": None, "state": STATE[state], "version": len(MOVES[state]),
                            "updated_at": tx.ts(now), "closed_at": None})
            for event, src, dst in MOVES[state]:
                seq += 1
                data = audit.canonical({"row": n + 3})
                digest = audit.digest(ent, seq, prev, "hazard", hid, code, event, src, dst, "wang",
                                      found.astimezone(UTC), None, data, account)
                events.append({"e": ent, "seq": seq, "prev": prev, "hash": digest, "subject": "hazard",
                               "subject_id": hid, "ref": code, "event": event, "from_state": src,
                               "to_state": dst, "actor": "wang", "at": tx.ts(found), "comment": None,
                               "data": data, "os_user": account})
                prev = digest
        tx.run(seed.BULK_INSERT_HAZARD, hazards)
        tx.run(audit.INSERT_SQL, events)
        tx.run(audit.MOVE_HEAD_SQL, {"seq": seq, "hash": prev, "e": ent, "old": head["seq"]})
        if not db.is_sqlite:
            tx.run("SELECT setval(pg_get_serial_sequence('hazard', 'id'), (SELECT max(id) FROM hazard))")
    return len(hazards)


def run(name: str, urls: list[str], path: Path, n: int) -> tuple[str, float, float]:
    mine, base = fresh(urls[0]), fresh(urls[1])
    t0 = time.perf_counter()
    result = imports.import_hazards(mine, actor="wang", path=str(path))
    t_import = time.perf_counter() - t0
    assert result["imported"] == n and not result["rejected"], result["rejected"][:3]
    t0 = time.perf_counter()
    written = baseline(base, path)
    t_base = time.perf_counter() - t0
    assert written == n
    for db in (mine, base):
        with db.read() as tx:
            assert tx.scalar("SELECT count(*) FROM hazard") == n
        db.dispose()
    return name, t_import, t_base


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--pg", metavar="URL", help="also on this PostgreSQL (schemas made and dropped)")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("DUALPREV_FILES", str(Path(tmp) / "files"))
        path = Path(tmp) / "台账.xlsx"
        t0 = time.perf_counter()
        workbook(path, args.rows)
        print(f"workbook of {args.rows:,} rows written in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        results.append(run("SQLite", [f"sqlite:///{tmp}/a.db", f"sqlite:///{tmp}/b.db"], path, args.rows))
        if args.pg:
            urls, drop = pg_urls(args.pg)
            try:
                results.append(run("PostgreSQL", urls, path, args.rows))
            finally:
                drop()
    print(f"{'database':<11} {'rows':>9} {'import':>9} {'baseline':>9} {'ratio':>6}  target <= {TARGET}x")
    missed = False
    for name, t_import, t_base in results:
        ratio = t_import / t_base
        missed |= ratio > TARGET
        print(f"{name:<11} {args.rows:>9,} {t_import:>8.2f}s {t_base:>8.2f}s {ratio:>5.2f}x  "
              f"{'PASS' if ratio <= TARGET else 'MISS'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
