"""The charts module: pygal's SVG without scripts, and pygal leaving the import system as it was."""

from __future__ import annotations

import importlib

import pytest

from dualprev.hazards import charts


def test_a_chart_is_svg_without_script_and_imports_stay_quiet():
    drawn = charts.bars("标题", ["生产一车间", "设备部"], [("发现", [3, 1], "#1e6fd9")], horizontal=True)
    assert drawn["title"] == "标题" and drawn["svg"].startswith("<svg")
    assert "<script" not in drawn["svg"] and "生产一车间" in drawn["svg"]
    # pygal's legacy finder made every later failed import warn (an error under the test settings)
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("no_such_module_for_dualprev")


def test_nothing_to_draw_is_no_chart():
    assert charts.pie("空", [("一般", 0, "#ffb000")]) is None
    assert charts.bars("空", [], [("发现", [], "#1e6fd9")]) is None
