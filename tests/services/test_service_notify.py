"""Notifications: routes by person and by org subtree, the outbox written with its event, delivery
to a local HTTP server (generic JSON and the 企业微信 robot format) and a local SMTP server, retries
with a growing wait, and never a second send after success."""

from __future__ import annotations

import socket
import threading
from datetime import date, timedelta

import pytest

from dualprev.hazards import notify
from dualprev.hazards.config import parse_instant
from dualprev.hazards.errors import InvalidInput, PermissionDenied
from dualprev.hazards.services import hazard as hazard_service
from dualprev.schedules import escalation
from tests.support import NOW, overdue


@pytest.fixture
def smtp(monkeypatch):
    from aiosmtpd.controller import Controller

    class Inbox:
        messages: list = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append((envelope.rcpt_tos, envelope.content.decode("utf-8", "replace")))
            return "250 OK"

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = Inbox()
    inbox.messages = []
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("DUALPREV_SMTP_URL", f"smtp://127.0.0.1:{port}")
    yield inbox
    controller.stop()


def rows(db):
    with db.read() as tx:
        return [dict(r) for r in tx.run(
            "SELECT recipient, channel, target, style, state, attempts, last_error FROM notification"
            " ORDER BY id").mappings()]


def test_routes_cover_a_person_and_an_org_subtree(db, hook):
    notify.add_route(db, actor="zhao", org="生产一车间", webhook=hook.url)
    notify.add_route(db, actor="admin", person="zhao", email="zhao@example.com")
    overdue(db, owner="liu", org="甲班")  # liu sits in 甲班, under 生产一车间
    got = {(r["recipient"], r["channel"], r["state"]) for r in rows(db)}
    assert got == {("liu", "webhook", "pending"), ("zhao", "email", "pending")}


def test_nobody_routed_keeps_an_unrouted_record(db):
    overdue(db)
    assert {(r["recipient"], r["state"]) for r in rows(db)} == {("chen", "unrouted"), ("zhao", "unrouted")}
    assert notify.send(db, now=NOW) == {"sent": 0, "retry": 0, "failed": 0}


def test_route_input_is_checked(db):
    with pytest.raises(InvalidInput, match="exactly one of --org"):
        notify.add_route(db, actor="zhao", webhook="http://x")
    with pytest.raises(InvalidInput, match="http"):
        notify.add_route(db, actor="zhao", org="生产一车间", webhook="ftp://x")
    with pytest.raises(InvalidInput, match="e-mail"):
        notify.add_route(db, actor="zhao", person="chen", email="not an address")
    with pytest.raises(PermissionDenied):
        notify.add_route(db, actor="chen", person="chen", email="chen@example.com")


def test_webhook_delivery_retries_then_never_sends_twice(db, hook):
    notify.add_route(db, actor="zhao", person="chen", webhook=hook.url)
    code = overdue(db)
    hook.statuses = [500]
    assert notify.send(db, now=NOW) == {"sent": 0, "retry": 1, "failed": 0}
    [row] = [r for r in rows(db) if r["channel"]]
    assert (row["state"], row["attempts"], row["last_error"]) == ("pending", 1, f"HTTP 500 from {hook.url}")
    assert notify.send(db, now=NOW + timedelta(seconds=30)) == {"sent": 0, "retry": 0, "failed": 0}
    assert notify.send(db, now=NOW + timedelta(seconds=61)) == {"sent": 1, "retry": 0, "failed": 0}
    assert notify.send(db, now=NOW + timedelta(days=1)) == {"sent": 0, "retry": 0, "failed": 0}
    assert len(hook.bodies) == 2  # the failed try and the one that went through
    body = hook.bodies[-1]
    assert (body["event"], body["hazard"], body["recipient"]) == ("overdue", code, "chen")
    assert "逾期" in body["subject"]


def test_wecom_robot_format_and_its_error_code(db, hook):
    notify.add_route(db, actor="zhao", person="chen", webhook=hook.url, style="wecom")
    overdue(db)
    hook.answer = b'{"errcode": 93000, "errmsg": "invalid webhook url"}'
    assert notify.send(db, now=NOW)["retry"] == 1
    assert hook.bodies[0]["msgtype"] == "text" and "护栏缺失" in hook.bodies[0]["text"]["content"]
    assert "93000" in [r for r in rows(db) if r["channel"]][0]["last_error"]
    hook.answer = b'{"errcode": 0}'
    assert notify.send(db, now=NOW + timedelta(hours=1))["sent"] == 1


