"""Build `src/pac_cli/outputs/templates/acta.docx`, the Word template of the acta de reunión.

    python tools/make_acta_template.py

The template is a normal Word document with Jinja tags (docxtpl): an entity can open it in
Word and change fonts, logos or wording, or keep its own copy in the project's
`templates/` folder. This script only exists so that the packaged template can be
reviewed as code and rebuilt; its layout follows the seed acta N° 2024-036 (Alcaldía de
Ibagué, format FOR-02-PRO-GD-01).
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from pac_cli.outputs.office_zip import normalize_zip

OUT = Path(__file__).resolve().parents[1] / "src/pac_cli/outputs/templates/acta.docx"
# Within the 17,59 cm between the margins of a letter page; wide enough that no word of
# the seed acta («Subcomponente», «Direccionamiento», «capacitaciones») is broken.
COLUMNS = [("Subcomponente", 2.6), ("Actividades", 2.8), ("Meta o Producto", 2.6),
           ("Meta Anual", 1.5), ("Indicador", 2.6), ("% Avance", 2.3), ("Observaciones", 3.1)]


def field(paragraph: Paragraph, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word computes when it lays out the page."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"),
                       ("end", None)):
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == code:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {code} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def shade(cell: _Cell, colour: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    properties.append(shading)


def write(cell: _Cell, text: str, *, bold: bool = False, size: float = 8,
          align: WD_ALIGN_PARAGRAPH | None = None) -> None:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align


def repeat_header(row: object) -> None:
    properties = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def whole(row: object) -> None:
    """A row that never splits across two pages (its text would part from its figure)."""
    properties = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    properties.insert(0, OxmlElement("w:cantSplit"))


def with_next(row: object) -> None:
    """Every paragraph of the row kept with the next row: the TOTAL below it."""
    for cell in row.cells:  # type: ignore[attr-defined]
        for p in cell.paragraphs:
            p.paragraph_format.keep_with_next = True


def paragraph(document: object, text: str = "", *, bold: bool = False,
              align: WD_ALIGN_PARAGRAPH | None = None, style: str | None = None) -> Paragraph:
    p: Paragraph = document.add_paragraph(style=style)  # type: ignore[attr-defined]
    if text:
        p.add_run(text).bold = bold
    if align is not None:
        p.alignment = align
    return p


def heading(document: object, text: str, *, space_before: float = 6) -> Paragraph:
    """A bold heading that never stays alone at the foot of a page."""
    p = paragraph(document, text, bold=True)
    p.paragraph_format.keep_with_next = True
    p.paragraph_format.space_before = Pt(space_before)
    return p


def spanish(document: object) -> None:
    """es-CO as the document's language, so Word checks the spelling in Spanish."""
    styles = document.styles.element  # type: ignore[attr-defined]
    defaults = styles.find(qn("w:docDefaults"))
    run = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in run.findall(qn("w:lang")):
        run.remove(old)
    lang = OxmlElement("w:lang")
    for key in ("w:val", "w:eastAsia"):
        lang.set(qn(key), "es-CO")
    lang.set(qn("w:bidi"), "ar-SA")
    run.append(lang)
    settings = document.settings.element  # type: ignore[attr-defined]
    for old in settings.findall(qn("w:themeFontLang")):
        settings.remove(old)
    theme = OxmlElement("w:themeFontLang")
    theme.set(qn("w:val"), "es-CO")
    settings.append(theme)


def header(section: object) -> None:
    """The document-control table on every page, with real page fields."""
    head = section.header  # type: ignore[attr-defined]
    table = head.add_table(rows=4, cols=3, width=Cm(17))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left = table.cell(0, 0).merge(table.cell(3, 0))
    write(left, "{{ form.entity or entity.name }}", bold=True, size=9,
          align=WD_ALIGN_PARAGRAPH.CENTER)
    left.add_paragraph().add_run("NIT. {{ entity.nit }}").font.size = Pt(9)
    process = table.cell(0, 1).merge(table.cell(1, 1))
    write(process, "Proceso: {{ form.process }}", bold=True, size=9)
    form = table.cell(2, 1).merge(table.cell(3, 1))
    write(form, "FORMATO: {{ form.form }}", bold=True, size=9)
    write(table.cell(0, 2), "Código: {{ form.code }}", size=9)
    write(table.cell(1, 2), "Versión: {{ form.version }}", size=9)
    write(table.cell(2, 2), "Fecha: {{ form_date }}", size=9)
    page = table.cell(3, 2).paragraphs[0]
    for text, code in (("Página: Página ", "PAGE"), (" de ", "NUMPAGES")):
        page.add_run(text).font.size = Pt(9)
        field(page, code)
    head.paragraphs[0].text = ""
    draft_mark(head)


