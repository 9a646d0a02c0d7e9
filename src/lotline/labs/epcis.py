"""EPCIS events taken in as lab results: sensor readings and inspections of our lots.

An ObjectEvent at one of our sites naming lots of ours becomes results through quality's
`record_results`, so they are judged against the specs like any lab's (an out-of-spec reading holds
the lot): each sensorReport of its sensorElementList a measured result (its type the analyte,
gs1:Temperature -> "Temperature", its uom the unit), an inspection's disposition a finding (analyte
"inspection": "conformant", "non conformant"). The lab is the event's source, else "EPCIS". What
cannot be mapped is kept verbatim with its reason, as before (epcis/mapping.py).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from lotline.epcis.mapping import Keep, Plan, Resolver, _Lines, _lines, _lot, _our_site
from lotline.epcis.reading import EventError, bare, day_of
from lotline.errors import ErrorCode, LotlineError

# UN/CEFACT codes EPCIS sensor reports use -> the unit people (and specs) write
UNITS = {"CEL": "°C", "FAH": "°F", "KEL": "K", "P1": "%", "KGM": "kg", "GRM": "g", "LTR": "l", "MLT": "ml",
         "SEC": "s", "MIN": "min", "HUR": "h", "BAR": "bar", "PAL": "Pa", "MTR": "m", "A93": "g/m³", "LUX": "lx"}
INSPECTION = "inspection"
LAB_LENGTH = 120  # quality's lengths["lab"]


def sensor_plan(event: dict[str, Any], r: Resolver) -> Plan | Keep:
    """Sensor readings of our lots at our site as results, or why they are kept."""
    return _results_plan(event, r, "sensor readings")


def inspection_plan(event: dict[str, Any], r: Resolver) -> Plan | Keep:
    """An inspection's disposition of our lots at our site as a result (a finding), or why it is kept."""
    if not bare(event.get("disposition")):
        return Keep("an inspection without a disposition records no result")
    return _results_plan(event, r, "inspection result")


def _results_plan(event: dict[str, Any], r: Resolver, kind: str) -> Plan | Keep:
    if _our_site(event, r) is None:
        return Keep("it happened at none of our sites")
    lines = _lines(event, "quantityList", r)
    if isinstance(lines, Keep):
        return lines
    ours = (r.reader.ext(event, "lot") or None) if len(lines.elements) == 1 else None
    for where, _element, item, name in lines.elements:
        if r.lot(item, name, ours, day_of(event)) is None:
            return Keep(f"{where} names {name.lot}, no lot of ours of {item.code}")
    return Plan(kind, lambda actor: _record(event, r, lines, actor))


def _record(event: dict[str, Any], r: Resolver, lines: _Lines, actor: str) -> list[str]:
    from lotline.quality.services import record_results

    results = _readings(event) if event.get("sensorElementList") else [_inspection(event)]
    if not results:
        raise EventError(ErrorCode.MISSING, "no sensor report gives a value", field="sensorElementList")
    codes = []
    for i in range(len(lines.elements)):
        lot = _lot(event, r, lines, i)
        try:
            done = record_results(lab=_lab(event), results=[line for line, _ in results], lot=lot.code, actor=actor)
        except LotlineError as error:
            raise _at_report(error, results) from None
        codes += [view.result for view in done.results]
    return codes


def _lab(event: dict[str, Any]) -> str:
    """Who measured: the event's first source (a party or place URI, as sent), else EPCIS."""
    for source in event.get("sourceList") or []:
        if source.get("source"):
            return str(source["source"])[:LAB_LENGTH]
    return "EPCIS"


def _name(word: Any) -> str:
    """A sensor type as an analyte: gs1:Temperature, https://gs1.org/voc/Temperature -> Temperature."""
    text = str(word or "")
    return text.rsplit("/", 1)[-1].rsplit(":", 1)[-1] or text


def _number(value: Any, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise EventError(ErrorCode.NOT_A_NUMBER, f"{value!r} is not a number", field=where)
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise EventError(ErrorCode.NOT_A_NUMBER, f"{value!r} is not a number", field=where) from None


def _day(text: Any, event: dict[str, Any]) -> dt.date:
    if text:
        try:
            return dt.datetime.fromisoformat(str(text).replace("Z", "+00:00")).date()
        except ValueError:
            pass
    return day_of(event)


Numbered = list[tuple[Any, str]]  # (ResultLine, where in the event it came from)


def _readings(event: dict[str, Any]) -> Numbered:
    """Each sensor report as a result: a value (or, without one, its minimum and maximum), or a text."""
    from lotline.quality.services import ResultLine

    found: Numbered = []
    for i, element in enumerate(event.get("sensorElementList") or []):
        meta = element.get("sensorMetadata") or {}
        device = str(meta.get("deviceID") or "")
        for j, report in enumerate(element.get("sensorReport") or []):
            where = f"sensorElementList[{i}].sensorReport[{j}]"
            analyte = _name(report.get("type") or report.get("exception") or "reading")
            unit = UNITS.get(str(report.get("uom") or ""), str(report.get("uom") or ""))
            day = _day(report.get("time") or meta.get("time"), event)
            method = (device or str(report.get("deviceID") or "") or "EPCIS sensor")[:120]
            if report.get("value") is not None:
                found.append((ResultLine(analyte, method, _number(report["value"], f"{where}.value"), unit=unit,
                                         tested_on=day), f"{where}.value"))
            elif report.get("stringValue") is not None or report.get("booleanValue") is not None:
                said = report.get("stringValue") if report.get("stringValue") is not None else (
                    "true" if report["booleanValue"] else "false")
                found.append((ResultLine(analyte, method, text=str(said), unit=unit, tested_on=day), where))
            else:
                for key, label in (("minValue", "minimum"), ("maxValue", "maximum")):
                    if report.get(key) is not None:
                        found.append((ResultLine(f"{analyte} ({label})", method, _number(report[key], f"{where}.{key}"),
                                                 unit=unit, tested_on=day), f"{where}.{key}"))
    return found


def _inspection(event: dict[str, Any]) -> tuple[Any, str]:
    from lotline.quality.services import ResultLine

    said = bare(event.get("disposition")).rsplit("/", 1)[-1].replace("_", " ")
    return ResultLine(INSPECTION, "EPCIS inspecting", text=said, tested_on=day_of(event)), "disposition"


def _at_report(error: LotlineError, results: Numbered) -> EventError:
    """record_results' refusal named at the event's own field (the sensor report at fault)."""
    problem = error.problems[0]
    n = (problem.row or 1) if problem.row_label == "result" else 1
    where = results[n - 1][1] if 0 < n <= len(results) else "sensorElementList"
    field = where.rsplit(".", 1)[0] + ".uom" if problem.field == "unit" and "." in where else where
    return EventError(error.code, error.message, field=field)
