"""The recording pages: receive ingredients, record a batch, ship and sell."""

from django.urls import path

from . import batches, process_views, receiving, shipping

urlpatterns = [
    path("receive/", receiving.receive, name="receive"),
    path("batch/new/", batches.batch_new, name="batch_new"),
    path("batch/new/line/", batches.batch_line, name="batch_line"),
    path("batch/made/<text:code>/", batches.batch_made, name="batch_made"),
    path("batch/process-warning/", process_views.process_warning, name="process_warning"),
    path("ship/", shipping.ship, name="ship"),
    path("ship/market-day/", shipping.market_day, name="market_day"),
    path("ship/done/<int:seq>/", shipping.shipped, name="shipped"),
]
