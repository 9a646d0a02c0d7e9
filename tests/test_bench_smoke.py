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
from bench.datasets import find_generator
from bench.queries import mismatches, sha

from lotline.testing import missing

ROOT = Path(__file__).resolve().parents[1]


def test_the_benchmark_answers_every_query_of_the_1k_tier_exactly(tmp_path: Path, dataset_generator: Path) -> None:
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


def test_the_import_phases_add_up_to_the_import(tmp_path: Path, dataset_generator: Path) -> None:
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


def test_the_generator_is_found_beside_the_checkout(tmp_path: Path) -> None:
    generator = tmp_path / "shared" / "bench" / "gen_dataset.py"
    generator.parent.mkdir(parents=True)
    generator.write_text("VERSION = 1\n")
    (tmp_path / "lotline").mkdir()
    assert find_generator(tmp_path / "lotline") == generator


def test_a_git_worktree_finds_the_generator_beside_its_main_checkout(tmp_path: Path) -> None:
    generator = tmp_path / "shared" / "bench" / "gen_dataset.py"
    generator.parent.mkdir(parents=True)
    generator.write_text("VERSION = 1\n")
    (tmp_path / "main" / ".git" / "worktrees" / "house").mkdir(parents=True)
    worktree = tmp_path / "wt" / "house"
    worktree.mkdir(parents=True)
    (worktree / ".git").write_text(f"gitdir: {tmp_path}/main/.git/worktrees/house\n")
    assert find_generator(worktree) == generator
    assert find_generator(tmp_path / "main") == generator


def test_a_missing_generator_is_named_where_it_was_looked_for(tmp_path: Path) -> None:
    assert find_generator(tmp_path / "lotline") == tmp_path / "shared" / "bench" / "gen_dataset.py"


def test_in_ci_a_missing_tool_fails_the_test_and_elsewhere_skips_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"the dataset generator is missing.*In CI"):
        missing("the dataset generator is missing")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="the dataset generator is missing"):
        missing("the dataset generator is missing")
