"""Database access: the engine for a URL, SQLite pragmas, and unit-of-work helpers.

Write units begin with ``BEGIN IMMEDIATE`` on SQLite: SQLAlchemy's default deferred mode lost
433 of 600 concurrent read-modify-write updates when we measured it. Reads
begin a plain deferred transaction. Statements are plain SQL with ``:name`` parameters, run
through ``exec_driver_sql`` (building Core statements per call cost 8-10x raw SQL on the hot
path); ``sql()`` rewrites them once per dialect.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections import namedtuple
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import (
    ArgumentError,
    DataError,
    IntegrityError,
    MultipleResultsFound,
    NoResultFound,
    NoSuchModuleError,
    OperationalError,
    ProgrammingError,
)

from dualprev.hazards import config
from dualprev.hazards.attachments import store_dir
from dualprev.hazards.errors import (
    Busy,
    Conflict,
    DatabaseUnavailable,
    DiskFull,
    DomainError,
    InvalidInput,
    NotInitialised,
    ReadOnly,
)

BACKENDS = ("sqlite", "postgresql")
SQLITE_URI_PARAMS = {"mode", "cache", "immutable", "nolock", "vfs", "psow", "modeof"}
_NAMED = re.compile(r"(?<![:\w]):(\w+)")


@lru_cache(maxsize=512)
def sql(text: str, paramstyle: str) -> str:
    """``text`` with ``:name`` parameters rewritten for the driver's paramstyle."""
    if paramstyle == "named":
        return text
    if paramstyle == "pyformat":
        return _NAMED.sub(r"%(\1)s", text.replace("%", "%%"))
    raise ValueError(f"unsupported paramstyle {paramstyle}")


def _stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def as_instant(value: Any) -> datetime | None:
    """A stored timestamp (string on SQLite, datetime on PostgreSQL) as an aware UTC datetime."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def iso_instant(value: Any) -> str | None:
    """A stored timestamp as ISO-8601 text in UTC, as ``as_instant(value).isoformat()`` gives it;
    SQLite's stored text (``2026-11-24 02:00:00.000000``) is rewritten without parsing, since
    listings do this a million times."""
    if type(value) is str and len(value) == 26 and value[10] == " ":
        clock = value[11:19] if value.endswith(".000000") else value[11:]
        return f"{value[:10]}T{clock}+00:00"
    return None if value is None else as_instant(value).isoformat()


def as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def sql_list(values: tuple[str, ...]) -> str:
    """A tuple of fixed words as an SQL list: ``('reported', 'rectifying')``."""
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


@lru_cache(maxsize=256)
def _row_class(names: tuple[str, ...]) -> type:
    """Rows read by position, by unpacking or as ``row.name``, like SQLAlchemy's Row."""
    return namedtuple("Row", names, rename=True)


class SQLiteResult:
    """The part of SQLAlchemy's Result the register uses, read straight off a sqlite3 cursor.

    On SQLite a statement through ``exec_driver_sql`` costs ~25 µs against ~4 µs on the cursor
    (measured: a hazard transition is seven statements), so writes and reads inside an open
    SQLite unit go to the cursor of the same connection and transaction.
    """

    __slots__ = ("cursor",)

    def __init__(self, cursor: sqlite3.Cursor):
        self.cursor = cursor

    @property
    def rowcount(self) -> int:
        return self.cursor.rowcount

    def keys(self) -> list[str]:
        return [d[0] for d in self.cursor.description or ()]

    def _make(self):
        return _row_class(tuple(self.keys()))._make

    def __iter__(self) -> Iterator[tuple]:
        return map(self._make(), self.cursor)

    def all(self) -> list[tuple]:
        return list(self)

    fetchall = all

    def first(self) -> tuple | None:
        row = self.cursor.fetchone()
        return None if row is None else self._make()(row)

    def scalar(self) -> Any:
        row = self.cursor.fetchone()
        return None if row is None else row[0]

    def one_or_none(self) -> tuple | None:
        rows = self.cursor.fetchmany(2)
        if len(rows) > 1:
            raise MultipleResultsFound("more than one row where at most one was expected")
        return self._make()(rows[0]) if rows else None

    def one(self) -> tuple:
        row = self.one_or_none()
        if row is None:
            raise NoResultFound("no row where exactly one was expected")
        return row

    def scalar_one(self) -> Any:
        return self.one()[0]

    def scalars(self) -> list[Any]:
        return [row[0] for row in self.cursor]

    def mappings(self) -> Mappings:
        return Mappings(self.keys(), self.cursor)


