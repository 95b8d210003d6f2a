"""`pac followup new`: the skeleton of a cutoff's follow-up, from the previous one.

Each file of the previous cutoff of the vigencia becomes a file of the new one, read and
written round-trip (ruamel.yaml: comments, key order and styles survive): the new cutoff,
every activity's achieved value, evidence and observations (and the risk map's follow-up,
risk by risk) carried over as the starting point and marked `por_actualizar`, corrections
dropped (they explained the previous
comparison), and the acta or informe left to fill as a commented copy of the previous one.
The first follow-up of a vigencia lists every activity of the plan, each without progress
and marked `por_actualizar`. Nothing is invented: a carried value is the previous cutoff's.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pac_cli.checks.followup_rules import MINUTES_TEXTS, long_date_pattern, plan_for
from pac_cli.checks.plan_rules import rules_of
from pac_cli.checks.plan_set import entries_of_year, plan_entries
from pac_cli.checks.results import ValidationResult
from pac_cli.commands.validate import checked_for
from pac_cli.disk.atomic import write_all_new
from pac_cli.disk.project import Project
from pac_cli.disk.yaml_reader import Document, load_file, read_text
from pac_cli.errors import InvalidDataError, NotFoundError, ReadError
from pac_cli.models.followup import FollowUp
from pac_cli.models.plan import Plan, iter_activities
from pac_cli.models.problems import display_path
from pac_cli.models.risk_map import RiskMap
from pac_cli.models.validation import refusal

DOCUMENTS = ("acta", "informe")


@dataclass(frozen=True)
class NewFile:
    """A follow-up file to write, and the one it was carried from (None for the first)."""

    path: Path
    text: str
    source: str | None
    note: str | None = None
    """Said beside it: a cutoff that is not one of the frame's is recorded as an extra one."""


def _yaml(text: str | None = None) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.util import load_yaml_guess_indent

    yaml = YAML()  # round-trip
    yaml.preserve_quotes = True
    yaml.width = 4096
    if text is not None:
        _, indent, dash = load_yaml_guess_indent(text)
        yaml.indent(mapping=indent - dash if dash else indent, sequence=indent,
                    offset=dash or 0)
    else:
        yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _dump(yaml: Any, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _carry_progress(entries: Any) -> None:
    for entry in entries:
        if isinstance(entry, dict):
            entry.pop("correccion", None)
            entry["por_actualizar"] = True


def _from_the_data(block: Any, previous: dt.date) -> None:
    """The copied acta's texts say `{corte}` and `{numero}` where they said the previous
    cutoff and number, so the new acta cannot repeat them («con corte al 30 de abril» in
    August's)."""
    from ruamel.yaml.scalarstring import ScalarString

    date = long_date_pattern(previous)
    number = block.get("numero")

    def fresh(text: str) -> str:
        new = date.sub("{corte}", text)
        if isinstance(number, str) and len(number) > 2:
            new = new.replace(number, "{numero}")
        if new == text:
            return text
        if not isinstance(text, ScalarString):
            return new
        fresh_text: str = type(text)(new)
        folds = getattr(text, "fold_pos", None)
        if folds:  # folded as the original was: lines as long as its longest
            longest = max(b - a for a, b in zip([0, *folds], folds, strict=False))
            fresh_text.fold_pos = _folds(new, longest)  # type: ignore[attr-defined]
        return fresh_text

    for key in MINUTES_TEXTS:
        value = block.get(key)
        if isinstance(value, str):
            block[key] = fresh(value)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, str):
                    value[i] = fresh(item)


def _folds(text: str, width: int) -> list[int]:
    """Where to fold `text` (at spaces) so no line is longer than `width`."""
    folds, start, last = [], 0, None
    for i, ch in enumerate(text):
        if ch == " ":
            if i - start > width and last is not None:
                folds.append(last)
                start = last + 1
            last = i
    if len(text) - start > width and last is not None and last > start:
        folds.append(last)
    return folds


