"""The limits of what is stored, alike on SQLite and PostgreSQL and before any SQL: single-line
fields refuse invisible characters and blanks, free text keeps its new lines, and every length is
the schema's, named with its option (a 10,000-character title once printed PostgreSQL's whole
INSERT while SQLite took it)."""

from __future__ import annotations

from tests.cli.helpers import ok, refused, shown
from tests.support import events

ESC = "\x1b[31m"


def test_a_title_with_invisible_characters_or_nothing_visible_is_refused(db, cli_run):
    before = events(db)
    for value, words in [("\u200b", "is blank"), ("   ", "is blank"), ("\u200b \u200d", "is blank"),
                         (f"护栏{ESC}缺失", "U+001B"), ("护栏\n缺失", "U+000A"), ("护栏\u202e缺失", "U+202E"),
                         ("护栏\u200b缺失", "U+200B"), ("a\x00b", "U+0000")]:
        line = refused(cli_run("--as", "wang", "hazard", "report", "--title", value, "--org", "甲班"), 2)
        assert "--title" in line and words in line, (value, line)
    assert events(db) == before


def test_every_single_line_field_refuses_them(db, cli_run):
    before = events(db)
    for args, option in [
        (("org", "add", "车间\x07", "--parent", "示范化工有限公司"), "NAME"),
        (("person", "add", "li\x1b", "--name", "李", "--org", "甲班", "--role", "owner"), "LOGIN"),
        (("person", "add", "lin", "--name", " ", "--org", "甲班", "--role", "owner"), "--name"),
        (("hazard", "report", "--title", "t", "--org", "甲班", "--place", "\u2028"), "--place"),
        (("risk", "add", "泵\x1b房", "--org", "甲班", "--ls", "2,2"), "NAME"),
        (("checklist", "add", "\u200b", "--item", "x", "--org", "甲班"), "NAME"),
        (("calendar", "add", "2027-02-06", "--holiday", "春\x1b节"), "--holiday"),
    ]:
        who = "admin" if args[0] in ("org", "person", "calendar") else "wang"
        assert option in refused(cli_run("--as", who, *args), 2), args
    assert events(db) == before


def test_free_text_keeps_its_new_lines_and_refuses_escapes(db, cli_run):
    code = ok(cli_run("--as", "wang", "hazard", "report", "--title", "护栏缺失", "--org", "甲班", "--desc",
                      "第一行\n第二行\t完")).stdout.strip()
    assert shown(cli_run, code)["description"] == "第一行\n第二行\t完"
    assert "--desc" in refused(cli_run("--as", "wang", "hazard", "report", "--title", "t", "--org", "甲班",
                                       "--desc", f"x{ESC}"), 2)
    assert "--measures" in refused(cli_run("--as", "wang", "hazard", "assign", code, "--owner", "chen",
                                           "--deadline", "2026-12-10", "--measures", "加装\x1b[2J"), 2)


def test_lengths_come_from_the_schema_and_name_the_field(db, cli_run):
    before = events(db)
    line = refused(cli_run("--as", "wang", "hazard", "report", "--title", "长" * 10_000, "--org", "甲班"), 2)
    assert line == "Error: --title has 10,000 characters: at most 300 are kept; shorten it"
    for args, words in [(("--place", "x" * 201), "--place has 201 characters: at most 200"),
                        (("--category", "类" * 101), "--category has 101 characters: at most 100"),
                        (("--desc", "x" * 20_001), "--desc has 20,001 characters: at most 20,000")]:
        assert words in refused(cli_run("--as", "wang", "hazard", "report", "--title", "t", "--org", "甲班",
                                        *args), 2)
    assert events(db) == before
    ok(cli_run("--as", "wang", "hazard", "report", "--title", "长" * 300, "--org", "甲班", "--place", "x" * 200))
