"""The server time of the trace and recall pages and API calls, on an imported dataset.

Each query of queries.csv is asked as the web app's page (HTML with the lineage picture) and as the
JSON API call, through Django's whole stack in this process (middleware, session, the view, the
template or the JSON encoding; no network): what a request costs the server. A page must answer
200 and name the query's subject. The harness runs it after the trace queries; by hand:

    LOTLINE_DATA_DIR=/tmp/db100k .venv/bin/python -m bench.pages bench/.cache/ds100k --per-kind 10
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from .queries import KINDS, Recall, percentile, read_queries

BENCH_USER = "bench-owner"


def _urls(row: dict[str, str]) -> dict[str, str]:
    """The page and the API call that answer one query."""
    kind, subject = row["kind"], row["subject"]
    if kind == "recall":
        r = Recall.parse(subject)
        query = urlencode({"supplier": r.supplier, "item": r.item, "from": r.first.isoformat(),
                           "to": r.last.isoformat()})
        return {"page": f"/recall/?{query}", "api": f"/api/recall?{query}"}
    direction = "back" if kind == "backward" else "forward"
    code = quote(subject, safe="")
    return {"page": f"/trace/{direction}/{code}/", "api": f"/api/trace/{direction}/{code}"}


def _client() -> Any:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from lotline.accounts.services import add_person

    users = get_user_model()
    user = users.objects.filter(username=BENCH_USER).first()
    if user is None:
        user = users.objects.get(pk=add_person(BENCH_USER, "tart-orchard-ledger-7", role="owner", actor="bench"))
    client = Client()
    client.force_login(user)
    return client


def measure(dataset: Path, *, per_kind: int, repeat: int) -> dict[str, Any]:
    """Per query kind and shape (page, api): median and p95 over the per-query medians, in ms."""
    client = _client()
    rows = [r for kind in KINDS for r in [q for q in read_queries(dataset) if q["kind"] == kind][:per_kind]]
    times: dict[str, list[float]] = {}
    failures = []
    for row in rows:
        for shape, url in _urls(row).items():
            response = client.get(url)  # checked, and warms the caches
            if response.status_code != 200:
                failures.append(f"{row['query_id']} {shape} {url}: HTTP {response.status_code}")
                continue
            runs = []
            for _ in range(repeat):
                start = time.perf_counter()
                client.get(url)
                runs.append((time.perf_counter() - start) * 1000)
            times.setdefault(f"{row['kind']} {shape}", []).append(statistics.median(runs))
    summary = {key: {"requests": len(values), "median_ms": round(statistics.median(values), 3),
                     "p95_ms": round(percentile(values, 0.95), 3)} for key, values in times.items()}
    return {"pages": summary, "failures": failures}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dataset", type=Path)
    ap.add_argument("--per-kind", type=int, default=10, help="queries of each kind asked")
    ap.add_argument("--repeat", type=int, default=5, help="timed requests per query, after the checked one")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotline.settings")
    os.environ.setdefault("LOTLINE_ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    result = measure(args.dataset, per_kind=args.per_kind, repeat=args.repeat)
    if args.json:
        print(json.dumps(result))
    else:
        for key, s in result["pages"].items():
            print(f"{key:18} {s['requests']:3} queries  median {s['median_ms']:8.2f} ms  p95 {s['p95_ms']:8.2f} ms")
    if result["failures"]:
        print("\n".join(["FAILED:", *result["failures"]]), file=sys.stderr)
        raise SystemExit(1)


if __name__ == "__main__":
    main()
