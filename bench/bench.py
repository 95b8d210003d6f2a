"""Benchmark `pac validate` against check-jsonschema on synthetic plans of 40 activities.

    python bench/bench.py            # 1 plan × 15 runs, 1,000 plans × 3 runs
    python bench/bench.py --quick    # fewer runs, for a smoke test

Prints the median wall time of each command and the ratio. Both tools run as a user runs
them (a new process each time), on the same files, check-jsonschema with pac's own schema.
"""

from __future__ import annotations

import argparse
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


def median_time(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            sys.exit(f"falló {' '.join(command[:3])}…: {done.stdout[-500:]!r} "
                     f"{done.stderr[-500:]!r}")
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="menos repeticiones")
    parser.add_argument("--plans", type=int, default=1000, help="planes del lote grande")
    args = parser.parse_args()
    pac = shutil.which("pac")
    cjs = shutil.which("check-jsonschema")
    if pac is None:
        sys.exit("instale pac primero: pip install .")
    runs_one, runs_many = (3, 1) if args.quick else (15, 3)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        schema = root / "plan.schema.json"
        schema.write_text(subprocess.run([pac, "schema", "plan"], capture_output=True,
                                         text=True, check=True).stdout, encoding="utf-8")
        paths = []
        for i in range(args.plans):
            folder = root / f"p{i:04d}"
            folder.mkdir()
            path = folder / "plan.yaml"
            path.write_text(synthetic_plan(2000 + i % 100), encoding="utf-8")
            paths.append(str(path))
        rows = [("pac validate, 1 plan", median_time([pac, "validate", paths[0]], runs_one)),
                (f"pac validate, {args.plans} planes",
                 median_time([pac, "validate", *paths], runs_many))]
        if cjs is not None:
            base = [cjs, "--schemafile", str(schema)]
            rows += [("check-jsonschema, 1 plan", median_time([*base, paths[0]], runs_one)),
                     (f"check-jsonschema, {args.plans} planes",
                      median_time([*base, *paths], runs_many))]
    print(f"{'comando':<34} {'mediana':>10}")
    for name, seconds in rows:
        print(f"{name:<34} {seconds * 1000:>8.0f} ms")
    if cjs is not None:
        print(f"check-jsonschema / pac, 1 plan: {rows[2][1] / rows[0][1]:.1f}×; "
              f"{args.plans} planes: {rows[3][1] / rows[1][1]:.1f}×")
    else:
        print("(check-jsonschema no está instalado: pip install '.[test]')")


if __name__ == "__main__":
    main()
