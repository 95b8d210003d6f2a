"""JSON Schemas (draft 2020-12) of each file kind, generated from the pydantic models."""

from __future__ import annotations

import json
from typing import Any

from pac_cli.models import MODELS

TITLES = {"plan": "Plan Anticorrupción y de Atención al Ciudadano (pac)",
          "seguimiento": "Seguimiento de Control Interno a un plan (pac)",
          "proyecto": "Configuración de un proyecto pac (pac.yaml)"}


def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of `kind` ('plan', 'seguimiento' or 'proyecto')."""
    generated = MODELS[kind].model_json_schema(by_alias=True, mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://pac.invalid/schema/{kind}.schema.json",
            **generated, "title": TITLES[kind]}


def schema_json(kind: str) -> str:
    return json.dumps(schema(kind), ensure_ascii=False, indent=2, sort_keys=False)
