"""An EPCIS 2.0 document is checked against GS1's schema, with its formats, event by event, and each
problem says in one sentence what is wrong and where. Pure: no database."""

from __future__ import annotations

import copy
import json

import pytest

from lotline.epcis.validation import SCHEMA_FILE, Problem, _checks, parse, problems
from lotline.errors import ErrorCode, LotlineError

from .conftest import STANDARDS

EXAMPLES = sorted([*STANDARDS.glob("JSON/**/*.jsonld"), *STANDARDS.glob("community-openepcis-fsma204/*.jsonld")])

# The OpenEPCIS FSMA 204 examples carry a top-level "_comment_gs1us_mapping" (their own note, neither an
# EPCIS field nor a URI): with the schema's formats checked (a field of your own must be a URI), that
# key is refused. GS1's own 47 examples are all valid.
NOT_A_FIELD: list[tuple[int | None, str]] = [(None, "_comment_gs1us_mapping")]
EXPECTED: dict[str, list[tuple[int | None, str]]] = {
    **{f"JSON/AssociationEvent/AssociationEvent-{x}.jsonld": [] for x in "abcdefgh"},
    "JSON/EPCISQueryDocument.jsonld": [],
    "JSON/Example-TransactionEvents-2020_07_03y.jsonld": [],
    "JSON/Example-Type-sourceOrDestination,measurement,bizTransaction.jsonld": [],
    "JSON/Example_9.6.1-ObjectEvent-with-pseudo-SBDH-headers.jsonld": [],
    "JSON/Example_9.6.1-ObjectEvent.jsonld": [],
    "JSON/Example_9.6.1-with-comment.jsonld": [],
    "JSON/Example_9.6.2-ObjectEvent.jsonld": [],
    "JSON/Example_9.6.3-AggregationEvent.jsonld": [],
    "JSON/Example_9.6.4-TransformationEvent.jsonld": [],
    "JSON/PersistentDisposition-example.jsonld": [],
    **{f"JSON/WithDigitalLinkID/Example_9.6.{n}-{kind}EventWithDigitalLink.jsonld": []
       for n, kind in ((1, "Object"), (2, "Object"), (3, "Aggregation"), (4, "Transformation"))},
    "JSON/WithErrorDeclaration/ErrorDeclarationAndCorrectiveEvent.jsonld": [],
    "JSON/WithErrorDeclaration/Example_9.6.1-ObjectEvent-with-error-declaration.jsonld": [],
    **{f"JSON/WithFullCombinationOfFields/{kind}_event_all_possible_fields.jsonld": []
       for kind in ("aggregation", "association", "object", "transaction", "transformation")},
    **{f"JSON/WithSensorData/SensorDataExample{n}.jsonld": [] for n in [*range(1, 18), "1b"]},
    **{f"community-openepcis-fsma204/{cte}-cte.jsonld": NOT_A_FIELD
       for cte in ("cooling", "first-land-based-receiver", "harvest", "initial-packing", "receiving", "shipping",
                   "transformation")},
}


def _example(name: str) -> dict:
    return json.loads((STANDARDS / name).read_text(encoding="utf-8"))


def _object_events(**changes) -> dict:
    """GS1's example 9.6.1 (two ObjectEvents), its second event changed: a value None drops the field."""
    document = _example("JSON/Example_9.6.1-ObjectEvent.jsonld")
    event = document["epcisBody"]["eventList"][1]
    for field, value in changes.items():
        if value is None:
            del event[field]
        else:
            event[field] = value
    return document


SECOND_EVENT_ID = _object_events()["epcisBody"]["eventList"][1]["eventID"]


def _the_problem(document: dict) -> Problem:
    found = problems(document)
    assert len(found) == 1, found
    return found[0]


def test_the_schema_shipped_is_gs1s():
    assert SCHEMA_FILE.read_bytes() == (STANDARDS / "EPCIS-JSON-Schema.json").read_bytes()


