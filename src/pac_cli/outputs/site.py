"""`pac site`: the transparency section as a static site, from `SiteData`.

Every page is made from the packaged templates (`templates/sitio/`, which a project's
`templates/sitio/` can override), every value escaped, every link relative, so the folder
works from a disk, a USB stick or any static host, with no script and nothing fetched from
elsewhere. The follow-up page is the informe itself with the site's navigation and its
downloads; the open data are the engine's figures, never retyped. The same data (and the
same day) give the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from pac_cli import es_co
from pac_cli.commands.cutoff_calendar import CutoffState
from pac_cli.commands.followup_run import FollowupRun, provenance
from pac_cli.commands.site_build import PublishedCutoff, PublishedMap, PublishedPlan, SiteData
from pac_cli.compute.engine import ActivityResult, Measure
from pac_cli.disk.project import Project
from pac_cli.errors import OutputError, PacError
from pac_cli.models.plan import iter_activities
from pac_cli.outputs import calendar_report
from pac_cli.outputs.escaping import csv_cell
from pac_cli.outputs.render import Request, override_dirs, prepare, render, variables
from pac_cli.outputs.risk_context import risk_section
from pac_cli.outputs.risk_report import FOLLOW_FIELDS, MAP_FIELDS
from pac_cli.outputs.risk_report import to_csv as risk_csv
from pac_cli.outputs.risk_report import to_json as risk_json
from pac_cli.outputs.template_context import web_address
from pac_cli.outputs.templating import get_env, guarded

COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("plan", "texto", "Archivo del plan en el repositorio de la entidad (p. ej. plans/2024.yaml)."),
    ("plan_titulo", "texto", "Título del plan o programa."),
    ("marco", "texto", "Marco del plan: paac, ptep, ptep-semestral o uno propio de la entidad."),
    ("vigencia", "entero", "Año de la vigencia que sigue el corte."),
    ("corte", "fecha (AAAA-MM-DD)", "Fecha de corte del seguimiento; el avance es acumulado "
                                    "desde el 1 de enero de la vigencia."),
    ("componente", "entero", "Número del componente."),
    ("componente_nombre", "texto", "Nombre del componente."),
    ("subcomponente", "entero", "Número del subcomponente."),
    ("subcomponente_nombre", "texto", "Nombre del subcomponente."),
    ("actividad", "texto", "Número de la actividad dentro del componente (p. ej. 2.1)."),
    ("descripcion", "texto", "La actividad, como se publicó en el plan."),
    ("responsable", "texto", "Dependencias responsables, separadas por «; »."),
    ("meta_anual", "decimal (punto decimal)", "Meta de la vigencia; vacío si la actividad es "
                                              "cualitativa."),
    ("logro", "decimal (punto decimal)", "Valor logrado al corte; vacío si Control Interno "
                                         "asignó un porcentaje o no hubo avance."),
    ("porcentaje", "decimal (punto decimal)", "% de avance publicado (0 a 100), como lo "
                                              "calcula la regla."),
    ("zona", "texto", "Zona de la semaforización: baja, media o alta."),
    ("regla", "texto", "Cómo se obtuvo el %: logro/meta con su redondeo, porcentaje asignado "
                       "por Control Interno con su justificación, o sin avance."),
    ("total_componente", "decimal (punto decimal)", "% del componente al corte (promedio de "
                                                    "sus actividades)."),
    ("total_plan", "decimal (punto decimal)", "% consolidado del plan al corte."),
)
"""The open data's columns, in order: name, type and meaning (the data dictionary)."""

EVIDENCE_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("corte", "fecha (AAAA-MM-DD)", "Fecha de corte del seguimiento que cita la evidencia."),
    ("componente", "entero", "Número del componente."),
    ("actividad", "texto", "Número de la actividad dentro del componente (p. ej. 2.1)."),
    ("tipo", "texto", "Tipo de evidencia: enlace, memorando, circular, correo, documento u "
                      "otro."),
    ("referencia", "texto", "La evidencia: su dirección (enlace), su número (memorando, "
                            "circular) o su nombre."),
    ("fecha", "fecha (AAAA-MM-DD)", "Fecha de la evidencia; vacío si no se registró."),
    ("descripcion", "texto", "Qué es o qué muestra; vacío si no se registró."),
)
"""The evidence dataset's columns: one row per evidence Control Interno cited."""

