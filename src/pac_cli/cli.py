"""The `pac` command line: each command maps its options to one library call.

Heavy libraries (rich tables, Babel, holidays and later the document renderers) are
imported inside the commands that need them, so `pac validate` starts fast.
"""

import datetime as dt
import functools
import re
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

# first: it sets the language before typer reads its texts
from pac_cli.spanish import SpanishCommand, SpanishGroup  # isort: skip

import typer

from pac_cli import es_co
from pac_cli.errors import PacError

app = typer.Typer(
    cls=SpanishGroup,
    name="pac",
    help="Plan Anticorrupción y de Atención al Ciudadano como código: valida los planes y "
    "seguimientos en YAML, calcula el avance de cada corte y produce los documentos.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

F = TypeVar("F", bound=Callable[..., Any])


def handles_errors(command: F) -> F:
    """Turn the project's own errors into a one-line message on stderr and an exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except PacError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("interrumpido", err=True)
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


ProjectOption = Annotated[
    Path | None,
    typer.Option("--proyecto", "-C", metavar="CARPETA",
                 help="Carpeta del proyecto (la que tiene pac.yaml). Por omisión se busca "
                 "desde la carpeta actual hacia arriba.",
                 file_okay=False, show_default=False),
]


def _project(root: Path | None) -> Any:
    """The project named by --proyecto, or None to let the command find it."""
    from pac_cli.commands.validate import require_project
    from pac_cli.disk.project import Project

    if root is None:
        return None
    if not (root / "pac.yaml").is_file():
        return require_project(root)
    return Project(root.resolve())


def _parse_date(value: str) -> dt.date:
    if value.casefold() in {"ultimo", "último", "latest"}:
        from pac_cli.commands.followup_run import LATEST

        return LATEST
    return _parse_day(value)


_SLASHED = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def _parse_day(value: str) -> dt.date:
    """A date as the command line takes it: 2024-04-30, or as it is written here, 30/04/2024
    (day first; also with «-» or «.»)."""
    text = value.strip()
    slashed = _SLASHED.fullmatch(text)
    try:
        if slashed:
            return dt.date(int(slashed[3]), int(slashed[2]), int(slashed[1]))
        return dt.date.fromisoformat(text)
    except ValueError:
        what = "no es una fecha que exista" if slashed or re.fullmatch(
            r"\d{4}-\d\d-\d\d", text) else "no es una fecha"
        raise typer.BadParameter(f"«{value}» {what}: escríbala AAAA-MM-DD (2024-04-30) o "
                                 "DD/MM/AAAA (30/04/2024)") from None


CutoffOption = Annotated[dt.date, typer.Option(
    "--cutoff", "--corte", parser=_parse_date, metavar="AAAA-MM-DD",
    help="Fecha de corte del seguimiento, p. ej. 2024-04-30, o «ultimo» para el más reciente "
    "(para el acta, el más reciente que tenga acta).", show_default=False)]
OptionalCutoffOption = Annotated[dt.date | None, typer.Option(
    "--cutoff", "--corte", parser=_parse_date, metavar="AAAA-MM-DD",
    help="Fecha de corte del seguimiento, p. ej. 2024-04-30, o «ultimo» para el más reciente.",
    show_default=False)]
ComponentOption = Annotated[int | None, typer.Option(
    "--componente", metavar="N", help="Solo este componente (por omisión, todos los que "
    "reportan los seguimientos del corte).", show_default=False)]
FrameOption = Annotated[str | None, typer.Option(
    "--marco", metavar="ID", help="El marco del plan (paac, ptep…), si en el corte hay "
    "seguimientos de varios planes.", show_default=False)]


class ValidateFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


@app.command("validate", cls=SpanishCommand)
@handles_errors
def validate_command(
    # strings, made paths below: typer checks a list of paths one by one through pydantic,
    # which for a thousand plans cost more than reading them
    paths: Annotated[list[str] | None, typer.Argument(
        metavar="ARCHIVO",
        help="Planes y seguimientos a validar. Sin rutas: todos los del proyecto.",
        show_default=False)] = None,
    output: Annotated[ValidateFormat, typer.Option(
        "--format", "-f", help="text (archivo:línea:columna), json, o github (anotaciones "
        "de GitHub Actions).")] = ValidateFormat.text,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Las advertencias también hacen fallar la validación.")] = False,
    base: Annotated[str | None, typer.Option(
        "--base", metavar="REV", help="Además, control de cambios: todo compromiso de un plan "
        "cambiado desde esta revisión de git debe tener su entrada en control_de_cambios.",
        show_default=False)] = None,
    root: ProjectOption = None,
) -> None:
    """Valida planes y seguimientos: esquema, claves repetidas y vínculos entre archivos.

    Código de salida: 0 válido (con o sin advertencias), 1 inválido, 2 archivo ilegible.
    """
    from pac_cli.commands.validate import validate
    from pac_cli.models.problems import format_github, format_json, format_text

    project = _project(root)
    report = validate([Path(p) for p in paths or []], project)
    if base is not None:
        from pac_cli.commands.review import change_control
        from pac_cli.commands.validate import require_project

        report.problems = sorted(report.problems + change_control(
            project or require_project(), base))
    if output is ValidateFormat.json:
        typer.echo(format_json(report.problems, report.checked))
    elif output is ValidateFormat.github:
        for line in format_github(report.problems):
            typer.echo(line)
    else:
        for line in format_text(report.problems):
            typer.echo(line)
    n_err, n_warn, n_files = len(report.errors), len(report.warnings), len(report.checked)
    summary = (f"{n_files} archivo{'s' if n_files != 1 else ''} revisado"
               f"{'s' if n_files != 1 else ''}: {n_err} error{'es' if n_err != 1 else ''}, "
               f"{n_warn} advertencia{'s' if n_warn != 1 else ''}")
    typer.echo(summary, err=True)
    raise typer.Exit(report.exit_code(strict=strict))


class ReportFormat(StrEnum):
    """The formats of a report: pac followup, pac riesgos."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


def _show(output: ReportFormat, report: Any, *data: Any) -> None:
    """A report (`followup_report`, `risk_report`: each has to_json, to_csv, to_markdown and
    to_table) in the format asked; the CSV ends its own last line."""
    if output is ReportFormat.table:
        from rich.console import Console

        Console(highlight=False).print(report.to_table(*data))
        return
    render = {ReportFormat.json: report.to_json, ReportFormat.csv: report.to_csv,
              ReportFormat.markdown: report.to_markdown}[output]
    typer.echo(render(*data), nl=output is not ReportFormat.csv)


followup_app = typer.Typer(
    cls=SpanishGroup,
    help="Calcula el % de avance de cada actividad, el total de cada componente y el "
    "consolidado del plan en un corte. «pac followup new» empieza el seguimiento del corte "
    "siguiente.")
app.add_typer(followup_app, name="followup")


@followup_app.callback(invoke_without_command=True)
@handles_errors
def followup_command(
    ctx: typer.Context,
    cutoff: OptionalCutoffOption = None,
    component: ComponentOption = None,
    frame: FrameOption = None,
    output: Annotated[ReportFormat, typer.Option(
        "--format", "-f", help="table, json, csv o markdown.")] = ReportFormat.table,
    root: ProjectOption = None,
) -> None:
    """Calcula el % de avance de cada actividad, el total de cada componente y el
    consolidado del plan en un corte."""
    if ctx.invoked_subcommand is not None:
        return
    if cutoff is None:
        from typer._click.exceptions import MissingParameter

        raise MissingParameter(ctx=ctx, param_hint="'--cutoff' / '--corte'", param_type="option")
    from pac_cli.commands.followup_run import run_followup
    from pac_cli.commands.validate import require_project
    from pac_cli.models.problems import format_text
    from pac_cli.outputs import followup_report as report

    run = run_followup(_project(root) or require_project(), cutoff, component, frame)
    for line in format_text(run.warnings):
        typer.echo(line, err=True)
    _show(output, report, run)


@followup_app.command("new", cls=SpanishCommand)
@handles_errors
def followup_new_command(
    cutoff: Annotated[dt.date, typer.Option(
        "--cutoff", "--corte", parser=_parse_day, metavar="AAAA-MM-DD",
        help="Corte del seguimiento nuevo, p. ej. 2024-08-31.", show_default=False)],
    frame: FrameOption = None,
    root: ProjectOption = None,
) -> None:
    """Empieza el seguimiento de un corte desde el anterior de la vigencia: las mismas
    actividades con sus logros, evidencias y observaciones, marcadas «por_actualizar», y el
    acta o informe por llenar. Nunca sobrescribe un archivo."""
    from pac_cli.commands.next_followup import write_new_followups
    from pac_cli.commands.validate import require_project
    from pac_cli.models.problems import display_path

    written = write_new_followups(_project(root) or require_project(), cutoff, frame)
    for item in written:
        origin = f" (desde {item.source})" if item.source else " (primero de la vigencia)"
        typer.echo(f"escrito {display_path(item.path)}{origin}", err=True)
    if written and written[0].note:
        typer.echo(f"nota: {written[0].note}", err=True)


class DiffFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


@app.command("diff", cls=SpanishCommand)
@handles_errors
def diff_command(
    paths: Annotated[list[Path] | None, typer.Argument(
        metavar="[ANTERIOR NUEVO]", help="Dos planes a comparar.", show_default=False)] = None,
    base: Annotated[str | None, typer.Option(
        "--base", metavar="REV", help="Compara cada plan y seguimiento cambiado desde esta "
        "revisión de git con su versión en ella.", show_default=False)] = None,
    output: Annotated[DiffFormat, typer.Option(
        "--format", "-f", help="text, markdown (para un comentario de pull request) o "
        "json.")] = DiffFormat.text,
    root: ProjectOption = None,
) -> None:
    """Muestra qué cambió en los compromisos de un plan y cómo mueve las cifras."""
    from pac_cli.commands.review import diff_files, diff_since
    from pac_cli.commands.validate import require_project
    from pac_cli.disk.project import find_project
    from pac_cli.outputs import diff_report as diffreport

    files = list(paths or [])
    if base is not None:
        if files:
            raise typer.BadParameter("use --base o dos archivos, no ambos",
                                     param_hint="'--base'")
        diffs = diff_since(_project(root) or require_project(), base)
    elif len(files) == 2:
        diffs = [diff_files(files[0], files[1], _project(root) or find_project(files[1]))]
    else:
        raise typer.BadParameter("indique dos planes (ANTERIOR NUEVO) o --base REV",
                                 param_hint="'ANTERIOR NUEVO'")
    render = {DiffFormat.text: diffreport.to_text, DiffFormat.markdown: diffreport.to_markdown,
              DiffFormat.json: diffreport.to_json}[output]
    typer.echo(render(diffs))


new_app = typer.Typer(cls=SpanishGroup, help="Crea archivos nuevos a partir de los existentes.",
                      no_args_is_help=True)
app.add_typer(new_app, name="new")


@new_app.command("plan", cls=SpanishCommand)
@handles_errors
def new_plan_command(
    year: Annotated[int, typer.Option(
        "--vigencia", metavar="AÑO", help="Vigencia del plan nuevo.", show_default=False,
        min=1990, max=2100)],
    source: Annotated[Path | None, typer.Option(
        "--from", "--desde", metavar="PLAN",
        help="Plan del que se copian actividades, metas y responsables (sin él, el esqueleto "
        "del marco: cada componente con una actividad de ejemplo).", show_default=False)] = None,
    frame: Annotated[str | None, typer.Option(
        "--marco", metavar="ID", help="Marco del plan nuevo (ptep, paac u otro de pac.yaml); "
        "por omisión el del plan de origen, o ptep desde 2025.", show_default=False)] = None,
    last_year: Annotated[int | None, typer.Option(
        "--hasta", metavar="AÑO", help="Última vigencia de un programa de varias (p. ej. "
        "--vigencia 2025 --hasta 2028).", show_default=False, min=1990, max=2100)] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="ARCHIVO",
        help="Dónde escribirlo (por omisión plans/AÑO.yaml, o plans/AÑO-HASTA.yaml para un "
        "programa, del proyecto o junto al plan de origen).", show_default=False)] = None,
    root: ProjectOption = None,
) -> None:
    """Empieza el plan de una vigencia (o el programa de varias): desde el de otra
    (conservando comentarios y orden) o, sin --desde, desde el esqueleto de su marco."""
    from pac_cli.commands.new_plan import write_new_plan
    from pac_cli.commands.validate import require_project

    project = _project(root)
    if source is None:  # the skeleton goes to the project's plans/
        project = project or require_project()
    if last_year is not None and last_year <= year:
        raise typer.BadParameter(f"debe ser posterior a --vigencia ({year})",
                                 param_hint="'--hasta'")
    target, notes = write_new_plan(source, year, output, frame, project, last_year)
    typer.echo(f"escrito {target}", err=True)
    for note in notes:
        typer.echo(f"aviso: {note}", err=True)


