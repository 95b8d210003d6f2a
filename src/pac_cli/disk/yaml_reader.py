"""Read a YAML file into plain Python data plus the line and column of every key and value.

ruamel.yaml composes the node tree (with its C parser when available, which is what makes
`pac validate` fast on a thousand plans); this module walks that tree once, building plain
dicts, lists and scalars and recording where each came from, so that a problem found later
by the models or the cross-file checks can be reported at `file:line:col`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import stat
import zlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.tag import Tag

from pac_cli.errors import InvalidDataError, ReadError, os_reason

MISSING = "no existe el archivo"

Loc = tuple[str | int, ...]
Position = tuple[int, int]

MAX_BYTES = 5 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 200

_TAG = "tag:yaml.org,2002:"
# "15.000" is fifteen thousand to a Colombian reader and fifteen to YAML: never guess.
_THOUSANDS = re.compile(r"[-+]?\d{1,3}(\.\d{3})+")


@dataclass(frozen=True)
class AmbiguousNumber:
    """A YAML float written like a number with thousands separators, e.g. `15.000`."""

    text: str

    def __str__(self) -> str:
        return self.text


@dataclass
class Document:
    """A loaded YAML file: its plain data, and its node tree to find where things are.

    The tree weighs about twenty times the text; a check that keeps many documents
    `release`s it once their own problems are found, and `at` composes it again in the rare
    case a problem across files needs a position: from the file, read again (it is checked
    to be the one read: same size and modification time), or from the text kept compressed
    when the document came from elsewhere (a git revision, standard input)."""

    path: Path
    data: Any
    root: Node | None
    display: str
    text: str = ""
    _packed: bytes = b""
    stamp: tuple[int, int] | None = None
    """The file's size and modification time when it was read (None: not from a file)."""
    _released: bool = False

    def release(self) -> None:
        """Once the document is a validated model: drop the node tree (composed again from
        the text if a position is asked) and keep of the data only its top-level scalars
        (`vigencia`, `marco`: what other files are matched by)."""
        self.root = None
        self._released = True
        if self.text:
            if self.stamp is None:
                self._packed = zlib.compress(self.text.encode("utf-8"), 1)
            self.text = ""
        if isinstance(self.data, dict):
            self.data = {k: v for k, v in self.data.items() if not isinstance(v, dict | list)}

    def source(self) -> str:
        """The text the document was read from."""
        if self.text:
            return self.text
        if self._packed:
            return zlib.decompress(self._packed).decode("utf-8")
        if self.stamp is None:
            return ""
        text, info = _read(self.path, self.display)
        if (info.st_size, info.st_mtime_ns) != self.stamp:
            raise ReadError("cambió mientras pac lo revisaba; vuelva a correr el comando",
                            path=self.display)
        return text

    def full_data(self) -> Any:
        """The whole data, built again from the text when `release` kept only part of it."""
        if not self._released:
            return self.data
        return load_text(self.source(), self.path, self.display).data

    def at(self, loc: Loc, *, key: bool = False) -> Position:
        """The 1-based line and column of `loc` (of its key with `key=True`), or of its
        nearest ancestor that exists."""
        if self.root is None:
            try:
                self.root = _compose(self.source())
            except ReadError:  # the file changed meanwhile: no position to trust
                return 1, 1
        node = self.root
        if node is None:
            return 1, 1
        for depth, part in enumerate(loc, start=1):
            if isinstance(node, MappingNode) and isinstance(part, str):
                pair = next(((k, v) for k, v in node.value if k.value == part), None)
                if pair is None:
                    break
                if key and depth == len(loc):
                    return _position(pair[0])
                node = pair[1]
            elif isinstance(node, SequenceNode) and isinstance(part, int) \
                    and 0 <= part < len(node.value):
                node = node.value[part]
            else:
                break
        return _position(node)


