"""URLs: the web app, sign-in, the JSON API and Django's admin."""

from django.contrib import admin
from django.urls import include, path

from lotline.api.main import api
from lotline.web.signin import AdminSignInForm

admin.site.login_form = AdminSignInForm  # the limits on failed sign-ins, said as on the sign-in page

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("lotline.web.urls")),
]
