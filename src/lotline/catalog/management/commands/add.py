"""lotline add: add a site, supplier, customer or item to the catalog."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from lotline.catalog.management.recording import RecordingCommand
from lotline.catalog.models import CustomerKind, ItemKind, NumberFormat
from lotline.catalog.services import add_records
from lotline.catalog.specs import SPECS
from lotline.errors import Invalid

# option -> the entities it belongs to
OPTIONS = {
    "address": {"site", "supplier", "customer"}, "contact": {"supplier", "customer"},
    "kind": {"customer", "item"}, "unit": {"item"}, "allergens": {"item"}, "number_format": {"item"},
    "ftl": {"item"},
}


class Command(RecordingCommand):
    help = ("Add a site, supplier, customer or item to the catalog (one event; codes are kept forever).\n"
            "Examples:\n"
            '  lotline add site K1 "Home kitchen" --address "12 Orchard Lane"\n'
            '  lotline add supplier VALLEY "Valley Farm" --contact 555-0101\n'
            '  lotline add customer GOODEARTH "Good Earth Co-op" --kind store --contact 555-0202\n'
            '  lotline add item STRAW Strawberries --kind ingredient --unit kg --ftl\n'
            '  lotline add item JT "Jam tarts" --kind product --unit unit --allergens "wheat;milk"')
    show_where = False
    field_options = {"code": "CODE", "ref": "CODE", "name": "NAME", "number_format": "--number-format",
                     "on_traceability_list": "--ftl"}

    def add_command_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("entity", choices=list(SPECS), help="what to add")
        parser.add_argument("code", help="its code (sites, items) or your id for it (suppliers, customers)")
        parser.add_argument("name", help="its name")
        parser.add_argument("--address", help="where it is (FSMA 204 location description)")
        parser.add_argument("--contact", help="phone or e-mail: who to call in a recall")
        parser.add_argument("--kind", help=f"customer: {', '.join(CustomerKind.values)}; "
                                           f"item: {', '.join(ItemKind.values)}")
        parser.add_argument("--unit", help="item: the unit it is counted in (kg, l, unit, dozen...)")
        parser.add_argument("--allergens", help="item: Big 9 allergens, ';'-separated (milk;wheat)")
        parser.add_argument("--number-format", choices=NumberFormat.values,
                            help="product: batch numbers by date (SJ-20260304-A, the default), "
                                 "sequential (SJ-0042) or hybrid (2026-0304-SJ-01)")
        parser.add_argument("--ftl", action="store_true", default=None,
                            help="item: on the FDA Food Traceability List (FSMA 204)")

    def record(self, **o: Any) -> dict[str, Any]:
        entity = o["entity"]
        spec = SPECS[entity]
        wrong = [name for name, entities in OPTIONS.items() if o[name] is not None and entity not in entities]
        if wrong:
            raise Invalid("not_for_entity", f"a {entity} has no {wrong[0].replace('_', '-')}",
                          field=wrong[0])
        row = {spec.key: o["code"], "name": o["name"]}
        row |= {name: o[name] for name in OPTIONS if o[name] is not None and name != "ftl"}
        if o["ftl"]:
            row["on_traceability_list"] = True
        add_records(entity, [row], actor=o["actor"])
        obj = spec.model.objects.get(**{spec.key: o["code"].strip()})
        stored = {col: getattr(obj, col) for col in spec.columns}
        return {"entity": entity} | stored | {"event": obj.event_seq}

    def show(self, data: dict[str, Any], **options: Any) -> None:
        spec = SPECS[data["entity"]]
        self.facts(f"Added {data['entity']} {data[spec.key]}",
                   [(col.replace("_", " "), data[col]) for col in spec.columns])
