"""Shared test helpers: small inline projects instead of many fixture files."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]

PLAN = """\
vigencia: 2024
componentes:
  - numero: 4
    nombre: Atención al ciudadano
    subcomponentes:
      - numero: 1
        nombre: Canales
        actividades:
          - id: "1.1"
            actividad: Chat
            meta_anual: 15000
            indicador: Ciudadanos atendidos
          - id: "1.2"
            actividad: Ferias
            meta_anual: 3
"""

FOLLOWUP = """\
vigencia: 2024
componente: 4
corte: 2024-04-30
avances:
  - actividad: "1.1"
    logro: 11842
  - actividad: "1.2"
    logro: 2
"""

REPORT = """\
informe:
  fecha: 2024-05-10
  autor: Ana Ruiz
  cargo: Jefe de la Oficina de Control Interno
"""
"""What makes FOLLOWUP publishable (a follow-up without acta or informe is a draft)."""

SECTIONS = ("  orden_del_dia: [Revisión del avance]\n  introduccion: [Introducción]\n"
            "  metodologia: [Metodología]\n  cierre: Se cierra la reunión.\n")
"""The sections an acta's format asks for (without «conclusiones»), in block style: an acta
that leaves one empty is a draft."""
FLOW_SECTIONS = ("orden_del_dia: [Revisión], introduccion: [Introducción], "
                 "metodologia: [Metodología], cierre: Cierre")
"""The same, inside a flow mapping."""

CONFIG = """\
entidad:
  nombre: Alcaldía de Prueba
  nit: 800000000-1
"""


def build_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write `files` (relative path → text or bytes) under `root` and return `root`."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A valid minimal project: config, one plan, one follow-up."""
    return build_tree(tmp_path, {"pac.yaml": CONFIG, "plans/2024.yaml": PLAN,
                                 "followups/2024-04-30.yaml": FOLLOWUP + REPORT})


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def in_dir(tmp_path: Path) -> Iterator[Path]:
    """Run the test from inside `tmp_path`."""
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(old)


NO_SKIPS = "PAC_SIN_OMITIR"
"""Set by the pull-request workflow, which installs every tool the tests use: there a test
that would skip (a tool missing) fails instead, so a green run means every test ran."""


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome: Any = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get(NO_SKIPS):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"omitida donde no debe omitirse ninguna ({NO_SKIPS}): {reason}"
