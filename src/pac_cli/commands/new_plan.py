"""`pac new plan`: next year's plan from this year's, keeping comments and key order; or,
without a plan to start from, the skeleton of its frame."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

from pac_cli.disk.atomic import write_new
from pac_cli.disk.project import Project
from pac_cli.disk.yaml_reader import load_file, load_text, read_text
from pac_cli.errors import InvalidDataError, NotFoundError, PacError
from pac_cli.es_co import normal
from pac_cli.models.frame import Frame
from pac_cli.models.frame_catalog import catalog
from pac_cli.models.plan import Plan
from pac_cli.models.problems import display_path
from pac_cli.models.project_config import ProjectConfig
from pac_cli.models.validation import validated

# Data of the source plan's own history, not of the new plan (its publication among them:
# the new plan is not published yet).
DROPPED = ("control_de_cambios", "fuente", "publicacion")


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


def new_plan_text(source: Path, year: int, frame: str | None = None,
                  frames: dict[str, Frame] | None = None,
                  last_year: int | None = None) -> tuple[str, int | None, list[str]]:
    """The YAML of the new plan, its last vigencia (None: one year) and what to review:
    activities, metas and responsables carried over; the source's own header comment
    replaced by one that says where the plan came from. A programme of several vigencias
    moves as a whole (its «metas» by year too); a one-year plan becomes a programme with
    `last_year`. Into another frame, the title's frame name is the new frame's, and each
    component that is not the new frame's is said."""
    from ruamel.yaml import YAML
    from ruamel.yaml.util import load_yaml_guess_indent

    display = display_path(source)
    text = read_text(source, display)
    plan = validated(load_text(text, source, display), Plan)
    frames = frames if frames is not None else catalog()
    chosen = frame or plan.frame_id
    if chosen not in frames:
        raise NotFoundError(f"no hay un marco «{chosen}» (hay: {', '.join(frames)})")
    if last_year is not None and plan.last_year is not None:
        raise InvalidDataError("el plan de origen ya es un programa de varias vigencias: se "
                               "copia entero a partir de --vigencia, sin --hasta", path=display)
    offset = year - plan.year
    new_last = plan.last_year + offset if plan.last_year is not None else last_year
    last = frames[chosen].last_year
    if last is not None and (new_last or year) > last:
        raise InvalidDataError(f"el plan de origen es del marco «{chosen}», que se aplica hasta "
                               f"la vigencia {last}: para {year} indique --marco ptep (o el "
                               "marco propio de su entidad)", path=display)
    yaml = YAML()  # round-trip: comments, key order and scalar styles survive
    yaml.preserve_quotes = True
    yaml.width = 4096
    _, indent, dash = load_yaml_guess_indent(text)
    yaml.indent(mapping=indent - dash if dash else indent, sequence=indent, offset=dash or 0)
    data = yaml.load(text)
    _move(data, plan, year, new_last, frame)
    notes = _into_frame(data, plan, frames.get(plan.frame_id),
                        frames[chosen]) if chosen != plan.frame_id else []
    modeline = text.partition("\n")[0] if text.startswith("# yaml-language-server:") else None
    data.ca.comment = None  # the source's header speaks of the source
    out = io.StringIO()
    yaml.dump(data, out)
    span = f"{year}–{new_last}" if new_last is not None else str(year)
    header = [*([modeline, "#"] if modeline else []),
              f"# Plan de la vigencia {span}, empezado con «pac new plan» desde {display}: "
              "revise cada meta,", "# responsable y fecha antes de publicarlo."]
    return "\n".join(header) + "\n" + out.getvalue(), new_last, notes


