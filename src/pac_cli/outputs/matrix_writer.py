"""`pac export`: a plan or a follow-up as the matrix offices keep, in .xlsx, .csv or .ods.

The layout is the one `pac import` reads back: a title block, one header row, one row per
activity, the component and subcomponent merged over their rows in the workbook. Numbers
are numbers in .xlsx and .ods; in .csv they are written without thousands separators and
with a decimal comma, as a Spanish-locale Excel reads them. The same data give the same
bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from pac_cli import es_co
from pac_cli.compute.engine import ComplianceResult
from pac_cli.errors import OutputError
from pac_cli.models.plan import Activity, Plan
from pac_cli.outputs.escaping import csv_cell
from pac_cli.outputs.office_zip import normalize_zip
from pac_cli.outputs.texts import cell

Value = str | Decimal | None


@dataclass(frozen=True)
class Matrix:
    """What a matrix holds: title lines, a header, rows, and which columns merge down."""

    titles: tuple[str, ...]
    header: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]
    merged: tuple[int, ...] = ()
    widths: tuple[int, ...] = ()
    percent: tuple[int, ...] = ()
    """Columns of percentages (60 for 60 %): a workbook shows them as 60,0 %."""


def _walk(activities: list[Activity]) -> list[Activity]:
    found = []
    for activity in activities:
        found.append(activity)
        found += _walk(activity.subactivities)
    return found


def plan_matrix(plan: Plan) -> Matrix:
    """A plan as a matrix: one row per activity (sub-activities too), by component."""
    rows = []
    everything = [(c, s, a) for c in plan.components for s in c.subcomponents
                  for a in _walk(s.activities)]
    optional = [(title, key) for title, key in (("Herramientas/Metodología", "tools"),
                                                ("Ritmo", "rhythm"), ("Peso", "weight"))
                if any(getattr(a, key) is not None for _, _, a in everything)]
    # a programme of several vigencias: one target column per vigencia («Meta 2026»)
    years = list(plan.years) if plan.last_year is not None else []
    for component, sub, activity in everything:
        targets: list[Value] = [activity.target_of(year) for year in years] if years \
            else [activity.annual_target]
        row: list[Value] = [f"{component.number}. {component.name}", f"{sub.number}. {sub.name}",
                            activity.id, activity.description, activity.product, *targets,
                            activity.indicator, "; ".join(activity.responsible) or None,
                            activity.scheduled]
        row += [getattr(activity, key) for _, key in optional]
        rows.append(tuple(row))
    span = es_co.years(plan.years)
    titles = [plan.title or f"Plan de la vigencia {span}",
              f"Vigencias {span}" if years else f"Vigencia {plan.year}"]
    if plan.frame is not None:
        titles.append(f"Marco: {plan.frame}")
    target_titles = [f"Meta {year}" for year in years] or ["Meta anual"]
    header = ("Componente", "Subcomponente", "N°", "Actividad", "Meta o producto",
              *target_titles, "Indicador", "Responsable", "Fecha programada",
              *(title for title, _ in optional))
    return Matrix(tuple(titles), header, tuple(rows), merged=(0, 1),
                  widths=(18, 20, 7, 42, 32, *([11] * len(target_titles)), 24, 24, 14,
                          *([28] * len(optional))))


def followup_matrix(result: ComplianceResult) -> Matrix:
    """A follow-up as Control Interno's matrix: the acta's table, for every component."""
    d = result.rounding.decimals
    rows = []
    for a in result.activities:
        note = a.progress.justification if a.progress.percentage is not None \
            else a.progress.observations
        rows.append((f"{a.component.number}. {a.component.name}",
                     f"{a.subcomponent.number}. {a.subcomponent.name}", a.activity.id,
                     a.activity.description, a.activity.product, a.activity.annual_target,
                     a.activity.indicator, cell(a, d), note))
    title = result.plan.title or f"Plan de la vigencia {result.plan.year}"
    return Matrix((f"Seguimiento {es_co.to_the(title)}", f"Vigencia {result.plan.year}",
                   f"Corte: {es_co.long_date(result.cutoff)}"),
                  ("Componente", "Subcomponente", "N°", "Actividad", "Meta o producto",
                   "Meta anual", "Indicador", "% Avance", "Observaciones"),
                  tuple(rows), merged=(0, 1), widths=(18, 20, 7, 42, 32, 11, 24, 22, 48))


def _csv_number(value: Decimal) -> str:
    text = format(value.normalize(), "f") if value != value.to_integral_value() \
        else str(int(value))
    return text.replace(".", ",")


def to_csv(matrix: Matrix, delimiter: str = ";", encoding: str = "utf-8-sig") -> bytes:
    """The matrix as CSV: a title line each, a blank line, the header and the rows."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for title in matrix.titles:
        writer.writerow([csv_cell(title)])
    writer.writerow([])
    writer.writerow(matrix.header)
    for row in matrix.rows:
        writer.writerow(["" if v is None else _csv_number(v) if isinstance(v, Decimal)
                         else csv_cell(v) for v in row])
    try:
        return out.getvalue().encode(encoding)
    except UnicodeEncodeError as exc:
        raise OutputError(f"el texto «{exc.object[exc.start:exc.end]}» no se puede escribir en "
                          f"{encoding}: use --codificacion utf-8") from None


