"""Tables that fit (issue 12 item 5): on a terminal of COLUMNS cells a wide listing shows the
columns that fit, in priority order, and says in one line how to get all; --wide and piped output
keep every column."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from dualprev.hazards import render
from dualprev.hazards.labels import COLUMNS, RISK_HEADINGS
from dualprev.hazards.queries.hazard import LEDGER_COLUMNS
from dualprev.hazards.queries.risk import LIST_COLUMNS as RISK_COLUMNS
from tests.cli.helpers import ok

LEDGER = [COLUMNS[c][0] for c in LEDGER_COLUMNS]
RISKS = [{**COLUMNS, **RISK_HEADINGS}[c][0] for c in RISK_COLUMNS]


def headings(stdout: str, names: list[str]) -> list[str]:
    head = next(line for line in stdout.splitlines() if line.startswith("┃"))
    return [n for n in names if f" {n} " in head]


def widest(stdout: str) -> int:
    return max(cell_len(line) for line in stdout.splitlines())


def test_the_ledger_at_80_columns_shows_what_matters_and_says_how_to_get_all(demo, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    done = ok(demo("--as", "wang", "report", "ledger"))
    assert widest(done.stdout) <= 80
    shown = headings(done.stdout, LEDGER)
    assert shown[:3] == ["隐患编号", "隐患名称", "等级"] and "状态" in shown and "整改期限" in shown
    assert "复核人" not in shown and len(shown) < len(LEDGER)
    assert "YH-2026-000004" in done.stdout  # every row is there, only columns are left out
    hint = done.stderr.strip().splitlines()
    assert len(hint) == 1 and f"显示 {len(shown)}/{len(LEDGER)} 列" in hint[0]
    assert "--wide" in hint[0] and "--format csv|xlsx" in hint[0] and "复核人" in hint[0]


def test_at_200_columns_more_fit_and_wide_shows_them_all(demo, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    narrow = headings(ok(demo("--as", "wang", "report", "ledger")).stdout, LEDGER)
    monkeypatch.setenv("COLUMNS", "200")
    done = ok(demo("--as", "wang", "report", "ledger"))
    wide = headings(done.stdout, LEDGER)
    assert widest(done.stdout) <= 200 and set(narrow) < set(wide) and len(wide) < len(LEDGER)
    assert wide.index("隐患编号") < wide.index("单位") < wide.index("状态")  # the ledger's own order
    every = ok(demo("--as", "wang", "report", "ledger", "--wide"))
    assert headings(every.stdout, LEDGER) == LEDGER and every.stderr == ""


def test_piped_output_keeps_every_column(demo, monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    done = ok(demo("--as", "wang", "report", "ledger"))
    assert headings(done.stdout, LEDGER) == LEDGER and done.stderr == ""
    monkeypatch.setenv("COLUMNS", "80")
    csv = ok(demo("--as", "wang", "report", "ledger", "--format", "csv")).stdout
    assert csv.splitlines()[0].split(",") == LEDGER


def test_the_risk_list_fits_too_and_english_says_so(demo, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    done = ok(demo("--as", "wang", "risk", "list"))
    shown = headings(done.stdout, RISKS)
    assert widest(done.stdout) <= 80 and {"风险点编号", "风险点名称", "风险等级", "颜色"} <= set(shown)
    assert len(shown) < len(RISKS) and "--wide" in done.stderr
    english = ok(demo("--as", "wang", "--lang", "en", "risk", "list"))
    assert english.stderr.startswith(f"… {len(shown)} of {len(RISKS)} columns shown (80 wide; not shown: ")


@given(widths=st.lists(st.integers(1, 60), min_size=1, max_size=30), width=st.integers(10, 400))
def test_the_columns_kept_fit_and_follow_the_priority(widths, width):
    columns = (list(render.PRIORITY) + [f"x{i}" for i in range(30)])[::-1][: len(widths)]
    kept = render.fitting(widths, columns, width)
    assert kept == sorted(kept) and kept
    if len(kept) > 1:
        assert 1 + sum(widths[i] + 3 for i in kept) <= width
    rank = {c: i for i, c in enumerate(render.PRIORITY)}
    order = sorted(range(len(columns)), key=lambda i: (rank.get(columns[i], len(rank)), i))
    assert order[0] in kept  # the most important column is always shown
