"""A signed figure never moves: each cutoff is computed with the plan in force on its day.

The repository's own project (the seed acta of 30 April 2024, 33,76 %, and the August
example) with the plan changed in June as the methodology asks: logged in
`control_de_cambios` with its date and what each activity was before («antes»).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from pac_cli import compute_followup, load_followup, load_plan
from pac_cli.cli import app

from .conftest import ROOT

ENTRY = """\
control_de_cambios:
  - fecha: {fecha}
    version: "2"
    cambios: {cambios}
    motivo: Ajuste aprobado por el comité institucional.
    actividades: [{ids}]
    antes: {antes}
"""

REMOVED_32 = ("{'3.2': {actividad: 'Establecer un sistema de incentivos y no monetarios, para "
              "destacar el desempeño de los servidores en relación al servicio prestado al "
              "ciudadano.', meta_producto: Entrega de 1 incentivo al funcionario con mejor "
              "desempeño en atención al ciudadano, meta_anual: 1, indicador: Número de "
              "incentivos, responsable: Secretaría Administrativa – Dirección de Talento Humano, "
              "fecha_programada: Vigencia 2024}}")


def _project(tmp_path: Path, *, august_signed: bool = False) -> Path:
    root = tmp_path / "p"
    root.mkdir()
    for name in ("pac.yaml", "plans", "followups"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy(source, root / name)
    if august_signed:  # the example informe of August, as if it was signed at 65,90 %
        august = root / "followups/2024-08-31.yaml"
        text = august.read_text(encoding="utf-8")
        august.write_text(text.replace("  cargo: Ejemplo para la documentación; no es un "
                                       "documento publicado\n", "  cargo: Ejemplo para la "
                                       "documentación; no es un documento publicado\n  "
                                       "total_firmado: 65.90\n"), encoding="utf-8")
    return root


def _change_plan(root: Path, old: str, new: str, entry: str = "") -> None:
    plan = root / "plans/2024.yaml"
    text = plan.read_text(encoding="utf-8")
    assert old in text
    plan.write_text(text.replace(old, new, 1) + entry, encoding="utf-8")


def _total(runner: CliRunner, root: Path, cutoff: str) -> str:
    result = runner.invoke(app, ["followup", "-C", str(root), "--corte", cutoff, "-f", "json"])
    assert result.exit_code == 0, result.output
    return str(json.loads(result.stdout)["total"]["porcentaje"])


def _validate(runner: CliRunner, root: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["validate", "-C", str(root)])
    return result.exit_code, result.stdout.replace(f"{root}/", "")


META_CHANGE = ENTRY.format(fecha="2024-06-15", cambios="La meta del chat baja a 12.000.",
                           ids='"2.1"', antes="{'2.1': {meta_anual: 15000}}")


def test_a_target_changed_in_june_leaves_aprils_figure_where_it_was_signed(
        tmp_path: Path, runner: CliRunner) -> None:
    root = _project(tmp_path)
    _change_plan(root, "meta_anual: 15000", "meta_anual: 12000", META_CHANGE)
    code, out = _validate(runner, root)
    assert code == 0, out
    assert _total(runner, root, "2024-04-30") == "33.76"
    # August (after the change) is computed with the new target: 14.620 / 12.000 → 100 %
    assert _total(runner, root, "2024-08-31") == "66.10"
    # the Python API says the same
    plan = load_plan(root / "plans/2024.yaml")
    april = load_followup(root / "followups/2024-04-30.yaml")
    assert compute_followup(plan, april).total == Decimal("33.76")
    # and so does every document of April: the informe in each format, the acta
    folder = tmp_path / "out"
    folder.mkdir()
    for document, fmt in (("informe", "md"), ("informe", "html"), ("informe", "xlsx"),
                          ("acta", "md"), ("acta", "docx")):
        target = folder / f"{document}.{fmt}"
        result = runner.invoke(app, ["render", document, "-C", str(root), "--corte",
                                     "2024-04-30", "-f", fmt, "-o", str(target)])
        assert result.exit_code == 0, result.output
        if fmt in {"md", "html"}:
            text = target.read_text(encoding="utf-8")
            assert "33,76\u00a0%" in text and "35,27" not in text, (document, fmt)
            assert "15.000" in text and "12.000" not in text, (document, fmt)
    cells = [c for ws in load_workbook(folder / "informe.xlsx").worksheets
             for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert any("33,76" in str(c) or c == Decimal("33.76") or c == 33.76 for c in cells)


def test_the_site_and_its_open_data_keep_aprils_figure(tmp_path: Path,
                                                       runner: CliRunner) -> None:
    root = _project(tmp_path)
    _change_plan(root, "meta_anual: 15000", "meta_anual: 12000", META_CHANGE)
    site = tmp_path / "sitio"
    result = runner.invoke(app, ["site", "-C", str(root), "-o", str(site), "--hoy",
                                 "2025-03-01"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(
        (site / "datos/seguimiento-2024-04-30-paac.csv").read_text(encoding="utf-8"))))
    chat = next(r for r in rows if r["actividad"] == "2.1")
    assert chat["meta_anual"] == "15000" and chat["porcentaje"] == "78.94"
    assert {r["total_plan"] for r in rows} == {"33.76"}
    page = (site / "seguimientos/2024-04-30-paac.html").read_text(encoding="utf-8")
    assert "33,76" in page and "35,27" not in page
    rows = list(csv.DictReader(io.StringIO(
        (site / "datos/seguimiento-2024-08-31-paac.csv").read_text(encoding="utf-8"))))
    assert {r["total_plan"] for r in rows} == {"66.10"}


def test_without_its_antes_the_change_is_caught_by_the_signed_figure(
        tmp_path: Path, runner: CliRunner) -> None:
    root = _project(tmp_path)
    # changed without a word: the acta's recorded total no longer comes out
    _change_plan(root, "meta_anual: 15000", "meta_anual: 12000")
    code, out = _validate(runner, root)
    assert code == 1
    assert ("followups/2024-04-30.yaml:80:18: error: el acta se firmó con un total de "
            "33,76\u00a0%, y con el plan que regía el 2024-04-30 el total es 35,27\u00a0%: una "
            "cifra firmada no se mueve") in out
    # nothing is computed from what validate refuses
    result = runner.invoke(app, ["followup", "-C", str(root), "--corte", "2024-04-30"])
    assert result.exit_code == 1 and "35,27" not in result.stdout
    # logged without «antes»: a warning on the entry, and still the signed figure's error
    _change_plan(root, "meta_anual: 12000", "meta_anual: 12000",
                 META_CHANGE.replace("    antes: {'2.1': {meta_anual: 15000}}\n", ""))
    code, out = _validate(runner, root)
    assert code == 1 and "35,27" in out
    assert "advertencia: la entrada no dice en «antes» cómo era la actividad 2.1" in out


def test_a_change_dated_before_a_signed_cutoff_is_an_error_there(
        tmp_path: Path, runner: CliRunner) -> None:
    root = _project(tmp_path, august_signed=True)
    _change_plan(root, "meta_anual: 15000", "meta_anual: 12000", META_CHANGE)
    code, out = _validate(runner, root)
    assert code == 1
    assert ("followups/2024-08-31.yaml:17:18: error: el informe se firmó con un total de "
            "65,90\u00a0%, y con el plan que regía el 2024-08-31 el total es 66,10\u00a0%") in out
    assert "2024-04-30.yaml" not in out.replace("2024-04-30.yaml:144:21: advertencia", "")


ADDED_24 = """\
          - id: "2.4"
            actividad: Encuesta de satisfacción del chat.
            meta_anual: 2
            indicador: Número de encuestas aplicadas.
