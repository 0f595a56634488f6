"""The tables of the register (SQLModel), as Alembic sees them.

Every row carries ``enterprise_id``, the id of the root of its org tree: the tenant key by which a
shared PostgreSQL can later be partitioned. Times are UTC-aware (sqlmodel's UTCDateTime); deadlines
are dates. Enumerated columns store their English value and are guarded by CHECK constraints built from
the label tables of hazards/labels.py, the one source of every enum.
The hot paths do not load these classes as ORM entities: they run prepared SQL (hazards/db.py).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, Index, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from dualprev.hazards import labels

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Shared by every enterprise of a database; in a Citus distribution these are reference tables,
# copied to every node. Every other table is a tenant table: on PostgreSQL its primary key, unique
# constraints and foreign keys to other tenant tables lead with enterprise_id (revision 0019), so it
# can be hash-partitioned (``init --partitions N``) or distributed by it. A SQLite file holds one
# enterprise and keeps the single-column keys declared below.
REFERENCE_TABLES = frozenset({"org_unit", "person", "calendar_day"})



def _one_of(column: str, values: dict[str, tuple[str, str]]) -> CheckConstraint:
    """CHECK that ``column`` holds one of the keys of a label table of hazards/labels.py."""
    listed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({listed})", name=column)


class OrgUnit(SQLModel, table=True):
    """企业 → 车间/部门 → 班组. ``path`` is the materialised chain of ids, e.g. ``/1/4/9/``."""

    __tablename__ = "org_unit"
    __table_args__ = (_one_of("kind", labels.ORG_KINDS), Index(None, "path"))

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(max_length=36, unique=True)
    enterprise_id: int | None = Field(default=None, index=True)
    parent_id: int | None = Field(default=None, foreign_key="org_unit.id")
    name: str = Field(max_length=200)
    kind: str = Field(max_length=16)
    path: str = Field(default="", max_length=400)
    created_at: datetime


class EnterpriseProfile(SQLModel, table=True):
    """一企一档 basics of an enterprise (issue 13): its registered name and codes, as reports print them."""

    __tablename__ = "enterprise_profile"

    enterprise_id: int = Field(primary_key=True, foreign_key="org_unit.id",
                               sa_column_kwargs={"autoincrement": False})
    credit_code: str = Field(max_length=18)  # 统一社会信用代码 (GB 32100-2015)
    registered_name: str = Field(max_length=200)
    industry: str | None = Field(default=None, max_length=100)
    address: str | None = Field(default=None, max_length=300)
    legal_rep: str | None = Field(default=None, max_length=100)
    principal: str | None = Field(default=None, max_length=64, foreign_key="person.login")
    company_code: str | None = Field(default=None, max_length=9)  # 危化品登记 companyCode
    contact_phone: str | None = Field(default=None, max_length=32)
    updated_at: datetime
    updated_by: str = Field(max_length=64)


class Person(SQLModel, table=True):
    """A user. ``roles`` is a space-separated set of role keys (labels.ROLES); scope is the org unit's subtree.

    The first admin, made by ``init`` on an empty database, has no org unit: the whole database.
    """

    __tablename__ = "person"

    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(max_length=64, unique=True)
    name: str = Field(max_length=200)
    org_id: int | None = Field(default=None, foreign_key="org_unit.id", index=True)
    enterprise_id: int | None = Field(default=None, index=True)
    roles: str = Field(max_length=200)
    created_at: datetime
    # issue 10: on PostgreSQL the person is this database login (default: the login itself)
    db_role: str | None = Field(default=None, max_length=64, unique=True, index=True)
    active: bool = True


class AuditHead(SQLModel, table=True):
    """The head of one enterprise's hash chain (enterprise 0 is the database's own chain)."""

    __tablename__ = "audit_head"

    enterprise_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    seq: int = 0
    hash: str = Field(max_length=64)


class HazardEvent(SQLModel, table=True):
    """The append-only audit trail: one row per transition or edit, hash-linked per enterprise."""

    __tablename__ = "hazard_event"
    __table_args__ = (
        UniqueConstraint("enterprise_id", "seq"),
        Index(None, "subject", "subject_id"),
        Index(None, "enterprise_id", "event", "subject_id"),  # the ledger's verifiers (#15)
    )

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int
    seq: int
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
    subject: str = Field(max_length=16)
    subject_id: int
    ref: str = Field(max_length=200)
    event: str = Field(max_length=32)
    from_state: str | None = Field(default=None, max_length=16)
    to_state: str | None = Field(default=None, max_length=16)
    actor: str = Field(max_length=64)
    at: datetime
    comment: str | None = Field(default=None, sa_column=Column(Text))
    data: str = Field(sa_column=Column(Text, nullable=False))
    os_user: str | None = Field(default=None, max_length=64)  # NULL on events before it was kept
    db_user: str | None = Field(default=None, max_length=64)  # PostgreSQL: session_user, set by the server


class CodeSequence(SQLModel, table=True):
    """The last number given out per enterprise, prefix and year (YH-2026-000123)."""

    __tablename__ = "code_sequence"

    enterprise_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    prefix: str = Field(primary_key=True, max_length=8)
    year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    last: int = 0


VERSION_COL = Column("version", Integer, nullable=False, default=1)


class Hazard(SQLModel, table=True):
    """隐患: one row per hazard, its current state and the fields of its governance."""

    __tablename__ = "hazard"
    __table_args__ = (
        UniqueConstraint("enterprise_id", "code"),
        _one_of("level", labels.LEVELS),
        _one_of("state", labels.STATES),
        _one_of("source", labels.SOURCES),
        Index(None, "state", "deadline"),
        Index(None, "org_id", "state"),
        Index(None, "owner", "state"),
        Index(None, "enterprise_id", "reopened_from"),
        # listings read one enterprise in id order, the overdue list by state and deadline (#15)
        Index(None, "enterprise_id", "id"),
        Index(None, "enterprise_id", "state", "deadline"),
    )
    __mapper_args__ = {"version_id_col": VERSION_COL}

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(max_length=36, unique=True)
    enterprise_id: int = Field(foreign_key="org_unit.id")
    code: str = Field(max_length=32)
    title: str = Field(max_length=300)
    description: str | None = Field(default=None, sa_column=Column(Text))
    org_id: int = Field(foreign_key="org_unit.id")
    place: str | None = Field(default=None, max_length=200)
    category: str | None = Field(default=None, max_length=100)
    level: str = Field(default="general", max_length=16)
    source: str = Field(default="report", max_length=16)
    found_at: datetime
    finder: str = Field(max_length=64, foreign_key="person.login")
    owner: str | None = Field(default=None, max_length=64, foreign_key="person.login")
    measures: str | None = Field(default=None, sa_column=Column(Text))
    deadline: date | None = None
    original_deadline: date | None = None
    cost: float | None = None
    contingency: str | None = Field(default=None, sa_column=Column(Text))
    actual_cost: float | None = None
    state: str = Field(default="reported", max_length=16)
    version: int = Field(default=1, sa_column=VERSION_COL)
    updated_at: datetime
    closed_at: datetime | None = None
    risk_id: int | None = Field(default=None, foreign_key="risk_point.id", index=True)
    measure_id: int | None = Field(default=None, foreign_key="control_measure.id")
    task_id: int | None = Field(default=None, foreign_key="inspection_task.id", index=True)
    item_id: int | None = Field(default=None, foreign_key="checklist_item.id")
    # the cause category is a key of labels.CATEGORIES (checked by the use-cases; old free text
    # the migration could not map stays in category_text), its GB/T 13861 code, the 判定依据
    category_text: str | None = Field(default=None, sa_column=Column(Text))
    gb_code: str | None = Field(default=None, max_length=32)
    basis_clause: str | None = Field(default=None, max_length=32)
    basis: str | None = Field(default=None, sa_column=Column(Text))
    evaluated_at: datetime | None = None  # 16号令 Art 18: this round's evaluation; reject clears it
    reopened_from: int | None = None  # #12: the closed hazard (its id) found not fixed


class Extension(SQLModel, table=True):
    """延期: one row per change of deadline, with who, when and why."""

    __tablename__ = "extension"
    __table_args__ = (Index(None, "enterprise_id", "hazard_id"),)  # one enterprise's, by hazard (#15)

    id: int | None = Field(default=None, primary_key=True)
    hazard_id: int = Field(foreign_key="hazard.id", index=True)
    enterprise_id: int
    old_deadline: date
    new_deadline: date
    reason: str = Field(sa_column=Column(Text, nullable=False))
    by: str = Field(max_length=64)
    at: datetime


class GovernancePlan(SQLModel, table=True):
    """治理方案 of a 重大 hazard (16号令 Art 15¶2), its six items, approved by the 主要负责人."""

    __tablename__ = "governance_plan"
    __table_args__ = (_one_of("state", labels.PLAN_STATES),)

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int
    hazard_id: int = Field(foreign_key="hazard.id", unique=True)
    goal: str = Field(sa_column=Column(Text, nullable=False))
    method: str = Field(sa_column=Column(Text, nullable=False))
    funds: float
    resources: str = Field(sa_column=Column(Text, nullable=False))
    team: str = Field(sa_column=Column(Text, nullable=False))
    owner: str | None = Field(default=None, max_length=64, foreign_key="person.login")
    deadline: date
    requirements: str | None = Field(default=None, sa_column=Column(Text))
    safety: str = Field(sa_column=Column(Text, nullable=False))
    contingency: str = Field(sa_column=Column(Text, nullable=False))
    state: str = Field(max_length=16)
    drafted_by: str = Field(max_length=64)
    drafted_at: datetime
    approved_by: str | None = Field(default=None, max_length=64)
    approved_at: datetime | None = None
    note: str | None = Field(default=None, sa_column=Column(Text))
    version: int = Field(default=1, sa_column=Column("version", Integer, nullable=False, default=1))
    # the 重大事故隐患报告's own items (16号令 Art 14¶2), drafted with the plan (migration 0016)
    situation: str | None = Field(default=None, sa_column=Column(Text))  # 现状及其产生原因
    analysis: str | None = Field(default=None, sa_column=Column(Text))  # 危害程度和整改难易程度分析


class Evaluation(SQLModel, table=True):
    """评估 of a 重大 hazard's finished rectification (16号令 Art 18), before its 复核 can pass."""

    __tablename__ = "hazard_evaluation"

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int
    hazard_id: int = Field(foreign_key="hazard.id", index=True)
    evaluator: str = Field(max_length=200)
    conclusion: str = Field(sa_column=Column(Text, nullable=False))
    by: str = Field(max_length=64)
    at: datetime


