"""The read side, by concept: org, hazard, supervision, risk, inspection.

Queries select columns and stream plain dicts in the actor's scope; they never import the
use-cases (hazards/services).
"""
