"""The Chinese of every help text and error message, keyed by the English the code writes
(gettext's way: the English in the code is the key, so English is always complete).

How to add a text (a command, an option, an error):
- write the help or the message in English in the code, as always;
- add its Chinese to HELP (a docstring's paragraph or an option's help, its whitespace collapsed to
  single spaces; lines of a ``\\b`` block are looked up one by one) or to ERRORS (a message; for an
  f-string keep its {placeholders} as written, e.g. ``"unknown {what} {text!r}"``: the Chinese may
  put them anywhere, and a placeholder's value is translated too when it is itself a message);
- tests/docs/test_languages.py names every help text and every raised message with no Chinese.

The language: ``--lang``, else ``DUALPREV_LANG``, else Chinese for a zh locale (LC_ALL,
LC_MESSAGES, LANG). Nothing set: help and errors stay English and tables keep Chinese labels,
as before. Imports nothing, so `dualprev --help` stays fast.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Mapping
from functools import cache

LANGS = ("zh", "en")


def language(explicit: str | None, environ: Mapping[str, str]) -> str:
    """The language of help and errors: ``explicit`` (--lang), DUALPREV_LANG, a zh locale, else en."""
    for value in (explicit, environ.get("DUALPREV_LANG")):
        if value in LANGS:
            return value
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if environ.get(var):
            return "zh" if environ[var].lower().startswith("zh") else "en"
    return "en"


def _key(paragraph: str) -> str:
    return " ".join(paragraph.split())


def help_text(text: str | None, lang: str) -> str | None:
    """A help text in ``lang``: each paragraph from HELP, a ``\\b`` block line by line."""
    if not text or lang != "zh":
        return text
    out = []
    for paragraph in inspect.cleandoc(text).split("\n\n"):
        if paragraph.startswith("\b"):
            lines = paragraph.splitlines()
            out.append("\n".join(lines[:1] + [_line(line) for line in lines[1:]]))
        else:
            out.append(HELP.get(_key(paragraph), paragraph))
    return "\n\n".join(out)


def _line(line: str) -> str:
    zh = HELP.get(line.strip())
    return line if zh is None else line[: len(line) - len(line.lstrip())] + zh


_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@cache
def _patterns() -> list[tuple[re.Pattern[str], list[str], str]]:
    """Each English message of ERRORS as a pattern whose groups are its placeholders, longest first
    (the most literal text wins when two would match)."""
    out = []
    for english, zh in sorted(ERRORS.items(), key=lambda kv: -len(_PLACEHOLDER.sub("", kv[0]))):
        names = _PLACEHOLDER.findall(english)
        literal = _PLACEHOLDER.split(english)[::2]
        body = "(.*?)".join(re.escape(part) for part in literal)
        out.append((re.compile(f"{body}\\Z", re.S), names, zh))
    return out


def message(text: str, lang: str, _depth: int = 0) -> str:
    """An error message in ``lang``; one without a Chinese entry stays as it is."""
    if lang != "zh" or _depth > 3:
        return text
    for pattern, names, zh in _patterns():
        found = pattern.match(text)
        if found:
            values = {}
            for name, value in zip(names, found.groups()):
                values.setdefault(name, message(value, lang, _depth + 1))
            return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), zh)
    return text


# --- help texts: command docstrings' paragraphs and options' help --------------------------------
HELP: dict[str, str] = {
    # click's own
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "Example:": "示例:",
    "Examples:": "示例:",
    "The terminal table with every column (a narrow one shows those that fit).":
        "终端表格显示全部列(窄终端只显示放得下的列)。",
    # the root (cli.py)
    "dualprev: the 双重预防 risk-and-hazard register.": "dualprev: 双重预防(风险分级管控与隐患排查治理)登记系统。",
    "Hazards (隐患) flow 发现 → 整改 → 复核 → 销号 (reported → rectifying → verifying → closed).":
        "隐患按 发现 → 整改 → 复核 → 销号 流转。",
    "Exit codes: 1 refused (unknown, not permitted), 2 bad input, 3 not allowed by the workflow, 4 conflict "
    "with a concurrent change or the database busy (try again), 5 database unavailable, 6 read-only, 7 full, "
    "8 schema version mismatch (upgrade dualprev, or run dualprev init), 70 internal error.":
        "退出码: 1 被拒绝(不存在、无权限), 2 输入有误, 3 流程不允许, 4 与同时进行的修改冲突或数据库繁忙(请重试), "
        "5 数据库不可用, 6 只读, 7 空间已满, 8 数据库结构版本不符(升级 dualprev 或运行 dualprev init), 70 内部错误。",
    "SQLAlchemy URL (default: a SQLite file in your data directory). Env: DUALPREV_DB.":
        "SQLAlchemy 数据库地址(默认: 数据目录中的 SQLite 文件)。环境变量: DUALPREV_DB。",
    "Act as this person (default: DUALPREV_USER; on PostgreSQL the person of your database login; else your "
    "OS login).": "以此人身份操作(默认: DUALPREV_USER; PostgreSQL 上为数据库登录名对应的人员; 否则为操作系统登录名)。",
    "Print one JSON document and nothing else on stdout.": "在标准输出只打印一个 JSON 文档。",
    "Language of labels, help and errors. Default: help and errors follow DUALPREV_LANG or a zh locale "
    "(LC_ALL, LANG), else English; tables and reports keep Chinese labels.":
        "标签、帮助和错误信息的语言。默认: 帮助和错误信息依 DUALPREV_LANG 或中文区域设置(LC_ALL、LANG), "
        "否则为英文; 表格和报表的标签默认中文。",
    # init
    "Create or upgrade the database (nothing is lost).": "创建或升级数据库(不丢失任何数据)。",
    "On a database with no people, the acting user becomes its first admin.": "在还没有人员的数据库上, 当前操作人成为第一个管理员。",
    "Seed a demo enterprise: org tree, people, hazards in every state.": "生成演示企业: 组织树、人员、各状态的隐患。",
    "PostgreSQL: split the large tables (hazards, events, tasks, results, ladder steps, outbox, attachments) into N hash partitions by enterprise; default DUALPREV_PARTITIONS, else plain tables. Tables already partitioned stay as they are.":
        "仅 PostgreSQL: 把大表(隐患、事件、任务、排查结果、升级步骤、待发通知、附件)按企业哈希分成 N 个分区; 默认取 DUALPREV_PARTITIONS, 否则为普通表。已分区的表保持不变。",
    "Add N synthetic hazards through the bulk path (for benchmarks; at most 2,000,000, committed 20,000 at a time).":
        "经批量通道添加 N 条合成隐患(用于性能测试; 最多 2,000,000 条, 每 20,000 条提交一次)。",
    # org
    "Org units: 企业 → 车间/部门 → 班组.": "组织单位: 企业 → 车间/部门 → 班组。",
    "Add an org unit (admin).": "添加组织单位(管理员)。",
    "A row per org unit below, or per enterprise (a group's or a district's view).":
        "每个下级单位一行, 或每个企业一行(集团或辖区的视角)。",
    "Add an org unit (admin). A group (集团) or a district (辖区) stands above enterprises: its people see every "
    "enterprise below it, and each enterprise keeps its own codes and audit chain.":
        "添加组织单位(管理员)。集团或辖区位于企业之上: 其人员可查看其下每个企业, 各企业保留自己的编号和审计链。",
    "Default: enterprise without --parent or under a group (集团) or district (辖区), else one level below the parent.":
        "默认: 无 --parent 或在集团、辖区之下时为企业, 否则为上级的下一层。",
    "An enterprise is attached under a group or a district the same way (--parent), on its own audit chain; its "
    "codes and chain stay its own.": "企业也以同样方式(--parent)挂到集团或辖区之下; 其编号和审计链仍归其自身。",
    "Move it under this unit of the same enterprise; an enterprise, group or district under a group or district.":
        "移到同一企业的此单位之下; 企业、集团或辖区可移到集团或辖区之下。",
    "Parent unit (name or id); none makes an enterprise.": "上级单位(名称或编号); 不给则新建企业。",
    "Default: enterprise without --parent, else one level below the parent.":
        "默认: 无 --parent 时为企业, 否则为上级的下一层。",
    "List the org units in your scope.": "列出您管辖范围内的组织单位。",
    # person
    "People and their roles (officer, owner, inspector, supervisor, admin, worker, principal).":
        "人员及其角色(安全员、整改责任人、复核人、主管、管理员、从业人员、主要负责人)。",
    "Add a person (admin); on PostgreSQL the person is a database login.":
        "添加人员(管理员); 在 PostgreSQL 上此人即一个数据库登录。",
    "Full name.": "姓名。",
    "Org unit: the person's scope.": "所属组织单位: 此人的管辖范围。",
    "officer | owner | inspector | supervisor | admin | worker | principal (repeatable; Chinese accepted). A worker (从业人员) reports hazards and reads their own reports; the principal (主要负责人) approves the 治理方案 of 重大 hazards.":
        "officer | owner | inspector | supervisor | admin | worker | principal(可重复; 可用中文)。从业人员(worker)报告隐患并查看自己报告的隐患; 主要负责人(principal)批准重大隐患的治理方案。",
    "PostgreSQL: the database role this person connects as (default: LOGIN).":
        "PostgreSQL: 此人连接所用的数据库角色(默认: LOGIN)。",
    "PostgreSQL: also create that role as a login in the register's group role.":
        "PostgreSQL: 同时在登记库的组角色中创建该登录角色。",
    "With --db-login: the password is the first line of FILE (default: a prompt).":
        "配合 --db-login: 密码为 FILE 的第一行(默认: 提示输入)。",
    "With --db-login: no password (peer or certificate authentication).": "配合 --db-login: 不设密码(peer 或证书认证)。",
    "Deactivate a person (admin): they can no longer act; on PostgreSQL their role loses LOGIN.":
        "停用人员(管理员): 此人不能再操作; 在 PostgreSQL 上其角色失去 LOGIN。",
    "What they hold moves to the successor named by --handover, one audited event per item, in the same transaction; a person who holds anything is not deactivated without one.":
        "其所持事项移交给 --handover 指定的接任者, 每项一条审计事件, 与停用在同一事务中; 持有事项的人员没有接任者不予停用。",
    "Their successor: takes over their open hazards, 治理方案, inspection plans (and so their tasks), risk points and measures.":
        "接任者: 接管其未销号隐患、治理方案、排查计划(及其任务)、风险点和管控措施。",
    "Correct a person (admin): name, org unit, roles; audited with the values before and after.":
        "更正人员信息(管理员): 姓名、组织单位、角色; 记录更正前后的值。",
    "The corrected full name.": "更正后的姓名。",
    "The person's new org unit (within their enterprise).": "此人的新组织单位(在其企业内)。",
    "Their roles from now on (repeatable; replaces them all).": "此后的角色(可重复; 替换全部角色)。",
    "Rename an org unit or move it within its enterprise (admin); audited with before and after.":
        "重命名组织单位或在其企业内移动(管理员); 记录更改前后的值。",
    "The unit's corrected name.": "更正后的单位名称。",
    "Move it under this unit of the same enterprise.": "移到同一企业的此单位之下。",
    "List the people in your scope.": "列出您管辖范围内的人员。",
    # hazard
    "Hazards (隐患) and their lifecycle 发现 → 整改 → 复核 → 销号.": "隐患及其生命周期 发现 → 整改 → 复核 → 销号。",
    "发现: register a hazard (anyone of the register); prints its new code.": "发现: 登记隐患(登记库中任何人); 打印新隐患编号。",
    "A 举报 taken by phone, letter or in person (officer, supervisor) keeps the reporter and the contact confidential; a regulator's finding carries the 整改指令书 and its deadline.":
        "以电话、信件或当面受理的举报(安全员、主管)对举报人及联系方式保密; 监管执法发现的隐患附整改指令书及其期限。",
    "What is wrong, in a line.": "存在的问题, 一行说明。",
    "Org unit where it was found.": "发现隐患的组织单位。",
    "Place or equipment (部位).": "部位或设备。",
    "general|major (一般|重大).": "general|major(一般|重大)。",
    "Category: 人的不安全行为, 物的不安全状态, 管理上的缺陷 (16号令), 环境因素 (GB/T 13861).":
        "隐患类别: 人的不安全行为、物的不安全状态、管理上的缺陷(16号令)、环境因素(GB/T 13861)。",
    "Its GB/T 13861-2022 code (e.g. 2.1).": "GB/T 13861-2022 代码(例如 2.1)。",
    "重大: the 判定标准 clause that makes it 重大 (see `hazard criteria`), or 其他: text.":
        "重大: 判定为重大的判定标准条款(见 `hazard criteria`), 或 其他: 文字。",
    "Description.": "隐患描述。",
    "When it was found (ISO-8601; default now).": "发现时间(ISO-8601; 默认现在)。",
    "Photo or file (repeatable).": "照片或文件(可重复)。",
    "The risk point it was found at (FX-000042).": "发现隐患所在的风险点(FX-000042)。",
    "The control measure that failed.": "失效的管控措施。",
    "report|inspection|whistleblower|regulator (自查上报|隐患排查|举报|监管执法).":
        "report|inspection|whistleblower|regulator(自查上报|隐患排查|举报|监管执法)。",
    "举报: who reported it (confidential).": "举报: 举报人(保密)。",
    "举报: how to reach them (supervisors only).": "举报: 联系方式(仅主管可见)。",
    "举报: made anonymously.": "举报: 匿名举报。",
    "举报: phone|letter|in_person|other (电话|信件|当面|其他; default phone).":
        "举报: phone|letter|in_person|other(电话|信件|当面|其他; 默认电话)。",
    "Regulator's finding: the authority.": "监管执法发现: 执法机关。",
    "Regulator's finding: the 整改指令书 文号.": "监管执法发现: 整改指令书文号。",
    "Regulator's finding: its 整改期限 (the regulator's).": "监管执法发现: 其整改期限(监管期限)。",
    "下达整改: reported → rectifying (officer). 重大 needs its approved 治理方案 and all of 五落实.":
        "下达整改: 发现 → 整改(安全员)。重大隐患需已批准的治理方案及五落实齐全。",
    "整改责任人 (重大: default the plan's).": "整改责任人(重大: 默认取治理方案的)。",
    "整改期限 (a date; ends at local midnight; 重大: default the plan's).": "整改期限(日期; 当地零点截止; 重大: 默认取治理方案的)。",
    "Or: N calendar days / N working days (5wd) from today.": "或: 自今天起 N 个自然日 / N 个工作日(5wd)。",
    "整改措施 (重大: default the plan's methods).": "整改措施(重大: 默认取治理方案的方法和措施)。",
    "整改资金 in 元 (重大: default the plan's funds).": "整改资金, 单位元(重大: 默认取治理方案的经费)。",
    "应急预案 (重大: default the plan's).": "应急预案(重大: 默认取治理方案的)。",
    "立查立改: a 一般 hazard fixed at once goes to 复核 (officer or owner).": "立查立改: 当场整改完毕的一般隐患直接进入复核(安全员或整改责任人)。",
    "What was done on the spot.": "当场采取的措施。",
    "提交复核: rectifying → verifying (the assigned owner).": "提交复核: 整改 → 复核(指定的整改责任人)。",
    "What was done.": "完成的整改内容。",
    "Actual cost in 元.": "实际费用, 单位元。",
    "复核: verifying → closed (--pass) or → rectifying (--reject) (inspector, never the owner).":
        "复核: 复核 → 销号(--pass)或 → 整改(--reject)(复核人, 不能是整改责任人)。",
    "复核通过: close (销号).": "复核通过: 销号。",
    "复核不通过: back to 整改.": "复核不通过: 退回整改。",
    "Verification remarks.": "复核意见。",
    "延期: move the deadline of a hazard in 整改 (supervisor); the first deadline is kept.":
        "延期: 调整整改中隐患的期限(主管); 保留原定期限。",
    "The new deadline.": "新的整改期限。",
    "Or: N calendar days / N working days (10wd) from today.": "或: 自今天起 N 个自然日 / N 个工作日(10wd)。",
    "Why (kept with the extension).": "延期原因(随延期记录保存)。",
    "延期申请: the owner asks for a later deadline; a supervisor approves or denies it.":
        "延期申请: 整改责任人申请延后期限; 由主管批准或驳回。",
    "The deadline asked for.": "申请的期限。",
    "Why more time is needed.": "需要更多时间的原因。",
    "Approve a pending extension request (supervisor): the deadline moves, the old one is kept.":
        "批准待审的延期申请(主管): 期限调整, 保留原期限。",
    "A deadline past the regulator's (a county-or-higher listing, a 整改指令书) is the regulator's decision: record it with --authority and --doc-no; the listing's 督办期限 follows.":
        "超过监管期限(县级及以上挂牌、整改指令书)的延期是监管部门的决定: 用 --authority 和 --doc-no 记录; 挂牌督办期限随之调整。",
    "A remark kept with the decision.": "随决定保存的说明。",
    "The regulator (county, city, province listings).": "监管部门(县级、市级、省级挂牌)。",
    "The regulator's document number.": "监管部门的文号。",
    "Deny a pending extension request (supervisor); the deadline stays.": "驳回待审的延期申请(主管); 期限不变。",
    "Why the request is denied.": "驳回申请的原因。",
    "作废: void an open hazard (officer in 发现, supervisor after); the enterprise's listing ends.":
        "作废: 作废未闭环的隐患(发现状态由安全员, 之后由主管); 企业自己的挂牌督办随之解除。",
    "Why it is void (误报, duplicate...).": "作废原因(误报、重复……)。",
    "治理方案 of a 重大 hazard in 发现 (officer): its six items (16号令 Art 15¶2).":
        "重大隐患在发现状态时的治理方案(安全员): 六项内容(16号令第十五条第二款)。",
    "A redraft replaces the plan and waits for a new approval.": "重新制定的方案替换原方案, 并需重新批准。",
    "治理的目标和任务.": "治理的目标和任务。",
    "采取的方法和措施.": "采取的方法和措施。",
    "经费 in 元 (more than 0).": "经费, 单位元(大于 0)。",
    "物资的落实.": "物资的落实。",
    "负责治理的机构和人员.": "负责治理的机构和人员。",
    "The 整改责任人 among them (the assignment's default).": "其中的整改责任人(下达整改的默认值)。",
    "治理的时限.": "治理的时限。",
    "治理的要求.": "治理的要求。",
    "安全措施 while it is being fixed.": "治理期间的安全措施。",
    "应急预案.": "应急预案。",
    "判定依据, if not named yet (see `hazard criteria`).": "判定依据, 如尚未给出(见 `hazard criteria`)。",
    "Approve the 治理方案 of a 重大 hazard (principal, 主要负责人); then it can be assigned.":
        "批准重大隐患的治理方案(主要负责人); 之后方可下达整改。",
    "A remark kept with the approval.": "随批准保存的意见。",
    "评估 of a 重大 hazard's finished rectification, in 复核, before it passes (16号令 Art 18).":
        "重大隐患整改完成后的治理情况评估, 在复核状态、通过之前进行(16号令第十八条)。",
    "Who evaluated (experts, 安全评价机构).": "评估人(专家、安全评价机构)。",
    "The evaluation's conclusion.": "评估结论。",
    "Set an open hazard's category, GB/T 13861 code or 判定依据 (officer).":
        "设置未销号隐患的类别、GB/T 13861 代码或判定依据(安全员)。",
    "Category (16号令 Art 3; GB/T 13861-2022).": "隐患类别(16号令第三条; GB/T 13861-2022)。",
    "Its GB/T 13861-2022 code.": "GB/T 13861-2022 代码。",
    "重大: the 判定依据 (see `hazard criteria`).": "重大: 判定依据(见 `hazard criteria`)。",
    "The 判定标准 clauses a 重大 hazard may name as its 判定依据 (from the rules file).":
        "重大隐患可引用为判定依据的判定标准条款(来自规则文件)。",
    "table (default), md, csv, json, or xlsx (with --output).": "table(默认)、md、csv、json, 或 xlsx(需 --output)。",
    "table (default), md, csv, json, html (a page with charts), or xlsx (with --output).":
        "table(默认)、md、csv、json、html(带图表的网页), 或 xlsx(需 --output)。",
    "Write to FILE instead of stdout (needed for xlsx).": "写入 FILE 而非标准输出(xlsx 必须)。",
    "行政处罚: record the regulator's fine for a hazard, with its 处罚决定书 文号 (officer, supervisor).":
        "行政处罚: 记录监管部门对隐患的罚款及处罚决定书文号(安全员、主管)。",
    "The fine in 元.": "罚款金额, 单位元。",
    "A remark (the breach, the article applied).": "说明(违法行为、适用条款)。",
    "整改复查: record the regulator's re-inspection; a regulator's finding closes only after one passed.":
        "整改复查: 记录监管部门的复查; 监管执法发现的隐患须复查通过方可销号。",
    "The 复查 found the rectification not done.": "复查认定整改未完成。",
    "The regulator's opinion (复查意见).": "监管部门的复查意见。",
    "奖励: record the reward for a verified report or 举报 (supervisor), once per hazard.":
        "奖励: 记录对经核实的报告或举报的奖励(主管), 每个隐患一次。",
    "The rules suggest 15% of the fine recorded with `hazard penalty`, from ¥3,000 to ¥300,000 ([reward] in the rules file).":
        "规则建议为 `hazard penalty` 所记罚款的 15%, 3,000 至 300,000 元(规则文件的 [reward])。",
    "The reward in 元 (default: the rules' suggestion from the fine).": "奖励金额, 单位元(默认: 按罚款计算的建议金额)。",
    "A remark kept with the reward.": "随奖励保存的说明。",
    "The hazard, its attachments, extensions and whole history.": "隐患详情: 附件、延期及完整历史。",
    "List hazards in your scope (the full 隐患台账 is `report ledger`).": "列出您管辖范围内的隐患(完整隐患台账见 `report ledger`)。",
    "reported|rectifying|verifying|closed|voided (or 发现/整改/复核/销号/作废).":
        "reported|rectifying|verifying|closed|voided(或 发现/整改/复核/销号/作废)。",
    "Only this org unit and its subtree.": "仅此组织单位及其下级。",
    "Only hazards owned by LOGIN.": "仅 LOGIN 负责整改的隐患。",
    "Only open hazards past their deadline.": "仅已超过整改期限的未销号隐患。",
    "Only hazards with a deadline before DATE.": "仅整改期限早于 DATE 的隐患。",
    "At most N rows.": "最多 N 行。",
    # risk
    "Risk points (风险点): grade them (LEC/LS), control them, see the four colours.":
        "风险点: 评价分级(LEC/LS)、管控, 查看四色分布。",
    "Add a risk point with its first assessment (officer, admin); prints its code.":
        "添加风险点及其首次评价(安全员、管理员); 打印其编号。",
    "Org unit responsible (所属单位).": "责任组织单位(所属单位)。",
    "Place or area (位置/区域).": "位置或区域。",
    "equipment|area|operation|post (设备设施|区域场所|作业活动|岗位).": "equipment|area|operation|post(设备设施|区域场所|作业活动|岗位)。",
    "LEC factors from the LEC tables, e.g. 6,6,15 (D = 540).": "LEC 取值(查 LEC 表), 例如 6,6,15(D = 540)。",
    "Likelihood and severity 1-5, e.g. 4,5 (R = 20).": "可能性和严重性 1-5, 例如 4,5(R = 20)。",
    "company|workshop|team|post (公司级|车间级|班组级|岗位级); default from the grade.":
        "company|workshop|team|post(公司级|车间级|班组级|岗位级); 默认按风险等级。",
    "A hazard source (危险源/风险事件) (repeatable).": "危险源/风险事件(可重复)。",
    "Analysis object, e.g. a 重大危险源 code.": "分析对象, 例如重大危险源编码。",
    "Responsible person (责任人).": "责任人。",
    "Re-assess a risk point; the history is kept and the newest is its grade.": "重新评价风险点; 保留历史, 最新一次为其等级。",
    "A point that `plan generate` planned is re-planned for its new grade at once.":
        "经 `plan generate` 生成计划的风险点会立即按新等级调整计划。",
    "LEC factors, e.g. 3,6,7.": "LEC 取值, 例如 3,6,7。",
    "Likelihood and severity 1-5, e.g. 2,4.": "可能性和严重性 1-5, 例如 2,4。",
    "Why it was re-assessed.": "重新评价的原因。",
    "Supervisor's reason to lower a grade while open 重大 hazards are linked.": "关联未销号重大隐患时降低等级须给出的主管理由。",
    "company|workshop|team|post; default from the new grade.": "company|workshop|team|post; 默认按新等级。",
    "Control measures (管控措施) of a risk point.": "风险点的管控措施。",
    "Add a control measure to a risk point (officer, admin); prints its id.": "为风险点添加管控措施(安全员、管理员); 打印其编号。",
    "engineering|management|training|ppe|emergency (工程技术|管理|培训教育|个体防护|应急处置).":
        "engineering|management|training|ppe|emergency(工程技术|管理|培训教育|个体防护|应急处置)。",
    "The measure (措施内容).": "措施内容。",
    "Who keeps the measure in place.": "保持措施有效的人。",
    "The hazard source (危险源) it controls, by name.": "所管控的危险源, 按名称。",
    "National 管控措施分类1: 1-4.": "国家接口 管控措施分类1: 1-4。",
    "National 管控措施分类2, e.g. 1-4 (安全仪表).": "国家接口 管控措施分类2, 例如 1-4(安全仪表)。",
    "How it is controlled: 隐患排查 or 自动化监控.": "管控方式: 隐患排查 或 自动化监控。",
    "隐患排查内容: what a check looks at.": "隐患排查内容: 检查什么。",
    "安全风险清单: the risk points in your scope with grade, colour and flags.": "安全风险清单: 您管辖范围内的风险点及其等级、颜色和标记。",
    "red|orange|yellow|blue or major|considerable|general|low (红/重大...).":
        "red|orange|yellow|blue 或 major|considerable|general|low(红/重大……)。",
    "A risk point: assessments, measures, linked open and closed hazards.": "风险点详情: 评价记录、管控措施、关联的未销号和已销号隐患。",
    "四色图: LS 5x5 grid, LEC counts by grade, and colours per org unit.": "四色图: LS 5x5 矩阵、LEC 各等级数量、各单位颜色分布。",
    "table (default), md, html, json.": "table(默认)、md、html、json。",
    "Write to FILE instead of stdout.": "写入 FILE 而非标准输出。",
    # checklist
    "排查清单: the items an inspection walks.": "排查清单: 一次排查要检查的项目。",
    "Add a checklist (officer, admin); prints its id.": "添加排查清单(安全员、管理员); 打印其编号。",
    "A check item (repeatable).": "排查项(可重复)。",
    "One item per control measure (隐患排查 kind) of this risk point (repeatable).":
        "按此风险点的每项管控措施(隐患排查类)生成一个排查项(可重复)。",
    "Owning org unit (default: the risk point's, else yours).": "所属组织单位(默认: 风险点的单位, 否则为您的)。",
    "List the checklists in your scope.": "列出您管辖范围内的排查清单。",
    "A checklist and its numbered items.": "排查清单及其编号的排查项。",
    # plan
    "排查计划: which checklist, where, how often (班组日、车间周、厂级月; rounds 每2小时, 每班).":
        "排查计划: 用哪份清单、在哪里、多久一次(班组日、车间周、厂级月; 巡检 每2小时、每班)。",
    "Add an inspection plan (officer, admin); `tick` makes its tasks.": "添加排查计划(安全员、管理员); 由 `tick` 生成任务。",
    "Rounds (2h, shift, a cron firing several times a day) get one task per window, each with its start and end; the first tick of a day makes that day's windows, and a window is 漏检 at its end plus --grace. A round is recorded once its window has started.":
        "巡检(2h、shift、一天触发多次的 cron)每个时段一个任务, 各有开始和结束时间; 当天首次 tick 生成当天的全部时段, 时段结束再加 --grace 后记为漏检。时段开始后才可记录。",
    "The checklist walked.": "所用的排查清单。",
    "The org unit inspected.": "被排查的组织单位。",
    "daily|weekly|monthly|quarterly|yearly (default by the unit: team daily, workshop weekly, enterprise monthly); rounds: Nh (every N hours from midnight, N dividing 24, e.g. 2h) or shift (one task per shift, see --shifts).":
        "daily|weekly|monthly|quarterly|yearly(默认按单位: 班组每日、车间每周、企业每月); 巡检: Nh(自零点起每 N 小时, N 整除 24, 例如 2h)或 shift(每班一个任务, 见 --shifts)。",
    "The shift pattern of --cadence shift, from the rules file (e.g. 三班 00-08/08-16/16-24, 两班 08-20/20-08; default the rules' default_shifts).":
        "--cadence shift 的班制, 取自规则文件(例如 三班 00-08/08-16/16-24, 两班 08-20/20-08; 默认为规则的 default_shifts)。",
    "Standard five-field cron instead (0 and 7 are Sunday).": "改用标准五段式 cron(0 和 7 为星期日)。",
    "A task on the last working day before each public holiday.": "每个法定节假日前最后一个工作日一个任务。",
    "Role that may record the tasks.": "可记录任务的角色。",
    "The person who does the tasks.": "执行任务的人。",
    "First day (default today).": "第一天(默认今天)。",
    "Hours after a period's end before 漏检.": "周期结束后多少小时记为漏检。",
    "Daily on working days only (Chinese calendar, 调休 included).": "仅工作日每日(中国日历, 含调休)。",
    "Plans from the risk register: one plan per risk point and control level that checks it.":
        "按风险清单生成计划: 每个风险点、每个检查它的管控层级一个计划。",
    "The point's grade decides the levels and how often (rules file [schedule.generate.by_grade]: 重大 公司级 monthly, 车间级 weekly, 班组级 daily, 岗位级 every shift; 较大 from 车间级; 一般 from 班组级; 低 岗位级 daily), and its 管控层级 and every level below check it too. Each plan walks the point's 隐患排查 measures, assigned to that level's unit and role ([schedule.generate.roles]). Re-running adds new measures and updates what a re-grade changed (a re-assessed point is re-planned at once); it never duplicates a checklist, item or plan.":
        "风险点的等级决定层级和频次(规则文件 [schedule.generate.by_grade]: 重大 公司级每月、车间级每周、班组级每日、岗位级每班; 较大 自车间级起; 一般 自班组级起; 低 岗位级每日), 其管控层级及以下各层级都要检查。每个计划检查该风险点的隐患排查类措施, 分派给该层级的单位和角色([schedule.generate.roles])。重复运行会加入新措施并更新重新分级带来的变化(重新评价的风险点立即调整计划); 不会重复生成清单、排查项或计划。",
    "Only risk points of this org unit and its subtree.": "仅此组织单位及其下级的风险点。",
    "List the inspection plans in your scope.": "列出您管辖范围内的排查计划。",
    "A plan and its latest tasks.": "排查计划及其最近的任务。",
    "Why the plan ends (kept in its history).": "计划停用的原因(记入其历史)。",
    "Retire a control measure (officer, admin): it leaves the point and its check items; the national export "
    "sends it as deleted; its hazards and history stay.":
        "停用一条管控措施(安全管理员、管理员): 它从风险点及其排查项中移除; 国家数据接口将其作为已删除上报; 其隐患与历史保留。",
    "Why the measure ends (kept in the point's history).": "措施停用的原因(记入风险点的历史)。",
    "Retire a risk point (officer, admin), e.g. a unit torn down: it leaves the risk list, the matrix and "
    "checklists, its generated plans are retired, the national export sends it as deleted; `risk list --all` "
    "still shows it. Refused while hazards linked to it are open.":
        "停用一个风险点(安全管理员、管理员), 如装置已拆除: 它从风险清单、四色图和排查清单中移除, 由它生成的排查计划随之停用, "
        "国家数据接口将其作为已删除上报; `risk list --all` 仍显示它。关联隐患未闭环时拒绝。",
    "Why the point ends (kept in its history).": "风险点停用的原因(记入其历史)。",
    "Retired points too, marked 〔已停用〕.": "同时列出已停用的风险点, 标注〔已停用〕。",
    "Correct a checklist (officer, admin): rename it, add items, drop items. To reword an item, drop it and "
    "add the new wording.": "更正排查清单(安全管理员、管理员): 改名、增加排查项、停用排查项。要改写一项, 先停用它再添加新的表述。",
    "A new name.": "新名称。",
    "Add a check item (repeatable).": "增加一个排查项(可重复)。",
    "Drop item number N (repeatable); tasks made before keep it with their results.":
        "停用第 N 项(可重复); 之前生成的任务保留该项及其结果。",
    "Why (kept in the checklist's history).": "原因(记入清单的历史)。",
    "Correct a plan (officer, admin): name, cadence, role, assignee, grace. Tasks already made stay as they "
    "were made; a new cadence makes tasks from tomorrow's period on.":
        "更正排查计划(安全管理员、管理员): 名称、周期、角色、执行人、宽限时间。已生成的任务保持原样; 新周期从明天所在的周期起生成任务。",
    "Why (kept in the plan's history).": "原因(记入计划的历史)。",
    "Why the checklist ends (kept in its history).": "清单停用的原因(记入其历史)。",
    "Retire a checklist: no new plan uses it; the plans and tasks that use it stay.":
        "停用清单: 新计划不再使用它; 已使用它的计划和任务保留。",
    "Retire a plan: it makes no new tasks; the tasks it made and its history stay.":
        "停用计划: 不再生成新任务; 已生成的任务及其历史保留。",
    "Pause a plan: no new tasks until it is resumed.": "暂停计划: 恢复前不再生成任务。",
    "Resume a plan from the current period (paused periods are not made up).": "从当前周期恢复计划(暂停期间的周期不补)。",
    # inspect
    "Inspection tasks (排查任务): what is due, record results, 漏检.": "排查任务: 待办、记录结果、漏检。",
    "Open tasks in your scope whose window has started, oldest first (a day's later rounds and shifts show once they start; each row has its start and end).":
        "您管辖范围内时段已开始的待排查任务, 最早的在前(当天后面的巡检和班次到点才显示; 每行有开始和结束时间)。",
    "Only tasks you are meant to do.": "仅应由您执行的任务。",
    "Record results; a failed item becomes a hazard (发现) linked to the task and its risk.":
        "记录结果; 不符合的排查项成为隐患(发现), 关联到任务及其风险点。",
    "N=ok|fail|na (正常|发现隐患|不适用) (repeatable).": "N=ok|fail|na(正常|发现隐患|不适用)(可重复)。",
    "N=TEXT: a remark on item N.": "N=TEXT: 第 N 项的备注。",
    "N=FILE: a photo of item N.": "N=FILE: 第 N 项的照片。",
    "N=MEASURES: failed item N was fixed on the spot (立查立改).": "N=MEASURES: 不符合的第 N 项已立查立改。",
    "A task with its numbered items and their results.": "排查任务及其编号的排查项和结果。",
    "漏检: tasks whose period ended without a complete record.": "漏检: 周期结束仍未完整记录的任务。",
    "Only periods ending on or after DATE.": "仅在 DATE 当天或之后结束的周期。",
    # tick
    "Generate due tasks, mark missed ones (漏检), run the escalation sweep; safe to repeat.":
        "生成到期任务、标记漏检、运行督办升级; 可重复运行。",
    "Tasks are generated tick_chunk_days (31) at a time, each chunk committed; more than catch_up_days since the oldest plan's last period is refused unless --catch-up, which shows a progress bar on a terminal.":
        "任务每次生成 tick_chunk_days(31)天, 每段提交一次; 自最早计划的上个周期起超过 catch_up_days 的会被拒绝, 除非加 --catch-up(在终端上显示进度条)。",
    "Work through more than catch_up_days (rules file, default 400) of missed periods, in chunks.":
        "补做超过 catch_up_days(规则文件, 默认 400)的漏掉周期, 分段进行。",
    # scheduler
    "The scheduler daemon.": "定时调度守护进程。",
    "Run `tick`, then `notify send`, on a timer until SIGTERM or Ctrl-C.":
        "定时运行 `tick` 和 `notify send`, 直到 SIGTERM 或 Ctrl-C。",
    "Seconds between ticks (default: tick_seconds of the rules).": "两次 tick 之间的秒数(默认: 规则的 tick_seconds)。",
    # calendar
    "The working-day calendar (chinese-calendar, admin entries, provisional years).":
        "工作日日历(chinese-calendar、管理员录入、临时推算的年份)。",
    "Enter a day of the State Council's holiday notice (admin).": "录入国务院放假通知中的一天(管理员)。",
    "A public holiday (e.g. 春节).": "法定节假日(例如 春节)。",
    "An adjusted working day (调休上班).": "调休上班日。",
    "Which coming years the calendar knows, and which are provisional.": "日历已知未来哪些年份, 哪些是临时推算的。",
    # supervise
    "挂牌督办: listed supervision of hazards and its write-off (核销).": "挂牌督办: 隐患的挂牌督办及其核销。",
    "挂牌督办清单: listed hazards with level, listing, deadline and days left or overdue.":
        "挂牌督办清单: 挂牌隐患及其级别、挂牌、期限、剩余或逾期天数。",
    "enterprise|county|city|province (企业级/县级/市级/省级).": "enterprise|county|city|province(企业级/县级/市级/省级)。",
    "listed|writeoff_requested|written_off (default: the active ones).":
        "listed|writeoff_requested|written_off(默认: 进行中的)。",
    "List a hazard for 挂牌督办 (supervisor); a regulator's listing needs --authority and --doc-no.":
        "将隐患挂牌督办(主管); 监管部门挂牌需 --authority 和 --doc-no。",
    "督办期限.": "督办期限。",
    "Why it is listed.": "挂牌原因。",
    "申请核销: ask for the write-off once the rectification is submitted (owner or officer).":
        "申请核销: 整改提交后申请核销(整改责任人或安全员)。",
    "核销通过: the supervision ends and the hazard may be closed (supervisor at the listing level).":
        "核销通过: 督办结束, 隐患可以销号(挂牌级别的主管)。",
    "核销不通过: back to listed, with the reason (supervisor at the listing level).":
        "核销不通过: 退回挂牌中, 附原因(挂牌级别的主管)。",
    "Why the write-off is refused.": "不予核销的原因。",
    # escalation
    "The escalation ladder of overdue hazards.": "逾期隐患的督办升级阶梯。",
    "The ladder in force: when each step fires, whom it notifies, what it does.": "现行阶梯: 每一步何时触发、通知谁、做什么。",
    "table (default), md, csv, json.": "table(默认)、md、csv、json。",
    # notify
    "Notifications: where they go (routes) and the outbox.": "通知: 发往何处(渠道)及发件箱。",
    "Where notifications for an org unit or a person go.": "某组织单位或某人的通知发往何处。",
    "Add a route (admin or supervisor).": "添加通知渠道(管理员或主管)。",
    "An org unit (covers its whole subtree).": "组织单位(含其全部下级)。",
    "One person.": "某个人。",
    "POST each notification to this URL.": "将每条通知 POST 到此 URL。",
    "Webhook body: generic JSON, 企业微信 or 钉钉 group robot.": "Webhook 内容: 通用 JSON、企业微信或钉钉群机器人。",
    "Or send each notification by e-mail (SMTP).": "或以电子邮件(SMTP)发送每条通知。",
    "The routes of your enterprise, their URLs' secrets masked (admins only).":
        "本企业的通知渠道, URL 中的密钥已遮盖(仅管理员)。",
    "The outbox in your scope, newest first: recipient, channel, state, attempts, last error.":
        "您管辖范围内的发件箱, 最新在前: 接收人、渠道、状态、尝试次数、最近错误。",
    "Only what is not delivered yet.": "仅尚未送达的。",
    "Deliver what is due in the outbox; failures are retried later with a growing wait.":
        "发送发件箱中到期的通知; 失败的稍后重试, 间隔逐渐加长。",
    # report
    "Reports for supervisors and regulators.": "供主管和监管部门使用的报表。",
    "逾期隐患清单: open hazards past their deadline, most overdue first.": "逾期隐患清单: 超过整改期限的未销号隐患, 逾期最久的在前。",
    "隐患台账: every hazard with its treatment, deadlines, extensions, overdue days and closing.":
        "隐患台账: 每个隐患的治理类型、期限、延期、逾期天数和销号情况。",
    "Only hazards found on or after DATE.": "仅 DATE 当天或之后发现的隐患。",
    "Only hazards found on or before DATE.": "仅 DATE 当天或之前发现的隐患。",
    "排查完成情况: per org unit and plan, tasks due, done, done late, missed, rate, hazards found.":
        "排查完成情况: 按组织单位和计划统计应查、按期完成、补检完成、漏检、完成率、发现隐患。",
    "First period start (default: the 1st of this month).": "第一个周期开始日(默认: 本月1日)。",
    "Last period start (default: today).": "最后一个周期开始日(默认: 今天)。",
    "举报登记: every 举报 with how it was taken, the fine, the suggested and the paid reward.":
        "举报登记: 每条举报的受理方式、罚款、建议奖励和已发奖励。",
    "The reporter and the contact appear for supervisors only (安全生产法 Art 76).": "举报人及联系方式仅主管可见(安全生产法第七十六条)。",
    # audit
    "The audit trail (hash-chained per enterprise), anchors signed outside the database.":
        "审计记录(按企业哈希链接), 锚点在数据库之外签名。",
    "Make the Ed25519 key pair that signs anchors; an existing key is never overwritten.":
        "生成为锚点签名的 Ed25519 密钥对; 已有密钥绝不覆盖。",
    "Keep the private key away from the database's owner; give the .pub to whoever verifies.":
        "私钥不要交给数据库的所有者; 把 .pub 交给核验的人。",
    "Where the private key goes (default: audit-anchor.key in the configuration directory); the public key is written beside it as PATH.pub.":
        "私钥存放位置(默认: 配置目录中的 audit-anchor.key); 公钥写在旁边, 为 PATH.pub。",
    "Sign a statement of every chain's head and record it in every chain (admins).":
        "签署一份包含每条链头部的声明, 并记入每条链(管理员)。",
    "Send the statement somewhere the database's owner cannot reach (e-mail to the 主要负责人 or to the regulator); `audit verify --anchors` later proves the history before it was not rewritten.":
        "把声明发到数据库所有者够不到的地方(发邮件给主要负责人或监管部门); 之后 `audit verify --anchors` 可证明此前的历史未被改写。",
    "The private key (default: the one `audit keygen` made).": "私钥(默认: `audit keygen` 生成的)。",
    "Write the signed statement to FILE (default: stdout).": "将签名声明写入 FILE(默认: 标准输出)。",
    "Check every audit chain, the anchors and the replay; exit 1 naming the first discrepancy.":
        "核验每条审计链、锚点和重放; 出现第一处不符时以退出码 1 指明。",
    "The replay rebuilds every hazard, 挂牌督办, task and risk point from its events: a row changed, added or deleted outside the program is named. Chains are checked one at a time, each in a short read of its own enterprise, so a district's register never holds one long transaction; a terminal shows the progress.":
        "重放根据事件重建每个隐患、挂牌督办、任务和风险点: 在程序之外被修改、添加或删除的行会被指出。各条链逐一核验, 每条在其企业的一次短读取中完成, 区域登记库不会长时间占用一个事务; 终端上显示进度。",
    "Check only this enterprise's chain (name or id; repeatable). Default: every chain.":
        "只核验此企业的链(名称或编号; 可重复)。默认: 全部链。",
    "Check chains in this many processes at once.": "同时用这么多个进程核验各条链。",
    "A signed anchor (repeatable): each anchored head must still be in its chain.":
        "已签名的锚点(可重复): 每个锚定的链头必须仍在链中。",
    "The anchors' public key (default: the .pub beside the default signing key).":
        "锚点的公钥(默认: 默认签名密钥旁的 .pub)。",
    # workflow
    "The state machines as the engine runs them.": "引擎运行的状态机。",
    "The hazard lifecycle: states, triggers, guards and who may fire them; then the inspection task's (排查任务), with its windows: days, rounds every N hours, shifts.":
        "隐患生命周期: 状态、触发、守卫条件及谁可触发; 然后是排查任务的, 及其时段: 按日、每 N 小时巡检、班次。",
    "text for reading, mermaid for a stateDiagram to paste into Markdown.":
        "text 用于阅读, mermaid 输出可粘贴到 Markdown 的 stateDiagram。",
    # db
    "Back up, restore and check the register.": "备份、恢复和检查登记库。",
    "Write a consistent backup of the register to FILE (a new file; others may keep working).":
        "将登记库的一致备份写入 FILE(新文件; 其他人可继续工作)。",
    "SQLite: the online backup API. PostgreSQL: pg_dump -Fc (the client tools must be on PATH). The attachment store is a folder of files named by their hash: copy it as it is.":
        "SQLite: 在线备份 API。PostgreSQL: pg_dump -Fc(客户端工具须在 PATH 中)。附件库是按哈希命名的文件目录: 原样复制即可。",
    "Replace the SQLite register with the backup FILE, keeping the replaced one beside it.":
        "用备份 FILE 替换 SQLite 登记库, 被替换的保留在旁边。",
    "Refused when the register holds events the backup lacks, unless --force. The result's audit chains are verified. On PostgreSQL use pg_restore.":
        "登记库中有备份没有的事件时拒绝, 除非 --force。恢复结果的审计链会被核验。PostgreSQL 上请用 pg_restore。",
    "Restore even if the register holds events the backup lacks (it is kept aside).":
        "即使登记库中有备份没有的事件也恢复(原库保留在旁边)。",
    "Check the register: integrity, schema revision, audit chains, orphan rows, notifications stuck in sending, duplicated tasks and ladder steps. Exit 1 on any finding.":
        "检查登记库: 完整性、结构版本、审计链、孤立行、卡在发送中的通知、重复的任务和阶梯步骤。有任何发现时退出码为 1。",
    # enterprise (the 一企一档 basics)
    "The enterprise profile: registered name, 统一社会信用代码, 危化品登记 code, 主要负责人.":
        "企业档案: 登记名称、统一社会信用代码、危化品登记企业编码、主要负责人。",
    "Set the profile of ORG's enterprise (admin). Options left out keep their value.":
        "设置 ORG 所属企业的档案(管理员)。未给出的选项保持原值。",
    "统一社会信用代码: 18 characters, checked by its GB 32100-2015 check character.":
        "统一社会信用代码: 18 位, 按 GB 32100-2015 校验码核验。",
    "The name on the business licence (default for a new profile: the org unit's name).":
        "营业执照上的名称(新建档案时默认: 组织单位名称)。",
    "行业, e.g. 危险化学品生产.": "行业, 例如 危险化学品生产。",
    "注册地址.": "注册地址。",
    "法定代表人.": "法定代表人。",
    "主要负责人: a person of the enterprise (signs the reports).": "主要负责人: 本企业人员(在报表上签字)。",
    "The 9-digit enterprise code of the 危化品登记 system (the national companyCode).":
        "危化品登记系统的 9 位企业编码(国家接口的 companyCode)。",
    "联系电话.": "联系电话。",
    "Show the profile of ORG's enterprise (default: your own).": "显示 ORG 所属企业的档案(默认: 您所在的企业)。",
    # export national
    "Data for others: the national 双重预防 data exchange.": "对外数据: 国家双重预防数据交换。",
    "Build, validate and send the national data sets in the platform's order: 风险分析单元 → 风险事件 → "
    "管控措施 → 排查任务 → 排查记录 → 隐患 (admin, officer).":
        "按平台要求的顺序生成、校验并发送国家数据集: 风险分析单元 → 风险事件 → 管控措施 → 排查任务 → 排查记录 → 隐患"
        "(管理员、安全员)。",
    "Every record is checked against the shipped JSON Schema; one that fails names its row and field and is "
    "not sent. Without --out or --push it only checks. Exit 1 when a record was not sent; the next run sends "
    "it again.":
        "每条记录都按随程序提供的 JSON Schema 校验; 未通过的记录指明其所在行和字段, 不发送。不给 --out 或 --push "
        "时只做校验。有记录未发送时退出码为 1; 下次运行会重新发送。",
    "Changes since TIME (default: the start of the last complete batch of the same kind).":
        "自 TIME 起的变更(默认: 同类最近一个完整批次的开始时间)。",
    "Write one JSON file per data set into DIR.": "每个数据集写一个 JSON 文件到 DIR。",
    "POST each data set to URL/<data set> (needs --key-file).": "把每个数据集 POST 到 URL/<数据集>(需要 --key-file)。",
    "The platform's 16-character AES key (never printed).": "平台的 16 位 AES 密钥(从不打印)。",
    "The enterprise to export (default: yours).": "要导出的企业(默认: 您所在的企业)。",
}

# --- error messages (and click's framing of them) ------------------------------------------------
ERRORS: dict[str, str] = {
    # click's framing; the {message} inside is translated too
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效: {message}",
    "Invalid value: {message}": "值无效: {message}",
    "Missing option {param_hint}.": "缺少选项 {param_hint}。",
    "Missing argument {param_hint}.": "缺少参数 {param_hint}。",
    "Missing parameter {param_hint}.": "缺少参数 {param_hint}。",
    "Missing option {param_hint}. {extra}": "缺少选项 {param_hint}。{extra}",
    "Missing argument {param_hint}. {extra}": "缺少参数 {param_hint}。{extra}",
    "Choose from:\n\t{choices}": "可选:\n\t{choices}",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such option {name!r}. Did you mean {possibility}?": "没有选项 {name!r}。是否要用 {possibility}?",
    "No such option {name!r}. (Did you mean one of: {possibilities}?)":
        "没有选项 {name!r}。(是否要用其中之一: {possibilities}?)",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个值。",
    "Option {name!r} does not take a value.": "选项 {name!r} 不带值。",
    "Got unexpected extra argument ({args})": "多余的参数 ({args})",
    "Got unexpected extra arguments ({args})": "多余的参数 ({args})",
    "Missing command.": "缺少命令。",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不是以下之一: {choices}。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} 不是布尔值。可用: {states}",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是目录。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 不可写。",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}: {message}",
    "integer range": "整数范围",
    "integer": "整数",
    "float": "数字",
    "file": "文件",
    "directory": "目录",
    "path": "路径",
    "File": "文件",
    "Directory": "目录",
    "Path": "路径",
    # what is looked up (hazards/access.py, hazards/labels.py)
    "unknown {what} {text!r}; use one of: {allowed}": "未知的{what} {text!r}; 可用: {allowed}",
    "no hazard {code} in your scope: see `dualprev hazard list`":
        "您的管辖范围内没有隐患 {code}: 见 `dualprev hazard list`",
    # the program's edge (cli.py)
    "is empty: give a login, e.g. --as wang": "为空: 请给出账号, 例如 --as wang",
    "standard output is closed. Run the command with it open (`> /dev/null` discards what it prints)":
        "标准输出已关闭。请在标准输出打开时运行 (`> /dev/null` 可丢弃输出)",
    "internal error {type(exc).__name__}: {printable(first)} (run with --traceback for details)":
        "内部错误 {type(exc).__name__}: {printable(first)} (加 --traceback 查看详情)",
    "no space left on the disk ({exc.filename or 'writing'}): free some space and try again":
        "磁盘空间不足 ({exc.filename or 'writing'}): 请清理空间后重试",
    "{exc.strerror or exc}: {exc.filename or ''}. Check the path and that you may use it":
        "{exc.strerror or exc}: {exc.filename or ''}。请检查路径及访问权限",
    # hazards/access.py
    "unknown user {login!r}: use --as LOGIN, or ask an admin to `dualprev person add` you":
        "未知用户 {login!r}: 请用 --as LOGIN, 或请管理员用 `dualprev person add` 添加您",
    "{login} is deactivated: ask an admin": "{login} 已停用: 请联系管理员",
    "{actor.login} may not {action}: it needs the role {' or '.join(roles)}":
        "{actor.login} 无权{action}: 需要角色 {' or '.join(roles)}",
    "{actor.login} may not {action} there: the org unit is outside their scope":
        "{actor.login} 无权在该处{action}: 该组织单位不在其管辖范围内",
    "no org unit {ref!r} in your scope: see `dualprev org list`":
        "您的管辖范围内没有组织单位 {ref!r}: 见 `dualprev org list`",
    "org unit name {ref!r} is ambiguous (ids {ids}): give the id instead":
        "组织单位名称 {ref!r} 不唯一(编号 {ids}): 请改用编号",
    "no inspection task {task_id} in your scope: see `dualprev inspect due`":
        "您的管辖范围内没有排查任务 {task_id}: 见 `dualprev inspect due`",
    "you are connected as {row['role']!r} (person {row['me']}): --as {login} is refused; only the operator role may act as another person":
        "您以 {row['role']!r} 连接(人员 {row['me']}): 拒绝 --as {login}; 只有运维角色可以代他人操作",
    "{code} exists in several enterprises: act as a person of one of them": "{code} 存在于多个企业: 请以其中一个企业的人员身份操作",
    "the database role {row['role']!r} is no active person of this register: ask an admin to `dualprev person add LOGIN --db-role {row['role']}`":
        "数据库角色 {row['role']!r} 不是本登记库的在职人员: 请管理员运行 `dualprev person add LOGIN --db-role {row['role']}`",
    # hazards/anchor.py
    "{path} is not an Ed25519 key: make one with `dualprev audit keygen`":
        "{path} 不是 Ed25519 密钥: 请用 `dualprev audit keygen` 生成",
    "{path} is not an Ed25519 public key": "{path} 不是 Ed25519 公钥",
    "{path} is not a dualprev anchor ({FORMAT})": "{path} 不是 dualprev 锚点({FORMAT})",
    "{existing} already exists: a key is never overwritten (move it away first, or give another --out)":
        "{existing} 已存在: 密钥绝不覆盖(先移走, 或另给 --out)",
    "{path} already exists: a key is never overwritten": "{path} 已存在: 密钥绝不覆盖",
    "no signing key at {path}: make one with `dualprev audit keygen`":
        "{path} 处没有签名密钥: 请用 `dualprev audit keygen` 生成",
    "{path} is not an unencrypted PEM private key ({exc})": "{path} 不是未加密的 PEM 私钥({exc})",
    "no public key at {path}: give --pubkey FILE (the .pub of the signing key)":
        "{path} 处没有公钥: 请给出 --pubkey FILE(签名密钥的 .pub)",
    "{path} is not a PEM public key ({exc})": "{path} 不是 PEM 公钥({exc})",
    "cannot write the anchor to {target}: {exc.strerror}": "无法把锚点写入 {target}: {exc.strerror}",
    "no anchor file {path}": "没有锚点文件 {path}",
    "anchor {path} is not JSON ({exc})": "锚点 {path} 不是 JSON({exc})",
    # hazards/attachments.py
    "{where} is a file, not a folder: point it at a folder": "{where} 是文件而不是文件夹: 请指向一个文件夹",
    "{where}: its parent folder {folder.parent} does not exist: create it or point DUALPREV_FILES at an existing folder":
        "{where}: 其上级文件夹 {folder.parent} 不存在: 请创建它, 或将 DUALPREV_FILES 指向已有文件夹",
    "photo/file {p!r} is not a regular file (a device, FIFO, folder or system file): give a photo or a document":
        "照片/文件 {p!r} 不是普通文件(设备、FIFO、文件夹或系统文件): 请给出照片或文档",
    "photo/file {p!r} is empty: give the photo itself": "照片/文件 {p!r} 是空的: 请给出照片本身",
    "photo/file {p!r} is {st.st_size / 1048576:.1f} MB: at most {settings['max_mb']} MB (attachments.max_mb of the rules)":
        "照片/文件 {p!r} 有 {st.st_size / 1048576:.1f} MB: 最多 {settings['max_mb']} MB(规则的 attachments.max_mb)",
    "photo/file {p!r} does not exist or is not a file": "照片/文件 {p!r} 不存在或不是文件",
    "photo/file {p!r} is not {'/'.join(settings['types'])} by its content: give a photo or a PDF (attachments.types of the rules)":
        "按内容判断照片/文件 {p!r} 不是 {'/'.join(settings['types'])}: 请给出照片或 PDF(规则的 attachments.types)",
    "photo/file {p!r} grew past {settings['max_mb']} MB while read":
        "照片/文件 {p!r} 在读取时增大到超过 {settings['max_mb']} MB",
    # hazards/audit.py
    "enterprise {enterprise_id} has no audit chain; run `dualprev init`":
        "企业 {enterprise_id} 没有审计链; 请运行 `dualprev init`",
    "another writer moved the audit chain at the same time: try again": "另一写入者同时移动了审计链: 请重试",
    # hazards/commands/db.py
    "restored {r['file']} from {file}{kept}, but its audit chain is broken in enterprise {a['enterprise_id']} at seq {a['seq']}: {a['problem']}":
        "已从 {file}{kept} 恢复 {r['file']}, 但其审计链在企业 {a['enterprise_id']} 的第 {a['seq']} 条断开: {a['problem']}",
    "db check found {r['findings']} problems ({bad}): see above":
        "db check 发现 {r['findings']} 个问题({bad}): 见上文",
    # hazards/commands/options.py
    "{value!r} is not N=VALUE with N an item number from 1 (e.g. 2=fail)":
        "{value!r} 不是 N=VALUE 格式, N 为从 1 起的排查项序号(例如 2=fail)",
    "item {n} is given twice": "第 {n} 项给了两次",
    "{value!r} is no file name: give a file name": "{value!r} 不是文件名: 请给出文件名",
    "{value!r} is not a date like 2026-12-31": "{value!r} 不是日期, 格式如 2026-12-31",
    "Option '{_flag(param)}' is given twice: give it once.": "选项 '{_flag(param)}' 给了两次: 请只给一次。",
    "{flags} cannot be used together: give one of them.": "{flags} 不能同时使用: 请只给其中一个。",
    # hazards/commands/person.py
    "--password-file and --no-password go with --db-login": "--password-file 和 --no-password 须配合 --db-login",
    "give --password-file or --no-password, not both": "请给出 --password-file 或 --no-password, 不要两者都给",
    "the first line of the file is empty": "文件第一行为空",
    "{path} is larger than {limit} bytes: give the file meant": "{path} 大于 {limit} 字节: 请给出应给的文件",
    "the first line of the file is not a password": "文件第一行不是密码",
    # hazards/commands/report.py
    "{found_from} is after --to {found_to}": "{found_from} 晚于 --to {found_to}",
    # hazards/config.py
    "the rules file {path}: {key} {problem}": "规则文件 {path}: {key} {problem}",
    "{what} {text!r} is outside the years {INSTANTS[0].year}-{INSTANTS[1].year - 1}: give a time in that range":
        "{what} {text!r} 不在 {INSTANTS[0].year}-{INSTANTS[1].year - 1} 年之间: 请给出此范围内的时间",
    "the escalation ladder names a step twice: {names}": "督办升级阶梯中有重复的步骤: {names}",
    "{what} {text!r} is not an ISO-8601 date or timestamp (e.g. 2026-03-01T09:30)":
        "{what} {text!r} 不是 ISO-8601 日期或时间(例如 2026-03-01T09:30)",
    "DUALPREV_PARTITIONS {value!r} is not a number: give e.g. 16, or unset it":
        "DUALPREV_PARTITIONS {value!r} 不是数字: 请给出如 16, 或取消该变量",
    "--partitions is for PostgreSQL: a SQLite file holds one enterprise":
        "--partitions 仅用于 PostgreSQL: 一个 SQLite 文件只存一家企业",
    "--partitions must be between 1 and {MAX_PARTITIONS}, not {partitions}":
        "--partitions 须在 1 到 {MAX_PARTITIONS} 之间, 而不是 {partitions}",
    "{stray} row(s) of {table} point through {column} at a {ref} of another enterprise; fix them before upgrading":
        "{table} 有 {stray} 行经 {column} 指向另一企业的 {ref}; 请先改正再升级",
    "a register partitioned by enterprise cannot go below revision 0019: its partitioned tables need keys that carry enterprise_id":
        "按企业分区的登记库不能降到 0019 以下: 其分区表的键必须包含 enterprise_id",
    "DUALPREV_NOW {fixed!r} is before 2000: unset it or give a time from 2000 to 2099":
        "DUALPREV_NOW {fixed!r} 早于 2000 年: 请取消设置, 或给出 2000 至 2099 年的时间",
    "ladder step {s['step']!r} needs whole `days` relative to the deadline":
        "阶梯步骤 {s['step']!r} 需要相对整改期限的整数天数 `days`",
    "ladder step {s['step']!r} notifies {s['notify']}: use owner, supervisor":
        "阶梯步骤 {s['step']!r} 通知 {s['notify']}: 请用 owner、supervisor",
    "cannot read the rules file {path}: {' '.join(str(exc).split())}":
        "无法读取规则文件 {path}: {' '.join(str(exc).split())}",
    "{where} is empty: give a database URL such as sqlite:///register.db, or leave it out for the default file":
        "{where} 为空: 请给出数据库地址, 如 sqlite:///register.db, 或不给以使用默认文件",
    "ladder step {s['step']!r}: {key} = {s[key]!r} is not a level":
        "阶梯步骤 {s['step']!r}: {key} = {s[key]!r} 不是级别",
    # hazards/criteria.py
    "unknown category {value!r}; use one of: {_choices()} (16号令 Art 3; 环境 from GB/T 13861-2022)":
        "未知的隐患类别 {value!r}; 可用: {_choices()}(16号令第三条; 环境 取自 GB/T 13861-2022)",
    "--basis {value!r} is not a clause of the 判定标准 (e.g. {example}; see `dualprev hazard criteria`) nor free text marked {marks[0]!r}":
        "--basis {value!r} 不是判定标准的条款(例如 {example}; 见 `dualprev hazard criteria`), 也不是以 {marks[0]!r} 标明的自由文本",
    "--gb-code needs the category it belongs to: give --category 人|物|管理|环境":
        "--gb-code 需要其所属类别: 请给出 --category 人|物|管理|环境",
    "--gb-code {code!r} is not a GB/T 13861-2022 code: digits, e.g. 2, 2.1 or 210101":
        "--gb-code {code!r} 不是 GB/T 13861-2022 代码: 应为数字, 例如 2、2.1 或 210101",
    "--gb-code {given} is not a code of {label(CATEGORIES, category)}: its codes in GB/T 13861-2022 begin with {top}":
        "--gb-code {given} 不是 {label(CATEGORIES, category)} 的代码: 其在 GB/T 13861-2022 中的代码以 {top} 开头",
    "--basis {value!r}: say which rule makes it 重大 after {mark!r}":
        "--basis {value!r}: 请在 {mark!r} 之后说明依据哪条规定判定为重大",
    # hazards/db.py
    "{parsed.drivername}:// is not a database dualprev works with: use sqlite:///FILE or postgresql+psycopg://user@host/dbname":
        "{parsed.drivername}:// 不是 dualprev 支持的数据库: 请用 sqlite:///FILE 或 postgresql+psycopg://user@host/dbname",
    "--output {path} is inside the register's attachment store {store}: write the report to another folder":
        "--output {path} 位于登记库的附件库 {store} 中: 请把报表写到其他文件夹",
    "--output {path} is the register's own database file: write the report to another file":
        "--output {path} 是登记库自己的数据库文件: 请把报表写到其他文件",
    "no register at {self.sqlite_path}: run `dualprev init` first":
        "{self.sqlite_path} 处没有登记库: 请先运行 `dualprev init`",
    "the register {self.sqlite_path} is opened read-only (?mode=ro): leave out ?mode=ro to change it":
        "登记库 {self.sqlite_path} 以只读方式打开(?mode=ro): 去掉 ?mode=ro 才能修改",
    "the change collides with another one made at the same time: {getattr(exc, 'orig', exc)}":
        "此修改与同时进行的另一修改冲突: {getattr(exc, 'orig', exc)}",
    "{url!r} is not a database URL: use e.g. sqlite:///register.db or postgresql+psycopg://user@host/dbname":
        "{url!r} 不是数据库地址: 请用如 sqlite:///register.db 或 postgresql+psycopg://user@host/dbname",
    "no driver for {parsed.drivername}:// ({exc}): use sqlite:///FILE or postgresql+psycopg://user@host/dbname":
        "没有 {parsed.drivername}:// 的驱动({exc}): 请用 sqlite:///FILE 或 postgresql+psycopg://user@host/dbname",
    "the register has {len(broken)} rows pointing at rows that do not exist (first: {table} row {rowid} -> {parent}): repair them, then run init again; nothing was changed":
        "登记库中有 {len(broken)} 行指向不存在的行(第一行: {table} 第 {rowid} 行 -> {parent}): 请修复后再运行 init; 未做任何修改",
    "the database is full (no space left on its disk): free some space and try again; nothing was changed":
        "数据库已满(所在磁盘没有空间): 请清理空间后重试; 未做任何修改",
    "the database may be read but not written ({first}): ask for write access to it and its folder (reports can read it with ?mode=ro)":
        "数据库可读不可写({first}): 请申请对它及其文件夹的写权限(报表可用 ?mode=ro 读取)",
    "a value does not fit the database ({first}): give a shorter text or a smaller number":
        "有值超出数据库的容量({first}): 请给出更短的文字或更小的数字",
    "the database has no register yet: run `dualprev init` first": "数据库中还没有登记库: 请先运行 `dualprev init`",
    "the database is busy with another writer: try again": "数据库正被另一写入者占用: 请重试",
    "cannot open the database: {first}. Check the URL (--db, DUALPREV_DB) and that the server is up":
        "无法打开数据库: {first}。请检查地址(--db、DUALPREV_DB)以及服务器是否运行",
    # hazards/enforce.py
    "database role {role!r}: only the operator role (with CREATEROLE) may create or change database logins":
        "数据库角色 {role!r}: 只有运维角色(具有 CREATEROLE)可以创建或修改数据库登录",
    "database role {role!r} exists already: give --db-role {role} without --db-login":
        "数据库角色 {role!r} 已存在: 请给出 --db-role {role}, 不加 --db-login",
    # hazards/grading.py
    "{option} {text!r} needs {count} numbers separated by commas, e.g. {option} {example}":
        "{option} {text!r} 需要 {count} 个以逗号分隔的数字, 例如 {option} {example}",
    "the rules file names LS variant {name!r}: use one of {', '.join(section['variants'])}":
        "规则文件指定的 LS 变体 {name!r} 不存在: 请用 {', '.join(section['variants'])} 之一",
    "give exactly one of --lec L,E,C (e.g. 6,6,15) and --ls L,S (e.g. 4,5)":
        "请只给出 --lec L,E,C(例如 6,6,15)和 --ls L,S(例如 4,5)之一",
    "--lec {name}={number(value)} is not a value of the LEC table: use one of {allowed}":
        "--lec {name}={number(value)} 不是 LEC 表中的取值: 请用 {allowed} 之一",
    "--ls {name}={number(value)} is out of range: L and S are whole numbers 1 to 5":
        "--ls {name}={number(value)} 超出范围: L 和 S 为 1 至 5 的整数",
    "unknown grade {text!r}; use red|orange|yellow|blue (红|橙|黄|蓝) or major|considerable|general|low (重大|较大|一般|低)":
        "未知的风险等级 {text!r}; 请用 red|orange|yellow|blue(红|橙|黄|蓝)或 major|considerable|general|low(重大|较大|一般|低)",
    # hazards/limits.py
    "{option} is blank: give a value, or leave the option out": "{option} 为空白: 请给出值, 或不给此选项",
    "{option} contains the invisible character {_codepoint(bad.group())}: give plain text on one line":
        "{option} 含有不可见字符 {_codepoint(bad.group())}: 请给出单行纯文本",
    "{option} contains the invisible character {_codepoint(bad.group())}: give plain text (new lines are fine)":
        "{option} 含有不可见字符 {_codepoint(bad.group())}: 请给出纯文本(可以换行)",
    "{option} has {len(value):,} characters: at most {limit:,} are kept; shorten it":
        "{option} 有 {len(value):,} 个字符: 最多保存 {limit:,} 个; 请缩短",
    "--found-at {found.date()} is before {EARLIEST_FOUND}: give the day it was found":
        "--found-at {found.date()} 早于 {EARLIEST_FOUND}: 请给出发现当天",
    "--found-at {found.isoformat()} is in the future: give when it was found":
        "--found-at {found.isoformat()} 在将来: 请给出发现时间",
    "{option} {value} is more than {DEADLINE_YEARS} years ahead: give a date up to {last}":
        "{option} {value} 超过 {DEADLINE_YEARS} 年以后: 请给出 {last} 之前的日期",
    "{option + ' ' if option else ''}{value} is outside {first}..{last}: give a date in that range":
        "{option + ' ' if option else ''}{value} 不在 {first}..{last} 之间: 请给出此范围内的日期",
    # hazards/migrate.py
    "the database is at schema revision {revision}, newer than this dualprev knows (it knows up to {known[-1]}): upgrade dualprev before using this register":
        "数据库结构版本为 {revision}, 比本 dualprev 所知的更新(最高 {known[-1]}): 使用此登记库前请升级 dualprev",
    "the database is at schema revision {revision}, older than this dualprev's {known[-1]}: run `dualprev init` to upgrade it (nothing is lost)":
        "数据库结构版本为 {revision}, 比本 dualprev 的 {known[-1]} 旧: 请运行 `dualprev init` 升级(不丢失数据)",
    # hazards/notify.py
    "give exactly one of --org ORG and --person LOGIN": "请只给出 --org ORG 和 --person LOGIN 之一",
    "give exactly one of --webhook URL and --email ADDRESS": "请只给出 --webhook URL 和 --email ADDRESS 之一",
    "--webhook {mask_url(webhook)!r} is not an http(s) URL": "--webhook {mask_url(webhook)!r} 不是 http(s) 地址",
    "--email {email!r} is not an e-mail address": "--email {email!r} 不是电子邮件地址",
    "--style {style!r}: use one of {', '.join(WEBHOOK_STYLES)}":
        "--style {style!r}: 请用 {', '.join(WEBHOOK_STYLES)} 之一",
    "rules file: [notify] lease_seconds = {seconds!r} must be a number of seconds longer than timeout_seconds ({timeout})":
        "规则文件: [notify] lease_seconds = {seconds!r} 须为秒数, 且大于 timeout_seconds({timeout})",
    "{who.login} may not list notification routes: it needs the role admin": "{who.login} 无权列出通知渠道: 需要管理员角色",
    "{person} is outside {who.login}'s scope": "{person} 不在 {who.login} 的管辖范围内",
    # hazards/outputs.py
    "cannot write {path}: {exc.strerror or exc}. Choose a file you may write":
        "无法写入 {path}: {exc.strerror or exc}。请选择您可写的文件",
    "no space left to write {path}: free some disk space or write elsewhere": "没有空间写入 {path}: 请清理磁盘空间或写到别处",
    # hazards/queries/hazard.py
    "no hazard {code}": "没有隐患 {code}",
    # hazards/queries/inspection.py
    "no checklist {checklist_id} in your scope: see `dualprev checklist list`":
        "您的管辖范围内没有排查清单 {checklist_id}: 见 `dualprev checklist list`",
    "no plan {plan_id} in your scope: see `dualprev plan list`":
        "您的管辖范围内没有排查计划 {plan_id}: 见 `dualprev plan list`",
    # hazards/render.py
    "--output {path} is not a regular file: xlsx needs a file name": "--output {path} 不是普通文件: xlsx 需要文件名",
    "template {where}: {exc.message or exc}. Fix your templates in {folder} or remove them":
        "模板 {where}: {exc.message or exc}。请修改 {folder} 中的模板或将其移除",
    "--format xlsx writes a file: add --output FILE.xlsx": "--format xlsx 写入文件: 请加 --output FILE.xlsx",
    # hazards/seed.py
    "--hazards {n}: at most {BULK_MAX:,} synthetic hazards at a time":
        "--hazards {n}: 每次最多 {BULK_MAX:,} 条合成隐患",
    "another writer moved the audit chain during the bulk load: {done} hazards were added; run it again for the rest":
        "批量导入期间另一写入者移动了审计链: 已添加 {done} 条隐患; 再运行一次以完成其余部分",
    # hazards/services/governance.py
    "--funds {funds} is not an amount of money: give the 元 set aside, more than 0":
        "--funds {funds} 不是金额: 请给出安排的经费(元), 大于 0",
    "the 治理方案 of {h.code} was changed meanwhile: look again and retry": "{h.code} 的治理方案在此期间已被修改: 请重新查看后重试",
    # hazards/services/hazard.py
    "--cost {cost} is not an amount of money: give a number of 元, 0 or more":
        "--cost {cost} 不是金额: 请给出元数, 0 或以上",
    "a hazard needs a --title": "隐患需要 --title",
    "--basis names the 判定依据 of a 重大 hazard: report it with --level 重大":
        "--basis 给出的是重大隐患的判定依据: 请用 --level 重大 报告",
    # hazards/services/inspection.py
    "{who.login} may not record task {t.id}: it is for {holder}an {t.role} whose scope covers {t.org}":
        "{who.login} 无权记录任务 {t.id}: 它属于{holder}管辖范围包含 {t.org} 的 {t.role}",
    "say which org unit with --org (you act for the whole database)": "请用 --org 指明组织单位(您代表整个数据库操作)",
    "a checklist needs a name": "排查清单需要名称",
    "--shifts {name}: no such shift pattern; the rules file has {', '.join(table)} ([schedule.shifts])":
        "--shifts {name}: 没有这个班制; 规则文件中有 {', '.join(table)}([schedule.shifts])",
    "give one of {', '.join(given)}: they each set the plan's cadence":
        "请只给出 {', '.join(given)} 之一: 它们都设定计划的周期",
    "--shifts goes with --cadence shift only": "--shifts 只能配合 --cadence shift",
    "--workdays goes with the daily cadence only (working days of the Chinese calendar)":
        "--workdays 只能配合每日周期(中国日历的工作日)",
    "a plan needs a name": "排查计划需要名称",
    "--grace {grace}: give hours after the period's end, 0 or more": "--grace {grace}: 请给出周期结束后的小时数, 0 或以上",
    "--start {start} is more than {window.days} days from today: give a first day closer (schedule.start_window_days of the rules)":
        "--start {start} 距今天超过 {window.days} 天: 请给出更近的第一天(规则的 schedule.start_window_days)",
    "the rules file's {where} = {value!r} is not a cadence: use daily, weekly, monthly, quarterly, yearly, Nh (e.g. 2h), shift or none":
        "规则文件的 {where} = {value!r} 不是周期: 请用 daily、weekly、monthly、quarterly、yearly、Nh(例如 2h)、shift 或 none",
    "record at least one --item N=ok|fail|na": "请至少记录一个 --item N=ok|fail|na",
    "a checklist needs at least one --item TEXT or --from-risk CODE":
        "排查清单至少需要一个 --item TEXT 或 --from-risk CODE",
    "the risk points belong to another enterprise than the checklist's org unit": "这些风险点属于与排查清单的组织单位不同的企业",
    "--cadence {cadence_name}: the hours must divide 24 (1h, 2h, 3h, 4h, 6h, 8h, 12h or 24h)":
        "--cadence {cadence_name}: 小时数须整除 24(1h、2h、3h、4h、6h、8h、12h 或 24h)",
    "no checklist {checklist} in this enterprise: see `dualprev checklist list`":
        "本企业没有排查清单 {checklist}: 见 `dualprev checklist list`",
    "plan {plan_id} is retired: it makes no tasks again; add a new plan": "计划 {plan_id} 已停用: 不再生成任务; 请新建计划",
    "{kind} {rid} is retired already": "{kind} {rid} 已经停用",
    "retiring a {kind} needs a reason (--reason)": "停用 {kind} 需要说明原因(--reason)",
    "{login} is deactivated: name an active person": "{login} 已停用: 请指定在职人员",
    "a file name cannot contain a NUL byte: give the file's path": "文件名不能含 NUL 字节: 请给出文件路径",
    "{unit['name']} is a {unit['kind']}: what it oversees is recorded in the enterprises below it; name a unit of one of them":
        "{unit['name']} 是{unit['kind']}: 其监管的记录都在其下的企业中; 请指定其中某个企业的单位",
    "no enterprise {ref!r} in your scope: see `dualprev org list`": "您的管辖范围内没有企业 {ref!r}: 见 `dualprev org list`",
    "enterprise name {ref!r} is ambiguous: give its id, e.g. {rows[0]['id']}:CODE":
        "企业名 {ref!r} 不唯一: 请用其编号, 如 {rows[0]['id']}:CODE",
    "{code} exists in {len(rows)} enterprises of your scope ({names}): write ENTERPRISE:CODE, e.g. {qualified(ids[0], code)}":
        "{code} 在您管辖范围内的 {len(rows)} 个企业中都存在({names}): 请写 企业:编号, 如 {qualified(ids[0], code)}",
    "--parent {parent}: {unit['name']} is a {unit['kind']}, which stands at the top or under a group or district":
        "--parent {parent}: {unit['name']} 是{unit['kind']}, 只能位于顶层或集团、辖区之下",
    "a {kind} needs --parent: only an enterprise, a group or a district stands alone":
        "{kind} 需要 --parent: 只有企业、集团或辖区可以独立存在",
    "a unit named {name!r} already stands at the top": "顶层已有名为 {name!r} 的单位",
    "{up['name']} is a {up['kind']}: below it stand enterprises, groups or districts (--kind enterprise|group|district)":
        "{up['name']} 是{up['kind']}: 其下只能是企业、集团或辖区(--kind enterprise|group|district)",
    "a {kind} stands at the top or under a group or district, not under {up['name']}":
        "{kind} 只能位于顶层或集团、辖区之下, 不能在 {up['name']} 之下",
    "{who.login} lists for a district, a regulator: give --level county (or city, province) with --authority and --doc-no":
        "{who.login} 代表辖区(监管部门)挂牌: 请给出 --level county(或 city、province)以及 --authority 和 --doc-no",
    "{what} needs a reason (--reason)": "{what}需要说明原因(--reason)",
    "retiring a {kind}": "停用{kind}",
    "editing a checklist": "修改排查清单",
    "editing a plan": "修改排查计划",
    "retiring a risk point": "停用风险点",
    "retiring a control measure": "停用管控措施",
    "no {kind} {rid} in your scope: see `dualprev {kind} list`": "您的管辖范围内没有 {kind} {rid}: 见 `dualprev {kind} list`",
    "{kind} {rid} is retired: add a new one instead": "{kind} {rid} 已停用: 请新建一个",
    "say what to change: --name, --add-item TEXT or --drop-item N": "请说明要改什么: --name、--add-item TEXT 或 --drop-item N",
    "--name cannot be empty": "--name 不能为空",
    "--drop-item {unknown[0]}: checklist {checklist_id} has no current item {unknown[0]} (see `dualprev checklist show {checklist_id}`)":
        "--drop-item {unknown[0]}: 清单 {checklist_id} 没有现行的第 {unknown[0]} 项(见 `dualprev checklist show {checklist_id}`)",
    "checklist {checklist_id} would have no item left: retire the checklist instead":
        "清单 {checklist_id} 将没有任何排查项: 请改为停用该清单",
    "say what to change: --name, --cadence/--cron/--shifts/--workdays, --role, --assignee or --grace":
        "请说明要改什么: --name、--cadence/--cron/--shifts/--workdays、--role、--assignee 或 --grace",
    "plan {plan_id} is like that already: nothing to change": "计划 {plan_id} 已是如此: 没有可改的",
    "{r['code']} has open hazards ({', '.join(still_open[:5])}): close or void them first":
        "{r['code']} 有未闭环的隐患({', '.join(still_open[:5])}): 请先销号或作废",
    "{r['code']} has no current control measure {measure_id}: see `dualprev risk show {r['code']}`":
        "{r['code']} 没有现行的管控措施 {measure_id}: 见 `dualprev risk show {r['code']}`",
    "checklist {checklist} is retired: new plans use a current one": "清单 {checklist} 已停用: 新计划请使用现行清单",
    "plan {plan_id} is already {'paused' if paused else 'running'}":
        "排查计划 {plan_id} 已经{'paused' if paused else 'running'}",
    "{option} {n}=...: the task has items 1-{len(items)} (numbers as `dualprev inspect show` prints them)":
        "{option} {n}=...: 该任务的排查项为 1-{len(items)}(序号同 `dualprev inspect show` 所示)",
    "--fix {n}=...: item {n} must be recorded as fail (--item {n}=fail)":
        "--fix {n}=...: 第 {n} 项须记录为不符合(--item {n}=fail)",
    "task {t.id} is a round from {_local(t.starts_at)} to {_local(t.ends_at)}: record it once its window has started":
        "任务 {t.id} 是 {_local(t.starts_at)} 至 {_local(t.ends_at)} 的巡检: 时段开始后再记录",
    "task {t.id} is complete: its results cannot change (a new task records a new check)":
        "任务 {t.id} 已完成: 结果不能再改(新的检查记入新任务)",
    "task {t.id} was missed (漏检) and its 补检 window of {window.days} days closed on {(t.due_at + window).isoformat()}: it stays missed":
        "任务 {t.id} 已漏检, 其 {window.days} 天的补检期已于 {(t.due_at + window).isoformat()} 结束: 仍记为漏检",
    "{r['code']} has no control measure to check (隐患排查): add one with `dualprev risk measure add {r['code']}`":
        "{r['code']} 没有可检查的管控措施(隐患排查类): 请用 `dualprev risk measure add {r['code']}` 添加",
    "--assignee {assignee}: no person whose scope covers {unit['name']}":
        "--assignee {assignee}: 没有管辖范围包含 {unit['name']} 的人员",
    "the rules file's [schedule.generate.by_grade] {g} names {level!r}: use {', '.join(CONTROL_LEVELS)}":
        "规则文件的 [schedule.generate.by_grade] {g} 指定了 {level!r}: 请用 {', '.join(CONTROL_LEVELS)}",
    "--fix {n}=...: item {n} already has its hazard: fix it with `dualprev hazard fix CODE`":
        "--fix {n}=...: 第 {n} 项已有其隐患: 请用 `dualprev hazard fix CODE` 整改",
    # hazards/services/intake.py
    "{what} {amount} is not an amount of money: give a number of 元 above 0":
        "{what} {amount} 不是金额: 请给出大于 0 的元数",
    "record the {what} with --authority NAME and --doc-no 文号": "请用 --authority NAME 和 --doc-no 文号 记录{what}",
    "{_options(present & set(keys))}: only with --source {wanted}, not {source}":
        "{_options(present & set(keys))}: 只能配合 --source {wanted}, 不能配合 {source}",
    "an --anonymous 举报 has no --reporter or --contact": "匿名(--anonymous)举报没有 --reporter 或 --contact",
    "a 举报 needs the --reporter's name or a --contact, or --anonymous":
        "举报需要举报人姓名(--reporter)或联系方式(--contact), 或 --anonymous",
    "a regulator's finding is recorded with its {_options(missing)} (the 整改指令书: authority, 文号, 整改期限)":
        "监管执法发现须记录其 {_options(missing)}(整改指令书: 执法机关、文号、整改期限)",
    "the regulator's deadline {deadline} is before the finding ({found_on})":
        "监管期限 {deadline} 早于发现日期({found_on})",
    "{h.code} is {h.state}: the 整改复查 follows the rectification (record it while the hazard is in 整改 or 复核)":
        "{h.code} 处于 {h.state}: 整改复查在整改之后(请在隐患处于整改或复核时记录)",
    "{h.code} came from {h.source}: a reward is for a report or a 举报": "{h.code} 来源为 {h.source}: 奖励只针对报告或举报",
    "{h.code} was voided (作废): a report not found true is not rewarded": "{h.code} 已作废: 查实不属实的报告不予奖励",
    "{h.code} is still 发现: reward it once an officer has verified it (assigned or fixed it)":
        "{h.code} 仍处于发现状态: 请在安全员核实(下达整改或立查立改)后再奖励",
    "{h.code} was rewarded already": "{h.code} 已经奖励过",
    "give the reward's --amount: no fine is recorded for {h.code}, so the rules suggest none (`dualprev hazard penalty` records the fine)":
        "请给出奖励金额 --amount: {h.code} 没有记录罚款, 规则无法给出建议(`dualprev hazard penalty` 记录罚款)",
    # hazards/services/operations.py
    "too many files named {target}-N: move some away": "名为 {target}-N 的文件太多: 请移走一些",
    "{path} exists: a backup never overwrites a file; choose a new name": "{path} 已存在: 备份绝不覆盖文件; 请换个名字",
    "folder {target.parent} does not exist: create it first": "文件夹 {target.parent} 不存在: 请先创建",
    "no register at {db.sqlite_path}: nothing to back up": "{db.sqlite_path} 处没有登记库: 没有可备份的",
    "pg_dump is not on PATH: install the PostgreSQL client tools (e.g. apt install postgresql-client) and run `dualprev db backup` again":
        "PATH 中没有 pg_dump: 请安装 PostgreSQL 客户端工具(例如 apt install postgresql-client)后再运行 `dualprev db backup`",
    "pg_dump failed: {first}": "pg_dump 失败: {first}",
    "backup {path} is not a file": "备份 {path} 不是文件",
    "backup {path} is damaged (integrity: {verdict})": "备份 {path} 已损坏(完整性: {verdict})",
    "backup {path} is at schema revision {revision}, newer than this dualprev knows: restore it with a newer dualprev":
        "备份 {path} 的结构版本为 {revision}, 比本 dualprev 所知的更新: 请用更新的 dualprev 恢复",
    "db restore works on SQLite; on PostgreSQL restore a `db backup` file with pg_restore --clean -d DBNAME FILE":
        "db restore 用于 SQLite; 在 PostgreSQL 上请用 pg_restore --clean -d DBNAME FILE 恢复 `db backup` 文件",
    "an in-memory database cannot be restored into": "不能恢复到内存数据库",
    "the register is opened read-only (?mode=ro): restore needs it writable": "登记库以只读方式打开(?mode=ro): 恢复需要可写",
    "{path} is the register itself: give a backup file": "{path} 就是登记库本身: 请给出备份文件",
    "{target} appeared while the backup ran: nothing was replaced": "备份期间出现了 {target}: 未替换任何文件",
    "{path} is not a dualprev SQLite backup": "{path} 不是 dualprev 的 SQLite 备份",
    "the register holds {missing} {events} that backup {path} lacks: restoring would lose them. Back it up first, or give --force (it is kept aside either way)":
        "登记库中有 {missing} 条{events}是备份 {path} 所没有的: 恢复会丢失它们。请先备份, 或加 --force(无论如何原库都会保留在旁边)",
    # hazards/services/org.py
    "an org unit needs a name": "组织单位需要名称",
    "login {login!r} must be one word without spaces": "账号 {login!r} 须为一个不含空格的词",
    "login {login!r} is reserved for the scheduler: choose another": "账号 {login!r} 保留给调度程序: 请换一个",
    "a person needs at least one --role": "人员至少需要一个 --role",
    "--db-role {role!r} must be one word without spaces or quotes": "--db-role {role!r} 须为一个不含空格或引号的词",
    "--db-login creates a PostgreSQL login: this register is a SQLite file":
        "--db-login 创建 PostgreSQL 登录: 本登记库是 SQLite 文件",
    "login {login!r} is taken": "账号 {login!r} 已被使用",
    "database role {role!r} is another person's already": "数据库角色 {role!r} 已属于另一人员",
    "no person {login!r} in your scope: see `dualprev person list`":
        "您的管辖范围内没有人员 {login!r}: 见 `dualprev person list`",
    "you cannot deactivate yourself: ask another admin": "不能停用自己: 请另一位管理员操作",
    "{login} is deactivated already": "{login} 已经停用",
    "nothing to change: give --name or --parent": "没有要更改的内容: 请给出 --name 或 --parent",
    "nothing to change: give --name or --parent with a new value": "没有要更改的内容: 请给出新的 --name 或 --parent",
    "an enterprise is the root of its tree: it has no parent to change": "企业是其树的根: 没有可更改的上级",
    "--parent {parent}: not a unit of {unit['name']}'s enterprise": "--parent {parent}: 不是 {unit['name']} 所在企业的单位",
    "{up['name']} is {unit['name']} or under it: a unit cannot move into itself": "{up['name']} 是 {unit['name']} 本身或其下级: 单位不能移入自身",
    "a unit named {after['name']!r} is there already": "那里已有名为 {after['name']!r} 的单位",
    "--org {org}: not a unit of {login}'s enterprise": "--org {org}: 不是 {login} 所在企业的单位",
    "nothing to change: give --name, --org or --role with a new value": "没有要更改的内容: 请给出新的 --name、--org 或 --role",
    "--handover names the person being deactivated: name their successor": "--handover 指定的是被停用者本人: 请指定接任者",
    "--handover {successor.login}: not a person of {login}'s enterprise": "--handover {successor.login}: 不是 {login} 所在企业的人员",
    "{successor.login} cannot take over {item['ref']} from {login}: they lack the {role} role":
        "{successor.login} 不能接管 {login} 的 {item['ref']}: 缺少 {role} 角色",
    "{successor.login} cannot take over {item['ref']} from {login}: its org unit is outside their scope":
        "{successor.login} 不能接管 {login} 的 {item['ref']}: 其组织单位不在接任者的管辖范围内",
    "{login} still holds {count} open item(s) (hazards, plans, risk points, measures): give --handover LOGIN, their successor":
        "{login} 仍持有 {count} 项未完结事项(隐患、计划、风险点、措施): 请用 --handover LOGIN 指定接任者",
    "{login} is deactivated: name an active successor": "{login} 已停用: 请指定在职的接任者",
    "tick, notify send and scheduler run are the operator's: run them as the role that owns the register's tables":
        "tick、notify send 和 scheduler run 由运维执行: 请以拥有登记库表的角色运行",
    "unknown user {login!r}: init on a register that has people needs one of them (--as LOGIN)":
        "未知用户 {login!r}: 在已有人员的登记库上 init 需要以其中一人身份(--as LOGIN)",
    "init is the operator's: connect as the role that owns the register's tables":
        "init 由运维执行: 请以拥有登记库表的角色连接",
    "a {kind} needs --parent: only an enterprise stands alone": "{kind} 需要 --parent: 只有企业可以独立存在",
    "an enterprise named {name!r} already exists": "名为 {name!r} 的企业已存在",
    "an enterprise is the root of its tree: drop --parent": "企业是组织树的根: 去掉 --parent",
    "{up['name']} already has a unit named {name!r}": "{up['name']} 下已有名为 {name!r} 的单位",
    # hazards/services/risk.py
    "no person {login!r} in this enterprise for {option}: see `dualprev person list`":
        "本企业没有可作 {option} 的人员 {login!r}: 见 `dualprev person list`",
    "a risk point needs a name": "风险点需要名称",
    "--classify1 {classify1!r} is not a national code: use 1 工程技术, 2 维护保养, 3 操作行为 or 4 应急措施":
        "--classify1 {classify1!r} 不是国家接口代码: 请用 1 工程技术、2 维护保养、3 操作行为 或 4 应急措施",
    "a control measure needs its --text": "管控措施需要 --text",
    "--control {control!r}: use monitoring (自动化监控) or inspection (隐患排查)":
        "--control {control!r}: 请用 monitoring(自动化监控)或 inspection(隐患排查)",
    "{who.login} may not assess {r['code']}: it is outside their scope":
        "{who.login} 无权评价 {r['code']}: 不在其管辖范围内",
    "--classify2 {classify2!r} is not a national code: use one of {codes}":
        "--classify2 {classify2!r} 不是国家接口代码: 请用 {codes} 之一",
    "--classify2 {classify2} belongs to --classify1 {head}, not {classify1}":
        "--classify2 {classify2} 属于 --classify1 {head}, 不属于 {classify1}",
    "{r['code']} cannot go down from {label(GRADES, r['grade'])} to {label(GRADES, a.grade)} while open 重大 hazards are linked to it ({', '.join(open_major)}): close them first, or a supervisor may do it with --reason":
        "{r['code']} 关联有未销号重大隐患({', '.join(open_major)}), 不能从 {label(GRADES, r['grade'])} 降为 {label(GRADES, a.grade)}: 请先将其销号, 或由主管加 --reason 操作",
    "{who.login} may not assess risk points: it needs the role {' or '.join(allowed_roles('risk.edit_roles'))} (a supervisor only overrides the grade-lowering rule, with --reason)":
        "{who.login} 无权评价风险点: 需要角色 {' or '.join(allowed_roles('risk.edit_roles'))}(主管只能凭 --reason 越过降级规则)",
    "{r['code']} has no hazard source {source!r}: see `dualprev risk show {r['code']}`":
        "{r['code']} 没有危险源 {source!r}: 见 `dualprev risk show {r['code']}`",
    # hazards/services/supervision.py
    "a {level} listing is the regulator's: record it with --authority NAME and --doc-no 文号":
        "{level}挂牌督办由监管部门作出: 请用 --authority NAME 和 --doc-no 文号 记录",
    "a listing needs its --reason": "挂牌督办需要 --reason",
    "a write-off request needs a --note saying what was done": "核销申请需要 --note 说明所做的整改",
    "record the regulator's decision with both --authority NAME and --doc-no 文号":
        "请同时用 --authority NAME 和 --doc-no 文号 记录监管部门的决定",
    "an extension request needs its --reason": "延期申请需要 --reason",
    "a denied extension needs the --reason": "驳回延期需要 --reason",
    "{h.code} is {h.state}: only an open hazard is listed": "{h.code} 处于 {h.state}: 只有未销号的隐患可以挂牌",
    "the 督办 deadline {deadline} is already past": "督办期限 {deadline} 已过",
    "{h.code} is already under {h.supervised}-level 挂牌督办": "{h.code} 已在 {h.supervised} 级挂牌督办中",
    "{h.code} is not under 挂牌督办: see `dualprev supervise list`":
        "{h.code} 未挂牌督办: 见 `dualprev supervise list`",
    "only the owner ({h.owner}) may ask to extend {h.code}": "只有整改责任人({h.owner})可以申请延期 {h.code}",
    "{h.code} is {h.state}: only a hazard in 整改 gets a new deadline": "{h.code} 处于 {h.state}: 只有整改中的隐患可以改期限",
    "{h.code} has no deadline to move: it was fixed on the spot": "{h.code} 没有可调整的期限: 已立查立改",
    "the new deadline {deadline} must be later than the current one ({h.deadline})":
        "新期限 {deadline} 须晚于当前期限({h.deadline})",
    "{h.code} already has an extension request waiting for a decision": "{h.code} 已有一份待决定的延期申请",
    "{h.code} has no extension request waiting: the owner asks with `dualprev hazard extend-request`":
        "{h.code} 没有待决定的延期申请: 整改责任人用 `dualprev hazard extend-request` 申请",
    # hazards/steps.py
    "{r['code']} is a risk point of another enterprise than the hazard's org unit":
        "{r['code']} 是与隐患的组织单位不同企业的风险点",
    "no control measure {measure_id}: see `dualprev risk show CODE`":
        "没有管控措施 {measure_id}: 见 `dualprev risk show CODE`",
    "no person {ctx['owner']!r} for --owner: see `dualprev person list`":
        "没有可作 --owner 的人员 {ctx['owner']!r}: 见 `dualprev person list`",
    "control measure {measure_id} belongs to {m['code']}, not {r['code']}":
        "管控措施 {measure_id} 属于 {m['code']}, 不属于 {r['code']}",
    # workflows/hazard.py
    "{ev.model.code}: the deadline {deadline} passes {ev.model.regulator_source}; a later deadline is the regulator's decision: ask for it with `dualprev hazard extend-request`, and record the decision with `dualprev hazard extend-approve {ev.model.code} --authority NAME --doc-no 文号`":
        "{ev.model.code}: 期限 {deadline} 超过了 {ev.model.regulator_source}; 更晚的期限须由监管部门决定: 用 `dualprev hazard extend-request` 申请, 并用 `dualprev hazard extend-approve {ev.model.code} --authority NAME --doc-no 文号` 记录决定",
    "only the assigned owner ({ev.model.owner}) may {ev.event.name} {ev.model.code}":
        "只有指定的整改责任人({ev.model.owner})可以对 {ev.model.code} 执行 {ev.event.name}",
    "{ev.model.owner} rectified {ev.model.code} and may not verify it: another inspector must do the 复核":
        "{ev.model.owner} 整改了 {ev.model.code}, 不能复核它: 须由另一位复核人复核",
    "{owner.login} cannot own a rectification: they lack the owner role":
        "{owner.login} 不能担任整改责任人: 没有 owner 角色",
    "{owner.login} cannot own {ev.model.code}: its org unit is outside their scope":
        "{owner.login} 不能负责 {ev.model.code}: 其组织单位不在此人管辖范围内",
    "assign {ev.model.code} needs {', '.join(missing)}": "下达整改 {ev.model.code} 需要 {', '.join(missing)}",
    "the deadline {deadline} is before the hazard was found ({ev.kwargs['found_on']})":
        "整改期限 {deadline} 早于隐患发现日期({ev.kwargs['found_on']})",
    "{ev.model.code} is a 重大 hazard: 五落实 requires {', '.join(missing)}":
        "{ev.model.code} 是重大隐患: 五落实要求 {', '.join(missing)}",
    "{ev.model.code} is a 重大 hazard: 五落实's 资金 (--cost) must be more than 0 元":
        "{ev.model.code} 是重大隐患: 五落实的资金(--cost)须大于 0 元",
    "{ev.model.code} is a 一般 hazard: {label(EVENTS, ev.event.name)} is for 重大 hazards (16号令 Arts 15, 18)":
        "{ev.model.code} 是一般隐患: {label(EVENTS, ev.event.name)} 只用于重大隐患(16号令第十五、十八条)",
    "the 治理方案 of {ev.model.code} (16号令 Art 15¶2) lacks {'; '.join(missing)}: each item needs at least {config.rules()['hazard']['plan']['min_chars']} characters of real text":
        "{ev.model.code} 的治理方案(16号令第十五条第二款)缺少 {'; '.join(missing)}: 每项至少需要 {config.rules()['hazard']['plan']['min_chars']} 个字符的实际内容",
    "{code} has no 治理方案 to approve: it is drafted first (`dualprev hazard plan {code} --goal … --funds …`)":
        "{code} 没有待批准的治理方案: 须先制定(`dualprev hazard plan {code} --goal … --funds …`)",
    "the 治理方案 of {code} is already approved": "{code} 的治理方案已经批准",
    "{code} names no 判定依据: before its plan is approved, say which clause makes it 重大 (`dualprev hazard classify {code} --basis KEY`; see `dualprev hazard criteria`)":
        "{code} 未给出判定依据: 方案批准前请说明依据哪条判定为重大(`dualprev hazard classify {code} --basis KEY`; 见 `dualprev hazard criteria`)",
    "{row.code} is a 重大 hazard with {what} (16号令 Art 15¶2): `dualprev hazard plan {row.code} …`, then the principal's `dualprev hazard approve-plan {row.code}`":
        "{row.code} 是重大隐患, {what}(16号令第十五条第二款): `dualprev hazard plan {row.code} …`, 然后由主要负责人 `dualprev hazard approve-plan {row.code}`",
    "{row.code} is a 重大 hazard: its 复核 passes only after the evaluation of the rectification (16号令 Art 18): `dualprev hazard evaluate {row.code} --by … --conclusion …`":
        "{row.code} 是重大隐患: 整改情况评估后复核方可通过(16号令第十八条): `dualprev hazard evaluate {row.code} --by … --conclusion …`",
    "classify {row.code}: give --category, --gb-code or --basis":
        "分类 {row.code}: 请给出 --category、--gb-code 或 --basis",
    "{row.code} is a 一般 hazard: a 判定依据 (--basis) names why a hazard is 重大":
        "{row.code} 是一般隐患: 判定依据(--basis)说明隐患为何是重大",
    "{ev.model.code} is a 重大 hazard: 立查立改 is for 一般 hazards; assign it with a full governance plan (五落实)":
        "{ev.model.code} 是重大隐患: 立查立改只用于一般隐患; 请凭完整的治理方案(五落实)下达整改",
    "{ev.model.code} has no deadline to move: it was fixed on the spot": "{ev.model.code} 没有可调整的期限: 已立查立改",
    "the new deadline {new} must be later than the current one ({old})": "新期限 {new} 须晚于当前期限({old})",
    "{ev.model.code} is under {ev.model.supervised}-level 挂牌督办: it can be closed only after the write-off is approved (`dualprev supervise request-writeoff {ev.model.code}`)":
        "{ev.model.code} 正在 {ev.model.supervised} 级挂牌督办: 核销批准后方可销号(`dualprev supervise request-writeoff {ev.model.code}`)",
    "{row.code} is under {row.supervised}-level 挂牌督办: its deadline is extended by a supervisor at that level (the whole enterprise)":
        "{row.code} 正在 {row.supervised} 级挂牌督办: 其期限由该级别的主管(全企业)延期",
    "{ev.model.code} is the regulator's finding: 销号 needs its 整改复查 passed, recorded with `dualprev hazard review {ev.model.code} --authority NAME --doc-no 文号`":
        "{ev.model.code} 是监管执法发现的隐患: 销号需整改复查通过, 用 `dualprev hazard review {ev.model.code} --authority NAME --doc-no 文号` 记录",
    "{ev.event.name} needs a reason (--reason)": "{ev.event.name} 需要原因(--reason)",
    "evaluate {ev.model.code} needs {option} with real text (at least {config.rules()['hazard']['plan']['min_chars']} characters)":
        "评估 {ev.model.code} 需要有实际内容的 {option}(至少 {config.rules()['hazard']['plan']['min_chars']} 个字符)",
    # workflows/inspection.py
    "task {ev.model.id} still lacks results for items {missing}": "任务 {ev.model.id} 仍缺第 {missing} 项的结果",
    # workflows/machine.py
    "unknown action {event!r}": "未知的操作 {event!r}",
    # workflows/supervision.py
    "{actor.login} may not ask for the write-off of {row.code}: outside their scope":
        "{actor.login} 无权为 {row.code} 申请核销: 不在其管辖范围内",
    "only the owner ({row.owner}) or an officer may ask for the write-off of {row.code}":
        "只有整改责任人({row.owner})或安全员可以为 {row.code} 申请核销",
    "{row.code} is in {row.hazard_state}: ask for the write-off once its rectification is submitted for 复核 (`dualprev hazard submit`)":
        "{row.code} 处于 {row.hazard_state}: 请在整改提交复核后申请核销(`dualprev hazard submit`)",
    "{actor.login} owns {row.code} and may not decide its write-off":
        "{actor.login} 是 {row.code} 的整改责任人, 不能决定其核销",
    "{actor.login} is below the listing level ({row.level}): the write-off is decided by a supervisor of the whole enterprise":
        "{actor.login} 低于挂牌级别({row.level}): 核销由全企业的主管决定",
    "{row.code} is listed by the regulator ({row.level}): record its decision with --authority NAME and --doc-no 文号":
        "{row.code} 由监管部门挂牌({row.level}): 请用 --authority NAME 和 --doc-no 文号 记录其决定",
    "a rejected write-off needs the reason (--note)": "核销不通过需要原因(--note)",
    # schedules/cadence.py
    "every {hours}h: the hours must divide 24 (1, 2, 3, 4, 6, 8, 12 or 24)":
        "每 {hours}h: 小时数须整除 24(1、2、3、4、6、8、12 或 24)",
    "shift pattern {name} has no shifts": "班制 {name} 没有班次",
    "shift pattern {name}: its shifts overlap across midnight ({spans})": "班制 {name}: 班次跨零点重叠({spans})",
    "--cron {expr!r} needs five fields: minute hour day month weekday (e.g. '0 8 * * 1' for Mondays at 08:00)":
        "--cron {expr!r} 需要五段: 分 时 日 月 星期(例如 '0 8 * * 1' 表示每周一 08:00)",
    "--cron {expr!r} restricts both the day of month and the weekday, which cron ORs together: make two plans, one for each":
        "--cron {expr!r} 同时限定了日期和星期, cron 会取两者之一: 请分成两个计划",
    "shift pattern {name}: {span!r} is not a shift of the day": "班制 {name}: {span!r} 不是一天中的班次",
    "shift pattern {name}: its shifts overlap ({spans})": "班制 {name}: 班次重叠({spans})",
    "--cron {expr!r} is not a valid cron expression: {exc}": "--cron {expr!r} 不是有效的 cron 表达式: {exc}",
    "no shift pattern {spec.shifts!r} in the rules file's [schedule.shifts]":
        "规则文件的 [schedule.shifts] 中没有班制 {spec.shifts!r}",
    "shift pattern {name}: {span!r} is not HH:MM-HH:MM (e.g. 08:00-16:00)":
        "班制 {name}: {span!r} 不是 HH:MM-HH:MM 格式(例如 08:00-16:00)",
    "--workdays goes with the daily cadence only": "--workdays 只能配合每日周期",
    # schedules/daemon.py
    "the rules' [audit] anchor_at = {text!r} is not a local time: give HH:MM, e.g. 02:30":
        "规则的 [audit] anchor_at = {text!r} 不是当地时间: 请给出 HH:MM, 例如 02:30",
    # schedules/tick.py
    "tick would generate {days} days of tasks (since {oldest}), more than catch_up_days = {rules['catch_up_days']} of the rules file. Check the clock (DUALPREV_NOW), then run `dualprev tick --catch-up` to work through them in chunks":
        "tick 将生成 {days} 天的任务(自 {oldest} 起), 超过规则文件的 catch_up_days = {rules['catch_up_days']}。请检查时钟(DUALPREV_NOW), 然后运行 `dualprev tick --catch-up` 分段补做",
    # schedules/workdays.py
    "give --deadline DATE or --within N[wd], not both": "请给出 --deadline DATE 或 --within N[wd], 不要两者都给",
    "give the deadline as --deadline DATE or as --within N (calendar days) / Nwd (working days)":
        "请以 --deadline DATE 或 --within N(自然日)/ Nwd(工作日)给出整改期限",
    "--within {within!r}: give a number of days like 10, or of working days like 5wd":
        "--within {within!r}: 请给出天数如 10, 或工作日数如 5wd",
    "--within {within}: a deadline is at most {limits.DEADLINE_YEARS} years ahead (up to {limits.latest_deadline(today)})":
        "--within {within}: 整改期限最多 {limits.DEADLINE_YEARS} 年以后(至 {limits.latest_deadline(today)})",
    "rules: deadline.shift_on = {shift_on!r}; use one of {', '.join(SHIFT_ON)}":
        "规则: deadline.shift_on = {shift_on!r}; 请用 {', '.join(SHIFT_ON)} 之一",
    "say --holiday NAME or --workday (one of them)": "请说明 --holiday NAME 或 --workday(二者之一)",
    # found meanwhile by a concurrent change (versioned_update) and by the state machines
    "no risk point {code} in your scope: see `dualprev risk list`": "您的管辖范围内没有风险点 {code}: 见 `dualprev risk list`",
    "task {t.id} was changed by someone else meanwhile: look at it again": "任务 {t.id} 在此期间已被他人修改: 请重新查看",
    "the supervision of {h.code} was changed meanwhile: look again and retry": "{h.code} 的挂牌督办在此期间已被修改: 请重新查看后重试",
    "the supervision of {hazard['code']} was changed meanwhile: look again and retry":
        "{hazard['code']} 的挂牌督办在此期间已被修改: 请重新查看后重试",
    "{h.code} was changed by someone else meanwhile: look at it again (`dualprev hazard show`) and retry":
        "{h.code} 在此期间已被他人修改: 请重新查看(`dualprev hazard show`)后重试",
    "cannot {event} {what}: it is in {label(states, row.state)} ({row.state}); allowed actions: {', '.join(allowed)}":
        "不能对 {what} 执行 {event}: 它处于 {label(states, row.state)} ({row.state}); 可执行: {', '.join(allowed)}",
    "cannot {event} {what}: it is in {label(states, row.state)} ({row.state}); it never moves again":
        "不能对 {what} 执行 {event}: 它处于 {label(states, row.state)} ({row.state}), 不再流转",
    # enterprise profile and national export (issue 13)
    "--key-file {path}: {exc.strerror or exc}. Give the file that holds the platform's 16-character key":
        "--key-file {path}: {exc.strerror or exc}。请给出存放平台 16 位密钥的文件",
    "--key-file {path} does not hold a 16-character ASCII key (AES-128): check the file the platform gave you":
        "--key-file {path} 中不是 16 位 ASCII 密钥(AES-128): 请检查平台提供的文件",
    "{unit['name']} has no enterprise profile yet: an admin sets it with `dualprev enterprise set {unit['name']} --credit-code CODE`":
        "{unit['name']} 还没有企业档案: 由管理员用 `dualprev enterprise set {unit['name']} --credit-code CODE` 设置",
    "--credit-code {value!r} has {len(code)} characters: a 统一社会信用代码 has 18":
        "--credit-code {value!r} 有 {len(code)} 位: 统一社会信用代码为 18 位",
    "--credit-code {value!r}: character {i + 1} ({c!r}) is not used in a 统一社会信用代码 (digits and capitals except I O Z S V)":
        "--credit-code {value!r}: 第 {i + 1} 位 ({c!r}) 不是统一社会信用代码所用字符(数字和除 I O Z S V 外的大写字母)",
    "--credit-code {value!r}: the check character is {code[17]!r} but the first 17 characters give a different one (GB 32100-2015): check the code for a mistyped character":
        "--credit-code {value!r}: 校验码为 {code[17]!r}, 与前 17 位算出的不符(GB 32100-2015): 请检查是否有输错的字符",
    "--company-code {value!r} is not 9 digits: give the enterprise code of the 危化品登记 system":
        "--company-code {value!r} 不是 9 位数字: 请给出危化品登记系统的企业编码",
    "--contact-phone {contact_phone!r} is not a telephone number: give digits, e.g. 0571-88888888 or 13800138000":
        "--contact-phone {contact_phone!r} 不是电话号码: 请给出数字, 例如 0571-88888888 或 13800138000",
    "--principal {principal}: no such person; see `dualprev person list`":
        "--principal {principal}: 没有此人; 见 `dualprev person list`",
    "--principal {principal}: {person.name} is not a person of {unit['name']}: name one of its people (`dualprev person list`)":
        "--principal {principal}: {person.name} 不是 {unit['name']} 的人员: 请指定该企业的人员(`dualprev person list`)",
    "{option} {given[column]} is the code of {other['name']} already: check the code":
        "{option} {given[column]} 已是 {other['name']} 的编码: 请检查编码",
    "name the enterprise: `dualprev enterprise show ORG`": "请指定企业: `dualprev enterprise show ORG`",
    "the register has no enterprise yet: `dualprev org add NAME`": "登记库中还没有企业: `dualprev org add NAME`",
    "--push {url!r} is not an http(s) URL: give the platform's address":
        "--push {url!r} 不是 http(s) 地址: 请给出平台的地址",
    "--push and --key-file go together: the platform's URL and its key":
        "--push 与 --key-file 须同时给出: 平台地址及其密钥",
    "give --out DIR or --push URL, not both: run twice for both":
        "请给出 --out DIR 或 --push URL 之一, 不要同时给出: 需要两者时运行两次",
    "{count} records were not sent (see above, and national_record): fix them and run again; what was not sent is sent again":
        "{count} 条记录未能发送(见上表及 national_record): 修正后再次运行, 未发送的会重新发送",
    "--out {out_dir}: no such folder; create it first": "--out {out_dir}: 没有此文件夹; 请先创建",
    "{unit['name']} has no 危化品登记 enterprise code (companyCode): set it with `dualprev enterprise set {unit['name']} --credit-code CODE --company-code 9DIGITS`":
        "{unit['name']} 没有危化品登记企业编码(companyCode): 请用 `dualprev enterprise set {unit['name']} --credit-code CODE --company-code 9DIGITS` 设置",
    # the names of values (labels.parse: "unknown {what} ...")
    "level": "等级", "state": "状态", "cadence": "周期", "colour": "颜色", "control level": "管控层级",
    "grade": "风险等级", "measure type": "措施类型", "org kind": "单位类型", "result": "结果", "kind": "类型",
    "role": "角色", "source": "来源", "way": "方式",
}

# --- corrections (#12 items 2 and 3): hazard edit, regrade, void, reopen, photo, list --mine ---------
HELP.update({
    "A regulator's 挂牌督办 listing stays until its write-off (`supervise request-writeoff`).":
        "监管部门的挂牌督办保留, 直至核销(`supervise request-writeoff`)。",
    "更正: correct what was recorded about an open hazard (officer); kept as an event with before/after.":
        "更正: 更正未闭环隐患的登记内容(安全员); 更正前后的内容作为一条记录保存。",
    "The corrected title.": "更正后的隐患名称。",
    "The corrected description.": "更正后的描述。",
    "The corrected place or equipment (部位).": "更正后的部位或设备。",
    "The corrected category.": "更正后的类别。",
    "The org unit it belongs to (within its enterprise).": "所属单位(限本企业内)。",
    "When it was really found (ISO-8601).": "实际发现时间(ISO-8601)。",
    "Why the record was wrong (kept with the change).": "登记有误的原因(随更正保存)。",
    "等级调整: 一般 → 重大 (officer, supervisor) or 重大 → 一般 (supervisor, never while a regulator lists it).":
        "等级调整: 一般 → 重大(安全员、主管), 或 重大 → 一般(仅主管, 监管部门挂牌期间不可)。",
    "Made 重大, the hazard is listed for 挂牌督办 and, from 整改 or 复核, goes back to 发现 until its 治理方案 is approved and it is assigned again (五落实).":
        "调为重大后即挂牌督办; 处于整改或复核的隐患退回发现状态, 治理方案批准并重新下达整改(五落实)后继续。",
    "Why the grade changes (kept with the change).": "调整等级的原因(随调整保存)。",
    "重新打开: a closed hazard found not fixed becomes a new hazard linked to it; the old stays closed.":
        "重新打开: 复查发现已销号隐患未真正整改, 登记为与之关联的新隐患; 原隐患保持销号。",
    "What the 复查 found not fixed.": "复查发现未整改的情况。",
    "Get a stored photo or file of a hazard back: the N-th as `hazard show` lists them (1, 2, ...).":
        "取回隐患保存的照片或文件: 按 `hazard show` 列出的顺序取第 N 个(1、2……)。",
    "Where to write it.": "写到哪个文件。",
    "Replace FILE if it exists.": "FILE 已存在时替换它。",
    "Only hazards I own, found or verified.": "只列我负责整改、发现或复核的隐患。",
})
ERRORS.update({
    "a correction needs a reason (--reason)": "更正须说明原因(--reason)",
    "--title cannot be empty: say what is wrong, in a line": "--title 不能为空: 用一句话说明问题",
    "{old.code} is in {label(STATES, old.state)} ({old.state}): only a closed (销号) hazard is reopened; correct an open one with `dualprev hazard edit`":
        "{old.code} 处于 {label(STATES, old.state)} ({old.state}): 只有已销号的隐患可以重新打开; "
        "未闭环的隐患请用 `dualprev hazard edit` 更正",
    "{old.code} was reopened as {later['code']}, which is still open: follow that one":
        "{old.code} 已重新打开为 {later['code']}, 该隐患尚未闭环: 请跟进它",
    "edit {row.code}: nothing changes (give --title, --desc, --place, --category, --org or --found-at with a new value)":
        "更正 {row.code}: 没有任何变化(请给出新的 --title、--desc、--place、--category、--org 或 --found-at)",
    "{row.code} belongs to its enterprise: {unit['name']} is another one's":
        "{row.code} 属于本企业: {unit['name']} 是其他企业的单位",
    "{row.owner} owns {row.code} and {unit['name']} is outside their scope: move it where its owner works, or assign another owner first":
        "{row.owner} 是 {row.code} 的整改责任人, {unit['name']} 不在其范围内: 请移到责任人所在单位, 或先另行指定责任人",
    "{row.code} was given the deadline {row.deadline}: it cannot have been found after it ({found_on})":
        "{row.code} 的整改期限为 {row.deadline}: 发现时间不能晚于期限({found_on})",
    "{row.code} is {label(LEVELS, level)} already": "{row.code} 已是{label(LEVELS, level)}隐患",
    "{row.code} is under {row.supervised}-level 挂牌督办 by the regulator: it stays 重大 until the regulator writes the listing off":
        "{row.code} 正由监管部门{row.supervised}级挂牌督办: 在监管部门核销前保持重大",
    "the stored file {sha256[:16]}… is not in the attachment store {folder}: restore the store, or point DUALPREV_FILES at it":
        "保存的文件 {sha256[:16]}… 不在附件库 {folder} 中: 请恢复附件库, 或将 DUALPREV_FILES 指向它",
    "the stored file {sha256[:16]}… in {folder} does not match its hash: it was altered; restore it from a backup":
        "附件库 {folder} 中的文件 {sha256[:16]}… 与其哈希不符: 已被改动; 请从备份恢复",
    "{path} exists: give --force to replace it, or choose another name": "{path} 已存在: 加 --force 替换, 或换一个文件名",
    "{h.code} has no attachments": "{h.code} 没有附件",
    "{h.code} has {len(rows)} attachments: say which (1-{len(rows)}, as `dualprev hazard show {h.code}` lists them)":
        "{h.code} 有 {len(rows)} 个附件: 请指明第几个(1-{len(rows)}, 按 `dualprev hazard show {h.code}` 列出的顺序)",
    "{h.code} has {len(rows)} attachment{'s' if len(rows) > 1 else ''}: give N from 1 to {len(rows)}":
        "{h.code} 有 {len(rows)} 个附件: N 应为 1 到 {len(rows)}",
})

# --- the words around a message -------------------------------------------------------------------
FRAME = {
    "error": ("错误: {message}", "Error: {message}"),
    "try": ("运行 '{command} {option}' 查看帮助。", "Try '{command} {option}' for help."),
    "usage": ("用法:", "Usage:"),
    "Options": ("选项", "Options"),
    "Commands": ("命令", "Commands"),
    "Arguments": ("参数", "Arguments"),
}


def frame(key: str, lang: str, **values: str) -> str:
    words = FRAME[key][0 if lang == "zh" else 1]
    return words.format(**values) if values else words


# --- `import hazards|risks` (issue 12 item 1) ----------------------------------------------------
HELP.update({
    "Import an Excel/CSV 隐患台账 or 风险清单 (.xlsx, .csv in UTF-8 or GB18030).":
        "导入 Excel/CSV 格式的隐患台账或风险清单 (.xlsx; .csv 为 UTF-8 或 GB18030 编码)。",
    "Import a 隐患台账: every row checked, the accepted ones in one transaction.":
        "导入隐患台账: 逐行检查, 通过的行在一个事务中写入。",
    "The header row is found below title rows; 隐患名称/隐患描述/存在问题, 隐患部位, 隐患等级, 隐患类别, "
    "发现时间/排查日期, 发现人/检查人, 责任单位, 整改责任人, 整改措施, 整改期限, 整改资金, 整改情况 "
    "(已整改/未整改/整改中/已销号), 复核人/验收人, 复核时间/销号时间, 隐患编号 and their synonyms are known; "
    "--mapping names the rest. Each hazard's history is rebuilt as events marked imported (file, sheet, "
    "row, row hash). Importing the same file again adds nothing twice (by 隐患编号, else by the row's "
    "hash). Rejected rows are listed with sheet, row, column and reason.":
        "表头行可在标题行之下; 识别 隐患名称/隐患描述/存在问题、隐患部位、隐患等级、隐患类别、发现时间/排查日期、"
        "发现人/检查人、责任单位、整改责任人、整改措施、整改期限、整改资金、整改情况 (已整改/未整改/整改中/已销号)、"
        "复核人/验收人、复核时间/销号时间、隐患编号 及其常见同义列名; 其余列用 --mapping 指定。每条隐患的经过"
        "重建为标记为导入的事件 (文件、工作表、行号、行哈希)。同一文件再次导入不会重复 (按隐患编号, 否则按行哈希)。"
        "被拒绝的行列出工作表、行号、列和原因。",
    "Import a 风险清单: risk points with their assessment, 危险源 and 管控措施.":
        "导入风险清单: 风险点及其评价、危险源和管控措施。",
    "风险点/风险单元, 危险源/风险事件, 评价方法, L/E/C or L/S (or one 因子 column), 风险值, 风险等级/颜色, 管控层级, "
    "管控措施 (several per cell, split on 、；; and line breaks), 责任人, 所属单位 and their synonyms are known. "
    "Rows repeating a 风险点 (or merged down) add their 危险源 and 管控措施 to it. A stated grade or 风险值 that "
    "disagrees with the factors is kept as stated and reported.":
        "识别 风险点/风险单元、危险源/风险事件、评价方法、L/E/C 或 L/S (或一列因子)、风险值、风险等级/颜色、管控层级、"
        "管控措施 (一格多条, 按 、；; 和换行拆分)、责任人、所属单位 及其同义列名。重复同一风险点 (或向下合并) 的行"
        "把其危险源和管控措施并入该风险点。台账记载的风险等级或风险值与因子计算不一致时按台账记载并给出警告。",
    "Import into this org unit; the rows name units below it (default: your own unit).":
        "导入到此单位; 各行所列单位须在其下 (默认: 您所在的单位)。",
    "The workbook's sheet (default: the first with a header).": "工作簿中的工作表 (默认: 第一个有表头的工作表)。",
    'Headers the program does not know: [columns] "问题描述" = "title".':
        '程序不认识的列名: [columns] "问题描述" = "title"。',
    "Check every row and report; write nothing.": "逐行检查并报告; 不写入任何内容。",
    "Write the rejected rows (their cells and a reason column) as .xlsx or .csv.":
        "把被拒绝的行 (原单元格加一列原因) 写成 .xlsx 或 .csv。",
    "Create the org units and people the sheet names and the register lacks.":
        "新建台账中出现而登记簿中没有的单位和人员。",
})
ERRORS.update({
    "{who.login} belongs to no org unit: say where to import with --org": "{who.login} 不属于任何单位: 请用 --org 指定导入到哪里",
    "another writer moved the audit chain during the import: run it again": "导入期间另一写入者改动了审计链: 请重新运行",
    "{path}: no header row found in sheet {', '.join(tried) or '(none)'} (looked at the first {HEADER_SCAN} "
    "rows for the columns {wanted}): name the columns as the ledger does, or give --mapping FILE.toml":
        "{path}: 在工作表 {', '.join(tried) or '(none)'} 中找不到表头行 (已在前 {HEADER_SCAN} 行中查找列 {wanted}): "
        "请按台账的列名命名, 或用 --mapping FILE.toml 指定",
    "{path}: no such file": "{path}: 文件不存在",
    "--sheet is for workbooks: a .csv file has one sheet": "--sheet 用于工作簿: .csv 文件只有一个工作表",
    "{path}: give an .xlsx workbook or a .csv file": "{path}: 请给出 .xlsx 工作簿或 .csv 文件",
    "{path}: neither UTF-8 nor GB18030 text: save it as CSV UTF-8": "{path}: 既不是 UTF-8 也不是 GB18030 文本: 请另存为 CSV UTF-8",
    "{path}: not a workbook that can be read ({type(exc).__name__}: {exc})":
        "{path}: 不是可读取的工作簿 ({type(exc).__name__}: {exc})",
    "{path} has no sheet {wanted!r}: its sheets are {', '.join(names)}": "{path} 没有工作表 {wanted!r}: 其工作表为 {', '.join(names)}",
    "--errors {path} is not a regular file: xlsx needs a file name": "--errors {path} 不是普通文件: xlsx 需要文件名",
    "--mapping {path}: not a readable TOML file ({exc})": "--mapping {path}: 不是可读取的 TOML 文件 ({exc})",
    '--mapping {path} has no [columns] table: write e.g. [columns] "问题描述" = "title"':
        '--mapping {path} 没有 [columns] 表: 例如写 [columns] "问题描述" = "title"',
    "--mapping {path}: {header!r} = {target!r} names no field; the fields are {', '.join(fields)}":
        "--mapping {path}: {header!r} = {target!r} 不是字段名; 字段有 {', '.join(fields)}",
    "{row.code} is in {label(STATES, row.state)}: its 治理方案 was settled before 整改":
        "{row.code} 处于{label(STATES, row.state)}: 其治理方案已在整改前确定",
    "{row.code} is a 重大 hazard whose 治理方案 is incomplete or not approved (16号令 Art 15¶2): `dualprev hazard "
    "plan {row.code} …` fills its items, then the principal's `dualprev hazard approve-plan {row.code}`":
        "{row.code} 是重大隐患, 其治理方案不完整或未经批准 (16号令第十五条第二款): 先用 `dualprev hazard plan "
        "{row.code} …` 补齐各项, 再由主要负责人 `dualprev hazard approve-plan {row.code}`",
})

# --- 隐患排查治理统计分析表 and the 重大事故隐患报告 (`report stats`, `report major`; issue 13) ---------
HELP.update({
    "隐患排查治理统计分析表 (16号令 Art 14): a quarter's or a year's hazards per org unit and in total.":
        "隐患排查治理统计分析表 (安监总局令第16号第十四条): 按季度或年度, 各单位及合计的隐患排查治理情况。",
    "Due by the 15th after each quarter and by 31 January for the year, signed by the 主要负责人. The period "
    "rule is the rules file's [stats] and is printed under the table.":
        "季度表于季度结束后次月15日前、年度表于次年1月31日前报送, 由主要负责人签字。统计口径见规则文件的 [stats], "
        "并印在表下。",
    "The quarter, e.g. 2026Q1.": "统计季度, 例如 2026Q1。",
    "The year, e.g. 2026.": "统计年度, 例如 2026。",
    "The org unit reported on: a row for each unit directly below it (default: your own).":
        "统计的单位: 其直属下级单位各占一行(默认: 您所在的单位)。",
})
ERRORS.update({
    "give --quarter or --year, not both": "请给出 --quarter 或 --year, 不要同时给出",
    "give the period as --quarter YYYYQn (e.g. 2026Q1) or as --year YYYY":
        "请用 --quarter YYYYQn (例如 2026Q1) 或 --year YYYY 指定统计期间",
    "--quarter {quarter!r} is not a quarter: write it like 2026Q1": "--quarter {quarter!r} 不是季度: 请写成 2026Q1 这样",
    "{key}: give a period from 2000 to {config.today().year + 1}": "{key}: 请给出 2000 至 {config.today().year + 1} 年之间的期间",
    "--by {by}: give one of {', '.join(GROUPINGS)}": "--by {by}: 请给出 {', '.join(GROUPINGS)} 之一",
    "rules: stats.supervision_levels = {levels!r}; use some of {', '.join(SUPERVISION_LEVELS)}":
        "规则: stats.supervision_levels = {levels!r}; 请从 {', '.join(SUPERVISION_LEVELS)} 中选用",
})
HELP.update({
    "现状及其产生原因, for the 重大事故隐患报告 (kept by a redraft that omits it).":
        "现状及其产生原因, 用于重大事故隐患报告(重新制定方案时未给出则保留原内容)。",
    "危害程度和整改难易程度分析, for the 重大事故隐患报告 (kept likewise).":
        "危害程度和整改难易程度分析, 用于重大事故隐患报告(同样保留)。",
    "重大事故隐患报告 (16号令 Art 14¶2): the enterprise, the hazard, its 现状及其产生原因 and 危害程度和整改难易程度分析, "
    "every item of its 治理方案, its 挂牌督办 listing.":
        "重大事故隐患报告 (安监总局令第16号第十四条第二款): 企业基本情况、隐患基本情况、隐患的现状及其产生原因、"
        "危害程度和整改难易程度分析、治理方案各项内容、挂牌督办情况。",
    "Every 重大 hazard found in the period (with --quarter or --year).": "期间内发现的全部重大隐患(与 --quarter 或 --year 一起使用)。",
    "With --all: the quarter, e.g. 2026Q1.": "与 --all 一起: 季度, 例如 2026Q1。",
    "With --all: the year, e.g. 2026.": "与 --all 一起: 年度, 例如 2026。",
    "md (default), html or json.": "md(默认)、html 或 json。",
})
ERRORS.update({
    "only the operator may {what}: connect as the role that owns the register's tables":
        "只有运维可以{what}: 请以拥有登记库表的角色连接",
    "add a group or a district": "新增集团或辖区",
    "add an enterprise": "新增企业",
    "add the people of a group or a district": "新增集团或辖区的人员",
})
ERRORS.update({
    "give a hazard CODE, or --all with --quarter or --year": "请给出隐患编号, 或用 --all 加 --quarter 或 --year",
    "--quarter, --year and --org go with --all, not with a CODE": "--quarter、--year 和 --org 与 --all 一起使用, 不与隐患编号一起",
    "{h['code']} is a 一般 hazard: the 重大事故隐患报告 is for 重大 hazards only":
        "{h['code']} 是一般隐患: 重大事故隐患报告只针对重大隐患",
})