@app.command("init", cls=SpanishCommand)
@handles_errors
def init_command(
    folder: Annotated[str | None, typer.Argument(
        metavar="CARPETA", help="Dónde crear el proyecto (por omisión, la carpeta actual).",
        show_default=False)] = None,
    entity: Annotated[str | None, typer.Option(
        "--entidad", metavar="NOMBRE", help="Nombre de la entidad (si falta, uno para "
        "completar).", show_default=False)] = None,
    nit: Annotated[str | None, typer.Option(
        "--nit", metavar="NIT", help="NIT de la entidad, p. ej. 800113389-7.",
        show_default=False)] = None,
    city: Annotated[str | None, typer.Option(
        "--ciudad", metavar="CIUDAD", help="Ciudad de la entidad.", show_default=False)] = None,
    year: Annotated[int | None, typer.Option(
        "--vigencia", metavar="AÑO", help="Vigencia del primer plan (por omisión, la de hoy).",
        show_default=False, min=1990, max=2100)] = None,
    frame: Annotated[str | None, typer.Option(
        "--marco", metavar="ID", help="Marco del primer plan: ptep (por omisión desde 2025) o "
        "paac.", show_default=False)] = None,
    source: Annotated[str | None, typer.Option(
        "--instalar", metavar="REQUISITO", help="De dónde instalan pac los workflows, p. ej. "
        "«pac-cli @ git+https://…/pac@v1.2.0» (por omisión, esta misma versión de pac).",
        show_default=False)] = None,
) -> None:
    """Crea el proyecto de una entidad: pac.yaml, el primer plan de su marco con una
    actividad de ejemplo por componente, followups/, los esquemas para el editor, los
    workflows de revisión y del sitio (que instalan esta versión de pac, con sus dependencias
    fijas) y el gancho de pre-commit. Nunca reemplaza un archivo."""
    from pac_cli.commands.init_project import init_project
    from pac_cli.models.problems import display_path

    started = init_project(Path(folder or "."), entity=entity, nit=nit, city=city, year=year,
                           frame_id=frame, source=source)
    for path in started.files:
        typer.echo(f"escrito {display_path(path)}", err=True)
    if started.warning:
        typer.echo(f"aviso: {started.warning}", err=True)
    typer.echo(f"Proyecto listo: plan {started.year} con el marco «{started.frame}». Complete "
               "pac.yaml y el plan, y corra «pac validate».")


