"""A newcomer's first day: a new entity's repository with `pac init`, the Python API, the
dates and messages a person writes and reads."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pac_cli.cli import app

from .conftest import ROOT


def test_init_makes_a_project_that_validates(tmp_path: Path, runner: CliRunner) -> None:
    folder = tmp_path / "entidad"
    result = runner.invoke(app, ["init", str(folder), "--entidad", "Alcaldía de Prueba",
                                 "--nit", "800000000-1", "--vigencia", "2026"])
    assert result.exit_code == 0, result.stderr
    files = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    assert files == [".github/pac-restricciones.txt", ".github/workflows/plans.yml",
                     ".github/workflows/sitio.yml", ".pre-commit-config.yaml",
                     "followups/LEAME.md", "pac.yaml", "plans/2026.yaml",
                     "schema/plan.schema.json", "schema/proyecto.schema.json",
                     "schema/riesgos.schema.json", "schema/seguimiento.schema.json"]
    checked = runner.invoke(app, ["validate", "--strict", "-C", str(folder)])
    assert checked.exit_code == 0, checked.stdout
    # every modeline points at a schema that is there
    for path in (folder / "pac.yaml", folder / "plans/2026.yaml"):
        line = path.read_text(encoding="utf-8").partition("\n")[0]
        target = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", line)
        assert target and (path.parent / target[1]).resolve().is_file()
    from pac_cli import load_plan

    plan = load_plan(folder / "plans/2026.yaml")
    assert plan.frame == "ptep" and len(plan.components) == 6
    # and it never replaces a file: a second run writes nothing
    before = (folder / "pac.yaml").read_bytes()
    again = runner.invoke(app, ["init", str(folder)])
    assert again.exit_code == 1 and "pac init nunca reemplaza un archivo" in again.stderr
    assert (folder / "pac.yaml").read_bytes() == before


def test_init_of_a_paac_year_and_of_an_unknown_frame(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "a"), "--vigencia", "2024"])
    assert result.exit_code == 0
    from pac_cli import load_plan

    assert load_plan(tmp_path / "a/plans/2024.yaml").frame_id == "paac"
    late = runner.invoke(app, ["init", str(tmp_path / "b"), "--vigencia", "2026", "--marco",
                               "paac"])
    assert late.exit_code == 1 and "se aplica hasta la vigencia 2024" in late.stderr
    assert not (tmp_path / "b").exists() or not any((tmp_path / "b").iterdir())


def _workflows(folder: Path) -> list[dict[str, Any]]:
    from ruamel.yaml import YAML

    return [YAML(typ="safe").load((folder / ".github/workflows" / name).read_text("utf-8"))
            for name in ("plans.yml", "sitio.yml")]


def _installs(workflow: dict[str, Any]) -> tuple[str, str]:
    job = next(iter(workflow["jobs"].values()))
    step = next(s for s in job["steps"] if s.get("name") == "Instalar pac")
    return job["env"]["PAC"], step["run"]


def test_the_workflows_init_writes_install_this_very_version(tmp_path: Path,
                                                              runner: CliRunner) -> None:
    """A new entity's first pull request installs the pac that made its project, pinned, and
    its dependencies at the versions installed here: never an unpinned name."""
    from importlib.metadata import version

    from pac_cli.commands.init_project import is_release

    result = runner.invoke(app, ["init", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    pac = version("pac-cli")
    for workflow in _workflows(tmp_path):
        assert _installs(workflow) == (
            f"pac-cli=={pac}", 'python -m pip install -c .github/pac-restricciones.txt "$PAC"')
    pins = [line for line in (tmp_path / ".github/pac-restricciones.txt").read_text(
        "utf-8").splitlines() if not line.startswith("#")]
    named = dict(line.split("==") for line in pins)
    for dependency in ("pydantic", "ruamel-yaml", "typer", "jinja2", "docxtpl", "weasyprint",
                       "pydantic-core", "markupsafe"):  # pac's, and theirs
        assert named[dependency] == version(dependency), dependency
    assert "pac-cli" not in named and "pytest" not in named  # not an extra's
    # a development copy (this one, between tags) says that its pin cannot install
    if not is_release(pac):
        assert "no es una versión publicada" in result.stderr and "--instalar" in result.stderr


def test_init_installs_from_where_it_is_told(tmp_path: Path, runner: CliRunner) -> None:
    source = "pac-cli @ git+https://github.com/ejemplo/pac@v1.2.0"
    result = runner.invoke(app, ["init", str(tmp_path / "a"), "--instalar", source])
    assert result.exit_code == 0, result.stderr
    assert "aviso" not in result.stderr
    assert all(_installs(w)[0] == source for w in _workflows(tmp_path / "a"))
    for hostile in ('pac-cli"\nrun: curl x', "pac-cli ${{ secrets.X }}", "requests==2"):
        refused = runner.invoke(app, ["init", str(tmp_path / "b"), "--instalar", hostile])
        assert refused.exit_code == 1 and "no es un requisito de pip para pac" in refused.stderr
        assert not (tmp_path / "b").exists()


@pytest.mark.parametrize(("version", "release"), [
    ("1.2.0", True), ("0.3", True), ("2.0.0rc1", True), ("1.0.post1", True),
    ("0.1.dev3+g1a2b3c4", False), ("1.2.0+local", False), ("0.0.0+fuente", False)])
def test_a_release_is_what_an_index_can_hold(version: str, release: bool) -> None:
    from pac_cli.commands.init_project import is_release

    assert is_release(version) is release


@pytest.mark.skipif(shutil.which("actionlint") is None, reason="actionlint no está instalado")
def test_the_workflow_init_writes_passes_actionlint(tmp_path: Path, runner: CliRunner) -> None:
    assert runner.invoke(app, ["init", str(tmp_path)]).exit_code == 0
    done = subprocess.run(["actionlint", str(tmp_path / ".github/workflows/plans.yml"),
                           str(tmp_path / ".github/workflows/sitio.yml")],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_without_a_project_the_error_says_how_to_start_one(tmp_path: Path,
                                                           runner: CliRunner) -> None:
    result = runner.invoke(app, ["followup", "--corte", "2024-04-30", "-C", str(tmp_path)])
    assert result.exit_code == 1 and "(para empezar uno: pac init)" in result.stderr


def test_the_python_api_exports_its_types() -> None:
    import pac_cli
    from pac_cli import ComplianceResult, FollowUp, PacError, Plan, compute_followup, load_plan

    result = compute_followup(load_plan(ROOT / "plans/2024.yaml"),
                              pac_cli.load_followup(ROOT / "followups/2024-04-30.yaml"))
    assert isinstance(result, ComplianceResult) and str(result.total) == "33.76"
    assert isinstance(result.plan, Plan) and isinstance(result.followups[0], FollowUp)
    assert issubclass(pac_cli.InvalidDataError, PacError)
    assert set(pac_cli.__all__) <= set(dir(pac_cli)) | set(pac_cli._LAZY)
    with pytest.raises(AttributeError):
        _ = pac_cli.NoSuchThing  # type: ignore[attr-defined]


def test_importing_pac_cli_stays_cheap() -> None:
    code = ("import sys, pac_cli\nprint(sorted(m for m in ('pydantic', 'pac_cli.compute.engine')"
            " if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_compute_followup_refuses_another_plans_followup(tmp_path: Path) -> None:
    from pac_cli import InvalidDataError, compute_followup, load_followup, load_plan

    text = (ROOT / "followups/2024-04-30.yaml").read_text(encoding="utf-8")
    other = tmp_path / "f.yaml"
    other.write_text(text.replace("vigencia: 2024", "vigencia: 2019").replace(
        "corte: 2024-04-30", "corte: 2019-04-30"), encoding="utf-8")
    with pytest.raises(InvalidDataError, match="es de la vigencia 2019 y el plan de la 2024"):
        compute_followup(load_plan(ROOT / "plans/2024.yaml"), load_followup(other))


def test_compute_followup_with_a_projects_own_frame() -> None:
    from pac_cli import compute_followup, load_followup, load_plan, load_project

    villa = ROOT / "examples/villa-ejemplo"
    plan = load_plan(villa / "plans/2025-atencion.yaml")
    followup = load_followup(villa / "followups/2025-06-30-atencion.yaml")
    with pytest.raises(Exception, match="no hay un marco"):
        compute_followup(plan, followup)
    frames = load_project(villa / "pac.yaml").frames
    assert compute_followup(plan, followup, frames=frames).cutoff.isoformat() == "2025-06-30"


@pytest.mark.parametrize(("args", "message"), [
    (["validate", "--base"], "error: a la opción --base le falta su valor (vea «pac validate "
                             "--help»)"),
    (["validate", "--strict=x"], "error: la opción --strict no lleva valor (vea «pac validate "
                                 "--help»)"),
])
def test_usage_errors_in_spanish(monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str], args: list[str],
                                 message: str) -> None:
    from pac_cli.cli import main

    monkeypatch.setattr("sys.argv", ["pac", *args])
    with pytest.raises(SystemExit) as stop:
        main()
    assert stop.value.code == 2
    assert capsys.readouterr().err == message + "\n"


def test_help_types_are_spanish(runner: CliRunner) -> None:
    for command in (["validate"], ["followup"], ["render"], ["init"], ["new", "plan"],
                    ["export"], ["import"], ["calendar"], ["status"], ["diff"]):
        text = runner.invoke(app, [*command, "--help"]).stdout
        assert not re.search(r"<(dir|path|file|int|str|list\[)", text), (command, text)
