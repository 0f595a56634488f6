"""The one way a machine is built and fired: model-less, from data, refusals as DomainErrors.

A machine is built once per process (``build``) and fired on a plain row object (``fire``): the
guards read the row and the context and raise with the reason, the callbacks change the row in
memory only, and the use-case that fired it persists the result.
"""

from __future__ import annotations

import logging
from typing import Any

from transitions import Machine, MachineError

from dualprev.hazards.errors import InvalidInput, TransitionNotAllowed
from dualprev.hazards.labels import label

logging.getLogger("transitions").setLevel(logging.WARNING)


def build(states: dict[str, tuple[str, str]], transitions: list[dict[str, Any]]) -> Machine:
    """A machine over the keys of a label table, with no model attached (rows are fired on)."""
    return Machine(model=None, states=list(states), transitions=transitions, initial=None,
                   model_attribute="state", auto_transitions=False, ignore_invalid_triggers=False,
                   send_event=True)


def fire(machine: Machine, states: dict[str, tuple[str, str]], row: Any, event: str, what: str,
         **ctx: Any) -> bool:
    """Run ``event`` on ``row`` (changing it in memory), or raise a DomainError saying why not;
    ``what`` names the row in that message ("YH-2026-000001", "task 7"). False when a quiet
    guard declines."""
    if event not in machine.events:
        raise InvalidInput(f"unknown action {event!r}")
    try:
        return machine.events[event].trigger(row, **ctx)
    except MachineError:
        allowed = machine.get_triggers(row.state)
        raise TransitionNotAllowed(
            f"cannot {event} {what}: it is in {label(states, row.state)} ({row.state}); "
            + (f"allowed actions: {', '.join(allowed)}" if allowed else "it never moves again")
        ) from None
