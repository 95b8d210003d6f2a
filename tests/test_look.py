"""What a reader sees: the PDFs of the acta (LibreOffice) and of the informe (WeasyPrint, and
Chromium where WeasyPrint cannot load),
read back word by word with their boxes (pdftotext -bbox) and page by page (pdfinfo), the
workbooks as LibreOffice prints them, and the html laid out by headless Chromium at
desktop, tablet and phone widths. CI installs LibreOffice, poppler, Pango and Chromium so
these run there; without them these tests are skipped (and the refusals are tested)."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from pac_cli.cli import app

from . import pdf_words
from .browser import CHROMIUM
from .conftest import ROOT

HAVE_POPPLER = all(shutil.which(t) for t in ("pdftotext", "pdfinfo", "pdffonts"))
HAVE_TOOLS = HAVE_POPPLER and shutil.which("soffice") is not None
needs_tools = pytest.mark.skipif(not HAVE_TOOLS, reason="LibreOffice o poppler no instalados")


def _weasyprint() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


VILLA = ROOT / "examples/villa-ejemplo"

PRODUCER = {"weasyprint": "WeasyPrint", "chromium": "Skia/PDF"}


@pytest.fixture(params=["weasyprint", "chromium"])
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The informe's PDF from each engine: Chromium's is the one made where WeasyPrint cannot
    load (it is hidden here, as on a Windows without Pango)."""
    if not HAVE_POPPLER:
        pytest.skip("poppler no instalado")
    if request.param == "weasyprint" and not _weasyprint():
        pytest.skip("WeasyPrint (con Pango) no instalado")
    if request.param == "chromium":
        if CHROMIUM is None:
            pytest.skip("Chromium no instalado")
        monkeypatch.setitem(sys.modules, "weasyprint", None)  # import weasyprint fails
    return str(request.param)


def _render(runner: CliRunner, out: Path, document: str, cutoff: str, project: Path = ROOT,
            *extra: str) -> None:
    result = runner.invoke(app, ["render", document, "--corte", cutoff, "-o", str(out), "-C",
                                 str(project), *extra])
    assert result.exit_code == 0, result.stderr


def _pdf(runner: CliRunner, tmp_path: Path, document: str, cutoff: str,
         project: Path = ROOT, *extra: str) -> tuple[str, list[str], Path]:
    out = tmp_path / f"{document}.pdf"
    _render(runner, out, document, cutoff, project, *extra)
    done = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True)
    assert done.stderr == ""  # poppler reads it without a syntax error
    info = done.stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info)[1])  # type: ignore[index]
    texts = [subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(out), "-"],
                            capture_output=True, text=True, check=True).stdout
             for n in range(1, pages + 1)]
    return info, texts, out


def _reads_well(pdf: Path) -> list[pdf_words.Word]:
    """What a person holding the page would object to: nothing under 8 pt, nothing printed
    over anything else, no «%» parted from its figure. Returns the words."""
    found = pdf_words.words(pdf)
    assert found
    assert [(w.text, round(w.size, 1)) for w in pdf_words.too_small(found)] == []
    assert [(a.text, b.text) for a, b in pdf_words.overprinted(found)] == []
    assert [(a.text, b.text) for a, b in pdf_words.parted_percents(found)] == []
    return found


def _fonts_embedded(pdf: Path) -> list[str]:
    table = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert table and all(" yes " in row for row in table), table  # emb: yes
    return [row.split()[0].partition("+")[2] for row in table]


@needs_tools
def test_the_acta_pdf_reads_as_the_acta(tmp_path: Path, runner: CliRunner) -> None:
    info, pages, pdf = _pdf(runner, tmp_path, "acta", "2024-04-30")
    assert "612 x 792 pts (letter)" in info  # portrait letter
    assert "Tagged:          yes" in info and "CreationDate:    Tue May 14 00:00:00 2024" in info
    text = "\n".join(pages)
    for heading in ("Subcomponente", "Actividades", "Meta o Producto", "Indicador", "% Avance",
                    "Observaciones"):
        assert heading in text
    assert re.search(r"TOTAL CUMPLIMIENTO AL 30 DE ABRIL DE 2024\s+33,76\s%", text)
    assert "11.842/15.000" in text and "78,94 %" in text  # «%» stays with its figure
    assert "presenta un avance del 33,76 %" in pdf_words.text(pdf).replace("\u00a0", " ")
    _reads_well(pdf)
    _fonts_embedded(pdf)
    # no word is broken across lines: every word the PDF shows is a whole word of the Word
    # document it was made from (web addresses may break anywhere)
    source = tmp_path / "acta.docx"
    _render(runner, source, "acta", "2024-04-30")
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


