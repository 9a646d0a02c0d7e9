"""The EPCIS 2.0 REST binding's addresses (rest.py), mounted at /epcis/."""

from django.urls import path

from . import rest

urlpatterns = [
    path("capture", rest.captures, name="epcis_capture"),
    path("capture/<str:key>", rest.capture_job_view, name="epcis_capture_job"),
    path("events", rest.events, name="epcis_events"),
    # an eventID is a URI (ni:///sha-256;...?ver=CBV2.0), sent percent-encoded: slashes and all
    path("events/<path:key>", rest.event, name="epcis_event"),
]
