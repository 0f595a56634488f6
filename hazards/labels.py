"""What users read, in one place: the Chinese terms of the domain with their English labels, the
sentences the program says, and the one source of every enumerated value.

Each table maps a stored English key to its (zh, en) labels; the keys, in order, are the values
the database's CHECK constraints allow (hazards/models.py builds them from these tables).
"""

from __future__ import annotations

from dualprev.hazards.errors import InvalidInput

STATES = {
    "reported": ("发现", "reported"),
    "rectifying": ("整改", "rectifying"),
    "verifying": ("复核", "verifying"),
    "closed": ("销号", "closed"),
    "voided": ("作废", "voided"),
}
OPEN_STATES = ("reported", "rectifying", "verifying")  # a hazard still to be dealt with
LEVELS = {"general": ("一般", "general"), "major": ("重大", "major")}
ROLES = {
    "officer": ("安全员", "safety officer"),
    "owner": ("整改责任人", "rectification owner"),
    "inspector": ("检查员/复核人", "inspector"),
    "supervisor": ("主管/督办", "supervisor"),
    "admin": ("管理员", "admin"),
    "worker": ("从业人员", "worker"),  # 安全生产法 Art 59: every worker reports what they find
    "principal": ("主要负责人", "principal (head of the enterprise)"),
}
ORG_KINDS = {"enterprise": ("企业", "enterprise"), "workshop": ("车间/部门", "workshop"),
             "team": ("班组", "team"),
             # above enterprises (issue 13): a 集团 or a regulator's 辖区; its people see the
             # enterprises below it, each of which keeps its own codes and audit chain
             "group": ("集团", "group"), "district": ("辖区", "district")}
ABOVE_ENTERPRISES = ("group", "district")
EVENTS = {
    "report": ("发现上报", "report"),
    "assign": ("下达整改", "assign"),
    "fix_on_spot": ("立查立改", "fix on the spot"),
    "submit": ("提交复核", "submit for verification"),
    "pass": ("复核通过(销号)", "verification passed"),
    "reject": ("复核不通过", "verification rejected"),
    "extend": ("延期", "extend deadline"),
    "void": ("作废", "void"),
    "edit": ("更正", "corrected"),
    "regrade": ("隐患等级调整", "regraded"),
    "reopen": ("重新打开", "reopened"),
    "supervise_end": ("督办随之解除", "listing ended with the hazard"),
    "attach": ("附件", "attachment"),
    "org_add": ("新增组织", "org unit added"),
    "person_add": ("新增人员", "person added"),
    "enterprise_set": ("企业档案", "enterprise profile set"),
}
COLUMNS = {
    "code": ("隐患编号", "code"), "title": ("隐患名称", "title"), "state": ("状态", "state"),
    "enterprise": ("企业", "enterprise"),  # shown when a listing spans several enterprises
    "level": ("等级", "level"), "org": ("单位", "org unit"), "place": ("部位", "place"),
    "owner": ("责任人", "owner"), "deadline": ("整改期限", "deadline"),
    "original_deadline": ("原定期限", "original deadline"), "days_overdue": ("逾期天数", "days overdue"),
    "extensions": ("延期次数", "extensions"), "found_at": ("发现时间", "found at"),
    "finder": ("发现人", "finder"), "category": ("类别", "category"), "measures": ("整改措施", "measures"),
    "cost": ("整改资金", "cost"), "contingency": ("应急预案", "contingency"),
    "id": ("编号", "id"), "name": ("名称", "name"), "kind": ("类型", "kind"),
    "parent": ("上级", "parent"), "login": ("账号", "login"), "roles": ("角色", "roles"),
    "at": ("时间", "at"), "event": ("事项", "event"), "actor": ("操作人", "actor"),
    "from_state": ("原状态", "from"), "to_state": ("新状态", "to"), "comment": ("说明", "comment"),
}


ENTERPRISE_FIELDS = {  # 一企一档 basics, in the order `enterprise show` prints them
    "org": ("组织单元", "org unit"), "registered_name": ("登记名称", "registered name"),
    "credit_code": ("统一社会信用代码", "unified social credit code"),
    "company_code": ("危化品登记企业编码", "hazardous-chemicals registration code"),
    "industry": ("行业", "industry"), "address": ("地址", "address"),
    "legal_rep": ("法定代表人", "legal representative"), "principal": ("主要负责人", "principal"),
    "contact_phone": ("联系电话", "contact phone"), "updated_at": ("更新时间", "updated at"),
    "updated_by": ("更新人", "updated by"),
}


def label(table: dict[str, tuple[str, str]], key: str | None, lang: str = "zh") -> str:
    """The label of ``key`` in ``lang``; an unknown key is shown as it is."""
    if key is None:
        return ""
    pair = table.get(key)
    if pair is None:
        return key
    return pair[0 if lang == "zh" else 1]


def parse(table: dict[str, tuple[str, str]], text: str, what: str) -> str:
    """Accept the English value or its Chinese label (一般 → general)."""
    for key, (zh, en) in table.items():
        if text in (key, zh, en):
            return key
    allowed = ", ".join(f"{k} ({zh})" for k, (zh, _en) in table.items())
    raise InvalidInput(f"unknown {what} {text!r}; use one of: {allowed}")

# --- the risk register (安全风险分级管控) ---------------------------------------------------------
GRADES = {"major": ("重大", "major"), "considerable": ("较大", "considerable"),
          "general": ("一般", "general"), "low": ("低", "low")}
