"""MkDocs hooks of the manual (mkdocs.yml: `hooks`).

The command reference (docs/referencia.md) is the CLI's own help, taken from `pac` when the
manual is built: it cannot say what the commands no longer do.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

MARK = "<!-- la ayuda de cada comando, de pac mismo -->"
WIDTH = "88"


def _commands(command: Any, path: list[str]) -> Iterator[list[str]]:
    """`command`'s path and those of its subcommands, in alphabetical order."""
    yield path
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        if not getattr(sub, "hidden", False):
            yield from _commands(sub, [*path, name])


def reference() -> str:
    """Each command's `--help`, under a heading of its own."""
    import typer
    from typer.testing import CliRunner

    from pac_cli.cli import app

    runner = CliRunner()
    env = {"COLUMNS": WIDTH, "NO_COLOR": "1", "TERM": "dumb"}
    parts = []
    for path in _commands(typer.main.get_command(app), []):
        result = runner.invoke(app, [*path, "--help"], env=env, prog_name="pac")
        if result.exit_code != 0:
            raise RuntimeError(f"pac {' '.join(path)} --help falló: {result.output}")
        heading = "`pac`" if not path else f"`pac {' '.join(path)}`"
        parts.append(f"## {heading}\n\n```text\n{result.stdout.rstrip()}\n```\n")
    return "\n".join(parts)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Put the reference where the page marks it."""
    if MARK not in markdown:
        return markdown
    return markdown.replace(MARK, reference())
