"""`pac import` and `pac export`: matrices like the ones entities keep, read into plans and
follow-ups, and written back."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from pac_cli import load_followup, load_plan
from pac_cli.cli import app
from pac_cli.commands.matrix_reading import parse_number
from pac_cli.models.plan import Plan, iter_activities

from .conftest import ROOT
from .test_render import ACTA_ROWS

EXAMPLE = ROOT / "examples" / "villa-ejemplo"
PEREIRA = ROOT / "examples" / "pereira"
PLANS = sorted([*ROOT.glob("plans/*.yaml"), *ROOT.glob("examples/*/plans/*.yaml")])
HEADER = ["Subcomponente", "Actividades", "Meta o Producto", "Meta Anual", "Indicador",
          "Responsable", "Fecha Programada"]


def _workbook(path: Path, titles: list[str], header: list[str], rows: list[list[Any]],
              merges: tuple[str, ...] | list[str] = ()) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for title in titles:
        ws.append([title])
    ws.append([])
    ws.append(header)
    for row in rows:
        ws.append(row)
    for area in merges:
        ws.merge_cells(area)
    wb.save(path)
    return path


def _seed_style_rows(plan: Plan) -> tuple[list[list[Any]], list[str]]:
    """The rows of a plan as the seeds' matrices write them: the number at the start of the
    activity, the subcomponent once over its rows (merged), big targets as «12.000»."""
    rows: list[list[Any]] = []
    merges = []
    first = 5  # two title rows, a blank row and the header come first
    for sub in plan.components[0].subcomponents:
        start = first + len(rows)
        for _, activity in iter_activities(plan.components[0]):
            if activity.id.split(".")[0] != str(sub.number):
                continue
            target = activity.annual_target
            rows.append([sub.name if len(rows) + first == start else None,
                         f"{activity.id} {activity.description}", activity.product,
                         f"{int(target):,}".replace(",", ".") if target and target >= 1000
                         else (int(target) if target is not None else None),
                         activity.indicator, "; ".join(activity.responsible),
                         activity.scheduled])
        if first + len(rows) - 1 > start:
            merges.append(f"A{start}:A{first + len(rows) - 1}")
    return rows, merges


def _import(runner: CliRunner, *args: str) -> Any:
    return runner.invoke(app, ["import", *args])


# --- numbers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [("12.000", "12000"), ("1.500.000", "1500000"), ("1,5", "1.5"), ("15.000,25", "15000.25"),
     ("52", "52"), ("33.33", "33.33"), (" 7 ", "7")],
)
def test_colombian_numbers(text: str, value: str) -> None:
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "reason"),
    [("12,000", "«12,000» es ambiguo"), ("quince mil", "«quincemil» no es un número"),
     ("1.2345", "no es un número"),
     ("9" * 5000, "es demasiado grande: una cifra de un plan va hasta 1.000.000.000.000 (se "
                  "encontró un número de 5000 cifras)"),
     ("1" * 4000 + ",5", "un número de 4000 cifras"), ("1.000.000.000.001", "demasiado grande")],
)
def test_what_is_not_a_number_says_so(text: str, reason: str) -> None:
    result = parse_number(text)
    assert isinstance(result, str) and reason in result


# --- plans from matrices ---------------------------------------------------------------------


def test_a_seed_like_matrix_of_2023_imports_as_the_2023_plan(tmp_path: Path,
                                                             runner: CliRunner) -> None:
    plan = load_plan(ROOT / "plans/2023.yaml")
    rows, merges = _seed_style_rows(plan)
    matrix = _workbook(tmp_path / "plan-2023.xlsx",
                       ["ALCALDÍA MUNICIPAL DE IBAGUÉ", plan.title or ""], HEADER, rows, merges)
    out = tmp_path / "2023.yaml"
    result = _import(runner, str(matrix), "-o", str(out), "--componente", "4")
    assert result.exit_code == 0, result.stderr
    imported = load_plan(out)
    assert imported.year == 2023 and imported.components == plan.components
    diff = runner.invoke(app, ["diff", str(ROOT / "plans/2023.yaml"), str(out)])
    assert diff.exit_code == 0
    assert diff.stdout.splitlines()[1:] == [
        "  sin cambios: ninguna actividad cambió", ""]


def _office_matrix(path: Path, plan: Plan, titles: list[str], *, sheet: str = "Hoja1",
                   subheader: bool = False) -> Path:
    """The matrix an office keeps: a title block merged across the table, «Actividades»
    merged over a number column and a text column (optionally over a second header row
    «N°» | «Descripción»), the subcomponent merged down its rows."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    width = "H"
    for title in titles:
        ws.append([title])
        ws.merge_cells(f"A{ws.max_row}:{width}{ws.max_row}")
    ws.append(["Subcomponente", "Actividades", None, "Meta o Producto", "Meta Anual",
               "Indicador", "Responsable", "Fecha Programada"])
    header = ws.max_row
    ws.merge_cells(f"B{header}:C{header}")
    if subheader:
        ws.append([None, "N°", "Descripción"])
    for sub in plan.components[0].subcomponents:
        start = ws.max_row + 1
        for activity in sub.activities:
            target = activity.annual_target
            ws.append([sub.name, activity.id, activity.description, activity.product,
                       int(target) if target is not None else None, activity.indicator,
                       "; ".join(activity.responsible), activity.scheduled])
        if ws.max_row > start:
            ws.merge_cells(f"A{start}:A{ws.max_row}")
    wb.save(path)
    return path


