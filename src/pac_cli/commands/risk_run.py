"""`pac riesgos`: a vigencia's risk map, validated as `pac validate` validates it, with every
risk's figures by its method, the heat maps and the summary Control Interno reads."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from pac_cli.checks.file_set import check_files
from pac_cli.checks.risk_rules import method_of, risk_map_results
from pac_cli.compute.risk_engine import RiskResult, score_zone, zone_key
from pac_cli.compute.risk_followup import RiskFollowupResult, follow_risks
from pac_cli.disk.project import RISKS_DIR, Project
from pac_cli.disk.yaml_reader import Document, load_file
from pac_cli.errors import NotFoundError, PacError
from pac_cli.es_co import normal
from pac_cli.models.followup import FollowUp
from pac_cli.models.kinds import model_for
from pac_cli.models.problems import display_path
from pac_cli.models.risk_map import RiskMap
from pac_cli.models.risk_method import DafpMethod, Method2015
from pac_cli.models.validation import refusal

HIGH_ZONES = {"alt", "extrem"}
"""Alto/Alta and Extremo/Extrema, by their `zone_key`."""


@dataclass(frozen=True)
class HeatMap:
    """A heat map with counts: rows from the most likely down, columns by impact."""

    rows: list[str]
    columns: list[str]
    zones: list[list[str]]
    counts: list[list[int]]


@dataclass(frozen=True)
class RiskRun:
    """A map with its figures."""

    path: str
    """The map's file in the project (riesgos/2024.yaml), as the open data name it."""
    risk_map: RiskMap
    method: DafpMethod | Method2015
    results: list[RiskResult]
    file: Path
    """Where it is read from."""

    @property
    def inherent(self) -> HeatMap:
        return heat_map(self.method, [(r.inherent_likelihood.name, r.inherent_consequence.name)
                                      for r in self.results])

    @property
    def residual(self) -> HeatMap:
        return heat_map(self.method, [(r.residual_likelihood.name, r.residual_consequence.name)
                                      for r in self.results])

    def by_process(self) -> list[tuple[str, int, int]]:
        """Each process (in the map's order) with its risks and controls."""
        order = [p.name for p in self.risk_map.processes]
        order += [r.process for r in self.risk_map.risks if r.process not in order]
        risks = Counter(r.process for r in self.risk_map.risks)
        controls = Counter({r.process: 0 for r in self.risk_map.risks})
        for risk in self.risk_map.risks:
            controls[risk.process] += len(risk.controls)
        return [(name, risks[name], controls[name]) for name in order if risks[name]]

    def without_controls(self) -> list[RiskResult]:
        return [r for r in self.results if not r.risk.controls]

    def corruption_still_high(self) -> list[RiskResult]:
        """Corruption risks still Alto or Extremo after their controls."""
        return [r for r in self.results if r.risk.type == "corrupcion"
                and zone_key(r.residual_zone) in HIGH_ZONES]


def heat_map(method: DafpMethod | Method2015, cells: list[tuple[str, str]]) -> HeatMap:
    if isinstance(method, DafpMethod):
        rows = [b.level for b in reversed(method.likelihood)]
        columns = [b.level for b in method.consequence]
        zones = [next(cells_ for name, cells_ in method.zones.items()
                      if normal(name) == normal(row)) for row in rows]
    else:
        likelihoods = list(reversed(method.likelihood))
        rows = [b.level for b in likelihoods]
        columns = [b.level for b in method.consequence]
        zones = [[score_zone(method, Decimal(p.value * c.value)) for c in method.consequence]
                 for p in likelihoods]
    counted = Counter((normal(p), normal(c)) for p, c in cells)
    counts = [[counted[(normal(row), normal(column))] for column in columns] for row in rows]
    return HeatMap(rows, columns, zones, counts)


def map_paths(project: Project) -> dict[int, Path]:
    """The project's risk maps by vigencia (riesgos/AAAA.yaml)."""
    found: dict[int, Path] = {}
    for path in project.risk_map_paths():
        try:
            data = load_file(path).data
        except PacError:  # its problem is said when it is validated
            continue
        year = data.get("vigencia") if isinstance(data, dict) else None
        if isinstance(year, int) and not isinstance(year, bool):
            found.setdefault(year, path)
    return found


def run_risks(project: Project, year: int | None) -> RiskRun:
    """The map of `year` (the latest when None), refused with every error `pac validate`
    would give it: what validate refuses, no command computes."""
    maps = map_paths(project)
    if not maps:
        raise NotFoundError(f"no hay mapas de riesgos en {RISKS_DIR}/ (uno por vigencia: "
                            f"{RISKS_DIR}/2024.yaml)")
    chosen = year if year is not None else max(maps)
    if chosen not in maps:
        raise NotFoundError(f"no hay un mapa de riesgos de la vigencia {chosen} en {RISKS_DIR}/ "
                            f"(hay: {', '.join(str(y) for y in sorted(maps))})")
    return read_risk_map(maps[chosen], project)


def is_risk_map(path: Path) -> bool:
    """Whether a file is a risk map (one that cannot be read is said by what reads it)."""
    try:
        return model_for(load_file(path).data) == "riesgos"
    except PacError:
        return False


def read_risk_map(path: Path, project: Project | None) -> RiskRun:
    """One map file, refused with every error `pac validate` would give it (its method may
    be one of the project's own)."""
    checked = check_files([path], [project.config_path] if project is not None else [])
    errors = [p for p in checked.problems if p.is_error]
    if errors:
        raise refusal(errors, unreadable=checked.unreadable > 0)
    (item,) = checked.files
    risk_map = item.model
    if not isinstance(risk_map, RiskMap):
        raise NotFoundError(f"{display_path(path)} no es un mapa de riesgos", path=str(path))
    method = method_of(risk_map, checked.own_methods)
    assert method is not None  # else validation refused it
    results, _ = risk_map_results(item.doc, risk_map, checked.own_methods)
    root = project.root.resolve() if project is not None else path.resolve().parent
    where = path.resolve()
    shown = where.relative_to(root).as_posix() if where.is_relative_to(root) else path.name
    return RiskRun(shown, risk_map, method, results, path)


@dataclass(frozen=True)
class RiskCutoff:
    """The map of a vigencia followed up at a cutoff."""

    run: RiskRun
    result: RiskFollowupResult
    doc: Document
    """The follow-up file that holds «mapa_riesgos»."""
    followup: FollowUp


def risks_at(project: Project, followups: Sequence[tuple[Document, FollowUp]],
             cutoff: dt.date) -> RiskCutoff | None:
    """The map's follow-up among a cutoff's (validated) follow-up files, computed; None when
    none of them follows the map. The map is refused as `pac riesgos` refuses it."""
    found = [(doc, f) for doc, f in followups if f.risk_map is not None]
    if not found:
        return None
    doc, followup = found[0]
    assert followup.risk_map is not None
    run = run_risks(project, followup.risk_year)
    rule = run.risk_map.compliance or run.method.compliance
    return RiskCutoff(run, follow_risks(run.results, followup.risk_map, cutoff,
                                        run.risk_map.year, rule), doc, followup)
