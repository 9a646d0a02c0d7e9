"""People: owners add people and set their roles and sites. API tokens: each person makes their
own, sees a new one once, and revokes it."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from lotline.accounts.models import ApiToken, Membership
from lotline.accounts.rights import role_of
from lotline.accounts.services import create_token, user_for_token

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["auditor_client", "staff_client"])
def test_only_an_owner_opens_the_people_page_or_adds_a_person(who: str, request: pytest.FixtureRequest,
                                                               auditor) -> None:
    client: Client = request.getfixturevalue(who)
    assert client.get(reverse("people")).status_code == 403
    response = client.post(reverse("people"), {"username": "mallory", "password": "long-enough", "role": "owner"})
    assert response.status_code == 403
    assert client.post(reverse("person", args=["ada"]), {"role": "owner", "active": "on"}).status_code == 403
    assert not get_user_model().objects.filter(username="mallory").exists()
    assert Membership.objects.get(user__username="ada").role == "auditor"


def test_the_people_page_lists_each_role(owner_client: Client, staff, auditor) -> None:
    page = owner_client.get(reverse("people")).content.decode()
    assert "sam" in page and "ada" in page and "auditor" in page and "every site" in page


def test_an_owner_adds_staff_for_one_site(owner_client: Client, jam_catalog: None) -> None:
    response = owner_client.post(reverse("people"), {"username": "tom", "password": "stove-and-stall",
                                                     "role": "staff", "sites": ["K1"]})
    assert response.status_code == 302
    tom = get_user_model().objects.get(username="tom")
    assert role_of(tom) == "staff" and Membership.objects.get(user=tom).sites == "K1"
    assert tom.check_password("stove-and-stall")


def test_a_short_password_shows_next_to_the_field_and_adds_no_one(owner_client: Client) -> None:
    response = owner_client.post(reverse("people"), {"username": "tom", "password": "short", "role": "staff"})
    page = response.content.decode()
    assert response.status_code == 400
    label = re.search(r'<label for="id_password".*?</label>', page, re.S).group(0)
    assert "at least 8 characters" in label and "errorlist" in label
    assert not get_user_model().objects.filter(username="tom").exists()


def test_an_owner_makes_staff_an_auditor_and_switches_them_off(owner_client: Client, staff) -> None:
    url = reverse("person", args=["sam"])
    assert 'value="staff" selected' in owner_client.get(url).content.decode()
    assert owner_client.post(url, {"role": "auditor"}).status_code == 302
    staff.refresh_from_db()
    assert Membership.objects.get(user=staff).role == "auditor" and not staff.is_active


def test_a_person_creates_a_token_and_sees_it_once(auditor_client: Client, auditor) -> None:
    response = auditor_client.post(reverse("tokens"), {"name": "audit script", "once": "e" * 32})
    page = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    token = re.search(r'value="(llt_[^"]+)"', page).group(1)
    assert "shown only this once" in page and user_for_token(token) == auditor
    listed = auditor_client.get(reverse("tokens")).content.decode()
    assert "audit script" in listed and token not in listed and token[:10] in listed
    again = auditor_client.post(reverse("tokens"), {"name": "audit script", "once": "e" * 32})
    assert again.status_code == 302 and ApiToken.objects.filter(user=auditor).count() == 1


def test_a_token_needs_a_name(auditor_client: Client, auditor) -> None:
    response = auditor_client.post(reverse("tokens"), {"name": " "})
    assert response.status_code == 400 and "say what the token is for" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_person_revokes_their_own_token_but_not_someone_elses(auditor_client: Client, auditor,
                                                                staff) -> None:
    mine = create_token(auditor, "old script")
    theirs = create_token(staff, "label printer")
    assert auditor_client.post(reverse("token_revoke", args=[mine.id])).status_code == 302
    assert user_for_token(mine.token) is None
    assert "revoked" in auditor_client.get(reverse("tokens")).content.decode()
    assert auditor_client.post(reverse("token_revoke", args=[theirs.id])).status_code == 404
    assert user_for_token(theirs.token) == staff
    assert auditor_client.get(reverse("token_revoke", args=[mine.id])).status_code == 405


def test_the_tokens_page_lists_only_ones_own(staff_client: Client, staff, auditor) -> None:
    create_token(auditor, "audit script")
    create_token(staff, "label printer")
    page = staff_client.get(reverse("tokens")).content.decode()
    assert "label printer" in page and "audit script" not in page


def test_someone_signed_out_is_sent_to_sign_in(client: Client) -> None:
    assert client.get(reverse("tokens")).status_code == 302
