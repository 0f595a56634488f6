"""The national export through its use-case, on both databases: every data set in dependency order
with the national field names and codes, checked by the shipped schema; a refused record names its
row and field and is not sent; the push round trip through a local platform that decrypts; HTTP
500, a timeout and a bad key file leave the records failed with the reason, and the next run sends
them again; the key is never stored."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from dualprev.hazards import national
from dualprev.hazards.errors import InvalidInput, PermissionDenied, RuleViolation
from dualprev.hazards.queries.national import task_id
from dualprev.hazards.services import hazard as hazard_service
from dualprev.hazards.services import national as national_service
from dualprev.hazards.services import risk as risk_service
from tests.national_support import COMPANY, KEY, Platform, national_register
from tests.support import count


@pytest.fixture
def platform():
    p = Platform()
    yield p
    p.close()


@pytest.fixture
def key_file(tmp_path):
    path = tmp_path / "platform.key"
    path.write_bytes(KEY + b"\n")
    return str(path)


def test_the_chain_in_national_fields(db, tmp_path):
    made = national_register(db)
    result = national_service.export(db, actor="wang", out_dir=str(tmp_path))
    assert result["state"] == "done" and result["problems"] == []
    files = sorted(p.name for p in tmp_path.glob("*.json"))
    assert files == [f"{n}_{name}.json" for n, name in enumerate(national.DATASETS, 1)]
    sets = {name: json.loads((tmp_path / f"{n}_{name}.json").read_text("utf-8"))
            for n, name in enumerate(national.DATASETS, 1)}
    (unit,), (event,), (measure,) = (sets["sec_security_risk_unit"], sets["sec_security_risk_events"],
                                     sets["sec_security_risk_control_measures"])
    (mission,), (record,), (danger,) = (sets["sec_hidden_check_mission"], sets["sec_hidden_check_record"],
                                        sets["sec_hidden_danger_info"])
    assert {r["companyCode"] for s in sets.values() for r in s} == {COMPANY}
    assert unit | {"id": "-"} == {
        "id": "-", "companyCode": COMPANY, "deleted": "0", "createDate": "2026-11-24 10:00:00",
        "createBy": "wang", "updateDate": "2026-11-24 10:00:00", "updateBy": "wang",
        "hazardCode": "WHY-330100-0001", "hazardDep": "甲班", "hazardLiablePerson": "刘班长", "riskUnitName": "液氨储罐区"}
    assert (event["riskUnitId"], event["riskEventName"]) == (unit["id"], "液氨泄漏中毒")
    assert (measure["riskEventId"], measure["classify1"], measure["classify2"], measure["dataSrc"]) == (
        event["id"], "1", "1-4", "2")
    assert measure["troubleshootContent"] == "报警器在线、联锁投用"
    assert (mission["riskMeasureId"], mission["checkCycle"], mission["checkCycleUnit"]) == (measure["id"], 1, "天")
    assert (record["checkTaskId"], record["checkStatus"]) == (mission["id"], "1")
    assert (danger["riskMeasureId"], danger["checkRecordId"], danger["hazardCode"]) == (
        measure["id"], record["id"], "WHY-330100-0001")
    assert (danger["dangerSrc"], danger["dangerState"], danger["dangerManageType"], danger["liablePerson"],
            danger["dangerManageDeadline"]) == ("1", "0", "1", "刘班长", "2026-12-05 23:59:59")
    # stable ids: the register's uuids, and the task's derived from its plan and item
    with db.read() as tx:
        assert tx.scalar("SELECT uuid FROM hazard WHERE code = :c", {"c": made["hazard"]}) == danger["id"]
        plan, item = tx.one("SELECT p.uuid AS p, i.uuid AS i FROM inspection_plan p JOIN checklist_item i"
                            " ON i.checklist_id = p.checklist_id").values()
    assert mission["id"] == task_id(plan, item)
    with db.read() as tx:
        assert tx.scalar("SELECT count(*) FROM national_record WHERE state = 'written'") == 6
        assert tx.scalar("SELECT state FROM national_batch") == "done"


def test_a_refused_record_names_its_row_and_field_and_its_children_wait(db):
    national_register(db)
    risk_service.add(db, actor="wang", name="无对象的风险点", org="甲班", lec="1,1,1", sources=["滑倒"])
    result = national_service.export(db, actor="wang")
    assert result["batch"] is None and count(db, "national_batch") == 0  # a check records nothing
    assert [(p["dataset"], p["ref"], p["error"]) for p in result["problems"]] == [
        ("sec_security_risk_unit", "risk FX-000002", "hazardCode: missing (required by the national interface)"),
        ("sec_security_risk_events", "risk FX-000002 危险源 滑倒",
         "riskUnitId: its parent (risk FX-000002) cannot be sent")]


def test_push_round_trip_then_only_what_changed(db, platform, key_file, monkeypatch):
    made = national_register(db)
    monkeypatch.setenv("DUALPREV_NOW", "2026-11-24T10:10:00+08:00")
    result = national_service.export(db, actor="wang", push_url=platform.url, key_file=key_file)
    assert result["state"] == "done"
    assert list(platform.received) == list(national.DATASETS)  # parents first
    assert all(national.problem(name, r) is None for name, rs in platform.received.items() for r in rs)
    assert platform.received["sec_hidden_danger_info"][0]["dangerName"]
    # nothing changed: nothing sent; a hazard closed: only it
    assert sum(d["pushed"] for d in national_service.export(
        db, actor="wang", push_url=platform.url, key_file=key_file)["datasets"]) == 0
    monkeypatch.setenv("DUALPREV_NOW", "2026-11-24T10:20:00+08:00")
    hazard_service.submit(db, actor="liu", code=made["hazard"], note="已更换")
    hazard_service.verify(db, actor="li", code=made["hazard"], passed=True)
    platform.received.clear()
    national_service.export(db, actor="wang", push_url=platform.url, key_file=key_file)
    (closed,) = platform.received["sec_hidden_danger_info"]
    assert (closed["dangerState"], closed["checkAcceptPerson"]) == ("9", "李复核")
    assert list(platform.received) == ["sec_hidden_danger_info"]
    with db.read() as tx:  # the key is in no table: not in the batches, records or events
        for table, column in (("national_batch", "target"), ("national_record", "error"), ("hazard_event", "data")):
            assert not [v for v in tx.run(f"SELECT {column} FROM {table}").scalars() if v and KEY.decode() in v]


@pytest.mark.parametrize("failure", ["http500", "timeout", "refused"])
def test_a_failed_push_is_recorded_and_sent_again(db, platform, key_file, failure):
    national_register(db)
    if failure == "http500":
        platform.answers.append((500, b"internal error"))
    elif failure == "timeout":
        platform.delay = 2.0
    else:  # the platform answers 200 but refuses one record
        with db.read() as tx:
            rid = tx.scalar("SELECT uuid FROM risk_point")
        platform.answers.append((200, json.dumps({"success": False, "data": {"code": "500", "data": [
            {"id": rid, "msg": "hazardCode 不存在"}]}}).encode()))
    first = national_service.export(db, actor="wang", push_url=platform.url, key_file=key_file,
                                    timeout=0.5 if failure == "timeout" else None)
    assert first["state"] == "failed"
    want = {"http500": "HTTP 500: internal error", "timeout": "timed out",
            "refused": "refused: hazardCode 不存在"}[failure]
    assert want in first["problems"][0]["error"]
    with db.read() as tx:
        failed = tx.run("SELECT dataset, error FROM national_record WHERE state = 'failed'").mappings().all()
    assert failed and want in failed[0]["error"]
    if failure != "refused":  # a transport failure stops the push: the rest was not sent
        assert {f["dataset"] for f in failed} == set(national.DATASETS)
    platform.delay = 0
    platform.received.clear()
    again = national_service.export(db, actor="wang", push_url=platform.url, key_file=key_file)
    assert again["state"] == "done" and again["since"].startswith("2000-01-01")  # the last good batch: none
    assert len(platform.received["sec_security_risk_unit"]) == 1


@pytest.mark.parametrize(("content", "why"), [
    (b"short", "16-character"), (b"WWYT0123456789abc", "16-character"), (None, "No such file")])
def test_a_bad_key_file_sends_and_records_nothing(db, platform, tmp_path, content, why):
    national_register(db)
    path = tmp_path / "bad.key"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InvalidInput, match=why) as refused:
        national_service.export(db, actor="wang", push_url=platform.url, key_file=str(path))
    if content:
        assert content.decode() not in str(refused.value)
    assert platform.requests == [] and count(db, "national_batch") == 0


def test_who_may_export_and_what_it_needs(db, platform, key_file):
    with pytest.raises(RuleViolation, match="companyCode"):
        national_service.export(db, actor="wang")
    national_register(db)
    with pytest.raises(PermissionDenied):
        national_service.export(db, actor="chen")
    with pytest.raises(InvalidInput, match="go together"):
        national_service.export(db, actor="wang", push_url=platform.url)
    with pytest.raises(InvalidInput, match="http"):
        national_service.export(db, actor="wang", push_url="ftp://x", key_file=key_file)


def test_a_voided_hazard_is_sent_deleted_and_a_reported_one_waits(db, tmp_path):
    made = national_register(db)
    code = hazard_service.report(db, actor="wang", title="重复上报", org="甲班", risk=made["risk"])["code"]
    national_service.export(db, actor="wang", out_dir=str(tmp_path))
    danger = json.loads((tmp_path / "6_sec_hidden_danger_info.json").read_text("utf-8"))
    with db.read() as tx:
        first = tx.scalar("SELECT title FROM hazard WHERE code = :c", {"c": made["hazard"]})
    assert [d["dangerName"] for d in danger] == [first]  # 发现 is not national data yet
    hazard_service.void(db, actor="wang", code=code, reason="误报")  # in 发现 the officer voids
    national_service.export(db, actor="wang", out_dir=str(tmp_path), since=datetime.fromisoformat("2026-01-01T00:00:00+08:00"))
    danger = json.loads((tmp_path / "6_sec_hidden_danger_info.json").read_text("utf-8"))
    assert [(d["dangerName"], d["deleted"]) for d in danger] == [(first, "0"), ("重复上报", "1")]
