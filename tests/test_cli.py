"""The CLI end to end through click's CliRunner: what a user types, sees on stdout and stderr, and
the exit code, on SQLite and PostgreSQL.

Conventions checked throughout: a refused command prints nothing on stdout and one ``Error:`` line
on stderr; ``--json`` prints exactly one JSON document; no command ever prints a traceback.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from dualprev.hazards import seed

DEMO_OVERDUE = ["YH-2026-000004", "YH-2026-000005"]  # the two demo hazards past their deadline


# --- helpers ---------------------------------------------------------------------------------------

def no_traceback(result) -> None:
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr


def ok(result):
    """The command succeeded without a traceback."""
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    no_traceback(result)
    return result


def js(result):
    """The command succeeded and its whole stdout is one JSON document."""
    ok(result)
    return json.loads(result.stdout)


def refused(result, exit_code: int) -> str:
    """Refused by the register: that exit code, nothing on stdout, one ``Error:`` line on stderr."""
    assert result.exit_code == exit_code, (result.exit_code, result.stdout, result.stderr)
    no_traceback(result)
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    return lines[0]


def bad_input(result) -> str:
    """Rejected while parsing the command line: exit 2, nothing on stdout, a usage error."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    no_traceback(result)
    assert result.stdout == ""
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: ")
    return last


def shown(run, code: str, who: str = "wang") -> dict:
    return js(run("--as", who, "--json", "hazard", "show", code))


def codes(rows: list[dict]) -> list[str]:
    return [r["code"] for r in rows]


def report(run, title: str = "二号泵房护栏缺失", org: str = "生产一车间", *extra: str) -> str:
    result = ok(run("--as", "wang", "hazard", "report", "--title", title, "--org", org, *extra))
    return result.stdout.strip()


def assign(run, code: str, owner: str = "chen", deadline: str = "2026-12-10", *extra: str):
    return run("--as", "wang", "hazard", "assign", code, "--owner", owner, "--deadline", deadline,
               "--measures", "加装护栏", *extra)


@pytest.fixture
def demo(cli_run):
    """An empty database set up with `init --demo` through the CLI (boss is the first admin)."""
    ok(cli_run("--as", "boss", "init", "--demo"))
    return cli_run


# --- init ------------------------------------------------------------------------------------------

def test_init_makes_the_acting_user_first_admin_and_reinit_loses_nothing(cli_run):
    first = ok(cli_run("--as", "boss", "init"))
    assert "first admin: boss" in first.stdout
    people = js(cli_run("--as", "boss", "--json", "person", "list"))
    assert [(p["login"], p["roles"]) for p in people] == [("boss", ["admin"])]
    ok(cli_run("--as", "boss", "org", "add", "示范化工有限公司"))
    ok(cli_run("--as", "boss", "org", "add", "生产一车间", "--parent", "示范化工有限公司"))
    ok(cli_run("--as", "boss", "person", "add", "wang", "--name", "王安全", "--org",
               "示范化工有限公司", "--role", "安全员"))
    code = report(cli_run)

    again = js(cli_run("--as", "boss", "--json", "init"))
    assert again["first_admin"] is None
    assert [o["name"] for o in js(cli_run("--as", "boss", "--json", "org", "list"))] == [
        "示范化工有限公司", "生产一车间"]
    assert {p["login"] for p in js(cli_run("--as", "boss", "--json", "person", "list"))} == {
        "boss", "wang"}
    assert shown(cli_run, code)["state"] == "reported"
    assert "audit chain intact" in ok(cli_run("--as", "boss", "audit", "verify")).stdout


def test_init_on_a_register_with_people_refuses_a_stranger(cli_run):
    ok(cli_run("--as", "boss", "init"))
    assert "stranger" in refused(cli_run("--as", "stranger", "init"), 1)
    assert [p["login"] for p in js(cli_run("--as", "boss", "--json", "person", "list"))] == ["boss"]


def test_init_demo_twice_keeps_the_demo_register(demo):
    before = js(demo("--as", "wang", "--json", "hazard", "list"))
    assert len(before) == 9
    assert "already exists" in ok(demo("--as", "boss", "init", "--demo")).stdout
    assert js(demo("--as", "wang", "--json", "hazard", "list")) == before
    ok(demo("--as", "boss", "audit", "verify"))


