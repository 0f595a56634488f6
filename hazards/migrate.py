"""Schema upgrades with the Alembic migrations shipped in ``hazards/migrations``."""

from __future__ import annotations

from dualprev.hazards.db import Database


def alembic_config(db: Database):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "dualprev.hazards:migrations")
    cfg.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    return cfg


def upgrade(db: Database, revision: str = "head") -> str:
    """Upgrade in place (nothing is lost) and return the revision the database is at."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    cfg = alembic_config(db)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        return MigrationContext.configure(conn).get_current_revision() or "base"
