"""What a reader sees: the PDFs LibreOffice makes of the acta and the informe, read back as
text (pdftotext) and page by page (pdfinfo), and the html laid out by headless Chromium at
desktop, tablet and phone widths. CI installs LibreOffice, poppler and Chromium so these run
there; without them these tests are skipped (and the PDF refusal is tested instead)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from pac_cli.cli import app

from .conftest import ROOT

HAVE_TOOLS = all(shutil.which(t) for t in ("soffice", "pdftotext", "pdfinfo"))
needs_tools = pytest.mark.skipif(not HAVE_TOOLS, reason="LibreOffice o poppler no instalados")


def _pdf(runner: CliRunner, tmp_path: Path, document: str, cutoff: str) -> tuple[str, list[str]]:
    out = tmp_path / f"{document}.pdf"
    result = runner.invoke(app, ["render", document, "--corte", cutoff, "-o", str(out), "-C",
                                 str(ROOT)])
    assert result.exit_code == 0, result.stderr
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True,
                          check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info)[1])  # type: ignore[index]
    texts = [subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(out), "-"],
                            capture_output=True, text=True, check=True).stdout
             for n in range(1, pages + 1)]
    return info, texts


@needs_tools
def test_the_acta_pdf_reads_as_the_acta(tmp_path: Path, runner: CliRunner) -> None:
    info, pages = _pdf(runner, tmp_path, "acta", "2024-04-30")
    assert "612 x 792 pts (letter)" in info  # portrait letter
    assert "Tagged:          yes" in info and "CreationDate:    Tue May 14 00:00:00 2024" in info
    text = "\n".join(pages)
    for heading in ("Subcomponente", "Actividades", "Meta o Producto", "Indicador", "% Avance",
                    "Observaciones"):
        assert heading in text
    assert re.search(r"TOTAL CUMPLIMIENTO AL 30 DE ABRIL DE 2024\s+33,76\s%", text)
    assert "11.842/15.000" in text and "78,94 %" in text  # «%» stays with its figure
    # no word is broken across lines: every word the PDF shows is a whole word of the Word
    # document it was made from (web addresses may break anywhere)
    source = tmp_path / "acta.docx"
    assert runner.invoke(app, ["render", "acta", "--corte", "2024-04-30", "-o", str(source),
                               "-C", str(ROOT)]).exit_code == 0
    document = Document(str(source))
    section = document.sections[0]
    written = "\n".join([p.text for p in document.paragraphs]
                        + [c.text for t in document.tables for r in t.rows for c in r.cells]
                        + [c.text for t in section.header.tables for r in t.rows
                           for c in r.cells]
                        + [p.text for p in section.footer.paragraphs])
    urls = re.findall(r"https?://\S+", written)
    words = set(re.findall(r"[^\W\d_]+", re.sub(r"https?://\S+", " ", written)))
    broken = {t for t in re.findall(r"[^\W\d_]{5,}", text)
              if t not in words and not any(t in url for url in urls)}
    assert broken == set()


@needs_tools
@pytest.mark.parametrize(("cutoff", "total"), [("2024-04-30", "33,76"), ("2024-08-31", "65,90")])
def test_the_informe_pdf_prints_one_page_wide(tmp_path: Path, runner: CliRunner, cutoff: str,
                                              total: str) -> None:
    info, pages = _pdf(runner, tmp_path, "informe", cutoff)
    assert "792 x 612 pts (letter)" in info  # landscape letter
    first = pages[0]
    for heading in ("Componente", "Subcomponente", "Actividad", "Responsable", "Meta anual",
                    "Logro", "% de avance", "Cálculo", "Zona", "Observaciones"):
        assert heading in first  # every column on the page: nothing cut to the right
    day = "30 DE ABRIL" if cutoff.endswith("04-30") else "31 DE AGOSTO"
    assert re.search(rf"TOTAL CUMPLIMIENTO AL {day} DE 2024\s+{total}%", "\n".join(pages))
    assert "Página 1 de" in first
    # the activity chart on a page of its own; the trend only with two cutoffs
    assert any("% de avance por actividad al" in page for page in pages[1:])
    trend = any("Total en cada corte de la vigencia 2024" in page for page in pages[1:])
    assert trend == (cutoff == "2024-08-31")


def test_pdf_without_libreoffice_says_how_to_get_it(tmp_path: Path,
                                                    runner: CliRunner) -> None:
    out = tmp_path / "acta.pdf"
    result = runner.invoke(app, ["render", "acta", "--corte", "2024-04-30", "-o", str(out),
                                 "--soffice", str(tmp_path / "no-hay-soffice"), "-C",
                                 str(ROOT)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "hace falta LibreOffice: instálelo (en Debian o Ubuntu: apt-get install " \
           "libreoffice-writer-nogui libreoffice-calc-nogui)" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("document", ["acta", "informe"])
def test_html_prints_every_column_and_reads_on_a_phone(runner: CliRunner,
                                                       document: str) -> None:
    """What the browser is told (checked by eye in headless Chromium at 1280, 1024, 768 and
    390 px and printed to PDF): on paper, landscape, the header row repeated, the total once; on a
    phone, each activity a card whose cells say what they are."""
    html = runner.invoke(app, ["render", document, "--corte", "2024-04-30", "-f", "html", "-o",
                               "-", "-C", str(ROOT)]).stdout
    assert "@page { size: letter landscape" in html
    assert "thead { display: table-header-group; }" in html
    assert "tfoot { display: table-row-group; }" in html
    assert 'class="actividades"' in html
    assert 'class="num clave" data-label="% ' in html  # the figure comes first on a phone
    assert "data-label=\"Observaciones\"" in html


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Written by a script the test adds to a copy of the page: how far the page or any table
# reaches past its box (what a reader would have to scroll sideways), in pixels.
PROBE = ("<script>document.body.dataset.desborde = Math.max(document.documentElement"
         ".scrollWidth - window.innerWidth, ...Array.from(document.querySelectorAll('.tabla'))"
         ".map(e => e.scrollWidth - e.clientWidth));</script></body>")


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium no instalado")
@pytest.mark.parametrize(("document", "project", "cutoff"), [
    ("informe", ROOT, "2024-04-30"), ("acta", ROOT, "2024-04-30"),
    ("informe", ROOT, "2024-08-31"), ("informe", ROOT / "examples/villa-ejemplo", "2024-12-31")])
def test_html_never_scrolls_sideways(runner: CliRunner, tmp_path: Path, document: str,
                                     project: Path, cutoff: str) -> None:
    """At a laptop's 1024 px every column of the activities fits; below, each activity is a
    card; nothing is wider than the window at any of these widths."""
    html = runner.invoke(app, ["render", document, "--corte", cutoff, "-f", "html", "-o", "-",
                               "-C", str(project)]).stdout
    page = tmp_path / "pagina.html"
    page.write_text(html.replace("</body>", PROBE), encoding="utf-8")
    overflow = {}
    for width in (1280, 1024, 768, 390):
        dom = subprocess.run(
            [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'perfil'}", f"--window-size={width},800",
             "--dump-dom", page.as_uri()],
            capture_output=True, text=True, timeout=120, check=True).stdout
        found = re.search(r'data-desborde="(-?\d+)"', dom)
        assert found, dom[-500:]
        overflow[width] = max(0, int(found[1]))
    assert overflow == {1280: 0, 1024: 0, 768: 0, 390: 0}
    # on paper (narrower than a laptop's window) it is the table, not the phone's cards
    pdf = tmp_path / "pagina.pdf"
    subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-first-run", "--disable-background-networking",
                    f"--user-data-dir={tmp_path / 'perfil'}", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", page.as_uri()],
                   capture_output=True, timeout=120, check=True)
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert re.search(r"Subcomponente\s+(N°\s+)?Actividad", text), text[:1500]
        assert "N°:" not in text and "Meta anual:" not in text  # no card's labels
