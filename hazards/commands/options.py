"""What every command module shares: the App context object, parameter types, the shared
options (--org, --format/--output, the regulator's --authority/--doc-no) and the two ways a
command answers (one line or a JSON document; a sheet or a JSON document).

Only click and the standard library load here, so `dualprev --help` stays fast; the register
loads inside the commands.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import click

FORMATS = click.Choice(["table", "md", "csv", "json", "xlsx", "html"])


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


@dataclass
class App:
    """The global options, handed to every command (``pass_app``)."""

    db_url: str | None
    as_user: str | None  # --as or DUALPREV_USER; None when neither is given
    json: bool
    lang: str
    checked: bool = False  # the schema revision was checked (once per command)
    _user: str | None = None

    @property
    def user(self) -> str:
        """The login to act as: --as, else (PostgreSQL) the session user's person, else the OS login."""
        if self._user is None:
            self._user = self.as_user or self._session_login()
            if self._user is None:
                import getpass  # only when no login is given: it costs a tenth of the start-up

                self._user = getpass.getuser()
        return self._user

    def _session_login(self) -> str | None:
        from dualprev.hazards.db import open_db
        from dualprev.hazards.queries.org import session_login

        return session_login(open_db(self.db_url))  # before the revision check: init may follow

    def db(self, *, upgrading: bool = False, bulk: bool = False, any_revision: bool = False):
        """The register, once its schema revision is checked (every command's first step: a
        newer one is refused, an older one too unless the command is `init`, ``upgrading``;
        `db backup/restore/check` take any, ``any_revision``).
        ``bulk``: the rules' longer PostgreSQL timeouts (init, tick, the daemon)."""
        from dualprev.hazards.db import open_db
        from dualprev.hazards.migrate import check_schema

        db = open_db(self.db_url)
        if bulk:
            db.use_bulk_timeouts()
        if not self.checked and not any_revision:
            check_schema(db, allow_older=upgrading)
            self.checked = True
        return db

    def fmt(self, chosen: str | None) -> str:
        """The listing's format: json with --json, else --format, else the terminal table (with
        every column under --wide: "wide")."""
        fmt = "json" if self.json else (chosen or "table")
        ctx = click.get_current_context(silent=True)
        return "wide" if fmt == "table" and ctx is not None and ctx.meta.get("wide") else fmt

    def done(self, payload: Any, human: str) -> None:
        """Print the outcome: the JSON document with --json, else one human line; a deadline
        moved off a holiday is said on stderr either way."""
        if self.json:
            self.dump(payload)
        else:
            click.echo(human)
        if isinstance(payload, dict) and payload.get("deadline_moved"):
            from dualprev.hazards.labels import HOLIDAYS, label, text

            m = payload["deadline_moved"]
            click.echo(text("deadline_moved", self.lang, old=m["from"], new=m["to"],
                            holiday=label(HOLIDAYS, m["holiday"], self.lang)), err=True)

    def progress(self, label: str):
        """A context giving ``advance(done, total, note)`` that draws a progress bar on stderr when
        it is a terminal and the output is not --json; else a no-op (pipes and scripts stay clean)."""
        from contextlib import contextmanager, nullcontext

        if self.json or not sys.stderr.isatty():
            return nullcontext(lambda done, total, note="": None)

        @contextmanager
        def bar():
            from rich.progress import Progress

            with Progress(transient=True, console=_stderr_console()) as shown:
                task = shown.add_task(label, total=None)

                def advance(done: int, total: int, note: Any = "") -> None:
                    shown.update(task, completed=done, total=total,
                                 description=f"{label} {note}" if note != "" else label)
                yield advance
        return bar()

    def profile(self, fmt: str, org: str | None = None) -> dict[str, Any] | None:
        """The enterprise's registered name and credit code for a page or a Markdown report's
        header (``fmt`` html or md; the other formats have no header to carry them)."""
        if fmt not in ("html", "md"):
            return None
        from dualprev.hazards.queries.enterprise import header

        return header(self.db(), actor=self.user, org=org)

    def dump(self, data: Any) -> None:
        """Print ``data`` as one JSON document (``--json``, or ``--format json``)."""
        from dualprev.hazards.render import dump_json

        dump_json(data, sys.stdout)

    def show(self, data: Any, sheet: Callable[[Any, str, Any], None]) -> None:
        """Print one record: the JSON document with --json, else ``sheet(data, lang, stdout)``."""
        if self.json:
            self.dump(data)
        else:
            sheet(data, self.lang, sys.stdout)


