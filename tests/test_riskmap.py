"""The corruption risk map: Función Pública's method (dafp-2020) and the 2015 scheme, as
`../shared/RISKMAP.md` gives their tables; the maps validated at their lines and shown by
`pac riesgos`."""

from __future__ import annotations

import itertools
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pac_cli.cli import app
from pac_cli.compute.risk_engine import (
    RiskInputError,
    compute_risk,
    consequence_band,
    corruption_consequence,
    likelihood_band,
    likelihood_of_frequency,
    score_zone,
    zone,
)
from pac_cli.models.risk_map import Risk
from pac_cli.models.risk_method import DafpMethod, Method2015, risk_methods

from .conftest import ROOT, build_tree

VILLA = ROOT / "examples/villa-ejemplo"

def _methods() -> tuple[DafpMethod, Method2015]:
    dafp, old = risk_methods()["dafp-2020"], risk_methods()["corrupcion-2015"]
    assert isinstance(dafp, DafpMethod) and isinstance(old, Method2015)
    return dafp, old


DAFP, OLD = _methods()

LIKELIHOODS = ["Muy baja", "Baja", "Media", "Alta", "Muy alta"]
IMPACTS = ["Leve", "Menor", "Moderado", "Mayor", "Catastrófico"]
# RISKMAP.md's heat map, written out again here (rows probability, columns impact)
HEAT = {
    "Muy alta": ["Alto", "Alto", "Alto", "Alto", "Extremo"],
    "Alta": ["Moderado", "Moderado", "Alto", "Alto", "Extremo"],
    "Media": ["Moderado", "Moderado", "Moderado", "Alto", "Extremo"],
    "Baja": ["Bajo", "Moderado", "Moderado", "Alto", "Extremo"],
    "Muy baja": ["Bajo", "Bajo", "Moderado", "Alto", "Extremo"],
}


def risk(**fields: Any) -> Risk:
    base: dict[str, Any] = {"referencia": "R1", "proceso": "P", "tipo": "gestion",
                            "descripcion": "Posibilidad de…", "probabilidad": {"nivel": "Media"},
                            "impacto": {"nivel": "Mayor"}}
    return Risk.model_validate(base | fields)


def control(kind: str, implementation: str, number: int = 1) -> dict[str, Any]:
    return {"numero": number, "descripcion": "Control", "tipo": kind,
            "implementacion": implementation}


@pytest.mark.parametrize(("likelihood", "impact"),
                         list(itertools.product(LIKELIHOODS, IMPACTS)))
def test_every_heat_map_cell(likelihood: str, impact: str) -> None:
    assert zone(DAFP, likelihood, impact) == HEAT[likelihood][IMPACTS.index(impact)]


def test_the_guides_worked_example() -> None:
    """60 % → preventivo manual → 36 % → detectivo manual → 25,2 % (Baja); Mayor stays:
    residual Baja × Mayor = Alto."""
    result = compute_risk(risk(probabilidad={"frecuencia": 300}, controles=[
        control("preventivo", "manual"), control("detectivo", "manual", 2)]), DAFP)
    assert (result.inherent_likelihood.name, result.inherent_likelihood.value) == \
        ("Media", Decimal(60))
    assert [(s.rating, s.before, s.after) for s in result.steps] == [
        (Decimal(40), Decimal(60), Decimal(36)), (Decimal(30), Decimal(36), Decimal("25.2"))]
    assert (result.residual_likelihood.name, result.residual_likelihood.value) == \
        ("Baja", Decimal("25.2"))
    assert (result.residual_consequence.name, result.residual_consequence.value) == \
        ("Mayor", Decimal(80))
    assert (result.inherent_zone, result.residual_zone) == ("Alto", "Alto")


@pytest.mark.parametrize(("start", "controls", "value", "level"), [
    ("Alta", [("preventivo", "manual")], "48", "Media"),   # a real row: 80 % × 0,6
    ("Baja", [("preventivo", "manual")], "24", "Baja"),    # 24 % is Baja, never Muy baja
])
def test_real_published_rows(start: str, controls: list[tuple[str, str]], value: str,
                             level: str) -> None:
    result = compute_risk(risk(probabilidad={"nivel": start},
                               controles=[control(*c) for c in controls]), DAFP)
    assert (result.residual_likelihood.name, result.residual_likelihood.value) == \
        (level, Decimal(value))


@pytest.mark.parametrize(("value", "likelihood", "impact"), [
    ("0.1", "Muy baja", "Leve"), ("20", "Muy baja", "Leve"), ("20.0001", "Baja", "Menor"),
    ("24", "Baja", "Menor"), ("40", "Baja", "Menor"), ("40.01", "Media", "Moderado"),
    ("60", "Media", "Moderado"), ("60.5", "Alta", "Mayor"), ("80", "Alta", "Mayor"),
    ("80.001", "Muy alta", "Catastrófico"), ("100", "Muy alta", "Catastrófico"),
])
def test_band_edges_never_the_nearest_level(value: str, likelihood: str, impact: str) -> None:
    assert likelihood_band(DAFP, Decimal(value)).name == likelihood
    assert consequence_band(DAFP, Decimal(value)).name == impact


