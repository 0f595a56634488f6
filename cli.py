"""dualprev command line: parse, call one use-case, render. No SQL and no rules here.

Only click and the standard library are imported at start-up; the register (SQLAlchemy,
transitions, jinja2) loads inside the commands, so `dualprev --help` stays fast.
"""

from __future__ import annotations

import getpass
import os
import sys
from dataclasses import dataclass
from datetime import date

import click

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
FORMATS = click.Choice(["table", "md", "csv", "json", "xlsx"])


def listing_output(command):
    """--format and --output, the same on every listing."""
    command = click.option("--output", "-o", type=click.Path(dir_okay=False), metavar="FILE",
                           help="Write to FILE instead of stdout (needed for xlsx).")(command)
    return click.option("--format", "fmt", type=FORMATS,
                        help="table (default), md, csv, json, or xlsx (with --output).")(command)


@dataclass
class App:
    db_url: str | None
    user: str
    json: bool
    lang: str

    def db(self):
        from dualprev.hazards.services import open_db

        return open_db(self.db_url)

    def fmt(self, chosen: str | None) -> str:
        return "json" if self.json else (chosen or "table")

    def done(self, payload, human: str) -> None:
        """Print the outcome: the JSON document with --json, else one human line."""
        if self.json:
            from dualprev.hazards.render import dump_json

            dump_json(payload, sys.stdout)
        else:
            click.echo(human)


pass_app = click.make_pass_decorator(App)


class ISODate(click.ParamType):
    name = "DATE"

    def convert(self, value, param, ctx):
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(f"{value!r} is not a date like 2026-12-31", param, ctx)


class Instant(click.ParamType):
    name = "DATETIME"

    def convert(self, value, param, ctx):
        from dualprev.hazards.config import parse_instant
        from dualprev.hazards.errors import InvalidInput

        try:
            return parse_instant(value, "--found-at")
        except InvalidInput as exc:
            self.fail(str(exc), param, ctx)


class Choice(click.ParamType):
    """A value from a label table, given in English or Chinese (一般/重大, 发现/整改/...)."""

    def __init__(self, table_name: str, what: str):
        self.table_name, self.what, self.name = table_name, what, what.upper()

    def convert(self, value, param, ctx):
        from dualprev.hazards import labels
        from dualprev.hazards.errors import InvalidInput

        try:
            return labels.parse(getattr(labels, self.table_name), value, self.what)
        except InvalidInput as exc:
            self.fail(str(exc), param, ctx)


DATE = ISODate()
PHOTO = click.Path(exists=True, dir_okay=False)


