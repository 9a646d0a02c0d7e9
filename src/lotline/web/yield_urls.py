"""Yields: the CSV behind a product's plots, and the sites compared."""

from django.urls import path

from . import yield_views

urlpatterns = [
    path("yields/<text:code>/<slug:plot>.csv", yield_views.plot_download, name="yield_csv"),
    path("sites/", yield_views.sites_page, name="sites"),
    path("sites/csv/", yield_views.sites_download, name="sites_csv"),
]