def test_demo_has_a_risk_register_linked_to_its_hazards(demo):
    risks = js(demo("--as", "wang", "--json", "risk", "list"))
    assert {r["colour"] for r in risks} == {"red", "yellow", "blue"}
    ammonia = next(r for r in risks if r["name"] == "液氨储罐区")
    assert ammonia["grade"] == "major" and len(ammonia["controls"]) == 3
    sheet = js(demo("--as", "wang", "--json", "risk", "show", ammonia["code"]))
    [linked] = sheet["hazards"]["open"]
    assert linked["level"] == "major" and linked["measure_id"] == sheet["measures"][0]["id"]
    assert shown(demo, linked["code"])["risk"]["code"] == ammonia["code"]


def test_command_on_an_uninitialised_database_says_run_init(cli_run):
    line = refused(cli_run("--as", "wang", "hazard", "list"), 1)
    assert "dualprev init" in line


# --- the overdue report in every format -----------------------------------------------------------

def test_overdue_report_table(demo):
    out = ok(demo("--as", "wang", "report", "overdue")).stdout
    assert "逾期隐患清单" in out
    assert [c for c in ("YH-2026-000001", "YH-2026-000003", "YH-2026-000004", "YH-2026-000005",
                        "YH-2026-000006", "YH-2026-000007") if c in out] == DEMO_OVERDUE
    assert out.index("YH-2026-000004") < out.index("YH-2026-000005")  # most overdue first
    assert "逾期天数" in out and "整改" in out


def test_overdue_report_markdown_has_a_header_row(demo):
    out = ok(demo("--as", "wang", "report", "overdue", "--format", "md")).stdout
    rows = [line for line in out.splitlines() if line.startswith("|")]
    assert rows[0].startswith("| 隐患编号 | 隐患名称 |")
    assert set(rows[1].replace("|", "")) == {"-"}
    assert [r.split("|")[1].strip() for r in rows[2:]] == DEMO_OVERDUE
    assert "# 逾期隐患清单" in out and "截至 2026-11-24" in out


def test_overdue_report_csv(demo):
    out = ok(demo("--as", "wang", "report", "overdue", "--format", "csv")).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["隐患编号"] for r in rows] == DEMO_OVERDUE
    assert [(r["逾期天数"], r["延期次数"]) for r in rows] == [("10", "0"), ("3", "1")]
    assert rows[1]["原定期限"] == "2026-11-12" and rows[1]["整改期限"] == "2026-11-21"
    assert {r["状态"] for r in rows} == {"整改"}


@pytest.mark.parametrize("args", [("report", "overdue", "--format", "json"),
                                  ("--json", "report", "overdue")])
def test_overdue_report_json(demo, args):
    rows = js(demo("--as", "wang", *args))
    assert codes(rows) == DEMO_OVERDUE
    assert [(r["state"], r["days_overdue"], r["extensions"]) for r in rows] == [
        ("rectifying", 10, 0), ("rectifying", 3, 1)]
    assert (rows[1]["original_deadline"], rows[1]["deadline"]) == ("2026-11-12", "2026-11-21")


def test_overdue_report_org_subtree(demo):
    rows = js(demo("--as", "wang", "--json", "report", "overdue", "--org", "生产一车间"))
    assert codes(rows) == ["YH-2026-000004"]  # found in 甲班, under 生产一车间


def test_english_labels(demo):
    out = ok(demo("--as", "wang", "--lang", "en", "report", "overdue")).stdout
    assert "Overdue hazards" in out and "days overdue" in out and "rectifying" in out
    assert "整改" not in out and "逾期" not in out
    listing = ok(demo("--as", "wang", "--lang", "en", "hazard", "list", "--state", "closed")).stdout
    assert "state" in listing and "closed" in listing and "general" in listing
    assert "销号" not in listing and "状态" not in listing
    rows = list(csv.reader(io.StringIO(ok(demo("--as", "wang", "--lang", "en", "hazard", "list",
                                                 "--format", "csv", "--limit", "1")).stdout)))
    assert rows[0] == ["code", "title", "state", "level", "org unit", "owner", "deadline"]


