"""What the editor shows: the committed schemas as yaml-language-server (VS Code's YAML
engine) reads them, through the `# yaml-language-server: $schema=…` line of each file.

These tests need node and the server: `.ci/run` installs it from npm and points
PAC_YAML_LANGUAGE_SERVER at it, which makes them required; without that variable they are
skipped (check-jsonschema in test_schema.py still checks the schemas themselves).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pac_cli.cli import app

from .conftest import ROOT
from .lsp import Editor

SERVER = os.environ.get("PAC_YAML_LANGUAGE_SERVER")
pytestmark = pytest.mark.skipif(not SERVER, reason="sin PAC_YAML_LANGUAGE_SERVER (lo pone "
                                                   ".ci/run)")

ENGLISH = re.compile(r"\b(is|not|must|Expected|Incorrect|Property|Missing|Value|String|does|"
                     r"allowed|match|type|schema)\b")


@pytest.fixture(scope="module")
def editor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Editor]:
    assert SERVER is not None
    server = Path(SERVER)
    assert server.is_file(), f"PAC_YAML_LANGUAGE_SERVER={SERVER} no existe"
    with Editor(server, tmp_path_factory.mktemp("editor")) as running:
        yield running


def test_a_new_project_and_this_one_show_no_marks(tmp_path: Path, runner: CliRunner,
                                                  editor: Editor) -> None:
    """The modelines resolve (an unresolved schema is a mark of its own) and every file the
    repository and `pac init` hold is valid to the editor as to `pac validate`."""
    made = runner.invoke(app, ["init", str(tmp_path / "nueva"), "--entidad", "Alcaldía de "
                               "Prueba", "--nit", "800000000-1", "--vigencia", "2026"])
    assert made.exit_code == 0, made.stderr
    files = [tmp_path / "nueva/pac.yaml", *sorted((tmp_path / "nueva/plans").glob("*.yaml")),
             ROOT / "pac.yaml", *sorted(ROOT.glob("plans/*.yaml")),
             *sorted(ROOT.glob("followups/*.yaml"))]
    marks = editor.diagnostics(*files)
    assert {str(p): m for p, m in marks.items() if m} == {}
    # and the schema is really in force: the same new plan, broken, is marked
    plan = next((tmp_path / "nueva/plans").glob("*.yaml"))
    plan.write_text(plan.read_text(encoding="utf-8").replace("vigencia: 2026",
                                                             'vigencia: "2026"'), encoding="utf-8")
    assert [m.message for m in editor.diagnostics(plan)[plan]] == [
        "Debe ser un número entero de 1990 a 2100, sin comillas."]


PLAN = (ROOT / "plans/2024.yaml").read_text(encoding="utf-8")
FOLLOWUP = (ROOT / "followups/2024-04-30.yaml").read_text(encoding="utf-8")


def _line(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


# name: (kind, original, replacement, what the editor says)
BROKEN = {
    "quoted_year": ("plan", "vigencia: 2024", 'vigencia: "2024"',
                    "Debe ser un número entero de 1990 a 2100, sin comillas."),
    "text_target": ("plan", "meta_anual: 15000", "meta_anual: quince mil",
                    "Debe ser un número mayor que 0 y hasta 1.000.000.000.000, sin separador "
                    "de miles (15000, no 15.000)."),
    # pac's own limit, which the editor did not know (pac refused it, the editor did not)
    "huge_target": ("plan", "meta_anual: 15000", "meta_anual: 2000000000000",
                    "Es demasiado grande: una cifra de un plan va hasta 1.000.000.000.000."),
    "typo_key": ("plan", "meta_anual: 15000", "meta_anul: 15000", "Campos de «Actividad»"),
    "impossible_cutoff": ("seguimiento", "corte: 2024-04-30", "corte: 2024-02-30",
                          "Escriba una fecha que exista"),
    "quoted_boolean": ("seguimiento", "logro: 11842", 'sin_avance: "true"',
                       "Debe ser true o false, sin comillas."),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_wrong_value_is_marked_in_spanish_on_its_line(tmp_path: Path, editor: Editor,
                                                        name: str) -> None:
    kind, old, new, message = BROKEN[name]
    folder = tmp_path / ("plans" if kind == "plan" else "followups")
    folder.mkdir()
    shutil.copytree(ROOT / "schema", tmp_path / "schema")
    original = PLAN if kind == "plan" else FOLLOWUP
    assert old in original
    path = folder / f"{name}.yaml"
    path.write_text(original.replace(old, new, 1), encoding="utf-8")
    marks = editor.diagnostics(path)[path]
    assert [m.line for m in marks] == [_line(original, old)], marks
    assert message in marks[0].message
    assert not ENGLISH.search(marks[0].message), marks[0].message


def test_a_nullable_field_hovers_with_one_title(tmp_path: Path, editor: Editor) -> None:
    shutil.copytree(ROOT / "schema", tmp_path / "schema")
    (tmp_path / "plans").mkdir()
    path = tmp_path / "plans/2024.yaml"
    path.write_text(PLAN, encoding="utf-8")
    editor.diagnostics(path)
    line = _line(PLAN, "meta_anual: 15000")
    column = PLAN.splitlines()[line - 1].index("meta_anual") + 2
    text = editor.hover(path, line, column)
    assert "Meta anual" in text and "||" not in text, text


# Where the editor is asked for keys: (file kind, the text before the cursor's line, the
# cursor's indentation, the schema object whose keys it must offer). The object's keys
# already written are not offered again.
COMPLETIONS = [
    ("plan", "vigencia: 2024\n", "", None),
    ("plan", "vigencia: 2024\ncomponentes:\n  - numero: 4\n", "    ", "Component"),
    ("plan", "vigencia: 2024\ncomponentes:\n  - numero: 4\n    subcomponentes:\n"
             "      - numero: 1\n", "        ", "Subcomponent"),
    ("plan", "vigencia: 2024\ncomponentes:\n  - numero: 4\n    subcomponentes:\n"
             "      - numero: 1\n        actividades:\n          - id: \"1.1\"\n",
     "            ", "Activity"),
    ("plan", "vigencia: 2024\ncontrol_de_cambios:\n  - fecha: 2024-06-01\n", "    ",
     "ChangeLogEntry"),
    ("seguimiento", "vigencia: 2024\n", "", None),
    ("seguimiento", "vigencia: 2024\navances:\n  - actividad: \"1.1\"\n", "    ",
     "Progress"),
    ("seguimiento", "vigencia: 2024\nacta:\n  numero: \"1\"\n", "  ", "Minutes"),
    ("seguimiento", "vigencia: 2024\ninforme:\n  numero: \"1\"\n", "  ", "Report"),
    ("proyecto", "entidad:\n  nombre: X\n", "  ", "Entity"),
    ("proyecto", "entidad:\n  nombre: X\n", "", None),
    ("proyecto", "entidad:\n  nombre: X\nformato_acta:\n  proceso: P\n", "  ",
     "DocumentControl"),
]


def _keys(kind: str, definition: str | None) -> set[str]:
    import json

    name = {"plan": "plan", "seguimiento": "seguimiento", "proyecto": "proyecto"}[kind]
    schema = json.loads((ROOT / f"schema/{name}.schema.json").read_text(encoding="utf-8"))
    target = schema if definition is None else schema["$defs"][definition]
    return set(target["properties"])


@pytest.mark.parametrize(("kind", "before", "indent", "definition"), COMPLETIONS,
                         ids=[f"{k}-{d or 'raiz'}" for k, _, _, d in COMPLETIONS])
def test_the_editor_offers_every_key_of_each_object(tmp_path: Path, editor: Editor, kind: str,
                                                    before: str, indent: str,
                                                    definition: str | None) -> None:
    """yaml-language-server 1.25 stopped listing an object's keys after the first whose
    schema said «"default": null»: 53 of 81 keys were offered."""
    shutil.copytree(ROOT / "schema", tmp_path / "schema")
    folder = {"plan": "plans", "seguimiento": "followups", "proyecto": "."}[kind]
    (tmp_path / folder).mkdir(exist_ok=True)
    path = tmp_path / folder / ("pac.yaml" if kind == "proyecto" else f"{kind}.yaml")
    modeline = f"# yaml-language-server: $schema={'.' if kind == 'proyecto' else '..'}" \
               f"/schema/{kind}.schema.json\n"
    text = modeline + before + indent + "\n"
    path.write_text(text, encoding="utf-8")
    editor.diagnostics(path)
    line = text.count("\n")  # the last line, 1-based: the cursor's
    offered = set(editor.completion(path, line, len(indent) + 1))
    # the keys the object already has: at the cursor's indentation, or its list item's first
    at = len(indent)
    written = set(re.findall(rf"^(?: {{{at}}}| {{{max(at - 2, 0)}}}- )([a-z_]+):", before,
                             re.MULTILINE)) if at else set(re.findall(r"^([a-z_]+):", before,
                                                                      re.MULTILINE))
    missing = _keys(kind, definition) - offered - written
    assert missing == set(), (sorted(missing), sorted(offered))
