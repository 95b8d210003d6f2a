"""The Jinja environment: one factory, user templates first, sandboxed and strict."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from pac_cli import fmt
from pac_cli.errors import TemplateError, TemplateNotFoundError

PACKAGED = Path(__file__).resolve().parent / "templates"


def search_path(override_dirs: Sequence[Path]) -> list[Path]:
    """Where templates are looked for: the overrides in order, then the packaged ones."""
    return [*override_dirs, PACKAGED]


def find_template(name: str, override_dirs: Sequence[Path]) -> Path:
    """The first file called `name` along the search path (for binary templates: docx)."""
    for folder in search_path(override_dirs):
        if (folder / name).is_file():
            return folder / name
    raise TemplateNotFoundError(f"no se encontró la plantilla {name} (se buscó en "
                                f"{', '.join(str(d) for d in search_path(override_dirs))})")


def get_env(override_dirs: Sequence[Path], *, autoescape: bool) -> SandboxedEnvironment:
    """The environment every document is rendered with.

    Sandboxed because templates can come from users; `StrictUndefined` so a typo is an
    error naming the template and line, not an empty cell.
    """
    loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(d))
                                  for d in search_path(override_dirs)])
    env = SandboxedEnvironment(loader=loader, undefined=jinja2.StrictUndefined,
                               autoescape=autoescape, keep_trailing_newline=True,
                               trim_blocks=True, lstrip_blocks=True)
    env.filters["fecha"] = fmt.long_date
    env.filters["numero"] = fmt.number
    return env


def _spanish(message: str) -> str:
    missing = re.search(r"has no attribute '([^']+)'", message) or \
        re.search(r"'([^']+)' is undefined", message)
    if missing:
        return f"la plantilla usa «{missing[1]}», que no existe en su contexto"
    return f"la plantilla falla: {message}"


def template_failure(exc: jinja2.TemplateError, name: str) -> TemplateError:
    """A Jinja error as a one-line message naming the template file and line."""
    if isinstance(exc, jinja2.TemplateNotFound):
        return TemplateNotFoundError(f"no se encontró la plantilla {exc.name}")
    line: int | None = None
    where = name
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where, line = exc.filename or exc.name or name, exc.lineno
    else:
        tb: TracebackType | None = exc.__traceback__
        while tb is not None:
            filename = tb.tb_frame.f_code.co_filename
            if filename.endswith(".j2"):
                where, line = filename, tb.tb_lineno
            tb = tb.tb_next
    return TemplateError(_spanish(exc.message or str(exc)), path=where, line=line)


def text_macro(name: str, *args: object, override_dirs: Sequence[Path] = ()) -> str:
    """A sentence from a macro of `textos.j2` (e.g. `politica`), as plain text."""
    env = get_env(override_dirs, autoescape=False)
    try:
        return str(getattr(env.get_template("textos.j2").module, name)(*args))
    except jinja2.TemplateError as exc:
        raise template_failure(exc, "textos.j2") from None
