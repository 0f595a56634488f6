"""The refusal triggers on both backends (issue 10): an audit event is never updated or deleted and
a chain head moves only forward, onto an existing event, whoever writes (the operator included);
ordinary work still moves the heads."""

from __future__ import annotations

import pytest

from dualprev.hazards import audit
from dualprev.hazards.services import hazard as hazard_service
from tests.support import attacker


@pytest.fixture
def worked(db):
    hazard_service.report(db, actor="wang", title="护栏缺失", org="生产一车间")
    return db


@pytest.mark.parametrize("statement, refusal", [
    ("UPDATE hazard_event SET comment = 'x' WHERE enterprise_id = 1", "append-only"),
    ("DELETE FROM hazard_event WHERE enterprise_id = 1", "append-only"),
    ("UPDATE audit_head SET seq = seq - 1 WHERE enterprise_id = 1", "only forward"),
    ("UPDATE audit_head SET seq = seq + 1 WHERE enterprise_id = 1", "only forward"),
    ("UPDATE audit_head SET hash = 'x' WHERE enterprise_id = 1", "only forward"),
    ("DELETE FROM audit_head WHERE enterprise_id = 1", "cannot be removed"),
])
def test_history_cannot_be_rewritten(worked, statement, refusal):
    with pytest.raises(Exception, match=refusal), worked.write() as tx:
        tx.run(statement)
    assert audit.verify(worked)["ok"]


def test_an_attacker_who_drops_the_triggers_is_caught_by_verify(worked):
    with attacker(worked) as tx:
        tx.run("DELETE FROM hazard_event WHERE enterprise_id = 1 AND seq = 2")
    assert not audit.verify(worked)["ok"]
