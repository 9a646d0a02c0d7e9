"""Lots and their movements in Django's admin, read-only: they change only through the lot verbs
(lotline receive, batch, ship, hold...), each of which appends an event."""

from __future__ import annotations

from django.contrib import admin

from lotline.ledger.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Discard, Hold, Lot, LotInput, NumberCounter, Shipment


class InputsInline(ReadOnlyInline):
    model = LotInput
    fk_name = "batch"
    verbose_name_plural = "went into it"
    fields = ("input_lot", "quantity", "unit", "quantity_in_lot_unit", "event_seq")


class UsesInline(ReadOnlyInline):
    model = LotInput
    fk_name = "input_lot"
    verbose_name_plural = "used in"
    fields = ("batch", "quantity", "unit", "quantity_in_lot_unit", "event_seq")


class ShipmentsInline(ReadOnlyInline):
    model = Shipment
    fields = ("ref", "customer", "shipped_on", "quantity", "reference_doc_type", "reference_doc")


class DiscardsInline(ReadOnlyInline):
    model = Discard
    fields = ("discarded_on", "quantity", "reason")


class HoldsInline(ReadOnlyInline):
    model = Hold
    fields = ("placed_on", "reason", "released_on")


@admin.register(Lot)
class LotAdmin(ReadOnlyAdmin):
    list_display = ("code", "kind", "item", "lot_date", "quantity", "unit", "supplier", "supplier_lot",
                    "status")
    list_filter = ("kind", "status", "lot_date", "item", "site")
    list_select_related = ("item", "supplier")
    search_fields = ("code", "supplier_lot", "item__code", "item__name", "supplier__name", "reference_doc")
    search_help_text = "Part of a lot code, batch number, supplier lot code, item, supplier or document."
    ordering = ("-lot_date", "-id")
    inlines = (InputsInline, UsesInline, ShipmentsInline, DiscardsInline, HoldsInline)


@admin.register(LotInput)
class LotInputAdmin(ReadOnlyAdmin):
    list_display = ("batch", "input_lot", "quantity", "unit", "quantity_in_lot_unit", "event_seq")
    list_select_related = ("batch", "input_lot")
    search_fields = ("=batch__code", "=input_lot__code")
    search_help_text = "An exact batch number or lot code."
    ordering = ("-id",)


@admin.register(Shipment)
class ShipmentAdmin(ReadOnlyAdmin):
    list_display = ("ref", "lot", "customer", "shipped_on", "quantity", "reference_doc_type", "reference_doc")
    list_filter = ("shipped_on", "customer__kind")
    list_select_related = ("lot", "customer")
    search_fields = ("ref", "=lot__code", "customer__name", "customer__ref", "reference_doc")
    search_help_text = "A shipment reference, an exact lot code, a customer or a document number."
    ordering = ("-shipped_on", "-id")


@admin.register(Discard)
class DiscardAdmin(ReadOnlyAdmin):
    list_display = ("lot", "discarded_on", "quantity", "reason")
    list_filter = ("discarded_on",)
    list_select_related = ("lot",)
    search_fields = ("=lot__code", "reason")
    ordering = ("-discarded_on", "-id")


@admin.register(Hold)
class HoldAdmin(ReadOnlyAdmin):
    list_display = ("lot", "placed_on", "reason", "released_on")
    list_filter = ("placed_on", "released_on")
    list_select_related = ("lot",)
    search_fields = ("=lot__code", "reason")
    ordering = ("-placed_on", "-id")


@admin.register(NumberCounter)
class NumberCounterAdmin(ReadOnlyAdmin):
    list_display = ("scope", "last")
    search_fields = ("scope",)
