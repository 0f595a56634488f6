"""`dualprev audit`: the hash-chained audit trail."""

from __future__ import annotations

import click

from dualprev.hazards.commands.options import App, pass_app


@click.group("audit")
def audit_group():
    """The audit trail (hash-chained per enterprise)."""


@audit_group.command("verify")
@pass_app
def audit_verify(app: App):
    """Check every audit chain; exit 1 naming the first broken event.

    \b
    Example:
        dualprev audit verify
    """
    from dualprev.hazards import audit

    result = audit.verify(app.db())
    if result["ok"]:
        app.done(result, f"audit chain intact: {result['checked']} events in {result['chains']} chains")
        return
    if app.json:
        app.dump(result)
    raise click.ClickException(
        f"audit chain broken in enterprise {result['enterprise_id']} at seq {result['seq']}"
        + (f" (event id {result['event_id']})" if result.get("event_id") else "")
        + f": {result['problem']}")
