"""The catalog in Django's admin. Adding and changing go through catalog.services, so each one is
an event in the log like any other write; nothing is deleted (lots refer to these codes forever)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from lotline.errors import Problem

from .models import Customer, Item, Site, Supplier
from .services import add_records, check_records, update_record
from .specs import SPECS, Spec


def _problems(spec: Spec, row: dict[str, Any], *, adding: bool) -> list[Problem]:
    """What the service would refuse, found before anything is written (so the form can say it)."""
    if adding:
        return check_records(spec.entity, [row]).problems
    return [Problem(code, message, f) for f, code, message in spec.problems(dict(row))]


class CatalogForm(forms.ModelForm):
    """A catalog record's form: the service's own checks, reported on the fields they concern."""

    spec: Spec

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        adding = self.instance.pk is None
        stored = {} if adding else {c: getattr(self.instance, c) for c in self.spec.columns}
        row = stored | {c: data[c] for c in self.spec.columns if c in data}
        for problem in _problems(self.spec, row, adding=adding):
            field = problem.field if problem.field in self.fields else None
            self.add_error(field, f"{problem.message} [{problem.code}]")
        return data


class CatalogAdmin(admin.ModelAdmin):
    """Writes through catalog.services with the signed-in user as the actor; never .save()."""

    entity: str

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        spec = SPECS[self.entity]
        kwargs["form"] = type(f"{spec.model.__name__}Form", (CatalogForm,), {"spec": spec})
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return (*SPECS[self.entity].columns, "event_seq") if obj else tuple(SPECS[self.entity].columns)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # codes are printed on labels and invoices: once recorded, they stay
        return (SPECS[self.entity].key, "event_seq") if obj else ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: models.Model, form: forms.ModelForm,
                   change: bool) -> None:
        spec = SPECS[self.entity]
        actor = request.user.get_username()
        data = form.cleaned_data
        if change:
            key = getattr(obj, spec.key)
            update_record(self.entity, key, {c: data[c] for c in form.changed_data if c in spec.columns},
                          actor=actor)
        else:
            key = data[spec.key]
            add_records(self.entity, [{c: data.get(c) for c in spec.columns}], actor=actor)
        # The admin goes on to link to and log the record: give it the row the event wrote.
        obj.pk = spec.records.values_list("pk", flat=True).get(**{spec.key: key})
        obj.refresh_from_db()


@admin.register(Site)
class SiteAdmin(CatalogAdmin):
    entity = "site"
    list_display = ("code", "name", "address")
    search_fields = ("code", "name")


@admin.register(Supplier)
class SupplierAdmin(CatalogAdmin):
    entity = "supplier"
    list_display = ("ref", "name", "contact", "address")
    search_fields = ("ref", "name", "contact")


@admin.register(Customer)
class CustomerAdmin(CatalogAdmin):
    entity = "customer"
    list_display = ("ref", "name", "kind", "contact", "address")
    list_filter = ("kind",)
    search_fields = ("ref", "name", "contact")
    show_full_result_count = False


@admin.register(Item)
class ItemAdmin(CatalogAdmin):
    entity = "item"
    list_display = ("code", "name", "kind", "unit", "allergens", "number_format", "on_traceability_list")
    list_filter = ("kind", "number_format", "on_traceability_list")
    search_fields = ("code", "name")
