"""Documents of a cutoff: the acta de seguimiento and the published informe.

The commands have selected, validated and computed (`FollowupRun`); here one context is
built from it, rendered with a template, and written atomically. Nothing here computes a
figure or reads the data files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import sys
import zipfile
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pac_cli import es_co
from pac_cli.commands.followup_run import FollowupRun, provenance
from pac_cli.disk.atomic import atomic_write, check_output
from pac_cli.disk.project import Project
from pac_cli.errors import InvalidDataError, NotFoundError, TemplateError
from pac_cli.models.problems import format_text
from pac_cli.outputs.office_zip import normalize_zip
from pac_cli.outputs.template_context import ActivityRow, DocumentContext, build_context
from pac_cli.outputs.templating import find_template, get_env, guarded, text_macro

if TYPE_CHECKING:
    from pac_cli.outputs.pdf import HtmlEngine

FORMATS = {"acta": ("docx", "md", "html", "pdf"), "informe": ("xlsx", "html", "md", "pdf")}


@dataclass(frozen=True)
class Request:
    """What to render, and where."""

    document: str
    """'acta' or 'informe'."""
    format: str
    output: Path | None = None
    """None: `<documento>-<corte>.<formato>` in the working directory; `-`: stdout."""
    templates: Path | None = None
    """A folder of templates that wins over the project's and the packaged ones."""
    soffice: Path | None = None
    """LibreOffice's soffice, for the acta's PDF (default: the one on the PATH)."""
    draft: bool = False
    """Render a draft anyway, marked «BORRADOR — no publicar» (`--borrador`)."""
    html_engine: HtmlEngine | None = None
    """What prints the informe's PDF (default: WeasyPrint, else an installed Chromium)."""


def override_dirs(project: Project, extra: Path | None) -> list[Path]:
    """--templates first, then the project's own templates/ folder."""
    dirs = []
    if extra is not None:
        if not extra.is_dir():
            raise NotFoundError(f"no existe la carpeta de plantillas {extra}")
        dirs.append(extra)
    if (project.root / "templates").is_dir():
        dirs.append(project.root / "templates")
    return dirs


def refuse_draft(run: FollowupRun) -> None:
    """A draft is never published as final: one line per reason, at its file and line."""
    if run.draft:
        raise InvalidDataError(
            f"el seguimiento con corte {run.cutoff.isoformat()} es un borrador y no se publica "
            "como definitivo; con --borrador se produce marcado «BORRADOR — no publicar»",
            more=format_text(run.draft))


def prepare(run: FollowupRun, document: str, *, draft: bool = False) -> DocumentContext:
    """The context of a document, or a one-line refusal when the data cannot make it."""
    if run.config is None:
        raise NotFoundError("el proyecto no tiene un pac.yaml válido; corra pac validate",
                            path=run.project.config_path, line=1, column=1)
    if document == "acta":
        actas = [r for r in run.records if r.kind == "acta"]
        cutoff = run.cutoff.isoformat()
        if not actas:
            kinds = "un informe" if any(r.kind == "informe" for r in run.records) else \
                "solo avances"
            raise InvalidDataError(f"el seguimiento con corte {cutoff} no tiene acta («acta»): "
                                   f"es {kinds}; produzca el informe con pac render informe",
                                   path=run.records[0].path)
        if len(actas) > 1:
            raise InvalidDataError(f"hay {len(actas)} actas con corte {cutoff} "
                                   f"({', '.join(r.path for r in actas)}): indique de qué "
                                   "componente con --componente")
        if run.config.minutes_format is None:
            raise InvalidDataError("pac.yaml no tiene «formato_acta» (proceso, código, "
                                   "versión…): el acta lo necesita", path="pac.yaml")
    return build_context(run, run.config.entity, run.config.minutes_format, provenance(run),
                         draft=draft)


def variables(ctx: DocumentContext) -> dict[str, Any]:
    """The context's fields as template variables (`entity`, `groups`, `total`…)."""
    return {f.name: getattr(ctx, f.name) for f in dataclasses.fields(ctx)}


def render_text(name: str, ctx: DocumentContext, dirs: list[Path]) -> bytes:
    """An html or md document from its `.j2` template: every value escaped for its format."""
    env = get_env(dirs, autoescape=True, markdown=name.endswith(".md.j2"))
    with guarded(name):
        return env.get_template(name).render(variables(ctx)).encode("utf-8")