DATASETS = (("seguimiento", "Avance de cada actividad", COLUMNS),
            ("evidencias", "Evidencias citadas por Control Interno", EVIDENCE_COLUMNS))
"""Each cutoff's open data: the file name's prefix, what it holds, its columns."""
RISK_DATASETS = (("mapa-riesgos", "Mapa de riesgos: cada riesgo, inherente y residual",
                  MAP_FIELDS),
                 ("seguimiento-riesgos", "Seguimiento al mapa de riesgos en un corte",
                  MAP_FIELDS + FOLLOW_FIELDS))
"""The risk maps' open data: each map, and each cutoff that follows one up."""


@dataclass(frozen=True)
class Link:
    href: str
    label: str


def _plain(value: Decimal | None) -> str:
    return "" if value is None else str(value)


def _rule(a: ActivityResult, run: FollowupRun) -> str:
    rounding = run.rules.rounding
    if a.measure is Measure.EVALUATOR:
        return "porcentaje asignado por Control Interno: " + (a.progress.justification or "")
    if a.measure is Measure.NO_PROGRESS:
        return "sin avance: 0 %"
    mode = "truncado" if rounding.activity == "truncar" else "redondeado mitad hacia arriba"
    return f"logro / meta anual × 100, hasta 100, {mode} a {rounding.decimals} decimales"


def open_data_rows(cut: PublishedCutoff, plan_path: str) -> list[dict[str, str]]:
    """One row per activity of the cutoff, with the engine's figures."""
    run = cut.run
    result = run.result
    totals = {c.component.number: c.total for c in result.components}
    return [{
        "plan": plan_path,
        "plan_titulo": result.plan.title or run.rules.frame.name,
        "marco": run.rules.frame.id,
        "vigencia": str(result.plan.year),
        "corte": result.cutoff.isoformat(),
        "componente": str(a.component.number),
        "componente_nombre": a.component.name,
        "subcomponente": str(a.subcomponent.number),
        "subcomponente_nombre": a.subcomponent.name,
        "actividad": a.activity.id,
        "descripcion": a.activity.description,
        "responsable": "; ".join(a.activity.responsible),
        "meta_anual": _plain(a.activity.annual_target),
        "logro": _plain(a.achieved),
        "porcentaje": str(a.percentage),
        "zona": a.zone.value,
        "regla": _rule(a, run),
        "total_componente": str(totals[a.component.number]),
        "total_plan": str(result.total),
    } for a in result.activities]


def evidence_rows(cut: PublishedCutoff) -> list[dict[str, str]]:
    """One row per evidence cited at the cutoff, in the order of the activities."""
    return [{"corte": cut.run.cutoff.isoformat(), "componente": str(a.component.number),
             "actividad": a.activity.id, "tipo": e.kind, "referencia": e.reference,
             "fecha": e.date.isoformat() if e.date else "", "descripcion": e.description or ""}
            for a in cut.run.result.activities for e in a.progress.evidence]