def test_the_expected_table_names_every_example():
    assert sorted(str(p.relative_to(STANDARDS)) for p in EXAMPLES) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_official_example_has_the_outcome_we_expect(name):
    found = problems(_example(name))
    assert [(p.index, p.field) for p in found] == EXPECTED[name]
    assert all(p.reason for p in found)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_fast_check_and_jsonschema_agree_on_every_example_event(name):
    checks = _checks()
    document = _example(name)
    body = document["epcisBody"]
    events = body["eventList"] if "eventList" in body else body["queryResults"]["resultsBody"]["eventList"]
    assert events
    for event in events:
        assert checks.gate(event) == checks.event.is_valid(event)


def test_it_names_the_event_its_id_and_the_field_of_a_misspelt_business_step():
    problem = _the_problem(_object_events(bizStep="receving"))
    assert (problem.index, problem.event_id, problem.field) == (1, SECOND_EVENT_ID, "bizStep")
    assert problem.reason == ("'receving' is not a CBV business step: use a bare word of its vocabulary such as "
                              "receiving, or a URI for your own")


def test_it_takes_a_business_step_or_disposition_of_our_own_as_a_uri():
    assert problems(_object_events(bizStep="https://id.lotline.example/steps/potting",
                                   disposition="urn:example:disposition:cooling")) == []


def test_it_refuses_a_disposition_that_is_no_word():
    problem = _the_problem(_object_events(disposition=5))
    assert (problem.field, problem.reason) == (
        "disposition", "5 is not a CBV disposition: write a bare word of its vocabulary, or a URI for your own")


def test_it_refuses_a_date_time_not_in_the_calendar():
    problem = _the_problem(_object_events(eventTime="2026-13-01T00:00:00Z"))
    assert (problem.index, problem.field) == (1, "eventTime")
    assert problem.reason.startswith("'2026-13-01T00:00:00Z' is not a date-time: write it as RFC 3339")


def test_it_refuses_an_epc_that_is_not_a_uri():
    problem = _the_problem(_object_events(epcList=["urn:epc:id:sgtin:0614141.107346.2017", "not a uri"]))
    assert (problem.index, problem.field) == (1, "epcList[1]")
    assert problem.reason.startswith("'not a uri' is not an absolute URI")


def test_it_refuses_an_event_without_its_time():
    problem = _the_problem(_object_events(eventTime=None))
    assert (problem.index, problem.field, problem.reason) == (
        1, "eventTime", "eventTime is missing: an ObjectEvent must have it")


def test_it_says_an_object_event_needs_its_objects():
    problem = _the_problem(_object_events(epcList=None))
    assert (problem.field, problem.reason) == (
        "epcList", "epcList or quantityList or sensorElementList is missing: an ObjectEvent must have one of them")


def test_it_refuses_a_quantity_written_as_text():
    document = _example("JSON/Example_9.6.4-TransformationEvent.jsonld")
    document["epcisBody"]["eventList"][0]["inputQuantityList"][0]["quantity"] = "12"
    problem = _the_problem(document)
    assert (problem.index, problem.field) == (0, "inputQuantityList[0].quantity")
    assert problem.reason == "'12' is text: inputQuantityList[0].quantity must be a number"


def test_it_refuses_an_unknown_event_type_and_suggests_the_nearest():
    problem = _the_problem(_object_events(type="ObjectEvnt"))
    assert (problem.index, problem.field) == (1, "type")
    assert problem.reason.startswith("'ObjectEvnt' is not an EPCIS event type (did you mean ObjectEvent?)")


def test_it_says_a_wrong_action_once_though_two_rules_refuse_it():
    problem = _the_problem(_object_events(action="add"))
    assert problem == Problem(1, SECOND_EVENT_ID, "action", "'add' is not allowed here: use OBSERVE, ADD or DELETE")


def test_it_names_a_misspelt_field_and_suggests_the_right_one():
    problem = _the_problem(_object_events(bizstep="receiving"))
    assert problem.field == "bizstep"
    assert "did you mean bizStep?" in problem.reason


def test_it_refuses_a_document_without_its_body():
    document = _object_events()
    del document["epcisBody"]
    assert problems(document) == [
        Problem(None, "", "epcisBody", "epcisBody is missing: an EPCISDocument must have it")]


