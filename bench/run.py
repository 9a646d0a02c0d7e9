"""The benchmark of issue 3: exact traces, how fast, on SQLite and PostgreSQL, against the floor.

    .venv/bin/python -m bench                       # the 100k tier (make bench)
    .venv/bin/python -m bench --tiers 1k,100k,1m    # every tier (make bench-full)

For each tier: the dataset (generated once, cached), the two references (in-memory floor, bare
SQL), then Lotline on each database. Every answer of every engine is checked against the ground
truth: any wrong answer, or a step that fails, makes the run exit 1 (its figures then go to
bench/.cache/failed-runs/, not to bench/results/ or the docs). A step past its time limit is
reported as such (the run then says INCOMPLETE) rather than waited on.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shlex
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from . import baresql, figures, floor, lotline_run, postgres, report
from .datasets import CACHE, ROOT, TIERS, data_rows, ensure
from .queries import latency_summary

# Generous limits: the figures are what they are, the limits only stop a run that would never end.
IMPORT_TIMEOUT_S = {"1k": 120, "100k": 900, "1m": 3600}
QUERY_TIMEOUT_S = {"1k": 120, "100k": 600, "1m": 1800}


def _args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    ap.add_argument("--tiers", default="100k", help=f"comma-separated, of {', '.join(TIERS)} (default 100k)")
    ap.add_argument("--databases", default="sqlite,postgres", help="comma-separated: sqlite, postgres")
    ap.add_argument("--repeat", type=int, default=5, help="warm timed runs per query, after the checked one")
    ap.add_argument("--cache", type=Path, default=CACHE, help="where datasets and scratch databases go")
    ap.add_argument("--results", type=Path, default=report.RESULTS, help="where the run's JSON file goes")
    ap.add_argument("--no-docs", action="store_true", help="do not regenerate docs/benchmarks.md and its plot")
    ap.add_argument("--import-timeout", type=float, help="seconds, for every tier (default: by tier)")
    ap.add_argument("--query-timeout", type=float, help="seconds, for every tier (default: by tier)")
    ap.add_argument("--command", help="the command to show in the report (make bench passes its own)")
    args = ap.parse_args(argv)
    args.tiers = [t.strip().lower() for t in args.tiers.split(",") if t.strip()]
    args.databases = [d.strip() for d in args.databases.split(",") if d.strip()]
    if unknown := [t for t in args.tiers if t not in TIERS] + [d for d in args.databases if
                                                                 d not in ("sqlite", "postgres")]:
        ap.error(f"unknown tier or database: {', '.join(unknown)}")
    return args


def _git() -> dict[str, Any]:
    def git(*cmd: str) -> str:
        return subprocess.run(["git", *cmd], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()

    try:
        return {"sha": git("rev-parse", "--short", "HEAD"), "dirty": bool(git("status", "--porcelain", "-uno"))}
    except (OSError, subprocess.CalledProcessError):
        return {"sha": "unknown", "dirty": False}


def _machine(pg_version: str) -> dict[str, Any]:
    info = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    cpu = next((line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("model name")), "?")
    mem = Path("/proc/meminfo").read_text().split()[1] if Path("/proc/meminfo").exists() else "0"
    return {"cores": os.cpu_count(), "memory": f"{int(mem) / 1024 / 1024:.1f} GiB", "cpu": cpu,
            "python": platform.python_version(), "sqlite": sqlite3.sqlite_version, "postgresql": pg_version,
            "os": platform.platform()}


def _reference(fn: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
    result = fn(*args, **kwargs)
    result["latency"] = latency_summary(result["queries"])
    return result


def _tier(name: str, args: argparse.Namespace, server: postgres.Server | None, skipped: dict[str, str]) -> dict:
    started = time.perf_counter()
    dataset, generated = ensure(name, args.cache)
    tier: dict[str, Any] = {"batches": TIERS[name], "rows": data_rows(dataset), "generated": generated,
                            "generate_s": round(time.perf_counter() - started, 1) if generated else 0}
    work = args.cache / "work"
    print(f"[{name}] {tier['rows']:,} rows", flush=True)
    tier["floor"] = _reference(floor.run, dataset, repeat=args.repeat)
    _say(name, "floor", tier["floor"])
    work.mkdir(parents=True, exist_ok=True)
    tier["baresql"] = _reference(baresql.run, dataset, work / f"baresql-{name}.sqlite3", repeat=args.repeat)
    _say(name, "bare SQL", tier["baresql"])
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work / f'baresql-{name}.sqlite3'}{suffix}").unlink(missing_ok=True)
    tier["lotline"] = {}
    for db in args.databases:
        if db in skipped:
            tier["lotline"][db] = {"database": db, "errors": [f"not measured: {skipped[db]}"], "skipped": True}
            continue
        tier["lotline"][db] = lotline_run.run(
            dataset, work / f"lotline-{name}-{db}", database=db, server=server if db == "postgres" else None,
            repeat=args.repeat, import_timeout=args.import_timeout or IMPORT_TIMEOUT_S[name],
            query_timeout=args.query_timeout or QUERY_TIMEOUT_S[name])
        _say(name, f"Lotline {db}", tier["lotline"][db])
    tier["ratios"] = figures.ratios(tier)
    return tier


def _failures(run: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(wrong answers and failed steps, steps that ran out of time)."""
    failed, late = [], []
    for name, tier in run["tiers"].items():
        for engine, result in [("floor", tier["floor"]), ("bare SQL", tier["baresql"]),
                               *((f"Lotline {db}", r) for db, r in tier["lotline"].items())]:
            failed += [f"{name} {engine}: {m}" for m in result.get("mismatches", [])]
            for error in result.get("errors", []):
                if result.get("skipped"):
                    continue
                (late if "time limit" in error else failed).append(f"{name} {engine}: {error}")
    return failed, late


