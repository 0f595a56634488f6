"""Fixtures: a fresh database per test on SQLite and, when DUALPREV_TEST_PG_URL is set, PostgreSQL.

PostgreSQL tests get a throwaway schema each (search_path), dropped afterwards; with
DUALPREV_TEST_PG_PARTITIONS=N the registers they init are hash-partitioned into N by enterprise.
Without DUALPREV_TEST_PG_URL they are skipped with the reason; .ci/run sets it and checks the
server first. Also a
local webhook (``hook``) for the notification tests, and five hazards for the 隐患台账 (``ledger_db``),
both shared by the lower layers and the CLI.
"""

from __future__ import annotations

import json
import os
import threading
import uuid
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote

import pytest
from click.testing import CliRunner

PG_URL = os.environ.get("DUALPREV_TEST_PG_URL")
PG_PARTITIONS = os.environ.get("DUALPREV_TEST_PG_PARTITIONS", "")
NOW = "2026-11-24T10:00:00+08:00"


@pytest.fixture(autouse=True)
def _environment(monkeypatch, tmp_path):
    for var in ("DUALPREV_DB", "DUALPREV_USER", "DUALPREV_RULES", "DUALPREV_LANG", "COLUMNS"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("DUALPREV_NOW", NOW)
    monkeypatch.setenv("DUALPREV_FILES", str(tmp_path / "files"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # audit keys: never the real ones
    # the suite's second CI run: every register `init` makes on PostgreSQL is hash-partitioned
    monkeypatch.setenv("DUALPREV_PARTITIONS", PG_PARTITIONS)


def pytest_collection_modifyitems(items):
    """A test on the PostgreSQL-only fixture is a PostgreSQL test (``-m postgres`` selects it)."""
    for item in items:
        if "pg_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgres)


@pytest.fixture
def unpartitioned(monkeypatch):
    """For the tests that take a register below revision 0019, which a partitioned one refuses."""
    monkeypatch.delenv("DUALPREV_PARTITIONS", raising=False)


def _pg_schema_url(request) -> str:
    if not PG_URL:
        pytest.skip("PostgreSQL not configured: set DUALPREV_TEST_PG_URL=postgresql+psycopg://...")
    from sqlalchemy import create_engine, text

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))

    def drop() -> None:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()

    request.addfinalizer(drop)
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options={quote(f'-csearch_path={schema}')}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """A database URL with nothing in it, on each backend."""
    url = f"sqlite:///{tmp_path / 'register.db'}" if request.param == "sqlite" else _pg_schema_url(request)
    yield url
    from dualprev.hazards.db import close_db

    close_db(url)


@pytest.fixture
def pg_url(request):
    """A PostgreSQL URL with nothing in it, for the tests that only PostgreSQL can run (login
    roles, grants, row-level security); skipped with the reason without DUALPREV_TEST_PG_URL."""
    url = _pg_schema_url(request)
    yield url
    from dualprev.hazards.db import close_db

    close_db(url)


@pytest.fixture
def sqlite_url(tmp_path):
    """A SQLite URL only: for modules whose behaviour does not depend on the backend (they override
    ``db_url`` with it and keep CI's PostgreSQL half short)."""
    url = f"sqlite:///{tmp_path / 'register.db'}"
    yield url
    from dualprev.hazards.db import close_db

    close_db(url)


@pytest.fixture
def db(db_url):
    """An initialised register with the demo org tree and people, but no hazards.

    admin (whole database); wang officer, li inspector, zhao supervisor at the enterprise;
    chen owner at 生产一车间; liu owner+officer at 甲班 (under 生产一车间); sun owner at 设备部;
    zhou inspector at 生产二车间; wu owner at 乙班 (under 生产二车间).
    """
    from dualprev.hazards import seed
    from dualprev.hazards.db import open_db
    from dualprev.hazards.services import org

    database = open_db(db_url)
    org.init(database, login="admin")
    seed.demo_tree(database, admin="admin")
    return database


@pytest.fixture
def cli_run(db_url):
    """Invoke the CLI on the test database: cli_run("--as", "wang", "hazard", "list")."""
    from dualprev.cli import cli

    runner = CliRunner()

    def run(*args: str, input: str | None = None):
        return runner.invoke(cli, ["--db", db_url, *args], input=input, catch_exceptions=False)

    return run


class Hook:
    """A local webhook: records each body, answers with the queued statuses, then 200."""

    def __init__(self):
        self.bodies: list[dict] = []
        self.headers: list[dict] = []
        self.statuses: list[int] = []
        self.answer = b'{"errcode": 0}'
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                size = int(self.headers["Content-Length"])
                hook.bodies.append(json.loads(self.rfile.read(size)))
                hook.headers.append(dict(self.headers))
                self.send_response(hook.statuses.pop(0) if hook.statuses else 200)
                self.end_headers()
                self.wfile.write(hook.answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hook():
    h = Hook()
    yield h
    h.close()


@pytest.fixture
def ledger_db(db):
    """Five hazards: on-spot and closed, assigned and overdue, extended, voided, one a day-edge."""
    from dualprev.hazards.config import parse_instant
    from dualprev.hazards.services import hazard as hazard_service
    from tests.support import approved_plan

    def report(title, found, **kw):
        return hazard_service.report(db, actor="wang", title=title, org=kw.pop("org", "生产一车间"),
                               found_at=parse_instant(found), **kw)["code"]

    spot = report("地面油污", "2026-11-20T08:00:00+08:00")
    hazard_service.fix_on_spot(db, actor="wang", code=spot, measures="清理油污")
    hazard_service.verify(db, actor="li", code=spot, passed=True)
    late = report("护栏缺失", "2026-11-01T09:00:00+08:00", level="major")
    approved_plan(db, late, deadline=date(2026, 11, 10), funds=1200.0)
    hazard_service.assign(db, actor="wang", code=late, measures="加装护栏", contingency="设警戒线")
    moved = report("通道占用", "2026-11-02T09:00:00+08:00", org="设备部")
    hazard_service.assign(db, actor="wang", code=moved, owner="sun", deadline=date(2026, 11, 12),
                    measures="清理")
    hazard_service.extend(db, actor="zhao", code=moved, deadline=date(2026, 11, 30), reason="等库房")
    dup = report("重复上报", "2026-11-03T09:00:00+08:00")
    hazard_service.void(db, actor="wang", code=dup, reason="重复")
    edge = report("午夜前发现", "2026-11-19T23:59:00+08:00")  # still the 19th in Shanghai
    return db, {"spot": spot, "late": late, "moved": moved, "dup": dup, "edge": edge}