def test_giving_up_after_the_last_attempt(db, monkeypatch):
    notify.add_route(db, actor="zhao", person="chen", webhook="http://127.0.0.1:9/unreachable")
    overdue(db)
    when = NOW
    results = []
    for _ in range(6):
        results.append(notify.send(db, now=when))
        when += timedelta(days=1)
    assert [r["retry"] for r in results] == [1, 1, 1, 1, 1, 0] and results[-1]["failed"] == 1
    assert [r["state"] for r in rows(db) if r["channel"]] == ["failed"]


def test_email_delivery_over_smtp(db, smtp):
    notify.add_route(db, actor="zhao", person="zhao", email="zhao@example.com")
    code = overdue(db)
    assert notify.send(db, now=NOW)["sent"] == 1
    [(to, content)] = smtp.messages
    assert to == ["zhao@example.com"] and code in content
    assert notify.send(db, now=NOW + timedelta(days=1))["sent"] == 0


def test_email_without_a_server_is_an_error_kept_on_the_row(db, monkeypatch):
    monkeypatch.delenv("DUALPREV_SMTP_URL", raising=False)
    notify.add_route(db, actor="zhao", person="zhao", email="zhao@example.com")
    overdue(db)
    assert notify.send(db, now=NOW)["retry"] == 1
    assert "DUALPREV_SMTP_URL" in [r for r in rows(db) if r["channel"]][0]["last_error"]


def test_outbox_rows_commit_with_their_event_or_not_at_all(db, monkeypatch):
    notify.add_route(db, actor="zhao", person="chen", webhook="http://127.0.0.1:9/x")
    found = parse_instant("2026-11-01T09:00:00+08:00")
    code = hazard_service.report(db, actor="wang", title="x", org="生产一车间", found_at=found)["code"]
    hazard_service.assign(db, actor="wang", code=code, owner="chen", deadline=date(2026, 11, 23), measures="m")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("dualprev.hazards.audit.append_many", broken)
    with pytest.raises(RuntimeError):
        escalation.sweep(db, now=NOW)
    assert rows(db) == []
    with db.read() as tx:
        assert tx.scalar("SELECT count(*) FROM escalation_step") == 0


