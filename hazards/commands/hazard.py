"""`dualprev hazard`: the lifecycle 发现 → 整改 → 复核 → 销号, extension requests, show, list."""

from __future__ import annotations

import click

from dualprev.hazards.commands.options import (
    COUNT,
    DATE,
    FILE,
    ID,
    App,
    Choice,
    Instant,
    deadline_options,
    exclusive,
    intake_options,
    listing_output,
    org_option,
    pass_app,
    photo_option,
    regulator_options,
)


@click.group("hazard")
def hazard_group():
    """Hazards (隐患) and their lifecycle 发现 → 整改 → 复核 → 销号."""


def _moved(app: App, result: dict) -> None:
    """``YH-2026-000001: 整改 (rectifying)``: the hazard's new state."""
    from dualprev.hazards.labels import STATES, label

    app.done(result, f"{result['code']}: {label(STATES, result['state'], app.lang)} ({result['state']})")


@hazard_group.command("report")
@click.option("--title", required=True, help="What is wrong, in a line.")
@org_option("Org unit where it was found.", required=True)
@click.option("--place", help="Place or equipment (部位).")
@click.option("--level", type=Choice("LEVELS", "level"), default="general", show_default=True,
              help="general|major (一般|重大).")
@click.option("--category", metavar="人|物|管理|环境",
              help="Category: 人的不安全行为, 物的不安全状态, 管理上的缺陷 (16号令), 环境因素 (GB/T 13861).")
@click.option("--gb-code", "gb_code", metavar="CODE", help="Its GB/T 13861-2022 code (e.g. 2.1).")
@click.option("--basis", metavar="KEY|其他:TEXT",
              help="重大: the 判定标准 clause that makes it 重大 (see `hazard criteria`), or 其他: text.")
@click.option("--desc", help="Description.")
@click.option("--found-at", type=Instant(), help="When it was found (ISO-8601; default now).")
@photo_option
@click.option("--risk", "risk_code", metavar="CODE", help="The risk point it was found at (FX-000042).")
@click.option("--measure", "measure_id", type=ID, metavar="ID", help="The control measure that failed.")
@intake_options
@pass_app
def hazard_report(app: App, title, org_ref, place, level, category, gb_code, basis, desc, found_at,
                  photos, risk_code, measure_id, source, **intake):
    """发现: register a hazard (anyone of the register); prints its new code.

    A 举报 taken by phone, letter or in person (officer, supervisor) keeps the reporter and the
    contact confidential; a regulator's finding carries the 整改指令书 and its deadline.

    \b
    Example:
        dualprev hazard report --title "二号泵房护栏缺失" --org 生产一车间 --place 二号泵房
        dualprev hazard report --title "液氨储罐区无泄漏报警" --org 生产一车间 --level 重大
        dualprev hazard report --title "仓库堵塞安全出口" --org 设备部 --source whistleblower --via phone \\
            --reporter 匿名群众 --contact 13800000000
        dualprev hazard report --title "储罐区未设置泄漏报警" --org 生产一车间 --source regulator \\
            --authority 某县应急管理局 --doc-no "(某)应急责改〔2026〕12号" --deadline 2026-12-31
    """
    from dualprev.hazards.services import hazard as hazard_service

    r = hazard_service.report(app.db(), actor=app.user, title=title, org=org_ref, place=place,
                        level=level, category=category, desc=desc, found_at=found_at,
                        photos=list(photos), risk=risk_code, measure=measure_id, gb_code=gb_code,
                        basis=basis, source=source, intake=intake)
    app.done(r, r["code"])


@hazard_group.command("assign")
@click.argument("code")
@click.option("--owner", metavar="LOGIN", help="整改责任人 (重大: default the plan's).")
@deadline_options("整改期限 (a date; ends at local midnight; 重大: default the plan's).", "5wd")
@click.option("--measures", help="整改措施 (重大: default the plan's methods).")
@click.option("--cost", type=float, help="整改资金 in 元 (重大: default the plan's funds).")
@click.option("--contingency", help="应急预案 (重大: default the plan's).")
@pass_app
def hazard_assign(app: App, code, owner, deadline, within, measures, cost, contingency):
    """下达整改: reported → rectifying (officer). 重大 needs its approved 治理方案 and all of 五落实.

    \b
    Example:
        dualprev hazard assign YH-2026-000001 --owner chen --deadline 2026-12-15 --measures "加装护栏"
        dualprev hazard assign YH-2026-000002 --owner chen --within 5wd --measures "更换阀门"
        dualprev hazard assign YH-2026-000003          # 重大: all from the approved plan
    """
    from dualprev.hazards.services import hazard as hazard_service

    _moved(app, hazard_service.assign(app.db(), actor=app.user, code=code, owner=owner,
                                deadline=deadline, within=within, measures=measures, cost=cost,
                                contingency=contingency))


