"""Reports and sheets beyond a plain listing, in the language of ``--lang``: the 隐患台账 and the
overdue list, one hazard's sheet, the 安全风险清单, a risk point's sheet and the four-colour
matrix, the enterprise profile, an inspection task and the completion report, the 挂牌督办清单, the workflow itself.

They take the plain dicts of hazards/queries and write to a stream (or a file, for xlsx); the
words they print come from hazards/labels.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TextIO

from dualprev.hazards import config, render
from dualprev.hazards.labels import (
    CATEGORIES,
    COLOURS,
    ENTERPRISE_FIELDS,
    EVENTS,
    GRADES,
    HOLIDAYS,
    LEVELS,
    MEASURE_TYPES,
    PLAN_ITEMS,
    REGULATOR_ACTIONS,
    REPORT_CHANNELS,
    REPORT_ITEMS,
    RISK_HEADINGS,
    SOURCES,
    STATES,
    SUPERVISION_LEVELS,
    SUPERVISION_STATES,
    TASK_STATES,
    TEXTS,
    label,
    text,
)
from dualprev.hazards.queries.enterprise import PROFILE_COLUMNS as ENTERPRISE_COLUMNS
from dualprev.hazards.queries.hazard import LEDGER_COLUMNS
from dualprev.hazards.queries.inspection import PLAN_COLUMNS, REPORT_COLUMNS
from dualprev.hazards.queries.risk import LIST_COLUMNS as RISK_COLUMNS
from dualprev.hazards.queries.supervision import LIST_COLUMNS as SUPERVISION_COLUMNS
from dualprev.templates import stream

OVERDUE_COLUMNS = ["code", "title", "level", "org", "owner", "original_deadline", "deadline",
                   "extensions", "days_overdue", "state", "ladder"]
COLOUR_HEX = {"red": "#d9001b", "orange": "#ff8c00", "yellow": "#ffd700", "blue": "#1e6fd9"}


def as_of(lang: str) -> str:
    """The line under a report's title: the day it speaks of and the rules it applied."""
    return f"{text('as_of', lang)} {config.today().isoformat()} · rules {config.rules()['version']}"


# --- hazards ----------------------------------------------------------------------------------------

def overdue(rows: Iterable[dict], fmt: str, lang: str, out: TextIO, path: str | None = None,
            summary: dict[str, Any] | None = None, profile: dict[str, Any] | None = None) -> int:
    """逾期隐患清单; as a page, with the overdue hazards of each org unit drawn; ``profile`` (the
    enterprise's registered name and credit code) heads a page and a Markdown table."""
    charts = [overdue_chart(summary, lang)] if summary else []
    return render.emit(rows, OVERDUE_COLUMNS, fmt, lang, out=out, title=text("overdue_title", lang),
                       note=as_of(lang), path=path, charts=charts, profile=profile)


def ledger(rows: Iterable[dict], fmt: str, lang: str, out: TextIO, path: str | None = None,
           summary: dict[str, Any] | None = None, profile: dict[str, Any] | None = None) -> int:
    """隐患台账; as a page, headed by the found/closed months, 一般/重大 and 整改率 by unit."""
    charts = hazard_charts(summary, lang) if summary else []
    return render.emit(rows, LEDGER_COLUMNS, fmt, lang, out=out, title=text("ledger_title", lang),
                       note=as_of(lang), path=path, charts=charts, profile=profile)