def _merge(ws: Any, matrix: Matrix, head: int) -> None:
    """Each merged column's equal cells, one under the other, as one cell; never across a
    change in an earlier merged column (a component, a risk's reference)."""
    for column in matrix.merged:
        start = head + 1
        for r in range(head + 1, head + len(matrix.rows) + 2):
            same = r <= head + len(matrix.rows) and \
                matrix.rows[r - head - 1][column] == matrix.rows[start - head - 1][column] and \
                all(matrix.rows[r - head - 1][k] == matrix.rows[start - head - 1][k]
                    for k in matrix.merged if k < column)
            if not same:
                if r - 1 > start:
                    ws.merge_cells(start_row=start, start_column=column + 1, end_row=r - 1,
                                   end_column=column + 1)
                start = r


def to_xlsx(matrix: Matrix, stamp: dt.date) -> bytes:
    """The matrix as a workbook, with the component and subcomponent merged over their rows."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet
    from openpyxl.writer.excel import ExcelWriter

    from pac_cli.outputs.cell_fit import FONT, SIZE, fit_rows, print_on_letter

    wb = Workbook()
    ws = cast(Worksheet, wb.active)
    ws.title = "Matriz"
    wrap = Alignment(wrap_text=True, vertical="top")
    plain, bold = Font(name=FONT, size=SIZE), Font(name=FONT, size=SIZE, bold=True)
    for r, title in enumerate(matrix.titles, start=1):
        ws.cell(r, 1).value = title
        ws.cell(r, 1).data_type = "s"
        ws.cell(r, 1).font = bold if r == 1 else plain
    head = len(matrix.titles) + 2
    for c, title in enumerate(matrix.header, start=1):
        target: Any = ws.cell(head, c)
        target.value = title
        target.font = bold
        target.alignment = wrap
        target.fill = PatternFill("solid", start_color="E6E6E6", end_color="E6E6E6")
        if c <= len(matrix.widths):
            ws.column_dimensions[get_column_letter(c)].width = matrix.widths[c - 1]
    for r, row in enumerate(matrix.rows, start=head + 1):
        for c, value in enumerate(row, start=1):
            target = ws.cell(r, c)
            if isinstance(value, str):  # control characters dropped; text never a formula
                target.value = ILLEGAL_CHARACTERS_RE.sub("", value)
                target.data_type = "s"
            elif isinstance(value, Decimal) and c - 1 in matrix.percent:
                target.value = float(value / 100)
                target.number_format = "0.0%"
            else:
                target.value = float(value) if isinstance(value, Decimal) else value
            target.alignment = wrap
            target.font = plain
    _merge(ws, matrix, head)
    ws.freeze_panes = f"A{head + 1}"
    fit_rows(ws, head, head + len(matrix.rows), matrix.widths)
    print_on_letter(ws, head, matrix.widths)
    moment = dt.datetime.combine(stamp, dt.time(0, 0))
    wb.properties.created = wb.properties.modified = moment
    wb.properties.creator = wb.properties.lastModifiedBy = "pac"
    wb.properties.title = matrix.titles[0][:255]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return normalize_zip(buffer.getvalue())


class _OdsStyles:
    """The styles of the .ods: its paper, its columns, its cells and its rows' heights."""

    def __init__(self, document: Any, widths: Sequence[float]) -> None:
        from odf.style import (
            MasterPage,
            PageLayout,
            PageLayoutProperties,
            Style,
            TableColumnProperties,
            TableProperties,
        )

        from pac_cli.outputs.cell_fit import PRINT_SCALE, column_breaks, points

        self.document = document
        layout = PageLayout(name="Carta")
        layout.addElement(PageLayoutProperties(
            printorientation="landscape", pagewidth="27.94cm", pageheight="21.59cm",
            margintop="1.8cm", marginbottom="1.8cm", marginleft="1cm", marginright="1cm",
            scaleto=f"{PRINT_SCALE}%", printpageorder="ltr"))
        document.automaticstyles.addElement(layout)
        master = MasterPage(name="Matriz", pagelayoutname=layout)
        document.masterstyles.addElement(master)
        self.table = Style(name="tabla", family="table", masterpagename=master)
        self.table.addElement(TableProperties(display="true"))
        document.automaticstyles.addElement(self.table)
        breaks = {column + 1 for column in column_breaks(widths)}
        self.columns = []
        for column, width in enumerate(widths, start=1):
            style = Style(name=f"columna{column}", family="table-column")
            properties = {"columnwidth": f"{points(width) / 72 * 2.54:.2f}cm"}
            if column in breaks:  # the next page across starts here
                properties["breakbefore"] = "page"
            style.addElement(TableColumnProperties(**properties))
            document.automaticstyles.addElement(style)
            self.columns.append(style)
        self.plain = self._cell("texto", wrap=True)
        self.title = self._cell("titulo", bold=True)
        self.subtitle = self._cell("subtitulo")
        self.head = self._cell("encabezado", wrap=True, bold=True, fill="#e6e6e6")
        self.heights: dict[str, Any] = {}

    def _cell(self, name: str, *, wrap: bool = False, bold: bool = False,
              fill: str | None = None) -> Any:
        from odf.style import Style, TableCellProperties, TextProperties

        from pac_cli.outputs.cell_fit import FONT, SIZE

        style = Style(name=name, family="table-cell")
        cell = {"verticalalign": "top", "wrapoption": "wrap" if wrap else "no-wrap"}
        if fill:
            cell["backgroundcolor"] = fill
        style.addElement(TableCellProperties(**cell))
        style.addElement(TextProperties(fontname=FONT, fontfamily=FONT, fontsize=f"{SIZE:g}pt",
                                        fontweight="bold" if bold else "normal"))
        self.document.automaticstyles.addElement(style)
        return style

    def row(self, height: float) -> Any:
        """A row style of that height (points), the height its wrapped text needs."""
        from odf.style import Style, TableRowProperties

        key = f"{height:.1f}pt"
        if key not in self.heights:
            style = Style(name=f"fila{len(self.heights) + 1}", family="table-row")
            style.addElement(TableRowProperties(rowheight=key, useoptimalrowheight="false"))
            self.document.automaticstyles.addElement(style)
            self.heights[key] = style
        return self.heights[key]


