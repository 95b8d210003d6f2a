"""The public calendar says what is true: a cutoff before the project's first follow-up is
«sin registro», not missing; an overdue draft is overdue; «today» is Colombia's."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pac_cli import es_co
from pac_cli.cli import app
from pac_cli.commands.cutoff_calendar import CutoffState, calendar
from pac_cli.disk.project import Project

from .conftest import ROOT


def _states(project: Path, year: int, today: str) -> dict[str, str]:
    found = calendar(Project(project), year, dt.date.fromisoformat(today))
    return {e.cutoff.isoformat(): e.state.value for e in found.entries}


def test_a_cutoff_before_the_first_followup_is_unrecorded_not_missing() -> None:
    # the repository's first follow-up is of 30 April 2024: its 2023 plan's cutoffs are
    # not known to be missing
    assert set(_states(ROOT, 2023, "2025-03-01").values()) == {CutoffState.UNRECORDED.value}
    states = _states(ROOT, 2024, "2025-03-01")
    assert states["2024-12-31"] == "faltante"  # after the first: missing it is


def test_the_site_says_sin_registro_en_este_sitio(tmp_path: Path, runner: CliRunner) -> None:
    site = tmp_path / "sitio"
    result = runner.invoke(app, ["site", "-C", str(ROOT), "-o", str(site), "--hoy",
                                 "2025-03-01"])
    assert result.exit_code == 0, result.output
    page = (site / "calendario.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr>.*?</tr>", page, re.DOTALL)
    of_2023 = [r for r in rows if "de 2023" in r]
    assert of_2023 and all("sin registro en este sitio" in r for r in of_2023)
    assert not any("faltante" in r for r in of_2023)


@pytest.fixture
def with_draft(tmp_path: Path, runner: CliRunner) -> Path:
    root = tmp_path / "p"
    shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns(".git", "*.egg-info", "build"))
    assert runner.invoke(app, ["followup", "new", "--cutoff", "2024-12-31", "-C",
                               str(root)]).exit_code == 0
    return root


def test_an_overdue_draft_says_so(with_draft: Path, runner: CliRunner) -> None:
    assert _states(with_draft, 2024, "2025-01-05")["2024-12-31"] == "en borrador"
    assert _states(with_draft, 2024, "2025-03-01")["2024-12-31"] == "vencido, en borrador"
    result = runner.invoke(app, ["calendar", "2024", "-C", str(with_draft), "--hoy",
                                 "2025-03-01"])
    assert result.exit_code == 0
    assert "Vencido sin presentar: el seguimiento con corte al 31 de diciembre de 2024" in \
        " ".join(result.stdout.split())


def test_today_is_colombias(monkeypatch: pytest.MonkeyPatch) -> None:
    # 8 p. m. in Bogotá on 30 April is already 1 May in UTC
    late = dt.datetime(2024, 5, 1, 1, 0, tzinfo=dt.UTC)

    class Clock(dt.datetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> Clock:
            moment = late.astimezone(tz) if tz else late.replace(tzinfo=None)
            return cls(*moment.timetuple()[:6], tzinfo=moment.tzinfo)

    monkeypatch.setattr("pac_cli.es_co.dt.datetime", Clock)
    assert es_co.today() == dt.date(2024, 4, 30)
