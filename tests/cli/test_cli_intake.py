"""Everyone reports, through the CLI (issue 14 item 4): a worker's report and what they read (安全生产法
Art 59); a 举报 whose contact never reaches --json, exports or others' sheets (Arts 74, 76); the
reward and its suggestion; a regulator's finding closed after its 整改复查 (16号令 Art 20);
`workflow show` naming the records."""

from __future__ import annotations

from tests.cli.helpers import bad_input, js, ok, refused, shown

PHONE = "13800000000"


def whistle(cli_run, *extra):
    return ok(cli_run("--as", "wang", "hazard", "report", "--title", "仓库堵塞安全出口", "--org", "设备部",
                      "--source", "举报", "--via", "电话", *extra)).stdout.strip()


def test_cli_art59_a_worker_reports_with_a_photo_and_lists_their_own(db, cli_run, tmp_path):
    ok(cli_run("--as", "admin", "person", "add", "xiao", "--name", "肖操作工", "--org", "甲班", "--role", "从业人员"))
    ok(cli_run("--as", "liu", "hazard", "report", "--title", "别人的", "--org", "甲班"))
    (tmp_path / "leak.jpg").write_bytes(b"\xff\xd8\xff\xe0 photo")
    mine = ok(cli_run("--as", "xiao", "hazard", "report", "--title", "三号泵机封滴漏", "--org", "甲班",
                      "--photo", str(tmp_path / "leak.jpg"))).stdout.strip()
    assert [h["code"] for h in js(cli_run("--as", "xiao", "--json", "hazard", "list"))] == [mine]
    assert [a["stage"] for a in shown(cli_run, mine, "xiao")["attachments"]] == ["report"]
    refused(cli_run("--as", "xiao", "hazard", "show", "YH-2026-000001"), 1)


def test_cli_art76_the_contact_stays_with_supervisors(db, cli_run, tmp_path):
    code = whistle(cli_run, "--reporter", "张三", "--contact", PHONE)
    for who in ("wang", "li", "sun"):
        assert PHONE not in cli_run("--as", who, "--json", "hazard", "show", code).stdout
        assert PHONE not in cli_run("--as", who, "hazard", "show", code).stdout
    assert "(保密)" in cli_run("--as", "wang", "hazard", "show", code).stdout
    assert "张三 13800000000" in ok(cli_run("--as", "zhao", "hazard", "show", code)).stdout
    assert shown(cli_run, code, "zhao")["whistleblower"]["contact"] == PHONE
    ok(cli_run("--as", "wang", "report", "whistleblower", "--format", "csv", "-o", str(tmp_path / "w.csv")))
    exported = (tmp_path / "w.csv").read_text("utf-8")
    assert code in exported and PHONE not in exported and "联系方式" not in exported
    ledger = ok(cli_run("--as", "zhao", "report", "ledger", "--format", "csv")).stdout
    assert code in ledger and PHONE not in ledger
    head = ok(cli_run("--as", "zhao", "report", "whistleblower", "--format", "csv")).stdout.splitlines()
    assert "联系方式" in head[0] and PHONE in head[1]
    refused(cli_run("--as", "chen", "report", "whistleblower"), 1)


def test_cli_whistleblower_options_are_checked_before_anything_is_written(db, cli_run):
    line = refused(cli_run("--as", "wang", "hazard", "report", "--title", "x", "--org", "设备部",
                           "--contact", PHONE), 2)
    assert "only with --source whistleblower" in line
    refused(cli_run("--as", "wang", "hazard", "report", "--title", "x", "--org", "设备部", "--source",
                    "whistleblower", "--anonymous", "--reporter", "张三"), 2)
    bad_input(cli_run("--as", "wang", "hazard", "report", "--title", "x", "--org", "设备部", "--source",
                      "whistleblower", "--via", "pigeon", "--anonymous"))
    assert [h for h in js(cli_run("--as", "zhao", "--json", "hazard", "list")) if h["title"] == "x"] == []


def test_cli_art11_reward_after_the_fine_with_the_suggestion(db, cli_run):
    code = whistle(cli_run, "--anonymous")
    ok(cli_run("--as", "wang", "hazard", "assign", code, "--owner", "sun", "--deadline", "2026-12-10",
               "--measures", "清理通道"))
    assert "no fine is recorded" in refused(cli_run("--as", "zhao", "hazard", "reward", code), 2)
    out = ok(cli_run("--as", "wang", "hazard", "penalty", code, "--amount", "100000", "--authority",
                     "某县应急管理局", "--doc-no", "罚〔2026〕8号"))
    assert out.stdout.strip() == f"{code}: 行政处罚 100000 元 (某县应急管理局 罚〔2026〕8号)"
    out = ok(cli_run("--as", "zhao", "hazard", "reward", code, "--amount", "12000", "--note", "举报属实"))
    assert out.stdout.strip() == f"{code}: 奖励 12000 元 (建议 15000 元)"
    [row] = js(cli_run("--as", "zhao", "--json", "report", "whistleblower"))
    assert (row["fine"], row["suggested"], row["reward"], row["anonymous"]) == (100000, 15000, 12000, True)
    assert refused(cli_run("--as", "zhao", "hazard", "reward", code, "--amount", "1"), 3).endswith("rewarded already")


def test_cli_art20_a_regulator_finding_closes_after_its_review(db, cli_run):
    code = ok(cli_run("--as", "wang", "hazard", "report", "--title", "储罐区未设置泄漏报警", "--org", "生产一车间",
                      "--source", "regulator", "--authority", "某县应急管理局", "--doc-no", "应急责改〔2026〕12号",
                      "--deadline", "2026-12-31")).stdout.strip()
    ok(cli_run("--as", "wang", "hazard", "assign", code, "--owner", "chen", "--measures", "加装报警器"))
    assert shown(cli_run, code)["deadline"] == "2026-12-31"
    ok(cli_run("--as", "chen", "hazard", "submit", code, "--note", "已加装"))
    assert "整改复查" in refused(cli_run("--as", "li", "hazard", "verify", code, "--pass"), 3)
    out = ok(cli_run("--as", "wang", "hazard", "review", code, "--authority", "某县应急管理局", "--doc-no", "复查〔2026〕2号"))
    assert out.stdout.strip() == f"{code}: 整改复查通过 (某县应急管理局 复查〔2026〕2号)"
    ok(cli_run("--as", "li", "hazard", "verify", code, "--pass"))
    sheet = ok(cli_run("--as", "wang", "hazard", "show", code)).stdout
    assert "整改指令书: 某县应急管理局 应急责改〔2026〕12号 2026-12-31" in sheet and "整改复查" in sheet
    refused(cli_run("--as", "wang", "hazard", "review", code, "--authority", "某县应急管理局"), 2)


def test_cli_workflow_show_names_the_new_records(db, cli_run):
    text = ok(cli_run("workflow", "show")).stdout
    for command in ("hazard report --source whistleblower", "hazard penalty|review", "hazard reward"):
        assert command in text
    assert "regulator_review_passed" in text and "within_regulator_deadline" in text
    records = js(cli_run("--json", "workflow", "show"))["records"]
    assert {r["record"]: r["roles"] for r in records}["report"] == ["*"]