@pytest.mark.parametrize(("times", "level"), [
    (0, "Muy baja"), (2, "Muy baja"), (3, "Baja"), (24, "Baja"), (25, "Media"), (500, "Media"),
    (501, "Alta"), (5000, "Alta"), (5001, "Muy alta"), (10**9, "Muy alta")])
def test_frequency_edges(times: int, level: str) -> None:
    assert likelihood_of_frequency(DAFP, Decimal(times)).name == level


@pytest.mark.parametrize(("yes", "level"), [
    (1, "Moderado"), (5, "Moderado"), (6, "Mayor"), (11, "Mayor"), (12, "Catastrófico"),
    (19, "Catastrófico")])
def test_the_19_answers_thresholds(yes: int, level: str) -> None:
    assert corruption_consequence(DAFP, list(range(1, yes + 1))).name == level


def test_no_yes_answer_is_no_corruption_risk() -> None:
    with pytest.raises(RiskInputError, match="sin ninguna respuesta «sí»"):
        corruption_consequence(DAFP, [])


def test_both_impact_criteria_give_the_higher() -> None:
    result = compute_risk(risk(impacto={"smlmv": 120, "reputacional": "Menor"}), DAFP)
    assert result.inherent_consequence.name == "Mayor"
    result = compute_risk(risk(impacto={"smlmv": 8, "reputacional": "Moderado"}), DAFP)
    assert result.inherent_consequence.name == "Moderado"


KINDS = [("preventivo", "manual"), ("preventivo", "automatico"), ("detectivo", "manual"),
         ("detectivo", "automatico"), ("correctivo", "manual"), ("correctivo", "automatico")]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(KINDS), min_size=1, max_size=5), st.randoms())
def test_successive_controls_in_any_order(kinds: list[tuple[str, str]],
                                          shuffle: Any) -> None:
    controls = [control(k, i, n) for n, (k, i) in enumerate(kinds, start=1)]
    first = compute_risk(risk(controles=controls), DAFP)
    shuffled = controls[:]
    shuffle.shuffle(shuffled)
    again = compute_risk(risk(controles=shuffled), DAFP)
    assert (again.residual_likelihood, again.residual_consequence, again.residual_zone) == \
        (first.residual_likelihood, first.residual_consequence, first.residual_zone)
    # and it is v × Π(1 − rating): never below zero, never rounded
    assert Decimal(0) < first.residual_likelihood.value <= Decimal(60)


@pytest.mark.parametrize(("score", "zone_name"), [
    (5, "Baja"), (10, "Baja"), (11, "Moderada"), (20, "Moderada"), (25, "Moderada"),
    (26, "Alta"), (30, "Alta"), (50, "Alta"), (51, "Extrema"), (80, "Extrema")])
def test_the_2015_zones(score: int, zone_name: str) -> None:
    assert score_zone(OLD, Decimal(score)) == zone_name


def test_a_2015_risk_takes_its_published_residual() -> None:
    result = compute_risk(risk(probabilidad={"nivel": 3}, impacto={"nivel": "Mayor"},
                               residual={"probabilidad": "Improbable", "impacto": "Mayor"}),
                          OLD)
    assert (result.inherent_score, result.inherent_zone) == (Decimal(30), "Alta")
    assert (result.residual_score, result.residual_zone) == (Decimal(20), "Moderada")


# --- maps as files: pac validate and pac riesgos ---------------------------------------------

MAP = """\
vigencia: 2024
riesgos:
  - referencia: R1
    proceso: Contratación
    tipo: corrupcion
    descripcion: Posibilidad de favorecer a un proponente.
    probabilidad: {frecuencia: 300}
    impacto: {respuestas: [1, 3, 5, 6, 10, 11, 12, 14]}
    controles:
      - {numero: 1, descripcion: Comité evaluador, tipo: preventivo, implementacion: manual}
    tratamiento: reducir
    acciones:
      - {accion: Publicar todo en el SECOP, responsable: Jurídica}
    publicado: {zona_inherente: Alto, zona_residual: Alto}
"""


def _validate(tmp_path: Path, runner: CliRunner, text: str) -> tuple[int, list[str]]:
    root = build_tree(tmp_path, {"pac.yaml": "entidad:\n  nombre: Alcaldía de Prueba\n"
                                             "  nit: 800000000-1\n",
                                 "riesgos/2024.yaml": text})
    result = runner.invoke(app, ["validate", "-C", str(root)])
    return result.exit_code, [line.split("riesgos/2024.yaml:", 1)[1]
                              for line in result.stdout.splitlines() if "2024.yaml:" in line]