def _csv(rows: Iterable[dict[str, str]], columns: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({k: csv_cell(v) for k, v in row.items()} for row in rows)
    return out.getvalue().encode("utf-8")


def json_ld(data: Any) -> Any:
    """JSON-LD for a `<script type="application/ld+json">`: nothing in it can end the
    element or be read as markup (<, > and & as JSON escapes)."""
    import markupsafe

    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
    return markupsafe.Markup(text.replace("<", "\\u003c").replace(">", "\\u003e")
                             .replace("&", "\\u0026"))


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


class SiteWriter:
    """Renders every page and file of the site into memory; `files` maps each relative
    path (posix) to its bytes."""

    def __init__(self, site: SiteData, soffice: str | None) -> None:
        self.site = site
        self.soffice = soffice
        self.files: dict[str, bytes] = {}
        self.env = get_env([*override_dirs(site.project, None)], autoescape=True)
        root = site.project.root.resolve()
        self.plan_paths = {p.key: p.doc.path.resolve().relative_to(root).as_posix()
                           if p.doc.path.resolve().is_relative_to(root) else p.doc.path.name
                           for p in site.plans}

    # --- pages ------------------------------------------------------------------------

    def page(self, path: str, template: str, **values: Any) -> None:
        depth = path.count("/")
        base = {"root": "../" * depth, "entity": self.site.config.entity,
                "today_text": es_co.long_date(self.site.today), "web_address": web_address}
        name = f"sitio/{template}"
        with guarded(name):
            text = self.env.get_template(name).render({**base, **values})
        self.files[path] = text.encode("utf-8")

    def build(self) -> dict[str, bytes]:
        site = self.site
        for plan in site.plans:
            self.plan_page(plan)
        for cut in site.cutoffs:
            self.cutoff_files(cut)
        for published in site.maps:
            self.map_files(published)
        self.calendar_files()
        self.open_data_page()
        latest: dict[str, PublishedCutoff] = {}
        for cut in site.cutoffs:  # newest first
            latest.setdefault(cut.plan_key, cut)
        upcoming = [c.next_due for c in site.calendars if c.next_due is not None]
        nearest = min(upcoming, key=lambda e: e.deadline) if upcoming else None
        self.page("index.html", "inicio.html.j2", plans=site.plans, maps=[
                      self.map_view(m) for m in site.maps],
                  cutoffs=[self.cutoff_view(c) for c in site.cutoffs],
                  latest=[self.cutoff_view(c) for c in latest.values()],
                  nearest=nearest and {
                      "cutoff": es_co.long_date(nearest.cutoff),
                      "deadline": es_co.long_date(nearest.deadline),
                      "plan": nearest.plan.title or nearest.rules.frame.name},
                  years=es_co.years)
        return self.files

    def cutoff_view(self, cut: PublishedCutoff) -> dict[str, Any]:
        run = cut.run
        record = next((r for r in run.records if r.kind is not None), None)
        document = None
        if record is not None:
            number = f" N° {record.number}" if record.number else ""
            dated = f" del {es_co.long_date(record.date)}" if record.date else ""
            document = f"{'Acta' if record.kind == 'acta' else 'Informe'}{number}{dated}"
        return {"key": cut.key, "cutoff": es_co.long_date(run.cutoff),
                "plan": run.plan.title or run.rules.frame.name, "plan_key": cut.plan_key,
                "total": es_co.figure(run.result.total), "zone": run.result.zone.value,
                "colour": run.result.zone.colour, "document": document}

    def plan_page(self, published: PublishedPlan) -> None:
        plan = published.plan
        years = list(plan.years) if plan.last_year is not None else []
        components = []
        for component in plan.components:
            rows = []
            for sub, activity in iter_activities(component):
                values = [activity.target_of(y) for y in years] if years else \
                    [activity.annual_target]
                targets = [es_co.number(t) if t is not None else "—" for t in values]
                rows.append({"sub": f"{sub.number}. {sub.name}", "activity": activity,
                             "targets": targets})
            components.append({"component": component, "rows": rows})
        cuts = [self.cutoff_view(c) for c in self.site.cutoffs if c.plan_key == published.key]
        self.page(f"planes/{published.key}.html", "plan.html.j2", published=published,
                  plan=plan, frame=published.rules.frame, components=components,
                  target_heads=[f"Meta {y}" for y in years] or ["Meta anual"],
                  span=es_co.years(plan.years), cutoffs=cuts,
                  published_text=es_co.long_date(plan.publication.date)
                  if plan.publication else None)

    def cutoff_files(self, cut: PublishedCutoff) -> None:
        run = cut.run
        folder = f"seguimientos/{cut.key}"
        downloads: list[Link] = []
        for fmt, label in (("pdf", "Informe en PDF"), ("xlsx", "Informe en Excel (.xlsx)")):
            data, _ = render(run, Request("informe", fmt))
            self.files[f"{folder}/informe.{fmt}"] = data
            downloads.append(Link(f"{cut.key}/informe.{fmt}", label))
        if any(r.kind == "acta" for r in run.records):
            data, _ = render(run, Request("acta", "docx"))
            self.files[f"{folder}/acta.docx"] = data
            downloads.append(Link(f"{cut.key}/acta.docx", "Acta en Word (.docx)"))
            if self.soffice is not None:
                try:
                    data, _ = render(run, Request("acta", "pdf", soffice=Path(self.soffice)))
                except PacError as exc:
                    raise OutputError(f"el acta del corte {run.cutoff} no se pudo convertir a "
                                      f"PDF: {exc}") from None
                self.files[f"{folder}/acta.pdf"] = data
                downloads.append(Link(f"{cut.key}/acta.pdf", "Acta en PDF"))
        rows = open_data_rows(cut, self.plan_paths[cut.plan_key])
        names = [c[0] for c in COLUMNS]
        self.files[f"datos/seguimiento-{cut.key}.csv"] = _csv(rows, names)
        source = provenance(run)
        self.files[f"datos/seguimiento-{cut.key}.json"] = _json(
            {"descripcion": "Avance de cada actividad al corte, como lo calcula pac",
             "diccionario": "diccionario.json",
             "procedencia": {"plan": {"archivo": source.plan.path,
                                      "sha256": source.plan.sha256},
                             "seguimientos": [{"archivo": f.path, "sha256": f.sha256}
                                              for f in source.followups],
                             "commit": source.commit},
             "filas": rows})
        evidence = evidence_rows(cut)
        self.files[f"datos/evidencias-{cut.key}.csv"] = _csv(
            evidence, [c[0] for c in EVIDENCE_COLUMNS])
        self.files[f"datos/evidencias-{cut.key}.json"] = _json(
            {"descripcion": "Evidencias que citó Control Interno en el seguimiento, una por "
                            "fila", "diccionario": "diccionario.json", "filas": evidence})
        downloads += [Link(f"../datos/seguimiento-{cut.key}.csv", "Datos abiertos (CSV)"),
                      Link(f"../datos/seguimiento-{cut.key}.json", "Datos abiertos (JSON)"),
                      Link(f"../datos/evidencias-{cut.key}.csv", "Evidencias (CSV)"),
                      Link(f"../datos/evidencias-{cut.key}.json", "Evidencias (JSON)")]
        ctx = prepare(run, "informe")
        values = variables(ctx)
        nav = [Link("../index.html", "Inicio"),
               Link(f"../planes/{cut.plan_key}.html", "El plan (4.3 Plan de Acción)"),
               Link("../index.html#seguimientos", "Informes de Control Interno"),
               Link("../index.html#riesgos", "Mapa de riesgos"),
               Link("../calendario.html", "Calendario"),
               Link("../datos/index.html", "Datos abiertos")]
        name = "sitio/seguimiento.html.j2"
        with guarded(name):
            page = self.env.get_template(name).render({**values, "site_nav": nav,
                                                       "downloads": downloads})
        self.files[f"seguimientos/{cut.key}.html"] = page.encode("utf-8")

    def map_view(self, published: PublishedMap) -> dict[str, Any]:
        run = published.run
        return {"key": published.key, "year": run.risk_map.year,
                "title": run.risk_map.title or f"Mapa de riesgos {run.risk_map.year}",
                "risks": len(run.results), "method": run.method.name,
                "published": es_co.long_date(run.risk_map.publication.date)
                if run.risk_map.publication else None,
                "followups": [self.cutoff_view(c) for c in published.followups]}

    def map_files(self, published: PublishedMap) -> None:
        """The map's page (its risks, heat maps and follow-ups) and its open data; each
        cutoff that follows it up, its own follow-up as open data."""
        run, key = published.run, published.key
        self.files[f"datos/mapa-riesgos-{key}.csv"] = risk_csv(run).encode("utf-8")
        self.files[f"datos/mapa-riesgos-{key}.json"] = (risk_json(run) + "\n").encode("utf-8")
        for cut in published.followups:
            follow = cut.run.risks
            assert follow is not None
            self.files[f"datos/seguimiento-riesgos-{cut.key}.csv"] = risk_csv(
                run, follow.result).encode("utf-8")
            self.files[f"datos/seguimiento-riesgos-{cut.key}.json"] = (
                risk_json(run, follow.result) + "\n").encode("utf-8")
        self.page(f"riesgos/{key}.html", "riesgos.html.j2", view=self.map_view(published),
                  section=risk_section(run), risk_map=run.risk_map)

    def calendar_files(self) -> None:
        years = []
        published = {(c.run.cutoff, c.run.rules.frame.id): c.key for c in self.site.cutoffs}
        published_maps = {m.run.risk_map.year for m in self.site.maps}  # what validate accepts
        for cal in self.site.calendars:
            self.files[f"calendario-{cal.year}.ics"] = calendar_report.to_ics(cal)
            rows = [{"plan": e.plan.title or e.rules.frame.name, "frame": e.rules.frame.id,
                     "cutoff": es_co.long_date(e.cutoff)
                     + (" (corte adicional)" if e.extra else ""),
                     "period": f"{es_co.day_month(e.period_start)} – "
                               f"{es_co.day_month(e.cutoff)}",
                     "deadline": es_co.long_date(e.deadline),
                     "state": e.state.value + (" en este sitio"
                                               if e.state is CutoffState.UNRECORDED else ""),
                     "key": published.get((e.cutoff, e.rules.frame.id))}
                    for e in cal.entries]
            plans = [{"plan": p.plan.title or p.rules.frame.name,
                      "deadline": es_co.long_date(p.deadline),
                      "state": p.state.value + (f" (el {es_co.long_date(p.published)})"
                                                if p.published else "")}
                     for p in cal.publications]
            plans += [{"plan": f"Mapa de riesgos de corrupción {m.year}",
                       "deadline": es_co.long_date(m.deadline),
                       "state": m.state.value + (f" (el {es_co.long_date(m.published)})"
                                                 if m.published else "")}
                      for m in cal.maps if m.year in published_maps]
            years.append({"year": cal.year, "rows": rows, "plans": plans,
                          "ics": f"calendario-{cal.year}.ics"})
        self.page("calendario.html", "calendario.html.j2", years=years)

    def open_data_page(self) -> None:
        dictionary = [{"conjunto": name, "columna": n, "tipo": t, "descripcion": d}
                      for name, _, columns in DATASETS + RISK_DATASETS for n, t, d in columns]
        self.files["datos/diccionario.csv"] = _csv(dictionary, ["conjunto", "columna", "tipo",
                                                                "descripcion"])
        self.files["datos/diccionario.json"] = _json({"columnas": dictionary})
        sets = [{"cutoff": es_co.long_date(c.run.cutoff), "plan": c.run.plan.title
                 or c.run.rules.frame.name, "key": c.key} for c in self.site.cutoffs]
        maps = [{"year": m.run.risk_map.year, "key": m.key,
                 "followups": [{"cutoff": es_co.long_date(c.run.cutoff), "key": c.key}
                               for c in m.followups]} for m in self.site.maps]
        self.page("datos/index.html", "datos.html.j2", columns=COLUMNS,
                  evidence_columns=EVIDENCE_COLUMNS, sets=sets, maps=maps,
                  risk_columns=MAP_FIELDS, follow_columns=FOLLOW_FIELDS,
                  linked_data=json_ld(self.linked_data()))

    def linked_data(self) -> dict[str, Any]:
        """The open data as schema.org `Dataset`s (JSON-LD): per cutoff, its progress and its
        evidence, each with its distributions (CSV, JSON), license, dates and publisher."""
        config = self.site.config
        publisher = {"@type": "GovernmentOrganization", "name": config.entity.name,
                     "identifier": f"NIT {config.entity.nit}"}
        datasets = []
        for cut in self.site.cutoffs:
            run = cut.run
            title = run.plan.title or run.rules.frame.name
            record = next((r for r in run.records if r.kind is not None), None)
            for name, what, _ in DATASETS:
                dataset: dict[str, Any] = {
                    "@type": "Dataset",
                    "name": f"{what}: {title}, corte al {es_co.long_date(run.cutoff)}",
                    "description": f"{what} del seguimiento de la Oficina de Control Interno "
                                   f"con corte al {es_co.long_date(run.cutoff)}, acumulado "
                                   "desde el 1 de enero, como lo calcula pac de los datos "
                                   "de la entidad.",
                    "inLanguage": "es-CO", "license": config.open_data.license,
                    "publisher": publisher, "creator": publisher,
                    "temporalCoverage": f"{run.cutoff.year}-01-01/{run.cutoff.isoformat()}",
                    "keywords": [run.rules.frame.name, "seguimiento", "Control Interno"],
                    "isAccessibleForFree": True,
                    "distribution": [
                        {"@type": "DataDownload", "encodingFormat": kind,
                         "contentUrl": f"{name}-{cut.key}.{suffix}"}
                        for kind, suffix in (("text/csv", "csv"), ("application/json", "json"))],
                }
                # the document's date, and its publication only when the data record it
                # (never the document's date passed off as the publication's)
                if record is not None and record.date is not None:
                    dataset["dateCreated"] = record.date.isoformat()
                if record is not None and record.published is not None:
                    dataset["datePublished"] = record.published.isoformat()
                datasets.append(dataset)
        for published in self.site.maps:
            year = published.run.risk_map.year
            sets = [("mapa-riesgos", published.key, f"Mapa de riesgos de corrupción {year}",
                     f"{year}")]
            sets += [("seguimiento-riesgos", c.key, f"Seguimiento al mapa de riesgos {year}, "
                      f"corte al {es_co.long_date(c.run.cutoff)}",
                      f"{year}-01-01/{c.run.cutoff.isoformat()}") for c in published.followups]
            datasets += [{
                "@type": "Dataset", "name": name,
                "description": f"{name}: cada riesgo con su probabilidad, impacto y zona, como "
                               "los calcula pac con el método del mapa.",
                "inLanguage": "es-CO", "license": config.open_data.license,
                "publisher": publisher, "creator": publisher, "temporalCoverage": span,
                "keywords": ["mapa de riesgos de corrupción", "Control Interno"],
                "isAccessibleForFree": True,
                "distribution": [{"@type": "DataDownload", "encodingFormat": kind,
                                  "contentUrl": f"{prefix}-{key}.{suffix}"}
                                 for kind, suffix in (("text/csv", "csv"),
                                                      ("application/json", "json"))]}
                for prefix, key, name, span in sets]
        return {"@context": "https://schema.org", "@graph": [
            {"@type": "DataCatalog", "name": f"Datos abiertos del seguimiento – "
                                             f"{config.entity.name}",
             "inLanguage": "es-CO", "publisher": publisher, "license": config.open_data.license,
             "dataset": datasets}]}


def relative_links(files: dict[str, bytes]) -> list[tuple[str, str]]:
    """Every internal link of the site's pages that names no file of the site: (page, href).
    Used by the tests and by `pac site` itself before writing anything."""
    import re

    broken = []
    for path, data in files.items():
        if not path.endswith(".html"):
            continue
        for href in re.findall(rb'(?:href|src)="([^"#?]*)', data):
            target = href.decode()
            if not target or "://" in target or target.startswith("mailto:"):
                continue
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
            if resolved not in files:
                broken.append((path, target))
    return broken


def build_site(project: Project, today: dt.date,
               soffice: Path | None = None) -> tuple[dict[str, bytes], list[str]]:
    """Every file of the site (relative name → bytes) and the notes on what was left out.
    Refused, before anything is written, when a page would link to a file it does not
    have (a project's own template, say)."""
    from pac_cli.commands.site_build import gather
    from pac_cli.outputs.pdf import find_soffice

    site = gather(project, today)
    notes = list(site.left_out)
    found: str | None = None
    try:
        found = find_soffice(soffice)
    except PacError:
        if soffice is not None:
            raise
        if any(r.kind == "acta" for c in site.cutoffs for r in c.run.records):
            notes.append("las actas se publican en .docx, sin PDF: no se encontró LibreOffice "
                         "(soffice; indíquelo con --soffice)")
    files = SiteWriter(site, found).build()
    broken = relative_links(files)
    if broken:
        page, href = broken[0]
        raise OutputError(f"la página {page} enlaza «{href}», que el sitio no tiene; no se "
                          "escribió nada")
    return files, notes
