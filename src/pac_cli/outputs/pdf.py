"""PDF: what entities publish on their website.

The informe's PDF is its html laid out for paper by WeasyPrint, an engine made for paged
media: running header and page numbers, the table header on every page, rows never split,
fonts embedded, a tagged PDF/UA-1 with its language and title. It fetches nothing: the
html carries everything it shows. Where WeasyPrint cannot load (Windows has no Pango), an
installed Chromium, Chrome or Edge prints the same html with the same paged CSS (tagged,
fonts embedded, not declared PDF/UA), fetching nothing either: a Content-Security-Policy
and no name resolution.

The acta's PDF is its Word document converted by LibreOffice in headless mode (its own
profile in a temporary folder, so a LibreOffice the user has open is not disturbed), as a
tagged PDF. LibreOffice stamps the clock into the PDF's dates: they are set to the
document's date, so the same data give the same text, pages and dates.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import html
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pac_cli.errors import OutputError, os_reason

FILTERS = {"docx": "writer_pdf_Export", "xlsx": "calc_pdf_Export"}
TAGGED = '{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
INSTALL = ("para escribir PDF hace falta LibreOffice: instálelo (en Debian o Ubuntu: "
           "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui; en Windows y "
           "macOS, de libreoffice.org) o indique dónde está con --soffice RUTA")


WEASYPRINT = ("para el PDF del informe hace falta WeasyPrint con Pango (pip install weasyprint; "
              "en Debian o Ubuntu, apt-get install libpango-1.0-0 libpangoft2-1.0-0) o un "
              "navegador Chromium, Chrome o Edge instalado")

_PLACES = {
    "soffice": {
        "win32": ["{ProgramFiles}/LibreOffice/program/soffice.exe",
                  "{ProgramFiles(x86)}/LibreOffice/program/soffice.exe"],
        "darwin": ["/Applications/LibreOffice.app/Contents/MacOS/soffice",
                   "~/Applications/LibreOffice.app/Contents/MacOS/soffice"],
    },
    "browser": {
        "win32": ["{ProgramFiles}/Google/Chrome/Application/chrome.exe",
                  "{ProgramFiles(x86)}/Google/Chrome/Application/chrome.exe",
                  "{LOCALAPPDATA}/Google/Chrome/Application/chrome.exe",
                  "{ProgramFiles(x86)}/Microsoft/Edge/Application/msedge.exe",
                  "{ProgramFiles}/Microsoft/Edge/Application/msedge.exe"],
        "darwin": ["/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
                   "/Applications/Chromium.app/Contents/MacOS/Chromium",
                   "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
                   "~/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"],
    },
}
"""Where the installers put each program on Windows and macOS, which do not add it to the
PATH ({…}: an environment variable; ~: the user's folder)."""

_ON_PATH = {
    "soffice": ("soffice", "libreoffice"),
    "browser": ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable",
                "microsoft-edge", "microsoft-edge-stable", "msedge", "chrome"),
}


def standard_places(program: str, platform: str = sys.platform,
                    environ: Mapping[str, str] = os.environ,
                    home: Path | None = None) -> list[Path]:
    """The paths `program` ('soffice' or 'browser') is installed at on `platform`."""
    places = []
    for pattern in _PLACES[program].get(platform, []):
        place = pattern
        if variable := re.match(r"\{(.+?)\}", pattern):
            if not environ.get(variable[1]):
                continue
            place = environ[variable[1]] + pattern[variable.end():]
        elif pattern.startswith("~"):
            place = str(home or Path.home()) + pattern[1:]
        places.append(Path(place))
    return places


def _installed(program: str) -> str | None:
    """The program on the PATH, else at its installer's standard place."""
    for name in _ON_PATH[program]:
        if found := shutil.which(name):
            return found
    return next((str(place) for place in standard_places(program) if place.is_file()), None)


@dataclass(frozen=True)
class HtmlEngine:
    """What lays the informe's html out on paper."""

    name: str
    """«WeasyPrint» or «Chromium» (Chrome and Edge are Chromium)."""
    program: str | None = None
    """The browser's executable; None for WeasyPrint, a library."""


def html_engine() -> HtmlEngine:
    """WeasyPrint if it and the Pango it draws text with load; else an installed Chromium,
    Chrome or Edge; else a one-line answer saying how to get one."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        browser = _installed("browser")
        if browser is None:
            raise OutputError(WEASYPRINT) from None
        return HtmlEngine("Chromium", browser)
    return HtmlEngine("WeasyPrint")


def html_to_pdf(page: bytes, engine: HtmlEngine, date: dt.date) -> bytes:
    """The informe's html on paper, dated `date` (the document's, never the clock)."""
    if engine.program is not None:
        return browser_pdf(page, engine.program, date)
    return weasyprint_pdf(page)


_POLICY = (b'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
           b"style-src 'unsafe-inline'; img-src data:; font-src data:\">")
"""What the browser may load while printing: the html's own styles and data: pictures."""


def _sealed(page: bytes) -> bytes:
    """The page with `_POLICY` first in its head (or where the parser opens one)."""
    head = re.search(rb"<head\b[^>]*>", page, re.IGNORECASE) \
        or re.search(rb"<!doctype[^>]*>", page, re.IGNORECASE)
    at = head.end() if head else 0
    return page[:at] + _POLICY + page[at:]


