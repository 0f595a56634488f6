"""`dualprev scheduler run`: APScheduler 3.11 wakes the process up; `tick` decides what is due.

The scheduler holds one in-memory job (no persistent job store: APScheduler 3 cannot share one
between processes, and by default drops runs missed by more than a second). Catch-up
and uniqueness come from the database (schedules/tick.py), so the daemon survives restarts and may
run beside other daemons. After each tick it delivers the outbox (`notify send`). It logs what it
did and stops cleanly on SIGTERM or Ctrl-C. Importing this module starts nothing.
"""

from __future__ import annotations

import logging
import signal
from datetime import datetime

from dualprev.hazards import config, notify
from dualprev.hazards.db import Database
from dualprev.hazards.errors import DomainError
from dualprev.schedules.tick import tick

log = logging.getLogger("dualprev.scheduler")


def run_once(db: Database) -> None:
    """One tick, logged; a refused tick is logged and the daemon carries on."""
    try:
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


def build(db: Database, *, interval: int):
    """A BlockingScheduler with the tick job, first run at once, never doubled or dropped."""
    from apscheduler.schedulers.blocking import BlockingScheduler
    from apscheduler.triggers.interval import IntervalTrigger

    tz = config.timezone()
    scheduler = BlockingScheduler(timezone=tz)
    scheduler.add_job(run_once, IntervalTrigger(seconds=interval, timezone=tz), args=[db], id="tick",
                      replace_existing=True, next_run_time=datetime.now(tz), coalesce=True,
                      max_instances=1, misfire_grace_time=None)
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
