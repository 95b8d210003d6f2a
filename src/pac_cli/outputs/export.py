"""`pac export`: a plan, or a cutoff's follow-up, as a spreadsheet matrix, written atomically."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from pac_cli.commands.followup_run import run_followup
from pac_cli.commands.validate import read_plan, require_project
from pac_cli.disk.atomic import atomic_write, output_format
from pac_cli.disk.project import Project, find_project
from pac_cli.errors import InvalidDataError
from pac_cli.models.risk_method import DafpMethod
from pac_cli.outputs.matrix_writer import (
    Matrix,
    followup_matrix,
    plan_matrix,
    to_csv,
    to_ods,
    to_xlsx,
)


def export(plan_path: Path | None, cutoff: dt.date | None, chosen: str | None,
           output: Path | None, delimiter: str, encoding: str, frame: str | None,
           project: Project | None) -> Path | None:
    """Write the matrix; the path written, or None when it went to the terminal."""
    kind = output_format(chosen, output, ("xlsx", "csv", "ods"))
    matrix: Matrix
    from pac_cli.commands.risk_run import is_risk_map, read_risk_map

    if plan_path is not None and is_risk_map(plan_path):
        from pac_cli.outputs.risk_matrix import risk_matrix

        project = project or find_project(plan_path.resolve().parent)
        risks = read_risk_map(plan_path, project)
        if not isinstance(risks.method, DafpMethod):
            raise InvalidDataError(f"el mapa {risks.risk_map.year} es del método "
                                   f"{risks.method.id}: pac export escribe la plantilla v5 de "
                                   "Función Pública, la del método dafp-2020",
                                   path=str(plan_path))
        year = risks.risk_map.year
        matrix, stamp, name = risk_matrix(risks), dt.date(year, 1, 1), f"mapa-riesgos-{year}"
    elif plan_path is not None:
        # the plan is read with its own project's frames and pac.yaml, as validate reads it
        project = project or find_project(plan_path.resolve().parent)
        plan = read_plan(plan_path, project)
        matrix, stamp, name = plan_matrix(plan), dt.date(plan.year, 1, 1), f"plan-{plan.year}"
    else:
        assert cutoff is not None
        run = run_followup(project or require_project(), cutoff, frame=frame)
        matrix, stamp = followup_matrix(run.result), run.cutoff
        name = f"seguimiento-{run.cutoff.isoformat()}"
    to_stdout = output is not None and str(output) == "-"
    if kind == "csv":
        # the BOM tells Excel the file is UTF-8; a terminal or a pipe does not want it
        utf8 = "utf-8" if to_stdout else "utf-8-sig"
        data = to_csv(matrix, delimiter, utf8 if encoding == "utf-8" else "cp1252")
    elif kind == "ods":
        data = to_ods(matrix, stamp)
    else:
        data = to_xlsx(matrix, stamp)
    if to_stdout:
        if kind != "csv":
            raise InvalidDataError(f"un .{kind} no se puede escribir en la terminal; indique "
                                   "un archivo con -o")
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return None
    target = output or Path(f"{name}.{kind}")
    atomic_write(target, data, project.all_paths() if project is not None else
                 ([plan_path] if plan_path is not None else []))
    return target

