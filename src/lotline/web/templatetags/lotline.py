"""Template filters of the web app."""

import json
from decimal import Decimal

from django import forms, template
from django.core.exceptions import NON_FIELD_ERRORS

from lotline.quantities import said, shown

register = template.Library()


@register.filter
def words(value: object) -> str:
    """A stored choice as plain words: on_hold -> on hold."""
    return str(value).replace("_", " ")


@register.filter
def qty(value: Decimal | float | int | str | None, unit: str) -> str:
    """A quantity as people read it, with its unit as said aloud: "40 units", "1 unit", "13.228 lb"
    (lotline.quantities: at most 3 decimals); without a unit, the number alone."""
    if value is None or value == "":
        return ""
    return said(value, unit) if unit else shown(value)


@register.filter
def moment(value: str | None) -> str:
    """An ISO 8601 moment (in the business's time zone) as people read it: 2026-03-07 09:30."""
    return (value or "")[:16].replace("T", " ")


@register.inclusion_tag("web/_error_summary.html", takes_context=True)
def error_summary(context: template.Context) -> dict[str, object]:
    """Every problem of the forms sent back on this page, above them, each linking to its field (so a
    person on a long form, or hearing it, learns at once what to fix and where). The forms are found in
    the page's context, so no view has to remember; `error_lines` adds problems of lines a form does not
    declare (a batch's inputs): (message, element id)."""
    problems: list[tuple[str, str]] = []
    seen: set[int] = set()
    values: list[object] = list(context.flatten().values())  # any object (django-stubs says fewer)
    for value in values:
        if isinstance(value, forms.BaseForm) and value.is_bound and id(value) not in seen:
            seen.add(id(value))
            problems += _form_problems(value)
    problems += list(context.get("error_lines") or [])
    return {"problems": problems}


def _form_problems(form: forms.BaseForm) -> list[tuple[str, str]]:
    problems = []
    for name, errors in form.errors.items():
        if name == NON_FIELD_ERRORS or name not in form.fields:
            problems += [(str(e), "") for e in errors]
            continue
        field = form[name]
        anchor = "" if field.is_hidden else field.id_for_label or (f"{field.auto_id}_0" if field.auto_id else "")
        problems += [(f"{field.label}: {e}", anchor) for e in errors]
    return problems


@register.filter
def pretty_json(value: object) -> str:
    """A JSON value indented for reading (an EPCIS event kept as received)."""
    return json.dumps(value, indent=2, ensure_ascii=False)
