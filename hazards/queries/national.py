"""The read side of the national export: the records of each data set of national-interface.md
for one enterprise, changed since an instant, with the national field names and codes.

Each builder yields ``(ref, record)``: ``ref`` names the register's row (``hazard YH-2026-000001``)
so that a record the schema refuses names its row. A 排查任务 is one (plan, checklist item derived
from a measure) pair, its id a UUID derived from both; free-standing items have no 管控措施 and are
not national data. Hazards still 发现 (not yet confirmed by an officer) are not sent.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime, time
from typing import Any

from dualprev.hazards import config
from dualprev.hazards.db import Tx, as_date, as_instant

TASK_NAMESPACE = uuid.UUID("6f1c2b9e-4d0a-5e8b-9c3f-2a7d1e0b4c55")  # fixed: the task ids stay stable
CYCLES = {"daily": (1, "天"), "weekly": (7, "天"), "monthly": (1, "月"), "quarterly": (3, "月"),
          "yearly": (1, "年")}  # no 周 in checkCycleUnit: a week is 7 天 (§5.2); cron, shift: none
CHECK_STATUS = {"ok": "0", "fail": "1", "na": "3"}
DANGER_STATE = {"rectifying": "0", "verifying": "1", "closed": "9", "voided": "0"}
DANGER_SRC = {"inspection": "1"}  # 日常排查; a report, a whistle-blower, a regulator: 10 其他
MANAGEMENT = {"person": "1", "thing": "2", "management": "3"}


def task_id(plan_uuid: str, item_uuid: str) -> str:
    return str(uuid.uuid5(TASK_NAMESPACE, f"{plan_uuid}/{item_uuid}"))


class _Clock:
    """Instants as the platform writes them: local time in ``[national] time_format``."""

    def __init__(self) -> None:
        self.zone = config.timezone()
        self.format = config.rules()["national"]["time_format"]

    def __call__(self, value: Any) -> str | None:
        instant = as_instant(value)
        return None if instant is None else instant.astimezone(self.zone).strftime(self.format)

    def day_end(self, value: Any) -> str | None:
        day = as_date(value)
        return None if day is None else self(datetime.combine(day, time(23, 59, 59), self.zone))

    def local_day(self, value: Any) -> Any:
        return as_instant(value).astimezone(self.zone).date()


def _flag(value: Any) -> str:
    return "1" if value else "0"


def _record(row: dict[str, Any], company: str, clock: _Clock, **fields: Any) -> dict[str, Any]:
    """The fields every record carries, then the data set's own; None values are left out."""
    base = {"id": row["uuid"], "companyCode": company, "deleted": _flag(row["deleted"]),
            "createDate": clock(row["created_at"]), "createBy": row["created_by"],
            "updateDate": clock(row["updated_at"]), "updateBy": row["updated_by"]}
    return {k: v for k, v in {**base, **fields}.items() if v is not None}


def risk_units(tx: Tx, e: int, since: Any, company: str) -> Iterator[tuple[str, dict[str, Any]]]:
    clock = _Clock()
    for r in tx.stream(
            "SELECT r.uuid, r.code, r.name, r.analysis_object, r.deleted, r.created_at, r.created_by,"
            " r.updated_at, r.updated_by, o.name AS dep, p.name AS liable FROM risk_point r"
            " JOIN org_unit o ON o.id = r.org_id LEFT JOIN person p ON p.login = r.responsible"
            " WHERE r.enterprise_id = :e AND r.updated_at >= :since ORDER BY r.id", {"e": e, "since": since}):
        yield f"risk {r['code']}", _record(r, company, clock, hazardCode=r["analysis_object"], hazardDep=r["dep"],
                                           hazardLiablePerson=r["liable"], riskUnitName=r["name"])


