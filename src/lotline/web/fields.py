"""A form field for a text of a lot, shipment, discard or hold: its length from lots.lengths, and
the words of the verbs' own too_long when it is longer."""

from __future__ import annotations

from typing import Any

from django import forms

from lotline.lengths import FORM_MESSAGE
from lotline.lots.lengths import LENGTHS


def text(field: str, **kwargs: Any) -> forms.CharField:
    return forms.CharField(max_length=LENGTHS[field], error_messages={"max_length": FORM_MESSAGE}, **kwargs)
