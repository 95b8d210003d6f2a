"""The committed JSON Schemas: current, helpful to editors, and in agreement with the models."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pac_cli.disk.yaml_reader import load_file
from pac_cli.errors import PacError
from pac_cli.models.json_schema import FILE_NAMES, schema_json
from pac_cli.models.kinds import model_class

from .conftest import FOLLOWUP, PLAN, ROOT, build_tree


@pytest.mark.parametrize("kind", sorted(FILE_NAMES))
def test_committed_schema_is_current(kind: str) -> None:
    committed = (ROOT / "schema" / FILE_NAMES[kind]).read_text(encoding="utf-8")
    assert committed == schema_json(kind), (
        f"schema/{FILE_NAMES[kind]} está desactualizado: pac schema {kind} > "
        f"schema/{FILE_NAMES[kind]}")


@pytest.mark.parametrize("kind", sorted(FILE_NAMES))
def test_every_field_has_a_spanish_title_description_and_example(kind: str) -> None:
    document = json.loads(schema_json(kind))
    definitions = [document, *document.get("$defs", {}).values()]
    for definition in definitions:
        for key, prop in definition.get("properties", {}).items():
            assert prop.get("title"), key
            assert prop.get("description"), key
            nested = "$ref" in json.dumps(prop) or (prop.get("type") == "array" and \
                "$ref" in json.dumps(prop.get("items", {})))
            assert prop.get("examples") or nested, key


def test_each_project_file_names_its_schema() -> None:
    expected = {"plans": "../schema/plan.schema.json",
                "followups": "../schema/seguimiento.schema.json"}
    for folder, target in expected.items():
        for path in sorted((ROOT / folder).glob("*.yaml")):
            first = path.read_text(encoding="utf-8").splitlines()[0]
            assert first == f"# yaml-language-server: $schema={target}", path
    first = (ROOT / "pac.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=schema/proyecto.schema.json"


def _plan(old: str, new: str) -> str:
    assert old in PLAN
    return PLAN.replace(old, new)


def _followup(old: str, new: str) -> str:
    assert old in FOLLOWUP
    return FOLLOWUP.replace(old, new)


# (kind, text, accepted by both)
AGREE = {
    "plan_ok": ("plan", PLAN, True),
    "plan_offices_list": ("plan", _plan("indicador: Ciudadanos atendidos",
                                        "responsable: [Secretaría General, TIC]"), True),
    "plan_typo": ("plan", _plan("meta_anual: 3", "meta_anul: 3"), False),
    "plan_text_target": ("plan", _plan("meta_anual: 3", "meta_anual: tres"), False),
    "plan_zero_target": ("plan", _plan("meta_anual: 3", "meta_anual: 0"), False),
    "plan_missing_text": ("plan", _plan("            actividad: Ferias\n", ""), False),
    "plan_blank_text": ("plan", _plan("actividad: Ferias", "actividad: '  '"), False),
    "plan_bad_id": ("plan", _plan('id: "1.2"', 'id: "uno"'), False),
    "plan_year_text": ("plan", _plan("vigencia: 2024", "vigencia: dos mil"), False),
    "plan_bad_rounding": ("plan", PLAN + "redondeo: {actividad: aproximar}\n", False),
    "plan_no_components": ("plan", "vigencia: 2024\ncomponentes: []\n", False),
    "followup_ok": ("seguimiento", FOLLOWUP, True),
    "followup_negative": ("seguimiento", _followup("logro: 2", "logro: -2"), False),
    "followup_over_100": ("seguimiento", _followup(
        "logro: 2", "porcentaje: 120\n    justificacion: x"), False),
    "followup_unknown_key": ("seguimiento", _followup("logro: 2", "logros: 2"), False),
    "followup_bad_evidence": ("seguimiento", _followup(
        "logro: 2", "logro: 2\n    evidencias: [{tipo: foto, referencia: x}]"), False),
    "followup_bad_date": ("seguimiento", _followup("corte: 2024-04-30", "corte: 30/04/2024"),
                          False),
    "plan_quoted_year": ("plan", _plan("vigencia: 2024", 'vigencia: "2024"'), False),
    "plan_quoted_number": ("plan", _plan("  - numero: 4", '  - numero: "4"'), False),
    "plan_impossible_date": ("plan", PLAN + "control_de_cambios: [{fecha: 2024-02-30, "
                                            "version: '2', cambios: x, motivo: y}]\n", False),
    "plan_leap_day": ("plan", PLAN + "control_de_cambios: [{fecha: 2024-02-29, "
                                     "version: '2', cambios: x, motivo: y}]\n", True),
    "followup_impossible_cutoff": ("seguimiento", _followup(
        "corte: 2024-04-30", "corte: 2024-04-31"), False),
    "followup_quoted_boolean": ("seguimiento", _followup(
        "logro: 2", 'sin_avance: "true"\n    justificacion: x'), False),
    "followup_acta_and_informe": ("seguimiento", (ROOT / "followups/2024-04-30.yaml").read_text(
        encoding="utf-8") + "informe: {fecha: 2024-05-10, autor: A, cargo: B}\n", False),
    "followup_boolean": ("seguimiento", _followup(
        "logro: 2", "sin_avance: true\n    justificacion: x"), True),
    "followup_impossible_evidence_date": ("seguimiento", _followup(
        "logro: 2", "logro: 2\n    evidencias: [{tipo: enlace, referencia: x, "
        "fecha: 2023-02-29}]"), False),
    # pac's limits, which the schemas carry
    "target_at_the_limit": ("plan", _plan("meta_anual: 15000", "meta_anual: 1000000000000"),
                            True),
    "target_past_the_limit": ("plan", _plan("meta_anual: 15000", "meta_anual: 1000000000001"),
                              False),
    "achievement_past_the_limit": ("seguimiento", _followup("logro: 2", "logro: 5e12"), False),
    "followup_time_in_cutoff": ("seguimiento", _followup("corte: 2024-04-30",
                                                         "corte: 2024-04-30T00:00:00"), False),
}

# What the schema cannot express, so only `pac validate` catches (docs/revision.md lists them).
SCHEMA_CANNOT = {
    "thousands_separator": ("plan", _plan("meta_anual: 15000", "meta_anual: 15.000")),
    # «multipleOf: 0.000001» fails on binary fractions (0.3 / 1e-6 is not an integer there)
    "seven_decimals": ("plan", _plan("meta_anual: 15000", "meta_anual: 1.1234567")),
    "zones_out_of_order": ("plan", PLAN + "zonas: {media_desde: 80, alta_desde: 60}\n"),
    "two_measures": ("seguimiento", _followup("logro: 2", "logro: 2\n    sin_avance: true")),
}


def _check_jsonschema(files: dict[str, tuple[str, Path]]) -> set[str]:
    """The names of the files check-jsonschema rejects, with pac's committed schemas."""
    rejected: set[str] = set()
    for kind in ("plan", "seguimiento"):
        paths = {str(path): name for name, (k, path) in files.items() if k == kind}
        command = [sys.executable, "-m", "check_jsonschema", "-o", "json", "--schemafile",
                   str(ROOT / "schema" / FILE_NAMES[kind]), *paths]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        report = json.loads(done.stdout)
        for error in report["errors"] + report["parse_errors"]:
            rejected.add(paths[error["filename"]])
    return rejected


