"""Template filters of the web app."""

from django import template

from lotline.quantities import said, shown

register = template.Library()


@register.filter
def words(value: object) -> str:
    """A stored choice as plain words: on_hold -> on hold."""
    return str(value).replace("_", " ")


@register.filter
def qty(value: object, unit: str) -> str:
    """A quantity as people read it, with its unit as said aloud: "40 units", "1 unit", "13.228 lb"
    (lotline.quantities: at most 3 decimals); without a unit, the number alone."""
    if value is None or value == "":
        return ""
    return said(value, unit) if unit else shown(value)  # type: ignore[arg-type]
