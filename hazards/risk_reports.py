"""Risk register output: the 安全风险清单, one risk point's sheet, and the four-colour matrix."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TextIO

from dualprev.hazards import render
from dualprev.hazards.reports import as_of
from dualprev.hazards.labels import COLOURS, GRADES, LEVELS, MEASURE_TYPES, RISK_HEADINGS, STATES, label
from dualprev.hazards.risk_queries import LIST_COLUMNS

COLOUR_HEX = {"red": "#d9001b", "orange": "#ff8c00", "yellow": "#ffd700", "blue": "#1e6fd9"}


def ledger(rows: Iterable[dict], fmt: str, lang: str, out: TextIO, path: str | None = None) -> int:
    title = "安全风险清单" if lang == "zh" else "Risk register"
    return render.emit(rows, LIST_COLUMNS, fmt, lang, out=out, title=title, note=as_of(lang),
                       names=RISK_HEADINGS, path=path)


def grade_text(r: dict[str, Any], lang: str) -> str:
    return f"{label(GRADES, r['grade'], lang)}/{label(COLOURS, r['colour'], lang)}"


def risk_text(r: dict[str, Any], lang: str, out: TextIO) -> None:
    from dualprev.templates import stream

    zh = lang == "zh"
    value = lambda column: render.cell(r, column, lang)  # noqa: E731
    fields = [(render.headers([c], lang, RISK_HEADINGS)[0], value(c)) for c in (
        "org", "place", "kind", "sources", "method", "factors", "score", "control_level",
        "controllers", "responsible")]
    fields.append(("风险分析对象" if zh else "analysis object", r["analysis_object"] or ""))
    fields.append(("描述" if zh else "description", r["description"] or ""))
    flags = [render.headers([c], lang)[0] for c in ("reassess", "review_due") if r[c]]
    if flags:
        fields.append(("提示" if zh else "flags", "、".join(flags)))
    assessments = [{**a, "at": render.local_time(a["at"]),
                    "factors": "×".join(str(f) for f in a["factors"]),
                    "method": a["method"].upper(), "grade": grade_text(a, lang)}
                   for a in r["assessments"]]
    measures = [{**m, "type": label(MEASURE_TYPES, m["type"], lang)} for m in r["measures"]]
    hazards = {k: [{**h, "level": label(LEVELS, h["level"], lang), "state": label(STATES, h["state"], lang)}
                   for h in r["hazards"][k]] for k in ("open", "closed")}
    t = {"assessments": "评价记录" if zh else "assessments", "measures": "管控措施" if zh else "control measures",
         "open": "未销号隐患" if zh else "open hazards", "closed": "已销号/作废隐患" if zh else "closed hazards"}
    stream("risk_show.txt.j2", out, r={**r, "hazards": hazards}, grade=grade_text(r, lang),
           fields=[f for f in fields if f[1]], assessments=assessments, measures=measures, t=t)


def matrix(m: dict[str, Any], fmt: str, lang: str, out: TextIO) -> None:
    """The four-colour picture: JSON, a standalone HTML page, or three tables (table/md/csv)."""
    zh = lang == "zh"
    legend = [{"colour": c, "label": f"{label(GRADES, g, lang)} {label(COLOURS, c, lang)}"}
              for g, c in (("major", "red"), ("considerable", "orange"), ("general", "yellow"),
                           ("low", "blue"))]
    t = {"title": "安全风险四色分布" if zh else "Four-colour risk matrix",
         "ls": f"{'LS 风险矩阵' if zh else 'LS matrix'} (R = L × S, variant {m['ls']['variant']})",
         "lec": f"{'LEC 风险分级' if zh else 'LEC grades'} (D = L × E × C)",
         "orgs": "各单位风险数量" if zh else "Risk points by org unit",
         "org": "单位" if zh else "org unit", "total": "合计" if zh else "total", "note": as_of(lang)}
    grid = [{"likelihood": l, "cells": [c for c in m["ls"]["cells"] if c["likelihood"] == l]}
            for l in range(5, 0, -1)]  # noqa: E741
    if fmt == "html":
        from dualprev.templates import stream

        lec = [{**g, "label": legend[i]["label"]} for i, g in enumerate(m["lec"])]
        stream("risk_matrix.html.j2", out, m={**m, "lec": lec}, grid=grid, legend=legend, t=t,
               colours=COLOUR_HEX, lang=lang)
        return
    severities = [f"S={s}" for s in range(1, 6)]
    rows = [{"likelihood": f"L={row['likelihood']}",
             **{f"S={c['severity']}": f"{label(COLOURS, c['colour'], lang)} {c['count']}"
                for c in row["cells"]}} for row in grid]
    render.emit(rows, ["likelihood", *severities], fmt, lang, out=out, title=t["ls"])
    render.emit(m["lec"], ["grade", "colour", "count"], fmt, lang, out=out, title=t["lec"],
                names={"count": ("数量", "count")})
    render.emit(m["orgs"], ["org", "red", "orange", "yellow", "blue", "total"], fmt, lang, out=out,
                title=t["orgs"], note=t["note"],
                names={c: (label(COLOURS, c, "zh"), c) for c in COLOUR_HEX})


__all__ = ["ledger", "risk_text", "matrix", "grade_text", "COLOUR_HEX"]
