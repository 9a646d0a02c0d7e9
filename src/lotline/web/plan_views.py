"""The traceability plan's page (/plan/): the plan in effect, its versions with their files, and the
settings form for owners. Everyone who may read sees the plan; reading it issues a new version first
when its text changed (plans.services)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from lotline.accounts.rights import Right, can, require
from lotline.errors import LotlineError
from lotline.plans.models import LENGTHS
from lotline.plans.pdf import PARSER, plan_pdf
from lotline.plans.queries import find_version
from lotline.plans.services import current_plan, set_plan

from .access import needs
from .lot_views import not_found
from .once import new_token
from .recording import attempt, status_of

SCROLL = '<div class="scroll" tabindex="0" role="region" aria-label="A table of the plan"><table>'


class PlanForm(forms.Form):
    business = forms.CharField(label="Business name", required=False, max_length=LENGTHS["business"],
                               help_text="Blank: the first site's name")
    contact_name = forms.CharField(label="Point of contact", required=False, max_length=LENGTHS["contact_name"],
                                   help_text="Whom the FDA asks for the records")
    contact_phone = forms.CharField(label="Their phone", required=False, max_length=LENGTHS["contact_phone"],
                                    widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))
    contact_email = forms.CharField(label="Their e-mail", required=False, max_length=LENGTHS["contact_email"],
                                    widget=forms.TextInput(attrs={"type": "email", "autocomplete": "email"}))
    records = forms.CharField(label="How records are kept", required=False, max_length=LENGTHS["records"],
                              widget=forms.Textarea(attrs={"rows": 4}),
                              help_text="Blank: Lotline's own words, naming the database and lotline backup")
    backups = forms.CharField(label="Where backups are kept", required=False, max_length=LENGTHS["backups"],
                              help_text="An office safe, a cloud folder; and how often")
    farm_map = forms.CharField(label="Farm map", required=False, max_length=LENGTHS["farm_map"],
                               help_text="Farms only: where the map of the growing areas is (text or a link)")
    note = forms.CharField(label="Note", required=False, max_length=LENGTHS["note"],
                           widget=forms.Textarea(attrs={"rows": 3}), help_text="Anything else the plan should say")


def plan_html(markdown: str) -> SafeString:
    """A version's Markdown as the page shows it: no raw HTML (PARSER has it off), headings one level
    down (the page has its own h1), tables that scroll sideways on a phone."""
    html = PARSER.render(markdown)
    for level in (3, 2, 1):
        html = html.replace(f"<h{level}>", f"<h{level + 1}>").replace(f"</h{level}>", f"</h{level + 1}>")
    return mark_safe(html.replace("<table>", SCROLL).replace("</table>", "</table></div>"))


def _when(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def _dated(row: Any) -> dict[str, Any]:
    """A version's row with its times as datetimes, for the page's |date (in the business's time zone)."""
    return {**row, "issued_at": _when(row["issued_at"]), "superseded_at": _when(row["superseded_at"])}


@needs(Right.READ)
def plan_page(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        require(request.user, Right.MANAGE)  # the 403 page for anyone else's post (web.access.ForbiddenPage)
    plan = current_plan(actor=request.user)
    owner = can(request.user, Right.MANAGE)
    initial = {**plan.settings, "records": plan.settings["records"] or plan.default_records}
    form = PlanForm(request.POST or None, initial=initial) if owner else None
    if request.method == "POST" and form is not None and form.is_valid():
        values = form.cleaned_data

        def saved() -> str:
            done = set_plan(**values, actor=request.user)
            messages.success(request, f"Plan saved: version {done.version} is in effect.")
            return reverse("plan")

        if done := attempt(request, form, saved):
            return done
    status = status_of(form) if request.method == "POST" and form is not None else 200
    return render(request, "web/plan/plan.html", {
        "plan": plan, "text": plan_html(plan.markdown), "form": form, "once": new_token(),
        "issued_at": _when(plan.issued_at), "versions": [_dated(v) for v in plan.versions],
        "may_download": can(request.user, Right.EXPORT)}, status=status)


@needs(Right.EXPORT)
def plan_file(request: HttpRequest, number: int, fmt: str) -> HttpResponse:
    try:
        version = find_version(number)
    except LotlineError as error:
        return not_found(request, error)
    name = f"traceability-plan-v{version.version}.{fmt}"
    if fmt == "pdf":
        return HttpResponse(plan_pdf(version), content_type="application/pdf",
                            headers={"Content-Disposition": f'attachment; filename="{name}"'})
    return HttpResponse(version.markdown, content_type="text/markdown; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
