"""The state machines of the register: the hazard lifecycle, 挂牌督办 and the inspection task, each
declared as data and built once, model-less, by ``machine.build``.

Each module's ``fire(row, event, **ctx)`` goes through ``machine.fire`` (never ``add_model``:
pydantic refuses the attributes transitions would add to a SQLModel row). Guards read the row and
the context and raise a DomainError that says why a move is refused; callbacks change only the
in-memory row. The use-cases in hazards/services/ persist the result.
"""
