"""The user's language through the CLI: `--lang`, DUALPREV_LANG or a zh locale make help and error
lines Chinese; English stays complete; nothing set keeps today's default (English help and errors,
Chinese labels in tables)."""

from __future__ import annotations

import pytest

from dualprev.hazards import catalogue
from tests.cli.helpers import bad_input, ok, refused


def test_an_error_line_comes_out_in_the_chosen_language(demo, monkeypatch):
    zh = demo("--lang", "zh", "--as", "wang", "hazard", "show", "YH-1")
    assert zh.exit_code == 1 and zh.stdout == ""
    assert zh.stderr == "错误: 您的管辖范围内没有隐患 YH-1: 见 `dualprev hazard list`\n"
    en = demo("--lang", "en", "--as", "wang", "hazard", "show", "YH-1")
    assert refused(en, 1) == "Error: no hazard YH-1 in your scope: see `dualprev hazard list`"


@pytest.mark.parametrize("env", [{"DUALPREV_LANG": "zh"}, {"LANG": "zh_CN.UTF-8"}, {"LC_ALL": "zh_CN.UTF-8"}])
def test_the_environment_chooses_chinese(demo, monkeypatch, env):
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    done = demo("--as", "wang", "hazard", "show", "YH-1")
    assert done.exit_code == 1 and done.stderr.startswith("错误: 您的管辖范围内没有隐患 YH-1")
    english = demo("--lang", "en", "--as", "wang", "hazard", "show", "YH-1")  # --lang wins
    assert english.stderr.startswith("Error: no hazard YH-1")


def test_nothing_set_keeps_english_errors_and_chinese_tables(demo, monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert refused(demo("--as", "wang", "hazard", "show", "YH-1"), 1).startswith("Error: no hazard")
    assert "隐患编号" in ok(demo("--as", "wang", "hazard", "list")).stdout


def test_a_usage_error_in_chinese_changes_nothing(demo):
    before = ok(demo("--as", "wang", "--json", "hazard", "list")).stdout
    done = demo("--lang", "zh", "--as", "wang", "hazard", "list", "--state", "bogus")
    assert done.exit_code == 2 and done.stdout == "" and "Traceback" not in done.stderr
    assert done.stderr.startswith("用法: ") and " hazard list [OPTIONS]" in done.stderr
    assert " hazard list --help' 查看帮助。" in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("错误: '--state' 的值无效: 未知的")
    assert bad_input(demo("--lang", "en", "--as", "wang", "hazard", "list", "--state", "bogus")).startswith(
        "Error: Invalid value for '--state': unknown state 'bogus'")
    assert ok(demo("--as", "wang", "--json", "hazard", "list")).stdout == before


def test_help_in_chinese_and_in_english(cli_run):
    zh = ok(cli_run("--lang", "zh", "-h")).stdout
    assert "显示本帮助并退出。" in zh and "退出码: 1 被拒绝" in zh and zh.startswith("用法: ")
    en = ok(cli_run("--lang", "en", "-h")).stdout
    assert "Show this message and exit." in en and "Exit codes: 1 refused" in en and en.startswith("Usage:")


def test_the_language_is_resolved_before_the_command_and_from_the_locale():
    env = {"LANG": "zh_CN.UTF-8"}
    assert catalogue.language(None, env) == "zh"
    assert catalogue.language("en", env) == "en"
    assert catalogue.language(None, {"DUALPREV_LANG": "en", **env}) == "en"
    assert catalogue.language(None, {"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}) == "en"
    assert catalogue.language(None, {}) == "en"


def test_a_message_keeps_its_values_wherever_the_chinese_puts_them(monkeypatch):
    try:
        with monkeypatch.context() as patch:
            patch.setitem(catalogue.ERRORS, "{a} owes {b} {n} yuan", "{b} 应收 {a} {n} 元")
            catalogue._patterns.cache_clear()
            assert catalogue.message("chen owes li 30 yuan", "zh") == "li 应收 chen 30 元"
            assert catalogue.message("chen owes li 30 yuan", "en") == "chen owes li 30 yuan"
            assert catalogue.message("something never catalogued", "zh") == "something never catalogued"
    finally:
        catalogue._patterns.cache_clear()


def test_help_paragraphs_are_translated_one_by_one_and_examples_stay():
    text = "Show this message and exit.\n\nA paragraph nobody translated.\n\n\b\nExample:\n    dualprev init"
    assert catalogue.help_text(text, "zh") == (
        "显示本帮助并退出。\n\nA paragraph nobody translated.\n\n\b\n示例:\n    dualprev init")
    assert catalogue.help_text(text, "en") == text
