"""`dualprev risk`: the risk register (安全风险分级管控): points, assessments, measures, the matrix."""

from __future__ import annotations

import sys

import click

from dualprev.hazards.commands.options import (
    ID,
    App,
    Choice,
    exclusive,
    listing_output,
    org_option,
    output_option,
    pass_app,
)

MATRIX_FORMATS = click.Choice(["table", "md", "html", "json"])


def _risk_done(app: App, r: dict) -> None:
    from dualprev.hazards.labels import COLOURS, GRADES, label

    app.done(r, f"{r['code']}: {label(GRADES, r['grade'], app.lang)}/{label(COLOURS, r['colour'], app.lang)}"
                f" ({r['method'].upper()} {r['score']})")


@click.group("risk")
def risk_group():
    """Risk points (风险点): grade them (LEC/LS), control them, see the four colours."""


@risk_group.command("add")
@click.argument("name")
@org_option("Org unit responsible (所属单位).", required=True)
@click.option("--place", help="Place or area (位置/区域).")
@click.option("--kind", type=Choice("RISK_KINDS", "kind"), default="area", show_default=True,
              help="equipment|area|operation|post (设备设施|区域场所|作业活动|岗位).")
@click.option("--desc", help="Description.")
@click.option("--lec", metavar="L,E,C", help="LEC factors from the LEC tables, e.g. 6,6,15 (D = 540).")
@click.option("--ls", metavar="L,S", help="Likelihood and severity 1-5, e.g. 4,5 (R = 20).")
@click.option("--control-level", type=Choice("CONTROL_LEVELS", "control level"),
              help="company|workshop|team|post (公司级|车间级|班组级|岗位级); default from the grade.")
@click.option("--source", "sources", multiple=True, help="A hazard source (危险源/风险事件) (repeatable).")
@click.option("--object", "analysis_object", metavar="CODE", help="Analysis object, e.g. a 重大危险源 code.")
@click.option("--responsible", metavar="LOGIN", help="Responsible person (责任人).")
@exclusive("lec", "ls")
@pass_app
def risk_add(app: App, name, org_ref, place, kind, desc, lec, ls, control_level, sources,
             analysis_object, responsible):
    """Add a risk point with its first assessment (officer, admin); prints its code.

    \b
    Example:
        dualprev risk add 液氨储罐区 --org 生产一车间 --lec 6,6,15 --source 液氨泄漏中毒
        dualprev risk add 二号泵房 --org 生产一车间 --kind equipment --ls 3,4
    """
    from dualprev.hazards.services import risk as risk_service

    _risk_done(app, risk_service.add(
        app.db(), actor=app.user, name=name, org=org_ref, place=place, kind=kind, desc=desc,
        lec=lec, ls=ls, control_level=control_level, sources=list(sources),
        analysis_object=analysis_object, responsible=responsible))


@risk_group.command("assess")
@click.argument("code")
@click.option("--lec", metavar="L,E,C", help="LEC factors, e.g. 3,6,7.")
@click.option("--ls", metavar="L,S", help="Likelihood and severity 1-5, e.g. 2,4.")
@click.option("--note", help="Why it was re-assessed.")
@click.option("--reason", help="Supervisor's reason to lower a grade while open 重大 hazards are linked.")
@click.option("--control-level", type=Choice("CONTROL_LEVELS", "control level"),
              help="company|workshop|team|post; default from the new grade.")
@exclusive("lec", "ls")
@pass_app
def risk_assess(app: App, code, lec, ls, note, reason, control_level):
    """Re-assess a risk point; the history is kept and the newest is its grade.

    A point that `plan generate` planned is re-planned for its new grade at once.

    \b
    Example:
        dualprev risk assess FX-000001 --lec 3,6,7 --note "加装泄漏报警后复评"
    """
    from dualprev.hazards.services import risk as risk_service

    _risk_done(app, risk_service.assess(app.db(), actor=app.user, code=code, lec=lec, ls=ls,
                                         note=note, reason=reason, control_level=control_level))


@risk_group.group("measure")
def risk_measure():
    """Control measures (管控措施) of a risk point."""


@risk_measure.command("add")
@click.argument("code")
@click.option("--type", "kind", required=True, type=Choice("MEASURE_TYPES", "type"),
              help="engineering|management|training|ppe|emergency (工程技术|管理|培训教育|个体防护|应急处置).")
@click.option("--text", required=True, help="The measure (措施内容).")
@click.option("--owner", metavar="LOGIN", help="Who keeps the measure in place.")
@click.option("--source", help="The hazard source (危险源) it controls, by name.")
@click.option("--classify1", metavar="N", help="National 管控措施分类1: 1-4.")
@click.option("--classify2", metavar="N-M", help="National 管控措施分类2, e.g. 1-4 (安全仪表).")
@click.option("--control", type=click.Choice(["inspection", "monitoring"]), default="inspection",
              show_default=True, help="How it is controlled: 隐患排查 or 自动化监控.")
