#!/usr/bin/env bash
# Rebuild the pictures of the documents shown in the manual (docs/img/*.png).
# Needs Debian's libreoffice-writer-nogui, libreoffice-calc-nogui, poppler-utils, chromium, and
# the fonts and Pango the PDFs are made with (fonts-liberation2, libpangoft2-1.0-0):
#   apt-get install -y --no-install-recommends libreoffice-writer-nogui libreoffice-calc-nogui \
#     poppler-utils chromium fonts-liberation2 libpango-1.0-0 libpangoft2-1.0-0
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
pac render acta --cutoff 2024-04-30 -o "$work/acta.pdf"
pac render informe --cutoff 2024-08-31 -o "$work/informe.pdf"
pac render informe --cutoff 2024-04-30 -f html -o "$work/informe.html"
pac render informe -C examples/villa-ejemplo --cutoff 2024-12-31 -f html -o "$work/programa.html"
pdftoppm -png -r 80 -f 1 -l 2 "$work/acta.pdf" "$work/acta"
cp "$work/acta-1.png" docs/img/acta-pagina-1.png
cp "$work/acta-2.png" docs/img/acta-pagina-2.png
pdftoppm -png -r 80 -f 1 -l 1 "$work/informe.pdf" "$work/informe"
cp "$work/informe-1.png" docs/img/informe-impreso.png
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$work/chromium" --hide-scrollbars --window-size=1100,1500 \
  --screenshot="docs/img/informe.png" "file://$work/informe.html" 2> /dev/null
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$work/chromium" --hide-scrollbars --window-size=390,1400 \
  --screenshot="docs/img/informe-movil.png" "file://$work/informe.html" 2> /dev/null
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$work/chromium" --hide-scrollbars --window-size=1100,1300 \
  --screenshot="docs/img/informe-programa.png" "file://$work/programa.html" 2> /dev/null
pac site -o "$work/sitio" --hoy 2024-12-20
pac site -C examples/villa-ejemplo -o "$work/sitio-villa" --hoy 2025-03-01
shot() {  # WIDTH HEIGHT PAGE PICTURE
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/chromium" --hide-scrollbars --window-size="$1,$2" \
    --screenshot="docs/img/$4" "file://$work/$3" 2> /dev/null
}
shot 1280 900 sitio/index.html sitio-inicio.png
shot 390 1200 sitio/index.html sitio-inicio-movil.png
shot 1280 1000 sitio/seguimientos/2024-04-30-paac.html sitio-seguimiento.png
shot 390 1400 sitio/seguimientos/2024-04-30-paac.html sitio-seguimiento-movil.png
shot 1280 1500 sitio-villa/riesgos/2024.html sitio-mapa-riesgos.png
echo "docs/img/ actualizado"
