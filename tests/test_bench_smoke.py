"""The benchmark harness (bench/, `make bench`) on the 1k tier: every engine answers every query right.

Correctness only: timings on a shared machine say nothing a test should assert. The harness runs
Lotline in processes of their own on a SQLite file of their own, so this test never touches the
suite's database and runs in the SQLite pass only.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bench.datasets import GENERATOR
from bench.queries import mismatches, sha

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(not GENERATOR.exists(), reason=f"the dataset generator is missing: {GENERATOR}")


def test_the_benchmark_answers_every_query_of_the_1k_tier_exactly(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--tiers", "1k", "--databases", "sqlite", "--repeat", "0",
         "--cache", str(tmp_path / "cache"), "--results", str(tmp_path / "results"), "--no-docs"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    [result] = (tmp_path / "results").glob("*-1k-*.json")
    tier = json.loads(result.read_text())["tiers"]["1k"]
    engines = {"floor": tier["floor"], "bare SQL": tier["baresql"], "Lotline": tier["lotline"]["sqlite"]}
    assert {name: (r["correct"], r["total"], r.get("errors", [])) for name, r in engines.items()} == {
        name: (90, 90, []) for name in engines}
    assert tier["lotline"]["sqlite"]["import"]["added"] == tier["rows"]
    assert sorted(tier["lotline"]["sqlite"]["pages"]) == [
        "backward api", "backward page", "forward api", "forward page", "recall api", "recall page"]


def test_a_wrong_answer_is_named_with_its_query() -> None:
    row = {"query_id": "Q0007", "kind": "forward", "subject": "R00000001", "result_count": "2",
           "result_sha256": sha({"SJ-1", "SJ-2"}), "customer_count": "1", "customer_sha256": sha({"C1"})}
    assert mismatches(row, {"SJ-1", "SJ-2"}, {"C1"}) == []
    assert mismatches(row, {"SJ-1"}, {"C1"}) == ["Q0007 forward R00000001: 1 codes, expected 2 (or other codes)"]
    assert mismatches(row, {"SJ-1", "SJ-2"}, set()) == [
        "Q0007 forward R00000001: 0 customers, expected 1 (or others)"]


def test_the_import_phases_add_up_to_the_import(tmp_path: Path) -> None:
    from bench.datasets import ensure

    dataset, _ = ensure("1k", tmp_path / "cache")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    done = subprocess.run([sys.executable, "-m", "bench.import_phases", str(dataset)], cwd=ROOT,
                          env=env | {"LOTLINE_DATA_DIR": str(tmp_path / "db")}, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    seconds = {line.split()[0]: float(line.split()[1]) for line in done.stdout.splitlines()}
    assert list(seconds) == ["catalog", "staging", "checking", "writing", "indexes", "total"]
    phases = sum(seconds[p] for p in ("catalog", "staging", "checking", "writing"))
    assert 0 < phases <= seconds["total"] + 0.01  # each figure is printed to 0.001 s