class Root(click.Group):
    """Maps the register's errors to one line on stderr and its exit code; no tracebacks."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:  # `dualprev ... | head`: the reader left; stop quietly, as `cat` does
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(141)
        except Exception as exc:  # the edge of the program: decide what the user sees
            from dualprev.hazards.errors import DomainError

            if ctx.meta.get("traceback"):
                raise
            if isinstance(exc, DomainError):
                err = click.ClickException(str(exc))
                err.exit_code = exc.exit_code
                raise err from None
            err = click.ClickException(
                f"internal error {type(exc).__name__}: {exc} (run with --traceback for details)")
            err.exit_code = 70
            raise err from None


@click.group(cls=Root, context_settings=CONTEXT)
@click.option("--db", "db_url", envvar="DUALPREV_DB", metavar="URL",
              help="SQLAlchemy URL (default: a SQLite file in your data directory). Env: DUALPREV_DB.")
@click.option("--as", "as_user", envvar="DUALPREV_USER", metavar="LOGIN",
              help="Act as this person (default: DUALPREV_USER, else your OS login).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document and nothing else on stdout.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", envvar="DUALPREV_LANG",
              show_default=True, help="Language of labels in tables and reports.")
@click.option("--traceback", is_flag=True, hidden=True, help="Show the Python traceback of an error.")
@click.version_option(package_name="dualprev")
@click.pass_context
def cli(ctx, db_url, as_user, as_json, lang, traceback):
    """dualprev: the 双重预防 risk-and-hazard register.

    Hazards (隐患) flow 发现 → 整改 → 复核 → 销号 (reported → rectifying → verifying → closed).

    \b
    Example:
        dualprev init --demo
        dualprev --as wang hazard list --overdue
        dualprev --as wang report overdue --format md

    Exit codes: 1 refused (unknown, not permitted), 2 bad input, 3 not allowed by the workflow,
    4 conflict with a concurrent change, 70 internal error.
    """
    ctx.meta["traceback"] = traceback
    if as_user is not None and not as_user.strip():
        raise click.BadParameter("is empty: give a login, e.g. --as wang", param_hint="--as")
    ctx.obj = App(db_url=db_url, user=(as_user or getpass.getuser()).strip(), json=as_json, lang=lang)


@cli.command()
@click.option("--demo", is_flag=True, help="Seed a demo enterprise: org tree, people, hazards in every state.")
@click.option("--hazards", "bulk", type=click.IntRange(min=0), default=0, metavar="N",
              help="Add N synthetic hazards through the bulk path (for benchmarks).")
@pass_app
def init(app: App, demo: bool, bulk: int):
    """Create or upgrade the database (nothing is lost).

    On a database with no people, the acting user becomes its first admin.

    \b
    Example:
        dualprev init
        dualprev init --demo
        dualprev --db postgresql+psycopg://postgres@127.0.0.1/test init
    """
    from dualprev.hazards import seed, services

    db = app.db()
    result = services.init(db, login=app.user)
    if demo:
        result["demo"] = seed.demo(db, admin=app.user)
    if bulk:
        result["bulk"] = seed.bulk(db, bulk)
    lines = [f"database ready at revision {result['revision']}: {db.url}"]
    if result["first_admin"]:
        lines.append(f"first admin: {result['first_admin']}")
    if demo:
        d = result["demo"]
        lines.append(d["message"])
    if bulk:
        lines.append(f"added {result['bulk']['hazards']} synthetic hazards "
                     f"({result['bulk']['events']} events) in {result['bulk']['seconds']:.1f} s")
    app.done(result, "\n".join(lines))


# --- org and person -----------------------------------------------------------------------------

@cli.group()
def org():
    """Org units: 企业 → 车间/部门 → 班组."""


@org.command("add")
@click.argument("name")
@click.option("--parent", metavar="ORG", help="Parent unit (name or id); none makes an enterprise.")
@click.option("--kind", type=click.Choice(["enterprise", "workshop", "team"]),
              help="Default: enterprise without --parent, else one level below the parent.")
@pass_app
def org_add(app: App, name, parent, kind):
    """Add an org unit (admin).

    \b
    Example:
        dualprev org add 示范化工有限公司
        dualprev org add 生产一车间 --parent 示范化工有限公司
    """
    from dualprev.hazards import services

    unit = services.add_org(app.db(), actor=app.user, name=name, parent=parent, kind=kind)
    app.done(unit, f"added {unit['kind']} {unit['name']} (id {unit['id']})")


@org.command("list")
@pass_app
def org_list(app: App):
    """List the org units in your scope."""
    from dualprev.hazards import queries, render

    rows = queries.list_orgs(app.db(), actor=app.user)
    render.emit(rows, ["id", "name", "kind", "parent"], app.fmt(None), app.lang)


@cli.group()
def person():
    """People and their roles (officer, owner, inspector, supervisor, admin)."""


@person.command("add")
@click.argument("login")
@click.option("--name", required=True, help="Full name.")
@click.option("--org", "org_ref", required=True, metavar="ORG", help="Org unit: the person's scope.")
@click.option("--role", "roles", multiple=True, required=True,
              help="officer | owner | inspector | supervisor | admin (repeatable; Chinese accepted).")
@pass_app
def person_add(app: App, login, name, org_ref, roles):
    """Add a person (admin).

    \b
    Example:
        dualprev person add wang --name 王安全 --org 示范化工有限公司 --role officer
    """
    from dualprev.hazards import services

    p = services.add_person(app.db(), actor=app.user, login=login, name=name, org=org_ref,
                            roles=list(roles))
    app.done(p, f"added {p['login']} ({p['name']}) at {p['org']}: {', '.join(p['roles'])}")


@person.command("list")
@pass_app
def person_list(app: App):
    """List the people in your scope."""
    from dualprev.hazards import queries, render

    rows = queries.list_people(app.db(), actor=app.user)
    render.emit(rows, ["login", "name", "org", "roles"], app.fmt(None), app.lang)


# --- hazards ------------------------------------------------------------------------------------

@cli.group()
def hazard():
    """Hazards (隐患) and their lifecycle 发现 → 整改 → 复核 → 销号."""


def _moved(app: App, result: dict) -> None:
    from dualprev.hazards.labels import STATES, label

    app.done(result, f"{result['code']}: {label(STATES, result['state'], app.lang)} ({result['state']})")


@hazard.command("report")
@click.option("--title", required=True, help="What is wrong, in a line.")
@click.option("--org", "org_ref", required=True, metavar="ORG", help="Org unit where it was found.")
@click.option("--place", help="Place or equipment (部位).")
@click.option("--level", type=Choice("LEVELS", "level"), default="general", show_default=True,
              help="general|major (一般|重大).")
@click.option("--category", help="Category, e.g. 物的不安全状态.")
@click.option("--desc", help="Description.")
@click.option("--found-at", type=Instant(), help="When it was found (ISO-8601; default now).")
@click.option("--photo", "photos", multiple=True, type=PHOTO, help="Photo or file (repeatable).")
@click.option("--risk", "risk_code", metavar="CODE", help="The risk point it was found at (FX-000042).")
@click.option("--measure", "measure_id", type=int, metavar="ID", help="The control measure that failed.")
@pass_app
def hazard_report(app: App, title, org_ref, place, level, category, desc, found_at, photos,
                  risk_code, measure_id):
    """发现: register a hazard; prints its new code.

    \b
    Example:
        dualprev hazard report --title "二号泵房护栏缺失" --org 生产一车间 --place 二号泵房
        dualprev hazard report --title "液氨储罐区无泄漏报警" --org 生产一车间 --level 重大
    """
    from dualprev.hazards import services

    r = services.report(app.db(), actor=app.user, title=title, org=org_ref, place=place,
                        level=level, category=category, desc=desc, found_at=found_at,
                        photos=list(photos), risk=risk_code, measure=measure_id)
    app.done(r, r["code"])


@hazard.command("assign")
@click.argument("code")
@click.option("--owner", required=True, metavar="LOGIN", help="整改责任人.")
@click.option("--deadline", type=DATE, help="整改期限 (a date; ends at local midnight).")
@click.option("--within", metavar="N|Nwd", help="Or: N calendar days / N working days (5wd) from today.")
@click.option("--measures", required=True, help="整改措施.")
@click.option("--cost", type=float, help="整改资金 in 元 (required for 重大).")
@click.option("--contingency", help="应急预案 (required for 重大).")
@pass_app
def hazard_assign(app: App, code, owner, deadline, within, measures, cost, contingency):
    """下达整改: reported → rectifying (officer). 重大 needs all of 五落实.

    \b
    Example:
        dualprev hazard assign YH-2026-000001 --owner chen --deadline 2026-12-15 --measures "加装护栏"
        dualprev hazard assign YH-2026-000002 --owner chen --within 5wd --measures "更换阀门"
    """
    from dualprev.hazards import services

    _moved(app, services.assign(app.db(), actor=app.user, code=code, owner=owner,
                                deadline=deadline, within=within, measures=measures, cost=cost,
                                contingency=contingency))


@hazard.command("fix")
@click.argument("code")
@click.option("--measures", required=True, help="What was done on the spot.")
@click.option("--photo", "photos", multiple=True, type=PHOTO, help="Photo or file (repeatable).")
@pass_app
def hazard_fix(app: App, code, measures, photos):
    """立查立改: a 一般 hazard fixed at once goes to 复核 (officer or owner).

    \b
    Example:
        dualprev hazard fix YH-2026-000002 --measures "已清理通道堆放物" --photo after.jpg
    """
    from dualprev.hazards import services

    _moved(app, services.fix_on_spot(app.db(), actor=app.user, code=code, measures=measures,
                                     photos=list(photos)))


@hazard.command("submit")
@click.argument("code")
@click.option("--note", help="What was done.")
@click.option("--cost", type=float, help="Actual cost in 元.")
@click.option("--photo", "photos", multiple=True, type=PHOTO, help="Photo or file (repeatable).")
@pass_app
def hazard_submit(app: App, code, note, cost, photos):
    """提交复核: rectifying → verifying (the assigned owner).

    \b
    Example:
        dualprev hazard submit YH-2026-000001 --note "护栏已安装" --photo after.jpg
    """
    from dualprev.hazards import services

    _moved(app, services.submit(app.db(), actor=app.user, code=code, note=note, cost=cost,
                                photos=list(photos)))


@hazard.command("verify")
@click.argument("code")
@click.option("--pass", "passed", flag_value=True, default=None, help="复核通过: close (销号).")
@click.option("--reject", "passed", flag_value=False, help="复核不通过: back to 整改.")
@click.option("--note", help="Verification remarks.")
@pass_app
def hazard_verify(app: App, code, passed, note):
    """复核: verifying → closed (--pass) or → rectifying (--reject) (inspector, never the owner).

    \b
    Example:
        dualprev hazard verify YH-2026-000001 --pass --note "现场确认"
    """
    if passed is None:
        raise click.UsageError("say --pass or --reject")
    from dualprev.hazards import services

    _moved(app, services.verify(app.db(), actor=app.user, code=code, passed=passed, note=note))


@hazard.command("extend")
@click.argument("code")
@click.option("--deadline", type=DATE, help="The new deadline.")
@click.option("--within", metavar="N|Nwd", help="Or: N calendar days / N working days (10wd) from today.")
@click.option("--reason", required=True, help="Why (kept with the extension).")
@pass_app
def hazard_extend(app: App, code, deadline, within, reason):
    """延期: move the deadline of a hazard in 整改 (supervisor); the first deadline is kept.

    \b
    Example:
        dualprev hazard extend YH-2026-000001 --deadline 2027-01-15 --reason "备件到货延迟"
    """
    from dualprev.hazards import services

    _moved(app, services.extend(app.db(), actor=app.user, code=code, deadline=deadline,
                                within=within, reason=reason))


@hazard.command("extend-request")
@click.argument("code")
@click.option("--deadline", type=DATE, help="The deadline asked for.")
@click.option("--within", metavar="N|Nwd", help="Or: N calendar days / N working days (10wd) from today.")
@click.option("--reason", required=True, help="Why more time is needed.")
@pass_app
def hazard_extend_request(app: App, code, deadline, within, reason):
    """延期申请: the owner asks for a later deadline; a supervisor approves or denies it.

    \b
    Example:
        dualprev --as chen hazard extend-request YH-2026-000003 --deadline 2027-01-15 --reason "备件到货延迟"
    """
    from dualprev.hazards import supervision_services

    r = supervision_services.extend_request(app.db(), actor=app.user, code=code, deadline=deadline,
                                            within=within, reason=reason)
    app.done(r, f"{r['code']}: extension to {r['deadline']} requested (待审批)")


@hazard.command("extend-approve")
@click.argument("code")
@click.option("--note", help="A remark kept with the decision.")
@pass_app
def hazard_extend_approve(app: App, code, note):
    """Approve a pending extension request (supervisor): the deadline moves, the old one is kept.

    \b
    Example:
        dualprev --as zhao hazard extend-approve YH-2026-000003
    """
    from dualprev.hazards import supervision_services

    r = supervision_services.extend_decide(app.db(), actor=app.user, code=code, approve=True, note=note)
    app.done(r, f"{r['code']}: extension approved, deadline {r['deadline']}")


@hazard.command("extend-deny")
@click.argument("code")
@click.option("--reason", required=True, help="Why the request is denied.")
@pass_app
def hazard_extend_deny(app: App, code, reason):
    """Deny a pending extension request (supervisor); the deadline stays.

    \b
    Example:
        dualprev --as zhao hazard extend-deny YH-2026-000003 --reason "措施可在原期限内完成"
    """
    from dualprev.hazards import supervision_services

    r = supervision_services.extend_decide(app.db(), actor=app.user, code=code, approve=False,
                                           note=reason)
    app.done(r, f"{r['code']}: extension denied, deadline stays {r['deadline']}")


@hazard.command("void")
@click.argument("code")
@click.option("--reason", required=True, help="Why it is void (误报, duplicate...).")
@pass_app
def hazard_void(app: App, code, reason):
    """作废: void a reported hazard (officer).

    \b
    Example:
        dualprev hazard void YH-2026-000003 --reason "重复上报"
    """
    from dualprev.hazards import services

    _moved(app, services.void(app.db(), actor=app.user, code=code, reason=reason))


@hazard.command("show")
@click.argument("code")
@pass_app
def hazard_show(app: App, code):
    """The hazard, its attachments, extensions and whole history.

    \b
    Example:
        dualprev hazard show YH-2026-000001
    """
    from dualprev.hazards import queries, render

    h = queries.show_hazard(app.db(), actor=app.user, code=code)
    if app.json:
        render.dump_json(h, sys.stdout)
        return
    from dualprev.hazards.reports import hazard_text

    hazard_text(h, app.lang, sys.stdout)


@hazard.command("list")
@click.option("--state", type=Choice("STATES", "state"), help="reported|rectifying|verifying|closed|voided (or 发现/整改/复核/销号/作废).")
@click.option("--level", type=Choice("LEVELS", "level"), help="general|major (一般|重大).")
@click.option("--org", "org_ref", metavar="ORG", help="Only this org unit and its subtree.")
@click.option("--owner", metavar="LOGIN", help="Only hazards owned by LOGIN.")
@click.option("--overdue", is_flag=True, help="Only open hazards past their deadline.")
@click.option("--due-before", type=DATE, help="Only hazards with a deadline before DATE.")
@click.option("--limit", type=click.IntRange(min=1), help="At most N rows.")
@listing_output
@pass_app
def hazard_list(app: App, state, level, org_ref, owner, overdue, due_before, limit, fmt, output):
    """List hazards in your scope (the full 隐患台账 is `report ledger`).

    \b
    Example:
        dualprev hazard list --state 整改 --org 生产一车间
        dualprev --json hazard list --overdue
    """
    from dualprev.hazards import queries, render

    rows = queries.iter_hazards(app.db(), actor=app.user, state=state, level=level, org=org_ref,
                                owner=owner, overdue=overdue, due_before=due_before, limit=limit)
    render.emit(rows, ["code", "title", "state", "level", "org", "owner", "deadline"],
                app.fmt(fmt), app.lang, path=output)


# --- risk register (安全风险分级管控) -------------------------------------------------------------

MATRIX_FORMATS = click.Choice(["table", "md", "html", "json"])


def _risk_done(app: App, r: dict) -> None:
    from dualprev.hazards.labels import COLOURS, GRADES, label

    app.done(r, f"{r['code']}: {label(GRADES, r['grade'], app.lang)}/{label(COLOURS, r['colour'], app.lang)}"
                f" ({r['method'].upper()} {r['score']})")


@cli.group()
def risk():
    """Risk points (风险点): grade them (LEC/LS), control them, see the four colours."""


@risk.command("add")
@click.argument("name")
@click.option("--org", "org_ref", required=True, metavar="ORG", help="Org unit responsible (所属单位).")
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
@pass_app
def risk_add(app: App, name, org_ref, place, kind, desc, lec, ls, control_level, sources,
             analysis_object, responsible):
    """Add a risk point with its first assessment (officer, admin); prints its code.

    \b
    Example:
        dualprev risk add 液氨储罐区 --org 生产一车间 --lec 6,6,15 --source 液氨泄漏中毒
        dualprev risk add 二号泵房 --org 生产一车间 --kind equipment --ls 3,4
    """
    from dualprev.hazards import risk_services

    _risk_done(app, risk_services.add(
        app.db(), actor=app.user, name=name, org=org_ref, place=place, kind=kind, desc=desc,
        lec=lec, ls=ls, control_level=control_level, sources=list(sources),
        analysis_object=analysis_object, responsible=responsible))


@risk.command("assess")
@click.argument("code")
@click.option("--lec", metavar="L,E,C", help="LEC factors, e.g. 3,6,7.")
@click.option("--ls", metavar="L,S", help="Likelihood and severity 1-5, e.g. 2,4.")
@click.option("--note", help="Why it was re-assessed.")
@click.option("--reason", help="Supervisor's reason to lower a grade while open 重大 hazards are linked.")
@click.option("--control-level", type=Choice("CONTROL_LEVELS", "control level"),
              help="company|workshop|team|post; default from the new grade.")
@pass_app
def risk_assess(app: App, code, lec, ls, note, reason, control_level):
    """Re-assess a risk point; the history is kept and the newest is its grade.

    \b
    Example:
        dualprev risk assess FX-000001 --lec 3,6,7 --note "加装泄漏报警后复评"
    """
    from dualprev.hazards import risk_services

    _risk_done(app, risk_services.assess(app.db(), actor=app.user, code=code, lec=lec, ls=ls,
                                         note=note, reason=reason, control_level=control_level))


@risk.group("measure")
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
    from dualprev.hazards import risk_services

    m = risk_services.add_measure(app.db(), actor=app.user, code=code, type=kind, text=text,
                                  owner=owner, source=source, classify1=classify1,
                                  classify2=classify2, control=control, check=check)
    app.done(m, f"{m['risk']}: measure {m['id']}")


@risk.command("list")
@click.option("--org", "org_ref", metavar="ORG", help="Only this org unit and its subtree.")
@click.option("--grade", metavar="GRADE", help="red|orange|yellow|blue or major|considerable|general|low (红/重大...).")
@listing_output
@pass_app
def risk_list(app: App, org_ref, grade, fmt, output):
    """安全风险清单: the risk points in your scope with grade, colour and flags.

    \b
    Example:
        dualprev risk list --grade 红
        dualprev risk list --format md > risks.md
        dualprev risk list --format xlsx --output 安全风险清单.xlsx
    """
    from dualprev.hazards import risk_queries, risk_reports

    fmt = app.fmt(fmt)
    rows = risk_queries.iter_risks(app.db(), actor=app.user, org=org_ref, grade=grade,
                                   with_history=fmt == "json")
    risk_reports.ledger(rows, fmt, app.lang, sys.stdout, path=output)


@risk.command("show")
@click.argument("code")
@pass_app
def risk_show(app: App, code):
    """A risk point: assessments, measures, linked open and closed hazards.

    \b
    Example:
        dualprev risk show FX-000001
    """
    from dualprev.hazards import render, risk_queries

    r = risk_queries.show(app.db(), actor=app.user, code=code)
    if app.json:
        render.dump_json(r, sys.stdout)
        return
    from dualprev.hazards.risk_reports import risk_text

    risk_text(r, app.lang, sys.stdout)


@risk.command("matrix")
@click.option("--org", "org_ref", metavar="ORG", help="Only this org unit and its subtree.")
@click.option("--format", "fmt", type=MATRIX_FORMATS, help="table (default), md, html, json.")
@pass_app
def risk_matrix(app: App, org_ref, fmt):
    """四色图: LS 5x5 grid, LEC counts by grade, and colours per org unit.

    \b
    Example:
        dualprev risk matrix --format html > matrix.html
    """
    from dualprev.hazards import render, risk_queries, risk_reports

    m = risk_queries.matrix(app.db(), actor=app.user, org=org_ref)
    fmt = app.fmt(fmt)
    if fmt == "json":
        render.dump_json(m, sys.stdout)
    else:
        risk_reports.matrix(m, fmt, app.lang, sys.stdout)


# --- scheduled inspections (隐患排查) ------------------------------------------------------------

class Numbered(click.ParamType):
    """``N=VALUE``: a value for item N (counting from 1, as `inspect show` prints them)."""

    name = "N=VALUE"

    def convert(self, value, param, ctx):
        if isinstance(value, tuple):
            return value
        number, sep, text = value.partition("=")
        if not sep or not number.strip().isdigit() or int(number) < 1 or not text.strip():
            self.fail(f"{value!r} is not N=VALUE with N an item number from 1 (e.g. 2=fail)", param, ctx)
        return int(number), text.strip()


NUMBERED = Numbered()


def _numbered(pairs, option: str) -> dict:
    out = {}
    for n, value in pairs:
        if n in out:
            raise click.BadParameter(f"item {n} is given twice", param_hint=option)
        out[n] = value
    return out


@cli.group()
def checklist():
    """排查清单: the items an inspection walks."""


@checklist.command("add")
@click.argument("name")
@click.option("--item", "items", multiple=True, metavar="TEXT", help="A check item (repeatable).")
@click.option("--from-risk", "risks", multiple=True, metavar="CODE",
              help="One item per control measure (隐患排查 kind) of this risk point (repeatable).")
@click.option("--org", "org_ref", metavar="ORG", help="Owning org unit (default: the risk point's, else yours).")
@pass_app
def checklist_add(app: App, name, items, risks, org_ref):
    """Add a checklist (officer, admin); prints its id.

    \b
    Example:
        dualprev checklist add 甲班日查 --item "消防通道畅通" --item "气瓶固定" --org 甲班
        dualprev checklist add 液氨储罐区 --from-risk FX-000001
    """
    from dualprev.hazards import inspection_services

    c = inspection_services.add_checklist(app.db(), actor=app.user, name=name, items=list(items),
                                          from_risks=list(risks), org=org_ref)
    app.done(c, f"checklist {c['id']}: {c['name']} ({len(c['items'])} items)")


@checklist.command("list")
@listing_output
@pass_app
def checklist_list(app: App, fmt, output):
    """List the checklists in your scope."""
    from dualprev.hazards import inspection_queries, render

    render.emit(inspection_queries.list_checklists(app.db(), actor=app.user),
                ["id", "name", "org", "items"], app.fmt(fmt), app.lang, path=output)


@checklist.command("show")
@click.argument("checklist_id", metavar="ID", type=int)
@pass_app
def checklist_show(app: App, checklist_id):
    """A checklist and its numbered items."""
    from dualprev.hazards import inspection_queries, render

    c = inspection_queries.show_checklist(app.db(), actor=app.user, checklist_id=checklist_id)
    if app.json:
        render.dump_json(c, sys.stdout)
        return
    click.echo(f"{c['id']} {c['name']} · {c['org']}")
    render.emit(c["items"], ["no", "text", "risk"], "table", app.lang)


@cli.group()
def plan():
    """排查计划: which checklist, where, how often (班组日、车间周、厂级月)."""


@plan.command("add")
@click.argument("name")
@click.option("--checklist", "checklist_id", required=True, type=int, metavar="ID", help="The checklist walked.")
@click.option("--org", "org_ref", required=True, metavar="ORG", help="The org unit inspected.")
@click.option("--cadence", "cadence_name", metavar="CADENCE",
              help="daily|weekly|monthly|quarterly|yearly (default by the unit: team daily, workshop "
                   "weekly, enterprise monthly).")
@click.option("--cron", metavar="EXPR", help="Standard five-field cron instead (0 and 7 are Sunday).")
@click.option("--holiday-eve", is_flag=True, help="A task on the last working day before each public holiday.")
@click.option("--role", default="inspector", show_default=True, help="Role that may record the tasks.")
@click.option("--assignee", metavar="LOGIN", help="The person who does the tasks.")
@click.option("--start", type=DATE, help="First day (default today).")
@click.option("--grace", type=int, metavar="HOURS", help="Hours after a period's end before 漏检.")
@click.option("--workdays", is_flag=True, help="Daily on working days only (Chinese calendar, 调休 included).")
@pass_app
def plan_add(app: App, name, checklist_id, org_ref, cadence_name, cron, holiday_eve, role, assignee,
             start, grace, workdays):
    """Add an inspection plan (officer, admin); `tick` makes its tasks.

    \b
    Example:
        dualprev plan add 甲班日查 --checklist 1 --org 甲班 --assignee liu --workdays
        dualprev plan add 节前检查 --checklist 2 --org 示范化工有限公司 --holiday-eve
        dualprev plan add 周日巡检 --checklist 1 --org 甲班 --cron "0 8 * * 0"
    """
    from dualprev.hazards import inspection_services

    p = inspection_services.add_plan(app.db(), actor=app.user, name=name, checklist=checklist_id,
                                     org=org_ref, cadence_name=cadence_name, cron=cron,
                                     holiday_eve=holiday_eve, role=role, assignee=assignee,
                                     start=start, grace=grace, workdays=workdays)
    app.done(p, f"plan {p['id']}: {p['name']} ({p['cadence']}{' ' + p['cron'] if p['cron'] else ''})"
                f" from {p['next_start']}")


@plan.command("generate")
@click.option("--org", "org_ref", metavar="ORG", help="Only risk points of this org unit and its subtree.")
@pass_app
def plan_generate(app: App, org_ref):
    """Plans from the risk register: each control measure is checked at its control level's cadence.

    Re-running it adds only new measures; it never duplicates a checklist, item or plan.

    \b
    Example:
        dualprev plan generate
    """
    from dualprev.hazards import inspection_services

    r = inspection_services.generate_plans(app.db(), actor=app.user, org=org_ref)
    app.done(r, f"checklists +{r['checklists']}, items +{r['items']}, plans +{r['plans']}")


@plan.command("list")
@click.option("--org", "org_ref", metavar="ORG", help="Only this org unit and its subtree.")
@listing_output
@pass_app
def plan_list(app: App, org_ref, fmt, output):
    """List the inspection plans in your scope."""
    from dualprev.hazards import inspection_queries, render

    render.emit(inspection_queries.list_plans(app.db(), actor=app.user, org=org_ref),
                inspection_queries.PLAN_COLUMNS, app.fmt(fmt), app.lang, path=output)


@plan.command("show")
@click.argument("plan_id", metavar="ID", type=int)
@pass_app
def plan_show(app: App, plan_id):
    """A plan and its latest tasks."""
    from dualprev.hazards import inspection_queries, render

    p = inspection_queries.show_plan(app.db(), actor=app.user, plan_id=plan_id)
    if app.json:
        render.dump_json(p, sys.stdout)
        return
    render.emit([p], inspection_queries.PLAN_COLUMNS, "table", app.lang)
    render.emit(p["tasks"], ["id", "period_start", "period_end", "due_at", "state", "late"], "table", app.lang)


@plan.command("pause")
@click.argument("plan_id", metavar="ID", type=int)
@pass_app
def plan_pause(app: App, plan_id):
    """Pause a plan: no new tasks until it is resumed."""
    from dualprev.hazards import inspection_services

    p = inspection_services.set_paused(app.db(), actor=app.user, plan_id=plan_id, paused=True)
    app.done(p, f"plan {p['id']} paused")


@plan.command("resume")
@click.argument("plan_id", metavar="ID", type=int)
@pass_app
def plan_resume(app: App, plan_id):
    """Resume a plan from the current period (paused periods are not made up)."""
    from dualprev.hazards import inspection_services

    p = inspection_services.set_paused(app.db(), actor=app.user, plan_id=plan_id, paused=False)
    app.done(p, f"plan {p['id']} resumed from {p['next_start']}")


@cli.group()
def inspect():
    """Inspection tasks (排查任务): what is due, record results, 漏检."""


@inspect.command("due")
@click.option("--org", "org_ref", metavar="ORG", help="Only this org unit and its subtree.")
@click.option("--mine", is_flag=True, help="Only tasks you are meant to do.")
@listing_output
@pass_app
def inspect_due(app: App, org_ref, mine, fmt, output):
    """Open tasks in your scope, oldest first.

    \b
    Example:
        dualprev --as liu inspect due --mine
    """
    from dualprev.hazards import inspection_queries, render

    fmt = app.fmt(fmt)
    rows = inspection_queries.due(app.db(), actor=app.user, org=org_ref, mine=mine,
                                  with_items=fmt == "json")
    render.emit(rows, inspection_queries.TASK_COLUMNS, fmt, app.lang, path=output)


@inspect.command("record")
@click.argument("task_id", metavar="TASK", type=int)
@click.option("--item", "items", multiple=True, required=True, type=NUMBERED,
              help="N=ok|fail|na (正常|发现隐患|不适用) (repeatable).")
@click.option("--note", "notes", multiple=True, type=NUMBERED, help="N=TEXT: a remark on item N.")
@click.option("--photo", "photos", multiple=True, type=NUMBERED, help="N=FILE: a photo of item N.")
@click.option("--fix", "fixes", multiple=True, type=NUMBERED,
              help="N=MEASURES: failed item N was fixed on the spot (立查立改).")
@pass_app
def inspect_record(app: App, task_id, items, notes, photos, fixes):
    """Record results; a failed item becomes a hazard (发现) linked to the task and its risk.

    \b
    Example:
        dualprev --as liu inspect record 12 --item 1=ok --item 2=fail --note 2="护栏松动"
        dualprev --as liu inspect record 12 --item 3=fail --fix 3="已紧固"
    """
    from dualprev.hazards import inspection_services

    t = inspection_services.record(app.db(), actor=app.user, task_id=task_id,
                                   results=_numbered(items, "--item"), notes=_numbered(notes, "--note"),
                                   photos=_numbered(photos, "--photo"), fixes=_numbered(fixes, "--fix"))
    extra = f"; hazards {', '.join(t['hazards_created'])}" if t["hazards_created"] else ""
    app.done(t, f"task {t['id']}: {t['state']}{' (late)' if t['late'] else ''}{extra}")


@inspect.command("show")
@click.argument("task_id", metavar="TASK", type=int)
@pass_app
def inspect_show(app: App, task_id):
    """A task with its numbered items and their results."""
    from dualprev.hazards import inspection_queries, render

    t = inspection_queries.show_task(app.db(), actor=app.user, task_id=task_id)
    if app.json:
        render.dump_json(t, sys.stdout)
        return
    from dualprev.hazards.inspection_reports import task_text

    task_text(t, app.lang, sys.stdout)


@inspect.command("missed")
@click.option("--org", "org_ref", metavar="ORG", help="Only this org unit and its subtree.")
@click.option("--since", type=DATE, help="Only periods ending on or after DATE.")
@listing_output
@pass_app
def inspect_missed(app: App, org_ref, since, fmt, output):
    """漏检: tasks whose period ended without a complete record.

    \b
    Example:
        dualprev inspect missed --since 2026-11-01
    """
    from dualprev.hazards import inspection_queries, render

    fmt = app.fmt(fmt)
    rows = inspection_queries.missed(app.db(), actor=app.user, org=org_ref, since=since,
                                     with_items=fmt == "json")
    render.emit(rows, inspection_queries.TASK_COLUMNS, fmt, app.lang, path=output)


@cli.command()
@pass_app
def tick(app: App):
    """Generate due tasks, mark missed ones (漏检), run the escalation sweep; safe to repeat.

    \b
    Example:
        dualprev tick
        DUALPREV_NOW=2026-12-01T08:00 dualprev --json tick
    """
    from dualprev.schedules.tick import tick as run_tick

    r = run_tick(app.db())
    app.done(r, f"created {r['created']}, missed {r['missed']}, escalated {r['escalated']}")


@cli.group()
def scheduler():
    """The scheduler daemon."""


@scheduler.command("run")
@click.option("--interval", type=click.IntRange(min=1), metavar="SECONDS",
              help="Seconds between ticks (default: tick_seconds of the rules).")
@pass_app
def scheduler_run(app: App, interval):
    """Run `tick`, then `notify send`, on a timer until SIGTERM or Ctrl-C.

    \b
    Example:
        dualprev scheduler run --interval 60
    """
    import logging

    from dualprev.schedules import daemon

    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    daemon.run(app.db(), interval=interval)


@cli.group()
def calendar():
    """The working-day calendar (chinese-calendar, admin entries, provisional years)."""


@calendar.command("add")
@click.argument("day", metavar="DATE", type=DATE)
@click.option("--holiday", metavar="NAME", help="A public holiday (e.g. 春节).")
@click.option("--workday", is_flag=True, help="An adjusted working day (调休上班).")
@pass_app
def calendar_add(app: App, day, holiday, workday):
    """Enter a day of the State Council's holiday notice (admin).

    \b
    Example:
        dualprev calendar add 2027-02-06 --holiday 春节
        dualprev calendar add 2027-02-20 --workday
    """
    from dualprev.hazards import inspection_services

    r = inspection_services.add_calendar_day(app.db(), actor=app.user, day=day, holiday=holiday,
                                             workday=workday)
    app.done(r, f"{r['day']}: {r['kind']}{' ' + r['name'] if r['name'] else ''}")


@calendar.command("check")
@pass_app
def calendar_check(app: App):
    """Which coming years the calendar knows, and which are provisional."""
    from dualprev.hazards import inspection_queries, render

    rows = inspection_queries.calendar_check(app.db())
    render.emit(rows, ["year", "source", "provisional", "entries"], app.fmt(None), app.lang)
    if not app.json and any(r["provisional"] for r in rows):
        click.echo("provisional years: enter the State Council's notice with `dualprev calendar add`", err=True)


# --- reports, audit, workflow -------------------------------------------------------------------

@cli.group()
def supervise():
    """挂牌督办: listed supervision of hazards and its write-off (核销)."""


LEVEL_HELP = "enterprise|county|city|province (企业级/县级/市级/省级)."
REGULATOR_OPTIONS = [
    click.option("--authority", metavar="NAME", help="The regulator (county, city, province listings)."),
    click.option("--doc-no", "doc_no", metavar="文号", help="The regulator's document number."),
]


def regulator_options(command):
    for option in reversed(REGULATOR_OPTIONS):
        command = option(command)
    return command


def _listing_line(r: dict, lang: str) -> str:
    """``YH-2026-000003: 企业级挂牌督办 已申请核销 (writeoff_requested)``"""
    from dualprev.hazards.labels import SUPERVISION_LEVELS, SUPERVISION_STATES, label

    s = r["supervisions"][-1]
    level, state = label(SUPERVISION_LEVELS, s["level"], lang), label(SUPERVISION_STATES, s["state"], lang)
    if lang == "zh":
        return f"{r['code']}: {level}挂牌督办 {state} ({s['state']})"
    return f"{r['code']}: {level} supervision {state}"


@supervise.command("list")
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
    from dualprev.hazards import render, supervision_services
    from dualprev.hazards.reports import as_of

    rows = supervision_services.listed(app.db(), actor=app.user, level=level, state=state)
    render.emit(rows, supervision_services.LIST_COLUMNS, app.fmt(fmt), app.lang, path=output,
                title="挂牌督办清单" if app.lang == "zh" else "Listed supervision", note=as_of(app.lang))


@supervise.command("add")
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
    from dualprev.hazards import supervision_services

    r = supervision_services.add(app.db(), actor=app.user, code=code, level=level, deadline=deadline,
                                 reason=reason, authority=authority, doc_no=doc_no)
    app.done(r, _listing_line(r, app.lang))


@supervise.command("request-writeoff")
@click.argument("code")
@click.option("--note", required=True, help="What was done.")
@click.option("--photo", "photos", multiple=True, type=PHOTO, help="A photo or file (repeatable).")
@pass_app
def supervise_request_writeoff(app: App, code, note, photos):
    """申请核销: ask for the write-off once the rectification is submitted (owner or officer).

    \b
    Example:
        dualprev --as chen supervise request-writeoff YH-2026-000003 --note 报警器已更换并联调 --photo after.jpg
    """
    from dualprev.hazards import supervision_services

    r = supervision_services.request_writeoff(app.db(), actor=app.user, code=code, note=note,
                                              photos=list(photos))
    app.done(r, _listing_line(r, app.lang))


@supervise.command("approve")
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
    from dualprev.hazards import supervision_services

    r = supervision_services.approve(app.db(), actor=app.user, code=code, note=note,
                                     authority=authority, doc_no=doc_no)
    app.done(r, _listing_line(r, app.lang))


@supervise.command("reject")
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
    from dualprev.hazards import supervision_services

    r = supervision_services.reject(app.db(), actor=app.user, code=code, note=note,
                                    authority=authority, doc_no=doc_no)
    app.done(r, _listing_line(r, app.lang))


@cli.group()
def escalation():
    """The escalation ladder of overdue hazards."""


@escalation.command("show")
@click.option("--format", "fmt", type=FORMATS, help="table (default), md, csv, json.")
@pass_app
def escalation_show(app: App, fmt):
    """The ladder in force: when each step fires, whom it notifies, what it does.

    \b
    Example:
        dualprev escalation show
    """
    from dualprev.hazards import render
    from dualprev.hazards.config import rules
    from dualprev.workflows import escalation as ladder

    steps = ladder.describe()
    auto = rules()["escalation"]["auto_list_major"]
    note = (f"重大隐患报告即挂牌: {'是' if auto else '否'}" if app.lang == "zh" else
            f"重大 hazards listed when reported: {'yes' if auto else 'no'}") + f" · rules {rules()['version']}"
    render.emit(steps, ["step", "days", "notify", "action"], app.fmt(fmt), app.lang,
                title="督办阶梯" if app.lang == "zh" else "Escalation ladder", note=note)


@cli.group()
def notify():
    """Notifications: where they go (routes) and the outbox."""


@notify.group("route")
def notify_route():
    """Where notifications for an org unit or a person go."""


@notify_route.command("add")
@click.option("--org", "org_ref", metavar="ORG", help="An org unit (covers its whole subtree).")
@click.option("--person", metavar="LOGIN", help="One person.")
@click.option("--webhook", metavar="URL", help="POST each notification to this URL.")
@click.option("--style", type=click.Choice(["json", "wecom", "dingtalk"]), default="json",
              show_default=True, help="Webhook body: generic JSON, 企业微信 or 钉钉 group robot.")
@click.option("--email", metavar="ADDRESS", help="Or send each notification by e-mail (SMTP).")
@pass_app
def notify_route_add(app: App, org_ref, person, webhook, style, email):
    """Add a route (admin or supervisor).

    \b
    Example:
        dualprev notify route add --org 生产一车间 --webhook https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=KEY --style wecom
        dualprev notify route add --person zhao --email zhao@example.com
    """
    from dualprev.hazards import notify as outbox

    r = outbox.add_route(app.db(), actor=app.user, org=org_ref, person=person, webhook=webhook,
                         email=email, style=style)
    app.done(r, f"route {r['id']}: {r['person'] or r['org']} -> {r['channel']} {r['target']}")


@notify.command("list")
@click.option("--pending", is_flag=True, help="Only what is not delivered yet.")
@listing_output
@pass_app
def notify_list(app: App, pending, fmt, output):
    """The outbox, newest first: recipient, channel, state, attempts, last error.

    \b
    Example:
        dualprev notify list --pending
    """
    from dualprev.hazards import notify as outbox
    from dualprev.hazards import render

    rows = outbox.outbox(app.db(), actor=app.user, pending=pending)
    render.emit(rows, ["id", "created_at", "recipient", "hazard_code", "subject", "channel", "target",
                       "state", "attempts", "last_error", "sent_at"], app.fmt(fmt), app.lang,
                path=output, title="通知" if app.lang == "zh" else "Notifications")


@notify.command("send")
@pass_app
def notify_send(app: App):
    """Deliver what is due in the outbox; failures are retried later with a growing wait.

    \b
    Example:
        DUALPREV_SMTP_URL=smtp://user:pass@mail.example.com:587 dualprev notify send
    """
    from dualprev.hazards import notify as outbox

    r = outbox.send(app.db())
    app.done(r, f"sent {r['sent']}, to retry {r['retry']}, given up {r['failed']}")


@cli.group()
def report():
    """Reports for supervisors and regulators."""


@report.command("overdue")
@click.option("--org", "org_ref", metavar="ORG", help="Only this org unit and its subtree.")
@listing_output
@pass_app
def report_overdue(app: App, org_ref, fmt, output):
    """逾期隐患清单: open hazards past their deadline, most overdue first.

    \b
    Example:
        dualprev report overdue --format md > overdue.md
    """
    from dualprev.hazards import queries, reports

    rows = queries.overdue_report(app.db(), actor=app.user, org=org_ref)
    reports.overdue(rows, app.fmt(fmt), app.lang, sys.stdout, path=output)


@report.command("ledger")
@click.option("--org", "org_ref", metavar="ORG", help="Only this org unit and its subtree.")
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
    """
    from dualprev.hazards import queries, reports

    if found_from and found_to and found_from > found_to:
        raise click.BadParameter(f"{found_from} is after --to {found_to}", param_hint="--from")
    rows = queries.iter_ledger(app.db(), actor=app.user, org=org_ref, found_from=found_from,
                               found_to=found_to, state=state, level=level)
    reports.ledger(rows, app.fmt(fmt), app.lang, sys.stdout, path=output)


