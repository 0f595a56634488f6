"""Jinja2 templates for every text, Markdown and HTML report; ``environment()`` is the one
Environment. A template of the same name in the ``templates`` folder of the user's configuration
directory (``~/.config/dualprev/templates`` on Linux) is used instead of the shipped one.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from dualprev.hazards.limits import printable


def user_folder() -> Path:
    """Where a user's own templates are looked for first."""
    from platformdirs import user_config_dir

    return Path(user_config_dir("dualprev", appauthor=False)) / "templates"


@cache
def _environment(folder: str):
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined, \
        select_autoescape

    env = Environment(
        # every value a template prints, stored text included, shows invisible characters escaped
        finalize=lambda v: printable(v) if type(v) is str else v,
        # the package's templates load from where it is installed, not the working directory
        loader=ChoiceLoader([FileSystemLoader(folder), PackageLoader("dualprev.templates", "")]),
        autoescape=select_autoescape(["html", "xml", "html.j2"]),  # page.html.j2 is HTML
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = lambda v: "" if v is None else str(v).replace("|", "\\|").replace("\n", " ")
    return env


def environment():
    """The Environment, strict, with the user's folder before the package's templates."""
    return _environment(str(user_folder()))


def stream(name: str, out, **context) -> None:
    """Render ``name`` piece by piece into ``out`` (streaming keeps memory flat); a user's
    template that does not compile or names what the report does not give is refused with the
    reason."""
    from jinja2 import TemplateError

    from dualprev.hazards.errors import InvalidInput

    try:
        template = environment().get_template(name)
        pieces = template.stream(**context)
        pieces.enable_buffering(64)
        pieces.dump(out)
    except TemplateError as exc:
        folder = user_folder()
        if not folder.is_dir() or not any(folder.iterdir()):
            raise  # the shipped templates' own fault: a bug, not the user's
        where = getattr(exc, "filename", None) or name
        raise InvalidInput(f"template {where}: {exc.message or exc}. Fix your templates in {folder} "
                           "or remove them") from None
