"""Who is acting: a person's roles and the org subtree they may act in."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Actor:
    login: str
    name: str
    roles: frozenset[str]
    org_id: int | None
    org_path: str  # "" for the database-wide first admin: every org path starts with ""
    enterprise_id: int | None

    def covers(self, org_path: str) -> bool:
        """True when the org unit with this path lies in the actor's subtree."""
        return org_path.startswith(self.org_path)
