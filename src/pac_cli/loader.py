"""Read a YAML file into plain Python data plus the line and column of every key and value.

ruamel.yaml composes the node tree (with its C parser when available, which is what makes
`pac validate` fast on a thousand plans); this module walks that tree once, building plain
dicts, lists and scalars and recording where each came from, so that a problem found later
by the models or the cross-file checks can be reported at `file:line:col`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from pac_cli.errors import InvalidDataError, ReadError

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
class Positions:
    """Where each value (and each mapping key) of a document starts, 1-based."""

    values: dict[Loc, Position] = field(default_factory=dict)
    keys: dict[Loc, Position] = field(default_factory=dict)

    def locate(self, loc: Loc, *, key: bool = False) -> Position:
        """The position of `loc`, or of its nearest ancestor that has one."""
        loc = tuple(loc)
        if key and loc in self.keys:
            return self.keys[loc]
        while loc:
            if loc in self.values:
                return self.values[loc]
            loc = loc[:-1]
        return self.values.get((), (1, 1))


@dataclass
class Document:
    """A loaded YAML file: its data and the positions of everything in it."""

    path: Path
    data: Any
    positions: Positions
    display: str

    def at(self, loc: Loc, *, key: bool = False) -> Position:
        return self.positions.locate(loc, key=key)


def read_text(path: Path, display: str) -> str:
    """The file's text, decoded as UTF-8, or a ReadError saying why it cannot be."""
    try:
        if path.is_dir():
            raise ReadError("es una carpeta, no un archivo YAML", path=display)
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ReadError(f"el archivo pesa {size} bytes; el máximo es {MAX_BYTES}",
                            path=display)
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ReadError("no existe el archivo", path=display) from None
    except PermissionError:
        raise ReadError("no hay permiso para leer el archivo", path=display) from None
    except OSError as exc:
        raise ReadError(f"no se pudo leer el archivo ({exc.strerror})", path=display) from None
    return decode(raw, display)


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
    return load_text(read_text(path, display), path, display)


def load_text(text: str, path: Path, display: str | None = None) -> Document:
    """Parse YAML text into a Document; syntax problems raise InvalidDataError with a position."""
    display = display or str(path)
    try:
        node = _compose(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        what = _yaml_problem(exc.problem or exc.context or "")
        raise InvalidDataError(f"YAML mal formado: {what}", path=display, line=line,
                               column=column) from None
    except YAMLError as exc:
        raise InvalidDataError(f"YAML mal formado: {exc}", path=display, line=1,
                               column=1) from None
    except RecursionError:
        raise InvalidDataError(f"el YAML anida más de {MAX_DEPTH} niveles", path=display,
                               line=1, column=1) from None
    positions = Positions()
    if node is None:
        raise InvalidDataError("el archivo está vacío", path=display, line=1, column=1)
    builder = _Builder(positions, display)
    data = builder.build(node, ())
    return Document(path=path, data=data, positions=positions, display=display)


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
}


def _yaml_problem(problem: str) -> str:
    for english, spanish in _YAML_PROBLEMS.items():
        if problem.startswith(english):
            return spanish
    return problem


_INDENT = re.compile(r"^ +", re.MULTILINE)


def _may_be_deep(text: str) -> bool:
    """Whether the text could nest deeply: cheap upper bounds, computed at C speed."""
    limit = MAX_DEPTH * 4
    if text.count("[") + text.count("{") > limit:
        return True
    return max(map(len, _INDENT.findall(text)), default=0) > limit * 2


