"""Releases: the version from the git tag, and the notes from CHANGELOG.md."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from importlib.metadata import version
from typing import Any

import pytest
from typer.testing import CliRunner

from pac_cli.cli import app

from .conftest import ROOT


def _tool() -> Any:
    spec = importlib.util.spec_from_file_location("release_notes",
                                                  ROOT / "tools/release_notes.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


notes = _tool().notes

CHANGELOG = """\
# Registro de cambios

## [Sin publicar]

### Añadido
- algo nuevo

## [1.2.0] - 2026-12-01

### Corregido
- el total del componente 3

## [1.1.0] - 2026-06-01

### Añadido
- lo primero
"""


def test_pac_says_its_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout == f"pac {version('pac-cli')}\n"


def test_the_notes_are_the_tags_section() -> None:
    assert notes("v1.2.0", CHANGELOG) == "### Corregido\n- el total del componente 3\n"
    assert notes("v1.1.0", CHANGELOG) == "### Añadido\n- lo primero\n"


@pytest.mark.parametrize(("tag", "reason"), [
    ("v1.3.0", "no tiene la sección «## [1.3.0] - AAAA-MM-DD»"),
    ("1.2.0", "no es una versión"),
    ("v1.2", "no es una versión"),
    ("latest", "no es una versión"),
])
def test_a_tag_without_its_entry_is_refused(tag: str, reason: str) -> None:
    with pytest.raises(ValueError, match=re.escape(reason)):
        notes(tag, CHANGELOG)


def test_an_empty_section_is_refused() -> None:
    with pytest.raises(ValueError, match="está vacía"):
        notes("v2.0.0", "## [2.0.0] - 2027-01-01\n\n## [1.0.0] - 2026-01-01\n- x\n")


def test_the_changelog_keeps_its_form() -> None:
    """Keep a Changelog: an «[Sin publicar]» section first, then dated versions, newest first,
    each heading in the form the release workflow reads."""
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.*)$", text, re.MULTILINE)
    assert headings[0] == "[Sin publicar]"
    versions = [re.fullmatch(r"\[(\d+\.\d+\.\d+\S*)\] - (\d{4}-\d\d-\d\d)", h) for h in
                headings[1:]]
    assert all(versions), headings
    dates = [m[2] for m in versions if m]
    assert dates == sorted(dates, reverse=True)
    for match in versions:
        assert match and notes(f"v{match[1]}", text)


def test_the_script_fails_saying_why() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "tools/release_notes.py"), "v99.0.0"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith("error: CHANGELOG.md no tiene la sección «## [99.0.0]")
