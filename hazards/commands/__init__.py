"""The click command groups, one module each, and ``options`` with what they share.

A command parses its options, calls one use-case or query, and renders the answer: no SQL, no
rules. Each module imports only click (and ``options``) at load time; the register loads inside
the command bodies, so `dualprev --help` stays fast.
"""
