"""Seed data: a demo enterprise built through the use-cases, and a fast bulk path for benchmarks.

The bulk path writes synthetic hazards and their hash-linked events with executemany in one
transaction; ``synthetic_batches`` is shared with the benchmark's raw-sqlite3 baseline so both
load exactly the same rows.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any

from dualprev.hazards import audit, config
from dualprev.hazards.db import Database
from dualprev.hazards.errors import Conflict, InvalidInput
from dualprev.hazards.identity import os_account
from dualprev.hazards.services import governance
from dualprev.hazards.services import hazard as hazard_service
from dualprev.hazards.services import org as org_service
from dualprev.hazards.services import risk as risk_service
from dualprev.hazards.steps import INSERT_HAZARD_SQL, next_codes

DEMO_ENTERPRISE = "示范化工有限公司"
DEMO_UNITS = [  # name, parent, kind
    ("生产一车间", DEMO_ENTERPRISE, "workshop"), ("甲班", "生产一车间", "team"),
    ("生产二车间", DEMO_ENTERPRISE, "workshop"), ("乙班", "生产二车间", "team"),
    ("设备部", DEMO_ENTERPRISE, "workshop"),
]
DEMO_PEOPLE = [  # login, name, org, roles
    ("wang", "王安全", DEMO_ENTERPRISE, ["officer"]),
    ("li", "李复核", DEMO_ENTERPRISE, ["inspector"]),
    ("zhao", "赵主管", DEMO_ENTERPRISE, ["supervisor"]),
    ("chen", "陈整改", "生产一车间", ["owner"]),
    ("liu", "刘班长", "甲班", ["owner", "officer"]),
    ("sun", "孙设备", "设备部", ["owner"]),
    ("zhou", "周检查", "生产二车间", ["inspector"]),
    ("wu", "吴整改", "乙班", ["owner"]),
    ("gao", "高厂长", DEMO_ENTERPRISE, ["principal"]),
]


def _enterprise_id(db: Database, name: str) -> int | None:
    with db.read() as tx:
        return tx.scalar("SELECT id FROM org_unit WHERE parent_id IS NULL AND name = :n", {"n": name})


def demo_tree(db: Database, *, admin: str) -> None:
    org_service.add_org(db, actor=admin, name=DEMO_ENTERPRISE)
    for name, parent, kind in DEMO_UNITS:
        org_service.add_org(db, actor=admin, name=name, parent=parent, kind=kind)
    for login, name, org, roles in DEMO_PEOPLE:
        org_service.add_person(db, actor=admin, login=login, name=name, org=org, roles=roles)


DEMO_RISKS = [  # name, org, kind, method, factors, hazard sources, measures (type, text, classify2)
    ("液氨储罐区", "生产一车间", "area", "lec", "3,6,40", ["液氨泄漏中毒", "火灾爆炸"],
     [("engineering", "泄漏报警器完好并与DCS联锁", "1-4"),
      ("management", "每班巡检储罐液位、压力、温度", "3-1"),
      ("emergency", "现场配备正压式空气呼吸器和堵漏工具", "4-2")]),
    ("3号反应釜", "甲班", "equipment", "ls", "3,4", ["超压爆炸"],
     [("management", "压力表、安全阀按期检定", "2-2")]),
    ("成品库叉车作业", "生产一车间", "operation", "lec", "3,6,7", ["车辆伤害"],
     [("training", "叉车司机持证上岗,班前安全交底", "3-3")]),
    ("设备部仓库", "设备部", "area", "ls", "2,3", ["火灾"],
     [("management", "消防通道每日检查,保持畅通", "3-1")]),
]


def demo_risks(db: Database) -> dict[str, tuple[str, int]]:
    """The demo's risk register; returns each point's code and its first measure's id."""
    made = {}
    for name, org, kind, method, factors, sources, measures in DEMO_RISKS:
        r = risk_service.add(db, actor="wang", name=name, org=org, kind=kind, sources=sources,
                              place=name, responsible="wang", **{method: factors})
        ids = [risk_service.add_measure(db, actor="wang", code=r["code"], type=t, text=text,
                                         classify2=c2, source=sources[0])["id"]
               for t, text, c2 in measures]
        made[name] = (r["code"], ids[0])
    return made


