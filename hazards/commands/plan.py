"""`dualprev plan`: 排查计划, which checklist is walked where and how often."""

from __future__ import annotations

import click

from dualprev.hazards.commands.options import (
    DATE,
    ID,
    App,
    exclusive,
    listing_output,
    org_option,
    pass_app,
)


def _schedule_options(role_default: str | None):
    """The options a plan is added and edited with: cadence (or cron, shifts, workdays), role,
    assignee, grace."""
    def decorate(command):
        for option in reversed([
            click.option("--cadence", "cadence_name", metavar="CADENCE",
                         help="daily|weekly|monthly|quarterly|yearly (default by the unit: team daily, workshop "
                              "weekly, enterprise monthly); rounds: Nh (every N hours from midnight, N dividing "
                              "24, e.g. 2h) or shift (one task per shift, see --shifts)."),
            click.option("--shifts", metavar="PATTERN",
                         help="The shift pattern of --cadence shift, from the rules file (e.g. 三班 00-08/08-16/16-24, "
                              "两班 08-20/20-08; default the rules' default_shifts)."),
            click.option("--cron", metavar="EXPR", help="Standard five-field cron instead (0 and 7 are Sunday)."),
            click.option("--role", default=role_default, show_default=role_default is not None,
                         help="Role that may record the tasks."),
            click.option("--assignee", metavar="LOGIN", help="The person who does the tasks."),
            click.option("--grace", type=click.IntRange(0, 24 * 366), metavar="HOURS",
                         help="Hours after a period's end before 漏检."),
            click.option("--workdays", is_flag=True,
                         help="Daily on working days only (Chinese calendar, 调休 included)."),
            exclusive("workdays", "cron"),
        ]):
            command = option(command)
        return command
    return decorate


@click.group("plan")
def plan_group():
    """排查计划: which checklist, where, how often (班组日、车间周、厂级月; rounds 每2小时, 每班)."""


@plan_group.command("add")
@click.argument("name")
@click.option("--checklist", "checklist_id", required=True, type=ID, metavar="ID", help="The checklist walked.")
@org_option("The org unit inspected.", required=True)
@_schedule_options(role_default="inspector")
@click.option("--holiday-eve", is_flag=True, help="A task on the last working day before each public holiday.")
@click.option("--start", type=DATE, help="First day (default today).")
@exclusive("cadence_name", "cron", "holiday_eve")
@exclusive("workdays", "holiday_eve")
@exclusive("shifts", "cron", "holiday_eve")
@pass_app
def plan_add(app: App, name, checklist_id, org_ref, cadence_name, shifts, cron, holiday_eve, role, assignee,
             start, grace, workdays):
    """Add an inspection plan (officer, admin); `tick` makes its tasks.

    Rounds (2h, shift, a cron firing several times a day) get one task per window, each with its
    start and end; the first tick of a day makes that day's windows, and a window is 漏检 at its
    end plus --grace. A round is recorded once its window has started.

    \b
    Example:
        dualprev plan add 甲班日查 --checklist 1 --org 甲班 --assignee liu --workdays
        dualprev plan add 节前检查 --checklist 2 --org 示范化工有限公司 --holiday-eve
        dualprev plan add 周日巡检 --checklist 1 --org 甲班 --cron "0 8 * * 0"
        dualprev plan add 罐区巡检 --checklist 1 --org 甲班 --cadence 2h
        dualprev plan add 交接班检查 --checklist 1 --org 甲班 --cadence shift --shifts 三班
        dualprev plan add 整点巡检 --checklist 1 --org 甲班 --cron "0 */2 * * *"
    """
    from dualprev.hazards.services import inspection as inspection_service

    p = inspection_service.add_plan(app.db(), actor=app.user, name=name, checklist=checklist_id,
                                     org=org_ref, cadence_name=cadence_name, cron=cron,
                                     holiday_eve=holiday_eve, role=role, assignee=assignee,
                                     start=start, grace=grace, workdays=workdays, shifts=shifts)
    app.done(p, f"plan {p['id']}: {p['name']} ({p['cadence']}{' ' + p['every'] if p['every'] else ''})"
                f" from {p['next_start']}")


