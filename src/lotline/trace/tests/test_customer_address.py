"""A trace's and a recall case's customers give where they are on one line, from the location's parts."""

from __future__ import annotations

from lotline.catalog.services import update_record
from lotline.recalls.queries import case_details
from lotline.recalls.services import open_case
from lotline.testing import ACTOR, JamStory
from lotline.trace.queries import trace_forward


def test_a_customers_address_is_its_street_city_state_and_zip_on_one_line(story: JamStory) -> None:
    update_record("customer", "GOODEARTH", {"address": "15 Elm St", "city": "Millbrook", "state": "NY",
                                           "zip_code": "12545"}, actor=ACTOR)
    line = "15 Elm St, Millbrook, NY 12545"
    traced = {c["id"]: c["address"] for c in trace_forward(story.jam)["customers"]}
    assert traced["GOODEARTH"] == line
    case = open_case(lots=[story.jam], actor=ACTOR)
    told = {c["customer"]: c["address"] for c in case_details(case["id"])["notifications"]}
    assert told["GOODEARTH"] == line
