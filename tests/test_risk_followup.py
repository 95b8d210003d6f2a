"""The risk map followed up at a cutoff: each control executed, each action's progress, the
materialised risks, each risk's «nivel de cumplimiento» (RISKMAP.md's supuesto: actions done ÷
actions due, or the mean of their progress), checked against the map at its lines, shown by
`pac riesgos --corte` and carried by the cutoff's informe and acta."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from pac_cli.cli import app
from pac_cli.compute.risk_followup import ActionStatus, compliance
from pac_cli.models.risk_map import Action
from pac_cli.models.risk_method import Compliance

from .conftest import ROOT

VILLA = ROOT / "examples/villa-ejemplo"


def _action(progress: int | None, due: bool, number: int = 1) -> ActionStatus:
    from pac_cli.models.followup import ActionCheck

    check = None if progress is None else ActionCheck.model_validate(
        {"accion": number, "avance": progress})
    return ActionStatus(number, Action.model_validate({"accion": "Hacer"}), check,
                        dt.date(2024, 6, 30), due)


def test_compliance_is_actions_done_over_actions_due() -> None:
    actions = (_action(100, True), _action(80, True, 2), _action(100, False, 3),
               _action(None, False, 4))
    assert compliance(actions, "acciones_cumplidas") == Decimal("50.00")
    assert compliance(actions, "promedio_avance") == Decimal("70.00")  # 280 / 4


def test_a_risk_with_nothing_due_has_no_level_not_zero() -> None:
    assert compliance((_action(30, False),), "acciones_cumplidas") is None
    assert compliance((), "acciones_cumplidas") is None
    assert compliance((), "promedio_avance") is None


def test_a_third_rounds_half_up_once() -> None:
    actions = (_action(100, True), _action(0, True, 2), _action(0, True, 3))
    assert compliance(actions, "acciones_cumplidas") == Decimal("33.33")
    assert compliance((_action(100, True), _action(100, True, 2), _action(0, True, 3)),
                      "acciones_cumplidas") == Decimal("66.67")


@given(st.lists(st.tuples(st.integers(0, 100), st.booleans()), min_size=1, max_size=12))
def test_compliance_is_a_percentage(items: list[tuple[int, bool]]) -> None:
    actions = tuple(_action(p, due, i) for i, (p, due) in enumerate(items, start=1))
    rules: tuple[Compliance, ...] = ("acciones_cumplidas", "promedio_avance")
    for rule in rules:
        level = compliance(actions, rule)
        assert level is None or Decimal(0) <= level <= Decimal(100)
    if all(p == 100 for p, _ in items) and any(due for _, due in items):
        assert compliance(actions, "acciones_cumplidas") == Decimal(100)


def _json(runner: CliRunner, project: Path, *args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["riesgos", *args, "-f", "json", "-C", str(project)])
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_the_example_map_at_its_three_cutoffs(runner: CliRunner) -> None:
    april = _json(runner, VILLA, "--corte", "2024-04-30")
    august = _json(runner, VILLA, "--corte", "2024-08-31")
    december = _json(runner, VILLA, "2024", "--corte", "ultimo")
    assert (april["corte"], august["corte"], december["corte"]) == \
        ("2024-04-30", "2024-08-31", "2024-12-31")
    levels = {c: {r["referencia"]: r["seguimiento"]["nivel_cumplimiento"] for r in d["riesgos"]}
              for c, d in (("abr", april), ("ago", august), ("dic", december))}
    # R1's action was due on 31 March and done; R4's on 31 July, at 80 % in August
    assert levels["abr"]["R1"] == "100.00" and levels["abr"]["R4"] is None
    assert levels["ago"]["R4"] == "0.00" and levels["dic"]["R4"] == "100.00"
    assert levels["dic"]["R7"] == "0.00"  # due 31 December, at 60 %
    assert levels["dic"]["R8"] is None  # Evitar, without actions
    assert august["resumen"]["materializados"] == ["R3"]
    assert august["resumen"]["acciones_atrasadas"] == [
        {"riesgo": "R4", "accion": 1, "vence": "2024-07-31", "avance": "80"}]
    assert december["resumen"]["acciones_atrasadas"][0]["riesgo"] == "R7"
    r4 = next(r for r in august["riesgos"] if r["referencia"] == "R4")["seguimiento"]
    assert r4["controles"] == [{"numero": "1", "ejecutado": True},
                               {"numero": "2", "ejecutado": False}]
    # the map's own figures are the same at every cutoff
    assert [r["residual"] for r in april["riesgos"]] == [r["residual"] for r in
                                                         december["riesgos"]]


def test_the_table_puts_materialised_risks_first(runner: CliRunner) -> None:
    result = runner.invoke(app, ["riesgos", "--corte", "2024-08-31", "-C", str(VILLA)],
                           env={"COLUMNS": "140"})
    assert result.exit_code == 0, result.stderr
    follow = result.stdout[result.stdout.index("Seguimiento con corte"):]
    assert follow.index("R3") < follow.index("R1")
    assert "Riesgos materializados: R3: Un ciudadano denunció" in " ".join(follow.split())
    assert "Acciones atrasadas al corte: R4, acción 1 (vencía el 31 de julio de 2024" in \
        " ".join(follow.split())


def test_csv_carries_the_follow_up(runner: CliRunner) -> None:
    result = runner.invoke(app, ["riesgos", "--corte", "2024-12-31", "-f", "csv", "-C",
                                 str(VILLA)])
    header, *rows = result.stdout.splitlines()
    assert header.endswith("corte,controles_ejecutados,acciones_vencidas_al_corte,"
                           "acciones_atrasadas,nivel_cumplimiento,materializado")
    r7 = next(r for r in rows if r.startswith("R7,"))
    assert r7.endswith("2024-12-31,0,1,1,0.00,no")


@pytest.fixture
def villa(tmp_path: Path) -> Path:
    return Path(shutil.copytree(VILLA, tmp_path / "villa"))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _validate(runner: CliRunner, project: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["validate", "-C", str(project)])
    return result.exit_code, result.stdout + result.stderr


def _line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text in line)


def test_a_reference_the_map_does_not_have_is_refused_at_its_line(runner: CliRunner,
                                                                   villa: Path) -> None:
    path = villa / "followups/2024-08-31.yaml"
    _edit(path, "      - referencia: R9\n", "      - referencia: R99\n")
    code, out = _validate(runner, villa)
    line = _line_of(path, "referencia: R99")
    assert code == 1
    assert f"2024-08-31.yaml:{line}:21: error: el mapa de riesgos 2024 no tiene el " \
           "riesgo «R99»; ¿quiso decir R9?" in out
    # and the risk it left out is said, as a warning
    assert "sin seguimiento en este corte: R9" in out
    result = runner.invoke(app, ["riesgos", "--corte", "2024-08-31", "-C", str(villa)])
    assert result.exit_code == 1 and "R99" in result.stderr  # what validate refuses…


def test_controls_and_actions_are_the_maps(runner: CliRunner, villa: Path) -> None:
    path = villa / "followups/2024-04-30.yaml"
    _edit(path, "          - {accion: 1, avance: 60}", "          - {accion: 2, avance: 60}")
    _edit(path, "      - referencia: R2\n        controles:\n          - {control: 1,",
          "      - referencia: R2\n        controles:\n          - {control: 3,")
    code, out = _validate(runner, villa)
    assert code == 1
    assert "riesgo R2: el mapa no tiene el control 3 (tiene: 1)" in out
    assert "riesgo R9: el mapa le da 1 acciones, no hay una acción 2" in out


def test_a_materialised_risk_says_what_happened(runner: CliRunner, villa: Path) -> None:
    path = villa / "followups/2024-04-30.yaml"
    _edit(path, "      - referencia: R6\n", "      - referencia: R6\n        materializado: true\n")
    code, out = _validate(runner, villa)
    assert code == 1
    assert "un riesgo materializado necesita «hechos»" in out


def test_a_follow_up_of_a_vigencia_without_a_map_is_refused(runner: CliRunner,
                                                            villa: Path) -> None:
    (villa / "riesgos/2024.yaml").unlink()
    code, out = _validate(runner, villa)
    assert code == 1
    assert "no hay un mapa de riesgos de la vigencia 2024 en riesgos/" in out


def test_one_file_of_the_cutoff_follows_the_map(runner: CliRunner, villa: Path) -> None:
    original = villa / "followups/2024-12-31.yaml"
    text = original.read_text(encoding="utf-8")
    tail = text[text.index("mapa_riesgos:"):]
    (villa / "followups/2024-12-31-bis.yaml").write_text(
        "vigencia: 2024\ncorte: 2024-12-31\ncomponente: 6\navances:\n"
        "  - {actividad: \"1.2\", logro: 2}\n" + tail, encoding="utf-8")
    original.write_text(text.replace('''      - actividad: "1.2"
        logro: 2''', '''      - actividad: "1.1"
        porcentaje: 70
        justificacion: Igual.''').replace(
        '''  - numero: 6
    avances:
      - actividad: "1.1"
        porcentaje: 70''', '''  - numero: 6
    avances:
      - actividad: "1.1"
        porcentaje: 70'''), encoding="utf-8")
    _, out = _validate(runner, villa)
    assert "el mapa de riesgos ya tiene su seguimiento con corte 2024-12-31" in out


def test_a_follow_up_that_leaves_a_risk_out_is_a_draft(runner: CliRunner, villa: Path,
                                                      tmp_path: Path) -> None:
    path = villa / "followups/2024-12-31.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("      - referencia: R9")
    path.write_text(text[:start], encoding="utf-8")
    code, out = _validate(runner, villa)
    assert code == 0 and "sin seguimiento en este corte: R9" in out  # a warning
    result = runner.invoke(app, ["render", "informe", "--corte", "2024-12-31", "-f", "html",
                                 "-o", str(tmp_path / "i.html"), "-C", str(villa)])
    assert result.exit_code == 1
    assert "el seguimiento al mapa de riesgos no tiene R9" in result.stderr
    assert not (tmp_path / "i.html").exists()


def test_the_informe_carries_the_maps_follow_up(runner: CliRunner, tmp_path: Path) -> None:
    page = tmp_path / "informe.html"
    result = runner.invoke(app, ["render", "informe", "--corte", "2024-08-31", "-f", "html",
                                 "-o", str(page), "-C", str(VILLA)])
    assert result.exit_code == 0, result.stderr
    html = page.read_text(encoding="utf-8")
    section = html[html.index('<section class="riesgos"'):]
    assert "Seguimiento al mapa de riesgos de corrupción" in section
    # heat maps as tables: the zone in words and the count in every cell
    assert section.count('<table class="calor">') == 2
    assert '<td class="calor-extrem">Extremo: <strong>1</strong></td>' in section
    assert '<td class="calor-baj">Bajo: 0</td>' in section
    assert section.index(">R3<") < section.index(">R1<")  # materialised first
    assert '<meta name="pac-mapa-riesgos" content="riesgos/2024.yaml">' in html
    md = runner.invoke(app, ["render", "informe", "--corte", "2024-08-31", "-f", "md", "-o",
                             "-", "-C", str(VILLA)]).stdout
    assert "\n## Seguimiento al mapa de riesgos de corrupción\n" in md
    assert "| **Baja** | Bajo: 0 | Moderado: 0 | Moderado: **2** | Alto: **1** | " \
           "Extremo: **1** |" in md
    assert "mapa-sha256=" in md


ACTA = """acta:
  numero: OCI-2024-048
  fecha: 2024-09-10
  ciudad: Villa Ejemplo
  hora_inicio: "09:00"
  hora_fin: "11:00"
  lugar: Oficina de Control Interno
  asistentes:
    - {nombre: María Fernanda Rojas Gil, cargo: Jefe de la Oficina de Control Interno}
  objetivo: Seguimiento al plan y al mapa de riesgos con corte al {corte}.
  orden_del_dia: [Verificación de evidencias, Seguimiento al mapa de riesgos]
  introduccion: [Se revisaron las evidencias del plan y del mapa de riesgos.]
  metodologia: [Se revisó cada actividad, cada control y cada acción.]
  conclusiones: El cumplimiento del plan al corte es {total}.
  recomendaciones: [Cumplir la acción atrasada del riesgo R4.]
  cierre: Se cierra la reunión.
