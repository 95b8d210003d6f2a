"""Frames as practice has them: the 2026 service strategy, other offices' rounding and
counting, irregular cutoffs, the site as Res. MinTIC 1519 de 2020 names its sections."""

from __future__ import annotations

import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import html5lib
import pytest
from typer.testing import CliRunner

from pac_cli.cli import app
from pac_cli.compute.engine import compute_followup
from pac_cli.models.followup import FollowUp
from pac_cli.models.frame_catalog import catalog
from pac_cli.models.plan import Plan, resolve_rules

from .conftest import CONFIG, ROOT, build_tree

EXAMPLE = ROOT / "examples" / "servicio-ciudadano"


def _plan(counts: list[int], **settings: object) -> Plan:
    """A plan of one component per entry of `counts`, each with that many activities."""
    components = [{"numero": n, "nombre": f"C{n}", "subcomponentes": [{
        "numero": 1, "nombre": "S", "actividades": [
            {"id": f"1.{i}", "actividad": f"A{i}", "meta_anual": 1} for i in range(1, k + 1)]}]}
        for n, k in enumerate(counts, start=1)]
    return Plan.model_validate({"vigencia": 2024, "componentes": components, **settings})


def _followup(done: list[list[int]]) -> FollowUp:
    """Each component's activities: 1 achieved (100 %) or 0."""
    return FollowUp.model_validate({"vigencia": 2024, "corte": "2024-04-30", "componentes": [
        {"numero": n, "avances": [{"actividad": f"1.{i}", "logro": v}
                                  for i, v in enumerate(values, start=1)]}
        for n, values in enumerate(done, start=1)]})


COUNTED = {"consolidado": {"avance_componente": "actividades_cumplidas"},
           "redondeo": {"componente": {"modo": "redondear", "decimales": 0},
                        "consolidado": {"modo": "redondear", "decimales": 1,
                                        "promedio_de": "valores_exactos"}}}


def test_the_count_rule_whole_units_and_an_exact_consolidated_figure() -> None:
    # unit 1: 5 of 8 done = 62,5 → 63; unit 2: 1 of 8 = 12,5 → 13; unit 3: 1 of 3 = 33,33 → 33
    # consolidated: (62,5 + 12,5 + 33,333…) / 3 = 36,111… → 36,1 (from the exact values; the
    # shown ones would give (63 + 13 + 33) / 3 = 36,33 → 36,3)
    plan = _plan([8, 8, 3], **COUNTED)
    followup = _followup([[1] * 5 + [0] * 3, [1] + [0] * 7, [1, 0, 0]])
    result = compute_followup(plan, followup, resolve_rules(plan, catalog()["paac"]))
    assert [c.total for c in result.components] == [Decimal(63), Decimal(13), Decimal(33)]
    assert [c.done for c in result.components] == [5, 1, 1]
    assert result.total == Decimal("36.1")
    assert str(result.total) == "36.1" and str(result.components[0].total) == "63"


def test_half_up_whole_numbers_from_exact_ratios_and_the_default_unchanged() -> None:
    # the count rule alone, default rounding: 62,50 and the mean of the shown totals
    plan = _plan([8, 2], consolidado={"avance_componente": "actividades_cumplidas"})
    followup = _followup([[1] * 5 + [0] * 3, [1, 0]])
    result = compute_followup(plan, followup, resolve_rules(plan, catalog()["paac"]))
    assert [c.total for c in result.components] == [Decimal("62.50"), Decimal("50.00")]
    assert result.total == Decimal("56.25")
    # without options: the mean of each component's activities, as ever
    plain = _plan([8, 2])
    result = compute_followup(plain, followup, resolve_rules(plain, catalog()["paac"]))
    assert [c.total for c in result.components] == [Decimal("62.50"), Decimal("50.00")]


def test_one_decimal_as_some_offices_publish(runner: CliRunner, tmp_path: Path) -> None:
    plan = ("vigencia: 2024\nredondeo: {decimales: 1}\ncomponentes:\n  - numero: 4\n"
            "    nombre: Atención\n    subcomponentes:\n      - numero: 1\n        nombre: S\n"
            "        actividades:\n          - {id: '1.1', actividad: A, meta_anual: 3}\n")
    followup = ("vigencia: 2024\ncomponente: 4\ncorte: 2024-04-30\navances:\n"
                "  - {actividad: '1.1', logro: 1}\n")
    root = build_tree(tmp_path, {"pac.yaml": CONFIG, "plans/2024.yaml": plan,
                                 "followups/2024-04-30.yaml": followup})
    out = runner.invoke(app, ["followup", "-C", str(root), "--corte", "2024-04-30", "-f",
                              "markdown"]).stdout
    assert "1/3 = 33,3 %" in out.replace("\u00a0", " ")


