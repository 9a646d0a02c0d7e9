"""The traceability plan's page and its files (the FSMA 204 page links here)."""

from django.urls import path

from . import plan_views

urlpatterns = [
    path("plan/", plan_views.plan_page, name="plan"),
    path("plan/v<int:number>.pdf", plan_views.plan_file, {"fmt": "pdf"}, name="plan_pdf"),
    path("plan/v<int:number>.md", plan_views.plan_file, {"fmt": "md"}, name="plan_md"),
]
