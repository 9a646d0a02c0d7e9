"""{% yield_plots product %}: a product's yield plots on its catalog page, for the period asked."""

from __future__ import annotations

from django import template

from lotline.accounts.rights import Right, can
from lotline.yields.plots import product_plots

from ..yield_views import period

register = template.Library()


@register.inclusion_tag("web/yields/_plots.html", takes_context=True)
def yield_plots(context: template.Context, product: str) -> dict[str, object]:
    request = context["request"]
    form, first, last = period(request)
    return {"plots": product_plots(product, first=first, last=last), "form": form,
            "query": request.GET.urlencode(), "may_export": can(request.user, Right.EXPORT)}