class SchemaKind(StrEnum):
    plan = "plan"
    followup = "followup"
    seguimiento = "seguimiento"
    proyecto = "proyecto"
    riesgos = "riesgos"


@app.command("schema", cls=SpanishCommand)
@handles_errors
def schema_command(
    kind: Annotated[SchemaKind, typer.Argument(
        metavar="TIPO", help="plan, followup (o seguimiento), proyecto o riesgos.")],
) -> None:
    """Imprime el JSON Schema (draft 2020-12) de un tipo de archivo, para editores y CI."""
    from pac_cli.models.json_schema import schema_json

    name = "seguimiento" if kind is SchemaKind.followup else kind.value
    typer.echo(schema_json(name), nl=False)


class DocumentKind(StrEnum):
    acta = "acta"
    informe = "informe"


@app.command("render", cls=SpanishCommand)
@handles_errors
def render_command(
    document: Annotated[DocumentKind, typer.Argument(
        metavar="DOCUMENTO", help="acta (acta de seguimiento) o informe (informe publicado).")],
    cutoff: CutoffOption,
    output_format: Annotated[str | None, typer.Option(
        "--format", "-f", metavar="FORMATO",
        help="acta: docx, md, html o pdf (con LibreOffice); informe: xlsx, html, md o pdf "
        "(con WeasyPrint, o si falta, con Chromium, Chrome o Edge). Por omisión, el que dice "
        "el nombre de -o (informe.html), o docx para el acta y xlsx para el informe.",
        show_default=False)] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="ARCHIVO",
        help="Dónde escribir (por omisión DOCUMENTO-CORTE.FORMATO en la carpeta actual; «-» "
        "para la terminal, solo md y html).", show_default=False)] = None,
    templates: Annotated[Path | None, typer.Option(
        "--templates", "--plantillas", metavar="CARPETA",
        help="Carpeta con plantillas propias, que ganan a las del proyecto (templates/) y a "
        "las de pac.", show_default=False)] = None,
    component: ComponentOption = None,
    frame: FrameOption = None,
    soffice: Annotated[Path | None, typer.Option(
        "--soffice", metavar="RUTA", help="El programa soffice de LibreOffice, para el PDF "
        "del acta (por omisión, el del PATH o el de la instalación normal en Windows y "
        "macOS).", show_default=False)] = None,
    draft: Annotated[bool, typer.Option(
        "--borrador", help="Produce el documento aunque el seguimiento sea un borrador "
        "(actividades «por_actualizar», sin acta ni informe), marcado «BORRADOR — no "
        "publicar» en cada página, en el título y en sus propiedades.")] = False,
    root: ProjectOption = None,
) -> None:
    """Produce el acta de seguimiento o el informe publicado de un corte. Un seguimiento
    en borrador no se publica como definitivo: se rechaza, o sale marcado con --borrador."""
    from pac_cli.commands.followup_run import run_followup
    from pac_cli.commands.validate import require_project
    from pac_cli.disk.atomic import output_format as format_for
    from pac_cli.outputs.render import FORMATS, Request, render_to_file

    chosen = format_for(output_format, output, FORMATS[document.value])
    run = run_followup(_project(root) or require_project(), cutoff, component, frame,
                       document.value, history=document is DocumentKind.informe)
    engine = None
    if chosen == "pdf" and document is DocumentKind.informe:
        from pac_cli.outputs.pdf import html_engine

        engine = html_engine()  # before the work, to fail at once
    written = render_to_file(run, Request(document.value, chosen, output, templates, soffice,
                                          draft, engine))
    if written is not None:
        typer.echo(f"escrito {written}", err=True)
    if engine is not None and engine.program is not None:
        typer.echo(f"(PDF impreso con {engine.program}: WeasyPrint no se pudo cargar aquí)",
                   err=True)


class StatusFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


@app.command("status", cls=SpanishCommand)
@handles_errors
def status_command(
    year: Annotated[int, typer.Argument(metavar="VIGENCIA", help="Año de la vigencia.",
                                        min=1990, max=2100)],
    frame: FrameOption = None,
    output: Annotated[StatusFormat, typer.Option(
        "--format", "-f", help="table, json o markdown.")] = StatusFormat.table,
    root: ProjectOption = None,
) -> None:
    """Muestra el % de cada actividad en cada corte de la vigencia, lado a lado, y la
    tendencia del total de cada componente y del consolidado."""
    from pac_cli.commands.followup_run import trends
    from pac_cli.commands.validate import require_project
    from pac_cli.outputs import followup_report as report

    found = trends(_project(root) or require_project(), year, frame)
    if output is StatusFormat.json:
        typer.echo(report.status_json(found))
    elif output is StatusFormat.markdown:
        typer.echo(report.status_markdown(found))
    else:
        from rich.console import Console

        Console(highlight=False).print(report.status_table(found))


@app.command("riesgos", cls=SpanishCommand)
@handles_errors
def risks_command(
    year: Annotated[int | None, typer.Argument(
        metavar="VIGENCIA", help="Año del mapa (por omisión, el más reciente de riesgos/).",
        min=1990, max=2100, show_default=False)] = None,
    cutoff: Annotated[dt.date | None, typer.Option(
        "--cutoff", "--corte", parser=_parse_date, metavar="AAAA-MM-DD",
        help="Con el seguimiento del mapa en ese corte (o «ultimo»): controles ejecutados, "
        "avance de las acciones, nivel de cumplimiento y riesgos materializados.",
        show_default=False)] = None,
    output: Annotated[ReportFormat, typer.Option(
        "--format", "-f", help="table, json, csv o markdown.")] = ReportFormat.table,
    root: ProjectOption = None,
) -> None:
    """Muestra el mapa de riesgos de una vigencia con lo que pac calcula por su método: la
    probabilidad, el impacto y la zona inherentes y residuales de cada riesgo, los mapas de
    calor con sus conteos y el resumen por proceso; con --corte, su seguimiento en ese
    corte."""
    from pac_cli.commands.risk_cutoff import risk_cutoff
    from pac_cli.commands.risk_run import run_risks
    from pac_cli.commands.validate import require_project
    from pac_cli.outputs import risk_report as report

    project = _project(root) or require_project()
    follow = None
    if cutoff is not None:
        found = risk_cutoff(project, cutoff, year)
        run, follow = found.run, found.result
    else:
        run = run_risks(project, year)
    _show(output, report, run, follow)