def test_it_refuses_a_document_of_another_version_or_type():
    document = _object_events()
    document["schemaVersion"] = "1.2"
    assert _the_problem(document) == Problem(
        None, "", "schemaVersion", "schemaVersion '1.2' is not 2.0: Lotline reads EPCIS 2.0 documents only")
    event = _object_events()["epcisBody"]["eventList"][0]
    assert _the_problem({**event, "@context": "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"}
                        ).reason.startswith("'ObjectEvent' is not an EPCIS document type")


def test_it_reads_the_events_of_a_query_document():
    document = _example("JSON/EPCISQueryDocument.jsonld")
    document["epcisBody"]["queryResults"]["resultsBody"]["eventList"][0]["bizStep"] = "shiping"
    assert (_the_problem(document).index, _the_problem(document).field) == (0, "bizStep")


def test_one_bad_event_hides_no_other():
    document = _object_events(eventTime="yesterday")
    document["epcisBody"]["eventList"][0]["epcList"] = ["not a uri"]
    assert [(p.index, p.field) for p in problems(document)] == [(0, "epcList[0]"), (1, "eventTime")]


def test_a_sentence_never_quotes_a_whole_value():
    document = _object_events(eventTime="x" * 10_000)
    document["epcisBody"]["eventList"][0] = [{"huge": "y" * 10_000}]
    for problem in problems(document):
        assert len(problem.reason) < 300, problem


def test_it_stops_at_the_limit():
    document = _object_events()
    event = document["epcisBody"]["eventList"][0]
    document["epcisBody"]["eventList"] = [{**event, "bizStep": "receving"} for _ in range(50)]
    assert [p.index for p in problems(document, limit=7)] == list(range(7))
    assert len(problems(document)) == 50


def test_the_fast_check_refuses_what_jsonschema_refuses():
    checks = _checks()
    event = _object_events()["epcisBody"]["eventList"][1]
    for bad in ({"bizStep": "receving"}, {"eventTime": "2026-13-01T00:00:00Z"}, {"epcList": ["not a uri"]},
                {"type": "ObjectEvnt"}, {"eventTimeZoneOffset": "+5:00"}, {"readPoint": {"id": "here"}}):
        assert not checks.event.is_valid({**event, **bad})
        assert not checks.gate({**event, **bad}), bad


def test_it_parses_a_document_and_skips_a_byte_order_mark():
    raw = (STANDARDS / "JSON/Example_9.6.1-ObjectEvent.jsonld").read_bytes()
    assert parse(b"\xef\xbb\xbf" + raw) == parse(raw.decode()) == json.loads(raw)


@pytest.mark.parametrize(("data", "words"), [
    (b'{"type": "EPCISDocument",\n  "schemaVersion": 2.0,}', "not JSON at line 2 column 24"),
    (b'{"type": "EPCISDocument",\n "sender": "caf\xe9"}', "not UTF-8 text at line 2 column 16"),
    ('{"sender": "NaN",\n "quantity": NaN}', "not JSON at line 2 column 14: 'NaN' is not a JSON number"),
    ('{"quantity": 1e999}', "not JSON at line 1 column 14: '1e999' is not a JSON number"),
    ("\n  [1, 2]", "the document at line 2 column 3 is a list"),
])
def test_it_refuses_what_is_not_one_json_object_naming_line_and_column(data, words):
    with pytest.raises(LotlineError) as refused:
        parse(data)
    assert (refused.value.code, refused.value.field) == (ErrorCode.EPCIS_INVALID, "document")
    assert words in refused.value.message


def test_a_problem_reads_as_a_sentence():
    assert str(Problem(1, "urn:uuid:1", "bizStep", "wrong")) == "event 1 (urn:uuid:1), bizStep: wrong"
    assert str(Problem(None, "", "", "not an object")) == "document: not an object"


def test_the_document_it_checks_is_left_as_it_was():
    document = _object_events(bizStep="receving")
    before = copy.deepcopy(document)
    problems(document)
    assert document == before
