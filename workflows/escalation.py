"""Escalation: warn before a deadline, mark overdue after it, climb the 督办 ladder (issue 5)."""


def sweep(db, *, now) -> int:
    """Run the escalation steps that are due at ``now``; issue 5 fills it in."""
    return 0
