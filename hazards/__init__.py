"""The register: tables, database access, use-cases, queries and reports' data.

Nothing here imports click; cli.py and schedules/ call the use-cases in
``hazards.services`` and the read side in ``hazards.queries``.
"""