@hazard_group.command("fix")
@click.argument("code")
@click.option("--measures", required=True, help="What was done on the spot.")
@photo_option
@pass_app
def hazard_fix(app: App, code, measures, photos):
    """立查立改: a 一般 hazard fixed at once goes to 复核 (officer or owner).

    \b
    Example:
        dualprev hazard fix YH-2026-000002 --measures "已清理通道堆放物" --photo after.jpg
    """
    from dualprev.hazards.services import hazard as hazard_service

    _moved(app, hazard_service.fix_on_spot(app.db(), actor=app.user, code=code, measures=measures,
                                     photos=list(photos)))


@hazard_group.command("submit")
@click.argument("code")
@click.option("--note", help="What was done.")
@click.option("--cost", type=float, help="Actual cost in 元.")
@photo_option
@pass_app
def hazard_submit(app: App, code, note, cost, photos):
    """提交复核: rectifying → verifying (the assigned owner).

    \b
    Example:
        dualprev hazard submit YH-2026-000001 --note "护栏已安装" --photo after.jpg
    """
    from dualprev.hazards.services import hazard as hazard_service

    _moved(app, hazard_service.submit(app.db(), actor=app.user, code=code, note=note, cost=cost,
                                photos=list(photos)))


@hazard_group.command("verify")
@click.argument("code")
@click.option("--pass", "passed", is_flag=True, help="复核通过: close (销号).")
@click.option("--reject", "rejected", is_flag=True, help="复核不通过: back to 整改.")
@click.option("--note", help="Verification remarks.")
@exclusive("passed", "rejected")
@pass_app
def hazard_verify(app: App, code, passed, rejected, note):
    """复核: verifying → closed (--pass) or → rectifying (--reject) (inspector, never the owner).

    \b
    Example:
        dualprev hazard verify YH-2026-000001 --pass --note "现场确认"
        dualprev hazard verify YH-2026-000001 --reject --note "护栏未固定"
    """
    if passed == rejected:  # neither, or both: 销号 is final, so a contradiction is never guessed
        raise click.UsageError("say --pass or --reject" if not passed else
                               "--pass and --reject contradict each other: say one of them")
    from dualprev.hazards.services import hazard as hazard_service

    _moved(app, hazard_service.verify(app.db(), actor=app.user, code=code, passed=passed, note=note))


@hazard_group.command("extend")
@click.argument("code")
@deadline_options("The new deadline.")
@click.option("--reason", required=True, help="Why (kept with the extension).")
@pass_app
def hazard_extend(app: App, code, deadline, within, reason):
    """延期: move the deadline of a hazard in 整改 (supervisor); the first deadline is kept.

    \b
    Example:
        dualprev hazard extend YH-2026-000001 --deadline 2027-01-15 --reason "备件到货延迟"
    """
    from dualprev.hazards.services import hazard as hazard_service

    _moved(app, hazard_service.extend(app.db(), actor=app.user, code=code, deadline=deadline,
                                within=within, reason=reason))


@hazard_group.command("extend-request")
@click.argument("code")
@deadline_options("The deadline asked for.")
@click.option("--reason", required=True, help="Why more time is needed.")
@pass_app
def hazard_extend_request(app: App, code, deadline, within, reason):
    """延期申请: the owner asks for a later deadline; a supervisor approves or denies it.

    \b
    Example:
        dualprev --as chen hazard extend-request YH-2026-000003 --deadline 2027-01-15 --reason "备件到货延迟"
    """
    from dualprev.hazards.services import supervision as supervision_service

    r = supervision_service.extend_request(app.db(), actor=app.user, code=code, deadline=deadline,
                                            within=within, reason=reason)
    from dualprev.hazards.labels import REQUEST_STATES, label

    app.done(r, f"{r['code']}: extension to {r['deadline']} requested ({label(REQUEST_STATES, r['state'], app.lang)})")


