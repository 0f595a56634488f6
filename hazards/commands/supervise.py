"""`dualprev supervise`: 挂牌督办, listing a hazard and its write-off (核销)."""

from __future__ import annotations

import sys

import click

from dualprev.hazards.commands.options import (
    DATE,
    App,
    listing_output,
    pass_app,
    photo_option,
    regulator_options,
)


@click.group("supervise")
def supervise_group():
    """挂牌督办: listed supervision of hazards and its write-off (核销)."""


LEVEL_HELP = "enterprise|county|city|province (企业级/县级/市级/省级)."


@supervise_group.command("list")
@click.option("--level", help=LEVEL_HELP)
@click.option("--state", help="listed|writeoff_requested|written_off (default: the active ones).")
@listing_output
@pass_app
def supervise_list(app: App, level, state, fmt, output):
    """挂牌督办清单: listed hazards with level, listing, deadline and days left or overdue.

    \b
    Example:
        dualprev supervise list
        dualprev supervise list --level county --format xlsx -o 挂牌督办.xlsx
    """
    from dualprev.hazards import reports
    from dualprev.hazards.queries import supervision as supervision_queries

    rows = supervision_queries.listed(app.db(), actor=app.user, level=level, state=state)
    fmt = app.fmt(fmt)
    reports.supervision_list(rows, fmt, app.lang, sys.stdout, path=output, profile=app.profile(fmt))


@supervise_group.command("add")
@click.argument("code")
@click.option("--level", required=True, help=LEVEL_HELP)
@click.option("--deadline", type=DATE, required=True, help="督办期限.")
@click.option("--reason", required=True, help="Why it is listed.")
@regulator_options
@pass_app
def supervise_add(app: App, code, level, deadline, reason, authority, doc_no):
    """List a hazard for 挂牌督办 (supervisor); a regulator's listing needs --authority and --doc-no.

    \b
    Example:
        dualprev --as zhao supervise add YH-2026-000004 --level enterprise --deadline 2026-12-31 --reason 逾期未整改
        dualprev --as zhao supervise add YH-2026-000004 --level county --deadline 2027-01-31 \\
            --reason 县应急局督办 --authority 某县应急管理局 --doc-no 某应急督〔2026〕12号
    """
    from dualprev.hazards import reports
    from dualprev.hazards.services import supervision as supervision_service

    r = supervision_service.add(app.db(), actor=app.user, code=code, level=level, deadline=deadline,
                                 reason=reason, authority=authority, doc_no=doc_no)
    app.done(r, reports.listing_line(r, app.lang))


@supervise_group.command("request-writeoff")
@click.argument("code")
@click.option("--note", required=True, help="What was done.")
@photo_option
@pass_app
def supervise_request_writeoff(app: App, code, note, photos):
    """申请核销: ask for the write-off once the rectification is submitted (owner or officer).

    \b
    Example:
        dualprev --as chen supervise request-writeoff YH-2026-000003 --note 报警器已更换并联调 --photo after.jpg
    """
    from dualprev.hazards import reports
    from dualprev.hazards.services import supervision as supervision_service

    r = supervision_service.request_writeoff(app.db(), actor=app.user, code=code, note=note,
                                              photos=list(photos))
    app.done(r, reports.listing_line(r, app.lang))


@supervise_group.command("approve")
@click.argument("code")
@click.option("--note", help="A remark kept with the decision.")
@regulator_options
@pass_app
def supervise_approve(app: App, code, note, authority, doc_no):
    """核销通过: the supervision ends and the hazard may be closed (supervisor at the listing level).

    \b
    Example:
        dualprev --as zhao supervise approve YH-2026-000003 --note 现场核查合格
    """
    from dualprev.hazards import reports
    from dualprev.hazards.services import supervision as supervision_service

    r = supervision_service.approve(app.db(), actor=app.user, code=code, note=note,
                                     authority=authority, doc_no=doc_no)
    app.done(r, reports.listing_line(r, app.lang))


@supervise_group.command("reject")
@click.argument("code")
@click.option("--note", required=True, help="Why the write-off is refused.")
@regulator_options
@pass_app
def supervise_reject(app: App, code, note, authority, doc_no):
    """核销不通过: back to listed, with the reason (supervisor at the listing level).

    \b
    Example:
        dualprev --as zhao supervise reject YH-2026-000003 --note 联锁未投用
    """
    from dualprev.hazards import reports
    from dualprev.hazards.services import supervision as supervision_service

    r = supervision_service.reject(app.db(), actor=app.user, code=code, note=note,
                                    authority=authority, doc_no=doc_no)
    app.done(r, reports.listing_line(r, app.lang))
