"""The plain home page (the full web app comes later): what the ledger holds, and where to go."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lotline.catalog.models import Customer, Item, Site, Supplier
from lotline.ledger.models import ChainHead
from lotline.lots.models import Lot, LotKind


@login_required
def home(request: HttpRequest) -> HttpResponse:
    head = ChainHead.objects.filter(pk=1).first()
    # A list, not a dict: a dict key "items" would hide dict.items() from the template.
    counts = [
        ("sites", Site.objects.count()),
        ("items", Item.objects.count()),
        ("suppliers", Supplier.objects.count()),
        ("customers", Customer.objects.count()),
        ("received lots", Lot.objects.filter(kind=LotKind.RECEIVED).count()),
        ("batches", Lot.objects.filter(kind=LotKind.BATCH).count()),
        ("events", head.seq if head else 0),
    ]
    recent = Lot.objects.filter(kind=LotKind.BATCH).select_related("item").order_by("-lot_date", "-id")[:10]
    return render(request, "web/home.html", {"counts": counts, "recent": recent})
