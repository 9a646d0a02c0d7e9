"""Form fields: a text of a lot, shipment, discard or hold (its length from lots.lengths, and the
words of the verbs' own too_long when it is longer), and a form's choice field by name."""

from __future__ import annotations

from typing import Any

from django import forms

from lotline.lengths import FORM_MESSAGE
from lotline.lots.lengths import LENGTHS


def text(field: str, **kwargs: Any) -> forms.CharField:
    return forms.CharField(max_length=LENGTHS[field], error_messages={"max_length": FORM_MESSAGE}, **kwargs)


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """A form's choice field, whose choices the form fills when it is made (from the catalog)."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{name} is a {type(field).__name__}, not a choice field")
    return field
