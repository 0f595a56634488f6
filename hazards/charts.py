"""Charts of the HTML reports, drawn by pygal as inline SVG: no script, no network, the page's
Chinese fonts by family name. pygal loads only when a chart is drawn (0.41 s and 80 ms a chart,
against 4.60 s and 551 ms for matplotlib and its SVG backend: benchmarks/bench_html.py).

Each function takes the few numbers of an aggregate query and returns one chart
(``{"title", "svg"}``) for ``templates/page.html.j2``.
"""

from __future__ import annotations

import sys
from functools import cache
from typing import Any

FONTS = ('"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", '
         '"WenQuanYi Micro Hei", sans-serif')
PALETTE = ("#1e6fd9", "#2e9e5b", "#d9001b", "#ff8c00", "#7a4fd9", "#ffd700")
WIDTH, HEIGHT = 520, 280


@cache
def _pygal():
    import pygal

    # pygal appends a legacy import finder for its map plugins (unused here) to sys.meta_path;
    # every import that reaches it afterwards warns (ImportWarning: find_spec() not found)
    sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "PluginImportFixer"]
    return pygal


def _chart(kind: str, colours: tuple[str, ...] | list[str], **options: Any):
    pygal = _pygal()
    from pygal.style import Style

    style = Style(font_family=FONTS, colors=tuple(colours) or PALETTE, background="white",
                  plot_background="white", foreground="#222", foreground_strong="#222",
                  foreground_subtle="#ccc", label_font_size=13, major_label_font_size=13,
                  legend_font_size=13, value_font_size=12)
    settings = {"width": WIDTH, "height": HEIGHT, "legend_at_bottom": True, "truncate_label": -1,
                "truncate_legend": -1, "print_values": True, "print_zeroes": False, "margin": 12,
                **options}
    return getattr(pygal, kind)(style=style, js=[], disable_xml_declaration=True, **settings)


def _without_scripts(root):
    """pygal writes its config as a script even with ``js=[]``: the page runs none."""
    for parent in list(root.iter()):
        for child in list(parent):
            if isinstance(child.tag, str) and child.tag.endswith("script"):
                parent.remove(child)
    return root


def _done(chart, title: str) -> dict[str, Any]:
    from markupsafe import Markup

    chart.add_xml_filter(_without_scripts)
    # pygal escapes every label it writes (org names are users' text)
    return {"title": title, "svg": Markup(chart.render(is_unicode=True))}


def bars(title: str, labels: list[str], series: list[tuple[str, list[float | None], str]], *,
         horizontal: bool = False, stacked: bool = False,
         maximum: float | None = None) -> dict[str, Any] | None:
    """A bar chart: one bar per label for each ``(name, values, colour)`` series (``stacked``: one
    bar per label, the series on top of each other); counts unless ``maximum`` is given. None when
    there is nothing to draw."""
    if not labels:
        return None
    kind = ("Horizontal" if horizontal else "") + ("StackedBar" if stacked else "Bar")
    if maximum is None:  # counts: whole-number ticks
        top = max((sum(v or 0 for v in column) if stacked else max((v or 0 for v in column), default=0))
                  for column in zip(*(values for _n, values, _c in series)))
        step = max(1, -(-int(top) // 8))
        ticks = {"y_labels": list(range(0, int(top) + step, step))}
    else:
        ticks = {"range": (0, maximum), "print_zeroes": True}  # a 0% unit is news, not a gap
    if horizontal:  # a bar per unit, however many; pygal sizes labels for Latin letters, and a
        # Chinese character is about twice as wide
        wide = max(sum(ord(ch) > 0x2E80 for ch in text) for text in labels)
        ticks.update(margin_left=12 + 7 * wide, height=max(HEIGHT, 80 + 28 * len(labels)))
    chart = _chart(kind, [c for _n, _v, c in series], show_legend=len(series) > 1, **ticks)
    chart.x_labels = labels
    for name, values, _colour in series:
        chart.add(name, values)
    return _done(chart, title)


def pie(title: str, slices: list[tuple[str, float, str]]) -> dict[str, Any] | None:
    """A ring of ``(name, value, colour)`` slices; empty slices are left out (None when all are)."""
    shown = [s for s in slices if s[1]]
    if not shown:
        return None
    chart = _chart("Pie", [c for _n, _v, c in shown], inner_radius=0.45,
                   legend_at_bottom_columns=max(1, len(shown)))
    for name, value, _colour in shown:
        chart.add(name, value)
    return _done(chart, title)
