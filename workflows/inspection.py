"""The inspection task's lifecycle, as data: open → done (every item has a result) | missed (漏检).

open --complete--> done       every checklist item of the task has a result
open --miss--> missed          the period ended (plus grace) without that

A missed task stays missed: a late record (补检) within the rules' window completes its items and
sets its ``late`` flag, but never turns it into on-time work (domain.md §5).
"""

from __future__ import annotations

from typing import Any

from dualprev.hazards.errors import RuleViolation
from dualprev.hazards.labels import TASK_STATES
from dualprev.workflows import machine


def all_items_recorded(ev) -> bool:
    missing = ev.kwargs["missing"]
    if missing:
        raise RuleViolation(f"task {ev.model.id} still lacks results for items {missing}")
    return True


def period_over(ev) -> bool:
    return ev.kwargs["now"] >= ev.model.due_at


def stamp_done(ev) -> None:
    ev.model.done_at = ev.kwargs["now"]


TRANSITIONS: list[dict[str, Any]] = [
    {"trigger": "complete", "source": "open", "dest": "done",
     "conditions": [all_items_recorded], "before": [stamp_done]},
    {"trigger": "miss", "source": "open", "dest": "missed", "conditions": [period_over]},
]

MACHINE = machine.build(TASK_STATES, TRANSITIONS)


def fire(row: Any, event: str, **ctx: Any) -> bool:
    """Run ``event`` on a task row in memory; False when a quiet guard (period_over) declines."""
    return machine.fire(MACHINE, TASK_STATES, row, event, f"task {row.id}", **ctx)
