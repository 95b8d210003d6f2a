"""Plan review: `pac diff`, change control with `pac validate --base`, and `pac new plan`."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pac_cli import load_plan
from pac_cli.cli import app
from pac_cli.compute.plan_diff import Kind, diff_plans, render_words, word_diff
from pac_cli.disk.yaml_reader import load_text
from pac_cli.es_co import number
from pac_cli.models.plan import Plan

from .conftest import CONFIG, FOLLOWUP, PLAN, ROOT, build_tree


def test_seed_plans_2023_to_2024_show_the_real_changes() -> None:
    result = diff_plans(load_plan(ROOT / "plans/2023.yaml"), load_plan(ROOT / "plans/2024.yaml"),
                        number=number)
    by_label = {c.label: c for c in result.changes}
    chat = by_label["1.3 → 2.1"]
    assert chat.kind is Kind.RENUMBERED
    assert [(f.name, f.old, f.new) for f in chat.fields if f.name == "meta anual"] == [
        ("meta anual", "12.000", "15.000")]
    fair = by_label["1.1"]
    assert ("meta anual", "3", "1") in [(f.name, f.old, f.new) for f in fair.fields]
    training = by_label["4.3"]
    fields = {f.name: f for f in training.fields}
    assert (fields["meta anual"].old, fields["meta anual"].new) == ("6", "3")
    assert fields["indicador"].new == "Número de capacitaciones realizadas en el periodo"
    assert "Capacitación a" in render_words(fields["actividad"].words)
    assert by_label["1.4 → 2.2"].kind is Kind.RENUMBERED
    assert by_label["2.1 → 2.3"].kind is Kind.RENUMBERED
    assert "[-monetarios-]" in render_words(
        {f.name: f for f in by_label["3.2"].fields}["actividad"].words)
    assert not any(c.kind in {Kind.ADDED, Kind.REMOVED} for c in result.changes)


def test_diff_cli_markdown_for_a_pull_request(runner: CliRunner) -> None:
    result = runner.invoke(app, ["diff", str(ROOT / "plans/2023.yaml"),
                                 str(ROOT / "plans/2024.yaml"), "-f", "markdown"])
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("## Revisión de cambios al plan")
    assert "| 1.3 → 2.1 Implementación del Chat Interactivo (Atenció… | meta anual | " \
           "12.000 → 15.000 |" in out
    assert "| 1.1 Feria de trámites y servicios. | meta anual | 3 → 1 |" in out
    assert "fecha programada: «Vigencia 2023» → «Vigencia 2024» (en 13 actividades)" in out


def test_word_diff_keeps_context_short() -> None:
    old = "uno dos tres cuatro cinco seis siete ocho nueve diez once doce"
    new = "uno dos tres cuatro cinco seis SIETE ocho nueve diez once doce"
    assert render_words(word_diff(old, new, context=2)) == \
        "… cinco seis [-siete-] {+SIETE+} ocho nueve …"


def _plan_diff(old: str, new: str) -> dict[str, Kind]:
    a = build_tree_plan(old)
    b = build_tree_plan(new)
    return {c.label: c.kind for c in diff_plans(a, b).changes}


def build_tree_plan(text: str) -> Plan:
    return Plan.model_validate(load_text(text, Path("p.yaml")).data)


def test_each_kind_of_change() -> None:
    added = PLAN + ('          - id: "1.3"\n            actividad: Nueva\n'
                    "            meta_anual: 1\n")
    assert _plan_diff(PLAN, added) == {"1.3": Kind.ADDED}
    assert _plan_diff(added, PLAN) == {"1.3": Kind.REMOVED}
    renumbered = PLAN.replace('id: "1.2"', 'id: "1.5"')
    assert _plan_diff(PLAN, renumbered) == {"1.2 → 1.5": Kind.RENUMBERED}
    changed = PLAN.replace("meta_anual: 3", "meta_anual: 4")
    assert _plan_diff(PLAN, changed) == {"1.2": Kind.CHANGED}
    spacing_only = PLAN.replace("actividad: Ferias", "actividad: Ferias.")
    assert _plan_diff(PLAN, spacing_only) == {}


def test_impact_of_a_target_change_on_the_followup(project: Path, runner: CliRunner) -> None:
    new = project / "nuevo.yaml"
    new.write_text(PLAN.replace("meta_anual: 15000", "meta_anual: 12000"), encoding="utf-8")
    result = runner.invoke(app, ["diff", str(project / "plans/2024.yaml"), str(new), "-f",
                                 "json", "-C", str(project)])
    assert result.exit_code == 0
    data = json.loads(result.stdout)[0]
    # 11842/15000 = 78,94 → 11842/12000 = 98,68; total (78,94+66,66)/2 = 72,80 → 82,67
    assert data["efecto"] == [{"corte": "2024-04-30", "total_antes": "72.80",
                               "total_despues": "82.67",
                               "actividades": [{"actividad": "1.1", "antes": "78.94",
                                                "despues": "98.68"}]}]


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.email=pac@example.invalid",
                    "-c", "user.name=pac", *args], check=True, capture_output=True)


@pytest.fixture
def repo(project: Path) -> Path:
    """The small project as a git repository with one commit."""
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "plan publicado")
    return project


def test_diff_base_reads_the_old_version_from_git(repo: Path, runner: CliRunner) -> None:
    build_tree(repo, {"plans/2024.yaml": PLAN.replace("meta_anual: 3", "meta_anual: 6"),
                      "followups/2024-04-30.yaml": FOLLOWUP.replace("logro: 2", "logro: 3")})
    git(repo, "commit", "-qam", "cambios")
    result = runner.invoke(app, ["diff", "--base", "HEAD~1", "-C", str(repo)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "followups/2024-04-30.yaml (modificado)" in out
    # follow-up: 2/3 = 66,66 → 3/3 = 100 ; plan: 3/3 = 100 → 3/6 = 50
    assert "total 72,80 % → 89,47 % (+16,67 puntos)" in out
    assert "plans/2024.yaml (modificado)" in out
    assert "total 89,47 % → 64,47 % (−25,00 puntos)" in out
    assert "meta anual: 3 → 6" in out


def test_change_control(repo: Path, runner: CliRunner) -> None:
    build_tree(repo, {"plans/2024.yaml": PLAN.replace("meta_anual: 3", "meta_anual: 6")})
    result = runner.invoke(app, ["validate", "--base", "HEAD", "-C", str(repo)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].endswith(
        "2024.yaml:15:13: error: la actividad 1.2 cambió (meta anual 3 → 6) desde HEAD, pero "
        "ninguna entrada nueva de control_de_cambios la nombra en «actividades» con su motivo")
    log = ("control_de_cambios:\n  - fecha: 2024-06-01\n    version: '2'\n"
           "    cambios: Dos ferias más\n    motivo: Solicitud de la comunidad\n"
           "    actividades: ['1.2']\n")
    # the entry must say how the activity was (a cutoff before it is computed with that)
    build_tree(repo, {"plans/2024.yaml": PLAN.replace("meta_anual: 3", "meta_anual: 6") + log})
    result = runner.invoke(app, ["validate", "--base", "HEAD", "-C", str(repo)])
    assert result.exit_code == 1
    assert "2024.yaml:21:18: error: «antes» no dice cómo era la actividad 1.2: meta anual 6 " \
           "según «antes», 3 en HEAD" in result.stdout
    build_tree(repo, {"plans/2024.yaml": PLAN.replace("meta_anual: 3", "meta_anual: 6") + log
                      + "    antes: {'1.2': {meta_anual: 4}}\n"})
    result = runner.invoke(app, ["validate", "--base", "HEAD", "-C", str(repo)])
    assert result.exit_code == 1
    assert "error: «antes» no dice cómo era la actividad 1.2: meta anual 4 según «antes», 3 " \
           "en HEAD" in result.stdout
    log += "    antes: {'1.2': {meta_anual: 3}}\n"
    build_tree(repo, {"plans/2024.yaml": PLAN.replace("meta_anual: 3", "meta_anual: 6") + log})
    result = runner.invoke(app, ["validate", "--base", "HEAD", "-C", str(repo)])
    assert result.exit_code == 0, result.output
    # an entry that names another activity does not cover this one
    build_tree(repo, {"plans/2024.yaml": PLAN.replace("meta_anual: 3", "meta_anual: 6")
                      + log.replace("['1.2']", "['1.1']")})
    assert runner.invoke(app, ["validate", "--base", "HEAD", "-C", str(repo)]).exit_code == 1


def test_change_control_names_the_component_when_numbers_repeat(
        tmp_path: Path, runner: CliRunner) -> None:
    """In a plan of several components «1.1» may be two activities: an entry that does not
    say its component covers neither, and `pac validate` asks for it."""
    other = ("  - numero: 1\n    nombre: Riesgos\n    subcomponentes:\n      - numero: 1\n"
             "        nombre: Política\n        actividades:\n          - id: '1.1'\n"
             "            actividad: Política de riesgos\n            meta_anual: 1\n")
    plan = PLAN.replace("componentes:\n", "componentes:\n" + other, 1)
    root = build_tree(tmp_path / "p", {"pac.yaml": CONFIG, "plans/2024.yaml": plan})
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "plan publicado")
    changed = plan.replace("meta_anual: 15000", "meta_anual: 12000")

    def validate(entry: str) -> tuple[int, str]:
        log = ("control_de_cambios:\n  - fecha: 2024-06-01\n    version: '2'\n"
               "    cambios: Meta del chat\n    motivo: Capacidad del canal\n"
               f"    actividades: ['1.1']\n    antes: {{'1.1': {{meta_anual: 15000}}}}\n{entry}")
        build_tree(root, {"plans/2024.yaml": changed + log})
        result = runner.invoke(app, ["validate", "--base", "HEAD", "-C", str(root)])
        return result.exit_code, result.stdout

    code, out = validate("")
    assert code == 1
    assert "error: la actividad 1.1 está en los componentes 1 y 4: diga cuál con «componente»" \
        in out
    assert "la actividad 1.1 del componente 4 cambió (meta anual 15.000 → 12.000)" in out
    code, out = validate("    componente: 1\n")  # the other 1.1
    assert code == 1 and "la actividad 1.1 del componente 4 cambió" in out
    code, out = validate("    componente: 9\n")
    assert code == 1 and "error: el plan no tiene un componente 9" in out
    code, out = validate("    componente: 4\n")
    assert code == 0, out


def test_text_only_changes_need_no_log_entry(repo: Path, runner: CliRunner) -> None:
    build_tree(repo, {"plans/2024.yaml": PLAN.replace("actividad: Ferias",
                                                      "actividad: Ferias de servicios")})
    assert runner.invoke(app, ["validate", "--base", "HEAD", "-C", str(repo)]).exit_code == 0


def test_unknown_revision(repo: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["diff", "--base", "nada", "-C", str(repo)])
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: git no conoce la revisión «nada»"


def test_new_plan_keeps_comments_and_order(tmp_path: Path, runner: CliRunner) -> None:
    plan = PLAN.replace("vigencia: 2024", "vigencia: 2023")
    source = build_tree(tmp_path, {"plans/2023.yaml": "# encabezado del plan 2023\n" + plan.replace(
        "meta_anual: 3", "meta_anual: 3  # tres ferias") + "fuente: acta\n"})
    result = runner.invoke(app, ["new", "plan", "--vigencia", "2024", "--from",
                                 str(source / "plans/2023.yaml")])
    assert result.exit_code == 0, result.output
    text = (source / "plans/2024.yaml").read_text(encoding="utf-8")
    # the source's header spoke of the source: it says now where the plan came from
    assert text.startswith("# Plan de la vigencia 2024, empezado con «pac new plan» desde ")
    assert "encabezado del plan 2023" not in text and "\nvigencia: 2024\n" in text
    assert "meta_anual: 3  # tres ferias" in text
    assert "fuente" not in text
    assert load_plan(source / "plans/2024.yaml").year == 2024
    again = runner.invoke(app, ["new", "plan", "--vigencia", "2024", "--from",
                                str(source / "plans/2023.yaml")])
    assert again.exit_code == 1
    assert "no se sobrescribe" in again.stderr


def test_new_plan_from_the_seed(tmp_path: Path, runner: CliRunner) -> None:
    target = tmp_path / "2024.yaml"
    result = runner.invoke(app, ["new", "plan", "--vigencia", "2024", "--from",
                                 str(ROOT / "plans/2023.yaml"), "-o", str(target)])
    assert result.exit_code == 0

    def body(lines: list[str]) -> list[str]:  # after the header comment, without «fuente»
        start = next(i for i, line in enumerate(lines) if not line.startswith("#"))
        kept = lines[start:]
        if any(line.startswith("fuente:") for line in kept):
            at = next(i for i, line in enumerate(kept) if line.startswith("fuente:"))
            end = next(i for i in range(at + 1, len(kept)) if not kept[i].startswith(" "))
            kept = kept[:at] + kept[end:]
        return kept

    old = body((ROOT / "plans/2023.yaml").read_text(encoding="utf-8").splitlines())
    new = body(target.read_text(encoding="utf-8").splitlines())
    changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    assert all("2023" in a and b == a.replace("2023", "2024") for a, b in changed)
    assert len(changed) == 15  # vigencia, título and 13 fechas programadas


def test_a_paac_plan_does_not_go_past_2024(tmp_path: Path, runner: CliRunner) -> None:
    target = tmp_path / "2025.yaml"
    result = runner.invoke(app, ["new", "plan", "--vigencia", "2025", "--from",
                                 str(ROOT / "plans/2024.yaml"), "-o", str(target)])
    assert result.exit_code == 1 and not target.exists()
    assert "el plan de origen es del marco «paac», que se aplica hasta la vigencia 2024: para " \
           "2025 indique --marco ptep" in result.stderr
    result = runner.invoke(app, ["new", "plan", "--vigencia", "2025", "--marco", "ptep",
                                 "--from", str(ROOT / "plans/2024.yaml"), "-o", str(target)])
    assert result.exit_code == 0
    plan = load_plan(target)
    assert plan.frame == "ptep"
    # into another frame: the title names the PTEP, and the component that is not the
    # PTEP's 4 is said (it kept «Plan Anticorrupción…» and «Mecanismos…» without a word)
    assert plan.title == "Programa de Transparencia y Ética Pública 2025"
    assert result.stderr.splitlines()[1:] == [
        "aviso: el título decía «Plan Anticorrupción y de Atención al Ciudadano»: ahora dice "
        "«Programa de Transparencia y Ética Pública»",
        "aviso: el componente 4 es «Mecanismos para mejorar la atención al ciudadano» y en el "
        "marco «ptep» el 4 es «Canales de denuncia»: revise a qué componente van sus "
        "actividades"]


def test_new_plan_of_a_frame_without_a_source(tmp_path: Path, runner: CliRunner) -> None:
    root = build_tree(tmp_path, {"pac.yaml": CONFIG, "schema/plan.schema.json": "{}"})
    result = runner.invoke(app, ["new", "plan", "--vigencia", "2026", "-C", str(root)])
    assert result.exit_code == 0, result.stderr
    plan = load_plan(root / "plans/2026.yaml")
    assert plan.frame == "ptep" and [c.number for c in plan.components] == [1, 2, 3, 4, 5, 6]
    assert (root / "plans/2026.yaml").read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../schema/plan.schema.json")
    assert runner.invoke(app, ["validate", "-C", str(root)]).exit_code == 0


def test_new_plan_refuses_what_is_not_a_valid_plan(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["new", "plan", "--vigencia", "2025", "--from",
                                 str(ROOT / "followups/2024-04-30.yaml"), "-o",
                                 str(tmp_path / "x.yaml")])
    assert result.exit_code == 1
    assert "2024-04-30.yaml:12:1: error: el documento: falta el campo obligatorio " \
           "«componentes»" in result.stderr
    result = runner.invoke(app, ["new", "plan", "--vigencia", "3000", "--from",
                                 str(ROOT / "plans/2024.yaml"), "-o", str(tmp_path / "x.yaml")])
    assert result.exit_code == 2
    assert "'--vigencia'" in result.stderr
    assert not (tmp_path / "x.yaml").exists()


def _hunks(repo: Path) -> list[range]:
    """The lines of the plan as it is now that `git diff` shows, hunk by hunk."""
    out = subprocess.run(["git", "-C", str(repo), "diff", "-U3", "HEAD", "--",
                          "plans/2024.yaml"], capture_output=True, text=True, check=True).stdout
    found = []
    for start, count in __import__("re").findall(r"^@@ -\S+ \+(\d+)(?:,(\d+))? @@", out,
                                                 __import__("re").MULTILINE):
        found.append(range(int(start), int(start) + int(count or 1)))
    return found


def test_a_removed_activity_is_annotated_inside_its_hunk(repo: Path, runner: CliRunner) -> None:
    """GitHub shows an annotation inline only on a line of the diff: a removed activity's
    error goes where its lines were, not to the top of the file."""
    removed = PLAN.replace('          - id: "1.1"\n            actividad: Chat\n'
                           '            meta_anual: 15000\n'
                           '            indicador: Ciudadanos atendidos\n', "")
    assert removed != PLAN
    build_tree(repo, {"plans/2024.yaml": removed})
    result = runner.invoke(app, ["validate", "--base", "HEAD", "-C", str(repo), "-f",
                                 "github"])
    line = next(x for x in result.stdout.splitlines() if "1.1 cambió (eliminada)" in x)
    number = int(line.split(",line=")[1].split(",")[0])
    assert any(number in hunk for hunk in _hunks(repo)), (number, _hunks(repo))
    assert number == removed.splitlines().index('          - id: "1.2"') + 1


def test_the_summary_keeps_its_marks_and_escapes_the_data(repo: Path, runner: CliRunner) -> None:
    """pac's word-diff marks show as bold and struck; the data's own asterisks as asterisks
    (the summary showed «\\*\\*y Bienestar\\*\\*»)."""
    long = ("indicador: Ciudadanos atendidos por el chat de la página web de la entidad en "
            "horario de oficina")
    build_tree(repo, {"plans/2024.yaml": PLAN.replace("indicador: Ciudadanos atendidos", long)})
    git(repo, "commit", "-qam", "indicador largo")
    build_tree(repo, {"plans/2024.yaml": PLAN.replace(
        "indicador: Ciudadanos atendidos", long.replace("entidad", "entidad *y sus sedes*"))})
    result = runner.invoke(app, ["diff", "--base", "HEAD", "-C", str(repo), "-f", "markdown"])
    assert "| indicador | … web de la entidad **\\*y sus sedes\\*** en horario de oficina |" in \
        result.stdout, result.stdout
