"""Cadences (日/周/月), the working-day calendar, task generation, the escalation sweep and the
APScheduler daemon. Built by the inspection and escalation issues on top of hazards/ and workflows/.
"""