class CalendarFormat(StrEnum):
    table = "table"
    json = "json"
    ics = "ics"


@app.command("site", cls=SpanishCommand)
@handles_errors
def site_command(
    output: Annotated[Path, typer.Option(
        "--output", "-o", metavar="CARPETA", help="Dónde escribir el sitio: una carpeta nueva, "
        "vacía o de un sitio anterior de pac (nada se escribe fuera de ella).",
        show_default=False)],
    today: Annotated[dt.date | None, typer.Option(
        "--hoy", parser=_parse_day, metavar="AAAA-MM-DD",
        help="El día de los estados del calendario y del próximo vencimiento (por omisión, "
        "hoy).", show_default=False)] = None,
    soffice: Annotated[Path | None, typer.Option(
        "--soffice", metavar="RUTA", help="El soffice de LibreOffice, para el PDF de las "
        "actas (por omisión, el del PATH; sin él, las actas van en .docx).",
        show_default=False)] = None,
    root: ProjectOption = None,
) -> None:
    """Construye la sección de transparencia de la entidad: un sitio estático y accesible
    con cada plan, cada seguimiento publicado (con sus documentos y sus datos abiertos), el
    calendario y el diccionario de datos. Los borradores y lo que tiene errores quedan
    fuera, y se dice."""
    from pac_cli.commands.validate import require_project
    from pac_cli.disk.atomic import check_tree, write_tree
    from pac_cli.outputs.site import build_site

    project = _project(root) or require_project()
    check_tree(output)  # a folder that cannot take the site is said before the work
    files, notes = build_site(project, today or es_co.today(), soffice)
    write_tree(output, files, project.all_paths())
    for note in notes:
        typer.echo(f"nota: {note}", err=True)
    typer.echo(f"escrito {output} ({len(files)} archivos)", err=True)