def risk_events(tx: Tx, e: int, since: Any, company: str) -> Iterator[tuple[str, dict[str, Any]]]:
    clock = _Clock()
    for s in tx.stream(
            "SELECT s.uuid, s.name, s.deleted OR r.deleted AS deleted, s.created_at, r.created_by,"
            " CASE WHEN r.updated_at > s.created_at THEN r.updated_at ELSE s.created_at END AS updated_at,"
            " r.updated_by, r.uuid AS unit, r.code FROM risk_source s JOIN risk_point r ON r.id = s.risk_id"
            " WHERE s.enterprise_id = :e AND (s.created_at >= :since OR r.updated_at >= :since)"
            " ORDER BY s.id", {"e": e, "since": since}):
        yield f"risk {s['code']} 危险源 {s['name']}", _record(s, company, clock, riskUnitId=s["unit"],
                                                            riskEventName=s["name"])


def control_measures(tx: Tx, e: int, since: Any, company: str) -> Iterator[tuple[str, dict[str, Any]]]:
    clock = _Clock()
    from dualprev.hazards.labels import MEASURE_TYPES

    for m in tx.stream(
            "SELECT m.id, m.uuid, m.type, m.text, m.classify1, m.classify2, m.control, m.check_content,"
            " m.deleted OR r.deleted AS deleted, m.created_at, m.created_by,"
            " CASE WHEN r.updated_at > m.created_at THEN r.updated_at ELSE m.created_at END AS updated_at,"
            " r.updated_by, s.uuid AS event, r.code FROM control_measure m JOIN risk_point r ON r.id = m.risk_id"
            " LEFT JOIN risk_source s ON s.id = m.source_id WHERE m.enterprise_id = :e"
            " AND (m.created_at >= :since OR r.updated_at >= :since) ORDER BY m.id", {"e": e, "since": since}):
        yield f"measure {m['id']} of risk {m['code']}", _record(
            m, company, clock, riskEventId=m["event"], dataSrc="1" if m["control"] == "monitoring" else "2",
            riskMeasureDesc=m["text"], classify1=m["classify1"], classify2=m["classify2"],
            classify3=MEASURE_TYPES[m["type"]][0], troubleshootContent=m["check_content"] or m["text"])


def check_missions(tx: Tx, e: int, since: Any, company: str) -> Iterator[tuple[str, dict[str, Any]]]:
    clock = _Clock()
    for t in tx.stream(
            "SELECT p.id AS plan_id, p.uuid AS plan_uuid, p.cadence, p.every_hours, p.workdays, p.start,"
            " p.created_at, p.created_by, i.id AS item_id, i.uuid AS item_uuid, i.text, m.uuid AS measure,"
            " m.deleted OR i.retired_at IS NOT NULL AS deleted, CASE WHEN i.created_at > p.created_at THEN i.created_at ELSE p.created_at END"
            " AS updated_at FROM inspection_plan p JOIN checklist_item i ON i.checklist_id = p.checklist_id"
            " JOIN control_measure m ON m.id = i.measure_id WHERE p.enterprise_id = :e"
            " AND (p.created_at >= :since OR i.created_at >= :since OR i.retired_at >= :since)"
            " ORDER BY p.id, i.position",
            {"e": e, "since": since}):
        cycle, unit = CYCLES.get(t["cadence"], (None, None))
        hours = {}
        if t["cadence"] == "hours":
            cycle, unit = t["every_hours"], "小时"
            hours = {"workStartTime": "0:00:00", "workEndTime": "23:59:59"}
        start = datetime.combine(as_date(t["start"]), time(0), config.timezone())
        yield f"plan {t['plan_id']} item {t['item_id']}", _record(
            {**t, "uuid": task_id(t["plan_uuid"], t["item_uuid"]), "updated_by": t["created_by"]}, company, clock,
            riskMeasureId=t["measure"], troubleshootContent=t["text"], checkCycle=cycle,
            checkCycleUnit=unit, taskStartTime=clock(start), workDayType="1" if t["workdays"] else "0",
            workType="0", **hours)


