"""`--format html` through the CLI: every report is one standalone page (inline CSS and SVG, no
script, nothing fetched), printable, its charts drawn from the same hazards as its table, its
words in the language of --lang; text is escaped; a user's template folder overrides the
shipped pages. The browser test (tests/browser) loads the same pages in Chromium."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.cli.helpers import bad_input, js, ok

PAGES = {  # a report, who reads it, and the charts it draws
    "ledger": (("report", "ledger"), "wang", ["近12个月发现与销号隐患", "一般隐患与重大隐患", "各单位整改率 (%)"]),
    "overdue": (("report", "overdue"), "wang", ["各单位逾期隐患"]),
    "risks": (("risk", "list"), "wang", ["四色风险分布", "各单位风险点 (按颜色)"]),
    "matrix": (("risk", "matrix"), "wang", ["四色风险分布", "各单位风险点 (按颜色)"]),
    "supervision": (("supervise", "list"), "zhao", []),
    "inspections": (("report", "inspections"), "wang", []),
    "stats": (("report", "stats", "--year", "2026"), "wang", ["各单位整改率 (%, 一般与重大)"]),
    "major": (("report", "major", "YH-2026-000003"), "wang", []),
    "majors": (("report", "major", "--all", "--year", "2026"), "wang", []),
}


@pytest.fixture
def db_url(sqlite_url):
    """The pages do not depend on the backend (the summary query is tested on both)."""
    return sqlite_url


def figures(html: str) -> dict[str, list[float]]:
    """Each chart's caption and the values pygal drew, series after series."""
    out = {}
    for part in html.split("<figure>")[1:]:
        caption = re.search(r"<figcaption>(.*?)</figcaption>", part).group(1)
        out[caption] = [float(v) for v in re.findall(r'<desc class="value">([^<]*)</desc>',
                                                       part.split("</figure>")[0])]
    return out


def standalone(html: str) -> None:
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert "<script" not in html and "<link" not in html and "@import" not in html
    assert not re.search(r"""(src|href)\s*=\s*["']?[a-z]+:""", html, re.I)  # nothing to fetch
    assert not re.search(r"url\(\s*['\"]?[a-z]+:", html, re.I)
    assert '"Noto Sans CJK SC"' in html and "sans-serif" in html
    assert "@page { size: A4" in html and "@media print" in html


@pytest.mark.parametrize("page", list(PAGES))
def test_every_report_is_one_standalone_page(demo, page):
    command, who, charts = PAGES[page]
    html = ok(demo("--as", who, *command, "--format", "html")).stdout
    standalone(html)
    assert list(figures(html)) == charts
    assert html.count("<svg") == len(charts)


def test_the_ledger_page_draws_what_its_table_lists(demo):
    html = ok(demo("--as", "wang", "report", "ledger", "--format", "html")).stdout
    rows = js(demo("--as", "wang", "report", "ledger", "--format", "json"))
    table = html.split("<tbody>")[1].split("</tbody>")[0]
    assert re.findall(r"<tr><td>(YH-\d{4}-\d{6})</td>", table) == [r["code"] for r in rows]
    assert f"共 {len(rows)} 条" in html
    assert "@page { size: A4 landscape" in html  # 25 columns

    zone = ZoneInfo("Asia/Shanghai")
    month = lambda stamp: datetime.fromisoformat(stamp).astimezone(zone).strftime("%Y-%m")  # noqa: E731
    counted = [r for r in rows if r["state"] != "voided"]
    found = Counter(month(r["found_at"]) for r in counted)
    closed = Counter(month(r["closed_at"]) for r in counted if r["closed_at"])
    months = ["2025-12", *(f"2026-{m:02d}" for m in range(1, 12))]  # DUALPREV_NOW is in 2026-11
    drawn = figures(html)
    assert drawn["近12个月发现与销号隐患"] == [found[m] for m in months] + [closed[m] for m in months]
    levels = Counter(r["level"] for r in counted)
    assert drawn["一般隐患与重大隐患"] == [v for v in (levels["general"], levels["major"]) if v]
    units = sorted({r["org"] for r in counted})
    rates = {u: round(100 * sum(r["state"] == "closed" for r in counted if r["org"] == u)
                      / sum(r["org"] == u for r in counted), 1) for u in units}
    assert sorted(drawn["各单位整改率 (%)"]) == sorted(rates.values())


