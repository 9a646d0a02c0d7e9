"""Projectors for catalog events."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models

from lotline.ledger.kinds import EventKind
from lotline.ledger.log import projector
from lotline.ledger.rebuild import read_table

from .models import Customer, Equipment, Item, Site, Supplier
from .places import split_address
from .specs import SPECS


def _insert(model: type[models.Model], payload_table: Mapping[str, Any], seq: int) -> None:
    cols = payload_table["columns"]
    model._default_manager.bulk_create(
        [model(**_located(cols, dict(zip(cols, row, strict=True))), event_seq=seq) for row in payload_table["rows"]],
        batch_size=2000,
    )


def _located(columns: list[str], row: dict[str, Any]) -> dict[str, Any]:
    """A row recorded before locations had fields (an `address` line and no `city`) is split as the
    migration split it, so a rebuild gives the same tables."""
    if "address" in columns and "city" not in columns:
        return row | split_address(row["address"])
    return row


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
    changes = payload["changes"]
    if "address" in changes and not payload.get("located"):  # a change written before the split
        changes = changes | split_address(changes["address"])
    spec.records.filter(**{spec.key: payload["key"]}).update(**changes)


def _columns(entity: str) -> str:
    return ", ".join(SPECS[entity].columns)


read_table("site", 0, f"SELECT {_columns('site')}, event_seq FROM site")
read_table("supplier", 0, f"SELECT {_columns('supplier')}, event_seq FROM supplier")
read_table("customer", 0, f"SELECT {_columns('customer')}, event_seq FROM customer")
read_table("item", 0, f"SELECT {_columns('item')}, event_seq FROM item")
read_table("equipment", 0, "SELECT code, name, site, event_seq FROM equipment")