COLOURS = {"red": ("红", "red"), "orange": ("橙", "orange"), "yellow": ("黄", "yellow"),
           "blue": ("蓝", "blue")}
CONTROL_LEVELS = {"company": ("公司级", "company"), "workshop": ("车间级", "workshop"),
                  "team": ("班组级", "team"), "post": ("岗位级", "post")}
RISK_KINDS = {"equipment": ("设备设施", "equipment"), "area": ("区域场所", "area"),
              "operation": ("作业活动", "operation"), "post": ("岗位", "post")}
MEASURE_TYPES = {"engineering": ("工程技术", "engineering"), "management": ("管理", "management"),
                 "training": ("培训教育", "training"), "ppe": ("个体防护", "ppe"),
                 "emergency": ("应急处置", "emergency")}
METHODS = {"lec": ("LEC", "LEC"), "ls": ("LS", "LS")}
# national dataSrc 1 自动化监控, 2 隐患排查
MEASURE_CONTROLS = {"monitoring": ("自动化监控", "monitoring"), "inspection": ("隐患排查", "inspection")}
EVENTS.update({
    "risk_add": ("新增风险点", "risk point added"),
    "risk_assess": ("风险评价", "risk assessed"),
    "risk_override": ("降级(主管批准)", "grade lowered by a supervisor"),
    "measure_add": ("新增管控措施", "control measure added"),
})
COLUMNS.update({
    "risk": ("关联风险点", "risk point"), "risk_name": ("风险点名称", "risk point"),
    "sources": ("危险源", "hazard sources"), "method": ("评价方法", "method"),
    "factors": ("因子", "factors"), "score": ("风险值", "score"), "grade": ("风险等级", "grade"),
    "colour": ("颜色", "colour"), "control_level": ("管控层级", "control level"),
    "controllers": ("管控主体", "controlled by"), "controls": ("管控措施", "control measures"),
    "responsible": ("责任人", "responsible"), "reassess": ("需重新评价", "re-assess"),
    "review_due": ("待年度评审", "review due"), "type": ("类型", "type"), "text": ("内容", "text"),
    "total": ("合计", "total"), "likelihood": ("可能性L", "likelihood L"),
})
RISK_HEADINGS = {"code": ("风险点编号", "code"), "name": ("风险点名称", "risk point"),
                 "kind": ("类型", "kind")}

# --- 隐患台账 ------------------------------------------------------------------------------------
SOURCES = {"report": ("自查上报", "report"), "inspection": ("隐患排查", "inspection"),
           "whistleblower": ("举报", "whistleblower"), "regulator": ("监管执法", "regulator")}
TREATMENTS = {"on_spot": ("即查即改", "fixed on the spot"), "deadline": ("限期整改", "rectify by deadline")}
COLUMNS.update({
    "source": ("来源", "source"), "treatment": ("治理类型", "treatment"),
    "overdue": ("是否逾期", "overdue"), "verifier": ("复核人", "verified by"),
    "closed_at": ("销号时间", "closed at"),
})

# --- scheduled inspections (隐患排查) ------------------------------------------------------------
TASK_STATES = {"open": ("待排查", "open"), "done": ("已完成", "done"), "missed": ("漏检", "missed")}
CADENCES = {"daily": ("每日", "daily"), "weekly": ("每周", "weekly"), "monthly": ("每月", "monthly"),
            "quarterly": ("每季", "quarterly"), "yearly": ("每年", "yearly"),
            "cron": ("定时(cron)", "cron"), "holiday_eve": ("节假日前", "holiday eve"),
            "hours": ("每N小时", "every N hours"), "shift": ("每班", "every shift")}
RESULTS = {"ok": ("正常", "ok"), "fail": ("发现隐患", "fail"), "na": ("不适用", "n/a")}
EVENTS.update({
    "checklist_add": ("新增排查清单", "checklist added"),
    "plan_add": ("新增排查计划", "plan added"), "plan_pause": ("暂停排查计划", "plan paused"),
    "plan_resume": ("恢复排查计划", "plan resumed"), "plans_generate": ("按风险生成计划", "plans generated"),
    "plans_replan": ("风险变更调整计划", "plans re-planned"),
    "tasks_create": ("生成排查任务", "tasks created"), "task_record": ("排查记录", "results recorded"),
    "complete": ("排查完成", "task done"), "miss": ("漏检", "task missed"),
    "calendar_add": ("录入放假安排", "calendar entry"),
})
COLUMNS.update({
    "plan": ("排查计划", "plan"), "checklist": ("排查清单", "checklist"), "cadence": ("周期", "cadence"),
    "period_start": ("周期开始", "period start"), "period_end": ("周期结束", "period end"),
    "due_at": ("截止时间", "due at"), "starts_at": ("开始时间", "starts at"),
    "ends_at": ("结束时间", "ends at"), "every": ("频次/班制", "every"), "late": ("补检", "late"), "assignee": ("排查人", "assignee"),
    "role": ("岗位角色", "role"), "items": ("排查项", "items"), "paused": ("已暂停", "paused"),
    "next_start": ("下一周期", "next period"), "position": ("序号", "no."), "result": ("结果", "result"),
    "note": ("备注", "note"), "hazard": ("隐患", "hazard"), "due": ("应查", "due"),
    "done": ("按期完成", "done"), "done_late": ("补检完成", "done late"), "missed": ("漏检", "missed"),
    "rate": ("完成率", "completion rate"), "hazards": ("发现隐患", "hazards found"),
    "year": ("年份", "year"), "provisional": ("临时推算", "provisional"),
    "open": ("待排查", "open"), "no": ("序号", "no."), "entries": ("录入天数", "entries"),
})

