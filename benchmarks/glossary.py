"""Glossary speed: loading the index, one look-up, and `indoru terms` throughput.

Targets (issue 3): one look-up at most 1 ms after loading; loading the whole glossary at
most 30 ms; `indoru terms` at least 5 MB/s of Hindi after start-up, linear in the size.

    python benchmarks/glossary.py [--runs 15]

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
import statistics
import subprocess
import sys
import time
from collections import defaultdict

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


def terms_throughput() -> list[list[str]]:
    WORK.mkdir(parents=True, exist_ok=True)
    text = "".join(seed.read_text(encoding="utf-8") + "\n" for seed in SEEDS)
    indoru = bin_path("indoru")
    base_file = WORK / "terms-base.txt"
    base_file.write_text(SEEDS[0].read_text(encoding="utf-8"), encoding="utf-8")
    base = median([wall_time([indoru, "terms", str(base_file), "-f", "jsonl"]) for _ in range(5)])
    rows = []
    for megabytes in (1, 4, 16):
        path = WORK / f"terms-{megabytes}mb.txt"
        copies = megabytes * (1 << 20) // len(text.encode()) + 1
        path.write_text(text * copies, encoding="utf-8")
        size = path.stat().st_size / (1 << 20)
        seconds = median([wall_time([indoru, "terms", str(path), "-f", "jsonl"]) for _ in range(3)])
        net = seconds - base
        rows.append(
            [f"{size:.1f} MB", f"{seconds:.2f} s", f"{net:.2f} s", f"{size / net:.1f} MB/s"]
        )
    return [["start-up (one seed)", f"{base:.3f} s", "", ""], *rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs

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

    print("`indoru terms FILE -f jsonl` on the seeds repeated:\n")
    header = ["input", "wall time", "after start-up", "throughput"]
    print(markdown_table(header, terms_throughput()))


if __name__ == "__main__":
    main()
