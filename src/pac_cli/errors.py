"""The project's own exceptions: each one becomes one line per problem and an exit code."""

from __future__ import annotations

import errno
from collections.abc import Sequence
from pathlib import Path

# Control characters and line or paragraph separators, as Python writes them in a repr
_ESCAPES = {code: repr(chr(code))[1:-1]
            for code in [*range(0x20), 0x7F, 0x85, 0x2028, 0x2029]}


def one_line(text: str) -> str:
    """The text on one line: a data text with `\\r`, a NUL or a U+2028 in a message must not
    break the one line a problem is."""
    return text.translate(_ESCAPES)


class PacError(Exception):
    """Base of every error `pac` reports to the user instead of a traceback."""

    exit_code = 1

    def __init__(self, message: str, *, path: Path | str | None = None, line: int | None = None,
                 column: int | None = None, more: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.column = column
        self.more = tuple(more)
        """Further problems, already as lines (`file:line:col: error: message`)."""

    def __str__(self) -> str:
        """`file:line:col: error: message`, as compilers and `pac validate` print problems;
        one line for each further problem."""
        if self.path is None:
            return "\n".join((f"error: {one_line(self.message)}", *self.more))
        where = one_line(str(self.path))
        for number in (self.line, self.column if self.line is not None else None):
            if number is not None:
                where += f":{number}"
        return "\n".join((f"{where}: error: {one_line(self.message)}", *self.more))


class ReadError(PacError):
    """A file could not be read at all (missing, a directory, not UTF-8, binary): exit 2."""

    exit_code = 2


class InvalidDataError(PacError):
    """The data is readable but does not pass validation: exit 1."""

    exit_code = 1


class NotFoundError(PacError):
    """A plan or follow-up the command needs is not in the project: exit 1."""

    exit_code = 1


class GitError(PacError):
    """git is missing, the folder is not a repository, or the revision does not exist: exit 2."""

    exit_code = 2


class TemplateError(PacError):
    """A template is missing, broken or fails while rendering (a loop past its time budget
    included): exit 2, like any other input pac cannot use, and unlike data that is
    invalid (exit 1)."""

    exit_code = 2


class TemplateNotFoundError(TemplateError):
    """A template the document needs is not on the search path."""


class OutputError(PacError):
    """The output file could not be written: exit 2."""

    exit_code = 2


class AlreadyExistsError(OutputError):
    """A file `pac` creates is already there, and `pac` never replaces it: exit 1."""

    exit_code = 1


class OutputFormatError(PacError):
    """The output's name and the format asked for disagree, or the document has no such
    format: exit 2, like any other usage error."""

    exit_code = 2


_OS_REASONS = {
    errno.EISDIR: "es una carpeta", errno.ENOTDIR: "una parte de la ruta no es una carpeta",
    errno.ENOENT: "no existe", errno.EACCES: "no hay permiso", errno.EPERM: "no hay permiso",
    errno.ENOSPC: "no queda espacio en el disco", errno.EROFS: "es de solo lectura",
    errno.EEXIST: "ya existe", errno.ENAMETOOLONG: "el nombre es demasiado largo",
    errno.EXDEV: "está en otro disco", errno.EBUSY: "está en uso", errno.EIO: "error de "
    "lectura o escritura del disco", errno.EMFILE: "hay demasiados archivos abiertos",
}


def os_reason(exc: OSError) -> str:
    """Why the system refused, in Spanish (the system's own text is in its language)."""
    return _OS_REASONS.get(exc.errno or -1, f"error del sistema {exc.errno}")
