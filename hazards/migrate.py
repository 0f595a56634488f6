"""Schema upgrades with the Alembic migrations shipped in ``hazards/migrations``, and the cheap
check every command makes that the database is at the revision this program was built for.

The check reads the revision identifiers straight from the migration files (a regular expression,
no Alembic import: alembic.command alone costs 0.4 s of start-up) and the database's
``alembic_version`` row with one SELECT.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources

from dualprev.hazards import config, enforce
from dualprev.hazards.db import Database
from dualprev.hazards.errors import NotInitialised, RuleViolation, SchemaMismatch

_REVISION = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision\s*=\s*(?:['\"]([^'\"]+)['\"]|None)", re.M)


def alembic_config(db: Database):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "dualprev.hazards:migrations")
    cfg.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    return cfg


def upgrade(db: Database, revision: str = "head", partitions: int = 0) -> str:
    """Upgrade in place (nothing is lost) and return the revision the database is at; then
    (again) what the database enforces by itself (hazards/enforce.py), in the same transaction.
    ``partitions``: on PostgreSQL at the head revision, hash-partition the large tables that are not
    yet partitioned into that many partitions by enterprise (hazards/partitions.py)."""
    return _migrate(db, "upgrade", revision, partitions)


def downgrade(db: Database, revision: str) -> str:
    """Go down to ``revision`` (what the migrations' downgrades drop is lost); returns where it is."""
    return _migrate(db, "downgrade", revision)


def _migrate(db: Database, direction: str, revision: str, partitions: int = 0) -> str:
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    cfg = alembic_config(db)
    with (db.mapped_errors(), db.engine.connect() as conn, _sqlite_foreign_keys_off(db, conn),
          conn.begin()):
        cfg.attributes["connection"] = conn
        enforce.remove(conn, policies=direction == "downgrade")
        getattr(command, direction)(cfg, revision)
        _check_foreign_keys(db, conn)
        if partitions and revision == "head" and not db.is_sqlite:
            from dualprev.hazards import partitions as partitioning

            partitioning.partition(conn, partitions)
        if direction == "upgrade":
            enforce.install(conn, config.rules()["org"]["admin_roles"])
        return MigrationContext.configure(conn).get_current_revision() or "base"


@contextmanager
def _sqlite_foreign_keys_off(db: Database, conn) -> Iterator[None]:
    """SQLite's way to change a table others point at (sqlite.org/lang_altertable.html, "making
    other kinds of table schema changes"): foreign keys off for the migration, which copies the table
    and drops the old one, then ``foreign_key_check`` before the commit. The pragma is a no-op
    inside a transaction, so it goes to the driver connection before the migration's BEGIN."""
    raw = conn.connection.driver_connection if db.is_sqlite else None
    if raw is not None:
        raw.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        if raw is not None:
            raw.execute("PRAGMA foreign_keys=ON")


def _check_foreign_keys(db: Database, conn) -> None:
    if db.is_sqlite:
        broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            table, rowid, parent, _ = broken[0]
            raise RuleViolation(
                f"the register has {len(broken)} rows pointing at rows that do not exist (first: {table} "
                f"row {rowid} -> {parent}): repair them, then run init again; nothing was changed")


@cache
def known_revisions() -> tuple[str, ...]:
    """The revisions this program ships, oldest first (the last one is the head)."""
    parent: dict[str, str | None] = {}
    for entry in resources.files("dualprev.hazards.migrations").joinpath("versions").iterdir():
        if not entry.name.endswith(".py") or entry.name.startswith("__"):
            continue
        source = entry.read_text("utf-8")
        rev, down = _REVISION.search(source), _DOWN.search(source)
        if rev and down:
            parent[rev.group(1)] = down.group(1)
    order: list[str] = []
    children = {down: rev for rev, down in parent.items()}
    current = children.get(None)
    while current is not None:
        order.append(current)
        current = children.get(current)
    return tuple(order)


def head() -> str:
    return known_revisions()[-1]


def current_revision(db: Database) -> str | None:
    """The database's revision, or None for a database without a register."""
    try:
        with db.read() as tx:
            return tx.scalar("SELECT version_num FROM alembic_version")
    except NotInitialised:
        return None


def check_schema(db: Database, *, allow_older: bool = False) -> str | None:
    """Refuse a database this program cannot safely run on: a newer revision (an upgraded
    register) always, an older one unless ``allow_older`` (only `init` upgrades). Returns the
    revision, None for an empty database (the command itself then says to run init)."""
    revision = current_revision(db)
    if revision is None:
        return None
    known = known_revisions()
    if revision not in known:
        raise SchemaMismatch(
            f"the database is at schema revision {revision}, newer than this dualprev knows "
            f"(it knows up to {known[-1]}): upgrade dualprev before using this register")
    if revision != known[-1] and not allow_older:
        raise SchemaMismatch(
            f"the database is at schema revision {revision}, older than this dualprev's {known[-1]}: "
            "run `dualprev init` to upgrade it (nothing is lost)")
    return revision
