"""`dualprev person`: people, their roles and their org unit (their scope)."""

from __future__ import annotations

import click

from dualprev.hazards.commands.options import App, org_option, pass_app


@click.group("person")
def person_group():
    """People and their roles (officer, owner, inspector, supervisor, admin, worker)."""


@person_group.command("add")
@click.argument("login")
@click.option("--name", required=True, help="Full name.")
@org_option("Org unit: the person's scope.", required=True)
@click.option("--role", "roles", multiple=True, required=True,
              help="officer | owner | inspector | supervisor | admin | worker (repeatable; Chinese "
                   "accepted). A worker (从业人员) reports hazards and reads their own reports.")
@pass_app
def person_add(app: App, login, name, org_ref, roles):
    """Add a person (admin).

    \b
    Example:
        dualprev person add wang --name 王安全 --org 示范化工有限公司 --role officer
    """
    from dualprev.hazards.services import org as org_service

    p = org_service.add_person(app.db(), actor=app.user, login=login, name=name, org=org_ref,
                            roles=list(roles))
    app.done(p, f"added {p['login']} ({p['name']}) at {p['org']}: {', '.join(p['roles'])}")


@person_group.command("list")
@pass_app
def person_list(app: App):
    """List the people in your scope."""
    from dualprev.hazards import render
    from dualprev.hazards.queries import org as org_queries

    rows = org_queries.list_people(app.db(), actor=app.user)
    render.emit(rows, ["login", "name", "org", "roles"], app.fmt(None), app.lang)
