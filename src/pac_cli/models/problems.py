"""Problems found in the data: small sortable records, collected and printed together."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass
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
    """The path as the user would type it: relative to the working directory when possible."""
    if not path.is_absolute() and ".." not in path.parts:
        return str(path)  # already so (what resolving would give, or fall back to)
    here = os.getcwd()
    text = str(path)
    if text.startswith(here + os.sep) and ".." not in path.parts:  # no need to resolve
        return text[len(here) + 1:]
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


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
    items = [asdict(p) | {"severity": p.severity.value} for p in problems]
    return json.dumps({"archivos": list(checked), "problemas": items}, ensure_ascii=False,
                      indent=2)
