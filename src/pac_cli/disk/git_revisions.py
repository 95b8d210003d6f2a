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


def changed_files(root: Path, revision: str,
                  folders: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """(status, path, path at `revision`) of the files in `folders` changed since
    `revision`, relative to `root`: A added (files git does not track yet too), M modified,
    D deleted, R renamed (its old path is where to read it at `revision`).

    Paths come NUL-separated (`-z`), so accents, tabs or quotes in a name are never mangled
    by git's quoting."""
    listed = git(root, "diff", "--name-status", "-z", "--find-renames", "--relative",
                 revision, "--", *folders).split("\0")
    found = []
    i = 0
    while i < len(listed) - 1:
        status = listed[i]
        if status[:1] in {"R", "C"}:
            old, new = listed[i + 1], listed[i + 2]
            found.append(("R" if status[:1] == "R" else "A", new, old))
            i += 3
        else:
            found.append((status[:1], listed[i + 1], listed[i + 1]))
            i += 2
    untracked = git(root, "ls-files", "-z", "--others", "--exclude-standard", "--", *folders)
    found += [("A", path, path) for path in untracked.split("\0") if path]
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
