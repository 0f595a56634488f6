"""`dualprev scheduler run`: APScheduler 3.11 wakes the process up; `tick` decides what is due.

The scheduler holds one in-memory job (no persistent job store: APScheduler 3 cannot share one
between processes, and by default drops runs missed by more than a second). Catch-up
and uniqueness come from the database (schedules/tick.py), so the daemon survives restarts and may
run beside other daemons. After each tick it delivers the outbox (`notify send`). Once a day
(``[audit] anchor_at``) it signs an anchor of every audit chain and queues it to each enterprise's
主要负责人 (hazards/anchor.py). It logs what it did and stops cleanly on SIGTERM or Ctrl-C.
Importing this module starts nothing.
"""

from __future__ import annotations

import logging
import signal
from datetime import datetime

from dualprev.hazards import anchor, config, notify
from dualprev.hazards.db import Database
from dualprev.hazards.errors import DomainError, InvalidInput
from dualprev.hazards.migrate import check_schema
from dualprev.schedules.tick import tick

log = logging.getLogger("dualprev.scheduler")


def run_once(db: Database) -> None:
    """One tick, logged; a refused tick is logged and the daemon carries on. The schema revision
    is checked every time: a newer dualprev may have upgraded the register since the start."""
    try:
        check_schema(db)
        r = tick(db)
    except DomainError as exc:
        log.error("tick refused: %s", exc)
        return
    log.info("tick at %s: created %d, missed %d, escalated %d", r["at"], r["created"], r["missed"],
             r["escalated"])
    sent = notify.send(db)  # the outbox the tick may have filled; failures wait for a later run
    if any(sent.values()):
        log.info("notifications: sent %d, to retry %d, given up %d", sent["sent"], sent["retry"],
                 sent["failed"])


def run_anchor(db: Database) -> None:
    """The daily anchor, logged; with no signing key it says so and the daemon carries on."""
    try:
        check_schema(db)
        made = anchor.daily(db)
    except DomainError as exc:
        log.error("anchor refused: %s", exc)
        return
    if made is None:
        log.warning("no audit anchor: no signing key (run `dualprev audit keygen`)")
        return
    log.info("anchored %d chains with %s -> %s", made["chains"], made["key"], made["path"])
    notify.send(db)


def anchor_time() -> tuple[int, int]:
    """``[audit] anchor_at`` as (hour, minute), or InvalidInput naming it."""
    text = config.rules()["audit"]["anchor_at"]
    hour, _, minute = text.partition(":")
    if not (hour.isdigit() and minute.isdigit() and int(hour) < 24 and int(minute) < 60):
        raise InvalidInput(f"the rules' [audit] anchor_at = {text!r} is not a local time: give HH:MM, e.g. 02:30")
    return int(hour), int(minute)


def build(db: Database, *, interval: int):
    """A BlockingScheduler with the tick job, first run at once, and the daily anchor; neither is
    ever doubled or dropped."""
    from apscheduler.schedulers.blocking import BlockingScheduler
    from apscheduler.triggers.cron import CronTrigger
    from apscheduler.triggers.interval import IntervalTrigger

    tz = config.timezone()
    scheduler = BlockingScheduler(timezone=tz)
    scheduler.add_job(run_once, IntervalTrigger(seconds=interval, timezone=tz), args=[db], id="tick",
                      replace_existing=True, next_run_time=datetime.now(tz), coalesce=True,
                      max_instances=1, misfire_grace_time=None)
    hour, minute = anchor_time()
    scheduler.add_job(run_anchor, CronTrigger(hour=hour, minute=minute, timezone=tz),
                      args=[db], id="anchor", replace_existing=True, coalesce=True, max_instances=1,
                      misfire_grace_time=None)
    return scheduler


def run(db: Database, *, interval: int | None = None) -> None:
    """Run until SIGTERM or SIGINT, then finish the running tick and return."""
    interval = interval or config.rules()["schedule"]["tick_seconds"]
    scheduler = build(db, interval=interval)

    def stop(signum, _frame) -> None:
        log.info("received %s: stopping", signal.Signals(signum).name)
        scheduler.shutdown(wait=True)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info("scheduler started: tick every %d s on %s", interval, db.url.split("@")[-1])
    scheduler.start()
    log.info("scheduler stopped")
