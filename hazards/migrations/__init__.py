"""Alembic migrations of the register (script_location ``dualprev.hazards:migrations``)."""
