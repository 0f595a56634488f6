"""Operations on the register as a whole: `db backup` and `db restore`. Neither destroys data:
a backup never overwrites an existing file (nor the register), and a restore first keeps the
register it replaces in a file beside it.

SQLite goes through the online backup API, which copies a consistent snapshot while other
processes keep writing (WAL readers do not block writers), and restores the same way into the
live register, so connections that are open meanwhile see the old or the new register, never a
mix. PostgreSQL is backed up with ``pg_dump -Fc`` and restored with ``pg_restore`` by hand.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import closing
from pathlib import Path
from typing import Any

from dualprev.hazards import audit, config, migrate
from dualprev.hazards.db import Database
from dualprev.hazards.errors import (
    DomainError,
    InvalidInput,
    NotInitialised,
    ReadOnly,
    SchemaMismatch,
)


def _refuse_target(db: Database, path: str) -> Path:
    """The backup's path, refused when it would overwrite anything: an existing file, the
    register's own files, or a file inside the attachment store."""
    db.refuse_as_output(path)
    target = Path(path)
    if target.exists() or target.is_symlink():
        raise InvalidInput(f"{path} exists: a backup never overwrites a file; choose a new name")
    if not target.parent.is_dir():
        raise InvalidInput(f"folder {target.parent} does not exist: create it first")
    return target


def _publish(tmp: str, target: Path) -> None:
    """Move the finished file under its name, unless a file appeared there meanwhile."""
    try:
        os.link(tmp, target)  # unlike rename, fails rather than replace a file
    except FileExistsError:
        raise InvalidInput(f"{target} appeared while the backup ran: nothing was replaced") from None
    finally:
        os.unlink(tmp)


def _publish_new(tmp: str, target: Path) -> Path:
    """Publish under ``target``, or ``target-2``, ``target-3``... when that name is taken."""
    for n in range(1, 1000):
        name = target if n == 1 else target.with_name(f"{target.name}-{n}")
        try:
            os.link(tmp, name)
        except FileExistsError:
            continue
        os.unlink(tmp)
        return name
    os.unlink(tmp)
    raise InvalidInput(f"too many files named {target}-N: move some away")


def _copy_sqlite(source: sqlite3.Connection, folder: Path, stem: str) -> str:
    """A consistent copy of ``source`` in a temporary file of ``folder``; returns its path."""
    fd, tmp = tempfile.mkstemp(prefix=f".{stem}.", suffix=".part", dir=folder)
    os.close(fd)
    try:
        with closing(sqlite3.connect(tmp)) as dest:
            source.backup(dest)  # in one step: a snapshot, with no restart when others write
            dest.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp


def _read_only(path: str) -> sqlite3.Connection:
    return sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)


