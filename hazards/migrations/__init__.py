"""Alembic migrations of the register (script_location ``hazards:migrations``)."""
