"""The home page shows a broken chain; sign-in sessions live in signed cookies, not in the database."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.urls import reverse

from lotline.ledger.checkpoints import current_head, seal
from lotline.ledger.models import Event
from lotline.ledger.verification import verify_ledger

pytestmark = pytest.mark.django_db


def page(response) -> str:
    return response.content.decode()


def test_the_home_page_says_when_the_ledger_was_last_verified(story, auditor_client):
    verify_ledger()
    html = page(auditor_client.get(reverse("home")))
    assert "ledger-broken" not in html
    assert f"Event log: {current_head().seq} events" in html and ": intact." in html


def test_the_home_page_shows_a_chain_cut_off_after_its_last_checkpoint(story, auditor_client):
    seal("export")
    with connection.cursor() as cur:
        cur.execute("DELETE FROM ledger_event WHERE seq > %s", [current_head().seq - 2])
        cur.execute("UPDATE ledger_head SET seq = seq - 2, hash = (SELECT hash FROM ledger_event "
                    "WHERE seq = (SELECT MAX(seq) FROM ledger_event))")
    html = page(auditor_client.get(reverse("home")))
    assert 'id="ledger-broken" role="alert"' in html
    assert "The event log does not verify" in html and "events were cut off" in html


def test_the_home_page_shows_a_chain_head_that_lost_its_last_event(story, auditor_client):
    Event.objects.filter(seq=current_head().seq).delete()
    assert "The event log does not verify" in page(auditor_client.get(reverse("home")))


def test_the_home_page_shows_a_failed_verify(story, auditor_client):
    with connection.cursor() as cur:
        cur.execute("UPDATE lot SET quantity = 999 WHERE code = %s", [story.jam])
    assert not verify_ledger().ok
    html = page(auditor_client.get(reverse("home")))
    assert "The event log does not verify" in html and "the read tables differ from the events" in html


def test_the_home_page_does_not_walk_the_chain(story, auditor_client, django_assert_max_num_queries):
    """The glance is a few indexed reads whatever the size of the log (the walk is /verify/)."""
    auditor_client.get(reverse("home"))
    with django_assert_max_num_queries(12) as captured:
        auditor_client.get(reverse("home"))
    assert not any("ORDER BY" in q["sql"] and "ledger_event" in q["sql"] and "LIMIT" not in q["sql"]
                   for q in captured.captured_queries)


def test_the_chain_check_page_names_a_rewritten_chain(story, auditor_client):
    seal("export")
    with connection.cursor() as cur:
        cur.execute("DELETE FROM ledger_event WHERE seq = (SELECT MAX(seq) FROM ledger_event)")
        cur.execute("UPDATE ledger_head SET seq = seq - 1, hash = (SELECT hash FROM ledger_event "
                    "WHERE seq = (SELECT MAX(seq) FROM ledger_event))")
    html = page(auditor_client.get(reverse("verify")))
    assert "checkpoints fail" in html and "cut off" in html


def test_signing_in_keeps_no_session_in_the_database(owner):
    client = Client(enforce_csrf_checks=True)
    login = client.get(reverse("login"))
    token = login.cookies["csrftoken"].value
    response = client.post(reverse("login"), {"username": "olivia", "password": "olivia-password",
                                              "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert Session.objects.count() == 0
    assert client.cookies["sessionid"]["httponly"]


def test_signing_out_ends_the_session(owner):
    client = Client()
    client.post(reverse("login"), {"username": "olivia", "password": "olivia-password"})
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_a_form_without_its_csrf_token_is_refused(owner):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "olivia", "password": "olivia-password"})
    assert response.status_code == 403


def test_the_downloads_end_with_the_signed_head_and_the_page_shows_it(story, auditor_client):
    import io
    import zipfile

    from openpyxl import load_workbook

    assert str(current_head()) in page(auditor_client.get(reverse("export")))
    response = auditor_client.get(reverse("export"), {"format": "zip"})
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        assert f"\n{current_head()}," in archive.read("ledger_head.csv").decode()
    response = auditor_client.get(reverse("export"), {"format": "xlsx"})
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    assert next(book["ledger_head"].iter_rows(min_row=2, values_only=True))[0] == str(current_head())


def test_a_trace_csv_ends_with_the_signed_head_on_a_comment_line(story, auditor_client):
    response = auditor_client.get(reverse("trace_csv"), {"code": story.jam, "direction": "forward"})
    last = page(response).splitlines()[-1]
    assert last.startswith(f"# ledger head {current_head()} signed ")
    assert f"lotline verify --witness {current_head()}" in last


def test_a_recall_csv_ends_with_the_signed_head(story, auditor_client):
    query = {"supplier": "VALLEY", "item": "STRAW", "from": "2026-02-28", "to": "2026-03-05"}
    last = page(auditor_client.get(reverse("recall_csv"), query)).splitlines()[-1]
    assert last.startswith(f"# ledger head {current_head()} signed ")
    from lotline.ledger.checkpoints import logged

    assert logged()[-1].made_for == "recall report"
