"""Compile the Spanish catalog of the texts typer passes through gettext (Babel).

    python tools/compile_catalog.py

A test checks that the committed .mo holds exactly the messages of the committed .po.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

CATALOG = Path(__file__).resolve().parents[1] / "src/pac_cli/locale/es/LC_MESSAGES"


def compiled(po: Path) -> bytes:
    """The .mo bytes of a .po file."""
    with po.open("rb") as stream:
        catalog = read_po(stream, locale="es")
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


if __name__ == "__main__":
    (CATALOG / "pac.mo").write_bytes(compiled(CATALOG / "pac.po"))
    sys.stdout.write(f"escrito {CATALOG / 'pac.mo'}\n")
