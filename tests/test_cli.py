"""The CLI through typer's runner: every command, every format, every exit code."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pac_cli.cli import app, main

from .conftest import FOLLOWUP, ROOT, build_tree

ACTA_CELLS = ["0/1 = 0,00 %", "1/3 = 33,33 %", "11.842/15.000 = 78,94 %", "16/52 = 30,76 %",
              "8/24 = 33,33 %", "1/3 = 33,33 %", "0/1 = 0,00 %", "4/12 = 33,33 %",
              "24/72 = 33,33 %", "2/3 = 66,66 %", "7/24 = 29,16 %", "4/12 = 33,33 %",
              "1/3 = 33,33 %"]


def followup(runner: CliRunner, *args: str, columns: int = 200) -> tuple[int, str, str]:
    result = runner.invoke(app, ["followup", *args], env={"COLUMNS": str(columns)})
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("columns", [200, 100, 80])
def test_followup_table_shows_the_actas_figures(runner: CliRunner, columns: int) -> None:
    code, out, err = followup(runner, "--cutoff", "2024-04-30", "-C", str(ROOT),
                              columns=columns)
    assert code == 0
    for value in ACTA_CELLS:  # below 100 columns, the figure alone: 11.842 and 15.000 beside
        assert (value if columns >= 100 else value.partition(" = ")[2]) in out
    assert all(len(line) <= columns for line in out.splitlines())
    # every heading whole, «Ritmo» too (it was cut to «Rit» at 80)
    headings = next(line for line in out.splitlines() if "┃ N°" in line)
    assert [h.strip() for h in headings.split("┃")[3:-1]] == [
        "Meta anual", "Logro", "% Avance", "Zona", "Ritmo"]
    assert "33,76 %" in out
    assert "438,83 / 13 = 33,76 %" in out
    if columns > 100:
        assert "TOTAL CUMPLIMIENTO AL 30 DE ABRIL DE 2024" in out
    assert "Plazo de publicación: 16 de mayo de 2024." in out
    assert "advertencia: esta evidencia está repetida" in err


def test_followup_markdown(runner: CliRunner) -> None:
    code, out, _ = followup(runner, "--cutoff", "2024-04-30", "-C", str(ROOT), "-f", "markdown")
    assert code == 0
    rows = [line for line in out.splitlines() if line.startswith("| ") and " | 4." in line]
    assert len(rows) == 5
    assert "| **TOTAL CUMPLIMIENTO AL 30 DE ABRIL DE 2024** | | | | **33,76 %** | baja |" in out
    cells = [line.split(" | ")[4] for line in out.splitlines()
             if line.startswith("| ") and line.split(" | ")[1][:1].isdigit()]
    assert cells == ACTA_CELLS


def test_followup_json_and_csv_carry_exact_decimals(runner: CliRunner) -> None:
    code, out, _ = followup(runner, "--cutoff", "2024-04-30", "-C", str(ROOT), "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert data["total"] == {"porcentaje": "33.76", "zona": "baja",
                             "regla": "promedio_componentes", "ponderado": False,
                             "componentes": 1, "actividades": 13}
    (component,) = data["componentes"]
    assert component["total"] == {"porcentaje": "33.76", "zona": "baja",
                                  "suma_mostrada": "438.83", "actividades": 13}
    assert [a["porcentaje"] for a in component["actividades"]][2] == "78.94"
    assert data["plazo_publicacion"] == "2024-05-16"
    code, out, _ = followup(runner, "--cutoff", "2024-04-30", "-C", str(ROOT), "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 13
    assert rows[2]["actividad"] == "2.1"
    assert rows[2]["porcentaje"] == "78.94"
    assert rows[2]["zona"] == "media"
    # the exact ratio to 6 decimals, never Decimal's 28 digits; yes/no as a sheet in Spanish
    assert [r["porcentaje_exacto"] for r in rows[:3]] == ["0", "33.333333", "78.946667"]
    assert {r["limitado_a_100"] for r in rows} == {"no"}
    assert [a["porcentaje_exacto"] for a in component["actividades"][:2]] == ["0", "33.333333"]
    assert component["actividades"][0]["limitado_a_100"] is False


def test_followup_without_that_cutoff(runner: CliRunner) -> None:
    code, _, err = followup(runner, "--cutoff", "2024-12-31", "-C", str(ROOT))
    assert code == 1
    assert err.strip() == "error: no hay un seguimiento con corte 2024-12-31 en followups"


def test_followup_bad_date_is_a_usage_error(runner: CliRunner) -> None:
    code, _, err = followup(runner, "--cutoff", "31/02/2024", "-C", str(ROOT))
    assert code == 2
    assert "«31/02/2024» no es una fecha que exista: escríbala AAAA-MM-DD (2024-04-30) o " \
        "DD/MM/AAAA (30/04/2024)" in err
    code, _, err = followup(runner, "--cutoff", "el lunes", "-C", str(ROOT))
    assert code == 2 and "«el lunes» no es una fecha: escríbala" in err


@pytest.mark.parametrize("written", ["30/04/2024", "30-04-2024", "30.04.2024", "2024-04-30"])
def test_a_cutoff_as_it_is_written_here(runner: CliRunner, written: str) -> None:
    code, out, _ = followup(runner, "--corte", written, "-f", "json", "-C", str(ROOT))
    assert code == 0 and '"corte": "2024-04-30"' in out


def test_followup_refuses_an_invalid_followup(project: Path, runner: CliRunner) -> None:
    build_tree(project, {"followups/2024-04-30.yaml": FOLLOWUP.replace("logro: 2", "logro: x")})
    code, out, err = followup(runner, "--cutoff", "2024-04-30", "-C", str(project))
    assert code == 1
    assert out == ""
    assert "2024-04-30.yaml:8:12: error: " in err
    assert "2024-04-30.yaml:8:12: error: avance de la actividad 1.2, logro: debe ser un " \
        "número" in err
    assert len(err.strip().splitlines()) == 1


def test_followup_of_a_small_project(project: Path, runner: CliRunner) -> None:
    code, out, _ = followup(runner, "--corte", "2024-04-30", "-C", str(project), "-f", "json")
    assert code == 0
    data = json.loads(out)
    # 11842/15000 = 78,94 ; 2/3 = 66,66 ; mean 72,80
    assert data["total"]["porcentaje"] == "72.80"


def test_followup_outside_a_project(in_dir: Path, runner: CliRunner) -> None:
    code, _, err = followup(runner, "--cutoff", "2024-04-30")
    assert code == 1
    assert err.startswith("error: no se encontró pac.yaml en la carpeta actual")


def test_missing_project_folder(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", "-C", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: no se encontró pac.yaml en ")


def test_a_path_meant_inside_the_project_says_so(runner: CliRunner,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Paths are taken from the working directory (as the shell completes them), not from
    -C; a path that is only there in the project's folder gets the hint."""
    monkeypatch.chdir(ROOT)
    for command in (["validate"], ["export", "-o", "-", "-f", "csv"]):
        result = runner.invoke(app, [*command, "-C", "examples/pereira", "plans/2020.yaml"])
        assert result.exit_code == 2
        assert ("plans/2020.yaml:1:1: error: no existe el archivo (las rutas se toman desde la "
                "carpeta actual, no desde --proyecto: ¿quiso decir "
                "examples/pereira/plans/2020.yaml?)") in result.output
    result = runner.invoke(app, ["validate", "-C", "examples/pereira", "plans/1999.yaml"])
    assert "plans/1999.yaml:1:1: error: no existe el archivo\n" in result.stdout