# --- 隐患类别 and the 重大 loop (治理方案, 判定依据, 评估) ------------------------------------------
# Cause categories: three of 16号令 Art 3, and 环境因素 of GB/T 13861-2022 (whose top-level code
# each one carries: 1 人的因素, 2 物的因素, 3 环境因素, 4 管理因素).
CATEGORIES = {"person": ("人的不安全行为", "unsafe act"), "thing": ("物的不安全状态", "unsafe condition"),
              "management": ("管理上的缺陷", "management defect"),
              "environment": ("环境因素", "environmental factor")}
CATEGORY_SHORT = {"person": "人", "thing": "物", "management": "管理", "environment": "环境"}
# Words in use for the same four, accepted on input and mapped by the migration of old free text.
CATEGORY_SYNONYMS = {
    "人的因素": "person", "人员因素": "person", "人的不安全因素": "person", "不安全行为": "person",
    "违章作业": "person", "违章指挥": "person", "违反劳动纪律": "person",
    "物的因素": "thing", "物的危险状态": "thing", "物的不安全因素": "thing", "不安全状态": "thing",
    "设备设施": "thing", "设备缺陷": "thing",
    "管理因素": "management", "管理缺陷": "management", "管理类": "management",
    "基础管理": "management",
    "环境不良": "environment", "作业环境": "environment", "环境缺陷": "environment",
    "作业环境不良": "environment",
}
GB_13861_CLASS = {"person": "1", "thing": "2", "environment": "3", "management": "4"}
PLAN_STATES = {"draft": ("待批准", "awaiting approval"), "approved": ("已批准", "approved")}
# The 治理方案's six items (16号令 Art 15¶2), by the option that gives each
# what the 重大事故隐患报告 says besides its 治理方案 (16号令 Art 14¶2 items 1 and 2)
REPORT_ITEMS = {
    "situation": ("现状及其产生原因", "current state and its cause"),
    "analysis": ("危害程度和整改难易程度分析", "severity and how hard it is to rectify"),
}
PLAN_ITEMS = {
    "goal": ("治理的目标和任务", "goal and tasks"),
    "method": ("采取的方法和措施", "methods and measures"),
    "funds": ("经费和物资的落实", "funds and materials"),
    "team": ("负责治理的机构和人员", "organisation and people in charge"),
    "deadline": ("治理的时限和要求", "time limit and requirements"),
    "safety": ("安全措施和应急预案", "safety measures and contingency plan"),
}
EVENTS.update({
    "plan": ("制定治理方案", "governance plan drafted"),
    "approve_plan": ("批准治理方案", "governance plan approved"),
    "evaluate": ("治理情况评估", "rectification evaluated"),
    "classify": ("隐患分类/判定依据", "classified"),
})
COLUMNS.update({
    "gb_code": ("GB/T 13861代码", "GB/T 13861 code"), "basis": ("判定依据", "basis"),
    "clause": ("条款", "clause"), "standard": ("判定标准", "standard"), "article": ("条目", "article"),
    "plan_state": ("治理方案", "governance plan"),
})

# chinese-calendar's holiday names; the provisional calendar already names them in Chinese
HOLIDAYS = {"New Year's Day": ("元旦", "New Year's Day"), "Spring Festival": ("春节", "Spring Festival"),
            "Tomb-sweeping Day": ("清明节", "Tomb-sweeping Day"), "Labour Day": ("劳动节", "Labour Day"),
            "Dragon Boat Festival": ("端午节", "Dragon Boat Festival"),
            "National Day": ("国庆节", "National Day"), "Mid-autumn Festival": ("中秋节", "Mid-autumn Festival"),
            "休息日": ("休息日", "a rest day")}

# --- escalation and 挂牌督办 ----------------------------------------------------------------------
SUPERVISION_LEVELS = {"enterprise": ("企业级", "enterprise"), "county": ("县级", "county"),
                      "city": ("市级", "city"), "province": ("省级", "province")}
SUPERVISION_STATES = {"listed": ("挂牌中", "listed"),
                      "writeoff_requested": ("已申请核销", "write-off requested"),
                      "written_off": ("已核销", "written off")}
LADDER_STEPS = {"warn": ("到期预警", "deadline warning"), "overdue": ("逾期", "overdue"),
                "list_enterprise": ("企业挂牌督办", "listed by the enterprise"),
                "flag_regulator": ("提请监管部门督办", "flagged for the regulator")}
REQUEST_STATES = {"pending": ("待审批", "pending"), "approved": ("已批准", "approved"),
                  "denied": ("未批准", "denied")}
CHANNELS = {"webhook": ("Webhook", "webhook"), "email": ("电子邮件", "e-mail")}
WEBHOOK_STYLES = {"json": ("JSON", "JSON"), "wecom": ("企业微信", "WeCom"), "dingtalk": ("钉钉", "DingTalk")}
OUTBOX_STATES = {"pending": ("待发送", "pending"), "sending": ("发送中", "sending"),
                 "sent": ("已发送", "sent"), "failed": ("发送失败", "failed"),
                 "unrouted": ("无接收渠道", "no route")}
