"""Text renderings of 隐患排查: one task with its numbered items, the completion report."""

from __future__ import annotations

from typing import Any, TextIO

from dualprev.hazards import render
from dualprev.hazards.inspection_queries import REPORT_COLUMNS
from dualprev.hazards.labels import TASK_STATES, label


def task_text(t: dict[str, Any], lang: str, out: TextIO) -> None:
    zh = lang == "zh"
    out.write(f"{'排查任务' if zh else 'task'} {t['id']} · {t['plan']} · {t['org']}\n")
    out.write(f"{'周期' if zh else 'period'} {t['period_start']} ~ {t['period_end']} · "
              f"{'截止' if zh else 'due'} {render.local_time(t['due_at'])} · "
              f"{label(TASK_STATES, t['state'], lang)} ({t['state']})"
              + (("  【补检】" if zh else "  [late]") if t["late"] else "") + "\n")
    render.emit(t["items"], ["no", "text", "result", "note", "hazard", "late"], "table", lang, out=out)


def completion(report: dict[str, Any], fmt: str, lang: str, out: TextIO,
               path: str | None = None) -> int:
    """The completion report's rows in ``fmt`` (into ``path`` with --output, xlsx included)."""
    title = ("排查完成情况" if lang == "zh" else "Inspection completion") + f" {report['from']} ~ {report['to']}"
    return render.emit(report["rows"], REPORT_COLUMNS, fmt, lang, out=out, title=title,
                       note=f"rules {report['rules_version']}", path=path)
