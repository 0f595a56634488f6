"""Fixtures of the CLI tests: a register made by `init --demo` through the CLI, and one with a
daily inspection plan ticked once."""

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