@report.command("inspections")
@click.option("--org", "org_ref", metavar="ORG", help="Only this org unit and its subtree.")
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
    from dualprev.hazards import inspection_queries, render

    r = inspection_queries.completion(app.db(), actor=app.user, org=org_ref, start=start, end=end)
    fmt = app.fmt(fmt)
    if fmt == "json" and not output:
        render.dump_json(r, sys.stdout)
        return
    from dualprev.hazards.inspection_reports import completion

    completion(r, fmt, app.lang, sys.stdout, path=output)


@cli.group()
def audit():
    """The audit trail (hash-chained per enterprise)."""


@audit.command("verify")
@pass_app
def audit_verify(app: App):
    """Check every audit chain; exit 1 naming the first broken event.

    \b
    Example:
        dualprev audit verify
    """
    from dualprev.hazards import audit as trail

    result = trail.verify(app.db())
    if result["ok"]:
        app.done(result, f"audit chain intact: {result['checked']} events in {result['chains']} chains")
        return
    if app.json:
        app.done(result, "")
    raise click.ClickException(
        f"audit chain broken in enterprise {result['enterprise_id']} at seq {result['seq']}"
        + (f" (event id {result['event_id']})" if result.get("event_id") else "")
        + f": {result['problem']}")


@cli.group()
def workflow():
    """The state machines as the engine runs them."""


@workflow.command("show")
@click.option("--format", "fmt", type=click.Choice(["text", "mermaid"]), default="text", show_default=True,
              help="text for reading, mermaid for a stateDiagram to paste into Markdown.")
@pass_app
def workflow_show(app: App, fmt):
    """The hazard lifecycle: states, triggers, guards and who may fire them.

    \b
    Example:
        dualprev workflow show --format mermaid
    """
    from dualprev.hazards import reports

    if app.json:
        app.done(reports.workflow_data(), "")
    elif fmt == "mermaid":
        click.echo(reports.workflow_mermaid(app.lang))
    else:
        click.echo(reports.workflow_text(app.lang))


def main() -> None:
    cli(prog_name="dualprev", auto_envvar_prefix=None)


if __name__ == "__main__":
    sys.exit(main())

