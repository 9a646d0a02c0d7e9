"""The quality pages: results entered with a certificate (out of spec: the lot page shows the hold,
the struck-through correction, the download), specs edited by the owner, the two-person release."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lotline.lots.models import Lot
from lotline.quality.models import Spec
from lotline.testing import JamStory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.mark.sqlite_only
def test_results_entered_on_the_page_hold_the_lot_and_show_on_its_page(story: JamStory, owner_client,
                                                                        staff_client) -> None:
    specs = {"analyte_1": "pH", "rule_1": "at_most", "number_1": "4.6", "unit_1": "pH"}
    assert staff_client.post("/quality/specs/SJ", specs).status_code == 403
    assert owner_client.post("/quality/specs/SJ", specs).status_code == 302
    assert str(Spec.objects.get().number.normalize()) == "4.6"
    wrong = owner_client.post("/quality/results/new", {"lot": story.other_jam, "lab": "Valley Labs",
                                                        "analyte_1": "pH", "result_1": "4.1", "unit_1": "g"})
    assert wrong.status_code == 400 and b"its spec in" in wrong.content
    done = owner_client.post("/quality/results/new", {
        "lot": story.other_jam, "lab": "Valley Labs", "analyte_1": "pH", "result_1": "4,9", "unit_1": "pH",
        "coa": SimpleUploadedFile("VL-17.pdf", PDF, content_type="application/pdf")})
    assert done.status_code == 302 and done["Location"].endswith("#quality")
    assert Lot.objects.get(code=story.other_jam).status == "on_hold"
    page = owner_client.get(f"/lots/{story.other_jam}/").content.decode()
    assert "out of spec" in page and "VL-17.pdf" in page and "Sign off the release" in page
    assert owner_client.post("/quality/results/LR-1/correct", {"result": "4.8", "unit": "pH",
                                                                "reason": "decimal typed wrong"}).status_code == 302
    page = owner_client.get(f"/lots/{story.other_jam}/").content.decode()
    assert "<s>4.9 pH</s>" in page and "corrects LR-1" in page
    coa = owner_client.get(page.split('href="/quality/coa/')[1].split('"')[0].join(["/quality/coa/", ""]))
    assert coa.status_code == 200 and coa.content == PDF
    owner_client.post(f"/lots/{story.other_jam}/sign-off/", {"reason": "retest clean"})
    same = owner_client.post(f"/lots/{story.other_jam}/release/", {"reason": "retest clean"})
    assert same.status_code == 409 and b"second person" in same.content
    assert staff_client.post(f"/lots/{story.other_jam}/release/", {"reason": "retest clean"}).status_code == 302
    page = owner_client.get(f"/lots/{story.other_jam}/").content.decode()
    assert "signed off by <strong>olivia</strong>" in page and "released by <strong>sam</strong>" in page
    assert owner_client.get("/quality/").status_code == 200 and owner_client.get("/cases/").status_code == 200


@pytest.mark.sqlite_only  # no SQL of its own
def test_the_quality_page_leads_to_the_comparison_the_sites_and_the_labs_which_leave_the_menu(auditor_client):
    page = auditor_client.get(reverse("quality")).content.decode()
    nav, body = page.split('<nav class="menu">', 1)[1].split("</nav>", 1)
    for name in ("compare", "sites", "labs"):
        assert f'href="{reverse(name)}"' in body and f'href="{reverse(name)}"' not in nav
    assert f'href="{reverse("quality")}"' in nav