@app.command("calendar", cls=SpanishCommand)
@handles_errors
def calendar_command(
    year: Annotated[int | None, typer.Argument(
        metavar="[VIGENCIA]", help="Año de la vigencia. Sin él: la de hoy y lo que vence "
        "primero (también el corte de diciembre del año anterior mientras no venza).",
        show_default=False, min=1990, max=2100)] = None,
    today: Annotated[dt.date | None, typer.Option(
        "--hoy", parser=_parse_day, metavar="AAAA-MM-DD",
        help="El día desde el que se mira (por omisión, hoy).", show_default=False)] = None,
    output_format: Annotated[CalendarFormat | None, typer.Option(
        "--format", "-f", help="table, json o ics (iCalendar, para importar en un "
        "calendario). Por omisión, table en la terminal; con -o, el que dice el nombre.",
        show_default=False)] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="ARCHIVO", help="Dónde escribir el calendario, .ics o "
        ".json (por omisión, la terminal).", show_default=False)] = None,
    frame: FrameOption = None,
    root: ProjectOption = None,
) -> None:
    """Muestra los cortes de una vigencia, el plazo legal para publicar cada seguimiento y
    si está presentado, a tiempo, tarde o faltante."""
    from pac_cli.commands.cutoff_calendar import calendar
    from pac_cli.commands.validate import require_project
    from pac_cli.disk.atomic import atomic_write
    from pac_cli.disk.atomic import output_format as format_for
    from pac_cli.outputs import calendar_report as calreport

    chosen = output_format.value if output_format is not None else None
    to_file = output is not None and str(output) != "-"
    # a file holds the calendar as data (ics or json), never the terminal's table
    fmt = format_for(chosen, output, ("ics", "json")) if to_file else (chosen or "table")
    project = _project(root) or require_project()
    result = calendar(project, year, today or es_co.today(), frame)
    if fmt in ("ics", "json"):
        data = calreport.to_ics(result) if fmt == "ics" else \
            (calreport.to_json(result) + "\n").encode("utf-8")
        if output is None or not to_file:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        else:
            atomic_write(output, data, project.all_paths())
            typer.echo(f"escrito {output}", err=True)
    else:
        from rich.console import Console

        Console(highlight=False).print(calreport.to_table(result))


@app.command("import", cls=SpanishCommand)
@handles_errors
def import_command(
    source: Annotated[Path, typer.Argument(
        metavar="MATRIZ", help="La matriz: .xlsx, .ods o .csv («;» o «,», UTF-8 o "
        "Windows-1252).", show_default=False)],
    followup: Annotated[bool, typer.Option(
        "--followup", "--seguimiento", help="Es una matriz de seguimiento (como la tabla del "
        "acta), no un plan.")] = False,
    cutoff: Annotated[dt.date | None, typer.Option(
        "--cutoff", "--corte", parser=_parse_day, metavar="AAAA-MM-DD",
        help="Corte del seguimiento (con --followup).", show_default=False)] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="ARCHIVO", help="Dónde escribir el YAML (por omisión "
        "plans/VIGENCIA.yaml o followups/CORTE.yaml del proyecto). Nunca sobrescribe.",
        show_default=False)] = None,
    year: Annotated[int | None, typer.Option(
        "--vigencia", metavar="AÑO", help="La vigencia, si la matriz no la dice.",
        min=1990, max=2100, show_default=False)] = None,
    component: ComponentOption = None,
    frame: FrameOption = None,
    sheet: Annotated[str | None, typer.Option(
        "--sheet", "--hoja", metavar="NOMBRE", help="La hoja (por omisión, la primera).",
        show_default=False)] = None,
    entity: Annotated[str | None, typer.Option(
        "--entidad", metavar="NOMBRE", help="La entidad, para la nota de origen del plan.",
        show_default=False)] = None,
    ignore: Annotated[list[str] | None, typer.Option(
        "--ignorar", metavar="COLUMNA", help="Una columna con datos que pac no importa (su "
        "letra o su encabezado), para seguir sin ella; se puede repetir. Sin esto, una "
        "columna así detiene la importación.", show_default=False)] = None,
    root: ProjectOption = None,
) -> None:
    """Convierte la matriz de un plan (o, con --followup, la de un seguimiento) en el YAML
    que guarda pac, o dice con su celda lo que no pudo leer."""
    from pac_cli.commands.import_matrix import import_followup, import_plan
    from pac_cli.commands.validate import require_project
    from pac_cli.disk.project import find_project
    from pac_cli.models.problems import display_path

    if followup:
        if cutoff is None:
            raise typer.BadParameter("una matriz de seguimiento necesita su corte",
                                     param_hint="'--cutoff'")
        done = import_followup(source, _project(root) or require_project(), cutoff,
                               output=output, component=component, frame=frame, sheet=sheet,
                               ignore=tuple(ignore or ()))
    else:
        done = import_plan(source, _project(root) or find_project(), output=output, year=year,
                           component=component, frame=frame, sheet=sheet, entity=entity,
                           ignore=tuple(ignore or ()))
    for finding in done.findings:
        typer.echo(f"{display_path(source)}:{finding.ref}: advertencia: {finding.message}",
                   err=True)
    typer.echo(f"escrito {display_path(done.path)}", err=True)


