"""Helpers shared by the benchmark scripts (timing, tables, the seeds)."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
GOLD = ROOT / "tests" / "gold"
WORK = ROOT / "benchmarks" / ".work"


def seed_vocabulary() -> tuple[list[str], list[int]]:
    """The seeds' words with their frequencies, for synthetic Hindi news."""
    words: Counter[str] = Counter()
    for path in SEEDS:
        words.update(w.strip("।.,?!()‘’“”\"'") for w in path.read_text("utf-8").split())
    vocabulary = [w for w in words if w and not w.isdigit()]
    return vocabulary, [words[w] for w in vocabulary]


def bin_path(name: str) -> str:
    """A console script of the running interpreter's environment."""
    return str(Path(sys.executable).with_name(name))


def wall_time(command: Sequence[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env
    )
    return time.perf_counter() - start


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)
