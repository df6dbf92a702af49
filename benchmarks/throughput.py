"""Issue 10's speed targets, before and after, as whole `indoru` processes.

* long: `indoru summarize FILE` of one article of N distinct sentences (1k, 10k, 50k),
  and the exponent of time against N between the two largest sizes (1.0 is linear);
* sentences: `indoru sentences FILE -f jsonl` on M megabytes of synthetic news, with and
  without `--duplicates`, in MB per second, beside a plain `re` splitter that writes the
  same JSON Lines (the floor of any segmenter in Python).

Each case runs ``--repeat`` times, interleaved between this checkout and, with
``--baseline DIR``, another checkout's ``cli`` folder run with this interpreter, so that
both meet the same load; the figure is the median of the process's CPU time (user +
system, which a loaded machine inflates less than wall time) and, for throughput, the
input's size over the median wall time.

    python benchmarks/throughput.py --baseline /tmp/base --sizes 1000 10000 50000 --megabytes 10 100
"""

from __future__ import annotations

import argparse
import math
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

from _common import ROOT, WORK, markdown_table, median, seed_vocabulary

RE_SPLITTER = r"""
import json, re, sys
stop = re.compile(r"[^।?!.\n]*(?:[।?!.]+|\n|$)")
out = sys.stdout
with open(sys.argv[1], encoding="utf-8") as lines:
    for number, line in enumerate(lines):
        for m in stop.finditer(line):
            text = m.group().strip()
            if text:
                out.write(json.dumps({"line": number, "start": m.start(), "text": text},
                                     ensure_ascii=False) + "\n")
"""


def article(path: Path, sentences: int, seed: int = 11) -> None:
    """N distinct sentences of 8-25 words from the seeds' vocabulary, 3-6 a paragraph."""
    vocabulary, weights = seed_vocabulary()
    rng = random.Random(seed)
    paragraphs, paragraph = [], []
    for _ in range(sentences):
        paragraph.append(" ".join(rng.choices(vocabulary, weights, k=rng.randint(8, 25))) + "।")
        if len(paragraph) >= rng.randint(3, 6):
            paragraphs.append(" ".join(paragraph))
            paragraph = []
    paragraphs.append(" ".join(paragraph))
    path.write_text("\n\n".join(p for p in paragraphs if p) + "\n", encoding="utf-8")


def corpus(path: Path, megabytes: int) -> None:
    from large_input import make_corpus

    make_corpus(path, megabytes)


def run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def _exponent(cpu: dict[int, float], small: int, large: int) -> float:
    return math.log(cpu[large] / cpu[small]) / math.log(large / small)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, help="another checkout (its cli/ folder is used)")
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000, 50000])
    parser.add_argument("--megabytes", type=int, nargs="*", default=[10, 100])
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    trees = {"now": ROOT}
    if arguments.baseline:
        trees = {"before": arguments.baseline.resolve(), **trees}

    def env(tree: Path) -> dict[str, str]:
        return {**os.environ, "PYTHONPATH": str(tree / "cli")}

    def indoru(*args: str) -> list[str]:
        return [sys.executable, "-m", "indoru", *args]

    for tree in trees.values():  # the glossary index cache in place, as users meet it
        run(indoru("summarize", str(ROOT / "seeds" / "putin-delhi-visit-2021.txt")), env(tree))

    rows = []
    cpu_at: dict[str, dict[int, float]] = {name: {} for name in trees}
    for n in arguments.sizes:
        path = WORK / f"article-{n}.txt"
        article(path, n)
        samples: dict[str, list[float]] = {name: [] for name in trees}
        for _ in range(arguments.repeat):
            for name, tree in trees.items():
                samples[name].append(
                    run(indoru("summarize", str(path), "-f", "jsonl"), env(tree))[0]
                )
        for name in trees:
            cpu_at[name][n] = median(samples[name])
        rows.append([f"{n:,} sentences", *(f"{cpu_at[name][n]:.2f} s" for name in trees)])
    if len(arguments.sizes) >= 2:
        small, large = sorted(arguments.sizes)[-2:]
        rows.append(
            [
                f"exponent {small:,} → {large:,}",
                *(f"{_exponent(cpu_at[name], small, large):.2f}" for name in trees),
            ]
        )
    print(
        "`indoru summarize FILE -f jsonl`, CPU seconds of the whole process "
        f"(median of {arguments.repeat}):\n"
    )
    print(markdown_table(["article", *trees], rows) + "\n")

    rows = []
    for megabytes in arguments.megabytes:
        path = WORK / f"corpus-{megabytes}.txt"
        if not path.exists() or path.stat().st_size < megabytes << 20:
            corpus(path, megabytes)
        size = path.stat().st_size / 1e6
        commands: dict[str, tuple[list[str], dict[str, str]]] = {
            "re splitter": ([sys.executable, "-c", RE_SPLITTER, str(path)], dict(os.environ)),
        }
        for name, tree in trees.items():
            commands[f"{name}: sentences"] = (
                indoru("sentences", str(path), "-f", "jsonl"),
                env(tree),
            )
        commands["now: sentences --duplicates"] = (
            indoru("sentences", "--duplicates", str(path), "-f", "jsonl"),
            env(ROOT),
        )
        samples_cw: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(arguments.repeat):
            for name, (command, environment) in commands.items():
                samples_cw[name].append(run(command, environment))
        floor = median([w for _, w in samples_cw["re splitter"]])
        for name, samples_of in samples_cw.items():
            wall = median([w for _, w in samples_of])
            cpu = median([c for c, _ in samples_of])
            rows.append(
                [f"{megabytes} MB", name, f"{size / wall:.1f} MB/s", f"{size / cpu:.1f} MB/s",
                 f"{wall / floor:.2f}x"]
            )  # fmt: skip
    print(
        "`sentences -f jsonl` throughput (input size over the median wall and CPU time; the "
        "last column is the time against the plain re splitter's in the same run):\n"
    )
    print(markdown_table(["input", "command", "wall", "CPU", "vs re"], rows))


if __name__ == "__main__":
    main()