@plan_group.command("edit")
@click.argument("plan_id", metavar="ID", type=ID)
@click.option("--name", help="A new name.")
@_schedule_options(role_default=None)
@exclusive("cadence_name", "cron")
@click.option("--reason", required=True, help="Why (kept in the plan's history).")
@pass_app
def plan_edit(app: App, plan_id, name, cadence_name, shifts, cron, role, assignee, grace, workdays, reason):
    """Correct a plan (officer, admin): name, cadence, role, assignee, grace. Tasks already made
    stay as they were made; a new cadence makes tasks from tomorrow's period on.

    \b
    Example:
        dualprev plan edit 3 --cadence weekly --reason "改为每周检查"
        dualprev plan edit 3 --assignee zhao --grace 4 --reason "人员调整"
    """
    from dualprev.hazards.services import inspection as inspection_service

    p = inspection_service.edit_plan(app.db(), actor=app.user, plan_id=plan_id, reason=reason, name=name,
                                      cadence_name=cadence_name, cron=cron, shifts=shifts, workdays=workdays,
                                      role=role, assignee=assignee, grace=grace)
    app.done(p, f"plan {p['id']}: {p['name']} ({p['cadence']}{' ' + p['every'] if p['every'] else ''})")


@plan_group.command("generate")
@org_option("Only risk points of this org unit and its subtree.")
@pass_app
def plan_generate(app: App, org_ref):
    """Plans from the risk register: one plan per risk point and control level that checks it.

    The point's grade decides the levels and how often (rules file [schedule.generate.by_grade]:
    重大 公司级 monthly, 车间级 weekly, 班组级 daily, 岗位级 every shift; 较大 from 车间级; 一般 from
    班组级; 低 岗位级 daily), and its 管控层级 and every level below check it too. Each plan walks
    the point's 隐患排查 measures, assigned to that level's unit and role ([schedule.generate.roles]).
    Re-running adds new measures and updates what a re-grade changed (a re-assessed point is
    re-planned at once); it never duplicates a checklist, item or plan.

    \b
    Example:
        dualprev plan generate
        dualprev --json plan generate --org 生产一车间
    """
    from dualprev.hazards.services import inspection as inspection_service

    r = inspection_service.generate_plans(app.db(), actor=app.user, org=org_ref)
    app.done(r, f"checklists +{r['checklists']}, items +{r['items']}, plans +{r['plans']}, "
                f"updated {r['updated']}, paused {r['paused']}")


@plan_group.command("list")
@org_option()
@listing_output
@pass_app
def plan_list(app: App, org_ref, fmt, output):
    """List the inspection plans in your scope."""
    from dualprev.hazards import render
    from dualprev.hazards.queries import inspection as inspection_queries

    render.emit(inspection_queries.list_plans(app.db(), actor=app.user, org=org_ref),
                inspection_queries.PLAN_COLUMNS, app.fmt(fmt), app.lang, path=output)


@plan_group.command("show")
@click.argument("plan_id", metavar="ID", type=ID)
@pass_app
def plan_show(app: App, plan_id):
    """A plan and its latest tasks."""
    from dualprev.hazards import reports
    from dualprev.hazards.queries import inspection as inspection_queries

    app.show(inspection_queries.show_plan(app.db(), actor=app.user, plan_id=plan_id), reports.plan_text)


@plan_group.command("pause")
@click.argument("plan_id", metavar="ID", type=ID)
@pass_app
def plan_pause(app: App, plan_id):
    """Pause a plan: no new tasks until it is resumed."""
    from dualprev.hazards.services import inspection as inspection_service

    p = inspection_service.set_paused(app.db(), actor=app.user, plan_id=plan_id, paused=True)
    app.done(p, f"plan {p['id']} paused")


@plan_group.command("retire")
@click.argument("plan_id", metavar="ID", type=ID)
@click.option("--reason", required=True, help="Why the plan ends (kept in its history).")
@pass_app
def plan_retire(app: App, plan_id, reason):
    """Retire a plan: it makes no new tasks; the tasks it made and its history stay.

    \b
    Example:
        dualprev plan retire 3 --reason "装置停用"
    """
    from dualprev.hazards.services import inspection as inspection_service

    p = inspection_service.retire_plan(app.db(), actor=app.user, plan_id=plan_id, reason=reason)
    app.done(p, f"plan {p['id']} retired")


@plan_group.command("resume")
@click.argument("plan_id", metavar="ID", type=ID)
@pass_app
def plan_resume(app: App, plan_id):
    """Resume a plan from the current period (paused periods are not made up)."""
    from dualprev.hazards.services import inspection as inspection_service

    p = inspection_service.set_paused(app.db(), actor=app.user, plan_id=plan_id, paused=False)
    app.done(p, f"plan {p['id']} resumed from {p['next_start']}")
