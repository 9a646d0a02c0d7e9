"""Cases are in the ledger like everything else: `verify --rebuild` reproduces their tables from the
events, and the tallies name a case whose tables were edited behind the log."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from lotline.ledger.rebuild import rebuild
from lotline.ledger.tallies import check_tallies
from lotline.lots.services import ShipmentLine, ship_units
from lotline.recalls.models import Case, CaseAction, CaseLot
from lotline.recalls.services import (
    add_note,
    add_to_scope,
    close_case,
    confirm_site,
    count_lot,
    hold_case,
    notify_customer,
    open_case,
    release_holds,
    reopen_case,
    units_destroyed,
    units_returned,
)
from lotline.testing import ACTOR

from .cast import open_valley_case

pytestmark = pytest.mark.django_db
RECALL_TABLES = ["recall_case", "recall_case_lot", "recall_case_shipment", "recall_action"]


def run_every_action(story) -> None:
    open_valley_case()
    open_case(lots=[story.jam], kind="drill", actor=ACTOR)
    ship_units([ShipmentLine(story.tarts, "ORDER1847", Decimal(5), dt.date(2026, 3, 9))], actor=ACTOR)
    add_to_scope("R-1", actor=ACTOR)
    hold_case("R-1", actor=ACTOR)
    notify_customer("R-1", customer="SATMKT", how="letter", when=timezone.now(), note="posted", actor=ACTOR)
    units_returned("R-1", lot=story.jam, quantity=Decimal(3), customer="SATMKT", actor=ACTOR)
    units_destroyed("R-1", lot=story.tarts, quantity=Decimal(5), actor=ACTOR)
    count_lot("R-1", lot=story.tarts, quantity=Decimal("19.5"), actor=ACTOR)
    count_lot("D-1", lot=story.tarts, quantity=Decimal(20), actor=ACTOR)
    confirm_site("R-1", site="K1", note="checked", actor=ACTOR)
    add_note("R-1", note="supplier called", actor=ACTOR)
    release_holds("R-1", reason="cleared", actor=ACTOR)
    close_case("R-1", reason="done", actor=ACTOR)
    reopen_case("R-1", reason="again", actor=ACTOR)
    close_case("R-1", reason="done again", actor=ACTOR)


def test_verify_rebuild_reproduces_every_case_table_from_the_events(story):
    run_every_action(story)
    out = io.StringIO()
    call_command("verify", "--rebuild", "--json", stdout=out)
    answer = json.loads(out.getvalue())
    assert answer["ok"] and answer["rebuild"]["differences"] == 0
    tables = answer["rebuild"]["tables"]
    assert [tables[name]["rows_before"] > 0 and tables[name]["rows_before"] == tables[name]["rows_after"]
            for name in RECALL_TABLES] == [True] * 4
    assert all(t["differences"] == 0 for t in answer["tallies"])
    assert Case.objects.get(code="R-1").status == "closed"


def test_the_tallies_name_a_case_whose_scope_or_count_was_edited_behind_the_log(story):
    run_every_action(story)
    assert [t.name for t in check_tallies() if t.differences] == []
    CaseLot.objects.filter(case__code="R-1", lot__code=story.tarts).delete()
    CaseAction.objects.filter(action="counted", case__code="D-1").update(quantity=Decimal(2))
    found = {t.name: t.examples for t in check_tallies() if t.differences}
    assert set(found) == {"per case", "per case lot"}
    assert any("case_code R-1" in line and "lots" in line for line in found["per case"])
    assert any("case_code D-1" in line and "quantity" in line for line in found["per case"])
    assert any(f"R-1 {story.tarts}" in line for line in found["per case lot"])


def test_a_rebuild_puts_back_a_scope_row_deleted_behind_the_log(story):
    open_valley_case()
    CaseLot.objects.filter(lot__code=story.tarts).delete()
    report = rebuild()
    assert (report.tables["recall_case_lot"].missing, report.tables["recall_case_lot"].extra) == (0, 1)
    assert CaseLot.objects.filter(lot__code=story.tarts, role="affected").exists()
