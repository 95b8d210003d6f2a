"""Writing documents safely and reproducibly: atomic files, fixed zip metadata, provenance."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from pac_cli.errors import PacError

# Office files are zip archives; fixed entry dates and attributes make them byte-identical.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


class OutputError(PacError):
    """The output file could not be written: exit 2."""

    exit_code = 2


def normalize_zip(data: bytes) -> bytes:
    """The same archive with every entry's date, attributes and compression fixed."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 0
            target.writestr(entry, source.read(info.filename), compresslevel=6)
    return out.getvalue()


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file and a rename.

    An interrupted write never leaves half a document, and an existing file is only
    replaced by a complete one.
    """
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(f"no existe la carpeta {folder}", path=path)
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"no se puede escribir en la carpeta ({exc.strerror})",
                          path=path) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise OutputError(f"no se pudo escribir el archivo ({exc.strerror})",
                              path=path) from None
        raise


@dataclass(frozen=True)
class Source:
    """A data file a document was made from, as an auditor would identify it."""

    path: str
    sha256: str


@dataclass(frozen=True)
class Provenance:
    """Which versions of the data a document came from."""

    plan: Source
    followup: Source
    commit: str | None
    """The git commit of the project, when it is a git repository."""
    modified: bool
    """Whether the plan or follow-up differ from that commit."""


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def provenance(root: Path, plan: Path, followup: Path, plan_display: str,
               followup_display: str) -> Provenance:
    """Hashes of the two files, and the git commit when the project is in git."""
    commit: str | None = None
    modified = False
    try:
        done = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"],
                              capture_output=True, text=True, timeout=10, check=False)
        if done.returncode == 0:
            commit = done.stdout.strip()
            status = subprocess.run(
                ["git", "-C", str(root), "status", "--porcelain", "--", str(plan),
                 str(followup)], capture_output=True, text=True, timeout=10, check=False)
            modified = bool(status.stdout.strip())
    except (OSError, subprocess.SubprocessError):
        commit = None
    return Provenance(Source(plan_display, sha256_of(plan)),
                      Source(followup_display, sha256_of(followup)), commit, modified)
