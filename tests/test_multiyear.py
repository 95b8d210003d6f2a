"""Programmes of several vigencias (a PTEP 2025–2028), the frames as the norms read, the
plan's own publication and the Plan de Acción: issue 19."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pac_cli import compute_followup, load_followup, load_plan
from pac_cli.cli import app
from pac_cli.models.plan import iter_activities

from .conftest import CONFIG, ROOT, build_tree

D = Decimal
PROGRAMME = ROOT / "examples" / "ptep-cuatrienal"
VILLA = ROOT / "examples" / "villa-ejemplo"


def _json(runner: CliRunner, *args: str) -> Any:
    result = runner.invoke(app, [*args, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# --- the four-year example ---------------------------------------------------------------


def test_the_programme_validates_strictly(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", "-C", str(PROGRAMME), "--strict"])
    assert result.exit_code == 0, result.stdout + result.stderr


def test_each_vigencia_is_the_programme_with_that_years_targets() -> None:
    plan = load_plan(PROGRAMME / "plans/2025-2028.yaml")
    assert (plan.years, plan.programme) == (range(2025, 2029), (2025, 2028))

    def targets(year: int) -> dict[str, Decimal | None]:
        view = plan.in_year(year)
        assert (view.year, view.last_year, view.programme) == (year, None, (2025, 2028))
        return {f"{c.number}·{a.id}": a.annual_target for c in view.components
                for _, a in iter_activities(c)}

    assert targets(2025) == {"1·1.1": D(2), "1·1.2": D(1), "2·1.1": D(4), "3·1.1": D(6),
                             "3·1.2": None, "4·1.1": D(120)}
    # 1.2 of component 1 has targets for 2025 and 2026 only: it is not in 2027
    assert targets(2027) == {"1·1.1": D(2), "2·1.1": D(4), "3·1.1": D(10), "3·1.2": None,
                             "4·1.1": D(80)}
    one_year = load_plan(ROOT / "plans/2024.yaml")
    assert one_year.in_year(2024) is one_year and one_year.programme is None


@pytest.mark.parametrize(("cutoff", "total", "components"), [
    # c1 (50,00 + 0,00)/2 = 25,00; c3 (33,33 + 40,00)/2 = 36,665 → 36,67; 45/120 = 37,50
    # (25,00 + 50,00 + 36,67 + 37,50) / 4 = 149,17 / 4 = 37,2925 → 37,29
    ("2025-06-30", "37.29", ["25.00", "50.00", "36.67", "37.50"]),
    # 5/6 = 83,33 and 90 → 86,665 → 86,67; 110/120 = 91,666… → 91,66 (truncated)
    ("2025-12-31", "94.58", ["100.00", "100.00", "86.67", "91.66"]),
    # 2026 starts again from 1 January, against 2026's targets: 3/8 = 37,50; 60/120 = 50,00
    ("2026-06-30", "42.19", ["25.00", "50.00", "43.75", "50.00"]),
])
def test_every_vigencia_follows_up_against_its_own_targets(
        runner: CliRunner, cutoff: str, total: str, components: list[str]) -> None:
    data = _json(runner, "followup", "-C", str(PROGRAMME), "--corte", cutoff)
    assert data["total"]["porcentaje"] == total
    assert [c["total"]["porcentaje"]
            for c in data["componentes"]] == components
    assert data["vigencia"] == int(cutoff[:4])


def test_the_programme_so_far_is_shown_beside_the_cutoffs_figure(runner: CliRunner) -> None:
    data = _json(runner, "followup", "-C", str(PROGRAMME), "--corte", "2026-06-30")
    # (94,58 + 42,19) / 2 = 68,385 → 68,39: an extra, the published figure stays 42,19
    assert data["programa"] == {
        "vigencias": {"desde": 2025, "hasta": 2028},
        "por_vigencia": [{"vigencia": 2025, "corte": "2025-12-31", "porcentaje": "94.58"},
                         {"vigencia": 2026, "corte": "2026-06-30", "porcentaje": "42.19"}],
        "promedio": "68.39"}
    assert data["total"]["porcentaje"] == "42.19"
    table = runner.invoke(app, ["followup", "-C", str(PROGRAMME), "--corte", "2026-06-30"],
                          env={"COLUMNS": "200"})
    assert "Programa 2025–2028: vigencia 2025: 94,58 % (corte al 31 de diciembre de 2025); " \
           "vigencia 2026: 42,19 % (corte al 30 de junio de 2026); promedio de las vigencias " \
           "hasta este corte: 68,39 %." in table.stdout
    one_year = _json(runner, "followup", "-C", str(VILLA), "--corte", "2024-12-31")
    assert one_year["programa"] is None


def test_a_draft_never_counts_in_the_programme_so_far(tmp_path: Path,
                                                     runner: CliRunner) -> None:
    # December 2025 still a draft (an activity «por_actualizar»): 2025's figure is its last
    # final cutoff, June's, said with its date; never the draft's 94,58
    project = tmp_path / "p"
    shutil.copytree(PROGRAMME, project)
    december = project / "followups/2025-12-31.yaml"
    text = december.read_text(encoding="utf-8")
    december.write_text(text.replace('        logro: 2\n', '        logro: 2\n'
                                     '        por_actualizar: true\n', 1), encoding="utf-8")
    data = _json(runner, "followup", "-C", str(project), "--corte", "2026-06-30")
    assert data["programa"]["por_vigencia"][0] == {
        "vigencia": 2025, "corte": "2025-06-30", "porcentaje": "37.29"}
    assert data["programa"]["promedio"] == "39.74"  # (37,29 + 42,19) / 2
    assert data["total"]["porcentaje"] == "42.19"


def test_the_api_computes_a_vigencia_of_a_programme() -> None:
    plan = load_plan(PROGRAMME / "plans/2025-2028.yaml")
    followup = load_followup(PROGRAMME / "followups/2026-06-30.yaml")
    assert str(compute_followup(plan, followup).total) == "42.19"


@pytest.mark.parametrize("fmt", ["html", "md", "xlsx", "docx"])
def test_the_programme_renders_its_documents(tmp_path: Path, runner: CliRunner,
                                             fmt: str) -> None:
    out = tmp_path / f"informe.{fmt}"
    what = "acta" if fmt == "docx" else "informe"
    result = runner.invoke(app, ["render", what, "-C", str(PROGRAMME), "--corte", "2026-06-30",
                                 "-f", fmt, "-o", str(out)])
    if fmt == "docx":  # the example's follow-ups are informes, not actas: said, not made
        assert result.exit_code == 1 and not out.exists()
        return
    assert result.exit_code == 0, result.stderr
    if fmt in {"html", "md"}:
        text = " ".join(out.read_text(encoding="utf-8").split())
        assert "Programa 2025–2028: vigencia 2025: 94,58" in text.replace("\u00a0", " ")
        assert "42,19" in text


def test_followup_new_starts_each_vigencia_afresh(tmp_path: Path, runner: CliRunner) -> None:
    project = tmp_path / "p"
    shutil.copytree(PROGRAMME, project)
    same_year = runner.invoke(app, ["followup", "new", "--corte", "2026-12-31", "-C",
                                    str(project)])
    assert same_year.exit_code == 0, same_year.stderr
    copied = load_followup(project / "followups/2026-12-31.yaml")
    # June 2026's progress, to update: component 4 had 60 of 2026's 120
    assert [(p.activity_id, p.achieved) for p in copied.sections()[3].progress] == \
        [("1.1", D(60))]
    next_year = runner.invoke(app, ["followup", "new", "--corte", "2027-06-30", "-C",
                                    str(project)])
    assert next_year.exit_code == 0, next_year.stderr
    fresh = load_followup(project / "followups/2027-06-30.yaml")
    reported = {(s.component, p.activity_id) for s in fresh.sections() for p in s.progress}
    # 2027's activities only (1.2 of component 1 ends in 2026), and nothing copied from 2026
    assert (1, "1.2") not in reported and (4, "1.1") in reported
    assert all(p.achieved is None for s in fresh.sections() for p in s.progress)


def test_calendar_of_a_later_vigencia(runner: CliRunner) -> None:
    data = _json(runner, "calendar", "2027", "-C", str(PROGRAMME), "--hoy", "2027-03-01")
    assert [(c["corte"], c["plazo_publicacion"], c["estado"])
            for c in data["cortes"]] == [
        ("2027-06-30", "2027-07-30", "aún no vence"),
        ("2027-12-31", "2028-01-30", "aún no vence")]
    # the programme was published once, in its first vigencia
    assert data["publicacion_planes"] == []


def test_export_and_import_a_programme(tmp_path: Path, runner: CliRunner) -> None:
    plan = load_plan(PROGRAMME / "plans/2025-2028.yaml")
    for kind in ("xlsx", "csv", "ods"):
        matrix = tmp_path / f"p.{kind}"
        assert runner.invoke(app, ["export", str(PROGRAMME / "plans/2025-2028.yaml"), "-C",
                                   str(PROGRAMME), "-o", str(matrix)]).exit_code == 0
        out = tmp_path / f"p-{kind}.yaml"
        result = runner.invoke(app, ["import", str(matrix), "-o", str(out), "-C",
                                     str(PROGRAMME)])
        assert result.exit_code == 0, result.stderr
        back = load_plan(out)
        assert (back.years, back.frame) == (plan.years, plan.frame)
        assert all(back.in_year(y).components == plan.in_year(y).components
                   for y in plan.years), kind


def test_diff_names_a_changed_target_of_a_vigencia(tmp_path: Path, runner: CliRunner) -> None:
    source = (PROGRAMME / "plans/2025-2028.yaml").read_text(encoding="utf-8")
    changed = tmp_path / "nuevo.yaml"
    changed.write_text(source.replace("{2025: 6, 2026: 8, 2027: 10, 2028: 12}",
                                      "{2025: 6, 2026: 9, 2027: 10, 2028: 12}"),
                       encoding="utf-8")
    result = runner.invoke(app, ["diff", str(PROGRAMME / "plans/2025-2028.yaml"),
                                 str(changed), "-C", str(PROGRAMME)], env={"COLUMNS": "200"})
    out = " ".join(result.stdout.split())
    assert "metas: 2025: 6; 2026: 8; 2027: 10; 2028: 12 → 2025: 6; 2026: 9; 2027: 10; " \
           "2028: 12" in out
    # and what that does to the figures of 2026's cutoff: 3/8 = 37,50 → 3/9 = 33,33
    assert "37,50 %" in out and "33,33 %" in out


def test_new_plan_of_a_programme(tmp_path: Path, runner: CliRunner) -> None:
    project = build_tree(tmp_path, {"pac.yaml": CONFIG})
    made = runner.invoke(app, ["new", "plan", "--vigencia", "2025", "--hasta", "2028",
                               "-C", str(project)])
    assert made.exit_code == 0, made.stderr
    plan = load_plan(project / "plans/2025-2028.yaml")
    assert (plan.years, plan.frame_id) == (range(2025, 2029), "ptep")
    moved = tmp_path / "2029-2032.yaml"
    again = runner.invoke(app, ["new", "plan", "--vigencia", "2029", "--desde",
                                str(PROGRAMME / "plans/2025-2028.yaml"), "-o", str(moved)])
    assert again.exit_code == 0, again.stderr
    copy = load_plan(moved)
    assert copy.years == range(2029, 2033)
    data = [a.targets for c in copy.components for _, a in iter_activities(c) if a.targets]
    assert data[1] == {2029: D(6), 2030: D(8), 2031: D(10), 2032: D(12)}
    wrong = runner.invoke(app, ["new", "plan", "--vigencia", "2025", "--hasta", "2024",
                                "-C", str(project)])
    assert wrong.exit_code == 2 and "debe ser posterior a --vigencia" in wrong.stderr


# --- what validate says of a programme ---------------------------------------------------

BASE = """\
vigencia: 2025
vigencia_hasta: 2027
marco: ptep
componentes:
  - numero: 1
    nombre: Debida diligencia
    subcomponentes:
      - numero: 1
        nombre: Conflictos de interés
        actividades:
          - id: "1.1"
            actividad: Verificar declaraciones
            metas: {2025: 10, 2026: 12, 2027: 14}
