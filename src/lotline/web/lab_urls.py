"""The labs' pages: their mappings, a lab's results files imported, results exported (lotline.labs)."""

from django.urls import path

from . import lab_views

urlpatterns = [
    path("labs/", lab_views.labs_page, name="labs"),
    path("labs/new/", lab_views.new_lab, name="lab_new"),
    path("labs/<text:code>/", lab_views.lab_page, name="lab"),
    path("labs/<text:code>/mapping/", lab_views.lab_mapping, name="lab_mapping"),
]
