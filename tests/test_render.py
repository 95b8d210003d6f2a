"""`pac render`: the acta and the informe, read back with python-docx, openpyxl and html5lib."""

from __future__ import annotations

import os
from pathlib import Path

import html5lib
import openpyxl
import pytest
from docx import Document
from typer.testing import CliRunner

from pac_cli import load_followup, load_plan
from pac_cli.cli import app
from pac_cli.models.plan import iter_activities

from .conftest import CONFIG, FOLLOWUP, PLAN, REPORT, ROOT, SECTIONS, build_tree

# The seed acta's evaluation table (acta N° 2024-036), cell by cell: number and activity,
# meta anual, % avance.
ACTA_ROWS = [
    ("Estructura Administrativa y Direccionamiento Estratégico", "1.1 Feria de trámites y "
     "servicios.", "1", "0/1 = 0,00 %"),
    ("Estructura Administrativa y Direccionamiento Estratégico", "1.2 Presentación de los "
     "informes cuatrimestrales del avance al componente a la Oficina de Control Interno.", "3",
     "1/3 = 33,33 %"),
    ("Fortalecimiento de los canales de atención", "2.1 Implementación del Chat Interactivo "
     "(Atención Virtual al Ciudadano) y demás herramientas que faciliten la comunicación con el "
     "ciudadano.", "15.000", "11.842/15.000 = 78,94 %"),
    ("Fortalecimiento de los canales de atención", "2.2 Presentación de los informes "
     "consolidados de seguimiento a las ventanillas.", "52", "16/52 = 30,76 %"),
    ("Fortalecimiento de los canales de atención", "2.3 Socializar y difundir información de "
     "los canales de atención, trámites, servicios y correos electrónicos de las dependencias a "
     "los ciudadanos.", "24", "8/24 = 33,33 %"),
    ("Talento Humano", "3.1 De acuerdo al Decreto 4665 de 2007, se implementarán las "
     "capacitaciones a los Servidores Públicos de la Alcaldía de Ibagué, dando cumplimiento al "
     "Plan Institucional de Capacitación\nCrear una Estrategia de Comunicación", "3",
     "1/3 = 33,33 %"),
    ("Talento Humano", "3.2 Establecer un sistema de incentivos y no monetarios, para destacar "
     "el desempeño de los servidores en relación al servicio prestado al ciudadano.", "1",
     "0/1 = 0,00 %"),
    ("Normativo y Procedimental", "4.1 Informes de oportunidad de respuesta de trámites.", "12",
     "4/12 = 33,33 %"),
    ("Normativo y Procedimental", "4.2 Seguimiento a la oportunidad de respuesta a las "
     "peticiones, quejas y reclamos radicadas por los ciudadanos de la Administración Central "
     "Municipal", "72", "24/72 = 33,33 %"),
    ("Normativo y Procedimental", "4.3 Capacitación a los servidores públicos encargados del "
     "manejo de la correspondencia a en las Unidades Administrativas.", "3", "2/3 = 66,66 %"),
    ("Normativo y Procedimental", "4.4 Seguimiento a oportunidad de respuesta a PQRS.", "24",
     "7/24 = 29,16 %"),
    ("Normativo y Procedimental", "4.5 Informes de oportunidad de respuesta de los trasladados "
     "por competencia.", "12", "4/12 = 33,33 %"),
    ("Relacionamiento con el ciudadano", "5.1 Aplicar y realizar Informe Gerencial de "
     "Satisfacción al Ciudadano.", "3", "1/3 = 33,33 %"),
]

NASTY = "<script>alert('x')</script> & \"comillas\"\nsegunda línea"


def render(runner: CliRunner, root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["render", *args, "--cutoff", "2024-04-30", "-C", str(root)])
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr


@pytest.fixture
def acta_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out") / "acta.docx"
    code, err = render(CliRunner(), ROOT, "acta", "-f", "docx", "-o", str(out))
    assert code == 0, err
    return out


