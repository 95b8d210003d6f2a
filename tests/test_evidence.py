"""The evidence Control Interno cites is published with the figures: under each activity's
observations in the acta, the informe and the site (an http(s) reference a link, nothing
else), and as open data, one row per evidence."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import html5lib
from openpyxl import load_workbook
from typer.testing import CliRunner

from pac_cli.cli import app

from .conftest import CONFIG, FOLLOWUP, PLAN, REPORT, build_tree

EVIDENCE = """\
    evidencias:
      - {tipo: enlace, referencia: "https://e.gov.co/chat?a=1&b=(2)", descripcion: Informe}
      - {tipo: enlace, referencia: "javascript:alert(1)"}
      - {tipo: memorando, referencia: "010505", fecha: 2024-03-14}
"""


def _project(tmp_path: Path) -> Path:
    followup = FOLLOWUP.replace("    logro: 11842\n", "    logro: 11842\n" + EVIDENCE)
    return build_tree(tmp_path / "p", {"pac.yaml": CONFIG, "plans/2024.yaml": PLAN,
                                       "followups/2024-04-30.yaml": followup + REPORT})


def _render(runner: CliRunner, root: Path, fmt: str) -> Path:
    out = root / f"informe.{fmt}"
    result = runner.invoke(app, ["render", "informe", "-C", str(root), "--corte", "2024-04-30",
                                 "-f", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_the_informe_lists_the_evidence_links_only_web_addresses(tmp_path: Path,
                                                                  runner: CliRunner) -> None:
    root = _project(tmp_path)
    page = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(
        _render(runner, root, "html").read_text(encoding="utf-8"))
    items = page.findall(".//ul[@class='evidencias']/li")
    assert ["".join(li.itertext()) for li in items] == [
        "Enlace https://e.gov.co/chat?a=1&b=(2): Informe", "Enlace javascript:alert(1)",
        "Memorando 010505 (14 de marzo de 2024)"]
    assert [a.get("href") for li in items for a in li.findall("a")] == [
        "https://e.gov.co/chat?a=1&b=(2)"]
    md = _render(runner, root, "md").read_text(encoding="utf-8")
    assert "[https://e.gov.co/chat?a=1&amp;b=(2)](https://e.gov.co/chat?a=1&b=%282%29): " \
           "Informe" in md
    assert "javascript:alert(1)" in md and "](javascript" not in md
    notes = [c for row in load_workbook(_render(runner, root, "xlsx")).worksheets[0]
             .iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert any("Evidencias:\n– Enlace https://e.gov.co/chat" in n for n in notes)


def test_the_open_data_hold_one_row_per_evidence(tmp_path: Path, runner: CliRunner) -> None:
    root = _project(tmp_path)
    site = tmp_path / "sitio"
    result = runner.invoke(app, ["site", "-C", str(root), "-o", str(site), "--hoy",
                                 "2024-06-01"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(
        (site / "datos/evidencias-2024-04-30-paac.csv").read_text(encoding="utf-8"))))
    assert [(r["actividad"], r["tipo"], r["referencia"], r["fecha"]) for r in rows] == [
        ("1.1", "enlace", "https://e.gov.co/chat?a=1&b=(2)", ""),
        ("1.1", "enlace", "javascript:alert(1)", ""),
        ("1.1", "memorando", "010505", "2024-03-14")]
    dictionary = list(csv.DictReader(io.StringIO(
        (site / "datos/diccionario.csv").read_text(encoding="utf-8"))))
    assert {d["columna"] for d in dictionary if d["conjunto"] == "evidencias"} == set(rows[0])
    page = (site / "seguimientos/2024-04-30-paac.html").read_text(encoding="utf-8")
    assert '<a href="https://e.gov.co/chat?a=1&amp;b=(2)">' in page
    assert 'href="javascript' not in page
