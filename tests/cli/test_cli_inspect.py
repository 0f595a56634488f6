"""`dualprev inspect` through the CLI: due tasks, recording results, 漏检, the completion report."""

from __future__ import annotations

import csv
import io

from tests.cli.helpers import (
    bad_input,
    js,
    ok,
    refused,
)
from tests.support import events


def test_due_show_and_record_in_json(db, planned):
    due = js(planned("--json", "--as", "liu", "inspect", "due", "--mine"))
    assert len(due) == 1
    task = due[0]
    assert {k: task[k] for k in ("id", "plan", "org", "period_start", "period_end", "due_at", "state", "late")} == {
        "id": 1, "plan": "甲班日查", "org": "甲班", "period_start": "2026-11-24", "period_end": "2026-11-24",
        "due_at": "2026-11-24T16:00:00+00:00", "state": "open", "late": False}
    assert [(i["no"], i["text"], i["result"]) for i in task["items"]] == [(1, "消防通道畅通", None), (2, "气瓶固定", None)]
    out = js(planned("--json", "--as", "liu", "inspect", "record", "1", "--item", "1=ok", "--item", "2=fail",
                     "--note", "2=气瓶未固定"))
    assert out["state"] == "done" and out["hazards_created"] == ["YH-2026-000001"]
    assert [(i["result"], i["hazard"]) for i in out["items"]] == [("ok", None), ("fail", "YH-2026-000001")]
    hazard = js(planned("--json", "--as", "wang", "hazard", "show", "YH-2026-000001"))
    # #12: titled from the finding (the note), linked to the item it failed
    assert (hazard["title"], hazard["state"], hazard["finder"]) == ("气瓶未固定", "reported", "liu")
    assert hazard["item_id"] == 2 and hazard["task_id"] == 1
    text = ok(planned("--as", "liu", "inspect", "show", "1")).stdout
    assert "已完成" in text and "发现隐患" in text and "YH-2026-000001" in text
    assert "done" in ok(planned("--lang", "en", "--as", "liu", "inspect", "show", "1")).stdout


def test_bad_records_print_one_line_and_change_nothing(db, planned):
    before = events(db)
    assert "items 1-2" in refused(planned("--as", "liu", "inspect", "record", "1", "--item", "3=ok"), 2)
    assert "unknown result" in refused(planned("--as", "liu", "inspect", "record", "1", "--item", "1=good"), 2)
    assert "N=VALUE" in bad_input(planned("--as", "liu", "inspect", "record", "1", "--item", "ok"))
    assert "twice" in bad_input(planned("--as", "liu", "inspect", "record", "1", "--item", "1=ok", "--item", "1=na"))
    assert "must be recorded as fail" in refused(planned("--as", "liu", "inspect", "record", "1", "--item", "1=ok",
                                                         "--fix", "1=x"), 2)
    assert "may not record" in refused(planned("--as", "zhao", "inspect", "record", "1", "--item", "1=ok"), 1)
    assert "no inspection task 9" in refused(planned("--as", "liu", "inspect", "record", "9", "--item", "1=ok"), 1)
    assert "no inspection task 1" in refused(planned("--as", "wu", "inspect", "record", "1", "--item", "1=ok"), 1)
    assert events(db) == before
    ok(planned("--as", "liu", "inspect", "record", "1", "--item", "1=ok", "--item", "2=na"))
    assert "cannot change" in refused(planned("--as", "liu", "inspect", "record", "1", "--item", "1=fail"), 3)


def test_missed_list_and_completion_report(db, planned, monkeypatch):
    monkeypatch.setenv("DUALPREV_NOW", "2026-11-27T09:00:00+08:00")
    assert "missed 3" in ok(planned("tick")).stdout
    missed = js(planned("--json", "--as", "wang", "inspect", "missed"))
    assert [t["period_start"] for t in missed] == ["2026-11-26", "2026-11-25", "2026-11-24"]
    assert [t["period_start"] for t in js(planned("--json", "--as", "wang", "inspect", "missed",
                                                  "--since", "2026-11-26"))] == ["2026-11-26"]
    out = js(planned("--json", "--as", "liu", "inspect", "record", "1", "--item", "1=ok", "--item", "2=ok"))
    assert (out["state"], out["late"]) == ("missed", True)
    report = js(planned("--json", "--as", "wang", "report", "inspections", "--from", "2026-11-01"))
    assert report["rows"] == [{"org": "甲班", "plan": "甲班日查", "plan_id": 1, "due": 3, "done": 0,
                               "done_late": 1, "missed": 2, "open": 1, "rate": "0.0%", "hazards": 0}]
    rows = list(csv.reader(io.StringIO(ok(planned("--as", "wang", "report", "inspections", "--format", "csv")).stdout)))
    assert rows[0] == ["单位", "排查计划", "应查", "按期完成", "补检完成", "漏检", "待排查", "完成率", "发现隐患"]
    assert "补检" in ok(planned("--as", "wang", "report", "inspections", "--format", "md")).stdout


def test_a_photo_of_a_failed_item_is_kept_with_the_hazard(db, planned, tmp_path):
    photo = tmp_path / "气瓶.jpg"
    photo.write_bytes(b"\xff\xd8\xff not really a jpeg")
    out = js(planned("--json", "--as", "liu", "inspect", "record", "1", "--item", "2=fail",
                     "--photo", f"2={photo}"))
    assert out["state"] == "open" and out["items"][1]["photo"]
    hazard = js(planned("--json", "--as", "wang", "hazard", "show", out["hazards_created"][0]))
    assert [a["filename"] for a in hazard["attachments"]] == ["气瓶.jpg"]
    assert hazard["title"] == "气瓶固定: 不符合"  # no note: the item and the verdict (#12)
    before = events(db)
    assert "does not exist" in refused(planned("--as", "liu", "inspect", "record", "1", "--item", "1=ok",
                                               "--photo", f"1={tmp_path / 'missing.jpg'}"), 2)
    assert events(db) == before


def test_listings_take_format_and_output(db, planned, tmp_path, monkeypatch):
    monkeypatch.setenv("DUALPREV_NOW", "2026-11-26T09:00:00+08:00")
    ok(planned("tick"))
    rows = list(csv.reader(io.StringIO(ok(planned("--as", "wang", "inspect", "missed", "--format", "csv")).stdout)))
    assert rows[0][:4] == ["编号", "排查计划", "单位", "开始时间"] and [r[6] for r in rows[1:]] == ["漏检", "漏检"]
    assert js(planned("--as", "liu", "inspect", "due", "--format", "json"))[0]["items"]
    book = tmp_path / "排查完成情况.xlsx"
    ok(planned("--as", "wang", "report", "inspections", "--format", "xlsx", "--output", str(book)))
    assert book.read_bytes()[:2] == b"PK"
    assert "--output" in refused(planned("--as", "wang", "plan", "list", "--format", "xlsx"), 2)