INFORMES = [
    (ROOT, "2024-04-30", "TOTAL CUMPLIMIENTO AL 30 DE ABRIL DE 2024", "33,76"),
    (ROOT, "2024-08-31", "TOTAL CUMPLIMIENTO AL 31 DE AGOSTO DE 2024", "65,90"),
    (VILLA, "2024-12-31", "CONSOLIDADO DEL PLAN AL 31 DE DICIEMBRE DE 2024", "73,42"),
    (VILLA, "2025-04-30", "CONSOLIDADO DEL PLAN AL 30 DE ABRIL DE 2025", "42,92"),
]
COLUMNS = ("Subcomponente", "N°", "Actividad", "Responsable", "Meta", "anual", "Logro",
           "avance", "Zona", "Observaciones")


@pytest.mark.parametrize(("project", "cutoff", "label", "total"), INFORMES)
def test_the_informe_pdf_reads_well_on_paper(tmp_path: Path, runner: CliRunner, project: Path,
                                             cutoff: str, label: str, total: str,
                                             engine: str) -> None:
    info, pages, pdf = _pdf(runner, tmp_path, "informe", cutoff, project)
    assert "792 x 612 pts (letter)" in info  # landscape letter
    assert "Tagged:          yes" in info and f"Producer:        {PRODUCER[engine]}" in info
    assert re.search(r"Title:\s+Seguimiento al .+ corte \d+ de \w+ de \d{4}", info)
    meta = subprocess.run(["pdfinfo", "-meta", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    assert ("pdfuaid:part" in meta) is (engine == "weasyprint")  # PDF/UA-1 is declared
    assert re.search(r"Keywords:\s+plan-sha256=[0-9a-f]{64} ", info)  # the data's fingerprints
    assert {name.replace("-", "") for name in _fonts_embedded(pdf)} <= {
        "LiberationSans", "LiberationSansBold", "DejaVuSans", "DejaVuSansBold"}
    found = _reads_well(pdf)
    assert pdf_words.beside(found, label, f"{total}\u00a0%") \
        or pdf_words.beside(found, label, total)
    entity = pages[0].split("·")[0].strip()
    for number, page in enumerate(pages, start=1):
        assert page.lstrip().startswith(entity)  # the running header on every page
        assert f"Página {number} de {len(pages)}" in page
    # the activities' header whole, word by word, on every page that has activities
    for number in sorted({w.page for w in found if w.text == "Observaciones"}):
        on_page = {w.text for w in found if w.page == number}
        assert set(COLUMNS) <= on_page, (number, set(COLUMNS) - on_page)
    # a component's TOTAL row shares its page with the component's last activity
    for page in pages:
        for total_row in re.findall(r"TOTAL DEL COMPONENTE \d+|TOTAL CUMPLIMIENTO", page):
            before = page.split(total_row)[0].split("Observaciones")[-1]
            assert re.search(r"\d+\.\d+", before), total_row
    trend = [i for i, page in enumerate(pages) if "Tendencia en la vigencia" in page]
    if cutoff in {"2024-08-31", "2024-12-31"}:  # the trend whole on a page, with its heading
        assert len(trend) == 1 and "30 de abril de 2024" in pages[trend[0]] \
            and "31 de agosto de 2024" in pages[trend[0]]
    else:
        assert trend == []


def test_a_draft_pdf_says_so_on_every_page(tmp_path: Path, runner: CliRunner,
                                          engine: str) -> None:
    root = tmp_path / "p"
    shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns(".git", "*.egg-info", "build"))
    assert runner.invoke(app, ["followup", "new", "--cutoff", "2024-12-31", "-C",
                               str(root)]).exit_code == 0
    refused = runner.invoke(app, ["render", "informe", "--corte", "2024-12-31", "-o",
                                  str(tmp_path / "x.pdf"), "-C", str(root)])
    assert refused.exit_code == 1 and not (tmp_path / "x.pdf").exists()
    info, pages, pdf = _pdf(runner, tmp_path, "informe", "2024-12-31", root, "--borrador")
    assert re.search(r"Title:\s+BORRADOR — no publicar · Seguimiento", info)
    assert all("BORRADOR — no publicar" in page for page in pages)
    _reads_well(pdf)


@needs_tools
@pytest.mark.parametrize("what", ["plan", "plan-ods", "seguimiento", "informe", "borrador",
                                  "mapa", "informe-riesgos"])
def test_workbooks_print_in_libreoffice_without_overprinting(tmp_path: Path, runner: CliRunner,
                                                             what: str) -> None:
    """Row heights from the text and the font the workbook names (Arial), so LibreOffice
    (and Excel) print every line inside its row; at a size that reads (no word under 7,5
    pt: several pages across rather than one shrunk page); a draft says so on every page,
    its charts' included."""
    root = ROOT
    if what == "borrador":
        root = tmp_path / "p"
        shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns(".git", "*.egg-info", "build"))
        assert runner.invoke(app, ["followup", "new", "--cutoff", "2024-12-31", "-C",
                                   str(root)]).exit_code == 0
    book = tmp_path / (f"{what}.ods" if what == "plan-ods" else f"{what}.xlsx")
    args = {"plan": ["export", str(ROOT / "plans/2024.yaml"), "-o", str(book)],
            "plan-ods": ["export", str(ROOT / "plans/2024.yaml"), "-o", str(book)],
            "seguimiento": ["export", "--corte", "2024-04-30", "-C", str(ROOT), "-o", str(book)],
            "informe": ["render", "informe", "--corte", "2024-08-31", "-o", str(book), "-C",
                        str(ROOT)],
            "borrador": ["render", "informe", "--corte", "2024-12-31", "--borrador", "-o",
                         str(book), "-C", str(root)],
            "mapa": ["export", str(VILLA / "riesgos/2024.yaml"), "-o", str(book)],
            "informe-riesgos": ["render", "informe", "--corte", "2024-08-31", "-o", str(book),
                                "-C", str(VILLA)]}[what]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'perfil').as_uri()}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(book)],
                   capture_output=True, timeout=180, check=True)
    pdf = tmp_path / f"{what}.pdf"
    found = pdf_words.words(pdf)
    assert found
    assert [(a.text, b.text) for a, b in pdf_words.overprinted(found)] == []
    assert [(w.text, round(w.size, 1)) for w in pdf_words.too_small(found, 7.5)] == []
    texts = {w.text for w in found}
    headers = {"plan": ("Componente", "Subcomponente", "Actividad", "Responsable"),
               "seguimiento": ("Componente", "Subcomponente", "Actividad", "Observaciones"),
               "mapa": ("Referencia", "Proceso", "Clasificación", "Implementación",
                        "Tratamiento", "Responsable"),
               "informe-riesgos": ("Materializado", "Observación", "Leve", "Catastrófico",
                                   "Observaciones", "Actividad"),
               }.get(what.removesuffix("-ods"), ("Componente", "Subcomponente", "Actividad",
                                                "Responsable", "Observaciones"))
    assert set(headers) <= texts  # no header cut in two («Compone» / «nte»)
    if what in {"informe", "borrador"}:  # «% de avance» and its calculation apart
        assert "avance" in texts and "Cálculo" in texts
    pages = {w.page for w in found}
    if what == "borrador":
        marked = {w.page for w in found if w.text == "BORRADOR"}
        assert marked == pages and len(pages) > 2  # the table's pages and the charts'