# --- the lifecycle -----------------------------------------------------------------------------------

def test_report_prints_the_new_code_and_nothing_else(db, cli_run):
    result = ok(cli_run("--as", "wang", "hazard", "report", "--title", "二号泵房护栏缺失", "--org",
                        "生产一车间", "--place", "二号泵房"))
    assert result.stdout == "YH-2026-000001\n"
    assert result.stderr == ""
    assert ok(cli_run("--as", "wang", "hazard", "report", "--title", "b", "--org", "甲班")
              ).stdout == "YH-2026-000002\n"


def test_full_lifecycle_with_json(db, cli_run):
    created = js(cli_run("--as", "wang", "--json", "hazard", "report", "--title", "护栏缺失",
                         "--org", "生产一车间"))
    assert (created["code"], created["state"]) == ("YH-2026-000001", "reported")
    code = created["code"]
    steps = [
        (("--as", "wang", "--json", "hazard", "assign", code, "--owner", "chen", "--deadline",
          "2026-12-10", "--measures", "加装护栏"), "rectifying"),
        (("--as", "chen", "--json", "hazard", "submit", code, "--note", "已安装", "--cost", "800"),
         "verifying"),
        (("--as", "li", "--json", "hazard", "verify", code, "--reject", "--note", "高度不足"),
         "rectifying"),
        (("--as", "chen", "--json", "hazard", "submit", code, "--note", "已加高"), "verifying"),
        (("--as", "li", "--json", "hazard", "verify", code, "--pass", "--note", "现场确认"),
         "closed"),
    ]
    for args, state in steps:
        doc = js(cli_run(*args))
        assert (doc["code"], doc["state"]) == (code, state), args
    h = shown(cli_run, code)
    assert (h["state"], h["owner"], h["measures"], h["actual_cost"]) == ("closed", "chen", "加装护栏", 800)
    assert h["closed_at"] is not None and h["overdue"] is False
    history = h["history"]
    assert [(e["event"], e["from_state"], e["to_state"], e["actor"]) for e in history] == [
        ("report", None, "reported", "wang"), ("assign", "reported", "rectifying", "wang"),
        ("submit", "rectifying", "verifying", "chen"), ("reject", "verifying", "rectifying", "li"),
        ("submit", "rectifying", "verifying", "chen"), ("pass", "verifying", "closed", "li")]
    seqs = [e["seq"] for e in history]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    assert history[3]["comment"] == "高度不足"
    assert history[1]["data"]["deadline"] == "2026-12-10"


def test_human_lines_name_the_new_state(db, cli_run):
    code = report(cli_run)
    assert ok(assign(cli_run, code)).stdout == f"{code}: 整改 (rectifying)\n"
    assert ok(cli_run("--as", "chen", "--lang", "en", "hazard", "submit", code)
              ).stdout == f"{code}: verifying (verifying)\n"


def test_chinese_level_and_state_accepted(db, cli_run):
    major = report(cli_run, "液氨储罐区无泄漏报警", "生产一车间", "--level", "重大")
    general = report(cli_run, "通道堆放杂物", "生产一车间", "--level", "一般")
    ok(assign(cli_run, general))
    assert shown(cli_run, major)["level"] == "major"
    assert codes(js(cli_run("--as", "wang", "--json", "hazard", "list", "--state", "整改"))) == [general]
    assert codes(js(cli_run("--as", "wang", "--json", "hazard", "list", "--state", "发现",
                            "--level", "重大"))) == [major]
    line = bad_input(cli_run("--as", "wang", "hazard", "list", "--state", "已完成"))
    assert "发现" in line and "销号" in line


