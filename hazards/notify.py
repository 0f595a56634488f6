"""Notifications: routes, the outbox written with the event that causes it, and delivery.

``enqueue`` runs inside the caller's transaction, so a notification exists exactly when its event
does. ``send`` claims one due row at a time for a short lease (so two senders never take the same
one, and a dead sender's row is taken again seconds later), delivers it outside any transaction,
then commits success or the error and the next attempt (the wait doubles) before the next row. A
sent row is never sent again; every payload carries the row's outbox id as a de-duplication key.
Webhooks take generic JSON or the 企业微信/钉钉 group-robot text format; e-mail goes over SMTP
(``DUALPREV_SMTP_URL`` or ``[notify] smtp_url``; STARTTLS when the server offers it, ``smtps://``
for TLS from the start).

A route's URL holds its secret (a robot's ``?key=``, an SMTP password): whatever is printed or
recorded shows it through ``mask_url`` (``https://qyapi.example/cgi-bin/webhook/send?key=***``,
``smtp://***@host``); only delivery reads the stored URL. The outbox is listed in the reader's
scope: admins and enterprise-wide supervisors see their enterprise's, anyone else the
notifications about hazards in their subtree and those addressed to them.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import re
import smtplib
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

from dualprev.hazards import audit, config, labels, limits
from dualprev.hazards.access import (
    enterprise_column,
    enterprise_names,
    enterprises_of,
    load_actor,
    load_person,
    org_tree,
    require_role,
    resolve_org,
    scope_filter,
)
from dualprev.hazards.db import Database, Tx, iso_instant
from dualprev.hazards.errors import InvalidInput, PermissionDenied
from dualprev.hazards.identity import Actor
from dualprev.hazards.labels import WEBHOOK_STYLES

SECRET = "***"
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s'\"<>]+")


def mask_url(url: str | None) -> str | None:
    """``url`` with its userinfo and every query value (and a fragment) replaced by ``***``;
    anything that is not a URL (an e-mail address) is returned as it is."""
    if not url or "://" not in url:
        return url
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        netloc = f"{SECRET}@" + netloc.rsplit("@", 1)[1]
    query = "&".join(f"{pair.split('=', 1)[0]}={SECRET}" if "=" in pair else SECRET
                     for pair in parts.query.split("&") if pair)
    return urlunsplit((parts.scheme, netloc, parts.path, query, SECRET if parts.fragment else ""))


def mask_text(text: str | None) -> str | None:
    """Every URL inside ``text`` (an error message) masked with ``mask_url``."""
    def one(match: re.Match[str]) -> str:
        url = match.group(0)
        bare = url.rstrip(".,;:!?)]")  # the sentence's punctuation after the URL stays
        return (mask_url(bare) or "") + url[len(bare):]

    return _URL.sub(one, text) if text else text


def add_route(db: Database, *, actor: str, org: str | None = None, person: str | None = None,
              webhook: str | None = None, email: str | None = None,
              style: str = "json") -> dict[str, Any]:
    """Where notifications for an org unit (its whole subtree) or for one person go."""
    limits.check("notify_route", target=webhook or email)
    if (org is None) == (person is None):
        raise InvalidInput("give exactly one of --org ORG and --person LOGIN")
    if (webhook is None) == (email is None):
        raise InvalidInput("give exactly one of --webhook URL and --email ADDRESS")
    if webhook is not None and urlsplit(webhook).scheme not in ("http", "https"):
        raise InvalidInput(f"--webhook {mask_url(webhook)!r} is not an http(s) URL")
    if email is not None and ("@" not in email or any(c.isspace() for c in email)):
        raise InvalidInput(f"--email {email!r} is not an e-mail address")
    if style not in WEBHOOK_STYLES:
        raise InvalidInput(f"--style {style!r}: use one of {', '.join(WEBHOOK_STYLES)}")
    now = config.now()
    with db.write() as tx:
        who = load_actor(tx, actor)
        require_role(who, "notify.route_roles", "add notification routes")
        if person is not None:
            target = load_person(tx, person)
            path, org_id, enterprise = target.org_path, None, target.enterprise_id
            if not who.covers(path):
                raise PermissionDenied(f"{person} is outside {who.login}'s scope")
        else:
            unit = resolve_org(tx, who, org)
            path, org_id, enterprise = unit["path"], unit["id"], unit["enterprise_id"]
        channel, address = ("webhook", webhook) if webhook else ("email", email)
        rid = tx.scalar(
            "INSERT INTO notify_route (enterprise_id, org_id, person, channel, target, style,"
            " created_by, created_at) VALUES (:e, :o, :p, :c, :t, :s, :by, :at) RETURNING id",
            {"e": enterprise, "o": org_id, "p": person, "c": channel, "t": address,
             "s": style if channel == "webhook" else "json", "by": who.login, "at": tx.ts(now)})
        audit.append(tx, enterprise_id=enterprise, subject="route", subject_id=rid,
                     ref=person or org or "", event="route_add", actor=who.login, at=now,
                     data={"org_id": org_id, "person": person, "channel": channel,
                           "target": mask_url(address), "style": style})
    return {"id": rid, "org": org, "person": person, "channel": channel, "target": mask_url(address),
            "style": style if channel == "webhook" else None}


def routes(db: Database, *, actor: str) -> list[dict[str, Any]]:
    """The routes of the admin's enterprise (of the enterprises below a group's or a district's
    admin; all of them for the database-wide admin), their
    URLs masked. Only admins list routes: a route's target is where the alerts go."""
    with db.read() as tx:
        who = load_actor(tx, actor)
        if "admin" not in who.roles:
            raise PermissionDenied(f"{who.login} may not list notification routes: it needs the role admin")
        params: dict[str, Any] = {}
        where = enterprises_of(who, "r", params)
        rows = tx.run("SELECT r.id, r.enterprise_id, o.name AS org, r.person, r.channel, r.target, r.style,"
                      " r.created_by, r.created_at FROM notify_route r LEFT JOIN org_unit o ON o.id = r.org_id"
                      f" WHERE {where} ORDER BY r.id", params).mappings().all()
        ents = _enterprises_seen(tx, who)
    return [{**enterprise_column(ents, r["enterprise_id"]), **r,
             "target": mask_url(r["target"]), "created_at": iso_instant(r["created_at"])}
            for r in rows]


