"""The follow-up year: the calendar, the next follow-up from the last, checks across cutoffs,
progress against schedule and the trend."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from icalendar import Calendar
from ruamel.yaml import YAML
from typer.testing import CliRunner

from pac_cli import compute_followup, load_followup, load_plan
from pac_cli.cli import app
from pac_cli.compute.deadlines import publication_deadline
from pac_cli.compute.schedule import ScheduleStatus, expected_at, periods_elapsed, status
from pac_cli.models.frame import FollowUpSchedule
from pac_cli.models.plan import Activity

from .conftest import CONFIG, ROOT, build_tree

D = Decimal
EXAMPLE = ROOT / "examples" / "villa-ejemplo"


# --- the legal calendar ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cutoff", "deadline"),
    [
        ("2024-04-30", "2024-05-16"),  # 1 May and the Ascension Monday, 13 May
        ("2024-08-31", "2024-09-13"),
        ("2024-12-31", "2025-01-16"),  # 1 January and the Epiphany Monday, 6 January
        ("2021-04-30", "2021-05-14"),  # the date of real reports (Ascension Monday 17 May)
        ("2022-04-30", "2022-05-13"),
        ("2023-12-31", "2024-01-16"),  # 1 January is a Monday, Epiphany moved to 8 January
        ("2025-12-31", "2026-01-16"),  # Epiphany moved from Tuesday 6 to Monday 12 January
        ("2026-04-30", "2026-05-15"),  # 1 May is a Friday
        ("2019-08-31", "2019-09-13"),
    ],
)
def test_paac_publication_deadline(cutoff: str, deadline: str) -> None:
    schedule = FollowUpSchedule.model_validate({"desde": "mes_siguiente"})
    assert publication_deadline(dt.date.fromisoformat(cutoff), schedule) == \
        dt.date.fromisoformat(deadline)


# Real publications (stored copies of the published documents), each with the deadline pac
# computes for its cutoff and the verdict it gives: (who, cutoff, date published or reported).
REAL_FOLLOWUPS = [
    # Corporinoquia, «Formato seguimiento al Plan Anticorrupción», vigencia 2020: «Fecha
    # publicación: 12/05/2020»; 1 May 2020 was a Friday holiday
    ("Corporinoquia", "2020-04-30", "2020-05-12", "2020-05-15", True),
    # Instituto Nacional de Metrología, «Seguimiento Estrategia Anticorrupción y Atención al
    # Ciudadano, Corte: 31 de agosto de 2019», dated «Bogotá 2019-09-11»
    ("INM", "2019-08-31", "2019-09-11", "2019-09-13", True),
    # Contraloría General del Departamento Norte de Santander, seguimiento al PAAC del tercer
    # cuatrimestre de 2017, «Fecha de reporte: 16 de enero de 2018»: the deadline's last day
    # (1 January and the Epiphany Monday, 8 January 2018, are holidays)
    ("Contraloría de Norte de Santander", "2017-12-31", "2018-01-16", "2018-01-16", True),
]


@pytest.mark.parametrize(("who", "cutoff", "published", "deadline", "on_time"), REAL_FOLLOWUPS,
                         ids=[r[0] for r in REAL_FOLLOWUPS])
def test_real_followups_against_their_deadline(who: str, cutoff: str, published: str,
                                               deadline: str, on_time: bool) -> None:
    schedule = FollowUpSchedule.model_validate({"desde": "mes_siguiente"})
    computed = publication_deadline(dt.date.fromisoformat(cutoff), schedule)
    assert computed == dt.date.fromisoformat(deadline), who
    assert (dt.date.fromisoformat(published) <= computed) is on_time


@pytest.mark.parametrize(("published", "state"), [
    # Emserchía E.S.P. «publicó en la página web de la entidad el Plan anticorrupción el 31 de
    # Enero de 2019» (its third follow-up of 2019): the last day of the plan's deadline
    ("2019-01-31", "publicado a tiempo"),
    ("2019-02-01", "publicado tarde"),
])
def test_a_plans_publication_on_the_last_day(tmp_path: Path, runner: CliRunner,
                                             published: str, state: str) -> None:
    plan = (ROOT / "plans/2019.yaml").read_text(encoding="utf-8").replace(
        "vigencia: 2019\n", f"vigencia: 2019\npublicacion: {{fecha: {published}}}\n")
    root = build_tree(tmp_path, {"pac.yaml": CONFIG, "plans/2019.yaml": plan})
    result = runner.invoke(app, ["calendar", "2019", "-C", str(root), "-f", "json", "--hoy",
                                 "2019-03-01"])
    assert result.exit_code == 0, result.stderr
    (row,) = json.loads(result.stdout)["publicacion_planes"]
    assert (row["plazo"], row["publicado"], row["estado"]) == ("2019-01-31", published, state)


def test_ptep_semestral_counts_calendar_days() -> None:
    from pac_cli.models.frame_catalog import catalog

    schedule = catalog()["ptep-semestral"].schedule
    # 30 calendar days from the day after the cutoff, weekends and holidays included
    assert publication_deadline(dt.date(2025, 6, 30), schedule) == dt.date(2025, 7, 30)
    assert publication_deadline(dt.date(2025, 12, 31), schedule) == dt.date(2026, 1, 30)


def test_counting_from_the_cutoff_differs_for_a_mid_month_cutoff() -> None:
    cutoff = dt.date(2024, 6, 14)
    after_cutoff = FollowUpSchedule.model_validate({"desde": "corte", "plazo_dias": 5})
    next_month = FollowUpSchedule.model_validate({"desde": "mes_siguiente", "plazo_dias": 5})
    # 17 June is a holiday (Sagrado Corazón moved to Monday)
    assert publication_deadline(cutoff, after_cutoff) == dt.date(2024, 6, 21)
    assert publication_deadline(cutoff, next_month) == dt.date(2024, 7, 8)


def _calendar(runner: CliRunner, root: Path, *args: str) -> dict[str, object]:
    result = runner.invoke(app, ["calendar", "-C", str(root), "-f", "json", *args])
    assert result.exit_code == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


def _states(data: dict[str, object]) -> list[tuple[str, str, str]]:
    cutoffs = data["cortes"]
    assert isinstance(cutoffs, list)
    return [(c["corte"], c["plazo_publicacion"], c["estado"]) for c in cutoffs]


def test_calendar_2024_of_the_seed_project(runner: CliRunner) -> None:
    data = _calendar(runner, ROOT, "2024", "--hoy", "2024-10-01")
    assert _states(data) == [("2024-04-30", "2024-05-16", "presentado a tiempo"),
                             ("2024-08-31", "2024-09-13", "presentado a tiempo"),
                             ("2024-12-31", "2025-01-16", "aún no vence")]
    following = data["proximo"]
    assert isinstance(following, dict)
    assert following.pop("plan").endswith("plans/2024.yaml")
    assert following == {"corte": "2024-12-31", "plazo_publicacion": "2025-01-16"}


@pytest.mark.parametrize(
    ("today", "state"),
    [("2024-12-20", "aún no vence"), ("2025-01-10", "por presentar"),
     ("2025-01-16", "por presentar"), ("2025-01-17", "faltante")],
)
def test_a_cutoff_without_followup_by_day(runner: CliRunner, today: str, state: str) -> None:
    data = _calendar(runner, ROOT, "2024", "--hoy", today)
    assert _states(data)[2] == ("2024-12-31", "2025-01-16", state)


def test_without_a_vigencia_the_previous_december_is_due_first(runner: CliRunner) -> None:
    data = _calendar(runner, EXAMPLE, "--hoy", "2025-01-08")
    states = _states(data)
    assert states[0] == ("2024-12-31", "2025-01-16", "presentado a tiempo")
    assert [s[0] for s in states[1:]] == ["2025-04-30", "2025-06-30", "2025-08-31",
                                          "2025-12-31", "2025-12-31"]
    assert data["proximo"]["corte"] == "2025-08-31"  # type: ignore[index]


def test_a_late_followup(tmp_path: Path, runner: CliRunner) -> None:
    root = build_tree(tmp_path, {
        "pac.yaml": CONFIG, "plans/2024.yaml": (ROOT / "plans/2024.yaml").read_text(),
        "followups/2024-04-30.yaml": (ROOT / "followups/2024-04-30.yaml").read_text().replace(
            "  fecha: 2024-05-14\n", "  fecha: 2024-05-14\n  publicacion: {fecha: 2024-05-20}\n")})
    data = _calendar(runner, root, "2024", "--hoy", "2024-06-01")
    assert _states(data)[0] == ("2024-04-30", "2024-05-16", "presentado tarde")
    result = runner.invoke(app, ["followup", "-C", str(root), "--corte", "2024-04-30"])
    assert "publicado el 20 de mayo de 2024: FUERA DEL PLAZO (se comparó la fecha de " \
        "publicación)" in " ".join(result.stdout.split())


def test_calendar_without_a_plan_of_that_vigencia(runner: CliRunner) -> None:
    result = runner.invoke(app, ["calendar", "2026", "-C", str(ROOT)])
    assert result.exit_code == 1
    assert result.stderr == ("error: no hay un plan de la vigencia 2026 en plans (vigencias: "
                             "2019, 2023, 2024)\n")


def test_ics_has_an_event_per_cutoff_and_deadline_and_is_reproducible(
        tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "calendario.ics"
    args = ["calendar", "2024", "-C", str(ROOT), "-f", "ics", "--hoy", "2024-05-01"]
    assert runner.invoke(app, [*args, "-o", str(out)]).exit_code == 0
    first = out.read_bytes()
    calendar = Calendar.from_ical(first)
    events = [(str(e["uid"]), e.decoded("dtstart")) for e in calendar.walk("VEVENT")]
    assert events == [
        ("plan-paac-2024-01-31@pac", dt.date(2024, 1, 31)),  # the plan's own publication
        ("corte-paac-2024-04-30@pac", dt.date(2024, 4, 30)),
        ("plazo-paac-2024-04-30@pac", dt.date(2024, 5, 16)),
        ("corte-paac-2024-08-31@pac", dt.date(2024, 8, 31)),
        ("plazo-paac-2024-08-31@pac", dt.date(2024, 9, 13)),
        ("corte-paac-2024-12-31@pac", dt.date(2024, 12, 31)),
        ("plazo-paac-2024-12-31@pac", dt.date(2025, 1, 16)),
    ]
    later = runner.invoke(app, [*args[:-1], "2024-11-30", "-o", "-"])
    assert later.stdout_bytes == first  # the day it is run does not change the events


def test_the_calendar_file_format_comes_from_its_name(tmp_path: Path, runner: CliRunner) -> None:
    base = ["calendar", "2024", "-C", str(ROOT), "--hoy", "2024-05-01"]
    assert runner.invoke(app, [*base, "-o", str(tmp_path / "c.ics")]).exit_code == 0
    assert (tmp_path / "c.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert runner.invoke(app, [*base, "-o", str(tmp_path / "c.json")]).exit_code == 0
    assert json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))["vigencia"] == 2024
    for args in (["-o", str(tmp_path / "c.txt")], ["-f", "table", "-o", str(tmp_path / "t.ics")]):
        result = runner.invoke(app, [*base, *args])
        assert result.exit_code == 2 and "se escribe en ics, json" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.ics", "c.json"]


# --- progress against schedule ---------------------------------------------------------


@pytest.mark.parametrize(
    ("rhythm", "cutoff", "periods"),
    [("semanal", "2024-04-30", 17), ("semanal", "2024-12-31", 52), ("semanal", "2023-12-31", 52),
     ("quincenal", "2024-04-30", 8), ("quincenal", "2024-06-15", 11),
     ("quincenal", "2024-06-14", 10), ("mensual", "2024-04-30", 4),
     ("mensual", "2024-06-15", 5), ("bimestral", "2024-08-31", 4),
     ("trimestral", "2024-08-31", 2), ("cuatrimestral", "2024-04-30", 1),
     ("cuatrimestral", "2024-08-31", 2), ("semestral", "2024-04-30", 0),
     ("anual", "2024-08-31", 0), ("anual", "2024-12-31", 1)],
)
def test_periods_elapsed(rhythm: str, cutoff: str, periods: int) -> None:
    assert periods_elapsed(rhythm, dt.date.fromisoformat(cutoff)) == periods


def _activity(**fields: object) -> Activity:
    return Activity.model_validate({"id": "1.1", "actividad": "a", **fields})


def test_expected_value_by_rhythm_and_milestones() -> None:
    weekly = _activity(meta_anual=52, ritmo="semanal")
    assert expected_at(weekly, dt.date(2024, 4, 30)) == D(17)
    monthly = _activity(meta_anual=15000, ritmo="mensual")
    assert expected_at(monthly, dt.date(2024, 4, 30)) == D(5000)
    steps = _activity(meta_anual=10, hitos=[{"fecha": "2024-06-30", "valor": 4},
                                            {"fecha": "2024-11-30", "valor": 10}])
    assert expected_at(steps, dt.date(2024, 4, 30)) == D(0)  # before the first milestone
    assert expected_at(steps, dt.date(2024, 8, 31)) == D(4)
    assert expected_at(steps, dt.date(2024, 12, 31)) == D(10)
    assert expected_at(_activity(meta_anual=3), dt.date(2024, 4, 30)) is None
    assert expected_at(_activity(ritmo="mensual"), dt.date(2024, 4, 30)) is None


@pytest.mark.parametrize(
    ("achieved", "expected", "tolerance", "result"),
    [(16, 17, 0, ScheduleStatus.BEHIND), (17, 17, 0, ScheduleStatus.ON_TIME),
     (18, 17, 0, ScheduleStatus.AHEAD), (16, 17, 5, ScheduleStatus.ON_TIME),
     # nothing expected yet (a semiannual activity in April): nothing done is on time
     (0, 0, 0, ScheduleStatus.ON_TIME), (1, 0, 0, ScheduleStatus.AHEAD)],
)
def test_schedule_status(achieved: int, expected: int, tolerance: int,
                         result: ScheduleStatus) -> None:
    assert status(D(achieved), D(expected), D(52), D(tolerance)) is result


def test_seed_rhythms_beside_the_unchanged_figures() -> None:
    result = compute_followup(load_plan(ROOT / "plans/2024.yaml"),
                              load_followup(ROOT / "followups/2024-04-30.yaml"))
    assert result.total == D("33.76")  # the published figure does not move
    paced = {a.activity.id: (a.expected, a.schedule) for a in result.activities
             if a.schedule is not None}
    assert paced == {
        "1.2": (D(1), ScheduleStatus.ON_TIME),  # cuatrimestral: 1 of 3 by April
        "2.2": (D(17), ScheduleStatus.BEHIND),  # semanal: 17 of 52, 16 sent
        "4.2": (D(24), ScheduleStatus.ON_TIME),  # mensual: 24 of 72 visits
        "4.4": (D(8), ScheduleStatus.BEHIND),  # quincenal: 8 of 24, 7 sent
        "4.5": (D(4), ScheduleStatus.ON_TIME),
        "5.1": (D(1), ScheduleStatus.ON_TIME),
    }


def test_followup_shows_the_rhythm_beside_the_percentage(runner: CliRunner) -> None:
    result = runner.invoke(app, ["followup", "-C", str(ROOT), "--corte", "2024-04-30",
                                 "-f", "markdown"])
    assert ("| Fortalecimiento de los canales de atención | 2.2 | Presentación de los informes "
            "consolidados de seguimiento a… | 52 | 16/52 = 30,76 % | baja | atrasada (esperado "
            "17) |") in result.stdout
    data = json.loads(runner.invoke(app, ["followup", "-C", str(ROOT), "--corte",
                                          "2024-04-30", "-f", "json"]).stdout)
    row = data["componentes"][0]["actividades"][3]
    assert (row["actividad"], row["porcentaje"], row["esperado"], row["ritmo"]) == \
        ("2.2", "30.76", "17", "atrasada")


@pytest.mark.parametrize(
    ("fields", "message"),
    [("ritmo: mensual\n", "no tiene meta_anual: su «ritmo» no tiene con qué compararse"),
     ("meta_anual: 4\n            ritmo: mensual\n            hitos: [{fecha: 2024-06-30, "
      "valor: 2}]\n", "tiene «ritmo» y «hitos»: indique uno solo"),
     ("meta_anual: 4\n            hitos: [{fecha: 2024-06-30, valor: 3}, {fecha: 2024-09-30, "
      "valor: 2}]\n", "los hitos son acumulados: su valor no puede bajar"),
     ("meta_anual: 4\n            hitos: [{fecha: 2025-01-31, valor: 4}]\n",
      "el hito 2025-01-31 no está en la vigencia 2024"),
     ("ritmo: cada tanto\n", "debe ser uno de: 'semanal', 'quincenal'")],
)
def test_rhythm_rules(tmp_path: Path, runner: CliRunner, fields: str, message: str) -> None:
    plan = ("vigencia: 2024\ncomponentes:\n  - numero: 4\n    nombre: A\n    subcomponentes:\n"
            "      - numero: 1\n        nombre: B\n        actividades:\n          - id: \"1.1\"\n"
            "            actividad: C\n            " + fields)
    root = build_tree(tmp_path, {"pac.yaml": CONFIG, "plans/2024.yaml": plan})
    result = runner.invoke(app, ["validate", "-C", str(root)])
    assert result.exit_code == 1
    assert message in result.stdout


# --- checks across cutoffs ---------------------------------------------------------------


def _seed_copy(tmp_path: Path, august: str | None = None) -> Path:
    root = build_tree(tmp_path / "p", {
        "pac.yaml": (ROOT / "pac.yaml").read_text(encoding="utf-8"),
        "plans/2024.yaml": (ROOT / "plans/2024.yaml").read_text(encoding="utf-8"),
        "followups/2024-04-30.yaml": (ROOT / "followups/2024-04-30.yaml").read_text(
            encoding="utf-8")})
    if august is not None:
        build_tree(root, {"followups/2024-08-31.yaml": august})
    return root


AUGUST = (ROOT / "followups/2024-08-31.yaml").read_text(encoding="utf-8")


def test_a_cumulative_value_cannot_go_down(tmp_path: Path, runner: CliRunner) -> None:
    lower = AUGUST.replace('  - actividad: "2.1"\n    logro: 14620',
                           '  - actividad: "2.1"\n    logro: 11000')
    root = _seed_copy(tmp_path, lower)
    result = runner.invoke(app, ["validate", "-C", str(root),
                                 str(root / "followups/2024-08-31.yaml")])
    assert result.exit_code == 1
    assert result.stdout.endswith(
        "followups/2024-08-31.yaml:25:12: error: la actividad 2.1 del componente 4 reporta 11000 "
        "y al corte 2024-04-30 reportó 11842: el seguimiento es acumulado desde el 1 de enero; "
        "si es una corrección, diga por qué en «correccion»\n")
    corrected = lower.replace("    logro: 11000\n", "    logro: 11000\n    correccion: El "
                              "reporte de abril contó dos veces los chats de marzo.\n")
    build_tree(root, {"followups/2024-08-31.yaml": corrected})
    assert runner.invoke(app, ["validate", "-C", str(root)]).exit_code == 0


def test_the_repositorys_august_followup_passes_the_cross_cutoff_checks(
        runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", "-C", str(ROOT),
                                 str(ROOT / "followups/2024-08-31.yaml"), "--strict"])
    assert (result.exit_code, result.stdout) == (0, "")


# --- pac followup new ----------------------------------------------------------------------


def test_followup_new_round_trips_the_previous_file(tmp_path: Path, runner: CliRunner) -> None:
    root = _seed_copy(tmp_path)
    result = runner.invoke(app, ["followup", "new", "--cutoff", "2024-08-31", "-C", str(root)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("escrito ")
    assert result.stderr.endswith("followups/2024-08-31.yaml (desde "
                                  f"{root}/followups/2024-04-30.yaml)\n")
    old = (root / "followups/2024-04-30.yaml").read_text(encoding="utf-8").splitlines()
    new = (root / "followups/2024-08-31.yaml").read_text(encoding="utf-8").splitlines()
    removed = [line[1:] for line in difflib.ndiff(old, new) if line.startswith("- ")]
    added = [line[2:] for line in difflib.ndiff(old, new) if line.startswith("+ ")]
    # removed: the cutoff and the acta block (kept below as a commented copy to fill)
    acta = old[old.index("acta:"):old.index("avances:")]
    assert [r.strip() for r in removed] == [line.strip() for line in ["corte: 2024-04-30", *acta]]
    # added: the new cutoff, comments, and the carried-over mark on each of the 13 activities
    assert "corte: 2024-08-31" in added
    assert [a for a in added if not a.startswith("#") and a != "corte: 2024-08-31"] == \
        ["    por_actualizar: true"] * 13
    # the commented copy is the acta, where it named its cutoff now saying {corte}
    copy = [a[2:] for a in added if a.startswith("# acta:") or a.startswith("#   ")]
    copied = YAML(typ="safe").load("\n".join(copy))["acta"]
    original = YAML(typ="safe").load("\n".join(acta))["acta"]
    date = re.compile(r"30 de abril (?:de|del año) 2024")
    assert copied == {k: date.sub("{corte}", v) if isinstance(v, str) else v
                      for k, v in original.items()}
    assert "{corte}" in copied["objetivo"] and "{corte}" in copied["conclusiones"]
    carried = load_followup(root / "followups/2024-08-31.yaml")
    previous = load_followup(root / "followups/2024-04-30.yaml")
    assert carried.minutes is None and carried.cutoff == dt.date(2024, 8, 31)
    pairs = zip(carried.sections()[0].progress, previous.sections()[0].progress, strict=True)
    assert all(c.to_update and c.achieved == p.achieved and c.evidence == p.evidence
               and c.observations == p.observations for c, p in pairs)
    # it is flagged until updated, and never written twice
    check = runner.invoke(app, ["validate", "-C", str(root), "--strict"])
    assert check.exit_code == 1 and "13 actividades siguen marcadas «por_actualizar»" in \
        check.stdout
    again = runner.invoke(app, ["followup", "new", "--cutoff", "2024-08-31", "-C", str(root)])
    assert again.exit_code == 1
    assert again.stderr.startswith("error: ya hay un seguimiento con corte 2024-08-31")


def test_followup_new_first_of_a_vigencia_and_split_files(tmp_path: Path,
                                                          runner: CliRunner) -> None:
    root = tmp_path / "v"
    shutil.copytree(EXAMPLE, root)
    result = runner.invoke(app, ["followup", "new", "--cutoff", "2025-08-31", "--marco", "ptep",
                                 "-C", str(root)])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (root / "followups").glob("2025-08-31*")) == \
        ["2025-08-31-ptep-1.yaml", "2025-08-31-ptep-2.yaml"]
    for old in (root / "followups").glob("2024-*.yaml"):
        old.unlink()
    result = runner.invoke(app, ["followup", "new", "--cutoff", "2024-04-30", "-C", str(root)])
    assert result.exit_code == 0, result.stderr
    first = load_followup(root / "followups/2024-04-30.yaml")
    assert [s.component for s in first.sections()] == [1, 2, 3, 4, 5, 6]
    assert all(p.no_progress and p.to_update for s in first.sections() for p in s.progress)
    data = json.loads(runner.invoke(app, ["followup", "-C", str(root), "--corte", "2024-04-30",
                                          "-f", "json"]).stdout)
    assert data["total"]["porcentaje"] == "0.00"


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--cutoff", "2025-08-31"], "error: hay varios planes de la vigencia 2025 (marcos "
                                  "plan-accion-atencion, ptep): indique cuál con --marco"),
     (["--cutoff", "2027-04-30"], "error: no hay un plan de la vigencia 2027")],
)
def test_followup_new_refusals(tmp_path: Path, runner: CliRunner, args: list[str],
                               message: str) -> None:
    root = tmp_path / "v"
    shutil.copytree(EXAMPLE, root)
    result = runner.invoke(app, ["followup", "new", *args, "-C", str(root)])
    assert (result.exit_code, result.stderr) == (1, message + "\n")
    assert sorted(p.name for p in (root / "followups").iterdir()) == \
        sorted(p.name for p in (EXAMPLE / "followups").iterdir())


# --- the trend ---------------------------------------------------------------------------


def test_status_shows_every_cutoff_side_by_side(runner: CliRunner) -> None:
    result = runner.invoke(app, ["status", "2024", "-C", str(ROOT), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    (plan,) = json.loads(result.stdout)["planes"]
    assert plan["cortes"] == ["2024-04-30", "2024-08-31"]
    assert plan["consolidado"] == {"2024-04-30": "33.76", "2024-08-31": "65.90"}
    chat = next(a for a in plan["actividades"] if a["actividad"] == "2.1")
    assert chat["porcentajes"] == {"2024-04-30": "78.94", "2024-08-31": "97.46"}
    table = runner.invoke(app, ["status", "2024", "-C", str(ROOT)], env={"COLUMNS": "150"})
    assert "│ Componente 4 " in table.stdout and "↑ +32,14" in table.stdout


def test_the_informe_gains_the_trend(tmp_path: Path, runner: CliRunner) -> None:
    md = runner.invoke(app, ["render", "informe", "--corte", "2024-08-31", "-f", "md", "-o",
                             "-", "-C", str(ROOT)]).stdout
    assert "| 30 de abril de 2024 | 33,76\u00a0% | **33,76\u00a0%** |" in md
    assert "| 31 de agosto de 2024 | 65,90\u00a0% | **65,90\u00a0%** |" in md
    out = tmp_path / "informe.xlsx"
    runner.invoke(app, ["render", "informe", "--corte", "2024-08-31", "-o", str(out), "-C",
                        str(ROOT)])
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Seguimiento", "Gráfico", "Tendencia"]
    assert len(book["Tendencia"]._charts) == 1  # type: ignore[attr-defined]
    # the first cutoff of a vigencia has no trend to show
    april = runner.invoke(app, ["render", "informe", "--corte", "2024-04-30", "-f", "md", "-o",
                                "-", "-C", str(ROOT)]).stdout
    assert "Tendencia" not in april


def test_colombias_holidays_loaded_alone_are_the_packages() -> None:
    """pac loads the holidays package's Colombia by itself (not its ~250 countries): the
    same days as the package's own lookup, and the package whole for whoever asks next."""
    import holidays

    from pac_cli.compute.deadlines import _holidays

    for year in range(2015, 2031):
        assert {d for d in _holidays(year) if d.year == year} == \
            set(holidays.country_holidays("CO", years=[year]))
    import holidays.countries

    assert hasattr(holidays.countries, "Argentina")
