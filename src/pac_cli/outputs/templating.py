"""The Jinja environment: one factory, user templates first, sandboxed and strict.

Templates can come from users, so they are confined: sandboxed, read only from inside
their folders (a link that leads outside is not followed), and run under a guard that
turns any failure, a recursion or a runaway loop into one line naming the template.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

import jinja2
import markupsafe
from jinja2.sandbox import SandboxedEnvironment

from pac_cli import es_co
from pac_cli.errors import PacError, TemplateError, TemplateNotFoundError
from pac_cli.outputs import escaping

PACKAGED = Path(__file__).resolve().parent / "templates"


def search_path(override_dirs: Sequence[Path]) -> list[Path]:
    """Where templates are looked for: the overrides in order, then the packaged ones."""
    return [*override_dirs, PACKAGED]


BUDGET = 20
"""Seconds a template may run before it is taken for a runaway loop."""


def _inside(path: Path, folder: Path) -> bool:
    """Whether `path`, links followed, is inside `folder`."""
    return path.resolve().is_relative_to(folder.resolve())


class ConfinedLoader(jinja2.FileSystemLoader):
    """A folder's templates, and nothing a link inside it points to outside it."""

    def get_source(self, environment: jinja2.Environment,
                   template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        if not any(_inside(Path(filename), Path(root)) for root in self.searchpath):
            raise jinja2.TemplateNotFound(template)
        return source, filename, uptodate


def find_template(name: str, override_dirs: Sequence[Path]) -> Path:
    """The first file called `name` along the search path (for binary templates: docx)."""
    for folder in search_path(override_dirs):
        if (folder / name).is_file() and _inside(folder / name, folder):
            return folder / name
    raise TemplateNotFoundError(f"no se encontró la plantilla {name} (se buscó en "
                                f"{', '.join(str(d) for d in search_path(override_dirs))})")


def get_env(override_dirs: Sequence[Path], *, autoescape: bool,
            markdown: bool = False) -> SandboxedEnvironment:
    """The environment every document is rendered with.

    Sandboxed because templates can come from users; `StrictUndefined` so a typo is an
    error naming the template and line, not an empty cell.
    """
    loader = jinja2.ChoiceLoader([ConfinedLoader(str(d)) for d in search_path(override_dirs)])
    env = SandboxedEnvironment(loader=loader, undefined=jinja2.StrictUndefined,
                               autoescape=autoescape, keep_trailing_newline=True,
                               trim_blocks=True, lstrip_blocks=True)
    env.filters["fecha"] = _expecting("fecha", "una fecha", dt.date, es_co.long_date)
    env.filters["numero"] = _expecting("numero", "un número", int | float | Decimal,
                                       es_co.number)
    env.filters["css"] = css_string
    env.filters["enlace_md"] = markdown_link
    env.filters["al"] = _expecting("al", "un texto", str,  # «al Plan …», «a la Estrategia …»
                                   es_co.to_the)
    if markdown:  # every value it prints is inert Markdown
        env.finalize = _markdown
    elif autoescape:  # a document (html, docx), not a terminal's sentence
        # every figure it prints keeps its «%» on its line, whatever the template says
        env.finalize = _tied
    return env


class FilterValueError(TypeError):
    """A template gave one of pac's filters a value not of its kind."""


_KINDS = {str: "un texto", bool: "un sí/no", int: "un número", float: "un número",
          Decimal: "un número", type(None): "nada (none)", list: "una lista",
          dict: "un diccionario", dt.date: "una fecha", dt.datetime: "una fecha con hora"}


def _expecting(name: str, kind: str, types: Any, function: Callable[..., Any]) -> Any:
    """`function` as a filter that refuses, saying so, a value not of `types` (Babel would
    fail deep inside, or print today's date for none)."""

    def checked(value: Any, *args: Any) -> Any:
        if isinstance(value, bool | dt.datetime) or not isinstance(value, types):
            got = _KINDS.get(type(value), "un valor de otro tipo")
            raise FilterValueError(f"el filtro «{name}» espera {kind} y recibió {got}")
        return function(value, *args)

    return checked


def _tied(value: Any) -> Any:
    if isinstance(value, jinja2.runtime.Undefined):  # StrictUndefined raises when printed
        return value
    if isinstance(value, markupsafe.Markup):
        return markupsafe.Markup(es_co.tie(str(value)))
    return es_co.tie(value) if isinstance(value, str) else value


def _markdown(value: Any) -> Any:
    """A value a Markdown template prints: the data's text made inert (escaping.markdown);
    what a macro of the template made (already Markup) stays as it is."""
    if isinstance(value, jinja2.runtime.Undefined | markupsafe.Markup):
        return _tied(value)
    return markupsafe.Markup(escaping.markdown(es_co.tie(str(value))))


def markdown_link(value: object) -> markupsafe.Markup:
    """An http(s) address as a Markdown link's destination (`escaping.markdown_url`)."""
    return markupsafe.Markup(escaping.markdown_url(str(value)))


def css_string(value: object) -> markupsafe.Markup:
    """A text as a quoted CSS string (for `content:` in a style sheet): letters, digits and
    spaces as they are, every other character as a CSS escape, so no text of the data can
    end the string or the style element."""
    text = str(value)
    out = [ch if ch.isalnum() or ch == " " else f"\\{ord(ch):x} " for ch in text]
    return markupsafe.Markup('"' + "".join(out) + '"')


_SYNTAX = [
    (r"unexpected end of template", "la plantilla termina sin cerrar un bloque ({% end… %})"),
    (r"Encountered unknown tag '([^']+)'", "la etiqueta «{0}» no existe"),
    (r"unexpected '([^']+)'", "hay un «{0}» inesperado"),
    (r"unexpected char '([^']+)'", "hay un carácter «{0}» inesperado"),
    (r"expected token '([^']+)'", "falta «{0}» en la etiqueta"),
    (r"Expected an expression", "falta una expresión en la etiqueta"),
    (r"No filter named '([^']+)'", "no existe el filtro «{0}»"),
    (r"No test named '([^']+)'", "no existe la prueba «{0}»"),
    (r"is unsafe|not safely callable", "usa algo que el entorno aislado no permite"),
]


def _spanish(message: str) -> str:
    """Jinja's message in Spanish: what pac recognizes, else a general phrase (the line
    says where); never the library's English."""
    missing = re.search(r"has no attribute '([^']+)'", message) or \
        re.search(r"'([^']+)' is undefined", message)
    if missing:
        return f"la plantilla usa «{missing[1]}», que no existe en su contexto"
    for pattern, spanish in _SYNTAX:
        found = re.search(pattern, message)
        if found:
            return f"la plantilla tiene un error: {spanish.format(*found.groups())}"
    return "la plantilla tiene un error de sintaxis (revise las etiquetas {{ }} y {% %})"


_RUNTIME = {ZeroDivisionError: "divide por cero", RecursionError: "se llama a sí misma sin fin",
            OverflowError: "pide un rango o un número demasiado grande",
            MemoryError: "pide más memoria de la que hay",
            UnicodeDecodeError: "no está guardada en UTF-8: guárdela como UTF-8",
            TypeError: "pasa a una operación o filtro un valor que no es el suyo",
            AttributeError: "pasa a una operación o filtro un valor que no es el suyo",
            ValueError: "pasa a una operación o filtro un valor que no es el suyo",
            KeyError: "busca una clave que no existe"}


def template_failure(exc: Exception, name: str) -> TemplateError:
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
    if isinstance(exc, jinja2.TemplateError):
        message = _spanish(exc.message or str(exc))
    elif isinstance(exc, FilterValueError):
        message = f"la plantilla: {exc}"
    else:
        reason = next((text for kind, text in _RUNTIME.items() if isinstance(exc, kind)),
                      "falla al ejecutarse")
        message = f"la plantilla {reason}"
    return TemplateError(message, path=where, line=line)


class _Timeout(Exception):
    """The template ran past its budget."""


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise _Timeout


@contextlib.contextmanager
def guarded(name: str, budget: float | None = None) -> Iterator[None]:
    """Run a template's code: any failure is one line naming the template and its line, and
    a run past `budget` seconds (default `BUDGET`; a loop that does not end) is stopped."""
    budget = BUDGET if budget is None else budget
    timed = threading.current_thread() is threading.main_thread() and \
        hasattr(signal, "setitimer")
    previous: Any = None
    if timed:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, budget)
    try:
        yield
    except PacError:
        raise
    except _Timeout:
        raise TemplateError(f"la plantilla tarda más de {budget:g} s: ¿un ciclo sin fin?",
                            path=name) from None
    except (jinja2.TemplateError, ArithmeticError, RecursionError, MemoryError, TypeError,
            ValueError, LookupError, AttributeError, AssertionError) as exc:
        raise template_failure(exc, name) from None
    finally:
        if timed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def text_macro(name: str, *args: object, override_dirs: Sequence[Path] = ()) -> str:
    """A sentence from a macro of `textos.j2` (e.g. `politica`), as plain text."""
    env = get_env(override_dirs, autoescape=False)
    with guarded("textos.j2"):
        return str(getattr(env.get_template("textos.j2").module, name)(*args))
