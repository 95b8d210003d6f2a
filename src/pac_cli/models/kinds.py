"""Which kind of file a YAML document is (plan, follow-up or project), and its model."""

from __future__ import annotations

from typing import Any

from pac_cli.models.fields import Model
from pac_cli.models.followup import FollowUp
from pac_cli.models.plan import Plan
from pac_cli.models.project_config import ProjectConfig

# A follow-up of several components also has `componentes`: `corte` decides first.
KIND_KEYS: dict[str, str] = {"corte": "seguimiento", "componentes": "plan",
                             "entidad": "proyecto"}
MODELS: dict[str, type[Model]] = {"plan": Plan, "seguimiento": FollowUp,
                                  "proyecto": ProjectConfig}


def model_for(data: Any) -> str | None:
    """Which kind of file the data is, told by its keys; None when it is none of them."""
    if isinstance(data, dict):
        for key, kind in KIND_KEYS.items():
            if key in data:
                return kind
    return None
