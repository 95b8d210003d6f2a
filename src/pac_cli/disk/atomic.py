"""Writing files safely: through a temporary file and a rename, never half a file.

Every file `pac` writes (documents, calendars, new plans and follow-ups) goes through here.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePosixPath

from pac_cli.errors import AlreadyExistsError, OutputError, OutputFormatError, os_reason


@contextlib.contextmanager
def _removed_on_failure(temp: str, path: Path) -> Iterator[None]:
    """On any failure, an interrupt too, the temporary file goes; an OSError is one line."""
    try:
        yield
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise OutputError(f"no se pudo escribir el archivo ({os_reason(exc)})",
                              path=path) from None
        raise


def _temporary(path: Path, data: bytes) -> str:
    """A complete, synced copy of `data` beside `path`; its name."""
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(f"no existe la carpeta {folder}", path=path)
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"no se puede escribir en la carpeta ({os_reason(exc)})",
                          path=path) from None
    with _removed_on_failure(temp, path):
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, 0o644)
    return temp


NAME_MAX = 200
"""Bytes of a file name pac writes (the system allows 255, and the temporary file beside it
takes a few more)."""


def _check_name(path: Path) -> None:
    if len(path.name.encode("utf-8", "surrogateescape")) > NAME_MAX:
        raise OutputError(f"el nombre es demasiado largo (más de {NAME_MAX} bytes)", path=path)


def check_output(path: Path, protected: Sequence[Path] = ()) -> None:
    """`path` may be written: a new name or a regular file (never a device, a pipe or a
    folder, which a rename would replace), in a folder that takes a new file (tried: /proc,
    a read-only disk or a folder without permission refuse it before any work is done), and
    none of the files the project reads."""
    _check_name(path)
    with contextlib.suppress(OSError):
        os.unlink(_temporary(path, b""))
    try:
        if os.path.lexists(path) and not path.is_file():
            raise OutputError("no es un archivo regular (¿una carpeta, un dispositivo o una "
                              "tubería?); para la terminal use «-o -»", path=path)
        if path.exists() and any(path.resolve() == p.resolve() for p in protected):
            raise OutputError("es un archivo que el proyecto lee (plan, seguimiento o "
                              "pac.yaml): pac no lo sobrescribe", path=path)
    except OSError as exc:
        raise OutputError(f"no se puede usar esa ruta ({os_reason(exc)})", path=path) from None


def atomic_write(path: Path, data: bytes, protected: Sequence[Path] = ()) -> None:
    """Write `data` to `path` through a temporary file and a rename.

    An interrupted write never leaves half a document, an existing file is only replaced
    by a complete one and keeps its permissions, and `protected` files (the project's own
    data) are never replaced.
    """
    check_output(path, protected)
    temp = _temporary(path, data)
    with _removed_on_failure(temp, path):
        if path.exists():
            os.chmod(temp, stat.S_IMODE(path.stat().st_mode))
        os.replace(temp, path)


def write_new(path: Path, data: bytes) -> None:
    """Write `data` to `path` only if no file is there: complete or not at all, and an
    existing file is never replaced (the link fails if one appears meanwhile)."""
    _check_name(path)
    if os.path.lexists(path):
        raise AlreadyExistsError("ya existe; no se sobrescribe (bórrelo o elija otro nombre)",
                                 path=path)
    temp = _temporary(path, data)
    try:
        os.link(temp, path)
    except FileExistsError:
        raise AlreadyExistsError("ya existe; no se sobrescribe (bórrelo o elija otro nombre)",
                                 path=path) from None
    except OSError as exc:
        raise OutputError(f"no se pudo escribir el archivo ({os_reason(exc)})",
                          path=path) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def write_all_new(files: Sequence[tuple[Path, bytes]]) -> None:
    """Write several new files, all or none: each is complete before any appears, and if
    one cannot be written the ones already placed are taken back."""
    placed: list[Path] = []
    try:
        for path, data in files:
            write_new(path, data)
            placed.append(path)
    except BaseException:
        for path in placed:
            with contextlib.suppress(OSError):
                os.unlink(path)
        raise


def output_format(chosen: str | None, output: Path | None, allowed: Sequence[str]) -> str:
    """The format to write: the one asked for, else the one the output's name says
    (`informe.html`), else the first allowed. A name that says another format, or a format
    the document does not have, is refused: a Word file is never named .pdf."""
    named = None
    if output is not None and str(output) != "-" and output.suffix:
        named = output.suffix.lower().lstrip(".")
    formats = ", ".join(allowed)
    if chosen is not None and chosen not in allowed:
        raise OutputFormatError(f"--format {chosen}: este documento se escribe en {formats}")
    if named is not None and named not in allowed:
        raise OutputFormatError(f"-o {output}: este documento se escribe en {formats}; "
                                "use uno de esos nombres")
    if chosen is not None and named is not None and chosen != named:
        raise OutputFormatError(f"-o {output} dice .{named} y --format dice {chosen}: use uno "
                                "solo o que coincidan")
    return chosen or named or allowed[0]


SITE_MARKER = ".pac-sitio"
"""The list of files `pac site` wrote in a folder: what marks the folder as pac's to
rewrite, and what a new build takes away when it no longer makes it."""


def _site_name(name: str) -> PurePosixPath:
    relative = PurePosixPath(name)
    if relative.is_absolute() or not relative.parts or ".." in relative.parts \
            or any(len(part.encode("utf-8", "surrogateescape")) > NAME_MAX
                   for part in relative.parts):
        raise OutputError(f"«{name}» no es un nombre de archivo del sitio")
    return relative


def _place(folder: Path, base: Path, staging: Path, relative: PurePosixPath,
           guarded: set[Path]) -> None:
    """Move one staged file to its place in `folder`, through no link and over no file the
    project reads."""
    target = folder.joinpath(*relative.parts)
    step = folder
    for part in relative.parts[:-1]:  # no folder on the way may be a link
        step = step / part
        if step.is_symlink() or (os.path.lexists(step) and not step.is_dir()):
            raise OutputError("una carpeta del sitio es un enlace o un archivo: no se escribe "
                              "a través de ella", path=step)
        step.mkdir(exist_ok=True)
    parent = target.parent.resolve()
    if parent != base and base not in parent.parents:
        raise OutputError("una carpeta del sitio lleva fuera de la carpeta de salida: no se "
                          "escribe", path=target)
    if os.path.lexists(target) and (target.is_symlink() or not target.is_file()
                                    or target.resolve() in guarded):
        raise OutputError("no es un archivo del sitio que pac pueda reemplazar", path=target)
    os.replace(staging.joinpath(*relative.parts), target)


def check_tree(folder: Path) -> None:
    """`folder` may take a tree of pac's: new, empty, or an earlier tree of pac's (checked
    before the work, so a wrong folder is said at once)."""
    try:
        if os.path.lexists(folder) and not folder.is_dir():
            raise OutputError("no es una carpeta", path=folder)
        if folder.is_dir() and any(folder.iterdir()) and not (folder / SITE_MARKER).is_file():
            raise OutputError("la carpeta no está vacía y no la escribió pac site: elija una "
                              "carpeta nueva o vacía", path=folder)
        if not folder.exists() and not folder.parent.is_dir():
            raise OutputError(f"no existe la carpeta {folder.parent}", path=folder)
    except OSError as exc:
        raise OutputError(f"no se puede usar esa carpeta ({os_reason(exc)})",
                          path=folder) from None


def write_tree(folder: Path, files: dict[str, bytes], protected: Sequence[Path] = ()) -> None:
    """Write a whole tree of files (relative posix names) into `folder`, and nothing outside
    it: every file complete before it appears (written in a temporary folder inside
    `folder`, then moved), no file reached through a link that leaves `folder`. A folder
    that holds anything but an earlier tree of pac's is refused; the files of that earlier
    tree that this one no longer has are removed."""
    names = {name: _site_name(name) for name in sorted(files)}
    check_tree(folder)
    try:
        folder.mkdir(exist_ok=True)
        base = folder.resolve()
        old = (folder / SITE_MARKER).read_text(encoding="utf-8").splitlines() \
            if (folder / SITE_MARKER).is_file() else []
    except OSError as exc:
        raise OutputError(f"no se puede usar esa carpeta ({os_reason(exc)})",
                          path=folder) from None
    guarded = {p.resolve() for p in protected if p.exists()}
    staging = Path(tempfile.mkdtemp(prefix=".pac-sitio-", dir=folder))
    try:
        for name, relative in names.items():
            temp = staging.joinpath(*relative.parts)
            temp.parent.mkdir(parents=True, exist_ok=True)
            temp.write_bytes(files[name])
        for relative in names.values():
            _place(folder, base, staging, relative, guarded)
        for stale in sorted(set(old) - set(names)):
            path = folder.joinpath(*_site_name(stale).parts)
            if path.is_file() and not path.is_symlink():
                path.unlink()
        atomic_write(folder / SITE_MARKER, "".join(f"{n}\n" for n in names).encode("utf-8"))
    except OSError as exc:
        raise OutputError(f"no se pudo escribir el sitio ({os_reason(exc)})",
                          path=folder) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
