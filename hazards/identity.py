"""Who is acting: a person's roles and the org subtree they may act in."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache


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


@cache
def os_account() -> str:
    """The operating-system account running this process, recorded on every audit event beside
    the acting person (on SQLite ``--as`` is not authenticated; the OS login is, by the OS)."""
    import getpass  # only when an event is written: it costs a tenth of the start-up

    try:
        return getpass.getuser()[:64]
    except (KeyError, OSError):  # no passwd entry and no LOGNAME/USER (some containers)
        import os

        return f"uid:{os.getuid()}" if hasattr(os, "getuid") else "unknown"
