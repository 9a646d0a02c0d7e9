"""What `lotline case ACTION` calls: each action one verb or query, its options as plain arguments.

Kept apart from the command's module so `lotline help` loads none of the recall code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.management.base import CommandError

from . import queries, services
from .workbook import write_case_workbook


def _report(o: dict[str, Any]) -> dict[str, Any]:
    """Write the PDF report and/or the workbook; the PDF is made in memory first, so a refused case
    or person leaves no file behind."""
    from pathlib import Path

    from .report import case_report_pdf

    if not o["pdf"] and not o["xlsx"]:
        raise CommandError("name the report to write: --pdf FILE and/or --xlsx FILE")
    written: dict[str, Any] = {"id": queries.find_case(o["id"]).code}
    if o["pdf"]:
        Path(o["pdf"]).write_bytes(case_report_pdf(o["id"], actor=o["actor"]))
        written["pdf"] = o["pdf"]
    if o["xlsx"]:
        write_case_workbook(o["id"], o["xlsx"], actor=o["actor"])
        written["xlsx"] = o["xlsx"]
    return written


def _notice(o: dict[str, Any]) -> dict[str, Any]:
    """Set the template when asked, then the notices (and the notification list as CSV)."""
    from pathlib import Path

    from .notices import customer_notices, notification_csv, set_notice_template

    if o["template"]:
        set_notice_template(text=Path(o["template"]).read_text(encoding="utf-8"), business=o["business"],
                            contact=o["contact"], actor=o["actor"])
    answer: dict[str, Any] = {"id": queries.find_case(o["id"]).code,
                              "notices": customer_notices(o["id"], customer=o["customer"])}
    if o["csv"]:
        Path(o["csv"]).write_text(notification_csv(o["id"], actor=o["actor"]), encoding="utf-8")
        answer["csv"] = o["csv"]
    return answer


def run(action: str, o: dict[str, Any], *, resolve_lot: Callable[[str], str]) -> Any:
    """Run one action of `lotline case` with the command's options `o`."""
    who = {"actor": o.get("actor", "")}
    actions: dict[str, Callable[[], Any]] = {
        "open": lambda: services.open_case(supplier=o["supplier"], item=o["item"], first=o["first"], last=o["last"],
                                           lots=o["lots"], complaint=o["complaint"], title=o["title"], **who),
        "list": lambda: queries.list_cases(kind=o["kind"], status=o["status"]),
        "show": lambda: queries.case_details(o["id"]),
        "recompute": lambda: services.add_to_scope(o["id"], **who) if o["add"] else queries.recompute(o["id"]),
        "hold": lambda: services.hold_case(o["id"], reason=o["reason"], **who),
        "confirm": lambda: services.confirm_site(o["id"], site=o["site"], note=o["note"], **who),
        "notify": lambda: services.notify_customer(o["id"], customer=o["customer"], how=o["how"], when=o["when"],
                                                   by=o["by"], note=o["note"], **who),
        "count": lambda: services.count_lot(o["id"], lot=resolve_lot(o["lot"]), quantity=o["quantity"],
                                           unit=o["unit"], **who),
        "returned": lambda: services.units_returned(o["id"], lot=resolve_lot(o["lot"]), quantity=o["quantity"],
                                                    customer=o["customer"], unit=o["unit"], **who),
        "destroyed": lambda: services.units_destroyed(
            o["id"], lot=resolve_lot(o["lot"]), quantity=o["quantity"], unit=o["unit"], reason=o["reason"],
            confirmed=frozenset(c.strip() for text in o["confirm"] for c in text.split(",") if c.strip()), **who),
        "note": lambda: services.add_note(o["id"], note=o["text"], **who),
        "close": lambda: services.close_case(o["id"], reason=o["reason"], **who),
        "release": lambda: services.release_holds(o["id"], reason=o["reason"], **who),
        "reopen": lambda: services.reopen_case(o["id"], reason=o["reason"], **who),
        "report": lambda: _report(o),
        "notice": lambda: _notice(o),
    }
    return actions[action]()
