"""The state machines of the register, each declared as data and built once, model-less.

Fire them with ``MACHINE.events[name].trigger(row, **ctx)`` (never ``add_model``: pydantic refuses the attributes
transitions would add to a SQLModel row).
Guards read the row and the context and raise a DomainError that says why a move is refused;
callbacks change only the in-memory row. The use-cases in hazards/services.py persist the result.
"""
