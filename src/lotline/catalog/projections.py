"""Projectors for catalog events."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models

from lotline.ledger.kinds import EventKind
from lotline.ledger.log import projector
from lotline.ledger.rebuild import read_table

from .models import Customer, Equipment, Item, Site, Supplier
from .specs import SPECS


def _insert(model: type[models.Model], payload_table: Mapping[str, Any], seq: int) -> None:
    cols = payload_table["columns"]
    model._default_manager.bulk_create(
        [model(**dict(zip(cols, row, strict=True)), event_seq=seq) for row in payload_table["rows"]],
        batch_size=2000,
    )


@projector(EventKind.SITE_ADDED)
def site_added(payload: Mapping[str, Any], seq: int) -> None:
    _insert(Site, payload["sites"], seq)


@projector(EventKind.SUPPLIER_ADDED)
def supplier_added(payload: Mapping[str, Any], seq: int) -> None:
    _insert(Supplier, payload["suppliers"], seq)


@projector(EventKind.CUSTOMER_ADDED)
def customer_added(payload: Mapping[str, Any], seq: int) -> None:
    _insert(Customer, payload["customers"], seq)


@projector(EventKind.ITEM_ADDED)
def item_added(payload: Mapping[str, Any], seq: int) -> None:
    _insert(Item, payload["items"], seq)


@projector(EventKind.EQUIPMENT_ADDED)
def equipment_added(payload: Mapping[str, Any], seq: int) -> None:
    _insert(Equipment, payload["equipment"], seq)


@projector(EventKind.CATALOG_UPDATED)
def catalog_updated(payload: Mapping[str, Any], seq: int) -> None:
    spec = SPECS[payload["entity"]]
    spec.records.filter(**{spec.key: payload["key"]}).update(**payload["changes"])


read_table("site", 0, "SELECT code, name, address, event_seq FROM site")
read_table("supplier", 0, "SELECT ref, name, contact, address, event_seq FROM supplier")
read_table("customer", 0, "SELECT ref, name, kind, contact, address, event_seq FROM customer")
read_table("item", 0, "SELECT code, name, kind, unit, allergens, number_format, on_traceability_list, event_seq "
                      "FROM item")
read_table("equipment", 0, "SELECT code, name, site, event_seq FROM equipment")
