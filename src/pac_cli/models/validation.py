"""Schema validation: a document as a model, pydantic's errors as Spanish problems.

Each error is placed at the line and column of the value (or key) at fault, and says in a
few words what to do.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from pac_cli.disk.yaml_reader import Document, Loc
from pac_cli.errors import InvalidDataError
from pac_cli.models.fields import describe
from pac_cli.models.problems import Problem, Severity, format_text


def refusal(problems: Sequence[Problem], *, unreadable: bool = False) -> InvalidDataError:
    """Files a command cannot use: every error, one line each, as `pac validate` prints them
    (the first is the exception's own place and message); exit 2 when a file could not be
    read at all, as `pac validate` does."""
    errors = sorted({p for p in problems if p.is_error}) or sorted(set(problems))
    if not errors:
        return InvalidDataError("el archivo no es válido")
    first = errors[0]
    error = InvalidDataError(first.message, path=first.path, line=first.line,
                             column=first.column, more=format_text(errors[1:]))
    if unreadable:
        error.exit_code = 2
    return error


M = TypeVar("M", bound=BaseModel)


def validated(doc: Document, model: type[M]) -> M:
    """The document as `model`, or a refusal at the line of its first schema error."""
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise refusal(pydantic_problems(doc, exc, model)) from None


_TYPE_MESSAGES = {
    "string_type": "debe ser un texto",
    "int_type": "debe ser un número entero",
    "int_parsing": "debe ser un número entero",
    "int_from_float": "debe ser un número entero",
    "bool_type": "debe ser true o false",
    "bool_parsing": "debe ser true o false",
    "date_type": "debe ser una fecha AAAA-MM-DD",
    "date_parsing": "debe ser una fecha válida AAAA-MM-DD",
    "date_from_datetime_parsing": "debe ser una fecha válida AAAA-MM-DD",
    "date_from_datetime_inexact": "debe ser una fecha sin hora, AAAA-MM-DD",
    "time_type": "debe ser una hora HH:MM",
    "time_parsing": "debe ser una hora válida HH:MM",
    "list_type": "debe ser una lista (elementos que empiezan con «- »)",
    "model_type": "debe ser un mapa de campos «clave: valor»",
    "model_attributes_type": "debe ser un mapa de campos «clave: valor»",
    "dict_type": "debe ser un mapa de campos «clave: valor»",
    "decimal_type": "debe ser un número",
    "decimal_parsing": "debe ser un número",
}


def translate(error: Any) -> str:
    """A pydantic error as a short Spanish message that says what to do."""
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    if kind in _TYPE_MESSAGES:
        return f"{_TYPE_MESSAGES[kind]} (se encontró {describe(value)})"
    if kind == "missing":
        return "falta este campo obligatorio"
    if kind == "greater_than":
        return f"debe ser un número mayor que {ctx['gt']} (se encontró {describe(value)})"
    if kind == "greater_than_equal":
        return f"debe ser un número mayor o igual que {ctx['ge']} (se encontró {describe(value)})"
    if kind == "less_than_equal":
        return f"debe ser un número menor o igual que {ctx['le']} (se encontró {describe(value)})"
    if kind == "too_short":
        return "no puede estar vacío: debe tener al menos un elemento"
    if kind == "literal_error":
        expected = str(ctx["expected"]).replace(" or ", " o ")
        return f"debe ser uno de: {expected} (se encontró {describe(value)})"
    if kind == "string_pattern_mismatch":
        example = "«ptep» (minúsculas, números y guiones)" if "a-z" in str(ctx.get("pattern")) \
            else "«1.1»"
        return f"no tiene la forma esperada, p. ej. {example} (se encontró {describe(value)})"
    if kind.startswith("pac_"):
        return str(error["msg"])
    return str(error["msg"])


_ITEMS = {
    "componentes": ("componente", "numero"), "subcomponentes": ("subcomponente", "numero"),
    "actividades": ("actividad", "id"), "subactividades": ("subactividad", "id"),
    "avances": ("avance de la actividad", "actividad"), "marcos": ("marco", "id"),
    "hitos": ("hito", None), "asistentes": ("asistente", None), "evidencias": ("evidencia", None),
    "control_de_cambios": ("cambio", None), "orden_del_dia": ("punto del orden del día", None),
    "introduccion": ("párrafo de la introducción", None),
    "metodologia": ("párrafo de la metodología", None),
    "recomendaciones": ("recomendación", None), "cortes": ("corte", None),
}
"""How a reader names an item of a list: by its number (or id) when it has one, else by
its place."""


def in_words(loc: Loc, data: Any = None) -> str:
    """Where a value is, as a reader says it: «componente 4, subcomponente 2, actividad 2.1,
    meta anual» (not `componentes[0].subcomponentes[1]…`)."""
    words: list[str] = []
    node = data
    for i, part in enumerate(loc):
        if part == "[key]":  # pydantic's mark of a mapping's key: the key itself was named
            continue
        if not isinstance(part, int):
            words.append(str(part))  # the key as the file says it: what the user looks for
            node = node.get(part) if isinstance(node, dict) else None
            continue
        item = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
        name, key = _ITEMS.get(str(loc[i - 1]) if i else "", ("", None))
        label = item.get(key) if key is not None and isinstance(item, dict) else None
        if not isinstance(label, str | int) or isinstance(label, bool) or len(str(label)) > 20:
            label = part + 1
        if name and words:
            words[-1] = f"{name} {label}"  # «componentes», 0 → «componente 4»
        else:
            words.append(f"elemento {part + 1}")
        node = item
    return ", ".join(words)


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that validates the mapping at `loc` (for suggesting key names)."""
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        info = next((f for name, f in current.model_fields.items()
                     if (f.alias or name) == part), None)
        current = _find_model(info.annotation) if info is not None else None
    return current


def _find_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is None and not isinstance(annotation, types.UnionType):
        return None
    for arg in typing.get_args(annotation):
        found = _find_model(arg)
        if found is not None:
            return found
    return None


def pydantic_problems(doc: Document, exc: ValidationError,
                      model: type[BaseModel]) -> list[Problem]:
    """Each validation error, placed at the line and column of the value at fault."""
    problems = []
    for error in exc.errors(include_url=False):
        loc: Loc = tuple(error["loc"])
        if error["type"] == "extra_forbidden":
            key = str(loc[-1])
            parent = _model_at(model, loc[:-1])
            allowed = [f.alias or n for n, f in parent.model_fields.items()] if parent else []
            near = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = f"; ¿quiso decir «{near[0]}»?" if near else (
                f"; se admiten: {', '.join(allowed)}" if allowed else "")
            where = in_words(loc[:-1], doc.data) or "el documento"
            message = f"{where}: campo desconocido «{key}»{hint}"
            line, column = doc.at(loc, key=True)
        elif error["type"] == "missing":
            where = in_words(loc[:-1], doc.data) or "el documento"
            message = f"{where}: falta el campo obligatorio «{loc[-1]}»"
            line, column = doc.at(loc[:-1])
        else:
            # a rule of the whole document (a model validator) needs no «where»
            message = f"{in_words(loc, doc.data)}: {translate(error)}" if loc \
                else translate(error)
            line, column = doc.at(loc)
        problems.append(Problem(doc.display, line, column, message))
    return problems


def problem_at(doc: Document, loc: Loc, message: str, *, key: bool = False,
               warning: bool = False) -> Problem:
    """A problem placed at `loc` of the document (at its key with `key=True`)."""
    line, column = doc.at(loc, key=key)
    return Problem(doc.display, line, column, message,
                   Severity.WARNING if warning else Severity.ERROR)
