"""The front door and the manual: a short README whose Quickstart holds two commands, and a
command reference made from the CLI's own help (mkdocs build --strict runs in .ci/run)."""

from __future__ import annotations

import importlib.util
import re
from typing import Any

import typer

from pac_cli.cli import app

from .conftest import ROOT


def _hooks() -> Any:
    spec = importlib.util.spec_from_file_location("mkdocs_hooks", ROOT / "tools/mkdocs_hooks.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_readme_is_a_front_door() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 300
    quickstart = readme[readme.index("## Inicio rápido (Quickstart)"):]
    block = re.search(r"```sh\n(.*?)```", quickstart, re.DOTALL)
    assert block and block[1].splitlines() == [
        "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/pac followup --cutoff "
        "2024-04-30",
        "python3 -m venv .venv && .venv/bin/pip install '.[test]' && .venv/bin/pytest"]
    # every page of the manual it links to is there
    for target in re.findall(r"\]\((docs/[^)#]+)", readme):
        assert (ROOT / target).is_file(), target


def test_the_reference_is_every_commands_own_help() -> None:
    hooks = _hooks()
    page = (ROOT / "docs/referencia.md").read_text(encoding="utf-8")
    assert hooks.MARK in page
    made = hooks.on_page_markdown(page, None, None, None)
    assert hooks.MARK not in made

    def paths(command: Any, path: tuple[str, ...]) -> list[tuple[str, ...]]:
        found = [path]
        for name, sub in getattr(command, "commands", {}).items():
            found += paths(sub, (*path, name))
        return found

    for path in paths(typer.main.get_command(app), ()):
        name = " ".join(("pac", *path))
        assert f"## `{name}`" in made and f"Uso: {name} " in made, name
    # the help as pac gives it: the render command's formats, for one
    assert "(con WeasyPrint, o si falta, con Chromium, Chrome o Edge)" in " ".join(made.split())


def test_every_page_of_the_manual_is_in_its_index() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    pages = {p.name for p in (ROOT / "docs").glob("*.md")}
    assert pages == set(re.findall(r"([a-z]+\.md)", nav))