def test_acta_header_has_the_document_control_fields(acta_docx: Path) -> None:
    header = Document(str(acta_docx)).sections[0].header
    cells = {c.text for row in header.tables[0].rows for c in row.cells}
    # the controlled format letter for letter, as the seed acta prints it (no accents)
    assert "Alcaldía Municipal Ibagué\nNIT. 800113389-7" in cells
    assert {"Proceso: GESTION DOCUMENTAL", "Código: FOR-02-PRO-GD-01",
            "FORMATO: ACTA DE REUNION", "Versión: 01", "Fecha: 2014/12/19"} <= cells
    xml = header._element.xml
    assert "PAGE" in xml and "NUMPAGES" in xml  # real Word fields, not a typed "1 de 7"


def test_acta_body_and_evaluation_table(acta_docx: Path) -> None:
    document = Document(str(acta_docx))
    texts = [p.text for p in document.paragraphs]
    assert "ACTA N° 2024-036" in texts
    assert "FECHA: Ibagué, 14 de mayo de 2024" in texts
    assert "LUGAR: Oficina de Control Interno" in texts
    assert any(t.startswith("El porcentaje de avance de cada actividad es el logro dividido "
                            "por la meta anual, limitado a 100\u00a0%, truncado a 2 decimales")
               for t in texts)
    assert any("presenta un avance del 33,76\u00a0%" in t for t in texts)
    table = document.tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert header == ["Subcomponente", "Actividades", "Meta o Producto", "Meta Anual",
                      "Indicador", "% Avance", "Observaciones"]
    body = table.rows[1:-1]
    assert len(body) == 13
    for row, (sub, activity, target, progress) in zip(body, ACTA_ROWS, strict=True):
        # the «%» is tied to its figure with a no-break space, so it never wraps alone
        cells = [c.text.replace("\u00a0", " ") for c in row.cells]
        assert (cells[0], cells[1], cells[3], cells[5]) == (sub, activity, target, progress)
        assert cells[5].endswith(" %") and row.cells[5].text.endswith("\u00a0%")
    # the other columns, cell by cell, are the transcribed plan and acta
    plan, followup = load_plan(ROOT / "plans/2024.yaml"), load_followup(
        ROOT / "followups/2024-04-30.yaml")
    activities = [a for _, a in iter_activities(plan.components[0])]
    reported = {p.activity_id: p for p in followup.sections()[0].progress}
    for row, planned in zip(body, activities, strict=True):
        cells = [c.text for c in row.cells]
        assert cells[2] == (planned.product or "")
        assert cells[4] == planned.indicator
        # the observations, then the evidence cited, one a line, a link a hyperlink
        cited = reported[planned.id]
        observations, _, evidence = cells[6].partition("\nEvidencias:")
        assert observations == cited.observations
        assert evidence.count("\n– ") == len(cited.evidence)
        assert all(e.reference in evidence for e in cited.evidence)
    links = [r.target_ref for r in document.part.rels.values() if r.is_external]
    assert "https://ibague.gov.co/portal/seccion/contenido/index.php?type=2&crit=66#gsc.tab=0" \
        in links
    assert body[0].cells[6].text.startswith("SEGUIMIENTO ENERO – ABRIL: no se ha realizado")
    total = [c.text.replace("\u00a0", " ") for c in table.rows[-1].cells]
    assert total[0] == "TOTAL CUMPLIMIENTO AL 30 DE ABRIL DE 2024"
    # the figure under «% Avance», as in the md and html; the mean beside it
    assert total[5] == "33,76 %"
    assert total[6] == "Promedio de 438,83 / 13 = 33,76 %"


def test_acta_subcomponent_cell_is_merged_over_its_activities(acta_docx: Path) -> None:
    table = Document(str(acta_docx)).tables[0]
    merges = [row._tr.tc_lst[0].vMerge for row in table.rows[1:-1]]
    assert merges == ["restart", "continue", "restart", "continue", "continue", "restart",
                      "continue", "restart", "continue", "continue", "continue", "continue",
                      "restart"]


