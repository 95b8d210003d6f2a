"""PDF through LibreOffice: what entities publish on their website.

The acta's Word document and the informe's print-ready workbook are converted by
LibreOffice in headless mode (its own profile in a temporary folder, so a LibreOffice the
user has open is not disturbed), as a tagged PDF for screen readers. LibreOffice stamps
the clock into the PDF's dates: they are set to the document's date, so the same data
give the same text, pages and dates.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from pac_cli.errors import OutputError

FILTERS = {"docx": "writer_pdf_Export", "xlsx": "calc_pdf_Export"}
TAGGED = '{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
INSTALL = ("para escribir PDF hace falta LibreOffice: instálelo (en Debian o Ubuntu: "
           "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui) o indique dónde "
           "está con --soffice RUTA")


def find_soffice(given: Path | None) -> str:
    """LibreOffice's `soffice`: the one given, or the one on the PATH."""
    if given is not None:
        if not given.is_file():
            raise OutputError(f"no existe {given}; {INSTALL}")
        return str(given)
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise OutputError(INSTALL)
    return found


def to_pdf(data: bytes, kind: str, soffice: str, date: dt.date, timeout: int = 180) -> bytes:
    """`data` (a .docx or .xlsx) as a tagged PDF dated `date`."""
    with tempfile.TemporaryDirectory(prefix="pac-pdf-") as folder:
        source = Path(folder) / f"documento.{kind}"
        source.write_bytes(data)
        profile = Path(folder) / "perfil"
        command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                   "--norestore", "--convert-to", f"pdf:{FILTERS[kind]}:{TAGGED}",
                   "--outdir", folder, str(source)]
        try:
            subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise OutputError(f"LibreOffice no pudo convertir el documento ({exc})") from None
        result = Path(folder) / "documento.pdf"
        if not result.is_file():
            raise OutputError("LibreOffice no produjo el PDF; pruebe abrir el .docx o .xlsx "
                              "en LibreOffice y exportarlo a mano")
        return dated(result.read_bytes(), date)


def dated(pdf: bytes, date: dt.date) -> bytes:
    """The PDF's creation and modification dates set to `date`, keeping every offset (the
    digits are replaced in place)."""
    stamp = date.strftime("%Y%m%d").encode() + b"000000"
    iso = date.isoformat().encode() + b"T00:00:00"
    pdf = re.sub(rb"(/(?:CreationDate|ModDate)\s*\(D:)\d{14}", lambda m: m[1] + stamp, pdf)
    return re.sub(rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d",
                  lambda m: m[1] + iso, pdf)
