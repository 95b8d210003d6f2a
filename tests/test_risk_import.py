"""`pac import` of a risk map: an office's v5-template matrix with merged cells and a 2015
matrix become `riesgos/AAAA.yaml`, validated, recomputed by `pac riesgos`; whatever the
method refuses or the recomputation contradicts stops the import at its cell."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from pac_cli.cli import app

from .conftest import CONFIG, build_tree
from .risk_matrices import matrix_2015, v5_matrix


def _project(tmp_path: Path) -> Path:
    return build_tree(tmp_path / "p", {"pac.yaml": CONFIG})


def _import(runner: CliRunner, project: Path, matrix: Path, *extra: str) -> Any:
    return runner.invoke(app, ["import", str(matrix), "-C", str(project), *extra])


def _risks(runner: CliRunner, project: Path, year: str) -> dict[str, Any]:
    result = runner.invoke(app, ["riesgos", year, "-f", "json", "-C", str(project)])
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_a_v5_matrix_with_merged_cells_imports_and_recomputes(runner: CliRunner,
                                                              tmp_path: Path) -> None:
    project = _project(tmp_path)
    result = _import(runner, project, v5_matrix(tmp_path / "mapa.xlsx"))
    assert result.exit_code == 0, result.stderr
    assert "Mapa!AK4: advertencia: la columna «Seguimiento» es el seguimiento del mapa" in \
        result.stderr
    assert runner.invoke(app, ["validate", "-C", str(project)]).exit_code == 0
    data = _risks(runner, project, "2021")
    assert data["metodo"]["id"] == "dafp-2020"
    r1, r2 = data["riesgos"]
    # the two control rows under R1's merged cells are its two controls, in order
    assert [(c["numero"], c["tipo"], c["antes"], c["despues"]) for c in r1["controles"]] == [
        ("1", "preventivo", "60", "36"), ("2", "detectivo", "36", "25.2")]
    assert (r1["residual"]["probabilidad"], r1["residual"]["zona"]) == \
        ({"nivel": "Baja", "porcentaje": "25.2"}, "Alto")
    assert (r2["inherente"]["zona"], r2["residual"]["impacto"]["nivel"],
            r2["residual"]["zona"]) == ("Alto", "Moderado", "Moderado")
    text = (project / "riesgos/2021.yaml").read_text(encoding="utf-8")
    assert "fecha_implementacion: 2021-03-31" in text  # the date as written in the matrix
    assert text.count("accion: Publicar en el SECOP II") == 1  # merged over two rows: one


def test_a_corruption_risk_with_a_leve_impact_is_refused_at_its_cell(runner: CliRunner,
                                                                     tmp_path: Path) -> None:
    project = _project(tmp_path)
    result = _import(runner, project, v5_matrix(tmp_path / "mapa.xlsx", leve=True))
    assert result.exit_code == 1
    assert "mapa.xlsx:Mapa!N5: error: riesgo R1: un riesgo de corrupción no tiene impacto " \
           "Leve: su impacto es Moderado o mayor" in result.stderr
    assert not (project / "riesgos/2021.yaml").exists()


def test_a_published_rating_that_is_not_the_methods_is_refused(runner: CliRunner,
                                                               tmp_path: Path) -> None:
    project = _project(tmp_path)
    result = _import(runner, project, v5_matrix(tmp_path / "mapa.xlsx", rating=0.5))
    assert result.exit_code == 1
    assert "Mapa!V5: error: riesgo R1: el control 1 se publicó con calificación 50 % y el " \
           "método da 40 %" in result.stderr


def test_the_probability_a_control_leaves_is_checked_at_its_cell(runner: CliRunner,
                                                                  tmp_path: Path) -> None:
    project = _project(tmp_path)
    result = _import(runner, project, v5_matrix(tmp_path / "mapa.xlsx", after=0.35))
    assert result.exit_code == 1
    assert "Mapa!Z5: error: riesgo R1: el control 1 deja una probabilidad residual de " \
           "36,0 % y el mapa publicó 35,0 %" in result.stderr


def test_a_frequency_that_is_not_a_number_is_refused_at_its_cell(runner: CliRunner,
                                                                 tmp_path: Path) -> None:
    project = _project(tmp_path)
    result = _import(runner, project, v5_matrix(tmp_path / "mapa.xlsx", frequency="muchas"))
    assert result.exit_code == 1
    assert "mapa.xlsx:Mapa!J5: error:" in result.stderr and "muchas" in result.stderr
    assert not (project / "riesgos").exists() or not list((project / "riesgos").iterdir())


def test_a_2015_matrix_imports_and_recomputes(runner: CliRunner, tmp_path: Path) -> None:
    project = _project(tmp_path)
    result = _import(runner, project, matrix_2015(tmp_path / "mapa.xlsx"))
    assert result.exit_code == 0, result.stderr
    assert "no tiene referencia: se numera R1" in result.stderr
    # «Monitoreo y revisión» is the map's follow-up: said, not imported
    assert "Mapa 2019!Q3: advertencia: la columna «Acciones» es el seguimiento del mapa" in \
        result.stderr
    data = _risks(runner, project, "2019")
    assert data["metodo"]["id"] == "corrupcion-2015"
    assert [(r["inherente"]["calificacion"], r["inherente"]["zona"],
             r["residual"]["calificacion"], r["residual"]["zona"]) for r in data["riesgos"]] == [
        ("30", "Alta", "20", "Moderada"), ("80", "Extrema", "60", "Extrema")]
    text = (project / "riesgos/2019.yaml").read_text(encoding="utf-8")
    assert "descripcion: Revisión de pliegos por el comité\n" in text  # «1. … 2. …» in a cell
    assert "descripcion: Publicación en el SECOP\n" in text


def test_a_2015_matrix_whose_zone_is_not_its_score_is_refused(runner: CliRunner,
                                                              tmp_path: Path) -> None:
    project = _project(tmp_path)
    result = _import(runner, project, matrix_2015(tmp_path / "mapa.xlsx", zone="Baja"))
    assert result.exit_code == 1
    assert "Mapa 2019!G4: error: riesgo R1: el mapa publicó «Baja» y el método " \
           "corrupcion-2015 da «Alta»" in result.stderr


def test_a_title_without_the_vigencia_asks_for_it(runner: CliRunner, tmp_path: Path) -> None:
    project = _project(tmp_path)
    matrix = matrix_2015(tmp_path / "mapa.xlsx", title="MAPA DE RIESGOS DE CORRUPCIÓN")
    result = _import(runner, project, matrix)
    assert result.exit_code == 1
    assert "el título no dice la vigencia del mapa: indíquela con --vigencia" in result.stderr
    result = _import(runner, project, matrix, "--vigencia", "2018")
    assert result.exit_code == 0, result.stderr
    assert (project / "riesgos/2018.yaml").is_file()


def test_export_writes_the_v5_template_and_import_reads_it_back(runner: CliRunner,
                                                                tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from pac_cli.outputs.risk_matrix import HEADER

    from .test_riskmap import VILLA

    book = tmp_path / "mapa.xlsx"
    result = runner.invoke(app, ["export", str(VILLA / "riesgos/2024.yaml"), "-o", str(book)])
    assert result.exit_code == 0, result.stderr
    sheet = load_workbook(book).active
    assert sheet is not None
    header = [c.value for c in sheet[5]]
    assert tuple(header) == HEADER  # the template's columns, in order
    assert any(str(area).startswith("A6:A7") for area in sheet.merged_cells.ranges)  # R1
    assert sheet["L6"].number_format == "0.0%" and sheet["L6"].value == 0.6
    project = _project(tmp_path)
    result = _import(runner, project, book)
    assert result.exit_code == 0, result.stderr
    again = _risks(runner, project, "2024")
    original = _risks(runner, VILLA, "2024")
    assert [(r["referencia"], r["inherente"], r["residual"], r["controles"])
            for r in again["riesgos"]] == [
        (r["referencia"], r["inherente"], r["residual"], r["controles"])
        for r in original["riesgos"]]


def test_export_of_a_2015_map_says_it_writes_the_v5_template(runner: CliRunner,
                                                             tmp_path: Path) -> None:
    from .test_riskmap import VILLA

    result = runner.invoke(app, ["export", str(VILLA / "riesgos/2019.yaml"), "-o",
                                 str(tmp_path / "m.xlsx")])
    assert result.exit_code == 1
    assert "es del método corrupcion-2015: pac export escribe la plantilla v5" in result.stderr
    assert not (tmp_path / "m.xlsx").exists()
