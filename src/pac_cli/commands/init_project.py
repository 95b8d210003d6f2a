"""`pac init`: a new entity's repository in one command, and the skeleton of a plan.

The repository: `pac.yaml` (the entity, its NIT, its acta's format), `plans/` with a first
plan of the chosen frame (each of its components with one example activity), `followups/`,
the JSON Schemas the editor's modelines point at (`schema/`), the review workflow, the
workflow that publishes the transparency section and a pre-commit configuration. Every
file is written new, all or none: nothing is replaced. What it writes passes `pac
validate`; the words to replace say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pac_cli import es_co
from pac_cli.disk.atomic import write_all_new
from pac_cli.disk.project import CONFIG_NAME, FOLLOWUPS_DIR, PLANS_DIR
from pac_cli.errors import AlreadyExistsError, InvalidDataError, NotFoundError
from pac_cli.models.frame import Frame
from pac_cli.models.frame_catalog import catalog
from pac_cli.models.problems import display_path
from pac_cli.models.project_config import MINUTES_SECTIONS

PTEP_FROM = 2025
"""The first vigencia a new plan is a PTEP by default (Decreto 1122 de 2024)."""


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar of any text."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def default_frame(year: int) -> str:
    return "ptep" if year >= PTEP_FROM else "paac"


def plan_skeleton(frame: Frame, year: int, *, schema: str | None = "../schema",
                  last_year: int | None = None) -> str:
    """A plan of `frame` for `year` (or a programme to `last_year`): each component of the
    frame with one subcomponent and one example activity to replace, valid as it is."""
    span = f"{year}–{last_year}" if last_year is not None else str(year)
    lines = []
    if schema is not None:
        lines += [f"# yaml-language-server: $schema={schema}/plan.schema.json", "#"]
    lines += [
        f"# {frame.name} {span}: empezado con «pac init» o «pac new plan». Cada componente",
        "# trae una actividad de ejemplo: reemplácela por las del plan aprobado (o bórrela y",
        "# agregue las suyas), con su meta, su indicador, su responsable y su fecha.",
        *(["# En un programa de varias vigencias, «meta_anual» es la misma cada año; «metas»",
           "# da una por vigencia (p. ej. metas: {2025: 1, 2026: 2})."] if last_year else []),
        f"vigencia: {year}",
        *([f"vigencia_hasta: {last_year}"] if last_year is not None else []),
        f"marco: {frame.id}",
        f"titulo: {_quoted(f'{frame.name} {span}')}",
        "componentes:",
    ]
    for component in frame.components:
        n = component.number
        example = _quoted(f"Actividad de ejemplo del componente {n}: reemplácela")
        lines += [
            f"  - numero: {n}",
            f"    nombre: {_quoted(component.name)}",
            "    subcomponentes:",
            "      - numero: 1",
            f"        nombre: {_quoted(component.short_name)}",
            "        actividades:",
            '          - id: "1.1"',
            f"            actividad: {example}",
            "            meta_producto: Producto esperado de la actividad",
            "            meta_anual: 1",
            "            indicador: Número de productos entregados",
            "            responsable: Dependencia responsable",
            f"            fecha_programada: Vigencia {span}",
        ]
    return "\n".join(lines) + "\n"


def config_text(entity: str, nit: str, city: str | None) -> str:
    """The project's `pac.yaml`: the entity and its acta's document control, to complete;
    every optional key of the format as a commented line."""
    lines = [
        "# yaml-language-server: $schema=schema/proyecto.schema.json",
        "# Configuración del proyecto de pac: la entidad y el control documental de su formato de",
        "# acta. Complete lo que diga «(complete)» con el formato controlado de la entidad.",
        "entidad:",
        f"  nombre: {_quoted(entity)}",
        f"  nit: {_quoted(nit)}",
        *([f"  ciudad: {_quoted(city)}"] if city else []),
        "  dependencia_seguimiento: Oficina de Control Interno",
        "formato_acta:",
        "  # letra por letra como lo imprime el formato controlado del acta de reunión: mientras",
        "  # un valor diga «(complete)» o falte la fecha, el acta sale como borrador",
        '  proceso: "Proceso dueño del formato (complete)"',
        '  codigo: "Código del formato (complete)"',
        "  formato: ACTA DE REUNIÓN",
        '  version: "01"',
        "  # fecha: AAAA-MM-DD       # la del formato controlado (anterior a las actas)",
        "  # entidad: …              # la entidad como la escribe el formato, si difiere",
        "  # nota_pie: …             # nota al pie sobre las copias controladas",
        "  # firma_escrita: false    # true: el acta escribe el nombre sobre la línea de firma",
        "  # secciones: [" + ", ".join(MINUTES_SECTIONS) + "]",
        "  #                         # las que el formato pide llenas (por omisión, estas)",
        "# Marcos propios de la entidad (p. ej. su plan de acción de atención al ciudadano):",
        "# marcos:",
        "#   - id: plan-accion-atencion",
        "#     nombre: Plan de Acción institucional – atención al ciudadano",
        "#     norma: Función Pública, Concepto 654781 de 2024.",
        "#     componentes:",
        "#       - {numero: 1, nombre: Servicio al ciudadano, nombre_corto: Servicio al ciudadano}",
    ]
    return "\n".join(lines) + "\n"


WORKFLOW = """\
# Revisión de cada cambio a los planes y seguimientos (creado por «pac init»): valida con
# anotaciones en las líneas, pone las diferencias del plan en el resumen del trabajo y deja
# una vista previa de los documentos del último corte, marcada borrador.
name: Planes

