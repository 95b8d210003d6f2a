"""`pac import`: read a matrix, build the plan or follow-up, check it, write its YAML.

Nothing is written unless what would be written passes the same checks as `pac validate`;
the warnings (unknown columns, empty rows, numbered activities) are returned with their
cell references so the command can show them.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pac_cli import es_co
from pac_cli.checks.file_set import check_files
from pac_cli.checks.followup_rules import link_problems
from pac_cli.checks.plan_rules import frame_problems, plan_problems
from pac_cli.checks.plan_set import entries_of_year, plan_entries
from pac_cli.checks.results import Checked
from pac_cli.commands.matrix_reading import (
    HEADER_ROWS,
    Finding,
    Findings,
    followup_data,
    plan_data,
)
from pac_cli.disk.atomic import write_new
from pac_cli.disk.project import Project
from pac_cli.disk.sheet_reader import Sheet, read_sheet
from pac_cli.disk.yaml_reader import Document, load_text
from pac_cli.errors import InvalidDataError, NotFoundError
from pac_cli.es_co import normal
from pac_cli.models.followup import FollowUp
from pac_cli.models.frame_catalog import catalog
from pac_cli.models.plan import DEFAULT_FRAME, Plan
from pac_cli.models.problems import Problem, display_path, format_text
from pac_cli.models.project_config import ProjectConfig
from pac_cli.models.validation import validated

if TYPE_CHECKING:  # a risk map's matrix loads the risk engine only when there is one
    from pac_cli.compute.risk_engine import RiskResult


@dataclass(frozen=True)
class Imported:
    """What `pac import` wrote (or would write), and what it has to say."""

    path: Path
    text: str
    findings: tuple[Finding, ...]


class ImportRefused(InvalidDataError):
    """The matrix cannot become a valid file: every reason, one per line."""

    def __init__(self, source: Path, findings: list[Finding], problems: list[str]) -> None:
        lines = [f"{display_path(source)}:{f.ref}: {'error' if f.error else 'advertencia'}: "
                 f"{f.message}" for f in findings]
        super().__init__("\n".join([*lines, *problems]) or "la matriz no se pudo importar")

    def __str__(self) -> str:
        return self.message


def _plain(value: Any, ids: tuple[str, ...]) -> Any:
    """Data ruamel can write: numbers as int or float, multi-line text as a block, activity
    ids in double quotes (2.10 is not 2.1)."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

    if isinstance(value, dict):
        return {k: DoubleQuotedScalarString(v) if k in ids else _plain(v, ids)
                for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v, ids) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    return value


def dump(data: dict[str, Any], header: str, ids: tuple[str, ...]) -> str:
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.width = 96
    yaml.indent(mapping=2, sequence=4, offset=2)
    out = io.StringIO()
    yaml.dump(_plain(data, ids), out)
    return header + out.getvalue()


def _frames(project: Project | None) -> dict[str, Any]:
    own = []
    if project is not None and project.config_path.is_file():
        checked = check_files([project.config_path])
        config = checked.config()
        own = config.frames if isinstance(config, ProjectConfig) else []
    return catalog(own)


def frame_named(sheet: Sheet, frames: dict[str, Any]) -> tuple[str, str] | None:
    """The frame whose name a title row above the table writes («PROGRAMA DE TRANSPARENCIA
    Y ÉTICA PÚBLICA – VIGENCIA 2026»), with the cell; the longest name wins."""
    names = sorted(((normal(f.name), f.id) for f in frames.values()), key=lambda n: -len(n[0]))
    titles = [texts[0] for row in sheet.rows[:HEADER_ROWS]
              if len(texts := [c for c in row if isinstance(c.value, str) and c.text]) == 1]
    if any(normal(c.text).startswith("marco ") for c in titles):
        return None  # «Marco: …» says it (pac export writes it)
    for cell in titles:  # a title is one text alone in its row; the header is many
        title = normal(cell.text)
        found = next((frame_id for name, frame_id in names if name and name in title), None)
        if found is not None:
            return found, cell.ref
    return None