EVENTS.update({
    "supervise_list": ("挂牌督办", "listed for supervision"),
    "request_writeoff": ("申请核销", "write-off requested"),
    "approve": ("核销通过", "write-off approved"),
    "reject_writeoff": ("核销不通过", "write-off rejected"),
    "escalate": ("督办升级", "escalation step"),
    "extend_request": ("延期申请", "extension requested"),
    "extend_deny": ("延期未批准", "extension denied"),
    "route_add": ("新增通知渠道", "notification route added"),
    "supervise_deadline": ("督办期限调整", "listing deadline moved"),
    "anchor": ("审计锚点", "audit anchor"),
})
COLUMNS.update({
    "supervision_level": ("挂牌级别", "listing level"), "supervision_state": ("督办状态", "supervision"),
    "listed_by": ("挂牌人", "listed by"), "listed_at": ("挂牌时间", "listed at"),
    "days_left": ("剩余天数", "days left"), "hazard_state": ("隐患状态", "hazard state"),
    "authority": ("督办机关", "authority"), "doc_no": ("文号", "document no."),
    "ladder": ("督办阶梯", "ladder step"), "recipient": ("接收人", "recipient"),
    "channel": ("渠道", "channel"), "target": ("地址", "address"), "subject": ("标题", "subject"),
    "attempts": ("尝试次数", "attempts"), "last_error": ("最近错误", "last error"),
    "sent_at": ("发送时间", "sent at"), "created_at": ("生成时间", "created at"),
    "step": ("阶梯", "step"), "days": ("相对期限天数", "days from deadline"),
    "notify": ("通知", "notify"), "action": ("动作", "action"), "hazard_code": ("隐患编号", "hazard"),
})
COLUMNS.update({"person": ("人员", "person"), "style": ("格式", "style"),
                "created_by": ("创建人", "created by")})


# --- the regulator's word and everyone's report (安全生产法 Arts 59, 74, 76; 16号令 Arts 11, 20-23) --
REGULATOR_ACTIONS = {"order": ("整改指令书", "rectification order"),
                     "penalty": ("行政处罚决定书", "penalty decision"),
                     "review": ("整改复查", "re-inspection"),
                     "extension": ("延期决定", "extension decision")}
REPORT_CHANNELS = {"phone": ("电话", "phone"), "letter": ("信件", "letter"),
                   "in_person": ("当面", "in person"), "other": ("其他", "other")}
LADDER_STEPS.update({"writeoff_overdue": ("核销审查超期", "write-off review overdue")})
EVENTS.update({
    "regulator_deadline": ("监管期限", "regulator's deadline applied"),
    "supervise_deadline": ("督办期限延期(监管决定)", "listing deadline moved by the regulator"),
    "regulator_order": ("整改指令书", "rectification order"),
    "regulator_penalty": ("行政处罚", "penalty recorded"),
    "regulator_review": ("整改复查", "re-inspection recorded"),
    "reward": ("奖励", "reward recorded"),
})
COLUMNS.update({
    "writeoff_due": ("核销审查期限", "write-off review due"),
    "writeoff_days_left": ("审查剩余天数", "review days left"),
    "via": ("举报方式", "taken by"), "reporter": ("举报人", "reporter"), "contact": ("联系方式", "contact"),
    "anonymous": ("匿名", "anonymous"), "taken_by": ("受理人", "taken by"), "received_at": ("受理时间", "received at"),
    "fine": ("罚款", "fine"), "reward": ("奖励金额", "reward"), "suggested": ("建议奖励", "suggested reward"),
    "rewarded_at": ("奖励时间", "rewarded at"), "amount": ("金额", "amount"),
})

# --- sentences: report titles, headings and notifications ------------------------------------------
# ``text(key, lang, **values)`` fills the {placeholders}; notifications are sent in Chinese.
# --- the national data exchange (export national) -------------------------------------------------
EVENTS["national_export"] = ("国家平台数据交换", "national data exchange")
COLUMNS.update({
    "dataset": ("数据集", "data set"), "records": ("记录数", "records"), "invalid": ("校验未通过", "invalid"),
    "written": ("已写入", "written"), "pushed": ("已上报", "pushed"), "push_failed": ("上报失败", "failed"),
    "ref": ("记录", "row"), "error": ("问题", "problem"),
})

