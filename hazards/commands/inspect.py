"""`dualprev inspect`: inspection tasks, what is due, recording results, 漏检."""

from __future__ import annotations

import click

from dualprev.hazards.commands.options import (
    DATE,
    ID,
    NUMBERED,
    App,
    listing_output,
    numbered,
    org_option,
    pass_app,
)


@click.group("inspect")
def inspect_group():
    """Inspection tasks (排查任务): what is due, record results, 漏检."""


@inspect_group.command("due")
@org_option()
@click.option("--mine", is_flag=True, help="Only tasks you are meant to do.")
@listing_output
@pass_app
def inspect_due(app: App, org_ref, mine, fmt, output):
    """Open tasks in your scope whose window has started, oldest first (a day's later rounds and
    shifts show once they start; each row has its start and end).

    \b
    Example:
        dualprev --as liu inspect due --mine
        dualprev --as liu --json inspect due --org 甲班
    """
    from dualprev.hazards import render
    from dualprev.hazards.queries import inspection as inspection_queries

    fmt = app.fmt(fmt)
    rows = inspection_queries.due(app.db(), actor=app.user, org=org_ref, mine=mine,
                                  with_items=fmt == "json")
    render.emit(rows, inspection_queries.TASK_COLUMNS, fmt, app.lang, path=output)


@inspect_group.command("record")
@click.argument("task_id", metavar="TASK", type=ID)
@click.option("--item", "items", multiple=True, required=True, type=NUMBERED,
              help="N=ok|fail|na (正常|发现隐患|不适用) (repeatable).")
@click.option("--note", "notes", multiple=True, type=NUMBERED, help="N=TEXT: a remark on item N.")
@click.option("--photo", "photos", multiple=True, type=NUMBERED, help="N=FILE: a photo of item N.")
@click.option("--fix", "fixes", multiple=True, type=NUMBERED,
              help="N=MEASURES: failed item N was fixed on the spot (立查立改).")
@pass_app
def inspect_record(app: App, task_id, items, notes, photos, fixes):
    """Record results; a failed item becomes a hazard (发现) linked to the task and its risk.

    \b
    Example:
        dualprev --as liu inspect record 12 --item 1=ok --item 2=fail --note 2="护栏松动"
        dualprev --as liu inspect record 12 --item 3=fail --fix 3="已紧固"
    """
    from dualprev.hazards.services import inspection as inspection_service

    t = inspection_service.record(app.db(), actor=app.user, task_id=task_id,
                                   results=numbered(items, "--item"), notes=numbered(notes, "--note"),
                                   photos=numbered(photos, "--photo"), fixes=numbered(fixes, "--fix"))
    extra = f"; hazards {', '.join(t['hazards_created'])}" if t["hazards_created"] else ""
    app.done(t, f"task {t['id']}: {t['state']}{' (late)' if t['late'] else ''}{extra}")


@inspect_group.command("show")
@click.argument("task_id", metavar="TASK", type=ID)
@pass_app
def inspect_show(app: App, task_id):
    """A task with its numbered items and their results."""
    from dualprev.hazards import reports
    from dualprev.hazards.queries import inspection as inspection_queries

    app.show(inspection_queries.show_task(app.db(), actor=app.user, task_id=task_id), reports.task_text)


@inspect_group.command("missed")
@org_option()
@click.option("--since", type=DATE, help="Only periods ending on or after DATE.")
@listing_output
@pass_app
def inspect_missed(app: App, org_ref, since, fmt, output):
    """漏检: tasks whose period ended without a complete record.

    \b
    Example:
        dualprev inspect missed --since 2026-11-01
    """
    from dualprev.hazards import render
    from dualprev.hazards.queries import inspection as inspection_queries

    fmt = app.fmt(fmt)
    rows = inspection_queries.missed(app.db(), actor=app.user, org=org_ref, since=since,
                                     with_items=fmt == "json")
    render.emit(rows, inspection_queries.TASK_COLUMNS, fmt, app.lang, path=output)