@pytest.mark.parametrize("kind", ["plan", "followup", "seguimiento", "proyecto"])
def test_schema_is_json_schema_2020_12(kind: str, runner: CliRunner) -> None:
    result = runner.invoke(app, ["schema", kind])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(schema)


def test_schema_accepts_the_project_files(runner: CliRunner) -> None:
    from jsonschema import Draft202012Validator

    from pac_cli.disk.yaml_reader import load_file

    for kind, path in [("plan", "plans/2024.yaml"), ("plan", "plans/2019.yaml"),
                       ("seguimiento", "followups/2024-04-30.yaml"), ("proyecto", "pac.yaml")]:
        schema = json.loads(runner.invoke(app, ["schema", kind]).stdout)
        data = json.loads(json.dumps(load_file(ROOT / path).data, default=_jsonable))
        errors = list(Draft202012Validator(schema).iter_errors(data))
        assert errors == [], (path, errors[:1])


def _jsonable(value: object) -> object:
    from decimal import Decimal

    if isinstance(value, Decimal):
        return float(value)
    return str(value)


def test_help_is_in_spanish(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "Valida planes y seguimientos" in result.stdout
    assert "Calcula el % de avance" in result.stdout


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.startswith("pac ")


def _loaded_by(args: list[str], modules: set[str]) -> list[str]:
    """Which of `modules` a fresh process has imported after running `pac ARGS` (exit 0)."""
    import subprocess
    import sys

    code = (f"import sys; from pac_cli.cli import main; sys.argv=['pac', *{args!r}]\n"
            "try:\n    main()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
            f"import json; print(json.dumps(sorted({sorted(modules)!r} & sys.modules.keys())))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    return list(json.loads(out.strip().splitlines()[-1]))


def test_validate_does_not_import_renderers() -> None:
    # the engine loads: the project's actas record the total they were signed with, and
    # validation recomputes it (a signed figure never moves)
    assert _loaded_by(["validate", "-C", str(ROOT)], {
        "jinja2", "openpyxl", "docx", "docxtpl", "babel", "holidays",
        "pac_cli.compute.plan_diff", "pac_cli.compute.deadlines"}) == []


def test_validating_a_plan_alone_loads_no_followup_model(tmp_path: Path) -> None:
    # a plan given alone (no project around it) needs neither the follow-up's nor the
    # project's models: importing them is ≈ 15 ms of every such run
    plan = tmp_path / "plan.yaml"
    plan.write_text((ROOT / "plans/2024.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert _loaded_by(["validate", str(plan)], {
        "pac_cli.models.followup", "pac_cli.models.project_config",
        "pac_cli.compute.engine"}) == []


def test_validating_a_plan_in_its_project_reads_no_followup(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            runner: CliRunner) -> None:
    """As an office runs it (`pac validate plans/2024.yaml` inside the project): the other
    plans are read for their vigencias and frames, the follow-ups and the follow-up rules not
    at all (≈ 20 ms of 200), and a second plan of the vigencia is still found."""
    from pac_cli.checks import file_set

    project = tmp_path / "p"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".git", "src", "tests",
                                                                 "examples", "docs", "*.egg-info"))
    read: list[str] = []
    real_load = file_set.load_file  # type: ignore[attr-defined]

    def reading(path: Path, *rest: Any) -> Any:
        read.append(path.name)
        return real_load(path, *rest)

    monkeypatch.setattr(file_set, "load_file", reading)
    monkeypatch.chdir(project)
    result = runner.invoke(app, ["validate", "plans/2024.yaml"])
    assert result.exit_code == 0, result.stdout
    assert sorted(read) == ["2019.yaml", "2023.yaml", "2024.yaml"]
    assert _loaded_by(["validate", "-C", str(project), str(project / "plans/2024.yaml")], {
        "pac_cli.checks.followup_rules", "pac_cli.models.followup",
        "pac_cli.compute.plan_in_force"}) == []
    shutil.copy(project / "plans/2024.yaml", project / "plans/otro-2024.yaml")
    result = runner.invoke(app, ["validate", "plans/2024.yaml"])
    assert result.exit_code == 1
    assert "hay más de un plan de la vigencia 2024 con el marco «paac»" in result.stdout


