"""The inspection task machine: every (state, trigger) pair is either allowed or refused clearly."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from dualprev.hazards.errors import RuleViolation, TransitionNotAllowed
from dualprev.workflows import inspection

NOW = datetime(2026, 11, 24, 2, tzinfo=UTC)
ALLOWED = {("open", "complete"): "done", ("open", "miss"): "missed"}


def task(state: str, due=NOW - timedelta(hours=1)):
    return SimpleNamespace(id=7, state=state, due_at=due, done_at=None)


@pytest.mark.parametrize("state", ["open", "done", "missed"])
@pytest.mark.parametrize("event", ["complete", "miss"])
def test_every_state_and_trigger(state, event):
    row = task(state)
    if (state, event) in ALLOWED:
        assert inspection.fire(row, event, now=NOW, missing=[])
        assert row.state == ALLOWED[(state, event)]
    else:
        with pytest.raises(TransitionNotAllowed, match="cannot"):
            inspection.fire(row, event, now=NOW, missing=[])
        assert row.state == state


def test_complete_needs_every_item_and_stamps_the_time():
    row = task("open")
    with pytest.raises(RuleViolation, match=r"items \[2\]"):
        inspection.fire(row, "complete", now=NOW, missing=[2])
    assert row.state == "open" and row.done_at is None
    inspection.fire(row, "complete", now=NOW, missing=[])
    assert (row.state, row.done_at) == ("done", NOW)


def test_a_task_is_not_missed_before_its_due_time():
    row = task("open", due=NOW + timedelta(minutes=1))
    assert inspection.fire(row, "miss", now=NOW) is False and row.state == "open"
