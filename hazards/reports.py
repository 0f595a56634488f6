"""Report rendering that goes beyond a plain listing: hazard sheet, overdue list, the workflow."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TextIO

from dualprev.hazards import config, render
from dualprev.hazards.queries import LEDGER_COLUMNS
from dualprev.hazards.labels import (COLOURS, EVENTS, GRADES, LEVELS, STATES, SUPERVISION_LEVELS,
                            SUPERVISION_STATES, label)

OVERDUE_COLUMNS = ["code", "title", "level", "org", "owner", "original_deadline", "deadline",
                   "extensions", "days_overdue", "state", "ladder"]


def as_of(lang: str) -> str:
    """The line under a report's title: the day it speaks of and the rules it applied."""
    return (f"{'截至' if lang == 'zh' else 'As of'} {config.today().isoformat()} · "
            f"rules {config.rules()['version']}")


def overdue(rows: Iterable[dict], fmt: str, lang: str, out: TextIO, path: str | None = None) -> int:
    title = "逾期隐患清单" if lang == "zh" else "Overdue hazards"
    return render.emit(rows, OVERDUE_COLUMNS, fmt, lang, out=out, title=title, note=as_of(lang),
                       path=path)


def ledger(rows: Iterable[dict], fmt: str, lang: str, out: TextIO, path: str | None = None) -> int:
    title = "隐患台账" if lang == "zh" else "Hazard ledger"
    return render.emit(rows, LEDGER_COLUMNS, fmt, lang, out=out, title=title, note=as_of(lang),
                       path=path)


def hazard_text(h: dict[str, Any], lang: str, out: TextIO) -> None:
    from dualprev.templates import stream

    zh = lang == "zh"
    fields = [
        ("状态" if zh else "state", (f"{label(STATES, h['state'], lang)} ({h['state']})" if zh else h["state"])
         + (("  【逾期】" if zh else "  [OVERDUE]") if h["overdue"] else "")),
        ("等级" if zh else "level", label(LEVELS, h["level"], lang)),
        ("单位" if zh else "org unit", h["org"]),
        ("部位" if zh else "place", h["place"] or ""),
        ("类别" if zh else "category", h["category"] or ""),
        ("发现" if zh else "found", f"{render.local_time(h['found_at'])} {h['finder']}"),
        ("责任人" if zh else "owner", h["owner"] or ""),
        ("整改措施" if zh else "measures", h["measures"] or ""),
        ("整改期限" if zh else "deadline", h["deadline"] or ""),
        ("原定期限" if zh else "original deadline", h["original_deadline"] or ""),
        ("整改资金" if zh else "cost", "" if h["cost"] is None else f"{h['cost']:g}"),
        ("应急预案" if zh else "contingency", h["contingency"] or ""),
        ("描述" if zh else "description", h["description"] or ""),
        ("风险点" if zh else "risk point", "" if not h.get("risk") else
         f"{h['risk']['code']} {h['risk']['name']} {label(GRADES, h['risk']['grade'], lang)}/"
         f"{label(COLOURS, h['risk']['colour'], lang)}"
         + (f" · {'管控措施' if zh else 'measure'} #{h['measure_id']}" if h.get("measure_id") else "")),
    ]
    listing = h.get("supervision")
    if listing:
        fields.append(("挂牌督办" if zh else "supervision",
                       f"{label(SUPERVISION_LEVELS, listing['level'], lang)} "
                       f"{label(SUPERVISION_STATES, listing['state'], lang)}"
                       + (f" · {listing['authority']} {listing['doc_no']}" if listing["authority"] else "")))
    pending = [r for r in h.get("extension_requests", []) if r["state"] == "pending"]
    if pending:
        fields.append(("延期申请" if zh else "extension requested",
                       f"{pending[-1]['deadline']} ({pending[-1]['by']}: {pending[-1]['reason']})"))
    history = []
    for e in h["history"]:
        move = ""
        if e["to_state"] and e["from_state"] != e["to_state"]:
            move = (f"{label(STATES, e['from_state'], lang)} → " if e["from_state"] else "") + \
                label(STATES, e["to_state"], lang)
        history.append({"seq": e["seq"], "at": render.local_time(e["at"]), "actor": e["actor"],
                        "event": label(EVENTS, e["event"], lang), "move": move,
                        "comment": e["comment"]})
    t = {"extensions": "延期记录" if zh else "extensions",
         "attachments": "附件" if zh else "attachments",
         "history": "处理记录" if zh else "history"}
    stream("hazard_show.txt.j2", out, h=h, fields=[f for f in fields if f[1]], history=history, t=t)


def workflow_data() -> dict[str, Any]:
    from dualprev.workflows import hazard as lifecycle

    return {"states": [{"name": s, "label": zh, "label_en": en} for s, (zh, en) in STATES.items()],
            "transitions": lifecycle.describe(), "rules_version": config.rules()["version"]}


def workflow_text(lang: str) -> str:
    data = workflow_data()
    lines = ["states: " + ", ".join(f"{label(STATES, s['name'], lang)} ({s['name']})"
                                   for s in data["states"]), ""]
    for t in data["transitions"]:
        lines.append(f"{t['trigger']:<12} {label(STATES, t['source'], lang)} → "
                     f"{label(STATES, t['dest'], lang)}   {label(EVENTS, t['trigger'], lang)}")
        lines.append(f"{'':12} roles: {', '.join(t['roles'])}"
                     + (f"; guards: {', '.join(t['guards'])}" if t["guards"] else ""))
    return "\n".join(lines)


def workflow_mermaid(lang: str) -> str:
    """Mermaid stateDiagram drawn by transitions' own diagram extension, with our labels."""
    from transitions.extensions.diagrams import GraphMachine

    from dualprev.workflows.hazard import TRANSITIONS

    class Drawing:  # a throwaway model: the runtime machine stays model-less
        pass

    machine = GraphMachine(
        model=Drawing(), states=list(STATES), initial="reported", auto_transitions=False,
        transitions=[{k: t[k] for k in ("trigger", "source", "dest", "conditions")}
                     for t in TRANSITIONS],
        graph_engine="mermaid", show_conditions=True, title="dualprev hazard lifecycle",
    )
    text = machine.model.get_graph().draw(None)
    for s in STATES:
        text = text.replace(f'state "{s}" as {s}', f'state "{label(STATES, s, lang)} {s}" as {s}')
    return text


__all__ = ["overdue", "hazard_text", "workflow_data", "workflow_text", "workflow_mermaid"]