def carried_text(text: str, previous: dt.date, cutoff: dt.date, source: str) -> str:
    """The previous follow-up's YAML as the new cutoff's starting point."""
    from ruamel.yaml.comments import CommentedMap

    yaml = _yaml(text)
    data = yaml.load(text)
    data["corte"] = cutoff
    keys = list(data)
    for key in DOCUMENTS:
        if key not in data:
            continue
        following = [k for k in keys[keys.index(key) + 1:] if k not in DOCUMENTS]
        copy = CommentedMap()
        copy[key] = data.pop(key)
        copy[key].pop("publicacion", None)
        _from_the_data(copy[key], previous)
        note = (f"Datos del {key} de este corte, por llenar: quite «# » de estas líneas y "
                f"actualice número, fechas y textos\n(copia del {key} del corte "
                f"{previous.isoformat()}; donde decía su fecha de corte o su número dice "
                "{corte} o {numero},\nque el documento escribe con los de este corte).\n"
                + _dump(_yaml(text), copy).rstrip("\n"))
        if following:
            data.yaml_set_comment_before_after_key(following[0], before=note)
        else:
            data.yaml_set_comment_before_after_key(list(data)[-1], after=note)
    for section in data.get("componentes") or [data]:
        _carry_progress(section.get("avances") or [])
    risks = data.get("mapa_riesgos")
    if isinstance(risks, dict):  # the map's follow-up, each risk to update as well
        _carry_progress(risks.get("riesgos") or [])
    out = _dump(yaml, data)
    header = (f"# Creado por «pac followup new» a partir de {source} (corte "
              f"{previous.isoformat()}):\n# logros, evidencias y observaciones de ese corte, "
              "marcados «por_actualizar». Los comentarios\n# que siguen vienen de ese archivo.\n")
    first, _, rest = out.partition("\n")
    if first.startswith("# yaml-language-server"):
        return f"{first}\n#\n{header}{rest}"
    return header + out


def first_text(plan: Plan, cutoff: dt.date, frame: str | None, schema: str | None,
               risk_map: RiskMap | None = None) -> str:
    """The first follow-up of a vigencia: every activity, without progress, to update; and
    every risk of the vigencia's map (when there is a valid one), its controls not yet
    executed and its actions at 0 %, each to update.

    `schema` is the editor's schema line of the plan, pointed at the follow-up schema.
    """
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    def progress(component: Any) -> CommentedSeq:
        items = CommentedSeq()
        for _, activity in iter_activities(component):
            entry = CommentedMap()
            entry["actividad"] = DoubleQuotedScalarString(activity.id)
            entry["sin_avance"] = True
            entry["por_actualizar"] = True
            items.append(entry)
        return items

    data = CommentedMap()
    data["vigencia"] = plan.year
    if frame is not None:
        data["marco"] = frame
    data["corte"] = cutoff
    if len(plan.components) == 1:
        data["componente"] = plan.components[0].number
        data["avances"] = progress(plan.components[0])
    else:
        data["componentes"] = CommentedSeq()
        for component in plan.components:
            part = CommentedMap()
            part["numero"] = component.number
            part["avances"] = progress(component)
            data["componentes"].append(part)
    if risk_map is not None:
        data["mapa_riesgos"] = _risk_skeleton(risk_map)
    data.yaml_set_start_comment(
        (f"{schema}\n\n" if schema else "")
        + f"Seguimiento con corte al {cutoff.isoformat()}, creado por «pac followup new»: cada "
        "actividad del plan\nsin avance y «por_actualizar». Registre el logro (o el porcentaje "
        "con su justificación)\nde cada una, quite «por_actualizar», y agregue el «acta» o el "
        "«informe».")
    return _dump(_yaml(), data) + DOCUMENT_SKELETON


def _risk_skeleton(risk_map: RiskMap) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    def flow(**values: Any) -> CommentedMap:
        item = CommentedMap(values)
        item.fa.set_flow_style()
        return item

    risks = CommentedSeq()
    for risk in risk_map.risks:
        entry = CommentedMap()
        entry["referencia"] = risk.reference
        if risk.controls:
            entry["controles"] = CommentedSeq(flow(control=c.number, ejecutado=False)
                                              for c in risk.controls)
        if risk.actions:
            entry["acciones"] = CommentedSeq(flow(accion=i, avance=0)
                                             for i in range(1, len(risk.actions) + 1))
        entry["por_actualizar"] = True
        risks.append(entry)
    block = CommentedMap()
    block["riesgos"] = risks
    return block


