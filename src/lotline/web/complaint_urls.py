"""The complaint pages (paths fixed by issue 11's design: the recall cases link to them)."""

from django.urls import path

from . import complaint_views

urlpatterns = [
    path("complaints/", complaint_views.complaint_list, name="complaints"),
    path("complaints/new", complaint_views.complaint_new, name="complaint_new"),
    path("complaints/<str:complaint_id>", complaint_views.complaint_page, name="complaint"),
]