def _compose(text: str) -> Node | None:
    """The node tree of a single-document YAML text."""
    from ruamel.yaml.resolver import VersionedResolver

    parser_class: Any = None
    if not _may_be_deep(text):
        # libyaml recurses without a limit and crashes the process on very deep input,
        # so only text that cannot be that deep goes to the C parser.
        try:
            from ruamel.yaml.cyaml import CParser as parser_class
        except ImportError:  # pragma: no cover - depends on the platform's wheels
            parser_class = None
    if parser_class is None:
        from ruamel.yaml.composer import Composer
        from ruamel.yaml.parser import Parser
        from ruamel.yaml.reader import Reader
        from ruamel.yaml.scanner import Scanner

        class PyLoader(Reader, Scanner, Parser, Composer, VersionedResolver):
            def __init__(self, stream: str) -> None:
                Reader.__init__(self, stream, loader=self)
                Scanner.__init__(self, loader=self)
                Parser.__init__(self, loader=self)
                Composer.__init__(self, loader=self)
                VersionedResolver.__init__(self, loader=self)
                self.max_depth = MAX_DEPTH

        loader: Any = PyLoader(text)
    else:

        class CLoader(parser_class, VersionedResolver):  # type: ignore[misc]
            def __init__(self, stream: str) -> None:
                parser_class.__init__(self, stream)
                VersionedResolver.__init__(self, loader=self)

        loader = CLoader(text)
    try:
        result: Node | None = loader.get_single_node()
    finally:
        dispose = getattr(loader, "dispose", None)
        if dispose is not None:
            dispose()
    return result


class _Builder:
    """Turns a node tree into plain data, recording positions and refusing abuse."""

    def __init__(self, positions: Positions, display: str) -> None:
        self.positions = positions
        self.display = display
        self.count = 0

    def fail(self, node: Node, message: str) -> InvalidDataError:
        mark = node.start_mark
        return InvalidDataError(message, path=self.display, line=mark.line + 1,
                                column=mark.column + 1)

    def build(self, node: Node, loc: Loc) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(node, f"el documento expande más de {MAX_NODES} valores "
                                  "(¿alias anidados?)")
        if len(loc) > MAX_DEPTH:
            raise self.fail(node, f"el YAML anida más de {MAX_DEPTH} niveles")
        self.positions.values.setdefault(loc, (node.start_mark.line + 1,
                                               node.start_mark.column + 1))
        if isinstance(node, MappingNode):
            if node.tag != _TAG + "map":
                raise self.fail(node, f"etiqueta YAML no admitida «{node.tag}»; quítela")
            return self.mapping(node, loc)
        if isinstance(node, SequenceNode):
            if node.tag != _TAG + "seq":
                raise self.fail(node, f"etiqueta YAML no admitida «{node.tag}»; quítela")
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        return self.scalar(node)

    def mapping(self, node: MappingNode, loc: Loc) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                raise self.fail(key_node, "no se admite la fusión de mapas «<<»; "
                                          "escriba las claves")
            if not isinstance(key_node, ScalarNode):
                raise self.fail(key_node, "una clave debe ser un texto simple")
            key = str(key_node.value)
            if key in result:
                first = self.positions.keys[(*loc, key)]
                raise self.fail(key_node, f"la clave «{key}» está repetida (ya aparece en la "
                                          f"línea {first[0]})")
            self.positions.keys[(*loc, key)] = (key_node.start_mark.line + 1,
                                                key_node.start_mark.column + 1)
            result[key] = self.build(value_node, (*loc, key))
        return result

    def scalar(self, node: ScalarNode) -> Any:
        tag, value = node.tag, node.value
        if tag == _TAG + "str":
            return value
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool":
            return value.lower() == "true"
        if tag == _TAG + "int":
            try:
                return int(value.replace("_", ""), 0)
            except ValueError:
                return value
        if tag == _TAG + "float":
            if _THOUSANDS.fullmatch(value):
                return AmbiguousNumber(value)
            try:
                return Decimal(value.replace("_", ""))
            except InvalidOperation:
                # .inf and .nan are never a valid figure: keep the text for a clear message
                return value
        if tag == _TAG + "timestamp":
            try:
                if len(value) == 10:
                    return dt.date.fromisoformat(value)
                return dt.datetime.fromisoformat(value.replace(" ", "T"))
            except ValueError:
                return value
        raise self.fail(node, f"etiqueta YAML no admitida «{tag}»; quítela")
