"""One meaning per command line: every option that takes one value, on every command, is refused
when given twice (naming it), and options that contradict each other are refused together; both
as click usage errors, before anything is read or written."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from dualprev.cli import cli
from tests.cli.helpers import bad_input, report, shown
from tests.support import events


@pytest.fixture
def db_url(sqlite_url):
    """The backend makes no difference here (the limits are checked on both in test_cli_limits)."""
    return sqlite_url


def commands(group: click.Group = cli, path: tuple[str, ...] = ()):
    yield path, group
    for name, sub in getattr(group, "commands", {}).items():
        yield from commands(sub, (*path, name))


SINGLE = [(path, opt) for path, command in commands() for opt in command.params
          if isinstance(opt, click.Option) and not opt.multiple and not opt.count
          and opt.name not in ("help", "version")]
EXCLUSIVE = [(path, names) for path, command in commands()
             for names in getattr(command.callback, "__exclusive__", ())]


def test_the_survey_found_the_options():
    assert len(SINGLE) > 100
    flags = {(" ".join(p), " ".join(n)) for p, n in EXCLUSIVE}
    for expected in [("hazard verify", "passed rejected"), ("risk add", "lec ls"),
                     ("risk assess", "lec ls"), ("hazard assign", "deadline within"),
                     ("hazard extend", "deadline within"), ("hazard extend-request", "deadline within"),
                     ("calendar add", "holiday workday"), ("notify route add", "webhook email"),
                     ("notify route add", "org_ref person"), ("plan add", "cadence_name cron holiday_eve")]:
        assert expected in flags


def value_of(option: click.Option) -> list[str]:
    return [] if option.is_flag else ["x"]


@pytest.mark.parametrize(("path", "option"), SINGLE, ids=lambda v: v if isinstance(v, str) else None)
def test_an_option_given_twice_is_refused_naming_it(path, option):
    flag = option.opts[0]
    root_first = not path  # the root group's own options come before any command
    args = [flag, *value_of(option), flag, *value_of(option), *([] if root_first else path)]
    if not root_first:
        args = [*path, flag, *value_of(option), flag, *value_of(option)]
    result = CliRunner().invoke(cli, args)
    line = bad_input(result)
    assert f"Option '{flag}' is given twice" in line


@pytest.mark.parametrize(("path", "names"), EXCLUSIVE, ids=lambda v: " ".join(v))
def test_contradicting_options_are_refused_together(path, names):
    command = dict(commands())[path]
    params = {p.name: p for p in command.params}
    args = list(path)
    for name in names[:2]:
        args += [params[name].opts[0], *value_of(params[name])]
    line = bad_input(CliRunner().invoke(cli, args))
    first, second = (params[n].opts[0] for n in names[:2])
    assert f"{first} and {second} cannot be used together" in line


def test_a_level_given_twice_stores_nothing(db, cli_run):
    before = events(db)
    line = bad_input(cli_run("--as", "wang", "hazard", "report", "--title", "t", "--org", "甲班",
                             "--level", "一般", "--level", "重大"))
    assert "'--level' is given twice" in line
    assert events(db) == before


def test_verify_with_both_flags_leaves_the_hazard_as_it_was(db, cli_run):
    code = report(cli_run)
    for flags in (("--reject", "--pass"), ("--pass", "--reject")):
        bad_input(cli_run("--as", "li", "hazard", "verify", code, *flags))
    assert shown(cli_run, code)["state"] == "reported"


def test_a_repeatable_option_stays_repeatable(db, cli_run):
    from tests.cli.helpers import ok

    ok(cli_run("--as", "wang", "risk", "add", "储罐区", "--org", "生产一车间", "--lec", "6,6,15",
               "--source", "泄漏", "--source", "火灾"))