@hazard_group.command("extend-approve")
@click.argument("code")
@click.option("--note", help="A remark kept with the decision.")
@regulator_options
@pass_app
def hazard_extend_approve(app: App, code, note, authority, doc_no):
    """Approve a pending extension request (supervisor): the deadline moves, the old one is kept.

    A deadline past the regulator's (a county-or-higher listing, a 整改指令书) is the regulator's
    decision: record it with --authority and --doc-no; the listing's 督办期限 follows.

    \b
    Example:
        dualprev --as zhao hazard extend-approve YH-2026-000003
        dualprev --as zhao hazard extend-approve YH-2026-000004 --authority 某县应急管理局 --doc-no 某应急延〔2026〕3号
    """
    from dualprev.hazards.services import supervision as supervision_service

    r = supervision_service.extend_decide(app.db(), actor=app.user, code=code, approve=True, note=note,
                                           authority=authority, doc_no=doc_no)
    app.done(r, f"{r['code']}: extension approved, deadline {r['deadline']}")


@hazard_group.command("extend-deny")
@click.argument("code")
@click.option("--reason", required=True, help="Why the request is denied.")
@pass_app
def hazard_extend_deny(app: App, code, reason):
    """Deny a pending extension request (supervisor); the deadline stays.

    \b
    Example:
        dualprev --as zhao hazard extend-deny YH-2026-000003 --reason "措施可在原期限内完成"
    """
    from dualprev.hazards.services import supervision as supervision_service

    r = supervision_service.extend_decide(app.db(), actor=app.user, code=code, approve=False,
                                           note=reason)
    app.done(r, f"{r['code']}: extension denied, deadline stays {r['deadline']}")


@hazard_group.command("void")
@click.argument("code")
@click.option("--reason", required=True, help="Why it is void (误报, duplicate...).")
@pass_app
def hazard_void(app: App, code, reason):
    """作废: void an open hazard (officer in 发现, supervisor after); the enterprise's listing ends.

    A regulator's 挂牌督办 listing stays until its write-off (`supervise request-writeoff`).

    \b
    Example:
        dualprev hazard void YH-2026-000003 --reason "重复上报"
    """
    from dualprev.hazards.labels import STATES, SUPERVISION_LEVELS, label
    from dualprev.hazards.services import hazard as hazard_service

    r = hazard_service.void(app.db(), actor=app.user, code=code, reason=reason)
    line = f"{r['code']}: {label(STATES, r['state'], app.lang)} ({r['state']})"
    if r["listing"]:
        line += (f"; its {label(SUPERVISION_LEVELS, r['listing']['level'], app.lang)} 挂牌督办 stays until "
                 f"written off: `dualprev supervise request-writeoff {r['code']}`")
    app.done(r, line)


@hazard_group.command("edit")
@click.argument("code")
@click.option("--title", help="The corrected title.")
@click.option("--desc", help="The corrected description.")
@click.option("--place", help="The corrected place or equipment (部位).")
@click.option("--category", metavar="人|物|管理|环境", help="The corrected category.")
@org_option("The org unit it belongs to (within its enterprise).")
@click.option("--found-at", type=Instant(), help="When it was really found (ISO-8601).")
@click.option("--reason", required=True, help="Why the record was wrong (kept with the change).")
@pass_app
def hazard_edit(app: App, code, title, desc, place, category, org_ref, found_at, reason):
    """更正: correct what was recorded about an open hazard (officer); kept as an event with before/after.

    \b
    Example:
        dualprev hazard edit YH-2026-000001 --title "二号泵房东侧护栏缺失" --place 二号泵房东侧 --reason "位置记录有误"
    """
    from dualprev.hazards.services import correction

    r = correction.edit(app.db(), actor=app.user, code=code, reason=reason, title=title, desc=desc,
                        place=place, category=category, org=org_ref, found_at=found_at)
    app.done(r, f"{r['code']}: corrected {', '.join(k for k in r['changed'] if k != 'gb_code')}")


