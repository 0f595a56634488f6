"""What the CLI tests assert again and again: a command succeeded (and printed one JSON document),
or was refused with one ``Error:`` line and its exit code, never a traceback; and a few steps
every test takes (report a hazard, assign it, read it back)."""

from __future__ import annotations

import json

DEMO_OVERDUE = ["YH-2026-000004", "YH-2026-000005"]  # the two demo hazards past their deadline


def no_traceback(result) -> None:
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr


def ok(result):
    """The command succeeded without a traceback."""
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    no_traceback(result)
    return result


def js(result):
    """The command succeeded and its whole stdout is one JSON document."""
    ok(result)
    return json.loads(result.stdout)


def refused(result, exit_code: int) -> str:
    """Refused by the register: that exit code, nothing on stdout, one ``Error:`` line on stderr."""
    assert result.exit_code == exit_code, (result.exit_code, result.stdout, result.stderr)
    no_traceback(result)
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    return lines[0]


def bad_input(result) -> str:
    """Rejected while parsing the command line: exit 2, nothing on stdout, a usage error."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    no_traceback(result)
    assert result.stdout == ""
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: ")
    return last


def shown(run, code: str, who: str = "wang") -> dict:
    return js(run("--as", who, "--json", "hazard", "show", code))


def codes(rows: list[dict]) -> list[str]:
    return [r["code"] for r in rows]


def report(run, title: str = "二号泵房护栏缺失", org: str = "生产一车间", *extra: str) -> str:
    result = ok(run("--as", "wang", "hazard", "report", "--title", title, "--org", org, *extra))
    return result.stdout.strip()


def assign(run, code: str, owner: str = "chen", deadline: str = "2026-12-10", *extra: str):
    return run("--as", "wang", "hazard", "assign", code, "--owner", owner, "--deadline", deadline,
               "--measures", "加装护栏", *extra)