class Mappings:
    """Rows as dicts, like SQLAlchemy's ``result.mappings()``."""

    __slots__ = ("cursor", "names")

    def __init__(self, names: list[str], cursor: sqlite3.Cursor):
        self.names, self.cursor = names, cursor

    def __iter__(self) -> Iterator[dict[str, Any]]:
        names = self.names
        return (dict(zip(names, row)) for row in self.cursor)

    def all(self) -> list[dict[str, Any]]:
        return list(self)

    def first(self) -> dict[str, Any] | None:
        row = self.cursor.fetchone()
        return None if row is None else dict(zip(self.names, row))


class Tx:
    """One open transaction: run statements with ``:name`` parameters."""

    __slots__ = ("conn", "db", "raw")

    def __init__(self, db: Database, conn: Connection):
        self.db = db
        self.conn = conn
        self.raw = conn.connection.driver_connection if db.is_sqlite else None

    def run(self, text: str, params: Mapping[str, Any] | list | None = None):
        if self.raw is not None:
            if isinstance(params, list):
                return SQLiteResult(self.raw.executemany(text, params))
            return SQLiteResult(self.raw.execute(text, params or {}))
        return self.conn.exec_driver_sql(sql(text, self.db.paramstyle), params or {})

    def one(self, text: str, params: Mapping[str, Any] | None = None):
        """The first row as a mapping, or None."""
        return self.run(text, params).mappings().first()

    def scalar(self, text: str, params: Mapping[str, Any] | None = None):
        return self.run(text, params).scalar()

    def stream(self, text: str, params: Mapping[str, Any] | None = None, size: int = 2000):
        """Rows as plain dicts, fetched in batches so a million rows never sit in memory."""
        if self.raw is not None:
            cursor = self.raw.execute(text, params or {})
            keys = tuple(d[0] for d in cursor.description)
            while batch := cursor.fetchmany(size):
                for row in batch:
                    yield dict(zip(keys, row))
            return
        result = self.conn.execution_options(stream_results=True).exec_driver_sql(
            sql(text, self.db.paramstyle), params or {}
        )
        keys = tuple(result.keys())
        for batch in result.partitions(size):
            for row in batch:
                yield dict(zip(keys, row))

    def ts(self, value: datetime | None):
        """A UTC-aware instant as the driver stores it (sqlmodel's UTCDateTime format)."""
        if value is None:
            return None
        return _stamp(value) if self.db.is_sqlite else value.astimezone(UTC)

    def day(self, value: date | None):
        if value is None:
            return None
        return value.isoformat() if self.db.is_sqlite else value

    @property
    def lock(self) -> str:
        """Row lock clause: SQLite has none (the whole write is serialised by BEGIN IMMEDIATE)."""
        return "" if self.db.is_sqlite else " FOR UPDATE"

    def tenant_key(self, columns: str) -> str:
        """A tenant table's unique key, as an ON CONFLICT target: on PostgreSQL every key leads with
        enterprise_id (so the tables can be partitioned by it); a SQLite file holds one enterprise."""
        return columns if self.db.is_sqlite else f"enterprise_id, {columns}"


