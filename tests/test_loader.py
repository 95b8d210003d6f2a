"""The loader: YAML 1.2 scalars, positions, and the C and pure-Python parsers agreeing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pac_cli.disk import yaml_reader as loader
from pac_cli.disk.yaml_reader import AmbiguousNumber, load_text
from pac_cli.errors import InvalidDataError

from .conftest import ROOT


def data(text: str) -> object:
    return load_text(text, Path("t.yaml")).data


@pytest.mark.parametrize(("text", "value"), [
    ("a: 15000", 15000), ("a: 1.5", Decimal("1.5")), ("a: 1.10", Decimal("1.10")),
    ("a: 15.000", AmbiguousNumber("15.000")), ("a: 1.234.567", "1.234.567"),
    ('a: "15.000"', "15.000"), ("a: yes", "yes"), ("a: no", "no"), ("a: true", True),
    ("a: ~", None), ("a:", None), ("a: 08:00", "08:00"), ("a: 2024-04-30", dt.date(2024, 4, 30)),
    ("a: 2024-02-30", "2024-02-30"), ("a: 0x1F", 31), ("a: 800113389-7", "800113389-7"),
    ("a: .inf", Decimal("Infinity")), ("a: '010505'", "010505"), ("a: 010505", 10505),
])
def test_scalars_follow_yaml_1_2(text: str, value: object) -> None:
    assert data(text) == {"a": value}


def test_positions_point_at_values_and_keys() -> None:
    doc = load_text("a:\n  - x: 1\n    y: [2, 3]\n", Path("t.yaml"))
    assert doc.at(("a", 0, "y", 1)) == (3, 12)
    assert doc.at(("a", 0, "y"), key=True) == (3, 5)
    assert doc.at(("a", 0, "missing")) == (2, 5)  # nearest existing ancestor
    assert doc.at(("a", 7)) == (2, 3)


def test_aliases_are_expanded_within_limits() -> None:
    assert data("a: &x [1, 2]\nb: *x\n") == {"a": [1, 2], "b": [1, 2]}


def test_project_files_parse_the_same_with_both_parsers(monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [ROOT / "pac.yaml", *sorted((ROOT / "plans").glob("*.yaml")),
             *sorted((ROOT / "followups").glob("*.yaml"))]
    fast = [loader.load_file(p).data for p in paths]
    monkeypatch.setattr(loader, "_may_be_deep", lambda text: True)
    assert [loader.load_file(p).data for p in paths] == fast


yaml_text = st.text(alphabet=st.sampled_from(list("ab:- \n[]{}'\"#&*!|>0123.,\t")), max_size=60)


@settings(max_examples=300, deadline=None)
@given(yaml_text)
def test_any_text_loads_or_fails_cleanly(text: str) -> None:
    try:
        load_text(text, Path("t.yaml"))
    except InvalidDataError as exc:
        assert exc.line is not None and exc.line >= 1
        assert "\n" not in exc.message


def test_a_released_document_keeps_its_positions_and_top_level_scalars() -> None:
    text = "# plan\nvigencia: 2024\nmarco: paac\ncomponentes:\n  - numero: 4\n    nombre: Á\n"
    doc = load_text(text, Path("t.yaml"))
    before = [doc.at(("componentes", 0, "nombre")), doc.at(("vigencia",), key=True)]
    doc.release()
    assert doc.root is None and doc.text == ""
    assert doc.data == {"vigencia": 2024, "marco": "paac"}
    assert [doc.at(("componentes", 0, "nombre")), doc.at(("vigencia",), key=True)] == before


SEED = (ROOT / "plans/2024.yaml").read_text(encoding="utf-8")
FIRST = SEED.index("actividad: Feria de trámites y servicios.")
LINE = SEED.count("\n", 0, FIRST) + 1


@pytest.mark.parametrize("quote", ['"', "'"])
def test_an_unclosed_quote_is_reported_where_it_opens(quote: str) -> None:
    """The parser notices it lines later (at the next quote, or at the end of the file): the
    message points at the quote that opens and says where it was noticed."""
    broken = SEED.replace("actividad: Feria", f"actividad: {quote}Feria", 1)
    with pytest.raises(InvalidDataError) as caught:
        load_text(broken, Path("p.yaml"))
    column = len("            actividad: ") + 1
    assert (caught.value.line, caught.value.column) == (LINE, column)
    assert caught.value.message.startswith("YAML mal formado: las comillas que abren aquí no "
                                           "se cierran (el analizador lo notó en la línea ")


def test_a_multiline_quoted_text_is_not_blamed_for_a_later_error() -> None:
    with pytest.raises(InvalidDataError) as caught:
        load_text('a: "uno\n  dos"\nb: [\n', Path("p.yaml"))
    assert caught.value.line == 4 and "comillas" not in caught.value.message