def test_major_hazard_needs_the_five_implementations(db, cli_run):
    code = report(cli_run, "液氨储罐区无泄漏报警", "生产一车间", "--level", "major")
    line = refused(assign(cli_run, code), 3)
    assert "五落实" in line and "--cost" in line and "--contingency" in line
    assert "--owner" not in line and "--measures" not in line and "--deadline" not in line
    h = shown(cli_run, code)
    assert (h["state"], h["version"], h["owner"], h["deadline"]) == ("reported", 1, None, None)
    assert [e["event"] for e in h["history"]] == ["report", "supervise_list"]  # 重大: listed at once
    line = refused(assign(cli_run, code, "chen", "2026-12-10", "--cost", "48000"), 3)
    assert "--contingency" in line and "--cost" not in line
    doc = js(cli_run("--as", "wang", "--json", "hazard", "assign", code, "--owner", "chen",
                     "--deadline", "2026-12-10", "--measures", "更换报警器", "--cost", "48000",
                     "--contingency", "人工巡检"))
    assert doc["state"] == "rectifying"
    h = shown(cli_run, code)
    assert (h["cost"], h["contingency"]) == (48000, "人工巡检")


def test_major_hazard_blank_contingency_is_missing(db, cli_run):
    code = report(cli_run, "液氨储罐区无泄漏报警", "生产一车间", "--level", "重大")
    line = refused(cli_run("--as", "wang", "hazard", "assign", code, "--owner", "chen", "--deadline",
                           "2026-12-10", "--measures", "更换报警器", "--cost", "48000",
                           "--contingency", "  "), 3)
    assert "--contingency" in line
    assert shown(cli_run, code)["state"] == "reported"


def test_major_hazard_cannot_be_fixed_on_the_spot(db, cli_run):
    code = report(cli_run, "液氨储罐区无泄漏报警", "生产一车间", "--level", "重大")
    line = refused(cli_run("--as", "wang", "hazard", "fix", code, "--measures", "x"), 3)
    assert "立查立改" in line
    assert shown(cli_run, code)["state"] == "reported"


def test_fix_on_the_spot_then_verify(db, cli_run):
    code = report(cli_run)
    assert js(cli_run("--as", "wang", "--json", "hazard", "fix", code, "--measures", "当场加装")
              )["state"] == "verifying"
    assert js(cli_run("--as", "li", "--json", "hazard", "verify", code, "--pass"))["state"] == "closed"


def test_illegal_trigger_names_the_state_and_allowed_actions(db, cli_run):
    code = report(cli_run)
    line = refused(cli_run("--as", "li", "hazard", "verify", code, "--pass"), 3)
    assert "发现" in line and "reported" in line
    assert "allowed actions: assign, fix_on_spot, void" in line
    assert shown(cli_run, code)["version"] == 1
    ok(cli_run("--as", "wang", "hazard", "void", code, "--reason", "误报"))
    line = refused(assign(cli_run, code), 3)
    assert "作废" in line and "never moves again" in line


def test_verify_needs_pass_or_reject(db, cli_run):
    code = report(cli_run)
    bad_input(cli_run("--as", "li", "hazard", "verify", code))


# --- who may do what -------------------------------------------------------------------------------

def test_unknown_user_is_refused(db, cli_run):
    line = refused(cli_run("--as", "nobody", "hazard", "report", "--title", "t", "--org", "生产一车间"), 1)
    assert "nobody" in line
    refused(cli_run("--as", "nobody", "hazard", "show", "YH-2026-000001"), 1)
    assert js(cli_run("--as", "wang", "--json", "hazard", "list")) == []


def test_an_empty_acting_user_is_refused_not_guessed(db, cli_run):
    result = cli_run("--as", " ", "hazard", "list")
    assert result.exit_code == 2 and "--as" in result.stderr and result.stdout == ""


def test_acting_user_from_the_environment(db, cli_run, monkeypatch):
    monkeypatch.setenv("DUALPREV_USER", "wang")
    code = ok(cli_run("hazard", "report", "--title", "t", "--org", "生产一车间")).stdout.strip()
    h = shown(cli_run, code)
    assert h["finder"] == "wang"
    line = refused(cli_run("--as", "chen", "hazard", "void", code, "--reason", "x"), 1)  # --as wins
    assert "chen" in line


