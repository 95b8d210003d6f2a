"""Which kind of file a YAML document is (plan, follow-up, project or risk map), and its
model."""

from __future__ import annotations

import importlib
from typing import Any, cast

from pac_cli.models.fields import Model

# A follow-up of several components also has `componentes`: `corte` decides first.
KIND_KEYS: dict[str, str] = {"corte": "seguimiento", "componentes": "plan",
                             "entidad": "proyecto", "riesgos": "riesgos"}
KINDS: dict[str, tuple[str, str]] = {"plan": ("pac_cli.models.plan", "Plan"),
                                     "seguimiento": ("pac_cli.models.followup", "FollowUp"),
                                     "proyecto": ("pac_cli.models.project_config",
                                                  "ProjectConfig"),
                                     "riesgos": ("pac_cli.models.risk_map", "RiskMap")}
"""Each kind's model, by module and name: validating plans alone does not import the
follow-up's models (≈ 15 ms of every `pac validate` of a plan)."""


def model_class(kind: str) -> type[Model]:
    """The model of a kind of file, imported the first time it is needed."""
    module, name = KINDS[kind]
    return cast("type[Model]", getattr(importlib.import_module(module), name))


def model_for(data: Any) -> str | None:
    """Which kind of file the data is, told by its keys; None when it is none of them."""
    if isinstance(data, dict):
        for key, kind in KIND_KEYS.items():
            if key in data:
                return kind
    return None
