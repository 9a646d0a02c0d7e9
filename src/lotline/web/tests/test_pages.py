"""The web app's front door: signing in, the home page behind it, signing out."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from lotline.testing import JamStory


def test_the_home_page_sends_someone_signed_out_to_sign_in(client: Client, db: None) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/"


def test_the_sign_in_page_renders(client: Client, db: None) -> None:
    response = client.get(reverse("login"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="username"' in page and 'name="password"' in page and "Sign in" in page
    assert 'name="viewport"' in page  # readable on a phone


@pytest.fixture
def maria(db: None, settings: Any) -> None:
    from lotline.accounts.services import add_person

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # hashing quickly
    add_person("maria", "jam-and-tarts", role="staff", actor="alice")


def test_signing_in_opens_the_home_page(client: Client, maria: None) -> None:
    response = client.post(reverse("login"), {"username": "maria", "password": "jam-and-tarts"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Batches made today" in response.content.decode()


def test_a_wrong_password_stays_on_the_sign_in_page(client: Client, maria: None) -> None:
    response = client.post(reverse("login"), {"username": "maria", "password": "marmalade"})
    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()


def test_the_home_page_shows_what_is_on_hold(story: JamStory, owner_client: Client) -> None:
    from lotline.lots.services import place_hold

    place_hold(story.jam, reason="jar seals to check", actor="olivia")
    response = owner_client.get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "On hold" in page and story.jam in page and "jar seals to check" in page


def test_signing_out_returns_to_sign_in(owner_client: Client) -> None:
    response = owner_client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert owner_client.get("/").status_code == 302
