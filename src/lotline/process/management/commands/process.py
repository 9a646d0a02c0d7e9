"""lotline process: a batch's process values: show them, record or correct them, or what a new batch
like it would take."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.core.management.base import CommandError, CommandParser

from lotline.catalog.management.recording import RecordingCommand
from lotline.quantities import shown


def _setting(text: str) -> tuple[str, str]:
    field, sep, value = text.partition("=")
    if not sep or not field.strip():
        raise CommandError(f"--set {text!r}: write it FIELD=VALUE (--set peak_temp=104.5) [bad_input]")
    return field.strip(), value


def _value(reading: dict[str, Any]) -> str:
    if reading["value"] is None:
        return reading["text"]
    return f"{shown(reading['value'])} {reading['unit']}".strip()


class Command(RecordingCommand):
    help = ("A batch's process values (cook time, temperatures, pH, notes): shown with their targets, recorded "
            "or corrected with --set (a correction is a new event and needs --reason; the earlier value is "
            "kept), or, with --like, what a new batch made like it would take.\n"
            'Example: lotline process HS-20260316-A --set peak_temp=92.5 --set ph=3.7 --reason "probe read again"')
    field_options = {"batch": "BATCH", "like": "BATCH", "reason": "--reason"}

    def add_command_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("batch", metavar="BATCH", help="the batch number")
        parser.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                            help="record this value (a field's code, as on the product's process fields); "
                                 "repeat for several; FIELD= clears one")
        parser.add_argument("--reason", default="", help="why a value already recorded changed (kept in the log)")
        parser.add_argument("--like", action="store_true",
                            help="show what a new batch made like it would take (its inputs by item and "
                                 "supplier, the lots to use now, its values as targets); records nothing")

    def record(self, **o: Any) -> dict[str, Any]:
        from lotline.lots.queries import find_lot
        from lotline.process.prefill import like_batch
        from lotline.process.queries import history_of, values_of
        from lotline.process.services import record_values

        if o["like"]:
            return {"like": dataclasses.asdict(like_batch(o["batch"]))}
        seq = 0
        if o["set"]:
            done = record_values(o["batch"], dict(_setting(s) for s in o["set"]), reason=o["reason"],
                                 actor=o["actor"])
            code, seq = done.batch, done.event_seq
        else:
            code = find_lot(o["batch"], field="batch").code
        return {"batch": code, "event_seq": seq,
                "values": [dataclasses.asdict(r) for r in values_of([code])[code].values()],
                "history": [dataclasses.asdict(h) for h in history_of(code) if h.superseded_seq]}

    def show(self, data: dict[str, Any], **options: Any) -> None:
        if "like" in data:
            like = data["like"]
            self.facts(f"A batch like {like['like']}", [
                ("product", f"{like['product']} {like['product_name']}"), ("site", like["site"]),
                ("makes", f"{shown(like['quantity_produced'])} {like['unit']}"),
                ("equipment", ", ".join(like["equipment"])), ("made by", like["made_by"])])
            self.grid("Inputs", ["item", "from", "needs", "take from"], [
                (i["item"], i["supplier_name"] or "earlier batches", f"{shown(i['quantity'])} {i['unit']}",
                 "; ".join([*(f"{s['lot']} ({shown(s['quantity'])} {s['unit']})" for s in i["lots"]),
                            *([f"short by {shown(i['short'])} {i['unit']}"] if i["short"] else [])]))
                for i in like["inputs"]])
            self.grid("Targets", ["field", "as made"], [(t["label"], _value(t)) for t in like["targets"]])
            return
        if data["event_seq"]:
            self.console.print(f"Recorded as event #{data['event_seq']}.", highlight=False)
        self.grid(f"Process values of {data['batch']}", ["field", "value", "target", ""], [
            (r["label"], _value(r), _target(r), "outside target" if r["in_target"] is False else "")
            for r in data["values"]], empty="none recorded")
        if data["history"]:
            self.grid("Corrected since", ["event", "field", "value", "corrected by"], [
                (f"#{h['recorded_seq']}", h["reading"]["label"], _value(h["reading"]) or "(cleared)",
                 f"#{h['superseded_seq']}") for h in data["history"]])


def _target(r: dict[str, Any]) -> str:
    from lotline.process.queries import target_text

    return target_text(r["target_min"], r["target_max"], r["unit"])
