"""The published report as an Excel workbook: values, zone fills and a native bar chart."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from typing import Any, cast

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.marker import DataPoint
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from pac_cli import es_co
from pac_cli.outputs.cell_fit import FONT, SIZE, column_breaks, fit_rows, print_on_letter
from pac_cli.outputs.office_zip import normalize_zip
from pac_cli.outputs.template_context import DocumentContext

FILLS = {"baja": ("C62828", "FFFFFF"), "media": ("F9C23C", "1A1A1A"), "alta": ("2E7D32", "FFFFFF")}
WIDTHS = [13, 7, 18, 36, 18, 11, 11, 12, 24, 16, 38, 20]
"""Columns wide enough that no header word is cut and «11.842/15.000 = 78,94 %» stays on
one line (checked in `test_look`); on paper the activity with its responsible and target
on the first page across, its achievement, %, calculation, zone and observations on the
next, the rhythm after."""
PAGE_ONE = column_breaks(WIDTHS)[0]
"""The last column of the first page across: a sentence of the summary spans up to it."""
PCT, TEXT, ZONE, NOTE, PACE = 8, 9, 10, 11, 12
"""The %, its es-CO text (what a reader of any locale sees), the zone, the observations."""
"""The columns of the %, the zone and the observations."""
LABELS = ("hoja", "entidad", "titulo", "alcance", "datos", "columnas", "ritmo", "zonas",
          "asignado", "total", "tendencia", "corte", "componente", "consolidado_corto",
          "grafico_tendencia", "hoja_grafico", "hoja_tendencia", "encabezado", "pie",
          "consolidado", "componentes", "subcomponentes", "cambios", "grafico", "eje",
          "propiedades_titulo")
"""The texts `informe.xlsx.j2` must give."""
Labels = dict[str, Any]
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
# es-CO (LCID 240A): LibreOffice then writes «78,94 %» whatever its own language


def percent_format(ctx: DocumentContext, value: Decimal | None = None) -> str:
    """The cells' % format: a figure's own decimals (a component may be shown whole, the
    consolidated figure with one), else the policy's (two in the acta's policy)."""
    decimals = es_co.places(value) if value is not None else ctx.policy.decimals
    return "[$-240A]0" + ("." + "0" * decimals if decimals else "") + "%"


NUMBER = "[$-240A]#,##0.##"
PLAIN = Font(name=FONT, size=SIZE)
BOLD = Font(name=FONT, size=SIZE, bold=True)


def put(ws: Worksheet, row: int, column: int, value: Any, **style: Any) -> None:
    """Write a value; text is always stored as text, never as a formula."""
    cell: Any = ws.cell(row=row, column=column)
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, str):
        # control characters have no place in a workbook (openpyxl refuses them): dropped,
        # as the Word document drops them; a lone carriage return becomes a line break
        value = ILLEGAL_CHARACTERS_RE.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    cell.value = value
    if isinstance(value, str):
        # openpyxl stores any text starting with "=" as a formula: an observation such as
        # "=SUM(A1)" must stay the words the office wrote.
        cell.data_type = "s"
    style.setdefault("font", PLAIN)  # the font the rows are measured with
    for name, setting in style.items():
        setattr(cell, name, setting)


def _zone(ws: Worksheet, row: int, column: int, zone: str, labels: Labels) -> None:
    fill, text = FILLS[zone]
    put(ws, row, column, labels["zonas"][zone],
        fill=PatternFill("solid", start_color=fill, end_color=fill),
        font=Font(name=FONT, size=SIZE, bold=True, color=text), alignment=WRAP)


def marked(ctx: DocumentContext, text: str) -> str:
    """A title of a draft says so first (whatever the template says)."""
    return f"{ctx.draft_mark} · {text}" if ctx.draft else text


def _heading(ws: Worksheet, ctx: DocumentContext, labels: Labels) -> int:
    """The title block; returns the row of the activities' header, after a blank row."""
    put(ws, 1, 1, labels["entidad"], font=Font(name=FONT, bold=True, size=13),
        alignment=WRAP)
    put(ws, 2, 1, marked(ctx, labels["titulo"]), alignment=WRAP,
        font=Font(name=FONT, size=SIZE, bold=True, color="C62828") if ctx.draft else BOLD)
    put(ws, 3, 1, labels["alcance"], alignment=WRAP)
    for row in (1, 2, 3):  # within the first page across, wrapped: never cut by the paper
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=PAGE_ONE)
    row = 3
    for row, (label, value) in enumerate(labels["datos"], start=4):
        put(ws, row, 1, label, alignment=WRAP)
        put(ws, row, 3, value, font=BOLD, alignment=WRAP)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=PAGE_ONE)
    return row + 2


