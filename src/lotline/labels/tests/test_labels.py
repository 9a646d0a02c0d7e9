"""Labels: every barcode on a rendered page decodes to what was encoded, serials continue across prints,
every scanned form looks up, the Digital Link page, and the ways in."""

from __future__ import annotations

import io
import json
from typing import Any

import pypdfium2  # type: ignore[import-untyped]
import pytest
import zxingcpp
from django.core.management import call_command
from django.test import Client
from pypdf import PdfReader

from lotline.accounts.rights import Forbidden
from lotline.errors import ErrorCode, LotlineError
from lotline.labels.models import LabelPrint
from lotline.labels.queries import cottage_setting
from lotline.labels.services import print_labels, set_label_settings
from lotline.ledger.kinds import EventKind
from lotline.ledger.models import Event
from lotline.lots.queries import lookup
from lotline.recalls.services.opening import open_case
from lotline.testing import ACTOR

JAM = "SJ-20260304-A"
GTIN = "00614141000012"
RESOLVER = "https://labels.example"


@pytest.fixture(autouse=True)
def resolver(settings) -> None:
    settings.LOTLINE_RESOLVER = RESOLVER


def decoded(pdf: bytes, page: int = 0, dpi: int = 400) -> list[zxingcpp.Barcode]:
    """The barcodes a reader finds on a page rendered as a printer would (pdfium, in the wheel)."""
    image = pypdfium2.PdfDocument(pdf)[page].render(scale=dpi / 72).to_pil().convert("L")
    return zxingcpp.read_barcodes(image)


def test_every_barcode_on_a_label_decodes_to_what_was_encoded(demo_db):
    printed = print_labels(JAM, actor=ACTOR, count=1, stock="roll-2x1", symbols="qr,datamatrix,gs1-128")
    found = {b.format: b for b in decoded(printed.pdf)}
    serial = printed.first_serial
    # the jam keeps a year (the demo's shelf life): best-by 2027-03-04, AI 17 and Digital Link's ?17=
    assert found[zxingcpp.BarcodeFormat.QRCode].text == f"{RESOLVER}/01/{GTIN}/10/{JAM}/21/{serial}?17=270304"
    dm, bars = found[zxingcpp.BarcodeFormat.DataMatrix], found[zxingcpp.BarcodeFormat.Code128]
    assert dm.symbology_identifier == "]d2"  # GS1 DataMatrix: FNC1 first
    assert bars.symbology_identifier == "]C1"  # GS1-128
    for code in (dm, bars):
        assert code.content_type == zxingcpp.ContentType.GS1
        assert code.text == f"(01){GTIN}(17)270304(10){JAM}(21){serial}"


def test_a_later_print_of_a_batch_continues_its_serials(demo_db):
    first = print_labels(JAM, actor=ACTOR, count=40)
    later = print_labels(JAM, actor=ACTOR, count=3, stock="avery-l7160")
    assert (first.first_serial, first.last_serial) == ("001", "040")
    assert (later.first_serial, later.last_serial) == ("041", "043")
    assert [(p.first_serial, p.count) for p in LabelPrint.objects.all()] == [(1, 40), (41, 3)]
    event = Event.objects.get(seq=later.event_seq)
    assert event.kind == EventKind.LABELS_PRINTED and json.loads(event.payload)["first_serial"] == 41


def test_the_label_says_what_the_batch_is_and_where_it_came_from(demo_db):
    set_label_settings(actor=ACTOR, cottage_state="CA")
    printed = print_labels(JAM, actor=ACTOR, count=31)
    reader = PdfReader(io.BytesIO(printed.pdf))
    assert len(reader.pages) == 2  # 30 labels on a page of Avery 5160
    text = reader.pages[0].extract_text()
    for said in ("Strawberry jam", JAM, f"Unit {JAM}-001", "Made 2026-03-04", "Net 8 oz",
                 "Ingredients: Strawberries, Cane sugar", "Made in a Home Kitchen"):
        assert said in text
    assert f"Unit {JAM}-031" in reader.pages[1].extract_text()


