"""`dualprev db backup|restore|check`: the register as a whole (operations)."""

from __future__ import annotations

import click

from dualprev.hazards.commands.options import EXISTING_FILE, FILE, App, pass_app


@click.group("db")
def db_group():
    """Back up, restore and check the register."""


@db_group.command("backup")
@click.argument("file", metavar="FILE", type=FILE)
@pass_app
def backup_cmd(app: App, file: str):
    """Write a consistent backup of the register to FILE (a new file; others may keep working).

    SQLite: the online backup API. PostgreSQL: pg_dump -Fc (the client tools must be on PATH).
    The attachment store is a folder of files named by their hash: copy it as it is.

    \b
    Example:
        dualprev db backup /backups/register-2026-12-01.db
    """
    from dualprev.hazards.services import operations

    r = operations.backup(app.db(any_revision=True), path=file)
    app.done(r, f"backup written: {r['file']} ({r['bytes']} bytes, {r['events']} events, "
                f"revision {r['revision']}, {r['tool']})")


@db_group.command("restore")
@click.argument("file", metavar="FILE", type=EXISTING_FILE)
@click.option("--force", is_flag=True,
              help="Restore even if the register holds events the backup lacks (it is kept aside).")
@pass_app
def restore_cmd(app: App, file: str, force: bool):
    """Replace the SQLite register with the backup FILE, keeping the replaced one beside it.

    Refused when the register holds events the backup lacks, unless --force. The result's audit
    chains are verified. On PostgreSQL use pg_restore.

    \b
    Example:
        dualprev db restore /backups/register-2026-12-01.db
    """
    from dualprev.hazards.services import operations

    r = operations.restore(app.db(any_revision=True), path=file, force=force)
    kept = f"; the replaced register is kept at {r['kept']}" if r["kept"] else ""
    if r["audit"] is not None and not r["audit"]["ok"]:
        if app.json:
            app.dump(r)
        a = r["audit"]
        raise click.ClickException(f"restored {r['file']} from {file}{kept}, but its audit chain is broken "
                                   f"in enterprise {a['enterprise_id']} at seq {a['seq']}: {a['problem']}")
    if r["audit"] is None:
        app.done(r, f"restored {r['file']} from {file} ({r['events']} events){kept}; it is at revision "
                    f"{r['revision']}: run `dualprev init` to upgrade it, then `dualprev audit verify`")
        return
    app.done(r, f"restored {r['file']} from {file} ({r['events']} events, audit chain intact){kept}")


@db_group.command("check")
@pass_app
def check_cmd(app: App):
    """Check the register: integrity, schema revision, audit chains, orphan rows, notifications
    stuck in sending, duplicated tasks and ladder steps. Exit 1 on any finding.

    \b
    Example:
        dualprev db check
        dualprev --json db check
    """
    from dualprev.hazards import config
    from dualprev.hazards.queries import health

    r = health.check(app.db(any_revision=True), now=config.now())
    if app.json:
        app.dump(r)
    else:
        for c in r["checks"]:
            click.echo(f"{'ok ' if c['ok'] else 'BAD'}  {c['check']:<22} {c['detail']}")
    if not r["ok"]:
        bad = ", ".join(c["check"] for c in r["checks"] if not c["ok"])
        raise click.ClickException(f"db check found {r['findings']} problems ({bad}): see above")
    if not app.json:
        click.echo("db check: no problems found")