@hazard_group.command("regrade")
@click.argument("code")
@click.option("--level", type=Choice("LEVELS", "level"), required=True, help="general|major (一般|重大).")
@click.option("--reason", required=True, help="Why the grade changes (kept with the change).")
@pass_app
def hazard_regrade(app: App, code, level, reason):
    """等级调整: 一般 → 重大 (officer, supervisor) or 重大 → 一般 (supervisor, never while a regulator lists it).

    Made 重大, the hazard is listed for 挂牌督办 and, from 整改 or 复核, goes back to 发现 until its
    治理方案 is approved and it is assigned again (五落实).

    \b
    Example:
        dualprev hazard regrade YH-2026-000001 --level 重大 --reason "经评估属重大事故隐患判定标准"
    """
    from dualprev.hazards.labels import LEVELS, STATES, label
    from dualprev.hazards.services import correction

    r = correction.regrade(app.db(), actor=app.user, code=code, level=level, reason=reason)
    app.done(r, f"{r['code']}: {label(LEVELS, r['changed']['level'], app.lang)}, "
                f"{label(STATES, r['state'], app.lang)} ({r['state']})")


@hazard_group.command("reopen")
@click.argument("code")
@click.option("--reason", required=True, help="What the 复查 found not fixed.")
@pass_app
def hazard_reopen(app: App, code, reason):
    """重新打开: a closed hazard found not fixed becomes a new hazard linked to it; the old stays closed.

    \b
    Example:
        dualprev hazard reopen YH-2026-000001 --reason "复查发现护栏松动,未真正整改"
    """
    from dualprev.hazards.services import correction

    r = correction.reopen(app.db(), actor=app.user, code=code, reason=reason)
    app.done(r, f"{r['code']}: reopens {r['reopened_from']}")


@hazard_group.command("plan")
@click.argument("code")
@click.option("--goal", required=True, help="治理的目标和任务.")
@click.option("--method", required=True, help="采取的方法和措施.")
@click.option("--funds", required=True, type=float, help="经费 in 元 (more than 0).")
@click.option("--resources", required=True, help="物资的落实.")
@click.option("--team", required=True, help="负责治理的机构和人员.")
@click.option("--owner", metavar="LOGIN", help="The 整改责任人 among them (the assignment's default).")
@click.option("--deadline", required=True, type=DATE, help="治理的时限.")
@click.option("--requirements", help="治理的要求.")
@click.option("--safety", required=True, help="安全措施 while it is being fixed.")
@click.option("--contingency", required=True, help="应急预案.")
@click.option("--basis", metavar="KEY|其他:TEXT", help="判定依据, if not named yet (see `hazard criteria`).")
@click.option("--situation", help="现状及其产生原因, for the 重大事故隐患报告 (kept by a redraft that omits it).")
@click.option("--analysis", help="危害程度和整改难易程度分析, for the 重大事故隐患报告 (kept likewise).")
@pass_app
def hazard_plan(app: App, code, goal, method, funds, resources, team, owner, deadline, requirements,
                safety, contingency, basis, situation, analysis):
    """治理方案 of a 重大 hazard in 发现 (officer): its six items (16号令 Art 15¶2).

    A redraft replaces the plan and waits for a new approval.

    \b
    Example:
        dualprev hazard plan YH-2026-000003 --goal "消除液氨泄漏无报警隐患" --method "更换报警器并接入DCS" \\
          --funds 48000 --resources "报警器2台、电缆" --team "生产一车间 陈整改" --owner chen \\
          --deadline 2026-12-19 --safety "停用储罐区,人工每2小时巡检" --contingency "液氨泄漏专项预案" \\
          --situation "储罐区2台报警器离线,探头老化" --analysis "泄漏无报警可致中毒;更换需停装卸2天"
    """
    from dualprev.hazards.services import governance

    r = governance.plan(app.db(), actor=app.user, code=code, goal=goal, method=method, funds=funds,
                        resources=resources, team=team, owner=owner, deadline=deadline,
                        requirements=requirements, safety=safety, contingency=contingency, basis=basis,
                        situation=situation, analysis=analysis)
    app.done(r, f"{r['code']}: 治理方案 drafted, waiting for the 主要负责人's approval")


@hazard_group.command("approve-plan")
@click.argument("code")
@click.option("--note", help="A remark kept with the approval.")
@pass_app
def hazard_approve_plan(app: App, code, note):
    """Approve the 治理方案 of a 重大 hazard (principal, 主要负责人); then it can be assigned.

    \b
    Example:
        dualprev --as qian hazard approve-plan YH-2026-000003 --note "同意,资金从安全费用列支"
    """
    from dualprev.hazards.services import governance

    r = governance.approve_plan(app.db(), actor=app.user, code=code, note=note)
    app.done(r, f"{r['code']}: 治理方案 approved")


