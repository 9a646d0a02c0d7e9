"""A lot's allergens, derived from the lots it actually used (to any depth), each with its reason.

- A received lot brings its item's allergens and what its supplier declared for that lot, as
  "contains", and its item's and lot's "may contain" as may contain; a batch its own item's too.
- Cross-contact: a batch made on equipment that earlier made a batch containing an allergen, with no
  clean-down of that equipment in between, may contain it (CROSS_CONTACT_RULE says how "earlier").
- `because` is our lot codes on the path from the lot that brought an allergen to the lot asked about,
  that lot first: the shortest path, ties broken by the codes. "Contains" wins over "may contain".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypedDict

from django.db import connection
from django.utils import timezone

from lotline.catalog.allergens import BIG_9
from lotline.catalog.models import Equipment, Site
from lotline.days import FIRST_DAY, today
from lotline.lots.models import Lot, LotKind
from lotline.lots.queries import find_lot

from . import sql
from .declared import named

CROSS_CONTACT_RULE = ("A batch may contain what any batch made before it on the same equipment contained, back to the "
                      "last clean-down of that equipment; batches and clean-downs are put in order by their day, then "
                      "by the time each was recorded.")
RECENT_DAYS = 14  # the home page counts the batches of the last two weeks whose labels would be wrong


class Allergen(TypedDict):
    allergen: str
    because: list[str]  # our lot codes from the lot that brought it to the lot asked about, that lot first
    via: str  # "item": a received lot's item (the catalog says so); "lot": its supplier declared it for that lot;
    # "equipment": cross-contact; "product": a batch's own item in the catalog (said only when no lot brought it)
    equipment: str  # cross-contact: the equipment shared with the earlier batch (because[0])
    reason: str  # the same, in words


class LotAllergens(TypedDict):
    code: str
    kind: str
    item: str
    declared: str  # the item's allergen statement, as its label prints it
    contains: list[Allergen]
    may_contain: list[Allergen]
    undeclared: list[Allergen]  # a batch's allergens its item's statement does not name
    rule: str


@dataclass
class _Lot:
    id: int
    code: str
    kind: str
    item_contains: list[str]
    item_may: list[str]
    lot_contains: list[str]
    lot_may: list[str]
    equipment: str
    site_id: int
    day: dt.date
    seq: int
    item: str
    declared: str


@dataclass
class _Tree:
    lots: dict[int, _Lot] = field(default_factory=dict)
    inputs: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))


def _words(text: str | None) -> list[str]:
    return [a for a in (text or "").split(";") if a]


def _moment(value: Any) -> dt.datetime:
    """A timestamp as the database driver gives it (SQLite: text in UTC), aware."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if timezone.is_aware(value) else value.replace(tzinfo=dt.UTC)


def _tree(ids: Iterable[int] = (), *, code: str | None = None) -> _Tree:
    """The lots the given lots (or the lot of our code, in any case) were made from, to any depth, and
    the links between them: one query."""
    wanted = sorted(set(ids))
    tree = _Tree()
    if not wanted and code is None:
        return tree
    seed = sql.SEED_CODE if code is not None else sql.SEED_IDS.format(marks=", ".join(["%s"] * len(wanted)))
    with connection.cursor() as cur:
        cur.execute(sql.TREE.format(seed=seed), [code] if code is not None else wanted)
        rows = cur.fetchall()
    for r in rows:
        if r[0] == sql.NODE:
            tree.lots[r[1]] = _Lot(r[1], r[3], r[4], _words(r[5]), _words(r[6]), _words(r[7]), _words(r[8]),
                                   r[9] or "", r[10], dt.date.fromisoformat(r[11]), r[12], r[13], r[14] or "")
        else:
            tree.inputs[r[1]].append(r[2])
    return tree


def _paths(tree: _Tree, root: int) -> dict[int, list[str]]:
    """Each lot under `root` -> our lot codes from it up to root: the shortest path, ties by the codes."""
    code = {i: lot.code for i, lot in tree.lots.items()}
    paths = {root: [code[root]]}
    frontier = [root]
    while frontier:
        found: dict[int, list[str]] = {}
        for batch in frontier:
            for lot in tree.inputs.get(batch, ()):
                if lot in paths:
                    continue
                path = [code[lot], *paths[batch]]
                if lot not in found or path < found[lot]:
                    found[lot] = path
        paths |= found
        frontier = sorted(found)
    return paths


def _used(tree: _Tree) -> set[int]:
    return {i for inputs in tree.inputs.values() for i in inputs}


