"""Jinja2 templates for every text report and export; ``environment()`` is the one Environment."""

from __future__ import annotations

from functools import cache

from dualprev.hazards.limits import printable


@cache
def environment():
    """Templates load from this installed package (not the working directory), strictly."""
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        # every value a template prints, stored text included, shows invisible characters escaped
        finalize=lambda v: printable(v) if type(v) is str else v,
        loader=PackageLoader("dualprev.templates", ""),
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = lambda v: "" if v is None else str(v).replace("|", "\\|").replace("\n", " ")
    return env


def stream(name: str, out, **context) -> None:
    """Render ``name`` piece by piece into ``out`` (streaming keeps memory flat)."""
    environment().get_template(name).stream(**context).dump(out)
