"""What is published can be trusted: a draft never passes for final, and an acta's texts
and number cannot be the previous cutoff's."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from typer.testing import CliRunner

from pac_cli.cli import app

from .conftest import CONFIG, FOLLOWUP, PLAN, REPORT, ROOT, SECTIONS, build_tree

MARK = "BORRADOR — no publicar"


def _seed(tmp_path: Path) -> Path:
    """The seed project with April's acta and August's informe, and December started with
    `pac followup new` (every activity still «por_actualizar», no acta nor informe)."""
    root = build_tree(tmp_path / "p", {name: (ROOT / name).read_text(encoding="utf-8") for name in
                                       ("pac.yaml", "plans/2024.yaml",
                                        "followups/2024-04-30.yaml",
                                        "followups/2024-08-31.yaml")})
    result = CliRunner().invoke(app, ["followup", "new", "--cutoff", "2024-12-31", "-C",
                                      str(root)])
    assert result.exit_code == 0, result.stderr
    return root


def test_render_right_after_followup_new_is_refused_with_every_reason(
        tmp_path: Path, runner: CliRunner) -> None:
    root = _seed(tmp_path)
    for document in ("informe", "acta"):
        out = tmp_path / f"{document}.html"
        result = runner.invoke(app, ["render", document, "--corte", "2024-12-31", "-o",
                                     str(out), "-C", str(root)])
        assert result.exit_code == 1
        lines = result.stderr.splitlines()
        assert lines[0] == ("error: el seguimiento con corte 2024-12-31 es un borrador y no se "
                            f"publica como definitivo; con --borrador se produce marcado «{MARK}»")
        pending = [line for line in lines if "sigue «por_actualizar»" in line]
        assert [re.search(r"actividad (\S+) sigue", line)[1] for line in pending] == [  # type: ignore[index]
            "1.1", "1.2", "2.1", "2.2", "2.3", "3.1", "3.2", "4.1", "4.2", "4.3", "4.4", "4.5",
            "5.1"]
        assert all(re.match(rf"{re.escape(str(root))}/followups/2024-12-31\.yaml:\d+:\d+: "
                            "error: ", line) for line in lines[1:])
        assert any("no tiene acta ni informe" in line for line in lines)
        assert not out.exists()


@pytest.mark.parametrize("fmt", ["html", "md", "xlsx"])
def test_a_draft_rendered_anyway_says_so(tmp_path: Path, runner: CliRunner, fmt: str) -> None:
    root = _seed(tmp_path)
    out = tmp_path / f"informe.{fmt}"
    result = runner.invoke(app, ["render", "informe", "--corte", "2024-12-31", "--borrador",
                                 "-o", str(out), "-C", str(root)])
    assert result.exit_code == 0, result.stderr
    if fmt == "xlsx":
        book = openpyxl.load_workbook(out)
        ws = book["Seguimiento"]
        assert str(ws["A2"].value).startswith(MARK)
        assert str(ws.oddHeader.center.text).startswith(MARK)  # type: ignore[union-attr]
        assert book.properties.title.startswith(MARK)
        return
    text = out.read_text(encoding="utf-8")
    if fmt == "html":
        assert f"<title>{MARK} · " in text
        assert f'<p class="borrador" role="note">{MARK}</p>' in text
        assert "@top-right { content: \"BORRADOR \\2014  no publicar\"" in text  # every page
        assert f"<h1>{MARK} · Informe de seguimiento" in text
    else:
        assert text.startswith(f"> **{MARK}**\n\n# {MARK} · Informe de seguimiento")


def test_a_final_followup_rendered_as_a_draft_is_marked_too(tmp_path: Path,
                                                           runner: CliRunner) -> None:
    out = tmp_path / "acta.docx"
    result = runner.invoke(app, ["render", "acta", "--corte", "2024-04-30", "--borrador", "-o",
                                 str(out), "-C", str(ROOT)])
    assert result.exit_code == 0, result.stderr
    document = Document(str(out))
    header = [p.text for p in document.sections[0].header.paragraphs]
    assert MARK in header  # the running header: every page
    assert document.paragraphs[0].text == MARK
    assert document.core_properties.title == f"{MARK} · Acta N° 2024-036"
    plain = tmp_path / "final.docx"
    assert runner.invoke(app, ["render", "acta", "--corte", "2024-04-30", "-o", str(plain), "-C",
                               str(ROOT)]).exit_code == 0
    final = Document(str(plain))
    assert all(MARK not in p.text for p in final.paragraphs)
    assert all(MARK not in p.text for p in final.sections[0].header.paragraphs)


def test_a_template_that_drops_the_mark_cannot_make_a_draft(tmp_path: Path,
                                                            runner: CliRunner) -> None:
    root = _seed(tmp_path)
    build_tree(root, {"templates/informe.md.j2": "# Informe {{ cutoff_text }}\n{{ total }}\n"})
    out = tmp_path / "informe.md"
    result = runner.invoke(app, ["render", "informe", "--corte", "2024-12-31", "--borrador",
                                 "-f", "md", "-o", str(out), "-C", str(root)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"informe.md.j2: error: la plantilla no escribe «{MARK}»")
    assert not out.exists()


def test_calendar_and_status_show_a_draft_as_a_draft(tmp_path: Path, runner: CliRunner) -> None:
    root = _seed(tmp_path)
    calendar = json.loads(runner.invoke(app, ["calendar", "2024", "--hoy", "2025-01-10", "-f",
                                              "json", "-C", str(root)]).stdout)
    states = {c["corte"]: c["estado"] for c in calendar["cortes"]}
    assert states == {"2024-04-30": "presentado a tiempo", "2024-08-31": "presentado a tiempo",
                      "2024-12-31": "en borrador"}
    assert calendar["proximo"]["corte"] == "2024-12-31"  # still to present
    table = runner.invoke(app, ["calendar", "2024", "--hoy", "2025-01-20", "-C", str(root)],
                          env={"COLUMNS": "300"}).stdout
    assert "vencido, en borrador (el plazo venció hace 4 días)" in table
    assert ("Vencido sin presentar: el seguimiento con corte al 31 de diciembre de 2024 (Plan "
            "Anticorrupción y de Atención al Ciudadano 2024), vencido, en borrador; su plazo fue "
            "el 16 "
            "de enero de 2025.") in table
    status = json.loads(runner.invoke(app, ["status", "2024", "-f", "json", "-C",
                                            str(root)]).stdout)
    assert status["planes"][0]["en_borrador"] == ["2024-12-31"]
    markdown = runner.invoke(app, ["status", "2024", "-f", "markdown", "-C", str(root)]).stdout
    assert "| 31 de diciembre (en borrador) |" in markdown
    followup = json.loads(runner.invoke(app, ["followup", "--corte", "2024-12-31", "-f", "json",
                                              "-C", str(root)]).stdout)
    assert followup["en_borrador"] is True and len(followup["motivos_borrador"]) == 14
    final = json.loads(runner.invoke(app, ["followup", "--corte", "2024-04-30", "-f", "json",
                                           "-C", str(root)]).stdout)
    assert final["en_borrador"] is False and final["motivos_borrador"] == []


def _uncomment_the_copied_acta(path: Path, date: str) -> None:
    """What a hurried user does: takes the copied acta as it is and changes its date."""
    lines, inside = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        inside = inside or line.startswith("# acta:")
        uncommented = inside and line.startswith("#")
        inside = uncommented
        lines.append(line[2:] if uncommented else line)
    text = "\n".join(line for line in lines if line.strip() != "por_actualizar: true")
    path.write_text(text.replace("fecha: 2024-05-14", f"fecha: {date}") + "\n",
                    encoding="utf-8")


def test_an_acta_numbered_like_the_previous_one_is_an_error_at_its_line(
        tmp_path: Path, runner: CliRunner) -> None:
    root = build_tree(tmp_path / "p", {name: (ROOT / name).read_text(encoding="utf-8") for name in
                                       ("pac.yaml", "plans/2024.yaml",
                                        "followups/2024-04-30.yaml")})
    assert runner.invoke(app, ["followup", "new", "--cutoff", "2024-08-31", "-C",
                               str(root)]).exit_code == 0
    august = root / "followups/2024-08-31.yaml"
    _uncomment_the_copied_acta(august, "2024-09-10")
    result = runner.invoke(app, ["validate", "-C", str(root)])
    assert result.exit_code == 1
    line = next(i for i, text in enumerate(august.read_text(encoding="utf-8").splitlines(),
                                           start=1) if text.startswith("  numero:"))
    assert (f"followups/2024-08-31.yaml:{line}:11: error: el número de esta acta ya es el del "
            f"acta con corte 2024-04-30 ({root}/followups/2024-04-30.yaml, línea 16): cada acta "
            "o informe de la vigencia lleva su propio número") in result.stdout
    # and so nothing renders from it; with its own number it is August's acta, its texts
    # written from its own data: cutoff, number, total
    assert runner.invoke(app, ["render", "acta", "--corte", "2024-08-31", "-f", "md", "-o", "-",
                               "-C", str(root)]).exit_code == 1
    august.write_text(august.read_text(encoding="utf-8").replace("numero: 2024-036",
                                                                 "numero: 2024-071"),
                      encoding="utf-8")
    result = runner.invoke(app, ["render", "acta", "--corte", "2024-08-31", "-f", "md", "-o",
                                 "-", "-C", str(root)])
    assert result.exit_code == 0, result.stderr
    text = result.stdout.replace("\u00a0", " ")
    assert "## ACTA N° 2024-071" in text
    assert "con corte al 31 de agosto de 2024." in text  # the objective, from {corte}
    assert "30 de abril" not in text.split("## ACTA")[1].split("avances")[0].split(
        "| Subcomponente")[0]
    total = json.loads(runner.invoke(app, ["followup", "--corte", "2024-08-31", "-f", "json",
                                           "-C", str(root)]).stdout)["total"]["porcentaje"]
    assert f"presenta un avance del {total.replace('.', ',')} %" in text


def test_two_informes_with_one_number_and_a_publication_before_the_document(
        tmp_path: Path, runner: CliRunner) -> None:
    informe = REPORT + "  numero: OCI-1\n"
    august = (FOLLOWUP + informe).replace("corte: 2024-04-30", "corte: 2024-08-31").replace(
        "fecha: 2024-05-10", "fecha: 2024-09-05")
    root = build_tree(tmp_path, {"pac.yaml": CONFIG, "plans/2024.yaml": PLAN,
                                 "followups/a.yaml": FOLLOWUP + informe
                                 + "  publicacion: {fecha: 2024-05-09}\n",
                                 "followups/b.yaml": august})
    result = runner.invoke(app, ["validate", "-C", str(root)])
    assert result.exit_code == 1
    assert ("followups/b.yaml:13:11: error: el número de este informe ya es el del informe con "
            f"corte 2024-04-30 ({root}/followups/a.yaml, línea 13)") in result.stdout
    assert ("followups/a.yaml:14:24: error: la fecha de publicación es anterior a la del "
            "informe") in result.stdout


@pytest.mark.parametrize(("text", "warning"), [
    ("Seguimiento con corte al {corte}, acta {numero}: {total}.", None),
    ("Seguimiento con corte al {fecha}.", "«{fecha}» no es un dato que el acta sepa escribir "
     "(se conocen {total}, {corte}, {numero}): quedaría tal cual en el documento"),
    ("Seguimiento con corte al 31 de agosto de 2024.", "el texto nombra el 31 de agosto de 2024, "
     "otro corte de la vigencia, y este seguimiento tiene corte al 30 de abril: escriba {corte} "
     "y el acta dirá siempre el suyo"),
])
def test_the_actas_texts_are_written_from_the_data(tmp_path: Path, runner: CliRunner,
                                                   text: str, warning: str | None) -> None:
    acta = ("acta:\n  numero: 2024-036\n  fecha: 2024-05-14\n  hora_inicio: '08:00'\n"
            f"  hora_fin: '10:00'\n  lugar: OCI\n  asistentes: [{{nombre: Ana, cargo: Jefe}}]\n"
            f"  objetivo: '{text}'\n  conclusiones: Avance del {{total}}.\n" + SECTIONS)
    root = build_tree(tmp_path, {"pac.yaml": CONFIG + (ROOT / "pac.yaml").read_text(
        encoding="utf-8").split("formato_acta:")[1].join(["formato_acta:", ""]),
        "plans/2024.yaml": PLAN, "followups/f.yaml": FOLLOWUP + acta})
    result = runner.invoke(app, ["validate", "-C", str(root)])
    warnings = [line.split("advertencia: ")[1] for line in result.stdout.splitlines()
                if "advertencia: " in line]
    assert warnings == ([] if warning is None else [warning])
    if warning is None:
        md = runner.invoke(app, ["render", "acta", "--corte", "2024-04-30", "-f", "md", "-o",
                                 "-", "-C", str(root)]).stdout
        assert "Seguimiento con corte al 30 de abril de 2024, acta 2024-036: 72,80\u00a0%." in md


def test_documents_of_a_draft_are_the_same_bytes_every_time(tmp_path: Path,
                                                            runner: CliRunner) -> None:
    root = _seed(tmp_path)
    for fmt in ("docx", "xlsx", "html", "md"):
        document = "acta" if fmt == "docx" else "informe"
        made = []
        for n in (1, 2):
            out = tmp_path / f"{n}.{fmt}"
            if fmt == "docx":  # an acta needs an acta: April's, as a draft
                args = ["render", "acta", "--corte", "2024-04-30"]
            else:
                args = ["render", document, "--corte", "2024-12-31"]
            assert runner.invoke(app, [*args, "--borrador", "-o", str(out), "-C",
                                       str(root)]).exit_code == 0
            made.append(out.read_bytes())
        assert made[0] == made[1], fmt
        if fmt in {"docx", "xlsx"}:
            assert zipfile.ZipFile(io.BytesIO(made[0])).testzip() is None
