"""`pac validate`: every rule with a bad example, every bad input with a clear one-line answer."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pac_cli.cli import app

from .conftest import CONFIG, FOLLOWUP, PLAN, ROOT, build_tree


def run(runner: CliRunner, *args: str) -> tuple[int, list[str], str]:
    result = runner.invoke(app, ["validate", *args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout.splitlines(), result.stderr


def test_the_project_data_is_valid(runner: CliRunner) -> None:
    code, lines, summary = run(runner, "-C", str(ROOT))
    assert code == 0
    # the acta cites the same Facebook link twice under 3.1: a warning, not an error
    assert lines == ["followups/2024-04-30.yaml:141:21: advertencia: esta evidencia está "
                     "repetida en la misma actividad"] or all("advertencia" in x for x in lines)
    assert "0 errores" in summary


def test_strict_turns_warnings_into_failure(runner: CliRunner) -> None:
    code, _, _ = run(runner, "-C", str(ROOT), "--strict")
    assert code == 1


# Each case: a plan text (or follow-up text), and the exact problem line expected.
PLAN_CASES = {
    "typo_key": (PLAN.replace("meta_anual: 3", "meta_anul: 3"),
                 "15:13: error: componente 4, subcomponente 1, actividad 1.2: campo "
                 "desconocido «meta_anul»; ¿quiso decir «meta_anual»?"),
    "text_target": (PLAN.replace("meta_anual: 3", "meta_anual: quince mil"),
                    "15:25: error: componente 4, subcomponente 1, actividad 1.2, meta_anual: "
                    "debe ser un número (se encontró el texto «quince mil»)"),
    "zero_target": (PLAN.replace("meta_anual: 3", "meta_anual: 0"),
                    "15:25: error: componente 4, subcomponente 1, actividad 1.2, meta_anual: "
                    "debe ser un número mayor que 0 (se encontró el número 0)"),
    "thousands_dot": (PLAN.replace("meta_anual: 15000", "meta_anual: 15.000"),
                      "11:25: error: componente 4, subcomponente 1, actividad 1.1"
                      ", meta_anual: «15.000» es ambiguo: escriba 15000 (sin separador de "
                      "miles), o quite los ceros a la derecha si es un decimal"),
    "quoted_thousands": (PLAN.replace("meta_anual: 15000", 'meta_anual: "15.000"'),
                         "11:25: error: componente 4, subcomponente 1, actividad 1.1"
                         ", meta_anual: escriba el número sin separadores de miles: 15000 (se "
                         "encontró «15.000»)"),
    "missing_description": (PLAN.replace("            actividad: Ferias\n", ""),
                            "13:13: error: componente 4, subcomponente 1, actividad 1.2: "
                            "falta el campo obligatorio «actividad»"),
    "duplicate_id": (PLAN.replace('id: "1.2"', 'id: "1.1"'),
                     "13:17: error: la actividad 1.1 está repetida en el componente 4 (ya "
                     "aparece en la línea 9)"),
    "duplicate_key": (PLAN.replace("actividad: Ferias", "actividad: Ferias\n            "
                                                        "actividad: Otra"),
                      "15:13: error: la clave «actividad» está repetida (ya aparece en "
                      "la línea 14)"),
    "bad_id": (PLAN.replace('id: "1.2"', 'id: "uno"'),
               "13:17: error: componente 4, subcomponente 1, actividad uno, id: no tiene la "
               "forma esperada, p. ej. «1.1» (se encontró el texto «uno»)"),
    "year_as_text": (PLAN.replace("vigencia: 2024", "vigencia: dos mil"),
                     "1:11: error: vigencia: debe ser un número entero (se encontró el texto "
                     "«dos mil»)"),
    "no_activities": (PLAN.split("        actividades:")[0] + "        actividades: []\n",
                      "8:22: error: componente 4, subcomponente 1, actividades: no puede "
                      "estar vacío: debe tener al menos un elemento"),
    "id_outside_subcomponent": (PLAN.replace('id: "1.2"', 'id: "2.1"'),
                                "13:17: advertencia: la actividad 2.1 está en el subcomponente "
                                "1: se esperaba un número que empiece por «1.»"),
    "bad_zones": (PLAN + "zonas:\n  media_desde: 80\n  alta_desde: 60\n",
                  "17:3: error: zonas: media_desde debe ser menor que alta_desde"),
    "bad_rounding": (PLAN + "redondeo:\n  actividad: aproximar\n",
                     "17:14: error: redondeo, actividad: debe ser uno de: 'truncar' o "
                     "'redondear' (se encontró el texto «aproximar»)"),
}


@pytest.mark.parametrize("case", sorted(PLAN_CASES))
def test_plan_rules(case: str, tmp_path: Path, runner: CliRunner) -> None:
    text, expected = PLAN_CASES[case]
    build_tree(tmp_path, {"pac.yaml": CONFIG, "plans/2024.yaml": text})
    code, lines, _ = run(runner, "-C", str(tmp_path), str(tmp_path / "plans/2024.yaml"))
    assert expected in [re.sub(r"^.*2024\.yaml:", "", line) for line in lines]
    assert code == (0 if "advertencia" in expected else 1)


MINUTES = ("acta:\n  numero: '1'\n  fecha: 2024-05-14\n  hora_inicio: '08:00'\n"
           "  hora_fin: '10:00'\n  lugar: Oficina\n  asistentes: [{nombre: Ana, cargo: Jefe}]\n"
           "  objetivo: Revisar\n")

FOLLOWUP_CASES = {
    "unknown_activity": (FOLLOWUP.replace('actividad: "1.2"', 'actividad: "1.3"'),
                         "7:16: error: la actividad 1.3 no existe en el componente 4 del plan "
                         "plans/2024.yaml; ¿quiso decir 1.2?"),
    "unreported_activity": (FOLLOWUP.split('  - actividad: "1.2"')[0],
                            "4:1: error: faltan en el seguimiento las actividades 1.2 del "
                            "componente 4 del plan plans/2024.yaml: repórtelas o márquelas con "
                            "«sin_avance: true»"),
    "negative": (FOLLOWUP.replace("logro: 2", "logro: -2"),
                 "8:12: error: avance de la actividad 1.2, logro: debe ser un número mayor o "
                 "igual que 0 (se encontró el número -2)"),
    "over_target": (FOLLOWUP.replace("logro: 2", "logro: 5"),
                    "8:12: advertencia: el logro (5) supera la meta anual (3) de la actividad "
                    "1.2: el avance se limita a 100 %"),
    "cutoff_outside_year": (FOLLOWUP.replace("corte: 2024-04-30", "corte: 2023-12-31"),
                            "3:8: error: el corte 2023-12-31 no está dentro de la vigencia 2024"),
    "cutoff_not_scheduled": (FOLLOWUP.replace("corte: 2024-04-30", "corte: 2024-05-31"),
                             "3:8: advertencia: el corte 2024-05-31 no es uno de los cortes "
                             "del plan (04-30, 08-31, 12-31): se calcula y publica como corte "
                             "adicional, con la misma regla de plazo desde su fecha"),
    "no_plan_for_year": (FOLLOWUP.replace("vigencia: 2024", "vigencia: 2025").replace(
        "corte: 2024", "corte: 2025"), "1:11: error: no se encontró el plan de la vigencia 2025 "
        "(se busca en plans/ del proyecto y entre los archivos indicados)"),
    "percentage_for_quantitative": (
        FOLLOWUP.replace("logro: 2", "porcentaje: 50\n    justificacion: Dos de tres"),
        "8:17: error: la actividad 1.2 tiene meta anual (3): indique el «logro»; el % se "
        "calcula"),
    "percentage_without_justification": (
        FOLLOWUP.replace("logro: 2", "porcentaje: 50"),
        "7:5: error: avance de la actividad 1.2: un «porcentaje» necesita su «justificacion»"),
    "two_measures": (FOLLOWUP.replace("logro: 2", "logro: 2\n    sin_avance: true"),
                     "7:5: error: avance de la actividad 1.2: indique exactamente uno de "
                     "«logro», «porcentaje» o «sin_avance: true» (se encontró: logro, "
                     "sin_avance)"),
    "reported_twice": (FOLLOWUP + '  - actividad: "1.1"\n    logro: 1\n',
                       "9:16: error: la actividad 1.1 ya se reportó en la línea 5"),
    "wrong_component": (FOLLOWUP.replace("componente: 4", "componente: 3"),
                        "2:13: error: el plan plans/2024.yaml no tiene el componente 3"),
    "minutes_before_cutoff": (FOLLOWUP + MINUTES.replace("2024-05-14", "2024-04-29"),
                              "11:10: error: la fecha del acta es anterior a la fecha de corte"),
    "minutes_end_before_start": (FOLLOWUP + MINUTES.replace("'10:00'", "'07:00'"),
                                 "10:3: error: acta: hora_fin debe ser posterior a hora_inicio"),
}


@pytest.mark.parametrize("case", sorted(FOLLOWUP_CASES))
def test_followup_rules(case: str, tmp_path: Path, runner: CliRunner,
                        monkeypatch: pytest.MonkeyPatch) -> None:
    text, expected = FOLLOWUP_CASES[case]
    build_tree(tmp_path, {"pac.yaml": CONFIG, "plans/2024.yaml": PLAN, "followups/f.yaml": text})
    monkeypatch.chdir(tmp_path)
    code, lines, _ = run(runner, "followups/f.yaml")
    assert expected in [re.sub(r"^.*f\.yaml:", "", line) for line in lines]
    assert code == (0 if "advertencia" in expected else 1)


def test_qualitative_activity_needs_a_percentage(tmp_path: Path, runner: CliRunner) -> None:
    plan = PLAN.replace("            meta_anual: 3\n", "")
    build_tree(tmp_path, {"pac.yaml": CONFIG, "plans/2024.yaml": plan, "followups/f.yaml":
                          FOLLOWUP})
    code, lines, _ = run(runner, "-C", str(tmp_path), str(tmp_path / "followups/f.yaml"))
    assert code == 1
    assert any("8:12: error: la actividad 1.2 es cualitativa (no tiene meta_anual): indique "
               "«porcentaje» y «justificacion»" in line for line in lines)
    fixed = FOLLOWUP.replace("logro: 2", "porcentaje: 40\n    justificacion: Una feria de tres")
    build_tree(tmp_path, {"followups/f.yaml": fixed})
    assert run(runner, "-C", str(tmp_path))[0] == 0


def test_every_problem_is_reported_not_just_the_first(tmp_path: Path,
                                                      runner: CliRunner) -> None:
    text = PLAN.replace("meta_anual: 3", "meta_anul: 3").replace("meta_anual: 15000",
                                                                  "meta_anual: -1")
    build_tree(tmp_path, {"p.yaml": text})
    code, lines, summary = run(runner, str(tmp_path / "p.yaml"))
    assert code == 1
    assert len(lines) == 2
    assert "2 errores" in summary


BAD_INPUTS: dict[str, tuple[bytes, int, str]] = {
    "empty": (b"", 1, r":1:1: error: el archivo está vacío"),
    "only_comment": (b"# nada\n", 1, r":1:1: error: el archivo está vacío"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00", 2, r":3:1: error: parece un archivo binario"),
    "tabs": (b"vigencia: 2024\ncomponentes:\n\t- numero: 4\n", 1,
             r":3:1: error: YAML mal formado: hay un carácter que no puede iniciar un valor "
             r"\(¿una tabulación\? use espacios\)"),
    "alias_bomb": (b'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
                   b"b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
                   b"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
                   b"f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n",
                   1, r":\d+:\d+: error: el documento expande más de 200000 valores"),
    "top_level_list": (b"- 1\n- 2\n", 1, r":1:1: error: no es un plan .* se encontró una lista"),
    "scalar": (b"hola\n", 1, r":1:1: error: no es un plan .* se encontró el texto «hola»"),
    "windows_1252": ("vigencia: 2024\nnombre: Atención\n".encode("cp1252"), 2,
                     r":2:15: error: no está codificado en UTF-8 \(byte 0xF3\)"),
    "utf16": ("vigencia: 2024\n".encode("utf-16"), 2, r":1:1: error: el archivo está en UTF-16"),
    "broken": (b"vigencia: [2024\ncomponentes: 1\n", 1,
               r":2:12: error: YAML mal formado: falta «,» o «]» en la lista"),
    "two_documents": (b"vigencia: 2024\n---\nvigencia: 2025\n", 1,
                      r":2:1: error: YAML mal formado: el archivo tiene más de un documento"),
    "python_tag": (b"vigencia: !!python/object:os.system 1\n", 1,
                   r":1:11: error: etiqueta YAML no admitida"),
    "deep": (b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n", 1,
             r":1:\d+: error: (YAML mal formado: )?el YAML anida más de 200 niveles"),
    "merge_key": (b"a: &x {b: 1}\nc:\n  <<: *x\n", 1, r":3:3: error: no se admite la "
                  r"fusión de mapas"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_gives_one_clear_line(case: str, tmp_path: Path, runner: CliRunner) -> None:
    content, exit_code, pattern = BAD_INPUTS[case]
    path = build_tree(tmp_path, {"bad.yaml": content}) / "bad.yaml"
    code, lines, _ = run(runner, str(path))
    assert code == exit_code
    assert len(lines) == 1, lines
    assert re.search(r"bad\.yaml" + pattern, lines[0]), lines[0]


def test_bom_is_accepted(tmp_path: Path, runner: CliRunner) -> None:
    build_tree(tmp_path, {"p.yaml": b"\xef\xbb\xbf" + PLAN.encode()})
    assert run(runner, str(tmp_path / "p.yaml"))[0] == 0


def test_missing_file_and_directory_exit_2(tmp_path: Path, runner: CliRunner) -> None:
    code, lines, _ = run(runner, str(tmp_path / "nope.yaml"), str(tmp_path))
    assert code == 2
    assert [line.split(": ", 1)[1] for line in lines] == [
        "error: es una carpeta, no un archivo YAML", "error: no existe el archivo"] or \
        sorted(line.split(": ", 1)[1] for line in lines) == [
        "error: es una carpeta, no un archivo YAML", "error: no existe el archivo"]


@pytest.mark.parametrize("fmt", ["json", "github"])
def test_machine_formats(fmt: str, tmp_path: Path, runner: CliRunner) -> None:
    build_tree(tmp_path, {"p.yaml": PLAN.replace("meta_anual: 3", "meta_anul: 3")})
    code, lines, _ = run(runner, "--format", fmt, str(tmp_path / "p.yaml"))
    assert code == 1
    if fmt == "github":
        assert re.fullmatch(r"::error file=.*p\.yaml,line=15,col=13::componente 4, "
                            r"subcomponente 1, actividad 1\.2: campo desconocido "
                            r"«meta_anul»; ¿quiso decir «meta_anual»\?", lines[0])
    else:
        import json

        data = json.loads("\n".join(lines))
        assert data["problemas"][0] == {
            "archivo": data["problemas"][0]["archivo"], "linea": 15, "columna": 13,
            "gravedad": "error", "mensaje": "componente 4, subcomponente 1, actividad 1.2: "
            "campo desconocido «meta_anul»; ¿quiso decir «meta_anual»?"}
        assert data["problemas"][0]["archivo"].endswith("p.yaml")


def test_no_paths_outside_a_project_is_a_clear_error(in_dir: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: no se indicaron archivos y no hay un proyecto")


def test_plans_without_numbers_are_numbered_by_order(runner: CliRunner) -> None:
    """Pereira's 2020 plan (a contraloría) has no numbers, targets, offices or dates."""
    from pac_cli import load_plan
    from pac_cli.models.plan import iter_activities

    root = ROOT / "examples" / "pereira"
    code, lines, _ = run(runner, "-C", str(root))
    assert (code, lines) == (0, [])
    plan = load_plan(root / "plans/2020.yaml")
    activities = iter_activities(plan.components[0])
    assert len(activities) == 26
    assert [s.number for s in plan.components[0].subcomponents] == [1, 2, 3, 4, 5]
    assert activities[0][1].id == "1.1" and activities[-1][1].id == "5.8"
    assert activities[-1][1].tools == "Aplicación de encuestas de percepción del servicio."