def _into_frame(data: Any, plan: Plan, old: Frame | None, new: Frame) -> list[str]:
    """A plan moved to another frame: its title names the new frame (where it named the old
    one), and each component that is not the new frame's is said, for review."""
    notes = []
    title = str(data.get("titulo") or "")
    at = title.lower().find(old.name.lower()) if old is not None else -1
    if old is not None and at >= 0:
        data["titulo"] = title[:at] + new.name + title[at + len(old.name):]
        notes.append(f"el título decía «{old.name}»: ahora dice «{new.name}»")
    elif title and new.name.lower() not in title.lower():
        notes.append(f"el título «{title}» no nombra «{new.name}»: revíselo")
    listed = {c.number: c for c in new.components}
    for component in plan.components:
        mine = listed.get(component.number)
        if mine is None:
            notes.append(f"el componente {component.number} «{component.name}» no está en el "
                         f"marco «{new.id}» (tiene {len(listed)}): revise sus actividades")
        elif normal(component.name) not in {normal(mine.name), normal(mine.short_name)}:
            notes.append(f"el componente {component.number} es «{component.name}» y en el "
                         f"marco «{new.id}» el {component.number} es «{mine.name}»: revise a "
                         "qué componente van sus actividades")
    return notes


def _put(data: Any, key: str, value: object) -> None:
    """Set `key`, a new one right after «vigencia»."""
    if key in data:
        data[key] = value
    else:
        data.insert(list(data).index("vigencia") + 1, key, value)


def _move(data: Any, plan: Plan, year: int, last_year: int | None,
          frame: str | None) -> None:
    """The round-trip data of `plan` moved to `year` (to `last_year`, for a programme):
    its vigencias, frame, title, dates in words and «metas» by year."""
    offset = year - plan.year
    data["vigencia"] = year
    if frame is not None and frame != plan.frame_id:
        _put(data, "marco", frame)
    if last_year is not None:  # inserted last, so it comes right after «vigencia»
        _put(data, "vigencia_hasta", last_year)
    if "titulo" in data:
        data["titulo"] = _with_year(data["titulo"], plan.year, year)
    for key in DROPPED:
        data.pop(key, None)
    for component in data["componentes"]:
        for sub in component["subcomponentes"]:
            for activity in _activities(sub["actividades"]):
                if "metas" in activity:
                    moved = [(key + offset, activity["metas"].pop(key))
                             for key in list(activity["metas"])]
                    for key, value in moved:
                        activity["metas"][key] = value
                if "fecha_programada" in activity:
                    activity["fecha_programada"] = _with_year(activity["fecha_programada"],
                                                              plan.year, year)


def write_new_plan(source: Path | None, year: int, target: Path | None,
                   frame: str | None = None, project: Project | None = None,
                   last_year: int | None = None) -> tuple[Path, list[str]]:
    """Write the new plan, never over an existing file, and say where and what to review:
    from `source`, or the skeleton of its frame (`frame`, by default PTEP from 2025) when
    there is none. By default it goes beside `source`, or to the project's plans/, as
    AÑO.yaml (AÑO-HASTA.yaml for a programme)."""
    from pac_cli.commands.init_project import default_frame, plan_skeleton

    def named(last: int | None) -> str:
        return f"{year}-{last}.yaml" if last is not None else f"{year}.yaml"

    frames = catalog(_own_frames(project))
    notes: list[str] = []
    if source is not None:
        text, new_last, notes = new_plan_text(source, year, frame, frames, last_year)
        target = target or source.parent / named(new_last)
    else:
        if target is None:
            if project is None:
                raise NotFoundError("sin --desde, el plan nuevo va en plans/ de un proyecto: "
                                    "indique --proyecto o --output")
            target = project.root / "plans" / named(last_year)
        chosen = frame or default_frame(year)
        if chosen not in frames:
            raise NotFoundError(f"no hay un marco «{chosen}» (hay: {', '.join(frames)}; uno "
                                "propio se define en «marcos» de pac.yaml)")
        schema = None
        if project is not None and (project.root / "schema").is_dir():
            schema = Path(os.path.relpath(project.root / "schema",
                                          target.resolve().parent)).as_posix()
        text = plan_skeleton(frames[chosen], year, schema=schema, last_year=last_year)
    validated(load_text(text, target, display_path(target)), Plan)  # what we write must be valid
    if project is not None and target.parent == project.root / "plans":
        target.parent.mkdir(exist_ok=True)  # a new project may have no plan yet
    write_new(target, text.encode("utf-8"))
    return target, notes


def _own_frames(project: Project | None) -> list[Frame]:
    """The project's own frames (none without a project or a valid pac.yaml)."""
    if project is None:
        return []
    try:
        return validated(load_file(project.config_path), ProjectConfig).frames
    except PacError:
        return []
