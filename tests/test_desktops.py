"""The desktops offices have: LibreOffice and a browser found where their installers put them
on Windows and macOS, and the informe's PDF from Chromium where WeasyPrint cannot load."""

from __future__ import annotations

import datetime as dt
import http.server
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pac_cli.cli import app
from pac_cli.errors import OutputError
from pac_cli.outputs import pdf

from .browser import CHROMIUM
from .conftest import ROOT

WINDOWS = {"ProgramFiles": r"C:\Program Files", "ProgramFiles(x86)": r"C:\Program Files (x86)",
           "LOCALAPPDATA": r"C:\Users\ana\AppData\Local"}


def test_libreoffice_and_browsers_at_their_installers_places() -> None:
    home = Path("/Users/ana")
    assert pdf.standard_places("soffice", "win32", WINDOWS) == [
        Path(r"C:\Program Files/LibreOffice/program/soffice.exe"),
        Path(r"C:\Program Files (x86)/LibreOffice/program/soffice.exe")]
    assert pdf.standard_places("soffice", "darwin", {}, home) == [
        Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"),
        Path("/Users/ana/Applications/LibreOffice.app/Contents/MacOS/soffice")]
    browsers = pdf.standard_places("browser", "win32", WINDOWS)
    assert Path(r"C:\Program Files (x86)/Microsoft/Edge/Application/msedge.exe") in browsers
    assert Path(r"C:\Users\ana\AppData\Local/Google/Chrome/Application/chrome.exe") in browsers
    assert Path("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome") in \
        pdf.standard_places("browser", "darwin", {}, home)
    # a variable that is not set gives no place, never a relative path
    assert pdf.standard_places("soffice", "win32", {}) == []
    assert pdf.standard_places("soffice", "linux", WINDOWS) == []  # the PATH is enough there


def test_soffice_is_found_at_its_standard_place(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    installed = tmp_path / "LibreOffice/program/soffice.exe"
    installed.parent.mkdir(parents=True)
    installed.write_bytes(b"")
    monkeypatch.setenv("PATH", str(tmp_path / "vacio"))
    monkeypatch.setattr(pdf, "standard_places", lambda program: [tmp_path / "no", installed])
    assert pdf.find_soffice(None) == str(installed)
    installed.unlink()
    with pytest.raises(OutputError, match=r"en Windows y macOS, de libreoffice\.org"):
        pdf.find_soffice(None)


def test_without_weasyprint_nor_a_browser_the_answer_says_how(
        tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    monkeypatch.setenv("PATH", str(tmp_path / "vacio"))
    monkeypatch.setattr(pdf, "standard_places", lambda program: [])
    out = tmp_path / "informe.pdf"
    result = runner.invoke(app, ["render", "informe", "--corte", "2024-04-30", "-o", str(out),
                                 "-C", str(ROOT)])
    assert result.exit_code != 0 and not out.exists()
    assert result.stderr.strip().splitlines() == [
        f"error: {pdf.WEASYPRINT}"], result.stderr


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium no instalado")
def test_chromium_prints_the_informe_and_says_so(tmp_path: Path, runner: CliRunner,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    out = tmp_path / "informe.pdf"
    result = runner.invoke(app, ["render", "informe", "--corte", "2024-04-30", "-o", str(out),
                                 "-C", str(ROOT)])
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF-") and b"Skia/PDF" in out.read_bytes()
    assert "WeasyPrint no se pudo cargar" in result.stderr and "chromium" in result.stderr


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium no instalado")
def test_chromium_fetches_nothing_a_template_points_at(tmp_path: Path) -> None:
    """A user template's picture, stylesheet or frame, on a server or on disk: never loaded."""
    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    there = f"http://127.0.0.1:{server.server_address[1]}"
    secret = tmp_path / "secreto.txt"
    secret.write_text("CLAVE-SECRETA", encoding="utf-8")
    page = (f'<!DOCTYPE html><html><head><link rel="stylesheet" href="{there}/a.css"></head>'
            f'<body><p>Informe</p><img src="{there}/b.png"><img src="{secret.as_uri()}">'
            f'<iframe src="{secret.as_uri()}"></iframe><iframe src="{there}/c"></iframe>'
            f'<script>fetch("{there}/d")</script></body></html>').encode()
    try:
        made = pdf.browser_pdf(page, str(CHROMIUM), dt.date(2024, 5, 14))
    finally:
        server.shutdown()
    assert made.startswith(b"%PDF-") and asked == []
    assert b"CLAVE-SECRETA" not in made
    assert b"(D:20240514000000" in made  # the document's date, not the clock


def test_keywords_are_added_after_the_pdf_leaving_it_whole() -> None:
    body = b"%PDF-1.4\n1 0 obj\n<</Title (Informe)/Keywords (viejo)>>\nendobj\n"
    xref = len(body)
    original = body + (b"xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n"
                       b"<</Size 2\n/Info 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % xref)
    updated = pdf.with_keywords(original, "plan-sha256=ab (x) ñ")
    assert updated.startswith(original)  # an incremental update: nothing before it moves
    tail = updated[len(original):]
    assert tail.startswith(b"1 0 obj\n<</Title (Informe)\n/Keywords <FEFF")
    assert b"viejo" not in tail and b"/Prev %d" % xref in tail
    at = int(tail.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert updated[at:].startswith(b"xref\n1 1\n%010d 00000 n \n" % len(original))
    assert pdf.with_keywords(b"%PDF-1.4 sin trailer", "x") == b"%PDF-1.4 sin trailer"


def test_on_windows_output_to_a_file_is_utf8(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from pac_cli.__main__ import utf8_output

    redirected = io.TextIOWrapper(io.BytesIO(), encoding="cp1252")
    monkeypatch.setattr(sys, "stdout", redirected)
    monkeypatch.setattr(sys, "platform", "win32")
    utf8_output()
    print("33,76 % → 35,27 %", end="")
    sys.stdout.flush()
    assert redirected.buffer.getvalue() == "33,76 % → 35,27 %".encode()
