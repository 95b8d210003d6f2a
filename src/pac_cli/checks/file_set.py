"""Validation: load each file, check it against its model, then the rules of each family.

Every finding is a `Problem` with the file, line and column of the value (or key) at fault,
so the user sees all of them at once, as `file:line:col: message` in Spanish. The rules
live by family: `plan` (inside one plan, its frame), `followup` (follow-ups against their
plan and the other files of their cutoff).
"""

from __future__ import annotations

import gc
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

from pydantic import ValidationError

from pac_cli.checks.plan_rules import cutoff_problems, frame_problems, plan_problems
from pac_cli.checks.plan_set import duplicate_plans, plan_entries
from pac_cli.checks.results import Checked, ValidationResult
from pac_cli.disk.project import CONFIG_NAME, FOLLOWUPS_DIR, PLANS_DIR, RISKS_DIR
from pac_cli.disk.yaml_reader import Document, load_file
from pac_cli.errors import InvalidDataError, ReadError
from pac_cli.models.fields import Model, describe
from pac_cli.models.frame_catalog import catalog
from pac_cli.models.kinds import model_class, model_for
from pac_cli.models.plan import Plan
from pac_cli.models.problems import Problem, display_path
from pac_cli.models.validation import problem_at, pydantic_problems, translate

if TYPE_CHECKING:  # imported when a pac.yaml or a risk map is read: a plan alone does not
    from pac_cli.models.project_config import ProjectConfig
    from pac_cli.models.risk_map import RiskMap

__all__ = ["check_files"]


def check_files(paths: Sequence[Path], context: Iterable[Path] = (), *,
                keep: bool = False) -> ValidationResult:
    """Validate `paths`; files in `context` (the project's other files) only serve as links:
    the plans follow-ups need, the other follow-ups of a cutoff, the project's frames.

    Plans are released once checked (memory must not grow with thousands of them) unless
    `keep`: a command that computes from them keeps them, rather than parse them twice."""
    result = ValidationResult()
    context = list(context)
    # A plan's own rules are checked as soon as it is read, so that its node tree and model
    # can be released (the file is read again if a position is needed later): memory does
    # not grow with the number of plans. Its rules need the project's frames, from its
    # pac.yaml, read first.
    config = _own_config([*paths, *context])
    result.frames = catalog(config.frames if config else [])
    result.own_methods = config.methods if config else []
    # The trees are hundreds of thousands of objects without cycles, which the cyclic
    # collector would rescan again and again.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        for path in paths:
            _check_one(path, result, keep=keep)
        # Context files are validated quietly: their own problems are reported when they
        # are themselves checked. Beside plans alone, only the other plans' vigencias and
        # frames matter (one plan per vigencia and frame): they are read, not validated,
        # and the follow-ups are not read at all.
        quiet = ValidationResult()
        seen = {os.path.realpath(p) for p in paths} if context else set()
        plans_alone = not result.unloaded and all(item.kind in {"plan", "riesgos"}
                                                  for item in result.files)
        for path in context:
            if os.path.realpath(path) in seen:
                continue
            if not plans_alone:
                _check_one(path, quiet, own_rules=False)
            elif Path(path).parent.name == PLANS_DIR:
                _sighted(path, quiet)
    finally:
        if gc_was_enabled:
            gc.enable()
    result.context = quiet.files
    result.context_problems = quiet.problems
    everything = result.files + quiet.files
    if plans_alone:  # the follow-up rules are not even imported
        result.problems += duplicate_plans(result.files, plan_entries(everything))
    else:
        from pac_cli.checks.followup_rules import link_problems

        result.problems += link_problems(result.files, everything, result.frames,
                                         result.unloaded + quiet.unloaded)
        if any(item.kind == "seguimiento" and isinstance(item.doc.data, dict)
               and "mapa_riesgos" in item.doc.data for item in result.files):
            from pac_cli.checks.risk_rules import risk_followup_problems

            result.problems += risk_followup_problems(result.files, everything,
                                                      result.own_methods)
    # in the order the files were given (pac.yaml, the plans, then the follow-ups): a
    # plan's own error comes before what its follow-ups cannot do without it
    order = {display_path(path): i for i, path in enumerate(paths)}
    result.problems.sort(key=lambda p: (order.get(p.path, len(order)), p))
    return result


def _own_config(paths: Iterable[Path]) -> ProjectConfig | None:
    """The project's pac.yaml when it declares its own frames or methods (most declare none:
    pac.yaml is not parsed for that), or None (its problems are reported when it is checked
    itself)."""
    for path in paths:
        if path.name == CONFIG_NAME:
            try:
                if not _OWN_KEYS.search(path.read_bytes()):
                    return None
                from pac_cli.models.project_config import ProjectConfig

                return ProjectConfig.model_validate(load_file(path).data)
            except (OSError, ReadError, InvalidDataError, ValidationError):
                return None
    return None


_OWN_KEYS = re.compile(rb"(?:^|[{,])[ \t]*[\"']?(?:marcos|metodos)[\"']?[ \t]*:",
                       re.MULTILINE)
"""The keys that declare a project's own frames or methods (block or flow style; not a
comment)."""


def _sighted(path: Path, result: ValidationResult) -> None:
    """A plan of the context read for its vigencias and frame only (not validated)."""
    try:
        doc = load_file(path, display_path(path))
    except (ReadError, InvalidDataError):
        result.unloaded.append(path)
        return
    if model_for(doc.data) == "plan":
        result.files.append(Checked(doc, "plan", None))


