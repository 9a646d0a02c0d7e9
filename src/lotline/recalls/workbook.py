"""A case as one XLSX workbook: the case, its scope, the mass balance, the notification list with
contacts, the timeline and the batches not affected; under it the ledger's head, signed (a witness)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from lotline.accounts.rights import Right, Who, require
from lotline.cells import for_xlsx

from .answers import CaseDetails
from .queries import case_details

SCOPE = ["lot", "kind", "item", "item name", "site", "date", "depth", "status", "on hand", "unit"]
BALANCE = ["lot", "item", "site", "unit", "in", "shipped", "consumed", "discarded", "on hand", "counted", "not found",
           "surplus", "returned", "destroyed", "accounted %", "reconciled"]
NOTIFY = ["customer", "name", "kind", "contact", "address", "lot", "item", "received", "unit", "returned",
          "notified", "how", "when", "by", "note"]
TIMELINE = ["event", "at", "who", "action", "what"]


def _cell(sheet: Any, value: Any) -> Any:
    """Numbers as numbers, text always as text (never a formula), escaped as XML needs (cells.for_xlsx)."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, Decimal):
        value = float(value) if Decimal(repr(float(value))) == value else format(value, "f")
    elif isinstance(value, bool):
        value = "yes" if value else "no"
    cell = WriteOnlyCell(sheet, value=for_xlsx(value) if isinstance(value, str) else value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def _sheet(book: Any, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    sheet = book.create_sheet(title)
    sheet.append(list(header))
    for row in rows:
        sheet.append([_cell(sheet, v) for v in row])


def _notify_rows(case: CaseDetails) -> list[list[Any]]:
    rows = []
    for c in case["notifications"]:
        last = c["notices"][-1] if c["notices"] else None
        told = [("yes" if last else "no"), last["how"] if last else "", last["notified_at"] if last else "",
                last["by"] if last else "", last["note"] if last else ""]
        for r in c["received"]:
            rows.append([c["customer"], c["name"], c["kind"], c["contact"], c["address"], r["lot"],
                         f"{r['item']} {r['item_name']}", r["quantity"], r["unit"], r["returned"], *told])
    return rows


def write_case_workbook(case_id: str, target: str | Path | IO[bytes], *, actor: Who) -> CaseDetails:
    """Write the case's workbook to `target`; auditors may (the right to export). Returns the case."""
    from openpyxl import Workbook

    from lotline.ledger.checkpoints import seal

    require(actor, Right.EXPORT)
    case = case_details(case_id)
    head = seal("case report")
    book = Workbook(write_only=True)
    _sheet(book, "case", ["", ""], [
        ["case", case["id"]], ["kind", case["kind"]], ["title", case["title"]], ["status", case["status"]],
        ["trigger", case["trigger_said"]], ["opened", f"{case['opened_at']} by {case['opened_by']}"],
        ["accounted for %", case["accounted_percent"]], ["written", dt.datetime.now(dt.UTC).isoformat()[:19]],
        ["ledger head", head.line()]])
    scope = case["lots"] + case["batches"]
    _sheet(book, "scope", SCOPE, [[lot["code"], lot["kind"], lot["item"], lot["item_name"], lot["site"], lot["date"],
                                   lot.get("depth"), lot["status"], lot.get("on_hand"), lot["unit"]] for lot in scope])
    _sheet(book, "mass balance", BALANCE, [
        [b["code"], b["item"], b["site"], b["unit"], b["in"], b["shipped"], b["consumed"], b["discarded"],
         b["on_hand"], b["counted"], b["missing"], b["surplus"], b["returned"], b["destroyed"],
         b["accounted_percent"], b["reconciled"]] for b in case["mass_balance"]])
    _sheet(book, "notification list", NOTIFY, _notify_rows(case))
    _sheet(book, "timeline", TIMELINE, [[a["event"], a["at"], a["actor"], a["action"], a["said"]]
                                        for a in case["actions"]])
    _sheet(book, "not affected", ["batch", "item", "item name", "site", "date", "status"], [
        [b["code"], b["item"], b["item_name"], b["site"], b["date"], b["status"]] for b in case["not_affected"]])
    book.save(target)
    return case
