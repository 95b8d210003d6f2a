"""Hardening, third round: the surfaces added late (spreadsheets, frames, the calendar, the
PDF, follow-up new) keep the promise. Every hostile input gets one Spanish line with its
file, the documented exit code, within seconds and within memory; nothing is computed from
what validate refuses; nothing is written half.

The bombs are built here, small, from a valid file each: none is committed."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner, Result

from pac_cli.cli import app

from .conftest import CONFIG, FOLLOWUP, PLAN, REPORT, ROOT, SECTIONS, build_tree

ENGLISH = ("Traceback", "Error:", "File ", "codec", "Errno", "timed out", "zip file",
           "Permission denied", "No such file", "not allowed", "unacceptable", "Exception",
           "invalid literal", "Expected", "unexpected")


def _one_spanish_line(result: Result, code: int) -> str:
    assert result.exit_code == code, (result.exit_code, result.stderr, result.exception)
    assert not isinstance(result.exception, Exception) or isinstance(result.exception,
                                                                     SystemExit)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert [w for w in ENGLISH if w in lines[0]] == [], lines[0]
    return lines[0]


# --- spreadsheets --------------------------------------------------------------------------

def _xlsx(**change: bytes | None) -> bytes:
    """A small valid workbook (a plan matrix), with parts replaced (None: removed)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Subcomponente", "Actividades", "Meta anual"])
    ws.append(["Canales", "1.1 Chat", 15000])
    buffer = io.BytesIO()
    wb.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename in change:
                continue
            target.writestr(item, source.read(item))
        for name, data in change.items():
            if data is not None:
                target.writestr(name, data)
    return out.getvalue()


SHEET = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.'
         'org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData>{extra}</worksheet>')


def _sheet(rows: str, extra: str = "") -> bytes:
    return SHEET.format(rows=rows, extra=extra).encode()


HEADER = ('<row r="1"><c r="A1" t="inlineStr"><is><t>Actividades</t></is></c>'
          '<c r="B1" t="inlineStr"><is><t>Meta anual</t></is></c></row>')


def _number_row(value: str) -> bytes:
    return _sheet(HEADER + f'<row r="2"><c r="A2" t="inlineStr"><is><t>1.1 Chat</t></is></c>'
                           f'<c r="B2"><v>{value}</v></c></row>')


def _shared_strings_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        source = zipfile.ZipFile(io.BytesIO(_xlsx()))
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("xl/sharedStrings2.xml", b"<sst>" + b"a" * (60 * 1024 * 1024) + b"</sst>")
    return out.getvalue()


ODS_MANIFEST = (b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:'
                b'oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                b'<manifest:file-entry manifest:full-path="/" manifest:media-type="application/'
                b'vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path='
                b'"content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
ODS_CONTENT = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office='
               '"urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:'
               'tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:'
               'xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>'
               '<table:table table:name="Hoja1">{rows}</table:table></office:spreadsheet>'
               '</office:body></office:document-content>')


def _ods(rows: str, mimetype: bytes = b"application/vnd.oasis.opendocument.spreadsheet",
         content: bytes | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        target.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        target.writestr("META-INF/manifest.xml", ODS_MANIFEST)
        target.writestr("content.xml", content if content is not None
                        else ODS_CONTENT.format(rows=rows).encode())
    return out.getvalue()


def _cell(text: str, attrs: str = "") -> str:
    return f'<table:table-cell office:value-type="string" {attrs}><text:p>{text}</text:p>' \
           "</table:table-cell>"


ODS_HEADER = f"<table:table-row>{_cell('Actividades')}{_cell('Meta anual')}</table:table-row>"

XXE = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
       b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&e;</t>'
       b"</si></sst>")
LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;'
          b'&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><sst xmlns="http:'
          b'//schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&c;</t></si></sst>'
          )