def test_the_policy_sentence_states_the_rules_in_force(runner: CliRunner) -> None:
    out = " ".join(runner.invoke(app, ["followup", "-C", str(EXAMPLE), "--corte",
                                       "2026-04-30"]).stdout.split())
    assert ("el total de cada componente es el número de sus actividades al 100 % dividido "
            "por el de todas sus actividades, redondeado mitad hacia arriba sin decimales. El "
            "consolidado del plan es el promedio simple de los valores exactos de los totales "
            "de los 4 componentes, redondeado mitad hacia arriba a 1 decimal.") in out
    assert "Componente 1: 5 de 8 actividades al 100 % = 62,50 % → 63 %" in out


def test_the_example_project_is_scored_by_activities_done(runner: CliRunner,
                                                          tmp_path: Path) -> None:
    data = json.loads(runner.invoke(app, ["followup", "-C", str(EXAMPLE), "--corte",
                                          "2026-04-30", "-f", "json"]).stdout)
    assert data["total"]["porcentaje"] == "52.1"
    assert [c["total"]["porcentaje"] for c in data["componentes"]] == ["63", "13", "33", "100"]
    out = tmp_path / "informe.md"
    result = runner.invoke(app, ["render", "informe", "-C", str(EXAMPLE), "--corte",
                                 "2026-04-30", "-f", "md", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8").replace("\u00a0", " ")
    assert "**63 %**" in text and "52,1 %" in text
    assert text.startswith("# Informe de seguimiento a la Estrategia de Servicio al Ciudadano")


def test_service_strategy_end_to_end(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "e"
    assert runner.invoke(app, ["init", str(root), "--vigencia", "2026", "--entidad",
                               "Alcaldía de Prueba", "--nit", "800000000-1"]).exit_code == 0
    result = runner.invoke(app, ["new", "plan", "--vigencia", "2026", "--marco",
                                 "servicio-ciudadano", "-C", str(root), "-o",
                                 str(root / "plans/2026-servicio.yaml")])
    assert result.exit_code == 0, result.output
    plan = (root / "plans/2026-servicio.yaml").read_text(encoding="utf-8")
    for name in ("Diagnóstico y planeación estratégica del servicio",
                 "Talento humano idóneo y suficiente",
                 "Oferta institucional de fácil acceso, comprensión y uso para las ciudadanías",
                 "Evaluación de la gestión del servicio y medición de la experiencia "
                 "ciudadana"):
        assert name in plan
    assert runner.invoke(app, ["validate", "-C", str(root), "--strict"]).exit_code == 0
    result = runner.invoke(app, ["followup", "new", "--corte", "2026-04-30", "--marco",
                                 "servicio-ciudadano", "-C", str(root)])
    assert result.exit_code == 0, result.output
    (path,) = root.glob("followups/2026-04-30*.yaml")
    text = path.read_text(encoding="utf-8").replace("sin_avance: true", "logro: 1")
    text = text.replace("        por_actualizar: true\n", "")
    text += ("informe: {fecha: 2026-05-11, autor: Ana Ruiz, cargo: Jefe de la Oficina de "
             "Control Interno}\n")
    path.write_text(text, encoding="utf-8")
    assert runner.invoke(app, ["validate", "-C", str(root)]).exit_code == 0
    result = runner.invoke(app, ["render", "informe", "-C", str(root), "--corte",
                                 "2026-04-30", "--marco", "servicio-ciudadano", "-f", "html",
                                 "-o", str(tmp_path / "i.html")])
    assert result.exit_code == 0, result.output
    assert "Estrategia de Servicio al Ciudadano 2026" in (tmp_path / "i.html").read_text(
        encoding="utf-8")
    result = runner.invoke(app, ["site", "-C", str(root), "-o", str(tmp_path / "sitio"),
                                 "--hoy", "2026-06-01"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "sitio/seguimientos/2026-04-30-servicio-ciudadano.html").exists()


def test_an_irregular_first_cutoff_is_recorded_flagged_and_computed(
        runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    for name in ("pac.yaml", "plans"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, root / name)
    (root / "followups").mkdir()
    result = runner.invoke(app, ["followup", "new", "--corte", "2024-07-31", "-C", str(root)])
    assert result.exit_code == 0, result.output
    assert ("nota: 2024-07-31 no es uno de los cortes del plan (04-30, 08-31, 12-31; marco "
            "«paac»): se registra como corte adicional") in result.stderr
    validate = runner.invoke(app, ["validate", "-C", str(root)])
    assert validate.exit_code == 0
    assert ("advertencia: el corte 2024-07-31 no es uno de los cortes del plan (04-30, 08-31, "
            "12-31): se calcula y publica como corte adicional") in validate.stdout
    data = json.loads(runner.invoke(app, ["followup", "-C", str(root), "--corte", "2024-07-31",
                                          "-f", "json"]).stdout)
    assert data["total"]["porcentaje"] == "0.00"
    calendar = json.loads(runner.invoke(app, ["calendar", "2024", "-C", str(root), "--hoy",
                                              "2024-08-05", "-f", "json"]).stdout)
    extra = [c for c in calendar["cortes"] if c["adicional"]]
    # its deadline by the frame's rule from its own date: the 10th business day of August
    # (7 August, the Batalla de Boyacá, is a holiday)
    assert [(c["corte"], c["plazo_publicacion"]) for c in extra] == [("2024-07-31",
                                                                       "2024-08-15")]
    table = runner.invoke(app, ["calendar", "2024", "-C", str(root), "--hoy", "2024-08-05"],
                          env={"COLUMNS": "300"}).stdout
    assert "31 de julio de 2024 (corte adicional)" in table
    assert "su plazo se cuenta con la misma regla, desde su fecha" in " ".join(table.split())


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sitio") / "s"
    result = CliRunner().invoke(app, ["site", "-C", str(ROOT), "-o", str(out), "--hoy",
                                      "2025-03-01"])
    assert result.exit_code == 0, result.output
    return out


def test_the_site_names_its_sections_as_res_1519(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "4.3 Plan de Acción" in home and "4.8 Informes de la Oficina de Control Interno" in home
    assert "7.2 Datos abiertos" in (site / "datos/index.html").read_text(encoding="utf-8")
    assert "4.3 Plan de Acción" in (site / "planes/2024.html").read_text(encoding="utf-8")
    assert "4.8 Informes de la Oficina de Control Interno" in (
        site / "seguimientos/2024-04-30-paac.html").read_text(encoding="utf-8")


def test_the_open_data_page_carries_json_ld(site: Path) -> None:
    page = (site / "datos/index.html").read_text(encoding="utf-8")
    html5lib.HTMLParser(strict=True).parse(page)
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    data = json.loads(block)
    assert data["@context"] == "https://schema.org"
    (catalogue,) = data["@graph"]
    datasets = catalogue["dataset"]
    assert len(datasets) == 4  # progress and evidence of each of the two cutoffs
    for dataset in datasets:
        assert dataset["@type"] == "Dataset"
        assert {"name", "description", "license", "publisher", "temporalCoverage",
                "distribution", "inLanguage"} <= set(dataset)
        assert dataset["publisher"] == {"@type": "GovernmentOrganization",
                                        "name": "Alcaldía Municipal de Ibagué",
                                        "identifier": "NIT 800113389-7"}
        assert dataset["license"] == "https://creativecommons.org/licenses/by-sa/4.0/"
        for download in dataset["distribution"]:
            assert download["@type"] == "DataDownload"
            assert (site / "datos" / download["contentUrl"]).exists()
    april = [d for d in datasets if "30 de abril de 2024" in d["name"]]
    # the acta's date; the seed records no publication date, so none is claimed
    assert {d["dateCreated"] for d in april} == {"2024-05-14"}
    assert not any("datePublished" in d for d in april)
    assert {d["temporalCoverage"] for d in april} == {"2024-01-01/2024-04-30"}


def _ratios(targets: list[list[int]], achieved: list[list[int]], **settings: object) -> Decimal:
    components = [{"numero": n, "nombre": f"C{n}", "subcomponentes": [{
        "numero": 1, "nombre": "S", "actividades": [
            {"id": f"1.{i}", "actividad": f"A{i}", "meta_anual": t}
            for i, t in enumerate(group, start=1)]}]}
        for n, group in enumerate(targets, start=1)]
    plan = Plan.model_validate({"vigencia": 2024, "componentes": components, **settings})
    followup = FollowUp.model_validate({"vigencia": 2024, "corte": "2024-04-30", "componentes": [
        {"numero": n, "avances": [{"actividad": f"1.{i}", "logro": v}
                                  for i, v in enumerate(values, start=1)]}
        for n, values in enumerate(achieved, start=1)]})
    result = compute_followup(plan, followup, resolve_rules(plan, catalog()["paac"]))
    return result.total


@pytest.mark.parametrize(("rounding", "expected"), [
    # component 1: 1/3, 1/3, 1/1 → 33,33 + 33,33 + 100 = 166,66 / 3 = 55,553… ; component 2: 1/2
    ({}, "52.78"),  # the acta's policy: (55,55 + 50,00) / 2 = 52,775 → 52,78
    ({"componente": {"modo": "redondear", "decimales": 0}}, "53.00"),  # (56 + 50) / 2
    ({"componente": {"modo": "redondear", "decimales": 0},
      "consolidado": {"decimales": 1}}, "53.0"),
    # from the exact values: (55,5555… + 50) / 2 = 52,7777… → 52,8 (the shown ones give 53,0)
    ({"componente": {"modo": "redondear", "decimales": 0},
      "consolidado": {"decimales": 1, "promedio_de": "valores_exactos"}}, "52.8"),
    ({"consolidado": {"modo": "truncar", "decimales": 0}}, "52"),
])
def test_rounding_per_level(rounding: dict[str, object], expected: str) -> None:
    total = _ratios([[3, 3, 1], [2]], [[1, 1, 1], [1]], redondeo=rounding)
    assert str(total) == expected