def test_wrong_role_is_refused(db, cli_run):
    code = report(cli_run)
    line = refused(cli_run("--as", "chen", "hazard", "assign", code, "--owner", "chen",
                           "--deadline", "2026-12-10", "--measures", "x"), 1)
    assert "chen" in line and "officer" in line
    assert shown(cli_run, code)["state"] == "reported"


def test_out_of_scope_is_refused(db, cli_run):
    code = report(cli_run)
    ok(assign(cli_run, code))
    ok(cli_run("--as", "chen", "hazard", "submit", code))
    line = refused(cli_run("--as", "zhou", "hazard", "verify", code, "--pass"), 1)
    assert code in line and "scope" in line
    assert shown(cli_run, code)["state"] == "verifying"
    refused(cli_run("--as", "zhou", "hazard", "show", code), 1)
    assert js(cli_run("--as", "zhou", "--json", "hazard", "list")) == []


def test_only_the_assigned_owner_submits(db, cli_run):
    code = report(cli_run, "t", "甲班")  # liu (owner at 甲班) has it in scope, but chen owns it
    ok(assign(cli_run, code))
    line = refused(cli_run("--as", "liu", "hazard", "submit", code), 1)
    assert "chen" in line
    assert shown(cli_run, code)["state"] == "rectifying"


# --- bad input ---------------------------------------------------------------------------------------

def test_bad_date_is_a_usage_error(db, cli_run):
    code = report(cli_run)
    line = bad_input(assign(cli_run, code, "chen", "2026-13-01"))
    assert "2026-13-01" in line and "--deadline" in line
    assert shown(cli_run, code)["state"] == "reported"


def test_deadline_before_the_finding_is_refused(db, cli_run):
    code = report(cli_run, "t", "生产一车间", "--found-at", "2026-11-20T09:00")
    line = refused(assign(cli_run, code, "chen", "2026-11-19"), 3)
    assert "2026-11-19" in line and "2026-11-20" in line
    assert js(cli_run("--as", "wang", "--json", "hazard", "assign", code, "--owner", "chen",
                      "--deadline", "2026-11-20", "--measures", "x"))["state"] == "rectifying"


def test_found_in_the_future_is_refused(db, cli_run):
    refused(cli_run("--as", "wang", "hazard", "report", "--title", "t", "--org", "生产一车间",
                    "--found-at", "2026-11-25"), 2)
    assert js(cli_run("--as", "wang", "--json", "hazard", "list")) == []


def test_missing_photo_writes_nothing(db, cli_run, tmp_path):
    missing = str(tmp_path / "no-such.jpg")
    line = bad_input(cli_run("--as", "wang", "hazard", "report", "--title", "t", "--org", "生产一车间",
                             "--photo", missing))
    assert "no-such.jpg" in line
    assert js(cli_run("--as", "wang", "--json", "hazard", "list")) == []
    code = report(cli_run)
    ok(assign(cli_run, code))
    bad_input(cli_run("--as", "chen", "hazard", "submit", code, "--photo", missing))
    h = shown(cli_run, code)
    assert (h["state"], len(h["history"]), h["attachments"]) == ("rectifying", 2, [])
    assert not (tmp_path / "files").exists() or not any((tmp_path / "files").rglob("*"))


def test_photos_are_kept_and_listed(db, cli_run, tmp_path):
    before, after = tmp_path / "before.jpg", tmp_path / "after.jpg"
    before.write_bytes(b"\xff\xd8 guard rail missing")
    after.write_bytes(b"\xff\xd8 guard rail fitted")
    code = ok(cli_run("--as", "wang", "hazard", "report", "--title", "护栏缺失", "--org",
                      "生产一车间", "--photo", str(before))).stdout.strip()
    ok(assign(cli_run, code))
    ok(cli_run("--as", "chen", "hazard", "submit", code, "--photo", str(after)))
    h = shown(cli_run, code)
    expected = [(p.name, hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_size, stage)
                for p, stage in ((before, "report"), (after, "submit"))]
    assert [(a["filename"], a["sha256"], a["size"], a["stage"]) for a in h["attachments"]] == expected
    for _name, sha, _size, _stage in expected:
        assert (tmp_path / "files" / sha[:2] / sha).read_bytes() in (before.read_bytes(), after.read_bytes())
    assert h["history"][2]["data"]["attachments"] == [expected[1][1]]
    text = ok(cli_run("--as", "wang", "hazard", "show", code)).stdout
    assert "before.jpg" in text and "after.jpg" in text


