"""Run every row of a generated dataset's queries.csv through Lotline's trace functions.

Checks each answer against the generator's ground truth (count and SHA-256 of the sorted codes,
customers too) and reports latency per query kind. It fails loudly on any mismatch.

    LOTLINE_DATA_DIR=/tmp/ds100k-db .venv/bin/python bench/trace_queries.py /tmp/ds/ds100k --repeat 5
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import os
import statistics
import sys
import time
from pathlib import Path


def sha(codes: set[str]) -> str:
    return hashlib.sha256("\n".join(sorted(codes)).encode()).hexdigest()


def run(row: dict[str, str]) -> tuple[set[str], set[str]]:
    from lotline.trace.queries import recall, trace_back, trace_forward

    kind, subject = row["kind"], row["subject"]
    if kind == "backward":
        return {lot["code"] for lot in trace_back(subject)["lots"]}, set()
    if kind == "forward":
        result = trace_forward(subject)
    else:
        supplier, item, first, last = subject.split("|")
        result = recall(supplier=supplier, item=item, first=dt.date.fromisoformat(first),
                        last=dt.date.fromisoformat(last))
    return {b["code"] for b in result["batches"]}, {c["id"] for c in result["customers"]}


def check(row: dict[str, str], codes: set[str], customers: set[str]) -> list[str]:
    wrong = []
    if len(codes) != int(row["result_count"]) or sha(codes) != row["result_sha256"]:
        wrong.append(f"{row['query_id']} {row['kind']} {row['subject']}: {len(codes)} codes, expected "
                     f"{row['result_count']}")
    if row["customer_sha256"] and sha(customers) != row["customer_sha256"]:
        wrong.append(f"{row['query_id']}: {len(customers)} customers, expected {row['customer_count']}")
    return wrong


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dataset", type=Path)
    ap.add_argument("--repeat", type=int, default=5, help="timed runs per query, after one warm-up")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotline.settings")
    import django

    django.setup()
    rows = list(csv.DictReader((args.dataset / "queries.csv").open()))
    latencies: dict[str, list[float]] = {}
    sizes: dict[str, list[int]] = {}
    wrong: list[str] = []
    for row in rows:
        codes, customers = run(row)  # warm-up, and the answer checked
        wrong += check(row, codes, customers)
        for _ in range(args.repeat):
            start = time.perf_counter()
            run(row)
            latencies.setdefault(row["kind"], []).append((time.perf_counter() - start) * 1000)
        sizes.setdefault(row["kind"], []).append(len(codes))
    report = {kind: {"queries": len(sizes[kind]), "median_ms": round(statistics.median(ms), 3),
                     "p95_ms": round(sorted(ms)[int(0.95 * (len(ms) - 1))], 3), "max_ms": round(max(ms), 3),
                     "median_answer": statistics.median(sizes[kind])}
              for kind, ms in latencies.items()}
    print(json.dumps(report, indent=2) if args.json else "\n".join(
        f"{k:9} {v['queries']:3} queries  median {v['median_ms']:8.3f} ms  p95 {v['p95_ms']:8.3f} ms  "
        f"max {v['max_ms']:8.3f} ms  (median answer {v['median_answer']} codes)" for k, v in report.items()))
    if wrong:
        print("\n".join(["MISMATCHES:", *wrong]), file=sys.stderr)
        raise SystemExit(1)
    print(f"all {len(rows)} answers match the ground truth")


if __name__ == "__main__":
    main()
