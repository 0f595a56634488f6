"""The user's language on the command line: help pages and error lines in Chinese or English,
from hazards/catalogue.py (how to add a text is said there).

click reads help texts when the commands are built, before any option is parsed, so the help is
translated when it is shown: the root resolves the language from its arguments first
(``ctx.meta["lang"]``), and every command of the tree is given ``Bilingual``.
"""

from __future__ import annotations

import os
from contextlib import contextmanager

import click


def _catalogue():
    from dualprev.hazards import catalogue  # loaded once a command line is read, not at import

    return catalogue


def resolve(args: list[str]) -> str:
    """The language of help and errors for the root's ``args`` (its own --lang, before the command)."""
    explicit, rest = None, list(args)
    while rest and rest[0].startswith("-"):
        token = rest.pop(0)
        if token.startswith("--lang="):
            explicit = token.partition("=")[2]
        elif token == "--lang" and rest:
            explicit = rest.pop(0)
        elif token in ("--db", "--as") and rest:
            rest.pop(0)
    return _catalogue().language(explicit, os.environ)


def lang_of(ctx: click.Context | None = None) -> str:
    ctx = ctx or click.get_current_context(silent=True)
    return ctx.meta.get("lang", "en") if ctx is not None else "en"


class Formatter(click.HelpFormatter):
    """click's help formatter, with its headings in the help's language."""

    lang = "en"

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None:
            prefix = _catalogue().frame("usage", self.lang) + " "
        super().write_usage(prog, args, prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(_catalogue().FRAME.get(heading, (heading, heading))[0 if self.lang == "zh" else 1])


class Context(click.Context):
    def make_formatter(self) -> click.HelpFormatter:
        formatter = Formatter(width=self.terminal_width, max_width=self.max_content_width)
        formatter.lang = lang_of(self)
        return formatter


@contextmanager
def _translated(command: click.Command, ctx: click.Context | None, lang: str):
    """``command``'s help, short help and options' help in ``lang`` while its help is made."""
    params = [p for p in (command.get_params(ctx) if ctx else command.params) if getattr(p, "help", None)]
    saved = command.help, command.short_help, [p.help for p in params]  # type: ignore[attr-defined]
    command.help = _catalogue().help_text(command.help, lang)
    command.short_help = _catalogue().help_text(command.short_help, lang)
    for param in params:
        param.help = _catalogue().help_text(param.help, lang)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        command.help, command.short_help = saved[0], saved[1]
        for param, text in zip(params, saved[2]):
            param.help = text  # type: ignore[attr-defined]


class Bilingual:
    """Help in the language of the command line (mixed into every command by ``mix_in``)."""

    context_class = Context

    def get_help(self, ctx: click.Context) -> str:
        with _translated(self, ctx, lang_of(ctx)):  # type: ignore[arg-type]
            return super().get_help(ctx)  # type: ignore[misc]

    def get_short_help_str(self, limit: int = 45) -> str:
        with _translated(self, None, lang_of()):  # type: ignore[arg-type]
            return super().get_short_help_str(limit)  # type: ignore[misc]


class Said(click.ClickException):
    """An error line in the user's language (``said``)."""

    def __init__(self, message: str, lang: str, exit_code: int, ctx: click.Context | None = None):
        super().__init__(message)
        self.lang, self.exit_code, self.ctx = lang, exit_code, ctx

    def show(self, file=None) -> None:
        if self.ctx is not None:  # a usage error: the usage line and where to read more first
            option = max(self.ctx.command.get_help_option_names(self.ctx), key=len)
            hint = _catalogue().frame("try", self.lang, command=self.ctx.command_path, option=option)
            click.echo(f"{self.ctx.get_usage()}\n{hint}\n", err=True)
        click.echo(_catalogue().frame("error", self.lang, message=self.message), err=True)


def said(exc: click.ClickException, lang: str) -> click.ClickException:
    """``exc`` as its line in ``lang`` (English as it is)."""
    if lang != "zh" or isinstance(exc, Said):
        return exc
    ctx = exc.ctx if isinstance(exc, click.UsageError) else None
    return Said(_catalogue().message(exc.format_message(), lang), lang, exc.exit_code, ctx)
