"""The comparison page."""

from django.urls import path

from . import compare_views

urlpatterns = [
    path("compare/", compare_views.compare_page, name="compare"),
]