def _position(node: Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1


def read_text(path: Path, display: str) -> str:
    """The file's text, decoded as UTF-8, or a ReadError saying why it cannot be."""
    return _read(path, display)[0]


def _read(path: Path, display: str) -> tuple[str, os.stat_result]:
    """The file's text and what `stat` said of it before it was read."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise ReadError("es una carpeta, no un archivo YAML", path=display)
        if not stat.S_ISREG(info.st_mode):  # a device or a pipe: never opened (it could not end)
            raise ReadError("no es un archivo regular (¿un dispositivo o una tubería?)",
                            path=display)
        if info.st_size > MAX_BYTES:
            raise ReadError(f"el archivo pesa {info.st_size} bytes; el máximo es {MAX_BYTES}",
                            path=display)
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ReadError(MISSING, path=display) from None
    except PermissionError:
        raise ReadError("no hay permiso para leer el archivo", path=display) from None
    except OSError as exc:
        raise ReadError(f"no se pudo leer el archivo ({os_reason(exc)})", path=display) from None
    return decode(raw, display), info


def decode(raw: bytes, display: str) -> str:
    """Decode strictly as UTF-8 (a UTF-8 BOM is accepted); never guess another encoding."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError("el archivo está en UTF-16; guárdelo como UTF-8", path=display, line=1,
                        column=1)
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise ReadError("parece un archivo binario (contiene bytes nulos), no un YAML",
                        path=display, line=line)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise ReadError(
            f"no está codificado en UTF-8 (byte 0x{raw[exc.start]:02X}); "
            "guárdelo como «UTF-8» (por ejemplo desde Windows-1252)",
            path=display, line=line, column=column,
        ) from None
    return text


def load_file(path: Path, display: str | None = None) -> Document:
    """Read and parse one YAML file into a Document."""
    display = display or str(path)
    text, info = _read(path, display)
    doc = load_text(text, path, display)
    doc.stamp = (info.st_size, info.st_mtime_ns)
    return doc


