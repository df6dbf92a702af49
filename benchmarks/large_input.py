"""Throughput and peak memory of `indoru sentences` on large inputs.

Inputs are synthetic Hindi news built from the seeds' own vocabulary (words drawn with
their seed frequencies, 8–25 words a sentence, 3–6 sentences a paragraph, a heading now
and then), so that nearly every sentence is distinct, as in a real corpus, and the
duplicate finder's memory grows as it would. Each size runs once per format:

    python benchmarks/large_input.py --sizes 10 100 1000   # MB

Peak memory is the child's maximum resident set size.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
from pathlib import Path

from _common import WORK, bin_path, markdown_table, seed_vocabulary

PROBE = "import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, \
check=True); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"


def make_corpus(path: Path, megabytes: int, seed: int = 7) -> None:
    vocabulary, weights = seed_vocabulary()
    rng = random.Random(seed)
    target = megabytes << 20
    written = 0
    with open(path, "w", encoding="utf-8") as out:
        while written < target:
            if rng.random() < 0.1:
                line = " ".join(rng.choices(vocabulary, weights, k=rng.randint(3, 8)))
            else:
                sentences = [
                    " ".join(rng.choices(vocabulary, weights, k=rng.randint(8, 25)))
                    + rng.choice("।।।।?.")
                    for _ in range(rng.randint(3, 6))
                ]
                line = " ".join(sentences)
            out.write(line + "\n")
            written += len(line.encode()) + 1


def measure(path: Path, fmt: str) -> tuple[float, int]:
    command = [sys.executable, "-c", PROBE, bin_path("indoru"), "sentences", str(path), "-f", fmt]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return time.perf_counter() - start, int(done.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100])
    parser.add_argument("--formats", nargs="+", default=["text", "jsonl"])
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in args.sizes:
        path = WORK / f"corpus-{size}mib.txt"
        if not path.exists():
            make_corpus(path, size)
        real = path.stat().st_size / (1 << 20)
        for fmt in args.formats:
            seconds, peak_kb = measure(path, fmt)
            rows.append(
                [
                    f"{real:.0f} MB",
                    fmt,
                    f"{seconds:.1f} s",
                    f"{real / seconds:.1f} MB/s",
                    f"{peak_kb / 1024:.0f} MB",
                ]
            )
            print(rows[-1], file=sys.stderr)
    print(markdown_table(["input", "format", "wall time", "throughput", "peak memory"], rows))


if __name__ == "__main__":
    main()
