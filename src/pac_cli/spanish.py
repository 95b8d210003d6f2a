"""The command line in Spanish, all of it: typer's own words through gettext (a catalog
compiled with Babel, `locale/es`), and the few words the click that typer vendors writes
without gettext («Usage:», «Show this message and exit.») through its public extension
points: the context's formatter class and the command's help option.

Importing this module sets the language before typer reads its texts, so it is imported
before typer.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path
from typing import Any

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "pac"

# pac speaks Spanish whatever the user's locale: gettext reads LANGUAGE first
os.environ["LANGUAGE"] = "es"
gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
gettext.textdomain(DOMAIN)

from typer import Context  # noqa: E402
from typer._click.formatting import HelpFormatter  # noqa: E402
from typer.core import TyperCommand, TyperGroup, TyperOption  # noqa: E402

HELP = "Muestra esta ayuda y sale."


class SpanishFormatter(HelpFormatter):
    """Help text with «Uso:» where click writes «Usage:»."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "Uso: " if prefix is None else prefix)


class SpanishContext(Context):
    formatter_class = SpanishFormatter


def _spanish_metavars(command: TyperCommand | TyperGroup) -> None:
    if command.options_metavar == "[OPTIONS]":
        command.options_metavar = "[OPCIONES]"
    if isinstance(command, TyperGroup) and command.subcommand_metavar in {
            None, "COMMAND [ARGS]..."}:
        command.subcommand_metavar = "COMANDO [ARGUMENTOS]..."


_TYPES = {"dir": "carpeta", "path": "ruta", "file": "archivo", "int range": "número",
          "int": "número", "str": "texto", "list[str]": "", "list[Path]": ""}
"""typer's type labels in help (`<dir>`), in Spanish; an argument's list needs none (its
name, `ARCHIVO...`, says it)."""


def _spanish_types(command: TyperCommand | TyperGroup) -> None:
    for param in command.params:
        shown = param.display_type_rich  # type: ignore[attr-defined]

        def spanish(ctx: Context, shown: Any = shown) -> str | None:
            label = shown(ctx)
            if not isinstance(label, str) or not label.startswith("<"):
                return label  # type: ignore[no-any-return]
            inner = label[1:].split(">", 1)
            spanish = _TYPES.get(inner[0], inner[0])
            return f"<{spanish}>{inner[1]}" if spanish else None

        param.display_type_rich = spanish  # type: ignore[attr-defined]


class _Spanish:
    """What a Spanish command and group share: their context, metavars, type labels and
    help option."""

    context_class = SpanishContext

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        _spanish_metavars(self)  # type: ignore[arg-type]
        _spanish_types(self)  # type: ignore[arg-type]

    def get_help_option(self, ctx: Context) -> TyperOption | None:
        option: TyperOption | None = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP
        return option


class SpanishCommand(_Spanish, TyperCommand):  # type: ignore[misc]
    """A command whose context and help option speak Spanish."""


class SpanishGroup(_Spanish, TyperGroup):  # type: ignore[misc]
    """A group of commands whose context and help option speak Spanish."""
