"""Fixtures of the CLI tests: a register made by `init --demo` through the CLI, one with a daily
inspection plan ticked once, and one with two risk points, a measure and a linked 重大 hazard."""

from __future__ import annotations

import pytest

from tests.cli.helpers import js, ok


@pytest.fixture
def demo(cli_run):
    """An empty database set up with `init --demo` through the CLI (boss is the first admin)."""
    ok(cli_run("--as", "boss", "init", "--demo"))
    return cli_run


@pytest.fixture
def planned(db, cli_run):
    """A 甲班 checklist of two items and a daily plan for liu; ticked once (task for 2026-11-24)."""
    ok(cli_run("--as", "wang", "checklist", "add", "甲班日查", "--item", "消防通道畅通", "--item", "气瓶固定",
               "--org", "甲班"))
    ok(cli_run("--as", "wang", "plan", "add", "甲班日查", "--checklist", "1", "--org", "甲班", "--assignee", "liu"))
    assert js(cli_run("--json", "tick")) == {"created": 1, "missed": 0, "escalated": 0,
                                             "at": "2026-11-24T02:00:00+00:00"}
    return cli_run


@pytest.fixture
def register(db, cli_run):
    """Two risk points (FX-000001 red by LEC at 生产一车间, FX-000002 yellow by LS at 甲班), a measure on
    the first and a 重大 hazard linked to both."""
    ok(cli_run("--as", "wang", "risk", "add", "液氨储罐区", "--org", "生产一车间", "--lec", "6,6,15",
               "--source", "液氨泄漏中毒", "--source", "火灾"))
    ok(cli_run("--as", "wang", "risk", "add", "二号泵房", "--org", "甲班", "--kind", "设备设施",
               "--ls", "3,4"))
    ok(cli_run("--as", "wang", "risk", "measure", "add", "FX-000001", "--type", "工程技术", "--text",
               "泄漏报警联锁", "--classify2", "1-4"))
    ok(cli_run("--as", "wang", "hazard", "report", "--title", "报警器离线", "--org", "生产一车间",
               "--level", "重大", "--risk", "FX-000001", "--measure", "1"))
    return cli_run
