"""dualprev: the 双重预防 risk-and-hazard register, installed as one package.

The repository root is this package: ``hazards`` (the register library), ``workflows`` (the state
machines), ``schedules`` (cadences, the calendar, tick, escalation, the daemon), ``templates``
(jinja2) and ``cli`` (the command line). Import them as ``dualprev.hazards`` and so on, never by
their bare names.
"""