on:
  pull_request:
    paths: ["plans/**", "followups/**", "templates/**", "pac.yaml", ".github/workflows/plans.yml"]

permissions:
  contents: read

jobs:
  revisar:
    runs-on: ubuntu-latest
    env:
      BASE: ${{{{ github.event.pull_request.base.sha }}}}
      # de dónde se instala pac: la versión que creó este proyecto, fija; para cambiarla,
      # cambie esta línea y la de sitio.yml (y rehaga .github/pac-restricciones.txt)
      PAC: "{package}"
    steps:
      - uses: actions/checkout@v5
        with:
          fetch-depth: 0
      - uses: actions/setup-python@v6
        with:
          python-version: "3.11"
      - name: Instalar pac
        run: {install}
      - name: Validar planes y seguimientos (con control de cambios)
        run: pac validate --format github --base "$BASE"
      - name: Cambios al plan en el resumen del trabajo
        if: ${{{{ !cancelled() }}}}
        run: pac diff --base "$BASE" --format markdown >> "$GITHUB_STEP_SUMMARY"
      - name: Vista previa del acta y el informe del último corte
        if: ${{{{ hashFiles('followups/*.yaml') != '' }}}}
        run: |
          mkdir -p documentos
          pac render informe --corte ultimo --borrador --format html -o documentos/informe.html
          pac render informe --corte ultimo --borrador --format xlsx -o documentos/informe.xlsx
      - uses: actions/upload-artifact@v6
        if: ${{{{ hashFiles('followups/*.yaml') != '' }}}}
        with:
          name: vista-previa
          path: documentos/
"""

SITE_WORKFLOW = """\
# La sección de transparencia (el workflow que escribe «pac init»): en cada cambio a main, pac
# construye el sitio de los planes y seguimientos, con sus documentos y datos abiertos, y lo
# publica con GitHub Pages (actívelo en Settings → Pages → Source: GitHub Actions). Los
# borradores y lo que tiene errores quedan fuera, y el registro del trabajo lo dice. También
# cada día, poco después de la medianoche en Colombia: el calendario dice qué vence y qué
# venció según el día, aunque nadie haya cambiado nada.
name: Sitio de transparencia

