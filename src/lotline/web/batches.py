"""Record a batch: the recipe fills in the ingredients, the oldest open lots are suggested for each,
and the new batch number is shown big, ready to write on the label.

The ingredient lines are plain repeated inputs (line_ingredient, line_lot, line_quantity, line_unit):
blank rows are always there, so splitting an ingredient across lots works without JavaScript;
htmx only adds rows and refills the lines when the product changes.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from lotline.accounts.rights import Right
from lotline.catalog.models import Equipment, Item, ItemKind, Site
from lotline.catalog.recipes import recipe_for
from lotline.errors import ErrorCode, Forbidden, LotlineError, NeedsConfirmation
from lotline.ledger.models import Event
from lotline.lots.models import LotKind
from lotline.lots.queries import find_lot
from lotline.lots.services import InputLine
from lotline.lots.stock import OpenLot, open_lots, stored_codes, suggest_inputs
from lotline.lots.where import recording_site, site_choices
from lotline.process.services import check_values, make_batch
from lotline.quantities import QuantityError, exact, plain, read, said

from .access import needs, signed_in
from .fields import choice_field, text
from .once import new_token, submit_once
from .problems import refused_with, show
from .process_views import (
    ProcessRow,
    like_initial,
    like_sections,
    like_targets,
    place_problems,
    prefilled,
    process_rows,
    row_problems,
    typed_values,
)
from .recording import (
    DateInput,
    QuantityField,
    actor,
    ask_to_confirm,
    confirmed,
    no_later_than_tomorrow,
    status_of,
    today,
)

BLANK_ROWS = 2  # rows for another lot or an earlier batch, without JavaScript
LISTED_LOTS = 20  # open lots offered per ingredient
SCALED = Decimal("0.001")


@dataclass
class Row:
    """One input line as the form shows it (text as typed, so a mistake can be shown and fixed)."""

    ingredient: str = ""
    lot: str = ""
    quantity: str = ""
    unit: str = ""
    errors: list[str] = field(default_factory=list)
    anchor: str = ""  # the id of its lot field, when it has a problem (the summary links to it)

    @property
    def blank(self) -> bool:
        return not (self.lot.strip() or self.quantity.strip())


@dataclass
class Section:
    """An ingredient of the recipe: how much the batch needs, its open lots, the lines taken, and
    the lots past their best-by date that could cover what the others do not (never filled in)."""

    code: str
    name: str
    need: str = ""
    short: str = ""
    lots: list[OpenLot] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    past: list[OpenLot] = field(default_factory=list)
    like: list[str] = field(default_factory=list)  # what batch X used of it ("make it like batch X")


class BatchForm(forms.Form):
    product = forms.ChoiceField()
    quantity_produced = QuantityField(label="How many", zero_ok=True)
    quantity_discarded = QuantityField(label="Discarded", zero_ok=True, required=False,
                                       help_text="Broken or under-filled when it was made")
    produced_on = forms.DateField(label="Made on", widget=DateInput())
    site = forms.ChoiceField()
    equipment = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    made_by = text("made_by", label="Made by", required=False)
    reference_doc = text("reference_doc", label="Batch sheet", required=False,
                                    help_text="Its number, if you keep paper sheets")
    failed = forms.BooleanField(label="Failed batch", required=False,
                                help_text="Nothing good came out; what went in is still used up")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        products = Item.objects.filter(kind=ItemKind.PRODUCT).values_list("code", "name", "unit")
        choice_field(self, "product").choices = [("", "Choose the product"),
                                          *((code, f"{name} ({code})") for code, name, _unit in products)]
        self.units = {code: unit for code, _name, unit in products}
        # any site passes the form; the guard then answers 403 for a site the person may not record at
        choice_field(self, "site").choices = list(Site.objects.values_list("code", "code"))
        self.fields["site"].widget.choices = site_choices(user)
        self.equipment_names = dict(Equipment.objects.values_list("code", "name"))
        choice_field(self, "equipment").choices = list(self.equipment_names.items())
        no_later_than_tomorrow(self, "produced_on")


def _number(text: str) -> Decimal | None:
    try:
        return read(text)
    except QuantityError:
        return None


def _day(text: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        return None


def _sections(product: str, quantity: Decimal | None, site: str, on: dt.date, *, suggest: bool) -> list[Section]:
    """The recipe's ingredients scaled to `quantity`, each with its open lots on the batch's day `on`
    (and, when `suggest`, rows taking the quantity from the ones to use first, in the recipe's unit)."""
    recipe = recipe_for(product) if product else None
    if recipe is None:
        return []
    names = dict(Item.objects.filter(code__in=[line.ingredient for line in recipe.lines])
                 .values_list("code", "name"))
    scale = quantity / recipe.batch_quantity if quantity and quantity > 0 else Decimal(1)
    sections = []
    for line in recipe.lines:
        need = plain((line.quantity * scale).quantize(SCALED))
        section = Section(line.ingredient, names.get(line.ingredient, line.ingredient), said(need, line.unit),
                          lots=open_lots(line.ingredient, site=site or None, on=on, limit=LISTED_LOTS))
        if suggest:
            suggestion = suggest_inputs(line.ingredient, need, line.unit, site=site or None, on=on)
            section.rows = [Row(line.ingredient, s.lot, exact(s.quantity), s.unit) for s in suggestion.lines]
            section.past = suggestion.past_best_by
            if suggestion.short:
                section.short = said(suggestion.short, suggestion.unit)
                section.rows.append(Row(line.ingredient, quantity=exact(suggestion.short), unit=suggestion.unit))
        sections.append(section)
    return sections


def _posted_rows(post: Any) -> list[Row]:
    columns = [post.getlist(f"line_{name}") for name in ("ingredient", "lot", "quantity", "unit")]
    width = max(len(c) for c in columns)
    padded = [[*c, *[""] * (width - len(c))] for c in columns]
    return [Row(ingredient, lot, quantity, unit) for ingredient, lot, quantity, unit in zip(*padded, strict=True)]


def _place(sections: list[Section], rows: list[Row]) -> list[Row]:
    """Put each row under its ingredient; the others (earlier batches, extra lots) come back."""
    by_code = {s.code: s for s in sections}
    other = []
    for row in rows:
        if row.ingredient in by_code:
            by_code[row.ingredient].rows.append(row)
        elif not row.blank:
            other.append(row)
    return other + [Row() for _ in range(BLANK_ROWS)]


def _inputs(rows: list[Row]) -> tuple[list[Row], list[InputLine]]:
    """The rows filled in and what they record; a row that cannot be read gets its error."""
    filled = [row for row in rows if not row.blank]
    codes = stored_codes({row.lot.strip() for row in filled if row.lot.strip()})
    lines = []
    for row in filled:
        quantity = _number(row.quantity)
        if not row.lot.strip():
            row.errors.append("which lot? type its code")
        if quantity is None:
            try:
                read(row.quantity)
            except QuantityError as exc:
                row.errors.append("how much?" if exc.code == ErrorCode.MISSING else exc.message)
        if not row.errors and quantity is not None:
            lines.append(InputLine(codes[row.lot.strip()], quantity, row.unit.strip()))
    return filled, lines


def _show(form: BatchForm, rows: list[Row], error: LotlineError) -> None:
    """A problem with input N goes on the N-th line filled in; the others next to their field."""
    refused_with(form, error)
    rest = []
    for problem in error.problems:
        n = problem.row if problem.row_label == "input" else None
        if n is not None and 1 <= n <= len(rows):
            rows[n - 1].errors.append(problem.message)
        else:
            rest.append(problem)
    if rest:
        show(form, LotlineError(error.code, error.message, problems=rest),
             fields={"quantity": "quantity_produced", "discarded": "quantity_discarded"})


@needs(Right.RECORD)
def batch_new(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    filling = request.method == "GET" or "fill" in request.POST
    source = request.GET if request.method == "GET" else request.POST
    choices = site_choices(user)
    day, only_site = today(), choices[0][0] if len(choices) == 1 else ""
    initial = {"produced_on": day, "quantity_discarded": 0, "made_by": user.get_full_name() or user.username,
               "site": only_site}
    like = source.get("like", "").strip()
    prefill = prefilled(like, only_site) if like and request.method == "GET" else None
    if filling:
        initial |= {k: v for k, v in source.items() if k in BatchForm.base_fields and v}
        initial["quantity_produced"] = initial.get("quantity_produced") or source.get("quantity", "")
        initial |= like_initial(prefill) if prefill else {}
        form = BatchForm(initial=initial, user=user)
    else:
        form = BatchForm(request.POST, initial=initial, user=user)
    product = prefill.product if prefill else source.get("product", "")
    site = (prefill.site if prefill else source.get("site", "")) or only_site
    on = _day(source.get("produced_on", "")) or day
    quantity = _number(str(initial.get("quantity_produced") or source.get("quantity_produced", "")))
    recipe = recipe_for(product) if filling and product else None
    if recipe and not quantity:
        quantity = recipe.batch_quantity
        form.initial["quantity_produced"] = plain(quantity)
    process = process_rows(product, source if request.method == "POST" else {}, like_targets(like, product))
    status = 200
    if prefill:
        sections = like_sections(prefill, Section, Row, on, LISTED_LOTS)
        other = [Row() for _ in range(BLANK_ROWS)]
    elif filling:
        sections = _sections(product, quantity, site, on, suggest=True)
        other = [Row() for _ in range(BLANK_ROWS)]
    else:
        rows = _posted_rows(request.POST)
        sections = _sections(product, quantity, site, on, suggest=False)
        other = _place(sections, rows)
        response = _record(request, form, rows, process)
        if response is not None:
            return response
        status = status_of(form)
    return render(request, "web/recording/batch_new.html", {
        "form": form, "once": new_token(), "sections": sections, "other": other,
        "unit": form.units.get(product, ""), "product": product, "process": process,
        "like": (prefill.like if prefill else like) if process or prefill else "",
        "error_lines": _line_problems(sections, other) + row_problems(process)}, status=status)


def _line_problems(sections: list[Section], other: list[Row]) -> list[tuple[str, str]]:
    """Each input line's problems for the summary at the top, linked to the line's lot field."""
    named = [(s.name, row) for s in sections for row in s.rows] + [("Other input", row) for row in other]
    problems = []
    for n, (name, row) in enumerate(named, 1):
        if row.errors:
            row.anchor = f"line-{n}"
            lot = f" {row.lot.strip()}" if row.lot.strip() else ""
            problems += [(f"{name}{lot}: {error}", row.anchor) for error in row.errors]
    return problems


def _record(request: HttpRequest, form: BatchForm, rows: list[Row], process: list[ProcessRow]) -> HttpResponse | None:
    """Record the batch once; None when something must be fixed first (shown on the form)."""
    filled, inputs = _inputs(rows)
    if process:  # its values' problems shown with the form's own, not only once the rest is right
        try:
            check_values(process[0].product, typed_values(process))
        except LotlineError as error:
            refused_with(form, error)
            place_problems(process, error)
    if not form.is_valid() or any(row.errors for row in filled) or any(row.errors for row in process):
        return None
    data = form.cleaned_data
    equipment = form.equipment_names

    def write() -> str:
        site = recording_site(request.user, data["site"])
        recorded, _values = make_batch(
            process=typed_values(process), product=data["product"], quantity_produced=data["quantity_produced"],
            produced_on=data["produced_on"],
            inputs=inputs, site=site, quantity_discarded=data["quantity_discarded"] or Decimal(0),
            made_by=data["made_by"].strip(), equipment=", ".join(equipment[code] for code in data["equipment"]),
            reference_doc_type="batch sheet" if data["reference_doc"].strip() else "",
            reference_doc=data["reference_doc"].strip(), failed=data["failed"], confirmed=confirmed(request),
            actor=actor(request))
        return reverse("batch_made", args=[recorded.code])

    try:
        return submit_once(request, write)
    except Forbidden:
        raise
    except NeedsConfirmation as error:
        ask_to_confirm(form, error)
        return None
    except LotlineError as error:
        rest = place_problems(process, error)
        if rest:
            _show(form, filled, LotlineError(error.code, error.message, field=rest[0].field, problems=rest))
        else:
            refused_with(form, error)
        return None


@needs(Right.RECORD)
def batch_line(request: HttpRequest) -> HttpResponse:
    """One more blank line (htmx "another lot")."""
    return render(request, "web/recording/batch_line.html", {"row": Row(request.GET.get("ingredient", ""))})


@needs(Right.RECORD)
def batch_made(request: HttpRequest, code: str) -> HttpResponse:
    """The new batch number, big, to write on the label."""
    try:
        lot = find_lot(code)
    except LotlineError as error:
        if error.code != ErrorCode.UNKNOWN_LOT:
            raise
        raise Http404("no such batch") from None
    if lot.kind != LotKind.BATCH:
        raise Http404("no such batch")
    used = lot.inputs.order_by("id").values_list("quantity", "unit", "input_lot__code", "input_lot__item__name")
    payload = json.loads(Event.objects.values_list("payload", flat=True).get(seq=lot.event_seq))
    return render(request, "web/recording/batch_made.html", {
        "lot": lot, "used": list(used), "confirmed": payload.get("confirmed", []),
        "lot_page": reverse("lot", args=[lot.code])})