"""


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("metas: {2025: 10, 2026: 12, 2027: 14}", "metas: {2025: 10, 2026: 12, 2027: 14, 2029: 1}",
     "13:51: error: la actividad 1.1 tiene meta para 2029, fuera del programa 2025–2027"),
    ("metas: {2025: 10, 2026: 12, 2027: 14}", "metas: {2025: 10, 2026: 12}",
     "2:17: error: la vigencia 2027 del programa no tiene actividades: sus «metas» la dejan "
     "fuera"),
    ("metas: {2025: 10, 2026: 12, 2027: 14}",
     "metas: {2025: 10, 2026: 12, 2027: 14}\n            meta_anual: 3",
     "error: componente 1, subcomponente 1, actividad 1.1: indique «meta_anual» (la misma "
     "cada vigencia) o «metas» (una por vigencia), no las dos"),
    ("metas: {2025: 10, 2026: 12, 2027: 14}", "metas: {dos mil: 10}",
     "error: componente 1, subcomponente 1, actividad 1.1, metas, dos mil: cada clave de "
     "«metas» es un año de cuatro cifras, p. ej. 2026"),
    ("vigencia_hasta: 2027", "vigencia_hasta: 2025",
     "error: vigencia_hasta debe ser posterior a vigencia, y un programa abarca a lo sumo 10 "
     "vigencias"),
    ("vigencia_hasta: 2027\n", "",
     "12:13: error: la actividad 1.1 tiene «metas» por vigencia, que son de un programa de "
     "varias vigencias («vigencia_hasta»); en un plan de una vigencia use «meta_anual»"),
])
def test_programme_rules(tmp_path: Path, runner: CliRunner, old: str, new: str,
                         expected: str) -> None:
    assert old in BASE
    root = build_tree(tmp_path, {"pac.yaml": CONFIG, "plans/p.yaml": BASE.replace(old, new)})
    result = runner.invoke(app, ["validate", "-C", str(root)])
    assert result.exit_code == 1
    assert any(line.endswith(expected) or expected in line
               for line in result.stdout.splitlines()), result.stdout


def test_a_plan_of_a_year_a_programme_already_covers(tmp_path: Path,
                                                     runner: CliRunner) -> None:
    one = BASE.replace("vigencia: 2025\nvigencia_hasta: 2027\n", "vigencia: 2026\n").replace(
        "metas: {2025: 10, 2026: 12, 2027: 14}", "meta_anual: 3")
    root = build_tree(tmp_path, {"pac.yaml": CONFIG, "plans/p.yaml": BASE,
                                 "plans/2026.yaml": one})
    result = runner.invoke(app, ["validate", "-C", str(root)])
    assert result.exit_code == 1
    assert "hay más de un plan de la vigencia 2026 con el marco «ptep»" in result.stdout


def test_a_milestone_belongs_to_a_vigencia_of_its_activity(tmp_path: Path,
                                                          runner: CliRunner) -> None:
    text = BASE.replace("metas: {2025: 10, 2026: 12, 2027: 14}",
                        "metas: {2025: 10, 2026: 12}\n            hitos: [{fecha: 2026-06-30, "
                        "valor: 5}, {fecha: 2027-06-30, valor: 1}]\n          - id: \"1.2\"\n"
                        "            actividad: Otra\n            meta_anual: 1")
    root = build_tree(tmp_path, {"pac.yaml": CONFIG, "plans/p.yaml": text})
    result = runner.invoke(app, ["validate", "-C", str(root)])
    # 2026's milestone is fine (a new vigencia starts again, 5 after none); 2027 has no target
    assert result.stdout.count("error") == 1, result.stdout
    assert "el hito 2027-06-30 no está en una vigencia de la actividad (2025, 2026)" in \
        result.stdout


# --- frames, the plan's publication, the Plan de Acción ------------------------------------


def test_an_entitys_frame_based_on_the_ptep(tmp_path: Path, runner: CliRunner) -> None:
    config = CONFIG + ("marcos:\n  - id: ptep-propio\n    basado_en: ptep\n"
                       "    seguimiento: {cortes: [\"06-30\", \"12-31\"]}\n")
    plan = BASE.replace("marco: ptep", "marco: ptep-propio")
    root = build_tree(tmp_path, {"pac.yaml": config, "plans/p.yaml": plan})
    result = runner.invoke(app, ["calendar", "2026", "-C", str(root), "--hoy", "2026-01-02",
                                 "-f", "json"])
    assert result.exit_code == 0, result.stderr
    cutoffs = json.loads(result.stdout)["cortes"]
    # its own cutoffs, and the PTEP's deadline rule (10 business days from the next month)
    assert [(c["corte"], c["plazo_publicacion"]) for c in cutoffs] == [
        ("2026-06-30", "2026-07-15"), ("2026-12-31", "2027-01-18")]
    wrong = build_tree(tmp_path / "w", {"pac.yaml": config.replace("basado_en: ptep",
                                                                   "basado_en: pteb")})
    refused = runner.invoke(app, ["validate", "-C", str(wrong)])
    assert refused.exit_code == 1
    assert ("«basado_en» nombra un marco que no viene con pac (hay: paac, ptep, "
            "servicio-ciudadano)") in refused.stdout


def test_calendar_2025_shows_the_plans_publication(runner: CliRunner) -> None:
    data = _json(runner, "calendar", "2025", "-C", str(VILLA), "--hoy", "2025-03-01")
    assert [(p["plan"].rsplit("/", 1)[1], p["plazo"], p["publicado"], p["estado"])
            for p in data["publicacion_planes"]] == [
        ("2025-atencion.yaml", "2025-01-31", "2025-01-30", "publicado a tiempo"),
        ("2025-ptep.yaml", "2025-01-31", "2025-01-30", "publicado a tiempo")]
    table = runner.invoke(app, ["calendar", "2025", "-C", str(VILLA), "--hoy", "2025-03-01"],
                          env={"COLUMNS": "220"})
    assert "publicación del plan" in table.stdout and "31 de enero de 2025" in table.stdout


def test_a_plan_published_late_is_warned(tmp_path: Path, runner: CliRunner) -> None:
    project = tmp_path / "v"
    shutil.copytree(VILLA, project)
    path = project / "plans/2025-ptep.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  fecha: 2025-01-30\n  enlace: https://www.villaejemplo.invalid/transparencia/"
        "planeacion/ptep-2025", "  fecha: 2025-02-03\n  enlace: https://www.villaejemplo."
        "invalid/transparencia/planeacion/ptep-2025"), encoding="utf-8")
    result = runner.invoke(app, ["validate", "-C", str(project), str(path)])
    assert "advertencia: el plan se publicó el 3 de febrero de 2025, después del 31 de enero " \
           "de 2025 que fija el marco «ptep» (Decreto 1083 de 2015, art. 2.2.22.3.14 " \
           "(Decreto 612 de 2018))" in result.stdout
    assert result.exit_code == 0  # a warning; --strict makes it stop
    assert runner.invoke(app, ["validate", "-C", str(project), "--strict"]).exit_code == 1
    data = _json(runner, "calendar", "2025", "-C", str(project), "--hoy", "2025-03-01")
    assert "publicado tarde" in {p["estado"] for p in
                                 data["publicacion_planes"]}
    status = runner.invoke(app, ["status", "2025", "-C", str(project), "--marco", "ptep"],
                           env={"COLUMNS": "220"})
    assert "publicado el 3 de febrero de 2025, tarde." in " ".join(status.stdout.split())


def test_the_plan_de_accion_holds_the_four_policies(runner: CliRunner) -> None:
    frames = json.loads(runner.invoke(app, ["schema", "proyecto"]).stdout)
    assert frames["title"]
    plan = load_plan(VILLA / "plans/2025-atencion.yaml")
    assert [c.name for c in plan.components] == [
        "Servicio al ciudadano", "Racionalización de trámites",
        "Participación ciudadana en la gestión pública", "Gobierno digital"]
