"""The published report as an Excel workbook: values, zone fills and a native bar chart."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from typing import Any, cast

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from pac_cli.render.context import DocumentContext
from pac_cli.render.output import normalize_zip

FILLS = {"baja": ("C62828", "FFFFFF"), "media": ("F9C23C", "1A1A1A"), "alta": ("2E7D32", "FFFFFF")}
WIDTHS = [12, 7, 28, 48, 30, 11, 11, 12, 16, 70, 24]
PCT, ZONE, NOTE, PACE = 8, 9, 10, 11
"""The columns of the %, the zone and the observations."""
LABELS = ("hoja", "entidad", "titulo", "alcance", "datos", "columnas", "ritmo", "zonas",
          "asignado", "total", "tendencia", "corte", "componente", "consolidado_corto",
          "grafico_tendencia",
          "consolidado", "componentes", "subcomponentes", "cambios", "grafico", "eje",
          "propiedades_titulo")
"""The texts `informe.xlsx.j2` must give."""
Labels = dict[str, Any]
WRAP = Alignment(wrap_text=True, vertical="top")
BOLD = Font(bold=True)


def put(ws: Worksheet, row: int, column: int, value: Any, **style: Any) -> None:
    """Write a value; text is always stored as text, never as a formula."""
    cell: Any = ws.cell(row=row, column=column)
    if isinstance(value, Decimal):
        value = float(value)
    cell.value = value
    if isinstance(value, str):
        # openpyxl stores any text starting with "=" as a formula: an observation such as
        # "=SUM(A1)" must stay the words the office wrote.
        cell.data_type = "s"
    for name, setting in style.items():
        setattr(cell, name, setting)


def _zone(ws: Worksheet, row: int, column: int, zone: str, labels: Labels) -> None:
    fill, text = FILLS[zone]
    put(ws, row, column, labels["zonas"][zone],
        fill=PatternFill("solid", start_color=fill, end_color=fill),
        font=Font(bold=True, color=text), alignment=WRAP)


def _heading(ws: Worksheet, labels: Labels) -> int:
    """The title block; returns the row of the activities' header, after a blank row."""
    put(ws, 1, 1, labels["entidad"], font=Font(bold=True, size=13))
    put(ws, 2, 1, labels["titulo"], font=BOLD)
    put(ws, 3, 1, labels["alcance"])
    row = 3
    for row, (label, value) in enumerate(labels["datos"], start=4):
        put(ws, row, 1, label)
        put(ws, row, 3, value, font=BOLD)
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
        put(ws, row, 1, activity.component)
        for column, text in enumerate((activity.number, activity.subcomponent,
                                       activity.description, activity.responsible), start=2):
            put(ws, row, column, text, alignment=WRAP)
        for column, value in ((6, activity.target_value), (7, activity.achieved_value)):
            put(ws, row, column, "—" if value is None else value, number_format="#,##0.##")
        put(ws, row, PCT, activity.value / 100, number_format="0.00%")
        _zone(ws, row, ZONE, activity.zone, labels)
        note = activity.observations
        if activity.assigned:
            note = f"{labels['asignado']} {note}".strip()
        put(ws, row, NOTE, note, alignment=WRAP)
        if ctx.paced:
            put(ws, row, PACE, activity.schedule, alignment=WRAP)
    return row