def hazard_charts(summary: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """The pictures of ``queries.hazard.summary``: found and closed by month, the 一般/重大
    split, 整改率 by org unit."""
    from dualprev.hazards import charts

    months = summary["months"]
    units = summary["units"]
    return [
        charts.bars(text("chart_months", lang), [m["month"][2:] for m in months],
                    [(text("chart_found", lang), [m["found"] for m in months], "#1e6fd9"),
                     (text("chart_closed", lang), [m["closed"] for m in months], "#2e9e5b")]),
        charts.pie(text("chart_levels", lang),
                   [(label(LEVELS, "general", lang), summary["levels"].get("general", 0), "#ffb000"),
                    (label(LEVELS, "major", lang), summary["levels"].get("major", 0), "#d9001b")]),
        charts.bars(text("chart_rate", lang), [u["org"] for u in units],
                    [(text("chart_rate", lang), [u["rate"] for u in units], "#2e9e5b")],
                    horizontal=True, maximum=100),
    ]


def overdue_chart(summary: dict[str, Any], lang: str) -> dict[str, Any]:
    from dualprev.hazards import charts

    units = [u for u in summary["units"] if u["overdue"]]
    return charts.bars(text("chart_overdue", lang), [u["org"] for u in units],
                       [(text("chart_overdue", lang), [u["overdue"] for u in units], "#d9001b")],
                       horizontal=True)


def hazard_text(h: dict[str, Any], lang: str, out: TextIO) -> None:
    """One hazard's sheet (`hazard show`): its fields, extensions, attachments and history."""
    head = lambda column: render.headers([column], lang)[0]  # noqa: E731
    state = text("state_with_key", lang, state=label(STATES, h["state"], lang), key=h["state"])
    fields = [
        (head("state"), state + (text("overdue_mark", lang) if h["overdue"] else "")),
        (head("level"), label(LEVELS, h["level"], lang)),
        (head("enterprise"), h.get("enterprise") or ""),  # codes repeat across enterprises (#13)
        (head("org"), h["org"]),
        (head("place"), h["place"] or ""),
        (head("category"), category_text(h, lang)),
        (head("basis"), basis_text(h, lang)),
        (text("found", lang), f"{render.local_time(h['found_at'])} {h['finder']}"),
        (head("owner"), h["owner"] or ""),
        (head("measures"), h["measures"] or ""),
        (head("deadline"), h["deadline"] or ""),
        (head("original_deadline"), h["original_deadline"] or ""),
        (head("cost"), "" if h["cost"] is None else f"{h['cost']:g}"),
        (head("contingency"), h["contingency"] or ""),
        (text("description", lang), h["description"] or ""),
        (text("risk_point", lang), "" if not h.get("risk") else
         f"{h['risk']['code']} {h['risk']['name']} {label(GRADES, h['risk']['grade'], lang)}/"
         f"{label(COLOURS, h['risk']['colour'], lang)}"
         + (f" · {text('measure', lang)} #{h['measure_id']}" if h.get("measure_id") else "")),
    ]
    listing = h.get("supervision")
    if listing:
        fields.append((text("supervision", lang),
                       f"{label(SUPERVISION_LEVELS, listing['level'], lang)} "
                       f"{label(SUPERVISION_STATES, listing['state'], lang)}"
                       + (f" · {listing['authority']} {listing['doc_no']}" if listing["authority"] else "")))
    fields += outside_fields(h, lang)
    fields += [(text("reopened_from", lang), h.get("reopened_from") or ""),
               (text("reopened_as", lang), text("list_joiner", lang).join(h.get("reopened_as") or []))]
    pending = [r for r in h.get("extension_requests", []) if r["state"] == "pending"]
    if pending:
        fields.append((text("extension_requested", lang),
                       f"{pending[-1]['deadline']} ({pending[-1]['by']}: {pending[-1]['reason']})"))
    history = []
    for e in h["history"]:
        move = ""
        if e["to_state"] and e["from_state"] != e["to_state"]:
            move = (f"{label(STATES, e['from_state'], lang)} → " if e["from_state"] else "") + \
                label(STATES, e["to_state"], lang)
        actor = e["actor"]
        if e.get("os_user") and e["os_user"] != actor:  # --as on SQLite is not authenticated
            actor += text("os_user_mark", lang, os_user=e["os_user"])
        history.append({"seq": e["seq"], "at": render.local_time(e["at"]), "actor": actor,
                        "event": label(EVENTS, e["event"], lang), "move": move,
                        "comment": e["comment"]})
    if h["level"] == "major":
        fields.append((text("plan", lang), plan_state_text(h, lang)))
    evaluations = [{**e, "at": render.local_time(e["at"])} for e in h.get("evaluations", [])]
    t = {k: text(k, lang) for k in ("extensions", "attachments", "history", "plan", "evaluations")}
    stream("hazard_show.txt.j2", out, h=h, fields=[f for f in fields if f[1]], history=history, t=t,
           plan=plan_lines(h.get("plan"), lang), evaluations=evaluations)


def category_text(h: dict[str, Any], lang: str) -> str:
    """物的不安全状态 · GB/T 13861 2.1, with the original free text when the migration kept one."""
    shown = label(CATEGORIES, h["category"], lang)
    if h.get("gb_code"):
        shown += f" · GB/T 13861 {h['gb_code']}"
    original = h.get("category_text")
    if original and original != label(CATEGORIES, h["category"], "zh"):
        shown += f" ({text('category_original', lang)}: {original})" if shown else original
    return shown


def basis_text(h: dict[str, Any], lang: str) -> str:
    if not h.get("basis"):
        return ""
    return f"{h['basis_clause']} {h['basis']}" if h.get("basis_clause") else \
        f"{h['basis']} {text('basis_free', lang)}"


def plan_state_text(h: dict[str, Any], lang: str) -> str:
    """The 治理方案 line of a 重大 hazard: approved, waiting, or missing (and what it lacks)."""
    plan = h.get("plan")
    missing = text("list_joiner", lang).join(label(PLAN_ITEMS, i, lang) for i in h.get("plan_missing") or [])
    if plan is None:
        return text("plan_missing", lang, items=missing)
    if plan["state"] == "approved":
        return text("plan_approved", lang, by=plan["approved_by"], at=render.local_time(plan["approved_at"]))
    return text("plan_draft", lang) + (f" ({text('plan_lacks', lang, items=missing)})" if missing else "")


def plan_lines(plan: dict[str, Any] | None, lang: str) -> list[tuple[str, str]]:
    """The 现状 and 分析 of 16号令 Art 14¶2 when given, then the six items of Art 15¶2, each on its line."""
    if plan is None:
        return []
    t = lambda key: text(key, lang)  # noqa: E731
    values = {
        "goal": plan["goal"], "method": plan["method"],
        "funds": f"{plan['funds']:g} 元; {t('plan_resources')}: {plan['resources']}",
        "team": plan["team"] + (f"; {t('plan_owner')}: {plan['owner']}" if plan["owner"] else ""),
        "deadline": plan["deadline"] + (f"; {t('plan_requirements')}: {plan['requirements']}"
                                        if plan["requirements"] else ""),
        "safety": f"{plan['safety']}; {t('plan_contingency')}: {plan['contingency']}",
    }
    lines = [(label(REPORT_ITEMS, k, lang), plan[k]) for k in REPORT_ITEMS if plan.get(k)]
    lines += [(label(PLAN_ITEMS, k, lang), v) for k, v in values.items()]
    if plan["note"]:
        lines.append((t("plan_note"), plan["note"]))
    return lines



def outside_fields(h: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """The sheet's lines for what came from outside: the source, the 举报 (its reporter and
    contact only when the data holds them), the regulator's documents, the reward."""
    out = [(render.headers(["source"], lang)[0], label(SOURCES, h.get("source"), lang))]
    w = h.get("whistleblower")
    if w:
        who = (text("confidential", lang) if "contact" not in w else
               "anonymous" if w["anonymous"] else f"{w['reporter'] or ''} {w['contact'] or ''}".strip())
        out.append((text("whistleblower", lang), f"{label(REPORT_CHANNELS, w['via'], lang)} · {w['taken_by']} · {who}"))
    for a in h.get("regulator_actions", []):
        detail = " ".join(str(v) for v in (
            a["deadline"], None if a["amount"] is None else f"{a['amount']:g}",
            None if a["passed"] is None else text("yes" if a["passed"] else "no", lang)) if v is not None)
        out.append((label(REGULATOR_ACTIONS, a["kind"], lang), f"{a['authority']} {a['doc_no']} {detail}".strip()))
    if h.get("reward"):
        out.append((text("reward", lang), f"{h['reward']['amount']:g} · {h['reward']['by']}"))
    return out


def whistleblower(rows: Iterable[dict], columns: list[str], fmt: str, lang: str, out: TextIO,
                  path: str | None = None) -> int:
    """举报登记 (`report whistleblower`)."""
    return render.emit(rows, columns, fmt, lang, out=out, title=text("whistleblower_title", lang),
                       note=as_of(lang), path=path)


# --- the risk register -------------------------------------------------------------------------

def risk_ledger(rows: Iterable[dict], fmt: str, lang: str, out: TextIO, path: str | None = None,
                matrix_data: dict[str, Any] | None = None, profile: dict[str, Any] | None = None) -> int:
    """安全风险清单; as a page, with the four-colour distribution of ``queries.risk.matrix``."""
    charts = colour_charts(matrix_data, lang) if matrix_data else []
    return render.emit(rows, RISK_COLUMNS, fmt, lang, out=out, title=text("risk_ledger_title", lang),
                       note=as_of(lang), names=RISK_HEADINGS, path=path, charts=charts, profile=profile)


def colour_charts(m: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """红/橙/黄/蓝: the whole scope's risk points as a ring, and each org unit's as stacked bars."""
    from dualprev.hazards import charts

    names = {c: label(COLOURS, c, lang) for c in COLOUR_HEX}
    totals = {c: sum(u[c] for u in m["orgs"]) for c in COLOUR_HEX}
    return [
        charts.pie(text("chart_colours", lang), [(names[c], totals[c], h) for c, h in COLOUR_HEX.items()]),
        charts.bars(text("chart_colours_by_org", lang),
                    [f"{u['enterprise']} · {u['org']}" if "enterprise" in u else u["org"] for u in m["orgs"]],
                    [(names[c], [u[c] for u in m["orgs"]], h) for c, h in COLOUR_HEX.items()],
                    horizontal=True, stacked=True),
    ]


def grade_text(r: dict[str, Any], lang: str) -> str:
    return f"{label(GRADES, r['grade'], lang)}/{label(COLOURS, r['colour'], lang)}"


def risk_text(r: dict[str, Any], lang: str, out: TextIO) -> None:
    """One risk point's sheet (`risk show`)."""
    value = lambda column: render.cell(r, column, lang)  # noqa: E731
    fields = [(render.headers([c], lang, RISK_HEADINGS)[0], value(c)) for c in (
        "org", "place", "kind", "sources", "method", "factors", "score", "control_level",
        "controllers", "responsible")]
    fields.append((text("analysis_object", lang), r["analysis_object"] or ""))
    fields.append((text("description", lang), r["description"] or ""))
    flags = [render.headers([c], lang)[0] for c in ("reassess", "review_due") if r[c]]
    if flags:
        fields.append((text("flags", lang), "、".join(flags)))
    assessments = [{**a, "at": render.local_time(a["at"]),
                    "factors": "×".join(str(f) for f in a["factors"]),
                    "method": a["method"].upper(), "grade": grade_text(a, lang)}
                   for a in r["assessments"]]
    measures = [{**m, "type": label(MEASURE_TYPES, m["type"], lang)} for m in r["measures"]]
    hazards = {k: [{**h, "level": label(LEVELS, h["level"], lang), "state": label(STATES, h["state"], lang)}
                   for h in r["hazards"][k]] for k in ("open", "closed")}
    t = {"assessments": text("assessments", lang), "measures": text("control_measures", lang),
         "open": text("open_hazards", lang), "closed": text("closed_hazards", lang)}
    stream("risk_show.txt.j2", out, r={**r, "hazards": hazards}, grade=grade_text(r, lang),
           fields=[f for f in fields if f[1]], assessments=assessments, measures=measures, t=t)


def matrix(m: dict[str, Any], fmt: str, lang: str, out: TextIO, profile: dict[str, Any] | None = None) -> None:
    """The four-colour picture: JSON, a standalone HTML page, or three tables (table/md/csv)."""
    if fmt == "json":
        render.dump_json(m, out)
        return
    legend = [{"colour": c, "label": f"{label(GRADES, g, lang)} {label(COLOURS, c, lang)}"}
              for g, c in (("major", "red"), ("considerable", "orange"), ("general", "yellow"),
                           ("low", "blue"))]
    t = {"title": text("matrix_title", lang), "ls": text("matrix_ls", lang, variant=m["ls"]["variant"]),
         "lec": text("matrix_lec", lang), "orgs": text("matrix_orgs", lang),
         "org": text("org_unit", lang), "total": text("total", lang), "note": as_of(lang),
         "enterprise": render.headers(["enterprise"], lang)[0]}
    grid = [{"likelihood": l, "cells": [c for c in m["ls"]["cells"] if c["likelihood"] == l]}
            for l in range(5, 0, -1)]  # noqa: E741
    if fmt == "html":
        lec = [{**g, "label": legend[i]["label"]} for i, g in enumerate(m["lec"])]
        render.page("risk_matrix.html.j2", out, lang, title=t["title"], note=t["note"],
                    charts=colour_charts(m, lang), m={**m, "lec": lec}, grid=grid, legend=legend,
                    t=t, colours=COLOUR_HEX, profile=profile)
        return
    severities = [f"S={s}" for s in range(1, 6)]
    rows = [{"likelihood": f"L={row['likelihood']}",
             **{f"S={c['severity']}": f"{label(COLOURS, c['colour'], lang)} {c['count']}"
                for c in row["cells"]}} for row in grid]
    render.emit(rows, ["likelihood", *severities], fmt, lang, out=out, title=t["ls"], profile=profile)
    render.emit(m["lec"], ["grade", "colour", "count"], fmt, lang, out=out, title=t["lec"],
                names={"count": TEXTS["count"]})
    render.emit(m["orgs"], ["org", "red", "orange", "yellow", "blue", "total"], fmt, lang, out=out,
                title=t["orgs"], note=t["note"],  # with the 企业 column first when the units carry it
                names={c: (label(COLOURS, c, "zh"), c) for c in COLOUR_HEX})


# --- the enterprise -------------------------------------------------------------------------------

def enterprise_text(p: dict[str, Any], lang: str, out: TextIO) -> None:
    """The enterprise profile's sheet (`enterprise show`): one labelled line per field set."""
    values = {**p, "updated_at": render.local_time(p["updated_at"]),
              "principal": p["principal"] and f"{p['principal_name']} ({p['principal']})"}
    for column in ENTERPRISE_COLUMNS:
        if values[column]:
            out.write(render.printable(f"{label(ENTERPRISE_FIELDS, column, lang)}: {values[column]}") + "\n")


# --- inspections ---------------------------------------------------------------------------------

def checklist_text(c: dict[str, Any], lang: str, out: TextIO) -> None:
    """A checklist and its numbered items (`checklist show`)."""
    out.write(render.printable(f"{c['id']} {c['name']} · {c['org']}") + "\n")
    render.emit(c["items"], ["no", "text", "risk"], "table", lang, out=out)
    if c.get("retired_items"):
        gone = "; ".join(f"{i['no']}. {i['text']}" for i in c["retired_items"])
        out.write(render.printable(text("items_retired", lang, items=gone)) + "\n")


def plan_text(p: dict[str, Any], lang: str, out: TextIO) -> None:
    """A plan and its latest tasks (`plan show`)."""
    render.emit([p], PLAN_COLUMNS, "table", lang, out=out)
    render.emit(p["tasks"], ["id", "starts_at", "ends_at", "due_at", "state", "late"], "table", lang,
                out=out)


def task_text(t: dict[str, Any], lang: str, out: TextIO) -> None:
    """One inspection task with its numbered items (`inspect show`)."""
    out.write(render.printable(text("task_heading", lang, id=t["id"], plan=t["plan"], org=t["org"])) + "\n")
    start, end = render.local_time(t["starts_at"]), render.local_time(t["ends_at"])
    if start.endswith(" 00:00") and end.endswith(" 00:00"):  # a day-long period: its days
        start, end = t["period_start"], t["period_end"]
    out.write(text("task_period", lang, start=start, end=end,
                   due=render.local_time(t["due_at"]), state=label(TASK_STATES, t["state"], lang),
                   key=t["state"])
              + (text("late_mark", lang) if t["late"] else "") + "\n")
    render.emit(t["items"], ["no", "text", "result", "note", "hazard", "late"], "table", lang, out=out)


def completion(report: dict[str, Any], fmt: str, lang: str, out: TextIO,
               path: str | None = None, profile: dict[str, Any] | None = None) -> int:
    """The completion report's rows in ``fmt`` (into ``path`` with --output, xlsx included)."""
    title = text("completion_title", lang, start=report["from"], end=report["to"])
    charts = []
    if fmt == "html":
        from dualprev.hazards import charts as drawing

        rows = [r for r in report["rows"] if r["due"]]
        bars = [" · ".join(filter(None, (r.get("enterprise"), r["org"], r["plan"]))) for r in rows]
        charts = [drawing.bars(text("chart_completion", lang), bars,
                               [(text("chart_completion", lang),
                                 [round(100 * r["done"] / r["due"], 1) for r in rows], "#1e6fd9")],
                               horizontal=True, maximum=100)]
    return render.emit(report["rows"], REPORT_COLUMNS, fmt, lang, out=out, title=title,
                       note=f"rules {report['rules_version']}", path=path, charts=charts, profile=profile)


# --- 挂牌督办 ---------------------------------------------------------------------------------------

def listing_line(r: dict[str, Any], lang: str) -> str:
    """``YH-2026-000003: 企业级挂牌督办 已申请核销 (writeoff_requested)``: a hazard's latest listing."""
    s = r["supervisions"][-1]
    return text("listing_line", lang, code=r["code"], level=label(SUPERVISION_LEVELS, s["level"], lang),
                state=label(SUPERVISION_STATES, s["state"], lang), key=s["state"])


def supervision_list(rows: Iterable[dict], fmt: str, lang: str, out: TextIO, path: str | None = None,
                     profile: dict[str, Any] | None = None) -> int:
    """挂牌督办清单."""
    return render.emit(rows, SUPERVISION_COLUMNS, fmt, lang, out=out, path=path,
                       title=text("supervision_title", lang), note=as_of(lang), profile=profile)


def ladder(steps: Iterable[dict], auto_list_major: bool, fmt: str, lang: str, out: TextIO) -> int:
    """The escalation ladder in force (`escalation show`)."""
    note = text("ladder_note", lang, auto=text("yes" if auto_list_major else "no", lang),
                version=config.rules()["version"])
    return render.emit(steps, ["step", "days", "notify", "action"], fmt, lang, out=out,
                       title=text("ladder_title", lang), note=note)


# --- the workflow ------------------------------------------------------------------------------

def workflow_data() -> dict[str, Any]:
    """The hazard lifecycle as the engine runs it (`workflow show`)."""
    from dualprev.workflows import hazard as lifecycle  # transitions loads for this report only

    return {"states": [{"name": s, "label": zh, "label_en": en} for s, (zh, en) in STATES.items()],
            "transitions": lifecycle.describe(), "records": lifecycle.describe_records(),
            "rules_version": config.rules()["version"]}


def workflow_text(lang: str) -> str:
    data = workflow_data()
    lines = ["states: " + ", ".join(f"{label(STATES, s['name'], lang)} ({s['name']})"
                                   for s in data["states"]), ""]
    def states(names: str | list[str]) -> str:
        return "/".join(label(STATES, s, lang) for s in ([names] if isinstance(names, str) else names))

    for t in data["transitions"]:
        lines.append(f"{t['trigger']:<12} {states(t['source'])} → "
                     f"{states(t['dest'])}   {label(EVENTS, t['trigger'], lang)}")
        lines.append(f"{'':12} roles: {', '.join(t['roles'])}"
                     + (f"; guards: {', '.join(t['guards'])}" if t["guards"] else ""))
    from dualprev.workflows import hazard as lifecycle  # transitions loads for this report only

    lines += ["", text("wf_records", lang) + ":"]
    for r in lifecycle.describe_records(lang):
        lines.append(f"{r['command']:<40} roles: {', '.join(r['roles'])}")
        lines.append(f"{'':40} {r['note']}")
    return "\n".join(lines)


def task_workflow_data() -> dict[str, Any]:
    """The inspection task's lifecycle and its windows (`workflow show`, after the hazard's)."""
    schedule = config.rules()["schedule"]
    return {"states": list(TASK_STATES), "transitions": [
                {"trigger": "complete", "source": "open", "dest": "done"},
                {"trigger": "miss", "source": "open", "dest": "missed"}],
            "late_days": schedule["late_days"], "grace_hours": schedule["grace_hours"],
            "shifts": schedule["shifts"], "default_shifts": schedule["default_shifts"]}


def task_workflow_text(lang: str) -> str:
    data = task_workflow_data()
    lines = [text("task_flow_title", lang), text("task_flow_complete", lang), text("task_flow_miss", lang),
             text("task_flow_late", lang, days=data["late_days"]), text("task_flow_days", lang),
             text("task_flow_rounds", lang)]
    lines += [text("task_flow_shifts", lang, name=name, spans=", ".join(spans))
              for name, spans in data["shifts"].items()]
    return "\n".join(lines)


def workflow_mermaid(lang: str) -> str:
    """Mermaid stateDiagram drawn by transitions' own diagram extension, with our labels."""
    from transitions.extensions.diagrams import GraphMachine

    from dualprev.workflows import hazard as lifecycle  # transitions loads for this report only

    class Drawing:  # a throwaway model: the runtime machine stays model-less
        pass

    machine = GraphMachine(
        model=Drawing(), states=list(STATES), initial="reported", auto_transitions=False,
        transitions=[{k: t[k] for k in ("trigger", "source", "dest", "conditions")}
                     for t in lifecycle.TRANSITIONS],
        graph_engine="mermaid", show_conditions=True, title="dualprev hazard lifecycle",
    )
    drawn = machine.model.get_graph().draw(None)
    for s in STATES:
        drawn = drawn.replace(f'state "{s}" as {s}', f'state "{label(STATES, s, lang)} {s}" as {s}')
    return drawn


# --- 隐患排查治理统计分析表 -------------------------------------------------------------------------

def stats(s: dict[str, Any], fmt: str, lang: str, out: TextIO, path: str | None = None) -> None:
    """`report stats`: JSON as the query gives it (numbers stay numbers); csv and xlsx the rows and
    the total; the table, Markdown and the page with the header (enterprise, period, filing
    deadline), the rule applied and the 主要负责人's signature line."""
    from dualprev.hazards import outputs
    from dualprev.hazards.labels import STATS_HEADINGS
    from dualprev.hazards.queries.stats import COLUMNS

    if path and fmt != "xlsx":
        with outputs.text_file(path) as file:
            return stats(s, fmt, lang, file)
    if fmt == "json":
        render.dump_json(s, out)
        return None
    rows = [stats_cells(r, lang, numbers=fmt == "xlsx") for r in [*s["rows"], s["total"]]]
    title = text("stats_title", lang)
    if fmt in ("csv", "xlsx"):
        render.emit(rows, COLUMNS, fmt, lang, out=out, title=title, names=STATS_HEADINGS, path=path)
        return None
    head, foot = stats_header(s, lang), stats_footer(s, lang)
    if fmt == "html":
        render.page("stats.html.j2", out, lang, title=title, charts=[stats_chart(s, lang)], wide=True,
                    head=head, foot=foot, rows=rows, columns=COLUMNS,
                    headings={c: label(STATS_HEADINGS, c, lang) for c in COLUMNS},
                    t={k: text(f"stats_{k}", lang)
                       for k in ("general", "major", "plan", "listing", "on_time")})
        return None
    md = fmt == "md"
    gap = "\n\n" if md else "\n"
    out.write((f"# {title}\n\n" if md else f"{title}\n") + gap.join(head) + gap)
    render.emit(rows, COLUMNS, fmt, lang, out=out, names=STATS_HEADINGS)
    out.write(("\n" if md else "") + gap.join(foot) + "\n")
    return None


def stats_cells(r: dict[str, Any], lang: str, numbers: bool = False) -> dict[str, Any]:
    """A row as the table shows it: the total and a unit's own row named, a rate with one decimal
    (— when nothing was found), the money in 万元 with two; ``numbers`` (xlsx) keeps them numbers."""
    from dualprev.hazards.queries.stats import COLUMNS

    out = {c: r[c] for c in COLUMNS}
    out["org"] = text("total", lang) if r["org"] is None else \
        text("stats_own", lang, org=r["org"]) if r["own"] else r["org"]
    for c in COLUMNS:
        if c.endswith("_rate"):
            out[c] = "—" if r[c] is None else r[c] if numbers else f"{r[c]:.1f}"
    out["funds"] = r["funds"] if numbers else f"{r['funds']:.2f}"
    return out


def stats_header(s: dict[str, Any], lang: str) -> list[str]:
    """Who files it (registered name and credit code, or how to set them), the period, when it is due."""
    p, e = s["period"], s["enterprise"]
    if e is not None:
        lines = [text("stats_enterprise", lang, name=e["name"], code=e["credit_code"])]
    elif s["enterprises"] > 1:
        lines = [text("stats_several", lang, n=s["enterprises"])]
    else:
        lines = [text("stats_no_profile", lang, org=s["scope"] or "ORG")]
    key = p["key"]
    lines.append(text(f"stats_period_{p['kind']}", lang, year=key[:4], q=key[-1], first=p["first"],
                      last=p["last"]))
    due = s["filing_deadline"]
    lines.append(text("stats_due_moved", lang, date=due["date"], was=due["moved_from"],
                      holiday=label(HOLIDAYS, due["holiday"], lang)) if "moved_from" in due
                 else text("stats_due", lang, date=due["date"]))
    if not p["complete"]:
        lines.append(text("stats_running", lang, today=s["as_of"]))
    return lines


def stats_footer(s: dict[str, Any], lang: str) -> list[str]:
    """The rule applied, the 主要负责人's signature line, the date made."""
    rule = s["rule"]
    levels = text("list_joiner", lang).join(label(SUPERVISION_LEVELS, lv, lang)
                                            for lv in rule["supervision_levels"])
    lines = [text("stats_rule", lang, version=s["rules_version"], levels=levels,
                  carried=text("stats_carried_in" if rule["include_carried"] else "stats_carried_out", lang))]
    e = s["enterprise"]
    if e and e["principal"]:
        lines.append(text("stats_principal", lang, name=f"{e['principal_name']} ({e['principal']})"))
    lines.append(text("stats_signature", lang))
    lines.append(text("stats_made", lang, date=render.local_time(s["made_at"])[:10]))
    return lines


def stats_chart(s: dict[str, Any], lang: str) -> dict[str, Any] | None:
    """整改率 by unit: 一般 and 重大 side by side (a unit with nothing found draws no bar)."""
    from dualprev.hazards import charts

    rows = [r for r in s["rows"] if r["general_found"] or r["major_found"]]
    return charts.bars(text("chart_stats_rate", lang), [stats_cells(r, lang)["org"] for r in rows],
                       [(label(LEVELS, "general", lang), [r["general_rate"] for r in rows], "#ffb000"),
                        (label(LEVELS, "major", lang), [r["major_rate"] for r in rows], "#d9001b")],
                       horizontal=True, maximum=100)


# --- 重大事故隐患报告 -------------------------------------------------------------------------------

def major(data: dict[str, Any], fmt: str, lang: str, out: TextIO, path: str | None = None) -> None:
    """`report major`: one report (``queries.major.report``) or a period's (``reports``), as JSON,
    Markdown or one printable page (a report a sheet)."""
    from dualprev.hazards import outputs

    if path:
        with outputs.text_file(path) as file:
            return major(data, fmt, lang, file)
    if fmt == "json":
        render.dump_json(data, out)
        return None
    many = "reports" in data
    shown = [major_sections(r, lang) for r in (data["reports"] if many else [data])]
    title = (text("major_period_title", lang, period=data["period"]["key"], n=len(shown)) if many
             else shown[0]["title"])
    made = render.local_time(data["made_at"])
    if fmt == "html":
        render.page("major.html.j2", out, lang, title=title, reports=shown, many=many,
                    t={"none": text("major_none", lang)})
    else:
        stream("major.md.j2", out, title=title, reports=shown, many=many, made=made,
               t={"none": text("major_none", lang), "made": text("made", lang)})
    return None


def major_sections(r: dict[str, Any], lang: str) -> dict[str, Any]:
    """One report as headed sections of labelled lines or of text, then its signature line."""
    h, e, code = r["hazard"], r["enterprise"], r["hazard"]["code"]
    head = lambda column: render.headers([column], lang)[0]  # noqa: E731
    if e is None:
        company: dict[str, Any] = {"heading": text("major_enterprise", lang), "fields": [],
                                   "text": text("major_no_profile", lang)}
    else:
        values = {**e, "principal": e["principal"] and f"{e['principal_name']} ({e['principal']})"}
        company = {"heading": text("major_enterprise", lang), "text": None,
                   "fields": [(label(ENTERPRISE_FIELDS, k, lang), values[k]) for k in (
                       "registered_name", "credit_code", "company_code", "industry", "address", "legal_rep",
                       "principal", "contact_phone") if values[k]]}
    fields = [(head("code"), code), (head("title"), h["title"]), (head("level"), label(LEVELS, h["level"], lang)),
              (head("org"), h["org"]), (head("place"), h["place"] or ""),
              (text("found", lang), f"{render.local_time(h['found_at'])} {h['finder']}"),
              (head("category"), category_text(h, lang)), (head("basis"), basis_text(h, lang)),
              (head("state"), label(STATES, h["state"], lang)), (head("owner"), h["owner"] or ""),
              (head("deadline"), h["deadline"] or ""), (head("original_deadline"), h["original_deadline"] or "")]
    hazard = {"heading": text("major_hazard", lang), "fields": [f for f in fields if f[1]], "text": None}

    def prose(key: str) -> dict[str, Any]:
        return {"heading": text(f"major_{key}", lang), "fields": [],
                "text": r[key] or text("major_not_given", lang, code=code, option=key)}

    plan = {"heading": text("major_plan", lang), "text": None,
            "fields": [f for f in plan_lines(r["plan"], lang) if f[0] not in
                       (label(REPORT_ITEMS, k, lang) for k in REPORT_ITEMS)]}
    if r["plan"] is None:
        plan["text"] = text("major_no_plan", lang, code=code)
    else:
        plan["fields"].append((text("plan", lang), plan_state_text({**h, "plan": r["plan"],
                                                                    "plan_missing": r["plan_missing"]}, lang)))
    listings = [text("major_listing_line", lang, level=label(SUPERVISION_LEVELS, s["level"], lang),
                     state=label(SUPERVISION_STATES, s["state"], lang), at=render.local_time(s["listed_at"]),
                     by=s["listed_by"],
                     deadline=text("major_listing_deadline", lang, date=s["deadline"]) if s["deadline"] else "",
                     authority=f" · {s['authority']} {s['doc_no'] or ''}".rstrip() if s["authority"] else "")
                for s in r["supervisions"]]
    listing = {"heading": text("major_listing", lang), "fields": [],
               "text": "\n".join(listings) or text("major_not_listed", lang)}
    return {"title": text("major_title_one", lang, code=code),
            "sections": [company, hazard, prose("situation"), prose("analysis"), plan, listing],
            "signature": text("major_signature", lang)}