@hazard_group.command("evaluate")
@click.argument("code")
@click.option("--by", "evaluator", required=True, help="Who evaluated (experts, 安全评价机构).")
@click.option("--conclusion", required=True, help="The evaluation's conclusion.")
@photo_option
@pass_app
def hazard_evaluate(app: App, code, evaluator, conclusion, photos):
    """评估 of a 重大 hazard's finished rectification, in 复核, before it passes (16号令 Art 18).

    \b
    Example:
        dualprev hazard evaluate YH-2026-000003 --by "公司技术人员和外聘专家" \\
          --conclusion "报警器联锁测试合格,符合安全生产条件" --photo report.pdf
    """
    from dualprev.hazards.services import governance

    r = governance.evaluate(app.db(), actor=app.user, code=code, by=evaluator, conclusion=conclusion,
                            photos=list(photos))
    app.done(r, f"{r['code']}: evaluation recorded; 复核 can pass")


@hazard_group.command("classify")
@click.argument("code")
@click.option("--category", metavar="人|物|管理|环境", help="Category (16号令 Art 3; GB/T 13861-2022).")
@click.option("--gb-code", "gb_code", metavar="CODE", help="Its GB/T 13861-2022 code.")
@click.option("--basis", metavar="KEY|其他:TEXT", help="重大: the 判定依据 (see `hazard criteria`).")
@pass_app
def hazard_classify(app: App, code, category, gb_code, basis):
    """Set an open hazard's category, GB/T 13861 code or 判定依据 (officer).

    \b
    Example:
        dualprev hazard classify YH-2026-000003 --category 物 --gb-code 2.1 --basis GM10-3.2
    """
    from dualprev.hazards.labels import CATEGORIES, COLUMNS, label
    from dualprev.hazards.services import governance

    r = governance.classify(app.db(), actor=app.user, code=code, category=category, gb_code=gb_code,
                            basis=basis)
    changed = r["changed"]
    shown = {"category": label(CATEGORIES, changed.get("category"), app.lang),
             "gb_code": changed.get("gb_code"),
             "basis": changed.get("basis_clause") or changed.get("basis")}
    parts = [f"{label(COLUMNS, k, app.lang)} {v}" for k, v in shown.items() if v]
    app.done(r, f"{r['code']}: " + (", ".join(parts) or "unchanged"))


@hazard_group.command("criteria")
@listing_output
@pass_app
def hazard_criteria(app: App, fmt, output):
    """The 判定标准 clauses a 重大 hazard may name as its 判定依据 (from the rules file).

    \b
    Example:
        dualprev hazard criteria --format md
    """
    from dualprev.hazards import criteria, render

    render.emit(criteria.clauses(), ["clause", "article", "text", "standard"], app.fmt(fmt), app.lang,
                path=output)


@hazard_group.command("penalty")
@click.argument("code")
@click.option("--amount", type=float, required=True, help="The fine in 元.")
@regulator_options
@click.option("--note", help="A remark (the breach, the article applied).")
@pass_app
def hazard_penalty(app: App, code, amount, authority, doc_no, note):
    """行政处罚: record the regulator's fine for a hazard, with its 处罚决定书 文号 (officer, supervisor).

    \b
    Example:
        dualprev hazard penalty YH-2026-000012 --amount 30000 --authority 某县应急管理局 --doc-no "(某)应急罚〔2026〕8号"
    """
    from dualprev.hazards.services import intake

    r = intake.penalty(app.db(), actor=app.user, code=code, amount=amount, authority=authority,
                       doc_no=doc_no, note=note)
    from dualprev.hazards.labels import text

    app.done(r, text("penalty_line", app.lang, code=r["code"], amount=f"{r['amount']:g}",
                     authority=r["authority"], doc_no=r["doc_no"]))


@hazard_group.command("review")
@click.argument("code")
@regulator_options
@click.option("--failed", is_flag=True, help="The 复查 found the rectification not done.")
@click.option("--note", help="The regulator's opinion (复查意见).")
@pass_app
def hazard_review(app: App, code, authority, doc_no, failed, note):
    """整改复查: record the regulator's re-inspection; a regulator's finding closes only after one passed.

    \b
    Example:
        dualprev hazard review YH-2026-000012 --authority 某县应急管理局 --doc-no "(某)应急复查〔2026〕5号"
    """
    from dualprev.hazards.services import intake

    r = intake.review(app.db(), actor=app.user, code=code, authority=authority, doc_no=doc_no,
                      passed=not failed, note=note)
    from dualprev.hazards.labels import text

    verdict = text("review_passed" if r["passed"] else "review_failed", app.lang)
    app.done(r, text("review_line", app.lang, code=r["code"], verdict=verdict, authority=r["authority"],
                     doc_no=r["doc_no"]))


