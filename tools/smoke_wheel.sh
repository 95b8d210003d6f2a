#!/usr/bin/env bash
# The wheel alone, as an entity gets it: a fresh virtual environment with nothing but the
# wheel (and what it asks for from the package index), in an empty folder. The release
# workflow runs this before publishing; `.ci/run` runs it on every change.
#
#     bash tools/smoke_wheel.sh dist/            # the folder where `python -m build` wrote
#     bash tools/smoke_wheel.sh dist/ 1.2.0      # and the version it must be (a release's tag)
set -euo pipefail
dist="$(cd "${1:?falta la carpeta con la rueda (dist/)}" && pwd)"
wheels=("$dist"/pac_cli-*.whl)
[ ${#wheels[@]} -eq 1 ] && [ -f "${wheels[0]}" ] || { echo "se esperaba una rueda en $dist" >&2; exit 1; }
wheel="${wheels[0]}"
# the version the wheel's name carries (pac_cli-1.2.0-py3-none-any.whl → 1.2.0)
expected="$(basename "$wheel" | cut -d- -f2)"
if [ -n "${2:-}" ] && [ "$2" != "$expected" ]; then
  echo "la rueda es la versión $expected, no la $2 de la etiqueta" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
PIP_NO_CACHE_DIR=1 "$work/venv/bin/python" -m pip install --quiet "$wheel"
pac="$work/venv/bin/pac"
mkdir "$work/entidad" && cd "$work/entidad"

shown="$("$pac" --version)"
[ "$shown" = "pac $expected" ] || { echo "pac --version dice «$shown», se esperaba «pac $expected»" >&2; exit 1; }
echo "$shown"
"$pac" init --entidad "Entidad de prueba" --vigencia 2026 2> /dev/null
grep -q "PAC: \"pac-cli==$expected\"" .github/workflows/plans.yml
"$pac" validate
"$pac" followup new --cutoff 2026-04-30
"$pac" render informe --corte 2026-04-30 --borrador -f html -o informe.html
"$pac" render informe --corte 2026-04-30 --borrador -f xlsx -o informe.xlsx
grep -q "BORRADOR" informe.html
# a risk map, computed with the method data the wheel carries
mkdir riesgos
cat > riesgos/2026.yaml <<'MAPA'
vigencia: 2026
riesgos:
  - {referencia: R1, proceso: Contratación, tipo: gestion, descripcion: Un riesgo,
     probabilidad: {frecuencia: 300}, impacto: {nivel: Mayor}}
MAPA
"$pac" riesgos 2026 -f json | grep -q '"zona": "Alto"'
echo "la rueda $(basename "$wheel") funciona sola"