class ExportFormat(StrEnum):
    xlsx = "xlsx"
    csv = "csv"
    ods = "ods"


@app.command("export", cls=SpanishCommand)
@handles_errors
def export_command(
    plan_path: Annotated[Path | None, typer.Argument(
        metavar="[PLAN]", help="El plan a exportar como matriz, o un mapa de riesgos "
        "(riesgos/AAAA.yaml), que sale con las columnas de la plantilla v5.",
        show_default=False)] = None,
    cutoff: Annotated[dt.date | None, typer.Option(
        "--cutoff", "--corte", parser=_parse_date, metavar="AAAA-MM-DD",
        help="En lugar de un plan: la matriz de seguimiento de ese corte (todos sus "
        "componentes).", show_default=False)] = None,
    output_format: Annotated[ExportFormat | None, typer.Option(
        "--format", "-f", help="xlsx, csv u ods (por omisión, el de -o, o xlsx).",
        show_default=False)] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="ARCHIVO", help="Dónde escribir («-» para la terminal, solo "
        "csv).", show_default=False)] = None,
    delimiter: Annotated[str, typer.Option(
        "--separador", metavar="«;» o «,»", help="Separador del CSV.")] = ";",
    encoding: Annotated[str, typer.Option(
        "--codificacion", metavar="utf-8|windows-1252", help="Codificación del CSV (utf-8 "
        "con BOM, como lo abre Excel, o windows-1252).")] = "utf-8",
    frame: FrameOption = None,
    root: ProjectOption = None,
) -> None:
    """Escribe un plan, el seguimiento de un corte o un mapa de riesgos como la matriz de
    hoja de cálculo que se usa hoy; «pac import» la vuelve a leer."""
    from pac_cli.outputs.export import export

    if (plan_path is None) == (cutoff is None):
        raise typer.BadParameter("indique un plan o --corte, uno de los dos",
                                 param_hint="'PLAN'")
    if delimiter not in {";", ","}:
        raise typer.BadParameter("el separador es «;» o «,»", param_hint="'--separador'")
    if encoding.lower() not in {"utf-8", "windows-1252", "cp1252"}:
        raise typer.BadParameter("use utf-8 o windows-1252", param_hint="'--codificacion'")
    written = export(plan_path, cutoff, output_format.value if output_format else None, output,
                     delimiter, encoding.lower(), frame, _project(root))
    if written is not None:
        typer.echo(f"escrito {written}", err=True)


def _version(value: bool) -> None:
    if value:
        from pac_cli.commands.init_project import pac_version

        typer.echo(f"pac {pac_version()}")
        raise typer.Exit()


@app.callback()
def root_callback(
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Muestra la versión y sale.")] = False,
) -> None:
    """Plan Anticorrupción y de Atención al Ciudadano como código."""


_PATH = r"(?:Directory|File|Path|dir|file|path) '(.*)' "
# typer converts values with pydantic: its messages, in Spanish
_COERCION = [
    (r"Input should be a valid integer.*", "debe ser un número entero"),
    (r"Input should be a valid number.*", "debe ser un número"),
    (r"Input should be a valid date.*", "debe ser una fecha AAAA-MM-DD"),
    (r"Input should be greater than or equal to (\S+)", r"debe ser mayor o igual que \1"),
    (r"Input should be less than or equal to (\S+)", r"debe ser menor o igual que \1"),
    (r"Input should be greater than (\S+)", r"debe ser mayor que \1"),
    (r"Input should be less than (\S+)", r"debe ser menor que \1"),
    (r"Input should be (.*)", r"debe ser \1"),
    # click's checks of paths
    (_PATH + r"is a file\.", r"«\1» es un archivo, no una carpeta"),
    (_PATH + r"is a directory\.", r"«\1» es una carpeta, no un archivo"),
    (_PATH + r"does not exist\.", r"«\1» no existe"),
    (_PATH + r"is not readable\.", r"«\1» no se puede leer"),
    (_PATH + r"is not writable\.", r"«\1» no se puede escribir"),
]


