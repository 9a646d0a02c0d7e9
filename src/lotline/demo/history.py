"""Five ordinary months around the story: production on weekdays, a market every Saturday,
deliveries to the shops, online orders, gift hampers before Christmas and Valentine's day.

Each weekday the kitchen makes what is running low; stale tarts and soft strawberries are thrown
out on Sundays. Every step is a domain verb (through Kitchen), in date order.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

from .kitchen import Kitchen
from .story import Story

FIRST_DAY, LAST_DAY = dt.date(2025, 12, 1), dt.date(2026, 4, 30)
STORY_ORDER_DAY = dt.date(2026, 3, 2)  # online order #1847
CLOSED = {dt.date(2025, 12, 25), dt.date(2025, 12, 26), dt.date(2026, 1, 1)}
TARGETS = {"SJ": 45, "RJ": 35, "HS": 30, "GR": 35}  # units the kitchen likes to have on the shelf
HAMPER_SEASONS = [(dt.date(2025, 12, 1), dt.date(2025, 12, 18)), (dt.date(2026, 2, 2), dt.date(2026, 2, 11))]
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
ONLINE_PRODUCTS = ("SJ", "RJ", "HS", "GR")
NAMES = ("alex", "jordan", "casey", "morgan", "riley", "taylor", "jamie", "drew", "robin", "sky")


def days() -> Iterator[dt.date]:
    on = FIRST_DAY
    while on <= LAST_DAY:
        yield on
        on += dt.timedelta(days=1)


def online_orders(seed: int) -> dict[dt.date, list[tuple[int, list[tuple[str, int]]]]]:
    """Order days and contents, numbered so that the story's order on 3/2 is #1847."""
    rnd = random.Random(seed)
    placed = [(on, [(p, rnd.randint(1, 4)) for p in rnd.sample(ONLINE_PRODUCTS, rnd.randint(1, 3))])
              for on in days() if on != STORY_ORDER_DAY and rnd.random() < 0.35]
    number = 1847 - sum(1 for on, _ in placed if on < STORY_ORDER_DAY)
    orders: dict[dt.date, list[tuple[int, list[tuple[str, int]]]]] = {}
    for on, wants in placed:
        number += number == 1847  # the story's order
        orders.setdefault(on, []).append((number, wants))
        number += 1
    return orders


def produce(k: Kitchen, on: dt.date) -> None:
    """A weekday's batches: tarts twice a week, hampers in season, then whatever runs lowest."""
    if on.weekday() in (TUE, FRI) and not Story.blocks("JT", on):
        k.make("JT", on)
    in_season = any(a <= on <= b for a, b in HAMPER_SEASONS)
    if in_season and on.weekday() in (MON, WED) and not Story.blocks("GH", on):
        k.make("GH", on)
    low = [p for p, target in TARGETS.items() if k.free(p) < target and not Story.blocks(p, on)]
    low.sort(key=lambda p: (k.free(p) / TARGETS[p], k.rnd.random()))
    for product in low[: k.rnd.choice((1, 1, 2, 2, 2))]:
        k.make(product, on, rework=k.rnd.random() < 0.05)


def deliver(k: Kitchen, on: dt.date, orders: dict[dt.date, list[tuple[int, list[tuple[str, int]]]]]) -> None:
    """The day's market, shop deliveries, gift-shop hampers and online orders."""
    r = k.rnd.randint
    weekday = on.weekday()
    if weekday == SAT:
        k.order("SATMKT", on, [("SJ", r(15, 30)), ("RJ", r(10, 20)), ("HS", r(8, 16)), ("GR", r(10, 20)),
                               ("JT", r(20, 40))], doc_type="market sales sheet", doc=f"MKT-{on:%Y%m%d}")
    elif weekday == TUE:
        k.order("MAPLEST", on, [("SJ", 12), ("RJ", 12), ("HS", 6), ("GR", 12)], doc_type="invoice",
                doc=k.doc("MS-"))
    elif weekday == WED:
        k.order("RIVERCAFE", on, [("JT", r(24, 36))], doc_type="invoice", doc=k.doc("RC-"))
    elif weekday == FRI:
        k.order("GOODEARTH", on, [("SJ", 12), ("RJ", 6), ("HS", 6), ("GR", 10)], doc_type="order",
                doc=k.doc("PO-", 2000))
    if weekday < SAT and k.free("GH") >= 1:
        k.order("HILLGIFTS", on, [("GH", int(k.free("GH")))], doc_type="invoice", doc=k.doc("HCG-"))
    for number, wants in orders.get(on, []):
        if any(k.free(p) >= 1 for p, _ in wants):
            ref = f"ORDER{number}"
            k.add_customer(ref, f"Online order #{number}", "online",
                           f"{k.rnd.choice(NAMES)}{number % 97}@example.com")
            k.order(ref, on, wants, doc_type="order", doc=f"#{number}")


def tidy(k: Kitchen, on: dt.date) -> None:
    """Sunday: unsold tarts past their sell-by and soft strawberries go out."""
    k.throw_out_old(on, "JT", 5, "unsold tarts past their 5-day sell-by")
    k.throw_out_old(on, "STRAW", 7, "soft, past use")


def run(k: Kitchen, story: Story, *, seed: int) -> None:
    orders = online_orders(seed)
    for on in days():
        story.run(on, "morning")
        if on.weekday() < SAT and on not in CLOSED:
            produce(k, on)
        story.run(on, "afternoon")
        deliver(k, on, orders)
        story.run(on, "evening")
        if on.weekday() == SUN:
            tidy(k, on)

