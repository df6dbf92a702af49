"""Issue 8's slow paths, before and after: seconds at 1k, 10k and 100k units.

Each case is a command a user ran into, timed as a whole process (median of ``--repeat``
runs), on this checkout's indoru and, with ``--baseline DIR``, on another checkout's (an
older commit with its own ``.venv``), in the same run so that the machine's load is the
same for both. A run that takes longer than ``--timeout`` seconds is stopped and shown as
``> T``.

    python benchmarks/slow_paths.py --baseline ../old --sizes 1000 10000 100000

Cases (the unit is what N counts):
* dots: ``A.`` N times on one line (a run of dots without spaces), `sentences`
* wrapped: one paragraph hard-wrapped into N lines of 8 words, `sentences`
* words: N distinct sentences, `summarize --words 40`
* ratio: N distinct sentences, `summarize --ratio 100%`
* glossary: a plain user glossary of N rows, all with the same English, `glossary X -g`
* table: one line of N×10 characters, `sentences --format table`
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from _common import ROOT, WORK, markdown_table, median, seed_vocabulary


def _words(rng: random.Random, count: int) -> str:
    vocabulary, weights = seed_vocabulary()
    return " ".join(rng.choices(vocabulary, weights, k=count))


def _dots(path: Path, n: int) -> list[str]:
    path.write_text("A." * n + "\n", encoding="utf-8")
    return ["sentences", str(path)]


def _wrapped(path: Path, n: int) -> list[str]:
    rng = random.Random(1)
    path.write_text("\n".join(_words(rng, 8) for _ in range(n)) + "।\n", encoding="utf-8")
    return ["sentences", str(path)]


def _sentences(path: Path, n: int) -> None:
    rng = random.Random(2)
    lines = (f"{_words(rng, 12)} {number}।" for number in range(n))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _words_budget(path: Path, n: int) -> list[str]:
    _sentences(path, n)
    return ["summarize", str(path), "--words", "40", "-f", "jsonl"]


def _ratio(path: Path, n: int) -> list[str]:
    _sentences(path, n)
    return ["summarize", str(path), "--ratio", "100%", "-f", "jsonl"]


def _glossary(path: Path, n: int) -> list[str]:
    mine = path.with_suffix(".tsv")
    mine.write_text("".join(f"शब्द{i}\tsame term\n" for i in range(n)), encoding="utf-8")
    return ["glossary", "शब्द1", "-g", str(mine), "-f", "jsonl"]


def _table(path: Path, n: int) -> list[str]:
    rng = random.Random(3)
    text = _words(rng, n * 2)[: n * 10]
    path.write_text(text.replace("।", " ") + "\n", encoding="utf-8")
    return ["sentences", str(path), "--format", "table"]


CASES: dict[str, Callable[[Path, int], list[str]]] = {
    "dots": _dots,
    "wrapped": _wrapped,
    "words": _words_budget,
    "ratio": _ratio,
    "glossary": _glossary,
    "table": _table,
}


def run_once(python: str, args: list[str], timeout: float, cache: Path) -> float | None:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "COLUMNS": "100"}
    command = [python, "-m", "indoru", *args]
    start = time.perf_counter()
    try:
        subprocess.run(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout, env=env
        )
    except subprocess.TimeoutExpired:
        return None
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--cases", nargs="+", default=list(CASES))
    parser.add_argument("--baseline", type=Path, help="another checkout with a .venv")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    builds = [("now", sys.executable)]
    if args.baseline:
        builds.insert(0, ("before", str(args.baseline.resolve() / ".venv" / "bin" / "python")))
    rows = []
    for case in args.cases:
        for size in args.sizes:
            path = WORK / f"slow-{case}-{size}.txt"
            command = CASES[case](path, size)
            cells: list[object] = [case, f"{size:,}"]
            for name, python in builds:
                cache = WORK / f"cache-{name}"
                run_once(python, ["glossary", "S-400"], args.timeout, cache)  # warm the cache
                times = []
                for _ in range(args.repeat):
                    seconds = run_once(python, command, args.timeout, cache)
                    if seconds is None:
                        times = []
                        break
                    times.append(seconds)
                cells.append(f"{median(times):.2f}" if times else f"> {args.timeout:.0f}")
            rows.append(cells)
            print(markdown_table(["case", "N", *(n for n, _ in builds)], [cells]).splitlines()[-1])
            sys.stdout.flush()
    print()
    print(markdown_table(["case", "N", *(f"{n} (s)" for n, _ in builds)], rows))
    print(f"\n(checkout {ROOT.name}; repeat {args.repeat}; timeout {args.timeout:.0f} s)")


if __name__ == "__main__":
    main()