def test_the_cottage_statement_is_the_states_until_the_owner_writes_their_own(demo_db):
    assert set_label_settings(actor=ACTOR, cottage_state="tx")["statement"].startswith("This food is made in a home")
    own = set_label_settings(actor=ACTOR, cottage_statement="Made at home in Texas; not inspected.")
    assert (own["state"], own["statement"], own["own_words"]) == ("TX", "Made at home in Texas; not inspected.", True)
    assert Event.objects.filter(kind=EventKind.LABELS_SET).count() == 2
    with pytest.raises(LotlineError) as refused:
        set_label_settings(actor=ACTOR, cottage_state="ZZ", cottage_statement="")
    assert refused.value.code == ErrorCode.UNKNOWN_STATE
    assert cottage_setting()["state"] == "TX"


@pytest.mark.parametrize("scanned", [
    f"{RESOLVER}/01/{GTIN}/10/{JAM}/21/017",
    f"(01){GTIN}(10){JAM}(21)017",
    f"01{GTIN}10{JAM}\x1d21017",
    f"]d201{GTIN}10{JAM}\x1d21017",
    f"]C101{GTIN}10{JAM}\x1d21017",
    f"]Q301{GTIN}10{JAM}\x1d21017",
])
def test_every_scanned_form_of_a_unit_looks_up_its_batch_and_serial(demo_db, scanned):
    [match] = lookup(scanned)
    assert (match.code, match.via, match.unit_number) == (JAM, "unit serial", 17)


@pytest.mark.parametrize("scanned", [f"{RESOLVER}/01/{GTIN}/10/{JAM}", f"(01){GTIN}(10){JAM}",
                                     f"]d201{GTIN}10{JAM}", f"http://localhost:8000/lots/{JAM}/"])
def test_a_scanned_code_without_a_serial_looks_up_the_batch(demo_db, scanned):
    assert [(m.code, m.via) for m in lookup(scanned)] == [(JAM, "lot code")]


def test_the_digital_link_opens_the_lot_page_for_a_signed_in_person(demo_db, owner_client):
    answer = owner_client.get(f"/01/{GTIN}/10/{JAM}/21/017")
    assert answer.status_code == 302 and answer["Location"] == f"/lots/{JAM}/"


def test_the_digital_link_shows_anyone_else_the_product_and_any_recall(demo_db):
    page = Client().get(f"/01/{GTIN}/10/{JAM}/21/017").content.decode()
    assert "Strawberry jam" in page and f"{JAM}-017" in page and "No recall covers this batch" in page
    assert "Valley Farm" not in page
    open_case(lots=[JAM], title="Jam recalled for glass", actor=ACTOR)
    page = Client().get(f"/01/{GTIN}/10/{JAM}").content.decode()
    assert "Recalled:" in page and "Jam recalled for glass" in page
    assert Client().get(f"/01/{GTIN}/10/NO-SUCH-LOT").status_code == 404


def test_an_auditor_cannot_print_labels(demo_db, auditor):
    with pytest.raises(Forbidden):
        print_labels(JAM, actor=auditor)
    assert not LabelPrint.objects.exists()


def test_labels_are_refused_for_a_received_lot_an_unknown_stock_and_a_gs1_code_without_a_gtin(demo_db):
    received = lookup("PKT-99281")[0].code
    asked: list[tuple[str, dict[str, Any], ErrorCode]] = [
        (received, {}, ErrorCode.NOT_A_BATCH), (JAM, {"stock": "avery-9999"}, ErrorCode.BAD_CHOICE),
        (JAM, {"symbols": "qr,ean13"}, ErrorCode.BAD_CHOICE), (JAM, {"count": 0}, ErrorCode.NOT_POSITIVE)]
    for batch, kwargs, code in asked:
        with pytest.raises(LotlineError) as refused:
            print_labels(batch, actor=ACTOR, **kwargs)
        assert refused.value.code == code
    assert not LabelPrint.objects.exists()