on:
  push:
    branches: [main]
  schedule:
    - cron: "15 5 * * *"  # 00:15 en Colombia (UTC−5)
  workflow_dispatch:

permissions:
  contents: read

concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  construir:
    runs-on: ubuntu-latest
    env:
      PAC: "{package}"
    steps:
      - uses: actions/checkout@v5
      - uses: actions/setup-python@v6
        with:
          python-version: "3.11"
      - name: LibreOffice (PDF del acta), Pango y tipos de letra (PDF del informe)
        run: >-
          sudo apt-get update && sudo apt-get install -y --no-install-recommends
          libreoffice-writer-nogui fonts-liberation2 libpango-1.0-0 libpangoft2-1.0-0
      - name: Instalar pac
        run: {install}
      - name: Construir el sitio
        run: pac site -o sitio
{extra}      - uses: actions/upload-pages-artifact@v4
        with:
          path: sitio

  publicar:
    needs: construir
    runs-on: ubuntu-latest
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{{{ steps.despliegue.outputs.page_url }}}}
    steps:
      - id: despliegue
        uses: actions/deploy-pages@v5
"""
"""The site's workflow; `package` is what pip installs: pac's released version in an
entity's project, «.[docs]» in pac's own repository, whose sitio.yml is this text with the
manual's step as `extra`."""

CONSTRAINTS = ".github/pac-restricciones.txt"
INSTALL = f'python -m pip install -c {CONSTRAINTS} "$PAC"'
"""How the workflows `init` writes install pac: the dependencies at the versions of the
installation that wrote them."""

_SOURCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._+@:/=<>!~,#%&?\[\]-]*")
"""What `--instalar` may say: a requirement (`pac-cli==1.2.0`) or a direct reference
(`pac-cli @ git+https://…@v1.2.0`); nothing a YAML string or a workflow expression reads."""


def is_release(version: str) -> bool:
    """Whether `version` is one a package index can hold: no development or local part."""
    return re.fullmatch(r"\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?", version) is not None


def install_source(requested: str | None, pac_version: str) -> tuple[str, str | None]:
    """What the workflows install (`PAC`), and a warning when it is not a published release."""
    if requested is not None:
        requested = requested.strip()
        if not _SOURCE.fullmatch(requested) or "pac" not in requested.lower():
            raise InvalidDataError(
                f"--instalar «{requested}» no es un requisito de pip para pac (p. ej. "
                "«pac-cli==1.2.0» o «pac-cli @ git+https://github.com/…/pac@v1.2.0»)")
        return requested, None
    if is_release(pac_version):
        return f"pac-cli=={pac_version}", None
    return f"pac-cli=={pac_version}", (
        f"esta copia de pac ({pac_version}) no es una versión publicada: los workflows no "
        "podrán instalarla; indique de dónde instalar pac con --instalar (p. ej. «pac-cli @ "
        "git+https://…/pac@v1.2.0») o use pac de una versión publicada")


def constraints_text(pac_version: str) -> str:
    """Every package pac needs, at the version installed here, as a pip constraints file."""
    from importlib.metadata import PackageNotFoundError, distribution

    pinned: dict[str, str] = {}
    pending = ["pac-cli"]
    while pending:
        name = pending.pop()
        try:
            dist = distribution(name)
        except PackageNotFoundError:  # a dependency of another platform, or pac from source
            continue
        key = re.sub(r"[-_.]+", "-", dist.metadata["Name"]).lower()
        if key in pinned:
            continue
        pinned[key] = dist.version
        for requirement in dist.requires or []:
            if re.search(r"\bextra\s*==", requirement):  # an optional extra's
                continue
            match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
            if match:
                pending.append(match.group())
    pinned.pop("pac-cli", None)
    lines = [
        f"# Las dependencias de pac {pac_version} en las versiones con que se creó este "
        "proyecto (escrito por «pac init»):",
        "# los workflows las instalan así (pip install -c), para que una versión nueva de una "
        "dependencia no cambie",
        "# los documentos sin que nadie lo decida. Para cambiar de versión: instale la nueva "
        "en un entorno limpio,",
        "# corra «pip freeze --exclude pac-cli > .github/pac-restricciones.txt» y cambie «PAC» "
        "en los dos workflows.",
        *(f"{name}=={version}" for name, version in sorted(pinned.items())),
    ]
    return "\n".join(lines) + "\n"


