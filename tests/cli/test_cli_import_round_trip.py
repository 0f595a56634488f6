"""The round trip (issue 12): `risk list --format xlsx` and `report ledger --format xlsx` of one
register, imported into an empty one with --create-missing, give the same 风险清单 and the same
隐患台账 back, and `audit verify` replays the imported register. SQLite (two files)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from dualprev.cli import cli
from dualprev.hazards.services import hazard as hazard_service
from dualprev.hazards.services import risk as risk_service
from tests.cli.helpers import js, ok


@pytest.fixture
def db_url(sqlite_url):
    return sqlite_url


def test_the_ledger_of_one_register_imports_into_an_empty_one_and_reads_the_same(ledger_db, db_url, tmp_path):
    db, _codes = ledger_db
    point = risk_service.add(db, actor="wang", name="液氨储罐区", org="生产一车间", lec="6,6,15",
                             sources=["液氨泄漏中毒"], responsible="wang")
    risk_service.add_measure(db, actor="wang", code=point["code"], type="管理", text="每班巡检")
    hazard_service.report(db, actor="wang", title="报警器离线", org="生产一车间", risk=point["code"],
                          category="物", place="罐区")
    runner = CliRunner()

    def run(url, *args):
        return runner.invoke(cli, ["--db", url, *args], catch_exceptions=False)

    ok(run(db_url, "--as", "wang", "risk", "list", "--format", "xlsx", "-o", str(tmp_path / "risks.xlsx")))
    ok(run(db_url, "--as", "wang", "report", "ledger", "--format", "xlsx", "-o", str(tmp_path / "ledger.xlsx")))
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    ok(run(empty, "--as", "admin", "init"))
    ok(run(empty, "--as", "admin", "org", "add", "示范化工有限公司"))
    risks = js(run(empty, "--as", "admin", "--json", "import", "risks", str(tmp_path / "risks.xlsx"),
                   "--org", "示范化工有限公司", "--create-missing"))
    assert (risks["imported"], risks["rejected"]) == (1, [])
    hazards = js(run(empty, "--as", "admin", "--json", "import", "hazards", str(tmp_path / "ledger.xlsx"),
                     "--org", "示范化工有限公司", "--create-missing"))
    assert (hazards["imported"], hazards["rejected"]) == (6, [])
    assert risks["created"] == {"orgs": ["生产一车间"], "people": ["wang"]}
    assert hazards["created"] == {"orgs": ["设备部"], "people": ["chen", "li", "sun"]}
    before_risks = js(run(db_url, "--as", "wang", "--json", "risk", "list"))
    after_risks = js(run(empty, "--as", "admin", "--json", "risk", "list"))
    strip = ("assessed_at", "assessments")  # when and by whom it was assessed: the import
    assert [{k: v for k, v in r.items() if k not in strip} for r in after_risks] == \
        [{k: v for k, v in r.items() if k not in strip} for r in before_risks]
    before = js(run(db_url, "--as", "wang", "--json", "report", "ledger"))
    after = js(run(empty, "--as", "admin", "--json", "report", "ledger"))
    ids = ("id", "org_id")
    assert [{k: v for k, v in r.items() if k not in ids} for r in after] == \
        [{k: v for k, v in r.items() if k not in ids} for r in before]
    ok(run(empty, "--as", "admin", "audit", "verify"))
    again = js(run(empty, "--as", "admin", "--json", "import", "hazards", str(tmp_path / "ledger.xlsx"),
                   "--org", "示范化工有限公司", "--create-missing"))
    assert (again["imported"], again["skipped"]) == (0, 6)