def test_numbering_fills_only_what_is_missing(tmp_path: Path, runner: CliRunner) -> None:
    plan = PLAN.replace('          - id: "1.2"\n            actividad: Ferias',
                        "          - actividad: Ferias")
    build_tree(tmp_path, {"pac.yaml": CONFIG, "plans/2024.yaml": plan,
                          "followups/f.yaml": FOLLOWUP})
    code, lines, _ = run(runner, "-C", str(tmp_path))
    assert (code, lines) == (0, [])


def test_a_problem_across_plans_is_placed_in_each_plan(tmp_path: Path, runner: CliRunner) -> None:
    # each plan's tree is released once its own rules are checked: the position of a
    # problem found later, across files, still points at the right line
    (tmp_path / "a.yaml").write_text(PLAN, encoding="utf-8")
    (tmp_path / "b.yaml").write_text("# copia\n\n" + PLAN, encoding="utf-8")
    code, lines, _ = run(runner, str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"))
    line = PLAN.splitlines().index(next(x for x in PLAN.splitlines()
                                        if x.startswith("vigencia:"))) + 1
    assert code == 1
    assert [x.split(": error:")[0].rsplit("/", 1)[-1] for x in lines if "más de un plan" in x] \
        == [f"a.yaml:{line}:11", f"b.yaml:{line + 2}:11"]


def test_one_folder_however_it_is_spelt(tmp_path: Path, runner: CliRunner) -> None:
    # two plans of one vigencia in one folder, one named through a link to that folder:
    # still one folder, so one plan too many (the folder is known by what it is, not by
    # resolving every path's text)
    (tmp_path / "planes").mkdir()
    (tmp_path / "planes/a.yaml").write_text(PLAN, encoding="utf-8")
    (tmp_path / "planes/b.yaml").write_text(PLAN, encoding="utf-8")
    (tmp_path / "enlace").symlink_to(tmp_path / "planes")
    code, lines, _ = run(runner, str(tmp_path / "planes/a.yaml"), str(tmp_path / "enlace/b.yaml"))
    assert code == 1
    assert sum("más de un plan de la vigencia 2024" in x for x in lines) == 2


def test_paths_are_shown_as_the_user_would_type_them(in_dir: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from pac_cli.models.problems import display_path

    (in_dir / "real").mkdir()
    (in_dir / "enlace").symlink_to(in_dir / "real")
    # the shell's working directory, through a link: the system gives its real path, the
    # shell says how the user reached it
    os.chdir(in_dir / "enlace")
    monkeypatch.setenv("PWD", str(in_dir / "enlace"))
    assert display_path(Path("plans/2024.yaml")) == "plans/2024.yaml"
    assert display_path(in_dir / "enlace/plans/2024.yaml") == "plans/2024.yaml"
    assert display_path(in_dir / "real/plans/2024.yaml") == "plans/2024.yaml"
    assert display_path(Path("../real/plans/2024.yaml")) == "plans/2024.yaml"
    assert display_path(Path("/otra/parte/2024.yaml")) == "/otra/parte/2024.yaml"


def test_validation_keeps_no_plan_tree_or_model(tmp_path: Path) -> None:
    # memory must not grow with the plans' trees and models: each plan keeps only its
    # packed text, and its model is built again, identical, when it is asked for
    from pac_cli.checks.file_set import check_files
    from pac_cli.disk.yaml_reader import load_file
    from pac_cli.models.plan import Plan

    paths = []
    for year in range(2000, 2020):
        path = tmp_path / f"p{year}" / "plan.yaml"
        path.parent.mkdir()
        path.write_text(PLAN.replace("vigencia: 2024", f"vigencia: {year}"), encoding="utf-8")
        paths.append(path)
    result = check_files(paths)
    assert [c.kind for c in result.files] == ["plan"] * 20
    assert all(c.doc.root is None and c._model is None for c in result.files)
    rebuilt = result.files[3].model
    assert isinstance(rebuilt, Plan) and rebuilt.year == 2003
    assert rebuilt == Plan.model_validate(load_file(paths[3]).data)
