"""Write `src/pac_cli/outputs/arial-widths.json`: the advance width of each character in
Arial, regular and bold, in thousandths of an em, as Liberation Sans (metric-compatible
with Arial by design) gives them.

    python tools/make_font_widths.py [FOLDER]   # default /usr/share/fonts/truetype/liberation2

The workbooks name Arial (Windows and macOS have it; Linux maps it to Liberation Sans), and
pac sizes their rows from these widths, so what Excel and LibreOffice print fits its cell.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from fontTools.ttLib import TTFont

OUT = Path(__file__).resolve().parents[1] / "src/pac_cli/outputs/arial-widths.json"
RANGES = [(0x20, 0x24F), (0x2010, 0x2027), (0x2030, 0x203A), (0x20AC, 0x20AC)]


def widths(font_path: Path) -> dict[str, int]:
    font = TTFont(str(font_path))
    units = font["head"].unitsPerEm
    cmap = font.getBestCmap()
    metrics = font["hmtx"]
    found = {}
    for first, last in RANGES:
        for code in range(first, last + 1):
            if code in cmap:
                found[f"{code:x}"] = round(metrics[cmap[code]][0] * 1000 / units)
    return found


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/liberation2")
    data = {"fuente": "Arial (medidas de Liberation Sans, compatible en métricas)",
            "normal": widths(folder / "LiberationSans-Regular.ttf"),
            "negrilla": widths(folder / "LiberationSans-Bold.ttf")}
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
                   + "\n", encoding="utf-8")
    sys.stdout.write(f"escrito {OUT}\n")
