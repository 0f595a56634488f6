"""`dualprev audit`: the hash-chained audit trail, its signed anchors and its verification."""

from __future__ import annotations

import click

from dualprev.hazards.commands.options import FILE, App, output_option, pass_app


@click.group("audit")
def audit_group():
    """The audit trail (hash-chained per enterprise), anchors signed outside the database."""


@audit_group.command("keygen")
@click.option("--out", type=FILE, metavar="PATH",
              help="Where the private key goes (default: audit-anchor.key in the configuration "
                   "directory); the public key is written beside it as PATH.pub.")
@pass_app
def audit_keygen(app: App, out):
    """Make the Ed25519 key pair that signs anchors; an existing key is never overwritten.

    Keep the private key away from the database's owner; give the .pub to whoever verifies.

    \b
    Example:
        dualprev audit keygen
        dualprev audit keygen --out /etc/dualprev/anchor.key
    """
    from dualprev.hazards import anchor

    r = anchor.keygen(out)
    app.done(r, f"signing key {r['key']} (mode 0600), public key {r['public_key']}: {r['fingerprint']}")


@audit_group.command("anchor")
@click.option("--key", type=FILE, metavar="FILE",
              help="The private key (default: the one `audit keygen` made).")
@output_option("Write the signed statement to FILE (default: stdout).")
@pass_app
def audit_anchor(app: App, key, output):
    """Sign a statement of every chain's head and record it in every chain (admins).

    Send the statement somewhere the database's owner cannot reach (e-mail to the 主要负责人 or to
    the regulator); `audit verify --anchors` later proves the history before it was not rewritten.

    \b
    Example:
        dualprev --as admin audit anchor -o anchor-2026-12-01.json
    """
    import sys

    from dualprev.hazards import anchor

    def keep(_tx, statement: dict) -> None:
        if output:
            anchor.write(output, statement)

    statement = anchor.make(app.db(), actor=app.user, key=key, keep=keep)
    if output:
        app.done({"output": output, **statement},
                 f"anchored {len(statement['chains'])} chains with key {statement['key']} -> {output}")
    else:
        sys.stdout.write(anchor.dumps(statement))


@audit_group.command("verify")
@click.option("--anchors", "anchors", multiple=True, type=FILE, metavar="FILE",
              help="A signed anchor (repeatable): each anchored head must still be in its chain.")
@click.option("--pubkey", type=FILE, metavar="FILE",
              help="The anchors' public key (default: the .pub beside the default signing key).")
@click.option("--enterprise", "enterprises", multiple=True, metavar="ORG",
              help="Check only this enterprise's chain (name or id; repeatable). Default: every chain.")
@click.option("--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Check chains in this many processes at once.")
@pass_app
def audit_verify(app: App, anchors, pubkey, enterprises, jobs):
    """Check every audit chain, the anchors and the replay; exit 1 naming the first discrepancy.

    The replay rebuilds every hazard, 挂牌督办, task and risk point from its events: a row changed,
    added or deleted outside the program is named. Chains are checked one at a time, each in a
    short read of its own enterprise, so a district's register never holds one long transaction;
    a terminal shows the progress.

    \b
    Example:
        dualprev audit verify
        dualprev audit verify --enterprise 示范化工有限公司
        dualprev audit verify --jobs 4 --anchors anchor-2026-12-01.json --pubkey anchor.pub
    """
    from dualprev.hazards import anchor

    db = app.db()
    chosen = anchor.enterprise_ids(db, actor=app.user, refs=list(enterprises)) if enterprises else None
    with app.progress("audit verify") as advance:
        result = anchor.verify(db, files=list(anchors), pubkey=pubkey, enterprises=chosen, jobs=jobs,
                               progress=lambda done, total, events: advance(done, total,
                                                                            f"{events} events"))
    if result["ok"]:
        extra = f", {result['anchors']} anchors" if result.get("anchors") else ""
        app.done(result, f"audit chain intact: {result['checked']} events in {result['chains']} chains"
                         f"{extra}, {result['replayed']} rows replayed")
        return
    if app.json:
        app.dump(result)
    raise click.ClickException(result["message"])
