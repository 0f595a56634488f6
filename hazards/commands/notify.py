"""`dualprev notify`: where notifications go (routes) and the outbox."""

from __future__ import annotations

import click

from dualprev.hazards.commands.options import App, exclusive, listing_output, org_option, pass_app


@click.group("notify")
def notify_group():
    """Notifications: where they go (routes) and the outbox."""


@notify_group.group("route")
def notify_route():
    """Where notifications for an org unit or a person go."""


@notify_route.command("add")
@org_option("An org unit (covers its whole subtree).")
@click.option("--person", metavar="LOGIN", help="One person.")
@click.option("--webhook", metavar="URL", help="POST each notification to this URL.")
@click.option("--style", type=click.Choice(["json", "wecom", "dingtalk"]), default="json",
              show_default=True, help="Webhook body: generic JSON, 企业微信 or 钉钉 group robot.")
@click.option("--email", metavar="ADDRESS", help="Or send each notification by e-mail (SMTP).")
@exclusive("org_ref", "person")
@exclusive("webhook", "email")
@pass_app
def notify_route_add(app: App, org_ref, person, webhook, style, email):
    """Add a route (admin or supervisor).

    \b
    Example:
        dualprev notify route add --org 生产一车间 --webhook https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=KEY --style wecom
        dualprev notify route add --person zhao --email zhao@example.com
    """
    from dualprev.hazards import notify

    r = notify.add_route(app.db(), actor=app.user, org=org_ref, person=person, webhook=webhook,
                         email=email, style=style)
    app.done(r, f"route {r['id']}: {r['person'] or r['org']} -> {r['channel']} {r['target']}")


@notify_route.command("list")
@listing_output
@pass_app
def notify_route_list(app: App, fmt, output):
    """The routes of your enterprise, their URLs' secrets masked (admins only).

    \b
    Example:
        dualprev --as admin notify route list
    """
    from dualprev.hazards import notify, render
    from dualprev.hazards.labels import text

    rows = notify.routes(app.db(), actor=app.user)
    render.emit(rows, ["id", "org", "person", "channel", "target", "style", "created_by", "created_at"],
                app.fmt(fmt), app.lang, path=output, title=text("routes_title", app.lang))


@notify_group.command("list")
@click.option("--pending", is_flag=True, help="Only what is not delivered yet.")
@listing_output
@pass_app
def notify_list(app: App, pending, fmt, output):
    """The outbox in your scope, newest first: recipient, channel, state, attempts, last error.

    \b
    Example:
        dualprev notify list --pending
    """
    from dualprev.hazards import notify, render
    from dualprev.hazards.labels import text

    rows = notify.outbox(app.db(), actor=app.user, pending=pending)
    render.emit(rows, ["id", "created_at", "recipient", "hazard_code", "subject", "channel", "target",
                       "state", "attempts", "last_error", "sent_at"], app.fmt(fmt), app.lang,
                path=output, title=text("notifications_title", app.lang))


@notify_group.command("send")
@pass_app
def notify_send(app: App):
    """Deliver what is due in the outbox; failures are retried later with a growing wait.

    \b
    Example:
        DUALPREV_SMTP_URL=smtp://user:pass@mail.example.com:587 dualprev notify send
    """
    from dualprev.hazards import notify
    from dualprev.hazards.services.org import system_run

    system_run(app.db(), named=app.as_user)
    r = notify.send(app.db())
    app.done(r, f"sent {r['sent']}, to retry {r['retry']}, given up {r['failed']}")
