"""Run every row of a dataset's queries.csv through Lotline's own trace functions.

Each answer is checked against the generator's ground truth (count and SHA-256 of the sorted codes,
customers too), then timed warm. The harness (python -m bench) runs this in a process of its own,
with the database chosen by LOTLINE_DATA_DIR or DATABASE_URL; it can also be run by hand:

    LOTLINE_DATA_DIR=/tmp/ds100k-db .venv/bin/python -m bench.trace_queries /tmp/ds/ds100k --repeat 5

It exits non-zero on any wrong answer, after listing them on stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from .queries import Answer, Recall, latency_summary, measure, read_queries


def answer(row: dict[str, str]) -> Answer:
    """Lotline's answer as the ground truth states it: received lots back, batches and customers forward."""
    from lotline.trace.queries import recall, trace_back, trace_forward

    kind, subject = row["kind"], row["subject"]
    if kind == "backward":
        return {lot["code"] for lot in trace_back(subject)["lots"]}, set()
    if kind == "forward":
        result = trace_forward(subject)
    else:
        r = Recall.parse(subject)
        result = recall(supplier=r.supplier, item=r.item, first=r.first, last=r.last)
    return {b["code"] for b in result["batches"]}, {c["id"] for c in result["customers"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dataset", type=Path)
    ap.add_argument("--repeat", type=int, default=5, help="timed runs per query, after the checked one")
    ap.add_argument("--json", action="store_true", help="print every query's timings as JSON")
    args = ap.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotline.settings")
    import django

    django.setup()
    result = measure(answer, read_queries(args.dataset), repeat=args.repeat)
    if args.json:
        print(json.dumps(result))
    else:
        for kind, s in latency_summary(result["queries"]).items():
            print(f"{kind:9} {s['queries']:3} queries  median {s['median_ms']:8.3f} ms  "
                  f"p95 {s['p95_ms']:8.3f} ms  max {s['max_ms']:8.3f} ms")
    if result["mismatches"]:
        print("\n".join(["MISMATCHES:", *result["mismatches"]]), file=sys.stderr)
        raise SystemExit(1)
    print(f"all {result['total']} answers match the ground truth", file=sys.stderr)


if __name__ == "__main__":
    main()
