"""The CLI documents itself: every command has help that prints, and start-up stays light."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from dualprev.cli import cli

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("sqlalchemy", "sqlmodel", "transitions", "jinja2", "alembic", "pygal")


def walk(command: click.Command, path: tuple[str, ...] = ()):
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from walk(sub, (*path, name))


COMMANDS = list(walk(cli))
IDS = [" ".join(path) or "dualprev" for path, _ in COMMANDS]


def test_the_contract_commands_exist():
    assert {" ".join(p) for p, _ in COMMANDS} >= {
        "init", "org add", "org list", "person add", "person list", "hazard report", "hazard assign",
        "hazard fix", "hazard submit", "hazard verify", "hazard extend", "hazard void", "hazard show",
        "hazard list", "report overdue", "audit verify", "workflow show"}


def test_the_inspection_commands_exist():  # issue 4
    assert {" ".join(p) for p, _ in COMMANDS} >= {
        "checklist add", "checklist list", "checklist show", "plan add", "plan generate", "plan list",
        "plan show", "plan pause", "plan resume", "inspect due", "inspect record", "inspect show",
        "inspect missed", "tick", "scheduler run", "calendar add", "calendar check", "report inspections"}


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_every_command_has_help(path, command):
    assert command.help and command.help.strip(), f"{' '.join(path)} has no help text"
    result = CliRunner().invoke(cli, [*path, "--help"], prog_name="dualprev")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert result.stdout.startswith(f"Usage: {' '.join(('dualprev', *path))} ")
    summary = " ".join(command.help.strip().splitlines()[0].split())
    assert summary in " ".join(result.stdout.split())  # click re-wraps long lines
    if isinstance(command, click.Group):
        for name in command.commands:
            assert f"  {name} " in result.stdout, f"{name} missing from the help of {path}"


@pytest.mark.parametrize(("path", "command"), [
    pytest.param(path, command, id=ident)
    for (path, command), ident in zip(COMMANDS, IDS)
])
def test_every_option_is_explained(path, command):
    bare = [p.opts[0] for p in command.params
            if isinstance(p, click.Option) and not p.hidden and not (p.help or "").strip()]
    assert bare == []


def test_short_help_flag_and_version():
    assert CliRunner().invoke(cli, ["hazard", "-h"]).exit_code == 0
    result = CliRunner().invoke(cli, ["--version"], prog_name="dualprev")
    assert result.exit_code == 0 and result.stdout.startswith("dualprev, version ")


def loaded_after(code: str) -> dict:
    """Run ``code`` in a fresh interpreter at the repository root; which heavy modules got loaded."""
    probe = (f"import sys\n{code}\nimport json\n"
             f"print(json.dumps({{m: m in sys.modules for m in {HEAVY!r}}}))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_importing_the_cli_loads_no_database_stack():
    assert loaded_after("import dualprev.cli") == dict.fromkeys(HEAVY, False)


@pytest.mark.parametrize("argv", [["--help"], ["hazard", "report", "--help"], ["hazard", "list", "--help"],
                                  ["scheduler", "run", "--help"], ["inspect", "record", "--help"]])
def test_help_loads_no_database_stack(argv):
    code = (f"from dualprev import cli\ntry:\n    cli.cli({argv!r}, prog_name='dualprev')\nexcept SystemExit:\n"
            "    pass\nprint()")
    assert loaded_after(code) == dict.fromkeys(HEAVY, False)


def test_the_probe_sees_heavy_imports():
    """The start-up check above can fail: importing the register does load the stack."""
    assert loaded_after("import dualprev.hazards.services.hazard")["sqlalchemy"] is True
