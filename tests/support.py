"""Helpers the service, query and CLI tests share: hazards set up through the services (one a day
overdue and swept)."""

from __future__ import annotations

from datetime import date

from dualprev.hazards.config import parse_instant
from dualprev.hazards.services import hazard as hazard_service
from dualprev.schedules import escalation

NOW = parse_instant("2026-11-24T10:00:00+08:00")


def overdue(db, owner="chen", org="生产一车间"):
    """One hazard a day past its deadline: the sweep tells its owner and the supervisor (zhao)."""
    found = parse_instant("2026-11-01T09:00:00+08:00")
    code = hazard_service.report(db, actor="wang", title="护栏缺失", org=org, found_at=found)["code"]
    hazard_service.assign(db, actor="wang", code=code, owner=owner, deadline=date(2026, 11, 23), measures="m")
    assert escalation.sweep(db, now=NOW) == 1
    return code