def _summary(ws: Worksheet, ctx: DocumentContext, row: int, labels: Labels, policy_text: str,
             trace_text: str) -> None:
    """The total, the policy sentence, the components, the subcomponents, the change log,
    the provenance."""
    put(ws, row, 1, labels["total"], font=BOLD)
    put(ws, row, PCT, ctx.total_value / 100, number_format="0.00%", font=BOLD)
    _zone(ws, row, ZONE, ctx.total_zone, labels)
    put(ws, row, NOTE, labels["consolidado"])
    row += 2
    put(ws, row, 1, policy_text, alignment=WRAP)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=NOTE)
    ws.row_dimensions[row].height = 60
    row += 2
    put(ws, row, 1, labels["componentes"], font=BOLD)
    for component in ctx.components:
        row += 1
        put(ws, row, 1, component.number)
        put(ws, row, 3, component.name, alignment=WRAP)
        put(ws, row, PCT, component.total_value / 100, number_format="0.00%")
        _zone(ws, row, ZONE, component.zone, labels)
        put(ws, row, NOTE, component.arithmetic)
    row += 2
    put(ws, row, 1, labels["subcomponentes"], font=BOLD)
    for component in ctx.components:
        for group in component.groups:
            row += 1
            put(ws, row, 1, component.number)
            put(ws, row, 3, f"{group.number}. {group.name}", alignment=WRAP)
            put(ws, row, PCT, group.value / 100, number_format="0.00%")
            _zone(ws, row, ZONE, group.zone, labels)
    if ctx.change_log:
        row += 2
        put(ws, row, 1, labels["cambios"], font=BOLD)
        for change in ctx.change_log:
            row += 1
            for column, text in ((1, change.date.isoformat()), (2, change.version),
                                 (3, change.changes), (4, change.reason),
                                 (NOTE, ", ".join(change.activities))):
                put(ws, row, column, text, alignment=WRAP)
    if ctx.trend:
        row = _trend(ws, ctx, row + 2, labels)
    put(ws, row + 2, 1, trace_text, font=Font(size=8, color="555555"))


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
            put(ws, row, column, "—" if value is None else value / 100, number_format="0.00%")
        put(ws, row, len(titles), point.value / 100, number_format="0.00%", font=BOLD)
    chart = BarChart()
    chart.type = "col"
    chart.title = labels["grafico_tendencia"]
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 1
    chart.y_axis.number_format = "0%"
    chart.add_data(Reference(ws, min_col=len(titles), min_row=head, max_row=row),
                   titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=head + 1, max_row=row))
    chart.legend = None
    chart.height, chart.width = 7.5, 14
    ws.add_chart(chart, f"L{head}")
    return row


def _chart(ws: Worksheet, ctx: DocumentContext, head: int, last: int, labels: Labels) -> None:
    chart = BarChart()
    chart.type = "bar"
    chart.title = labels["grafico"]
    chart.y_axis.title = labels["eje"]
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 1
    chart.y_axis.number_format = "0%"
    chart.legend = None
    chart.add_data(Reference(ws, min_col=PCT, min_row=head, max_row=last),
                   titles_from_data=True)
    # component and activity number: two levels of labels, as ids repeat across components
    chart.set_categories(Reference(ws, min_col=1 if not ctx.single else 2, max_col=2,
                                   min_row=head + 1, max_row=last))
    chart.height = max(7.5, 0.6 * ctx.count)
    chart.width = 18
    ws.add_chart(chart, f"L{head}")


def render_xlsx(ctx: DocumentContext, labels: Labels, policy_text: str,
                trace_text: str) -> bytes:
    """The informe as .xlsx bytes, byte-identical for the same inputs.

    `labels` are the workbook's texts, from the `informe.xlsx.j2` template.
    """
    wb = Workbook()
    ws = cast(Worksheet, wb.active)
    ws.title = labels["hoja"]
    head = _heading(ws, labels)
    last = _activities(ws, ctx, head, labels)
    _summary(ws, ctx, last + 1, labels, policy_text, trace_text)
    _chart(ws, ctx, head, last, labels)

    stamp = dt.datetime.combine(ctx.document_date, dt.time(0, 0))
    props = wb.properties
    props.creator = props.lastModifiedBy = ctx.entity.office or ctx.entity.name
    props.created = props.modified = stamp
    props.title = labels["propiedades_titulo"]
    props.subject = labels["alcance"]
    props.keywords = ctx.keywords
    props.description = trace_text
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        # ExcelWriter directly: openpyxl's save() stamps the modification time with the clock
        ExcelWriter(wb, archive).save()
    return normalize_zip(buffer.getvalue())
