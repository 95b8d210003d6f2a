"""Benchmark `pac validate` against check-jsonschema on synthetic plans of 40 activities.

    python bench/bench.py            # 1 plan × 15 runs, 1,000 plans × 3 runs, 10,000 plans × 1
    python bench/bench.py --quick    # fewer runs and plans, for a smoke test

Prints the median wall time and the peak memory (maximum resident set) of each command, the
ratios, and whether each of the project's resource targets is met. Both tools run as a user
runs them (a new process each time), on the same files, check-jsonschema with pac's own
schema. The «piso» (floor) is the least any Python validator of these files must do: start
Python, import pydantic, the C YAML parser and pac's models, and parse and validate each plan
in one process, without the command line or the rules. The largest batch (`--grande`) is run
by pac alone: it is there for memory, which must not grow with the number of files.
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
from pathlib import Path

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
import sys
from pathlib import Path
from pac_cli.disk.yaml_reader import load_file
from pac_cli.models.plan import Plan
for name in sys.argv[1:]:
    Plan.model_validate(load_file(Path(name)).data)
"""


def measure(command: list[str], runs: int) -> tuple[float, int]:
    """Median wall time in seconds and highest peak memory in bytes over `runs` runs."""
    times, peaks = [], []
    for _ in range(runs):
        with tempfile.TemporaryFile() as out:
            start = time.perf_counter()
            process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
            # wait4 gives this child's own resource usage (ru_maxrss in KiB on Linux)
            _, status, usage = os.wait4(process.pid, 0)
            times.append(time.perf_counter() - start)
            process.returncode = os.waitstatus_to_exitcode(status)
            peaks.append(usage.ru_maxrss * 1024)
            if process.returncode != 0:
                out.seek(0)
                sys.exit(f"falló {' '.join(command[:3])}…: {out.read()[-1000:]!r}")
    return statistics.median(times), max(peaks)


TARGETS = (
    # (what, measured, limit)
    ("1 plan: pac / check-jsonschema", "ratio_cjs_one", 0.65),
    ("{plans} planes: pac / check-jsonschema", "ratio_cjs_many", 0.15),
    ("{plans} planes: pac / piso", "ratio_floor_many", 1.25),
    ("{plans} planes: memoria pico de pac (MiB)", "memory_many", 150),
    ("{big} planes: memoria pico de pac (MiB)", "memory_big", 300),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="menos repeticiones y planes")
    parser.add_argument("--plans", type=int, default=1000, help="planes del lote grande")
    parser.add_argument("--grande", type=int, default=10000,
                        help="planes del lote solo de pac, para la memoria (0: no)")
    args = parser.parse_args()
    pac = shutil.which("pac")
    cjs = shutil.which("check-jsonschema")
    if pac is None:
        sys.exit("instale pac primero: pip install .")
    runs_one, runs_many = (3, 1) if args.quick else (15, 3)
    big = min(args.grande, 500) if args.quick and args.grande else args.grande
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        schema = root / "plan.schema.json"
        schema.write_text(subprocess.run([pac, "schema", "plan"], capture_output=True,
                                         text=True, check=True).stdout, encoding="utf-8")
        paths = []
        for i in range(max(args.plans, big)):
            folder = root / f"p{i:05d}"
            folder.mkdir()
            path = folder / "plan.yaml"
            path.write_text(synthetic_plan(2000 + i % 100), encoding="utf-8")
            paths.append(str(path))
        many = paths[:args.plans]
        floor = [sys.executable, "-c", FLOOR]
        rows = [("pac validate, 1 plan", *measure([pac, "validate", paths[0]], runs_one)),
                (f"pac validate, {args.plans} planes",
                 *measure([pac, "validate", *many], runs_many)),
                ("piso, 1 plan", *measure([*floor, paths[0]], runs_one)),
                (f"piso, {args.plans} planes", *measure([*floor, *many], runs_many))]
        if cjs is not None:
            base = [cjs, "--schemafile", str(schema)]
            rows += [("check-jsonschema, 1 plan", *measure([*base, paths[0]], runs_one)),
                     (f"check-jsonschema, {args.plans} planes",
                      *measure([*base, *many], runs_many))]
        if big:
            rows.append((f"pac validate, {big} planes", *measure([pac, "validate", *paths], 1)))
    print(f"{'comando':<34} {'mediana':>10} {'memoria pico':>14}")
    for name, seconds, peak in rows:
        print(f"{name:<34} {seconds * 1000:>8.0f} ms {peak / 2**20:>11.0f} MiB")
    median = {name: value for name, value, _ in rows}
    memory = {name: peak / 2**20 for name, _, peak in rows}
    many_name = f"{args.plans} planes"
    measured = {
        "ratio_floor_many": median[f"pac validate, {many_name}"] / median[f"piso, {many_name}"],
        "memory_many": memory[f"pac validate, {many_name}"],
    }
    if cjs is not None:
        measured["ratio_cjs_one"] = (median["pac validate, 1 plan"]
                                     / median["check-jsonschema, 1 plan"])
        measured["ratio_cjs_many"] = (median[f"pac validate, {many_name}"]
                                      / median[f"check-jsonschema, {many_name}"])
    else:
        print("(check-jsonschema no está instalado: pip install '.[test]')")
    if big:
        measured["memory_big"] = memory[f"pac validate, {big} planes"]
    print("\nobjetivos:")
    for what, key, limit in TARGETS:
        if key in measured:
            value = measured[key]
            verdict = "cumple" if value <= limit else "NO CUMPLE"
            label = what.format(plans=args.plans, big=big)
            print(f"  {label:<44} {value:>8.2f}  (≤ {limit})  {verdict}")


if __name__ == "__main__":
    main()
