"""Domain errors shown next to the field they name, in plain words."""

from __future__ import annotations

from django import forms

from lotline.errors import LotlineError


def refused_with(form: forms.Form, error: LotlineError) -> None:
    """Keep the status the page answers with: the error's, which is its code's."""
    vars(form)["error_status"] = error.status  # read by status_of


def show(form: forms.Form, error: LotlineError, *, fields: dict[str, str] | None = None) -> None:
    """Attach each problem of `error` to its form field (through `fields`, domain name -> form
    field, when they differ); a problem without a field the form has goes on top of the form. The page
    answers with the error's status (its code's: web.recording.status_of)."""
    refused_with(form, error)
    fields = fields or {}
    for problem in error.problems:
        name = fields.get(problem.field, problem.field)
        message = f"{problem.where}: {problem.message}" if problem.where else problem.message
        form.add_error(name if name in form.fields else None, message)