def test_two_senders_at_once_deliver_each_notification_once(db, hook):
    notify.add_route(db, actor="zhao", org="示范化工有限公司", webhook=hook.url)
    found = parse_instant("2026-11-01T09:00:00+08:00")
    for i in range(5):
        code = hazard_service.report(db, actor="wang", title=f"隐患{i}", org="生产一车间", found_at=found)["code"]
        hazard_service.assign(db, actor="wang", code=code, owner="chen", deadline=date(2026, 11, 23),
                        measures="m")
    assert escalation.sweep(db, now=NOW) == 5  # each tells chen and zhao: 10 notifications
    results: list[dict] = []
    threads = [threading.Thread(target=lambda: results.append(notify.send(db, now=NOW)))
               for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sum(r["sent"] for r in results) == 10 == len(hook.bodies)
    assert len({(b["hazard"], b["recipient"]) for b in hook.bodies}) == 10


def test_the_daemon_run_sweeps_and_then_delivers(db, hook, monkeypatch):
    from dualprev.schedules import daemon

    notify.add_route(db, actor="zhao", person="chen", webhook=hook.url)
    found = parse_instant("2026-11-01T09:00:00+08:00")
    code = hazard_service.report(db, actor="wang", title="护栏缺失", org="生产一车间", found_at=found)["code"]
    hazard_service.assign(db, actor="wang", code=code, owner="chen", deadline=date(2026, 11, 23), measures="m")
    daemon.run_once(db)
    assert [(b["hazard"], b["event"]) for b in hook.bodies] == [(code, "overdue")]
    daemon.run_once(db)
    assert len(hook.bodies) == 1


# --- after a crash: the lease, the per-row commit, the de-duplication key (issue 11) ---------------

class SenderDied(BaseException):
    """What kill -9 does to a sender, as far as the database can tell: it stops mid-way."""


def states(db):
    with db.read() as tx:
        return [tuple(r) for r in tx.run("SELECT id, state FROM notification WHERE channel IS NOT NULL"
                                         " ORDER BY id").all()]


def test_a_dead_senders_claim_is_taken_again_after_the_lease_not_before(db, hook, monkeypatch):
    notify.add_route(db, actor="zhao", person="chen", webhook=hook.url)
    overdue(db)

    def dies(row, settings):
        raise SenderDied

    monkeypatch.setattr(notify, "deliver", dies)
    with pytest.raises(SenderDied):
        notify.send(db, now=NOW)
    [(oid, state)] = states(db)
    assert state == "sending"
    monkeypatch.undo()
    lease = timedelta(seconds=30)  # [notify] lease_seconds
    assert notify.send(db, now=NOW + lease - timedelta(seconds=1))["sent"] == 0
    assert hook.bodies == [] and states(db) == [(oid, "sending")]
    assert notify.send(db, now=NOW + lease + timedelta(seconds=1))["sent"] == 1
    assert [b["outbox_id"] for b in hook.bodies] == [oid] and states(db) == [(oid, "sent")]


def test_each_row_is_recorded_sent_as_soon_as_it_is_delivered(db, hook, monkeypatch):
    notify.add_route(db, actor="zhao", org="示范化工有限公司", webhook=hook.url)
    overdue(db)  # chen and zhao: two rows
    real = notify.deliver
    calls = []

    def second_kills(row, settings):
        calls.append(row["id"])
        if len(calls) == 2:
            raise SenderDied
        return real(row, settings)

    monkeypatch.setattr(notify, "deliver", second_kills)
    with pytest.raises(SenderDied):
        notify.send(db, now=NOW)
    first, second = calls
    assert states(db) == [(first, "sent"), (second, "sending")]
    monkeypatch.undo()
    assert notify.send(db, now=NOW + timedelta(minutes=1))["sent"] == 1
    assert sorted(b["outbox_id"] for b in hook.bodies) == [first, second]  # nothing twice


def test_a_row_being_delivered_is_not_taken_by_a_second_sender(db, hook, monkeypatch):
    notify.add_route(db, actor="zhao", org="示范化工有限公司", webhook=hook.url)
    overdue(db)
    real = notify._post
    inside, release = threading.Event(), threading.Event()
    slow: list[int] = []

    def first_is_slow(row, timeout):
        if not slow:
            slow.append(row["id"])
            inside.set()
            release.wait(30)
        return real(row, timeout)

    monkeypatch.setattr(notify, "_post", first_is_slow)
    first = threading.Thread(target=notify.send, args=(db,), kwargs={"now": NOW})
    first.start()
    assert inside.wait(30)
    # the second sender runs while the first is still delivering its row, within the lease
    assert notify.send(db, now=NOW + timedelta(seconds=5)) == {"sent": 1, "retry": 0, "failed": 0}
    release.set()
    first.join(30)
    ids = [b["outbox_id"] for b in hook.bodies]
    assert sorted(ids) == sorted(set(ids)) and len(ids) == 2 and slow[0] in ids


@pytest.mark.parametrize("style", ["json", "wecom", "dingtalk"])
def test_every_webhook_payload_carries_its_outbox_id(db, hook, style):
    notify.add_route(db, actor="zhao", person="chen", webhook=hook.url, style=style)
    overdue(db)
    assert notify.send(db, now=NOW)["sent"] == 1
    [(oid, _)] = states(db)
    [body], [headers] = hook.bodies, hook.headers
    with db.read() as tx:
        ent = tx.scalar("SELECT o.uuid FROM notification n JOIN org_unit o ON o.id = n.enterprise_id"
                        " WHERE n.id = :id", {"id": oid})
    assert headers["Idempotency-Key"] == f"{ent}:{oid}"
    if style == "json":
        assert (body["outbox_id"], body["dedup_key"]) == (oid, f"{ent}:{oid}")
    else:  # the robots carry text only: the id is its last line
        assert body["text"]["content"].splitlines()[-1] == f"(通知编号 {oid}，重复收到可忽略)"


def test_every_email_carries_its_outbox_id(db, smtp):
    notify.add_route(db, actor="zhao", person="zhao", email="zhao@example.com")
    overdue(db)
    assert notify.send(db, now=NOW)["sent"] == 1
    [(oid, _)] = states(db)
    [(_, content)] = smtp.messages
    assert f"X-Dualprev-Outbox-Id: {oid}" in content
    assert f":{oid}".replace(":", ".") + "@dualprev.outbox>" in content  # Message-ID
    assert f"通知编号 {oid}" in content


def test_the_lease_must_outlast_a_delivery(db, hook, tmp_path, monkeypatch):
    from dualprev.hazards import config

    rules = tmp_path / "rules.toml"
    rules.write_text("[notify]\nlease_seconds = 5\n", "utf-8")
    monkeypatch.setenv("DUALPREV_RULES", str(rules))
    config.rules.cache_clear()
    try:
        with pytest.raises(InvalidInput, match="lease_seconds = 5 must be .* longer than timeout_seconds"):
            notify.send(db, now=NOW)
    finally:
        monkeypatch.delenv("DUALPREV_RULES")
        config.rules.cache_clear()