def test_acta_properties_trace_the_data(acta_docx: Path) -> None:
    document = Document(str(acta_docx))
    props = document.core_properties
    assert props.title == "Acta N° 2024-036"
    assert props.created is not None and props.created.date().isoformat() == "2024-05-14"
    digest = __import__("hashlib").sha256((ROOT / "plans/2024.yaml").read_bytes()).hexdigest()
    assert f"plan-sha256={digest}" in props.keywords
    # one short line on the last page, not a hash on every page
    footer = " ".join(p.text for p in document.sections[0].footer.paragraphs)
    assert "sha256" not in footer and digest[:12] not in footer
    # the visible text names no file, hash or commit: a short human line
    last = [p.text for p in document.paragraphs if p.text][-1]
    assert last.startswith("Cifras calculadas con pac a partir del plan y del seguimiento")
    body = " ".join(p.text for p in document.paragraphs)
    assert ".yaml" not in body and "sha256" not in body and digest[:12] not in body


def test_acta_is_spanish_with_bullets_and_lines_to_sign(acta_docx: Path) -> None:
    document = Document(str(acta_docx))
    assert 'w:val="es-CO"' in document.styles.element.xml
    paragraphs = document.paragraphs
    bullets = [p.text for p in paragraphs if p.style is not None and p.style.name == "List Bullet"]
    assert bullets[0] == ("Mantener las actividades de seguimiento a la oportunidad de respuesta "
                          "de los PQRS.")
    assert len(bullets) == 5
    numbered = [p.text for p in paragraphs if p.style is not None and p.style.name == "List Number"]
    assert numbered[0] == "Introducción" and len(numbered) == 5
    texts = [p.text for p in paragraphs]
    assert texts.count("_" * 40) == 3  # a line to sign above each attendee
    assert "Katherin Acosta P." not in texts  # the typed signature only if the format wants it
    assert "HORA: 8:00 am – 10:00 am" in texts  # one time format, the seed acta's
    headings = [p for p in paragraphs if p.text == "4. Conclusiones y Recomendaciones"]
    assert headings[0].paragraph_format.keep_with_next
    conclusions = next(p for p in paragraphs if "presenta un avance del 33,76\u00a0%" in p.text)
    # bold, as the seed: the total and the words written in capitals
    assert [r.text for r in conclusions.runs if r.bold] == ["ATENCIÓN AL CIUDADANO", "33,76\u00a0%"]
    objective = next(p for p in paragraphs if p.text.startswith("Realizar seguimiento"))
    assert [r.text for r in objective.runs if r.bold] == ["ATENCIÓN AL CIUDADANO"]