def _activities(ws: Worksheet, ctx: DocumentContext, head: int, labels: Labels) -> int:
    """The header and one row per activity of every component; returns the last row."""
    titles = labels["columnas"] + ([labels["ritmo"]] if ctx.paced else [])
    for column, (title, width) in enumerate(zip(titles, WIDTHS, strict=False), start=1):
        put(ws, head, column, title, font=BOLD, alignment=WRAP,
            fill=PatternFill("solid", start_color="E6E6E6", end_color="E6E6E6"))
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = f"A{head + 1}"
    row = head
    for activity in ctx.activities:
        row += 1
        put(ws, row, 1, activity.component, alignment=TOP)
        for column, text in enumerate((activity.number, activity.subcomponent,
                                       activity.description, activity.responsible), start=2):
            put(ws, row, column, text, alignment=WRAP)
        for column, value in ((6, activity.target_value), (7, activity.achieved_value)):
            put(ws, row, column, "—" if value is None else value, number_format=NUMBER,
                alignment=TOP)
        put(ws, row, PCT, activity.value / 100, number_format=percent_format(ctx), alignment=TOP)
        put(ws, row, TEXT, activity.progress, alignment=WRAP)
        _zone(ws, row, ZONE, activity.zone, labels)
        note = activity.observations
        if activity.assigned:
            note = f"{labels['asignado']} {note}".strip()
        if activity.evidence:
            note = "\n".join([note, "Evidencias:"] if note else ["Evidencias:"])
            note += "".join(f"\n– {item}" for item in activity.evidence)
        put(ws, row, NOTE, note, alignment=WRAP)
        if ctx.paced:
            put(ws, row, PACE, activity.schedule, alignment=WRAP)
    return row


def _summary(ws: Worksheet, ctx: DocumentContext, row: int, labels: Labels, policy_text: str,
             trace_text: str) -> None:
    """The total, the policy sentence, the components, the subcomponents, the change log,
    the provenance."""
    put(ws, row, 1, labels["total"], font=BOLD, alignment=TOP)
    put(ws, row, PCT, ctx.total_value / 100,
        number_format=percent_format(ctx, ctx.total_value), font=BOLD,
        alignment=TOP)
    put(ws, row, TEXT, ctx.total, font=BOLD, alignment=TOP)
    _zone(ws, row, ZONE, ctx.total_zone, labels)
    put(ws, row, NOTE, labels["consolidado"])
    row += 2
    put(ws, row, 1, policy_text, alignment=WRAP)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=PAGE_ONE)
    row += 2
    put(ws, row, 1, labels["componentes"], font=BOLD)
    for component in ctx.components:
        row += 1
        put(ws, row, 1, component.number)
        put(ws, row, 3, component.name, alignment=WRAP)
        put(ws, row, PCT, component.total_value / 100,
            number_format=percent_format(ctx, component.total_value))
        put(ws, row, TEXT, component.total)
        _zone(ws, row, ZONE, component.zone, labels)
        put(ws, row, NOTE, component.arithmetic)
    row += 2
    put(ws, row, 1, labels["subcomponentes"], font=BOLD)
    for component in ctx.components:
        for group in component.groups:
            row += 1
            put(ws, row, 1, component.number)
            put(ws, row, 3, f"{group.number}. {group.name}", alignment=WRAP)
            put(ws, row, PCT, group.value / 100,
                number_format=percent_format(ctx, group.value))
            put(ws, row, TEXT, group.percentage)
            _zone(ws, row, ZONE, group.zone, labels)
    if ctx.change_log:
        row += 2
        put(ws, row, 1, labels["cambios"], font=BOLD)
        for change in ctx.change_log:
            row += 1
            for column, text in ((1, change.date.isoformat()), (2, change.version),
                                 (3, change.changes), (4, change.reason),
                                 (NOTE, ", ".join(change.named))):
                put(ws, row, column, text, alignment=WRAP)
    if ctx.trend:
        row = _trend(ws, ctx, row + 2, labels)
    put(ws, row + 2, 1, trace_text, font=Font(name=FONT, size=SIZE, color="555555"),
        alignment=WRAP)
    ws.merge_cells(start_row=row + 2, start_column=1, end_row=row + 2, end_column=PAGE_ONE)


