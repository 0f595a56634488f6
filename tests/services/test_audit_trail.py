"""The audit chain: intact after real work, and every kind of tampering is caught and located."""

from __future__ import annotations

from datetime import date

import pytest

from dualprev.hazards import audit
from dualprev.hazards.db import as_instant
from dualprev.hazards.services import hazard as hazard_service
from dualprev.hazards.services import org as org_service
from tests.support import attacker


@pytest.fixture
def worked(db):
    """Two enterprises with some history each."""
    for title in ("a", "b", "c"):
        code = hazard_service.report(db, actor="wang", title=title, org="生产一车间")["code"]
    hazard_service.assign(db, actor="wang", code=code, owner="chen", deadline=date(2026, 12, 1), measures="m")
    org_service.add_org(db, actor="admin", name="第二化工")
    org_service.add_org(db, actor="admin", name="仓储车间", parent="第二化工")
    org_service.add_person(db, actor="admin", login="qian", name="钱", org="第二化工", roles=["officer"])
    hazard_service.report(db, actor="qian", title="d", org="仓储车间")
    return db


def events(db, enterprise):
    with db.read() as tx:
        return tx.run("SELECT id, seq FROM hazard_event WHERE enterprise_id = :e ORDER BY seq",
                      {"e": enterprise}).all()


def second_enterprise(db):
    with db.read() as tx:
        return tx.scalar("SELECT id FROM org_unit WHERE name = '第二化工'")


def test_intact_chains(worked):
    result = audit.verify(worked)
    assert result["ok"] and result["chains"] == 3  # the database's own chain + two enterprises
    assert result["checked"] == sum(len(events(worked, e)) for e in (0, 1, second_enterprise(worked)))


def test_edited_event_is_found(worked):
    with attacker(worked) as tx:
        tx.run("UPDATE hazard_event SET comment = 'nothing to see' WHERE enterprise_id = 1 AND seq = 17")
    result = audit.verify(worked)
    assert not result["ok"] and (result["enterprise_id"], result["seq"]) == (1, 17)
    assert "does not match its hash" in result["problem"]


def test_edited_and_rehashed_event_breaks_the_next_link(worked):
    """A forger who recomputes the edited event's hash still breaks its successor's link."""
    with attacker(worked) as tx:
        row = tx.one("SELECT * FROM hazard_event WHERE enterprise_id = 1 AND seq = 16")
        forged = audit.digest(1, 16, row["prev_hash"], row["subject"], row["subject_id"], row["ref"],
                              row["event"], row["from_state"], row["to_state"], "someone-else",
                              as_instant(row["at"]), row["comment"], row["data"], row["os_user"])
        tx.run("UPDATE hazard_event SET actor = 'someone-else', hash = :h WHERE id = :id",
               {"h": forged, "id": row["id"]})
    result = audit.verify(worked)
    assert not result["ok"] and result["seq"] == 17 and "link" in result["problem"]


def test_deleted_event_is_found(worked):
    with attacker(worked) as tx:
        tx.run("DELETE FROM hazard_event WHERE enterprise_id = 1 AND seq = 15")
    result = audit.verify(worked)
    assert not result["ok"] and result["seq"] == 15 and "missing" in result["problem"]


def test_reordered_events_are_found(worked):
    with attacker(worked) as tx:
        tx.run("UPDATE hazard_event SET seq = -1 WHERE enterprise_id = 1 AND seq = 16")
        tx.run("UPDATE hazard_event SET seq = 16 WHERE enterprise_id = 1 AND seq = 17")
        tx.run("UPDATE hazard_event SET seq = 17 WHERE enterprise_id = 1 AND seq = -1")
    result = audit.verify(worked)
    assert not result["ok"] and result["seq"] == 16


def test_truncated_chain_is_found(worked):
    ent = second_enterprise(worked)
    last = events(worked, ent)[-1]
    with attacker(worked) as tx:
        tx.run("DELETE FROM hazard_event WHERE id = :id", {"id": last.id})
    result = audit.verify(worked)
    assert not result["ok"] and result["enterprise_id"] == ent
    assert "removed from its end" in result["problem"]


def test_removed_head_is_found(worked):
    with attacker(worked) as tx:
        tx.run("DELETE FROM audit_head WHERE enterprise_id = 1")
    result = audit.verify(worked)
    assert not result["ok"] and "no recorded head" in result["problem"]


def test_whole_chain_wiped_is_found(worked):
    ent = second_enterprise(worked)
    with attacker(worked) as tx:
        tx.run("DELETE FROM hazard_event WHERE enterprise_id = :e", {"e": ent})
    result = audit.verify(worked)
    assert not result["ok"] and result["enterprise_id"] == ent


def test_enterprises_have_separate_chains(worked):
    ent = second_enterprise(worked)
    assert [e.seq for e in events(worked, ent)] == list(range(1, len(events(worked, ent)) + 1))
    with worked.read() as tx:
        assert tx.scalar("SELECT enterprise_id FROM hazard WHERE title = 'd'") == ent


def test_one_enterprise_is_checked_alone(worked):
    """`--enterprise`: the other chains are not read, so a break elsewhere does not show, and a
    break in the chosen one does."""
    ent = second_enterprise(worked)
    with attacker(worked) as tx:
        tx.run("UPDATE hazard_event SET comment = 'x' WHERE enterprise_id = :e AND seq = 1", {"e": ent})
    alone = audit.verify(worked, enterprises=[1])
    assert alone["ok"] and alone["chains"] == 1 and alone["checked"] == len(events(worked, 1))
    broken = audit.verify(worked, enterprises=[ent])
    assert not broken["ok"] and (broken["enterprise_id"], broken["seq"]) == (ent, 1)
    assert not audit.verify(worked)["ok"]


def test_a_tenant_with_rows_but_no_chain_is_found(worked):
    """Rows of an enterprise whose whole chain and head were removed still fail the full check."""
    ent = second_enterprise(worked)
    with attacker(worked) as tx:
        tx.run("DELETE FROM hazard_event WHERE enterprise_id = :e", {"e": ent})
        tx.run("DELETE FROM audit_head WHERE enterprise_id = :e", {"e": ent})
    result = audit.verify(worked)
    assert not result["ok"] and "no event" in result["problem"] and "hazard" in result["problem"]


def test_parallel_processes_give_the_serial_answer(worked):
    serial, parallel = audit.verify(worked), audit.verify(worked, jobs=2)
    assert parallel == serial and serial["ok"]
    with attacker(worked) as tx:
        tx.run("UPDATE hazard_event SET comment = 'x' WHERE enterprise_id = 1 AND seq = 2")
    assert audit.verify(worked, jobs=2) == audit.verify(worked)


def test_progress_is_told_after_each_chain_and_a_write_between_chains_is_no_discrepancy(worked):
    """Each chain is read in its own snapshot: a transition committed while the check is between
    chains (here, from the progress callback) is not taken for tampering."""
    seen = []

    def progress(done, total, events_so_far):
        seen.append((done, total))
        if done == 1:
            hazard_service.report(worked, actor="qian", title="e", org="仓储车间")
            hazard_service.report(worked, actor="wang", title="f", org="生产一车间")

    result = audit.verify(worked, progress=progress)
    assert result["ok"], result
    assert seen == [(1, 3), (2, 3), (3, 3)]