class Database:
    """An engine and the way to open read and write units on it."""

    def __init__(self, url: str):
        self.url = url
        try:
            parsed = make_url(url)
        except ArgumentError:
            raise InvalidInput(
                f"{url!r} is not a database URL: use e.g. sqlite:///register.db or "
                "postgresql+psycopg://user@host/dbname") from None
        backend = parsed.get_backend_name()
        if backend not in BACKENDS:
            raise DatabaseUnavailable(
                f"{parsed.drivername}:// is not a database dualprev works with: use "
                "sqlite:///FILE or postgresql+psycopg://user@host/dbname")
        self.is_sqlite = backend == "sqlite"
        self.read_only = self.is_sqlite and parsed.query.get("mode") == "ro"
        if self.is_sqlite and set(parsed.query) & SQLITE_URI_PARAMS and "uri" not in parsed.query:
            # ?mode=ro as SQLite means it (without uri=true the driver opens a file named "r.db?mode=ro")
            parsed = parsed.update_query_dict({"uri": "true"})
        uri = self.is_sqlite and parsed.query.get("uri") == "true" and parsed.database
        if uri and not parsed.database.startswith("file:"):
            parsed = parsed.set(database=f"file:{parsed.database}")
        try:
            if self.is_sqlite:
                self.engine = create_engine(parsed, connect_args={"isolation_level": None})
                event.listen(self.engine, "connect", _sqlite_pragmas)
                event.listen(self.engine, "begin", _sqlite_begin)
            else:
                self.engine = create_engine(parsed, pool_pre_ping=False)
                event.listen(self.engine, "connect", self._pg_timeouts)
        except (ImportError, NoSuchModuleError) as exc:
            raise DatabaseUnavailable(
                f"no driver for {parsed.drivername}:// ({exc}): use sqlite:///FILE or "
                "postgresql+psycopg://user@host/dbname") from None
        self.bulk = False
        # sqlite3 takes :name with a dict whatever the dialect says; psycopg takes %(name)s
        self.paramstyle = "named" if self.is_sqlite else self.engine.dialect.paramstyle
        self.sqlite_path = (parsed.database.removeprefix("file:") if uri else parsed.database) \
            if self.is_sqlite else None

    def use_bulk_timeouts(self) -> None:
        """Give this process's PostgreSQL sessions the rules' bulk timeouts (init, tick, the
        daemon) instead of the interactive ones; later connections get them."""
        if not self.bulk:
            self.bulk = True
            self.engine.dispose()

    def _pg_timeouts(self, dbapi_conn, _record) -> None:
        lock, statement = timeouts(bulk=self.bulk)
        with dbapi_conn.cursor() as cur:  # session settings, committed so a pool reset keeps them
            cur.execute(f"SET lock_timeout = {int(lock * 1000)}")
            cur.execute(f"SET statement_timeout = {int(statement * 1000)}")
            # streams read every row they open a cursor for: plan for all of them, not the first
            # 10% (which walked the primary key past other enterprises' rows, issue 15); and no
            # JIT, which cost 0.8 s of a 300k-row ledger and saves nothing on indexed reads
            cur.execute("SET cursor_tuple_fraction = 1")
            cur.execute("SET jit = off")
            # instants come back in UTC, as they are stored and as SQLite gives them
            cur.execute("SET TimeZone = 'UTC'")
        dbapi_conn.commit()

    def create_file(self) -> None:
        """Make the SQLite file's folder (only ``init`` creates a register)."""
        if self.sqlite_path and self.sqlite_path != ":memory:":
            Path(self.sqlite_path).parent.mkdir(parents=True, exist_ok=True)

    def refuse_as_output(self, path: str) -> None:
        """Refuse to write a report onto the register's own files: the database, its -wal, -shm
        or -journal, or anything in the attachment store, whatever the spelling of the path
        (through symlinks, relative, or a hard link)."""
        target = os.path.realpath(path)
        store = os.path.realpath(store_dir(self.sqlite_path if self.sqlite_path != ":memory:" else None))
        if target == store or target.startswith(store + os.sep) or _inside_by_inode(target, store):
            raise InvalidInput(f"--output {path} is inside the register's attachment store {store}: "
                               "write the report to another folder")
        if not self.sqlite_path or self.sqlite_path == ":memory:":
            return
        register = os.path.realpath(self.sqlite_path)
        own = [register + suffix for suffix in ("", "-wal", "-shm", "-journal")]
        if target in own or any(os.path.exists(f) and os.path.exists(target) and os.path.samefile(f, target)
                                for f in own):
            raise InvalidInput(f"--output {path} is the register's own database file: "
                               "write the report to another file")

    def _check_exists(self) -> None:
        if self.sqlite_path and self.sqlite_path != ":memory:" and not Path(self.sqlite_path).exists():
            raise NotInitialised(f"no register at {self.sqlite_path}: run `dualprev init` first")

    def mapped_errors(self):
        """Driver errors turned into DomainErrors, as in a unit (schema upgrades use it)."""
        return _mapped_errors()

    @contextmanager
    def write(self) -> Iterator[Tx]:
        """One write unit: everything commits together or nothing does."""
        self._check_exists()
        if self.read_only:
            raise ReadOnly(f"the register {self.sqlite_path} is opened read-only (?mode=ro): "
                           "leave out ?mode=ro to change it")
        with _mapped_errors(), self.engine.begin() as conn:
            yield Tx(self, conn)

    @contextmanager
    def read(self, *, snapshot: bool = False) -> Iterator[Tx]:
        """One read unit; ``snapshot`` makes every statement in it see the same committed state
        (REPEATABLE READ on PostgreSQL; a SQLite read transaction already does)."""
        self._check_exists()
        options: dict[str, Any] = {"dualprev_read": True}
        if snapshot and not self.is_sqlite:
            options["isolation_level"] = "REPEATABLE READ"
        with (
            _mapped_errors(),
            self.engine.connect() as conn,
            conn.execution_options(**options).begin(),
        ):
            yield Tx(self, conn)

    def dispose(self) -> None:
        self.engine.dispose()


