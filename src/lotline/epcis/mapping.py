"""What an EPCIS event becomes in Lotline: a receipt, a batch, a shipment, a discard, a hold or a
release, through the same domain verbs every other way in uses (so the same rules apply), or
nothing we can record, in which case the event is kept verbatim with the reason.

An event is ours to record when it happens at one of our sites (its business location, or the
destination of a shipment to us) and names lots of our items. A supplier's shipping event to us
becomes our receipt, keeping their lot code as the traceability lot code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lotline.catalog.models import Customer, Item, Site, Supplier
from lotline.catalog.services import add_records
from lotline.errors import ErrorCode
from lotline.lots.models import Lot, LotKind

from . import vocabulary as v
from .identifiers import ClassName, item_class, read_class, read_document, read_place
from .reading import EventError, Reader, amount, bare, date_field, day_of, unit_of

MODELS: dict[str, type[Site] | type[Supplier] | type[Customer]] = {
    "site": Site, "supplier": Supplier, "customer": Customer}
KEYS = {"site": "code", "supplier": "ref", "customer": "ref"}
RELEASED = {"available", "active", "sellable_accessible", "conformant"}
MOVEMENTS = {"receiving", "shipping", "destroying", "holding"}  # recorded as the movement, even with sensor data


@dataclass(frozen=True)
class Keep:
    """An event we cannot map, and why."""

    why: str


@dataclass(frozen=True)
class Plan:
    """An event we record: what it becomes ("receipt"...) and the verb that records it."""

    kind: str
    record: Callable[[str], list[str]]  # actor -> the codes recorded


class Resolver:
    """Finds (or, from the document's master data, adds) the items, places and lots events name."""

    def __init__(self, reader: Reader, actor: str) -> None:
        self.reader, self.actor = reader, actor
        self._items: dict[str, Item] = {}  # found once per document: a document names few of them, often
        self._places: dict[tuple[str, tuple[str, ...]], tuple[str, Any]] = {}

    def _add(self, entity: str, uri: str) -> bool:
        """Add a catalog record the document describes in our namespace (an export of Lotline's)."""
        row = self.reader.described(uri)
        if row.pop("entity", None) != entity:
            return False
        add_records(entity, [row], actor=self.actor)
        return True

    def item(self, name: ClassName) -> Item | None:
        key = name.gtin or f"code:{name.item}"
        if key not in self._items and (found := self._item(name)):
            self._items[key] = found
        return self._items.get(key)

    def _item(self, name: ClassName) -> Item | None:
        found = (Item.objects.filter(gtin=name.gtin).first() if name.gtin
                 else Item.objects.filter(code=name.item).first())
        if found is None and self._add("item", item_class(name.item, name.gtin)):
            return self._item(name)
        return found

    def place(self, uri: str, kinds: tuple[str, ...]) -> tuple[str, Any] | None:
        """(kind, record) of a place URI among `kinds`, or None when it is none of ours."""
        if (uri, kinds) not in self._places and (found := self._place(uri, kinds)):
            self._places[(uri, kinds)] = found
        return self._places.get((uri, kinds))

    def _place(self, uri: str, kinds: tuple[str, ...]) -> tuple[str, Any] | None:
        name = read_place(uri)
        if name is None:
            return None
        for kind in kinds:
            model = MODELS[kind]
            if name.gln:
                found = model.objects.filter(gln=name.gln).first()
            elif name.kind == kind:
                found = model.objects.filter(**{KEYS[kind]: name.code}).first()
            else:
                continue
            if found is None and self._add(kind, uri.replace("/417/", "/414/")):
                return self._place(uri, (kind,))
            if found is not None:
                return kind, found
        return None

    def lot(self, item: Item, name: ClassName, ours: str | None, day: Any) -> Lot | None:
        """Our lot a class names: our code when the event gives it, else a lot of ours with that code,
        else the latest lot received with that supplier lot code by the event's day."""
        if ours:
            return Lot.objects.filter(code=ours).first()
        exact = Lot.objects.filter(item=item, code=name.lot).first()
        if exact:
            return exact
        return (Lot.objects.filter(item=item, kind=LotKind.RECEIVED, supplier_lot=name.lot, lot_date__lte=day)
                .order_by("-lot_date", "-id").first())


def _locations(event: dict[str, Any], key: str, kind: str) -> list[str]:
    return [e[key] for e in event.get(f"{key}List") or [] if bare(e.get("type")) == kind and e.get(key)]


def _our_site(event: dict[str, Any], r: Resolver) -> Site | None:
    uri = (event.get("bizLocation") or {}).get("id") or (event.get("readPoint") or {}).get("id")
    found = r.place(uri, ("site",)) if uri else None
    return found[1] if found else None


def _document(event: dict[str, Any]) -> tuple[str, str]:
    for found in event.get("bizTransactionList") or []:
        kind, number = read_document(found["bizTransaction"])
        cbv = bare(found.get("type"))
        return kind or v.DOCUMENT_WORD.get(cbv, cbv), number
    return "", ""


@dataclass
class _Lines:
    """The quantity elements of an event, each with the item and lot it names."""

    elements: list[tuple[str, dict[str, Any], Item, ClassName]]


def _lines(event: dict[str, Any], key: str, r: Resolver) -> _Lines | Keep:
    lines = []
    for i, element in enumerate(event.get(key) or []):
        uri = element["epcClass"]
        name = read_class(uri)
        if name is None or not name.lot:
            return Keep(f"{key}[{i}] names {uri}, not a lot of an item we know")
        item = r.item(name)
        if item is None:
            return Keep(f"{key}[{i}] names {uri}: no item of ours has "
                        + (f"GTIN {name.gtin}" if name.gtin else f"code {name.item}"))
        lines.append((f"{key}[{i}]", element, item, name))
    if not lines:
        return Keep("it names no lots by class and quantity (instances, or nothing we count)")
    return _Lines(lines)


def plan(event: dict[str, Any], r: Resolver) -> Plan | Keep:
    """What one event becomes, or why we keep it as it is."""
    kind, step = event.get("type"), bare(event.get("bizStep"))
    if kind == "TransformationEvent":
        return _batch(event, r)
    if kind != "ObjectEvent" or event.get("action") == "DELETE":
        action = f" ({event['action']})" if event.get("action") else ""
        return Keep(f"{'an' if str(kind)[:1] in 'AEIOU' else 'a'} {kind}{action} records no lot movement Lotline keeps")
    handlers = {"receiving": _receipt, "shipping": _shipping, "destroying": _discard, "holding": _hold,
                "inspecting": _release}
    if event.get("sensorElementList") and step not in MOVEMENTS:
        from lotline.labs.epcis import sensor_plan

        return sensor_plan(event, r)  # readings of our lots: lab results (lotline.labs)
    if step not in handlers:
        return Keep(f"bizStep {step or '(none)'} records no lot movement Lotline keeps")
    return handlers[step](event, r)


def _receipt(event: dict[str, Any], r: Resolver) -> Plan | Keep:
    site = _our_site(event, r)
    if site is None:
        dest = _locations(event, "destination", "location")
        found = r.place(dest[0], ("site",)) if dest else None
        site = found[1] if found else None
    if site is None:
        return Keep("it happened at none of our sites")
    lines = _lines(event, "quantityList", r)
    if isinstance(lines, Keep):
        return lines
    sources = _locations(event, "source", "owning_party") + _locations(event, "source", "location")
    supplier = next((f[1] for uri in sources if (f := r.place(uri, ("supplier",)))), None)
    if supplier is None:
        return Keep(f"its source ({', '.join(sources) or 'none given'}) is no supplier of ours: add the supplier "
                    "with its GLN")
    return Plan("receipt", lambda actor: _receive(event, r, site, supplier, lines, actor))


def _receive(event: dict[str, Any], r: Resolver, site: Site, supplier: Supplier, lines: _Lines,
             actor: str) -> list[str]:
    from lotline.lots.services import receive_lot

    day, (doc_type, doc) = day_of(event), _document(event)
    ours = (r.reader.ext(event, "lot") or None) if len(lines.elements) == 1 else None
    codes = []
    for where, element, item, name in lines.elements:
        # our own lot code: given beside the class (our exports), or the class is under our private base
        code = ours or (name.lot if name.item else None)
        received = receive_lot(
            item=item.code, supplier=supplier.ref, quantity=amount(element, where), unit=unit_of(element, where),
            received_on=day, site=site.code, supplier_lot="" if code == name.lot else name.lot,
            reference_doc_type=doc_type, reference_doc=doc, code=code,
            tlc_source=r.reader.ext(event, "tlcSource") or "", allergens=r.reader.ext(event, "allergens") or "",
            may_contain=r.reader.ext(event, "mayContain"),
            best_by=date_field(r.reader.ext(event, "bestBy"), "lotline:bestBy"),
            confirmed=ALL, actor=actor)
        codes.append(received.code)
    return codes


ALL = frozenset(code.value for code in ErrorCode)  # an EPCIS event records what happened: its warnings stand


def _lot(event: dict[str, Any], r: Resolver, lines: _Lines, index: int = 0) -> Lot:
    where, _element, item, name = lines.elements[index]
    ours = (r.reader.ext(event, "lot") or None) if len(lines.elements) == 1 else None
    lot = r.lot(item, name, ours, day_of(event))
    if lot is None:
        raise EventError(ErrorCode.UNKNOWN_LOT, f"no lot of {item.code} with code {ours or name.lot}",
                         field=f"{where}.epcClass")
    return lot


def _shipping(event: dict[str, Any], r: Resolver) -> Plan | Keep:
    dest = _locations(event, "destination", "owning_party") + _locations(event, "destination", "location")
    to_us = next((f[1] for uri in dest if (f := r.place(uri, ("site",)))), None)
    if to_us is not None and _our_site(event, r) is None:
        return _receipt(event, r)  # a supplier's shipment to us is our receipt
    site = _our_site(event, r)
    if site is None:
        return Keep("it happened at none of our sites")
    customer = next((f[1] for uri in dest if (f := r.place(uri, ("customer",)))), None)
    if customer is None:
        return Keep(f"its destination ({', '.join(dest) or 'none given'}) is no customer of ours")
    lines = _lines(event, "quantityList", r)
    if isinstance(lines, Keep):
        return lines
    return Plan("shipment", lambda actor: _ship(event, r, customer, lines, actor))


def _ship(event: dict[str, Any], r: Resolver, customer: Customer, lines: _Lines, actor: str) -> list[str]:
    from lotline.lots.services import ShipmentLine, ship_units

    day, (doc_type, doc) = day_of(event), _document(event)
    ref = r.reader.ext(event, "shipment") if len(lines.elements) == 1 else ""
    shipped = ship_units([ShipmentLine(_lot(event, r, lines, i).code, customer.ref, amount(el, where), day,
                                       unit_of(el, where), doc_type, doc, ref or "")
                          for i, (where, el, _item, _name) in enumerate(lines.elements)], confirmed=ALL, actor=actor)
    return [s.code for s in shipped]


def _at_our_site(event: dict[str, Any], r: Resolver, kind: str,
                 then: Callable[[_Lines], Callable[[str], list[str]]]) -> Plan | Keep:
    if _our_site(event, r) is None:
        return Keep("it happened at none of our sites")
    lines = _lines(event, "quantityList", r)
    return lines if isinstance(lines, Keep) else Plan(kind, then(lines))


def _discard(event: dict[str, Any], r: Resolver) -> Plan | Keep:
    from lotline.lots.services import discard_units

    def record(lines: _Lines) -> Callable[[str], list[str]]:
        def run(actor: str) -> list[str]:
            where, element, _item, _name = lines.elements[0]
            lot = _lot(event, r, lines)
            discard_units(lot.code, amount(element, where), unit=unit_of(element, where), on=day_of(event),
                          reason=r.reader.ext(event, "reason") or "destroyed (EPCIS event)", confirmed=ALL,
                          actor=actor)
            return [lot.code]
        return run
    return _at_our_site(event, r, "discard", record)


def _hold(event: dict[str, Any], r: Resolver) -> Plan | Keep:
    from lotline.lots.services import place_hold

    def record(lines: _Lines) -> Callable[[str], list[str]]:
        def run(actor: str) -> list[str]:
            lot = _lot(event, r, lines)
            place_hold(lot.code, reason=r.reader.ext(event, "reason") or f"held: {bare(event.get('disposition'))}",
                       on=day_of(event), actor=actor)
            return [lot.code]
        return run
    return _at_our_site(event, r, "hold", record)


def _release(event: dict[str, Any], r: Resolver) -> Plan | Keep:
    """An inspection that passes a held lot releases it; any other inspection of our lots is a result
    (lotline.labs: its disposition a finding, judged against the specs)."""
    from lotline.labs.epcis import inspection_plan
    from lotline.lots.models import LotStatus
    from lotline.lots.services import release_hold

    if bare(event.get("disposition")) not in RELEASED or not _held(event, r, LotStatus.ON_HOLD):
        return inspection_plan(event, r)

    def record(lines: _Lines) -> Callable[[str], list[str]]:
        def run(actor: str) -> list[str]:
            lot = _lot(event, r, lines)
            release_hold(lot.code, reason=r.reader.ext(event, "reason") or "released (EPCIS event)",
                         on=day_of(event), actor=actor)
            return [lot.code]
        return run
    return _at_our_site(event, r, "release", record)


def _held(event: dict[str, Any], r: Resolver, on_hold: str) -> bool:
    """The one lot an event at our site names is on hold (what a passing inspection releases)."""
    if _our_site(event, r) is None:
        return False
    lines = _lines(event, "quantityList", r)
    if isinstance(lines, Keep) or len(lines.elements) != 1:
        return False
    _where, _element, item, name = lines.elements[0]
    lot = r.lot(item, name, r.reader.ext(event, "lot") or None, day_of(event))
    return lot is not None and lot.status == on_hold


def _batch(event: dict[str, Any], r: Resolver) -> Plan | Keep:
    site = _our_site(event, r)
    if site is None:
        return Keep("it happened at none of our sites")
    outputs = _lines(event, "outputQuantityList", r)
    if isinstance(outputs, Keep):
        return outputs
    if len(outputs.elements) != 1:
        return Keep("a transformation with several outputs is not one batch")
    inputs = _lines(event, "inputQuantityList", r) if event.get("inputQuantityList") else _Lines([])
    if isinstance(inputs, Keep):
        return inputs
    return Plan("batch", lambda actor: _make(event, r, site, outputs, inputs, actor))


def _make(event: dict[str, Any], r: Resolver, site: Site, outputs: _Lines, inputs: _Lines, actor: str) -> list[str]:
    from lotline.lots.services import InputLine, correct_lot, record_batch

    where, element, item, name = outputs.elements[0]
    given = r.reader.texts(event, "inputLots")
    used = []
    for i, (in_where, in_el, in_item, in_name) in enumerate(inputs.elements):
        ours = given[i] if i < len(given) else None
        lot = r.lot(in_item, in_name, ours, day_of(event))
        if lot is None:
            raise EventError(ErrorCode.UNKNOWN_LOT, f"no lot of {in_item.code} with code {ours or in_name.lot}",
                             field=f"{in_where}.epcClass")
        used.append(InputLine(lot.code, amount(in_el, in_where), unit_of(in_el, in_where)))
    ilmd = event.get("ilmd") or {}
    made = record_batch(product=item.code, quantity_produced=amount(element, where), produced_on=day_of(event),
                        inputs=used, site=site.code, unit=unit_of(element, where) or None,
                        quantity_discarded=r.reader.number(ilmd, "discarded"),
                        reference_doc_type=_document(event)[0], reference_doc=_document(event)[1],
                        code=name.lot, confirmed=ALL, actor=actor)
    if best_by := date_field(ilmd.get("cbvmda:bestBeforeDate"), "ilmd.cbvmda:bestBeforeDate"):
        correct_lot(made.code, {"best_by": best_by}, reason="best-by from the EPCIS event", actor=actor)
    return [made.code]

