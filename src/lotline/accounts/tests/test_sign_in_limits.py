"""Limits on failed sign-ins: 5 per user name and 20 per address within 15 minutes, checked before
the password, the same for names no one has, said with the time to try again; a successful
sign-in clears the name's failures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lotline.accounts.models import FailedSignIn
from lotline.accounts.signin import PER_ADDRESS, PER_NAME, WINDOW, client_address, record_failed_sign_in, sign_in_locked

pytestmark = pytest.mark.django_db
HOME = "10.0.0.5"


def sign_in(username: str, password: str, *, address: str = HOME, url: str = "") -> tuple[bool, str]:
    """(signed in?, the page's text) for one attempt on the sign-in page from `address`."""
    client = Client(REMOTE_ADDR=address)
    response = client.post(url or reverse("login"), {"username": username, "password": password})
    return response.status_code == 302, response.content.decode()


def fail(times: int, username: str = "olivia", *, address: str = HOME, url: str = "") -> None:
    for _ in range(times):
        assert sign_in(username, "not-her-password", address=address, url=url)[0] is False


def test_the_sixth_try_after_five_failures_is_refused_even_with_the_right_password(owner) -> None:
    fail(PER_NAME)
    signed_in, page = sign_in("olivia", "olivia-password")
    assert not signed_in
    assert "Too many failed sign-ins for this user name. Try again after" in page and "in 15 minutes" in page


def test_the_message_says_when_to_try_again(owner) -> None:
    fail(PER_NAME)
    first = FailedSignIn.objects.order_by("at").first().at
    until = timezone.localtime(first + WINDOW)
    assert f"Try again after {until:%H:%M}" in sign_in("olivia", "olivia-password")[1]


def test_a_name_no_one_has_is_locked_the_same_way(db: None) -> None:
    fail(PER_NAME, "nobody")
    assert "Too many failed sign-ins for this user name" in sign_in("nobody", "whatever")[1]


def test_the_name_is_counted_whatever_its_case(owner) -> None:
    fail(PER_NAME - 1, "OLIVIA")
    fail(1, "Olivia")
    assert not sign_in("olivia", "olivia-password")[0]


def test_four_failures_then_the_right_password_signs_in_and_starts_the_count_again(owner) -> None:
    fail(PER_NAME - 1)
    assert sign_in("olivia", "olivia-password")[0]
    fail(PER_NAME - 1)
    assert sign_in("olivia", "olivia-password")[0]


def test_an_address_with_too_many_failures_is_locked_for_every_name(owner, staff) -> None:
    for n in range(PER_ADDRESS):
        fail(1, f"guess{n}")
    signed_in, page = sign_in("sam", "sam-password")
    assert not signed_in and "Too many failed sign-ins from this address" in page
    assert sign_in("sam", "sam-password", address="10.0.0.6")[0]  # from elsewhere


def test_the_lock_lifts_when_the_failures_are_older_than_the_window(owner) -> None:
    long_ago = timezone.now() - WINDOW - dt.timedelta(seconds=1)
    for _ in range(PER_NAME):
        record_failed_sign_in("olivia", HOME, now=long_ago)
    assert sign_in_locked("olivia", HOME) is None
    assert sign_in("olivia", "olivia-password")[0]


def test_the_lock_lifts_when_the_fifth_newest_failure_leaves_the_window() -> None:
    now = timezone.now()
    for minutes in (14, 10, 5, 3, 1, 0):
        record_failed_sign_in("olivia", HOME, now=now - dt.timedelta(minutes=minutes))
    # six failures in the window: locked until the fifth newest (10 minutes ago) leaves it
    assert sign_in_locked("olivia", "", now=now).until == now - dt.timedelta(minutes=10) + WINDOW
    assert sign_in_locked("olivia", "", now=now + dt.timedelta(minutes=5, seconds=1)) is None


def test_the_admin_sign_in_obeys_the_same_limits(owner) -> None:
    fail(PER_NAME, url=reverse("admin:login"))
    signed_in, page = sign_in("olivia", "olivia-password", url=reverse("admin:login"))
    assert not signed_in and "Too many failed sign-ins for this user name" in page


def test_an_api_token_is_not_limited_by_failed_sign_ins(owner) -> None:
    from lotline.accounts.services import create_token

    token = create_token(owner, "script").token
    fail(PER_NAME)
    assert Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/verify").status_code == 200


def test_the_address_is_the_proxys_only_behind_a_proxy(rf, settings) -> None:
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    settings.LOTLINE_BEHIND_PROXY = False
    assert client_address(request) == "127.0.0.1"  # a client may write anything in X-Forwarded-For
    settings.LOTLINE_BEHIND_PROXY = True
    assert client_address(request) == "203.0.113.9"  # the address the proxy added, last


def test_failures_that_no_longer_count_are_deleted() -> None:
    record_failed_sign_in("olivia", HOME, now=timezone.now() - WINDOW - dt.timedelta(minutes=1))
    record_failed_sign_in("sam", HOME)
    assert list(FailedSignIn.objects.values_list("username", flat=True)) == ["sam"]
