"""Every command checks the schema revision first: a register at a newer revision than this
program's (upgraded by a newer dualprev, here with an extra migration run from a temporary copy of
the versions) refuses every command, `init` included; one at an older revision (migrated only to
the previous one) refuses everything but `init`, which upgrades it. Exit 8, one line."""

from __future__ import annotations

import shutil
from importlib import resources

import pytest
from alembic import command

from dualprev.hazards import migrate
from dualprev.hazards.db import open_db
from dualprev.hazards.migrate import alembic_config, upgrade
from dualprev.hazards.services import org as org_service
from tests.cli.helpers import ok, refused

FUTURE = '''"""a later dualprev's migration
Revision ID: 9001
Revises: {head}
"""
import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("hazard") as batch:
        batch.add_column(sa.Column("writeoff_doc", sa.String(100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("hazard") as batch:
        batch.drop_column("writeoff_doc")
'''


@pytest.fixture
def newer(db, tmp_path):
    """The register upgraded by a 'newer dualprev': one more migration, from a copy of ours."""
    source = resources.files("dualprev.hazards").joinpath("migrations")
    copy = tmp_path / "migrations"
    shutil.copytree(str(source), copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "versions" / "9001_future.py").write_text(FUTURE.format(head=migrate.head()), "utf-8")
    cfg = alembic_config(db)
    cfg.set_main_option("script_location", str(copy))
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    db.dispose()
    assert migrate.current_revision(db) == "9001"
    return db


def test_a_newer_register_refuses_every_command(newer, cli_run):
    for args in (["hazard", "list"], ["tick"], ["audit", "verify"], ["init"], ["report", "ledger"]):
        line = refused(cli_run("--as", "wang", *args), 8)
        assert line == ("Error: the database is at schema revision 9001, newer than this dualprev knows "
                        f"(it knows up to {migrate.head()}): upgrade dualprev before using this register")
    assert migrate.current_revision(newer) == "9001"  # init did not touch it
    check = cli_run("db", "check")
    assert check.exit_code == 1 and "BAD  revision" in check.stdout


def test_an_older_register_runs_only_init(db_url, cli_run):
    db = open_db(db_url)
    db.create_file()
    previous = migrate.known_revisions()[-2]
    assert upgrade(db, previous) == previous
    line = refused(cli_run("--as", "admin", "hazard", "list"), 8)
    assert line == (f"Error: the database is at schema revision {previous}, older than this dualprev's "
                    f"{migrate.head()}: run `dualprev init` to upgrade it (nothing is lost)")
    refused(cli_run("--as", "admin", "tick"), 8)
    ok(cli_run("--as", "admin", "init"))
    assert migrate.current_revision(db) == migrate.head()
    ok(cli_run("--as", "admin", "hazard", "list"))


def test_the_program_knows_its_revisions_without_alembic(db):
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(db))
    assert migrate.head() == script.get_current_head()
    assert list(migrate.known_revisions()) == [r.revision for r in reversed(list(script.walk_revisions()))]
    assert org_service.init(db, login="admin")["revision"] == migrate.head()


def test_the_daemon_stops_ticking_once_a_newer_dualprev_upgraded_the_register(newer, caplog):
    from dualprev.schedules import daemon

    with newer.read() as tx:
        before = tx.scalar("SELECT count(*) FROM hazard_event")
    with caplog.at_level("ERROR", logger="dualprev.scheduler"):
        daemon.run_once(newer)
    assert "tick refused: the database is at schema revision 9001" in caplog.text
    with newer.read() as tx:
        assert tx.scalar("SELECT count(*) FROM hazard_event") == before


def test_an_upgrade_over_rows_pointing_at_nothing_is_refused_and_changes_nothing(tmp_path):
    """A register whose file was edited by hand (an org unit under one that is gone) is not
    upgraded: init says which table, exits 3 and leaves the register at its revision."""
    import sqlite3

    url = f"sqlite:///{tmp_path / 'old.db'}"
    db = open_db(url)
    db.create_file()
    previous = migrate.known_revisions()[-2]
    upgrade(db, previous)
    db.dispose()
    raw = sqlite3.connect(tmp_path / "old.db")
    raw.execute("PRAGMA foreign_keys=OFF")
    raw.execute("INSERT INTO org_unit (id, uuid, parent_id, name, kind, path, created_at)"
                " VALUES (1, 'u-1', 999, 'x', 'enterprise', '/1/', '2026-01-01 00:00:00')")
    raw.commit()
    raw.close()
    from click.testing import CliRunner

    from dualprev.cli import cli
    line = refused(CliRunner().invoke(cli, ["--db", url, "--as", "ghost", "init"]), 3)
    assert line.startswith("Error: the register has 1 rows pointing at rows that do not exist (first: org_unit")
    assert line.endswith("nothing was changed")
    assert migrate.current_revision(open_db(url)) == previous
