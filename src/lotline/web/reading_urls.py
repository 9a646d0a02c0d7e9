"""The reading side: lot pages, traces, recalls and the chain check."""

from django.urls import path

from . import lot_views, process_views, trace_views

urlpatterns = [
    path("lots/<text:code>/", lot_views.lot_page, name="lot"),
    path("lots/<text:code>/hold/", lot_views.lot_hold, name="lot_hold"),
    path("lots/<text:code>/release/", lot_views.lot_release, name="lot_release"),
    path("lots/<text:code>/discard/", lot_views.lot_discard, name="lot_discard"),
    path("lots/<text:code>/fail/", lot_views.lot_fail, name="lot_fail"),
    path("lots/<text:code>/process/", process_views.lot_process, name="lot_process"),
    path("verify/", lot_views.verify_page, name="verify"),
    path("trace/", trace_views.trace_page, name="trace"),
    path("trace/csv/", trace_views.trace_csv, name="trace_csv"),
    path("trace/<str:direction>/<text:code>/", trace_views.trace_page, name="trace_result"),
    path("recall/", trace_views.recall_page, name="recall"),
    path("recall/csv/", trace_views.recall_csv, name="recall_csv"),
    path("recall/hold/", trace_views.recall_hold, name="recall_hold"),
]
