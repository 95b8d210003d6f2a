"""`pac riesgos --corte`: the risk map followed up at a cutoff, from the follow-up file of
that cutoff that holds «mapa_riesgos» (the cutoffs are found as `pac followup` finds them)."""

from __future__ import annotations

import datetime as dt

from pac_cli.commands.followup_run import LATEST, cutoff_files
from pac_cli.commands.risk_run import RiskCutoff, risks_at
from pac_cli.commands.validate import checked_for
from pac_cli.disk.project import Project
from pac_cli.errors import NotFoundError


def risk_cutoff(project: Project, cutoff: dt.date, year: int | None) -> RiskCutoff:
    """`pac riesgos --corte`: the map's follow-up at `cutoff`, from the follow-up file of that
    cutoff that holds it, validated as `pac validate` validates it."""
    files = cutoff_files(project)[0]
    if cutoff == LATEST:
        followed = [c.cutoff for c in files if c.risks and (year is None or c.cutoff.year == year)]
        if not followed:
            raise NotFoundError("ningún seguimiento de followups/ sigue el mapa de riesgos "
                                "(«mapa_riesgos»)")
        cutoff = max(followed)
    paths = [c.path for c in files if c.cutoff == cutoff]
    if not paths:
        raise NotFoundError(f"no hay un seguimiento con corte {cutoff.isoformat()} en "
                            "followups/")
    checked = checked_for(project, paths, {cutoff.year}, blocking_paths=paths)
    found = risks_at(project, checked.followups(), cutoff)
    if found is None:
        raise NotFoundError(f"los seguimientos con corte {cutoff.isoformat()} no siguen el mapa "
                            "de riesgos: agregue «mapa_riesgos» al del acta o el informe")
    if year is not None and found.run.risk_map.year != year:
        raise NotFoundError(f"el seguimiento con corte {cutoff.isoformat()} sigue el mapa de "
                            f"{found.run.risk_map.year}, no el de {year}")
    return found
