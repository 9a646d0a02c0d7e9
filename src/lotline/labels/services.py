"""The labels' two writes: printing a batch's labels (labels.printed: the serials come from the log, so a
later print continues the numbering) and the owner's label settings (labels.set: the cottage food statement).

Printing records an event, so it takes the right to record at the batch's site (auditors cannot print).
Like the recording verbs, it takes the warning codes a person `confirmed`: `_warnings` is the one place
a check before printing goes (the allergens the label does not declare), and nothing is recorded
until each warning is confirmed (lots.services.common.settle).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from lotline.accounts.rights import Right, Who, require
from lotline.errors import ErrorCode, LotlineError, Problem
from lotline.ledger.kinds import EventKind
from lotline.ledger.log import record, writing
from lotline.lengths import too_long
from lotline.lots.models import Lot
from lotline.lots.services.common import settle

from .cottage import cottage_laws
from .gs1 import gs1_ready
from .models import LENGTHS
from .pdf import label_sheet
from .queries import CottageSetting, LabelFacts, batch_to_label, cottage_setting, label_facts, next_serial, serial_text
from .stocks import DEFAULT_STOCK, STOCKS
from .symbols import chosen

MOST = 1000  # labels in one print: a day's batch; more is likely a typo


@dataclass(frozen=True)
class Printed:
    """A print of a batch's labels: the PDF, and the serials it gave (None when the product has none)."""

    batch: str
    count: int
    stock: str
    symbols: tuple[str, ...]
    first_serial: str | None
    last_serial: str | None
    event_seq: int
    pdf: bytes

    def as_dict(self) -> dict[str, object]:
        return {"batch": self.batch, "count": self.count, "stock": self.stock, "symbols": list(self.symbols),
                "first_serial": self.first_serial, "last_serial": self.last_serial, "event_seq": self.event_seq}


def print_labels(code: str, *, actor: Who, count: int | None = None, stock: str | None = None,
                 symbols: str | None = None, confirmed: Collection[str] = ()) -> Printed:
    """Print a batch's labels on a stock (default Avery 5160): `count` labels (default: one per unit
    made), each with the item's barcodes (or `symbols`, e.g. "qr,datamatrix,gs1-128"). A serialised
    product's labels carry the next serials of the batch."""
    person = require(actor, Right.RECORD)
    lot = batch_to_label(code)
    require(person, Right.RECORD, site=lot.site.code)
    stock_name = (stock or DEFAULT_STOCK).strip().lower()
    if stock_name not in STOCKS:
        raise LotlineError(ErrorCode.BAD_CHOICE, f"unknown label stock {stock!r}: choose from {', '.join(STOCKS)}",
                           field="stock")
    how_many = _count(lot, count)
    facts = label_facts(lot)
    kinds = _kinds(facts, symbols)
    with writing():
        extra = settle(_warnings(lot, facts), confirmed)
        first = next_serial(lot) if facts.serialised else None
        serials: list[str | None] = [serial_text(n) for n in range(first, first + how_many)] if first \
            else [None] * how_many
        pdf = label_sheet(facts, STOCKS[stock_name], kinds, serials)  # before the event: bad input records nothing
        event = record(EventKind.LABELS_PRINTED, {
            "batch": lot.code, "first_serial": first, "count": how_many, "stock": stock_name, "symbols": list(kinds),
            "by": person.name, **extra}, actor=person.name, site=lot.site.code, subject=lot.code)
    return Printed(batch=lot.code, count=how_many, stock=stock_name, symbols=kinds, first_serial=serials[0],
                   last_serial=serials[-1], event_seq=event.seq, pdf=pdf)


def _kinds(facts: LabelFacts, asked: str | None) -> tuple[str, ...]:
    """The barcodes asked for, else the item's; the item's GS1 kinds are left off (a QR stays) when the
    product has no GTIN or the batch number cannot go in a GS1 code. Asked for, they are refused."""
    if asked:
        kinds = chosen(asked)
    else:
        kinds = chosen(facts.symbols or None)
        try:
            gs1_ready(facts.unit(serial_text(1) if facts.serialised else None))
        except LotlineError:
            kinds = tuple(k for k in kinds if k == "qr") or ("qr",)
    if any(k != "qr" for k in kinds):
        gs1_ready(facts.unit(serial_text(1) if facts.serialised else None))
    return kinds


def _count(lot: Lot, count: int | None) -> int:
    if count is None:
        made = int(lot.quantity - lot.quantity_discarded) if lot.unit == "unit" else 1
        return max(1, min(made, MOST))
    if count < 1:
        raise LotlineError(ErrorCode.NOT_POSITIVE, "print at least one label", field="count")
    if count > MOST:
        raise LotlineError(ErrorCode.TOO_LARGE, f"at most {MOST} labels in one print: print the rest after",
                           field="count")
    return count


def _warnings(lot: Lot, facts: LabelFacts) -> list[Problem]:
    """What a person confirms before these labels print: each allergen the batch holds (derived from
    the lots it used, and cross-contact) that its label's statement does not name."""
    from lotline.allergens.queries import undeclared

    return [Problem(ErrorCode.UNDECLARED_ALLERGEN,
                    f"{a['allergen']} is not named on the label ({a['reason']})", "declared")
            for a in undeclared(lot.code)]


def set_label_settings(*, actor: Who, cottage_state: str | None = None,
                       cottage_statement: str | None = None) -> CottageSetting:
    """The owner's label settings: the state whose cottage food law the business sells under ("" : none)
    and the statement in their own words ("" : the state's listed statement). None leaves a value as it was."""
    person = require(actor, Right.MANAGE)
    now = cottage_setting()
    state = now["state"] if cottage_state is None else cottage_state.strip().upper()
    own = (now["statement"] if now["own_words"] else "") if cottage_statement is None else cottage_statement.strip()
    if why := too_long(own, LENGTHS["cottage_statement"]):
        raise LotlineError(ErrorCode.TOO_LONG, why, field="cottage_statement")
    if state and state not in cottage_laws() and not own:
        listed = ", ".join(cottage_laws())
        raise LotlineError(ErrorCode.UNKNOWN_STATE, f"no cottage food statement is listed for {state!r} (listed: "
                           f"{listed}): give the statement the law asks for", field="cottage_state")
    if len(state) > LENGTHS["cottage_state"]:
        raise LotlineError(ErrorCode.UNKNOWN_STATE, f"{state!r} is not a two-letter state code", field="cottage_state")
    with writing():
        if (state, own) != (now["state"], now["statement"] if now["own_words"] else ""):
            record(EventKind.LABELS_SET, {"cottage_state": state, "cottage_statement": own}, actor=person.name)
    return cottage_setting()