"""

FORM = """formato_acta:
  proceso: CONTROL INTERNO
  codigo: FOR-01-CI
  formato: ACTA DE REUNION
  version: "01"
  fecha: 2020-01-15
"""


def with_acta(villa: Path) -> Path:
    """The example with the August follow-up signed as an acta (its own format)."""
    path = villa / "followups/2024-08-31.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[:text.index("informe:")] + ACTA + text[text.index("componentes:"):],
                    encoding="utf-8")
    _edit(villa / "pac.yaml", "marcos:\n", FORM + "marcos:\n")
    return villa


def test_the_acta_carries_the_maps_follow_up(runner: CliRunner, villa: Path,
                                             tmp_path: Path) -> None:
    out = tmp_path / "acta.docx"
    result = runner.invoke(app, ["render", "acta", "--corte", "2024-08-31", "-o", str(out),
                                 "-C", str(with_acta(villa))])
    assert result.exit_code == 0, result.stderr
    document = Document(str(out))
    texts = [p.text for p in document.paragraphs]
    assert "Seguimiento al mapa de riesgos de corrupción" in texts
    heat = [t for t in document.tables if t.rows[0].cells[0].text == "Probabilidad / impacto"]
    assert len(heat) == 2
    inherent = [[c.text for c in row.cells] for row in heat[0].rows]
    assert inherent[0] == ["Probabilidad / impacto", "Leve", "Menor", "Moderado", "Mayor",
                           "Catastrófico"]
    assert inherent[2] == ["Alta", "Moderado: 0", "Moderado: 1", "Alto: 0", "Alto: 0",
                           "Extremo: 1"]
    risks = next(t for t in document.tables if t.rows[0].cells[0].text == "Ref.")
    assert [row.cells[0].text for row in risks.rows[1:3]] == ["R3", "R1"]
    assert document.core_properties.keywords.count("mapa-sha256=") == 1


def test_the_calendar_shows_the_maps_publication_and_follow_ups(runner: CliRunner,
                                                               tmp_path: Path) -> None:
    result = runner.invoke(app, ["calendar", "2024", "-f", "json", "--hoy", "2025-03-01", "-C",
                                 str(VILLA)])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["publicacion_mapas"] == [{
        "mapa": data["publicacion_mapas"][0]["mapa"], "vigencia": 2024,
        "plazo": "2024-01-31", "norma": data["publicacion_mapas"][0]["norma"],
        "publicado": "2024-01-31",
        "enlace": "https://villa-ejemplo.example/transparencia/mapa-riesgos-2024",
        "estado": "publicado a tiempo"}]
    assert data["publicacion_mapas"][0]["mapa"].endswith("riesgos/2024.yaml")
    assert [c["mapa_riesgos"] for c in data["cortes"]] == [True, True, True]
    ics = tmp_path / "c.ics"
    result = runner.invoke(app, ["calendar", "2024", "-f", "ics", "-o", str(ics), "--hoy",
                                 "2025-03-01", "-C", str(VILLA)])
    assert result.exit_code == 0, result.stderr
    text = ics.read_bytes().decode("utf-8").replace("\r\n ", "")
    assert "SUMMARY:Vence la publicación del mapa de riesgos de corrupción 2024" in text
    assert text.count("Incluye el seguimiento al mapa de riesgos de corrupción.") == 3


def test_diff_of_two_maps_shows_the_residual_a_removed_control_raises(runner: CliRunner,
                                                                      tmp_path: Path) -> None:
    old = (VILLA / "riesgos/2024.yaml").read_text(encoding="utf-8")
    start = old.index("  - referencia: R4")
    first = old.index("      - numero: 1", start)
    second = old.index("      - numero: 2", first)
    new = old[:first] + old[second:]  # R4 loses its corrective control, keeps the preventive
    (tmp_path / "antes.yaml").write_text(old, encoding="utf-8")
    (tmp_path / "ahora.yaml").write_text(new, encoding="utf-8")
    result = runner.invoke(app, ["diff", str(tmp_path / "antes.yaml"),
                                 str(tmp_path / "ahora.yaml"), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    (entry,) = json.loads(result.stdout)
    assert entry["tipo"] == "riesgos"
    (change,) = entry["riesgos"]
    assert (change["referencia"], change["controles_quitados"]) == ("R4", ["1"])
    assert (change["zona_residual_antes"], change["zona_residual_despues"], change["sube"]) == \
        ("Moderado", "Alto", True)
    assert change["detalle"][0] == "R4: se quitó el control 1 (correctivo manual)"
    assert change["detalle"][1] == ("residual: probabilidad Baja (24,0\u00a0%) → Baja "
                                    "(24,0\u00a0%), impacto Moderado (60,0\u00a0%) → Mayor "
                                    "(80,0\u00a0%), zona Moderado → Alto (sube)")


OWN_METHOD = """metodos:
  - id: dafp-2020-villa
    basado_en: dafp-2020
    nombre: Política de administración del riesgo de Villa Ejemplo
    cumplimiento: promedio_avance
    probabilidad:
      - {nivel: Muy baja, porcentaje: 20, hasta: 2}
      - {nivel: Baja, porcentaje: 40, hasta: 12}
      - {nivel: Media, porcentaje: 60, hasta: 500}
      - {nivel: Alta, porcentaje: 80, hasta: 5000}
      - {nivel: Muy alta, porcentaje: 100}
    supuestos:
      probabilidad: La política de la entidad pone el borde de Baja en 12 veces al año.
