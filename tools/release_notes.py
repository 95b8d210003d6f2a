"""The notes of a release: the section of CHANGELOG.md for the version a tag names.

    python tools/release_notes.py v1.2.0 > notas.md

Fails, saying why, when the tag is not a version (vX.Y.Z) or CHANGELOG.md has no dated section
«## [X.Y.Z] - AAAA-MM-DD» with something in it: a release is never published without its
entry. The release workflow runs it before building anything.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

CHANGELOG = Path(__file__).resolve().parent.parent / "CHANGELOG.md"
TAG = re.compile(r"v(\d+\.\d+\.\d+(?:(?:a|b|rc)\d+)?)")


def notes(tag: str, changelog: str) -> str:
    """The body of the version's section, or ValueError with the reason in Spanish."""
    match = TAG.fullmatch(tag)
    if match is None:
        raise ValueError(f"la etiqueta «{tag}» no es una versión (vX.Y.Z, p. ej. v1.2.0)")
    version = match[1]
    heading = re.search(rf"^## \[{re.escape(version)}\] - (\d{{4}}-\d\d-\d\d)\s*$", changelog,
                        re.MULTILINE)
    if heading is None:
        raise ValueError(f"CHANGELOG.md no tiene la sección «## [{version}] - AAAA-MM-DD»: "
                         "escríbala (lo que era «Sin publicar») antes de etiquetar")
    rest = changelog[heading.end():]
    following = re.search(r"^## ", rest, re.MULTILINE)
    body = (rest[: following.start()] if following else rest).strip()
    if not body:
        raise ValueError(f"la sección {version} de CHANGELOG.md está vacía")
    return body + "\n"


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("uso: python tools/release_notes.py vX.Y.Z")
    try:
        sys.stdout.write(notes(sys.argv[1], CHANGELOG.read_text(encoding="utf-8")))
    except ValueError as exc:
        sys.exit(f"error: {exc}")


if __name__ == "__main__":
    main()
