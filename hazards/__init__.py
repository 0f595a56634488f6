"""The register library, one home per concept.

errors, config, identity, labels (every word users read and every enum), db (Database/Tx, the
open_db cache), models + migrate (the schema and its Alembic migrations), attachments, audit (the
hash-chained trail), access (actor, org tree, scope, the role check, loaders by code), grading
(LEC/LS), steps (in-transaction building blocks), notify (the outbox), render and reports (output),
seed (demo and bulk data); services/ (use-cases), queries/ (the read side), commands/ (the click
groups: the only place besides cli.py that imports click).
"""
