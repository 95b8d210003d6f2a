"""`pac calendar` output: the cutoffs and deadlines of a vigencia as a table, JSON or iCalendar.

The .ics file has one all-day event per cutoff and one per publication deadline, with
stable identifiers and stamps taken from the data, so the same calendar gives the same
bytes and an office can import it again without duplicates.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from pac_cli import es_co
from pac_cli.commands.cutoff_calendar import WAITING, Calendar, CutoffEntry, CutoffState
from pac_cli.commands.followup_run import PlanPublication, PublicationState

STATE_STYLE = {CutoffState.DRAFT: "bold yellow", CutoffState.OVERDUE_DRAFT: "bold red",
               CutoffState.UNRECORDED: "dim", CutoffState.ON_TIME: "green",
               CutoffState.LATE: "bold red",
               CutoffState.UNDATED: "yellow", CutoffState.INVALID: "bold red",
               CutoffState.MISSING: "bold white on red", CutoffState.DUE: "bold yellow",
               CutoffState.NOT_YET: ""}


PUBLICATION_STYLE = {PublicationState.ON_TIME: "green", PublicationState.LATE: "bold red",
                     PublicationState.UNRECORDED: "yellow", PublicationState.DUE: "bold yellow"}


def _plan_name(entry: CutoffEntry | PlanPublication) -> str:
    return entry.plan.title or f"{entry.rules.frame.name} {entry.plan.year}"


def _publication_state(p: PlanPublication) -> str:
    """«publicado a tiempo (el 30 de enero de 2025)», «por publicar»…"""
    if p.published is None:
        return p.state.value
    return f"{p.state.value} (el {es_co.long_date(p.published)})"


def _publication_rule(p: PlanPublication) -> str:
    assert p.rules.frame.plan_publication is not None
    return p.rules.frame.plan_publication.basis


def _rule(entry: CutoffEntry) -> str:
    schedule = entry.rules.schedule
    kind = "hábiles" if schedule.business_days else "calendario"
    days = f"{schedule.publication_days} días {kind}"
    start = ("desde el primer día del mes siguiente al corte"
             if schedule.counted_from == "mes_siguiente" else "desde el día siguiente al corte")
    holidays = "; sin sábados, domingos ni festivos de Colombia" if schedule.business_days else ""
    return f"{days} {start}{holidays}"


def _days_left(entry: CutoffEntry, today: dt.date) -> str:
    if entry.state not in WAITING | {CutoffState.OVERDUE_DRAFT}:
        return ""
    days = (entry.deadline - today).days
    if days < 0:
        return f"el plazo venció hace {-days} día{'s' if days != -1 else ''}"
    return "vence hoy" if days == 0 else f"faltan {days} día{'s' if days != 1 else ''}"


def _next_line(calendar: Calendar) -> str:
    overdue = [f"Vencido sin presentar: el seguimiento con corte al {es_co.long_date(e.cutoff)} "
               f"({_plan_name(e)}), {e.state.value}; su plazo fue el "
               f"{es_co.long_date(e.deadline)}." for e in calendar.entries
               if e.state in {CutoffState.MISSING, CutoffState.OVERDUE_DRAFT}]
    nxt = calendar.next_due
    if nxt is None:
        return " ".join([*overdue, "No queda ningún otro seguimiento por presentar en esta "
                         "vigencia." if overdue else "No queda ningún seguimiento por "
                         "presentar en esta vigencia."])
    return " ".join([*overdue, f"Próximo: el seguimiento con corte al "
                     f"{es_co.long_date(nxt.cutoff)} ({_plan_name(nxt)}), a publicar a más "
                     f"tardar el {es_co.long_date(nxt.deadline)} "
                     f"({_days_left(nxt, calendar.today)})."])


def to_json(calendar: Calendar) -> str:
    nxt = calendar.next_due
    data = {
        "vigencia": calendar.year,
        "hoy": calendar.today.isoformat(),
        "cortes": [{
            "plan": e.plan_path,
            "marco": e.rules.frame.id,
            "corte": e.cutoff.isoformat(),
            "periodo": {"desde": e.period_start.isoformat(), "hasta": e.cutoff.isoformat()},
            "plazo_publicacion": e.deadline.isoformat(),
            "regla": _rule(e),
            "estado": e.state.value,
            "adicional": e.extra,
            "seguimientos": list(e.files),
            "mapa_riesgos": e.risks,
        } for e in calendar.entries],
        "publicacion_planes": [{
            "plan": p.plan_path,
            "marco": p.rules.frame.id,
            "plazo": p.deadline.isoformat(),
            "norma": _publication_rule(p),
            "publicado": p.published.isoformat() if p.published else None,
            "enlace": p.address,
            "estado": p.state.value,
        } for p in calendar.publications],
        "publicacion_mapas": [{
            "mapa": m.path, "vigencia": m.year, "plazo": m.deadline.isoformat(),
            "norma": m.basis, "publicado": m.published.isoformat() if m.published else None,
            "enlace": m.address, "estado": m.state.value,
        } for m in calendar.maps],
        "proximo": None if nxt is None else {"corte": nxt.cutoff.isoformat(),
                                             "plazo_publicacion": nxt.deadline.isoformat(),
                                             "plan": nxt.plan_path},
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def to_table(calendar: Calendar) -> Any:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(f"Calendario de seguimientos · vigencia {calendar.year} · hoy "
                             f"{es_co.long_date(calendar.today)}"))
    for heading in ("Plan", "Corte", "Periodo", "Plazo de publicación", "Estado",
                    "Seguimientos"):
        table.add_column(heading, overflow="fold")
    for p in calendar.publications:
        table.add_row(Text(f"{p.plan_path} ({p.rules.frame.id})"), "publicación del plan",
                      f"vigencia {es_co.years(p.plan.span)}",
                      es_co.long_date(p.deadline),
                      Text(_publication_state(p), style=PUBLICATION_STYLE[p.state]),
                      Text(p.address or "—"))
    for m in calendar.maps:
        table.add_row(Text(m.path), "publicación del mapa de riesgos", f"vigencia {m.year}",
                      es_co.long_date(m.deadline),
                      Text(m.state.value + (f" (el {es_co.long_date(m.published)})"
                                            if m.published else ""),
                           style=PUBLICATION_STYLE[m.state]), Text(m.address or "—"))
    for e in calendar.entries:
        state = Text(e.state.value, style=STATE_STYLE[e.state])
        left = _days_left(e, calendar.today)
        if left:
            state.append(f" ({left})")
        table.add_row(Text(f"{e.plan_path} ({e.rules.frame.id})"),
                      es_co.long_date(e.cutoff) + (" (corte adicional)" if e.extra else ""),
                      f"{es_co.day_month(e.period_start)} – {es_co.day_month(e.cutoff)}",
                      es_co.long_date(e.deadline), state,
                      Text((", ".join(e.files) or "—")
                           + (" (con el mapa de riesgos)" if e.risks else "")))
    rules = list(dict.fromkeys(f"Publicación del plan ({p.rules.frame.id}): a más tardar el "
                               f"{es_co.day_month(p.deadline)} de su primera vigencia "
                               f"({_publication_rule(p)})." for p in calendar.publications))
    rules += list(dict.fromkeys(f"Plazo ({e.rules.frame.id}): {_rule(e)}."
                                for e in calendar.entries))
    rules += list(dict.fromkeys(
        f"Corte adicional del {es_co.long_date(e.cutoff)} ({e.rules.frame.id}): no es uno de "
        f"los cortes del marco ({', '.join(e.rules.schedule.cutoffs)}); su plazo se cuenta con "
        "la misma regla, desde su fecha." for e in calendar.entries if e.extra))
    marked = list(dict.fromkeys(
        f"El marco «{e.rules.frame.id}» no tiene cortes ni plazo fijados por una norma: "
        "se usan los del PAAC." for e in calendar.entries
        if "seguimiento" in e.rules.frame.marked_defaults))
    return Group(table, *(Text(line) for line in [*rules, *marked, _next_line(calendar)]))


def to_ics(calendar: Calendar) -> bytes:
    """One all-day event per cutoff and per deadline, byte-identical for the same data."""
    from icalendar import Calendar as ICalendar
    from icalendar import Event

    cal = ICalendar()
    cal.add("prodid", "-//pac//Calendario de seguimientos//ES")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"Seguimientos {calendar.year}")
    stamp = dt.datetime(calendar.year, 1, 1, tzinfo=dt.UTC)

    def day(uid: str, when: dt.date, summary: str, description: str) -> None:
        event = Event()
        event.add("uid", f"{uid}@pac")
        event.add("dtstamp", stamp)
        event.add("dtstart", when)
        event.add("dtend", when + dt.timedelta(days=1))
        event.add("summary", summary)
        event.add("description", description)
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)

    for p in calendar.publications:
        day(f"plan-{p.rules.frame.id}-{p.deadline.isoformat()}", p.deadline,
            f"Vence la publicación del plan: {_plan_name(p)}",
            f"Plazo: {_publication_rule(p)}.")
    for m in calendar.maps:
        day(f"mapa-riesgos-{m.year}-{m.deadline.isoformat()}", m.deadline,
            f"Vence la publicación del mapa de riesgos de corrupción {m.year}",
            f"Plazo: {m.basis}.")
    for e in calendar.entries:
        name = _plan_name(e)
        day(f"corte-{e.rules.frame.id}-{e.cutoff.isoformat()}", e.cutoff,
            f"Corte del seguimiento: {name}",
            f"Cierra el periodo del {es_co.long_date(e.period_start)} al "
            f"{es_co.long_date(e.cutoff)} (acumulado).")
        day(f"plazo-{e.rules.frame.id}-{e.cutoff.isoformat()}", e.deadline,
            f"Vence la publicación del seguimiento con corte al {es_co.long_date(e.cutoff)}: "
            f"{name}", f"Plazo: {_rule(e)}."
            + (" Incluye el seguimiento al mapa de riesgos de corrupción." if e.risks else ""))
    return bytes(cal.to_ical())
