"""Domain errors: what a user did wrong, in words a user can act on.

Each error carries the process exit code the CLI uses (documented in README.md).
This module imports nothing heavy, so the CLI can map errors without loading the database stack.
"""


class DomainError(Exception):
    """A refused request; the message says what is wrong and what to do."""

    exit_code = 1


class NotFound(DomainError):
    """An unknown code, login or org unit."""


class PermissionDenied(DomainError):
    """The acting person lacks the role or the org-unit scope."""


class InvalidInput(DomainError):
    """A value that is well-formed for the shell but wrong for the register."""

    exit_code = 2


class TransitionNotAllowed(DomainError):
    """The trigger does not exist in the hazard's current state."""

    exit_code = 3


class RuleViolation(DomainError):
    """A guard of the workflow refused the move (五落实, deadlines, verifier is owner...)."""

    exit_code = 3


class Conflict(DomainError):
    """Someone else changed the same row first (optimistic version check)."""

    exit_code = 4


class NotInitialised(DomainError):
    """The database has no schema yet."""


class DatabaseUnavailable(DomainError):
    """The database cannot be opened or reached (a wrong URL, a missing driver, a server down)."""

    exit_code = 5


class ReadOnly(DomainError):
    """The database (or its folder) may be read but not written."""

    exit_code = 6


class DiskFull(DomainError):
    """The database or an output file ran out of space."""

    exit_code = 7


class Busy(DomainError):
    """The database held a lock or ran a statement past the configured timeout: try again."""

    exit_code = 4


class SchemaMismatch(DomainError):
    """The database's schema revision is not the one this program was built for."""

    exit_code = 8
