"""The limits of hazards/limits.py are the schema's: every length it checks is the column's
``max_length`` in hazards/models.py, and every free text it checks is a TEXT column."""

from __future__ import annotations

import pytest
from sqlalchemy import Text
from sqlmodel import SQLModel

import dualprev.hazards.models  # noqa: F401  (registers the tables)
from dualprev.hazards import limits
from dualprev.hazards.errors import InvalidInput

CHECKED = [(t, c, limit) for t, columns in limits.FIELDS.items() for c, (_o, limit) in columns.items()]


@pytest.mark.parametrize(("table", "column", "limit"), CHECKED, ids=lambda v: str(v))
def test_each_limit_is_the_columns_own(table, column, limit):
    col = SQLModel.metadata.tables[table].c[column]
    if limit is None:
        assert isinstance(col.type, Text)
    else:
        assert getattr(col.type, "length", None) == limit


def test_printable_escapes_only_what_is_invisible():
    assert limits.printable("二号泵房 A-1\n第二行\t") == "二号泵房 A-1\n第二行\t"
    assert limits.printable("a\x1b[2Jb\u200bc\x7f") == "a\\x1b[2Jb\\u200bc\\x7f"


def test_a_line_keeps_a_joiner_between_characters():
    limits.line("👨\u200d🔧", "--title", 10)
    with pytest.raises(InvalidInput, match="blank"):
        limits.line("\u200d", "--title", 10)
