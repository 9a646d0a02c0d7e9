"""The home page: today's batches, what is on hold, the lots to reorder or use first, and the
search box that takes any code a person holds and opens its lot."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from lotline.accounts.rights import Right
from lotline.allergens.queries import RECENT_DAYS, undeclared_on_home
from lotline.complaints.patterns import patterns
from lotline.complaints.queries import complaints
from lotline.days import today
from lotline.ledger.checkpoints import glance
from lotline.lots.overview import LOW_SHARE, NEAR_BEST_BY, overview
from lotline.lots.queries import lookup

from .access import needs
from .fsma_views import missing_on_home


@needs(Right.READ)
def home(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    context = {"low_percent": int(LOW_SHARE * 100), "near_days": NEAR_BEST_BY, "query": query}
    if query:
        matches = list({m.code: m for m in lookup(query)}.values())  # a lot may match twice (code, supplier lot)
        if len(matches) == 1:
            return redirect(reverse("lot", args=[matches[0].code]))
        context["matches"] = matches
    context |= overview(today())
    ledger = context["ledger"] = glance()  # a broken chain shows here, not only on /verify/
    context["patterns"] = patterns()
    context["open_complaints"] = complaints(status="not closed", limit=0)["total"]
    context["fsma_missing"] = missing_on_home(ledger["head"])
    context["undeclared"] = undeclared_on_home(ledger["head"])
    context["undeclared_days"] = RECENT_DAYS
    return render(request, "web/home.html", context)
