"""URLs: the web app, sign-in, and Django's admin."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("lotline.web.urls")),
]