# --- show and list -----------------------------------------------------------------------------------

def test_show_text(demo):
    out = ok(demo("--as", "wang", "hazard", "show", "YH-2026-000005")).stdout
    assert out.startswith("YH-2026-000005  消防通道被占用\n")
    assert "【逾期】" in out and "原定期限: 2026-11-12" in out and "整改期限: 2026-11-21" in out
    assert "2026-11-12 → 2026-11-21  zhao  仓库搬迁,待新库房启用" in out
    history = out.split("处理记录:")[1]
    assert history.index("发现上报") < history.index("下达整改") < history.index("延期")
    refused(demo("--as", "wang", "hazard", "show", "YH-2026-999999"), 1)


def test_list_json_filters(demo):
    everything = js(demo("--as", "wang", "--json", "hazard", "list"))
    assert isinstance(everything, list)
    assert codes(everything) == [f"YH-2026-{n:06d}" for n in range(1, 10)]
    assert {r["state"] for r in everything} == {"reported", "rectifying", "verifying", "closed", "voided"}
    assert codes(js(demo("--as", "wang", "--json", "hazard", "list", "--limit", "3"))) == codes(everything)[:3]
    assert codes(js(demo("--as", "wang", "--json", "hazard", "list", "--overdue"))) == DEMO_OVERDUE
    subtree = js(demo("--as", "wang", "--json", "hazard", "list", "--org", "生产一车间"))
    assert {r["org"] for r in subtree} == {"生产一车间", "甲班"}
    assert codes(subtree) == ["YH-2026-000001", "YH-2026-000003", "YH-2026-000004",
                              "YH-2026-000006", "YH-2026-000007", "YH-2026-000009"]
    assert codes(js(demo("--as", "wang", "--json", "hazard", "list", "--owner", "liu"))) == [
        "YH-2026-000004", "YH-2026-000007"]
    assert codes(js(demo("--as", "wang", "--json", "hazard", "list", "--due-before", "2026-11-15"))) == [
        "YH-2026-000004", "YH-2026-000008"]
    assert codes(js(demo("--as", "zhou", "--json", "hazard", "list"))) == [
        "YH-2026-000002", "YH-2026-000008"]  # zhou sees only 生产二车间 and 乙班
    bad_input(demo("--as", "wang", "hazard", "list", "--limit", "0"))


def test_list_returns_every_row_but_the_table_pages(db, cli_run):
    ok(cli_run("--as", "admin", "init", "--hazards", "150"))
    rows = js(cli_run("--as", "wang", "--json", "hazard", "list"))
    assert len(rows) == 150
    table = ok(cli_run("--as", "wang", "hazard", "list"))
    assert table.stdout.count("YH-2026-") == 100
    assert "50 more rows" in table.stderr
    assert len(js(cli_run("--as", "wang", "--json", "hazard", "list", "--limit", "7"))) == 7
    overdue = js(cli_run("--as", "wang", "--json", "hazard", "list", "--overdue"))
    assert overdue and all(r["state"] in ("reported", "rectifying", "verifying")
                           and r["deadline"] < "2026-11-24" for r in overdue)
    ok(cli_run("--as", "wang", "audit", "verify"))


# --- extend and void ---------------------------------------------------------------------------------