def _say(tier: str, engine: str, r: dict[str, Any]) -> None:
    """One line per engine as it finishes: load speed, answers right, latencies."""
    lat = r.get("latency", {})
    load = r.get("import", {}).get("rows_per_s") or r.get("load_rows_per_s") or 0
    cells = "  ".join(f"{k} {v['median_ms']:.3f}/{v['p95_ms']:.3f}/{v['max_ms']:.1f}" for k, v in lat.items())
    right = f"{r['correct']}/{r['total']}" if "total" in r else "-"
    print(f"{tier:>5} {engine:17} load {load:>9,} rows/s  correct {right:>6}  ms med/p95/max: {cells}", flush=True)
    for error in r.get("errors", []):
        print(f"{tier:>5} {engine:17} {error}", flush=True)


def main(argv: list[str] | None = None) -> None:
    args = _args(argv)
    started, clock = dt.datetime.now(dt.UTC), time.perf_counter()
    skipped = {"postgres": why} if "postgres" in args.databases and (why := postgres.problem()) else {}
    with contextlib.ExitStack() as stack:
        server = None
        if "postgres" in args.databases and not skipped:
            server = stack.enter_context(postgres.throwaway_server())
        run: dict[str, Any] = {
            "schema": 1, "started_at": started.isoformat(timespec="seconds"),
            "command": args.command or shlex.join(["python", "-m", "bench", *(argv or sys.argv[1:])]),
            "git": _git(), "machine": _machine(server.version if server else "not measured"),
            "settings": {"tiers": args.tiers, "databases": args.databases, "repeat": args.repeat},
            "tiers": {name: _tier(name, args, server, skipped) for name in args.tiers},
        }
    run["wall_s"] = round(time.perf_counter() - clock, 1)
    if (end := _git()) != run["git"]:  # someone committed or edited while it ran: say so
        run["git"]["at_end"] = end
    run["targets"] = figures.targets(run["tiers"])
    failed, late = _failures(run)
    # A run with a wrong answer or a failed step is kept out of bench/results and the docs: they
    # hold figures of runs that worked (a step out of time is a figure: it stays, marked as such).
    folder = args.cache / "failed-runs" if failed else args.results
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"{started:%Y-%m-%d}-{'+'.join(args.tiers)}-{run['git']['sha']}.json"
    out.write_text(json.dumps(run, indent=1) + "\n", encoding="utf-8")
    print(f"figures: {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out} ({run['wall_s']:,.0f} s)")
    if not args.no_docs and not failed:
        report.write(args.results)
        print("docs/benchmarks.md and docs/benchmarks-latency.png regenerated")
    if late:
        print("INCOMPLETE: " + "; ".join(late), file=sys.stderr)
    if failed:
        print("\n".join(["BENCHMARK FAILED (docs/benchmarks.md left as it was):", *failed]), file=sys.stderr)
        raise SystemExit(1)