@pytest.mark.parametrize(("args", "message"), [
    (["validate", "--foo"], "error: opción desconocida: --foo (¿quiso decir --format?) (vea "
                            "«pac validate --help»)"),
    (["followup"], "error: falta '--cutoff' / '--corte' (vea «pac followup --help»)"),
    (["validate", "-f", "xls"], "error: valor no válido para '--format' / '-f': «xls» no es uno "
                                "de: text, json, github (vea «pac validate --help»)"),
    (["nope"], "error: comando desconocido «nope» (vea «pac --help»)"),
    (["schema", "plan", "extra"], "error: sobran argumentos: extra (vea «pac schema --help»)"),
])
def test_usage_errors_are_one_spanish_line(args: list[str], message: str,
                                           monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    from pac_cli.cli import main

    monkeypatch.setattr("sys.argv", ["pac", *args])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.splitlines() == [message]


def test_main_returns_the_commands_exit_code(monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    from pac_cli.cli import main

    monkeypatch.setattr("sys.argv", ["pac", "validate", "--strict", "-C", str(ROOT)])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 1


def test_csv_never_carries_a_formula(project: Path, runner: CliRunner) -> None:
    from .conftest import PLAN

    build_tree(project, {"plans/2024.yaml": PLAN.replace("actividad: Chat",
                                                         "actividad: '=HYPERLINK(\"x\")'")})
    code, out, _ = followup(runner, "--cutoff", "2024-04-30", "-C", str(project), "-f", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["descripcion"] == "'=HYPERLINK(\"x\")"


ENGLISH = ("Usage:", "Options:", "Arguments:", "Commands:", "Show this message", "[required]",
           "default:", "Did you mean", "No such command", "[OPTIONS]", "COMMAND [ARGS]",
           "Missing", "Invalid value", "Error:", "is not one of", "does not exist")
COMMANDS = [[], ["validate"], ["followup"], ["followup", "new"], ["diff"], ["schema"],
            ["render"], ["status"], ["calendar"], ["import"], ["export"], ["new"],
            ["new", "plan"]]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "pac")
def test_every_help_screen_is_spanish(runner: CliRunner, command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"], prog_name="pac")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Uso: pac {' '.join(command)}".rstrip() + " ")
    assert [word for word in ENGLISH if word in result.stdout] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [(["folowup"], "error: comando desconocido «folowup» (¿quiso decir followup?) (vea «pac "
                   "--help»)"),
     (["render", "acta"], "error: falta '--cutoff' / '--corte' (vea «pac render --help»)"),
     (["render"], "error: falta 'DOCUMENTO' (vea «pac render --help»)"),
     (["validate", "--format", "xml"], "error: valor no válido para '--format' / '-f': «xml» no "
                                       "es uno de: text, json, github (vea «pac validate "
                                       "--help»)"),
     (["status", "dos mil"], "error: valor no válido para 'VIGENCIA': debe ser un número "
                             "entero (vea «pac status --help»)"),
     (["status", "1800"], "error: valor no válido para 'VIGENCIA': debe ser mayor o igual que "
                          "1990 (vea «pac status --help»)"),
     (["validate", "-C", "README.md"], "error: valor no válido para '--proyecto' / '-C': "
                                       "«README.md» es un archivo, no una carpeta (vea «pac "
                                       "validate --help»)"),
     (["validate", "--estricto"], "error: opción desconocida: --estricto (¿quiso decir "
                                  "--proyecto, --strict?) (vea «pac validate --help»)")],
)
def test_usage_errors_through_main_are_spanish(monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str],
                                               args: list[str], message: str) -> None:
    monkeypatch.setattr("sys.argv", ["pac", *args])
    with pytest.raises(SystemExit) as stop:
        main()
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err == message + "\n"
    assert [word for word in ENGLISH if word in err] == []