def test_extend_keeps_the_original_deadline(demo):
    code = "YH-2026-000003"  # 重大, deadline 2026-12-19
    doc = js(demo("--as", "zhao", "--json", "hazard", "extend", code, "--deadline", "2027-01-15",
                  "--reason", "备件到货延迟"))
    assert (doc["state"], doc["changed"]) == ("rectifying", {"deadline": "2027-01-15"})
    ok(demo("--as", "zhao", "hazard", "extend", code, "--deadline", "2027-02-01", "--reason", "施工窗口"))
    h = shown(demo, code)
    assert (h["deadline"], h["original_deadline"]) == ("2027-02-01", "2026-12-19")
    assert [(e["old_deadline"], e["new_deadline"], e["reason"], e["by"]) for e in h["extensions"]] == [
        ("2026-12-19", "2027-01-15", "备件到货延迟", "zhao"), ("2027-01-15", "2027-02-01", "施工窗口", "zhao")]
    text = ok(demo("--as", "wang", "hazard", "show", code)).stdout
    assert "延期记录" in text and "2026-12-19 → 2027-01-15" in text
    line = refused(demo("--as", "zhao", "hazard", "extend", code, "--deadline", "2027-01-01",
                        "--reason", "x"), 3)
    assert "2027-02-01" in line
    refused(demo("--as", "wang", "hazard", "extend", code, "--deadline", "2027-03-01", "--reason", "x"), 1)
    assert shown(demo, code)["deadline"] == "2027-02-01"


def test_extension_takes_a_hazard_off_the_overdue_report(demo):
    ok(demo("--as", "zhao", "hazard", "extend", "YH-2026-000005", "--deadline", "2026-12-31",
            "--reason", "新库房启用推迟"))
    assert codes(js(demo("--as", "wang", "--json", "report", "overdue"))) == ["YH-2026-000004"]
    h = shown(demo, "YH-2026-000005")
    assert (h["original_deadline"], h["deadline"], len(h["extensions"])) == ("2026-11-12", "2026-12-31", 2)


def test_void(db, cli_run):
    code = report(cli_run)
    doc = js(cli_run("--as", "wang", "--json", "hazard", "void", code, "--reason", "重复上报"))
    assert (doc["code"], doc["state"]) == (code, "voided")
    h = shown(cli_run, code)
    assert h["state"] == "voided" and h["history"][-1]["comment"] == "重复上报"
    assert codes(js(cli_run("--as", "wang", "--json", "hazard", "list", "--state", "作废"))) == [code]
    other = report(cli_run, "b")
    ok(assign(cli_run, other))
    line = refused(cli_run("--as", "wang", "hazard", "void", other, "--reason", "x"), 3)
    assert "整改" in line


# --- audit and workflow ------------------------------------------------------------------------------

def test_audit_verify_catches_an_edited_event(db, cli_run):
    code = report(cli_run, "t", "生产一车间", "--desc", "护栏缺失约3米")
    intact = ok(cli_run("--as", "wang", "audit", "verify"))
    assert intact.stdout.startswith("audit chain intact")
    with db.write() as tx:
        tx.run("UPDATE hazard_event SET data = '{}' WHERE seq = 3")
    broken = cli_run("--as", "wang", "audit", "verify")
    line = refused(broken, 1)
    assert "seq 3" in line and "edited" in line
    doc = json.loads(cli_run("--as", "wang", "--json", "audit", "verify").stdout)
    assert (doc["ok"], doc["seq"]) == (False, 3)
    assert shown(cli_run, code)["state"] == "reported"


def test_audit_verify_catches_an_edited_comment(db, cli_run):
    code = report(cli_run, "t", "生产一车间", "--desc", "护栏缺失约3米")
    seq = shown(cli_run, code)["history"][0]["seq"]
    with db.write() as tx:
        tx.run("UPDATE hazard_event SET comment = '一切正常' WHERE ref = :c", {"c": code})
    line = refused(cli_run("--as", "wang", "audit", "verify"), 1)
    assert f"seq {seq}" in line


def test_workflow_show(cli_run):
    text = ok(cli_run("workflow", "show")).stdout
    for word in ("发现", "整改", "复核", "销号", "作废", "assign", "pass",
                 "governance_plan_complete", "supervisor"):
        assert word in text
    mermaid = ok(cli_run("workflow", "show", "--format", "mermaid")).stdout
    body = mermaid.split("---\n")[-1] if mermaid.startswith("---\n") else mermaid
    assert body.lstrip().startswith("stateDiagram")
    assert "reported --> rectifying: assign" in mermaid and 'state "发现 reported"' in mermaid
    english = ok(cli_run("--lang", "en", "workflow", "show")).stdout
    assert "rectifying → verifying" in english and "整改 →" not in english
    doc = js(cli_run("--json", "workflow", "show"))
    assert {t["trigger"] for t in doc["transitions"]} == {
        "assign", "fix_on_spot", "submit", "pass", "reject", "extend", "void"}


