"""`pac new plan`: next year's plan from this year's, keeping comments and key order."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from pac_cli.disk.atomic import write_new
from pac_cli.disk.yaml_reader import load_text, read_text
from pac_cli.models.plan import Plan
from pac_cli.models.problems import display_path
from pac_cli.models.validation import validated

# Data of the source plan's own history, not of the new plan.
DROPPED = ("control_de_cambios", "fuente")


def _with_year(value: Any, old: int, new: int) -> Any:
    """The text with the vigencia's year replaced, keeping its YAML style (quotes, folding)."""
    if isinstance(value, str) and str(old) in value:
        return type(value)(value.replace(str(old), str(new)))
    return value


def _activities(items: Any) -> list[Any]:
    found = []
    for activity in items or []:
        found.append(activity)
        found += _activities(activity.get("subactividades"))
    return found


def new_plan_text(source: Path, year: int) -> str:
    """The YAML of the new plan: activities, metas and responsables carried over."""
    from ruamel.yaml import YAML
    from ruamel.yaml.util import load_yaml_guess_indent

    display = display_path(source)
    text = read_text(source, display)
    plan = validated(load_text(text, source, display), Plan)
    yaml = YAML()  # round-trip: comments, key order and scalar styles survive
    yaml.preserve_quotes = True
    yaml.width = 4096
    _, indent, dash = load_yaml_guess_indent(text)
    yaml.indent(mapping=indent - dash if dash else indent, sequence=indent, offset=dash or 0)
    data = yaml.load(text)
    old = plan.year
    data["vigencia"] = year
    if "titulo" in data:
        data["titulo"] = _with_year(data["titulo"], old, year)
    for key in DROPPED:
        data.pop(key, None)
    for component in data["componentes"]:
        for sub in component["subcomponentes"]:
            for activity in _activities(sub["actividades"]):
                if "fecha_programada" in activity:
                    activity["fecha_programada"] = _with_year(activity["fecha_programada"],
                                                              old, year)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def write_new_plan(source: Path, year: int, target: Path) -> None:
    """Write the new plan to `target`, never over an existing file."""
    text = new_plan_text(source, year)
    validated(load_text(text, target, display_path(target)), Plan)  # what we write must be valid
    write_new(target, text.encode("utf-8"))