def demo(db: Database, *, admin: str) -> dict[str, Any]:
    """The demo enterprise: org tree, a person for every role, hazards in every state."""
    if _enterprise_id(db, DEMO_ENTERPRISE) is not None:
        return {"created": False, "message": f"demo enterprise {DEMO_ENTERPRISE} already exists"}
    demo_tree(db, admin=admin)
    now = config.now()
    today = config.today()

    def found(days: int) -> datetime:
        return now - timedelta(days=days)

    def day(offset: int) -> date:
        return today + timedelta(days=offset)

    risks = demo_risks(db)

    def report(title: str, org: str, days_ago: int, level: str = "general", **kw) -> str:
        return hazard_service.report(db, actor="wang", title=title, org=org, level=level,
                               found_at=found(days_ago), **kw)["code"]

    report("二号泵房防护栏缺失", "生产一车间", 1, place="二号泵房", category="物的不安全状态")
    c = report("配电室门口堆放杂物", "生产二车间", 3, place="配电室")
    hazard_service.fix_on_spot(db, actor="wang", code=c, measures="当场清理堆放物")
    hazard_service.verify(db, actor="li", code=c, passed=True, note="现场确认已清理")
    c = report("液氨储罐区泄漏报警器失效", "生产一车间", 5, level="major", place="液氨储罐区",
               category="物的不安全状态", desc="两台报警器无响应,储罐区无有效监测",
               risk=risks["液氨储罐区"][0], measure=risks["液氨储罐区"][1], basis="WH2017-12")
    governance.plan(db, actor="wang", code=c, goal="恢复液氨储罐区泄漏检测报警及联锁", method="更换报警器并接入DCS",
                    funds=48000, resources="可燃有毒气体报警器2台、信号电缆", team="生产一车间 陈整改,设备部配合",
                    owner="chen", deadline=day(25), requirements="报警值按GB/T 50493设定,联锁测试合格",
                    safety="储罐区停止装卸作业,人工每2小时巡检", contingency="液氨泄漏专项应急预案,备用便携式检测仪")
    governance.approve_plan(db, actor="gao", code=c, note="同意,经费从安全生产费用列支")
    hazard_service.assign(db, actor="wang", code=c)
    c = report("反应釜压力表超期未检", "甲班", 30, place="3号反应釜")
    hazard_service.assign(db, actor="wang", code=c, owner="liu", deadline=day(-10), measures="送检并更换备用表")
    c = report("消防通道被占用", "设备部", 20, place="设备部仓库")
    hazard_service.assign(db, actor="wang", code=c, owner="sun", deadline=day(-12), measures="清理通道,划线")
    hazard_service.extend(db, actor="zhao", code=c, deadline=day(-3), reason="仓库搬迁,待新库房启用")
    c = report("叉车倒车报警失灵", "生产一车间", 8, place="成品库")
    hazard_service.assign(db, actor="wang", code=c, owner="chen", deadline=day(7), measures="维修倒车报警")
    hazard_service.submit(db, actor="chen", code=c, note="已更换蜂鸣器", cost=320)
    c = report("高处作业未系安全带", "甲班", 12, category="人的不安全行为")
    hazard_service.assign(db, actor="wang", code=c, owner="liu", deadline=day(3), measures="班前教育,配发双钩安全带")
    hazard_service.submit(db, actor="liu", code=c, note="已完成教育")
    hazard_service.verify(db, actor="li", code=c, passed=False, note="未见培训签到记录")
    c = report("脚手架连墙件缺失", "乙班", 40, place="二车间东侧")
    hazard_service.assign(db, actor="wang", code=c, owner="wu", deadline=day(-20), measures="补设连墙件")
    hazard_service.submit(db, actor="wu", code=c, note="已补设6处")
    hazard_service.verify(db, actor="zhou", code=c, passed=True)
    c = report("二号泵房防护栏缺失(重复)", "生产一车间", 1)
    hazard_service.void(db, actor="wang", code=c, reason="与已上报隐患重复")
    logins = ", ".join(f"{login} ({'/'.join(roles)})" for login, _n, _o, roles in DEMO_PEOPLE)
    return {"created": True, "enterprise": DEMO_ENTERPRISE, "people": [p[0] for p in DEMO_PEOPLE],
            "message": f"demo enterprise {DEMO_ENTERPRISE}: {logins}\n"
                       f"try: dualprev --as wang report overdue, dualprev --as wang risk list"}


