"""The Chinese of every help text and error message, keyed by the English the code writes
(gettext's way: the English in the code is the key, so English is always complete).

How to add a text (a command, an option, an error):
- write the help or the message in English in the code, as always;
- add its Chinese to HELP (a docstring's paragraph or an option's help, its whitespace collapsed to
  single spaces; lines of a ``\\b`` block are looked up one by one) or to ERRORS (a message; for an
  f-string keep its {placeholders} as written, e.g. ``"unknown {what} {text!r}"``: the Chinese may
  put them anywhere, and a placeholder's value is translated too when it is itself a message);
- tests/docs/test_languages.py names every help text and every raised message with no Chinese.

The language: ``--lang``, else ``DUALPREV_LANG``, else Chinese for a zh locale (LC_ALL,
LC_MESSAGES, LANG). Nothing set: help and errors stay English and tables keep Chinese labels,
as before. Imports nothing, so `dualprev --help` stays fast.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Mapping
from functools import cache

LANGS = ("zh", "en")


def language(explicit: str | None, environ: Mapping[str, str]) -> str:
    """The language of help and errors: ``explicit`` (--lang), DUALPREV_LANG, a zh locale, else en."""
    for value in (explicit, environ.get("DUALPREV_LANG")):
        if value in LANGS:
            return value
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if environ.get(var):
            return "zh" if environ[var].lower().startswith("zh") else "en"
    return "en"


def _key(paragraph: str) -> str:
    return " ".join(paragraph.split())


def help_text(text: str | None, lang: str) -> str | None:
    """A help text in ``lang``: each paragraph from HELP, a ``\\b`` block line by line."""
    if not text or lang != "zh":
        return text
    out = []
    for paragraph in inspect.cleandoc(text).split("\n\n"):
        if paragraph.startswith("\b"):
            lines = paragraph.splitlines()
            out.append("\n".join(lines[:1] + [_line(line) for line in lines[1:]]))
        else:
            out.append(HELP.get(_key(paragraph), paragraph))
    return "\n\n".join(out)


def _line(line: str) -> str:
    zh = HELP.get(line.strip())
    return line if zh is None else line[: len(line) - len(line.lstrip())] + zh


_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@cache
def _patterns() -> list[tuple[re.Pattern[str], list[str], str]]:
    """Each English message of ERRORS as a pattern whose groups are its placeholders, longest first
    (the most literal text wins when two would match)."""
    out = []
    for english, zh in sorted(ERRORS.items(), key=lambda kv: -len(_PLACEHOLDER.sub("", kv[0]))):
        names = _PLACEHOLDER.findall(english)
        literal = _PLACEHOLDER.split(english)[::2]
        body = "(.*?)".join(re.escape(part) for part in literal)
        out.append((re.compile(f"{body}\\Z", re.S), names, zh))
    return out


def message(text: str, lang: str, _depth: int = 0) -> str:
    """An error message in ``lang``; one without a Chinese entry stays as it is."""
    if lang != "zh" or _depth > 3:
        return text
    for pattern, names, zh in _patterns():
        found = pattern.match(text)
        if found:
            values = {}
            for name, value in zip(names, found.groups()):
                values.setdefault(name, message(value, lang, _depth + 1))
            return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), zh)
    return text


# --- help texts: command docstrings' paragraphs and options' help --------------------------------
HELP: dict[str, str] = {
    # click's own
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "Example:": "示例:",
    "Examples:": "示例:",
    # the root (cli.py)
    "dualprev: the 双重预防 risk-and-hazard register.": "dualprev: 双重预防(风险分级管控与隐患排查治理)登记系统。",
    "Hazards (隐患) flow 发现 → 整改 → 复核 → 销号 (reported → rectifying → verifying → closed).":
        "隐患按 发现 → 整改 → 复核 → 销号 流转。",
    "Exit codes: 1 refused (unknown, not permitted), 2 bad input, 3 not allowed by the workflow, 4 conflict "
    "with a concurrent change or the database busy (try again), 5 database unavailable, 6 read-only, 7 full, "
    "8 schema version mismatch (upgrade dualprev, or run dualprev init), 70 internal error.":
        "退出码: 1 被拒绝(不存在、无权限), 2 输入有误, 3 流程不允许, 4 与同时进行的修改冲突或数据库繁忙(请重试), "
        "5 数据库不可用, 6 只读, 7 空间已满, 8 数据库结构版本不符(升级 dualprev 或运行 dualprev init), 70 内部错误。",
    "SQLAlchemy URL (default: a SQLite file in your data directory). Env: DUALPREV_DB.":
        "SQLAlchemy 数据库地址(默认: 数据目录中的 SQLite 文件)。环境变量: DUALPREV_DB。",
    "Act as this person (default: DUALPREV_USER; on PostgreSQL the person of your database login; else your "
    "OS login).": "以此人身份操作(默认: DUALPREV_USER; PostgreSQL 上为数据库登录名对应的人员; 否则为操作系统登录名)。",
    "Print one JSON document and nothing else on stdout.": "在标准输出只打印一个 JSON 文档。",
    "Language of labels, help and errors. Default: help and errors follow DUALPREV_LANG or a zh locale "
    "(LC_ALL, LANG), else English; tables and reports keep Chinese labels.":
        "标签、帮助和错误信息的语言。默认: 帮助和错误信息依 DUALPREV_LANG 或中文区域设置(LC_ALL、LANG), "
        "否则为英文; 表格和报表的标签默认中文。",
}

# --- error messages (and click's framing of them) ------------------------------------------------
ERRORS: dict[str, str] = {
    # click's framing; the {message} inside is translated too
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效: {message}",
    "Invalid value: {message}": "值无效: {message}",
    "Missing option {param_hint}.": "缺少选项 {param_hint}。",
    "Missing argument {param_hint}.": "缺少参数 {param_hint}。",
    "Missing parameter {param_hint}.": "缺少参数 {param_hint}。",
    "Missing option {param_hint}. {extra}": "缺少选项 {param_hint}。{extra}",
    "Missing argument {param_hint}. {extra}": "缺少参数 {param_hint}。{extra}",
    "Choose from:\n\t{choices}": "可选:\n\t{choices}",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such option {name!r}. Did you mean {possibility}?": "没有选项 {name!r}。是否要用 {possibility}?",
    "No such option {name!r}. (Did you mean one of: {possibilities}?)":
        "没有选项 {name!r}。(是否要用其中之一: {possibilities}?)",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个值。",
    "Option {name!r} does not take a value.": "选项 {name!r} 不带值。",
    "Got unexpected extra argument ({args})": "多余的参数 ({args})",
    "Got unexpected extra arguments ({args})": "多余的参数 ({args})",
    "Missing command.": "缺少命令。",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不是以下之一: {choices}。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} 不是布尔值。可用: {states}",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是目录。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 不可写。",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}: {message}",
    "integer range": "整数范围",
    "integer": "整数",
    "float": "数字",
    "file": "文件",
    "directory": "目录",
    "path": "路径",
    # what is looked up (hazards/access.py, hazards/labels.py)
    "unknown {what} {text!r}; use one of: {allowed}": "未知的{what} {text!r}; 可用: {allowed}",
    "no hazard {code} in your scope: see `dualprev hazard list`":
        "您的管辖范围内没有隐患 {code}: 见 `dualprev hazard list`",
    # the program's edge (cli.py)
    "is empty: give a login, e.g. --as wang": "为空: 请给出账号, 例如 --as wang",
    "standard output is closed. Run the command with it open (`> /dev/null` discards what it prints)":
        "标准输出已关闭。请在标准输出打开时运行 (`> /dev/null` 可丢弃输出)",
    "internal error {type(exc).__name__}: {printable(first)} (run with --traceback for details)":
        "内部错误 {type(exc).__name__}: {printable(first)} (加 --traceback 查看详情)",
    "no space left on the disk ({exc.filename or 'writing'}): free some space and try again":
        "磁盘空间不足 ({exc.filename or 'writing'}): 请清理空间后重试",
    "{exc.strerror or exc}: {exc.filename or ''}. Check the path and that you may use it":
        "{exc.strerror or exc}: {exc.filename or ''}。请检查路径及访问权限",
}

# --- the words around a message -------------------------------------------------------------------
FRAME = {
    "error": ("错误: {message}", "Error: {message}"),
    "try": ("运行 '{command} {option}' 查看帮助。", "Try '{command} {option}' for help."),
    "usage": ("用法:", "Usage:"),
    "Options": ("选项", "Options"),
    "Commands": ("命令", "Commands"),
    "Arguments": ("参数", "Arguments"),
}


def frame(key: str, lang: str, **values: str) -> str:
    words = FRAME[key][0 if lang == "zh" else 1]
    return words.format(**values) if values else words
