"""How fast a product's yields are (issue 15): one product with 10,000 batches at three sites, each
using three lots (strawberries in kg, sugar in lb, pectin in g) and most of them shipped, imported
into a fresh database; then, each in a process of its own as a person runs it, `lotline yields SJ`
(every batch and the groupings) and `lotline sites compared`, and in one process the functions the
pages call: `product_yields` (the two statements), `product_plots` (the product page's five plots
with their CSV rows) and `sites_compared`, each the median of 5 runs.

    .venv/bin/python -m bench.yields                  # SQLite
    .venv/bin/python -m bench.yields --postgres       # a throwaway PostgreSQL server
    LOTLINE_DATA_DIR=/tmp/ds100k-db LOTLINE_TODAY=2033-02-20 .venv/bin/python -m bench.yields --existing IC
                                                      # the functions only, on a database already imported

Prints one JSON line per measure and a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from bench import timed

SITES = ("K1", "K2", "K3")
SUPPLIERS = ("VALLEY", "HILL")
START = dt.date(2023, 1, 2)
PER_DAY = 3  # batches a site makes a day


def _write(folder: Path, name: str, header: list[str], rows: list[list[object]]) -> None:
    with (folder / name).open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)


def write_history(folder: Path, batches: int) -> None:
    """The CSV files of the history: a lot of each ingredient per site and week, PER_DAY batches a day
    at each site; one batch in 40 failed; three in four shipped."""
    _write(folder, "sites.csv", ["site_code", "name"], [[s, f"Kitchen {s}"] for s in SITES])
    _write(folder, "suppliers.csv", ["supplier_id", "name"], [[s, s.title()] for s in (*SUPPLIERS, "COSTCO")])
    _write(folder, "customers.csv", ["customer_id", "name", "kind"], [["SHOP", "Corner shop", "store"]])
    _write(folder, "items.csv", ["item_code", "name", "kind", "unit", "pack_size"], [
        ["STRAW", "Strawberries", "ingredient", "kg", ""], ["SUGAR", "Cane sugar", "ingredient", "kg", ""],
        ["PECTN", "Pectin", "ingredient", "g", ""], ["SJ", "Strawberry jam", "product", "unit", "8 oz"]])
    days = -(-batches // (PER_DAY * len(SITES)))
    receipts, made, inputs, shipments = [], [], [], []
    for week in range(days // 7 + 1):
        on = START + dt.timedelta(days=7 * week)
        for s in SITES:
            receipts += [[f"ST-{s}-{week}", "STRAW", SUPPLIERS[week % 2], s, on, 1000, "kg"],
                         [f"SU-{s}-{week}", "SUGAR", "COSTCO", s, on, 1000, "lb"],
                         [f"PE-{s}-{week}", "PECTN", "COSTCO", s, on, 10000, "g"]]
    n = 0
    for day in range(days):
        on, week = START + dt.timedelta(days=day), day // 7
        for s in SITES:
            for k in range(PER_DAY):
                if n == batches:
                    break
                code, n = f"SJ-{s}-{n:05d}", n + 1
                jars = 28 + (n * 7) % 5 - (3 if s == "K3" else 0)
                made.append([code, "SJ", s, on, jars, 1 if n % 3 == 0 else 0, "unit",
                             "failed" if n % 40 == 0 else "active", f"pot {1 + k}, sterilizer"])
                inputs += [[code, f"ST-{s}-{week}", 6, "kg"], [code, f"SU-{s}-{week}", 8, "lb"],
                           [code, f"PE-{s}-{week}", 60, "g"]]
                if n % 4 and n % 40:
                    shipments.append([f"SH{n:07d}", code, "SHOP", on + dt.timedelta(days=1), 20])
    _write(folder, "receipts.csv", ["lot_code", "item_code", "supplier_id", "site_code", "received_on", "quantity",
                                    "unit"], receipts)
    _write(folder, "batches.csv", ["batch_code", "product_code", "site_code", "produced_on", "quantity_produced",
                                   "quantity_discarded", "unit", "status", "equipment"], made)
    _write(folder, "batch_inputs.csv", ["batch_code", "input_lot_code", "quantity", "unit"], inputs)
    _write(folder, "shipments.csv", ["shipment_id", "batch_code", "customer_id", "shipped_on", "quantity"], shipments)


def measure() -> None:
    """In a process set up for the database: the functions the pages call, median of 5 runs."""
    import django

    django.setup()
    from lotline.yields.plots import product_plots
    from lotline.yields.queries import product_yields
    from lotline.yields.sites import sites_compared

    product = os.environ.get("BENCH_PRODUCT", "SJ")
    from lotline.days import today

    last = product_plots(product).last or today()
    calls = {f"product_yields({product!r}) (every batch)": lambda: product_yields(product),
             f"product_plots({product!r}) (the page's last 12 months)": lambda: product_plots(product),
             "sites_compared (12 months)": lambda: sites_compared(last=last),
             "sites_compared (every day)": lambda: sites_compared(first=dt.date(2000, 1, 1), last=last)}
    for label, call in calls.items():
        times = []
        for _ in range(5):
            start = time.perf_counter()
            call()
            times.append(time.perf_counter() - start)
        print(json.dumps({"measure": label, "seconds": round(statistics.median(times), 3)}), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batches", type=int, default=10_000)
    parser.add_argument("--postgres", action="store_true", help="measure on a throwaway PostgreSQL server")
    parser.add_argument("--existing", metavar="PRODUCT", help="measure the functions on the database of the "
                        "environment (LOTLINE_DATA_DIR, DATABASE_URL), for this product; import nothing")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    o = parser.parse_args()
    if o.measure:
        return measure()
    if o.existing:
        os.environ.update({"BENCH_PRODUCT": o.existing, "DJANGO_SETTINGS_MODULE": "lotline.settings"})
        return measure()
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        env = {**os.environ, "LOTLINE_DATA_DIR": str(tmp / "db"), "DJANGO_SETTINGS_MODULE": "lotline.settings"}
        if o.postgres:
            from bench.postgres import throwaway_server

            server = stack.enter_context(throwaway_server())
            server.create("yields")
            env["DATABASE_URL"] = server.url("yields")
        (tmp / "csv").mkdir()
        write_history(tmp / "csv", o.batches)
        lotline = str(timed.LOTLINE)
        subprocess.run([lotline, "migrate", "-v0"], env=env, check=True)
        start = time.perf_counter()
        done = subprocess.run([lotline, "import", str(tmp / "csv"), "--as", "bench"], env=env, capture_output=True,
                              text=True)
        if done.returncode:
            raise SystemExit(f"the import failed: {done.stdout[-2000:]}{done.stderr[-2000:]}")
        print(json.dumps({"import seconds": round(time.perf_counter() - start, 1)}), flush=True)
        results = []
        for run in ("first", "again"):  # again: the database in the page cache (PostgreSQL: planned and analysed)
            answer, seconds, peak = timed.run(["yields", "SJ"], env)
            results.append({"measure": f"lotline yields SJ ({len(answer['batches'])} batches), {run}",
                            "seconds": round(seconds, 2), "peak_mib": round(peak, 1)})
            last = max(b["produced_on"] for b in answer["batches"])
            answer, seconds, peak = timed.run(["sites", "compared", "--to", last], env)
            results.append({"measure": f"lotline sites compared ({len(answer['rows'])} rows), {run}",
                            "seconds": round(seconds, 2), "peak_mib": round(peak, 1)})
        for r in results:
            print(json.dumps(r), flush=True)
        child = subprocess.run([sys.executable, "-m", "bench.yields", "--measure"], env=env,
                               check=True, capture_output=True, text=True)
        results += [json.loads(line) for line in child.stdout.splitlines() if line.startswith("{")]
    database = "PostgreSQL" if o.postgres else "SQLite"
    print(f"\n| {o.batches:,} batches of one product ({database}) | seconds | peak MiB |")
    print("|---|---|---|")
    for r in results:
        print(f"| {r['measure']} | {r['seconds']} | {r.get('peak_mib', '')} |")


if __name__ == "__main__":
    main()
