"""Glossary speed: loading the index, one look-up, and `indoru terms` throughput.

Targets (issues 3 and 7): one look-up at most 1 ms after loading; loading the whole
glossary at most 30 ms; the first run after a data change under 1 s; `glossary check`
under 5 s; `indoru terms` at least 8 MB/s of Hindi after start-up, linear in the size
(on the machine where that was first measured; compare with ``--baseline`` in the same
run, since these machines vary by 2-3x from day to day).

    python benchmarks/glossary.py [--runs 15] [--baseline ../indoru-74e5d33]

Loading is timed in fresh processes (median), from the on-disk cache, after the modules
are imported (imports are start-up, measured by startup.py); "whole" means every table
unpacked and every entry built, where a first look-up needs much less. Look-ups
are timed in-process after loading, per query, over the 79 queries of
tests/test_lookup.py (median and worst per match stage). Throughput runs the command on
the five seeds repeated to 1, 4 and 16 MB, and subtracts the time of the same command on
one seed (start-up and index load); each size is the median of three runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from _common import ROOT, SEEDS, WORK, bin_path, markdown_table, median, wall_time

LOAD_PROBE = """
import time
from indoru.store import load_index
start = time.perf_counter()
index = load_index()
first = time.perf_counter()
index.lookup("S-400")
looked = time.perf_counter()
for name in ("normalised", "inflected", "latin", "skeleton", "partial", "fuzzy_hi", "fuzzy_latin"):
    index.table(name)
index.entries
whole = time.perf_counter()
print(first - start, looked - start, whole - start)
"""


def load_times(runs: int) -> list[list[float]]:
    subprocess.run([sys.executable, "-c", LOAD_PROBE], check=True, capture_output=True)
    samples = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", LOAD_PROBE], check=True, capture_output=True, text=True
        ).stdout
        samples.append([float(x) for x in out.split()])
    return samples


def lookup_times() -> dict[str, list[float]]:
    sys.path.insert(0, str(ROOT / "tests"))
    from indoru.store import load_index

    from test_lookup import TABLE

    index = load_index()
    for query, _, _ in TABLE:  # warm lazy tables and imports
        index.lookup(query)
    by_stage: dict[str, list[float]] = defaultdict(list)
    for query, _, _ in TABLE:
        timings = []
        for _ in range(20):
            start = time.perf_counter()
            matches = index.lookup(query)
            timings.append(time.perf_counter() - start)
        by_stage[matches[0].match if matches else "none"].append(statistics.median(timings))
    return by_stage


def _indoru(baseline: Path | None) -> tuple[list[str], dict[str, str]]:
    """The command and environment of this checkout's indoru, or of a baseline checkout
    (its ``cli/`` on PYTHONPATH, its own cache folder)."""
    if baseline is None:
        return [bin_path("indoru")], dict(os.environ)
    env = {
        **os.environ,
        "PYTHONPATH": str(baseline / "cli"),
        "XDG_CACHE_HOME": str(WORK / "baseline-cache"),
    }
    return [sys.executable, "-m", "indoru"], env


def terms_throughput(baseline: Path | None) -> list[list[str]]:
    """`terms` on 1, 4 and 16 MB, minus start-up; with a baseline, both interleaved."""
    WORK.mkdir(parents=True, exist_ok=True)
    text = "".join(seed.read_text(encoding="utf-8") + "\n" for seed in SEEDS)
    base_file = WORK / "terms-base.txt"
    base_file.write_text(SEEDS[0].read_text(encoding="utf-8"), encoding="utf-8")
    versions = {"this checkout": _indoru(None)}
    if baseline is not None:
        versions["baseline"] = _indoru(baseline)
    sizes = [(megabytes, WORK / f"terms-{megabytes}mb.txt") for megabytes in (1, 4, 16)]
    for megabytes, path in sizes:
        copies = megabytes * (1 << 20) // len(text.encode()) + 1
        path.write_text(text * copies, encoding="utf-8")
    times: dict[tuple[str, str], list[float]] = defaultdict(list)
    for command, env in versions.values():  # warm the caches
        wall_time([*command, "terms", str(base_file), "-f", "jsonl"], env=env)
    for _ in range(3):
        for path in [base_file] + [path for _, path in sizes]:
            for name, (command, env) in versions.items():
                seconds = wall_time([*command, "terms", str(path), "-f", "jsonl"], env=env)
                times[(name, path.name)].append(seconds)
    rows = []
    for name in versions:
        base = median(times[(name, base_file.name)])
        rows.append([name, "start-up (one seed)", f"{base:.3f} s", "", ""])
        for _, path in sizes:
            size = path.stat().st_size / (1 << 20)
            seconds = median(times[(name, path.name)])
            net = seconds - base
            rows.append(
                [
                    name,
                    f"{size:.1f} MB",
                    f"{seconds:.2f} s",
                    f"{net:.2f} s",
                    f"{size / net:.1f} MB/s",
                ]
            )
    return rows


def first_runs(runs: int) -> list[list[str]]:
    """Commands after a data change (an empty cache folder), and `glossary check`."""
    command, env = _indoru(None)
    cases = {
        "`glossary S-400`, first run": ["glossary", "S-400"],
        "`terms SEED`, first run": ["terms", str(SEEDS[0])],
        "`glossary lavrof`, first run (romanised and fuzzy tables)": ["glossary", "lavrof"],
        "`glossary check`": ["glossary", "check"],
    }
    rows = []
    for label, args in cases.items():
        samples = []
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as cache:
                samples.append(wall_time([*command, *args], env={**env, "XDG_CACHE_HOME": cache}))
        rows.append([label, f"{median(samples):.2f} s"])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--baseline",
        type=Path,
        help="a checkout of an earlier indoru (git worktree add DIR 74e5d33) to compare "
        "`terms` throughput with, in the same run",
    )
    arguments = parser.parse_args()
    runs = arguments.runs

    samples = load_times(runs)
    print(f"Loading the glossary from the cache (median of {runs} fresh processes):\n")
    labels = [
        "open the cached index",
        "… and look up S-400 (unpacks one table, builds one entry)",
        "… and unpack every table and build every entry (the whole glossary)",
    ]
    rows = [
        [label, f"{median([s[i] for s in samples]) * 1000:.1f} ms"]
        for i, label in enumerate(labels)
    ]
    print(markdown_table(["step (cumulative, after the imports)", "median"], rows) + "\n")

    by_stage = lookup_times()
    print("One look-up after loading (per query: median of 20; then over the queries):\n")
    rows = [
        [stage, str(len(times)), f"{median(times) * 1000:.3f} ms", f"{max(times) * 1000:.3f} ms"]
        for stage, times in sorted(by_stage.items())
    ]
    print(markdown_table(["first match's stage", "queries", "median", "worst"], rows) + "\n")

    print("After a data change (empty cache folder; median of fresh processes):\n")
    print(markdown_table(["command", "median"], first_runs(max(3, runs // 3))) + "\n")
    print("`indoru terms FILE -f jsonl` on the seeds repeated (median of 3, interleaved):\n")
    header = ["indoru", "input", "wall time", "after start-up", "throughput"]
    print(markdown_table(header, terms_throughput(arguments.baseline)))


if __name__ == "__main__":
    main()