def _enterprises_seen(tx: Tx, who: Actor) -> dict[int, str] | None:
    """The enterprise names by unit id when the actor sees several enterprises (a group's, a
    district's, the database-wide admin), else None: their listings then add the 企业 column."""
    return None if who.enterprise_id is not None else enterprise_names(org_tree(tx, who.org_path))


def _sees_enterprise(who: Actor) -> bool:
    """Admins and the supervisors of the enterprise itself read its whole outbox."""
    return "admin" in who.roles or ("supervisor" in who.roles and who.org_id == who.enterprise_id)


def enqueue(tx: Tx, *, recipients: list[str], event: str, subject: str, body: str,
            hazard_code: str | None, now: datetime) -> int:
    """One outbox row per route covering each recipient (their own routes and their org units'
    routes up the tree); a recipient with no route gets one ``unrouted`` row, kept for the record."""
    rows = []
    for login in dict.fromkeys(r for r in recipients if r):
        person = tx.one("SELECT p.login, p.enterprise_id, o.path FROM person p LEFT JOIN org_unit o"
                        " ON o.id = p.org_id WHERE p.login = :l", {"l": login})
        if person is None:
            continue
        routes = [r for r in tx.run(
            "SELECT r.id, r.channel, r.target, r.style, o.path FROM notify_route r LEFT JOIN org_unit o"
            " ON o.id = r.org_id WHERE r.enterprise_id = :e AND (r.person = :l OR r.org_id IS NOT NULL)"
            " ORDER BY r.id", {"e": person["enterprise_id"], "l": login}).mappings()
            if r["path"] is None or (person["path"] or "").startswith(r["path"])]
        base = {"e": person["enterprise_id"], "recipient": login, "event": event,
                "subject": subject, "body": body, "code": hazard_code, "at": tx.ts(now)}
        rows += [{**base, "route": r["id"], "channel": r["channel"], "target": r["target"],
                  "style": r["style"], "state": "pending"} for r in routes] or [
            {**base, "route": None, "channel": None, "target": None, "style": None,
             "state": "unrouted"}]
    if rows:
        tx.run("INSERT INTO notification (enterprise_id, recipient, route_id, channel, target, style,"
               " hazard_code, event, subject, body, state, attempts, next_attempt_at, created_at)"
               " VALUES (:e, :recipient, :route, :channel, :target, :style, :code, :event, :subject,"
               " :body, :state, 0, :at, :at)", rows)
    return len(rows)


