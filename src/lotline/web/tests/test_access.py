"""Every page needs a sign-in and the right; a form submitted twice records once."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from lotline.web.models import Submission
from lotline.web.once import submit_once

pytestmark = pytest.mark.django_db


def menu_of(client) -> list[str]:
    page = client.get("/").content.decode()
    nav = page.split('<nav class="menu">', 1)[1].split("</nav>", 1)[0]
    return [part.split('"', 1)[0] for part in nav.split('href="')[1:]]


def test_the_menu_shows_only_what_the_role_may_open(auditor_client, owner_client):
    from lotline.web.nav import menu

    auditor_menu, owner_menu = menu_of(auditor_client), menu_of(owner_client)
    assert "/" in auditor_menu and set(auditor_menu) <= set(owner_menu)
    recording = {url for _label, url in menu(frozenset({"record"}))}
    assert not recording & set(auditor_menu)
    assert recording <= set(owner_menu)


def test_a_form_token_seen_before_goes_where_the_first_went(staff):
    writes: list[str] = []

    def write() -> str:
        writes.append("once")
        return f"/lots/SJ-{len(writes)}/"

    def post() -> HttpResponse:
        request = RequestFactory().post("/batch/", {"once": "f" * 32})
        request.user = staff
        return submit_once(request, write)

    first, second = post(), post()
    assert writes == ["once"] and first["Location"] == second["Location"] == "/lots/SJ-1/"
    assert Submission.objects.count() == 1


def test_a_failed_write_leaves_the_token_free_to_try_again(staff):
    from lotline.errors import ErrorCode, LotlineError

    request = RequestFactory().post("/batch/", {"once": "a" * 32})
    request.user = staff

    def refused() -> str:
        raise LotlineError(ErrorCode.MISSING, "a value is required", field="product")

    with pytest.raises(LotlineError):
        submit_once(request, refused)
    assert not Submission.objects.exists()
    assert submit_once(request, lambda: "/ok/")["Location"] == "/ok/"
