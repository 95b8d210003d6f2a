"""The pull-request workflow and the pre-commit hook that other plan repositories can use."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from ruamel.yaml import YAML

from .conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "plans.yml"


@pytest.mark.skipif(shutil.which("actionlint") is None, reason="actionlint no está instalado")
def test_workflow_passes_actionlint() -> None:
    done = subprocess.run(["actionlint", str(WORKFLOW)], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_workflow_runs_on_plan_changes_and_does_the_review() -> None:
    workflow = YAML(typ="safe").load(WORKFLOW.read_text(encoding="utf-8"))
    paths = workflow["on"]["pull_request"]["paths"]  # YAML 1.2: «on» is a key, not true
    assert {"plans/**", "followups/**", "templates/**", "src/**"} <= set(paths)
    runs = "\n".join(step.get("run", "") for step in workflow["jobs"]["revisar"]["steps"])
    assert "pytest" in runs
    assert 'pac validate --format github --base "$BASE"' in runs
    assert 'pac diff --base "$BASE" --format markdown >> "$GITHUB_STEP_SUMMARY"' in runs
    assert "pac render acta" in runs and "pac render informe" in runs
    assert workflow["jobs"]["revisar"]["env"]["BASE"] == \
        "${{ github.event.pull_request.base.sha }}"


def test_pre_commit_hook_runs_pac_validate_on_plans() -> None:
    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert len(hooks) == 1
    hook = hooks[0]
    assert (hook["id"], hook["entry"], hook["language"]) == ("pac-validate", "pac validate",
                                                             "python")
    pattern = re.compile(hook["files"])
    assert pattern.search("plans/2024.yaml") and pattern.search("followups/2024-04-30.yml")
    assert pattern.search("pac.yaml") and not pattern.search("src/pac_cli/models/plan.py")
