"""`dualprev person`: people, their roles and their org unit (their scope)."""

from __future__ import annotations

import click

from dualprev.hazards.commands.options import App, org_option, pass_app


@click.group("person")
def person_group():
    """People and their roles (officer, owner, inspector, supervisor, admin, worker, principal)."""


@person_group.command("add")
@click.argument("login")
@click.option("--name", required=True, help="Full name.")
@org_option("Org unit: the person's scope.", required=True)
@click.option("--role", "roles", multiple=True, required=True,
              help="officer | owner | inspector | supervisor | admin | worker | principal (repeatable; "
                   "Chinese accepted). A worker (从业人员) reports hazards and reads their own reports; "
                   "the principal (主要负责人) approves the 治理方案 of 重大 hazards.")
@click.option("--db-role", metavar="ROLE",
              help="PostgreSQL: the database role this person connects as (default: LOGIN).")
@click.option("--db-login", is_flag=True,
              help="PostgreSQL: also create that role as a login in the register's group role.")
@click.option("--password-file", type=click.File("r", encoding="utf-8"), metavar="FILE",
              help="With --db-login: the password is the first line of FILE (default: a prompt).")
@click.option("--no-password", is_flag=True,
              help="With --db-login: no password (peer or certificate authentication).")
@pass_app
def person_add(app: App, login, name, org_ref, roles, db_role, db_login, password_file, no_password):
    """Add a person (admin); on PostgreSQL the person is a database login.

    \b
    Example:
        dualprev person add wang --name 王安全 --org 示范化工有限公司 --role officer
        dualprev person add li --name 李 --org 示范化工有限公司 --role inspector --db-login --password-file pw.txt
    """
    from dualprev.hazards.services import org as org_service

    if (password_file or no_password) and not db_login:
        raise click.UsageError("--password-file and --no-password go with --db-login")
    if password_file and no_password:
        raise click.UsageError("give --password-file or --no-password, not both")
    password = None
    if db_login and password_file:
        password = password_file.readline(4097).rstrip("\r\n")  # a device is never read for ever
        if len(password) > 4096 or "\x00" in password:
            raise click.BadParameter("the first line of the file is not a password", param_hint="--password-file")
        if not password:
            raise click.BadParameter("the first line of the file is empty", param_hint="--password-file")
    elif db_login and not no_password:
        password = click.prompt(f"password for database login {db_role or login}", hide_input=True,
                                confirmation_prompt=True, err=True)
    p = org_service.add_person(app.db(), actor=app.user, login=login, name=name, org=org_ref,
                               roles=list(roles), db_role=db_role, db_login=db_login,
                               password=password)
    login_note = f"; database login {p['db_role']} created" if p["db_login"] else ""
    app.done(p, f"added {p['login']} ({p['name']}) at {p['org']}: {', '.join(p['roles'])}{login_note}")


@person_group.command("deactivate")
@click.argument("login")
@click.option("--handover", metavar="LOGIN",
              help="Their successor: takes over their open hazards, 治理方案, inspection plans (and so "
                   "their tasks), risk points and measures.")
@pass_app
def person_deactivate(app: App, login, handover):
    """Deactivate a person (admin): they can no longer act; on PostgreSQL their role loses LOGIN.

    What they hold moves to the successor named by --handover, one audited event per item, in the same
    transaction; a person who holds anything is not deactivated without one.

    \b
    Example:
        dualprev person deactivate chen --handover liu
    """
    from dualprev.hazards.services import org as org_service

    r = org_service.deactivate_person(app.db(), actor=app.user, login=login, handover=handover)
    note = f"; database role {r['db_role']} may no longer log in" if r["login_revoked"] else ""
    moved = sum(len(v) for v in r["moved"].values())
    if handover:
        note += f"; {moved} item(s) handed over to {handover}"
    app.done(r, f"{r['login']} deactivated{note}")


@person_group.command("edit")
@click.argument("login")
@click.option("--name", help="The corrected full name.")
@org_option("The person's new org unit (within their enterprise).")
@click.option("--role", "roles", multiple=True, help="Their roles from now on (repeatable; replaces them all).")
@pass_app
def person_edit(app: App, login, name, org_ref, roles):
    """Correct a person (admin): name, org unit, roles; audited with the values before and after.

    \b
    Example:
        dualprev person edit chen --name 陈整改 --role owner --role inspector
    """
    from dualprev.hazards.services import org as org_service

    r = org_service.edit_person(app.db(), actor=app.user, login=login, name=name, org=org_ref,
                                roles=list(roles) or None)
    app.done(r, f"{login} changed: {', '.join(r['changed'])}")


@person_group.command("list")
@pass_app
def person_list(app: App):
    """List the people in your scope."""
    from dualprev.hazards import render
    from dualprev.hazards.queries import org as org_queries

    rows = org_queries.list_people(app.db(), actor=app.user)
    render.emit(rows, ["login", "name", "org", "roles"], app.fmt(None), app.lang)