pass_app = click.make_pass_decorator(App)


# --- one meaning per command line ---------------------------------------------------------------------

def exclusive(*names: str):
    """Refuse the parameters ``names`` (Python names) given together on one command line; stack one
    ``exclusive`` per group of contradicting options, below ``@….command``."""
    def decorate(command):
        command.__exclusive__ = (*getattr(command, "__exclusive__", ()), names)
        return command
    return decorate


def _flag(param: click.Parameter) -> str:
    return (param.opts or [param.name or "?"])[0]


class _OneMeaning:
    """A command line means one thing: an option that takes one value is given once, and options
    that contradict each other (``exclusive``) are not given together. Last-one-wins guessing is
    how `--reject --pass` once closed a hazard."""

    def make_parser(self, ctx: click.Context):
        parser = super().make_parser(ctx)  # type: ignore[misc]
        parse = parser.parse_args
        exclusive = getattr(self.callback, "__exclusive__", ())  # type: ignore[attr-defined]

        def parse_once(args):
            opts, rest, order = parse(args=args)
            seen: dict[str, click.Parameter] = {}
            for param in order:  # each time an option was met, before any value is converted
                if (isinstance(param, click.Option) and not param.multiple and not param.count
                        and param.name in seen):
                    raise click.UsageError(f"Option '{_flag(param)}' is given twice: give it once.", ctx)
                seen[param.name] = param
            for names in exclusive:
                used = [seen[n] for n in names if n in seen]
                if len(used) > 1:
                    flags = " and ".join(_flag(p) for p in used)
                    raise click.UsageError(f"{flags} cannot be used together: give one of them.", ctx)
            return opts, rest, order

        parser.parse_args = parse_once
        return parser


_MIXED: dict[tuple[type, type], type] = {}


def mix_in(command: click.Command, mixin: type) -> None:
    """Give ``command`` and every command below it the behaviour of ``mixin`` (placed first)."""
    cls = type(command)
    if not issubclass(cls, mixin):
        if (mixin, cls) not in _MIXED:
            _MIXED[mixin, cls] = type(cls.__name__, (mixin, cls), {"__doc__": cls.__doc__})
        command.__class__ = _MIXED[mixin, cls]
    for sub in getattr(command, "commands", {}).values():
        mix_in(sub, mixin)


def one_meaning(command: click.Command) -> None:
    """Give ``command`` and every command below it the one-meaning parsing (``_OneMeaning``)."""
    mix_in(command, _OneMeaning)


# --- parameter types ----------------------------------------------------------------------------------

class ISODate(click.ParamType):
    name = "DATE"

    def convert(self, value, param, ctx):
        from dualprev.hazards.errors import InvalidInput
        from dualprev.hazards.limits import input_date

        if isinstance(value, date):
            return value
        try:
            day = date.fromisoformat(value)
            input_date(day, "")
            return day
        except ValueError:
            self.fail(f"{value!r} is not a date like 2026-12-31", param, ctx)
        except InvalidInput as exc:
            self.fail(str(exc), param, ctx)


class Instant(click.ParamType):
    name = "DATETIME"

    def convert(self, value, param, ctx):
        from dualprev.hazards.config import parse_instant
        from dualprev.hazards.errors import InvalidInput

        try:
            return parse_instant(value, "time")
        except InvalidInput as exc:
            self.fail(str(exc), param, ctx)


class Choice(click.ParamType):
    """A value from a label table, given in English or Chinese (一般/重大, 发现/整改/...)."""

    def __init__(self, table_name: str, what: str):
        self.table_name, self.what, self.name = table_name, what, what.upper()

    def convert(self, value, param, ctx):
        from dualprev.hazards import labels
        from dualprev.hazards.errors import InvalidInput

        try:
            return labels.parse(getattr(labels, self.table_name), value, self.what)
        except InvalidInput as exc:
            self.fail(str(exc), param, ctx)


class Numbered(click.ParamType):
    """``N=VALUE``: a value for item N (counting from 1, as `inspect show` prints them)."""

    name = "N=VALUE"

    def convert(self, value, param, ctx):
        if isinstance(value, tuple):
            return value
        number, sep, text = value.partition("=")
        if not sep or not number.strip().isdigit() or int(number) < 1 or not text.strip():
            self.fail(f"{value!r} is not N=VALUE with N an item number from 1 (e.g. 2=fail)", param, ctx)
        return int(number), text.strip()