def _brought(lot: _Lot, path: list[str]) -> tuple[list[Allergen], list[Allergen]]:
    """What one lot brings of itself: (contains, may contain), from its item and its own declaration."""
    def one(allergen: str, via: str, what: str) -> Allergen:
        via = "product" if via == "item" and lot.kind == "batch" else via
        source = "its supplier's declaration for the lot" if via == "lot" else f"the catalog's {lot.item}"
        return Allergen(allergen=allergen, because=path, via=via, equipment="",
                        reason=f"{lot.code} {what} {allergen} ({source})")
    contains = [one(a, "item", "contains") for a in lot.item_contains]
    contains += [one(a, "lot", "contains") for a in lot.lot_contains]
    may = [one(a, "item", "may contain") for a in lot.item_may] + [one(a, "lot", "may contain") for a in lot.lot_may]
    return contains, may


class _Equipment:
    """Equipment records, matched to a batch's equipment text by code or name, in any case."""

    def __init__(self) -> None:
        self.by_word: dict[str, list[Equipment]] = defaultdict(list)
        for q in Equipment.objects.all():
            for word in {q.code.lower(), q.name.strip().lower()} - {""}:
                self.by_word[word].append(q)

    def of(self, text: str, site: str) -> list[Equipment]:
        """The equipment a batch's text names ("stockpot 1, jar sterilizer"): of its site or of any site."""
        found: dict[int, Equipment] = {}
        for word in (w.strip().lower() for w in text.split(",")):
            for q in self.by_word.get(word, ()):
                if not q.site or q.site == site:
                    found[q.pk] = q
        return sorted(found.values(), key=lambda q: q.code)


@dataclass
class _Deriver:
    """Derivation with what it has read kept: the equipment, each batch's contains, its cross-contact."""

    known: _Equipment | None = None  # read on first use: a received lot's answer needs none
    contains_of: dict[int, set[str]] = field(default_factory=dict)
    site_code: dict[int, str] = field(default_factory=dict)
    carried: dict[int, list[tuple[str, str, str, str]]] = field(default_factory=dict)

    @property
    def equipment(self) -> _Equipment:
        if self.known is None:
            self.known = _Equipment()
        return self.known

    def contains(self, ids: list[int]) -> None:
        """Fill contains_of for these batches: the Big 9 they contain from what they used (no paths)."""
        ids = [i for i in ids if i not in self.contains_of]
        tree = _tree(ids)
        for root in ids:
            seen, stack, words = {root}, [root], set()
            while stack:
                lot = tree.lots[stack.pop()]
                words |= {*lot.item_contains, *lot.lot_contains}
                for i in tree.inputs.get(lot.id, ()):
                    if i not in seen:
                        seen.add(i)
                        stack.append(i)
            self.contains_of[root] = words

    def site(self, site_id: int) -> str:
        if site_id not in self.site_code:
            self.site_code[site_id] = Site.objects.get(pk=site_id).code
        return self.site_code[site_id]

    def cross_contact(self, batch: _Lot, path: list[str]) -> list[Allergen]:
        """What a batch may contain from the batches made before it on its equipment, since a clean-down."""
        if batch.id not in self.carried:
            found: list[tuple[str, str, str, str]] = []
            with connection.cursor() as cur:
                cur.execute(sql.RECORDED_AT, [batch.seq])
                at = _moment(cur.fetchone()[0])
                for q in self.equipment.of(batch.equipment, self.site(batch.site_id)):
                    found += self._after(cur, batch, at, q)
            self.carried[batch.id] = found
        return [Allergen(allergen=a, because=[code, *path], via="equipment", equipment=q, reason=reason)
                for a, code, q, reason in self.carried[batch.id]]

    def _after(self, cur: Any, batch: _Lot, at: dt.datetime, q: Equipment) -> list[tuple[str, str, str, str]]:
        """(allergen, the latest batch before that contained it, equipment code, reason) of one equipment."""
        cur.execute(sql.CLEANED_BEFORE, [q.pk, batch.day, batch.day, at])
        last = cur.fetchone()
        since = (dt.date.fromisoformat(last[0]), _moment(last[1])) if last else (FIRST_DAY, None)
        words = [w for w in {q.code.lower(), q.name.strip().lower()} if w]
        like = [w.replace("!", "!!").replace("%", "!%").replace("_", "!_") for w in words]
        cur.execute(sql.MADE_ON.format(mentions=" OR ".join([sql.MENTION] * len(like))),
                    [batch.site_id, since[0], batch.day, *(f"%{w}%" for w in like)])
        earlier = []
        for lot_id, code, text, day, seq, recorded in cur.fetchall():
            day, recorded = dt.date.fromisoformat(day), _moment(recorded)
            if lot_id == batch.id or (day, seq, lot_id) >= (batch.day, batch.seq, batch.id):
                continue
            if since[1] is not None and (day, recorded) <= (since[0], since[1]):
                continue  # made before the clean-down
            if q.pk in {e.pk for e in self.equipment.of(text, self.site(batch.site_id))}:
                earlier.append((day, seq, lot_id, code))
        self.contains([e[2] for e in earlier])
        latest: dict[str, str] = {}
        for _day, _seq, lot_id, code in sorted(earlier):  # the latest batch before names the reason
            for allergen in self.contains_of[lot_id]:
                latest[allergen] = code
        cleaned = f"not cleaned since {since[0]}" if last else "no clean-down recorded"
        return [(a, code, q.code, f"{batch.code} was made on {q.name or q.code} ({q.code}) after {code}, which "
                                  f"contains {a}, with {cleaned}") for a, code in sorted(latest.items())]

    def derive(self, root: int, tree: _Tree) -> tuple[list[Allergen], list[Allergen]]:
        paths = _paths(tree, root)
        contains: list[Allergen] = []
        may: list[Allergen] = []
        for lot_id, path in paths.items():
            lot = tree.lots[lot_id]
            c, m = _brought(lot, path)
            contains += c
            may += m
            if lot.kind == "batch" and lot.equipment:
                may += self.cross_contact(lot, path)
        best_contains = _best(contains)
        best_may = {a: x for a, x in _best(may).items() if a not in best_contains}
        return _ordered(best_contains), _ordered(best_may)


