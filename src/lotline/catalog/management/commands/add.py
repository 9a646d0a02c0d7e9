"""lotline add: add a site, supplier, customer, item or piece of equipment to the catalog.

Its options are the catalog's fields (catalog.specs): each field but the code and the name is an
option, shared by the kinds of record that have it.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from lotline.catalog.management.recording import RecordingCommand
from lotline.catalog.services import add_records
from lotline.catalog.specs import SPECS, Field, Kind
from lotline.errors import ErrorCode, LotlineError


def _options() -> dict[str, dict[str, Field]]:
    """option name (as in --option) -> {entity: its field}, in the order the specs declare them."""
    options: dict[str, dict[str, Field]] = {}
    for spec in SPECS.values():
        for f in spec.fields:
            if f.name not in (spec.key, "name"):
                options.setdefault(f.option or f.name, {})[spec.entity] = f
    return options


OPTIONS = _options()


def _help(fields: dict[str, Field]) -> str:
    """The option's help: each kind of record's own words (or choices), once when they agree."""
    said: dict[str, list[str]] = {}
    for entity, f in fields.items():
        words = f.help.rstrip(".") or f.label
        words = words[:1].lower() + words[1:] if words[1:2].islower() else words
        if f.choices:
            words = f"{words}: {', '.join(f.choices.values)}" if f.help else ", ".join(f.choices.values)
        if f.kind == Kind.FLAG:
            words = f"{f.label} ({words})"
        if f.kind == Kind.ALLERGENS:
            words += ", ';'-separated (milk;wheat)"
        said.setdefault(words, []).append(entity)
    if len(said) == 1:
        words, entities = next(iter(said.items()))
        return f"{', '.join(entities)}: {words}"
    return "; ".join(f"{entities[0]}: {words}" for words, entities in said.items())


class Command(RecordingCommand):
    help = ("Add a site, supplier, customer, item or piece of equipment to the catalog (one event; codes are "
            "kept forever).\n"
            "Examples:\n"
            '  lotline add site K1 "Home kitchen" --address "12 Orchard Lane"\n'
            '  lotline add supplier VALLEY "Valley Farm" --contact 555-0101\n'
            '  lotline add customer GOODEARTH "Good Earth Co-op" --kind store --contact 555-0202\n'
            '  lotline add item STRAW Strawberries --kind ingredient --unit kg --ftl\n'
            '  lotline add item JT "Jam tarts" --kind product --unit unit --allergens "wheat;milk"\n'
            '  lotline add equipment KETTLE2 "Kettle 2" --site K1')
    show_where = False
    field_options = {"code": "CODE", "ref": "CODE", "name": "NAME"} | {
        f.name: f"--{option.replace('_', '-')}" for option, fields in OPTIONS.items() for f in fields.values()}

    def add_command_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("entity", choices=list(SPECS), help="what to add")
        parser.add_argument("code", help="its code (sites, items, equipment) or your id for it (suppliers, customers)")
        parser.add_argument("name", help="its name")
        for option, fields in OPTIONS.items():
            flag = next(iter(fields.values())).kind == Kind.FLAG
            parser.add_argument(f"--{option.replace('_', '-')}", dest=option, help=_help(fields),
                                action="store_true" if flag else "store", default=None)

    def record(self, **o: Any) -> dict[str, Any]:
        entity = o["entity"]
        spec = SPECS[entity]
        wrong = [option for option, fields in OPTIONS.items() if o[option] is not None and entity not in fields]
        if wrong:
            raise LotlineError(ErrorCode.NOT_FOR_ENTITY, f"a {entity} has no {wrong[0].replace('_', '-')}",
                               field=wrong[0])
        row = {spec.key: o["code"], "name": o["name"]}
        row |= {f.name: o[option] for option, fields in OPTIONS.items() if (f := fields.get(entity))
                and o[option] is not None}
        add_records(entity, [row], actor=o["actor"])
        stored = spec.records.values(*spec.columns, "event_seq").get(**{spec.key: o["code"].strip()})
        event = stored.pop("event_seq")
        return {"entity": entity} | stored | {"event": event}

    def show(self, data: dict[str, Any], **options: Any) -> None:
        spec = SPECS[data["entity"]]
        self.facts(f"Added {data['entity']} {data[spec.key]}", [(f.label, data[f.name]) for f in spec.fields])
