"""Quality through the JSON API: specs, a sample, results with the certificate as base64 and as a
multipart upload, a correction, the two-person release, a proposal dismissed; rights and errors."""

from __future__ import annotations

import base64
import json

import pytest

from lotline.quality.models import CoaFile
from lotline.testing import JamStory
from lotline.testing import TokenApi as Api

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"
LISTERIA = "Listeria monocytogenes"


@pytest.mark.sqlite_only
def test_the_api_records_specs_samples_results_corrections_and_a_two_person_release(
        story: JamStory, owner, staff) -> None:
    owner_api, staff_api = Api(owner), Api(staff)
    spec = {"specs": [{"analyte": LISTERIA, "rule": "expected", "expected": "not detected", "per": "25 g"}]}
    assert staff_api.client.put("/api/specs/STRAW", json.dumps(spec), content_type="application/json"
                                ).status_code == 403
    assert owner_api.client.put("/api/specs/STRAW", json.dumps(spec), content_type="application/json"
                                ).status_code == 200
    assert owner_api.get("/api/specs/STRAW").json()["specs"][0]["per"] == "25 g"
    sample = staff_api.post("/api/samples", {"lot": story.valley_strawberries, "lab": "Valley Labs",
                                             "drawn_on": "2026-03-03"})
    assert sample.status_code == 201 and sample.json()["code"] == "S-0001"
    bad = staff_api.post("/api/results", {"lab": "Valley Labs", "sample": "S-0001",
                                          "results": [{"analyte": LISTERIA, "text": "detected", "unit": "CFU/g"}]})
    assert (bad.status_code, bad.json()["code"], bad.json()["field"]) == (400, "unit_mismatch", "unit")
    done = staff_api.post("/api/results", {"lab": "Valley Labs", "sample": "s-0001",
                                           "coa_base64": base64.b64encode(PDF).decode(), "coa_name": "coa.pdf",
                                           "results": [{"analyte": LISTERIA, "text": "detected", "unit": "/25 g"}]})
    assert done.status_code == 201, done.content
    body = done.json()
    assert body["results"][0]["in_spec"] is False and story.valley_strawberries in body["held"]
    assert body["proposal"] == "P-1" and CoaFile.objects.get().size == len(PDF)
    fixed = staff_api.post("/api/results/LR-1/correct", {"result": {"analyte": LISTERIA, "text": "not detected"},
                                                         "reason": "the lab sent the wrong sample's sheet"})
    assert fixed.status_code == 201 and fixed.json()["results"][0]["corrects"] == "LR-1"
    release = {"reason": "retested: not detected"}
    code = story.valley_strawberries
    assert staff_api.post(f"/api/lots/{code}/release", release).json()["code"] == "needs_sign_off"
    assert owner_api.post(f"/api/lots/{code}/sign-off", release).status_code == 200
    assert owner_api.post(f"/api/lots/{code}/release", release).json()["code"] == "same_person"
    assert staff_api.post(f"/api/lots/{code}/release", release).status_code == 200
    shown = staff_api.get(f"/api/quality/{code}").json()
    assert [(r["result"], r["corrected_by"]) for r in shown["results"]] == [("LR-1", "LR-2"), ("LR-2", "")]
    dismissed = staff_api.post("/api/proposals/P-1/dismiss", {"reason": "the lab's mix-up, corrected"})
    assert dismissed.json()["status"] == "dismissed"


def test_a_certificate_is_uploaded_as_a_file_and_must_be_a_pdf(story: JamStory, staff) -> None:
    api = Api(staff)
    data = json.dumps({"lab": "Valley Labs", "lot": story.other_jam, "results": [{"analyte": "pH", "value": 4.1,
                                                                                   "unit": "pH"}]})
    from django.core.files.uploadedfile import SimpleUploadedFile

    refused = api.client.post("/api/results/upload", {"data": data, "coa": SimpleUploadedFile("coa.pdf", b"GIF89a")})
    assert (refused.status_code, refused.json()["code"], refused.json()["field"]) == (400, "not_a_pdf", "coa")
    done = api.client.post("/api/results/upload", {"data": data, "coa": SimpleUploadedFile("VL 17.pdf", PDF)})
    assert done.status_code == 201, done.content
    assert done.json()["results"][0]["coa_name"] == "VL 17.pdf" and done.json()["results"][0]["in_spec"] is None