def _trend(ws: Worksheet, ctx: DocumentContext, start: int, labels: Labels) -> int:
    """The figures of each cutoff of the vigencia, and a chart of them; the last row used."""
    put(ws, start, 1, labels["tendencia"], font=BOLD)
    head = row = start + 1
    numbers = [number for number, _, _ in ctx.trend[-1].components]
    titles = [labels["corte"], *(f"{labels['componente']} {n}" for n in numbers),
              labels["consolidado_corto"]]
    for column, title in enumerate(titles, start=1):
        put(ws, head, column, title, font=BOLD, alignment=WRAP)
    for row, point in enumerate(ctx.trend, start=head + 1):
        put(ws, row, 1, point.cutoff_text)
        values = {n: value for n, _, value in point.components}
        for column, number in enumerate(numbers, start=2):
            value = values.get(number)
            put(ws, row, column, "—" if value is None else value / 100,
                number_format=percent_format(ctx, value))
        put(ws, row, len(titles), point.value / 100,
            number_format=percent_format(ctx, point.value), font=BOLD)
    chart = BarChart()
    chart.type = "col"
    chart.title = marked(ctx, labels["grafico_tendencia"])
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 1
    chart.y_axis.number_format = "0%"
    chart.add_data(Reference(ws, min_col=len(titles), min_row=head, max_row=row),
                   titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=head + 1, max_row=row))
    chart.legend = None
    _percent_axis(chart)
    _zone_colours(chart, [point.zone for point in ctx.trend])
    _own_page(ws, labels["hoja_tendencia"], chart, 9.0)
    return row


def _percent_axis(chart: BarChart) -> None:
    """0 % to 100 % with a line every 20 %, so the zone limits (60 %, 80 %) are visible."""
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 1
    chart.y_axis.majorUnit = 0.2
    chart.y_axis.number_format = "0%"
    chart.y_axis.delete = False
    chart.x_axis.delete = False


def _chart(ws: Worksheet, ctx: DocumentContext, head: int, last: int, labels: Labels) -> None:
    """The % of every activity, each bar in its zone's colour, on a sheet of its own (a
    printed page), every activity labelled."""
    chart = BarChart()
    chart.type = "bar"
    chart.title = marked(ctx, labels["grafico"])
    chart.y_axis.title = labels["eje"]
    chart.legend = None
    _percent_axis(chart)
    chart.add_data(Reference(ws, min_col=PCT, min_row=head, max_row=last),
                   titles_from_data=True)
    # component and activity number: two levels of labels, as ids repeat across components
    chart.set_categories(Reference(ws, min_col=1 if not ctx.single else 2, max_col=2,
                                   min_row=head + 1, max_row=last))
    chart.x_axis.tickLblSkip = 1
    chart.x_axis.scaling.orientation = "maxMin"  # the first activity on top, as in the table
    _zone_colours(chart, [activity.zone for activity in ctx.activities])
    _own_page(ws, labels["hoja_grafico"], chart, max(9.0, 0.55 * ctx.count + 3))


