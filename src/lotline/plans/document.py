"""The traceability plan of 21 CFR 1.1315 as plain data, and its text in Markdown.

The plan is derived, never typed: the business's settings (plan.set) and the catalog say what it
holds, and the Markdown written here is what a version keeps (plan.issued). The PDF (pdf.py) and the
page are drawn from that Markdown, so every form of a version says the same words.

User text goes into the Markdown escaped, so a name with `*` or `|` stays a name.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from lotline.catalog.models import Item, ItemKind, NumberFormat, Site
from lotline.lots.numbering import render

from .queries import PlanSetup, current_plan_settings

# The day the example batch numbers are made on: fixed, so the plan's text does not change each day.
EXAMPLE_DAY = dt.date(2026, 3, 4)
# How each batch number format is written, with the product's code (and the site's, if several) in front
TEMPLATES = {
    NumberFormat.DATE: ("{product}-YYYYMMDD-L", "the date made, then L: the letter of the batch that day "
                                                "(A, B, ... Z, AA)"),
    NumberFormat.SEQUENTIAL: ("{product}-NNNN", "a running number for the product"),
    NumberFormat.HYBRID: ("YYYY-MMDD-{product}-NN", "the date made, then the number of the batch that day"),
}
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")
# what would make a line of free text a list item or a heading's underline: "- ", "1. ", "=="
LIST_MARK = re.compile(r"^(\d*)([-=.)])")


@dataclass(frozen=True)
class FtlFood:
    code: str
    name: str
    kind: str  # ingredient (received) or product (made here)


@dataclass(frozen=True)
class ProductTlc:
    code: str
    name: str
    number_format: str
    template: str  # SJ-YYYYMMDD-L
    explained: str
    example: str  # SJ-20260304-A


@dataclass(frozen=True)
class PlanDocument:
    """What the plan says, before it is written out."""

    business: str
    settings: PlanSetup
    records: str  # the business's words (escaped), or Lotline's: Markdown
    database: str
    ftl_foods: tuple[FtlFood, ...]
    products: tuple[ProductTlc, ...]
    sites: tuple[str, ...]  # "K1 Home kitchen"
    missing: tuple[str, ...]  # what the plan still lacks, in words


def database_in_use() -> str:
    """Where the records are, in words (no password): the SQLite file or the PostgreSQL database."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        where = f"{db.get('HOST') or 'localhost'}" + (f":{db['PORT']}" if db.get("PORT") else "")
        return f"the PostgreSQL database {db['NAME']} on {where}"
    return f"the SQLite database file {db['NAME']}"


def default_records(database: str) -> str:
    """Lotline's words for how records are kept, until the business writes its own."""
    return (f"Records are kept electronically in Lotline, in {database}. `lotline backup FILE` makes a copy "
            "that is checked before it is kept.")


def plan_document() -> PlanDocument:
    """The plan as the settings and the catalog say it now."""
    s = current_plan_settings()
    database = database_in_use()
    sites = tuple(f"{code} {name}" for code, name in Site.objects.order_by("code").values_list("code", "name"))
    first_site = sites[0].split(" ", 1)[0] if sites else ""
    prefix = f"{first_site}-" if len(sites) > 1 else ""
    products = tuple(_product(code, name, fmt, prefix) for code, name, fmt in Item.objects.filter(
        kind=ItemKind.PRODUCT).order_by("code").values_list("code", "name", "number_format"))
    foods = tuple(FtlFood(*row) for row in Item.objects.filter(on_traceability_list=True).order_by("code")
                  .values_list("code", "name", "kind"))
    business = s["business"] or (sites[0].split(" ", 1)[1] if sites else "")
    missing = tuple(what for what, given in (
        ("the business's name", business), ("the point of contact's name", s["contact_name"]),
        ("the point of contact's phone or e-mail", s["contact_phone"] or s["contact_email"]),
        ("where backups are kept", s["backups"])) if not given)
    records = "\n\n".join(_paragraphs(s["records"])) or default_records(database)
    return PlanDocument(business=business, settings=s, records=records, database=database,
                        ftl_foods=foods, products=products, sites=sites, missing=missing)


def _product(code: str, name: str, fmt: str, prefix: str) -> ProductTlc:
    template, explained = TEMPLATES.get(NumberFormat(fmt), TEMPLATES[NumberFormat.DATE])
    site = f"{prefix[:-1]}-" if prefix else ""
    return ProductTlc(code=code, name=name, number_format=fmt, template=site + template.format(product=code),
                      explained=explained, example=render(fmt, code, EXAMPLE_DAY, 1, prefix))


