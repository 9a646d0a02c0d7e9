"""A ledger cut off after its last checkpoint shows on the home page, not only on the chain check."""

from __future__ import annotations

from browser_steps import fits_the_screen, sign_in
from django.db import connection

from lotline.ledger.checkpoints import seal
from lotline.testing import tell_jam_story


def test_the_home_page_shows_a_broken_chain_in_a_banner(phone, owner, screenshot):
    tell_jam_story()
    seal("export")
    with connection.cursor() as cur:  # what someone with the database file could do
        cur.execute("DELETE FROM ledger_event WHERE seq = (SELECT MAX(seq) FROM ledger_event)")
        cur.execute("UPDATE ledger_head SET seq = seq - 1, hash = (SELECT hash FROM ledger_event "
                    "WHERE seq = (SELECT MAX(seq) FROM ledger_event))")
    sign_in(phone, "olivia", "olivia-password")

    banner = phone.get_by_role("alert")
    assert banner.is_visible()
    assert "The event log does not verify" in banner.inner_text() and "cut off" in banner.inner_text()
    assert fits_the_screen(phone)
    screenshot(phone, "broken-chain")