def _check_one(path: Path, result: ValidationResult, *, own_rules: bool = True,
               keep: bool = False) -> None:
    display = display_path(path)
    result.checked.append(display)
    try:
        doc = load_file(path, display)
    except ReadError as exc:
        result.unreadable += 1
        result.unloaded.append(path)
        result.problems.append(Problem(display, exc.line or 1, exc.column or 1, exc.message))
        return
    except InvalidDataError as exc:
        result.unloaded.append(path)
        result.problems.append(Problem(display, exc.line or 1, exc.column or 1, exc.message))
        return
    kind = model_for(doc.data)
    if kind is None:
        what = "un mapa sin claves conocidas" if isinstance(doc.data, dict) \
            else describe(doc.data)
        result.problems.append(Problem(
            display, *doc.at(()),
            f"no es un plan (falta «componentes»), ni un seguimiento (falta «corte»), ni la "
            f"configuración del proyecto (falta «entidad»), ni un mapa de riesgos (falta "
            f"«riesgos»): se encontró {what}"))
        return
    expected = _expected_kind(path)
    if expected is not None and kind != expected:
        result.problems.append(Problem(
            display, *doc.at(()), f"{_WHERE[expected]} debe ser {_KIND_NAMES[expected]}, y "
            f"este archivo es {_KIND_NAMES[kind]}: muévalo a su carpeta"))
        return
    model_type = model_class(kind)
    try:
        model: Model | None = model_type.model_validate(doc.data)
    except ValidationError as exc:
        result.problems.extend(pydantic_problems(doc, exc, model_type))
        model = None
    checked = Checked(doc, kind, model)
    result.files.append(checked)
    if kind == "proyecto" and model is not None:
        result.problems += _own_frame_problems(doc, cast("ProjectConfig", model))
        result.problems += _own_method_problems(doc, cast("ProjectConfig", model))
    elif kind == "riesgos" and model is not None and own_rules:
        from pac_cli.checks.risk_rules import risk_map_results

        result.problems += risk_map_results(doc, cast("RiskMap", model),
                                            result.own_methods)[1]
    elif isinstance(model, Plan):
        if own_rules:
            result.problems += plan_problems(doc, model)
            result.problems += frame_problems(doc, model, result.frames)
        if not keep:
            checked.release()  # built again if a follow-up or a report needs it


_KIND_NAMES = {"plan": "un plan", "seguimiento": "un seguimiento",
               "proyecto": "la configuración del proyecto (entidad, formato del acta, marcos)",
               "riesgos": "un mapa de riesgos"}
_WHERE = {"plan": "un archivo de plans/", "seguimiento": "un archivo de followups/",
          "proyecto": "pac.yaml", "riesgos": "un archivo de riesgos/"}


def _expected_kind(path: Path) -> str | None:
    """What a project's file must be, by its place: pac.yaml the configuration, plans/ the
    plans, followups/ the follow-ups, riesgos/ the risk maps (commands read them so)."""
    if path.name == CONFIG_NAME:
        return "proyecto"
    return {PLANS_DIR: "plan", FOLLOWUPS_DIR: "seguimiento",
            RISKS_DIR: "riesgos"}.get(path.parent.name)


def _own_frame_problems(doc: Document, config: ProjectConfig) -> list[Problem]:
    """A project's frames have distinct ids, and each is coherent as a whole: its zones in
    order once the defaults fill what it leaves out, cutoffs that exist every year and are
    not repeated, components numbered once (one may take a packaged frame's id: it wins)."""
    seen: set[str] = set()
    problems = []
    for i, frame in enumerate(config.frames):
        if frame.id in seen:
            problems.append(problem_at(doc, ("marcos", i, "id"),
                                       f"el marco «{frame.id}» está repetido"))
        seen.add(frame.id)
        zones = frame.zones
        if zones.medium_from >= zones.high_from:
            problems.append(problem_at(
                doc, ("marcos", i, "zonas"),
                f"la zona media empieza en {zones.medium_from} % y la alta en "
                f"{zones.high_from} %: media_desde debe ser menor que alta_desde"))
        problems += [problem_at(doc, ("marcos", i, "seguimiento", "cortes"), message)
                     for message in cutoff_problems(frame.schedule.cutoffs)]
        numbers = Counter(c.number for c in frame.components)
        problems += [problem_at(doc, ("marcos", i, "componentes", j, "numero"),
                                f"el componente {c.number} está repetido en el marco "
                                f"«{frame.id}»")
                     for j, c in enumerate(frame.components) if numbers[c.number] > 1]
    return problems


def _own_method_problems(doc: Document, config: ProjectConfig) -> list[Problem]:
    """Each of the project's methods, once what it changes is put on its base, is a whole
    method of that base (five likelihood levels, a heat map with every cell…); ids once."""
    if not config.methods:
        return []
    from pac_cli.models.risk_method import own_method

    problems = []
    seen: set[str] = set()
    for i, method in enumerate(config.methods):
        if method.id in seen:
            problems.append(problem_at(doc, ("metodos", i, "id"),
                                       f"el método «{method.id}» está repetido"))
        seen.add(method.id)
        try:
            own_method(method)
        except ValidationError as exc:
            problems += [problem_at(doc, ("metodos", i, *error["loc"]),
                                    f"el método «{method.id}» no queda completo sobre "
                                    f"«{method.based_on}»: {translate(error)}")
                         for error in exc.errors(include_url=False)]
    return problems
