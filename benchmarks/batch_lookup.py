"""Batch look-ups (issue 9): N queries on standard input in one process, against one.

Target: 1,000 queries in well under 2 s, linear in the number of queries.

    python benchmarks/batch_lookup.py [--runs 7] [--sizes 100 1000 10000]

The queries are drawn (with a fixed seed) from the glossary's own forms, as a translator's
term list would be: Hindi forms (40%), English forms (30%), romanised Hindi (15%), typos
of forms (10%: one letter dropped or doubled, a vowel sign changed; never the first) and
misses (5%: made-up words, which cost a "did you mean" each). Every command is timed as a
fresh process with the index cache in place (warmed first) and indoru byte-compiled,
output to /dev/null, sizes interleaved, median of the runs; a single look-up
(`indoru glossary S-400`) is timed the same way, and each batch is given as a ratio to
it. ``--instructions`` also counts the instructions of one look-up and of 100 and 1,000
queries under valgrind's callgrind (one run each, a few minutes), which the load of a
shared machine does not change.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import random
import re
import resource
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from _common import WORK, bin_path, markdown_table, median

_VOWEL_SIGNS = "ािीुूेैोौ"


def _typo(form: str, rng: random.Random) -> str:
    """A small slip of the keyboard, never in the first letter."""
    if len(form) < 5:
        return form
    at = rng.randrange(1, len(form) - 1)
    if form[at] in _VOWEL_SIGNS:
        return form[:at] + rng.choice(_VOWEL_SIGNS) + form[at + 1 :]
    if rng.random() < 0.5:
        return form[:at] + form[at + 1 :]  # a letter dropped
    return form[:at] + form[at] + form[at:]  # a letter doubled


def _miss(rng: random.Random) -> str:
    return "".join(rng.choice("bcdfghjklmnpqrstvwxz") + rng.choice("aeiou") for _ in range(4))


def queries(count: int, seed: int = 9) -> list[str]:
    from indoru.matchkeys import romanize
    from indoru.store import load_index

    entries = load_index().entries
    rng = random.Random(seed)
    found = []
    for _ in range(count):
        entry = rng.choice(entries)
        draw = rng.random()
        if draw < 0.40:
            found.append(rng.choice(entry.hi_forms))
        elif draw < 0.70:
            found.append(rng.choice(entry.en_forms))
        elif draw < 0.85:
            found.append(romanize(entry.hi))
        elif draw < 0.95:
            found.append(_typo(rng.choice(entry.forms), rng))
        else:
            found.append(_miss(rng))
    return found


def run_time(command: Sequence[str], stdin: Path | None = None) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one fresh process: the CPU time varies
    less when the machine is shared."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(stdin or "/dev/null", "rb") as source:
        start = time.perf_counter()
        subprocess.run(command, stdin=source, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def instructions(command: Sequence[str], stdin: Path | None = None) -> int:
    """Instructions the command executes, counted by callgrind (one run)."""
    with tempfile.TemporaryDirectory() as folder, open(stdin or "/dev/null", "rb") as source:
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={folder}/out", *command],
            stdin=source,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise RuntimeError(f"callgrind failed on {command}: {done.stderr[-300:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--instructions", action="store_true")
    arguments = parser.parse_args()
    indoru = bin_path("indoru")
    # Byte-compile indoru as pip does for an install (as startup.py does): an editable
    # install leaves that to the first run, which PYTHONDONTWRITEBYTECODE=1 prevents.
    package = importlib.util.find_spec("indoru")
    assert package is not None
    assert package.submodule_search_locations
    for folder in package.submodule_search_locations:
        compileall.compile_dir(folder, quiet=1)
    WORK.mkdir(parents=True, exist_ok=True)
    files = {}
    for size in arguments.sizes:
        path = files[size] = WORK / f"queries-{size}.txt"
        path.write_text("\n".join(queries(size)) + "\n", encoding="utf-8")
    single = [indoru, "glossary", "S-400"]
    batch = [indoru, "glossary", "-f", "jsonl"]
    for path in files.values():  # warm the index cache (every group of tables)
        run_time(batch, path)
    times: dict[object, list[tuple[float, float]]] = {size: [] for size in files}
    times["single"] = []
    for _ in range(arguments.runs):
        times["single"].append(run_time(single))
        for size, path in files.items():
            times[size].append(run_time(batch, path))

    def medians(key: object) -> tuple[float, float]:
        return median([t[0] for t in times[key]]), median([t[1] for t in times[key]])

    one_wall, one_cpu = medians("single")
    rows = [["1 (`indoru glossary S-400`)", f"{one_wall:.2f} s", f"{one_cpu:.2f} s", "1.0x", ""]]
    previous = (1, one_cpu)
    for size in files:
        wall, cpu = medians(size)
        step = (cpu - previous[1]) / (size - previous[0]) * 1000
        rows.append(
            [
                f"{size:,} (stdin)",
                f"{wall:.2f} s",
                f"{cpu:.2f} s",
                f"{wall / one_wall:.1f}x",
                f"{step:.2f} ms",
            ]
        )
        previous = (size, cpu)
    print(f"Batch look-ups, median of {arguments.runs} fresh processes:\n")
    header = ["queries", "wall", "CPU", "wall, ratio to one look-up", "CPU per added query"]
    print(markdown_table(header, rows))
    with open(files[arguments.sizes[0]], "rb") as source:
        answered = subprocess.run(batch, stdin=source, capture_output=True, text=True)
    misses = answered.stderr.count("no glossary entry for") - answered.stderr.count("as a whole")
    print(f"\n{arguments.sizes[0]} queries: {misses} without an entry")
    if arguments.instructions:
        one = instructions(single)
        rows = [["1 (`indoru glossary S-400`)", f"{one / 1e6:,.0f} M", "1.00x"]]
        for size in (s for s in files if s <= 1000):
            count = instructions(batch, files[size])
            rows.append([f"{size:,} (stdin)", f"{count / 1e6:,.0f} M", f"{count / one:.2f}x"])
        print("\ninstructions (callgrind, one run each)\n")
        print(markdown_table(["queries", "instructions", "ratio to one look-up"], rows))


if __name__ == "__main__":
    main()