def sentences(ctx: DocumentContext, dirs: list[Path]) -> tuple[str, str]:
    """The policy and provenance sentences of `textos.j2`, as plain text (for xlsx)."""
    return (text_macro("politica", ctx.policy, override_dirs=dirs),
            text_macro("trazabilidad", ctx.provenance, override_dirs=dirs))


def xlsx_labels(ctx: DocumentContext, dirs: list[Path]) -> dict[str, Any]:
    """The workbook's texts, from `informe.xlsx.j2` (YAML whose values are JSON strings)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    from pac_cli.outputs.workbook import LABELS

    name = "informe.xlsx.j2"
    env = get_env(dirs, autoescape=False)
    with guarded(name):
        text = env.get_template(name).render(variables(ctx))
    try:
        labels = YAML(typ="safe").load(text)
    except YAMLError as exc:
        raise TemplateError(f"la plantilla no produce un YAML válido: {exc}", path=name) from None
    missing = [key for key in LABELS if not isinstance(labels, dict) or key not in labels]
    if missing:
        raise TemplateError(f"a la plantilla le faltan los textos {', '.join(missing)}",
                            path=name)
    wrong = _label_problem(labels)
    if wrong:
        raise TemplateError(f"la plantilla da {wrong}", path=name)
    return dict(labels)


_SHEET_NAME = re.compile(r"[^\[\]:*?/\\]{1,31}")


def _label_problem(labels: dict[str, Any]) -> str | None:
    """What in the workbook's texts Excel would refuse, or the workbook could not use."""
    from pac_cli.outputs.workbook import LABELS

    sheets = [labels[key] for key in ("hoja", "hoja_grafico", "hoja_tendencia")]
    for sheet in sheets:
        if not isinstance(sheet, str) or not _SHEET_NAME.fullmatch(sheet):
            return (f"un nombre de hoja que Excel no admite ({str(sheet)[:40]!r}): hasta 31 "
                    "caracteres, sin [ ] : * ? / \\")
    if len(set(sheets)) != len(sheets):
        return "dos hojas con el mismo nombre"
    zones = labels["zonas"]
    if not isinstance(zones, dict) or not all(isinstance(zones.get(z), str)
                                              for z in ("baja", "media", "alta")):
        return "«zonas» sin un texto para baja, media y alta"
    columns = labels["columnas"]
    if not isinstance(columns, list) or len(columns) != 11 or \
            not all(isinstance(c, str) for c in columns):
        return "«columnas» que no son los 11 títulos de las columnas"
    data = labels["datos"]
    if not isinstance(data, list) or not all(isinstance(d, list) and len(d) == 2 for d in data):
        return "«datos» que no son pares [etiqueta, valor]"
    texts = [key for key in LABELS if key not in {"zonas", "columnas", "datos"}]
    if not all(isinstance(labels[key], str) for key in texts):
        return "textos que no son texto"
    return None


# words the acta writes in capitals (ATENCIÓN AL CIUDADANO) are emphasised, as the seed
_CAPITALS = re.compile(r"[A-ZÁÉÍÓÚÑ]{2,}(?:\s+[A-ZÁÉÍÓÚÑ]{2,})+")


def _emphasis(text: str, total: str) -> Any:
    """The text for Word with the total and the words in capitals in bold, as the seed acta
    prints them."""
    from docxtpl import RichText

    rich = RichText()
    marks = sorted([(m.start(), m.end()) for m in _CAPITALS.finditer(text)]
                   + [(m.start(), m.end()) for m in re.finditer(re.escape(total), text)])
    at = 0
    for start, end in marks:
        if start < at:
            continue
        rich.add(text[at:start])
        rich.add(text[start:end], bold=True)
        at = end
    rich.add(text[at:])
    return rich


def _observations(document: Any, row: ActivityRow) -> Any:
    """An activity's observations for Word, with each evidence on a line of its own under
    them, an http(s) reference as a link; in the table's 8 pt."""
    from docxtpl import RichText

    rich = RichText()
    rich.add(es_co.tie(row.observations), size=16)
    if row.evidence:
        rich.add(("\n" if row.observations else "") + "Evidencias:", size=16, bold=True)
    for item in row.evidence:
        rich.add(f"\n– {item.kind} ", size=16)
        if item.href is not None:
            rich.add(item.reference, size=16, url_id=document.build_url_id(item.href),
                     color="0563C1", underline=True)
        else:
            rich.add(item.reference, size=16)
        rich.add(item.details, size=16)
    return rich


