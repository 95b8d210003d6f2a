"""What the checks and reviews found: plain records that the reports turn into text.

The engine's figures have their own types in `pac_cli.compute.engine`; these are the results of
validating files and of comparing them with an earlier revision.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

from pydantic import ValidationError

from pac_cli.disk.yaml_reader import Document
from pac_cli.errors import PacError
from pac_cli.models.fields import Model
from pac_cli.models.frame import Frame
from pac_cli.models.kinds import model_class
from pac_cli.models.plan import Plan, declared_years
from pac_cli.models.problems import Problem

if TYPE_CHECKING:  # a review's types; plain validation does not load the diff, nor the
    # follow-up's and the project's models
    from pac_cli.compute.plan_diff import Impact, PlanDiff
    from pac_cli.compute.risk_diff import RiskMapDiff
    from pac_cli.models.followup import FollowUp
    from pac_cli.models.project_config import ProjectConfig
    from pac_cli.models.risk_method import OwnMethod


class Checked:
    """One file after validation: its document, its kind and, if valid, its model.

    Validating thousands of plans cannot keep every model: once a plan's own rules are
    checked it is `release`d, and its model is built again from the document's text the
    first time someone asks for it (a follow-up that links to it, a report)."""

    __slots__ = ("_model", "doc", "kind", "valid")

    def __init__(self, doc: Document, kind: str, model: Model | None) -> None:
        self.doc, self.kind, self._model = doc, kind, model
        self.valid = model is not None

    @property
    def model(self) -> Model | None:
        if self._model is None and self.valid:
            try:
                self._model = model_class(self.kind).model_validate(self.doc.full_data())
            except (PacError, ValidationError):  # the file changed meanwhile: not used
                self.valid = False
        return self._model

    def release(self) -> None:
        """Keep only the document's packed text and top-level scalars, not the model."""
        self.doc.release()
        self._model = None

    def __repr__(self) -> str:
        return f"Checked({self.doc.display!r}, {self.kind!r}, valid={self.valid})"


@dataclass
class ValidationResult:
    """Everything validation found in a set of files."""

    problems: list[Problem] = field(default_factory=list)
    files: list[Checked] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    unreadable: int = 0
    unloaded: list[Path] = field(default_factory=list)
    """Files that could not be read or parsed at all (no document, no kind)."""
    context: list[Checked] = field(default_factory=list)
    """Files loaded only to resolve links (the project's plans and follow-ups)."""
    context_problems: list[Problem] = field(default_factory=list)
    """Their own problems, not reported by validation (they are when they are checked), but
    shown by a command that cannot go on because a plan it needs is among them."""
    frames: dict[str, Frame] = field(default_factory=dict)
    """The frames plans could name: the packaged ones and the project's own."""
    own_methods: list[OwnMethod] = field(default_factory=list)
    """The risk-map methods the project's pac.yaml declares (`metodos`)."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def exit_code(self, *, strict: bool = False) -> int:
        if self.unreadable:
            return 2
        if self.errors or (strict and self.warnings):
            return 1
        return 0

    def plans(self) -> list[tuple[Document, Plan]]:
        """Every valid plan seen, the checked files first, then the context."""
        return [(c.doc, c.model) for c in self.files + self.context
                if c.kind == "plan" and c.valid and isinstance(c.model, Plan)]

    def followups(self) -> list[tuple[Document, FollowUp]]:
        # a file's kind names its model: a valid «seguimiento» is a FollowUp
        return [(c.doc, cast("FollowUp", c.model)) for c in self.files
                if c.kind == "seguimiento" and c.model is not None]

    def problems_of(self, paths: Collection[str], years: Collection[int]) -> list[Problem]:
        """The problems (checked or context) of those files, leaving out the plans of other
        vigencias: what a command that needs a plan of `years` shows when it cannot go on,
        instead of saying there is none or that it is not valid."""
        other = {c.doc.display for c in self.files + self.context if c.kind == "plan"
                 and (span := declared_years(c.doc.data)) is not None
                 and not set(span) & set(years)}
        wanted = set(paths) - other
        return [p for p in self.problems + self.context_problems if p.path in wanted]

    def config(self) -> ProjectConfig | None:
        found = self.config_file()
        return cast("ProjectConfig", found.model) if found is not None else None

    def config_file(self) -> Checked | None:
        """The project's valid `pac.yaml`, with its document (for the lines of its values)."""
        return next((c for c in self.files + self.context
                     if c.kind == "proyecto" and c.model is not None), None)


@dataclass
class FileDiff:
    """The changes of one plan or follow-up file since a revision."""

    path: str
    kind: str
    """'plan', 'seguimiento' or 'riesgos'."""
    status: str
    """A added, M modified, D deleted, R renamed."""
    old_path: str = ""
    """Where the file was at the revision (its path, unless it was renamed)."""
    plan: PlanDiff | None = None
    impact: Impact | None = None
    risks: RiskMapDiff | None = None
    """A risk map's changes, risk by risk, with the residual each version computes."""
    notes: list[str] = field(default_factory=list)
    doc: Document | None = None
    """The file as it is now (for the positions of change-control problems)."""
    old_doc: Document | None = None
    """The file at the revision (where a removed activity was)."""