@pytest.mark.parametrize(("titles", "sheet", "subheader"), [
    (["ALCALDÍA MUNICIPAL DE IBAGUÉ", "Plan Anticorrupción y de Atención al Ciudadano 2023",
      "COMPONENTE 4: MECANISMOS PARA MEJORAR LA ATENCIÓN AL CIUDADANO"], "Hoja1", False),
    (["Plan Anticorrupción y de Atención al Ciudadano 2023",
      "CUARTO COMPONENTE: MECANISMOS PARA MEJORAR LA ATENCIÓN AL CIUDADANO"], "Hoja1", True),
    (["Plan Anticorrupción y de Atención al Ciudadano 2023"], "Componente 4", False),
], ids=["componente-4", "cuarto-componente", "hoja"])
def test_an_offices_own_matrix_imports_as_the_2023_plan(tmp_path: Path, runner: CliRunner,
                                                        titles: list[str], sheet: str,
                                                        subheader: bool) -> None:
    """The held-out shape of issue 18: nothing but the matrix, no --componente."""
    plan = load_plan(ROOT / "plans/2023.yaml")
    matrix = _office_matrix(tmp_path / "matriz.xlsx", plan, titles, sheet=sheet,
                            subheader=subheader)
    out = tmp_path / "2023.yaml"
    result = _import(runner, str(matrix), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [f"escrito {out}"]
    imported = load_plan(out)
    assert (imported.year, imported.title, imported.components) == \
        (2023, plan.title, plan.components)
    diff = runner.invoke(app, ["diff", str(ROOT / "plans/2023.yaml"), str(out)])
    assert diff.stdout.splitlines()[1:] == ["  sin cambios: ninguna actividad cambió", ""]


def test_a_title_that_says_another_component_than_the_option(tmp_path: Path,
                                                            runner: CliRunner) -> None:
    plan = load_plan(ROOT / "plans/2023.yaml")
    matrix = _office_matrix(tmp_path / "m.xlsx", plan, ["Plan 2023", "Componente 4"])
    result = _import(runner, str(matrix), "-o", str(tmp_path / "p.yaml"), "--componente", "3")
    assert result.exit_code == 0, result.stderr
    assert "el título dice componente 4 y se usa --componente 3" in result.stderr
    assert load_plan(tmp_path / "p.yaml").components[0].number == 3


def test_warnings_and_errors_point_at_their_cells(tmp_path: Path, runner: CliRunner) -> None:
    rows: list[list[Any]] = [
        ["Canales", "1.1 Chat del sitio web", "Atención virtual", "12.000", "Ciudadanos",
         "Atención al Ciudadano", "Vigencia 2025", "5 millones"],
        [None, None, None, None, None, None, None, None],
        [None, "2 Ferias", None, 3, "Ferias", "Atención al Ciudadano", "Vigencia 2025", None],
        ["Nota: las metas se revisan en junio", None, None, None, None, None, None, None],
    ]
    matrix = _workbook(tmp_path / "m.xlsx", ["Plan 2025"], [*HEADER, "Presupuesto"], rows)
    out = tmp_path / "plan.yaml"
    refused = _import(runner, str(matrix), "-o", str(out), "--componente", "4")
    assert refused.exit_code == 1 and not out.exists()
    assert refused.stderr.replace(f"{tmp_path}/", "") == (
        "m.xlsx:Sheet!H3: error: la columna H («Presupuesto») no es un campo de pac y tiene "
        "datos en 1 fila, que no se importarían: para seguir sin ella, repita con --ignorar H\n")
    typo = _import(runner, str(matrix), "-o", str(out), "--componente", "4", "--ignorar", "I")
    assert typo.exit_code == 1 and "--ignorar I: no hay una columna así" in typo.stderr
    result = _import(runner, str(matrix), "-o", str(out), "--componente", "4",
                     "--ignorar", "presupuesto")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.replace(f"{tmp_path}/", "").splitlines() == [
        "m.xlsx:Sheet!H3: advertencia: columna H («Presupuesto») ignorada, como se pidió: sus "
        "datos en 1 fila no se importan",
        "m.xlsx:Sheet!A5: advertencia: fila vacía dentro de la tabla",
        "m.xlsx:Sheet!A7: advertencia: fila con texto pero sin actividad («Nota: las metas se "
        "revisan en junio»): no se importa",
        "m.xlsx:Sheet!B6: advertencia: 1 actividad de «Canales» sin número (o solo con su "
        "orden): se numeraron 1.2",
        "escrito plan.yaml",
    ]
    plan = load_plan(out)
    chat, fairs = (a for _, a in iter_activities(plan.components[0]))
    assert (chat.id, chat.annual_target, fairs.id) == ("1.1", Decimal(12000), "1.2")
    assert plan.year == 2025


@pytest.mark.parametrize(
    ("target", "message"),
    [("quince mil", "m.xlsx:Sheet!D4: error: meta anual: «quincemil» no es un número"),
     ("12,000", "m.xlsx:Sheet!D4: error: meta anual: «12,000» es ambiguo"),
     ("=4*3", "m.xlsx:Sheet!D4: error: meta anual: es una fórmula (=4*3) sin valor guardado"),
     # a text cell of 5,000 digits (a number, to Python's int, past its 4,300 digits)
     ("9" * 5000, "m.xlsx:Sheet!D4: error: meta anual: es demasiado grande")],
)
def test_a_target_that_is_not_a_number_stops_the_import(tmp_path: Path, runner: CliRunner,
                                                        target: str, message: str) -> None:
    rows = [["Canales", "1.1 Chat", None, target, "Ciudadanos", "Atención", "Vigencia 2025"]]
    matrix = _workbook(tmp_path / "m.xlsx", ["Plan 2025"], HEADER, rows)
    out = tmp_path / "plan.yaml"
    result = _import(runner, str(matrix), "-o", str(out), "--componente", "4")
    assert result.exit_code == 1
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert not out.exists()


@pytest.mark.parametrize(("encoding", "delimiter"),
                         [("cp1252", ";"), ("utf-8-sig", ";"), ("utf-8", ",")])
def test_csv_as_excel_saves_it(tmp_path: Path, runner: CliRunner, encoding: str,
                               delimiter: str) -> None:
    text = ("PLAN DE ATENCIÓN 2025\n\nSubcomponente;Actividades;Meta anual;Responsable\n"
            "Atención;Atender por el chat;12.000;Dirección de Atención\n"
            ';"Informes de satisfacción\r\ncuatrimestrales";3;Dirección de Atención\n')
    source = tmp_path / "plan.csv"
    source.write_bytes(text.replace(";", delimiter).encode(encoding))
    out = tmp_path / "plan.yaml"
    result = _import(runner, str(source), "-o", str(out), "--componente", "4")
    assert result.exit_code == 0, result.stderr
    plan = load_plan(out)
    first, second = (a for _, a in iter_activities(plan.components[0]))
    assert first.annual_target == Decimal(12000)
    assert second.description == "Informes de satisfacción\ncuatrimestrales"
    assert plan.components[0].subcomponents[0].name == "Atención"


def test_a_csv_neither_utf8_nor_windows_1252_is_refused_at_its_line(tmp_path: Path,
                                                                     runner: CliRunner) -> None:
    """0x81 is no character in Windows-1252: never imported as «�» without a word."""
    source = tmp_path / "plan.csv"
    source.write_bytes(b"Subcomponente;Actividades;Meta anual\nAtenci\xf3n;Feria\x81;3\n")
    out = tmp_path / "plan.yaml"
    result = _import(runner, str(source), "-o", str(out), "--componente", "4")
    assert result.exit_code == 2 and not out.exists()
    assert result.stderr == (f"{source}:2: error: no es texto UTF-8 ni Windows-1252 (el byte 0x81 "
                             "no es un carácter en ninguno): guárdelo como «CSV UTF-8» desde "
                             "Excel o LibreOffice\n")


def test_the_pereira_matrix_imports_as_the_pereira_example(tmp_path: Path,
                                                          runner: CliRunner) -> None:
    """The seed's own table (its tab-separated lines, kept in tests/data), put in a workbook
    as the office keeps it."""
    lines = [line.split("\t") for line in
             (ROOT / "tests/data/pereira-2020.tsv").read_text(encoding="utf-8").splitlines()
             if not line.startswith("#")]
    header, *rows = lines
    matrix = _workbook(tmp_path / "pereira.xlsx",
                       ["PLAN DE ATENCION AL CIUDADANO. CONTRALORIA MUNICIPAL DE PEREIRA"],
                       header, [[c.strip() or None for c in row] for row in rows])
    out = tmp_path / "2020.yaml"
    result = _import(runner, str(matrix), "-o", str(out), "--componente", "4", "--vigencia",
                     "2020")
    assert result.exit_code == 0, result.stderr
    example = load_plan(PEREIRA / "plans/2020.yaml")
    assert load_plan(out).components == example.components
    diff = runner.invoke(app, ["diff", str(PEREIRA / "plans/2020.yaml"), str(out)])
    # no activity added, removed or changed; the title is the one the matrix writes
    assert "sin cambios: ninguna actividad cambió" in diff.stdout


def test_a_matrix_of_several_components_in_title_rows(tmp_path: Path,
                                                     runner: CliRunner) -> None:
    plan = load_plan(EXAMPLE / "plans/2024.yaml")
    rows: list[list[Any]] = []
    merges = []
    for component in plan.components:
        rows.append([f"{component.number}. {component.name}"] + [None] * 6)
        merges.append(f"A{5 + len(rows) - 1}:G{5 + len(rows) - 1}")
        for sub in component.subcomponents:
            for activity in sub.activities:
                rows.append([f"{sub.number}. {sub.name}", f"{activity.id} "
                             f"{activity.description}", activity.product,
                             activity.annual_target, activity.indicator,
                             "; ".join(activity.responsible), activity.scheduled])
    matrix = _workbook(tmp_path / "paac.xlsx", [plan.title or "", "Vigencia 2024"], HEADER,
                       rows, merges)
    out = tmp_path / "2024.yaml"
    result = _import(runner, str(matrix), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert load_plan(out).components == plan.components


@pytest.mark.parametrize("kind", ["xlsx", "csv", "ods"])
@pytest.mark.parametrize("path", PLANS, ids=[f"{p.parent.parent.name}-{p.stem}" for p in PLANS])
def test_export_then_import_gives_back_the_plan(tmp_path: Path, runner: CliRunner, kind: str,
                                                path: Path) -> None:
    project = path.parent.parent
    matrix = tmp_path / f"plan.{kind}"
    exported = runner.invoke(app, ["export", str(path), "-o", str(matrix), "-C", str(project)])
    assert exported.exit_code == 0, exported.stderr
    out = tmp_path / "plan.yaml"
    result = _import(runner, str(matrix), "-o", str(out), "-C", str(project))
    assert result.exit_code == 0, result.stderr
    original, back = load_plan(path), load_plan(out)
    assert (back.year, back.title, back.frame, back.components) == \
        (original.year, original.title, original.frame, original.components)


def test_exports_are_reproducible(tmp_path: Path, runner: CliRunner) -> None:
    for kind in ("xlsx", "csv", "ods"):
        first, second = tmp_path / f"a.{kind}", tmp_path / f"b.{kind}"
        for target in (first, second):
            assert runner.invoke(app, ["export", str(ROOT / "plans/2024.yaml"), "-o",
                                       str(target)]).exit_code == 0
        assert first.read_bytes() == second.read_bytes(), kind


def test_export_refuses_a_format_its_name_contradicts(tmp_path: Path,
                                                      runner: CliRunner) -> None:
    result = runner.invoke(app, ["export", str(ROOT / "plans/2024.yaml"), "-o",
                                 str(tmp_path / "x.csv"), "-f", "xlsx"])
    assert result.exit_code == 2
    assert "dice .csv y --format dice xlsx" in result.stderr
    assert not (tmp_path / "x.csv").exists()


def test_import_never_overwrites(tmp_path: Path, runner: CliRunner) -> None:
    matrix = tmp_path / "plan.xlsx"
    runner.invoke(app, ["export", str(ROOT / "plans/2024.yaml"), "-o", str(matrix)])
    out = tmp_path / "2024.yaml"
    out.write_text("mío\n", encoding="utf-8")
    result = _import(runner, str(matrix), "-o", str(out))
    assert result.exit_code == 1 and "ya existe" in result.stderr
    assert out.read_text(encoding="utf-8") == "mío\n"


# --- follow-ups from matrices ------------------------------------------------------------------


def test_the_actas_table_imports_as_its_followup(tmp_path: Path, runner: CliRunner) -> None:
    """The seed acta's evaluation table, numbered as the acta numbers it and with its cells
    written as the acta writes them («11.842/ 15.000= 78,94%»)."""
    seed = load_followup(ROOT / "followups/2024-04-30.yaml")
    notes = {p.activity_id: p.observations for p in seed.sections()[0].progress}
    rows = []
    for sub, activity, target, progress in ACTA_ROWS:
        number, _, text = activity.partition(" ")
        acta_number = number.split(".")[1]  # the acta restarts its numbering
        ratio = progress.replace(" = ", "= ").replace("/", "/ ").replace(" %", "%")
        rows.append([sub, f"{acta_number} {text}", None, target, None, ratio, notes[number]])
    rows[1][5] = "1/ 3= 33,34%"  # a slip in the written figure
    rows.append(["TOTAL", None, None, None, None, "33,76%", None])
    project = tmp_path / "p"
    project.mkdir()
    shutil.copy(ROOT / "pac.yaml", project)
    shutil.copytree(ROOT / "plans", project / "plans")
    matrix = _workbook(tmp_path / "acta.xlsx", ["ACTA N° 2024-036"],
                       ["Subcomponente", "Actividades", "Meta o Producto", "Meta Anual",
                        "Indicador", "% Avance", "Observaciones"], rows)
    result = _import(runner, "--followup", str(matrix), "--corte", "2024-04-30", "-C",
                     str(project))
    assert result.exit_code == 0, result.stderr
    assert "acta.xlsx:Sheet!F5: advertencia: la matriz dice 33,34 % y 1/3 da 33,33 %" in \
        result.stderr
    assert "la matriz la numera 1; en el plan es la 2.1 (se usa la del plan)" in result.stderr
    assert f"acta.xlsx:Sheet!A{len(rows) + 3}: advertencia: fila de total («TOTAL 33,76%»): no " \
        "se importa; pac calcula el total de las filas (pac followup)" in result.stderr
    data = json.loads(runner.invoke(app, ["followup", "-C", str(project), "--corte",
                                          "2024-04-30", "-f", "json"]).stdout)
    assert data["total"]["porcentaje"] == "33.76"
    imported = load_followup(project / "followups/2024-04-30.yaml")
    assert [(p.activity_id, p.achieved) for p in imported.sections()[0].progress] == \
        [(p.activity_id, p.achieved) for p in seed.sections()[0].progress]


def test_a_followup_of_six_components_round_trips(tmp_path: Path, runner: CliRunner) -> None:
    project = tmp_path / "v"
    shutil.copytree(EXAMPLE, project)
    matrix = tmp_path / "seguimiento.ods"
    assert runner.invoke(app, ["export", "--corte", "2024-12-31", "-C", str(project), "-o",
                               str(matrix)]).exit_code == 0
    (project / "followups/2024-12-31.yaml").unlink()
    result = _import(runner, "--followup", str(matrix), "--corte", "2024-12-31", "-C",
                     str(project))
    assert result.exit_code == 0, result.stderr
    data = json.loads(runner.invoke(app, ["followup", "-C", str(project), "--corte",
                                          "2024-12-31", "-f", "json"]).stdout)
    assert data["total"]["porcentaje"] == "73.42"
    qualitative = load_followup(project / "followups/2024-12-31.yaml").sections()[5].progress[0]
    assert qualitative.percentage == Decimal(70) and qualitative.justification


def test_an_ods_with_merged_cells(tmp_path: Path, runner: CliRunner) -> None:
    """LibreOffice's own format: a subcomponent spanning two rows, covered cells below it."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Hoja1")

    def row(*cells: Any) -> None:
        element = TableRow()
        for cell in cells:
            element.addElement(cell)
        table.addElement(element)

    def text(value: str, **span: str) -> Any:
        cell = TableCell(valuetype="string", **span)
        cell.addElement(P(text=value))
        return cell

    row(text("Plan de atención 2025"))
    row(text("Subcomponente"), text("Actividades"), text("Meta anual"))
    row(text("Canales", numberrowsspanned="2"), text("1.1 Chat"),
        TableCell(valuetype="float", value="12000"))
    row(CoveredTableCell(), text("1.2 Ferias"), TableCell(valuetype="float", value="3"))
    document.spreadsheet.addElement(table)
    source = tmp_path / "plan.ods"
    document.save(str(source))
    out = tmp_path / "plan.yaml"
    result = _import(runner, str(source), "-o", str(out), "--componente", "4", "--vigencia",
                     "2025")
    assert result.exit_code == 0, result.stderr
    (sub,) = load_plan(out).components[0].subcomponents
    assert (sub.name, [(a.id, a.annual_target) for a in sub.activities]) == \
        ("Canales", [("1.1", Decimal(12000)), ("1.2", Decimal(3))])


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [("falta.xlsx", None, "falta.xlsx: error: no existe"),
     ("roto.xlsx", b"PK\x03\x04 no es un zip", "roto.xlsx: error: no es un libro de Excel"),
     ("roto.ods", b"nada", "roto.ods: error: no es una hoja de cálculo .ods válida"),
     ("plan.txt", b"hola", "plan.txt: error: no es una hoja de cálculo que pac lea"),
     ("nulos.csv", b"a;b\x00c", "nulos.csv: error: no es un archivo de texto"),
     ("vacio.csv", b"", "vacio.csv:vacio!A1: error: no se encontró la fila de encabezados")],
)
def test_a_file_that_is_not_a_matrix_is_one_line(tmp_path: Path, runner: CliRunner, name: str,
                                                 content: bytes | None, message: str) -> None:
    source = tmp_path / name
    if content is not None:
        source.write_bytes(content)
    result = _import(runner, str(source), "-o", str(tmp_path / "x.yaml"))
    assert result.exit_code in {1, 2}
    assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
    assert not (tmp_path / "x.yaml").exists()


def test_a_csv_of_that_matrix_keeps_number_and_text(tmp_path: Path, runner: CliRunner) -> None:
    """Saved as CSV the merge is gone: «Actividades» and a blank header over the text."""
    lines = ["Plan Anticorrupción 2023;;;", "Componente 4: Atención al ciudadano;;;",
             "Subcomponente;Actividades;;Meta Anual;Notas internas",
             "Canales;1.1;Chat del sitio web;12.000;",
             ";1.2;Ferias de servicio;3;revisar"]
    matrix = tmp_path / "m.csv"
    matrix.write_text("\n".join(lines) + "\n", encoding="utf-8")
    refused = _import(runner, str(matrix), "-o", str(tmp_path / "p.yaml"))
    assert refused.exit_code == 1
    assert "la columna E («Notas internas») no es un campo de pac" in refused.stderr
    result = _import(runner, str(matrix), "-o", str(tmp_path / "p.yaml"), "--ignorar", "E")
    assert result.exit_code == 0, result.stderr
    plan = load_plan(tmp_path / "p.yaml")
    assert [(a.id, a.description) for _, a in iter_activities(plan.components[0])] == \
        [("1.1", "Chat del sitio web"), ("1.2", "Ferias de servicio")]
    assert plan.components[0].number == 4


def _tracking_matrix(path: Path, percents: dict[str, Any] | None = None) -> Path:
    """An office's own tracking matrix of the seed's April cutoff: «N° | Actividad |
    Responsable | Meta | Logro | % Avance | Observaciones», «% Avance» a formula Excel
    stored with its value and showed as a percentage."""
    seed = load_followup(ROOT / "followups/2024-04-30.yaml")
    plan = load_plan(ROOT / "plans/2024.yaml")
    achieved = {p.activity_id: p.achieved for p in seed.sections()[0].progress}
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["SEGUIMIENTO AL PLAN ANTICORRUPCIÓN – CORTE 30 DE ABRIL DE 2024"])
    ws.append([])
    ws.append(["N°", "Actividad", "Responsable", "Meta", "Logro", "% Avance",
               "Observaciones"])
    for _, activity in iter_activities(plan.components[0]):
        target, done = activity.annual_target, achieved[activity.id]
        assert target is not None and done is not None
        shown = (percents or {}).get(activity.id, float(done / target))
        ws.append([activity.id, activity.description, "; ".join(activity.responsible),
                   int(target), float(done), shown, "Revisado"])
        ws.cell(ws.max_row, 4).number_format = "#,##0"
        ws.cell(ws.max_row, 6).number_format = "0.00%"
    wb.save(path)
    return path


def _project_of_plans(tmp_path: Path) -> Path:
    project = tmp_path / "p"
    project.mkdir()
    shutil.copy(ROOT / "pac.yaml", project)
    shutil.copytree(ROOT / "plans", project / "plans")
    return project


def test_a_tracking_matrix_with_logro_and_meta_imports(tmp_path: Path,
                                                       runner: CliRunner) -> None:
    """«la columna E («Logro») no es un campo de pac», then «escriba el logro como
    logro/meta (se encontró «0.3»)» for every row: now the achievement is read, the target
    and the percentage the sheet shows are checked, and the total is the acta's."""
    project = _project_of_plans(tmp_path)
    matrix = _tracking_matrix(tmp_path / "seguimiento.xlsx")
    result = _import(runner, "--followup", str(matrix), "--corte", "2024-04-30", "-C",
                     str(project))
    assert result.exit_code == 0, result.stderr
    assert "advertencia" not in result.stderr, result.stderr
    data = json.loads(runner.invoke(app, ["followup", "-C", str(project), "--corte",
                                          "2024-04-30", "-f", "json"]).stdout)
    assert data["total"]["porcentaje"] == "33.76"


def test_a_tracking_matrix_percentage_that_disagrees_is_said_as_the_sheet_shows_it(
        tmp_path: Path, runner: CliRunner) -> None:
    project = _project_of_plans(tmp_path)
    matrix = _tracking_matrix(tmp_path / "seguimiento.xlsx", {"2.1": 0.3})
    result = _import(runner, "--followup", str(matrix), "--corte", "2024-04-30", "-C",
                     str(project))
    assert result.exit_code == 0, result.stderr
    assert "seguimiento.xlsx:Sheet!F6: advertencia: la matriz dice 30,00 % y 11.842/15.000 " \
           "da 78,94 %: pac calcula logro/meta" in result.stderr, result.stderr
    assert "0.3" not in result.stderr


def test_a_matrix_titled_with_the_ptep_imports_with_that_frame(tmp_path: Path,
                                                               runner: CliRunner) -> None:
    """«PROGRAMA DE TRANSPARENCIA Y ÉTICA PÚBLICA – VIGENCIA 2026» imported with no marco
    (a PAAC, which ended in 2024)."""
    rows = [["Debida diligencia", "1.1 Revisar los conflictos de interés", None, 4,
             "Revisiones hechas", "Oficina Jurídica", "Vigencia 2026"]]
    matrix = _workbook(tmp_path / "ptep.xlsx", ["ALCALDÍA DE PRUEBA",
                                                "PROGRAMA DE TRANSPARENCIA Y ÉTICA PÚBLICA – "
                                                "VIGENCIA 2026"], HEADER, rows)
    out = tmp_path / "2026.yaml"
    result = _import(runner, str(matrix), "-o", str(out), "--componente", "1")
    assert result.exit_code == 0, result.stderr
    assert "ptep.xlsx:Sheet!A2: advertencia: el título nombra «Programa de Transparencia y " \
           "Ética Pública»: el plan se importa con el marco «ptep» (otro: --marco)" in \
           result.stderr
    plan = load_plan(out)
    assert plan.frame == "ptep" and plan.year == 2026