DOCUMENT_SKELETON = """\
# Al cerrar el seguimiento, quite el «#» de UNO de estos dos bloques y llénelo: el «acta» de
# la reunión de seguimiento, o el «informe» firmado sin reunión. Mientras un texto diga
# «(complete)» o falte una sección que pide el formato de la entidad, es un borrador.
# {corte}, {numero} y {total} en los textos los escribe pac con los datos.
# acta:
#   numero: "Número del acta (complete)"
#   fecha: AAAA-MM-DD                  # la de la reunión, posterior al corte
#   ciudad: Ciudad (complete)
#   hora_inicio: "08:00"
#   hora_fin: "10:00"
#   lugar: Oficina de Control Interno
#   asistentes:
#     - nombre: Nombre completo (complete)
#       cargo: Cargo y dependencia (complete)
#       firma: Nombre como firma (complete)
#   objetivo: Realizar seguimiento a las actividades del plan con corte al {corte}.
#   orden_del_dia:
#     - Introducción
#     - Explicación de la metodología de evaluación
#     - Evaluación del nivel de cumplimiento
#     - Conclusiones y Recomendaciones
#     - Cierre
#   introduccion:
#     - Párrafo de introducción (complete)
#   metodologia:
#     - Cómo se verificaron las evidencias y se calculó el porcentaje (complete)
#   conclusiones: Con corte al {corte}, el plan presenta un avance del {total}.
#   recomendaciones:
#     - Recomendación (complete)
#   cierre: Siendo las 10:00 am, se da por terminada la reunión.
#   total_firmado:                     # al firmar, el total que da pac (p. ej. 33.76)
#   publicacion:
#     fecha: AAAA-MM-DD
#     enlace: https://…
# informe:
#   numero: "Número o radicado del informe (complete)"
#   fecha: AAAA-MM-DD
#   autor: Nombre de quien firma (complete)
#   cargo: Jefe de la Oficina de Control Interno
#   revisor:
#     nombre: Nombre de quien revisó (complete)
#     cargo: Cargo de quien revisó (complete)
#   total_firmado:
#   publicacion:
#     fecha: AAAA-MM-DD
#     enlace: https://…
"""
"""The acta and informe of a first follow-up, every field commented, to fill: from the
second cutoff on, the previous one's are carried commented instead."""


def _schema_line(plan_doc: Document) -> str | None:
    """The plan's `yaml-language-server` line, pointed at the follow-up schema."""
    first = read_text(plan_doc.path, plan_doc.display).partition("\n")[0]
    if first.startswith("# yaml-language-server:") and "plan.schema.json" in first:
        return first.lstrip("# ").replace("plan.schema.json", "seguimiento.schema.json")
    return None


def _target(previous: Path, old: dt.date, new: dt.date) -> Path:
    name = previous.name
    if old.isoformat() in name:
        return previous.with_name(name.replace(old.isoformat(), new.isoformat()))
    return previous.with_name(f"{new.isoformat()}-{name}")


def _vigencia(path: Path) -> int | None:
    """The vigencia a follow-up file says, None when it cannot be read."""
    try:
        data = load_file(path).data
    except (ReadError, InvalidDataError):
        return None
    year = data.get("vigencia") if isinstance(data, dict) else None
    return year if isinstance(year, int) and not isinstance(year, bool) else None