TEXTS = {
    "national_summary": ("{mode} 批次 {batch}: {state}; 自 {since} 起的变更; companyCode {code}",
                         "{mode} batch {batch}: {state}; changes since {since}; companyCode {code}"),
    "as_of": ("截至", "As of"),
    "nothing": ("(无记录)", "(nothing)"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "list_joiner": ("、", ", "),
    "whole_database": ("(全库)", "(whole database)"),
    "overdue_title": ("逾期隐患清单", "Overdue hazards"),
    "ledger_title": ("隐患台账", "Hazard ledger"),
    "risk_ledger_title": ("安全风险清单", "Risk register"),
    "supervision_title": ("挂牌督办清单", "Listed supervision"),
    "ladder_title": ("督办阶梯", "Escalation ladder"),
    "ladder_note": ("重大隐患报告即挂牌: {auto} · rules {version}",
                    "重大 hazards listed when reported: {auto} · rules {version}"),
    "notifications_title": ("通知", "Notifications"),
    "routes_title": ("通知渠道", "Notification routes"),
    # the HTML pages and their charts
    "credit_code": ("统一社会信用代码", "credit code"),
    "made": ("生成于", "made"),
    "rows": ("共 {n} 条", "{n} rows"),
    "chart_months": ("近12个月发现与销号隐患", "Hazards found and closed, last 12 months"),
    "chart_found": ("发现", "found"),
    "chart_closed": ("销号", "closed"),
    "chart_levels": ("一般隐患与重大隐患", "General and major hazards"),
    "chart_rate": ("各单位整改率 (%)", "Rectification rate by org unit (%)"),
    "chart_overdue": ("各单位逾期隐患", "Overdue hazards by org unit"),
    "chart_colours": ("四色风险分布", "Four-colour risk distribution"),
    "chart_colours_by_org": ("各单位风险点 (按颜色)", "Risk points by org unit and colour"),
    "chart_completion": ("排查完成率 (%)", "Inspection completion (%)"),
    "completion_title": ("排查完成情况 {start} ~ {end}", "Inspection completion {start} ~ {end}"),
    "listing_line": ("{code}: {level}挂牌督办 {state} ({key})", "{code}: {level} supervision {state}"),
    # the hazard sheet (hazard show)
    "state_with_key": ("{state} ({key})", "{key}"),
    "found": ("发现", "found"),
    "description": ("描述", "description"),
    "reopened_from": ("重新打开自", "reopens"),
    "reopened_as": ("已重新打开为", "reopened as"),
    "risk_point": ("风险点", "risk point"),
    "measure": ("管控措施", "measure"),
    "supervision": ("挂牌督办", "supervision"),
    "extension_requested": ("延期申请", "extension requested"),
    "overdue_mark": ("  【逾期】", "  [OVERDUE]"),
    "extensions": ("延期记录", "extensions"),
    "attachments": ("附件", "attachments"),
    "history": ("处理记录", "history"),
    "os_user_mark": ("（系统账户 {os_user}）", " (OS account {os_user})"),
    # the risk point sheet (risk show) and the matrix
    "analysis_object": ("风险分析对象", "analysis object"),
    "flags": ("提示", "flags"),
    "assessments": ("评价记录", "assessments"),
    "control_measures": ("管控措施", "control measures"),
    "open_hazards": ("未销号隐患", "open hazards"),
    "closed_hazards": ("已销号/作废隐患", "closed hazards"),
    "matrix_title": ("安全风险四色分布", "Four-colour risk matrix"),
    "matrix_ls": ("LS 风险矩阵 (R = L × S, variant {variant})", "LS matrix (R = L × S, variant {variant})"),
    "matrix_lec": ("LEC 风险分级 (D = L × E × C)", "LEC grades (D = L × E × C)"),
    "matrix_orgs": ("各单位风险数量", "Risk points by org unit"),
    "org_unit": ("单位", "org unit"),
    "total": ("合计", "total"),
    "count": ("数量", "count"),
    # an inspection task (inspect show)
    "task_heading": ("排查任务 {id} · {plan} · {org}", "task {id} · {plan} · {org}"),
    "task_period": ("周期 {start} ~ {end} · 截止 {due} · {state} ({key})",
                    "period {start} ~ {end} · due {due} · {state} ({key})"),
    "late_mark": ("  【补检】", "  [late]"),
    # notifications
    "notice_listed_subject": ("【挂牌督办】{code} {title}", "[supervision] {code} {title}"),
    "notice_listed_body": ("{code} {title} 已列入{level}挂牌督办: {reason}",
                           "{code} {title} is listed for {level} supervision: {reason}"),
    "notice_decision_subject": ("【挂牌督办】{code} {level}", "[supervision] {code} {level}"),
    "notice_decision_body": ("{code}: {event} by {actor}", "{code}: {event} by {actor}"),
    "notice_extend_request_subject": ("【延期申请】{code}", "[extension request] {code}"),
    "notice_extend_request_body": ("{actor} asks to move {code} from {old} to {new}: {reason}",
                                   "{actor} asks to move {code} from {old} to {new}: {reason}"),
    "notice_extend_decided_subject": ("【延期申请】{code} {decision}", "[extension request] {code} {decision}"),
    "notice_step_subject": ("【{step}】{code} {title}", "[{step}] {code} {title}"),
    "notice_step_body": ("{code} {title}: 整改期限 {deadline} ({when})", "{code} {title}: deadline {deadline} ({when})"),
    "notice_outbox_id": ("(通知编号 {id}，重复收到可忽略)", "(notification {id}; ignore a repeat)"),
    "days_overdue": ("逾期 {days} 天", "{days} days overdue"),
    "days_to_deadline": ("距整改期限 {days} 天", "{days} days to the deadline"),
    # the 重大 loop on the hazard sheet
    "plan": ("治理方案", "governance plan"),
    "plan_missing": ("未制定 (缺: {items})", "none (missing: {items})"),
    "plan_items_missing": ("缺: {items}", "missing: {items}"),
    "plan_approved": ("已批准 {by} {at}", "approved by {by} {at}"),
    "plan_draft": ("待主要负责人批准", "awaiting the principal's approval"),
    "plan_owner": ("责任人", "owner"),
    "plan_resources": ("物资", "materials"),
    "plan_requirements": ("要求", "requirements"),
    "plan_contingency": ("应急预案", "contingency plan"),
    "plan_note": ("批准意见", "approval note"),
    "evaluations": ("治理情况评估", "evaluations"),
    "basis_free": ("(自由文本)", "(free text)"),
    "category_original": ("原类别", "original category"),
    # a --within deadline moved off a holiday (民法典 Art 203)
    "deadline_moved": ("整改期限 {old} 是{holiday}: 顺延至 {new} (民法典第二百零三条; rules deadline.holiday_shift)",
                       "the deadline {old} falls on {holiday}: moved to {new} (Civil Code Art 203; "
                       "rules deadline.holiday_shift)"),
    "notice_anchor_subject": ("【审计锚点】{enterprise} {day}", "[audit anchor] {enterprise} {day}"),
    "ladder_list_reason": ("{step}: 逾期 {days} 天未整改", "{step}: not rectified {days} days after the deadline"),
    # the regulator's word (item 3 of issue 14)
    "cap_listing": ("{level}挂牌督办 {authority} {doc_no}", "{level} listing by {authority} ({doc_no})"),
    "cap_order": ("整改指令书 {authority} {doc_no}", "rectification order of {authority} ({doc_no})"),
    "notice_review_overdue_body": ("{code} {title}: 核销申请 {requested} 提出, 审查期限 {due} 已过 ({days} 天)",
                                   "{code} {title}: write-off asked on {requested}, review due {due} has passed ({days} days)"),
    "whistleblower_title": ("举报登记", "Whistle-blower reports"),
    "regulator": ("监管执法", "regulator"),
    "whistleblower": ("举报", "whistle-blower"),
    "reward": ("奖励", "reward"),
    "confidential": ("(保密)", "(confidential)"),
    "penalty_line": ("{code}: 行政处罚 {amount} 元 ({authority} {doc_no})",
                     "{code}: penalty {amount} yuan ({authority} {doc_no})"),
    "review_line": ("{code}: 整改复查{verdict} ({authority} {doc_no})",
                    "{code}: re-inspection {verdict} ({authority} {doc_no})"),
    "review_passed": ("通过", "passed"),
    "review_failed": ("未通过", "failed"),
    "reward_line": ("{code}: 奖励 {amount} 元", "{code}: reward {amount} yuan"),
    "reward_hint": (" (建议 {suggested} 元)", " (suggested {suggested} yuan)"),
    # `workflow show`: the records beside the lifecycle
    "wf_records": ("不改变状态的登记", "records (no state change)"),
    "wf_report": ("人人可报告隐患 (安全生产法第59条); 从业人员只看自己报告的隐患",
                  "anyone of the register reports (安全生产法 Art 59); a worker reads their own reports"),
    "wf_report_whistleblower": ("举报 (第74、76条): 举报人及联系方式仅主管可见",
                                "a 举报 (Arts 74, 76): reporter and contact for supervisors only"),
    "wf_report_regulator": ("监管执法发现: 整改指令书的期限即监管期限",
                            "a regulator's finding: the 整改指令书's deadline is the regulator's"),
    "wf_extend_request": ("延期申请", "asks for a later deadline"),
    "wf_extend_decide": ("超过监管期限的延期须记录监管部门决定 (--authority --doc-no)",
                         "past the regulator's deadline only as its decision (--authority --doc-no)"),
    "wf_regulator": ("行政处罚决定书; 整改复查 (监管执法发现须复查通过方可销号)",
                     "penalty decision; 整改复查 (a regulator's finding closes only after one passed)"),
    "wf_reward": ("核实后奖励; 建议金额为罚款的15%, 3000至300000元",
                  "after verification; suggested 15% of the fine, ¥3,000 to ¥300,000"),
    "notice_reported_subject": ("【隐患上报】{code} {title}", "[hazard reported] {code} {title}"),
    "notice_reported_body": ("{finder} 上报隐患 {code} {title} ({org}), 请核实处理",
                             "{finder} reported {code} {title} ({org}): please triage it"),
}


TEXTS.update({
    "columns_hidden": ("… 显示 {shown}/{total} 列 (终端宽 {width}; 未显示: {hidden}): 全部列用 --wide, "
                       "或 --format csv|xlsx",
                       "… {shown} of {total} columns shown ({width} wide; not shown: {hidden}): all of them "
                       "with --wide, or --format csv|xlsx"),
    "more_rows": ("… 另有 {more} 行未显示: 用 --limit、--format csv 或 --json",
                  "… {more} more rows not shown: use --limit, --format csv or --json"),
})


def text(key: str, lang: str = "zh", /, **values: object) -> str:
    """A sentence of ``TEXTS`` in ``lang``, its {placeholders} filled from ``values``."""
    words = TEXTS[key][0 if lang == "zh" else 1]
    return words.format(**values) if values else words


# --- the inspection task's lifecycle and its windows (`workflow show`) ---------------------------
TEXTS.update({
    "task_flow_title": ("排查任务: 待排查 (open) → 已完成 (done) | 漏检 (missed)",
                        "inspection task: open → done | missed"),
    "task_flow_complete": ("complete     待排查 → 已完成   任务的每个排查项都有结果",
                           "complete     open → done      every item of the task has a result"),
    "task_flow_miss": ("miss         待排查 → 漏检     时段结束(加宽限 --grace)仍未完成",
                       "miss         open → missed    its window ended (plus the plan's --grace) first"),
    "task_flow_late": ("补检         漏检任务在截止后 {days} 天内仍可补录, 标记补检, 仍计漏检",
                       "late record  a missed task takes results for {days} days after it was due: "
                       "flagged late, it stays missed"),
    "task_flow_days": ("时段         每日/每周/每月/每季/每年: 当地零点至零点; --workdays, --holiday-eve, --cron",
                       "windows      daily/weekly/monthly/quarterly/yearly: local midnight to midnight; "
                       "--workdays, --holiday-eve, --cron"),
    "task_flow_rounds": ("巡检         --cadence Nh: 自零点起每 N 小时一个时段 (N 整除 24); 一天多次的 cron:"
                         " 每次触发至下次触发; 当天首次 tick 生成当天全部时段, 时段开始后才可记录",
                         "rounds       --cadence Nh: a window every N hours from midnight (N divides 24);"
                         " a cron firing several times a day: from each firing to the next; the day's"
                         " first tick makes all its windows, each recorded once it has started"),
    "task_flow_shifts": ("班次         --cadence shift --shifts {name}: {spans}",
                         "shifts       --cadence shift --shifts {name}: {spans}"),
})

# --- import of the Excel 台账 and 风险清单 (`import hazards|risks`) --------------------------------
EVENTS.update({"imported": ("导入", "imported")})
COLUMNS.update({"sheet": ("工作表", "sheet"), "row": ("行号", "row"), "column": ("列", "column"),
                "reason": ("原因", "reason")})
TEXTS.update({
    "import_summary": ("{file} 工作表 {sheet} (表头在第 {header_row} 行): {rows} 行, 导入 {imported},"
                       " 已有跳过 {skipped}, 拒绝 {rejected}, 警告 {warnings}",
                       "{file} sheet {sheet} (header on row {header_row}): {rows} rows, {imported} imported,"
                       " {skipped} already there, {rejected} rejected, {warnings} warnings"),
    "import_dry_run": ("试运行 (--dry-run): 未写入任何内容", "dry run (--dry-run): nothing was written"),
    "import_codes": ("编号 {first} … {last}", "codes {first} … {last}"),
    "import_created": ("已新建 单位: {orgs}; 人员: {people}", "created org units: {orgs}; people: {people}"),
    "import_unknown_columns": ("未识别的列 (未导入; 可用 --mapping 指定): {columns}",
                               "columns not recognised (not imported; see --mapping): {columns}"),
    "import_rejected_title": ("被拒绝的行", "rejected rows"),
    "import_warnings_title": ("警告", "warnings"),
    "import_errors_written": ("被拒绝的行已写入 {path}", "rejected rows written to {path}"),
    "import_reason_header": ("错误原因", "reason"),
    "plan_lacks": ("缺: {items}", "missing: {items}"),
    "items_retired": ("已停用的排查项: {items}", "retired items: {items}"),
    "retired_mark": ("〔已停用〕", " (retired)"),
    "import_plan_missing": ("重大隐患在{state}中, 台账无治理方案: 导入后缺 {items}; 须 `dualprev hazard plan {code} …`"
                            " 补齐并经主要负责人批准后才能继续",
                            "a 重大 hazard in {state} without its 治理方案 in the sheet: imported lacking {items};"
                            " it moves on once `dualprev hazard plan {code} …` fills them and the principal"
                            " approves"),
})

# --- 隐患排查治理统计分析表 (`report stats`, 16号令 Art 14¶1) ------------------------------------
STATS_HEADINGS = {
    "org": ("单位", "org unit"),
    "general_found": ("一般隐患排查数", "general found"),
    "general_closed": ("一般隐患已整改数", "general rectified"),
    "general_rate": ("一般隐患整改率%", "general rate %"),
    "major_found": ("重大隐患排查数", "major found"),
    "major_closed": ("重大隐患已整改数", "major rectified"),
    "major_rate": ("重大隐患整改率%", "major rate %"),
    "planned": ("列入治理计划的重大隐患数", "major in a governance plan"),
    "plan_goal": ("落实目标任务", "goal and tasks set"),
    "plan_funds": ("落实经费物资", "funds and materials set"),
    "plan_team": ("落实机构人员", "organisation and people set"),
    "plan_deadline": ("落实时间要求", "time limit set"),
    "plan_safety": ("落实安全措施应急预案", "safety measures and contingency set"),
    "funds": ("落实治理资金(万元)", "funds (10,000 yuan)"),
    "supervised": ("挂牌督办数", "listed"),
    "supervised_closed": ("挂牌督办已整改数", "listed and rectified"),
    "on_time_original_rate": ("按期整改率%(原期限)", "on time % (original deadline)"),
    "on_time_rate": ("按期整改率%(延期后期限)", "on time % (extended deadline)"),
    "missed": ("漏检数", "missed inspections"),
    "carried": ("上期结转数", "carried over"),
}
TEXTS.update({
    "stats_title": ("隐患排查治理统计分析表", "Hazard inspection and rectification statistics"),
    "stats_period_quarter": ("统计期间: {year}年第{q}季度 ({first} ~ {last})",
                             "Period: {year} Q{q} ({first} ~ {last})"),
    "stats_period_year": ("统计期间: {year}年度 ({first} ~ {last})", "Period: the year {year} ({first} ~ {last})"),
    "stats_enterprise": ("填报单位: {name} · 统一社会信用代码 {code}", "Enterprise: {name} · credit code {code}"),
    "stats_no_profile": ("填报单位: {org} (未设置企业档案: 管理员运行 `dualprev enterprise set {org} --credit-code CODE`"
                         " 后, 此处显示登记名称和统一社会信用代码)",
                         "Enterprise: {org} (no enterprise profile: an admin's `dualprev enterprise set {org}"
                         " --credit-code CODE` puts the registered name and credit code here)"),
    "stats_several": ("填报范围: {n} 家企业", "Scope: {n} enterprises"),
    "stats_due": ("报送期限: {date} 前 (安监总局令第16号第十四条)", "Due by {date} (16号令 Art 14)"),
    "stats_due_moved": ("报送期限: {date} 前 ({was} 为{holiday}, 顺延; 安监总局令第16号第十四条, 民法典第二百零三条)",
                        "Due by {date} ({was} is {holiday}, moved on; 16号令 Art 14, Civil Code Art 203)"),
    "stats_running": ("本期尚未结束: 数据截至 {today}", "The period is not over: figures as of {today}"),
    "stats_rule": ("统计口径: 排查数为本期发现的隐患{carried}; 已整改为本期结束前已销号; 作废的隐患不计;"
                   " 整改率 = 已整改数/排查数, 无隐患时记 —; 按期整改率 = 在整改期限内销号的隐患 / 有整改期限且"
                   "期限已到或已销号的隐患, 分别按原期限和延期后期限计; 挂牌督办数为本期统计的隐患中本期结束前"
                   "挂牌({levels})的数量; 落实治理资金为整改资金(重大隐患无整改资金时取治理方案经费)合计;"
                   " 漏检数为本期开始的排查任务中漏检的数量 · rules {version}",
                   "Rule: found = hazards found in the period{carried}; rectified = closed before its end;"
                   " voided hazards never count; rate = rectified/found, — when none was found; on time ="
                   " closed by the deadline, of those with a deadline due in the period or closed, by the"
                   " original and by the extended deadline; listed = counted hazards listed ({levels}) by"
                   " the period's end; funds = the rectification costs (a 重大 hazard's plan funds when it"
                   " has none); missed = inspection tasks of the period missed · rules {version}"),
    "stats_carried_in": (", 含上期结转(本期开始时仍未销号)的隐患", ", and those carried over (still open at its start)"),
    "stats_carried_out": ("(上期结转的隐患单列, 不计入)", " (carried-over hazards shown apart, not counted)"),
    "stats_signature": ("主要负责人(签字): ____________    日期: ______年____月____日",
                        "Principal (signature): ____________    Date: ____________"),
    "stats_principal": ("主要负责人: {name}", "Principal: {name}"),
    "stats_made": ("制表日期: {date}", "Made on {date}"),
    "stats_own": ("{org} (本级)", "{org} (itself)"),
    "stats_general": ("一般隐患", "General hazards"),
    "stats_major": ("重大隐患", "Major hazards"),
    "stats_plan": ("列入治理计划的重大隐患", "Major hazards in a governance plan"),
    "stats_listing": ("挂牌督办", "Listed for supervision"),
    "stats_on_time": ("按期整改率%", "On time %"),
    "chart_stats_rate": ("各单位整改率 (%, 一般与重大)", "Rectification rate by org unit (%, general and major)"),
})

# --- 重大事故隐患报告 (`report major`, 16号令 Art 14¶2) ---------------------------------------------
TEXTS.update({
    "major_title": ("重大事故隐患报告", "Report of a major accident hazard"),
    "major_title_one": ("重大事故隐患报告 · {code}", "Report of a major accident hazard · {code}"),
    "major_period_title": ("重大事故隐患报告 · {period} ({n} 项)", "Reports of major accident hazards · {period} ({n})"),
    "major_none": ("本期没有重大事故隐患", "No major accident hazard in the period"),
    "major_enterprise": ("企业基本情况", "The enterprise"),
    "major_no_profile": ("未设置企业档案: 管理员运行 `dualprev enterprise set ORG --credit-code CODE`",
                         "no enterprise profile: an admin runs `dualprev enterprise set ORG --credit-code CODE`"),
    "major_hazard": ("隐患基本情况", "The hazard"),
    "major_situation": ("一、隐患的现状及其产生原因", "1. Current state and its cause"),
    "major_analysis": ("二、隐患的危害程度和整改难易程度分析", "2. Severity and how hard it is to rectify"),
    "major_plan": ("三、隐患的治理方案", "3. The governance plan"),
    "major_listing": ("四、挂牌督办", "4. Listed supervision"),
    "major_not_given": ("未填写: `dualprev hazard plan {code} … --{option} TEXT`",
                        "not given: `dualprev hazard plan {code} … --{option} TEXT`"),
    "major_no_plan": ("未制定治理方案: `dualprev hazard plan {code} …`", "no governance plan: `dualprev hazard plan {code} …`"),
    "major_not_listed": ("未挂牌督办", "not listed"),
    "major_listing_line": ("{level}挂牌督办 · {state} · 挂牌 {at} ({by}){deadline}{authority}",
                           "{level} · {state} · listed {at} ({by}){deadline}{authority}"),
    "major_listing_deadline": (" · 督办期限 {date}", " · deadline {date}"),
    "major_signature": ("主要负责人(签字): ____________    报告日期: ______年____月____日",
                        "Principal (signature): ____________    Date of the report: ____________"),
})