def render_docx(ctx: DocumentContext, dirs: list[Path]) -> bytes:
    """The acta from the Word template, with document properties from the data."""
    from docx.opc.exceptions import PackageNotFoundError
    from docxtpl import DocxTemplate

    minutes = ctx.minutes
    rich = {"conclusions_rich": _emphasis(minutes.conclusions if minutes else "", ctx.total),
            "objective_rich": _emphasis(minutes.objective if minutes else "", ctx.total)}
    template = find_template("acta.docx", dirs)
    try:
        with guarded(str(template)):
            document = DocxTemplate(str(template))
            rich["observations"] = partial(_observations, document)
            document.render(variables(ctx) | rich,
                            jinja_env=get_env(dirs, autoescape=True), autoescape=True)
    except (PackageNotFoundError, zipfile.BadZipFile) as exc:
        raise TemplateError(f"no es un documento de Word (.docx) válido ({exc})",
                            path=str(template)) from None
    props = document.docx.core_properties
    stamp = dt.datetime.combine(ctx.document_date, dt.time(0, 0))
    minutes = ctx.minutes
    props.created = props.modified = stamp
    props.last_printed = stamp
    props.revision = 1
    props.author = props.last_modified_by = ctx.entity.office or ctx.entity.name
    props.title = (f"{ctx.draft_mark} · " if ctx.draft else "") + (
        f"Acta N° {minutes.data.number}" if minutes else "Acta de seguimiento")
    props.subject = f"Seguimiento {es_co.to_the(ctx.plan_title)}, corte {ctx.cutoff_text}"
    props.keywords = ctx.keywords
    props.comments = ("Cifras calculadas por pac; las palabras clave dan la huella sha256 de "
                      "los datos de que salen.")
    buffer = io.BytesIO()
    document.save(buffer)
    return normalize_zip(buffer.getvalue())


def render(run: FollowupRun, request: Request) -> tuple[bytes, DocumentContext]:
    """The document's bytes, and the context they were made from."""
    if not request.draft:
        refuse_draft(run)
    if request.format == "pdf" and request.document == "acta":
        from pac_cli.outputs.pdf import find_soffice, to_pdf

        soffice = find_soffice(request.soffice)  # before the work, to fail at once
        data, ctx = render(run, dataclasses.replace(request, format="docx"))
        return to_pdf(data, "docx", soffice, ctx.document_date), ctx
    if request.format == "pdf":
        from pac_cli.outputs.pdf import html_engine, html_to_pdf

        engine = request.html_engine or html_engine()  # before the work, to fail at once
        page, ctx = render(run, dataclasses.replace(request, format="html"))
        return html_to_pdf(page, engine, ctx.document_date), ctx
    ctx = prepare(run, request.document, draft=request.draft)
    dirs = override_dirs(run.project, request.templates)
    if request.format == "xlsx":  # the workbook's code writes the mark itself
        from pac_cli.outputs.workbook import render_xlsx

        return render_xlsx(ctx, xlsx_labels(ctx, dirs), *sentences(ctx, dirs)), ctx
    if request.format == "docx":
        data, name = render_docx(ctx, dirs), "acta.docx"
    else:
        name = f"{request.document}.{request.format}.j2"
        data = render_text(name, ctx, dirs)
    if ctx.draft and not _says(data, ctx.draft_mark):
        raise TemplateError(f"la plantilla no escribe «{ctx.draft_mark}» ({{{{ draft_mark }}}}) "
                            "y el documento es un borrador: nunca sale sin esa marca", path=name)
    return data, ctx


def _says(document: bytes, text: str) -> bool:
    """Whether a document (text, or a Word file's parts) shows `text`."""
    wanted = text.encode("utf-8")
    if not document.startswith(b"PK"):
        return wanted in document
    with zipfile.ZipFile(io.BytesIO(document)) as archive:
        return any(wanted in archive.read(part) for part in archive.namelist()
                   if part.startswith("word/") and part.endswith(".xml"))


def render_to_file(run: FollowupRun, request: Request) -> Path | None:
    """Render and write the document; None when it went to stdout."""
    to_stdout = request.output is not None and str(request.output) == "-"
    if request.output is not None and not to_stdout:  # before the work, not after it
        check_output(request.output, run.project.all_paths())
    if to_stdout and request.format in {"docx", "xlsx", "pdf"}:
        raise InvalidDataError(f"un .{request.format} no se puede escribir en la terminal; "
                               "indique un archivo con -o")
    data, ctx = render(run, request)
    if to_stdout:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return None
    path = request.output or Path(f"{request.document}-{ctx.cutoff.isoformat()}."
                                  f"{request.format}")
    atomic_write(path, data, run.project.all_paths())
    return path
