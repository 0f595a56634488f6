"""挂牌督办 (listed supervision) as data: listed → writeoff_requested → written_off.

listed --request_writeoff (申请核销: the owner or an officer, once 整改 is submitted)--> writeoff_requested
writeoff_requested --approve (核销通过)--> written_off
writeoff_requested --reject (核销不通过, with the reason)--> listed

The decider is a supervisor at the listing level (the enterprise's own supervisors, whose scope is
the whole enterprise) and never the hazard's owner. A county, city or province listing is the
regulator's: its decisions are recorded by such a supervisor with the authority's name and the
document number (文号). Who may fire each trigger is ``[supervision.roles]`` of the rules file.
"""

from __future__ import annotations

from typing import Any

from transitions import Machine, MachineError

from dualprev.hazards.config import rules
from dualprev.hazards.errors import InvalidInput, PermissionDenied, RuleViolation, TransitionNotAllowed
from dualprev.hazards.labels import SUPERVISION_STATES, label

ACTIVE_STATES = ("listed", "writeoff_requested")
REGULATOR_LEVELS = ("county", "city", "province")
LEVEL_ORDER = ("enterprise", "county", "city", "province")


ACTIONS = {"list": "list hazards for 挂牌督办", "request_writeoff": "ask for a write-off (申请核销)",
           "approve": "approve a write-off (核销)", "reject": "reject a write-off"}


def require_role(actor, action: str) -> None:
    roles = list(rules()["supervision"]["roles"][action])
    if not actor.roles.intersection(roles):
        raise PermissionDenied(f"{actor.login} may not {ACTIONS[action]}: it needs the role "
                               f"{' or '.join(roles)}")


def may_fire(ev) -> bool:
    require_role(ev.kwargs["actor"], ev.event.name)
    return True


def asker_may_ask(ev) -> bool:
    actor, row = ev.kwargs["actor"], ev.model
    if not actor.covers(row.org_path):
        raise PermissionDenied(f"{actor.login} may not ask for the write-off of {row.code}: outside their scope")
    if "officer" not in actor.roles and actor.login != row.owner:
        raise PermissionDenied(f"only the owner ({row.owner}) or an officer may ask for the write-off of {row.code}")
    if row.hazard_state not in ("verifying", "voided"):
        raise RuleViolation(f"{row.code} is in {row.hazard_state}: ask for the write-off once its "
                            "rectification is submitted for 复核 (`dualprev hazard submit`)")
    return True


def decider_at_listing_level(ev) -> bool:
    actor, row = ev.kwargs["actor"], ev.model
    if actor.login == row.owner:
        raise RuleViolation(f"{actor.login} owns {row.code} and may not decide its write-off")
    if actor.org_path != row.enterprise_path and actor.org_path != "":
        raise PermissionDenied(f"{actor.login} is below the listing level ({row.level}): the write-off "
                               "is decided by a supervisor of the whole enterprise")
    if row.level in REGULATOR_LEVELS and not (ev.kwargs.get("authority") and ev.kwargs.get("doc_no")):
        raise InvalidInput(f"{row.code} is listed by the regulator ({row.level}): record its decision "
                           "with --authority NAME and --doc-no 文号")
    return True


def note_given(ev) -> bool:
    if not (ev.kwargs.get("note") or "").strip():
        raise InvalidInput("a rejected write-off needs the reason (--note)")
    return True


def stamp_closed(ev) -> None:
    ev.model.closed_at = ev.kwargs["now"]


TRANSITIONS: list[dict[str, Any]] = [
    {"trigger": "request_writeoff", "source": "listed", "dest": "writeoff_requested",
     "conditions": [may_fire, asker_may_ask]},
    {"trigger": "approve", "source": "writeoff_requested", "dest": "written_off",
     "conditions": [may_fire, decider_at_listing_level], "before": [stamp_closed]},
    {"trigger": "reject", "source": "writeoff_requested", "dest": "listed",
     "conditions": [may_fire, note_given, decider_at_listing_level]},
]

MACHINE = Machine(model=None, states=list(SUPERVISION_STATES), transitions=TRANSITIONS, initial=None,
                  model_attribute="state", auto_transitions=False, ignore_invalid_triggers=False,
                  send_event=True)


def fire(row: Any, event: str, **ctx: Any) -> None:
    """Run ``event`` on a supervision row in memory; refusals raise with the reason."""
    try:
        MACHINE.events[event].trigger(row, **ctx)
    except MachineError:
        allowed = ", ".join(MACHINE.get_triggers(row.state)) or "nothing"
        raise TransitionNotAllowed(
            f"cannot {event} the supervision of {row.code}: it is {label(SUPERVISION_STATES, row.state)}"
            f" ({row.state}); allowed: {allowed}") from None
