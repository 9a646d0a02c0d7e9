"""Every page opens, and every link it builds leads back to the same record, whatever the stored
code or user name holds: codes recorded before the code rule ('/', spaces, '?', '#', quotes,
'<script>', '..') are written straight into the read tables here, as old data would be."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from urllib.parse import unquote, urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.urls import ResolverMatch, resolve, reverse

from lotline.catalog.models import Customer
from lotline.lots.models import Lot
from lotline.lots.projections import supplier_lot_key
from lotline.testing import JamStory

pytestmark = pytest.mark.django_db

OLD_CODES = {"jam": 'SJ/0304 <script>alert("x")</script>', "valley_strawberries": "VF 03/02?a=1#b'",
             "sugar": "..", "tarts": "T~2F/."}
SUPPLIER_LOT = "VF/0302 <b>#1"
RECALL = {"supplier": "VALLEY", "item": "", "from": "2026-03-01", "to": "2026-03-05"}
LINK = re.compile(r'\b(?:href|action|hx-get|hx-post)="([^"]*)"')


@pytest.fixture
def old(story: JamStory) -> JamStory:
    """The jam story with codes no rule checked, as an older ledger may hold them."""
    with connection.cursor() as cur:
        for name, code in OLD_CODES.items():
            cur.execute("UPDATE lot SET code = %s WHERE code = %s", [code, getattr(story, name)])
        cur.execute("UPDATE lot SET supplier_lot = %s, supplier_lot_key = %s WHERE code = %s",
                    [SUPPLIER_LOT, supplier_lot_key(SUPPLIER_LOT), OLD_CODES["valley_strawberries"]])
    return replace(story, **OLD_CODES)


def opened(client: Client, url: str, params: dict | None = None) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, url
    text = response.content.decode()
    assert "<script>alert" not in text and "<b>#1" not in text  # shown, escaped, never run
    return text


def followed(text: str) -> list[ResolverMatch]:
    """Where each link, form and htmx request of a page leads, as a browser would send it."""
    matches = []
    for link in map(html.unescape, LINK.findall(text)):
        parts = urlsplit(link)
        if parts.scheme or not parts.path.startswith("/") or parts.path.startswith("/static/"):
            continue
        assert not {".", ".."} & set(parts.path.split("/")), f"a browser would fold {link}"
        matches.append(resolve(unquote(parts.path)))
    return matches


def lots_linked(text: str) -> set[str]:
    """The lot codes a page links to; each must be a lot's code exactly as stored."""
    codes = {m.kwargs["code"] for m in followed(text) if m.url_name in ("lot", "lot_hold", "lot_release")}
    assert codes <= set(Lot.objects.values_list("code", flat=True))
    return codes


@pytest.mark.parametrize("name", list(OLD_CODES))
def test_the_lot_page_of_any_stored_code_opens_and_links_back_to_it(old: JamStory, staff_client: Client, name: str):
    code = getattr(old, name)
    text = opened(staff_client, reverse("lot", args=[code]))
    assert f'<h1 class="big-code">{html.escape(code)}</h1>' in text
    assert code in lots_linked(text)
    traces = {(m.kwargs["direction"], m.kwargs["code"]) for m in followed(text) if m.url_name == "trace_result"}
    assert traces == {("back", code), ("forward", code)}


def test_the_hold_button_of_an_old_code_holds_exactly_that_lot(old: JamStory, staff_client: Client):
    text = opened(staff_client, reverse("lot", args=[old.tarts]))
    action = html.unescape(re.search(r'class="stack hold-form" method="post" action="([^"]*)"', text)[1])
    response = staff_client.post(action, {"reason": "check the filling", "once": "h" * 32})
    assert response.status_code == 302 and resolve(unquote(response["Location"])).kwargs["code"] == old.tarts
    assert dict(Lot.objects.values_list("code", "status"))[old.tarts] == "on_hold"
    assert Lot.objects.filter(status="on_hold").count() == 1


@pytest.mark.parametrize("name", ["jam", "valley_strawberries", "tarts"])
def test_traces_of_any_stored_code_open_and_link_every_lot_back(old: JamStory, auditor_client: Client, name: str):
    code = getattr(old, name)
    for direction in ("back", "forward"):
        linked = lots_linked(opened(auditor_client, reverse("trace_result", args=[direction, code])))
        assert code in linked
        assert lots_linked(opened(auditor_client, reverse("trace"), {"code": code, "direction": direction})) == linked
    back = opened(auditor_client, reverse("trace_result", args=["back", old.tarts]))
    assert {old.jam, old.valley_strawberries, old.sugar} <= lots_linked(back)  # tables and picture alike
    assert f'href="{html.escape(reverse("lot", args=[old.jam]))}"' in back.split("<svg", 1)[1]


def test_a_recall_reaching_old_codes_opens_and_its_hold_all_button_holds_them(old: JamStory, staff_client: Client):
    text = opened(staff_client, reverse("recall"), RECALL)
    assert {old.valley_strawberries, old.jam, old.tarts} <= lots_linked(text)
    assert "Hold 2 lots" in text
    response = staff_client.post(reverse("recall_hold"), {**RECALL, "reason": "Valley Farm recall", "once": "r" * 32})
    assert response.status_code == 302
    statuses = dict(Lot.objects.values_list("code", "status"))
    assert statuses[old.valley_strawberries] == statuses[old.tarts] == "on_hold"
    opened(staff_client, response["Location"])


@pytest.mark.parametrize("typed", [OLD_CODES["jam"], OLD_CODES["jam"].lower(), SUPPLIER_LOT, ".."])
def test_the_search_box_opens_the_lot_of_any_stored_code(old: JamStory, auditor_client: Client, typed: str):
    response = auditor_client.get(reverse("home"), {"q": typed})
    assert response.status_code == 302
    wanted = old.sugar if typed == ".." else old.valley_strawberries if typed == SUPPLIER_LOT else old.jam
    assert resolve(unquote(urlsplit(response["Location"]).path)).kwargs == {"code": wanted}
    opened(auditor_client, response["Location"])


def test_the_people_page_links_every_person_whatever_their_name(owner_client: Client, django_user_model):
    names = ["a/b", "..", "x?y#z <i>"]
    for name in names:
        django_user_model.objects.create_user(name, password="long-enough-password")  # no validator ran
    text = opened(owner_client, reverse("people"))
    people = {m.kwargs["username"] for m in followed(text) if m.url_name == "person"}
    assert set(names) <= people
    for name in names:
        assert f"<h1>{html.escape(name)}</h1>" in opened(owner_client, reverse("person", args=[name]))


def test_a_catalog_record_with_an_old_code_opens_from_its_list(story: JamStory, owner_client: Client):
    Customer.objects.filter(ref="SATMKT").update(ref="SAT/MKT <x>")
    text = opened(owner_client, reverse("catalog_list", args=["customers"]))
    keys = {m.kwargs["key"] for m in followed(text) if m.url_name == "catalog_record"}
    assert "SAT/MKT <x>" in keys
    opened(owner_client, reverse("catalog_record", args=["customers", "SAT/MKT <x>"]))
