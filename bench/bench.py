"""Benchmark `pac validate` against its floor and against check-jsonschema.

    python bench/bench.py            # every target, as docs/rendimiento.md reports them
    python bench/bench.py --quick    # fewer runs and plans, for a smoke test

Each comparison runs its two commands in pairs, one after the other (A B A B …), so both
see the same machine at the same moment (a shared machine's load comes and goes); the
medians of each side and their ratio are reported, with the peak memory (maximum resident
set) of each. Every command is a new process, as a user runs it.

The plans: copies of the repository's real `plans/2024.yaml` (13 activities with their long
texts, each copy in a folder of its own), and synthetic plans of 40 activities. The «piso»
(floor) is the least any Python validator of these files must do: start Python with the
cyclic collector off (as `pac` runs), import pydantic, the C YAML parser and pac's models,
and parse and validate each plan in one process, without the command line or the rules.
check-jsonschema validates the same files against pac's own JSON Schema.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REAL = Path(__file__).resolve().parents[1] / "plans" / "2024.yaml"
ACTIVITY = """\
          - id: "{s}.{a}"
            actividad: Actividad sintética {s}.{a} para medir la validación de un plan.
            meta_producto: >-
              Producto esperado de la actividad {s}.{a}, con un texto de varias palabras como
              los de los planes reales que publican las entidades.
            meta_anual: {target}
            indicador: Número de informes realizados en el periodo.
            responsable: Secretaría General – Dirección de Atención al Ciudadano
            fecha_programada: Vigencia {year}
"""


def synthetic_plan(year: int, activities: int = 40, subcomponents: int = 5) -> str:
    """A valid plan with `activities` activities spread over `subcomponents`."""
    lines = [f"vigencia: {year}", "componentes:", "  - numero: 4",
             "    nombre: Mecanismos para mejorar la atención al ciudadano",
             "    subcomponentes:"]
    per = activities // subcomponents
    for s in range(1, subcomponents + 1):
        lines += [f"      - numero: {s}", f"        nombre: Subcomponente {s}",
                  "        actividades:"]
        lines += [ACTIVITY.format(s=s, a=a, target=12 * a, year=year).rstrip("\n")
                  for a in range(1, per + 1)]
    return "\n".join(lines) + "\n"


FLOOR = """\
import gc
gc.disable()
import sys
from pathlib import Path
from pac_cli.disk.yaml_reader import load_file
from pac_cli.models.plan import Plan
for name in sys.argv[1:]:
    Plan.model_validate(load_file(Path(name)).data)
"""


def run(command: Sequence[str], cwd: Path | None = None) -> tuple[float, int]:
    """One run: wall time in seconds and peak memory in bytes."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=cwd)
        # wait4 gives this child's own resource usage (ru_maxrss in KiB on Linux)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            out.seek(0)
            sys.exit(f"falló {' '.join(command[:3])}…: {out.read()[-1000:]!r}")
    return elapsed, usage.ru_maxrss * 1024


@dataclass
class Side:
    name: str
    times: list[float]
    peak: int

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def paired(a: tuple[str, Sequence[str]], b: tuple[str, Sequence[str]],
           pairs: int, cwd: Path | None = None) -> tuple[Side, Side]:
    """Run two commands in turns, A B A B, `pairs` times each (after one warm-up pair)."""
    sides = (Side(a[0], [], 0), Side(b[0], [], 0))
    for index in range(pairs + 1):
        for side, (_, command) in zip(sides, (a, b), strict=True):
            elapsed, peak = run(command, cwd)
            if index:  # the first pair warms the disk cache and is not counted
                side.times.append(elapsed)
                side.peak = max(side.peak, peak)
    return sides


