"""The shape of the code: imports run one way, and the manual's map names every module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "src" / "pac_cli"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path) -> set[str]:
    """Every pac_cli module `name` imports, at the top or inside a function."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("pac_cli")}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            if not base.startswith("pac_cli"):
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in MODULES else base)
    return found - {name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _cycle() -> list[str] | None:
    """A cycle of imports among pac_cli's modules, or None (the package's own __init__,
    which only re-exports lazily for Python users, is left out)."""
    graph = {k: {v for v in vs if v != "pac_cli"} for k, vs in GRAPH.items() if k != "pac_cli"}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt):], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_the_import_graph_has_no_cycle() -> None:
    assert _cycle() is None


MODEL_CLASSES = {"pac_cli.models.fields", "pac_cli.models.frame", "pac_cli.models.plan",
                 "pac_cli.models.followup"}


def test_the_engine_only_knows_the_models() -> None:
    assert GRAPH["pac_cli.compute.engine"] - MODEL_CLASSES == {"pac_cli.compute.schedule"}
    assert GRAPH["pac_cli.compute.schedule"] <= MODEL_CLASSES


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n.startswith("pac_cli.outputs")))
def test_documents_and_reports_neither_read_data_nor_orchestrate(name: str) -> None:
    """They turn a `FollowupRun` into a document; selecting and computing is the commands'."""
    forbidden = {"pac_cli.disk.yaml_reader", "pac_cli.checks.file_set",
                 "pac_cli.checks.plan_rules", "pac_cli.checks.followup_rules",
                 "pac_cli.models.frame_catalog", "pac_cli.compute.deadlines",
                 "pac_cli.disk.git_revisions", "pac_cli.models.validation"}
    assert not GRAPH[name] & forbidden


LAYERS = [
    ("pac_cli.errors", "pac_cli.es_co"),  # the base every layer uses; it imports nothing of pac
    ("pac_cli.disk",),
    ("pac_cli.models",),
    ("pac_cli.compute",),
    ("pac_cli.checks",),
    ("pac_cli.commands",),
    ("pac_cli.outputs",),
    ("pac_cli.cli", "pac_cli.__main__", "pac_cli.spanish"),
]
"""The layers, bottom up: a module belongs to the layer of its folder."""


def _layer(name: str) -> int | None:
    for rank, prefixes in enumerate(LAYERS):
        if any(name == p or name.startswith(p + ".") for p in prefixes):
            return rank
    return None


def test_every_module_has_a_layer() -> None:
    assert [n for n in MODULES if n != "pac_cli" and _layer(n) is None] == []


def test_lower_layers_do_not_import_upper_ones() -> None:
    upward = [(name, other) for name, deps in GRAPH.items() if (rank := _layer(name)) is not None
              for other in deps if (up := _layer(other)) is not None and up > rank]
    assert upward == []


def test_at_most_ten_modules_stand_at_the_top() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= 10, top


def test_no_two_modules_share_a_name() -> None:
    names = [p.stem for p in PACKAGE.rglob("*.py") if p.stem != "__init__"]
    assert sorted({n for n in names if names.count(n) > 1}) == []


def test_every_layer_says_what_it_holds() -> None:
    for init in PACKAGE.glob("*/__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and "import" in doc, init


def test_the_manual_map_names_every_folder_and_top_module() -> None:
    page = (ROOT / "docs" / "proyecto.md").read_text(encoding="utf-8")
    section = page[page.index("## El código"):]
    names = [f"{p.parent.name}/" for p in PACKAGE.glob("*/__init__.py")]
    names += [p.name for p in PACKAGE.glob("*.py")]
    assert [n for n in sorted(names) if f"`{n}`" not in section] == []