def test_lotline_labels_writes_the_pdf_and_says_the_serials(demo_db, tmp_path):
    out = io.StringIO()
    call_command("labels", JAM, "--count", "2", "--pdf", str(tmp_path / "jam.pdf"), "--json", "--as", ACTOR,
                 stdout=out)
    said = json.loads(out.getvalue())
    assert (said["first_serial"], said["last_serial"], said["symbols"]) == ("001", "002", ["qr", "datamatrix"])
    assert (tmp_path / "jam.pdf").read_bytes().startswith(b"%PDF")


def test_the_api_and_the_print_form_return_the_pdf(demo_db, owner_client, auditor):
    answer = owner_client.post(f"/api/lots/{JAM}/labels", {"count": 2}, content_type="application/json")
    assert answer["Content-Type"] == "application/pdf" and answer["X-Lotline-Serials"] == "001-002"
    page = owner_client.post(f"/lots/{JAM}/labels/", {"count": 1, "stock": "roll-2x1"})
    assert page["Content-Type"] == "application/pdf"
    assert "Print labels" in owner_client.get(f"/lots/{JAM}/").content.decode()
    watcher = Client()
    watcher.force_login(auditor)
    assert watcher.post(f"/api/lots/{JAM}/labels", {}, content_type="application/json").status_code == 403


def test_labels_of_a_batch_whose_statement_misses_an_allergen_print_only_once_confirmed(demo_db):
    from lotline.catalog.services import update_record
    from lotline.errors import NeedsConfirmation

    tarts = "JT-20260306-A"
    update_record("item", "JT", {"declared": "Contains: wheat, egg."}, actor=ACTOR)  # butter's milk left out
    before = Event.objects.count()
    with pytest.raises(NeedsConfirmation) as asked:
        print_labels(tarts, actor=ACTOR, count=1)
    assert [p.code for p in asked.value.problems] == [ErrorCode.UNDECLARED_ALLERGEN]
    assert "milk" in asked.value.problems[0].message and Event.objects.count() == before
    printed = print_labels(tarts, actor=ACTOR, count=1, confirmed={"undeclared_allergen"})
    kept = json.loads(Event.objects.get(seq=printed.event_seq).payload)["confirmed"]
    assert [c["code"] for c in kept] == ["undeclared_allergen"]


def test_the_print_form_asks_before_printing_a_statement_that_misses_an_allergen(demo_db, owner_client):
    from lotline.catalog.services import update_record

    update_record("item", "JT", {"declared": "Contains: wheat, egg."}, actor=ACTOR)
    asked = owner_client.post("/lots/JT-20260306-A/labels/", {"count": 1, "stock": "roll-2x1"})
    assert asked.status_code == 409 and "Print anyway" in asked.content.decode()
    assert "Milk is not named on the label" in asked.content.decode()
    printed = owner_client.post("/lots/JT-20260306-A/labels/", {"count": 1, "stock": "roll-2x1",
                                                                 "confirm": "undeclared_allergen"})
    assert printed["Content-Type"] == "application/pdf"


def test_a_label_s_best_by_is_the_day_made_plus_the_products_shelf_life(demo_db):
    from lotline.catalog.services import update_record

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(print_labels(JAM, actor=ACTOR, count=1).pdf)).pages)
    assert "Best by 2027-03-04" in text  # made 2026-03-04, keeps 365 days
    update_record("item", "SJ", {"shelf_life_days": ""}, actor=ACTOR)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(print_labels(JAM, actor=ACTOR, count=1).pdf)).pages)
    assert "Best by" not in text
    for bad in ("0", "1.5", "a year", "99999"):
        with pytest.raises(LotlineError) as refused:
            update_record("item", "SJ", {"shelf_life_days": bad}, actor=ACTOR)
        assert refused.value.field == "shelf_life_days"


@pytest.mark.parametrize("gtin", ["00614141000029", "00614141000013"])  # another product's; a bad check digit
def test_a_scanned_code_of_another_gtin_is_not_our_lot_of_that_code(demo_db, gtin):
    assert lookup(f"(01){gtin}(10){JAM}(21)002") == []
    assert lookup(f"https://id.gs1.org/01/{gtin}/10/{JAM}") == []
    assert [m.code for m in lookup(f"(01){GTIN}(10){JAM}(21)002")] == [JAM]