class Attachment(SQLModel, table=True):
    """A photo or file kept by SHA-256 in the content-addressed store."""

    __tablename__ = "attachment"

    id: int | None = Field(default=None, primary_key=True)
    hazard_id: int = Field(foreign_key="hazard.id", index=True)
    enterprise_id: int
    sha256: str = Field(max_length=64)
    filename: str = Field(max_length=300)
    size: int
    stage: str = Field(max_length=16)
    by: str = Field(max_length=64)
    at: datetime


# --- the risk register: 风险分析单元 → 风险事件 → 管控措施 (national-interface.md §2) ---------------

class RiskPoint(SQLModel, table=True):
    """风险点 = the national 风险分析单元, with its current (latest) assessment copied in."""

    __tablename__ = "risk_point"
    __table_args__ = (
        UniqueConstraint("enterprise_id", "code"),
        _one_of("kind", labels.RISK_KINDS),
        _one_of("method", labels.METHODS),
        _one_of("grade", labels.GRADES),
        _one_of("control_level", labels.CONTROL_LEVELS),
        Index(None, "enterprise_id", "grade"),
        Index(None, "org_id", "grade"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(max_length=36, unique=True)
    enterprise_id: int = Field(foreign_key="org_unit.id")
    code: str = Field(max_length=32)
    name: str = Field(max_length=200)
    org_id: int = Field(foreign_key="org_unit.id")
    place: str | None = Field(default=None, max_length=200)
    kind: str = Field(default="area", max_length=16)
    description: str | None = Field(default=None, sa_column=Column(Text))
    analysis_object: str | None = Field(default=None, max_length=64)  # hazardCode (重大危险源)
    responsible: str | None = Field(default=None, max_length=64, foreign_key="person.login")
    method: str = Field(max_length=8)
    factor_l: float
    factor_e: float | None = None
    factor_c: float | None = None
    factor_s: int | None = None
    score: float
    grade: str = Field(max_length=16)
    control_level: str = Field(max_length=16)
    assessed_at: datetime
    deleted: bool = False
    created_at: datetime
    created_by: str = Field(max_length=64)
    updated_at: datetime
    updated_by: str = Field(max_length=64)


class RiskAssessment(SQLModel, table=True):
    """One assessment of a risk point (LEC or LS): the history; the newest is the current grade."""

    __tablename__ = "risk_assessment"
    __table_args__ = (_one_of("method", labels.METHODS), _one_of("grade", labels.GRADES))

    id: int | None = Field(default=None, primary_key=True)
    risk_id: int = Field(foreign_key="risk_point.id", index=True)
    enterprise_id: int
    method: str = Field(max_length=8)
    factor_l: float
    factor_e: float | None = None
    factor_c: float | None = None
    factor_s: int | None = None
    score: float
    grade: str = Field(max_length=16)
    variant: str | None = Field(default=None, max_length=8)
    rules_version: str = Field(max_length=32)
    note: str | None = Field(default=None, sa_column=Column(Text))
    reason: str | None = Field(default=None, sa_column=Column(Text))
    by: str = Field(max_length=64)
    at: datetime


class RiskSource(SQLModel, table=True):
    """危险源 = the national 风险事件 of a risk point."""

    __tablename__ = "risk_source"

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(max_length=36, unique=True)
    risk_id: int = Field(foreign_key="risk_point.id", index=True)
    enterprise_id: int
    name: str = Field(max_length=500)
    deleted: bool = False
    created_at: datetime


class ControlMeasure(SQLModel, table=True):
    """管控措施: our five types beside the national classify1/classify2 codes; the seed of checklists."""

    __tablename__ = "control_measure"
    __table_args__ = (_one_of("type", labels.MEASURE_TYPES), _one_of("control", labels.MEASURE_CONTROLS))

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(max_length=36, unique=True)
    risk_id: int = Field(foreign_key="risk_point.id", index=True)
    source_id: int | None = Field(default=None, foreign_key="risk_source.id")
    enterprise_id: int
    type: str = Field(max_length=16)
    text: str = Field(sa_column=Column(Text, nullable=False))
    owner: str | None = Field(default=None, max_length=64, foreign_key="person.login")
    classify1: str | None = Field(default=None, max_length=4)
    classify2: str | None = Field(default=None, max_length=8)
    control: str = Field(default="inspection", max_length=16)
    check_content: str | None = Field(default=None, sa_column=Column(Text))  # troubleshootContent
    deleted: bool = False
    created_at: datetime
    created_by: str = Field(max_length=64)


# --- scheduled inspections: 排查清单 → 排查计划 → 排查任务 → 排查记录 (national-interface.md §2.5-2.6) --



class Checklist(SQLModel, table=True):
    """排查清单: a named list of check items of one org unit."""

    __tablename__ = "checklist"

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(max_length=36, unique=True)
    enterprise_id: int = Field(foreign_key="org_unit.id")
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    name: str = Field(max_length=200)
    source_key: str | None = Field(default=None, max_length=64)  # set by `plan generate`
    created_at: datetime
    created_by: str = Field(max_length=64)
    retired_at: datetime | None = None  # #12: no new plans use it; kept in history and exports


class ChecklistItem(SQLModel, table=True):
    """排查项: free text, or derived from a control measure (then linked to it and its risk point)."""

    __tablename__ = "checklist_item"
    __table_args__ = (UniqueConstraint("checklist_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(max_length=36, unique=True)
    checklist_id: int = Field(foreign_key="checklist.id")
    enterprise_id: int
    position: int
    text: str = Field(sa_column=Column(Text, nullable=False))
    risk_id: int | None = Field(default=None, foreign_key="risk_point.id")
    measure_id: int | None = Field(default=None, foreign_key="control_measure.id")
    created_at: datetime
    retired_at: datetime | None = None  # #12: dropped by `checklist edit` or its measure retired


class InspectionPlan(SQLModel, table=True):
    """排查计划: which checklist, which org unit, which cadence, who. ``next_start`` is the
    watermark: the first period start not generated yet (schedules/tick.py)."""

    __tablename__ = "inspection_plan"
    __table_args__ = (_one_of("cadence", labels.CADENCES), Index(None, "paused", "next_start"),
                      UniqueConstraint("enterprise_id", "source_key"))

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(max_length=36, unique=True)
    enterprise_id: int = Field(foreign_key="org_unit.id")
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    checklist_id: int = Field(foreign_key="checklist.id")
    name: str = Field(max_length=200)
    cadence: str = Field(max_length=16)
    cron: str | None = Field(default=None, max_length=100)
    workdays: bool = False
    every_hours: int | None = None  # cadence ``hours``: the round's length (divides 24)
    shifts: str | None = Field(default=None, max_length=32)  # cadence ``shift``: the rules' pattern
    role: str = Field(default="inspector", max_length=16)
    assignee: str | None = Field(default=None, max_length=64, foreign_key="person.login")
    start: date
    grace_hours: int = 0
    paused: bool = False
    next_start: date
    source_key: str | None = Field(default=None, max_length=64)
    created_at: datetime
    created_by: str = Field(max_length=64)
    retired_at: datetime | None = None  # #12: no new tasks; the tasks made stay


class InspectionTask(SQLModel, table=True):
    """排查任务: one window of one plan, from ``starts_at`` to ``ends_at`` (a day-long period runs from
    local midnight to local midnight; ``period_start``/``period_end`` are the local days it starts and
    ends on); ``UNIQUE(plan_id, starts_at)`` makes generation idempotent."""

    __tablename__ = "inspection_task"
    __table_args__ = (
        UniqueConstraint("plan_id", "starts_at"),
        _one_of("state", labels.TASK_STATES),
        Index(None, "state", "due_at"),
        Index(None, "org_id", "period_start"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(max_length=36, unique=True)
    enterprise_id: int
    plan_id: int = Field(foreign_key="inspection_plan.id")
    org_id: int = Field(foreign_key="org_unit.id")
    period_start: date
    period_end: date
    starts_at: datetime
    ends_at: datetime
    due_at: datetime
    state: str = Field(default="open", max_length=16)
    late: bool = False
    done_at: datetime | None = None
    version: int = 1
    created_at: datetime


class InspectionResult(SQLModel, table=True):
    """排查记录: the result of one item in one task (ok 正常, fail 发现隐患, na 不适用)."""

    __tablename__ = "inspection_result"
    __table_args__ = (UniqueConstraint("task_id", "item_id"), _one_of("result", labels.RESULTS))

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(max_length=36, unique=True)
    task_id: int = Field(foreign_key="inspection_task.id")
    item_id: int = Field(foreign_key="checklist_item.id")
    enterprise_id: int
    result: str = Field(max_length=8)
    note: str | None = Field(default=None, sa_column=Column(Text))
    photo: str | None = Field(default=None, max_length=64)
    hazard_id: int | None = Field(default=None, foreign_key="hazard.id")
    late: bool = False
    by: str = Field(max_length=64)
    at: datetime


class CalendarDay(SQLModel, table=True):
    """An admin's entry of the State Council's holiday notice: a holiday or an adjusted workday."""

    __tablename__ = "calendar_day"
    __table_args__ = (CheckConstraint("kind IN ('holiday', 'workday')", name="kind"),)

    day: date = Field(primary_key=True)
    kind: str = Field(max_length=8)
    name: str | None = Field(default=None, max_length=64)
    by: str = Field(max_length=64)
    at: datetime


# --- escalation: 挂牌督办, the ladder, extension requests, the notification outbox ----------------



class Supervision(SQLModel, table=True):
    """挂牌督办: a hazard listed at a level, until its write-off (核销). One active per hazard."""

    __tablename__ = "supervision"
    __table_args__ = (
        _one_of("level", labels.SUPERVISION_LEVELS),
        _one_of("state", labels.SUPERVISION_STATES),
        Index(None, "enterprise_id", "state"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(max_length=36, unique=True)
    enterprise_id: int = Field(foreign_key="org_unit.id")
    hazard_id: int = Field(foreign_key="hazard.id", index=True)
    level: str = Field(max_length=16)
    state: str = Field(max_length=24)
    deadline: date | None = None  # 督办期限; none: the hazard's own deadline
    reason: str = Field(sa_column=Column(Text, nullable=False))
    auto: bool = False  # listed by the program (重大 at report, or the ladder)
    authority: str | None = Field(default=None, max_length=200)  # the regulator's name
    doc_no: str | None = Field(default=None, max_length=100)  # its 文号
    listed_by: str = Field(max_length=64)
    listed_at: datetime
    version: int = Field(default=1, sa_column=Column("version", Integer, nullable=False, default=1))
    updated_at: datetime
    closed_at: datetime | None = None
    writeoff_requested_at: datetime | None = None  # starts the 10-day review clock (16号令 Art 23)


class EscalationStep(SQLModel, table=True):
    """A ladder step fired for a hazard: the unique key makes each fire once, whatever the sweeps."""

    __tablename__ = "escalation_step"
    __table_args__ = (UniqueConstraint("hazard_id", "step"), Index(None, "enterprise_id", "hazard_id"))

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int
    hazard_id: int = Field(foreign_key="hazard.id")
    step: str = Field(max_length=32)
    deadline: date  # the deadline it was judged against
    fired_at: datetime


class ExtensionRequest(SQLModel, table=True):
    """延期申请: asked by the owner, approved (an Extension follows) or denied by a supervisor."""

    __tablename__ = "extension_request"
    __table_args__ = (_one_of("state", labels.REQUEST_STATES),)

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int
    hazard_id: int = Field(foreign_key="hazard.id", index=True)
    deadline: date
    reason: str = Field(sa_column=Column(Text, nullable=False))
    state: str = Field(max_length=16)
    by: str = Field(max_length=64)
    at: datetime
    decided_by: str | None = Field(default=None, max_length=64)
    decided_at: datetime | None = None
    note: str | None = Field(default=None, sa_column=Column(Text))


class NotifyRoute(SQLModel, table=True):
    """Where notifications for an org unit (and its subtree) or for one person go."""

    __tablename__ = "notify_route"
    __table_args__ = (_one_of("channel", labels.CHANNELS), _one_of("style", labels.WEBHOOK_STYLES))

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int
    org_id: int | None = Field(default=None, foreign_key="org_unit.id")
    person: str | None = Field(default=None, max_length=64, foreign_key="person.login")
    channel: str = Field(max_length=16)
    target: str = Field(max_length=500)
    style: str = Field(default="json", max_length=16)
    created_by: str = Field(max_length=64)
    created_at: datetime


class Notification(SQLModel, table=True):
    """The outbox: written with the event that caused it, delivered later by `notify send`."""

    __tablename__ = "notification"
    __table_args__ = (_one_of("state", labels.OUTBOX_STATES), Index(None, "state", "next_attempt_at"))

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int
    recipient: str = Field(max_length=64)
    route_id: int | None = Field(default=None, foreign_key="notify_route.id")
    channel: str | None = Field(default=None, max_length=16)
    target: str | None = Field(default=None, max_length=500)
    style: str | None = Field(default=None, max_length=16)
    hazard_code: str | None = Field(default=None, max_length=32)
    event: str = Field(max_length=32)
    subject: str = Field(max_length=200)
    body: str = Field(sa_column=Column(Text, nullable=False))
    state: str = Field(max_length=16)
    attempts: int = 0
    next_attempt_at: datetime
    claimed_until: datetime | None = None
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    created_at: datetime
    sent_at: datetime | None = None


# --- the regulator's word and everyone's report (issue 14 items 3, 4) -----------------------------

class RegulatorAction(SQLModel, table=True):
    """监管执法: a regulator's document on a hazard, recorded by the enterprise with the authority and
    its 文号: 整改指令书 (order, with the regulator's deadline), 行政处罚决定书 (penalty, the fine),
    整改复查 (review, passed or not), 延期决定 (extension, the regulator's new deadline)."""

    __tablename__ = "regulator_action"
    __table_args__ = (_one_of("kind", labels.REGULATOR_ACTIONS), Index(None, "hazard_id", "kind"))

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int
    hazard_id: int = Field(foreign_key="hazard.id")
    kind: str = Field(max_length=16)
    authority: str = Field(max_length=200)
    doc_no: str = Field(max_length=100)
    deadline: date | None = None
    amount: float | None = None
    passed: bool | None = None
    note: str | None = Field(default=None, sa_column=Column(Text))
    by: str = Field(max_length=64)
    at: datetime


class Whistleblower(SQLModel, table=True):
    """举报: how a report from outside the register was taken, and by whom it was made. The
    reporter and the contact are confidential (安全生产法 Art 76): only supervisors read them, and
    they are kept out of the audit data, listings and exports."""

    __tablename__ = "whistleblower"
    __table_args__ = (_one_of("via", labels.REPORT_CHANNELS),)

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int
    hazard_id: int = Field(foreign_key="hazard.id", unique=True)
    via: str = Field(max_length=16)
    reporter: str | None = Field(default=None, max_length=200)
    contact: str | None = Field(default=None, max_length=200)
    anonymous: bool = False
    taken_by: str = Field(max_length=64)
    at: datetime


class Reward(SQLModel, table=True):
    """奖励 for a verified report (16号令 Art 11; 举报奖励: 15% of the fine, ¥3,000 to ¥300,000)."""

    __tablename__ = "reward"

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int
    hazard_id: int = Field(foreign_key="hazard.id", unique=True)
    amount: float
    fine: float | None = None
    suggested: float | None = None
    note: str | None = Field(default=None, sa_column=Column(Text))
    by: str = Field(max_length=64)
    at: datetime


# --- the national data exchange (issue 13 item 6, national-interface.md) ---------------------------

class NationalBatch(SQLModel, table=True):
    """One run of `export national` that wrote files (``mode`` file) or pushed (``mode`` push):
    since when, when, to where (the URL without its query), how it ended and its counts."""

    __tablename__ = "national_batch"
    __table_args__ = (CheckConstraint("mode IN ('file', 'push')", name="mode"),
                      CheckConstraint("state IN ('running', 'done', 'failed')", name="state"),
                      Index(None, "enterprise_id", "mode", "state", "started_at"))

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="org_unit.id")
    mode: str = Field(max_length=8)
    since: datetime | None = None
    started_at: datetime
    finished_at: datetime | None = None
    target: str = Field(max_length=500)
    state: str = Field(max_length=8)
    counts: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    by: str = Field(max_length=64)


class NationalRecord(SQLModel, table=True):
    """What became of one record in one batch: ``invalid`` (the schema refused it, ``error`` says
    which field), ``written`` to the file, ``pushed`` to the platform, or ``failed`` (the platform
    or the transport refused it, ``error`` says how; the next run sends it again)."""

    __tablename__ = "national_record"
    __table_args__ = (UniqueConstraint("enterprise_id", "batch_id", "dataset", "record_id"),
                      CheckConstraint("state IN ('invalid', 'written', 'pushed', 'failed')", name="state"),
                      Index(None, "enterprise_id", "dataset", "record_id"))

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="org_unit.id")
    batch_id: int = Field(foreign_key="national_batch.id")
    dataset: str = Field(max_length=48)
    record_id: str = Field(max_length=36)
    ref: str = Field(max_length=300)
    state: str = Field(max_length=8)
    error: str | None = Field(default=None, sa_column=Column(Text))
