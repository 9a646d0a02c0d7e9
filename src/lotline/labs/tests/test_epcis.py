"""EPCIS events with sensor data or an inspection's disposition, at our site naming our lots, taken
in as lab results and judged against the specs; what cannot be mapped is still kept."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lotline.catalog.services import update_record
from lotline.epcis.services import capture
from lotline.epcis.tests.documents import DL, KITCHEN_GLN, document, give_gs1_keys, gln
from lotline.lots.models import Lot, LotStatus
from lotline.quality.queries import results_of
from lotline.quality.services import SpecLine, set_specs
from lotline.testing import ACTOR, JamStory

pytestmark = pytest.mark.django_db
JAM_GTIN = gln("1006141410002")


@pytest.fixture
def keyed(labs: JamStory) -> JamStory:
    give_gs1_keys()
    update_record("item", "SJ", {"gtin": JAM_GTIN}, actor=ACTOR)
    set_specs("SJ", [SpecLine("Temperature", "at_most", Decimal(8), "°C"),
                     SpecLine("inspection", "expected", expected="conformant")], actor=ACTOR)
    return labs


def _event(lot: str, **more: object) -> dict:
    return {"type": "ObjectEvent", "eventTime": "2026-03-12T09:00:00Z", "eventTimeZoneOffset": "+00:00",
            "action": "OBSERVE", "bizLocation": {"id": f"{DL}/414/{KITCHEN_GLN}"},
            "quantityList": [{"epcClass": f"{DL}/01/{JAM_GTIN}/10/{lot}", "quantity": 1, "uom": "H87"}], **more}


def test_an_epcis_sensor_event_becomes_results_judged_against_the_specs(keyed: JamStory) -> None:
    sensed = _event(keyed.other_jam, bizStep="sensor_reporting", sensorElementList=[{
        "sensorMetadata": {"time": "2026-03-12T08:55:00Z", "deviceID": "urn:epc:id:giai:4000001.111"},
        "sensorReport": [{"type": "gs1:Temperature", "value": 4.5, "uom": "CEL"},
                         {"type": "gs1:RelativeHumidity", "value": 61, "uom": "P1"}]}])
    done = capture(document(sensed), actor=ACTOR)
    assert (done.recorded, done.kept, done.events[0].became) == (1, 0, "sensor readings LR-1, LR-2")
    found = results_of([keyed.other_jam])[keyed.other_jam]
    assert [(r.analyte, r.value, r.unit, r.in_spec, r.lab) for r in found] == [
        ("Temperature", Decimal("4.5"), "°C", True, "EPCIS"), ("RelativeHumidity", Decimal(61), "%", None, "EPCIS")]


def test_a_non_conformant_inspection_is_an_out_of_spec_result_that_holds_the_lot(keyed: JamStory) -> None:
    inspected = _event(keyed.other_jam, bizStep="inspecting", disposition="non_conformant")
    done = capture(document(inspected), actor=ACTOR)
    assert done.events[0].became == "inspection result LR-1"
    [result] = results_of([keyed.other_jam])[keyed.other_jam]
    assert (result.analyte, result.text, result.in_spec) == ("inspection", "non conformant", False)
    assert Lot.objects.get(code=keyed.other_jam).status == LotStatus.ON_HOLD


def test_a_sensor_event_elsewhere_or_of_no_lot_of_ours_is_kept_with_its_reason(keyed: JamStory) -> None:
    reading = [{"sensorReport": [{"type": "gs1:Temperature", "value": 4.5, "uom": "CEL"}]}]
    elsewhere = _event(keyed.other_jam, bizStep="sensor_reporting", sensorElementList=reading,
                       bizLocation={"id": f"{DL}/414/{gln('061414199999')}"})
    unknown = _event("SJ-NOSUCH", bizStep="sensor_reporting", sensorElementList=reading,
                     eventTime="2026-03-12T09:01:00Z")
    done = capture(document(elsewhere, unknown), actor=ACTOR)
    assert [(e.outcome, e.why) for e in done.events] == [
        ("kept", "it happened at none of our sites"), ("kept", "quantityList[0] names SJ-NOSUCH, no lot of ours of SJ")]