def test_pdf_without_libreoffice_says_how_to_get_it(tmp_path: Path,
                                                    runner: CliRunner) -> None:
    out = tmp_path / "acta.pdf"
    result = runner.invoke(app, ["render", "acta", "--corte", "2024-04-30", "-o", str(out),
                                 "--soffice", str(tmp_path / "no-hay-soffice"), "-C",
                                 str(ROOT)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "hace falta LibreOffice: instálelo (en Debian o Ubuntu: apt-get install " \
           "libreoffice-writer-nogui libreoffice-calc-nogui;" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("document", ["acta", "informe"])
def test_html_prints_every_column_and_reads_on_a_phone(runner: CliRunner,
                                                       document: str) -> None:
    """What the browser is told (checked by eye in headless Chromium at 1280, 1024, 768 and
    390 px and printed to PDF): on paper, landscape, the header row repeated, the total once; on a
    phone, each activity a card whose cells say what they are."""
    html = runner.invoke(app, ["render", document, "--corte", "2024-04-30", "-f", "html", "-o",
                               "-", "-C", str(ROOT)]).stdout
    assert re.search(r"@page \{\s+size: letter landscape", html)
    assert "thead { display: table-header-group; }" in html
    assert "tfoot { display: table-row-group; }" in html
    assert 'class="actividades"' in html
    assert 'class="num clave" data-label="% ' in html  # the figure comes first on a phone
    assert "data-label=\"Observaciones\"" in html


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


def test_the_informe_pdf_is_the_same_bytes_every_time(tmp_path: Path, runner: CliRunner,
                                                     engine: str) -> None:
    made = []
    for n in (1, 2):
        out = tmp_path / f"{n}.pdf"
        _render(runner, out, "informe", "2024-04-30")
        made.append(out.read_bytes())
    assert made[0] == made[1]
    info = subprocess.run(["pdfinfo", str(tmp_path / "1.pdf")], capture_output=True, text=True,
                          check=True).stdout
    assert "CreationDate:    Tue May 14 00:00:00 2024" in info  # the acta's date, not the clock


@needs_tools
def test_the_actas_rows_never_split_and_the_total_stays_with_them(tmp_path: Path,
                                                                  runner: CliRunner) -> None:
    """Each page of the evaluation table begins with a whole row (its activity's number at
    the top of «Actividades»), under the repeated header; the TOTAL row shares its page
    with the row above it."""
    _, _, pdf = _pdf(runner, tmp_path, "acta", "2024-04-30")
    found = pdf_words.words(pdf)
    table_pages = sorted({w.page for w in found if w.text == "Observaciones"})
    assert len(table_pages) > 1  # the seed's table runs over several pages
    for page in table_pages:
        on_page = [w for w in found if w.page == page]
        header = next(w for w in on_page if w.text == "Actividades")
        right = next(w for w in on_page if w.text == "Meta" and abs(w.y0 - header.y0) < 2)
        body = sorted((w for w in on_page if w.y0 > header.y1 + 4
                       and header.x0 - 12 <= w.x0 < right.x0 - 12), key=lambda w: w.y0)
        if not body:
            continue
        first = body[0]
        assert re.fullmatch(r"\d+\.\d+", first.text) or first.text == "TOTAL", (page, first)
    total = next(w for w in found if w.text == "TOTAL" and w.page in table_pages)
    above = [w for w in found if w.page == total.page and re.fullmatch(r"\d+\.\d+", w.text)
             and w.y0 < total.y0]
    assert above, "la fila TOTAL quedó sola en su página"
    _reads_well(pdf)


def _level(a: pdf_words.Word, b: pdf_words.Word) -> bool:
    """Printed on the same row of the page."""
    return a.page == b.page and min(a.y1, b.y1) - max(a.y0, b.y0) > 0.5 * (a.y1 - a.y0)


def _heat_maps_read(found: list[pdf_words.Word]) -> None:
    """Both heat maps on paper: their impact levels whole on their header's row, each cell's
    zone in words on the same row as its count, every cell there (5 × 5, twice)."""
    text = pdf_words.joined(found)
    assert "Mapa de calor inherente:" in text and "Mapa de calor residual:" in text
    headers = [w for w in found if w.text == "Catastrófico"
               and any(o.text == "Leve" and _level(o, w) for o in found)]
    assert len(headers) >= 2
    for header in headers:
        assert {"Menor", "Moderado", "Mayor"} <= {o.text for o in found if _level(o, header)}
    zones = {"Bajo:", "Moderado:", "Alto:", "Extremo:"}  # the risks' table says «Alto: Media…»
    cells = [(word, after) for word, after in itertools.pairwise(found)
             if word.text in zones and after.text.isdigit()]
    assert len(cells) == 50
    assert [(w.text, a.text) for w, a in cells if not _level(w, a)] == []
    assert sum(w.text == "Extremo:" for w, _ in cells) >= 10


@needs_tools
def test_the_actas_heat_maps_read_on_paper(tmp_path: Path, runner: CliRunner) -> None:
    from .test_risk_followup import with_acta

    villa = with_acta(Path(shutil.copytree(VILLA, tmp_path / "villa")))
    _, pages, pdf = _pdf(runner, tmp_path, "acta", "2024-08-31", villa)
    assert any("Seguimiento al mapa de riesgos de corrupción" in page for page in pages)
    _heat_maps_read(_reads_well(pdf))


def test_the_informes_heat_maps_read_on_paper(tmp_path: Path, runner: CliRunner,
                                              engine: str) -> None:
    _, pages, pdf = _pdf(runner, tmp_path, "informe", "2024-08-31", VILLA)
    assert any("Seguimiento al mapa de riesgos de corrupción" in page for page in pages)
    _heat_maps_read(_reads_well(pdf))
