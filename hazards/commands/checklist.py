"""`dualprev checklist`: 排查清单, the items an inspection walks."""

from __future__ import annotations

import click

from dualprev.hazards.commands.options import (
    ID,
    App,
    listing_output,
    org_option,
    pass_app,
)


@click.group("checklist")
def checklist_group():
    """排查清单: the items an inspection walks."""


@checklist_group.command("add")
@click.argument("name")
@click.option("--item", "items", multiple=True, metavar="TEXT", help="A check item (repeatable).")
@click.option("--from-risk", "risks", multiple=True, metavar="CODE",
              help="One item per control measure (隐患排查 kind) of this risk point (repeatable).")
@org_option("Owning org unit (default: the risk point's, else yours).")
@pass_app
def checklist_add(app: App, name, items, risks, org_ref):
    """Add a checklist (officer, admin); prints its id.

    \b
    Example:
        dualprev checklist add 甲班日查 --item "消防通道畅通" --item "气瓶固定" --org 甲班
        dualprev checklist add 液氨储罐区 --from-risk FX-000001
    """
    from dualprev.hazards.services import inspection as inspection_service

    c = inspection_service.add_checklist(app.db(), actor=app.user, name=name, items=list(items),
                                          from_risks=list(risks), org=org_ref)
    app.done(c, f"checklist {c['id']}: {c['name']} ({len(c['items'])} items)")


@checklist_group.command("list")
@listing_output
@pass_app
def checklist_list(app: App, fmt, output):
    """List the checklists in your scope."""
    from dualprev.hazards import render
    from dualprev.hazards.queries import inspection as inspection_queries

    render.emit(inspection_queries.list_checklists(app.db(), actor=app.user),
                ["id", "name", "org", "items"], app.fmt(fmt), app.lang, path=output)


@checklist_group.command("edit")
@click.argument("checklist_id", metavar="ID", type=ID)
@click.option("--name", help="A new name.")
@click.option("--add-item", "add", multiple=True, metavar="TEXT", help="Add a check item (repeatable).")
@click.option("--drop-item", "drop", multiple=True, type=ID, metavar="N",
              help="Drop item number N (repeatable); tasks made before keep it with their results.")
@click.option("--reason", required=True, help="Why (kept in the checklist's history).")
@pass_app
def checklist_edit(app: App, checklist_id, name, add, drop, reason):
    """Correct a checklist (officer, admin): rename it, add items, drop items. To reword an item,
    drop it and add the new wording.

    \b
    Example:
        dualprev checklist edit 1 --add-item "灭火器在有效期内" --reason "补充检查项"
        dualprev checklist edit 1 --drop-item 2 --add-item "气瓶直立并固定" --reason "表述更正"
    """
    from dualprev.hazards.services import inspection as inspection_service

    c = inspection_service.edit_checklist(app.db(), actor=app.user, checklist_id=checklist_id, reason=reason,
                                          name=name, add=list(add), drop=list(drop))
    app.done(c, f"checklist {c['id']}: {c['name']} ({len(c['items'])} items)")


@checklist_group.command("retire")
@click.argument("checklist_id", metavar="ID", type=ID)
@click.option("--reason", required=True, help="Why the checklist ends (kept in its history).")
@pass_app
def checklist_retire(app: App, checklist_id, reason):
    """Retire a checklist: no new plan uses it; the plans and tasks that use it stay.

    \b
    Example:
        dualprev checklist retire 2 --reason "改用新版清单"
    """
    from dualprev.hazards.services import inspection as inspection_service

    c = inspection_service.retire_checklist(app.db(), actor=app.user, checklist_id=checklist_id,
                                            reason=reason)
    app.done(c, f"checklist {checklist_id} retired")


@checklist_group.command("show")
@click.argument("checklist_id", metavar="ID", type=ID)
@pass_app
def checklist_show(app: App, checklist_id):
    """A checklist and its numbered items."""
    from dualprev.hazards import reports
    from dualprev.hazards.queries import inspection as inspection_queries

    app.show(inspection_queries.show_checklist(app.db(), actor=app.user, checklist_id=checklist_id),
             reports.checklist_text)
