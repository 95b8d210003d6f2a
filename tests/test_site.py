"""`pac site`: the transparency section, built from the data (issue 20)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import html5lib
import pytest
from typer.testing import CliRunner

from pac_cli.cli import app
from pac_cli.outputs.site import COLUMNS, relative_links

from .browser import AXE, CHROMIUM, probe
from .conftest import ROOT
from .test_render import ACTA_ROWS

VILLA = ROOT / "examples" / "villa-ejemplo"
TODAY = "2025-03-01"


def _build(runner: CliRunner, project: Path, out: Path) -> str:
    result = runner.invoke(app, ["site", "-C", str(project), "-o", str(out), "--hoy", TODAY])
    assert result.exit_code == 0, result.stderr
    return result.stderr


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    runner = CliRunner()
    base = tmp_path_factory.mktemp("sitios")
    built = {}
    for name, project in (("repo", ROOT), ("villa", VILLA)):
        _build(runner, project, base / name)
        built[name] = base / name
    yield built


def test_the_site_holds_every_plan_and_cutoff(sites: dict[str, Path]) -> None:
    repo = _files(sites["repo"])
    for name in ("index.html", "calendario.html", "datos/index.html", "datos/diccionario.csv",
                 "planes/2019.html", "planes/2023.html", "planes/2024.html",
                 "calendario-2024.ics", "seguimientos/2024-04-30-paac.html",
                 "seguimientos/2024-04-30-paac/informe.pdf",
                 "seguimientos/2024-04-30-paac/informe.xlsx",
                 "seguimientos/2024-04-30-paac/acta.docx",
                 "datos/seguimiento-2024-04-30-paac.csv",
                 "datos/seguimiento-2024-04-30-paac.json",
                 "seguimientos/2024-08-31-paac.html"):
        assert name in repo, name
    assert repo["seguimientos/2024-04-30-paac/informe.pdf"].startswith(b"%PDF")
    villa = _files(sites["villa"])
    cutoffs = sorted(n for n in villa if re.fullmatch(r"seguimientos/[^/]+\.html", n))
    assert cutoffs == ["seguimientos/2024-04-30-paac.html", "seguimientos/2024-08-31-paac.html",
                       "seguimientos/2024-12-31-paac.html",
                       "seguimientos/2025-04-30-ptep.html",
                       "seguimientos/2025-06-30-plan-accion-atencion.html"]
    assert {n for n in villa if n.startswith("planes/")} == {
        "planes/2024.html", "planes/2025-atencion.html", "planes/2025-ptep.html"}


@pytest.mark.parametrize("name", ["repo", "villa"])
def test_every_link_resolves_and_every_page_parses(sites: dict[str, Path], name: str) -> None:
    files = _files(sites[name])
    assert relative_links(files) == []
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    for path, data in files.items():
        if path.endswith(".html"):
            document = parser.parse(data.decode("utf-8"))
            assert document.get("lang") == "es-CO", path
            # nothing fetched from elsewhere: no script, no stylesheet, no image by address
            # (the one script is data: the open data's JSON-LD, never run)
            scripts = re.findall(rb"<script[^>]*>", data)
            assert scripts in ([], [b'<script type="application/ld+json">']), path
            assert b"<link" not in data, path
            assert not re.search(rb'src="https?:', data), path


def test_the_open_data_hold_the_seed_actas_figures(sites: dict[str, Path]) -> None:
    text = (sites["repo"] / "datos/seguimiento-2024-04-30-paac.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == [c[0] for c in COLUMNS]
    # the acta's 13 figures, as the acta writes them («11.842/15.000 = 78,94 %» → 78.94)
    expected = [progress.rsplit("= ", 1)[1].removesuffix(" %").replace(",", ".")
                for _, _, _, progress in ACTA_ROWS]
    assert len(rows) == 13 and [r["porcentaje"] for r in rows] == expected
    assert {r["total_plan"] for r in rows} == {"33.76"}
    assert rows[2]["meta_anual"] == "15000" and rows[2]["logro"] == "11842"
    data = json.loads((sites["repo"] / "datos/seguimiento-2024-04-30-paac.json").read_text(
        encoding="utf-8"))
    assert data["filas"] == rows
    dictionary = (sites["repo"] / "datos/diccionario.csv").read_text(encoding="utf-8")
    assert all(name in dictionary for name, _, _ in COLUMNS)


def test_two_builds_are_byte_identical(tmp_path: Path, runner: CliRunner,
                                       sites: dict[str, Path]) -> None:
    again = tmp_path / "otra"
    _build(runner, ROOT, again)
    assert _files(again) == _files(sites["repo"])
    # and a build over an earlier one gives the same files, the stale ones taken away
    (again / "planes/2018.html").write_text("viejo", encoding="utf-8")
    marker = again / ".pac-sitio"
    marker.write_text(marker.read_text(encoding="utf-8") + "planes/2018.html\n",
                      encoding="utf-8")
    _build(runner, ROOT, again)
    assert _files(again) == _files(sites["repo"])


def test_a_draft_is_not_published(tmp_path: Path, runner: CliRunner) -> None:
    project = tmp_path / "v"
    shutil.copytree(VILLA, project)
    made = runner.invoke(app, ["followup", "new", "--corte", "2025-08-31", "--marco", "ptep",
                               "-C", str(project)])
    assert made.exit_code == 0, made.stderr
    notes = _build(runner, project, tmp_path / "sitio")
    assert "nota: seguimiento con corte 2025-08-31 (ptep): no se publica: es un borrador" in notes
    site = _files(tmp_path / "sitio")
    assert not any("2025-08-31" in name for name in site)
    assert not any(b"seguimientos/2025-08-31" in data for data in site.values())


def test_a_broken_pac_yaml_is_refused_at_its_lines(tmp_path: Path, runner: CliRunner) -> None:
    # every page names the entity: nothing is built from a pac.yaml validate refuses, and
    # each of its errors is said at its line, as validate says it
    project = tmp_path / "v"
    shutil.copytree(VILLA, project)
    config = project / "pac.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("  nit:", "  nitt:", 1),
                      encoding="utf-8")
    result = runner.invoke(app, ["site", "-C", str(project), "-o", str(tmp_path / "sitio"),
                                 "--hoy", TODAY])
    validated = runner.invoke(app, ["validate", str(config)])
    assert result.exit_code == validated.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines and all(re.match(r".*pac\.yaml:\d+:\d+: error: ", x) for x in lines)
    assert "«nitt»" in result.stderr
    assert not (tmp_path / "sitio").exists()


def test_the_output_folder_is_its_own(tmp_path: Path, runner: CliRunner) -> None:
    full = tmp_path / "ocupada"
    full.mkdir()
    (full / "mio.txt").write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["site", "-C", str(ROOT), "-o", str(full), "--hoy", TODAY])
    assert result.exit_code == 2  # an output that cannot be written, as for every command
    assert "la carpeta no está vacía y no la escribió pac site" in result.stderr
    assert sorted(p.name for p in full.iterdir()) == ["mio.txt"]
    # a folder of an earlier site that links outside itself is not written through
    outside = tmp_path / "fuera"
    outside.mkdir()
    earlier = tmp_path / "sitio"
    earlier.mkdir()
    (earlier / ".pac-sitio").write_text("index.html\n", encoding="utf-8")
    os.symlink(outside, earlier / "planes")
    result = runner.invoke(app, ["site", "-C", str(ROOT), "-o", str(earlier), "--hoy", TODAY])
    assert result.exit_code == 2 and "enlace" in result.stderr
    assert list(outside.iterdir()) == []
    assert not any(p.name.startswith(".pac-sitio-") for p in earlier.iterdir())


def test_what_the_data_say_is_text_not_markup(tmp_path: Path, runner: CliRunner) -> None:
    project = tmp_path / "v"
    shutil.copytree(VILLA, project)
    plan = project / "plans/2025-ptep.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace(
        "titulo: Programa de Transparencia y Ética Pública 2025 (ejemplo)",
        'titulo: "<script>alert(1)</script> PTEP"').replace(
        "enlace: https://www.villaejemplo.invalid/transparencia/planeacion/ptep-2025",
        'enlace: "javascript:alert(1)"'), encoding="utf-8")
    _build(runner, project, tmp_path / "sitio")
    for path, data in _files(tmp_path / "sitio").items():
        if path.endswith(".html"):
            assert b"<script>alert" not in data, path
            assert b'href="javascript:' not in data, path
    page = (tmp_path / "sitio/planes/2025-ptep.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; PTEP" in page
    assert "javascript:alert(1)" in page  # said as text, not a link


needs_browser = pytest.mark.skipif(CHROMIUM is None or not AXE,
                                   reason="sin Chromium o sin PAC_AXE_CORE (los pone .ci/run)")


@needs_browser
@pytest.mark.parametrize("name", ["repo", "villa"])
def test_every_page_passes_axe_at_desktop_and_phone_widths(sites: dict[str, Path],
                                                           name: str) -> None:
    failures = {}
    for page in sorted(sites[name].rglob("*.html")):
        for width in (1280, 390):
            found = probe(page, width)
            if found["violations"] or int(str(found["overflow"])) > 0:
                failures[f"{page.relative_to(sites[name])} @{width}"] = found
    assert failures == {}


def test_the_site_publishes_each_risk_map_and_its_follow_ups(sites: dict[str, Path]) -> None:
    villa = _files(sites["villa"])
    for name in ("riesgos/2024.html", "riesgos/2019.html", "datos/mapa-riesgos-2024.csv",
                 "datos/mapa-riesgos-2024.json", "datos/seguimiento-riesgos-2024-08-31-paac.csv",
                 "datos/seguimiento-riesgos-2024-08-31-paac.json"):
        assert name in villa, name
    page = villa["riesgos/2024.html"].decode("utf-8")
    assert "publicado el" not in page and "31 de enero de 2024" in page
    assert page.count('<table class="calor">') == 2
    assert 'href="../seguimientos/2024-08-31-paac.html#riesgos"' in page
    cutoff = villa["seguimientos/2024-08-31-paac.html"].decode("utf-8")
    assert '<h2 id="riesgos">Seguimiento al mapa de riesgos de corrupción</h2>' in cutoff
    home = villa["index.html"].decode("utf-8")
    assert 'href="riesgos/2024.html"' in home and 'href="riesgos/2019.html"' in home
    rows = list(csv.DictReader(io.StringIO(
        villa["datos/seguimiento-riesgos-2024-12-31-paac.csv"].decode("utf-8"))))
    r7 = next(r for r in rows if r["referencia"] == "R7")
    assert (r7["zona_residual"], r7["nivel_cumplimiento"], r7["acciones_atrasadas"]) == \
        ("Alto", "0.00", "1")
    data = json.loads(villa["datos/mapa-riesgos-2024.json"])
    assert data["archivo"] == "riesgos/2024.yaml"  # never a path of the machine it ran on
    dictionary = json.loads(villa["datos/diccionario.json"])["columnas"]
    named = {(c["conjunto"], c["columna"]) for c in dictionary}
    assert {("mapa-riesgos", "zona_residual"),
            ("seguimiento-riesgos", "nivel_cumplimiento")} <= named
    assert set(rows[0]) == {c for s, c in named if s == "seguimiento-riesgos"}


def test_a_map_with_errors_is_not_published(runner: CliRunner, tmp_path: Path) -> None:
    project = Path(shutil.copytree(VILLA, tmp_path / "villa"))
    path = project / "riesgos/2019.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("metodo: corrupcion-2015",
                                                             "metodo: otro", 1),
                    encoding="utf-8")
    (project / "riesgos/2018.yaml").write_text("vigencia: 2018\nvigencia: 2018\n",
                                               encoding="utf-8")  # a key twice: unreadable
    notes = _build(runner, project, tmp_path / "sitio")
    assert "riesgos/2019.yaml: no se publica: tiene errores (pac validate los dice)" in notes
    assert "riesgos/2018.yaml: no se publica: no se puede leer" in notes
    assert not (tmp_path / "sitio/riesgos/2019.html").exists()
    assert (tmp_path / "sitio/riesgos/2024.html").exists()


def test_a_map_validate_refuses_is_not_in_the_sites_calendar(runner: CliRunner,
                                                             tmp_path: Path) -> None:
    project = Path(shutil.copytree(VILLA, tmp_path / "villa"))
    built = _build(runner, project, tmp_path / "bien")
    calendar = (tmp_path / "bien/calendario.html").read_text(encoding="utf-8")
    assert "Mapa de riesgos de corrupción 2024" in calendar and built
    path = project / "riesgos/2024.yaml"  # a published zone that is not the method's
    path.write_text(path.read_text(encoding="utf-8").replace(
        "      zona_inherente: Alto\n", "      zona_inherente: Bajo\n", 1), encoding="utf-8")
    notes = _build(runner, project, tmp_path / "mal")
    assert "riesgos/2024.yaml: no se publica: tiene errores" in notes
    calendar = (tmp_path / "mal/calendario.html").read_text(encoding="utf-8")
    assert "Mapa de riesgos de corrupción 2024" not in calendar
