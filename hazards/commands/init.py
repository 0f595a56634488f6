"""`dualprev init`: create or upgrade the register, optionally with demo or bulk data."""

from __future__ import annotations

import click

from dualprev.hazards.commands.options import App, pass_app


@click.command("init")
@click.option("--demo", is_flag=True, help="Seed a demo enterprise: org tree, people, hazards in every state.")
@click.option("--hazards", "bulk", type=click.IntRange(min=0, max=2_000_000), default=0, metavar="N",
              help="Add N synthetic hazards through the bulk path (for benchmarks; at most 2,000,000, "
                   "committed 20,000 at a time).")
@click.option("--partitions", type=click.IntRange(min=1, max=1024), default=None, metavar="N",
              help="PostgreSQL: split the large tables (hazards, events, tasks, results, ladder steps, "
                   "outbox, attachments) into N hash partitions by enterprise; default "
                   "DUALPREV_PARTITIONS, else plain tables. Tables already partitioned stay as they are.")
@pass_app
def init_command(app: App, demo: bool, bulk: int, partitions: int | None):
    """Create or upgrade the database (nothing is lost).

    On a database with no people, the acting user becomes its first admin.

    \b
    Example:
        dualprev init
        dualprev init --demo
        dualprev --db postgresql+psycopg://postgres@127.0.0.1/test init
        dualprev --db postgresql+psycopg://postgres@127.0.0.1/district init --partitions 16
    """
    from dualprev.hazards import seed
    from dualprev.hazards.services import org as org_service

    db = app.db(upgrading=True, bulk=True)
    result = org_service.init(db, login=app.user, partitions=partitions)
    if demo:
        result["demo"] = seed.demo(db, admin=app.user)
    if bulk:
        result["bulk"] = seed.bulk(db, bulk)
    lines = [f"database ready at revision {result['revision']}: {db.url}"]
    if result["partitions"]:
        counts = sorted(set(result["partitions"].values()))
        lines.append(f"partitioned by enterprise ({'/'.join(map(str, counts))} partitions): "
                     + ", ".join(sorted(result["partitions"])))
    if result["first_admin"]:
        lines.append(f"first admin: {result['first_admin']}")
    if demo:
        d = result["demo"]
        lines.append(d["message"])
    if bulk:
        lines.append(f"added {result['bulk']['hazards']} synthetic hazards "
                     f"({result['bulk']['events']} events) in {result['bulk']['seconds']:.1f} s")
    app.done(result, "\n".join(lines))