def check_records(tx: Tx, e: int, since: Any, company: str) -> Iterator[tuple[str, dict[str, Any]]]:
    clock = _Clock()
    for r in tx.stream(
            "SELECT res.id, res.uuid, res.result, res.at AS created_at, res.at AS updated_at,"
            " res.by AS created_by, res.by AS updated_by, res.task_id, p.uuid AS plan_uuid,"
            " i.uuid AS item_uuid FROM inspection_result res JOIN inspection_task t ON t.id = res.task_id"
            " JOIN inspection_plan p ON p.id = t.plan_id JOIN checklist_item i ON i.id = res.item_id"
            " WHERE res.enterprise_id = :e AND i.measure_id IS NOT NULL AND res.at >= :since"
            " ORDER BY res.id", {"e": e, "since": since}):
        yield f"result {r['id']} of task {r['task_id']}", _record(
            {**r, "deleted": False}, company, clock, checkTaskId=task_id(r["plan_uuid"], r["item_uuid"]),
            checkTime=clock(r["created_at"]), checkStatus=CHECK_STATUS[r["result"]], isDefend="0")


def hidden_dangers(tx: Tx, e: int, since: Any, company: str) -> Iterator[tuple[str, dict[str, Any]]]:
    clock = _Clock()
    for h in tx.stream(
            "SELECT h.uuid, h.code, h.title, h.description, h.level, h.source, h.found_at AS created_at,"
            " h.finder AS created_by, h.updated_at, h.finder AS updated_by, f.name AS finder_name,"
            " ow.name AS owner_name, h.measures, h.cost, h.deadline, h.state, h.closed_at, h.category,"
            " COALESCE(r.analysis_object, mr.analysis_object) AS hazard_code, m.uuid AS measure,"
            " (SELECT res.uuid FROM inspection_result res WHERE res.hazard_id = h.id ORDER BY res.id"
            " LIMIT 1) AS record, (SELECT vp.name FROM hazard_event v JOIN person vp ON vp.login = v.actor"
            " WHERE v.subject = 'hazard' AND v.subject_id = h.id AND v.event = 'pass' ORDER BY v.seq DESC"
            " LIMIT 1) AS verifier FROM hazard h LEFT JOIN person f ON f.login = h.finder"
            " LEFT JOIN person ow ON ow.login = h.owner LEFT JOIN risk_point r ON r.id = h.risk_id"
            " LEFT JOIN checklist_item hi ON hi.id = h.item_id"
            " LEFT JOIN control_measure m ON m.id = COALESCE(h.measure_id, hi.measure_id)"
            " LEFT JOIN risk_point mr ON mr.id = m.risk_id WHERE h.enterprise_id = :e"
            " AND h.state <> 'reported' AND h.updated_at >= :since ORDER BY h.id", {"e": e, "since": since}):
        on_spot = h["deadline"] is None
        closed = h["state"] == "closed"
        yield f"hazard {h['code']}", _record(
            {**h, "deleted": h["state"] == "voided"}, company, clock, hazardCode=h["hazard_code"],
            riskMeasureId=h["measure"], checkRecordId=h["record"], dangerName=h["title"],
            dangerLevel="1" if h["level"] == "major" else "0", registTime=clock(h["created_at"]),
            registrant=h["finder_name"], dangerSrc=DANGER_SRC.get(h["source"], "10"),
            dangerManageType="0" if on_spot else "1", hazardDangerType="8", hazardCategory=0,
            dangerDesc=h["description"] or h["title"], controlMeasures=h["measures"], cost=h["cost"],
            liablePerson=h["owner_name"] or (h["finder_name"] if on_spot else None),
            dangerManageDeadline=clock.day_end(h["deadline"] or clock.local_day(h["created_at"])),
            checkAcceptPerson=h["verifier"] if closed else None,
            checkAcceptTime=clock(h["closed_at"]) if closed else None,
            dangerState=DANGER_STATE[h["state"]], managementClassification=MANAGEMENT.get(h["category"]))


BUILDERS = {"sec_security_risk_unit": risk_units, "sec_security_risk_events": risk_events,
            "sec_security_risk_control_measures": control_measures, "sec_hidden_check_mission": check_missions,
            "sec_hidden_check_record": check_records, "sec_hidden_danger_info": hidden_dangers}
