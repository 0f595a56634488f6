"""`dualprev workflow`: the state machines as the engine runs them."""

from __future__ import annotations

import click

from dualprev.hazards.commands.options import App, pass_app


@click.group("workflow")
def workflow_group():
    """The state machines as the engine runs them."""


@workflow_group.command("show")
@click.option("--format", "fmt", type=click.Choice(["text", "mermaid"]), default="text", show_default=True,
              help="text for reading, mermaid for a stateDiagram to paste into Markdown.")
@pass_app
def workflow_show(app: App, fmt):
    """The hazard lifecycle: states, triggers, guards and who may fire them; then the
    inspection task's (排查任务), with its windows: days, rounds every N hours, shifts.

    \b
    Example:
        dualprev workflow show --format mermaid
    """
    from dualprev.hazards import reports

    if app.json:
        app.dump({**reports.workflow_data(), "inspection_task": reports.task_workflow_data()})
    elif fmt == "mermaid":
        click.echo(reports.workflow_mermaid(app.lang))
    else:
        click.echo(reports.workflow_text(app.lang))
        click.echo("\n" + reports.task_workflow_text(app.lang))