def _rank(a: Allergen) -> tuple[bool, int, list[str], str]:
    """The reason a person wants first: a lot that brought it (a product's own catalog entry only when
    none did), then the shortest path, then the first path by its codes."""
    return (a["via"] == "product", len(a["because"]), a["because"], a["via"])


def _best(found: list[Allergen]) -> dict[str, Allergen]:
    """Per allergen, the one reason to give (_rank)."""
    best: dict[str, Allergen] = {}
    for a in found:
        have = best.get(a["allergen"])
        if have is None or _rank(a) < _rank(have):
            best[a["allergen"]] = a
    return best


def _ordered(best: dict[str, Allergen]) -> list[Allergen]:
    return [best[a] for a in BIG_9 if a in best]


def _undeclared(lot: _Lot, contains: list[Allergen], may: list[Allergen]) -> list[Allergen]:
    """A product batch's allergens its item's statement does not name (contains: before any "may contain")."""
    if lot.kind != "batch":
        return []
    says_contains, says_any = named(lot.declared)
    return [a for a in contains if a["allergen"] not in says_contains] + \
        [a for a in may if a["allergen"] not in says_any]


def _of(roots: list[int], tree: _Tree | None = None) -> dict[int, LotAllergens]:
    deriver = _Deriver()
    tree = tree or _tree(roots)
    answer = {}
    for root in roots:
        lot = tree.lots[root]
        contains, may = deriver.derive(root, tree)
        answer[root] = LotAllergens(code=lot.code, kind=lot.kind, item=lot.item, declared=lot.declared,
                                    contains=contains, may_contain=may,
                                    undeclared=_undeclared(lot, contains, may), rule=CROSS_CONTACT_RULE)
    return answer


def lot_allergens(code: str) -> LotAllergens:
    """A lot's allergens, each with its reason (unknown_lot for a code that is none of ours)."""
    tree = _tree(code=code)  # the lot page's one query for a received lot
    [root] = [i for i, lot in tree.lots.items() if lot.id not in _used(tree)] or [find_lot(code).pk]
    return _of([root], tree)[root]


def undeclared(batch_code: str) -> list[Allergen]:
    """The allergens of a product batch that its item's allergen statement does not name: print no
    label for it before the statement is fixed (or the label would be wrong). [] for a received lot."""
    return lot_allergens(batch_code)["undeclared"]


def recent_undeclared(since: dt.date) -> list[str]:
    """The batches made since a day whose labels would not declare all their allergens."""
    ids = list(Lot.objects.filter(kind=LotKind.BATCH, lot_date__gte=since)
               .order_by("lot_date", "id").values_list("id", flat=True))
    return [a["code"] for a in _of(ids).values() if a["undeclared"]]


@lru_cache(maxsize=16)
def _flagged(database: str, head: str, day: dt.date) -> tuple[str, ...]:
    return tuple(recent_undeclared(day - dt.timedelta(days=RECENT_DAYS)))


def undeclared_on_home(head: object) -> tuple[str, ...]:
    """The flagged batches for the home page, once per state of the records (the ledger's head) and day:
    the read tables change only with an event, so the same head on the same day is the same answer."""
    return _flagged(str(connection.settings_dict["NAME"]), str(head), today())
