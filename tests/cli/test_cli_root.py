"""The root command through the CLI: the global options (--as, --db, --json, --lang), errors as one line
and an exit code, never a traceback, and listings that stop quietly when the reader leaves."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from dualprev.hazards import seed
from tests.cli.helpers import (
    assign,
    bad_input,
    js,
    no_traceback,
    ok,
    refused,
    report,
    shown,
)


def test_command_on_an_uninitialised_database_says_run_init(cli_run):
    line = refused(cli_run("--as", "wang", "hazard", "list"), 1)
    assert "dualprev init" in line


def test_english_labels(demo):
    out = ok(demo("--as", "wang", "--lang", "en", "report", "overdue")).stdout
    assert "Overdue hazards" in out and "days overdue" in out and "rectifying" in out
    assert "整改" not in out and "逾期" not in out
    listing = ok(demo("--as", "wang", "--lang", "en", "hazard", "list", "--state", "closed")).stdout
    assert "state" in listing and "closed" in listing and "general" in listing
    assert "销号" not in listing and "状态" not in listing
    rows = list(csv.reader(io.StringIO(ok(demo("--as", "wang", "--lang", "en", "hazard", "list",
                                                 "--format", "csv", "--limit", "1")).stdout)))
    assert rows[0] == ["code", "title", "state", "level", "org unit", "owner", "deadline"]


def test_unknown_user_is_refused(db, cli_run):
    line = refused(cli_run("--as", "nobody", "hazard", "report", "--title", "t", "--org", "生产一车间"), 1)
    assert "nobody" in line
    refused(cli_run("--as", "nobody", "hazard", "show", "YH-2026-000001"), 1)
    assert js(cli_run("--as", "wang", "--json", "hazard", "list")) == []


def test_an_empty_acting_user_is_refused_not_guessed(db, cli_run):
    result = cli_run("--as", " ", "hazard", "list")
    assert result.exit_code == 2 and "--as" in result.stderr and result.stdout == ""


def test_acting_user_from_the_environment(db, cli_run, monkeypatch):
    monkeypatch.setenv("DUALPREV_USER", "wang")
    code = ok(cli_run("hazard", "report", "--title", "t", "--org", "生产一车间")).stdout.strip()
    h = shown(cli_run, code)
    assert h["finder"] == "wang"
    line = refused(cli_run("--as", "chen", "hazard", "void", code, "--reason", "x"), 1)  # --as wins
    assert "chen" in line


def test_bad_date_is_a_usage_error(db, cli_run):
    code = report(cli_run)
    line = bad_input(assign(cli_run, code, "chen", "2026-13-01"))
    assert "2026-13-01" in line and "--deadline" in line
    assert shown(cli_run, code)["state"] == "reported"


def test_every_command_prints_one_json_document(db, cli_run):
    docs = [
        js(cli_run("--as", "admin", "--json", "init")),
        js(cli_run("--as", "admin", "--json", "org", "add", "仓储车间", "--parent", "示范化工有限公司")),
        js(cli_run("--as", "admin", "--json", "person", "add", "qian", "--name", "钱", "--org",
                   "仓储车间", "--role", "owner")),
        js(cli_run("--as", "admin", "--json", "org", "list")),
        js(cli_run("--as", "admin", "--json", "person", "list")),
        js(cli_run("--as", "wang", "--json", "hazard", "report", "--title", "t", "--org", "仓储车间")),
        js(cli_run("--as", "wang", "--json", "hazard", "show", "YH-2026-000001")),
        js(cli_run("--as", "wang", "--json", "hazard", "list")),
        js(cli_run("--as", "wang", "--json", "report", "overdue")),
        js(cli_run("--as", "wang", "--json", "audit", "verify")),
        js(cli_run("--json", "workflow", "show")),
    ]
    assert docs[1]["name"] == "仓储车间" and docs[2]["roles"] == ["owner"]
    assert "仓储车间" in [o["name"] for o in docs[3]]
    assert docs[5]["code"] == "YH-2026-000001" and docs[7][0]["org"] == "仓储车间"
    assert docs[8] == [] and docs[9]["ok"] is True


@pytest.mark.parametrize("args", [
    ("--as", "nobody", "--json", "hazard", "list"),
    ("--as", "wang", "--json", "hazard", "list", "--org", "不存在"),
    ("--as", "zhou", "report", "overdue", "--org", "生产一车间", "--format", "csv"),
    ("--as", "nobody", "report", "overdue", "--format", "md"),
], ids=["json-unknown-user", "json-unknown-org", "csv-out-of-scope", "md-unknown-user"])
def test_refused_listing_prints_nothing_on_stdout(db, cli_run, args):
    refused(cli_run(*args), 1)


def test_malformed_database_url_is_bad_input():
    from click.testing import CliRunner

    from dualprev.cli import cli

    result = CliRunner().invoke(cli, ["--db", "not a url", "--as", "wang", "hazard", "list"])
    no_traceback(result)
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    assert "internal error" not in result.stderr and "not a url" in result.stderr


def test_a_reader_that_stops_early_ends_the_listing_quietly(db, db_url):
    """`dualprev ... | head -1`: no "internal error", no traceback, the SIGPIPE status 141."""
    seed.bulk(db, 2000)  # far more than a pipe buffer holds
    proc = subprocess.Popen([sys.executable, "-m", "dualprev", "--db", db_url, "--as", "wang", "--json",
                             "hazard", "list"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=Path(__file__).resolve().parents[2])
    assert proc.stdout.readline() == b"[\n"
    proc.stdout.close()
    assert proc.wait(timeout=60) == 141
    assert proc.stderr.read() == b""