def import_plan(source: Path, project: Project | None, *, output: Path | None = None,
                year: int | None = None, component: int | None = None,
                frame: str | None = None, sheet: str | None = None,
                entity: str | None = None, ignore: tuple[str, ...] = ()) -> Imported:
    """Read a plan matrix and write it as `plans/<vigencia>.yaml` (or `output`); a risk map
    as `riesgos/<vigencia>.yaml`."""
    table = read_sheet(source, sheet)
    from pac_cli.commands.import_risks import is_risk_matrix

    if is_risk_matrix(table):
        return import_risk_map(source, table, project, output=output, year=year)
    frames = _frames(project)
    findings = Findings()
    named = frame_named(table, frames) if frame is None else None
    if named is not None and named[0] != DEFAULT_FRAME:  # a PAAC is the plan that says none
        findings.warn(named[1], f"el título nombra «{frames[named[0]].name}»: el plan se "
                                f"importa con el marco «{named[0]}» (otro: --marco)")
        frame = named[0]
    frame_id = frame or DEFAULT_FRAME
    if frame_id not in frames:
        raise NotFoundError(f"no hay un marco «{frame_id}» (hay: {', '.join(frames)})")
    origin = f"Importado de {source.name}" + (f" ({entity})" if entity else "")
    data = plan_data(table, frames[frame_id], findings, year=year, component=component,
                     source=origin, ignore=ignore)
    if data is None:
        raise ImportRefused(source, findings.items, [])
    if frame is not None:
        data = {"vigencia": data.pop("vigencia"), "marco": frame,
                **{k: v for k, v in data.items() if k != "marco"}}
    if output is None:
        folder = project.root / "plans" if project is not None else Path("plans")
        output = folder / f"{data['vigencia']}.yaml"
    header = _header(output, project, "plan",
                     f"# {origin} con «pac import». Revise los textos y complete lo que la "
                     "matriz no\n# traía (responsables, fechas, indicadores).\n")
    return _checked_write(source, findings, output, dump(data, header, ("id",)), Plan,
                          lambda doc, plan: plan_problems(doc, plan)
                          + frame_problems(doc, plan, frames))


def import_followup(source: Path, project: Project, cutoff: dt.date, *,
                    output: Path | None = None, component: int | None = None,
                    frame: str | None = None, sheet: str | None = None,
                    ignore: tuple[str, ...] = ()) -> Imported:
    """Read a follow-up matrix against the project's plan of the cutoff's vigencia."""
    table = read_sheet(source, sheet)
    context = check_files(project.all_paths())
    entries = [e for e in entries_of_year(plan_entries(context.files), cutoff.year, frame)
               if e.plan is not None]
    if not entries:
        raise NotFoundError(f"no hay un plan válido de la vigencia {cutoff.year}"
                            + (f" con el marco «{frame}»" if frame else ""))
    if len(entries) > 1:
        raise NotFoundError(f"hay varios planes de la vigencia {cutoff.year}: indique cuál con "
                            "--marco")
    entry = entries[0]
    assert entry.plan is not None
    findings = Findings()
    named = entry.frame_id if entry.doc.data.get("marco") is not None else None
    data = followup_data(table, entry.plan, cutoff, findings, component=component, frame=named,
                         ignore=ignore)
    if data is None:
        raise ImportRefused(source, findings.items, [])
    if output is None:
        (project.root / "followups").mkdir(exist_ok=True)
        output = project.root / "followups" / f"{cutoff.isoformat()}.yaml"
    header = _header(output, project, "seguimiento",
                     f"# Importado de {source.name} con «pac import --followup». Agregue el "
                     "«acta» o el\n# «informe» y las evidencias, que la matriz no trae.\n")
    def links(doc: Document, followup: FollowUp) -> list[Problem]:
        mine = Checked(doc, "seguimiento", followup)
        return link_problems([mine], [mine, *context.files], context.frames)

    return _checked_write(source, findings, output, dump(data, header, ("actividad",)),
                          FollowUp, links)