# --- bulk ---------------------------------------------------------------------------------------

def synthetic_batches(n: int, *, first_id: int, enterprise_id: int, org_ids: list[int],
                      finder: str, owners: list[str], codes: Iterator[str], now: datetime,
                      today: date, head: tuple[int, str], ts: Callable, day: Callable,
                      batch: int = 20_000) -> Iterator[tuple[list[dict], list[dict], tuple[int, str]]]:
    """Hazards with a realistic spread (all states, ~10% open past their deadline) and their
    hash-linked events, in batches; the last item of each batch is the new chain head."""
    rnd = random.Random(20261124 + first_id)  # a second load draws other uuids
    account = os_account()
    seq, prev = head
    hid = first_id
    for start in range(0, n, batch):
        hazards: list[dict] = []
        events: list[dict] = []
        for _ in range(start, min(n, start + batch)):
            r = rnd.random()
            state = ("closed" if r < 0.55 else "voided" if r < 0.58 else "reported" if r < 0.68
                     else "rectifying" if r < 0.88 else "verifying")
            found = now - timedelta(days=rnd.randint(2, 720), minutes=rnd.randint(0, 1439))
            found_day = found.date()
            owner = deadline = measures = closed = None
            trail = ["report"]
            if state == "voided":
                trail.append("void")
            elif state != "reported":
                owner = owners[hid % len(owners)]
                measures = "按标准整改"
                if state == "closed":
                    deadline = found_day + timedelta(days=rnd.randint(3, 60))
                    closed = found + timedelta(days=rnd.randint(1, 60))
                    trail += ["assign", "submit", "pass"]
                else:
                    late = rnd.random() < 0.31  # 31% of the 32% open-and-assigned ≈ 10% overdue
                    deadline = (today - timedelta(days=rnd.randint(1, 90)) if late
                                else today + timedelta(days=rnd.randint(0, 60)))
                    deadline = max(deadline, found_day)
                    trail += ["assign"] + (["submit"] if state == "verifying" else [])
            uid = str(uuid.UUID(int=rnd.getrandbits(128), version=4))
            level = "major" if rnd.random() < 0.03 else "general"
            org_id = org_ids[hid % len(org_ids)]
            hazards.append({
                "id": hid, "uuid": uid,
                "enterprise_id": enterprise_id, "code": next(codes),
                "title": f"合成隐患 {hid}", "description": None,
                "org_id": org_id, "place": None, "category": None,
                "level": level, "source": "report",
                "found_at": ts(found), "finder": finder, "owner": owner, "measures": measures,
                "deadline": day(deadline), "original_deadline": day(deadline), "cost": None,
                "contingency": None, "actual_cost": None, "state": state, "version": len(trail),
                "updated_at": ts(now), "closed_at": ts(closed),
            })
            moves = {"report": (None, "reported"), "void": ("reported", "voided"),
                     "assign": ("reported", "rectifying"), "submit": ("rectifying", "verifying"),
                     "pass": ("verifying", "closed")}
            # each event's data carries the fields it set, as the use-cases' events do (the replay)
            sets = {"report": {"level": level, "org_id": org_id},
                    "assign": {"owner": owner, "deadline": deadline and deadline.isoformat()}}
            for event in trail:
                seq += 1
                src, dst = moves[event]
                data = audit.canonical(sets.get(event, {}))
                digest = audit.digest(enterprise_id, seq, prev, "hazard", hid,
                                      hazards[-1]["code"], event, src, dst, "bulk", now, None, data,
                                      account)
                events.append({"e": enterprise_id, "seq": seq, "prev": prev, "hash": digest,
                               "subject": "hazard", "subject_id": hid, "ref": hazards[-1]["code"],
                               "event": event, "from_state": src, "to_state": dst,
                               "actor": "bulk", "at": ts(now), "comment": None, "data": data,
                               "os_user": account})
                prev = digest
            hid += 1
        yield hazards, events, (seq, prev)


