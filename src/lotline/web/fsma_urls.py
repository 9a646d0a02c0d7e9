"""The FSMA 204 pages (completeness.py links its gaps of records to `fsma204`)."""

from django.urls import path

from . import fsma_views

urlpatterns = [
    path("fsma204/", fsma_views.fsma204, name="fsma204"),
    path("fsma204/<str:request_id>/", fsma_views.fsma204_request, name="fsma204_request"),
    path("fsma204/<str:request_id>/records.xlsx", fsma_views.fsma204_xlsx, name="fsma204_xlsx"),
    path("fsma204/<str:request_id>/records-csv.zip", fsma_views.fsma204_csv, name="fsma204_csv"),
]
