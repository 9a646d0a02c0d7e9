"""Catalog codes follow the code rule (lotline/codes.py) and are the same whatever their case."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from lotline.catalog.models import Supplier
from lotline.catalog.services import add_records, add_supplier
from lotline.errors import LotlineError
from lotline.testing import ACTOR

pytestmark = pytest.mark.django_db


def test_a_supplier_ref_taken_in_another_case_is_refused(jam_catalog: None) -> None:
    with pytest.raises(LotlineError) as refused:
        add_supplier("valley", "Valley Farm, again", actor=ACTOR)
    assert refused.value.code == "duplicate_code"
    assert "already recorded as VALLEY (codes are the same whatever their case)" in str(refused.value)
    assert list(Supplier.objects.filter(name__startswith="Valley").values_list("ref", flat=True)) == ["VALLEY"]


def test_two_rows_whose_codes_differ_only_in_case_are_refused(db: None) -> None:
    with pytest.raises(LotlineError) as refused:
        add_records("site", [{"code": "K1", "name": "Kitchen"}, {"code": "k1", "name": "Other kitchen"}], actor=ACTOR)
    assert [(p.code, p.field, p.where) for p in refused.value.problems] == [("duplicate_code", "code", "row 2")]


@pytest.mark.parametrize("code", ["K/1", "K 1", "K1\u200b", "-K1"])
def test_a_catalog_code_breaking_the_code_rule_is_refused(db: None, code: str) -> None:
    with pytest.raises(LotlineError) as refused:
        add_records("site", [{"code": code, "name": "Kitchen"}], actor=ACTOR)
    assert (refused.value.code, refused.value.problems[0].field) == ("bad_code", "code")


def test_the_database_keeps_catalog_codes_unique_whatever_their_case(jam_catalog: None) -> None:
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE supplier SET ref = 'valley' WHERE ref = 'HILL'")
