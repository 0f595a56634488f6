"""The inspection task's lifecycle, as data: open → done (every item has a result) | missed (漏检).

open --complete--> done       every checklist item of the task has a result
open --miss--> missed          the period ended (plus grace) without that

A missed task stays missed: a late record (补检) within the rules' window completes its items and
sets its ``late`` flag, but never turns it into on-time work (domain.md §5).
"""

from __future__ import annotations

from typing import Any

from transitions import Machine, MachineError

from dualprev.hazards.errors import RuleViolation, TransitionNotAllowed
from dualprev.hazards.labels import TASK_STATES, label


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

MACHINE = Machine(model=None, states=list(TASK_STATES), transitions=TRANSITIONS, initial=None,
                  model_attribute="state", auto_transitions=False, ignore_invalid_triggers=False,
                  send_event=True)


def fire(row: Any, event: str, **ctx: Any) -> bool:
    """Run ``event`` on a task row in memory; False when a quiet guard (period_over) declines."""
    try:
        return MACHINE.events[event].trigger(row, **ctx)
    except MachineError:
        raise TransitionNotAllowed(
            f"cannot {event} task {row.id}: it is {label(TASK_STATES, row.state)} ({row.state})") from None
