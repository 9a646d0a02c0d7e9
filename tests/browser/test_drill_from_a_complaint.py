"""From a complaint to a recall case and a drill, on a phone: the complaint's page opens a case on its lot
in one tap; a drill on the same lot finds one jar short on the shelf and says the aim was not met."""

from __future__ import annotations

import datetime as dt
import re

from browser_steps import checked, sign_in

from lotline.complaints.services import record_complaint
from lotline.recalls.queries import case_details


def test_a_complaint_opens_a_case_and_a_drill_with_a_short_count_misses_the_aim(phone_390, owner, story,
                                                                                 screenshot):
    record_complaint(customer="GOODEARTH", code=story.jam, said="the jar fizzed", on=dt.date(2026, 3, 14),
                     actor="olivia")
    page = phone_390
    sign_in(page, "olivia", "olivia-password")
    page.goto("/complaints/C-1")
    page.get_by_role("link", name="Open a recall case").click()
    page.wait_for_url(re.compile(r"/cases/new\?complaint=C-1"))
    page.get_by_role("button", name="Open the case").click()
    page.wait_for_url(re.compile(r"/cases/R-1$"))
    assert case_details("R-1")["trigger"] == {"by": "complaint", "complaint": "C-1", "lots": [story.jam]}

    page.goto("/complaints/C-1")
    page.get_by_role("link", name=f"Start a drill on {story.jam}").click()
    page.get_by_role("button", name="Start the drill").click()
    page.wait_for_url(re.compile(r"/drills/D-1$"))
    checked(page, screenshot, "drill-to-count")
    lot = case_details("D-1")["on_hand"][0]
    page.locator(f'[name="count:{lot["code"]}"]').fill(str(lot["on_hand"] - 1))
    with page.expect_navigation():
        page.get_by_role("button", name="Make the report").click()
    page.get_by_text("aim: 100% within 2 hours: NOT met").first.wait_for()
    checked(page, screenshot, "drill-reported")
    page.goto("/drills/")
    assert page.locator("tr", has_text="D-1").get_by_text("no", exact=True).count() == 1