def folders(root: Path, name: str, count: int, text: str | None = None) -> list[str]:
    """`count` plan files, each in a folder of its own (a folder holds one plan per
    vigencia), the real plan or synthetic ones."""
    paths = []
    for i in range(count):
        path = root / name / f"p{i:05d}" / "plan.yaml"
        path.parent.mkdir(parents=True)
        path.write_text(text if text is not None else synthetic_plan(2000 + i % 100),
                        encoding="utf-8")
        paths.append(str(path))
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="menos repeticiones y planes")
    parser.add_argument("--plans", type=int, default=1000, help="planes del lote mediano")
    parser.add_argument("--grande", type=int, default=10000,
                        help="planes del lote grande (0: no se mide)")
    args = parser.parse_args()
    pac = shutil.which("pac")
    cjs = shutil.which("check-jsonschema")
    if pac is None:
        sys.exit("instale pac primero: pip install .")
    one_pairs, many_pairs, big_pairs = (3, 1, 1) if args.quick else (31, 15, 3)
    plans = min(args.plans, 50) if args.quick else args.plans
    big = min(args.grande, 500) if args.quick and args.grande else args.grande
    real = REAL.read_text(encoding="utf-8")
    floor = [sys.executable, "-c", FLOOR]
    results: list[tuple[str, Side, Side]] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        schema = root / "plan.schema.json"
        schema.write_text(subprocess.run([pac, "schema", "plan"], capture_output=True,
                                         text=True, check=True).stdout, encoding="utf-8")
        reals = folders(root, "reales", max(plans, big), real)
        synthetic = folders(root, "sinteticos", plans)
        base = [cjs, "--schemafile", str(schema)] if cjs else []
        # as an office runs it: the plan inside its project (pac.yaml, the other plans and
        # the follow-ups around it), from the project's folder
        project = root / "proyecto"
        project.mkdir()
        for part in ("pac.yaml", "plans", "followups"):
            source = REAL.parents[1] / part
            (shutil.copytree if source.is_dir() else shutil.copy)(source, project / part)
        if cjs:
            results.append(("1 plan en su proyecto", *paired(
                ("pac", [pac, "validate", "plans/2024.yaml"]),
                ("check-jsonschema", [*base, "plans/2024.yaml"]), one_pairs, cwd=project)))
            results.append(("1 plan real", *paired(("pac", [pac, "validate", reals[0]]),
                                                   ("check-jsonschema", [*base, reals[0]]),
                                                   one_pairs)))
            results.append((f"{plans} planes sintéticos", *paired(
                ("pac", [pac, "validate", *synthetic]),
                ("check-jsonschema", [*base, *synthetic]), 1 if args.quick else 2)))
        results.append(("1 plan real", *paired(("pac", [pac, "validate", reals[0]]),
                                               ("piso", [*floor, reals[0]]), one_pairs)))
        results.append((f"{plans} planes reales", *paired(
            ("pac", [pac, "validate", *reals[:plans]]), ("piso", [*floor, *reals[:plans]]),
            many_pairs)))
        if big:
            results.append((f"{big} planes reales", *paired(
                ("pac", [pac, "validate", *reals[:big]]), ("piso", [*floor, *reals[:big]]),
                big_pairs)))
    print(f"{'lote':<24} {'comando':<18} {'mediana':>10} {'memoria pico':>14}   pares")
    for what, a, b in results:
        for side in (a, b):
            print(f"{what:<24} {side.name:<18} {side.median * 1000:>8.0f} ms "
                  f"{side.peak / 2**20:>11.0f} MiB   {len(side.times)}")
    ratio = {(what, b.name): a.median / b.median for what, a, b in results}
    memory = {what: a.peak / 2**20 for what, a, _ in results}
    targets = [("1 plan en su proyecto: pac / check-jsonschema",
                ratio.get(("1 plan en su proyecto", "check-jsonschema")), 0.65),
               ("1 plan real: pac / check-jsonschema", ratio.get(("1 plan real",
                                                                   "check-jsonschema")), 0.65),
               (f"{plans} planes sintéticos: pac / check-jsonschema",
                ratio.get((f"{plans} planes sintéticos", "check-jsonschema")), 0.15),
               (f"{plans} planes reales: pac / piso",
                ratio[(f"{plans} planes reales", "piso")], 1.25),
               (f"{plans} planes reales: memoria pico de pac (MiB)",
                memory[f"{plans} planes reales"], 150)]
    if big:
        targets += [(f"{big} planes reales: pac / piso",
                     ratio[(f"{big} planes reales", "piso")], 1.25),
                    (f"{big} planes reales: memoria pico de pac (MiB)",
                     memory[f"{big} planes reales"], 300)]
    if not cjs:
        print("(check-jsonschema no está instalado: pip install '.[test]')")
    print("\nobjetivos:")
    for label, value, limit in targets:
        if value is not None:
            verdict = "cumple" if value <= limit else "NO CUMPLE"
            print(f"  {label:<48} {value:>8.2f}  (≤ {limit})  {verdict}")


if __name__ == "__main__":
    main()