def browser_pdf(page: bytes, browser: str, date: dt.date, timeout: int = 120) -> bytes:
    """The html printed by a Chromium-family browser in headless mode, with its own profile
    in a temporary folder (a browser the user has open is not disturbed)."""
    with tempfile.TemporaryDirectory(prefix="pac-pdf-") as folder:
        source = Path(folder) / "informe.html"
        source.write_bytes(_sealed(page))
        out = Path(folder) / "salida"
        out.mkdir(mode=0o700)
        command = [browser, "--headless", "--disable-gpu", "--no-first-run",
                   "--no-default-browser-check", "--disable-extensions", "--disable-sync",
                   "--disable-background-networking", "--disable-component-update",
                   "--host-resolver-rules=MAP * ~NOTFOUND",
                   f"--user-data-dir={Path(folder) / 'perfil'}", "--no-pdf-header-footer",
                   f"--print-to-pdf={out / 'informe.pdf'}", source.as_uri()]
        if hasattr(os, "geteuid") and os.geteuid() == 0:  # Chromium refuses root's sandbox
            command.insert(1, "--no-sandbox")
        code = _run(command, timeout, "Chromium")
        if code != 0:
            raise OutputError(f"Chromium terminó con el código {code} sin imprimir el informe; "
                              "no se escribió nada")
        made = dated(_checked_pdf(out / "informe.pdf", "Chromium"), date)
    keywords = re.search(rb'<meta name="keywords" content="([^"]*)"', page)
    return with_keywords(made, html.unescape(keywords[1].decode())) if keywords else made


def _pdf_text(text: str) -> bytes:
    """A PDF text string: literal if ASCII, else UTF-16BE in hexadecimal."""
    if text.isascii():
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return b"(" + escaped.encode("ascii") + b")"
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def with_keywords(pdf: bytes, keywords: str) -> bytes:
    """The PDF with `keywords` in its document information (where an auditor finds the
    data's fingerprints, as in WeasyPrint's and LibreOffice's PDFs): an incremental update,
    which leaves every byte before it as it was. A PDF not laid out as expected (a classic
    cross-reference table, an information dictionary) is returned as it is."""
    end = re.search(rb"trailer\s*<<(.*?)>>\s*startxref\s*(\d+)\s*%%EOF\s*$", pdf, re.DOTALL)
    info = re.search(rb"/Info\s+(\d+)\s+0\s+R", end[1]) if end else None
    if end is None or info is None:
        return pdf
    number = int(info[1])
    found = re.search(rb"(?<![0-9])%d\s+0\s+obj\s*<<(.*?)>>\s*endobj" % number, pdf, re.DOTALL)
    if found is None:
        return pdf
    fields = re.sub(rb"/Keywords\s*(\([^)]*\)|<[^>]*>)", b"", found[1]).rstrip()
    pdf = pdf if pdf.endswith(b"\n") else pdf + b"\n"
    at = len(pdf)
    obj = b"%d 0 obj\n<<%s\n/Keywords %s>>\nendobj\n" % (number, fields, _pdf_text(keywords))
    table = b"xref\n%d 1\n%010d 00000 n \n" % (number, at)
    trailer = re.sub(rb"\s*/Prev\s+\d+", b"", end[1]).rstrip()
    return (pdf + obj + table + b"trailer\n<<%s\n/Prev %s>>\nstartxref\n%d\n%%%%EOF\n"
            % (trailer, end[2], at + len(obj)))


def weasyprint_pdf(page: bytes) -> bytes:
    """The informe's html on paper, as a tagged PDF/UA-1, dated by the html's `dcterms`
    meta."""
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
    or the one on the PATH, or the one at its installer's place on Windows and macOS."""
    if given is not None:
        if not given.is_file():
            raise OutputError(f"no existe {given}; {INSTALL}")
        return str(given.absolute())
    found = _installed("soffice")
    if found is None:
        raise OutputError(INSTALL)
    return found


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End the process and, where there are process groups, everything it started (soffice
    starts soffice.bin, a browser its renderers)."""
    with contextlib.suppress(OSError):
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    process.wait()


def _run(command: list[str], timeout: int, program: str) -> int:
    """Run `program` in a session of its own, so that on a timeout the whole group goes."""
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError as exc:
        raise OutputError(f"no se pudo ejecutar {program} ({os_reason(exc)})") from None
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _stop(process)
        raise OutputError(f"{program} no terminó el PDF en {timeout} segundos") from None
    except BaseException:
        _stop(process)
        raise


_PAGE = re.compile(rb"/Type\s*/Page(?!s)")


def _checked_pdf(result: Path, program: str) -> bytes:
    """What `program` wrote, if it is a whole PDF: a regular file (never a link), with its
    header, its end and at least one page."""
    try:
        handle = os.open(result, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        raise OutputError(f"{program} no produjo el PDF; no se escribió nada") from None
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            raise OutputError(f"{program} no produjo un PDF (no es un archivo regular)")
        data = stream.read()
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-2048:] or not _PAGE.search(data):
        raise OutputError(f"{program} produjo un PDF incompleto o dañado; no se escribió nada")
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
        code = _run(command, timeout, "LibreOffice")
        if code != 0:
            raise OutputError(f"LibreOffice terminó con el código {code} sin convertir el "
                              "documento; no se escribió nada")
        return dated(_checked_pdf(out / "documento.pdf", "LibreOffice"), date)


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
