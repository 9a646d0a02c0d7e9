"""Traces agree with a plain in-memory walk on random multi-level graphs, rework included."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from lotline.catalog import services as catalog
from lotline.ledger.log import writing
from lotline.lots.queries import on_hand
from lotline.lots.stage import Source, Stage, emit_chunked, validate
from lotline.lots.stage.tables import InputRow, LotRow, ShipmentRow
from lotline.trace.queries import recall, trace_back, trace_forward

SUPPLIERS, ITEMS, PRODUCTS, CUSTOMERS = ["S1", "S2", "S3"], ["I1", "I2"], ["P1", "P2", "P3"], ["C1", "C2", "C3"]
DAY0 = dt.date(2026, 1, 1)


@st.composite
def ledgers(draw):
    """Receipts on days 0-9, then batches one a day from day 10, each using receipts and earlier
    batches (rework: an earlier batch of its own product), shipped to some customers."""
    receipts = [(f"R{i}", draw(st.sampled_from(ITEMS)), draw(st.sampled_from(SUPPLIERS)), draw(st.integers(0, 9)))
                for i in range(draw(st.integers(1, 8)))]
    batches: list[tuple[str, str, list[str]]] = []  # (code, product, input codes)
    for b in range(draw(st.integers(1, 12))):
        product = draw(st.sampled_from(PRODUCTS))
        earlier = [c for c, _p, _i in batches]
        pool = [r[0] for r in receipts] + earlier
        inputs = draw(st.lists(st.sampled_from(pool), min_size=0, max_size=4, unique=True))
        same = [c for c, p, _i in batches if p == product]
        if same and draw(st.booleans()):
            inputs = sorted({*inputs, draw(st.sampled_from(same))})
        batches.append((f"B{b}", product, inputs))
    shipments = draw(st.lists(st.tuples(st.sampled_from([c for c, _p, _i in batches]), st.sampled_from(CUSTOMERS)),
                              max_size=10))
    return receipts, batches, shipments


def record(receipts, batches, shipments) -> None:
    """The whole random ledger as one staged write: the same path as an import."""
    with writing():
        stage = Stage()
        src = stage.source(Source("random"))
        stage.add_lots(src, [LotRow(i, code, "received", item, "K", DAY0 + dt.timedelta(day), Decimal("1000.5"),
                                    Decimal(0), "kg", sup) for i, (code, item, sup, day) in enumerate(receipts)])
        stage.add_lots(src, [LotRow(100 + b, code, "batch", product, "K", DAY0 + dt.timedelta(10 + b), Decimal(1000),
                                    Decimal(b % 3), "unit") for b, (code, product, _) in enumerate(batches)])
        stage.add_inputs(src, [InputRow(0, code, used, Decimal("1.25"))
                               for code, _p, inputs in batches for used in inputs])
        stage.add_shipments(src, [ShipmentRow(0, f"SH{n}", code, cust, DAY0 + dt.timedelta(40), Decimal(1))
                                  for n, (code, cust) in enumerate(shipments)])
        findings = validate(stage)
        assert not findings.problems, findings.problems
        emit_chunked(stage, actor="test", chunk=7)


class Reference:
    """The floor: a plain adjacency walk in memory."""

    def __init__(self, receipts, batches, shipments):
        self.receipts = {code: (item, sup, day) for code, item, sup, day in receipts}
        self.up, self.down, self.ships = defaultdict(set), defaultdict(set), defaultdict(set)
        self.product = {code: p for code, p, _ in batches}
        self.day = {code: 10 + b for b, (code, _p, _i) in enumerate(batches)}
        for code, _p, inputs in batches:
            for used in inputs:
                self.up[code].add(used)
                self.down[used].add(code)
        for code, cust in shipments:
            self.ships[code].add(cust)

    def walk(self, starts, links):
        seen, todo = set(starts), list(starts)
        while todo:
            for nxt in links[todo.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    def back(self, code):
        return {c for c in self.walk([code], self.up) if c in self.receipts}

    def forward(self, starts):
        reached = self.walk(starts, self.down) - set(self.receipts)
        return reached, {c for b in reached for c in self.ships[b]}


def codes(rows):
    return {r["code"] for r in rows}


class TraceProperties(TestCase):
    def setUp(self):
        catalog.add_records("site", [{"code": "K", "name": "Kitchen"}], actor="test")
        catalog.add_records("supplier", [{"ref": s, "name": f"Supplier {s}"} for s in SUPPLIERS], actor="test")
        catalog.add_records("customer", [{"ref": c, "name": f"Customer {c}", "kind": "store"} for c in CUSTOMERS],
                            actor="test")
        catalog.add_records("item", [{"code": i, "name": f"Item {i}", "kind": "ingredient", "unit": "kg"}
                                     for i in ITEMS] + [{"code": p, "name": f"Product {p}", "kind": "product",
                                                         "unit": "unit"} for p in PRODUCTS], actor="test")

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(ledgers(), st.data())
    def test_traces_match_an_in_memory_walk(self, ledger, data):
        record(*ledger)
        ref = Reference(*ledger)
        receipts, batches, _ = ledger
        for code, _p, _i in batches:
            back = trace_back(code)
            assert codes(back["lots"]) == ref.back(code)
            assert code in codes(back["batches"])
        for code, *_ in receipts:
            forward = trace_forward(code)
            reached, customers = ref.forward([code])
            assert codes(forward["batches"]) == reached
            assert {c["id"] for c in forward["customers"]} == customers
            every = forward["lots"] + forward["batches"]  # the trace's balances are the ledger's
            assert {lot["code"]: lot["on_hand"] for lot in every} == on_hand([lot["code"] for lot in every])
        supplier = data.draw(st.sampled_from(SUPPLIERS))
        item = data.draw(st.sampled_from([None, *ITEMS]))
        first = data.draw(st.integers(0, 9))
        last = data.draw(st.integers(first, 9))
        matched = [c for c, (i, s, day) in ref.receipts.items()
                   if s == supplier and (item is None or i == item) and first <= day <= last]
        result = recall(supplier=supplier, item=item, first=DAY0 + dt.timedelta(first),
                        last=DAY0 + dt.timedelta(last))
        reached, customers = ref.forward(matched)
        assert codes(result["lots"]) == set(matched)
        assert codes(result["batches"]) == reached
        assert {c["id"] for c in result["customers"]} == customers
        direct = {b for lot in matched for b in ref.down[lot]}  # made with the recalled lots themselves
        products = {ref.product[b] for b in direct}
        until = max([last, *(ref.day[b] for b in direct)]) + 7  # compared with batches made until a week after
        same_products = {b for b, p in ref.product.items() if p in products and ref.day[b] <= until}
        assert codes(result["not_affected"]) == same_products - reached  # one kitchen: every batch is local
        assert result["not_affected_total"] == len(same_products - reached)
