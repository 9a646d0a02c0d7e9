"""URLs: the web app, sign-in, the JSON API and Django's admin."""

from django.contrib import admin
from django.urls import include, path

from lotline.api.main import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("lotline.web.urls")),
]
