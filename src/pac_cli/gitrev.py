"""Reading earlier versions of the project's files from git, without a checkout."""

from __future__ import annotations

import subprocess
from pathlib import Path

from pac_cli.errors import GitError


def git(root: Path, *args: str) -> str:
    """Run git in `root` and return its output; failures become one-line GitErrors."""
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                              timeout=60, check=False)
    except FileNotFoundError:
        raise GitError("no se encontró el programa git") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} tardó demasiado") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]}: {message[-1] if message else 'falló'}")
    return done.stdout.decode("utf-8", "replace")


def resolve(root: Path, revision: str) -> str:
    """The full commit id of `revision`, or a clear error when git does not know it."""
    try:
        return git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").strip()
    except GitError:
        raise GitError(f"git no conoce la revisión «{revision}»") from None


def changed_files(root: Path, revision: str, folders: tuple[str, ...]) -> list[tuple[str, str]]:
    """(status, path relative to `root`) of the files in `folders` changed since `revision`:
    A added, M modified, D deleted, including files git does not track yet."""
    listed = git(root, "diff", "--name-status", "--no-renames", "--relative", revision, "--",
                 *folders)
    found = []
    for line in listed.splitlines():
        status, _, path = line.partition("\t")
        found.append((status[:1], path))
    untracked = git(root, "ls-files", "--others", "--exclude-standard", "--", *folders)
    found += [("A", path) for path in untracked.splitlines() if path]
    return sorted(found, key=lambda item: item[1])


def show(root: Path, revision: str, path: str) -> bytes:
    """The content of `path` (relative to `root`) at `revision`."""
    try:
        done = subprocess.run(["git", "-C", str(root), "show", f"{revision}:./{path}"],
                              capture_output=True, timeout=60, check=False)
    except (FileNotFoundError, subprocess.TimeoutExpired):
        raise GitError("no se pudo ejecutar git show") from None
    if done.returncode != 0:
        raise GitError(f"{path} no existe en la revisión {revision}")
    return done.stdout


def head_commit(root: Path, paths: list[Path]) -> tuple[str | None, bool]:
    """The commit checked out in `root` (None outside git) and whether `paths` differ from it."""
    try:
        commit = git(root, "rev-parse", "HEAD").strip()
        status = git(root, "status", "--porcelain", "--", *(str(p) for p in paths))
    except GitError:
        return None, False
    return commit, bool(status.strip())
