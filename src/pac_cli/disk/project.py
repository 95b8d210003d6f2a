"""Where a project's files live: `pac.yaml` at the root, `plans/`, `followups/` and the risk
maps' `riesgos/` below it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

CONFIG_NAME = "pac.yaml"
PLANS_DIR = "plans"
FOLLOWUPS_DIR = "followups"
RISKS_DIR = "riesgos"


@dataclass(frozen=True)
class Project:
    """A folder holding an entity's plans and follow-ups."""

    root: Path

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    def plan_paths(self) -> list[Path]:
        return _yaml_files(self.root / PLANS_DIR)

    def followup_paths(self) -> list[Path]:
        return _yaml_files(self.root / FOLLOWUPS_DIR)

    def risk_map_paths(self) -> list[Path]:
        return _yaml_files(self.root / RISKS_DIR)

    def all_paths(self) -> list[Path]:
        config = [self.config_path] if self.config_path.is_file() else []
        return config + self.plan_paths() + self.followup_paths() + self.risk_map_paths()


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in {".yaml", ".yml"} and p.is_file())


def find_project(start: Path | None = None) -> Project | None:
    """The project containing `start` (default: the working directory), found by `pac.yaml`."""
    here = (start or Path.cwd()).resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return Project(folder)
    return None
