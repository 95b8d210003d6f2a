"""What a document or a page shows of a risk map and of its follow-up at a cutoff, as text:
each risk's zones and follow-up, the two heat maps with their counts (the zone in words in
every cell, never colour alone), and the summary. Templates place it; nothing is computed
here that the engine did not compute.
"""

from __future__ import annotations

from dataclasses import dataclass

from pac_cli import es_co
from pac_cli.commands.risk_run import HeatMap, RiskRun
from pac_cli.compute.risk_engine import zone_key
from pac_cli.compute.risk_followup import RiskFollowupResult
from pac_cli.outputs.risk_report import (
    compliance_text,
    executed_text,
    follow_lines,
    summary_lines,
)

TYPES = {"corrupcion": "corrupción", "gestion": "gestión", "fiscal": "fiscal",
         "seguridad_digital": "seguridad digital", "ambiental": "ambiental", "otro": "otro"}


FILLS = {"baj": "A5D6A7", "moderad": "FFE082", "alt": "FFB74D", "extrem": "EF9A9A"}
"""A zone's fill in Word, light enough for its dark text on screen and on paper."""


@dataclass(frozen=True)
class HeatCell:
    zone: str
    count: int
    key: str

    @property
    def fill(self) -> str:
        return FILLS.get(self.key, "FFFFFF")


@dataclass(frozen=True)
class HeatTable:
    """A heat map as a table: probability rows from the most likely down, impact columns."""

    name: str
    """«inherente» or «residual»."""
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[HeatCell, ...]], ...]


@dataclass(frozen=True)
class RiskRow:
    """A risk as a document lists it."""

    reference: str
    process: str
    type: str
    description: str
    inherent: str
    """«Alto (Media × Mayor)»."""
    inherent_zone: str
    inherent_key: str
    residual: str
    residual_zone: str
    residual_key: str
    controls: int
    executed: str
    """«1 de 2» controls executed at the cutoff (empty without a follow-up)."""
    compliance: str
    materialised: bool
    facts: str
    observations: str
    reported: bool


@dataclass(frozen=True)
class RiskSection:
    """«Seguimiento al mapa de riesgos de corrupción»: a map, and its follow-up at a cutoff
    when there is one."""

    title: str
    year: int
    method: str
    cutoff_text: str | None
    rows: tuple[RiskRow, ...]
    """Materialised risks first when followed up; else in the map's order."""
    heat_maps: tuple[HeatTable, ...]
    summary: tuple[str, ...]
    follow_summary: tuple[str, ...]
    materialised: int
    overdue: int


def _heat(name: str, heat: HeatMap) -> HeatTable:
    return HeatTable(name, tuple(heat.columns), tuple(
        (row, tuple(HeatCell(z, n, zone_key(z)) for z, n in zip(zones, counts, strict=True)))
        for row, zones, counts in zip(heat.rows, heat.zones, heat.counts, strict=True)))


def risk_section(run: RiskRun, follow: RiskFollowupResult | None = None) -> RiskSection:
    statuses = {s.reference: s for s in follow.risks} if follow is not None else {}
    order = [s.result for s in follow.in_reading_order()] if follow is not None \
        else run.results
    rows = []
    for r in order:
        status = statuses.get(r.risk.reference)
        check = status.check if status is not None else None
        rows.append(RiskRow(
            reference=r.risk.reference, process=r.risk.process, type=TYPES[r.risk.type],
            description=r.risk.description,
            inherent=f"{r.inherent_likelihood.name} × {r.inherent_consequence.name}",
            inherent_zone=r.inherent_zone, inherent_key=zone_key(r.inherent_zone),
            residual=f"{r.residual_likelihood.name} × {r.residual_consequence.name}",
            residual_zone=r.residual_zone, residual_key=zone_key(r.residual_zone),
            controls=len(r.risk.controls),
            executed=executed_text(status) if status is not None else "",
            compliance=es_co.tie(compliance_text(status, follow.compliance_rule))
            if status is not None and follow is not None else "",
            materialised=status is not None and status.materialised,
            facts=check.facts or "" if check is not None else "",
            observations=check.observations or "" if check is not None else "",
            reported=check is not None))
    return RiskSection(
        title=run.risk_map.title or f"Mapa de riesgos {run.risk_map.year}",
        year=run.risk_map.year, method=f"{run.method.name} ({run.method.id})",
        cutoff_text=es_co.long_date(follow.cutoff) if follow is not None else None,
        rows=tuple(rows),
        heat_maps=(_heat("inherente", run.inherent), _heat("residual", run.residual)),
        summary=tuple(es_co.tie(line) for line in summary_lines(run)),
        follow_summary=tuple(follow_lines(follow)) if follow is not None else (),
        materialised=len(follow.materialised) if follow is not None else 0,
        overdue=len(follow.overdue) if follow is not None else 0)
