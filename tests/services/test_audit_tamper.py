"""The tamper suite: an attacker with full access to the database (past the triggers) rewrites
history in each way issue 10 lists; `audit.verify` (with a signed anchor where the case needs
one) catches every one and names it in one line. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date

import pytest

from dualprev.hazards import anchor, audit
from dualprev.hazards.db import as_instant
from dualprev.hazards.services import hazard as hazard_service
from tests.support import attacker, rechain


@pytest.fixture
def register(db):
    """Three hazards of enterprise 1: one closed (pass), one in 复核, one just reported."""
    closed = hazard_service.report(db, actor="wang", title="护栏缺失", org="生产一车间")["code"]
    hazard_service.assign(db, actor="wang", code=closed, owner="chen", deadline=date(2026, 12, 1),
                          measures="加装")
    hazard_service.submit(db, actor="chen", code=closed, note="已加装")
    hazard_service.verify(db, actor="li", code=closed, passed=True)
    waiting = hazard_service.report(db, actor="wang", title="地面油污", org="生产一车间")["code"]
    hazard_service.assign(db, actor="wang", code=waiting, owner="chen", deadline=date(2026, 12, 5),
                          measures="清理")
    hazard_service.submit(db, actor="chen", code=waiting, note="已清理")
    fresh = hazard_service.report(db, actor="wang", title="灯具损坏", org="生产二车间")["code"]
    assert audit.verify(db)["ok"]
    return db, {"closed": closed, "waiting": waiting, "fresh": fresh}


@pytest.fixture
def signed(register, tmp_path):
    """The register anchored once, with its key pair; returns a function verifying with it."""
    db, codes = register
    key = tmp_path / "anchor.key"
    anchor.keygen(key)
    statement = anchor.make(db, actor="admin", key=key)
    path = tmp_path / "anchor.json"
    anchor.write(path, statement)

    def check():
        return anchor.verify(db, files=[path], pubkey=anchor.public_path(key))

    assert check()["ok"]
    return db, codes, statement, check


def caught(result, *words):
    """Refused, in one line naming what happened."""
    assert not result["ok"], result
    line = result["message"]
    assert "\n" not in line and all(w in line for w in words), line
    return line


def head(tx, ent=1):
    return tx.one("SELECT seq, hash FROM audit_head WHERE enterprise_id = :e", {"e": ent})


def event(tx, ent, seq):
    return tx.one("SELECT * FROM hazard_event WHERE enterprise_id = :e AND seq = :s", {"e": ent, "s": seq})


def test_delete_the_last_event_and_move_the_head_back(register):
    db, codes = register
    with attacker(db) as tx:
        h = head(tx)
        tx.run("DELETE FROM hazard_event WHERE enterprise_id = 1 AND seq = :s", {"s": h["seq"]})
        tx.run("UPDATE audit_head SET seq = :s, hash = :h WHERE enterprise_id = 1",
               {"s": h["seq"] - 1, "h": event(tx, 1, h["seq"] - 1)["hash"]})
    caught(audit.verify(db), "hazard", codes["fresh"], "no event")  # its report is gone


def test_delete_the_last_events_with_their_row_changes_is_caught_by_the_anchor(signed):
    """A forger who also puts the rows back leaves a consistent register: only the anchor knows."""
    db, codes, statement, check = signed
    anchored = next(c for c in statement["chains"] if c["enterprise_id"] == 1)
    with attacker(db) as tx:
        tx.run("DELETE FROM hazard_event WHERE enterprise_id = 1 AND seq >= :s", {"s": anchored["seq"]})
        tx.run("DELETE FROM hazard WHERE code = :c", {"c": codes["fresh"]})
        tx.run("UPDATE audit_head SET seq = :s, hash = :h WHERE enterprise_id = 1",
               {"s": anchored["seq"] - 1, "h": event(tx, 1, anchored["seq"] - 1)["hash"]})
    assert audit.verify(db)["ok"]  # without the anchor it looks intact
    caught(check(), "enterprise 1", f"seq {anchored['seq']}", "gone")


def test_delete_a_middle_event_and_rehash_the_rest(signed):
    db, codes, statement, check = signed
    with attacker(db) as tx:
        victim = tx.one("SELECT id FROM hazard_event WHERE ref = :c AND event = 'pass'", {"c": codes["closed"]})
        tx.run("DELETE FROM hazard_event WHERE id = :id", {"id": victim["id"]})
        tx.run("UPDATE hazard SET state = 'verifying' WHERE code = :c", {"c": codes["closed"]})
        rechain(tx, 1, audit.digest, as_instant)
    assert audit.verify(db)["ok"]
    caught(check(), "enterprise 1", "anchor", "rewritten")


def test_swap_two_events_ids(register):
    db, _codes = register
    with attacker(db) as tx:
        a, b = event(tx, 1, 20)["id"], event(tx, 1, 21)["id"]
        tx.run("UPDATE hazard_event SET id = -1 WHERE id = :a", {"a": a})
        tx.run("UPDATE hazard_event SET id = :a WHERE id = :b", {"a": a, "b": b})
        tx.run("UPDATE hazard_event SET id = :b WHERE id = -1", {"b": b})
    caught(audit.verify(db), "enterprise 1", "seq 21", "ids swapped")


def test_append_a_forged_pass_with_a_recomputed_hash(register):
    db, codes = register
    with attacker(db) as tx:
        h = head(tx)
        row = tx.one("SELECT id FROM hazard WHERE code = :c", {"c": codes["waiting"]})
        at = as_instant(event(tx, 1, h["seq"])["at"])
        data = audit.canonical({"closed_at": at.isoformat()})
        forged = audit.digest(1, h["seq"] + 1, h["hash"], "hazard", row["id"], codes["waiting"], "pass",
                              "verifying", "closed", "li", at, None, data, "li")
        tx.run(audit.INSERT_SQL, {"e": 1, "seq": h["seq"] + 1, "prev": h["hash"], "hash": forged,
                                  "subject": "hazard", "subject_id": row["id"], "ref": codes["waiting"],
                                  "event": "pass", "from_state": "verifying", "to_state": "closed",
                                  "actor": "li", "at": tx.ts(at), "comment": None, "data": data,
                                  "os_user": "li"})
        tx.run("UPDATE audit_head SET seq = :s, hash = :h WHERE enterprise_id = 1",
               {"s": h["seq"] + 1, "h": forged})
    caught(audit.verify(db), "hazard", codes["waiting"], "state is 'verifying'", "say 'closed'")


def test_edit_an_event_and_rehash_after_it(signed):
    db, codes, _statement, check = signed
    with attacker(db) as tx:
        victim = tx.one("SELECT id, data FROM hazard_event WHERE ref = :c AND event = 'assign'",
                        {"c": codes["closed"]})
        data = json.loads(victim["data"])
        tx.run("UPDATE hazard_event SET actor = 'zhao', comment = '补记' WHERE id = :id", {"id": victim["id"]})
        rechain(tx, 1, audit.digest, as_instant)
        assert data["owner"] == "chen"
    assert audit.verify(db)["ok"]
    caught(check(), "enterprise 1", "rewritten")


def test_delete_every_event_and_head(signed):
    db, codes, _statement, check = signed
    with attacker(db) as tx:
        tx.run("DELETE FROM hazard_event")
        tx.run("DELETE FROM audit_head")
    caught(audit.verify(db), "hazard", codes["closed"], "no event")  # hazards and no history
    caught(check(), "anchor", "gone")


def test_an_empty_register_wiped_of_its_history_is_caught_by_the_anchor(db, tmp_path):
    key = tmp_path / "k"
    anchor.keygen(key)
    path = tmp_path / "a.json"
    anchor.write(path, anchor.make(db, actor="admin", key=key))
    with attacker(db) as tx:
        tx.run("DELETE FROM hazard_event")
        tx.run("DELETE FROM audit_head")
    assert audit.verify(db)["ok"]  # no hazards yet: nothing to replay
    caught(anchor.verify(db, files=[path], pubkey=anchor.public_path(key)), "seq 1", "gone")


def test_edit_a_hazard_row_with_no_event(register):
    db, codes = register
    with attacker(db) as tx:
        tx.run("UPDATE hazard SET state = 'closed' WHERE code = :c", {"c": codes["waiting"]})
    caught(audit.verify(db), codes["waiting"], "state is 'closed'", "say 'verifying'")
    with attacker(db) as tx:
        tx.run("UPDATE hazard SET state = 'verifying', deadline = :d WHERE code = :c",
               {"c": codes["waiting"], "d": tx.day(date(2027, 3, 1))})
    caught(audit.verify(db), codes["waiting"], "deadline is '2027-03-01'", "'2026-12-05'")


def test_delete_a_hazard_row_keeping_its_events(register):
    db, codes = register
    with attacker(db) as tx:
        tx.run("DELETE FROM hazard WHERE code = :c", {"c": codes["fresh"]})
    caught(audit.verify(db), codes["fresh"], "not in the register", "deleted")


def test_a_hazard_row_added_with_no_event(register):
    db, _codes = register
    with attacker(db) as tx:
        tx.run("INSERT INTO hazard (uuid, enterprise_id, code, title, org_id, level, source, found_at, finder,"
               " state, version, updated_at) SELECT 'u-x', enterprise_id, 'YH-2026-999999', '假', org_id,"
               " level, source, found_at, finder, 'closed', 1, updated_at FROM hazard LIMIT 1")
    caught(audit.verify(db), "YH-2026-999999", "no event")


def test_an_altered_or_foreign_anchor_is_refused(signed, tmp_path):
    db, _codes, statement, _check = signed
    forged = {**statement, "chains": [{**c, "seq": c["seq"] - 1} for c in statement["chains"]]}
    path = tmp_path / "forged.json"
    anchor.write(path, forged)
    key = tmp_path / "anchor.key"
    caught(anchor.verify(db, files=[path], pubkey=anchor.public_path(key)), "signature", "altered")
    other = tmp_path / "other.key"
    anchor.keygen(other)
    caught(anchor.verify(db, files=[tmp_path / "anchor.json"], pubkey=anchor.public_path(other)),
           "signed by key")


def test_the_daemon_anchors_daily_and_queues_the_statement(register, tmp_path, monkeypatch):
    from dualprev.hazards import notify
    from dualprev.schedules import daemon

    db, _codes = register
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    daemon.run_anchor(db)  # no key yet: nothing signed, nothing recorded
    with db.read() as tx:
        assert tx.scalar("SELECT count(*) FROM hazard_event WHERE event = 'anchor'") == 0
    made = anchor.keygen()
    notify.add_route(db, actor="zhao", person="gao", email="gao@example.com")  # the 主要负责人
    daemon.run_anchor(db)
    [path] = (tmp_path / "data" / "dualprev" / "anchors").glob("anchor-*.json")
    statement = json.loads(path.read_text())
    assert statement["key"] == made["fingerprint"]
    with db.read() as tx:
        queued = tx.run("SELECT recipient, target, subject, body FROM notification WHERE event = 'anchor'"
                        ).mappings().all()
    assert [(q["recipient"], q["target"]) for q in queued] == [("gao", "gao@example.com")]
    assert json.loads(queued[0]["body"]) == statement and "审计锚点" in queued[0]["subject"]
    assert anchor.verify(db, files=[path])["ok"]
    jobs = {j.id: j for j in daemon.build(db, interval=60).get_jobs()}
    assert set(jobs) == {"tick", "anchor"} and "hour='2', minute='30'" in str(jobs["anchor"].trigger)


def test_rewrite_a_correction_and_its_row_with_the_events_rehashed(register):
    """#12: a correction (hazard edit) replays: its row changed behind its back is caught by the
    replay, its event rewritten to match by the chain."""
    from dualprev.hazards.services import correction

    db, codes = register
    correction.edit(db, actor="wang", code=codes["fresh"], title="灯具损坏(二车间)", reason="补充位置")
    assert audit.verify(db)["ok"]
    with attacker(db) as tx:
        tx.run("UPDATE hazard SET title = '灯具完好' WHERE code = :c", {"c": codes["fresh"]})
    caught(audit.verify(db), codes["fresh"], "title is '灯具完好'", "say '灯具损坏(二车间)'")
    with attacker(db) as tx:
        victim = tx.one("SELECT id, data FROM hazard_event WHERE ref = :c AND event = 'edit'",
                        {"c": codes["fresh"]})
        data = json.loads(victim["data"])
        data["title"] = "灯具完好"
        tx.run("UPDATE hazard_event SET data = :d WHERE id = :id", {"d": audit.canonical(data), "id": victim["id"]})
    caught(audit.verify(db), "enterprise 1", "edited")