def import_risk_map(source: Path, table: Sheet, project: Project | None, *,
                    output: Path | None = None, year: int | None = None) -> Imported:
    """A risk map's matrix as `riesgos/<vigencia>.yaml`: written only when its method accepts
    it and every figure it published is pac's; each refusal at its cell."""
    from pac_cli.checks.risk_rules import method_of, risk_map_results
    from pac_cli.commands.import_risks import risk_map_data
    from pac_cli.models.risk_map import RiskMap
    from pac_cli.models.risk_method import DafpMethod

    findings = Findings()
    built = risk_map_data(table, findings, year=year, source=f"Importado de {source.name}")
    if built is None or findings.errors:
        raise ImportRefused(source, findings.items, [])
    data, cells = built
    published = _published_steps(data, cells)
    if output is None:
        folder = project.root / "riesgos" if project is not None else Path("riesgos")
        folder.mkdir(exist_ok=True)
        output = folder / f"{data['vigencia']}.yaml"
    header = _header(output, project, "riesgos",
                     f"# Importado de {source.name} con «pac import». Las zonas y porcentajes "
                     "publicados\n# quedan en «publicado» y pac los revisa contra su "
                     "cálculo.\n")
    text = dump(data, header, ())
    doc = load_text(text, output, display_path(output))
    try:
        risk_map = validated(doc, RiskMap)
    except InvalidDataError as exc:
        raise ImportRefused(source, findings.items, [str(exc)]) from None
    lines = {doc.at(loc)[0]: ref for loc, ref in cells.items()}
    results, problems = risk_map_results(doc, risk_map)
    for problem in problems:
        where = lines.get(problem.line)
        message = problem.message if where else \
            f"{problem.message} (línea {problem.line} del YAML que resultaría)"
        (findings.error if problem.is_error else findings.warn)(
            where or f"{table.name}!A1", message)
    if isinstance(method_of(risk_map), DafpMethod):
        _check_steps(results, published, findings)
    if findings.errors:
        raise ImportRefused(source, findings.items, [])
    write_new(output, text.encode("utf-8"))
    return Imported(output, text, tuple(findings.items))


Step = dict[str, tuple[Decimal, str]]
"""What a control's row published: its rating and the probability after it, with cells."""


def _published_steps(data: dict[str, Any], cells: dict[tuple[Any, ...], str]
                     ) -> dict[tuple[str, str], Step]:
    """Each control's figures as the matrix published them, taken out of the data (pac
    computes them): by (risk, control), each with its cell."""
    found: dict[tuple[str, str], Step] = {}
    for i, risk in enumerate(data["riesgos"]):
        for j, control in enumerate(risk.get("controles", [])):
            step = found.setdefault((risk["referencia"], str(control["numero"])), {})
            for key in ("calificacion", "probabilidad"):
                if f"_{key}" in control:
                    step[key] = (control.pop(f"_{key}"),
                                 cells.get(("riesgos", i, "controles", j, key), ""))
    return found


def _check_steps(results: list[RiskResult], published: dict[tuple[str, str], Step],
                 findings: Findings) -> None:
    """Each control's published rating, and the probability after it, are pac's (to the
    template's one decimal), or an error at its cell naming both."""
    for result in results:
        likelihood = result.inherent_likelihood.value
        for step in result.steps:
            if step.lowers == "probabilidad":
                likelihood = step.after
            given = published.get((result.risk.reference, str(step.control.number)), {})
            where = f"riesgo {result.risk.reference}: el control {step.control.number}"
            if "calificacion" in given and given["calificacion"][0] != step.rating:
                findings.error(given["calificacion"][1], f"{where} se publicó con calificación "
                               f"{es_co.percent(given['calificacion'][0], 0)} y el método da "
                               f"{es_co.percent(step.rating, 0)}")
            if "probabilidad" in given and _tenth(given["probabilidad"][0]) != _tenth(
                    likelihood):
                findings.error(given["probabilidad"][1], f"{where} deja una probabilidad "
                               f"residual de {es_co.percent(likelihood, 1)} y el mapa publicó "
                               f"{es_co.percent(given['probabilidad'][0], 1)}")


def _tenth(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


M = TypeVar("M", Plan, FollowUp)


def _checked_write(source: Path, findings: Findings, output: Path, text: str,
                   model: type[M], rules: Callable[[Document, M], list[Problem]]) -> Imported:
    """Write `text` only if it passes the model and the rules, as `pac validate` would."""
    doc = load_text(text, output, display_path(output))
    try:
        value = validated(doc, model)
    except InvalidDataError as exc:
        raise ImportRefused(source, findings.items, [str(exc)]) from None
    problems = [p for p in rules(doc, value) if p.is_error]
    if problems:
        raise ImportRefused(source, findings.items, format_text(problems))
    write_new(output, text.encode("utf-8"))
    return Imported(output, text, tuple(findings.items))


def _header(output: Path, project: Project | None, kind: str, lines: str) -> str:
    """The editor's schema line when the project has the schemas (`schema/`), then `lines`."""
    schema = project.root / "schema" / f"{kind}.schema.json" if project is not None else None
    if schema is None or not schema.is_file():
        return lines
    relative = os.path.relpath(schema, output.resolve().parent)
    return f"# yaml-language-server: $schema={Path(relative).as_posix()}\n#\n{lines}"
