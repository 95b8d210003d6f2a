"""Writing documents safely and reproducibly: atomic files and fixed zip metadata."""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
import zipfile
from pathlib import Path

from pac_cli.errors import OutputError

# Office files are zip archives; fixed entry dates and attributes make them byte-identical.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


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