"""


def test_an_entity_overrides_a_methods_supuestos_in_pac_yaml(runner: CliRunner,
                                                             villa: Path) -> None:
    _edit(villa / "pac.yaml", "marcos:\n", OWN_METHOD + "marcos:\n")
    _edit(villa / "riesgos/2024.yaml", "metodo: dafp-2020", "metodo: dafp-2020-villa")
    # R4 is done 20 times a year: Baja in the guide, Media with the entity's edge at 12
    code, out = _validate(runner, villa)
    assert code == 1
    assert "riesgo R4: el mapa publicó 24,0 % y el método dafp-2020-villa da 36,0 %" in out
    _edit(villa / "riesgos/2024.yaml", "probabilidad_residual: 24,", "probabilidad_residual: 36,")
    # December's R7 was signed at 0 % (1 action due, not done): its one action is at 60 %
    assert "se firmó un nivel de cumplimiento de 0,00" in _validate(runner, villa)[1]
    _edit(villa / "followups/2024-12-31.yaml", "nivel_firmado: 0", "nivel_firmado: 60")
    assert _validate(runner, villa)[0] == 0
    data = _json(runner, villa, "--corte", "2024-08-31")
    assert data["metodo"] == {"id": "dafp-2020-villa",
                              "nombre": "Política de administración del riesgo de Villa Ejemplo"}
    assert data["cumplimiento"] == "promedio_avance"
    r4 = next(r for r in data["riesgos"] if r["referencia"] == "R4")
    assert r4["inherente"]["probabilidad"] == {"nivel": "Media", "porcentaje": "60"}
    assert r4["seguimiento"]["nivel_cumplimiento"] == "80.00"  # its one action at 80 %


def test_an_own_method_that_is_not_whole_is_refused_at_its_line(runner: CliRunner,
                                                                 villa: Path) -> None:
    text = OWN_METHOD.replace("      - {nivel: Muy alta, porcentaje: 100}\n", "")
    _edit(villa / "pac.yaml", "marcos:\n", text + "marcos:\n")
    code, out = _validate(runner, villa)
    line = _line_of(villa / "pac.yaml", "    probabilidad:")
    assert code == 1
    assert f"pac.yaml:{line + 1}:" in out
    assert "el método «dafp-2020-villa» no queda completo sobre «dafp-2020»" in out


def test_followup_new_carries_the_maps_follow_up_to_update(runner: CliRunner,
                                                          villa: Path, tmp_path: Path) -> None:
    (villa / "followups/2024-12-31.yaml").unlink()
    result = runner.invoke(app, ["followup", "new", "--corte", "2024-12-31", "-C", str(villa)])
    assert result.exit_code == 0, result.stderr
    text = (villa / "followups/2024-12-31.yaml").read_text(encoding="utf-8")
    risks = text[text.index("mapa_riesgos:"):]
    assert risks.count("por_actualizar: true") == 9
    code, out = _validate(runner, villa)
    assert code == 0
    assert "9 riesgos del mapa siguen «por_actualizar» (R1, R2, R3" in out
    result = runner.invoke(app, ["render", "informe", "--corte", "2024-12-31", "-f", "md",
                                 "-o", str(tmp_path / "i.md"), "-C", str(villa)])
    assert result.exit_code == 1
    assert "el riesgo R1 sigue «por_actualizar»" in result.stderr


def test_the_first_follow_up_of_a_vigencia_lists_the_maps_risks(runner: CliRunner,
                                                                villa: Path) -> None:
    for old in (villa / "followups").glob("2024-*.yaml"):
        old.unlink()
    result = runner.invoke(app, ["followup", "new", "--corte", "2024-04-30", "-C", str(villa)])
    assert result.exit_code == 0, result.stderr
    text = (villa / "followups/2024-04-30.yaml").read_text(encoding="utf-8")
    risks = text[text.index("mapa_riesgos:"):]
    assert "    - referencia: R1\n      controles:\n        - {control: 1, ejecutado: false}\n" \
           "        - {control: 2, ejecutado: false}\n      acciones:\n" \
           "        - {accion: 1, avance: 0}\n      por_actualizar: true\n" in risks
    assert risks.count("por_actualizar: true") == 9
    assert _validate(runner, villa)[0] == 0


def test_the_informes_workbook_carries_the_map_and_its_heat_maps(runner: CliRunner,
                                                                 tmp_path: Path) -> None:
    from openpyxl import load_workbook

    book = tmp_path / "informe.xlsx"
    result = runner.invoke(app, ["render", "informe", "--corte", "2024-08-31", "-o", str(book),
                                 "-C", str(VILLA)])
    assert result.exit_code == 0, result.stderr
    workbook = load_workbook(book)
    assert workbook.sheetnames[-2:] == ["Mapa de riesgos", "Mapas de calor"]
    risks = workbook["Mapa de riesgos"]
    assert [risks.cell(r, 1).value for r in (5, 6)] == ["R3", "R1"]  # materialised first
    heat = workbook["Mapas de calor"]
    cells = [[heat.cell(r, c).value for c in range(1, 7)] for r in range(1, heat.max_row + 1)]
    assert ["Baja", "Bajo: 0", "Moderado: 0", "Moderado: 2", "Alto: 1", "Extremo: 1"] in cells


def test_a_signed_nivel_de_cumplimiento_never_moves_silently(runner: CliRunner,
                                                             villa: Path) -> None:
    assert _validate(runner, villa)[0] == 0  # R7 signed at 0 % in December, as computed
    # later, someone moves R7's action to 2025: December's signed level would change
    _edit(villa / "riesgos/2024.yaml", "fecha_implementacion: 2024-12-31",
          "fecha_implementacion: 2025-03-31")
    code, out = _validate(runner, villa)
    line = _line_of(villa / "followups/2024-12-31.yaml", "nivel_firmado: 0")
    assert code == 1
    assert f"2024-12-31.yaml:{line}:24: error: riesgo R7: se firmó un nivel de cumplimiento de " \
           "0,00" in out
    assert "y con el mapa y este seguimiento da ningún nivel (no hay acciones que medir)" in out