def md(text: str) -> str:
    """User text as Markdown that shows it as written (one line: a table cell or a list item)."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _paragraphs(text: str) -> list[str]:
    """Free text of several lines, each line its own paragraph, escaped."""
    return [LIST_MARK.sub(r"\1\\\2", md(line)) for line in text.splitlines() if line.strip()]


def markdown(doc: PlanDocument, *, version: int, issued_at: dt.datetime) -> str:
    """The plan's text: the version and when it took effect, then the sections 1.1315 asks for."""
    s = doc.settings
    when = timezone.localtime(issued_at).strftime("%Y-%m-%d %H:%M %Z")
    name = md(doc.business) or "our business"
    lines = [f"# Food traceability plan of {name}", "",
             f"Version {version}, in effect since {when}. Written under 21 CFR 1.1315 (FSMA 204); this version "
             "replaces the one before it, and every version is kept at least 2 years after it is replaced.", ""]
    if doc.missing:
        lines += ["**Still to say:** " + "; ".join(doc.missing) + " (an owner sets them: `lotline plan --help`).",
                  ""]
    lines += ["## 1. The business and its point of contact", "",
              f"- Business: {name}",
              f"- Point of contact: {md(s['contact_name']) or 'not named yet'}",
              f"- Phone: {md(s['contact_phone']) or 'not given'}",
              f"- E-mail: {md(s['contact_email']) or 'not given'}"]
    lines += [f"- Site: {md(site)}" for site in doc.sites]
    lines += ["", "## 2. How records are kept", "", doc.records, "",
              "Every record is an event in Lotline's append-only log: nothing is changed or deleted, a correction "
              "is a new event, and each event carries a SHA-256 hash chained to the one before it, so "
              "`lotline verify` shows that no record was changed since.", "",
              f"- Database: {md(doc.database)}",
              "- Backups: made with `lotline backup FILE`, which checks the copy before it is kept; where they are "
              f"kept: {md(s['backups']) or 'not said yet'}",
              "- Records are kept for at least 2 years.",
              "- Within 24 hours of a request from the FDA, we produce the electronic sortable spreadsheet of "
              "the traceability records for the foods, dates or traceability lot codes asked for: "
              "`lotline fsma204` on the command line, or the FSMA 204 page (/fsma204/).", "",
              "## 3. How we identify foods on the Food Traceability List", "",
              "Each item in our catalog is marked when it is on the FDA's Food Traceability List (21 CFR 1.1300); "
              "the marked items are:", ""]
    if doc.ftl_foods:
        lines += ["| Code | Name | Kind |", "|---|---|---|"]
        lines += [f"| {md(f.code)} | {md(f.name)} | {'received' if f.kind == ItemKind.INGREDIENT else 'made here'} |"
                  for f in doc.ftl_foods]
    else:
        lines += ["None of our items is marked as on the list."]
    lines += ["", "## 4. How we assign traceability lot codes", "",
              "- Foods we receive keep the supplier's lot code as their traceability lot code (TLC), with the "
              "supplier as the TLC source. When the supplier gave none, we assign our own lot code on receiving, "
              "and our receiving site is the TLC source.",
              "- Foods we make get a new traceability lot code when they are made: the batch number, assigned by "
              "Lotline when the batch is recorded, never reused; the site where it was made is the TLC source.",
              ""]
    if doc.products:
        lines += [f"Batch numbers of each product (the example is the first batch made on {EXAMPLE_DAY:%Y-%m-%d}):",
                  "", "| Product | Name | Batch number (TLC) | Example |", "|---|---|---|---|"]
        lines += [f"| {md(p.code)} | {md(p.name)} | `{p.template}`: {p.explained} | `{p.example}` |"
                  for p in doc.products]
    else:
        lines += ["We make no products yet."]
    more = [("Farm map", [f"The map of our growing areas: {md(s['farm_map'])}"] if s["farm_map"] else []),
            ("Note", _paragraphs(s["note"]))]
    for number, (title, paragraphs) in enumerate([m for m in more if m[1]], start=5):
        lines += ["", f"## {number}. {title}", "", *_with_blanks(paragraphs)]
    return "\n".join(lines).rstrip() + "\n"


def _with_blanks(paragraphs: list[str]) -> list[str]:
    return [line for p in paragraphs for line in (p, "")]
