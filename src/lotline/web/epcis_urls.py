"""The EPCIS page for people (the REST binding for partners' systems is lotline.epcis.rest, under /epcis/)."""

from django.urls import path

from . import epcis_views

urlpatterns = [
    path("exchange/", epcis_views.epcis_page, name="epcis_page"),
]
