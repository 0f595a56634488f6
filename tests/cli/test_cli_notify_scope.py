"""`notify list` shows only what lies in the reader's scope, and no route secret is printed in any
format, echo or error; only admins list routes."""

from __future__ import annotations

import csv
import io

import pytest

from dualprev.hazards import notify
from dualprev.hazards.services import org as org_service
from tests.cli.helpers import bad_input, js, ok, refused
from tests.support import overdue

SECRET = "https://bot:PW0rd@qyapi.example/cgi-bin/webhook/send?key=S3CRETKEY&debug=1"
MASKED = "https://***@qyapi.example/cgi-bin/webhook/send?key=***&debug=***"


def secret_hook(hook) -> tuple[str, str]:
    """The local hook's URL with a password and a key, and how it must be shown."""
    rest = hook.url.split("://", 1)[1]
    return f"http://bot:PW0rd@{rest}?key=S3CRETKEY&debug=1", f"http://***@{rest}?key=***&debug=***"


def test_mask_url_hides_userinfo_and_query_values():
    assert notify.mask_url("https://qyapi.example/cgi-bin/webhook/send?key=K") == \
        "https://qyapi.example/cgi-bin/webhook/send?key=***"
    assert notify.mask_url("smtp://user:pass@mail.example.com:587") == "smtp://***@mail.example.com:587"
    assert notify.mask_url(SECRET) == MASKED
    assert notify.mask_url("https://oapi.dingtalk.com/robot/send?access_token=T#frag") == \
        "https://oapi.dingtalk.com/robot/send?access_token=***#***"
    assert notify.mask_url("zhao@example.com") == "zhao@example.com"  # an address, not a URL
    assert notify.mask_text("HTTP 500 from http://h/x?key=K; retry") == "HTTP 500 from http://h/x?key=***; retry"


@pytest.fixture
def outbox(db, cli_run, hook):
    """Notifications about a hazard of 生产一车间 (to chen, through a secret webhook, and zhao) and one
    of 乙班 (to wu and zhao); chen's delivery failed once with the hook's 500."""
    secret, masked = secret_hook(hook)
    echo = ok(cli_run("--as", "zhao", "notify", "route", "add", "--person", "chen", "--webhook", secret))
    assert "S3CRET" not in echo.stdout and "PW0rd" not in echo.stdout and masked in echo.stdout
    doc = js(cli_run("--as", "zhao", "--json", "notify", "route", "add", "--person", "wu", "--webhook",
                     hook.url + "?key=WUKEY"))
    assert doc["target"] == hook.url + "?key=***"
    first = overdue(db, owner="chen", org="生产一车间")
    second = overdue(db, owner="wu", org="乙班")
    hook.statuses = [500]
    assert js(cli_run("--json", "notify", "send")) == {"sent": 1, "retry": 1, "failed": 0}
    return first, second, masked


def listed(cli_run, who, *extra):
    return js(cli_run("--as", who, "--json", "notify", "list", *extra))


def test_notify_list_is_scoped(outbox, cli_run, db):
    first, second, _masked = outbox
    everything = {(n["hazard_code"], n["recipient"]) for n in listed(cli_run, "zhao")}
    assert everything == {(first, "chen"), (first, "zhao"), (second, "wu"), (second, "zhao")}
    assert {(n["hazard_code"], n["recipient"]) for n in listed(cli_run, "admin")} == everything
    assert {(n["hazard_code"], n["recipient"]) for n in listed(cli_run, "chen")} == {
        (first, "chen"), (first, "zhao")}
    assert {n["hazard_code"] for n in listed(cli_run, "zhou")} == {second}  # 生产二车间 covers 乙班
    assert listed(cli_run, "liu") == []  # 甲班 does not cover 生产一车间
    org_service.add_org(db, actor="admin", name="第二化工")
    org_service.add_person(db, actor="admin", login="qian", name="钱", org="第二化工",
                           roles=["supervisor", "admin"])
    assert listed(cli_run, "qian") == []  # another enterprise's admin


def test_no_format_prints_a_secret(outbox, cli_run, tmp_path):
    masked = outbox[2]
    for fmt in ("table", "csv", "md", "json"):
        out = ok(cli_run("--as", "zhao", "notify", "list", "--format", fmt)).stdout
        assert "S3CRET" not in out and "PW0rd" not in out and "WUKEY" not in out, fmt
    rows = list(csv.DictReader(io.StringIO(ok(cli_run("--as", "zhao", "--lang", "en", "notify", "list",
                                                      "--format", "csv")).stdout)))
    assert masked in {r["address"] for r in rows}
    errors = [n["last_error"] for n in listed(cli_run, "zhao") if n["last_error"]]
    assert any("HTTP 500 from" in e and "key=***" in e for e in errors), errors
    from openpyxl import load_workbook

    path = tmp_path / "outbox.xlsx"
    ok(cli_run("--as", "zhao", "notify", "list", "--format", "xlsx", "-o", str(path)))
    cells = {str(c.value) for row in load_workbook(path).active.iter_rows() for c in row}
    assert masked in cells and not any("S3CRET" in c or "WUKEY" in c for c in cells)


def test_only_admins_list_routes_and_masked(outbox, cli_run):
    line = refused(cli_run("--as", "zhao", "notify", "route", "list"), 1)
    assert "admin" in line
    rows = js(cli_run("--as", "admin", "--json", "notify", "route", "list"))
    assert [(r["person"], r["target"]) for r in rows][0] == ("chen", outbox[2])
    for fmt in ("table", "csv", "md"):
        out = ok(cli_run("--as", "admin", "notify", "route", "list", "--format", fmt)).stdout
        assert "S3CRET" not in out and "WUKEY" not in out and "PW0rd" not in out


def test_a_refused_url_is_masked_in_the_error(db, cli_run):
    line = bad_input(cli_run("--as", "zhao", "notify", "route", "add", "--person", "chen",
                             "--webhook", "ftp://u:PW0rd@host/x?key=S3CRET"))
    assert "S3CRET" not in line and "PW0rd" not in line and "ftp://***@host/x?key=***" in line