def _events(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM hazard_event").fetchone()[0]


def backup(db: Database, *, path: str) -> dict[str, Any]:
    """Write a backup of the register to ``path`` (a new file)."""
    target = _refuse_target(db, path)
    if not db.is_sqlite:
        return _pg_dump(db, target)
    if db.sqlite_path == ":memory:" or not Path(db.sqlite_path).is_file():
        raise NotInitialised(f"no register at {db.sqlite_path}: nothing to back up")
    with closing(sqlite3.connect(db.sqlite_path, timeout=10)) as source:
        tmp = _copy_sqlite(source, target.parent, target.name)
    with closing(_read_only(tmp)) as copy:
        events = _events(copy)
        revision = copy.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    _publish(tmp, target)
    return {"file": str(target), "bytes": target.stat().st_size, "events": events,
            "revision": revision, "tool": "sqlite3 backup API"}


def _pg_dump(db: Database, target: Path) -> dict[str, Any]:
    from sqlalchemy.engine import make_url

    tool = shutil.which("pg_dump")
    if tool is None:
        raise DomainError("pg_dump is not on PATH: install the PostgreSQL client tools "
                          "(e.g. apt install postgresql-client) and run `dualprev db backup` again")
    with db.read() as tx:
        schema = tx.scalar("SELECT current_schema()")
        events = tx.scalar("SELECT count(*) FROM hazard_event")
    url = make_url(db.url).set(drivername="postgresql")
    args = [tool, "-Fc", "--no-owner", "-n", schema]
    env = dict(os.environ)
    if url.password:  # never on the command line, where `ps` shows it
        env["PGPASSWORD"] = str(url.password)
        url = url.set(password=None)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    done = subprocess.run([*args, "-f", tmp, url.render_as_string(hide_password=False)],
                          env=env, capture_output=True, text=True)
    if done.returncode != 0:
        os.unlink(tmp)
        first = (done.stderr.strip().splitlines() or ["no message"])[0]
        raise DomainError(f"pg_dump failed: {first}")
    _publish(tmp, target)
    return {"file": str(target), "bytes": target.stat().st_size, "events": events,
            "revision": migrate.current_revision(db), "tool": "pg_dump -Fc", "schema": schema}


def _chain_heads(conn: sqlite3.Connection) -> dict[int, tuple[int, str]]:
    return {e: (seq, h) for e, seq, h in conn.execute(
        "SELECT enterprise_id, seq, hash FROM hazard_event e WHERE seq ="
        " (SELECT max(seq) FROM hazard_event WHERE enterprise_id = e.enterprise_id)")}


def _missing_from(backup: sqlite3.Connection, register: sqlite3.Connection) -> int:
    """How many of the register's events the backup lacks: each chain is hash-linked, so the
    backup holds a chain's events up to seq N exactly when it holds event N with the same hash."""
    missing = 0
    for ent, (seq, digest) in _chain_heads(register).items():
        row = backup.execute("SELECT hash FROM hazard_event WHERE enterprise_id = ? AND seq = ?",
                             (ent, seq)).fetchone()
        if row is None or row[0] != digest:
            have = backup.execute(
                "SELECT count(*) FROM hazard_event b WHERE enterprise_id = ? AND seq <= ?",
                (ent, seq)).fetchone()[0]
            missing += max(seq - have, 1)
    return missing


def _open_backup(path: str) -> sqlite3.Connection:
    if not Path(path).is_file():
        raise InvalidInput(f"backup {path} is not a file")
    conn = _read_only(path)
    try:
        verdict = conn.execute("PRAGMA quick_check").fetchone()[0]
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        conn.execute("SELECT count(*) FROM hazard_event").fetchone()
    except sqlite3.DatabaseError:
        conn.close()
        raise InvalidInput(f"{path} is not a dualprev SQLite backup") from None
    if verdict != "ok":
        conn.close()
        raise InvalidInput(f"backup {path} is damaged (integrity: {verdict})")
    if revision not in migrate.known_revisions():
        conn.close()
        raise SchemaMismatch(f"backup {path} is at schema revision {revision}, newer than this "
                             "dualprev knows: restore it with a newer dualprev")
    return conn


def restore(db: Database, *, path: str, force: bool = False) -> dict[str, Any]:
    """Replace the register's content with the backup at ``path``: refused when the register holds
    events the backup lacks (unless ``force``); the replaced register is kept beside it first, and
    the result's audit chains are verified."""
    if not db.is_sqlite:
        raise DomainError("db restore works on SQLite; on PostgreSQL restore a `db backup` file with "
                          "pg_restore --clean -d DBNAME FILE")
    if db.sqlite_path == ":memory:":
        raise InvalidInput("an in-memory database cannot be restored into")
    if db.read_only:
        raise ReadOnly("the register is opened read-only (?mode=ro): restore needs it writable")
    register = Path(db.sqlite_path)
    if register.exists() and Path(path).exists() and os.path.samefile(path, register):
        raise InvalidInput(f"{path} is the register itself: give a backup file")
    kept = None
    with closing(_open_backup(path)) as source:
        restored_events = _events(source)
        revision = source.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        if register.exists():
            with closing(sqlite3.connect(str(register), timeout=10)) as live:
                live.execute("PRAGMA busy_timeout=10000")
                has_events = live.execute("SELECT count(*) FROM sqlite_master WHERE name = 'hazard_event'"
                                          ).fetchone()[0]
                missing = _missing_from(source, live) if has_events else 0
                if missing and not force:
                    events = "event" if missing == 1 else "events"
                    raise DomainError(
                        f"the register holds {missing} {events} that backup {path} lacks: restoring "
                        "would lose them. Back it up first, or give --force (it is kept aside either way)")
                stamp = config.now().strftime("%Y%m%dT%H%M%S")
                tmp = _copy_sqlite(live, register.parent, register.name)
                kept = _publish_new(tmp, register.with_name(f"{register.name}.before-restore-{stamp}"))
                source.backup(live)
        else:
            db.create_file()
            with closing(sqlite3.connect(str(register))) as fresh:
                source.backup(fresh)
    db.dispose()  # pooled connections may have cached the old schema
    # an older revision's events lack columns this program's verify reads: init upgrades, then verify
    result = audit.verify(db) if revision == migrate.head() else None
    return {"file": str(register), "from": path, "events": restored_events, "revision": revision,
            "kept": str(kept) if kept else None, "audit": result}