def test_informe_xlsx_values_fills_and_chart(tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "informe.xlsx"
    code, err = render(runner, ROOT, "informe", "-o", str(out))
    assert code == 0, err
    ws = openpyxl.load_workbook(out).active
    assert ws is not None
    header_row = next(r for r in range(1, 20) if ws.cell(r, 1).value == "Componente")
    rows = [[ws.cell(r, c).value for c in range(1, 12)]
            for r in range(header_row + 1, header_row + 14)]
    assert {r[0] for r in rows} == {4}
    assert [r[1] for r in rows] == ["1.1", "1.2", "2.1", "2.2", "2.3", "3.1", "3.2", "4.1",
                                    "4.2", "4.3", "4.4", "4.5", "5.1"]
    # the number for charts and sums, and its es-CO text for a reader in any locale
    assert rows[2][5:10] == [15000, 11842, pytest.approx(0.7894), "11.842/15.000 = 78,94\u00a0%",
                             "Media (amarillo)"]
    assert rows[9][7] == pytest.approx(0.6666)
    assert ws.cell(header_row + 3, 8).number_format == "[$-240A]0.00%"  # es-CO
    assert ws.cell(header_row + 3, 10).fill.fgColor.rgb == "00F9C23C"
    assert ws.cell(header_row + 1, 10).fill.fgColor.rgb == "00C62828"
    total = header_row + 14
    assert ws.cell(total, 1).value == "TOTAL CUMPLIMIENTO AL 30 DE ABRIL DE 2024"
    assert ws.cell(total, 8).value == pytest.approx(0.3376)
    assert ws.cell(total, 9).value == "33,76\u00a0%"
    assert ws.cell(total, 10).value == "Baja (rojo)"
    assert ws.cell(total, 11).value == "Promedio de 438,83 / 13 = 33,76\u00a0%"
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Seguimiento", "Gráfico"]
    (chart,) = book["Gráfico"]._charts  # type: ignore[attr-defined]
    # every bar in its zone's colour, the axis from 0 to 100 % with the zone limits visible
    assert [p.graphicalProperties.solidFill.srgbClr for p in chart.series[0].dPt][:3] == \
        ["C62828", "C62828", "F9C23C"]
    assert (chart.y_axis.scaling.min, chart.y_axis.scaling.max, chart.y_axis.majorUnit) == \
        (0, 1, 0.2)
    # printed landscape at 85 % (never shrunk to one page wide), two pages across, the
    # header row on every page, page numbers
    setup = ws.page_setup
    assert (setup.orientation, setup.scale, setup.pageOrder) == \
        ("landscape", 85, "overThenDown")
    assert not ws.sheet_properties.pageSetUpPr.fitToPage  # type: ignore[union-attr]
    assert [b.id for b in ws.col_breaks.brk] == [7]
    assert ws.print_title_rows == f"${header_row}:${header_row}"
    assert ws.oddFooter.right.text == "Página &P de &N"  # type: ignore[union-attr]


def _html_rows(path: Path) -> list[str]:
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    tree = parser.parse(path.read_bytes())  # raises on any parse error
    table = tree.find(".//table")
    assert table is not None
    return ["".join(th.itertext()) for th in table.iterfind(".//tbody/tr/th[@scope='row']")]


def test_informe_html_is_valid_and_complete(tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "informe.html"
    assert render(runner, ROOT, "informe", "-f", "html", "-o", str(out))[0] == 0
    assert _html_rows(out) == [r[1].split(" ")[0] for r in ACTA_ROWS]
    html = out.read_text(encoding="utf-8")
    assert "<caption>" in html and 'scope="col"' in html
    assert "TOTAL CUMPLIMIENTO AL 30 DE ABRIL DE 2024" in html and "33,76\u00a0%" in html
    assert "Media (amarillo)" in html  # the zone is written, not only coloured
    # the charts are bars drawn by the page itself: no image, nothing fetched
    assert 'class="barras"' in html and "<img" not in html
    assert "http" not in html.split("<body>")[0]


def test_acta_html_and_markdown(tmp_path: Path, runner: CliRunner) -> None:
    html = tmp_path / "acta.html"
    assert render(runner, ROOT, "acta", "-f", "html", "-o", str(html))[0] == 0
    html5lib.HTMLParser(strict=True).parse(html.read_bytes())
    assert "11.842/15.000 = 78,94\u00a0%" in html.read_text(encoding="utf-8")
    result = CliRunner().invoke(app, ["render", "acta", "-f", "md", "-o", "-", "--cutoff",
                                      "2024-04-30", "-C", str(ROOT)])
    assert result.exit_code == 0
    assert ("| **TOTAL CUMPLIMIENTO AL 30 DE ABRIL DE 2024** | | | | | **33,76\u00a0%** | "
            "Promedio de 438,83 / 13 = 33,76\u00a0% |") in result.stdout


def _nasty_project(root: Path) -> Path:
    config = CONFIG + ("formato_acta:\n  proceso: GESTIÓN\n  codigo: F-1\n  formato: ACTA\n"
                       "  version: '01'\n  fecha: 2014-12-19\n")
    followup = FOLLOWUP.replace("    logro: 2\n", "    logro: 2\n    observaciones: |-\n"
                                + "".join(f"      {line}\n" for line in NASTY.splitlines())
                                + "  - actividad: '1.3'\n    logro: 1\n"
                                  "    observaciones: '=SUM(A1)'\n")
    followup += ("acta:\n  numero: '1'\n  fecha: 2024-05-10\n  hora_inicio: '08:00'\n"
                 "  hora_fin: '09:00'\n  lugar: A & B <sala>\n  asistentes:\n"
                 "    - {nombre: Ana, cargo: Jefe}\n  objetivo: Revisar\n"
                 "  conclusiones: Avance del {total}.\n" + SECTIONS)
    plan = PLAN + ('          - id: "1.3"\n            actividad: "@import & <b>"\n'
                   "            meta_anual: 2\n")
    return build_tree(root, {"pac.yaml": config, "plans/2024.yaml": plan,
                             "followups/2024-04-30.yaml": followup})


def test_text_with_markup_and_formulas_comes_out_as_text(tmp_path: Path,
                                                         runner: CliRunner) -> None:
    root = _nasty_project(tmp_path / "p")
    out = tmp_path / "out"
    out.mkdir()
    for document, fmt in [("acta", "docx"), ("acta", "html"), ("acta", "md"),
                          ("informe", "xlsx"), ("informe", "html"), ("informe", "md")]:
        code, err = render(runner, root, document, "-f", fmt, "-o", str(out / f"{document}.{fmt}"))
        assert code == 0, (document, fmt, err)
    docx = Document(str(out / "acta.docx"))
    cells = [c.text for row in docx.tables[0].rows for c in row.cells]
    assert NASTY in cells
    assert "=SUM(A1)" in cells
    assert "LUGAR: A & B <sala>" in [p.text for p in docx.paragraphs]
    for name in ("acta.html", "informe.html"):
        html5lib.HTMLParser(strict=True).parse((out / name).read_bytes())
        text = (out / name).read_text(encoding="utf-8")
        assert "<script>" not in text
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &#34;comillas&#34;" in text
    for name in ("acta.md", "informe.md"):
        text = (out / name).read_text(encoding="utf-8")
        assert "<script>" not in text
        # a line break inside a cell is <br> (the only HTML), the rest is text
        assert ("&lt;script&gt;alert('x')&lt;/script&gt; &amp; \"comillas\"<br>"
                "segunda línea") in text
        assert "&lt;br&gt;" not in text
    ws = openpyxl.load_workbook(out / "informe.xlsx").active
    assert ws is not None
    values = {c.value: c.data_type for row in ws.iter_rows() for c in row if c.value}
    assert values["=SUM(A1)"] == "s"
    assert values["@import & <b>"] == "s"
    assert values[NASTY] == "s"


@pytest.mark.parametrize(("document", "fmt"), [("acta", "docx"), ("informe", "xlsx"),
                                               ("informe", "html"), ("acta", "md")])
def test_rendering_twice_gives_the_same_bytes(document: str, fmt: str, tmp_path: Path,
                                              runner: CliRunner) -> None:
    first, second = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
    assert render(runner, ROOT, document, "-f", fmt, "-o", str(first))[0] == 0
    assert render(runner, ROOT, document, "-f", fmt, "-o", str(second))[0] == 0
    assert first.read_bytes() == second.read_bytes()


def test_an_interrupted_write_keeps_the_old_file(tmp_path: Path, runner: CliRunner,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "acta.docx"
    out.write_bytes(b"old complete document")

    def crash(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", crash)
    runner.invoke(app, ["render", "acta", "--cutoff", "2024-04-30", "-C", str(ROOT),
                        "-o", str(out)])
    assert out.read_bytes() == b"old complete document"
    assert [p.name for p in tmp_path.iterdir()] == ["acta.docx"]


def test_unwritable_output_is_one_line_exit_2(tmp_path: Path, runner: CliRunner) -> None:
    code, err = render(runner, ROOT, "acta", "-o", str(tmp_path / "missing" / "acta.docx"))
    assert code == 2
    assert err.strip().endswith("no existe la carpeta " + str(tmp_path / "missing"))
    assert len(err.strip().splitlines()) == 1


def test_invalid_followup_is_refused(project: Path, runner: CliRunner) -> None:
    build_tree(project, {"followups/2024-04-30.yaml": FOLLOWUP.replace("logro: 2", "logro: -1")})
    code, err = render(runner, project, "informe", "-f", "md", "-o", str(project / "x.md"))
    assert code == 1
    assert "2024-04-30.yaml:8:12: error: " in err
    assert not (project / "x.md").exists()


def test_acta_needs_the_minutes(project: Path, runner: CliRunner) -> None:
    code, err = render(runner, project, "acta", "-f", "md", "-o", "-")
    assert code == 1
    assert err.count("\n") == 1
    assert "2024-04-30.yaml: error: el seguimiento con corte 2024-04-30 no tiene acta («acta»)" \
        in err


def test_wrong_format_for_the_document(runner: CliRunner) -> None:
    code, err = render(runner, ROOT, "acta", "-f", "xlsx")
    assert code == 2
    assert "--format xlsx: este documento se escribe en docx, md, html" in err


def test_project_templates_override_the_packaged_ones(tmp_path: Path, runner: CliRunner) -> None:
    root = _nasty_project(tmp_path / "p")
    build_tree(root, {"templates/informe.md.j2": "Total {{ total }} de {{ entity.name }}\n"})
    result = runner.invoke(app, ["render", "informe", "-f", "md", "-o", "-", "--cutoff",
                                 "2024-04-30", "-C", str(root)])
    assert result.stdout == "Total 65,20\u00a0% de Alcaldía de Prueba\n"
    other = build_tree(tmp_path / "mine", {"informe.md.j2": "Mío: {{ total }}\n"})
    result = runner.invoke(app, ["render", "informe", "-f", "md", "-o", "-", "--cutoff",
                                 "2024-04-30", "-C", str(root), "--templates", str(other)])
    assert result.stdout == "Mío: 65,20\u00a0%\n"


def test_a_typo_in_a_template_names_the_template_and_line(tmp_path: Path,
                                                          runner: CliRunner) -> None:
    root = _nasty_project(tmp_path / "p")
    build_tree(root, {"templates/informe.md.j2": "Total\n{{ totl }}\n"})
    code, err = render(runner, root, "informe", "-f", "md", "-o", "-")
    assert code == 2
    assert err.strip().endswith("informe.md.j2:2: error: la plantilla usa «totl», que no "
                                "existe en su contexto")
    build_tree(root, {"templates/informe.md.j2": "{% for x in %}\n"})
    code, err = render(runner, root, "informe", "-f", "md", "-o", "-")
    assert code == 2
    assert err.strip().endswith("informe.md.j2:1: error: la plantilla tiene un error: falta una "
                                "expresión en la etiqueta")


def test_sandbox_blocks_unsafe_templates(tmp_path: Path, runner: CliRunner) -> None:
    root = _nasty_project(tmp_path / "p")
    build_tree(root, {"templates/informe.md.j2": "{{ total.__class__.__mro__ }}\n"})
    code, err = render(runner, root, "informe", "-f", "md", "-o", "-")
    assert code == 2
    assert err.strip().endswith("error: la plantilla tiene un error: usa algo que el entorno "
                                "aislado no permite")


def test_informe_lists_the_plans_change_log(tmp_path: Path, runner: CliRunner) -> None:
    # the changes in force on the cutoff: one logged after it is not yet written then
    root = _nasty_project(tmp_path / "p")
    log = ("control_de_cambios:\n  - fecha: 2024-04-15\n    version: '2'\n"
           "    cambios: Meta del chat de 12.000 a 15.000\n    motivo: Más demanda\n"
           "    actividades: ['1.1']\n    componente: 4\n")
    plan = (root / "plans/2024.yaml").read_text(encoding="utf-8") + log
    build_tree(root, {"plans/2024.yaml": plan})
    for fmt in ("html", "md"):
        out = tmp_path / f"informe.{fmt}"
        assert render(runner, root, "informe", "-f", fmt, "-o", str(out))[0] == 0
        text = out.read_text(encoding="utf-8")
        assert "Control de cambios del plan" in text
        assert "15 de abril de 2024" in text and "Más demanda" in text
        assert "4·1.1" in text  # the activity with its component, as pac diff names it
    out = tmp_path / "informe.xlsx"
    assert render(runner, root, "informe", "-o", str(out))[0] == 0
    ws = openpyxl.load_workbook(out).active
    assert ws is not None
    values = [c.value for row in ws.iter_rows() for c in row]
    assert "Control de cambios del plan" in values and "Más demanda" in values
    assert "4·1.1" in values


def test_the_workbook_texts_come_from_their_template(tmp_path: Path, runner: CliRunner) -> None:
    root = _nasty_project(tmp_path / "p")
    packaged = (ROOT / "src/pac_cli/outputs/templates/informe.xlsx.j2").read_text(encoding="utf-8")
    build_tree(root, {"templates/informe.xlsx.j2": packaged.replace(
        '"Seguimiento" | tojson', '"Avance PAAC" | tojson')})
    out = tmp_path / "informe.xlsx"
    assert render(runner, root, "informe", "-o", str(out))[0] == 0
    assert openpyxl.load_workbook(out).sheetnames == ["Avance PAAC", "Gráfico"]
    build_tree(root, {"templates/informe.xlsx.j2": "hoja: '\"x\"'\n"})
    code, err = render(runner, root, "informe", "-o", str(out))
    assert code == 2
    assert "informe.xlsx.j2: error: a la plantilla le faltan los textos entidad" in err


def test_a_broken_word_template_is_one_line(tmp_path: Path, runner: CliRunner) -> None:
    root = _nasty_project(tmp_path / "p")
    build_tree(root, {"templates/acta.docx": b"not a zip"})
    code, err = render(runner, root, "acta", "-o", str(tmp_path / "a.docx"))
    assert code == 2
    assert err.strip().endswith("acta.docx: error: no es un documento de Word (.docx) válido "
                                f"(Package not found at '{root / 'templates' / 'acta.docx'}')")
    assert not (tmp_path / "a.docx").exists()


def test_informe_of_a_qualitative_plan(tmp_path: Path, runner: CliRunner) -> None:
    plan = PLAN.replace("            meta_anual: 15000\n", "").replace(
        "            meta_anual: 3\n", "")
    followup = (FOLLOWUP + REPORT).replace("logro: 11842", "porcentaje: 40\n    justificacion: "
                                           "Chat en piloto").replace("logro: 2", "sin_avance: true")
    root = build_tree(tmp_path / "q", {"pac.yaml": CONFIG, "plans/2024.yaml": plan,
                                       "followups/2024-04-30.yaml": followup})
    result = runner.invoke(app, ["render", "informe", "-f", "md", "-o", "-", "--corte",
                                 "ultimo", "-C", str(root)])
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if line.startswith("| Canales |")]
    assert rows == [
        "| Canales | 1.1 | Chat |  | — | — | 40,00\u00a0% (asignado) | baja (rojo) | Chat en "
        "piloto |",
        "| Canales | 1.2 | Ferias |  | — | — | 0,00\u00a0% (sin avance) | baja (rojo) |  |",
    ]
    assert "**20,00\u00a0%**" in result.stdout
    xlsx = tmp_path / "q.xlsx"
    assert render(runner, root, "informe", "-o", str(xlsx))[0] == 0


def test_markdown_links_and_images_in_the_data_stay_text(tmp_path: Path,
                                                         runner: CliRunner) -> None:
    followup = (FOLLOWUP + REPORT).replace(
        "    logro: 2\n", "    logro: 2\n    observaciones: 'Ver [el informe](https://x.example/a) "
        "y ![foto](https://x.example/f.png) | fin'\n")
    root = build_tree(tmp_path, {"pac.yaml": CONFIG, "plans/2024.yaml": PLAN,
                                 "followups/2024-04-30.yaml": followup})
    result = runner.invoke(app, ["render", "informe", "--corte", "2024-04-30", "-f", "md", "-o",
                                 "-", "-C", str(root)])
    assert result.exit_code == 0, result.stderr
    assert ("Ver \\[el informe\\](https://x.example/a) y !\\[foto\\](https://x.example/f.png) "
            "\\| fin") in result.stdout
