"""`dualprev org`: org units, 企业 → 车间/部门 → 班组."""

from __future__ import annotations

import click

from dualprev.hazards.commands.options import App, pass_app


@click.group("org")
def org_group():
    """Org units: 企业 → 车间/部门 → 班组."""


@org_group.command("add")
@click.argument("name")
@click.option("--parent", metavar="ORG", help="Parent unit (name or id); none makes an enterprise.")
@click.option("--kind", type=click.Choice(["enterprise", "workshop", "team", "group", "district"]),
              help="Default: enterprise without --parent or under a group (集团) or district (辖区), else one "
                   "level below the parent.")
@pass_app
def org_add(app: App, name, parent, kind):
    """Add an org unit (admin). A group (集团) or a district (辖区) stands above enterprises: its
    people see every enterprise below it, and each enterprise keeps its own codes and audit chain.

    \b
    Example:
        dualprev org add 示范化工有限公司
        dualprev org add 生产一车间 --parent 示范化工有限公司
        dualprev org add 城东区应急管理局辖区 --kind district
        dualprev org add 东方化工 --parent 城东区应急管理局辖区
    """
    from dualprev.hazards.services import org as org_service

    unit = org_service.add_org(app.db(), actor=app.user, name=name, parent=parent, kind=kind)
    app.done(unit, f"added {unit['kind']} {unit['name']} (id {unit['id']})")


@org_group.command("edit")
@click.argument("org_ref", metavar="ORG")
@click.option("--name", help="The unit's corrected name.")
@click.option("--parent", metavar="ORG", help="Move it under this unit of the same enterprise; an "
              "enterprise, group or district under a group or district.")
@pass_app
def org_edit(app: App, org_ref, name, parent):
    """Rename an org unit or move it within its enterprise (admin); audited with before and after.

    An enterprise is attached under a group or a district the same way (--parent), on its own
    audit chain; its codes and chain stay its own.

    \b
    Example:
        dualprev org edit 甲班 --name 甲班组 --parent 生产二车间
        dualprev org edit 示范化工有限公司 --parent 城东区应急管理局辖区
    """
    from dualprev.hazards.services import org as org_service

    unit = org_service.edit_org(app.db(), actor=app.user, org=org_ref, name=name, parent=parent)
    app.done(unit, f"{unit['name']} (id {unit['id']}) changed: {', '.join(unit['changed'])}")


@org_group.command("list")
@pass_app
def org_list(app: App):
    """List the org units in your scope."""
    from dualprev.hazards import render
    from dualprev.hazards.queries import org as org_queries

    rows = org_queries.list_orgs(app.db(), actor=app.user)
    render.emit(rows, ["id", "name", "kind", "parent"], app.fmt(None), app.lang)
