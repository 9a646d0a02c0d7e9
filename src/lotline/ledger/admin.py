"""The event log in Django's admin: to read, never to edit (corrections are new events)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html

from .kinds import EventKind
from .models import ChainHead, Checkpoint, Event


class NoHandWrites:
    """History is never added to, changed or deleted by hand: every write goes through a verb."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(NoHandWrites, admin.ModelAdmin):
    show_full_result_count = False  # COUNT(*) over millions of rows on every page is not worth it


class ReadOnlyInline(NoHandWrites, admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True


class KindFilter(admin.SimpleListFilter):
    """Event kinds from the vocabulary (no DISTINCT over the whole log to build the list)."""

    title = "kind"
    parameter_name = "kind"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [(k.value, k.value) for k in EventKind]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ("seq", "kind", "recorded_at", "actor", "site", "subject")
    list_filter = (KindFilter, "recorded_at")
    search_fields = ("=subject", "=actor")
    search_help_text = "An exact lot code, batch number, shipment or catalog code, or a user name."
    ordering = ("-seq",)
    fields = ("seq", "kind", "recorded_at", "actor", "site", "subject", "payload_pretty", "prev_hash", "hash")
    readonly_fields = fields

    @admin.display(description="payload")
    def payload_pretty(self, obj: Event) -> str:
        text = json.dumps(json.loads(obj.payload), indent=2, ensure_ascii=False)
        return format_html('<pre style="white-space: pre-wrap">{}</pre>', text)


@admin.register(ChainHead)
class ChainHeadAdmin(ReadOnlyAdmin):
    list_display = ("id", "seq", "hash")


@admin.register(Checkpoint)
class CheckpointAdmin(ReadOnlyAdmin):
    """The database's copy of the signed checkpoints (the log beside the key is the one that counts)."""

    list_display = ("seq", "signed_at", "made_for", "key_id", "hash")
    ordering = ("-id",)