@hazard_group.command("reward")
@click.argument("code")
@click.option("--amount", type=float, help="The reward in 元 (default: the rules' suggestion from the fine).")
@click.option("--note", help="A remark kept with the reward.")
@pass_app
def hazard_reward(app: App, code, amount, note):
    """奖励: record the reward for a verified report or 举报 (supervisor), once per hazard.

    The rules suggest 15% of the fine recorded with `hazard penalty`, from ¥3,000 to ¥300,000
    ([reward] in the rules file).

    \b
    Example:
        dualprev --as zhao hazard reward YH-2026-000012 --amount 4500 --note 举报属实
    """
    from dualprev.hazards.services import intake

    r = intake.reward(app.db(), actor=app.user, code=code, amount=amount, note=note)
    from dualprev.hazards.labels import text

    hint = "" if r["suggested"] is None else text("reward_hint", app.lang, suggested=f"{r['suggested']:g}")
    app.done(r, text("reward_line", app.lang, code=r["code"], amount=f"{r['amount']:g}") + hint)


@hazard_group.command("show")
@click.argument("code")
@pass_app
def hazard_show(app: App, code):
    """The hazard, its attachments, extensions and whole history.

    \b
    Example:
        dualprev hazard show YH-2026-000001
    """
    from dualprev.hazards import reports
    from dualprev.hazards.queries import hazard as hazard_queries

    app.show(hazard_queries.show_hazard(app.db(), actor=app.user, code=code), reports.hazard_text)


@hazard_group.command("photo")
@click.argument("code")
@click.argument("n", type=ID, required=False)
@click.option("-o", "--output", required=True, type=FILE, metavar="FILE", help="Where to write it.")
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@pass_app
def hazard_photo(app: App, code, n, output, force):
    """Get a stored photo or file of a hazard back: the N-th as `hazard show` lists them (1, 2, ...).

    \b
    Example:
        dualprev hazard photo YH-2026-000001 2 -o after.jpg
    """
    from dualprev.hazards import attachments, outputs
    from dualprev.hazards.queries import hazard as hazard_queries

    db = app.db()
    a = hazard_queries.attachment(db, actor=app.user, code=code, n=n)
    with outputs.binary_file(output, force=force) as out:
        attachments.copy_out(attachments.store_dir(db.sqlite_path), a["sha256"], out)
    app.done({**a, "output": output}, f"{a['code']} #{a['n']} {a['filename']} ({a['size']} B) -> {output}")


@hazard_group.command("list")
@click.option("--state", type=Choice("STATES", "state"), help="reported|rectifying|verifying|closed|voided (or 发现/整改/复核/销号/作废).")
@click.option("--level", type=Choice("LEVELS", "level"), help="general|major (一般|重大).")
@org_option()
@click.option("--owner", metavar="LOGIN", help="Only hazards owned by LOGIN.")
@click.option("--mine", is_flag=True, help="Only hazards I own, found or verified.")
@click.option("--overdue", is_flag=True, help="Only open hazards past their deadline.")
@click.option("--due-before", type=DATE, help="Only hazards with a deadline before DATE.")
@click.option("--limit", type=COUNT, help="At most N rows.")
@listing_output
@pass_app
def hazard_list(app: App, state, level, org_ref, owner, mine, overdue, due_before, limit, fmt, output):
    """List hazards in your scope (the full 隐患台账 is `report ledger`).

    \b
    Example:
        dualprev hazard list --state 整改 --org 生产一车间
        dualprev --json hazard list --overdue
        dualprev --as chen hazard list --mine --state 整改
    """
    from dualprev.hazards import render
    from dualprev.hazards.queries import hazard as hazard_queries

    rows = hazard_queries.iter_hazards(app.db(), actor=app.user, state=state, level=level, org=org_ref,
                                owner=owner, mine=mine, overdue=overdue, due_before=due_before,
                                limit=limit)
    render.emit(rows, ["code", "title", "state", "level", "org", "owner", "deadline"],
                app.fmt(fmt), app.lang, path=output)