def outbox(db: Database, *, actor: str, pending: bool = False) -> list[dict[str, Any]]:
    """The outbox of the actor's enterprise, newest first; ``pending``: not yet delivered."""
    with db.read() as tx:
        who = load_actor(tx, actor)
        params: dict[str, Any] = {"me": who.login}
        where = f"WHERE {enterprises_of(who, 'n', params)}"
        join = ""
        if not _sees_enterprise(who):
            join = " LEFT JOIN hazard h ON h.enterprise_id = n.enterprise_id AND h.code = n.hazard_code"
            where += (f" AND (n.recipient = :me OR (h.id IS NOT NULL AND"
                      f" {scope_filter(org_tree(tx, who.org_path), who.org_path, params)}))")
        if pending:
            where += " AND n.state IN ('pending', 'sending')"
        rows = tx.run(f"SELECT n.* FROM notification n{join} {where} ORDER BY n.id DESC",
                      params).mappings().all()
        ents = _enterprises_seen(tx, who)
    out = []
    for r in rows:
        item = enterprise_column(ents, r["enterprise_id"])
        item.update(r)
        for key in ("next_attempt_at", "claimed_until", "created_at", "sent_at"):
            item[key] = iso_instant(item[key])
        item["target"] = mask_url(item["target"])
        item["last_error"] = mask_text(item["last_error"])
        out.append(item)
    return out


# --- delivery -------------------------------------------------------------------------------------

CLAIM_SQL = (
    "SELECT n.id, n.enterprise_id, n.channel, n.target, n.style, n.recipient, n.hazard_code, n.event,"
    " n.subject, n.body, n.attempts, o.uuid AS enterprise_uuid FROM notification n"
    " LEFT JOIN org_unit o ON o.id = n.enterprise_id"
    " WHERE (n.state = 'pending' AND n.next_attempt_at <= :now) OR"
    " (n.state = 'sending' AND n.claimed_until < :now) ORDER BY n.id LIMIT 1")


def _claim(db: Database, now: datetime, lease: timedelta) -> dict[str, Any] | None:
    """Take the next due row (pending, or sending under a lapsed lease: its sender died) for
    ``lease``; two senders never hold one row, as the claim commits before delivery starts."""
    with db.write() as tx:
        skip = "" if db.is_sqlite else " FOR UPDATE OF n SKIP LOCKED"
        row = tx.one(CLAIM_SQL + skip, {"now": tx.ts(now)})
        if row is not None:
            tx.run("UPDATE notification SET state = 'sending', claimed_until = :until WHERE id = :id",
                   {"id": row["id"], "until": tx.ts(now + lease)})
    return None if row is None else dict(row)


def _lease(settings: dict[str, Any]) -> timedelta:
    seconds, timeout = settings.get("lease_seconds"), settings["timeout_seconds"]
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not seconds > timeout:
        raise InvalidInput(f"rules file: [notify] lease_seconds = {seconds!r} must be a number of seconds "
                           f"longer than timeout_seconds ({timeout})")
    return timedelta(seconds=seconds)


def send(db: Database, *, now: datetime | None = None, limit: int = 200) -> dict[str, int]:
    """Deliver up to ``limit`` due rows of the outbox; returns how many were sent, retried and
    given up.

    One row at a time: claim it for ``[notify] lease_seconds``, deliver it outside any
    transaction, then commit its sent state (or its error and next attempt) at once. A sender
    killed between delivering and that commit leaves one row in ``sending``; the next sender
    takes it again once the lease lapses, so a crash costs at most one duplicate, which the
    receiver recognises by the outbox id every payload carries (``dedup_key``).
    """
    settings = config.rules()["notify"]
    lease = _lease(settings)
    counts = {"sent": 0, "retry": 0, "failed": 0}
    for _ in range(limit):
        at = now or config.now()
        row = _claim(db, at, lease)
        if row is None:
            break
        error = deliver(row, settings)
        attempts = row["attempts"] + 1
        with db.write() as tx:
            if error is None:
                tx.run("UPDATE notification SET state = 'sent', attempts = :a, sent_at = :at,"
                       " last_error = NULL, claimed_until = NULL WHERE id = :id",
                       {"a": attempts, "at": tx.ts(config.now()), "id": row["id"]})
                counts["sent"] += 1
                continue
            final = attempts >= settings["max_attempts"]
            wait = timedelta(seconds=settings["backoff_seconds"] * 2 ** (attempts - 1))
            tx.run("UPDATE notification SET state = :s, attempts = :a, last_error = :err,"
                   " next_attempt_at = :next, claimed_until = NULL WHERE id = :id",
                   {"s": "failed" if final else "pending", "a": attempts, "err": error[:1000],
                    "next": tx.ts(at + wait), "id": row["id"]})
            counts["failed" if final else "retry"] += 1
    return counts


