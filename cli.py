"""dualprev command line: the root group, its global options, the map from errors to exit codes,
and one ``add_command`` per command group (the groups live in hazards/commands/).

Only click and the standard library are imported at start-up; the register (SQLAlchemy,
transitions, jinja2) loads inside the commands, so `dualprev --help` stays fast.
"""

from __future__ import annotations

import errno
import os
import sys

import click

from dualprev.hazards.commands import (
    audit,
    checklist,
    db,
    enterprise,
    escalation,
    export,
    hazard,
    importing,
    init,
    inspect,
    notify,
    org,
    person,
    plan,
    report,
    risk,
    schedule,
    supervise,
    workflow,
)
from dualprev.hazards.commands.lang import Bilingual, lang_of, resolve, said
from dualprev.hazards.commands.options import App, mix_in, one_meaning

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Root(click.Group):
    """Maps the register's errors to one line on stderr (in the user's language) and its exit code;
    no tracebacks."""

    def parse_args(self, ctx, args):
        ctx.meta["lang"] = resolve(args)  # before --help is shown: click reads help texts early
        try:
            return super().parse_args(ctx, args)
        except click.ClickException as exc:
            raise said(exc, lang_of(ctx)) from None

    def invoke(self, ctx):
        try:
            return self._invoke(ctx)
        except click.ClickException as exc:
            raise said(exc, lang_of(ctx)) from None

    def _invoke(self, ctx):
        if sys.stdout is None:  # started with stdout closed (`dualprev ... >&-`)
            raise click.ClickException("standard output is closed. Run the command with it open "
                                       "(`> /dev/null` discards what it prints)")
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:  # `dualprev ... | head`: the reader left; stop quietly, as `cat` does
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(141)
        except Exception as exc:  # the edge of the program: decide what the user sees
            from dualprev.hazards.errors import DiskFull, DomainError
            from dualprev.hazards.limits import printable

            if ctx.meta.get("traceback"):
                raise
            if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
                exc = DiskFull(f"no space left on the disk ({exc.filename or 'writing'}): free some "
                               "space and try again")
            elif isinstance(exc, ValueError) and "null byte" in str(exc):  # a path given with a NUL in it
                from dualprev.hazards.errors import InvalidInput

                exc = InvalidInput("a file name cannot contain a NUL byte: give the file's path")
            elif isinstance(exc, OSError):
                exc = DomainError(f"{exc.strerror or exc}: {exc.filename or ''}. Check the path "
                                  "and that you may use it")
            if isinstance(exc, DomainError):
                err = click.ClickException(printable(" ".join(str(exc).splitlines())))
                err.exit_code = exc.exit_code
                raise err from None
            first = (str(exc).strip().splitlines() or [""])[0]
            err = click.ClickException(
                f"internal error {type(exc).__name__}: {printable(first)} (run with --traceback for details)")
            err.exit_code = 70
            raise err from None


@click.group(cls=Root, context_settings=CONTEXT)
@click.option("--db", "db_url", envvar="DUALPREV_DB", metavar="URL",
              help="SQLAlchemy URL (default: a SQLite file in your data directory). Env: DUALPREV_DB.")
@click.option("--as", "as_user", envvar="DUALPREV_USER", metavar="LOGIN",
              help="Act as this person (default: DUALPREV_USER; on PostgreSQL the person of your"
              " database login; else your OS login).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document and nothing else on stdout.")
@click.option("--lang", type=click.Choice(["zh", "en"]), envvar="DUALPREV_LANG",
              help="Language of labels, help and errors. Default: help and errors follow DUALPREV_LANG or a"
              " zh locale (LC_ALL, LANG), else English; tables and reports keep Chinese labels.")
@click.option("--traceback", is_flag=True, hidden=True, help="Show the Python traceback of an error.")
@click.version_option(package_name="dualprev")
@click.pass_context
def cli(ctx, db_url, as_user, as_json, lang, traceback):
    """dualprev: the 双重预防 risk-and-hazard register.

    Hazards (隐患) flow 发现 → 整改 → 复核 → 销号 (reported → rectifying → verifying → closed).

    \b
    Example:
        dualprev init --demo
        dualprev --as wang hazard list --overdue
        dualprev --as wang report overdue --format md

    Exit codes: 1 refused (unknown, not permitted), 2 bad input, 3 not allowed by the workflow,
    4 conflict with a concurrent change or the database busy (try again), 5 database unavailable,
    6 read-only, 7 full, 8 schema version mismatch (upgrade dualprev, or run dualprev init),
    70 internal error.
    """
    ctx.meta["traceback"] = traceback
    if as_user is not None and not as_user.strip():
        raise click.BadParameter("is empty: give a login, e.g. --as wang", param_hint="--as")
    ctx.obj = App(db_url=db_url, as_user=as_user.strip() if as_user else None, json=as_json, lang=lang or "zh")


for command in (init.init_command, org.org_group, enterprise.enterprise_group, person.person_group,
                hazard.hazard_group, risk.risk_group, checklist.checklist_group, plan.plan_group, inspect.inspect_group,
                schedule.tick_command, schedule.scheduler_group, schedule.calendar_group,
                supervise.supervise_group, escalation.escalation_group, notify.notify_group,
                report.report_group, importing.import_group, export.export_group, audit.audit_group,
                workflow.workflow_group, db.db_group):
    cli.add_command(command)
one_meaning(cli)  # every command, whoever added it: an option once, contradicting options refused
mix_in(cli, Bilingual)  # and its help in the user's language (hazards/catalogue.py)


def main() -> None:
    cli(prog_name="dualprev", auto_envvar_prefix=None)


if __name__ == "__main__":
    sys.exit(main())
