"""Django's admin over every model: every list and record page opens for a superuser, and the
ledger and lots are read-only there (history changes only through the verbs)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib import admin
from django.db import models
from django.test import Client
from django.urls import reverse

from lotline.catalog.models import Customer, Item, Site, Supplier
from lotline.ledger.checkpoints import seal
from lotline.ledger.models import ChainHead, Checkpoint, Event
from lotline.lots.models import Discard, Hold, Lot, LotInput, NumberCounter, Shipment
from lotline.lots.services import discard_units, place_hold
from lotline.testing import JamStory

LOTLINE_MODELS = [m for m in admin.site._registry if m.__module__.startswith("lotline.")]
READ_ONLY = [Event, ChainHead, Checkpoint, Lot, LotInput, Shipment, Discard, Hold, NumberCounter]


def url(model: type[models.Model], view: str, *args: object) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def full_story(story: JamStory) -> JamStory:
    """The jam story plus a discard and a hold, so every table has a row."""
    discard_units(story.other_jam, Decimal(1), reason="cracked jar", actor="alice")
    place_hold(story.tarts, reason="label check", actor="alice")
    seal("export")
    return story


def test_every_lotline_model_is_in_the_admin() -> None:
    assert set(LOTLINE_MODELS) == set(READ_ONLY) | {Site, Supplier, Customer, Item}


@pytest.mark.parametrize("model", LOTLINE_MODELS, ids=lambda m: m.__name__)
def test_its_list_and_a_record_open_for_a_superuser(model: type[models.Model], full_story: JamStory,
                                                    owner_client: Client) -> None:
    assert owner_client.get(url(model, "changelist")).status_code == 200
    assert owner_client.get(url(model, "changelist"), {"q": full_story.jam}).status_code == 200
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None
    assert owner_client.get(url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize("model", READ_ONLY, ids=lambda m: m.__name__)
def test_history_cannot_be_added_changed_or_deleted_in_the_admin(
        model: type[models.Model], full_story: JamStory, owner_client: Client) -> None:
    obj = model._default_manager.order_by("pk").first()
    count = model._default_manager.count()
    assert owner_client.get(url(model, "add")).status_code == 403
    assert owner_client.post(url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert owner_client.post(url(model, "change", obj.pk), {}).status_code == 403
    assert model._default_manager.count() == count
    page = owner_client.get(url(model, "change", obj.pk)).content.decode()
    assert 'name="_save"' not in page


def test_a_batch_page_shows_what_went_into_it(full_story: JamStory, owner_client: Client) -> None:
    jam = Lot.objects.get(code=full_story.jam)
    page = owner_client.get(url(Lot, "change", jam.pk)).content.decode()
    assert full_story.valley_strawberries in page and full_story.tarts in page


def test_the_event_log_page_shows_the_payload(full_story: JamStory, owner_client: Client) -> None:
    event = Event.objects.get(kind="batch.recorded", subject=full_story.jam)
    page = owner_client.get(url(Event, "change", event.seq)).content.decode()
    assert full_story.valley_strawberries in page


def test_someone_signed_out_is_sent_to_the_admin_sign_in(client: Client, db: None) -> None:
    response = client.get(url(Lot, "changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
