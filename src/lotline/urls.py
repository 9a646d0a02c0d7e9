"""URLs: the web app, sign-in, the JSON API, the EPCIS 2.0 REST binding and Django's admin."""

from django.contrib import admin
from django.urls import include, path, register_converter

from lotline.api.main import api
from lotline.codes import InUrl
from lotline.web.signin import AdminSignInForm

# <text:code>: any stored code or user name as one segment of an address (lotline/codes.py), in the
# pages' URLs and the API's alike; registered before either builds its patterns
register_converter(InUrl, "text")

admin.site.login_form = AdminSignInForm  # the limits on failed sign-ins, said as on the sign-in page

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("epcis/", include("lotline.epcis.urls")),
    path("", include("lotline.web.urls")),
]