def _pac_accepts(kind: str, path: Path) -> bool:
    try:
        model_class(kind).model_validate(load_file(path).data)
    except (PacError, ValueError):
        return False
    return True


def test_schema_and_models_accept_and_reject_the_same_files(tmp_path: Path) -> None:
    files: dict[str, tuple[str, Path]] = {}
    for name, (kind, text, _) in AGREE.items():
        files[name] = (kind, build_tree(tmp_path, {f"{name}.yaml": text}) / f"{name}.yaml")
    for name, (kind, text) in SCHEMA_CANNOT.items():
        files[name] = (kind, build_tree(tmp_path, {f"{name}.yaml": text}) / f"{name}.yaml")
    for path in sorted([*ROOT.glob("plans/*.yaml"), *ROOT.glob("examples/*/plans/*.yaml")]):
        files[f"repo:{path.relative_to(ROOT)}"] = ("plan", path)
    for path in sorted([*ROOT.glob("followups/*.yaml"),
                        *ROOT.glob("examples/*/followups/*.yaml")]):
        files[f"repo:{path.relative_to(ROOT)}"] = ("seguimiento", path)
    rejected = _check_jsonschema(files)
    for name, (kind, path) in files.items():
        expected = AGREE[name][2] if name in AGREE else name.startswith("repo:")
        if name in SCHEMA_CANNOT:
            assert name not in rejected, f"{name}: el esquema ya lo expresa; sáquelo de la lista"
            assert not _pac_accepts(kind, path), name
            continue
        assert (name not in rejected) == expected, f"check-jsonschema en {name}"
        assert _pac_accepts(kind, path) == expected, f"pac en {name}"