@pytest.mark.parametrize(("args", "moved"), [
    (["-C", "p", "render", "informe", "--corte", "ultimo"],
     ["render", "-C", "p", "informe", "--corte", "ultimo"]),
    (["--proyecto", "p", "followup", "new", "--corte", "2024-12-31"],
     ["followup", "new", "--proyecto", "p", "--corte", "2024-12-31"]),
    (["--proyecto=p", "validate"], ["validate", "--proyecto=p"]),
    (["validate", "-C", "p"], ["validate", "-C", "p"]),  # already after its command
])
def test_the_project_given_before_the_command_goes_to_it(args: list[str],
                                                         moved: list[str]) -> None:
    from pac_cli.cli import _project_first

    assert _project_first(args) == moved


def test_pac_dash_c_before_the_command_works_as_git_dash_c(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:
    """«pac -C carpeta render …» said only «opción desconocida: -C»."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.argv", ["pac", "-C", str(ROOT), "followup", "--corte",
                                     "2024-04-30", "-f", "json"])
    with pytest.raises(SystemExit) as stop:
        main()
    assert stop.value.code == 0
    assert json.loads(capsys.readouterr().out)["total"]["porcentaje"] == "33.76"


def test_the_compiled_catalog_is_current() -> None:
    """The .mo holds every message of the .po, and only those: compared message by message,
    not byte by byte (the bytes carry the Babel version that wrote them)."""
    from babel.messages.mofile import read_mo
    from babel.messages.pofile import read_po

    folder = ROOT / "src/pac_cli/locale/es/LC_MESSAGES"
    with (folder / "pac.po").open("rb") as po, (folder / "pac.mo").open("rb") as mo:
        source, compiled = read_po(po, locale="es"), read_mo(mo)
    messages = {m.id: m.string for m in source if m.id and m.string and not m.fuzzy}
    assert messages
    assert {m.id: m.string for m in compiled if m.id} == messages
