"""Template filters of the web app."""

from django import template

register = template.Library()


@register.filter
def words(value: object) -> str:
    """A stored choice as plain words: on_hold -> on hold."""
    return str(value).replace("_", " ")
