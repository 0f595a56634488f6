"""`dualprev report`: the reports for supervisors and regulators (台账, overdue, inspections)."""

from __future__ import annotations

import sys

import click

from dualprev.hazards.commands.options import (
    DATE,
    App,
    Choice,
    listing_output,
    org_option,
    output_option,
    pass_app,
)


@click.group("report")
def report_group():
    """Reports for supervisors and regulators."""


@report_group.command("overdue")
@org_option()
@listing_output
@pass_app
def report_overdue(app: App, org_ref, fmt, output):
    """逾期隐患清单: open hazards past their deadline, most overdue first.

    \b
    Example:
        dualprev report overdue --format md > overdue.md
        dualprev report overdue --format html -o 逾期隐患.html
    """
    from dualprev.hazards import reports
    from dualprev.hazards.queries import hazard as hazard_queries

    fmt = app.fmt(fmt)
    summary = hazard_queries.summary(app.db(), actor=app.user, org=org_ref) if fmt == "html" else None
    rows = hazard_queries.overdue_report(app.db(), actor=app.user, org=org_ref)
    reports.overdue(rows, fmt, app.lang, sys.stdout, path=output, summary=summary,
                    profile=app.profile(fmt, org_ref))


@report_group.command("ledger")
@org_option()
@click.option("--from", "found_from", type=DATE, help="Only hazards found on or after DATE.")
@click.option("--to", "found_to", type=DATE, help="Only hazards found on or before DATE.")
@click.option("--state", type=Choice("STATES", "state"), help="reported|rectifying|verifying|closed|voided (or 发现/整改/复核/销号/作废).")
@click.option("--level", type=Choice("LEVELS", "level"), help="general|major (一般|重大).")
@listing_output
@pass_app
def report_ledger(app: App, org_ref, found_from, found_to, state, level, fmt, output):
    """隐患台账: every hazard with its treatment, deadlines, extensions, overdue days and closing.

    \b
    Example:
        dualprev report ledger --from 2026-01-01 --to 2026-12-31 --format xlsx -o 隐患台账2026.xlsx
        dualprev report ledger --level 重大 --format csv > major.csv
        dualprev report ledger --format html -o 隐患台账.html
    """
    from dualprev.hazards import reports
    from dualprev.hazards.queries import hazard as hazard_queries

    if found_from and found_to and found_from > found_to:
        raise click.BadParameter(f"{found_from} is after --to {found_to}", param_hint="--from")
    fmt = app.fmt(fmt)
    filters = {"org": org_ref, "found_from": found_from, "found_to": found_to, "state": state,
               "level": level}
    summary = hazard_queries.summary(app.db(), actor=app.user, **filters) if fmt == "html" else None
    rows = hazard_queries.iter_ledger(app.db(), actor=app.user, **filters)
    reports.ledger(rows, fmt, app.lang, sys.stdout, path=output, summary=summary,
                   profile=app.profile(fmt, org_ref))


@report_group.command("inspections")
@org_option()
@click.option("--from", "start", type=DATE, help="First period start (default: the 1st of this month).")
@click.option("--to", "end", type=DATE, help="Last period start (default: today).")
@listing_output
@pass_app
def report_inspections(app: App, org_ref, start, end, fmt, output):
    """排查完成情况: per org unit and plan, tasks due, done, done late, missed, rate, hazards found.

    \b
    Example:
        dualprev report inspections --from 2026-11-01 --format md
        dualprev report inspections --format xlsx --output 排查完成情况.xlsx
    """
    from dualprev.hazards import reports
    from dualprev.hazards.queries import inspection as inspection_queries

    r = inspection_queries.completion(app.db(), actor=app.user, org=org_ref, start=start, end=end)
    fmt = app.fmt(fmt)
    if fmt == "json" and not output:
        app.dump(r)
        return
    reports.completion(r, fmt, app.lang, sys.stdout, path=output, profile=app.profile(fmt, org_ref))


