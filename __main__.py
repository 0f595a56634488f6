"""``python -m dualprev``: the same program as the ``dualprev`` command."""

from dualprev.cli import main

main()
