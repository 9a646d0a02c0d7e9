"""The recall case and drill pages (paths fixed by issue 11's design: complaints link to them)."""

from django.urls import path

from . import case_views

urlpatterns = [
    path("cases/", case_views.case_list, name="cases"),
    path("cases/new", case_views.case_new, name="case_new"),
    path("cases/notice-template", case_views.notice_template_page, name="notice_template"),
    path("cases/<str:case_id>", case_views.case_page, name="case"),
    path("cases/<str:case_id>/report.pdf", case_views.case_pdf, name="case_pdf"),
    path("cases/<str:case_id>/report.xlsx", case_views.case_xlsx, name="case_xlsx"),
    path("cases/<str:case_id>/notices", case_views.case_notices, name="case_notices"),
    path("cases/<str:case_id>/notification-list.csv", case_views.case_notifications_csv, name="case_notify_csv"),
    path("drills/", case_views.drill_list, name="drills"),
    path("drills/new", case_views.drill_new, name="drill_new"),
    path("drills/<str:case_id>", case_views.drill_page, name="drill"),
    path("drills/<str:case_id>/report.pdf", case_views.case_pdf, name="drill_pdf"),
]
