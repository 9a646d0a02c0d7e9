"""GS1's reference event hash (epcis-event-hash-generator 1.9.3), run offline, to check ours against.

Three things it does on its own that a test cannot let it do, set here and nowhere else:
- it fetches the JSON-LD contexts a document names: the GS1 ones are read from the copy the package
  ships (the 2.0.0 context, under each URL GS1 publishes it at); any other (the OpenEPCIS FSMA 204
  examples name two) is taken as empty: the reference uses contexts only to expand bare CBV words,
  which come from GS1's context;
- it keeps the prefixes it has seen in a module global across documents, and learns none from the
  standard context: each document starts from the standard context's prefixes plus its own (the map
  ``lotline.epcis.hashing`` is given), so a result does not depend on which file ran before;
- it cannot hash a bizTransaction, source or destination without a type (IndexError, in JSON and
  XML alike), though EPCIS makes the type optional: such an element is given a placeholder type and
  the placeholder is cut from the pre-hash string, which is what the reference writes for a typed one.
"""

import copy
import functools
import importlib.resources
import json
from pathlib import Path

import epcis_event_hash_generator  # type: ignore[import-untyped]  # noqa: F401  (sets a loader, replaced below)
from epcis_event_hash_generator import hash_generator, json_to_py
from epcis_event_hash_generator import json_xml_model_mismatch_correction as xml_shape
from pyld import jsonld  # type: ignore[import-untyped]

from lotline.epcis.hashing import STANDARD_PREFIXES

_SHIPPED_CONTEXT = "e532647e8eb371379b8b0e8602d8981c8566bc60f7351f22c76a5bc865962008.jsonld"
_GS1_CONTEXTS = ("https://ref.gs1.org/standards/epcis/", "https://gs1.github.io/EPCIS/")
_UNTYPED = "urn:x-test:untyped"


def _offline_loader(url, options=None):
    if url.startswith(_GS1_CONTEXTS):
        files = importlib.resources.files("epcis_event_hash_generator")
        document = json.loads(files.joinpath(_SHIPPED_CONTEXT).read_text())
    else:
        document = {"@context": {}}
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": document}


jsonld.set_document_loader(_offline_loader)


def own_prefixes(document: dict) -> dict[str, str]:
    """The prefixes a document declares in its own @context (what Lotline passes as ``context``)."""
    contexts = document.get("@context", [])
    contexts = contexts if isinstance(contexts, list) else [contexts]
    return {k: v for c in contexts if isinstance(c, dict) for k, v in c.items() if isinstance(v, str)}


def events_of(document: dict) -> list[dict]:
    """The events of an EPCISDocument or EPCISQueryDocument."""
    body = document["epcisBody"]
    if "queryResults" in body:
        return body["queryResults"]["resultsBody"]["eventList"]
    return body["eventList"] if "eventList" in body else [body["event"]]


def reference_pre_hashes(document: dict) -> list[str]:
    """The reference's pre-hash string of each event of the document, in order."""
    try:
        return _pre_hashes(document, events_of(document))
    except IndexError:  # an untyped pair somewhere: go event by event
        return [_pre_hash_of_one(document, event) for event in events_of(document)]


def reference_hash(pre_hash: str) -> str:
    return hash_generator.calculate_hashes_from_pre_hashes([pre_hash])[0]


@functools.cache
def reference_pre_hashes_of_file(path: Path) -> list[str]:
    return reference_pre_hashes(json.loads(path.read_text()))


def _pre_hash_of_one(document: dict, event: dict) -> str:
    try:
        return _pre_hashes(document, [event])[0]
    except IndexError:
        typed = copy.deepcopy(event)
        for key in ("bizTransactionList", "sourceList", "destinationList"):
            for element in typed.get(key, []):
                element.setdefault("type", _UNTYPED)
        return _pre_hashes(document, [typed])[0].replace(f"type={_UNTYPED}", "")


def _pre_hashes(document: dict, events: list[dict]) -> list[str]:
    """json_to_py.event_list_from_epcis_document_json, with the prefixes set per document (see above)."""
    own = own_prefixes(document)
    contexts = document.get("@context", [])
    remote = [c for c in (contexts if isinstance(contexts, list) else [contexts]) if isinstance(c, str)]
    # A document may redeclare a prefix the standard context protects (cbvmda): JSON-LD refuses that.
    for_expansion = [*remote, {k: v for k, v in own.items() if k not in STANDARD_PREFIXES}]
    expanded = json_to_py._bare_string_pre_preocessing(
        {"@context": for_expansion, "type": "EPCISDocument", "epcisBody": {"eventList": copy.deepcopy(events)}}
    )
    json_to_py._namespaces.clear()
    json_to_py._namespaces.update({k: "{" + v + "}" for k, v in {**STANDARD_PREFIXES, **own}.items()})
    shaped = [
        xml_shape.deep_structure_correction(json_to_py._json_to_py(e)) for e in expanded["epcisBody"]["eventList"]
    ]
    pre_hashes = hash_generator.derive_prehashes_from_events(("EventList", "", shaped))
    assert len(pre_hashes) == len(events), "the reference dropped an event it could not hash"
    return pre_hashes