def draft_mark(container: object) -> None:
    """«BORRADOR — no publicar» in bold red, only in a document made with --borrador (the
    paragraphs go away otherwise)."""
    container.add_paragraph("{%p if draft %}")  # type: ignore[attr-defined]
    mark = container.add_paragraph()  # type: ignore[attr-defined]
    run = mark.add_run("{{ draft_mark }}")
    run.bold = True
    run.font.size = Pt(12)
    run.font.color.rgb = RGBColor(0xC6, 0x28, 0x28)
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    container.add_paragraph("{%p endif %}")  # type: ignore[attr-defined]


def footer(section: object) -> None:
    """The note on controlled copies (the provenance goes once, at the end)."""
    foot = section.footer  # type: ignore[attr-defined]
    note = foot.paragraphs[0]
    note.add_run("{{ form.footer or '' }}").font.size = Pt(8)
    note.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def _merged_row(table: object, label: str, value: str, note: str) -> None:
    """A row whose label spans the first five columns, with the figure under «% Avance»."""
    row = table.add_row()  # type: ignore[attr-defined]
    cells = row.cells
    write(cells[0].merge(cells[4]), label, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    write(cells[5], value, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    write(cells[6], note)


def _tag_row(table: object, tag: str) -> None:
    write(table.add_row().cells[0], tag)  # type: ignore[attr-defined]


def _data_row(table: object) -> object:
    """An activity's row; its observations with the evidence under them, links as links
    (`observations`, a RichText made by pac)."""
    row = table.add_row()  # type: ignore[attr-defined]
    cells = ["{% vm %}{{ group.name }}", "{{ row.number }} {{ row.description }}",
             "{{ row.product }}", "{{ row.target }}", "{{ row.indicator }}",
             "{{ row.progress }}", "{{r observations(row) }}"]
    for i, text in enumerate(cells):
        align = WD_ALIGN_PARAGRAPH.CENTER if i in (3, 5) else None
        write(row.cells[i], text, align=align)
    return row


def evaluation_table(document: object) -> None:
    """The evaluation table: for each component (titled when there are several) one row per
    activity with the subcomponent merged over its rows and the component's total; then the
    consolidated figure when there is one."""
    table = document.add_table(rows=1, cols=len(COLUMNS))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, (title, _) in enumerate(COLUMNS):
        cell = table.cell(0, i)
        write(cell, title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        shade(cell, "D9D9D9")
    repeat_header(table.rows[0])
    _tag_row(table, "{%tr for component in components %}")
    _tag_row(table, "{%tr if not single %}")
    title = table.add_row().cells
    heading = title[0].merge(title[len(COLUMNS) - 1])
    write(heading, "Componente {{ component.number }}: {{ component.name }}", bold=True)
    shade(heading, "F2F2F2")
    _tag_row(table, "{%tr endif %}")
    _tag_row(table, "{%tr for group in component.groups %}")
    _tag_row(table, "{%tr for row in group.activities %}")
    # the last row of a component is kept with the component's TOTAL: the same row twice,
    # one with «keep with next»
    _tag_row(table, "{%tr if row.last_of_component %}")
    with_next(_data_row(table))
    _tag_row(table, "{%tr else %}")
    _data_row(table)
    _tag_row(table, "{%tr endif %}")
    _tag_row(table, "{%tr endfor %}")
    _tag_row(table, "{%tr endfor %}")
    _merged_row(table, "{{ total_label if single else 'TOTAL DEL COMPONENTE ' ~ "
                       "component.number }}", "{{ component.total }}",
                "{{ component.arithmetic }}")
    _tag_row(table, "{%tr endfor %}")
    _tag_row(table, "{%tr if policy.consolidated %}")
    _merged_row(table, "{{ total_label }}", "{{ total }}",
                "{{ consolidation }}")
    _tag_row(table, "{%tr endif %}")
    _grid(table, [width for _, width in COLUMNS])


RISK_COLUMNS = [("Ref.", 1.0), ("Proceso", 2.0), ("Riesgo", 3.4), ("Inherente", 2.0),
                ("Residual", 2.0), ("Controles ejecutados", 2.0), ("Nivel de cumplimiento", 2.4),
                ("Materializado y observación", 2.79)]
HEAT_WIDTH = 17.5
"""The heat map's width: docxtpl shares it among its columns (the probability's and one per
impact level of the method), as wide as the page so that «Catastrófico» is never broken."""


def _grid(table: object, widths: list[float]) -> None:
    table.autofit = False  # type: ignore[attr-defined]
    for column, width in zip(table.columns, widths, strict=True):  # type: ignore[attr-defined]
        column.width = Cm(width)
    for row in table.rows:  # type: ignore[attr-defined]
        whole(row)
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)


def risk_section(document: object) -> None:
    """«Seguimiento al mapa de riesgos de corrupción», when the cutoff follows the map: each
    risk (materialised first) and the two heat maps, each cell with its zone in words and its
    count (`{%tc %}`: as many impact columns as the map's method has)."""
    paragraph(document, "{%p if risks %}")
    heading(document, "Seguimiento al mapa de riesgos de corrupción", space_before=12)
    paragraph(document, "{{ risks.title }}, con corte al {{ risks.cutoff_text }}. Método: "
                        "{{ risks.method }}. Las zonas las calcula pac con el método a partir de "
                        "la probabilidad, el impacto y los controles que registra el mapa.",
              align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    table = document.add_table(rows=1, cols=len(RISK_COLUMNS))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, (title, _) in enumerate(RISK_COLUMNS):
        write(table.cell(0, i), title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        shade(table.cell(0, i), "D9D9D9")
    repeat_header(table.rows[0])
    _tag_row(table, "{%tr for row in risks.rows %}")
    cells = table.add_row().cells
    for cell, text in zip(cells, [
            "{{ row.reference }}", "{{ row.process }}",
            "{{ row.description }} ({{ row.type }})",
            "{{ row.inherent_zone }}: {{ row.inherent }}",
            "{{ row.residual_zone }}: {{ row.residual }}", "{{ row.executed }}",
            "{{ row.compliance }}",
            "{{ ('Sí: ' ~ row.facts) if row.materialised else ('No' if row.reported else "
            "'Sin seguimiento') }}{{ (' — ' ~ row.observations) if row.observations else '' }}"],
            strict=True):
        write(cell, text)
    _tag_row(table, "{%tr endfor %}")
    _grid(table, [w for _, w in RISK_COLUMNS])
    paragraph(document, "{%p for heat in risks.heat_maps %}")
    caption = paragraph(document, "Mapa de calor {{ heat.name }}: zona y número de riesgos en "
                                  "cada celda", bold=True)
    caption.paragraph_format.keep_with_next = True
    caption.paragraph_format.space_before = Pt(8)
    heat = document.add_table(rows=1, cols=4)  # type: ignore[attr-defined]
    heat.style = "Table Grid"
    heat.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, text in enumerate(["Probabilidad / impacto", "{%tc for column in heat.columns %}",
                              "{{ column }}", "{%tc endfor %}"]):
        write(heat.cell(0, i), text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        shade(heat.cell(0, i), "D9D9D9")
    repeat_header(heat.rows[0])
    _tag_row(heat, "{%tr for name, cells in heat.rows %}")
    cells = heat.add_row().cells
    write(cells[0], "{{ name }}", bold=True)
    for cell, text in zip(cells[1:], ["{%tc for cell in cells %}",
                                      "{% cellbg cell.fill %}{{ cell.zone }}: {{ cell.count }}",
                                      "{%tc endfor %}"], strict=True):
        write(cell, text, align=WD_ALIGN_PARAGRAPH.CENTER)
    _tag_row(heat, "{%tr endfor %}")
    _grid(heat, [HEAT_WIDTH / 4] * 4)
    paragraph(document, "{%p endfor %}")
    paragraph(document, "{%p for line in risks.summary + risks.follow_summary %}")
    line = paragraph(document, "{{ line }}", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    line.paragraph_format.space_before = Pt(6)
    paragraph(document, "{%p endfor %}")
    paragraph(document, "{%p endif %}")


def build() -> None:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(10)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.59), Cm(27.94)  # carta
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin, section.bottom_margin = Cm(3.2), Cm(2.2)
    section.header_distance = section.footer_distance = Cm(0.8)
    spanish(document)
    header(section)
    footer(section)
    opening(document)
    development(document)
    risk_section(document)
    closing(document)
    properties = document.core_properties
    properties.author = properties.last_modified_by = "pac"
    properties.title = "Acta de reunión de seguimiento"
    properties.created = properties.modified = dt.datetime(2024, 1, 1)
    buffer = io.BytesIO()
    document.save(buffer)
    OUT.write_bytes(normalize_zip(buffer.getvalue()))


def opening(document: object) -> None:
    """Number, date, time, place, attendees, objective and agenda."""
    draft_mark(document)
    paragraph(document, "ACTA N° {{ minutes.data.number }}", bold=True)
    for label, value in (("FECHA: ", "{{ entity.city }}, {{ minutes.date }}"),
                         ("HORA: ", "{{ minutes.start }} – {{ minutes.end }}"),
                         ("LUGAR: ", "{{ minutes.data.place }}")):
        p = paragraph(document, label, bold=True)
        p.add_run(value)
    heading(document, "ASISTENTES:")
    paragraph(document, "{%p for person in minutes.data.attendees %}")
    paragraph(document, "{{ person.name }} – {{ person.role }}")
    paragraph(document, "{%p endfor %}")

    heading(document, "OBJETIVO DE LA REUNIÓN")
    paragraph(document, "{{r objective_rich }}", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    heading(document, "ORDEN DEL DÍA")
    paragraph(document, "{%p for item in minutes.agenda %}")
    paragraph(document, "{{ item }}", style="List Number")
    paragraph(document, "{%p endfor %}")



def development(document: object) -> None:
    """Introduction, methodology (with the policy sentence) and the evaluation table."""
    heading(document, "DESARROLLO DEL ORDEN DEL DÍA")
    heading(document, "1. Introducción")
    paragraph(document, "{%p for text in minutes.introduction %}")
    paragraph(document, "{{ text }}", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    paragraph(document, "{%p endfor %}")
    heading(document, "2. Explicación de la metodología para el seguimiento:")
    paragraph(document, "{%p for text in minutes.methodology %}")
    paragraph(document, "{{ text }}", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    paragraph(document, "{%p endfor %}")
    paragraph(document, '{% from "textos.j2" import politica %}{{ politica(policy) }}',
              align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    paragraph(document, "3. Evaluar el nivel de cumplimiento de las actividades programadas"
                        "{% if single %} en el componente {{ components[0].name }}{% endif %} "
                        "y determinar el porcentaje de cumplimiento:", bold=True)
    evaluation_table(document)


def closing(document: object) -> None:
    """Conclusions, recommendations, closing and the signatures."""
    heading(document, "4. Conclusiones y Recomendaciones", space_before=14)
    paragraph(document, "{{r conclusions_rich }}", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    paragraph(document, "{%p for text in minutes.recommendations %}")
    paragraph(document, "{{ text }}", style="List Bullet")
    paragraph(document, "{%p endfor %}")
    heading(document, "5. Cierre")
    paragraph(document, "{{ minutes.closing }}")
    paragraph(document, "En constancia de lo anterior, firman los asistentes:")
    paragraph(document, "{%p for person in minutes.data.attendees %}")
    # room to sign, the typed signature only where the entity's format wants it, a line
    space = paragraph(document, "{{ person.signature if form.typed_signatures and "
                                "person.signature else '' }}")
    space.paragraph_format.space_before = Pt(28)
    space.paragraph_format.keep_with_next = True
    line = paragraph(document, "_" * 40)
    line.paragraph_format.keep_with_next = True
    name = paragraph(document, "{{ person.name }}", bold=True)
    name.paragraph_format.keep_with_next = True
    paragraph(document, "{{ person.role }}")
    paragraph(document, "{%p endfor %}")
    trace = paragraph(document, '{% from "textos.j2" import trazabilidad_corta %}'
                                "{{ trazabilidad_corta(provenance) }}")
    trace.paragraph_format.space_before = Pt(18)
    trace.runs[0].font.size = Pt(8)


if __name__ == "__main__":
    build()
    sys.stdout.write(f"escrito {OUT}\n")