def test_the_overdue_page_counts_by_unit(demo):
    html = ok(demo("--as", "wang", "report", "overdue", "--format", "html")).stdout
    rows = js(demo("--as", "wang", "report", "overdue", "--format", "json"))
    assert sorted(figures(html)["各单位逾期隐患"]) == sorted(Counter(r["org"] for r in rows).values())


def test_a_page_in_english_and_written_to_a_file(demo, tmp_path):
    target = tmp_path / "ledger.html"
    ok(demo("--as", "wang", "--lang", "en", "report", "ledger", "--format", "html", "-o", str(target)))
    html = target.read_text("utf-8")
    standalone(html)
    assert '<html lang="en">' in html and "<h1>Hazard ledger</h1>" in html
    assert list(figures(html)) == ["Hazards found and closed, last 12 months", "General and major hazards",
                                   "Rectification rate by org unit (%)"]
    assert "<th>code</th>" in html and "made 2026-11-24 10:00" in html


def test_stored_text_is_escaped_in_the_page(demo):
    ok(demo("--as", "wang", "hazard", "report", "--title", "<script>alert(1)</script> & 泄漏",
            "--org", "生产一车间"))
    html = ok(demo("--as", "wang", "report", "ledger", "--format", "html")).stdout
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; 泄漏" in html and "<script" not in html


def test_a_template_in_the_config_folder_is_used(demo, tmp_path):
    folder = tmp_path / "config" / "dualprev" / "templates"  # XDG_CONFIG_HOME is tmp_path/config
    folder.mkdir(parents=True)
    (folder / "page.html.j2").write_text(
        "<!DOCTYPE html><title>{{ title }}</title><h1>某化工有限公司 · {{ title }}</h1>"
        "{% for c in charts %}{{ c.svg }}{% endfor %}{% block body %}{% endblock %}\n", "utf-8")
    html = ok(demo("--as", "wang", "report", "overdue", "--format", "html")).stdout
    assert "<h1>某化工有限公司 · 逾期隐患清单</h1>" in html and "<table>" in html and "<svg" in html
    # a template that names what the report does not give: refused, the file not written
    (folder / "page.html.j2").write_text("{{ no_such_value }}{% block body %}{% endblock %}", "utf-8")
    target = tmp_path / "overdue.html"
    message = bad_input(demo("--as", "wang", "report", "overdue", "--format", "html", "-o", str(target)))
    assert "no_such_value" in message and str(folder) in message and not target.exists()
    (folder / "page.html.j2").write_text("{% block body %}", "utf-8")  # does not compile
    assert str(folder) in bad_input(demo("--as", "wang", "report", "overdue", "--format", "html"))


@pytest.mark.parametrize("page", [p for p in PAGES if p not in ("stats", "major", "majors")])
def test_the_enterprise_profile_heads_every_page_and_markdown_table(demo, page):
    """Issue 13 item 1: the reports print the registered name and credit code; before a profile is
    set the pages are headed by their title alone."""
    command, who, _charts = PAGES[page]
    assert "统一社会信用代码" not in ok(demo("--as", who, *command, "--format", "html")).stdout
    ok(demo("--as", "boss", "enterprise", "set", "示范化工有限公司", "--credit-code", "91350100M000100Y43",
            "--name-registered", "示范化工股份有限公司"))
    html = ok(demo("--as", who, *command, "--format", "html")).stdout
    assert '<p class="meta"><b>示范化工股份有限公司</b> · 统一社会信用代码 91350100M000100Y43</p>' in html
    md = ok(demo("--as", who, *command, "--format", "md")).stdout
    assert "\n示范化工股份有限公司 · 统一社会信用代码 91350100M000100Y43\n\n" in md
    assert "统一社会信用代码" not in ok(demo("--as", who, *command, "--format", "json")).stdout
