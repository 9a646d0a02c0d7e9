"""The quality pages."""

from django.urls import path

from . import quality_views as q

urlpatterns = [
    path("quality/", q.quality_page, name="quality"),
    path("quality/samples/new", q.sample_new, name="sample_new"),
    path("quality/results/new", q.results_new, name="results_new"),
    path("quality/results/<str:result_id>/correct", q.result_correct, name="result_correct"),
    path("quality/specs/", q.specs_page, name="specs"),
    path("quality/specs/<text:item>", q.item_specs, name="item_specs"),
    path("quality/proposals/<str:proposal_id>", q.proposal_act, name="proposal_act"),
    path("quality/coa/<str:sha256>.pdf", q.coa_download, name="coa"),
    path("lots/<text:code>/sign-off/", q.lot_sign_off, name="lot_sign_off"),
]
