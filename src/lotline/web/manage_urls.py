"""The catalog, people, API token, import and export pages."""

from django.urls import path

from . import allergen_views, catalog_views, people_views, process_views, transfer_views

urlpatterns = [
    path("catalog/", catalog_views.index, name="catalog"),
    path("catalog/items/<text:code>/recipe/", catalog_views.recipe_page, name="catalog_recipe"),
    path("catalog/items/<text:code>/process/", process_views.fields_page, name="process_fields"),
    path("catalog/equipment/<text:code>/clean/", allergen_views.equipment_clean, name="equipment_clean"),
    path("catalog/<slug:plural>/", catalog_views.record_list, name="catalog_list"),
    path("catalog/<slug:plural>/+add/", catalog_views.record_add, name="catalog_add"),
    path("catalog/<slug:plural>/<text:key>/", catalog_views.record_page, name="catalog_record"),
    path("people/", people_views.people, name="people"),
    path("people/<text:username>/", people_views.person, name="person"),
    path("tokens/", people_views.tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke/", people_views.token_revoke, name="token_revoke"),
    path("import/", transfer_views.import_page, name="import"),
    path("import/jobs/<int:job_id>/", transfer_views.import_job, name="import_job"),
    path("export/", transfer_views.export_page, name="export"),
]