@report_group.command("whistleblower")
@org_option()
@listing_output
@pass_app
def report_whistleblower(app: App, org_ref, fmt, output):
    """举报登记: every 举报 with how it was taken, the fine, the suggested and the paid reward.

    The reporter and the contact appear for supervisors only (安全生产法 Art 76).

    \b
    Example:
        dualprev --as zhao report whistleblower --format xlsx -o 举报登记.xlsx
    """
    from dualprev.hazards import reports
    from dualprev.hazards.queries import intake as intake_queries

    rows, columns = intake_queries.whistleblower_reports(app.db(), actor=app.user, org=org_ref)
    reports.whistleblower(rows, columns, app.fmt(fmt), app.lang, sys.stdout, path=output)


@report_group.command("stats")
@click.option("--quarter", metavar="YYYYQn", help="The quarter, e.g. 2026Q1.")
@click.option("--year", type=click.IntRange(2000, 2100), help="The year, e.g. 2026.")
@org_option("The org unit reported on: a row for each unit directly below it (default: your own).")
@click.option("--by", type=click.Choice(["unit", "enterprise"]), default="unit", show_default=True,
              help="A row per org unit below, or per enterprise (a group's or a district's view).")
@listing_output
@pass_app
def report_stats(app: App, quarter, year, org_ref, by, fmt, output):
    """隐患排查治理统计分析表 (16号令 Art 14): a quarter's or a year's hazards per org unit and in total.

    Due by the 15th after each quarter and by 31 January for the year, signed by the 主要负责人.
    The period rule is the rules file's [stats] and is printed under the table.

    \b
    Example:
        dualprev report stats --quarter 2026Q3
        dualprev report stats --year 2026 --format xlsx -o 统计分析表2026.xlsx
        dualprev report stats --year 2026 --org 生产一车间 --format html -o 统计分析表.html
        dualprev report stats --quarter 2026Q4 --by enterprise
    """
    from dualprev.hazards import reports
    from dualprev.hazards.queries import stats

    if quarter is not None and year is not None:
        raise click.UsageError("give --quarter or --year, not both")
    r = stats.stats(app.db(), actor=app.user, quarter=quarter, year=year, org=org_ref, by=by)
    fmt = app.fmt(fmt)
    if r["enterprise"] is None and r["enterprises"] == 1 and fmt in ("csv", "xlsx"):  # no header there
        from dualprev.hazards.labels import text

        click.echo(text("stats_no_profile", app.lang, org=r["scope"] or "ORG"), err=True)
    reports.stats(r, fmt, app.lang, sys.stdout, path=output)


@report_group.command("major")
@click.argument("code", required=False)
@click.option("--all", "every", is_flag=True, help="Every 重大 hazard found in the period (with --quarter or --year).")
@click.option("--quarter", metavar="YYYYQn", help="With --all: the quarter, e.g. 2026Q1.")
@click.option("--year", type=click.IntRange(2000, 2100), help="With --all: the year, e.g. 2026.")
@org_option()
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json"]), help="md (default), html or json.")
@output_option()
@pass_app
def report_major(app: App, code, every, quarter, year, org_ref, fmt, output):
    """重大事故隐患报告 (16号令 Art 14¶2): the enterprise, the hazard, its 现状及其产生原因 and
    危害程度和整改难易程度分析, every item of its 治理方案, its 挂牌督办 listing.

    \b
    Example:
        dualprev report major YH-2026-000003 --format html -o 重大隐患报告.html
        dualprev report major --all --quarter 2026Q4 > 重大隐患报告2026Q4.md
    """
    from dualprev.hazards import reports
    from dualprev.hazards.queries import major

    if every == (code is not None):
        raise click.UsageError("give a hazard CODE, or --all with --quarter or --year")
    if code is not None and (quarter or year or org_ref):
        raise click.UsageError("--quarter, --year and --org go with --all, not with a CODE")
    if every and quarter is not None and year is not None:
        raise click.UsageError("give --quarter or --year, not both")
    db = app.db()
    data = major.report(db, actor=app.user, code=code) if code else \
        major.reports(db, actor=app.user, quarter=quarter, year=year, org=org_ref)
    reports.major(data, "json" if app.json else fmt or "md", app.lang, sys.stdout, path=output)
