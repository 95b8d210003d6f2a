"""Risk-map matrices as offices keep them, built cell by cell: Función Pública's v5 template
(a title, group headers merged over their columns, a risk's cells merged over the rows of its
controls) and the 2015 format (a two-level header, the controls as one text)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook

HEAD = ["Referencia", "Proceso", "Objetivo del proceso", "Tipo de riesgo", "Impacto",
        "Causa inmediata", "Causa raíz", "Descripción del riesgo", "Clasificación",
        "Frecuencia", "Probabilidad inherente", "%", "Criterios de impacto",
        "Impacto inherente", "%", "Zona inherente", "N° control", "Descripción del control",
        "Afectación", "Tipo", "Implementación", "Calificación", "Documentación", "Frecuencia",
        "Evidencia", "Probabilidad residual", "Probabilidad residual final", "%",
        "Impacto residual final", "%", "Zona residual", "Tratamiento", "Plan de acción",
        "Responsable", "Fecha implementación", "Fecha seguimiento", "Seguimiento", "Estado"]
GROUPS = [("IDENTIFICACIÓN DEL RIESGO", 1, 9), ("ANÁLISIS DEL RIESGO INHERENTE", 10, 16),
          ("EVALUACIÓN DEL RIESGO - VALORACIÓN DE LOS CONTROLES", 17, 26),
          ("EVALUACIÓN DEL RIESGO - NIVEL DEL RIESGO RESIDUAL", 27, 32),
          ("PLAN DE ACCIÓN", 33, 38)]
RISK_COLS = list(range(1, 17)) + list(range(27, 39))


def _percent_format(ws: Any) -> None:
    """The percentages as the template shows them: 60,0 %."""
    for row in ws.iter_rows(min_row=5, max_row=7):
        for cell in row:
            if isinstance(cell.value, float) and cell.value <= 1:
                cell.number_format = "0.0%"


def v5_matrix(path: Path, *, leve: bool = False, rating: float = 0.4, after: float = 0.36,
              frequency: object = 300,
              title: str = "MAPA DE RIESGOS DE CORRUPCIÓN – VIGENCIA 2021") -> Path:
    """Two risks: R1 (corrupción; the guide's example: 300 a year, Mayor, a preventive and a
    detective manual control, residual 25,2 % Baja × Mayor = Alto) over two control rows,
    R2 (gestión, one corrective control) on one row."""
    wb = Workbook()
    ws: Any = wb.active
    ws.title = "Mapa"
    ws["A1"] = title
    ws.merge_cells("A1:AL1")
    ws["A2"] = "Alcaldía de Prueba"
    ws.merge_cells("A2:AL2")
    for name, a, b in GROUPS:
        ws.cell(3, a, name)
        ws.merge_cells(start_row=3, start_column=a, end_row=3, end_column=b)
    for c, h in enumerate(HEAD, 1):
        ws.cell(4, c, h)
    r1: list[Any] = ["R1", "Gestión contractual", "Adquirir bienes y servicios", "Corrupción",
          "Reputacional", "Evaluación por una sola persona", "Pliegos a la medida",
          "Posibilidad de recibir dádivas para favorecer a un proponente", "Fraude interno",
          frequency, "Media", 0.6, "Afecta la imagen de la entidad a nivel nacional",
          "Leve" if leve else "Mayor", 0.2 if leve else 0.8, "Moderado" if leve else "Alto"]
    controls = [(1, "El comité evaluador revisa cada oferta", "Probabilidad", "Preventivo",
                 "Manual", rating, "Documentado", "Continua", "Con registro", after),
                (2, "Jurídica revisa una muestra cada mes", "Probabilidad", "Detectivo",
                 "Manual", 0.3, "Documentado", "Aleatoria", "Con registro", 0.252)]
    tail1 = ["Baja", 0.252, "Mayor", 0.8, "Alto", "Reducir",
             "Publicar en el SECOP II todas las etapas", "Oficina Jurídica", "31/03/2021",
             "30/04/2021", "Cumplida", "Cerrada"]
    for i, ctl in enumerate(controls):
        row = 5 + i
        for c, v in enumerate(r1, 1):
            if i == 0:
                ws.cell(row, c, v)
        for c, v in enumerate(ctl, 17):
            ws.cell(row, c, v)
        for c, v in enumerate(tail1, 27):
            if i == 0:
                ws.cell(row, c, v)
    for c in RISK_COLS:
        ws.merge_cells(start_row=5, start_column=c, end_row=6, end_column=c)
    r2: list[Any] = ["R2", "Gestión financiera", "Administrar los recursos", "Gestión", "Económico",
          "Errores en la conciliación", "Falta de revisión",
          "Posibilidad de pagar dos veces una obligación",
          "Ejecución y administración de procesos", 20, "Baja", 0.4, "Entre 50 y 100 SMLMV",
          "Mayor", 0.8, "Alto", 1, "Tesorería concilia cada pago antes de girarlo", "Impacto",
          "Correctivo", "Manual", 0.25, "Documentado", "Continua", "Con registro", 0.4,
          "Baja", 0.4, "Moderado", 0.6, "Moderado", "Reducir", "Automatizar la conciliación",
          "Secretaría de Hacienda", "2021-07-31", "2021-08-31", "", ""]
    for c, v in enumerate(r2, 1):
        ws.cell(7, c, v)
    _percent_format(ws)
    wb.save(path)
    return path

def matrix_2015(path: Path, *, title: str = "MAPA DE RIESGOS DE CORRUPCIÓN 2019",
                zone: str = "Alta") -> Path:
    """Two corruption risks of the 2015 scheme, the residual as the map publishes it."""
    wb = Workbook()
    ws: Any = wb.active
    ws.title = "Mapa 2019"
    ws["A1"] = title
    ws.merge_cells("A1:R1")
    groups = [("Identificación del riesgo", 1, 4), ("Riesgo inherente", 5, 7),
              ("Valoración", 8, 8), ("Riesgo residual", 9, 11),
              ("Acciones asociadas al control", 12, 14), ("Responsable", 15, 15),
              ("Monitoreo y revisión", 16, 18)]
    for name, a, b in groups:
        ws.cell(2, a, name)
        if b > a:
            ws.merge_cells(start_row=2, start_column=a, end_row=2, end_column=b)
    ws.merge_cells(start_row=2, start_column=15, end_row=3, end_column=15)
    head: list[str | None] = [
        "Proceso/Objetivo", "Causa", "Riesgo", "Consecuencia", "Probabilidad", "Impacto",
        "Zona de riesgo", "Controles", "Probabilidad", "Impacto", "Zona de riesgo",
            "Periodo de ejecución", "Acciones", "Registro", None, "Fecha", "Acciones",
            "Indicador"]
    for c, h in enumerate(head, 1):
        if h:
            ws.cell(3, c, h)
    rows: list[list[Any]] = [
        ["Gestión contractual", "Presión de terceros",
         "Direccionar la contratación a favor de un tercero",
         "Detrimento patrimonial", "Posible", "Mayor", zone,
         "1. Revisión de pliegos por el comité\n2. Publicación en el SECOP", 2, 10, "Moderada",
         "Enero a diciembre", "Capacitar al comité evaluador", "Listas de asistencia",
         "Oficina Jurídica", "30/04/2019", "Verificar actas del comité",
         "Procesos revisados / procesos"],
        ["Talento humano", "Amiguismo", "Vincular personal sin requisitos", "Sanciones",
         "Probable", "Catastrófico", "Extrema", "Verificación de requisitos con lista de chequeo",
         3, 20, "Extrema", "Todo el año", "Auditar las hojas de vida", "Informe",
         "Talento Humano", "31/08/2019", "Revisar las vinculaciones", "Vinculaciones revisadas"],
    ]
    for r, row in enumerate(rows, 4):
        for c, v in enumerate(row, 1):
            ws.cell(r, c, v)
    wb.save(path)
    return path