BULK_INSERT_HAZARD = INSERT_HAZARD_SQL.replace("(uuid,", "(id, uuid,").replace("(:uuid,", "(:id, :uuid,")


BULK_MAX = 2_000_000  # `init --hazards` at most: twice the size the register is built for
BULK_BATCH = 20_000  # hazards per committed transaction


def bulk(db: Database, n: int) -> dict[str, Any]:
    """Add ``n`` synthetic hazards to the demo enterprise (made first if there is none), committing
    every BULK_BATCH hazards with their events, codes and the chain's head, so an interrupted load
    leaves whole batches and a consistent register."""
    if not 0 <= n <= BULK_MAX:
        raise InvalidInput(f"--hazards {n}: at most {BULK_MAX:,} synthetic hazards at a time")
    started = time.perf_counter()
    if _enterprise_id(db, DEMO_ENTERPRISE) is None:
        with db.read() as tx:
            admin = tx.scalar("SELECT login FROM person WHERE roles LIKE '%admin%' ORDER BY id LIMIT 1")
        demo_tree(db, admin=admin)
    ent = _enterprise_id(db, DEMO_ENTERPRISE)
    now, today = config.now(), config.today()
    with db.write() as tx:
        org_ids = [r[0] for r in tx.run("SELECT id FROM org_unit WHERE enterprise_id = :e",
                                        {"e": ent}).all()]
        owners = [r[0] for r in tx.run(
            "SELECT login FROM person WHERE enterprise_id = :e AND roles LIKE '%owner%'",
            {"e": ent}).all()] or ["bulk"]
        finder = tx.scalar("SELECT login FROM person WHERE enterprise_id = :e AND roles LIKE '%officer%'"
                           " ORDER BY id LIMIT 1", {"e": ent})
        tx.run("INSERT INTO person (login, name, roles, created_at) SELECT 'bulk', '批量导入', '', :at"
               " WHERE NOT EXISTS (SELECT 1 FROM person WHERE login = 'bulk')", {"at": tx.ts(now)})
        head = tx.one(audit.HEAD_SQL, {"e": ent})
        first_id = (tx.scalar("SELECT max(id) FROM hazard") or 0) + 1
        ts, day = tx.ts, tx.day
    current: list = []  # the open transaction of the batch being made: its codes are reserved in it

    def codes() -> Iterator[str]:
        for start in range(0, n, BULK_BATCH):
            yield from next_codes(current[0], ent, today.year, min(BULK_BATCH, n - start))

    batches = synthetic_batches(n, first_id=first_id, enterprise_id=ent, org_ids=org_ids,
                                finder=finder, owners=owners, codes=codes(), now=now, today=today,
                                head=(head["seq"], head["hash"]), ts=ts, day=day, batch=BULK_BATCH)
    old, events_written, done = head["seq"], 0, 0
    while done < n:
        with db.write() as tx:
            current[:] = [tx]
            hazards, events, final = next(batches)
            tx.run(BULK_INSERT_HAZARD, hazards)
            tx.run(audit.INSERT_SQL, events)
            moved = tx.run(audit.MOVE_HEAD_SQL, {"seq": final[0], "hash": final[1], "e": ent, "old": old})
            if moved.rowcount != 1:
                raise Conflict("another writer moved the audit chain during the bulk load: "
                               f"{done} hazards were added; run it again for the rest")
            if not db.is_sqlite:
                tx.run("SELECT setval(pg_get_serial_sequence('hazard', 'id'), (SELECT max(id) FROM hazard))")
        old, events_written, done = final[0], events_written + len(events), done + len(hazards)
        hazards = events = []  # let the batch go before the next is made: one batch in memory at a time
    return {"hazards": n, "events": events_written, "seconds": time.perf_counter() - started}
