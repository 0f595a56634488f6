"""`dualprev enterprise set/show` through the CLI: the sheet in both languages and as JSON, the
refusals (a wrong check character, a short 危化品登记 code, not an admin) with one line and their
exit codes and nothing stored."""

from __future__ import annotations

from tests.cli.helpers import js, no_traceback, ok
from tests.support import count

CODE = "91350100M000100Y43"


def test_set_and_show(db, cli_run):
    out = ok(cli_run("--as", "admin", "enterprise", "set", "示范化工有限公司", "--credit-code", CODE,
                     "--principal", "gao", "--company-code", "330100123", "--address", "杭州市某路1号",
                     "--contact-phone", "0571-88888888")).stdout
    assert out == ("示范化工有限公司 (91350100M000100Y43): address, company_code, contact_phone, "
                   "credit_code, principal, registered_name\n")
    sheet = ok(cli_run("--as", "wang", "enterprise", "show")).stdout
    assert sheet.splitlines() == [
        "组织单元: 示范化工有限公司", "登记名称: 示范化工有限公司", "统一社会信用代码: 91350100M000100Y43",
        "危化品登记企业编码: 330100123", "地址: 杭州市某路1号", "主要负责人: 高厂长 (gao)",
        "联系电话: 0571-88888888", "更新时间: 2026-11-24 10:00", "更新人: admin"]
    english = ok(cli_run("--lang", "en", "--as", "chen", "enterprise", "show", "示范化工有限公司")).stdout
    assert "unified social credit code: 91350100M000100Y43" in english
    doc = js(cli_run("--json", "--as", "wang", "enterprise", "show"))
    assert doc["credit_code"] == CODE and doc["company_code"] == "330100123" and doc["principal"] == "gao"
    changed = js(cli_run("--json", "--as", "admin", "enterprise", "set", "示范化工有限公司",
                         "--credit-code", CODE, "--industry", "危险化学品生产"))
    assert changed["changed"] == ["industry"] and changed["address"] == "杭州市某路1号"


def _refused(result, code, words):
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    no_traceback(result)
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert words in result.stderr


def test_refusals_change_nothing(db, cli_run):
    set_ = ("--as", "admin", "enterprise", "set", "示范化工有限公司")
    _refused(cli_run(*set_, "--credit-code", "91350100M000100Y44"), 2, "check character")
    _refused(cli_run(*set_, "--credit-code", CODE, "--company-code", "3301001234"), 2, "not 9 digits")
    missing = cli_run(*set_)
    assert missing.exit_code == 2 and "Missing option '--credit-code'" in missing.stderr
    _refused(cli_run("--as", "wang", "enterprise", "set", "示范化工有限公司", "--credit-code", CODE), 1,
             "may not set the enterprise profile")
    _refused(cli_run("--as", "wang", "enterprise", "show"), 1, "enterprise set")
    assert count(db, "enterprise_profile") == 0
