"""The user's language (issue 12 item 4): every command's help, every option's help and every
message the program raises has its Chinese in hazards/catalogue.py; `--lang`, DUALPREV_LANG and a
zh locale choose it, and English stays complete."""

from __future__ import annotations

import ast
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from dualprev.cli import cli
from dualprev.hazards import catalogue
from tests.docs.test_docs import COMMANDS, IDS

REPO = Path(__file__).resolve().parents[2]


def prose(text: str | None) -> list[str]:
    """The paragraphs of a help text that are words (a ``\\b`` block is examples, kept as written)."""
    import inspect

    return [p for p in inspect.cleandoc(text or "").split("\n\n") if p.strip() and not p.startswith("\b")]


def untranslated(command: click.Command, path: tuple[str, ...]) -> list[str]:
    name = " ".join(("dualprev", *path))
    missing = [f"{name}: no help"] if not command.help else []
    for paragraph in prose(command.help):
        if catalogue.help_text(paragraph, "zh") == paragraph:
            missing.append(f"{name}: {' '.join(paragraph.split())!r}")
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            if not param.help:
                missing.append(f"{name} {param.opts[0]}: no help")
            elif catalogue.help_text(param.help, "zh") == param.help:
                missing.append(f"{name} {param.opts[0]}: {' '.join(param.help.split())!r}")
    return missing


def test_every_command_and_option_has_help_in_both_languages():
    missing = [line for path, command in COMMANDS for line in untranslated(command, path)]
    assert not missing, "help with no Chinese in hazards/catalogue.py HELP:\n" + "\n".join(missing)


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_the_help_page_differs_per_language(path, command):
    runner = CliRunner()
    pages = {lang: runner.invoke(cli, ["--lang", lang, *path, "-h"]) for lang in ("zh", "en")}
    for result in pages.values():
        assert result.exit_code == 0, result.output
    assert "选项:" in pages["zh"].output and "Options:" in pages["en"].output
    first = prose(command.help)[0]
    assert catalogue.help_text(first, "zh")[:8] in pages["zh"].output
    assert " ".join(first.split())[:8] in pages["en"].output


# --- every message a command can raise ---------------------------------------------------------------

RAISERS = {"BadParameter", "UsageError", "ClickException", "fail", "BadOptionUsage"}
CARRIERS = {"versioned_update": -1, "by_code": -1}  # helpers that raise the message they are given


def _template(node: ast.expr, names: dict[str, ast.expr]) -> str | None:
    """The message as the catalogue keys it: an f-string with its placeholders as written."""
    if isinstance(node, ast.Name) and node.id in names:
        node = names[node.id]
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if not isinstance(node, ast.JoinedStr):
        return None
    out = []
    for part in node.values:
        if isinstance(part, ast.Constant):
            out.append(part.value)
        else:
            conversion = "" if part.conversion == -1 else "!" + chr(part.conversion)
            spec = f":{ast.unparse(part.format_spec)[2:-1]}" if part.format_spec else ""
            out.append("{" + ast.unparse(part.value) + conversion + spec + "}")
    return "".join(out)


def _messages(tree: ast.AST, raisers: set[str]):
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Module)):
            continue
        names = {n.targets[0].id: n.value for n in ast.walk(function)
                 if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name)}
        for node in ast.walk(function):
            if isinstance(node, ast.Call) and node.args:
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
                if name in raisers or name in CARRIERS:
                    message = _template(node.args[CARRIERS.get(name, 0)], names)
                    if message and message.strip():
                        yield node.lineno, " ".join(message.split())


def raised_messages() -> list[tuple[str, str]]:
    """(where, message) of every ``raise SomeError("...")`` and ``.fail("...")`` in the program (a
    message first put in a variable of the same function too)."""
    from dualprev.hazards import errors

    raisers = RAISERS | {n for n in dir(errors) if isinstance(getattr(errors, n), type)}
    found = set()
    files = [REPO / "cli.py", *sorted((REPO / "hazards").rglob("*.py")), *sorted((REPO / "workflows").rglob("*.py")),
             *sorted((REPO / "schedules").rglob("*.py"))]
    for file in files:
        if "migrations" not in file.parts:
            tree = ast.parse(file.read_text(encoding="utf-8"))
            found |= {(f"{file.relative_to(REPO)}:{line}", text) for line, text in _messages(tree, raisers)}
    return sorted(found)


def test_every_raised_message_has_its_chinese():
    missing = [f"{where}: {text!r}" for where, text in raised_messages()
               if " ".join(text.split()) not in catalogue.ERRORS]
    assert not missing, "messages with no Chinese in hazards/catalogue.py ERRORS:\n" + "\n".join(missing)
