"""The menu: each page a person's role may open, in the order of a working day.

The Quality page leads on to the comparison of two batches, the sites compared and the labs (a phone's
menu stays on one screen)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from lotline.accounts.rights import Right


@dataclass(frozen=True)
class Entry:
    label: str
    url_name: str
    right: Right


MENU = [
    Entry("Home", "home", Right.READ),
    Entry("Receive", "receive", Right.RECORD),
    Entry("Batch", "batch_new", Right.RECORD),
    Entry("Ship", "ship", Right.RECORD),
    Entry("Trace", "trace", Right.READ),
    Entry("Recall", "recall", Right.READ),
    Entry("Quality", "quality", Right.READ),
    Entry("Complaints", "complaints", Right.READ),
    Entry("Cases", "cases", Right.READ),
    Entry("Import", "import", Right.RECORD),
    Entry("Export", "export", Right.EXPORT),
    Entry("FSMA 204", "fsma204", Right.EXPORT),
    Entry("EPCIS", "epcis_page", Right.READ),
    Entry("Catalog", "catalog", Right.READ),
    Entry("People", "people", Right.MANAGE),
    Entry("API tokens", "tokens", Right.READ),
]


def menu(rights: frozenset[str]) -> list[tuple[str, str]]:
    """(label, url) of the entries this person may open."""
    return [(entry.label, reverse(entry.url_name)) for entry in MENU if entry.right.value in rights]
