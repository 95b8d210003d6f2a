"""PDF: what entities publish on their website.

The informe's PDF is its html laid out for paper by WeasyPrint, an engine made for paged
media: running header and page numbers, the table header on every page, rows never split,
fonts embedded, a tagged PDF/UA-1 with its language and title. It fetches nothing: the
html carries everything it shows.

The acta's PDF is its Word document converted by LibreOffice in headless mode (its own
profile in a temporary folder, so a LibreOffice the user has open is not disturbed), as a
tagged PDF. LibreOffice stamps the clock into the PDF's dates: they are set to the
document's date, so the same data give the same text, pages and dates.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import shutil
import signal
import stat
import subprocess
import tempfile
from pathlib import Path

from pac_cli.errors import OutputError, os_reason

FILTERS = {"docx": "writer_pdf_Export", "xlsx": "calc_pdf_Export"}
TAGGED = '{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
INSTALL = ("para escribir PDF hace falta LibreOffice: instálelo (en Debian o Ubuntu: "
           "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui) o indique dónde "
           "está con --soffice RUTA")


WEASYPRINT = ("para el PDF del informe hace falta WeasyPrint con Pango: pip install weasyprint "
              "(y en Debian o Ubuntu, apt-get install libpango-1.0-0 libpangoft2-1.0-0)")


def require_weasyprint() -> None:
    """WeasyPrint and the Pango it draws text with, or a one-line answer saying how."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        raise OutputError(WEASYPRINT) from None


def html_to_pdf(page: bytes) -> bytes:
    """The informe's html on paper, as a tagged PDF/UA-1, dated by the html's `dcterms`
    meta (the document's date, never the clock)."""
    import logging

    from weasyprint import HTML, URLFetcher

    # WeasyPrint reports what it skips (a CSS property it does not know, a refused fetch)
    # on its logger; pac's stderr is one line per problem
    for name in ("weasyprint", "weasyprint.progress", "fontTools"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    try:
        # the html is self-contained: a template that points outside (a file, a web
        # address) gets nothing
        nothing = URLFetcher(allowed_protocols=set(), fail_on_errors=False)
        document = HTML(string=page.decode("utf-8"), url_fetcher=nothing)
        pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    except Exception as exc:  # a layout failure must be one line, not a traceback
        raise OutputError(f"WeasyPrint no pudo componer el PDF ({type(exc).__name__})") from None
    assert pdf is not None
    return bytes(pdf)


def find_soffice(given: Path | None) -> str:
    """LibreOffice's `soffice`: the one given (taken as it is, never looked up on the PATH),
    or the one on the PATH."""
    if given is not None:
        if not given.is_file():
            raise OutputError(f"no existe {given}; {INSTALL}")
        return str(given.absolute())
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise OutputError(INSTALL)
    return found


def _run(command: list[str], timeout: int) -> int:
    """Run LibreOffice in a session of its own, so that on a timeout the whole group goes
    (soffice starts soffice.bin, which would otherwise be left running)."""
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError as exc:
        raise OutputError(f"no se pudo ejecutar LibreOffice ({os_reason(exc)})") from None
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(OSError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise OutputError(f"LibreOffice no terminó la conversión en {timeout} segundos") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise


_PAGE = re.compile(rb"/Type\s*/Page(?!s)")


def _checked_pdf(result: Path) -> bytes:
    """What LibreOffice wrote, if it is a whole PDF: a regular file (never a link), with its
    header, its end and at least one page."""
    try:
        handle = os.open(result, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        raise OutputError("LibreOffice no produjo el PDF; pruebe abrir el .docx en "
                          "LibreOffice y exportarlo a mano") from None
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            raise OutputError("LibreOffice no produjo un PDF (no es un archivo regular)")
        data = stream.read()
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-2048:] or not _PAGE.search(data):
        raise OutputError("LibreOffice produjo un PDF incompleto o dañado; no se escribió nada")
    return data


def to_pdf(data: bytes, kind: str, soffice: str, date: dt.date, timeout: int = 180) -> bytes:
    """`data` (a .docx or .xlsx) as a tagged PDF dated `date`, checked before it is used."""
    with tempfile.TemporaryDirectory(prefix="pac-pdf-") as folder:
        source = Path(folder) / f"documento.{kind}"
        source.write_bytes(data)
        profile = Path(folder) / "perfil"
        out = Path(folder) / "salida"
        out.mkdir(mode=0o700)
        command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                   "--norestore", "--convert-to", f"pdf:{FILTERS[kind]}:{TAGGED}",
                   "--outdir", str(out), str(source)]
        code = _run(command, timeout)
        if code != 0:
            raise OutputError(f"LibreOffice terminó con el código {code} sin convertir el "
                              "documento; no se escribió nada")
        return dated(_checked_pdf(out / "documento.pdf"), date)


def dated(pdf: bytes, date: dt.date) -> bytes:
    """The PDF's creation and modification dates set to `date`, and its identifiers (the
    trailer's /ID and LibreOffice's /DocChecksum, which change on every run) made from its
    content, keeping every offset (the digits are replaced in place): the same acta gives
    the same bytes."""
    stamp = date.strftime("%Y%m%d").encode() + b"000000"
    iso = date.isoformat().encode() + b"T00:00:00"
    pdf = re.sub(rb"(/(?:CreationDate|ModDate)\s*\(D:)\d{14}", lambda m: m[1] + stamp, pdf)
    pdf = re.sub(rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d",
                 lambda m: m[1] + iso, pdf)
    # the hexadecimal of the trailer's /ID [<…> <…>] and /DocChecksum /…: a hash of the rest
    ids = re.compile(rb"(?<=<)[0-9A-Fa-f]{32}(?=>)|(?<=/DocChecksum /)[0-9A-Fa-f]{32}")
    trailer = pdf.rfind(b"trailer")
    head, tail = (pdf[:trailer], pdf[trailer:]) if trailer >= 0 else (pdf, b"")
    digest = hashlib.md5(head, usedforsecurity=False).hexdigest().upper().encode()
    return head + ids.sub(digest, tail)
