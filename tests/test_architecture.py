"""The shape of the code: imports run one way, and the README's map names every module."""

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


def test_the_engine_only_knows_the_models() -> None:
    assert GRAPH["pac_cli.engine"] == {"pac_cli.models", "pac_cli.schedule"}
    assert GRAPH["pac_cli.schedule"] == {"pac_cli.models"}


@pytest.mark.parametrize("name", sorted(n for n in MODULES
                                        if n.startswith(("pac_cli.render", "pac_cli.report",
                                                         "pac_cli.texts"))))
def test_documents_and_reports_neither_read_data_nor_orchestrate(name: str) -> None:
    """They turn a `FollowupRun` into a document; selecting and computing is the service's."""
    forbidden = {"pac_cli.loader", "pac_cli.checks", "pac_cli.frames", "pac_cli.calendar",
                 "pac_cli.gitrev", "pac_cli.validation"}
    assert not GRAPH[name] & forbidden


def test_lower_layers_do_not_import_upper_ones() -> None:
    layers = [
        {"pac_cli.errors", "pac_cli.problems", "pac_cli.fmt", "pac_cli.project", "pac_cli.files"},
        {"pac_cli.loader", "pac_cli.sheets"},
        {"pac_cli.models"},
        {"pac_cli.validation", "pac_cli.frames", "pac_cli.calendar"},
        {"pac_cli.checks", "pac_cli.checks.plan", "pac_cli.checks.followup", "pac_cli.engine",
         "pac_cli.schedule", "pac_cli.matrix",
         "pac_cli.diff", "pac_cli.results", "pac_cli.gitrev"},
        {"pac_cli.service", "pac_cli.review", "pac_cli.newplan", "pac_cli.nextfollowup",
         "pac_cli.schema", "pac_cli.importer"},
        {"pac_cli.templating", "pac_cli.texts", "pac_cli.report", "pac_cli.diffreport",
         "pac_cli.calreport",
         "pac_cli.render", "pac_cli.render.context", "pac_cli.render.output",
         "pac_cli.render.xlsx", "pac_cli.render.matrix", "pac_cli.render.pdf",
         "pac_cli.exporter"},
        {"pac_cli.cli", "pac_cli.__main__", "pac_cli.spanish"},
    ]
    placed = set().union(*layers)
    assert placed == set(MODULES) - {"pac_cli"}, "a new module needs its layer here"
    rank = {name: i for i, layer in enumerate(layers) for name in layer}
    upward = [(name, other) for name, deps in GRAPH.items() if name in rank
              for other in deps if other in rank and rank[other] > rank[name]]
    assert upward == []


def test_the_readme_map_names_every_module() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### El código"):]
    section = section[: section.index("\n## ")]
    missing = [str(p.relative_to(PACKAGE)) for p in MODULES.values()
               if f"`{p.relative_to(PACKAGE).as_posix()}`" not in section]
    assert missing == []