def plan_new_followups(project: Project, cutoff: dt.date,
                       frame: str | None = None) -> list[NewFile]:
    """What `pac followup new` would write, without writing it."""
    # pac.yaml, the plans of the vigencia and its follow-ups must validate: a broken one
    # would be skipped and its progress lost (a blank skeleton instead of April's data)
    others = {p for p in project.followup_paths() if _vigencia(p) not in {None, cutoff.year}}
    checked = checked_for(project, [p for p in project.followup_paths() if p not in others],
                          {cutoff.year})
    entries = entries_of_year(plan_entries(checked.files), cutoff.year, frame)
    if not entries:
        problems = checked.problems_of({display_path(p) for p in project.plan_paths()},
                                       {cutoff.year})
        if any(p.is_error for p in problems):  # its plan does not validate: say why
            raise refusal(problems)
        raise NotFoundError(f"no hay un plan de la vigencia {cutoff.year}"
                            + (f" con el marco «{frame}»" if frame else ""))
    if len(entries) > 1:
        frames = ", ".join(sorted(e.frame_id for e in entries))
        raise NotFoundError(f"hay varios planes de la vigencia {cutoff.year} (marcos {frames}): "
                            "indique cuál con --marco")
    entry = entries[0]
    if entry.plan is None:
        raise refusal([p for p in checked.problems if p.path == entry.doc.display])
    rules = rules_of(entry.plan, checked.frames)
    note = None
    if rules is not None and cutoff.strftime("%m-%d") not in rules.schedule.cutoffs:
        # an entity that adopts pac mid-year records its own first period: flagged, not refused
        note = (f"{cutoff.isoformat()} no es uno de los cortes del plan "
                f"({', '.join(rules.schedule.cutoffs)}; marco «{entry.frame_id}»): se registra "
                "como corte adicional, con la misma regla de plazo desde su fecha")
    followups: list[tuple[Document, FollowUp]] = []
    for doc, followup in checked.followups():
        found, _ = plan_for(doc, followup, plan_entries(checked.files))
        # the same vigencia only: a programme's next year starts again from 1 January
        if found is not None and found.doc is entry.doc and followup.year == cutoff.year:
            followups.append((doc, followup))
    same = [doc.display for doc, f in followups if f.cutoff == cutoff]
    if same:
        raise InvalidDataError(f"ya hay un seguimiento con corte {cutoff.isoformat()}: "
                               f"{', '.join(same)}")
    earlier = [f.cutoff for _, f in followups if f.cutoff < cutoff]
    frame_key = entry.frame_id if entry.doc.data.get("marco") is not None else None
    if not earlier:
        path = project.root / "followups" / f"{cutoff.isoformat()}.yaml"
        plan = entry.plan_at(cutoff)  # the activities in force on the cutoff's day
        assert plan is not None
        text = first_text(plan, cutoff, frame_key, _schema_line(entry.doc),
                          _risk_map_of(checked, cutoff.year))
        return [NewFile(path, text, None, note)]
    previous = max(earlier)
    files = [doc for doc, f in followups if f.cutoff == previous]
    broken = [p for p in checked.problems if p.is_error
              and p.path in {doc.display for doc in files}]
    if broken:
        raise refusal(broken)
    return [NewFile(_target(doc.path, previous, cutoff),
                    carried_text(read_text(doc.path, doc.display), previous, cutoff,
                                 doc.display),
                    doc.display, note) for doc in sorted(files, key=lambda d: d.display)]


def _risk_map_of(checked: ValidationResult, year: int) -> RiskMap | None:
    """The vigencia's risk map, when it validates (its own problems are validate's)."""
    maps = [item.model for item in checked.files + checked.context
            if item.kind == "riesgos" and isinstance(item.model, RiskMap)
            and item.model.year == year]
    return maps[0] if len(maps) == 1 else None


def write_new_followups(project: Project, cutoff: dt.date,
                        frame: str | None = None) -> list[NewFile]:
    """Write the skeletons; refuses before writing anything if one of them exists."""
    from pac_cli.disk.yaml_reader import load_text

    planned = plan_new_followups(project, cutoff, frame)
    for item in planned:
        if item.path.exists():
            raise InvalidDataError(f"ya existe {display_path(item.path)}; no se sobrescribe")
        # what pac writes must load back as a follow-up of the same shape
        load_text(item.text, item.path, display_path(item.path))
    write_all_new([(item.path, item.text.encode("utf-8")) for item in planned])
    return planned
