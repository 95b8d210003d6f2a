"""The whole programme: frames, follow-ups of several components, the consolidated figure,
follow-ups that are an informe, and the example projects."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from typer.testing import CliRunner

from pac_cli import compute_followup, load_followup, load_plan
from pac_cli.cli import app
from pac_cli.models.frame_catalog import packaged_frames
from pac_cli.models.plan import Plan

from .conftest import CONFIG, FLOW_SECTIONS, ROOT, build_tree

D = Decimal
EXAMPLE = ROOT / "examples" / "villa-ejemplo"

# Two components: 1 has 1/3 (33,33 %) and 1/1 (100 %), total 66,665 → 66,67; 2 has 1/4 (25 %).
PLAN = """\
vigencia: 2024
componentes:
  - numero: 1
    nombre: Gestión del riesgo de corrupción
    subcomponentes:
      - numero: 1
        nombre: Mapa
        actividades:
          - {id: "1.1", actividad: Informes de monitoreo, meta_anual: 3}
          - {id: "1.2", actividad: Mapa publicado, meta_anual: 1}
  - numero: 2
    nombre: Racionalización de trámites
    subcomponentes:
      - numero: 1
        nombre: Trámites
        actividades:
          - {id: "1.1", actividad: Trámites en línea, meta_anual: 4}
"""
BOTH = """\
vigencia: 2024
corte: 2024-04-30
componentes:
  - numero: 1
    avances:
      - {actividad: "1.1", logro: 1}
      - {actividad: "1.2", logro: 1}
  - numero: 2
    avances:
      - {actividad: "1.1", logro: 1}
"""
FIRST = """\
vigencia: 2024
corte: 2024-04-30
componente: 1
avances:
  - {actividad: "1.1", logro: 1}
  - {actividad: "1.2", logro: 1}
"""
SECOND = """\
vigencia: 2024
corte: 2024-04-30
componente: 2
avances:
  - {actividad: "1.1", logro: 1}
