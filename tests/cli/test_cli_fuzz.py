"""The command line fuzzed: every command's arguments drawn by hypothesis (real codes and logins,
edge values, invisible characters, huge numbers, far dates, repeated options), run through
CliRunner on a copy of the demo register. Never a traceback, never exit 70, and after every
refusal the database is byte for byte what it was.

`scheduler run` (a daemon) and `init --hazards N` (bulk seeding, bounded by its own tests) are
left out.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dualprev.cli import cli
from tests.conftest import NOW

LEFT_OUT = {("scheduler", "run")}
LEFT_OUT_OPTIONS = {("init",): {"bulk"}}
EXAMPLES = int(os.environ.get("DUALPREV_FUZZ_EXAMPLES", "12"))  # 12 a command keeps CI near 30 s


def leaves(group: click.Command = cli, path: tuple[str, ...] = ()):
    subs = getattr(group, "commands", None)
    if subs is None:
        if path not in LEFT_OUT:
            yield path, group
        return
    for name, sub in sorted(subs.items()):
        yield from leaves(sub, (*path, name))


COMMANDS = dict(leaves())
PEOPLE = ["boss", "wang", "chen", "li", "zhao", "liu", "sun", "nobody"]
EDGE = ["", " ", "0", "-1", str(2**63), str(2**64), "1e309", "nan", "9999-12-31", "0001-01-01",
        "1999-12-31", "2026-11-30", "2036-11-25", "99999999999wd", "5wd", "10", "x" * 10_000,
        "\x1b[31m红\x1b[0m", "\u200b", "a\nb", "\u202e", "../../etc/passwd", "重大", "一般", "general",
        "major", "YH-2026-000001", "YH-2026-000003", "YH-2026-999999", "FX-000001", "甲班", "生产一车间",
        "示范化工有限公司", "wang", "chen", "1", "2", "1=ok", "1=fail", "2=na", "0 8 * * 0", "daily",
        "enterprise", "county", "https://example.invalid/hook", "a@b", "/proc/self/status", "/dev/zero"]


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    """The demo register, made once; each test works on a copy."""
    folder = tmp_path_factory.mktemp("fuzz-demo")
    path = folder / "register.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DUALPREV_NOW", NOW)
        mp.setenv("DUALPREV_FILES", str(folder / "files"))
        result = CliRunner().invoke(cli, ["--db", f"sqlite:///{path}", "--as", "boss", "init", "--demo"])
        assert result.exit_code == 0, result.output
        from dualprev.hazards.db import close_db

        close_db(f"sqlite:///{path}")
    settle(path)
    return path


def settle(path: Path) -> None:
    """Fold the WAL into the file, so the file alone is the register."""
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def fingerprint(path: Path) -> str:
    settle(path)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def value_for(param: click.Parameter, files: dict[str, str]):
    choices = list(EDGE) + list(files.values())
    kind = param.type
    if isinstance(kind, click.Choice):
        choices += list(kind.choices)
    return st.one_of(st.sampled_from(choices), st.text(max_size=12))


@st.composite
def command_line(draw, path: tuple[str, ...], files: dict[str, str]):
    command = COMMANDS[path]
    args: list[str] = []
    for param in command.params:
        if param.name in LEFT_OUT_OPTIONS.get(path, ()):
            continue
        if isinstance(param, click.Argument):
            if draw(st.integers(0, 9)):  # nearly always given
                args.append(draw(value_for(param, files)))
            continue
        if param.name == "help" or not draw(st.booleans()):
            continue
        times = draw(st.sampled_from([1, 1, 1, 2]))  # sometimes twice
        for _ in range(times):
            args.append(draw(st.sampled_from(param.opts)))
            if not param.is_flag and not param.count:
                args.append(draw(value_for(param, files)))
    pre = ["--as", draw(st.sampled_from(PEOPLE))]
    if draw(st.booleans()):
        pre.append("--json")
    if draw(st.integers(0, 4)) == 0:
        pre += ["--lang", "en"]
    return pre + list(path) + args


@pytest.mark.parametrize("path", sorted(COMMANDS), ids=" ".join)
def test_fuzzed_command_lines_never_crash_and_refusals_change_nothing(path, demo_file, tmp_path,
                                                                     monkeypatch):
    register = tmp_path / "register.db"
    shutil.copyfile(demo_file, register)
    url = f"sqlite:///{register}"
    photo = tmp_path / "p.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 a photo")
    files = {"photo": str(photo), "out": str(tmp_path / "out.csv"), "register": str(register),
             "wal": f"{register}-wal", "store": str(tmp_path / "files" / "x.csv")}
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    seen = {"refused": 0, "done": 0}

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                     HealthCheck.data_too_large])
    @given(command_line(path, files))
    def run(args):
        before = fingerprint(register)
        result = runner.invoke(cli, ["--db", url, *args])
        shown = f"{args!r}\n{result.exit_code}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
        assert result.exit_code != 70, shown
        assert "Traceback" not in result.stdout + result.stderr, shown
        assert result.exception is None or isinstance(result.exception, SystemExit), (shown, result.exception)
        if result.exit_code != 0:
            seen["refused"] += 1
            assert len([line for line in result.stderr.splitlines() if line.startswith("Error")]) == 1, shown
            assert fingerprint(register) == before, shown
        else:
            seen["done"] += 1

    try:
        run()
    finally:
        from dualprev.hazards.db import close_db

        close_db(url)
    assert seen["refused"] + seen["done"] > 0
    assert os.path.exists(register)
