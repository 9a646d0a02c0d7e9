"""Customer notices: a plain-language letter per customer of a case, from a template the business edits.

The template is text with placeholders in braces, e.g. {customer} and {lots}; only the names in
PLACEHOLDERS are filled in, and a template naming any other is refused when it is set (the error names
it), so nothing in a template is ever evaluated. Setting it is an event (`notice.template_set`, owners
only), so the log keeps which words went out when. The notification list is also a CSV file.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import TypedDict

from lotline.accounts.rights import Right, Who, require
from lotline.catalog.models import Site
from lotline.cells import CsvWriter
from lotline.errors import ErrorCode, LotlineError
from lotline.ledger.kinds import EventKind
from lotline.ledger.log import record, writing
from lotline.lengths import too_long
from lotline.quantities import said

from .answers import CaseDetails
from .models import NoticeTemplate
from .queries import case_details

PLACEHOLDERS = {
    "customer": "the customer's name",
    "product": "the products they received (names)",
    "lots": "the lot codes they received",
    "quantities": "each lot with the quantity they received, one per line",
    "business": "your business's name",
    "contact": "whom to call, and how",
    "case": "the case's id (R-1)",
}
TEMPLATE_LIMIT = 5000
FIELD = re.compile(r"\{([^{}]*)\}")

DEFAULT_TEMPLATE = """Dear {customer},

We are recalling {product} that we delivered to you (lot codes {lots}).

You received:
{quantities}

Please stop selling or using these units at once, keep them apart, and return them to us or
destroy them, then tell us how many you had left. We will replace or refund them.

We are sorry for the trouble. Questions: {contact}.

{business} (recall {case})"""


class Template(TypedDict):
    text: str
    business: str
    contact: str
    placeholders: dict[str, str]


class CustomerNotice(TypedDict):
    case: str
    customer: str
    name: str
    contact: str
    address: str
    text: str


def check_template(text: str) -> str:
    """The template, or unknown_placeholder naming the first name in braces that is not a placeholder."""
    text = (text or "").strip()
    if not text:
        raise LotlineError(ErrorCode.MISSING, "write the notice's text", field="text")
    if why := too_long(text, TEMPLATE_LIMIT):
        raise LotlineError(ErrorCode.TOO_LONG, why, field="text")
    for match in FIELD.finditer(text):
        if match.group(1) not in PLACEHOLDERS:
            raise LotlineError(ErrorCode.UNKNOWN_PLACEHOLDER, f"{{{match.group(1)}}} is not a placeholder: use "
                               + ", ".join(f"{{{name}}}" for name in PLACEHOLDERS), field="text")
    return text


def set_notice_template(*, text: str, business: str = "", contact: str = "", actor: Who) -> Template:
    """Replace the notice template (owners: the right to manage the business's settings)."""
    person = require(actor, Right.MANAGE)
    text = check_template(text)
    for field, value in (("business", business), ("contact", contact)):
        if why := too_long(value.strip(), 200):
            raise LotlineError(ErrorCode.TOO_LONG, why, field=field)
    with writing():
        record(EventKind.NOTICE_TEMPLATE_SET, {"text": text, "business": business.strip(),
                                               "contact": contact.strip()}, actor=person.name)
    return notice_template()


def notice_template() -> Template:
    """The template in use: the business's, or the default until one is set."""
    row = NoticeTemplate.objects.first()
    return Template(text=row.text if row else DEFAULT_TEMPLATE, business=row.business if row else "",
                    contact=row.contact if row else "", placeholders=PLACEHOLDERS)


def _fill(text: str, values: dict[str, str]) -> str:
    return FIELD.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def customer_notices(case_id: str, *, customer: str | None = None) -> list[CustomerNotice]:
    """The notice for each customer of the case (or the one named by ref or name)."""
    details = case_details(case_id)
    template = notice_template()
    business = template["business"] or (Site.objects.order_by("id").values_list("name", flat=True).first() or "")
    chosen = _customers(details, customer)
    out = []
    for c in chosen:
        names = sorted({r["item_name"] for r in c["received"]})
        values = {"customer": c["name"], "product": ", ".join(names),
                  "lots": ", ".join(r["lot"] for r in c["received"]),
                  "quantities": "\n".join(f"- {r['lot']} ({r['item_name']}): {said(r['quantity'], r['unit'])}"
                                          for r in c["received"]),
                  "business": business, "contact": template["contact"] or business, "case": details["id"]}
        out.append(CustomerNotice(case=details["id"], customer=c["customer"], name=c["name"], contact=c["contact"],
                                  address=c["address"], text=_fill(template["text"], values)))
    return out


def _customers(details: CaseDetails, customer: str | None) -> list:
    if customer is None:
        return details["notifications"]
    key = customer.strip().upper()
    found = [c for c in details["notifications"] if key in (c["customer"].upper(), c["name"].upper())]
    if not found:
        raise LotlineError(ErrorCode.UNKNOWN_CUSTOMER, f"{customer!r} received no units of {details['id']}",
                           field="customer")
    return found


NOTIFY_COLUMNS = ["customer", "name", "contact", "address", "lot", "item", "received", "unit", "returned",
                  "notified", "how", "when", "by"]


def notification_csv(case_id: str, *, actor: Who) -> str:
    """The notification list as CSV, with contacts: one row per customer and lot."""
    require(actor, Right.EXPORT)
    details = case_details(case_id)
    out = io.StringIO()
    writer = CsvWriter(out)
    writer.writerow(NOTIFY_COLUMNS)
    for c in details["notifications"]:
        last = c["notices"][-1] if c["notices"] else None
        for r in c["received"]:
            writer.writerow([c["customer"], c["name"], c["contact"], c["address"], r["lot"], r["item_name"],
                             _number(r["quantity"]), r["unit"], _number(r["returned"]), "yes" if last else "no",
                             last["how"] if last else "", last["notified_at"] if last else "",
                             last["by"] if last else ""])
    return out.getvalue()


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f") if value else "0"