def _inside_by_inode(target: str, folder: str) -> bool:
    """A file that is a hard link of a file kept in ``folder`` (the store keeps files by hash
    in one level of sub-folders)."""
    try:
        st = os.stat(target)
    except OSError:
        return False
    if st.st_nlink < 2 or not os.path.isdir(folder):
        return False
    for sub in os.scandir(folder):
        if sub.is_dir(follow_symlinks=False):
            for f in os.scandir(sub.path):
                if f.inode() == st.st_ino and f.stat(follow_symlinks=False).st_dev == st.st_dev:
                    return True
    return False


def timeouts(*, bulk: bool = False) -> tuple[float, float]:
    """PostgreSQL's (lock, statement) timeouts in seconds from the rules file; 0 is no limit."""
    rules = config.rules()["database"]
    prefix = "bulk_" if bulk else ""
    return (float(rules[f"{prefix}lock_timeout_seconds"]),
            float(rules[f"{prefix}statement_timeout_seconds"]))


# PostgreSQL's SQLSTATEs for a statement cancelled by lock_timeout / statement_timeout
_TIMEOUTS = {
    "55P03": "the database is busy: another session held a lock longer than the lock timeout of "
             "the rules file ([database] lock_timeout_seconds). Try again in a moment",
    "57014": "the database is busy: a statement ran longer than the statement timeout of the "
             "rules file ([database] statement_timeout_seconds). Try again in a moment, or raise it",
}


def _busy(exc: Exception) -> Busy | None:
    message = _TIMEOUTS.get(getattr(getattr(exc, "orig", exc), "sqlstate", None) or "")
    return None if message is None else Busy(message)


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    for pragma in ("journal_mode=WAL", "busy_timeout=10000", "foreign_keys=ON", "synchronous=NORMAL"):
        dbapi_conn.execute(f"PRAGMA {pragma}")


def _sqlite_begin(conn: Connection) -> None:
    if conn.get_execution_options().get("dualprev_read"):
        conn.exec_driver_sql("BEGIN")
    else:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def _mapped_errors() -> Iterator[None]:
    """Turn driver errors a user can meet into DomainErrors with a way forward."""
    try:
        yield
    except DomainError:
        raise
    except (OperationalError, ProgrammingError, DataError, sqlite3.OperationalError,
            sqlite3.ProgrammingError, sqlite3.DataError, OverflowError) as exc:
        if busy := _busy(exc):
            raise busy from exc
        text = str(getattr(exc, "orig", exc))
        state = getattr(getattr(exc, "orig", None), "sqlstate", None) or ""
        first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
        if "database or disk is full" in text or state == "53100" or "No space left" in text:
            raise DiskFull("the database is full (no space left on its disk): free some space "
                           "and try again; nothing was changed") from exc
        if "readonly database" in text or state == "25006":
            raise ReadOnly(f"the database may be read but not written ({first}): ask for write "
                           "access to it and its folder (reports can read it with ?mode=ro)") from exc
        if isinstance(exc, (DataError, sqlite3.DataError, OverflowError)) or state.startswith("22"):
            raise InvalidInput(f"a value does not fit the database ({first}): give a shorter "
                               "text or a smaller number") from exc
        if "no such table" in text or "does not exist" in text and (
                "relation" in text or "function dualprev_" in text):
            raise NotInitialised(
                "the database has no register yet: run `dualprev init` first"
            ) from exc
        if "database is locked" in text or "could not serialize" in text:
            raise Conflict("the database is busy with another writer: try again") from exc
        if "unable to open database" in text or "connection" in text.lower() or state.startswith("08"):
            raise DatabaseUnavailable(f"cannot open the database: {first}. Check the URL (--db, "
                                      "DUALPREV_DB) and that the server is up") from exc
        raise
    except (IntegrityError, sqlite3.IntegrityError) as exc:
        raise Conflict(
            f"the change collides with another one made at the same time: {getattr(exc, 'orig', exc)}"
        ) from exc


_DATABASES: dict[str, Database] = {}


def open_db(url: str | None = None) -> Database:
    """The Database for ``url`` (or DUALPREV_DB, or the default SQLite file), one per process."""
    resolved = config.db_url(url)
    if resolved not in _DATABASES:
        _DATABASES[resolved] = Database(resolved)
    return _DATABASES[resolved]


def close_db(url: str) -> None:
    """Forget and dispose of the Database opened for ``url`` (tests open one per test)."""
    db = _DATABASES.pop(url, None)
    if db is not None:
        db.dispose()
