"""Corrections (#12 item 2) through the CLI: hazard edit, regrade, void after 发现, reopen; what
the user reads, the exit codes of a refusal, and `hazard show` pointing both ways."""

from __future__ import annotations

from tests.cli.helpers import assign, bad_input, js, ok, refused, report, shown


def test_edit_prints_what_changed_and_show_keeps_the_reason(db, cli_run):
    code = report(cli_run)
    out = ok(cli_run("--as", "wang", "hazard", "edit", code, "--title", "二号泵房东侧护栏缺失",
                     "--place", "东侧", "--reason", "位置记录有误"))
    assert out.stdout == f"{code}: corrected title, place\n"
    sheet = ok(cli_run("--as", "wang", "hazard", "show", code)).stdout
    assert sheet.startswith(f"{code}  二号泵房东侧护栏缺失\n") and "更正  — 位置记录有误" in sheet
    [e] = [e for e in shown(cli_run, code)["history"] if e["event"] == "edit"]
    assert e["data"]["before"] == {"title": "二号泵房护栏缺失", "place": None}


def test_edit_refusals(db, cli_run):
    code = report(cli_run)
    assert "--reason" in bad_input(cli_run("--as", "wang", "hazard", "edit", code, "--title", "新"))
    assert "nothing changes" in refused(cli_run("--as", "wang", "hazard", "edit", code, "--reason", "x"), 2)
    assert "may not edit" in refused(cli_run("--as", "chen", "hazard", "edit", code, "--title", "新",
                                             "--reason", "x"), 1)
    ok(cli_run("--as", "wang", "hazard", "void", code, "--reason", "重复"))
    assert "never moves again" in refused(cli_run("--as", "wang", "hazard", "edit", code, "--title", "新",
                                                  "--reason", "x"), 3)


def test_regrade_both_ways(db, cli_run):
    code = report(cli_run)
    ok(assign(cli_run, code))
    out = ok(cli_run("--as", "wang", "hazard", "regrade", code, "--level", "重大", "--reason", "判定为重大"))
    assert out.stdout == f"{code}: 重大, 发现 (reported)\n"
    assert shown(cli_run, code)["supervision"]["state"] == "listed"
    assert "supervisor" in refused(cli_run("--as", "wang", "hazard", "regrade", code, "--level", "一般",
                                           "--reason", "x"), 1)
    out = ok(cli_run("--as", "zhao", "--lang", "en", "hazard", "regrade", code, "--level", "general",
                     "--reason", "复核为一般"))
    assert out.stdout == f"{code}: general, reported (reported)\n"
    assert "--level" in bad_input(cli_run("--as", "zhao", "hazard", "regrade", code, "--level", "较大",
                                          "--reason", "x"))


def test_void_after_reported_is_a_supervisors(db, cli_run):
    code = report(cli_run)
    ok(assign(cli_run, code))
    assert "supervisor" in refused(cli_run("--as", "wang", "hazard", "void", code, "--reason", "误报"), 1)
    assert ok(cli_run("--as", "zhao", "hazard", "void", code, "--reason", "误报")).stdout == f"{code}: 作废 (voided)\n"


def test_void_of_a_regulator_listed_hazard_says_the_listing_stays(db, cli_run):
    code = report(cli_run, "储罐无报警", "生产一车间", "--level", "重大")
    ok(cli_run("--as", "zhao", "supervise", "add", code, "--level", "县级", "--deadline", "2026-12-30",
               "--reason", "县级挂牌", "--authority", "某县应急管理局", "--doc-no", "某应急督〔2026〕1号"))
    out = ok(cli_run("--as", "wang", "hazard", "void", code, "--reason", "误报")).stdout
    assert out == (f"{code}: 作废 (voided); its 县级 挂牌督办 stays until written off: "
                   f"`dualprev supervise request-writeoff {code}`\n")


def test_reopen_points_both_ways(db, cli_run):
    code = report(cli_run)
    ok(cli_run("--as", "wang", "hazard", "fix", code, "--measures", "已加装"))
    ok(cli_run("--as", "li", "hazard", "verify", code, "--pass"))
    new = js(cli_run("--as", "li", "--json", "hazard", "reopen", code, "--reason", "复查发现未固定"))["code"]
    assert "still open" in refused(cli_run("--as", "li", "hazard", "reopen", code, "--reason", "x"), 3)
    old_sheet = ok(cli_run("--as", "wang", "hazard", "show", code)).stdout
    new_sheet = ok(cli_run("--as", "wang", "hazard", "show", new)).stdout
    assert "状态: 销号 (closed)" in old_sheet and f"已重新打开为: {new}" in old_sheet
    assert "状态: 发现 (reported)" in new_sheet and f"重新打开自: {code}" in new_sheet
    assert "only a closed" in refused(cli_run("--as", "li", "hazard", "reopen", new, "--reason", "x"), 3)
    assert ok(cli_run("--as", "admin", "audit", "verify")).stdout.startswith("audit chain intact")
