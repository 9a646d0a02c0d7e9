"""The labels' print form, and the GS1 Digital Link paths the labels' QR codes hold."""

from django.urls import path, re_path

from . import label_views

urlpatterns = [
    path("lots/<text:code>/labels/", label_views.print_page, name="labels"),
    re_path(r"^01/(?P<gtin>\d{14})/10/(?P<lot>[^/]+)(?:/21/(?P<serial>[^/]+))?/?$", label_views.digital_link,
            name="digital_link"),
]