def to_ods(matrix: Matrix, stamp: dt.date) -> bytes:
    """The matrix as an OpenDocument spreadsheet (LibreOffice's own format), with odfpy: the
    workbook's widths, wrapped text, row heights and paper (letter landscape at the print
    scale, the header row on every page, a page break where the columns fill a page)."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableColumn, TableHeaderRows, TableRow
    from odf.text import P

    from pac_cli.outputs.cell_fit import SIZE, row_height

    document = OpenDocumentSpreadsheet()
    styles = _OdsStyles(document, matrix.widths)
    table = Table(name="Matriz", stylename=styles.table)
    for style in styles.columns:
        table.addElement(TableColumn(stylename=style))
    for _ in matrix.header[len(matrix.widths):]:
        table.addElement(TableColumn())

    def row_of(values: tuple[Value, ...] | list[Value], style: Any, bold: bool = False) -> Any:
        texts = [(es_co.number(v) if isinstance(v, Decimal) else v or "", width, SIZE, bold)
                 for v, width in zip(values, matrix.widths, strict=False)]
        wrapped = style in (styles.plain, styles.head)
        row = TableRow(stylename=styles.row(row_height(texts if wrapped else [])))
        for value in values:
            if isinstance(value, Decimal):
                target = TableCell(valuetype="float", value=str(value), stylename=style)
                target.addElement(P(text=es_co.number(value)))
            elif value:
                target = TableCell(valuetype="string", stylename=style)
                for line in value.split("\n"):
                    target.addElement(P(text=line))
            else:
                target = TableCell()
            row.addElement(target)
        return row

    for i, title in enumerate(matrix.titles):
        table.addElement(row_of([title], styles.title if i == 0 else styles.subtitle))
    table.addElement(row_of([], styles.plain))
    header = TableHeaderRows()  # printed at the top of every page
    header.addElement(row_of(list(matrix.header), styles.head, bold=True))
    table.addElement(header)
    for values in matrix.rows:
        table.addElement(row_of(values, styles.plain))
    document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_ods_meta(buffer.getvalue(), stamp)


def _fixed_ods_meta(data: bytes, stamp: dt.date) -> bytes:
    """odfpy writes the clock into meta.xml and the zip: the data's date, fixed entries."""
    import re

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "meta.xml":
                moment = f"{stamp.isoformat()}T00:00:00"
                content = re.sub(rb"<meta:creation-date>[^<]*</meta:creation-date>",
                                 f"<meta:creation-date>{moment}</meta:creation-date>".encode(),
                                 content)
                content = re.sub(rb"<dc:date>[^<]*</dc:date>",
                                 f"<dc:date>{moment}</dc:date>".encode(), content)
            # the mimetype entry first and stored, as OpenDocument requires
            compress = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = compress
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()