def load_text(text: str, path: Path, display: str | None = None) -> Document:
    """Parse YAML text into a Document; syntax problems raise InvalidDataError with a position."""
    display = display or str(path)
    # a text pac was about to write, say: only what it can read back
    if len(text) > MAX_BYTES // 4 and (size := len(text.encode("utf-8"))) > MAX_BYTES:
        raise InvalidDataError(f"el YAML tendría {size} bytes; el máximo es {MAX_BYTES}",
                               path=display, line=1, column=1)
    if _too_many_collections(text):
        raise InvalidDataError(f"el documento tiene más de {MAX_NODES} listas o mapas",
                               path=display, line=1, column=1)
    try:
        node = _compose(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        opened = _open_quote(text, line) if mark is not None else None
        if opened is not None:  # where the mistake is, not where the parser noticed it
            raise InvalidDataError(f"YAML mal formado: las comillas que abren aquí no se "
                                   f"cierran (el analizador lo notó en la línea {line})",
                                   path=display, line=opened[0], column=opened[1]) from None
        what = _yaml_problem(exc.problem or exc.context or "")
        raise InvalidDataError(f"YAML mal formado: {what}", path=display, line=line,
                               column=column) from None
    except YAMLError as exc:
        position = getattr(exc, "position", None)
        character = getattr(exc, "character", None)
        if isinstance(position, int) and isinstance(character, int):  # the reader's refusal
            before = text[:position]
            line, column = before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1
            raise InvalidDataError(f"YAML mal formado: hay un carácter que YAML no admite "
                                   f"(U+{character:04X}); quítelo", path=display, line=line,
                                   column=column) from None
        raise InvalidDataError("YAML mal formado: el YAML no es válido (revise la sangría, las "
                               "comillas y los «:»)", path=display, line=1, column=1) from None
    except RecursionError:
        raise InvalidDataError(f"el YAML anida más de {MAX_DEPTH} niveles", path=display,
                               line=1, column=1) from None
    if node is None:
        raise InvalidDataError("el archivo está vacío", path=display, line=1, column=1)
    data = _Builder(display).build(node, 0)
    return Document(path=path, data=data, root=node, display=display, text=text)


_OPENING = re.compile(r"""^[ ]*(?:-[ ]+)*(?:[^\s#"'-][^#:]*:[ ]+)?(["'])""")


def _closes(quote: str, rest: str) -> bool:
    """Whether the rest of a line closes a scalar opened with `quote`."""
    if quote == "'":
        return "'" in rest.replace("''", "")  # «''» is a quote inside the text
    return re.search(r'(?<!\\)"', rest.replace("\\\\", "")) is not None


def _open_quote(text: str, problem_line: int, reach: int = 200) -> tuple[int, int] | None:
    """Where a quote opens that is never closed, when that is why the parser failed at
    `problem_line` (1-based): the nearest line above it that opens a quoted value and does
    not close it, confirmed by parsing again with the quote closed there (the failure must
    go away or move past). None when the failure is something else."""
    lines = text.split("\n")
    for n in range(min(problem_line, len(lines)) - 1, max(-1, problem_line - 1 - reach), -1):
        match = _OPENING.match(lines[n])
        if match is None or _closes(match[1], lines[n][match.end():]):
            continue
        closed = "\n".join([*lines[:n], lines[n] + match[1], *lines[n + 1:]])
        try:
            _compose(closed)
        except MarkedYAMLError as again:
            mark = again.problem_mark or again.context_mark
            if mark is None or mark.line + 1 <= problem_line:
                return None
        except (YAMLError, RecursionError):
            return None
        return n + 1, match.start(1) + 1
    return None


_YAML_PROBLEMS = {
    "found character that cannot start any token": (
        "hay un carácter que no puede iniciar un valor (¿una tabulación? use espacios)"
    ),
    "mapping values are not allowed here": "aquí no se permite «clave: valor» (revise la sangría "
    "o ponga el texto entre comillas)",
    "did not find expected key": "no se encontró la clave esperada (revise la sangría)",
    "did not find expected ',' or ']'": "falta «,» o «]» en la lista",
    "did not find expected ',' or '}'": "falta «,» o «}» en el mapa",
    "found unexpected end of stream": "el archivo termina antes de tiempo (¿comillas sin cerrar?)",
    "expected a single document in the stream": "el archivo tiene más de un documento («---»); "
    "use uno solo",
    "found undefined alias": "se usa un alias (*nombre) que no fue definido",
    "but found another document": "el archivo tiene más de un documento («---»); use uno solo",
    "maximum depth of data structure exceeded": f"el YAML anida más de {MAX_DEPTH} niveles",
    "found duplicate anchor": "el ancla (&nombre) está repetida",
    "did not find expected '-' indicator": "falta el guion «-» de un elemento de lista "
    "(revise la sangría)",
    "did not find expected <document start>": "contenido inesperado después del documento "
    "(revise la sangría)",
    "could not find expected ':'": "falta «:» después de la clave",
    "did not find expected node content": "falta un valor (¿una lista o un mapa sin cerrar?)",
    "found unexpected ':'": "hay un «:» inesperado (ponga el texto entre comillas)",
    "found a tab character that violates indentation": "hay una tabulación en la sangría: use "
    "espacios",
    "found a tab character where an indentation space is expected": "hay una tabulación en la "
    "sangría: use espacios",
    "found unacceptable character": "hay un carácter de control que YAML no admite",
    "special characters are not allowed": "hay un carácter de control que YAML no admite",
    "block sequence entries are not allowed in this context": "aquí no puede empezar un "
    "elemento de lista «- » (revise la sangría)",
    "expected <block end>": "se esperaba el fin de un bloque (revise la sangría)",
    "expected a comment or a line break": "después del valor solo puede ir un comentario «#» o "
    "un salto de línea",
    "expected alphabetic or numeric character": "el nombre de un ancla (&) o alias (*) debe "
    "tener letras o números",
    "found unknown escape character": "hay un escape desconocido entre comillas dobles "
    "(use comillas simples)",
}


def _yaml_problem(problem: str) -> str:
    """The parser's problem in Spanish; one it does not know is said in general terms (the
    position still says where)."""
    problem = re.sub(r"character '.*?' that cannot", "character that cannot", problem)
    for english, spanish in _YAML_PROBLEMS.items():
        if problem.startswith(english):
            return spanish
    return "el YAML no es válido aquí (revise la sangría, las comillas y los «:»)"


# many block indicators in a row on one line («- - - - a», «? ? ?», «a: - b: - c»): each
# opens a level without any indentation
_INDICATORS = re.compile(rf"(?:[-?:][ \t]+){{{MAX_DEPTH // 2}}}")

_DEEP_LINE = " " * (MAX_DEPTH * 8 + 1)
"""A line indented past any plan: found with a plain substring search."""
_TWO_INDICATORS = re.compile(r"[-?:][ \t]+[-?:][ \t]")
"""Two block indicators in a row: rare in a plan, and a cheap test before the costly one."""
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")


def _flow_depth(text: str) -> int:
    """How deep the flow collections ([…], {…}) nest, counting every bracket (one inside
    quotes too: an upper bound)."""
    brackets = _NOT_BRACKETS.sub("", text)
    return max(itertools.accumulate(1 if b in "[{" else -1 for b in brackets), default=0)


def _may_be_deep(text: str) -> bool:
    """Whether the text could nest deeply, so that it must not reach the C composer (which
    recurses without a limit and can crash the process): cheap upper bounds, in C but for
    a text with many brackets."""
    if text.count("[") + text.count("{") > MAX_DEPTH and _flow_depth(text) > MAX_DEPTH:
        return True
    if text.startswith(_DEEP_LINE) or "\n" + _DEEP_LINE in text:
        return True
    return _TWO_INDICATORS.search(text) is not None and _INDICATORS.search(text) is not None


def _too_many_collections(text: str) -> bool:
    """Each «[» or «{» opens a collection: past the node limit, the text is refused before
    it is parsed (a million «[1]» would take a gigabyte to compose)."""
    return text.count("[") + text.count("{") > MAX_NODES


class _Resolver:
    """A minimal resolver: marks plain scalars, which the builder resolves (YAML 1.2 core).

    ruamel's VersionedResolver costs more than parsing itself; `pac` only needs to know
    whether a scalar was quoted, and shared Tag objects keep node creation cheap.
    """

    processing_version = (1, 2)

    def __init__(self, loader: Any = None) -> None:
        self.loader = loader

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Tag:
        if kind is ScalarNode:
            return _PLAIN if implicit[0] else _QUOTED
        return _SEQ if kind is SequenceNode else _MAP


_PLAIN, _QUOTED = Tag(suffix="pac:plain"), Tag(suffix=_TAG + "str")
_SEQ, _MAP = Tag(suffix=_TAG + "seq"), Tag(suffix=_TAG + "map")
_loader_classes: dict[bool, Any] = {}


def _loader_class(fast: bool) -> Any:
    """The parser+composer class: libyaml's when available and `fast`, else pure Python."""
    if fast not in _loader_classes:
        parser_class: Any = None
        if fast:
            try:
                from ruamel.yaml.cyaml import CParser as parser_class  # type: ignore[attr-defined]
            except ImportError:  # pragma: no cover - depends on the platform's wheels
                parser_class = None
        if parser_class is not None:

            class CLoader(parser_class, _Resolver):  # type: ignore[misc]
                def __init__(self, stream: str) -> None:
                    parser_class.__init__(self, stream)
                    _Resolver.__init__(self)  # no self-reference: freed without the GC

            _loader_classes[fast] = CLoader
        else:
            from ruamel.yaml.composer import Composer
            from ruamel.yaml.parser import Parser
            from ruamel.yaml.reader import Reader
            from ruamel.yaml.scanner import Scanner

            class PyLoader(Reader, Scanner, Parser, Composer, _Resolver):
                def __init__(self, stream: str) -> None:
                    Reader.__init__(self, stream, loader=self)
                    Scanner.__init__(self, loader=self)
                    Parser.__init__(self, loader=self)
                    Composer.__init__(self, loader=self)
                    _Resolver.__init__(self, loader=self)
                    self.max_depth = MAX_DEPTH
                    self._resolver = self

            _loader_classes[fast] = PyLoader
    return _loader_classes[fast]


def _compose(text: str) -> Node | None:
    """The node tree of a single-document YAML text."""
    # libyaml recurses without a limit and crashes the process on very deep input, so
    # only text that cannot be that deep goes to the C parser.
    loader = _loader_class(fast=not _may_be_deep(text))(text)
    try:
        result: Node | None = loader.get_single_node()
    finally:
        dispose = getattr(loader, "dispose", None)
        if dispose is not None:
            dispose()
    return result


_NULL = re.compile(r"~|null|Null|NULL|")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False,
         "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"
                    r"|[-+]?\.(inf|Inf|INF)|\.nan|\.NaN|\.NAN")
