"""Run the `run:` steps of a GitHub Actions workflow here, in order, as CI would.

    python tools/run_workflow.py .github/workflows/plans.yml

`uses:` steps (checkout, setup-python, upload-artifact) are skipped: the checkout and the
Python environment are this machine's. BASE defaults to the previous commit, and
GITHUB_STEP_SUMMARY to a temporary file that is printed at the end.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from ruamel.yaml import YAML


def previous_commit() -> str:
    for revision in ("HEAD~1", "HEAD"):
        done = subprocess.run(["git", "rev-parse", "--verify", "--quiet", revision],
                              capture_output=True, text=True, check=False)
        if done.returncode == 0:
            return done.stdout.strip()
    sys.exit("no hay commits: no se puede elegir BASE")


def main() -> None:
    workflow = YAML(typ="safe").load(Path(sys.argv[1]).read_text(encoding="utf-8"))
    skip = set(sys.argv[2:])
    names = {step.get("name") for job in workflow["jobs"].values() for step in job["steps"]}
    if skip - names:  # a step renamed in the workflow would otherwise run here unasked
        sys.exit(f"el workflow no tiene los pasos {sorted(skip - names)}")
    with tempfile.TemporaryDirectory() as tmp:
        summary = Path(tmp) / "summary.md"
        for name, job in workflow["jobs"].items():
            env = dict(os.environ)
            env.update({key: str(value) for key, value in job.get("env", {}).items()
                        if "${{" not in str(value)})
            env.setdefault("BASE", previous_commit())
            env["GITHUB_STEP_SUMMARY"] = str(summary)
            for step in job["steps"]:
                if "run" not in step or step.get("name") in skip:
                    continue
                print(f"== {name}: {step.get('name', step['run'])}", flush=True)
                step_env = env | {key: str(value) for key, value in step.get("env", {}).items()
                                  if "${{" not in str(value)}
                done = subprocess.run(["bash", "-eo", "pipefail", "-c", step["run"]],
                                      env=step_env, check=False)
                if done.returncode != 0:
                    print(f"el paso «{step.get('name')}» falló con código {done.returncode}",
                          file=sys.stderr)
                    sys.exit(done.returncode)
        if summary.exists():
            print(summary.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