def numbered(pairs: tuple[tuple[int, str], ...], option: str) -> dict[int, str]:
    """The N=VALUE pairs of a repeated option as a dict, refusing an item given twice."""
    out: dict[int, str] = {}
    for n, value in pairs:
        if n in out:
            raise click.BadParameter(f"item {n} is given twice", param_hint=option)
        out[n] = value
    return out


DATE = ISODate()
ID = click.IntRange(1, 2**31 - 1)  # a row id: the tables' INTEGER keys, alike on both databases
COUNT = click.IntRange(1, 2**63 - 1)  # a count such as --limit
class FilePath(click.Path):
    """click's Path, refusing a name the operating system cannot take (a NUL byte, nothing)
    as a usage error before click asks the file system about it."""

    def convert(self, value, param, ctx):
        if isinstance(value, str) and (not value.strip() or "\x00" in value):
            self.fail(f"{value!r} is no file name: give a file name", param, ctx)
        return super().convert(value, param, ctx)


PHOTO = FilePath(exists=True, dir_okay=False)
FILE = FilePath(dir_okay=False)
EXISTING_FILE = FilePath(exists=True, dir_okay=False)
NUMBERED = Numbered()


# --- shared options -----------------------------------------------------------------------------------

def org_option(help: str = "Only this org unit and its subtree.", required: bool = False):
    """``--org ORG`` (a name or an id), stored as ``org_ref``."""
    return click.option("--org", "org_ref", required=required, metavar="ORG", help=help)


def photo_option(command):
    """``--photo FILE``, repeatable: files kept by content hash with the step they document."""
    return click.option("--photo", "photos", multiple=True, type=PHOTO,
                        help="Photo or file (repeatable).")(command)


def deadline_options(deadline_help: str, days_example: str = "10wd"):
    """``--deadline DATE`` or ``--within N|Nwd`` (calendar or working days from today)."""
    def decorate(command):
        command = exclusive("deadline", "within")(command)
        command = click.option("--within", metavar="N|Nwd", help=f"Or: N calendar days / N working days "
                               f"({days_example}) from today.")(command)
        return click.option("--deadline", type=DATE, help=deadline_help)(command)
    return decorate


def _not_the_register(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """Refuse, before anything is written, an output file that is the register itself."""
    if value:
        ctx.find_object(App).db().refuse_as_output(value)
    return value


def output_option(help: str = "Write to FILE instead of stdout (needed for xlsx)."):
    """``-o/--output FILE``: never one of the register's own files; written whole or not at all."""
    return click.option("--output", "-o", type=FILE, metavar="FILE",
                        callback=_not_the_register, help=help)


def _wide(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta["wide"] = True


def listing_output(command):
    """--format, --output and --wide, the same on every listing."""
    command = click.option("--wide", is_flag=True, expose_value=False, callback=_wide,
                           help="The terminal table with every column (a narrow one shows those that fit).")(command)
    command = output_option()(command)
    return click.option("--format", "fmt", type=FORMATS,
                        help="table (default), md, csv, json, html (a page with charts), "
                             "or xlsx (with --output).")(command)


def regulator_options(command):
    """--authority and --doc-no: the regulator's name and document number (文号)."""
    command = click.option("--doc-no", "doc_no", metavar="文号",
                           help="The regulator's document number.")(command)
    return click.option("--authority", metavar="NAME",
                        help="The regulator (county, city, province listings).")(command)


def intake_options(command):
    """--source and what comes with it: a 举报's --reporter/--contact/--anonymous/--via, a
    regulator's finding's --authority/--doc-no/--deadline (passed on as ``intake``)."""
    for option in reversed([
        click.option("--source", type=Choice("SOURCES", "source"), default="report", show_default=True,
                     help="report|inspection|whistleblower|regulator (自查上报|隐患排查|举报|监管执法)."),
        click.option("--reporter", metavar="NAME", help="举报: who reported it (confidential)."),
        click.option("--contact", metavar="PHONE", help="举报: how to reach them (supervisors only)."),
        click.option("--anonymous", is_flag=True, help="举报: made anonymously."),
        click.option("--via", type=Choice("REPORT_CHANNELS", "way"),
                     help="举报: phone|letter|in_person|other (电话|信件|当面|其他; default phone)."),
        click.option("--authority", metavar="NAME", help="Regulator's finding: the authority."),
        click.option("--doc-no", "doc_no", metavar="文号", help="Regulator's finding: the 整改指令书 文号."),
        click.option("--deadline", type=DATE, help="Regulator's finding: its 整改期限 (the regulator's)."),
    ]):
        command = option(command)
    return command
