"""`dualprev escalation`: the escalation ladder in force."""

from __future__ import annotations

import sys

import click

from dualprev.hazards.commands.options import FORMATS, App, pass_app


@click.group("escalation")
def escalation_group():
    """The escalation ladder of overdue hazards."""


@escalation_group.command("show")
@click.option("--format", "fmt", type=FORMATS, help="table (default), md, csv, json.")
@pass_app
def escalation_show(app: App, fmt):
    """The ladder in force: when each step fires, whom it notifies, what it does.

    \b
    Example:
        dualprev escalation show
    """
    from dualprev.hazards import reports
    from dualprev.hazards.config import rules
    from dualprev.schedules import escalation

    reports.ladder(escalation.describe(), rules()["escalation"]["auto_list_major"], app.fmt(fmt),
                   app.lang, sys.stdout)