def test_a_valid_map_validates(tmp_path: Path, runner: CliRunner) -> None:
    assert _validate(tmp_path, runner, MAP) == (0, [])


@pytest.mark.parametrize(("old", "new", "line"), [
    # a corruption risk is never Leve or Menor
    ("impacto: {respuestas: [1, 3, 5, 6, 10, 11, 12, 14]}", "impacto: {nivel: Leve}",
     "8:14: error: riesgo R1: un riesgo de corrupción no tiene impacto Leve: su impacto es "
     "Moderado o mayor"),
    # nor accepted
    ("tratamiento: reducir", "tratamiento: aceptar",
     "11:18: error: riesgo R1: un riesgo de corrupción no se acepta: se reduce o se evita"),
    # a control without its implementation has no rating
    ("tipo: preventivo, implementacion: manual}", "tipo: preventivo}",
     "10:9: error: riesgo R1: el control 1 no dice su implementación: sin eso no tiene "
     "calificación"),
    # Reducir without an action
    ("    acciones:\n      - {accion: Publicar todo en el SECOP, responsable: Jurídica}\n", "",
     "11:18: error: riesgo R1: el tratamiento «reducir» necesita al menos una acción en "
     "«acciones»"),
    # a published zone that is not the recomputation: both named
    ("zona_residual: Alto}", "zona_residual: Moderado}",
     "14:54: error: riesgo R1: el mapa publicó «Moderado» y el método dafp-2020 da «Alto»"),
    ("respuestas: [1, 3, 5, 6, 10, 11, 12, 14]", "respuestas: [1, 3, 25]",
     "8:27: error: riesgo R1: las preguntas van de 1 a 19: 25 no es una de ellas"),
])
def test_what_the_method_refuses_is_refused_at_its_line(tmp_path: Path, runner: CliRunner,
                                                        old: str, new: str, line: str) -> None:
    assert old in MAP
    code, lines = _validate(tmp_path, runner, MAP.replace(old, new))
    assert code == 1 and line in lines, lines


def test_pac_riesgos_gives_each_risk_its_inherent_and_residual(runner: CliRunner) -> None:
    result = runner.invoke(app, ["riesgos", "2024", "-C", str(VILLA), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["metodo"]["id"] == "dafp-2020"
    first = data["riesgos"][0]
    assert first["referencia"] == "R1"
    assert first["inherente"] == {"probabilidad": {"nivel": "Media", "porcentaje": "60"},
                                  "impacto": {"nivel": "Mayor", "porcentaje": "80"},
                                  "zona": "Alto"}
    assert first["residual"] == {"probabilidad": {"nivel": "Baja", "porcentaje": "25.2"},
                                 "impacto": {"nivel": "Mayor", "porcentaje": "80"},
                                 "zona": "Alto"}
    heat = data["mapa_de_calor"]["residual"]
    assert sum(cell["riesgos"] for row in heat["celdas"] for cell in row) == 9
    assert data["resumen"]["sin_controles"] == ["R5"]
    assert data["resumen"]["corrupcion_alta_tras_controles"] == ["R1", "R2", "R7"]
    processes = {p["proceso"] for p in data["resumen"]["por_proceso"]}
    assert len(processes) >= 4
    kinds = {c["tipo"] for r in data["riesgos"] for c in r["controles"]}
    assert kinds == {"preventivo", "detectivo", "correctivo"}
    old = json.loads(runner.invoke(app, ["riesgos", "2019", "-C", str(VILLA), "-f",
                                         "json"]).stdout)
    assert [(r["inherente"]["calificacion"], r["inherente"]["zona"], r["residual"]["zona"])
            for r in old["riesgos"]] == [("30", "Alta", "Moderada"), ("10", "Baja", "Baja"),
                                         ("80", "Extrema", "Extrema")]


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown"])
def test_pac_riesgos_in_every_format(runner: CliRunner, fmt: str) -> None:
    result = runner.invoke(app, ["riesgos", "-C", str(VILLA), "-f", fmt],
                           env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    assert "R1" in result.stdout
    if fmt == "csv":
        assert result.stdout.splitlines()[1].startswith(
            "R1,Gestión contractual,corrupcion,Media,60,Mayor,80,Alto,2,Baja,25.2,Mayor,80,Alto")
    else:  # the zone in words in each heat map's cells, with its count
        assert "Alto: 2" in result.stdout and "Extremo: 1" in result.stdout


def test_a_map_validate_refuses_is_not_computed(tmp_path: Path, runner: CliRunner) -> None:
    root = build_tree(tmp_path, {"pac.yaml": "entidad:\n  nombre: A\n  nit: 1\n",
                                 "riesgos/2024.yaml": MAP.replace("tratamiento: reducir",
                                                                  "tratamiento: aceptar")})
    result = runner.invoke(app, ["riesgos", "-C", str(root)])
    assert result.exit_code == 1 and result.stdout == ""
    assert "un riesgo de corrupción no se acepta" in result.stderr