def _own_page(ws: Worksheet, title: str, chart: BarChart, height: float) -> None:
    """A chart alone on a sheet that prints as one landscape page."""
    book = ws.parent
    assert book is not None
    sheet = book.create_sheet(title)
    chart.width, chart.height = 24, min(height, 17)  # cm
    sheet.add_chart(chart, "A1")
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_LETTER
    sheet.page_setup.fitToWidth = sheet.page_setup.fitToHeight = 1
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def _zone_colours(chart: BarChart, zones: list[str]) -> None:
    """Each bar in its zone's colour (the zone is also written in the table)."""
    series = chart.series[0]
    for index, zone in enumerate(zones):
        point = DataPoint(idx=index)
        point.graphicalProperties.solidFill = FILLS[zone][0]
        point.graphicalProperties.line.solidFill = FILLS[zone][0]
        series.dPt.append(point)


def _apart(ws: Worksheet, head: int) -> None:
    """The % centred and its calculation indented, so «78,94%» and «11.842/15.000 = …»
    never read as one jammed figure."""
    for row in range(head + 1, ws.max_row + 1):
        for column, horizontal, indent in ((PCT, "center", 0), (TEXT, None, 1)):
            cell: Any = ws.cell(row, column)
            if cell.value is not None:
                cell.alignment = Alignment(horizontal=horizontal, indent=indent,
                                           vertical=cell.alignment.vertical,
                                           wrap_text=cell.alignment.wrap_text)


def _print_setup(ws: Worksheet, ctx: DocumentContext, head: int, labels: Labels) -> None:
    """Letter, landscape, at a size that reads (two pages across), the header row on every
    page, page numbers."""
    widths = WIDTHS[:ws.max_column]
    print_on_letter(ws, head, widths)
    _header_and_footer(ws, ctx, labels)


def _header_and_footer(ws: Worksheet, ctx: DocumentContext, labels: Labels) -> None:
    """Every sheet's running header (BORRADOR first in a draft) and footer."""
    header, footer = ws.oddHeader, ws.oddFooter
    assert header is not None and footer is not None
    # 10 pt: 8,5 on paper at the print scale
    header.center.text, header.center.size = marked(ctx, labels["encabezado"]), 10
    footer.left.text, footer.left.size = labels["pie"], 10
    footer.right.text, footer.right.size = "Página &P de &N", 10


RISK_HEADER = ("Ref.", "Proceso", "Riesgo", "Inherente", "Residual", "Controles ejecutados",
               "Nivel de cumplimiento", "Materializado", "Observación")
RISK_WIDTHS = [8, 16, 40, 20, 20, 12, 18, 30, 30]