@click.option("--check", help="隐患排查内容: what a check looks at.")
@pass_app
def risk_measure_add(app: App, code, kind, text, owner, source, classify1, classify2, control, check):
    """Add a control measure to a risk point (officer, admin); prints its id.

    \b
    Example:
        dualprev risk measure add FX-000001 --type engineering --text "安装泄漏报警并联锁"
    """
    from dualprev.hazards.services import risk as risk_service

    m = risk_service.add_measure(app.db(), actor=app.user, code=code, type=kind, text=text,
                                  owner=owner, source=source, classify1=classify1,
                                  classify2=classify2, control=control, check=check)
    app.done(m, f"{m['risk']}: measure {m['id']}")


@risk_measure.command("retire")
@click.argument("code")
@click.argument("measure_id", metavar="MEASURE", type=ID)
@click.option("--reason", required=True, help="Why the measure ends (kept in the point's history).")
@pass_app
def risk_measure_retire(app: App, code, measure_id, reason):
    """Retire a control measure (officer, admin): it leaves the point and its check items; the
    national export sends it as deleted; its hazards and history stay.

    \b
    Example:
        dualprev risk measure retire FX-000001 2 --reason "已由联锁替代"
    """
    from dualprev.hazards.services import risk as risk_service

    m = risk_service.retire_measure(app.db(), actor=app.user, code=code, measure_id=measure_id, reason=reason)
    app.done(m, f"{m['code']}: measure {m['measure_id']} retired ({m['items_retired']} check items dropped)")


@risk_group.command("retire")
@click.argument("code")
@click.option("--reason", required=True, help="Why the point ends (kept in its history).")
@pass_app
def risk_retire(app: App, code, reason):
    """Retire a risk point (officer, admin), e.g. a unit torn down: it leaves the risk list, the
    matrix and checklists, its generated plans are retired, the national export sends it as
    deleted; `risk list --all` still shows it. Refused while hazards linked to it are open.

    \b
    Example:
        dualprev risk retire FX-000003 --reason "装置已拆除"
    """
    from dualprev.hazards.services import risk as risk_service

    r = risk_service.retire(app.db(), actor=app.user, code=code, reason=reason)
    app.done(r, f"{r['code']} retired ({len(r['plans_retired'])} plans, {r['items_retired']} check items)")


@risk_group.command("list")
@org_option()
@click.option("--grade", metavar="GRADE", help="red|orange|yellow|blue or major|considerable|general|low (红/重大...).")
@click.option("--all", "retired", is_flag=True, help="Retired points too, marked 〔已停用〕.")
@listing_output
@pass_app
def risk_list(app: App, org_ref, grade, retired, fmt, output):
    """安全风险清单: the risk points in your scope with grade, colour and flags.

    \b
    Example:
        dualprev risk list --grade 红
        dualprev risk list --all
        dualprev risk list --format md > risks.md
        dualprev risk list --format xlsx --output 安全风险清单.xlsx
        dualprev risk list --format html -o 安全风险清单.html
    """
    from dualprev.hazards import reports
    from dualprev.hazards.queries import risk as risk_queries

    fmt = app.fmt(fmt)
    colours = risk_queries.matrix(app.db(), actor=app.user, org=org_ref) if fmt == "html" else None
    rows = risk_queries.iter_risks(app.db(), actor=app.user, org=org_ref, grade=grade,
                                   with_history=fmt == "json", retired=retired)
    reports.risk_ledger(rows, fmt, app.lang, sys.stdout, path=output, matrix_data=colours,
                        profile=app.profile(fmt, org_ref))


@risk_group.command("show")
@click.argument("code")
@pass_app
def risk_show(app: App, code):
    """A risk point: assessments, measures, linked open and closed hazards.

    \b
    Example:
        dualprev risk show FX-000001
    """
    from dualprev.hazards import reports
    from dualprev.hazards.queries import risk as risk_queries

    app.show(risk_queries.show(app.db(), actor=app.user, code=code), reports.risk_text)


@risk_group.command("matrix")
@org_option()
@click.option("--format", "fmt", type=MATRIX_FORMATS, help="table (default), md, html, json.")
@output_option("Write to FILE instead of stdout.")
@pass_app
def risk_matrix(app: App, org_ref, fmt, output):
    """四色图: LS 5x5 grid, LEC counts by grade, and colours per org unit.

    \b
    Example:
        dualprev risk matrix --format html -o matrix.html
    """
    from dualprev.hazards import outputs, reports
    from dualprev.hazards.queries import risk as risk_queries

    m = risk_queries.matrix(app.db(), actor=app.user, org=org_ref)
    fmt = app.fmt(fmt)
    if output:
        with outputs.text_file(output) as out:
            reports.matrix(m, fmt, app.lang, out, profile=app.profile(fmt, org_ref))
    elif fmt == "json":
        app.dump(m)
    else:
        reports.matrix(m, fmt, app.lang, sys.stdout, profile=app.profile(fmt, org_ref))
