"""Template filters of the web app."""

from django import template
from django.template.defaultfilters import floatformat

from lotline.catalog.units import said

register = template.Library()


@register.filter
def words(value: object) -> str:
    """A stored choice as plain words: on_hold -> on hold."""
    return str(value).replace("_", " ")


@register.filter
def qty(value: object, unit: str) -> str:
    """A quantity with its unit as said aloud: "40 units", "1 unit", "0.5 kg" (at most 3 decimals)."""
    return said(floatformat(value, "-3"), unit)