def _coercion_message(message: str) -> str:
    for english, spanish in _COERCION:
        if re.fullmatch(english, message):
            return re.sub(english, spanish, message)
    return message


def usage_message(exc: Exception) -> str:
    """A command-line usage error (click's, in English) as one Spanish line."""
    from typer._click import exceptions as click_errors

    if isinstance(exc, click_errors.NoSuchOption):
        near = f" (¿quiso decir {', '.join(sorted(exc.possibilities))}?)" \
            if exc.possibilities else ""
        return f"opción desconocida: {exc.option_name}{near}"
    if isinstance(exc, click_errors.BadParameter):
        if exc.param is not None:
            hint = exc.param.get_error_hint()
        else:
            hint = str(exc.param_hint) if exc.param_hint else "un parámetro"
        if isinstance(exc, click_errors.MissingParameter):
            return f"falta {hint}"
        message = re.sub(r"^Value error, ", "", exc.message)
        choice = re.fullmatch(r"'(.*)' is not one of (.*)\.", message)
        if choice:
            message = f"«{choice[1]}» no es uno de: {choice[2].replace(chr(39), '')}"
        return f"valor no válido para {hint}: {_coercion_message(message)}"
    message = getattr(exc, "message", str(exc))
    command = re.fullmatch(r"No existe el comando '(.*)'\.(?: Did you mean (.*)\?)?", message)
    if command:
        near = f" (¿quiso decir {command[2].replace(chr(39), '')}?)" if command[2] else ""
        return f"comando desconocido «{command[1]}»{near}"
    extra = re.fullmatch(r"Got unexpected extra argument\(s\) \((.*)\)", message)
    if extra:
        return f"sobran argumentos: {extra[1]}"
    for english, spanish in _USAGE:
        found = re.fullmatch(english, message)
        if found:
            return spanish.format(*found.groups())
    return str(message)


_USAGE = [
    (r"Option '(.*)' requires an argument\.", "a la opción {0} le falta su valor"),
    (r"Option '(.*)' requires (\d+) arguments\.", "a la opción {0} le faltan sus {1} valores"),
    (r"Option '(.*)' does not take a value\.", "la opción {0} no lleva valor"),
    (r"Argument '(.*)' takes (\d+) values\.", "el argumento {0} lleva {1} valores"),
]
"""click's usage messages that are not in typer's catalog, in Spanish."""


def _project_first(args: list[str]) -> list[str]:
    """`pac -C carpeta render …` as `pac render … -C carpeta`: the project given before the
    command, as `git -C` takes it, goes to the command (a command without -C says so)."""
    if not args or not (args[0] in {"-C", "--proyecto"} or args[0].startswith("--proyecto=")):
        return args
    taken = 1 if "=" in args[0] else 2
    option, rest = args[:taken], args[taken:]
    import typer.main

    command: Any = typer.main.get_command(app)
    depth = 0
    while depth < len(rest) and rest[depth] in getattr(command, "commands", {}):
        command = command.commands[rest[depth]]
        depth += 1
    return [*rest[:depth], *option, *rest[depth:]]


def main() -> None:
    """Console-script entry point: runs the app, with usage errors in Spanish."""
    from typer._click.exceptions import NoArgsIsHelpError, UsageError

    try:
        code = app(args=_project_first(sys.argv[1:]), standalone_mode=False, prog_name="pac")
    except NoArgsIsHelpError as exc:  # `pac` alone: the help, as git and pip do
        typer.echo(exc.ctx.get_help() if exc.ctx is not None else "", err=True)
        sys.exit(2)
    except UsageError as exc:
        # an option's own error (a missing value) comes without its command: the words the
        # user typed before the options say which
        typed = [word for word in sys.argv[1:3] if not word.startswith("-")]
        path = exc.ctx.command_path if exc.ctx is not None else " ".join(["pac", *typed[:1]])
        typer.echo(f"error: {usage_message(exc)} (vea «{path} --help»)", err=True)
        sys.exit(2)
    except typer.Abort:
        typer.echo("interrumpido", err=True)
        sys.exit(130)
    except BrokenPipeError:  # `pac followup | head`
        sys.stderr.close()
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
