"""`dualprev export national` through the CLI: the check, the files, the push to a local platform
(decrypted there), an HTTP 500 that exits 1 and is sent again by the next run, a bad key file (exit
2, nothing sent, the key not echoed)."""

from __future__ import annotations

import json

import pytest

from dualprev.hazards import national
from tests.cli.helpers import js, no_traceback, ok
from tests.national_support import KEY, Platform, national_register


@pytest.fixture
def db_url(sqlite_url):  # the services' tests run both databases; the CLI adds no backend logic
    return sqlite_url


@pytest.fixture
def platform():
    p = Platform()
    yield p
    p.close()


def test_check_files_and_push(db, cli_run, tmp_path, platform):
    national_register(db)
    out = ok(cli_run("--as", "wang", "export", "national")).stdout
    assert out.splitlines()[0] == "check 批次 -: done; 自 2000-01-01 08:00 起的变更; companyCode 330100123"
    assert "风险分析单元 sec_security_risk_unit" in out
    folder = tmp_path / "national"
    folder.mkdir()
    doc = js(cli_run("--json", "--as", "wang", "export", "national", "--out", str(folder)))
    assert doc["mode"] == "file" and [d["written"] for d in doc["datasets"]] == [1] * 6
    assert json.loads((folder / "1_sec_security_risk_unit.json").read_text("utf-8"))[0]["riskUnitName"] == "液氨储罐区"
    key = tmp_path / "platform.key"
    key.write_bytes(KEY)
    pushed = js(cli_run("--json", "--as", "wang", "export", "national", "--push", platform.url,
                        "--key-file", str(key)))
    assert [d["pushed"] for d in pushed["datasets"]] == [1] * 6
    assert list(platform.received) == list(national.DATASETS)
    assert KEY.decode() not in json.dumps(pushed)


def test_failures_exit_non_zero_and_are_sent_again(db, cli_run, tmp_path, platform):
    national_register(db)
    key = tmp_path / "platform.key"
    key.write_bytes(KEY)
    platform.answers.append((500, b"busy"))
    failed = cli_run("--as", "wang", "export", "national", "--push", platform.url, "--key-file", str(key))
    assert failed.exit_code == 1, failed.stderr
    no_traceback(failed)
    assert "HTTP 500: busy" in failed.stdout and failed.stderr.startswith("Error: 6 records were not sent")
    ok(cli_run("--as", "wang", "export", "national", "--push", platform.url, "--key-file", str(key)))
    assert sum(len(v) for v in platform.received.values()) == 6

    key.write_bytes(b"not-the-key")
    bad = cli_run("--as", "wang", "export", "national", "--push", platform.url, "--key-file", str(key))
    assert bad.exit_code == 2 and bad.stdout == "" and "16-character" in bad.stderr
    assert "not-the-key" not in bad.stderr and bad.stderr.count("\n") == 1
    assert len(platform.requests) == 1 + 6  # the 500, one per data set, and nothing with the bad key
