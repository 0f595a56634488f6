"""Hash partitions by enterprise for the large tables of a shared PostgreSQL (``init --partitions N``).

Each large table becomes a partitioned table of the same name, split by ``HASH (enterprise_id)``
into N partitions named ``<table>_p0`` … ``<table>_p<N-1>``; its rows, defaults, CHECK constraints,
keys, indexes and foreign keys (both ways) are carried over under their own names. It works because
revision 0019 made every key of a tenant table lead with enterprise_id, the rule PostgreSQL (and
Citus) sets for partitioned tables. Row-level security, grants and triggers are installed on the
parent afterwards by hazards/enforce.py; the partitions get no grants, so nobody but the operator
reads them directly.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection

from dualprev.hazards.errors import InvalidInput

LARGE_TABLES = ("hazard", "hazard_event", "inspection_task", "inspection_result", "escalation_step",
                "notification", "attachment")
MAX_PARTITIONS = 1024

_OWN = ("SELECT conname, contype, pg_get_constraintdef(oid) AS def FROM pg_constraint"
        " WHERE conrelid = to_regclass(%(t)s) AND contype IN ('p', 'u', 'f') AND conparentid = 0"
        " ORDER BY contype DESC, conname")
_INCOMING = ("SELECT conrelid::regclass::text AS tab, conname, pg_get_constraintdef(oid) AS def"
             " FROM pg_constraint WHERE confrelid = to_regclass(%(t)s) AND conrelid <> confrelid"
             " AND contype = 'f' AND conparentid = 0")
_PLAIN_INDEXES = ("SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i"
                  " WHERE i.indrelid = to_regclass(%(t)s) AND i.indexrelid NOT IN"
                  " (SELECT c.conindid FROM pg_constraint c WHERE c.conrelid = to_regclass(%(t)s))")


def check_count(partitions: int) -> int:
    if not 1 <= partitions <= MAX_PARTITIONS:
        raise InvalidInput(f"--partitions must be between 1 and {MAX_PARTITIONS}, not {partitions}")
    return partitions


def partitioned(conn: Connection) -> dict[str, int]:
    """The large tables that are partitioned, with their number of partitions."""
    rows = conn.exec_driver_sql(
        "SELECT c.relname, count(i.inhrelid) FROM pg_class c JOIN pg_partitioned_table p"
        " ON p.partrelid = c.oid LEFT JOIN pg_inherits i ON i.inhparent = c.oid"
        " WHERE c.relnamespace = current_schema()::regnamespace GROUP BY c.relname")
    return {name: n for name, n in rows}


def partition(conn: Connection, partitions: int) -> list[str]:
    """Turn each large table that is not partitioned yet into ``partitions`` hash partitions;
    returns the tables it changed. Runs inside the caller's transaction: all or nothing."""
    check_count(partitions)
    done = partitioned(conn)
    changed = []
    for table in LARGE_TABLES:
        if table not in done:
            _convert(conn, table, partitions)
            changed.append(table)
    return changed


def _convert(conn: Connection, table: str, n: int) -> None:
    run = conn.exec_driver_sql
    own = [dict(r) for r in run(_OWN, {"t": table}).mappings()]
    incoming = [dict(r) for r in run(_INCOMING, {"t": table}).mappings()]
    indexes = list(run(_PLAIN_INDEXES, {"t": table}).scalars())
    sequence = run("SELECT pg_get_serial_sequence(%(t)s, 'id')", {"t": table}).scalar()
    for fk in incoming:
        run(f'ALTER TABLE {fk["tab"]} DROP CONSTRAINT "{fk["conname"]}"')
    new = f"{table}__partitioned"
    run(f"CREATE TABLE {new} (LIKE {table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE)"
        " PARTITION BY HASH (enterprise_id)")
    for i in range(n):
        run(f"CREATE TABLE {table}_p{i} PARTITION OF {new} FOR VALUES WITH (MODULUS {n}, REMAINDER {i})")
    run(f"INSERT INTO {new} SELECT * FROM {table}")
    if sequence:
        run(f"ALTER SEQUENCE {sequence} OWNED BY {new}.id")
    run(f"DROP TABLE {table}")
    run(f"ALTER TABLE {new} RENAME TO {table}")
    for c in own:  # keys first, then the foreign keys that leave the table
        run(f'ALTER TABLE {table} ADD CONSTRAINT "{c["conname"]}" {c["def"]}')
    for statement in indexes:
        run(statement)
    for fk in incoming:
        run(f'ALTER TABLE {fk["tab"]} ADD CONSTRAINT "{fk["conname"]}" {fk["def"]}')