SPREADSHEETS: dict[str, tuple[str, Callable[[], bytes], str]] = {
    "sin-parte-de-hoja": ("xlsx", lambda: _xlsx(**{"xl/worksheets/sheet1.xml": None}),
                          "no tiene hojas"),
    "sin-hojas": ("xlsx", lambda: _xlsx(**{"xl/workbook.xml": (
        b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        b"<sheets/></workbook>")}), "no tiene hojas"),
    "cadena-fuera-de-rango": ("xlsx", lambda: _xlsx(**{"xl/worksheets/sheet1.xml": _sheet(
        '<row r="1"><c r="A1" t="s"><v>999</v></c></row>')}), "su contenido está dañado"),
    "xml-roto": ("xlsx", lambda: _xlsx(**{"xl/worksheets/sheet1.xml": b"<worksheet><sheetD"}),
                 "su contenido está dañado"),
    "nulo-xml": ("xlsx", lambda: _xlsx(**{"xl/worksheets/sheet1.xml": _sheet(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>a&#0;b</t></is></c></row>')}),
        "su contenido está dañado"),
    "control-crudo": ("xlsx", lambda: _xlsx(**{"xl/worksheets/sheet1.xml": _sheet(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>a\x01b</t></is></c></row>')}),
        "su contenido está dañado"),
    "xxe": ("xlsx", lambda: _xlsx(**{"xl/sharedStrings.xml": XXE}), "declara un DTD"),
    "mil-millones-de-risas": ("xlsx", lambda: _xlsx(**{"xl/sharedStrings.xml": LAUGHS}),
                              "declara un DTD"),
    "numero-1e400": ("xlsx", lambda: _xlsx(**{"xl/worksheets/sheet1.xml": _number_row("1e400")}),
                     "Sheet!B2: tiene un número infinito, indefinido o fuera de escala"),
    "numero-nan": ("xlsx", lambda: _xlsx(**{"xl/worksheets/sheet1.xml": _number_row("NaN")}),
                   "su contenido está dañado"),
    "numero-5000-cifras": ("xlsx", lambda: _xlsx(**{
        "xl/worksheets/sheet1.xml": _number_row("9" * 5000)}), "su contenido está dañado"),
    "cadenas-comprimidas": ("xlsx", _shared_strings_bomb, "descomprimido pesaría"),
    "combinada-gigante": ("xlsx", lambda: _xlsx(**{"xl/worksheets/sheet1.xml": _sheet(
        HEADER, '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>')}),
        "sus celdas combinadas cubren más de 200000 celdas"),
    "no-es-zip": ("xlsx", lambda: b"PK\x03\x04 no", "no es un archivo comprimido (zip)"),
    "ods-contenido-roto": ("ods", lambda: _ods("", content=b"<office:document-content"),
                           "no es una hoja de cálculo .ods válida: su contenido está dañado"),
    "ods-tipo-equivocado": ("ods", lambda: _ods(ODS_HEADER, mimetype=b"text/plain"),
                            "no es una hoja de cálculo .ods (su tipo dice otra cosa)"),
    "ods-repeticion-abc": ("ods", lambda: _ods(
        ODS_HEADER + "<table:table-row>" + _cell("x", 'table:number-columns-repeated="abc"')
        + "</table:table-row>"), "Hoja1!A2: dice que se repite o combina «abc» veces"),
    "ods-valor-1e400": ("ods", lambda: _ods(
        ODS_HEADER + '<table:table-row><table:table-cell office:value-type="float" '
        'office:value="1e400"><text:p>x</text:p></table:table-cell></table:table-row>'),
        "Hoja1!A2: tiene un número infinito, indefinido o fuera de escala"),
    "ods-filas-por-16384-columnas": ("ods", lambda: _ods(
        ODS_HEADER + '<table:table-row table:number-rows-repeated="1000">'
        + _cell("x", 'table:number-columns-repeated="16384"') + "</table:table-row>"),
        "es demasiado grande"),
    "ods-combinada-gigante": ("ods", lambda: _ods(
        ODS_HEADER + "<table:table-row>" + _cell(
            "x", 'table:number-rows-spanned="1048576" table:number-columns-spanned="16384"')
        + "</table:table-row>"), "sus celdas combinadas cubren más de 200000 celdas"),
    "csv-celda-enorme": ("csv", lambda: b"Actividades;Meta anual\n\"" + b"x" * 140_000
                         + b"\";1\n", "tiene una celda de más de 131072 caracteres"),
}


@pytest.mark.parametrize("name", sorted(SPREADSHEETS))
def test_a_hostile_spreadsheet_is_one_line(tmp_path: Path, runner: CliRunner,
                                           name: str) -> None:
    suffix, build, message = SPREADSHEETS[name]
    source = tmp_path / f"{name}.{suffix}"
    source.write_bytes(build())
    out = tmp_path / "plan.yaml"
    start = time.monotonic()
    result = runner.invoke(app, ["import", str(source), "--componente", "4", "--vigencia",
                                 "2024", "-o", str(out)])
    line = _one_spanish_line(result, 2)
    assert time.monotonic() - start < 20
    assert line.startswith(f"{source}:") and message in line, line
    assert not out.exists()


@pytest.mark.parametrize("name", ["cadenas-comprimidas", "combinada-gigante",
                                  "ods-filas-por-16384-columnas", "ods-combinada-gigante"])
def test_spreadsheet_bombs_stay_within_memory(tmp_path: Path, name: str) -> None:
    """Each bomb in a process of its own, whose peak memory is measured (its maximum
    resident set, as the benchmark does)."""
    suffix, build, _ = SPREADSHEETS[name]
    source = tmp_path / f"{name}.{suffix}"
    source.write_bytes(build())
    process = subprocess.Popen(
        [sys.executable, "-m", "pac_cli", "import", str(source), "--componente", "4",
         "--vigencia", "2024", "-o", str(tmp_path / "plan.yaml")],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 2
    assert usage.ru_maxrss * 1024 < 500 * 1024 * 1024, usage.ru_maxrss  # KiB on Linux
    assert process.stderr is not None and process.stderr.read().count(b"\n") == 1


def test_a_followup_matrix_of_long_texts_matches_in_seconds(tmp_path: Path,
                                                            runner: CliRunner) -> None:
    """300 activities of a thousand characters, 600 rows that match none: compared word by
    word first, character by character only with the closest (it took minutes)."""
    words = ["servicio", "ciudadano", "atención", "canal", "informe", "seguimiento", "trámite",
             "respuesta", "oportunidad", "capacitación", "evidencia", "dependencia"]

    def text(i: int) -> str:
        return f"Actividad {i} " + " ".join(words[(i * 7 + k * k) % 12] for k in range(130))

    activities = "".join(f'          - id: "1.{i}"\n            actividad: "{text(i)}"\n'
                         "            meta_anual: 10\n" for i in range(1, 301))
    plan = ("vigencia: 2024\ncomponentes:\n  - numero: 4\n    nombre: Atención\n"
            "    subcomponentes:\n      - numero: 1\n        nombre: Canales\n"
            "        actividades:\n" + activities)
    root = build_tree(tmp_path, {"pac.yaml": CONFIG, "plans/2024.yaml": plan})
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Subcomponente", "Actividades", "% Avance", "Observaciones"])
    for k in range(600):
        ws.append(["Canales", text(1000 + k), "5/10 = 50,00%", "obs"])
    matrix = tmp_path / "matriz.xlsx"
    wb.save(matrix)
    start = time.monotonic()
    result = runner.invoke(app, ["import", "--followup", str(matrix), "--corte", "2024-04-30",
                                 "-o", str(tmp_path / "f.yaml"), "-C", str(root)])
    assert result.exit_code == 1
    assert time.monotonic() - start < 20


def test_a_million_flow_lists_are_refused_before_parsing(tmp_path: Path,
                                                          runner: CliRunner) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("x: [" + ",".join(["[1]"] * 1_000_000) + "]\n", encoding="utf-8")
    start = time.monotonic()
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{path}:1:1: error: el documento tiene más de 200000 "
                                    "listas o mapas")
    assert time.monotonic() - start < 10


# --- what validate refuses, no command uses ---------------------------------------------------

FRAME = ("marcos:\n  - id: propio\n    nombre: Propio\n    norma: Ninguna\n    componentes:\n"
         "      - {numero: 4, nombre: Atención, nombre_corto: Atención}\n")


@pytest.mark.parametrize(("config", "plan", "expected"), [
    (CONFIG, PLAN.replace("vigencia: 2024", "vigencia: 2024\nzonas: {alta_desde: 50}"),
     "plans/2024.yaml:2:8: error: con el marco «paac», zonas: media_desde debe ser menor que "
     "alta_desde"),
    (CONFIG, PLAN.replace("vigencia: 2024", "vigencia: 2024\nmarco: nope"),
     "plans/2024.yaml:2:8: error: no hay un marco «nope»"),
    (CONFIG + FRAME + "    zonas: {media_desde: 90}\n",
     PLAN.replace("vigencia: 2024", "vigencia: 2024\nmarco: propio"),
     "pac.yaml:10:12: error: la zona media empieza en 90 % y la alta en 80 %"),
    (CONFIG + FRAME + "    seguimiento: {cortes: ['02-29', '12-31', '12-31']}\n",
     PLAN.replace("vigencia: 2024", "vigencia: 2024\nmarco: propio"),
     "pac.yaml:10:27: error: el corte 12-31 está repetido"),
    (CONFIG + FRAME + FRAME.replace("marcos:\n", ""),
     PLAN.replace("vigencia: 2024", "vigencia: 2024\nmarco: propio"),
     "pac.yaml:10:9: error: el marco «propio» está repetido"),
    (CONFIG, PLAN.replace("            meta_anual: 3\n", "            meta_anual: 3\n"
                          "            hitos: [{fecha: 2025-03-01, valor: 1}]\n"),
     "plans/2024.yaml:16:29: error: el hito 2025-03-01 no está en la vigencia 2024"),
    (CONFIG, PLAN + "control_de_cambios:\n  - {fecha: 2024-06-01, version: '2', cambios: x, "
     "motivo: y, actividades: ['1.1'], componente: 9}\n",
     "plans/2024.yaml:17:96: error: el plan no tiene un componente 9"),
])
def test_no_command_uses_what_validate_refuses(tmp_path: Path, runner: CliRunner, config: str,
                                               plan: str, expected: str) -> None:
    root = build_tree(tmp_path, {"pac.yaml": config, "plans/2024.yaml": plan,
                                 "followups/2024-04-30.yaml": FOLLOWUP + REPORT})
    os.chdir(tmp_path)
    try:
        validated = runner.invoke(app, ["validate"])
        assert validated.exit_code == 1
        assert expected in validated.stdout, validated.stdout
        before = _tree(root)
        for args in (["followup", "--corte", "2024-04-30"], ["status", "2024"],
                     ["render", "informe", "--corte", "2024-04-30", "-f", "md", "-o", "x.md"],
                     ["calendar", "2024", "--hoy", "2024-06-01"],
                     ["export", "plans/2024.yaml", "-o", "x.csv"],
                     ["export", "--corte", "2024-04-30", "-o", "y.csv"],
                     ["followup", "new", "--cutoff", "2024-08-31"]):
            result = runner.invoke(app, args)
            assert result.exit_code == 1, (args, result.stdout, result.stderr)
            assert expected in result.stderr, (args, result.stderr)
            assert "Traceback" not in result.stderr
        assert _tree(root) == before  # nothing written, nothing changed
    finally:
        os.chdir(ROOT)


def _tree(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_followup_new_refuses_when_the_previous_cutoff_is_broken(tmp_path: Path,
                                                                runner: CliRunner) -> None:
    broken = (FOLLOWUP + REPORT).replace("logro: 2", "logro: dos")
    root = build_tree(tmp_path, {"pac.yaml": CONFIG, "plans/2024.yaml": PLAN,
                                 "followups/2024-04-30.yaml": broken})
    result = runner.invoke(app, ["followup", "new", "--cutoff", "2024-08-31", "-C", str(root)])
    assert result.exit_code == 1
    assert "followups/2024-04-30.yaml:8:12: error: avance de la actividad 1.2, logro: debe ser " \
        "un número" in result.stderr
    assert not (root / "followups/2024-08-31.yaml").exists()  # April's data is not lost


def test_a_followup_whose_own_cutoff_is_broken_is_named(tmp_path: Path,
                                                        runner: CliRunner) -> None:
    root = build_tree(tmp_path, {"pac.yaml": CONFIG, "plans/2024.yaml": PLAN,
                                 "followups/f.yaml": (FOLLOWUP + REPORT).replace(
                                     "corte: 2024-04-30", "corte: 2024-04-31")})
    result = runner.invoke(app, ["followup", "--corte", "2024-04-30", "-C", str(root)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{root}/followups/f.yaml:3:8: error: corte: «2024-04-31» "
                                    "no es una fecha que exista: abril de 2024 tiene 30 días")


def test_split_cutoff_files_are_written_all_or_none(tmp_path: Path, runner: CliRunner) -> None:
    root = tmp_path / "v"
    shutil.copytree(ROOT / "examples/villa-ejemplo", root)
    # the second file's name is taken by a link to nowhere: the first must not stay
    (root / "followups/2025-08-31-ptep-2.yaml").symlink_to(tmp_path / "nada")
    result = runner.invoke(app, ["followup", "new", "--cutoff", "2025-08-31", "--marco", "ptep",
                                 "-C", str(root)])
    assert result.exit_code == 1
    assert not (root / "followups/2025-08-31-ptep-1.yaml").exists()


def test_what_pac_writes_it_can_read_back(tmp_path: Path, runner: CliRunner) -> None:
    """A matrix whose plan would be larger than validate reads is refused, not written."""
    rows = "".join(f"Canales;1.{i} {'x' * 30000};1\n" for i in range(1, 200))
    source = tmp_path / "grande.csv"
    source.write_text("Subcomponente;Actividades;Meta anual\n" + rows, encoding="utf-8")
    out = tmp_path / "plan.yaml"
    result = runner.invoke(app, ["import", str(source), "--componente", "4", "--vigencia",
                                 "2024", "-o", str(out)])
    assert result.exit_code == 1
    assert "el YAML tendría" in result.stderr and "el máximo es 5242880" in result.stderr
    assert not out.exists()


# --- the PDF is checked ----------------------------------------------------------------------

FAKES = {
    "basura": "printf 'no es un pdf' > \"$out/documento.pdf\"",
    "truncado": "printf '%%PDF-1.7\\n1 0 obj' > \"$out/documento.pdf\"",
    "falla": "exit 3",
    "nada": "true",
}


@pytest.mark.parametrize("fake", sorted(FAKES))
def test_a_bad_conversion_writes_nothing(tmp_path: Path, runner: CliRunner, fake: str) -> None:
    soffice = tmp_path / "soffice"
    soffice.write_text("#!/bin/sh\nfor a; do out=$a; [ \"$prev\" = --outdir ] && break; "
                       "prev=$a; done\n" + FAKES[fake] + "\n", encoding="utf-8")
    soffice.chmod(0o755)
    out = tmp_path / "acta.pdf"
    result = runner.invoke(app, ["render", "acta", "--corte", "2024-04-30", "-o", str(out),
                                 "--soffice", str(soffice), "-C", str(ROOT)])
    line = _one_spanish_line(result, 2)
    assert "LibreOffice" in line and not out.exists()


def test_a_relative_soffice_is_taken_as_given(tmp_path: Path, runner: CliRunner,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "falso").write_text("#!/bin/sh\ntouch " + str(tmp_path / "del-path") + "\n")
    (bin_dir / "falso").chmod(0o755)
    here = tmp_path / "aqui"
    here.mkdir()
    (here / "falso").write_text("#!/bin/sh\ntouch " + str(tmp_path / "el-dado") + "\nexit 1\n")
    (here / "falso").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    monkeypatch.chdir(here)
    result = runner.invoke(app, ["render", "acta", "--corte", "2024-04-30", "-o",
                                 str(tmp_path / "a.pdf"), "--soffice", "./falso", "-C",
                                 str(ROOT)])
    assert result.exit_code == 2
    assert (tmp_path / "el-dado").exists() and not (tmp_path / "del-path").exists()


def test_a_conversion_past_its_time_kills_the_whole_group(tmp_path: Path) -> None:
    from pac_cli.errors import OutputError
    from pac_cli.outputs.pdf import to_pdf

    pids = tmp_path / "pids"
    soffice = tmp_path / "soffice"
    soffice.write_text(f"#!/bin/sh\nsleep 60 &\necho $! > {pids}\nwait\n", encoding="utf-8")
    soffice.chmod(0o755)
    start = time.monotonic()
    with pytest.raises(OutputError, match="no terminó el PDF en 2 segundos"):
        to_pdf(b"PK", "docx", str(soffice), dt.date(2024, 5, 14), timeout=2)
    assert time.monotonic() - start < 10
    child = int(pids.read_text())
    time.sleep(0.2)
    assert not Path(f"/proc/{child}").exists() or \
        Path(f"/proc/{child}/stat").read_text().split()[2] == "Z"  # the sleep went too


@pytest.mark.parametrize("target", ["no-hay/acta.pdf", "/proc/acta.pdf"])
def test_an_output_that_cannot_be_written_is_refused_before_libreoffice(
        tmp_path: Path, runner: CliRunner, target: str) -> None:
    """The folder is tried before any work: a conversion of minutes is never thrown away."""
    if target.startswith("/proc") and not Path("/proc").is_dir():
        pytest.skip("sin /proc")
    ran = tmp_path / "corrio"
    soffice = tmp_path / "soffice"
    soffice.write_text(f"#!/bin/sh\ntouch {ran}\n", encoding="utf-8")
    soffice.chmod(0o755)
    out = tmp_path / target if not target.startswith("/") else Path(target)
    result = runner.invoke(app, ["render", "acta", "--corte", "2024-04-30", "-o", str(out),
                                 "--soffice", str(soffice), "-C", str(ROOT)])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1, result.stderr
    assert re.search(r"error: (no existe la carpeta|no se puede escribir en la carpeta)",
                     result.stderr)
    assert not ran.exists()


# --- escaping, every field, every format ---------------------------------------------------

HOSTILE_TEXT = "[x](javascript:alert(1)) ![i](https://x.example/i.png) <img src=x onerror=y>"


def test_markdown_outputs_keep_every_field_inert(tmp_path: Path, runner: CliRunner) -> None:
    config = CONFIG.replace("Alcaldía de Prueba", f'"# Alcaldía {HOSTILE_TEXT}"') + (
        "formato_acta:\n  proceso: P\n  codigo: C\n  formato: F\n  version: '1'\n"
        "  fecha: 2014-12-19\n")
    acta = ("acta:\n  numero: '# 7'\n  fecha: 2024-05-14\n  hora_inicio: '08:00'\n"
            "  hora_fin: '10:00'\n  lugar: OCI\n  asistentes: [{nombre: '<b>Ana</b>', cargo: "
            f"'[j](javascript:x)'}}]\n  objetivo: '{HOSTILE_TEXT}'\n"
            f"  conclusiones: '# título {{total}}'\n  recomendaciones: ['- {HOSTILE_TEXT}']\n"
            + SECTIONS)
    root = build_tree(tmp_path, {"pac.yaml": config, "plans/2024.yaml": PLAN,
                                 "followups/2024-04-30.yaml": FOLLOWUP + acta})
    outputs = []
    for document in ("acta", "informe"):
        result = runner.invoke(app, ["render", document, "--corte", "2024-04-30", "-f", "md",
                                     "-o", "-", "-C", str(root)])
        assert result.exit_code == 0, result.stderr
        outputs.append(result.stdout)
    followup = runner.invoke(app, ["followup", "--corte", "2024-04-30", "-f", "markdown", "-C",
                                   str(root)])
    assert followup.exit_code == 0
    outputs.append(followup.stdout)
    for text in outputs:  # a link needs an unescaped «](», an image «![», HTML a «<»
        assert not re.search(r"(?<!\\)\]\(", text) and "![" not in text and "<img" not in text
        assert "<b>" not in text
        assert not any(line.startswith("# Alcaldía") or line.startswith("# título")
                       for line in text.splitlines())


def test_every_csv_writer_neutralizes_formulas(tmp_path: Path, runner: CliRunner) -> None:
    plan = PLAN.replace("actividad: Chat", 'actividad: "\\tCHAT"').replace(
        "actividad: Ferias", 'actividad: "\\r=1+1"')
    root = build_tree(tmp_path, {"pac.yaml": CONFIG, "plans/2024.yaml": plan,
                                 "followups/2024-04-30.yaml": FOLLOWUP + REPORT})
    out = tmp_path / "x.csv"
    assert runner.invoke(app, ["export", str(root / "plans/2024.yaml"), "-o", str(out)]
                         ).exit_code == 0
    cells = out.read_text(encoding="utf-8")
    assert "'\tCHAT" in cells and "'\n=1+1" in cells
    result = runner.invoke(app, ["followup", "--corte", "2024-04-30", "-f", "csv", "-C",
                                 str(root)])
    assert "'\tCHAT" in result.stdout and "'\n=1+1" in result.stdout
    back = tmp_path / "back.yaml"  # and pac import reads them back as the text they were
    assert runner.invoke(app, ["import", str(out), "-o", str(back)]).exit_code == 0
    assert "'" not in back.read_text(encoding="utf-8").split("componentes:")[1]


# --- messages ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "where", "code"), [(b"vigencia: 2024\x7f\n", "1:15", "007F"),
                                                     ("vigencia: 2024\ufffe\n".encode(), "1:15",
                                                      "FFFE")])
def test_a_character_yaml_refuses_is_said_in_spanish(tmp_path: Path, runner: CliRunner,
                                                     raw: bytes, where: str, code: str) -> None:
    path = tmp_path / "p.yaml"
    path.write_bytes(raw)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.stdout.splitlines()[0] == (f"{path}:{where}: error: YAML mal formado: hay un "
                                             f"carácter que YAML no admite (U+{code}); quítelo")


def test_a_long_output_name_is_one_line(tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / ("x" * 300 + ".md")
    result = runner.invoke(app, ["render", "informe", "--corte", "2024-04-30", "-o", str(out),
                                 "-C", str(ROOT)])
    line = _one_spanish_line(result, 2)
    assert line.endswith("error: el nombre es demasiado largo (más de 200 bytes)")


def test_huge_numbers_are_refused_not_overflowed(tmp_path: Path, runner: CliRunner) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN.replace("meta_anual: 15000", "meta_anual: 1e99999999999"),
                    encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "es demasiado grande" in result.stdout


def test_ctrl_c_while_starting_is_one_line() -> None:
    code = ("import sys, builtins\nreal = builtins.__import__\n"
            "def fake(name, *a, **k):\n"
            "    if name == 'pac_cli.cli': raise KeyboardInterrupt\n"
            "    return real(name, *a, **k)\n"
            "builtins.__import__ = fake\nfrom pac_cli.__main__ import run\nrun()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 130 and done.stderr == "interrumpido\n"


# --- every command over every hostile file --------------------------------------------------

HOSTILES = sorted((ROOT / "tests/hostiles").glob("*.yaml"))
COMMANDS: list[list[str]] = [
    ["validate"], ["followup", "--corte", "2024-04-30"],
    ["followup", "--corte", "2024-04-30", "-f", "json"],
    ["render", "informe", "--corte", "2024-04-30", "-f", "md", "-o", "{out}/informe.md"],
    ["render", "informe", "--corte", "2024-04-30", "-o", "{out}/informe.xlsx"],
    ["status", "2024"], ["calendar", "2024", "--hoy", "2024-06-01", "-o", "{out}/c.ics"],
    ["export", "{root}/plans/2024.yaml", "-o", "{out}/plan.csv"],
    ["export", "--corte", "2024-04-30", "-o", "{out}/seguimiento.ods"],
    ["followup", "new", "--cutoff", "2024-08-31"],
    ["diff", str(ROOT / "plans/2024.yaml"), "{root}/plans/2024.yaml"],
]


@pytest.mark.parametrize("role", ["plans/2024.yaml", "followups/2024-04-30.yaml", "pac.yaml"])
@pytest.mark.parametrize("hostile", HOSTILES, ids=[h.name for h in HOSTILES])
def test_every_command_over_every_hostile_file(tmp_path: Path, runner: CliRunner, role: str,
                                               hostile: Path) -> None:
    """Whatever file of the project is hostile: exit 0, 1 or 2 in seconds, never a
    traceback, every stderr line a problem, an error, the summary or a written file, the
    project's files unchanged, and nothing written by a command that failed."""
    from .test_hostile import _answers_in_lines

    root = build_tree(tmp_path / "p", {"pac.yaml": CONFIG, "plans/2024.yaml": PLAN,
                                       "followups/2024-04-30.yaml": FOLLOWUP + REPORT})
    shutil.copyfile(hostile, root / role)
    out = tmp_path / "salida"
    out.mkdir()
    before = _tree(root)
    for template in COMMANDS:
        args = [a.format(root=root, out=out) for a in template]
        start = time.monotonic()
        result = runner.invoke(app, [*args, "-C", str(root)])
        _answers_in_lines(args, result)
        assert time.monotonic() - start < 20, args
        written = sorted(p.name for p in out.iterdir())
        if result.exit_code != 0:
            assert written == [], (args, written)
        for path in out.iterdir():
            path.unlink()
        if args[:2] == ["followup", "new"] and result.exit_code == 0:
            (root / "followups/2024-08-31.yaml").unlink()
        assert _tree(root) == before, args
