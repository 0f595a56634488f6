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

from dualprev.hazards.access import allowed_roles, require_role
from dualprev.hazards.errors import InvalidInput, PermissionDenied, RuleViolation
from dualprev.hazards.labels import SUPERVISION_LEVELS, SUPERVISION_STATES
from dualprev.workflows import machine

LEVEL_ORDER = tuple(SUPERVISION_LEVELS)  # lowest first: 企业 → 县 → 市 → 省
REGULATOR_LEVELS = LEVEL_ORDER[1:]  # every level above the enterprise is the regulator's


ACTIONS = {"list": "list hazards for 挂牌督办", "request_writeoff": "ask for a write-off (申请核销)",
           "approve": "approve a write-off (核销)", "reject": "reject a write-off"}


def may_fire(ev) -> bool:
    """Who may fire each trigger is the rules file's ``[supervision.roles]``."""
    name = ev.event.name
    require_role(ev.kwargs["actor"], f"supervision.roles.{name}", ACTIONS[name])
    return True


def asker_may_ask(ev) -> bool:
    actor, row = ev.kwargs["actor"], ev.model
    if not actor.covers(row.org_path):
        raise PermissionDenied(f"{actor.login} may not ask for the write-off of {row.code}: outside their scope")
    # the owner asks for their own hazard; the other roles of the rule (officers) for any
    anyone = set(allowed_roles("supervision.roles.request_writeoff")) - {"owner"}
    if not actor.roles.intersection(anyone) and actor.login != row.owner:
        raise PermissionDenied(f"only the owner ({row.owner}) or an officer may ask for the write-off of {row.code}")
    if row.hazard_state not in ("verifying", "voided"):
        raise RuleViolation(f"{row.code} is in {row.hazard_state}: ask for the write-off once its "
                            "rectification is submitted for 复核 (`dualprev hazard submit`)")
    return True


def decider_at_listing_level(ev) -> bool:
    actor, row = ev.kwargs["actor"], ev.model
    if actor.login == row.owner:
        raise RuleViolation(f"{actor.login} owns {row.code} and may not decide its write-off")
    if not actor.covers(row.enterprise_path):  # the whole enterprise, or a group or district above it
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

MACHINE = machine.build(SUPERVISION_STATES, TRANSITIONS)


def fire(row: Any, event: str, **ctx: Any) -> None:
    """Run ``event`` on a supervision row in memory; refusals raise with the reason."""
    machine.fire(MACHINE, SUPERVISION_STATES, row, event, f"the supervision of {row.code}", **ctx)