PRE_COMMIT = """\
# pac valida el proyecto entero antes de cada commit (creado por «pac init»): un cambio a un
# plan puede romper los seguimientos que lo citan, y borrar un archivo también cuenta.
repos:
  - repo: local
    hooks:
      - id: pac-validate
        name: pac validate
        entry: pac validate
        language: system
        pass_filenames: false
        always_run: true
"""


@dataclass(frozen=True)
class Started:
    """What `pac init` wrote."""

    folder: Path
    files: tuple[Path, ...]
    frame: str
    year: int
    warning: str | None = None


def pac_version() -> str:
    """This installation's version (from the git tag it was built at)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pac-cli")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "0.0.0+fuente"


def init_project(folder: Path, *, entity: str | None = None, nit: str | None = None,
                 city: str | None = None, year: int | None = None,
                 frame_id: str | None = None, source: str | None = None) -> Started:
    """Write a new project into `folder` (made if missing): nothing is replaced; if any of
    its files is there already, nothing is written. Its workflows install `source` (a pip
    requirement), or else this very version of pac, with its dependencies pinned."""
    from pac_cli.models.json_schema import schema_json

    version = pac_version()
    package, warning = install_source(source, version)

    year = year if year is not None else es_co.today().year
    frame_id = frame_id or default_frame(year)
    frames = catalog()
    if frame_id not in frames:
        raise NotFoundError(f"no hay un marco «{frame_id}» entre los que trae pac "
                            f"({', '.join(frames)}); uno propio se define después en «marcos» "
                            "de pac.yaml")
    frame = frames[frame_id]
    if frame.last_year is not None and year > frame.last_year:
        raise InvalidDataError(f"el marco «{frame.id}» se aplica hasta la vigencia "
                               f"{frame.last_year}: para {year} use --marco ptep (u otro)")
    if folder.exists() and not folder.is_dir():
        raise NotFoundError("no es una carpeta", path=display_path(folder))
    files: dict[Path, str] = {
        folder / CONFIG_NAME: config_text(entity or "Nombre de la entidad (complete)",
                                          nit or "000000000-0 (complete)", city),
        folder / PLANS_DIR / f"{year}.yaml": plan_skeleton(frame, year),
        folder / FOLLOWUPS_DIR / "LEAME.md": (
            "Aquí van los seguimientos de Control Interno, uno por corte: empiece cada uno con "
            "`pac followup new --cutoff AAAA-MM-DD`.\n"),
        folder / ".github/workflows/plans.yml": WORKFLOW.format(package=package,
                                                                install=INSTALL),
        folder / ".github/workflows/sitio.yml": SITE_WORKFLOW.format(
            package=package, install=INSTALL, extra=""),
        folder / CONSTRAINTS: constraints_text(version),
        folder / ".pre-commit-config.yaml": PRE_COMMIT,
    }
    for kind, name in (("plan", "plan"), ("seguimiento", "seguimiento"),
                       ("proyecto", "proyecto"), ("riesgos", "riesgos")):
        files[folder / "schema" / f"{name}.schema.json"] = schema_json(kind)
    there = [display_path(path) for path in files if path.exists()]
    if there:
        raise AlreadyExistsError(f"ya hay un proyecto aquí o parte de uno ({', '.join(there)}): "
                                 "pac init nunca reemplaza un archivo")
    for path in files:
        path.parent.mkdir(parents=True, exist_ok=True)
    write_all_new([(path, text.encode("utf-8")) for path, text in files.items()])
    return Started(folder, tuple(files), frame.id, year, warning)