# --- --json everywhere, and the refused listing --------------------------------------------------

def test_every_command_prints_one_json_document(db, cli_run):
    docs = [
        js(cli_run("--as", "admin", "--json", "init")),
        js(cli_run("--as", "admin", "--json", "org", "add", "仓储车间", "--parent", "示范化工有限公司")),
        js(cli_run("--as", "admin", "--json", "person", "add", "qian", "--name", "钱", "--org",
                   "仓储车间", "--role", "owner")),
        js(cli_run("--as", "admin", "--json", "org", "list")),
        js(cli_run("--as", "admin", "--json", "person", "list")),
        js(cli_run("--as", "wang", "--json", "hazard", "report", "--title", "t", "--org", "仓储车间")),
        js(cli_run("--as", "wang", "--json", "hazard", "show", "YH-2026-000001")),
        js(cli_run("--as", "wang", "--json", "hazard", "list")),
        js(cli_run("--as", "wang", "--json", "report", "overdue")),
        js(cli_run("--as", "wang", "--json", "audit", "verify")),
        js(cli_run("--json", "workflow", "show")),
    ]
    assert docs[1]["name"] == "仓储车间" and docs[2]["roles"] == ["owner"]
    assert "仓储车间" in [o["name"] for o in docs[3]]
    assert docs[5]["code"] == "YH-2026-000001" and docs[7][0]["org"] == "仓储车间"
    assert docs[8] == [] and docs[9]["ok"] is True


@pytest.mark.parametrize("args", [
    ("--as", "nobody", "--json", "hazard", "list"),
    ("--as", "wang", "--json", "hazard", "list", "--org", "不存在"),
    ("--as", "zhou", "report", "overdue", "--org", "生产一车间", "--format", "csv"),
    ("--as", "nobody", "report", "overdue", "--format", "md"),
], ids=["json-unknown-user", "json-unknown-org", "csv-out-of-scope", "md-unknown-user"])
def test_refused_listing_prints_nothing_on_stdout(db, cli_run, args):
    refused(cli_run(*args), 1)


@pytest.mark.parametrize("cost", ["nan", "inf"])
def test_cost_must_be_a_finite_amount(db, cli_run, cost):
    code = report(cli_run, "液氨储罐区无泄漏报警", "生产一车间", "--level", "重大")
    result = cli_run("--as", "wang", "hazard", "assign", code, "--owner", "chen", "--deadline",
                     "2026-12-10", "--measures", "更换报警器", "--cost", cost, "--contingency", "人工巡检")
    assert result.exit_code == 2, (result.stdout, result.stderr)
    no_traceback(result)
    assert shown(cli_run, code)["state"] == "reported"


def test_unknown_owner_is_named_as_the_owner(db, cli_run):
    code = report(cli_run)
    line = refused(assign(cli_run, code, "ghost"), 1)
    assert "ghost" in line
    assert "--as" not in line and "--owner" in line


def test_malformed_database_url_is_bad_input():
    from click.testing import CliRunner

    from dualprev.cli import cli

    result = CliRunner().invoke(cli, ["--db", "not a url", "--as", "wang", "hazard", "list"])
    no_traceback(result)
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    assert "internal error" not in result.stderr and "not a url" in result.stderr


def test_a_reader_that_stops_early_ends_the_listing_quietly(db, db_url):
    """`dualprev ... | head -1`: no "internal error", no traceback, the SIGPIPE status 141."""
    seed.bulk(db, 2000)  # far more than a pipe buffer holds
    proc = subprocess.Popen([sys.executable, "-m", "dualprev", "--db", db_url, "--as", "wang", "--json",
                             "hazard", "list"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=Path(__file__).resolve().parent.parent)
    assert proc.stdout.readline() == b"[\n"
    proc.stdout.close()
    assert proc.wait(timeout=60) == 141
    assert proc.stderr.read() == b""
