"""`dualprev tick`, `dualprev scheduler run` and `dualprev calendar`: the schedules' commands."""

from __future__ import annotations

import sys

import click

from dualprev.hazards.commands.options import DATE, App, exclusive, pass_app


@click.command("tick")
@click.option("--catch-up", "catch_up", is_flag=True,
              help="Work through more than catch_up_days (rules file, default 400) of missed periods, "
                   "in chunks.")
@pass_app
def tick_command(app: App, catch_up: bool):
    """Generate due tasks, mark missed ones (漏检), run the escalation sweep; safe to repeat.

    Tasks are generated tick_chunk_days (31) at a time, each chunk committed; more than
    catch_up_days since the oldest plan's last period is refused unless --catch-up, which shows
    a progress bar on a terminal.

    \b
    Example:
        dualprev tick
        DUALPREV_NOW=2026-12-01T08:00 dualprev --json tick
        dualprev tick --catch-up
    """
    from dualprev.hazards.services.org import system_run
    from dualprev.schedules.tick import tick as run_tick

    system_run(app.db(bulk=True), named=app.as_user)
    bar = _ProgressBar() if catch_up and not app.json and sys.stderr.isatty() else None
    try:
        r = run_tick(app.db(bulk=True), catch_up=catch_up, on_progress=bar)
    finally:
        if bar:
            bar.close()
    app.done(r, f"created {r['created']}, missed {r['missed']}, escalated {r['escalated']}")


class _ProgressBar:
    """click's progress bar on stderr, made at the first chunk (when the total is known)."""

    def __init__(self):
        self.bar, self.done = None, 0

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="catching up (days)", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.done)
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@click.group("scheduler")
def scheduler_group():
    """The scheduler daemon."""


@scheduler_group.command("run")
@click.option("--interval", type=click.IntRange(1, 86_400), metavar="SECONDS",
              help="Seconds between ticks (default: tick_seconds of the rules).")
@pass_app
def scheduler_run(app: App, interval):
    """Run `tick`, then `notify send`, on a timer until SIGTERM or Ctrl-C.

    \b
    Example:
        dualprev scheduler run --interval 60
    """
    import logging

    from dualprev.hazards.services.org import system_run
    from dualprev.schedules import daemon

    system_run(app.db(), named=app.as_user)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    daemon.run(app.db(bulk=True), interval=interval)


@click.group("calendar")
def calendar_group():
    """The working-day calendar (chinese-calendar, admin entries, provisional years)."""


@calendar_group.command("add")
@click.argument("day", metavar="DATE", type=DATE)
@click.option("--holiday", metavar="NAME", help="A public holiday (e.g. 春节).")
@click.option("--workday", is_flag=True, help="An adjusted working day (调休上班).")
@exclusive("holiday", "workday")
@pass_app
def calendar_add(app: App, day, holiday, workday):
    """Enter a day of the State Council's holiday notice (admin).

    \b
    Example:
        dualprev calendar add 2027-02-06 --holiday 春节
        dualprev calendar add 2027-02-20 --workday
    """
    from dualprev.schedules import workdays

    r = workdays.add_calendar_day(app.db(), actor=app.user, day=day, holiday=holiday, workday=workday)
    app.done(r, f"{r['day']}: {r['kind']}{' ' + r['name'] if r['name'] else ''}")


@calendar_group.command("check")
@pass_app
def calendar_check(app: App):
    """Which coming years the calendar knows, and which are provisional."""
    from dualprev.hazards import render
    from dualprev.schedules import workdays

    rows = workdays.calendar_check(app.db())
    render.emit(rows, ["year", "source", "provisional", "entries"], app.fmt(None), app.lang)
    if not app.json and any(r["provisional"] for r in rows):
        click.echo("provisional years: enter the State Council's notice with `dualprev calendar add`", err=True)