def _risk_sheet(wb: Workbook, ctx: DocumentContext, labels: Labels) -> None:
    """«Seguimiento al mapa de riesgos de corrupción» on a sheet of its own: each risk
    (materialised first), both heat maps with the zone and the count in every cell (the
    colour never alone) and the summary."""
    risks = ctx.risks
    if risks is None:
        return
    ws = wb.create_sheet(labels.get("hoja_riesgos", "Mapa de riesgos"))
    first_page = column_breaks(RISK_WIDTHS)[0]

    def sentence(row: int, text: str, **style: Any) -> None:  # wrapped on the first page
        put(ws, row, 1, text, alignment=WRAP, **style)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=first_page)

    sentence(1, marked(ctx, "Seguimiento al mapa de riesgos de corrupción"), font=BOLD)
    sentence(2, f"{risks.title}, con corte al {risks.cutoff_text}. Método: {risks.method}.")
    head = 4
    for c, title in enumerate(RISK_HEADER, start=1):
        put(ws, head, c, title, font=BOLD, alignment=WRAP,
            fill=PatternFill("solid", start_color="E6E6E6", end_color="E6E6E6"))
    row = head
    for row, risk in enumerate(risks.rows, start=head + 1):
        materialised = (f"Sí: {risk.facts}" if risk.facts else "Sí") if risk.materialised \
            else ("No" if risk.reported else "Sin seguimiento")
        for c, value in enumerate((risk.reference, risk.process,
                                   f"{risk.description} ({risk.type})",
                                   f"{risk.inherent_zone}: {risk.inherent}",
                                   f"{risk.residual_zone}: {risk.residual}", risk.executed,
                                   risk.compliance, materialised, risk.observations), start=1):
            put(ws, row, c, value, alignment=WRAP)
    row += 1
    for line in (*risks.summary, *risks.follow_summary):
        row += 1
        sentence(row, line)
    for c, width in enumerate(RISK_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    fit_rows(ws, 1, ws.max_row, RISK_WIDTHS)
    print_on_letter(ws, head, RISK_WIDTHS)
    _header_and_footer(ws, ctx, labels)
    _heat_sheet(wb, ctx, labels)


HEAT_WIDTHS = [22, 16, 16, 16, 16, 16]


def _heat_sheet(wb: Workbook, ctx: DocumentContext, labels: Labels) -> None:
    """Both heat maps on a page of their own, each cell with its zone and its count."""
    risks = ctx.risks
    assert risks is not None
    ws = wb.create_sheet(labels.get("hoja_calor", "Mapas de calor"))
    row = 0
    for heat in risks.heat_maps:
        row += 1 if row == 0 else 2
        put(ws, row, 1, marked(ctx, f"Mapa de calor {heat.name}: zona y número de riesgos en "
                                    "cada celda"), font=BOLD)
        ws.merge_cells(start_row=row, start_column=1, end_row=row,
                       end_column=len(heat.columns) + 1)
        row += 1
        put(ws, row, 1, "Probabilidad / impacto", font=BOLD, alignment=WRAP)
        for c, column in enumerate(heat.columns, start=2):
            put(ws, row, c, column, font=BOLD, alignment=WRAP)
        for name, cells in heat.rows:
            row += 1
            put(ws, row, 1, name, font=BOLD)
            for c, cell in enumerate(cells, start=2):
                put(ws, row, c, f"{cell.zone}: {cell.count}", alignment=WRAP,
                    fill=PatternFill("solid", start_color=cell.fill, end_color=cell.fill),
                    font=BOLD if cell.count else PLAIN)
    for c, width in enumerate(HEAT_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    fit_rows(ws, 1, ws.max_row, HEAT_WIDTHS)
    print_on_letter(ws, 1, HEAT_WIDTHS)
    ws.print_title_rows = None
    _header_and_footer(ws, ctx, labels)


def render_xlsx(ctx: DocumentContext, labels: Labels, policy_text: str,
                trace_text: str) -> bytes:
    """The informe as .xlsx bytes, byte-identical for the same inputs.

    `labels` are the workbook's texts, from the `informe.xlsx.j2` template.
    """
    wb = Workbook()
    ws = cast(Worksheet, wb.active)
    ws.title = labels["hoja"]
    head = _heading(ws, ctx, labels)
    last = _activities(ws, ctx, head, labels)
    _chart(ws, ctx, head, last, labels)
    _summary(ws, ctx, last + 1, labels, policy_text, trace_text)
    _apart(ws, head)
    fit_rows(ws, 1, ws.max_row, WIDTHS)
    _print_setup(ws, ctx, head, labels)
    for sheet in wb.worksheets[1:]:  # the charts' sheets: BORRADOR on every page of a draft
        _header_and_footer(sheet, ctx, labels)
    _risk_sheet(wb, ctx, labels)

    stamp = dt.datetime.combine(ctx.document_date, dt.time(0, 0))
    props = wb.properties
    props.creator = props.lastModifiedBy = ctx.entity.office or ctx.entity.name
    props.created = props.modified = stamp
    props.title = marked(ctx, labels["propiedades_titulo"])
    props.subject = labels["alcance"]
    props.keywords = ctx.keywords
    props.description = trace_text
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        # ExcelWriter directly: openpyxl's save() stamps the modification time with the clock
        ExcelWriter(wb, archive).save()
    return normalize_zip(buffer.getvalue())