def dedup_key(row: dict[str, Any]) -> str:
    """The notification's de-duplication key: its enterprise and its outbox id. A receiver that
    sees a key twice has the same notification twice (a sender died before recording it sent)."""
    return f"{row.get('enterprise_uuid') or row['enterprise_id']}:{row['id']}"


def deliver(row: dict[str, Any], settings: dict[str, Any]) -> str | None:
    """Send one notification; None when it went through, else the error in one line."""
    try:
        if row["channel"] == "webhook":
            return _post(row, settings["timeout_seconds"])
        return _mail(row, settings)
    except (OSError, smtplib.SMTPException, http.client.HTTPException, ValueError) as exc:
        return mask_text(f"{type(exc).__name__}: {exc}")


def webhook_payload(row: dict[str, Any]) -> dict[str, Any]:
    if row["style"] in ("wecom", "dingtalk"):  # group robots: text only, no key of their own
        text = f"{row['subject']}\n{row['body']}\n{labels.text('notice_outbox_id', id=row['id'])}"
        return {"msgtype": "text", "text": {"content": text}}
    return {"event": row["event"], "hazard": row["hazard_code"], "recipient": row["recipient"],
            "subject": row["subject"], "text": row["body"], "outbox_id": row["id"],
            "dedup_key": dedup_key(row)}


def _post(row: dict[str, Any], timeout: float) -> str | None:
    data = json.dumps(webhook_payload(row), ensure_ascii=False).encode("utf-8")
    url, headers = row["target"], {"Content-Type": "application/json; charset=utf-8",
                                      "Idempotency-Key": dedup_key(row)}
    parts = urlsplit(url)
    if parts.username is not None:  # urllib takes no userinfo: send it as HTTP Basic auth
        netloc = parts.netloc.rsplit("@", 1)[1]
        url = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
        pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
    request = urllib.request.Request(url, data=data, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            answer = response.read(4096)
    except urllib.error.HTTPError as exc:
        return f"HTTP {exc.code} from {mask_url(row['target'])}"
    if row["style"] in ("wecom", "dingtalk"):  # robots answer 200 with an errcode
        try:
            code = json.loads(answer or b"{}").get("errcode", 0)
        except ValueError:
            return "the robot's answer is not JSON"
        if code:
            return f"robot errcode {code}: {answer[:200].decode('utf-8', 'replace')}"
    return None


def smtp_url(settings: dict[str, Any]) -> str:
    url = os.environ.get("DUALPREV_SMTP_URL") or settings.get("smtp_url") or ""
    if not url:
        raise ValueError("no SMTP server: set DUALPREV_SMTP_URL=smtp://user:pass@host:port")
    return url


def _mail(row: dict[str, Any], settings: dict[str, Any]) -> str | None:
    parts = urlsplit(smtp_url(settings))
    if parts.scheme not in ("smtp", "smtps"):
        raise ValueError(f"SMTP URL scheme {parts.scheme!r}: use smtp:// or smtps://")
    message = EmailMessage()
    message["From"] = settings["sender"]
    message["To"] = row["target"]
    message["Subject"] = row["subject"]
    # mail systems drop a second message with the same Message-ID: the de-duplication key
    message["Message-ID"] = f"<{dedup_key(row).replace(':', '.')}@dualprev.outbox>"
    message["X-Dualprev-Outbox-Id"] = str(row["id"])
    message.set_content(f"{row['body']}\n\n{labels.text('notice_outbox_id', id=row['id'])}")
    kind = smtplib.SMTP_SSL if parts.scheme == "smtps" else smtplib.SMTP
    with kind(parts.hostname or "localhost", parts.port or (465 if parts.scheme == "smtps" else 25),
              timeout=settings["timeout_seconds"]) as server:
        if kind is smtplib.SMTP:
            server.ehlo()
            if server.has_extn("starttls"):  # port 587 servers: encrypt before logging in
                server.starttls()
                server.ehlo()
        if parts.username:
            server.login(unquote(parts.username), unquote(parts.password or ""))
        server.send_message(message)
    return None

