"""Problems found in the data: small sortable records, collected and printed together."""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from pac_cli.errors import one_line


class Severity(StrEnum):
    """How bad a problem is: an error fails validation, a warning does not (unless --strict)."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, at a 1-based line and column."""

    path: str
    line: int
    column: int
    message: str
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def display_path(path: Path) -> str:
    """The path as the user would type it: relative to the working directory when possible.

    Only a path with «..» is resolved: an absolute one is shown relative to the working
    directory when it is inside it as the system, the shell ($PWD) or the real path spell
    the directory, else as given; resolving each of a thousand plans elsewhere cost as much
    as validating a tenth of them."""
    text = str(path)
    if ".." in path.parts:
        try:
            return str(path.resolve().relative_to(Path.cwd().resolve()))
        except (ValueError, OSError):
            return text
    if not path.is_absolute():
        return text  # already so
    for folder in _working_directory(os.getcwd(), os.environ.get("PWD")):
        if text.startswith(folder + os.sep):
            return text[len(folder) + 1:]
    return text


@functools.lru_cache(maxsize=8)
def _working_directory(here: str, shell: str | None) -> tuple[str, ...]:
    """The spellings of the working directory (worked out once, not once per file shown)."""
    spellings = [here, os.path.realpath(here)]
    try:
        if shell and os.path.isabs(shell) and os.path.samefile(shell, here):
            spellings.append(os.path.normpath(shell))
    except OSError:
        pass
    return tuple(dict.fromkeys(spellings))


_LABEL = {Severity.ERROR: "error", Severity.WARNING: "advertencia"}


def format_text(problems: Iterable[Problem]) -> list[str]:
    """`file:line:col: [advertencia] message` lines, as compilers and yamllint print them."""
    lines = []
    for p in problems:
        tag = "error: " if p.is_error else "advertencia: "
        lines.append(f"{one_line(p.path)}:{p.line}:{p.column}: {tag}{one_line(p.message)}")
    return lines


def format_github(problems: Iterable[Problem]) -> list[str]:
    """GitHub Actions workflow commands, so problems appear as annotations on the lines."""

    def esc(text: str, *, prop: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        if prop:
            text = text.replace(":", "%3A").replace(",", "%2C")
        return text

    return [
        f"::{p.severity.value} file={esc(p.path, prop=True)},line={p.line},col={p.column}"
        f"::{esc(p.message)}"
        for p in problems
    ]


def format_json(problems: Iterable[Problem], checked: Iterable[str]) -> str:
    """A JSON document with the files checked and every problem, for other programs."""
    items = [{"archivo": p.path, "linea": p.line, "columna": p.column, "mensaje": p.message,
              "gravedad": "error" if p.is_error else "advertencia"} for p in problems]
    return json.dumps({"archivos": list(checked), "problemas": items}, ensure_ascii=False,
                      indent=2)
