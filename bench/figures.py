"""Figures derived from a run's raw measurements: ratios to the references, output-sensitivity,
and the targets of issue 3 with met or missed. Used for the run's JSON and for docs/benchmarks.md.
"""

from __future__ import annotations

import statistics
from typing import Any

from .queries import KINDS

TARGET_TIER = "1m"
TARGET_DB = "sqlite"
MEMORY_CEILING_MIB = 400  # "no more than a few hundred MB at 1M batches": the line we hold it to
TIER_ORDER = ("1k", "100k", "1m")


def ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a is not None and b else None


def ratios(tier: dict[str, Any]) -> dict[str, Any]:
    """Lotline (each database) over the bare-SQL reference and over the floor, per query kind at the
    median and p95; and the reference's import speed over Lotline's."""
    out: dict[str, Any] = {}
    refs = {"baresql": tier.get("baresql", {}), "floor": tier.get("floor", {})}
    for db, lot in tier.get("lotline", {}).items():
        lat = lot.get("latency", {})
        per: dict[str, Any] = {}
        for ref_name, ref in refs.items():
            ref_lat = _summary(ref)
            per[ref_name] = {kind: {stat: ratio(lat.get(kind, {}).get(stat), ref_lat.get(kind, {}).get(stat))
                                    for stat in ("median_ms", "p95_ms")} for kind in KINDS}
            per[ref_name]["import_rows_per_s"] = ratio(ref.get("load_rows_per_s"),
                                                       lot.get("import", {}).get("rows_per_s"))
        out[db] = per
    return out


def _summary(ref: dict[str, Any]) -> dict[str, Any]:
    from .queries import latency_summary

    return ref.get("latency") or latency_summary(ref.get("queries", []))


def bucket(size: int) -> str:
    """Answer sizes in powers of two: 0, 1, 2-3, 4-7, 8-15, ..."""
    if size < 2:
        return str(size)
    low = 1 << (size.bit_length() - 1)
    return f"{low}-{2 * low - 1}"


def _bucket_key(name: str) -> int:
    return int(name.split("-")[0])


def sensitivity(tiers: dict[str, dict[str, Any]], db: str, small: str = "1k", large: str = "1m") -> list[dict]:
    """Per query kind and answer-size bucket: the median latency (of each query's median) at each
    tier, and large over small where both tiers have queries of that size."""
    rows = []
    per_tier = {t: tiers[t]["lotline"][db].get("queries", []) for t in tiers if db in tiers[t].get("lotline", {})}
    for kind in KINDS:
        cells: dict[str, dict[str, list[float]]] = {}
        for tier, queries in per_tier.items():
            for q in queries:
                if q["kind"] == kind and q["ms"]:
                    cells.setdefault(bucket(q["answer"]), {}).setdefault(tier, []).append(statistics.median(q["ms"]))
        for name in sorted(cells, key=_bucket_key):
            medians = {t: round(statistics.median(v), 3) for t, v in cells[name].items()}
            rows.append({"kind": kind, "answer": name, "median_ms": medians,
                         "queries": {t: len(v) for t, v in cells[name].items()},
                         "ratio": ratio(medians.get(large), medians.get(small))})
    return rows


def targets(tiers: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Issue 3's targets, each with the measured figure and met (True/False) or None when not measured."""
    tier_name = TARGET_TIER if TARGET_TIER in tiers else max(tiers, key=TIER_ORDER.index)
    tier = tiers[tier_name]
    lot = tier.get("lotline", {}).get(TARGET_DB, {})
    lat = lot.get("latency", {})
    out = [_correct(tiers)]

    def add(what: str, value: float | None, limit: float, unit: str, at_least: bool = False,
            tier: str = tier_name) -> None:
        met = None if value is None else (value >= limit if at_least else value <= limit)
        out.append({"target": what, "measured": None if value is None else _show(value, unit),
                    "met": met, "tier": tier})

    def stat(kind: str, name: str) -> float | None:
        return lat.get(kind, {}).get(name)

    add("backward p50 <= 1 ms", stat("backward", "median_ms"), 1, "ms")
    add("forward p95 <= 5 ms", stat("forward", "p95_ms"), 5, "ms")
    add("recall p95 <= 20 ms", stat("recall", "p95_ms"), 20, "ms")
    add("no query over 100 ms", max((stat(k, "max_ms") or 0 for k in KINDS), default=None) if lat else None, 100, "ms")
    bare = ratios(tier).get(TARGET_DB, {}).get("baresql", {})
    for kind in KINDS:
        for name, label in (("median_ms", "median"), ("p95_ms", "p95")):
            add(f"{kind} {label} within 2x of bare SQL", (bare.get(kind) or {}).get(name), 2, "x")
    add(*_sensitivity_target(tiers), tier="1k, 1m")
    add("import >= 50,000 rows/s", lot.get("import", {}).get("rows_per_s"), 50_000, "rows/s", at_least=True)
    add(f"import peak memory <= {MEMORY_CEILING_MIB} MiB", lot.get("import", {}).get("peak_rss_mib"),
        MEMORY_CEILING_MIB, "MiB")
    return out


def _show(value: float, unit: str) -> str:
    if unit == "ms":
        return f"{value:.3f} ms" if value < 1 else f"{value:.3g} ms"
    if unit == "x":
        return f"{value:.2f}x"
    return f"{value:,.0f} {unit}"


def _sensitivity_target(tiers: dict[str, dict[str, Any]]) -> tuple[str, float | None, float, str]:
    what = "1M within 2x of 1k for equal answer sizes (worst bucket)"
    if not {"1k", "1m"} <= set(tiers):
        return what, None, 2, "x"
    found = [r["ratio"] for r in sensitivity(tiers, TARGET_DB) if r["ratio"] is not None]
    return what, (max(found) if found else None), 2, "x"


def _correct(tiers: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """100% of queries right, at every tier measured, on every database and in both references."""
    right = total = 0
    missing = []
    for name, tier in tiers.items():
        engines = {"floor": tier.get("floor", {}), "bare SQL": tier.get("baresql", {}),
                   **{f"Lotline {db}": v for db, v in tier.get("lotline", {}).items()}}
        for engine, result in engines.items():
            if "total" in result:
                right += result["correct"]
                total += result["total"]
            else:
                missing.append(f"{engine} {name}")
    met = (right == total) if not missing else (False if right < total else None)
    note = f"{right}/{total} answers" + (f"; not measured: {', '.join(missing)}" if missing else "")
    return {"target": "correct: 100% of queries at every tier, on both databases", "measured": note, "met": met,
            "tier": "all"}
