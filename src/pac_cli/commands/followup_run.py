"""`pac followup`, and what every document of a cutoff starts from: one `FollowupRun`.

One place runs a cutoff: select the plan and follow-ups, validate them, compute with the
engine, check the legal deadline, trace the sources. The reports and renderers only turn
the `FollowupRun` into text or documents; the CLI only maps options to these calls.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, cast

from pac_cli import es_co
from pac_cli.checks.file_set import check_files
from pac_cli.checks.followup_rules import plan_for
from pac_cli.checks.plan_rules import rules_of
from pac_cli.checks.plan_set import plan_entries
from pac_cli.checks.results import Checked
from pac_cli.commands.validate import checked_for
from pac_cli.compute.plan_in_force import as_reported
from pac_cli.disk.project import Project
from pac_cli.disk.yaml_reader import Document, Loc, load_file
from pac_cli.errors import InvalidDataError, NotFoundError, PacError, ReadError
from pac_cli.models.fields import day_of
from pac_cli.models.followup import FollowUp
from pac_cli.models.kinds import model_for
from pac_cli.models.plan import Plan, Rules
from pac_cli.models.problems import Problem, display_path
from pac_cli.models.project_config import MINUTES_SECTIONS, PLACEHOLDER, ProjectConfig
from pac_cli.models.validation import problem_at, refusal

if TYPE_CHECKING:  # the engine and the calendar load only for the commands that compute
    from pac_cli.commands.risk_run import RiskCutoff
    from pac_cli.compute.engine import ComplianceResult


LATEST = dt.date.max
"""The cutoff that means «the latest follow-up of the project» (`--corte ultimo`)."""


@dataclass(frozen=True)
class Record:
    """The document of one follow-up file (acta, informe or none) and its deadline check."""

    path: str
    kind: str | None
    """'acta', 'informe', or None for a file with only the progress."""
    number: str | None
    date: dt.date | None
    published: dt.date | None
    """The publication date, when the file gives it."""
    components: tuple[int, ...]
    on_time: bool | None
    """Whether the compared date (publication, else the document's) is within the deadline."""

    @property
    def compared(self) -> dt.date | None:
        return self.published or self.date


@dataclass(frozen=True)
class Source:
    """A data file a document was made from, as an auditor would identify it."""

    path: str
    """Relative to the project, so the same data gives the same document from anywhere."""
    sha256: str


@dataclass(frozen=True)
class Provenance:
    """Which versions of the data a document came from."""

    plan: Source
    followups: tuple[Source, ...]
    commit: str | None
    """The git commit of the project, when it is a git repository."""
    modified: bool
    """Whether the plan or a follow-up differ from that commit."""
    risk_map: Source | None = None
    """The risk map the cutoff's follow-up follows, when it follows one."""


@dataclass(frozen=True)
class FollowupRun:
    """Everything a command shows of one cutoff: the data, the figures and the deadline."""

    project: Project
    config: ProjectConfig | None
    plan_doc: Document
    rules: Rules
    followup_docs: tuple[Document, ...]
    result: ComplianceResult
    deadline: dt.date
    records: tuple[Record, ...]
    warnings: tuple[Problem, ...]
    history: tuple[ComplianceResult, ...] = ()
    """The results of every cutoff of the vigencia up to this one (this one last), when the
    run was asked for its trend."""
    draft: tuple[Problem, ...] = ()
    """Why the cutoff is still a draft (see `draft_reasons`); empty when it is final."""
    programme: ProgrammeFigures | None = None
    """For a vigencia of a programme of several: each vigencia's figure up to this cutoff."""
    risks: RiskCutoff | None = None
    """The risk map's follow-up at this cutoff, when one of its files holds it."""

    @property
    def plan(self) -> Plan:
        return self.result.plan

    @property
    def cutoff(self) -> dt.date:
        return self.result.cutoff


class PublicationState(StrEnum):
    """Where the publication of a plan stands on a given day."""

    ON_TIME = "publicado a tiempo"
    LATE = "publicado tarde"
    UNRECORDED = "sin fecha registrada"
    DUE = "por publicar"


@dataclass(frozen=True)
class PlanPublication:
    """A plan's own publication: its deadline (31 January of its first vigencia, as its
    frame says), and the date and link the plan records («publicacion»)."""

    plan_path: str
    plan: Plan
    rules: Rules
    deadline: dt.date
    published: dt.date | None
    address: str | None
    state: PublicationState


def publication_of(path: str, plan: Plan, rules: Rules,
                   today: dt.date) -> PlanPublication | None:
    """The publication of a plan (or of the programme it is a vigencia of) by its deadline
    in its first vigencia, when its frame sets one."""
    rule = rules.frame.plan_publication
    if rule is None:
        return None
    deadline = rule.deadline(plan.span[0])
    record = plan.publication
    if record is not None:
        state = PublicationState.ON_TIME if record.date <= deadline else PublicationState.LATE
    else:
        state = PublicationState.UNRECORDED if today > deadline else PublicationState.DUE
    return PlanPublication(path, plan, rules, deadline,
                           record.date if record else None,
                           record.address if record else None, state)


@dataclass(frozen=True)
class YearFigure:
    """A vigencia's total at its latest cutoff up to the one asked for."""

    year: int
    cutoff: dt.date | None
    """None when the vigencia has no follow-up yet."""
    total: Decimal | None


@dataclass(frozen=True)
class ProgrammeFigures:
    """A programme of several vigencias so far: each vigencia's total (the earlier ones at
    their last final cutoff, never a draft's; this one at this cutoff) and their mean. An
    extra, shown beside the cutoff's own figure, never instead of it."""

    first: int
    last: int
    years: tuple[YearFigure, ...]
    mean: Decimal | None
    """The mean of the vigencias' totals, with the plan's rounding of a total; None when a
    vigencia so far has no figure."""


@dataclass(frozen=True)
class CutoffFile:
    path: Path
    cutoff: dt.date
    frame: str | None
    components: tuple[int, ...]
    document: str | None
    """'acta' or 'informe' when the file has one."""
    risks: bool = False
    """Whether it follows the risk map («mapa_riesgos»)."""


def cutoff_files(project: Project) -> tuple[list[CutoffFile], list[Path]]:
    """Every follow-up file with its cutoff, read quickly; and the files that cannot be read
    or whose cutoff is not a date (a command that finds nothing names them)."""
    found, broken = [], []
    for path in project.followup_paths():
        display = display_path(path)
        try:
            data = load_file(path, display).data
        except (ReadError, InvalidDataError):
            broken.append(path)
            continue
        # the same reading of the date as the model's: «2024-04-30» quoted is that day too
        kind = model_for(data)
        cutoff = day_of(data.get("corte")) if kind == "seguimiento" else None
        if cutoff is None:
            if kind == "seguimiento" or kind is None:
                broken.append(path)
            continue
        numbers = [data.get("componente")]
        parts = data.get("componentes")
        if isinstance(parts, list):
            numbers += [p.get("numero") for p in parts if isinstance(p, dict)]
        frame = data.get("marco")
        document = next((key for key in ("acta", "informe") if key in data), None)
        found.append(CutoffFile(path, cutoff, frame if isinstance(frame, str) else None,
                                tuple(n for n in numbers if isinstance(n, int)), document,
                                "mapa_riesgos" in data))
    return found, broken


def run_followup(project: Project, cutoff: dt.date, component: int | None = None,
                 frame: str | None = None, document: str | None = None,
                 history: bool = False, programme: bool = True) -> FollowupRun:
    """Find the follow-ups of `cutoff` and the plan they follow, validate, compute.

    With `LATEST`, the latest cutoff; for `document="acta"`, the latest that has an acta.
    With `history`, also the results of the earlier cutoffs of the same plan (the trend).
    For a vigencia of a programme, the figures of its vigencias so far (unless `programme`
    is False: how those earlier vigencias are run).
    """
    from pac_cli.compute.deadlines import publication_deadline
    from pac_cli.compute.engine import compute_followup

    candidates, broken = cutoff_files(project)
    candidates = [c for c in candidates
                  if (component is None or component in c.components)
                  and (frame is None or c.frame in {None, frame})]
    if cutoff == LATEST and candidates:
        eligible = [c for c in candidates if document is None or c.document == document]
        cutoff = max(c.cutoff for c in eligible or candidates)
    matches = [c.path for c in candidates if c.cutoff == cutoff]
    if not matches:
        if broken:  # the follow-up asked for may be one that cannot be read: say which
            raise refusal(check_files(broken, project.all_paths()).problems)
        what = "seguimientos" if cutoff == LATEST else f"un seguimiento con corte {cutoff}"
        narrowed = f" del componente {component}" if component is not None else ""
        raise NotFoundError(f"no hay {what}{narrowed} en "
                            f"{display_path(project.root / 'followups')}")
    checked = checked_for(project, matches, {cutoff.year})
    entries = plan_entries(checked.files + checked.context)
    chosen: dict[int, tuple[Document, Plan]] = {}
    followups: list[tuple[Document, FollowUp]] = []
    for doc, followup in checked.followups():
        entry, _ = plan_for(doc, followup, entries)
        assert entry is not None and entry.plan is not None  # validation found it
        if frame is not None and entry.frame_id != frame:
            continue
        # the plan as it stood on the cutoff: a change logged later never moves its figures
        plan_then = entry.plan_at(cutoff)
        assert plan_then is not None
        chosen[id(entry.doc)] = (entry.doc, plan_then)
        followups.append((doc, followup))
    if not chosen:
        raise NotFoundError(f"no hay seguimientos con corte {cutoff} de un plan con el marco "
                            f"«{frame}»")
    if len(chosen) > 1:
        names = ", ".join(sorted(doc.display for doc, _ in chosen.values()))
        raise NotFoundError(f"los seguimientos con corte {cutoff} siguen varios planes "
                            f"({names}): indique cuál con --marco")
    plan_doc, plan = next(iter(chosen.values()))
    plan = as_reported(plan, [f for _, f in followups])
    rules = rules_of(plan, checked.frames)
    if rules is None:  # validation said why (checked_for refused it): never computed from
        raise NotFoundError(f"el plan {plan_doc.display} no tiene un marco válido",
                            path=plan_doc.display)
    result = compute_followup(plan, [f for _, f in followups], rules, component)
    deadline = publication_deadline(cutoff, rules.schedule)
    used = {id(f) for f in result.followups}
    records = [record_of(doc, f, deadline) for doc, f in followups if id(f) in used]
    # a file with only progress, beside the one with the acta or informe, has nothing to say
    records = [r for r in records if r.kind is not None] or records
    used_files = [(doc, f) for doc, f in followups if id(f) in used]
    risks = _risks(project, used_files, cutoff)
    run = FollowupRun(project, checked.config(), plan_doc, rules,
                      tuple(doc for doc, _ in used_files), result, deadline,
                      tuple(records), tuple(checked.warnings), risks=risks, draft=tuple(sorted((
                          *draft_reasons(used_files, cutoff, checked.config_file()),
                          *_risk_draft_reasons(risks)))))
    if run.plan.programme is not None and programme:
        run = replace(run, programme=_programme_figures(project, run, component))
    if not history:
        return run
    earlier = sorted({c.cutoff for c in candidates if c.cutoff.year == cutoff.year
                      and c.cutoff < cutoff})
    past = [r for c in earlier if (r := _same_plan(project, c, component, run)) is not None]
    return replace(run, history=(*past, result))


def _programme_figures(project: Project, run: FollowupRun,
                       component: int | None) -> ProgrammeFigures:
    from pac_cli.compute.engine import quantize

    assert run.plan.programme is not None
    first, last = run.plan.programme
    candidates, _ = cutoff_files(project)
    figures = []
    for year in range(first, run.cutoff.year):
        cutoffs = [c.cutoff for c in candidates if c.cutoff.year == year
                   and c.frame in {None, run.rules.frame.id}]
        earlier = None
        for cutoff in sorted(set(cutoffs), reverse=True):
            try:
                earlier = run_followup(project, cutoff, component, run.rules.frame.id,
                                       programme=False)
            except PacError:  # pac validate reports that cutoff's own problems
                continue
            # a vigencia counts with its last final cutoff: never a draft's figure
            if not earlier.draft and \
                    earlier.plan_doc.path.resolve() == run.plan_doc.path.resolve():
                break
            earlier = None
        figures.append(YearFigure(year, earlier.cutoff if earlier else None,
                                  earlier.result.total if earlier else None))
    figures.append(YearFigure(run.cutoff.year, run.cutoff, run.result.total))
    totals = [f.total for f in figures if f.total is not None]
    rounding = run.rules.rounding
    mean = quantize(sum(totals, Decimal(0)) / len(totals), rounding.total, rounding.decimals) \
        if len(totals) == len(figures) else None
    return ProgrammeFigures(first, last, tuple(figures), mean)


def draft_reasons(followups: Sequence[tuple[Document, FollowUp]], cutoff: dt.date,
                  config: Checked | None = None) -> tuple[Problem, ...]:
    """Why the follow-up of a cutoff is still a draft, each at its file and line: progress
    that `pac followup new` copied and nobody updated (`por_actualizar`), no acta and no
    informe among its files, a value still marked «(complete)» (in the document or in the
    entity's data of `pac.yaml`, the project's `config`), a section the entity's acta format
    asks for left empty, a format without a date or dated after the acta. A draft is never
    published as final."""
    reasons = _document_reasons(followups, config)
    for doc, followup in followups:
        sections = followup.sections()
        for section in sections:
            for i, progress in enumerate(section.progress):
                if progress.to_update:
                    name = (f"{section.component}·{progress.activity_id}" if len(sections) > 1
                            else progress.activity_id)
                    reasons.append(problem_at(
                        doc, (*section.loc, i, "por_actualizar"),
                        f"la actividad {name} sigue «por_actualizar»: su avance es el que se "
                        "copió del corte anterior"))
    if followups and all(f.minutes is None and f.report is None for _, f in followups):
        reasons.append(problem_at(
            followups[0][0], ("corte",),
            f"el seguimiento con corte {cutoff.isoformat()} no tiene acta ni informe: "
            "agregue «acta» o «informe» con su número, fecha y firma"))
    return tuple(sorted(reasons))


def _risks(project: Project, followups: Sequence[tuple[Document, FollowUp]],
           cutoff: dt.date) -> RiskCutoff | None:
    """The risk map's follow-up among the cutoff's files (the map is loaded only then)."""
    if all(f.risk_map is None for _, f in followups):
        return None
    from pac_cli.commands.risk_run import risks_at

    return risks_at(project, followups, cutoff)


def _risk_draft_reasons(risks: RiskCutoff | None) -> list[Problem]:
    """A follow-up of the risk map that leaves a risk out, or keeps one as `pac followup
    new` copied it, is not final."""
    if risks is None:
        return []
    reasons = []
    if risks.result.not_reported:
        missing = ", ".join(r.reference for r in risks.result.not_reported)
        reasons.append(problem_at(risks.doc, ("mapa_riesgos", "riesgos"), f"el seguimiento al "
                                  f"mapa de riesgos no tiene {missing}: cubre todo el mapa",
                                  key=True))
    assert risks.followup.risk_map is not None
    reasons += [problem_at(risks.doc, ("mapa_riesgos", "riesgos", i, "por_actualizar"),
                           f"el riesgo {check.reference} sigue «por_actualizar»: su seguimiento "
                           "es el que se copió del corte anterior")
                for i, check in enumerate(risks.followup.risk_map.risks) if check.to_update]
    return reasons


_SECTIONS = {"orden_del_dia": "agenda", "introduccion": "introduction",
             "metodologia": "methodology", "conclusiones": "conclusions",
             "recomendaciones": "recommendations", "cierre": "closing"}
"""Each section of the acta («secciones» of the format) by the model's attribute."""


def _document_reasons(followups: Sequence[tuple[Document, FollowUp]],
                      config: Checked | None) -> list[Problem]:
    """What keeps an acta or informe from being final, beside its progress."""
    form = config_model.minutes_format if (config_model := _config(config)) else None
    reasons = []
    documents = [(doc, f) for doc, f in followups if f.minutes or f.report]
    for doc, followup in documents:
        block = "acta" if followup.minutes is not None else "informe"
        reasons += _placeholders(doc, (block,), doc.data.get(block))
        if followup.minutes is None:
            continue
        for section in form.sections if form is not None else MINUTES_SECTIONS:
            if not getattr(followup.minutes, _SECTIONS[section]):
                reasons.append(problem_at(
                    doc, ("acta",), f"el acta no tiene «{section}», que el formato de la "
                    "entidad pide (formato_acta.secciones de pac.yaml): escríbalo antes de "
                    "firmar", key=True))
    if config is None or not documents:
        return reasons
    reasons += _placeholders(config.doc, ("entidad",), config.doc.data.get("entidad"))
    if form is None or all(f.minutes is None for _, f in documents):
        return reasons
    reasons += _placeholders(config.doc, ("formato_acta",), config.doc.data.get("formato_acta"))
    if form.date is None:
        reasons.append(problem_at(config.doc, ("formato_acta",),
                                  "el formato del acta no tiene «fecha»: escriba la del formato "
                                  "controlado de la entidad", key=True))
        return reasons
    for doc, followup in documents:
        if followup.minutes is not None and form.date > followup.minutes.date:
            reasons.append(problem_at(
                config.doc, ("formato_acta", "fecha"),
                f"la fecha del formato del acta ({form.date.isoformat()}) es posterior a la "
                f"del acta ({followup.minutes.date.isoformat()}, {doc.display}): escriba la "
                "fecha del formato controlado de la entidad"))
    return reasons


def _config(config: Checked | None) -> ProjectConfig | None:
    return cast("ProjectConfig", config.model) if config is not None else None


def _placeholders(doc: Document, loc: Loc, value: object) -> list[Problem]:
    """Every text under `loc` still marked «(complete)», each at its line."""
    if isinstance(value, str):
        if PLACEHOLDER in value:
            return [problem_at(doc, loc, f"«{value.strip()}» sigue marcado «{PLACEHOLDER}»: "
                                         "escriba el dato real")]
        return []
    items = value.items() if isinstance(value, dict) else (
        enumerate(value) if isinstance(value, list) else ())
    return [p for key, item in items for p in _placeholders(doc, (*loc, key), item)]


def _same_plan(project: Project, cutoff: dt.date, component: int | None,
               run: FollowupRun) -> ComplianceResult | None:
    """An earlier cutoff of the run's plan; None when it has no valid follow-up of it."""
    try:
        earlier = run_followup(project, cutoff, component, run.rules.frame.id)
    except PacError:  # pac validate reports that cutoff's own problems
        return None
    if earlier.plan_doc.path.resolve() != run.plan_doc.path.resolve():
        return None
    return earlier.result


@dataclass(frozen=True)
class Trend:
    """The follow-ups of one plan in a vigencia, cutoff by cutoff."""

    plan_doc: Document
    rules: Rules
    results: tuple[ComplianceResult, ...]
    drafts: frozenset[dt.date] = frozenset()
    """The cutoffs whose follow-up is still a draft."""
    publication: PlanPublication | None = None
    """The plan's own publication, by its frame's deadline."""


def trends(project: Project, year: int, frame: str | None = None) -> list[Trend]:
    """Every cutoff of the vigencia with a follow-up, grouped by the plan it follows."""
    candidates, _ = cutoff_files(project)
    keys = sorted({(c.cutoff, c.frame) for c in candidates if c.cutoff.year == year
                   and (frame is None or c.frame in {None, frame})},
                  key=lambda k: (k[0], k[1] or ""))
    found: dict[Path, tuple[Document, Rules, list[ComplianceResult], set[dt.date]]] = {}
    for cutoff, own in keys:
        run = run_followup(project, cutoff, frame=frame or own)
        entry = found.setdefault(run.plan_doc.path.resolve(),
                                 (run.plan_doc, run.rules, [], set()))
        if all(r.cutoff != cutoff for r in entry[2]):
            entry[2].append(run.result)
        if run.draft:
            entry[3].add(cutoff)
    if not found:
        raise NotFoundError(f"no hay seguimientos de la vigencia {year} en "
                            f"{display_path(project.root / 'followups')}")
    today = es_co.today()
    return [Trend(doc, rules, tuple(results), frozenset(drafts),
                  publication_of(doc.display, results[-1].plan, rules, today))
            for doc, rules, results, drafts in found.values()]


def record_of(doc: Document, followup: FollowUp, deadline: dt.date) -> Record:
    kind = "acta" if followup.minutes is not None else (
        "informe" if followup.report is not None else None)
    number = followup.minutes.number if followup.minutes is not None else (
        followup.report.number if followup.report is not None else None)
    published = followup.publication.date if followup.publication is not None else None
    compared = published or followup.document_date
    return Record(doc.display, kind, number, followup.document_date, published,
                  tuple(s.component for s in followup.sections()),
                  None if compared is None else compared <= deadline)


def provenance(run: FollowupRun) -> Provenance:
    """Hashes of the plan and follow-ups, and the git commit when the project is in git."""
    from pac_cli.disk.git_revisions import head_commit

    root = run.project.root
    docs = (run.plan_doc, *run.followup_docs)
    paths = [doc.path for doc in docs]
    risk_map = run.risks.run.file if run.risks is not None else None
    commit, modified = head_commit(root, [*paths, *([risk_map] if risk_map else [])])
    plan, *followups = (Source(_relative(root, path), _sha256(path)) for path in paths)
    return Provenance(plan, tuple(followups), commit, modified,
                      Source(_relative(root, risk_map), _sha256(risk_map)) if risk_map else None)


def _relative(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.name


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
