from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .signin import SignInForm

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(authentication_form=SignInForm), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("lotline.web.manage_urls")),
    path("", include("lotline.web.reading_urls")),
    path("", include("lotline.web.recording_urls")),
    path("", include("lotline.web.complaint_urls")),
    path("", include("lotline.web.case_urls")),
    path("", include("lotline.web.plan_urls")),
    path("", include("lotline.web.fsma_urls")),
    path("", include("lotline.web.label_urls")),
    path("", include("lotline.web.epcis_urls")),
    path("", include("lotline.web.yield_urls")),
    path("", include("lotline.web.compare_urls")),
    path("", include("lotline.web.quality_urls")),
    path("", include("lotline.web.lab_urls")),
]
