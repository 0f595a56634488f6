"""The use-cases, by concept: org (the register, org units, people), hazard (the lifecycle),
supervision (挂牌督办 and extension requests), risk (the risk register), inspection (checklists,
plans, results).

Each is a keyword-only function that owns one transaction, writes its audit event in it and
returns plain data, or changes nothing and raises a DomainError. The CLI, the daemon and the tests
call them the same way.
"""