"""


def _plan(extra: str = "", weights: tuple[str, str] | None = None,
          activity_weights: tuple[str, str, str] | None = None) -> str:
    text = PLAN + extra
    for name, weight in zip(("Gestión del riesgo de corrupción", "Racionalización de trámites"),
                            weights or (), strict=False):
        text = text.replace(f"    nombre: {name}\n", f"    nombre: {name}\n    peso: {weight}\n")
    activities = ("Informes de monitoreo", "Mapa publicado", "Trámites en línea")
    for activity, weight in zip(activities, activity_weights or (), strict=False):
        text = text.replace(f"actividad: {activity},", f"actividad: {activity}, peso: {weight},")
    return text


@pytest.mark.parametrize(
    ("extra", "weights", "activity_weights", "expected"),
    [
        # (66,67 + 25,00) / 2 = 45,835 → 45,84
        ("", None, None, "45.84"),
        # (33,33 + 100,00 + 25,00) / 3 = 52,776… → 52,78
        ("consolidado: {regla: promedio_actividades}\n", None, None, "52.78"),
        # (3 × 66,67 + 1 × 25,00) / 4 = 56,2525 → 56,25
        ("", ("3", "1"), None, "56.25"),
        # (2 × 33,33 + 1 × 100,00 + 1 × 25,00) / 4 = 47,915 → 47,92
        ("consolidado: {regla: promedio_actividades}\n", None, ("2", "1", "1"), "47.92"),
        # exact values: ((33,333… + 100) / 2 + 25) / 2 = 45,833… → 45,83, not 45,84
        ("redondeo: {promedio_de: valores_exactos}\n", None, None, "45.83"),
        # truncating the totals as well: 66,665 → 66,66; (66,66 + 25,00) / 2 = 45,83
        ("redondeo: {total: truncar}\n", None, None, "45.83"),
    ],
    ids=["components", "activities", "weighted-components", "weighted-activities",
         "exact-values", "truncated"],
)
def test_consolidated_figure_by_rule(tmp_path: Path, extra: str,
                                     weights: tuple[str, str] | None,
                                     activity_weights: tuple[str, str, str] | None,
                                     expected: str) -> None:
    build_tree(tmp_path, {"plan.yaml": _plan(extra, weights, activity_weights),
                          "f.yaml": BOTH})
    result = compute_followup(load_plan(tmp_path / "plan.yaml"), load_followup(tmp_path / "f.yaml"))
    component_totals = ["66.66" if "truncar" in extra else "66.67", "25.00"]
    assert [c.total for c in result.components] == [D(t) for t in component_totals]
    assert result.total == D(expected)


def test_the_seed_acta_gives_3376_under_every_rule(tmp_path: Path) -> None:
    text = (ROOT / "plans/2024.yaml").read_text(encoding="utf-8")
    followup = load_followup(ROOT / "followups/2024-04-30.yaml")
    for rule in ("promedio_componentes", "promedio_actividades"):
        (tmp_path / "plan.yaml").write_text(text + f"consolidado: {{regla: {rule}}}\n",
                                            encoding="utf-8")
        result = compute_followup(load_plan(tmp_path / "plan.yaml"), followup)
        assert result.components[0].total == D("33.76")
        assert result.total == D("33.76")


def test_a_cutoff_split_over_files_is_one_result(tmp_path: Path) -> None:
    build_tree(tmp_path, {"plan.yaml": PLAN, "a.yaml": FIRST, "b.yaml": SECOND})
    plan = load_plan(tmp_path / "plan.yaml")
    split = compute_followup(plan, [load_followup(tmp_path / "a.yaml"),
                                    load_followup(tmp_path / "b.yaml")])
    build_tree(tmp_path, {"both.yaml": BOTH})
    whole = compute_followup(plan, load_followup(tmp_path / "both.yaml"))
    assert split.total == whole.total == D("45.84")
    assert len(split.followups) == 2
    only = compute_followup(plan, load_followup(tmp_path / "both.yaml"), component=2)
    assert [c.component.number for c in only.components] == [2]
    assert only.total == D("25.00")


def _project(tmp_path: Path, files: dict[str, str]) -> Path:
    return build_tree(tmp_path, {"pac.yaml": CONFIG, "plans/2024.yaml": PLAN, **files})


def _validate(runner: CliRunner, root: Path, *paths: str) -> tuple[int, list[str]]:
    result = runner.invoke(app, ["validate", "-C", str(root), *paths])
    return result.exit_code, result.stdout.replace(f"{root}/", "").splitlines()


def test_validate_accepts_a_split_cutoff(tmp_path: Path, runner: CliRunner) -> None:
    root = _project(tmp_path, {"followups/a.yaml": FIRST, "followups/b.yaml": SECOND})
    assert _validate(runner, root) == (0, [])
    # one file alone is checked against the others of its cutoff
    assert _validate(runner, root, str(root / "followups/b.yaml")) == (0, [])


def test_a_component_left_out_of_the_cutoff(tmp_path: Path, runner: CliRunner) -> None:
    root = _project(tmp_path, {"followups/a.yaml": FIRST})
    code, lines = _validate(runner, root)
    assert code == 1
    assert lines == ["followups/a.yaml:2:8: error: ningún seguimiento con corte 2024-04-30 "
                     "(followups/a.yaml) reporta el componente 2 (Racionalización de trámites) "
                     "del plan plans/2024.yaml"]


def test_an_activity_left_out(tmp_path: Path, runner: CliRunner) -> None:
    root = _project(tmp_path, {"followups/a.yaml": BOTH.replace(
        '      - {actividad: "1.2", logro: 1}\n', "")})
    code, lines = _validate(runner, root)
    assert code == 1
    assert lines == ["followups/a.yaml:5:5: error: faltan en el seguimiento las actividades 1.2 "
                     "del componente 1 del plan plans/2024.yaml: repórtelas o márquelas con "
                     "«sin_avance: true»"]


def test_a_component_reported_twice_across_files(tmp_path: Path, runner: CliRunner) -> None:
    root = _project(tmp_path, {"followups/a.yaml": BOTH, "followups/b.yaml": SECOND})
    code, lines = _validate(runner, root)
    assert code == 1
    assert lines == ["followups/b.yaml:3:13: error: el componente 2 ya se reporta con corte "
                     "2024-04-30 en followups/a.yaml, línea 8"]


def test_an_activity_reported_twice_in_a_section(tmp_path: Path, runner: CliRunner) -> None:
    twice = BOTH.replace('      - {actividad: "1.2", logro: 1}\n',
                         '      - {actividad: "1.2", logro: 1}\n'
                         '      - {actividad: "1.1", logro: 2}\n')
    root = _project(tmp_path, {"followups/a.yaml": twice})
    code, lines = _validate(runner, root)
    assert code == 1
    assert lines == ["followups/a.yaml:8:21: error: la actividad 1.1 ya se reportó en la línea 6"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (BOTH.replace("corte: 2024-04-30\n", "corte: 2024-04-30\ncomponente: 1\n"),
         "1:1: error: use «componente» con «avances» (un componente) o «componentes» "
         "(varios), no ambos"),
        (FIRST.replace("avances:\n", "otros:\n").split("otros:")[0],
         "1:1: error: falta «avances»: un seguimiento lleva «componente» y «avances», o "
         "«componentes» con los avances de cada uno"),
        (BOTH + "acta: {numero: '1', fecha: 2024-05-02, hora_inicio: '08:00', hora_fin: '09:00',"
                " lugar: OCI, asistentes: [{nombre: A, cargo: B}], objetivo: C}\n"
                "informe: {fecha: 2024-05-02, autor: A, cargo: B}\n",
         "1:1: error: un seguimiento es un acta («acta») o un informe («informe»), no ambos"),
        (BOTH + "informe: {fecha: 2024-04-02, autor: A, cargo: B}\n",
         "11:18: error: la fecha del informe es anterior a la fecha de corte"),
        (BOTH + "informe: {fecha: 2024-05-10, autor: A, cargo: B, publicacion: "
                "{fecha: 2024-05-09}}\n",
         "11:71: error: la fecha de publicación es anterior a la del informe"),
    ],
    ids=["both-shapes", "no-progress", "acta-and-informe", "informe-before-cutoff",
         "published-before-signed"],
)
def test_followup_shape_and_document_rules(tmp_path: Path, runner: CliRunner, text: str,
                                           expected: str) -> None:
    root = _project(tmp_path, {"followups/a.yaml": text})
    code, lines = _validate(runner, root, str(root / "followups/a.yaml"))
    assert code == 1
    assert f"followups/a.yaml:{expected}" in lines


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("marco: pteb\n", "18:8: error: no hay un marco «pteb» (hay: paac, ptep, "
                          "servicio-ciudadano, ptep-semestral; uno propio se define en "
                          "«marcos» de pac.yaml); ¿quiso decir «ptep»?"),
        ("zonas: {media_desde: 85}\n", "18:8: error: con el marco «paac», zonas: media_desde "
                                       "debe ser menor que alta_desde"),
        ("consolidado: {regla: promedio_actividades}\n",
         "5:11: advertencia: el peso del componente 1 no se usa: la regla del consolidado es "
         "«promedio_actividades»"),
    ],
    ids=["unknown-frame", "zones-over-the-frame", "unused-weight"],
)
def test_plan_frame_rules(tmp_path: Path, runner: CliRunner, extra: str, expected: str) -> None:
    text = _plan(extra, weights=("2", "1") if "consolidado" in extra else None)
    root = build_tree(tmp_path, {"pac.yaml": CONFIG, "plans/2024.yaml": text})
    result = runner.invoke(app, ["validate", "-C", str(root), str(root / "plans/2024.yaml")])
    assert any(line.endswith(expected) for line in result.stdout.splitlines()), result.stdout


def test_a_paac_plan_after_2024_is_warned(tmp_path: Path, runner: CliRunner) -> None:
    root = build_tree(tmp_path, {"pac.yaml": CONFIG,
                                 "plans/2025.yaml": PLAN.replace("2024", "2025")})
    result = runner.invoke(app, ["validate", "-C", str(root), "--strict"])
    assert result.exit_code == 1
    assert result.stdout.endswith(
        "plans/2025.yaml:1:11: advertencia: el marco «paac» (Plan Anticorrupción y de Atención "
        "al Ciudadano) se aplica hasta la vigencia 2024; para la vigencia 2025 indique su "
        "«marco» (p. ej. «ptep», o uno propio de pac.yaml)\n")


def test_two_plans_of_a_vigencia_need_the_followups_frame(tmp_path: Path,
                                                          runner: CliRunner) -> None:
    own = CONFIG + ("marcos:\n  - id: plan-accion\n    nombre: Plan de acción\n"
                    "    norma: Concepto 654781 de 2024\n"
                    "    componentes: [{numero: 1, nombre: Servicio, nombre_corto: Servicio}]\n")
    second = PLAN.replace("vigencia: 2024\n", "vigencia: 2024\nmarco: plan-accion\n")
    root = build_tree(tmp_path, {"pac.yaml": own, "plans/2024.yaml": PLAN,
                                 "plans/2024-accion.yaml": second, "followups/a.yaml": BOTH})
    code, lines = _validate(runner, root)
    assert code == 1
    assert lines == ["followups/a.yaml:1:11: error: hay varios planes de la vigencia 2024 (marcos "
                     "paac, plan-accion): indique en «marco» cuál sigue este seguimiento"]
    build_tree(root, {"followups/a.yaml": "marco: plan-accion\n" + BOTH})
    assert _validate(runner, root) == (0, [])
    result = runner.invoke(app, ["followup", "-C", str(root), "--corte", "2024-04-30",
                                 "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["marco"] == {"id": "plan-accion", "nombre": "Plan de acción"}


def test_packaged_frames() -> None:
    paac, ptep, service, semiannual = packaged_frames()
    assert (paac.id, ptep.id, service.id, semiannual.id) == (
        "paac", "ptep", "servicio-ciudadano", "ptep-semestral")
    # the 2026 service strategy: four components, its cutoffs the PAAC's, said as supuestos
    assert [c.number for c in service.components] == [1, 2, 3, 4]
    assert service.first_year == 2025 and "seguimiento" in service.marked_defaults
    assert [c.number for c in paac.components] == [1, 2, 3, 4, 5, 6]
    assert paac.component(4) is not None
    assert paac.component(4).name == "Mecanismos para mejorar la atención al ciudadano"  # type: ignore[union-attr]
    assert paac.schedule.cutoffs == ptep.schedule.cutoffs == ["04-30", "08-31", "12-31"]
    # what no norm fixes for the PTEP is said, not silently copied
    assert "seguimiento" in ptep.marked_defaults and "consolidado" in paac.marked_defaults
    # literal b) of art. 73 as amended names the proliferation of weapons; the list itself is
    # what the programme «contemplará, entre otras cosas», a supuesto
    assert "proliferación de armas" in ptep.components[1].name
    assert "entre otras cosas" in ptep.marked_defaults["componentes"]
    # Función Pública's practice: two cutoffs, 30 calendar days; the rest is the PTEP's
    assert (semiannual.schedule.cutoffs, semiannual.schedule.publication_days,
            semiannual.schedule.business_days) == (["06-30", "12-31"], 30, False)
    assert (semiannual.components, semiannual.zones, semiannual.based_on) == \
        (ptep.components, ptep.zones, "ptep")
    assert "componentes" in semiannual.marked_defaults
    assert paac.plan_publication is not None and ptep.plan_publication is not None
    assert paac.plan_publication.day == ptep.plan_publication.day == "01-31"
    assert "2.2.22.3.14" in ptep.plan_publication.basis
    # a plan without a frame is a PAAC plan, with the acta's policy
    assert Plan.model_validate({"vigencia": 2024, "componentes": [
        {"numero": 4, "nombre": "x", "subcomponentes": [
            {"nombre": "s", "actividades": [{"actividad": "a"}]}]}]}).frame_id == "paac"


# --- the example project of a fictional entity ---------------------------------------


def _followup_json(runner: CliRunner, cutoff: str, *extra: str) -> dict[str, object]:
    result = runner.invoke(app, ["followup", "-C", str(EXAMPLE), "--corte", cutoff, "-f", "json",
                                 *extra])
    assert result.exit_code == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_example_validates_without_warnings(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", "-C", str(EXAMPLE), "--strict"])
    assert result.exit_code == 0, result.stdout
    assert result.stderr.startswith("12 archivos revisados: 0 errores, 0 advertencias")


def test_example_paac_of_six_components(runner: CliRunner) -> None:
    data = _followup_json(runner, "2024-12-31")
    components = data["componentes"]
    assert isinstance(components, list)
    assert [(c["numero"], c["total"]["porcentaje"]) for c in components] == [
        (1, "88.89"), (2, "54.17"), (3, "65.63"), (4, "93.50"), (5, "53.33"), (6, "85.00")]
    # (88,89 + 54,17 + 65,63 + 93,50 + 53,33 + 85,00) / 6 = 440,52 / 6 = 73,42
    assert data["total"] == {"porcentaje": "73.42", "zona": "media",
                             "regla": "promedio_componentes", "ponderado": False,
                             "componentes": 6, "actividades": 17}
    assert data["plazo_publicacion"] == "2025-01-16"
    documents = data["documentos"]
    assert isinstance(documents, list)
    assert documents[0].pop("archivo").endswith("villa-ejemplo/followups/2024-12-31.yaml")
    assert documents == [{
        "tipo": "informe",
        "numero": "OCI-2025-004", "fecha": "2025-01-14", "fecha_publicacion": "2025-01-15",
        "dentro_del_plazo": True, "componentes": [1, 2, 3, 4, 5, 6]}]


def test_example_ptep_split_over_two_files(runner: CliRunner) -> None:
    data = _followup_json(runner, "2025-04-30")
    assert data["marco"] == {"id": "ptep", "nombre": "Programa de Transparencia y Ética Pública"}
    assert len(data["seguimientos"]) == 2  # type: ignore[arg-type]
    # (33,33 + 100,00 + 25,00 + 62,50 + 16,67 + 20,00) / 6 = 257,50 / 6 = 42,916… → 42,92
    assert data["total"]["porcentaje"] == "42.92"  # type: ignore[index]
    assert data["plazo_publicacion"] == "2025-05-15"
    narrowed = _followup_json(runner, "2025-04-30", "--componente", "4")
    assert narrowed["total"]["porcentaje"] == "62.50"  # type: ignore[index]


def test_example_own_frame_sets_its_cutoffs(runner: CliRunner) -> None:
    data = _followup_json(runner, "2025-06-30")
    assert data["marco"]["id"] == "plan-accion-atencion"  # type: ignore[index]
    # the four policies of Concepto 654781 de 2024, each a component of the frame
    components = data["componentes"]
    assert [c["nombre"] for c in components] == [  # type: ignore[attr-defined]
        "Servicio al ciudadano", "Racionalización de trámites",
        "Participación ciudadana en la gestión pública", "Gobierno digital"]
    # servicio: 4.100/8.000 = 51,25; 1/2 = 50,00; 45/60 = 75,00 → 176,25 / 3 = 58,75
    assert [c["total"]["porcentaje"] for c in components] == [  # type: ignore[attr-defined]
        "58.75", "25.00", "75.00", "30.00"]
    # (58,75 + 25,00 + 75,00 + 30,00) / 4 = 47,1875 → 47,19
    assert data["total"]["porcentaje"] == "47.19"  # type: ignore[index]
    # 10 business days counted from the cutoff; 30 June 2025 is itself a holiday
    assert data["plazo_publicacion"] == "2025-07-14"
    result = runner.invoke(app, ["followup", "-C", str(EXAMPLE), "--corte", "2025-06-30"])
    assert "(se comparó la fecha del informe; no se indicó la de publicación)" in \
        " ".join(result.stdout.split())


def test_example_table_names_every_component(runner: CliRunner) -> None:
    result = runner.invoke(app, ["followup", "-C", str(EXAMPLE), "--corte", "2024-12-31"],
                           env={"COLUMNS": "160"})
    assert result.exit_code == 0
    out = result.stdout
    for number in range(1, 7):
        assert f"TOTAL DEL COMPONENTE {number}" in out
    assert "CONSOLIDADO DEL PLAN AL 31 DE DICIEMBRE DE 2024: 73,42 %" in out
    assert ("Consolidado: 6 componentes: (88,89 + 54,17 + 65,63 + 93,50 + 53,33 + 85,00) / 6 "
            "= 73,42 %") in out
    sentence = " ".join(out.split())
    assert ("El porcentaje de avance de la actividad 1.1 del componente 6 es el que asignó quien "
            "evalúa, con su justificación; la actividad 3.1 del componente 3 no tiene avance y "
            "cuenta 0 %; el de las demás actividades es el logro dividido por la meta anual"
            ) in sentence
    assert "70,00 % (asignado)" in out


# --- documents of the whole programme -------------------------------------------------


def _render(runner: CliRunner, root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["render", *args, "-C", str(root)])
    return result.exit_code, result.stderr


def test_an_informe_renders_and_the_acta_is_refused(tmp_path: Path, runner: CliRunner) -> None:
    for fmt in ("md", "html", "xlsx"):
        out = tmp_path / f"informe.{fmt}"
        assert _render(runner, EXAMPLE, "informe", "--corte", "2024-12-31", "-f", fmt,
                       "-o", str(out)) == (0, f"escrito {out}\n")
    md = (tmp_path / "informe.md").read_text(encoding="utf-8")
    assert "73,42\u00a0%" in md  # every «%» on the line of its figure
    md = md.replace("\u00a0", " ")
    assert ("Informe N° OCI-2025-004 del **14 de enero de 2025**, firmado por María Fernanda "
            "Rojas Gil, Jefe de la Oficina de Control Interno; revisó Andrés Felipe Mora Díaz"
            ) in md
    assert "| **CONSOLIDADO DEL PLAN AL 31 DE DICIEMBRE DE 2024** | 17 | **73,42 %** |" in md
    for number, total in ((1, "88,89 %"), (6, "85,00 %")):
        assert f"| **TOTAL DEL COMPONENTE {number}** | | | | | | **{total}** |" in md
    ws = openpyxl.load_workbook(tmp_path / "informe.xlsx").active
    assert ws is not None
    cells = {v.replace("\u00a0", " ") if isinstance(v := ws.cell(r, c).value, str) else v
             for r in range(1, ws.max_row + 1) for c in (1, 11)}
    assert "CONSOLIDADO DEL PLAN AL 31 DE DICIEMBRE DE 2024" in cells
    assert ("Consolidado: 6 componentes: (88,89 + 54,17 + 65,63 + 93,50 + 53,33 + 85,00) / 6 = "
            "73,42 %") in cells
    code, err = _render(runner, EXAMPLE, "acta", "--corte", "2024-12-31", "-o",
                        str(tmp_path / "acta.docx"))
    assert code == 1
    assert err.endswith("villa-ejemplo/followups/2024-12-31.yaml: error: el seguimiento con "
                        "corte 2024-12-31 no tiene acta («acta»): es un informe; produzca el "
                        "informe con pac render informe\n")
    assert err.count("\n") == 1
    assert not (tmp_path / "acta.docx").exists()


def test_an_acta_of_several_components(tmp_path: Path, runner: CliRunner) -> None:
    acta = ("acta: {numero: 2025-002, fecha: 2025-01-14, hora_inicio: '08:00', "
            "hora_fin: '10:00', lugar: OCI, asistentes: [{nombre: Ana Ruiz, cargo: Jefe OCI}], "
            "objetivo: Seguimiento a los seis componentes, conclusiones: 'Avance del {total}.', "
            + FLOW_SECTIONS + "}\n")
    followup = (EXAMPLE / "followups/2024-12-31.yaml").read_text(encoding="utf-8")
    followup = followup[:followup.index("informe:")] + acta + \
        followup[followup.index("componentes:"):]
    config = (EXAMPLE / "pac.yaml").read_text(encoding="utf-8") + (
        "formato_acta: {proceso: GESTION DOCUMENTAL, codigo: F-1, formato: ACTA DE REUNION, "
        "version: '01', fecha: 2020-01-01}\n")
    root = build_tree(tmp_path / "p", {
        "pac.yaml": config, "plans/2024.yaml": (EXAMPLE / "plans/2024.yaml").read_text(),
        "riesgos/2024.yaml": (EXAMPLE / "riesgos/2024.yaml").read_text(encoding="utf-8"),
        "followups/2024-12-31.yaml": followup})
    out = tmp_path / "acta.docx"
    assert _render(runner, root, "acta", "--corte", "2024-12-31", "-o", str(out))[0] == 0
    document = Document(str(out))
    rows = [[c.text.replace("\u00a0", " ") for c in row.cells]
            for row in document.tables[0].rows]
    titles = [r[0] for r in rows if r[0].startswith("Componente ")]
    assert titles[0] == "Componente 1: Gestión del riesgo de corrupción – mapa de riesgos de " \
        "corrupción"
    assert len(titles) == 6
    totals = [(r[0], r[5]) for r in rows if r[0].startswith(("TOTAL", "CONSOLIDADO"))]
    assert totals == [("TOTAL DEL COMPONENTE 1", "88,89 %"), ("TOTAL DEL COMPONENTE 2", "54,17 %"),
                      ("TOTAL DEL COMPONENTE 3", "65,63 %"), ("TOTAL DEL COMPONENTE 4", "93,50 %"),
                      ("TOTAL DEL COMPONENTE 5", "53,33 %"), ("TOTAL DEL COMPONENTE 6", "85,00 %"),
                      ("CONSOLIDADO DEL PLAN AL 31 DE DICIEMBRE DE 2024", "73,42 %")]
    assert "Avance del 73,42\u00a0%." in [p.text for p in document.paragraphs]
    assert any(r[5] == "70,00 % (asignado)" for r in rows)


def test_example_consolidated_by_activities(tmp_path: Path) -> None:
    """The manual's second figure: the same follow-up averaged over its 17 activities."""
    text = (EXAMPLE / "plans/2024.yaml").read_text(encoding="utf-8")
    (tmp_path / "plan.yaml").write_text(text + "consolidado: {regla: promedio_actividades}\n",
                                        encoding="utf-8")
    result = compute_followup(load_plan(tmp_path / "plan.yaml"),
                              load_followup(EXAMPLE / "followups/2024-12-31.yaml"))
    assert sum(a.percentage for a in result.activities) == D("1247.98")
    assert result.total == D("73.41")


def test_diff_of_a_plan_of_several_components(tmp_path: Path, runner: CliRunner) -> None:
    """Activity ids repeat across components: the diff and its impact name the component."""
    old = EXAMPLE / "plans/2024.yaml"
    new = tmp_path / "2024.yaml"
    new.write_text(old.read_text(encoding="utf-8").replace("meta_anual: 6000",
                                                           "meta_anual: 5000"), encoding="utf-8")
    result = runner.invoke(app, ["diff", str(old), str(new), "-C", str(EXAMPLE)])
    assert result.exit_code == 0, result.stderr
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert ("Seguimiento con corte al 31 de diciembre de 2024: total 73,42 % → 73,44 % "
            "(+0,02 puntos)") in lines
    assert "4·1.1: 99,66 % → 100,00 %" in lines
    assert "4·1.1 Atender a la ciudadanía por el chat del siti…" in lines