_DATE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?")


class _Builder:
    """Turns a node tree into plain data, refusing abuse (alias bombs, deep nesting)."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.count = 0

    def fail(self, node: Node, message: str) -> InvalidDataError:
        line, column = _position(node)
        return InvalidDataError(message, path=self.display, line=line, column=column)

    def build(self, node: Node, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(node, f"el documento expande más de {MAX_NODES} valores "
                                  "(¿alias anidados?)")
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if depth > MAX_DEPTH:
            raise self.fail(node, f"el YAML anida más de {MAX_DEPTH} niveles")
        if isinstance(node, MappingNode):
            if node.ctag is not _MAP and str(node.ctag) != _TAG + "map":
                raise self.fail(node, f"etiqueta YAML no admitida «{node.tag}»; quítela")
            return self.mapping(node, depth)
        if node.ctag is not _SEQ and str(node.ctag) != _TAG + "seq":
            raise self.fail(node, f"etiqueta YAML no admitida «{node.tag}»; quítela")
        return [self.build(item, depth + 1) for item in node.value]

    def mapping(self, node: MappingNode, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode:
                raise self.fail(key_node, "una clave debe ser un texto simple")
            key = str(key_node.value)
            if key_node.ctag is _PLAIN and key == "<<":
                raise self.fail(key_node, "no se admite la fusión de mapas «<<»; "
                                          "escriba las claves")
            if key in lines:
                raise self.fail(key_node, f"la clave «{key}» está repetida (ya aparece en la "
                                          f"línea {lines[key]})")
            lines[key] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, depth + 1)
        return result

    def scalar(self, node: ScalarNode) -> Any:
        tag, value = node.ctag, node.value
        if tag is _QUOTED:
            return value
        if tag is _PLAIN:
            return self.plain(value)
        explicit = str(tag)
        if explicit == _TAG + "str":
            return value
        if explicit in {_TAG + "int", _TAG + "float", _TAG + "bool", _TAG + "null"}:
            return self.plain(value)
        raise self.fail(node, f"etiqueta YAML no admitida «{explicit}»; quítela")

    @staticmethod
    def plain(value: str) -> Any:
        """A plain scalar resolved as YAML 1.2's core schema does, plus dates."""
        first = value[:1]
        if first and first in "0123456789+-.":
            if _INT.fullmatch(value):
                if len(value) > 40:  # past any figure of a plan: the model says it is too big
                    return Decimal(value) if value[:2] not in {"0o", "0x"} else value
                return int(value, 0) if value[:2] in {"0o", "0x"} else int(value)
            if _FLOAT.fullmatch(value):
                if _THOUSANDS.fullmatch(value):
                    return AmbiguousNumber(value)
                # YAML writes infinity and NaN as .inf and .nan; Decimal as inf and nan
                return Decimal(value.lower().replace(".inf", "inf").replace(".nan", "nan"))
            if _DATE.fullmatch(value):
                try:
                    if len(value) == 10:
                        return dt.date.fromisoformat(value)
                    return dt.datetime.fromisoformat(value.replace(" ", "T"))
                except ValueError:
                    return value
            return value
        if value in _BOOL:
            return _BOOL[value]
        if _NULL.fullmatch(value):
            return None
        return value