"""


@pytest.mark.parametrize("day", ["2024-06-15", "2024-09-15"])
def test_an_activity_added_later_is_not_expected_before(tmp_path: Path, runner: CliRunner,
                                                        day: str) -> None:
    root = _project(tmp_path, august_signed=True)
    anchor = "            fecha_programada: Vigencia 2024\n      - numero: 3\n"
    entry = ENTRY.format(fecha=day, cambios="Se agrega la encuesta del chat.", ids='"2.4"',
                         antes="{'2.4': null}")
    _change_plan(root, anchor, anchor.replace("      - numero: 3\n", ADDED_24 +
                                              "      - numero: 3\n"), entry)
    code, out = _validate(runner, root)
    # April and August validate unchanged: before the change the activity was not there;
    # after it, the August informe signed without it is not forced to change
    assert code == 0, out
    assert "2024-04-30.yaml" not in out.replace("2024-04-30.yaml:144:21: advertencia", "")
    assert _total(runner, root, "2024-04-30") == "33.76"
    assert _total(runner, root, "2024-08-31") == "65.90"  # its signed figure, without 2.4
    if day == "2024-06-15":  # in force on 31 August, unreported: said, not silent
        assert ("followups/2024-08-31.yaml:18:1: advertencia: el seguimiento no reporta la "
                "actividad 2.4 del componente 4, que agregó un cambio del plan "
                "(control_de_cambios): su cifra se calcula sin ella") in out
    else:
        assert "2.4" not in out
    # reported, it counts: 2.4 at 1/2 = 50 % among 14 activities
    august = root / "followups/2024-08-31.yaml"
    text = august.read_text(encoding="utf-8").replace("  total_firmado: 65.90\n", "")
    august.write_text(text.replace('  - actividad: "3.1"', '  - actividad: "2.4"\n    logro: 1\n'
                                   '  - actividad: "3.1"'), encoding="utf-8")
    code, out = _validate(runner, root)
    if day == "2024-06-15":
        assert code == 0, out
        assert _total(runner, root, "2024-08-31") == "64.76"
    else:  # not in the plan yet on 31 August
        assert code == 1 and "la actividad 2.4 no existe en el componente 4" in out


def test_an_activity_removed_later_stays_in_earlier_cutoffs(tmp_path: Path,
                                                            runner: CliRunner) -> None:
    root = _project(tmp_path)
    plan = (root / "plans/2024.yaml").read_text(encoding="utf-8")
    start = plan.index('          - id: "3.2"')
    end = plan.index("      - numero: 4")
    entry = ENTRY.format(fecha="2024-06-15", cambios="Se retira el incentivo.", ids='"3.2"',
                         antes=REMOVED_32)
    _change_plan(root, plan[start:end], "", entry)
    # August reports it still: the plan of 31 August no longer has it
    code, out = _validate(runner, root)
    assert code == 1
    assert "la actividad 3.2 no existe en el componente 4 del plan plans/2024.yaml" in out
    august = root / "followups/2024-08-31.yaml"
    text = august.read_text(encoding="utf-8")
    at = text.index('  - actividad: "3.2"')
    august.write_text(text[:at] + text[text.index('  - actividad: "4.1"'):], encoding="utf-8")
    code, out = _validate(runner, root)
    assert code == 0, out
    assert _total(runner, root, "2024-04-30") == "33.76"
    md = tmp_path / "acta.md"
    result = runner.invoke(app, ["render", "acta", "-C", str(root), "--corte", "2024-04-30",
                                 "-f", "md", "-o", str(md)])
    assert result.exit_code == 0, result.output
    assert "Establecer un sistema de incentivos" in md.read_text(encoding="utf-8")


@pytest.mark.parametrize(("antes", "message"), [
    ("{'2.1': {meta_anual: 15000}, '2.9': null}",
     "«antes» dice que este cambio agregó la actividad 2.9, pero el plan no la tiene"),
    ("{'2.7': {meta_anual: 3}}", "la actividad 2.7 no está en el plan: si este cambio la "
                                 "eliminó, «antes» debe traerla entera"),
    ("{'2.1': {meta_anual: 15000}, '2.2': {meta_anual: 50}}",
     "«antes» dice cómo era la actividad 2.2, que esta entrada no nombra en «actividades»"),
    ("{'2.1': {meta_anual: 15000, metas: {2024: 3}}}",
     "la actividad 2.1 como era antes del cambio no es válida"),
])
def test_validate_checks_that_the_log_fits_the_plan(tmp_path: Path, runner: CliRunner,
                                                    antes: str, message: str) -> None:
    root = _project(tmp_path)
    _change_plan(root, "meta_anual: 15000", "meta_anual: 12000",
                 META_CHANGE.replace("{'2.1': {meta_anual: 15000}}", antes))
    code, out = _validate(runner, root)
    assert code == 1
    line = next(x for x in out.splitlines() if message in x)
    assert line.startswith("plans/2024.yaml:") and ": error: " in line


def test_the_api_refuses_mismatched_input_with_pac_errors(tmp_path: Path) -> None:
    from pac_cli import InvalidDataError, PacError
    from pac_cli.models.followup import FollowUp

    plan = load_plan(ROOT / "plans/2024.yaml")
    april = load_followup(ROOT / "followups/2024-04-30.yaml")
    august = load_followup(ROOT / "followups/2024-08-31.yaml")
    data = april.model_dump(by_alias=True, exclude_none=True)
    half = FollowUp.model_validate({**data, "avances": data["avances"][:5]})
    other = FollowUp.model_validate({**data, "avances": [*data["avances"],
                                                         {"actividad": "9.9", "logro": 1}]})
    cases = [([], "no hay seguimientos que calcular"),
             ([april, august], "los seguimientos son de cortes distintos (2024-04-30, "
                               "2024-08-31)"),
             ([half], "el seguimiento no reporta la actividad 3.1 del componente 4"),
             ([other], "reporta la actividad 9.9 del componente 4, que el plan no tiene")]
    for followups, message in cases:
        with pytest.raises(PacError) as caught:
            compute_followup(plan, followups)
        assert isinstance(caught.value, InvalidDataError)
        assert message in str(caught.value)
        assert str(caught.value).count("error:") == 1  # it reads once


@pytest.mark.parametrize(("load", "path", "kind"), [
    ("load_plan", "followups/2024-04-30.yaml", "InvalidDataError"),
    ("load_followup", "plans/2024.yaml", "InvalidDataError"),
    ("load_project", "plans", "ReadError"),
    ("load_plan", "no-existe.yaml", "ReadError"),
])
def test_every_loader_refuses_the_wrong_file_with_a_pac_error(load: str, path: str,
                                                              kind: str) -> None:
    """The README tells analysts to catch PacError: each public loader raises nothing else,
    and each line of its message says «error:» once."""
    import pac_cli

    with pytest.raises(pac_cli.PacError) as caught:
        getattr(pac_cli, load)(ROOT / path)
    assert type(caught.value).__name__ == kind
    assert all(line.count("error:") == 1 for line in str(caught.value).splitlines())
