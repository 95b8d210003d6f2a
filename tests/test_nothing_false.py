"""Nothing false reaches the public: no copied publication date, no placeholder, no empty
section of the entity's acta format, no format dated after the acta it heads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from pac_cli.cli import app
from pac_cli.models.followup import Minutes, Report
from pac_cli.models.project_config import DocumentControl

from .conftest import CONFIG, FOLLOWUP, PLAN, REPORT, ROOT, SECTIONS, build_tree

FORMAT = ("formato_acta:\n  proceso: GESTIÓN DOCUMENTAL\n  codigo: F-1\n  formato: ACTA\n"
          "  version: '01'\n  fecha: 2014-12-19\n")
ACTA = ("acta:\n  numero: '1'\n  fecha: 2024-05-14\n  hora_inicio: '08:00'\n"
        "  hora_fin: '10:00'\n  lugar: OCI\n  asistentes: [{nombre: Ana, cargo: Jefe}]\n"
        "  objetivo: Revisar\n  conclusiones: Avance del {total}.\n")


def _render(runner: CliRunner, root: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["render", "acta", "-C", str(root), "--corte", "2024-04-30",
                                 "-f", "md", "-o", str(root / "acta.md")])
    return result.exit_code, result.stderr.replace(f"{root}/", "")


def test_a_complete_acta_is_final(tmp_path: Path, runner: CliRunner) -> None:
    root = build_tree(tmp_path, {"pac.yaml": CONFIG + FORMAT, "plans/2024.yaml": PLAN,
                                 "followups/2024-04-30.yaml": FOLLOWUP + ACTA + SECTIONS})
    code, err = _render(runner, root)
    assert code == 0, err


@pytest.mark.parametrize(("config", "acta", "reason"), [
    (CONFIG + FORMAT.replace("codigo: F-1", 'codigo: "Código del formato (complete)"'),
     ACTA + SECTIONS, "pac.yaml:6:11: error: «Código del formato (complete)» sigue marcado "
                      "«(complete)»: escriba el dato real"),
    (CONFIG + FORMAT.replace("fecha: 2014-12-19", "fecha: 2024-06-01"), ACTA + SECTIONS,
     "pac.yaml:9:10: error: la fecha del formato del acta (2024-06-01) es posterior a la del "
     "acta (2024-05-14, followups/2024-04-30.yaml)"),
    (CONFIG + FORMAT.replace("  fecha: 2014-12-19\n", ""), ACTA + SECTIONS,
     "pac.yaml:4:1: error: el formato del acta no tiene «fecha»"),
    (CONFIG + FORMAT, ACTA + SECTIONS.replace("  cierre: Se cierra la reunión.\n", ""),
     "followups/2024-04-30.yaml:9:1: error: el acta no tiene «cierre», que el formato de la "
     "entidad pide"),
    (CONFIG + FORMAT, ACTA.replace("lugar: OCI", "lugar: Lugar (complete)") + SECTIONS,
     "followups/2024-04-30.yaml:14:10: error: «Lugar (complete)» sigue marcado «(complete)»"),
    (CONFIG.replace("Alcaldía de Prueba", '"Nombre de la entidad (complete)"') + FORMAT,
     ACTA + SECTIONS, "pac.yaml:2:11: error: «Nombre de la entidad (complete)» sigue marcado"),
])
def test_what_is_not_yet_true_makes_a_draft(tmp_path: Path, runner: CliRunner, config: str,
                                            acta: str, reason: str) -> None:
    root = build_tree(tmp_path, {"pac.yaml": config, "plans/2024.yaml": PLAN,
                                 "followups/2024-04-30.yaml": FOLLOWUP + acta})
    assert runner.invoke(app, ["validate", "-C", str(root)]).exit_code == 0
    code, err = _render(runner, root)
    assert code == 1 and not (root / "acta.md").exists()
    assert "es un borrador y no se publica como definitivo" in err
    assert any(line.startswith(reason) for line in err.splitlines()), err
    # a format that asks for fewer sections
    if "cierre" in reason:
        build_tree(root, {"pac.yaml": config + "  secciones: [conclusiones]\n"})
        assert _render(runner, root)[0] == 0


def test_init_lists_every_optional_key_of_the_acta_format(tmp_path: Path,
                                                          runner: CliRunner) -> None:
    assert runner.invoke(app, ["init", str(tmp_path / "e")]).exit_code == 0
    text = (tmp_path / "e/pac.yaml").read_text(encoding="utf-8")
    block = text[text.index("formato_acta:"):text.index("# Marcos")]
    given = set(re.findall(r"^  (\w+):", block, re.MULTILINE))
    commented = set(re.findall(r"^  # (\w+):", block, re.MULTILINE))
    keys = {f.alias for f in DocumentControl.model_fields.values()}
    assert given | commented == keys
    assert not given & commented
    # nothing of the day it ran is taken for the format's date
    assert "fecha" in commented


def test_the_first_followup_carries_every_field_of_the_acta_and_informe(
        tmp_path: Path, runner: CliRunner) -> None:
    root = build_tree(tmp_path, {"pac.yaml": CONFIG, "plans/2024.yaml": PLAN,
                                 "followups/LEAME.md": ""})
    result = runner.invoke(app, ["followup", "new", "--corte", "2024-04-30", "-C", str(root)])
    assert result.exit_code == 0, result.output
    text = (root / "followups/2024-04-30.yaml").read_text(encoding="utf-8")
    lines = text[text.index("# acta:"):].splitlines()
    uncommented = "\n".join(line[2:] for line in lines if line.startswith("# "))
    data = YAML(typ="safe").load(uncommented)
    assert set(data["acta"]) == {f.alias for f in Minutes.model_fields.values()}
    assert set(data["informe"]) == {f.alias for f in Report.model_fields.values()}


def test_a_new_plan_is_not_already_published(tmp_path: Path, runner: CliRunner) -> None:
    source = build_tree(tmp_path, {"plans/2025.yaml": PLAN.replace("vigencia: 2024", (
        "vigencia: 2025\nmarco: ptep\npublicacion: {fecha: 2025-01-31, enlace: "
        "'https://e.gov.co/plan'}"))})
    result = runner.invoke(app, ["new", "plan", "--vigencia", "2026", "--from",
                                 str(source / "plans/2025.yaml")])
    assert result.exit_code == 0, result.output
    assert "publicacion" not in (source / "plans/2026.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("day", "message"), [
    ("2022-12-30", "la fecha de publicación 2022-12-30 es anterior a 2023, el año previo a la "
                   "vigencia 2024: no puede ser la de este plan"),
    ("2999-01-31", "la fecha de publicación 2999-01-31 es posterior a hoy"),
])
def test_a_publication_date_that_cannot_be_the_plans(tmp_path: Path, runner: CliRunner,
                                                     day: str, message: str) -> None:
    root = build_tree(tmp_path, {"pac.yaml": CONFIG, "plans/2024.yaml": PLAN + (
        f"publicacion: {{fecha: {day}}}\n")})
    result = runner.invoke(app, ["validate", "-C", str(root)])
    assert result.exit_code == 1
    assert f"plans/2024.yaml:16:22: error: {message}" in result.stdout
    # December of the year before is when many entities publish: fine
    build_tree(root, {"plans/2024.yaml": PLAN + "publicacion: {fecha: 2023-12-28}\n"})
    assert runner.invoke(app, ["validate", "-C", str(root)]).exit_code == 0


def test_a_followup_publication_cannot_be_in_the_future(tmp_path: Path,
                                                        runner: CliRunner) -> None:
    report = REPORT + "  publicacion: {fecha: 2999-05-20}\n"
    root = build_tree(tmp_path, {"pac.yaml": CONFIG, "plans/2024.yaml": PLAN,
                                 "followups/2024-04-30.yaml": FOLLOWUP + report})
    result = runner.invoke(app, ["validate", "-C", str(root)])
    assert result.exit_code == 1 and "la fecha de publicación es posterior a hoy" in \
        result.stdout


def test_the_repository_acta_records_its_signed_total() -> None:
    assert "total_firmado: 33.76" in (ROOT / "followups/2024-04-30.yaml").read_text(
        encoding="utf-8")


def _visible_texts(path: Path) -> str:
    """What a reader sees of a document: the text of its body, not its properties."""
    import zipfile

    if path.suffix in {".docx", ".xlsx"}:
        with zipfile.ZipFile(path) as archive:
            return " ".join(archive.read(n).decode("utf-8") for n in archive.namelist()
                            if n.endswith(".xml") and not n.startswith("docProps/"))
    text = path.read_text(encoding="utf-8")
    # html's head and Markdown's closing comment are the properties of those formats
    return re.sub(r"<head>.*</head>|<!-- pac: .* -->", "", text, flags=re.DOTALL)


def test_documents_name_no_path_hash_or_commit(tmp_path: Path, runner: CliRunner) -> None:
    import hashlib
    import shutil
    import subprocess
    import zipfile

    root = tmp_path / "entidad"
    root.mkdir()
    for name in ("pac.yaml", "plans", "followups"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t",
                    "commit", "-qm", "datos"], check=True)
    commit = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], check=True,
                            capture_output=True, text=True).stdout.strip()
    # a draft of 31 December, started by followup new: no acta, no informe yet
    assert runner.invoke(app, ["followup", "new", "--corte", "2024-12-31", "-C",
                               str(root)]).exit_code == 0
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t",
                    "commit", "-qm", "borrador"], check=True)
    commit = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], check=True,
                            capture_output=True, text=True).stdout.strip()
    digest = hashlib.sha256((root / "plans/2024.yaml").read_bytes()).hexdigest()
    out = tmp_path / "out"
    out.mkdir()
    for borrador in ([], ["--borrador"]):
        for document, fmt in (("acta", "docx"), ("acta", "md"), ("acta", "html"),
                              ("informe", "md"), ("informe", "html"), ("informe", "xlsx")):
            cutoff = "2024-12-31" if borrador and document == "informe" else "2024-04-30"
            target = out / f"{document}{len(borrador)}.{fmt}"
            result = runner.invoke(app, ["render", document, "-C", str(root), "--corte",
                                         cutoff, "-f", fmt, "-o", str(target), *borrador])
            assert result.exit_code == 0, result.output
            visible = _visible_texts(target)
            for internal in (".yaml", "sha256", digest[:12], commit[:12], str(tmp_path)):
                assert internal not in visible, (target.name, internal)
            # the provenance is in the properties: what an auditor checks
            data = (zipfile.ZipFile(target).read("docProps/core.xml").decode()
                    if fmt in {"docx", "xlsx"} else target.read_text(encoding="utf-8"))
            assert f"plan-sha256={digest}" in data and f"commit={commit}" in data
            assert str(tmp_path) not in data


@pytest.mark.parametrize("cutoff", ["2024-04-30T00:00:00", "2024-04-30 00:00"])
def test_a_date_with_a_time_is_refused_as_the_schema_does(tmp_path: Path, runner: CliRunner,
                                                          cutoff: str) -> None:
    root = build_tree(tmp_path, {"pac.yaml": CONFIG, "plans/2024.yaml": PLAN,
                                 "followups/2024-04-30.yaml": FOLLOWUP.replace(
                                     "corte: 2024-04-30", f"corte: {cutoff}") + REPORT})
    result = runner.invoke(app, ["validate", "-C", str(root)])
    assert result.exit_code == 1
    assert "corte: debe ser una fecha AAAA-MM-DD, sin hora" in result.stdout


@pytest.mark.parametrize(("written", "message"), [
    ("2025-02-31", "corte: «2025-02-31» no es una fecha que exista: febrero de 2025 tiene 28 "
                   "días"),
    ("2024-13-01", "corte: «2024-13-01» no es una fecha que exista: no hay mes 13"),
    ('"30/04/2024"', "corte: «30/04/2024» no está escrita AAAA-MM-DD: ¿quiso decir "
                     "2024-04-30?"),
    ('"31/04/2024"', "corte: «31/04/2024» no es una fecha que exista: abril de 2024 tiene 30 "
                     "días"),
])
def test_a_date_that_does_not_exist_is_told_so(tmp_path: Path, runner: CliRunner, written: str,
                                               message: str) -> None:
    """«debe ser una fecha AAAA-MM-DD» for 2025-02-31 was wrong: it is in that form."""
    root = build_tree(tmp_path, {"pac.yaml": CONFIG, "plans/2024.yaml": PLAN,
                                 "followups/2024-04-30.yaml": FOLLOWUP.replace(
                                     "corte: 2024-04-30", f"corte: {written}") + REPORT})
    result = runner.invoke(app, ["validate", "-C", str(root)])
    assert result.exit_code == 1 and message in result.stdout, result.stdout
    # and the schema refuses what pac refuses
    from pac_cli.models.fields import DATE_PATTERN

    assert re.fullmatch(DATE_PATTERN, written.strip('"')) is None


@pytest.mark.parametrize(("scheduled", "refused"), [
    ("Vigencia 2024", None), ("30/06/2024", None), ("Hasta el 2024-06-30", None),
    ("31/02/2025", "«31/02/2025» no es una fecha que exista: febrero de 2025 tiene 28 días"),
    ("Entre 2024-02-30 y diciembre", "«2024-02-30» no es una fecha que exista"),
])
def test_a_scheduled_date_written_as_text_must_exist(tmp_path: Path, runner: CliRunner,
                                                     scheduled: str, refused: str | None) -> None:
    plan = PLAN.replace("meta_anual: 3\n", f'meta_anual: 3\n            fecha_programada: '
                                           f'"{scheduled}"\n', 1)
    assert scheduled in plan
    root = build_tree(tmp_path, {"pac.yaml": CONFIG, "plans/2024.yaml": plan})
    result = runner.invoke(app, ["validate", "-C", str(root)])
    if refused is None:
        assert result.exit_code == 0, result.stdout
    else:
        assert result.exit_code == 1 and f"fecha_programada: {refused}" in result.stdout
